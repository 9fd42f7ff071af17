// A fast reading of a Dockerfile's instructions for plain files: the same instructions, keywords, ranges,
// argument ranges and flags that dockerfile-ast gives, computed on offsets in one pass over the text, without
// its objects (a TextDocument, positions and ranges for every word, one class instance per instruction, and
// a JSON parse of every exec-form instruction). dockerfile-ast was about a tenth of the time of a large run.
//
// It follows dockerfile-ast 0.7's own algorithm (lib/parser.js: parser directives, processInstruction,
// processArguments, processComment; lib/instruction.js: getRawArguments; lib/modifiableInstruction.js:
// getFlags and getArguments; each keyword's stopSearchingForFlags), quirks included, for the files it takes,
// and returns null for the rest, which dockerfile-ast then reads as before:
// - a byte-order mark, a carriage return anywhere (positions differ on `\r\n`), or an escape directive that
//   makes the backquote the escape character;
// - `<<` anywhere (dockerfile-ast skips heredoc bodies by its own rules).
// test/parse/dockerfile-fast.test.ts compares the two on every Dockerfile of the repository and on seeded
// mutations of them.

/** One instruction, as src/parse/dockerfile.ts reads it (offsets into the text). */
export interface ScannedInstruction {
  /** the keyword as written, upper-cased */
  keyword: string;
  /** from the keyword to the end of its last line (the newline excluded) */
  start: number;
  end: number;
  /** 0-based line of `start` */
  line0: number;
  /** from the first argument to the end of the last one, flags excluded where dockerfile-ast excludes them; null when none */
  args: { start: number; end: number } | null;
  /** `--name[=value]` flags (read for FROM, COPY and ADD only; empty for the other keywords) */
  flags: { name: string; value: string | null }[];
}

export interface ScannedDockerfile {
  escape: string;
  instructions: ScannedInstruction[];
}

/** Keywords whose flags the model reads (both readers give flags for these only). */
export const FLAGGED: ReadonlySet<string> = new Set(["FROM", "COPY", "ADD"]);

/** How dockerfile-ast's instruction class for a keyword decides where its flags stop; null: no flags (plain Instruction). */
function flagStop(keyword: string): ((arg: string) => boolean) | null {
  switch (keyword) {
    case "FROM":
    case "COPY":
    case "ADD":
    case "RUN":
      return (arg) => arg.indexOf("--") === -1;
    case "HEALTHCHECK":
      return (arg) => {
        const a = arg.toUpperCase();
        return a === "CMD" || a === "NONE";
      };
    case "CMD":
    case "ENTRYPOINT":
    case "SHELL":
    case "VOLUME":
      // JSON-form instructions: no flags
      return () => true;
    default:
      return null;
  }
}

interface Word {
  value: string;
  start: number;
  end: number;
}

/** The instructions of a Dockerfile, or null when the text is not one this reader takes (see above). */
export function scanDockerfile(text: string): ScannedDockerfile | null {
  if (text.includes("\r") || text.includes("<<") || text.charCodeAt(0) === 0xfeff) return null;
  // dockerfile-ast starts reading after the directives' lines; they are comment lines, which it skips anyway
  for (const d of parserDirectives(text)) if (d.name.toLowerCase() === "escape" && d.value === "`") return null;
  const esc = "\\";
  const instructions: ScannedInstruction[] = [];
  let line = 0;
  let counted = 0;
  const lineOf = (at: number): number => {
    // offsets only grow: count the newlines since the last call
    for (let i = counted; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    counted = at;
    return line;
  };
  const add = (keyword: string, start: number, instructionEnd: number, end: number): void => {
    const upper = keyword.toUpperCase();
    const words = rawArguments(text, instructionEnd, end, esc);
    const stop = flagStop(upper);
    const flags: { name: string; value: string | null }[] = [];
    if (stop) {
      for (const w of words) {
        if (stop(w.value)) break;
        if (w.value.indexOf("--") !== 0) continue;
        const raw = text.slice(w.start, w.end);
        const value = w.value;
        const nameIndex = value.indexOf("=");
        const index = raw.indexOf("=");
        if (index === -1) flags.push({ name: value.substring(2), value: null });
        else if (index === value.length - 1) flags.push({ name: value.substring(2, index), value: "" });
        else flags.push({ name: value.substring(2, nameIndex), value: value.substring(nameIndex + 1) });
      }
    }
    const args = words.slice(flags.length);
    instructions.push({
      keyword: upper,
      start,
      end,
      line0: lineOf(start),
      args: args.length ? { start: args[0]!.start, end: args[args.length - 1]!.end } : null,
      flags: FLAGGED.has(upper) ? flags : [],
    });
  };

  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") continue;
    if (c === "#") {
      i = commentEnd(text, i);
      continue;
    }
    i = instruction(text, i, esc, add);
  }
  return { escape: esc, instructions };
}

