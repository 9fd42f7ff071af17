// A minimal LSP client for the tests and the benchmark: starts `compose-lint lsp` (the bundle in dist/) as a
// child process and speaks JSON-RPC to it over its stdin/stdout with vscode-jsonrpc.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
export interface LspDiagnostic {
  range: LspRange;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: LspRange }; message: string }[];
}
export interface LspTextEdit {
  range: LspRange;
  newText: string;
}
export interface WorkspaceEdit {
  changes?: Record<string, LspTextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: LspTextEdit[] }[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: LspDiagnostic[];
  edit?: WorkspaceEdit;
  data?: unknown;
}

export const uriOf = (p: string): string => pathToFileURL(p).href;

export interface ClientOptions {
  cli: string;
  root: string;
  initializationOptions?: Record<string, unknown>;
  /** client capabilities beyond the defaults */
  capabilities?: Record<string, unknown>;
  /** more workspace folders after `root` */
  folders?: string[];
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  /** the last diagnostics published for each URI */
  readonly diagnostics = new Map<string, LspDiagnostic[]>();
  /** every publication, in order */
  readonly publications: { uri: string; diagnostics: LspDiagnostic[]; at: number }[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  stderr = "";

  constructor(private readonly opts: ClientOptions) {
    this.proc = spawn(process.execPath, [opts.cli, "lsp"], { cwd: opts.root, stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stderr!.on("data", (b: Buffer) => (this.stderr += b.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publications.push({ uri: p.uri, diagnostics: p.diagnostics, at: performance.now() });
      for (const w of this.waiters.splice(0)) {
        if (w.test()) w.resolve();
        else this.waiters.push(w);
      }
    });
    this.conn.onNotification("window/logMessage", (m: { message: string }) => {
      this.stderr += `[log] ${m.message}\n`;
    });
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onRequest("workspace/applyEdit", () => ({ applied: false }));
    this.conn.listen();
  }

  async initialize(): Promise<unknown> {
    const r = await this.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uriOf(this.opts.root),
      workspaceFolders: [this.opts.root, ...(this.opts.folders ?? [])].map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: this.opts.initializationOptions ?? {},
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          codeAction: { resolveSupport: { properties: ["edit"] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } } },
          hover: { contentFormat: ["markdown", "plaintext"] },
        },
        workspace: { workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        ...this.opts.capabilities,
      },
    });
    await this.conn.sendNotification("initialized", {});
    return r;
  }

  /** Resolves when `test` holds after some publication (or at once when it holds already). */
  waitFor(test: () => boolean, ms = 20_000, what = "diagnostics"): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = this.publications.map((p) => `${path.basename(p.uri)}: ${p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).join(",")}`).join("; ");
        reject(new Error(`timed out waiting for ${what}; publications: ${seen}; stderr: ${this.stderr.slice(-2000)}`));
      }, ms);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  diagnosticsOf(file: string): LspDiagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  open(file: string, text = fs.readFileSync(file, "utf8"), languageId = "plaintext"): void {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    void this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  /** Replaces the whole text of an open buffer (not saved). */
  change(file: string, text: string): void {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    this.texts.set(file, text);
    void this.conn.sendNotification("textDocument/didChange", { textDocument: { uri: uriOf(file), version: v }, contentChanges: [{ text }] });
  }

  close(file: string): void {
    this.versions.delete(file);
    this.texts.delete(file);
    void this.conn.sendNotification("textDocument/didClose", { textDocument: { uri: uriOf(file) } });
  }

  textOf(file: string): string | undefined {
    return this.texts.get(file);
  }

  hover(file: string, line: number, character = 0): Promise<{ contents: { kind: string; value: string }; range?: LspRange } | null> {
    return this.conn.sendRequest("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: { line, character } });
  }

  codeActions(file: string, range: LspRange, only?: string[], diagnostics: LspDiagnostic[] = []): Promise<CodeAction[]> {
    return this.conn.sendRequest("textDocument/codeAction", { textDocument: { uri: uriOf(file) }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.conn.sendRequest("codeAction/resolve", action);
  }

  /** Sends a request that the client then cancels; resolves with the server's answer (or its error). */
  async cancelled(method: string, params: unknown, afterMs = 20): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
    const source = new CancellationTokenSource();
    const p = this.conn.sendRequest(method, params, source.token);
    setTimeout(() => source.cancel(), afterMs);
    try {
      return { result: await p };
    } catch (e) {
      return { error: e as { code: number; message: string } };
    }
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.once("exit", (code) => resolve(code));
    });
    // a server that does not answer within 10 s is killed (and the test that asked fails on its exit code)
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), exited]);
      await this.conn.sendNotification("exit");
    } catch {
      // already gone
    }
    const code = await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

/** Applies protocol edits to a text (edits do not overlap; insertions at one point keep their order). */
export function applyLspEdits(text: string, edits: LspTextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") starts.push(i + 1);
    else if (text[i] === "\r" && text[i + 1] !== "\n") starts.push(i + 1);
  }
  const off = (p: LspPosition): number => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e, i) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText, i })).sort((a, b) => b.s - a.s || b.e - a.e || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

/** The edits of a workspace edit, by file path. */
export function editsByPath(edit: WorkspaceEdit | undefined): Map<string, LspTextEdit[]> {
  const out = new Map<string, LspTextEdit[]>();
  const add = (uri: string, edits: LspTextEdit[]): void => {
    const p = new URL(uri).pathname;
    out.set(decodeURIComponent(p), [...(out.get(decodeURIComponent(p)) ?? []), ...edits]);
  };
  for (const dc of edit?.documentChanges ?? []) add(dc.textDocument.uri, dc.edits);
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) add(uri, edits);
  return out;
}
