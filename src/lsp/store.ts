// The file store of one lint in the language server: open editor buffers override the files on disk,
// and every path the model asked for is recorded, so that an edit of any of them (or the creation of a
// file it looked for) re-lints the project.
import { FileStore, MAX_FILE_BYTES, MAX_PARSED_BYTES, MAX_YAML_BYTES, type ReadResult } from "../files.js";
import type { FileKind } from "../types.js";

export class BufferStore extends FileStore {
  /** every path read, looked up or tested (the real path and the path asked for) */
  readonly touched = new Set<string>();

  constructor(
    cwd: string,
    roots: string[],
    /** absolute path → text of the open buffer (only buffers that differ from disk need be here) */
    private readonly buffers: (absPath: string) => string | undefined,
  ) {
    super(cwd, roots);
  }

  override read(absPath: string, kind: FileKind): ReadResult {
    this.touch(absPath);
    if (this.get(absPath) === undefined) {
      const text = this.buffers(absPath) ?? this.buffers(this.keyOf(absPath));
      // a buffer is read as its file would be: inside the linted paths and within the size limits
      if (text !== undefined && this.contains(absPath) && text.length <= limitFor(kind)) this.override(absPath, text);
    }
    return super.read(absPath, kind);
  }

  override contains(absPath: string): boolean {
    this.touch(absPath);
    return super.contains(absPath);
  }

  override isDirectory(absPath: string): boolean {
    this.touch(absPath);
    return super.isDirectory(absPath);
  }

  private touch(absPath: string): void {
    if (this.touched.has(absPath)) return;
    this.touched.add(absPath);
    this.touched.add(this.keyOf(absPath));
  }
}

function limitFor(kind: FileKind): number {
  return kind === "compose" || kind === "workflow" ? MAX_YAML_BYTES : kind === "other" ? MAX_FILE_BYTES : MAX_PARSED_BYTES;
}