/** dockerfile-ast's processComment: the offset of the comment's end (its newline, or the end of the text). */
function commentEnd(text: string, start: number): number {
  const nl = text.indexOf("\n", start + 1);
  return nl === -1 ? text.length : nl;
}

/** dockerfile-ast's getParserDirectives (no carriage returns: the caller declined them). */
function parserDirectives(buffer: string): { name: string; value: string }[] {
  const directives: { name: string; value: string }[] = [];
  directiveCheck: for (let i = 0; i < buffer.length; i++) {
    switch (buffer[i]) {
      case " ":
      case "\t":
        break;
      case "\n":
        break directiveCheck;
      case "#": {
        let directiveStart = -1;
        let directiveEnd = -1;
        for (let j = i + 1; j < buffer.length; j++) {
          const char = buffer[j];
          switch (char) {
            case " ":
            case "\t":
              if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
              break;
            case "\n":
              break directiveCheck;
            case "=": {
              let valueStart = -1;
              let valueEnd = -1;
              if (directiveEnd === -1) directiveEnd = j;
              let lineEnd = buffer.length;
              directiveValue: for (let k = j + 1; k < buffer.length; k++) {
                switch (buffer[k]) {
                  case "\n":
                    if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                    lineEnd = k;
                    break directiveValue;
                  case "\t":
                  case " ":
                    if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                    continue;
                  default:
                    if (valueStart === -1) valueStart = k;
                    break;
                }
              }
              if (directiveStart === -1) break directiveCheck;
              if (valueStart === -1) {
                valueStart = j + 1;
                valueEnd = lineEnd;
              } else if (valueEnd === -1) valueEnd = buffer.length;
              directives.push({ name: buffer.substring(directiveStart, directiveEnd), value: buffer.substring(valueStart, valueEnd) });
              i = valueEnd;
              continue directiveCheck;
            }
            default:
              if (directiveStart === -1) directiveStart = j;
              break;
          }
        }
        break;
      }
      default:
        break directiveCheck;
    }
  }
  return directives;
}

type Add = (keyword: string, start: number, instructionEnd: number, end: number) => void;

/** dockerfile-ast's processInstruction: reads the keyword and hands the instruction to `add`; returns where it ends. */
function instruction(buffer: string, start: number, esc: string, add: Add): number {
  let keyword = buffer[start]!;
  let instructionEnd = -1;
  let escapedInstruction = false;
  instructionCheck: for (let i = start + 1; i < buffer.length; i++) {
    let char = buffer[i]!;
    switch (char) {
      case esc:
        escapedInstruction = true;
        char = buffer.charAt(i + 1);
        if (char === "\n") {
          if (instructionEnd === -1) instructionEnd = i;
          i++;
        } else if (char === " " || char === "\t") {
          for (let j = i + 2; j < buffer.length; j++) {
            switch (buffer[j]) {
              case " ":
              case "\t":
                break;
              case "\n":
                i = j;
                continue instructionCheck;
              default:
                instructionEnd = i + 1;
                keyword = keyword + esc;
                i = j - 2;
                continue instructionCheck;
            }
          }
          instructionEnd = i + 1;
          keyword = keyword + esc;
          break instructionCheck;
        } else {
          instructionEnd = i + 1;
          keyword = keyword + esc;
          escapedInstruction = false;
        }
        break;
      case " ":
      case "\t": {
        if (escapedInstruction) {
          escapeCheck: for (let j = i + 1; j < buffer.length; j++) {
            switch (buffer[j]) {
              case " ":
              case "\t":
                break;
              case "\n":
                i = j;
                continue instructionCheck;
              default:
                break escapeCheck;
            }
          }
          escapedInstruction = false;
        }
        if (instructionEnd === -1) instructionEnd = i;
        const end = argumentsEnd(buffer, i, esc);
        add(keyword, start, instructionEnd, end);
        return end;
      }
      case "\n":
        if (escapedInstruction) continue;
        if (instructionEnd === -1) instructionEnd = i;
        add(keyword, start, i, i);
        return i;
      case "#":
        if (escapedInstruction) continue;
        instructionEnd = i + 1;
        keyword = keyword + char;
        escapedInstruction = false;
        break;
      default:
        instructionEnd = i + 1;
        keyword = keyword + char;
        escapedInstruction = false;
        break;
    }
  }
  if (instructionEnd === -1) instructionEnd = buffer.length;
  add(keyword, start, instructionEnd, buffer.length);
  return buffer.length;
}

