// `compose-lint lsp`: the Language Server Protocol over stdio. Live diagnostics across files (compose file →
// Dockerfile → scripts), quick fixes (the fixer's own edits), "disable for this line", fix all safe problems
// (the same bytes as `--fix`), and the PID 1 chain on hover.
import fs from "node:fs";
import path from "node:path";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fix } from "../fix/apply.js";
import { TOOL_NAME, VERSION } from "../version.js";
import { pathToUri, uriToPath } from "./convert.js";
import { disableEdit, textEdits } from "./edits.js";
import { hoverAt } from "./hover.js";
import { BufferStore } from "./store.js";
import { DEFAULT_SETTINGS, Workspace, type Buffer, type Root, type WorkspaceSettings } from "./workspace.js";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${TOOL_NAME}`;

interface FixAllData {
  fixAll: true;
  uri: string;
}

/** Options a client may pass in `initializationOptions`. */
interface InitOptions {
  debounceMs?: number;
  maxModels?: number;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "request cancelled");
}

/** Waits for `p`, or fails with RequestCancelled as soon as the client cancels the request. */
function untilCancelled<T>(p: Promise<T>, token: CancellationToken): Promise<T> {
  if (token.isCancellationRequested) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      reject(cancelled());
    });
    p.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      (e: unknown) => {
        sub.dispose();
        reject(e);
      },
    );
  });
}

function kindWanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function stripBom(t: string): string {
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(input, output);
  const documents = new TextDocuments(TextDocument);
  /** open buffers by absolute path, and by real path when it differs */
  const buffers = new Map<string, TextDocument>();
  let capabilities: ClientCapabilities = {};
  let settings: WorkspaceSettings = { ...DEFAULT_SETTINGS };
  let ws: Workspace | null = null;
  const rootDirs: string[] = [];

  const bufferOf = (abs: string): Buffer | undefined => {
    const d = buffers.get(abs);
    return d ? { uri: d.uri, version: d.version, text: d.getText() } : undefined;
  };
  const workspace = (): Workspace => {
    if (!ws) throw new ResponseError(ErrorCodes.ServerNotInitialized, "the server is not initialized");
    return ws;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    const opts = (params.initializationOptions ?? {}) as InitOptions;
    if (typeof opts.debounceMs === "number" && opts.debounceMs >= 0) settings.debounceMs = opts.debounceMs;
    if (typeof opts.maxModels === "number" && opts.maxModels >= 1) settings.maxModels = Math.floor(opts.maxModels);
    settings = { ...settings };
    for (const f of params.workspaceFolders ?? []) {
      const p = uriToPath(f.uri);
      if (p) rootDirs.push(p);
    }
    if (!rootDirs.length) {
      const p = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? null);
      if (p) rootDirs.push(path.resolve(p));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: TOOL_NAME, version: VERSION },
    };
  });

  connection.onInitialized(() => {
    ws = new Workspace(
      {
        buffer: bufferOf,
        publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
        log: (m) => connection.console.log(m),
        error: (m) => connection.console.error(m),
        relatedInformation: capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
      },
      settings,
    );
    for (const d of rootDirs) ws.addRoot(d);
    for (const doc of documents.all()) opened(doc);
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*" }] }).catch(() => undefined);
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) {
          const p = uriToPath(f.uri);
          if (p) ws!.removeRoot(p);
        }
        for (const f of e.added) {
          const p = uriToPath(f.uri);
          if (p) ws!.addRoot(p);
        }
      });
    }
  });

  const keysOf = (abs: string): string[] => {
    let real = abs;
    try {
      real = fs.realpathSync.native(abs);
    } catch {
      // not on disk (yet)
    }
    return real === abs ? [abs] : [abs, real];
  };
  const opened = (doc: TextDocument): void => {
    const p = uriToPath(doc.uri);
    if (!p) return;
    for (const k of keysOf(p)) buffers.set(k, doc);
    if (!ws) return;
    ws.rootFor(p);
    ws.changed(p, "open");
  };

  documents.onDidOpen((e) => opened(e.document));
  documents.onDidChangeContent((e) => {
    const p = uriToPath(e.document.uri);
    if (!p || !ws) return;
    // the open event came first; later ones are edits
    if (buffers.get(p) === e.document) ws.changed(p, "edit");
  });
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    for (const k of keysOf(p)) if (buffers.get(k) === e.document) buffers.delete(k);
    if (!ws) return;
    ws.closed(p);
    ws.changed(p, "close");
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!ws) return;
    for (const c of params.changes) {
      const p = uriToPath(c.uri);
      if (!p || p.split(path.sep).some((part) => part === ".git" || part === "node_modules")) continue;
      ws.changed(p, c.type === FileChangeType.Created ? "created" : c.type === FileChangeType.Deleted ? "deleted" : "disk");
    }
  });

  connection.onHover(async (params: HoverParams, token) => {
    const w = workspace();
    const file = uriToPath(params.textDocument.uri);
    if (!file) return null;
    const line = params.position.line;
    await untilCancelled(w.whenIdle(), token);
    for (const p of w.projectsOf(file)) {
      if (p.broken.has(file)) continue;
      const model = await untilCancelled(w.modelOf(p), token);
      const h = model ? hoverAt(model, file, line, p.diagnostics) : null;
      if (h) return h;
    }
    return null;
  });

  const documentChanges = (): boolean => capabilities.workspace?.workspaceEdit?.documentChanges === true;
  const workspaceEdit = (byPath: Map<string, LspTextEdit[]>): WorkspaceEdit => {
    if (documentChanges()) {
      return {
        documentChanges: [...byPath].map(([p, edits]) => {
          const b = bufferOf(p);
          return { textDocument: { uri: b?.uri ?? pathToUri(p), version: b ? b.version : null }, edits };
        }),
      };
    }
    const changes: Record<string, LspTextEdit[]> = {};
    for (const [p, edits] of byPath) changes[bufferOf(p)?.uri ?? pathToUri(p)] = edits;
    return { changes };
  };

  /** `compose-lint --fix` over the root, with the open buffers: the edits that turn each file into the fixer's bytes. */
  const fixAllEdit = async (root: Root, token: CancellationToken): Promise<WorkspaceEdit | null> => {
    const store = new BufferStore(root.dir, ["."], (abs) => bufferOf(abs)?.text);
    const r = await fix(["."], { ...root.options, unsafe: false, dryRun: true }, store);
    if (token.isCancellationRequested) throw cancelled();
    const byPath = new Map<string, LspTextEdit[]>();
    for (const c of r.changes) {
      const before = stripBom(c.before);
      const now = bufferOf(c.path)?.text ?? fs.readFileSync(c.path, "utf8");
      // changed since the fixer read it: no edit rather than a wrong one
      if (stripBom(now) !== before) continue;
      byPath.set(c.path, textEdits(before, stripBom(c.after)));
    }
    return byPath.size ? workspaceEdit(byPath) : null;
  };

  connection.onCodeAction(async (params: CodeActionParams, token): Promise<CodeAction[]> => {
    const w = workspace();
    const file = uriToPath(params.textDocument.uri);
    if (!file) return [];
    await untilCancelled(w.whenIdle(), token);
    const only = params.context.only;
    const doc = bufferOf(file);
    const { start, end } = params.range;
    const actions: CodeAction[] = [];
    const disabled = new Set<string>();
    let fixable = 0;
    for (const { project, entry } of w.entriesOf(file)) {
      if (doc && project.versions.get(file) !== undefined && project.versions.get(file) !== doc.version) continue;
      const r = entry.lsp.range;
      const hit = !(r.end.line < start.line || (r.end.line === start.line && r.end.character < start.character) || r.start.line > end.line || (r.start.line === end.line && r.start.character > end.character));
      if (entry.d.fix?.safety === "safe" && entry.fix) fixable++;
      if (!hit) continue;
      if (entry.fix && entry.d.fix && kindWanted(CodeActionKind.QuickFix, only)) {
        const unsafe = entry.d.fix.safety === "unsafe";
        actions.push({
          title: unsafe ? `${entry.d.fix.title} (unsafe fix: it may change more than PID 1, review it)` : entry.d.fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [entry.lsp],
          isPreferred: !unsafe,
          edit: workspaceEdit(entry.fix),
        });
      }
      const key = `${entry.d.rule}\0${r.start.line}`;
      if (kindWanted(CodeActionKind.QuickFix, only) && !entry.hosted && entry.d.rule !== "unused-suppression" && !disabled.has(key)) {
        disabled.add(key);
        const text = doc?.text ?? readOr(file);
        const edit = text === null ? null : await disableEdit(stripBom(text), entry.kind, file, r.start.line + 1, entry.d.rule);
        if (token.isCancellationRequested) throw cancelled();
        if (edit) {
          actions.push({
            title: `Disable ${entry.d.rule} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [entry.lsp],
            edit: workspaceEdit(new Map([[file, [edit]]])),
          });
        }
      }
    }
    if (fixable > 0 && kindWanted(FIX_ALL_KIND, only)) {
      const root = w.rootFor(file);
      const action: CodeAction = { title: `Fix all safe ${TOOL_NAME} problems (as --fix)`, kind: FIX_ALL_KIND, data: { fixAll: true, uri: params.textDocument.uri } satisfies FixAllData };
      // computed now when asked for explicitly (on save) or when the client cannot resolve it later
      const resolvable = capabilities.textDocument?.codeAction?.resolveSupport?.properties?.includes("edit") === true;
      if (!resolvable || only?.some((o) => o.startsWith(CodeActionKind.SourceFixAll))) {
        const edit = await untilCancelled(fixAllEdit(root, token), token);
        if (edit) actions.push({ ...action, edit, data: undefined });
      } else {
        actions.push(action);
      }
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action: CodeAction, token): Promise<CodeAction> => {
    const w = workspace();
    const data = action.data as FixAllData | undefined;
    if (!data?.fixAll) return action;
    const file = uriToPath(data.uri);
    if (!file) return action;
    await untilCancelled(w.whenIdle(), token);
    const edit = await untilCancelled(fixAllEdit(w.rootFor(file), token), token);
    return edit ? { ...action, edit } : action;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

function readOr(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** `compose-lint lsp`: serves on stdin/stdout until the client exits (stdout carries only protocol messages). */
export function runLanguageServer(): Promise<number> {
  // anything printed would break the protocol: route console output to stderr
  console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
  process.on("uncaughtException", (e) => process.stderr.write(`${TOOL_NAME} lsp: ${e?.stack ?? String(e)}\n`));
  process.on("unhandledRejection", (e) => process.stderr.write(`${TOOL_NAME} lsp: ${(e as Error)?.stack ?? String(e)}\n`));
  const connection = startServer(process.stdin, process.stdout);
  return new Promise((resolve) => connection.onExit(() => resolve(0)));
}