/** dockerfile-ast's processArguments (heredocs declined by the caller): the offset of the instruction's end. */
function argumentsEnd(buffer: string, offset: number, esc: string): number {
  let escaped = false;
  argumentsCheck: for (let i = offset + 1; i < buffer.length; i++) {
    const c = buffer[i]!;
    if (c === "\n") {
      if (escaped) continue;
      return i;
    }
    if (c === esc) {
      const next = buffer.charAt(i + 1);
      if (next === "\n") {
        escaped = true;
        i++;
      } else if (next === " " || next === "\t") {
        for (let j = i + 2; j < buffer.length; j++) {
          switch (buffer[j]) {
            case " ":
            case "\t":
              break;
            case "\n":
              escaped = true;
              i = j;
              continue argumentsCheck;
            default:
              i = j;
              continue argumentsCheck;
          }
        }
        return buffer.length;
      }
      continue;
    }
    if (c === "#") {
      if (escaped) {
        i = commentEnd(buffer, i);
        continue;
      }
      continue;
    }
    if (c === " " || c === "\t") continue;
    escaped = false;
  }
  return buffer.length;
}

/** dockerfile-ast's getRawArguments over text[from, to): each word's value (escapes applied) and offsets. */
function rawArguments(text: string, from: number, to: number, esc: string): Word[] {
  const args: Word[] = [];
  const fullArgs = text.slice(from, to);
  const offset = from;
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  let escapedArg = "";
  // characters appended one by one are kept as a run of the text [runStart, runEnd) and added in one slice: a
  // string built a character at a time allocates at every character
  let runStart = -1;
  let runEnd = -1;
  const value = (): string => {
    if (runStart !== -1) {
      escapedArg += fullArgs.slice(runStart, runEnd);
      runStart = -1;
    }
    return escapedArg;
  };
  for (let i = 0; i < fullArgs.length; i++) {
    const char = fullArgs[i]!;
    if (char === " " || char === "\t" || char === "\n") {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === "\n") {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        args.push({ value: value(), start: offset + found, end: offset + (escapeMarker === -1 ? i : escapeMarker) });
        escapeMarker = -1;
        escapedArg = "";
        found = -1;
      }
    } else if (char === esc) {
      const next = fullArgs.charAt(i + 1);
      if (next === " " || next === "\t") {
        whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
          switch (fullArgs[j]) {
            case " ":
            case "\t":
              continue;
            case "\n":
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === "\n") {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          args.push({ value: value(), start: offset + found, end: offset + escapeMarker });
          escapedArg = "";
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === "$") escapedArg = value() + char + next;
        else if (next === "") break;
        else escapedArg = value() + next;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === "#") comment = true;
      else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          args.push({ value: value(), start: offset + found, end: offset + escapeMarker });
          escapedArg = "";
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        if (runStart === -1 || runEnd !== i) {
          value();
          runStart = i;
        }
        runEnd = i + 1;
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) args.push({ value: value(), start: offset + found, end: offset + (escapeMarker === -1 ? fullArgs.length : escapeMarker) });
  return args;
}
