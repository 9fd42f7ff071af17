// The compose-lint extension: starts `compose-lint lsp` (the server bundled in server/, or the command set in
// `compose-lint.server.path`) for compose files, Dockerfiles, scripts and the files they read, and hands the
// editor's documents to it. Everything else (diagnostics across files, quick fixes, fix all, hover) is the
// server's.
import path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind } from "vscode-languageclient/node";

/** The files the server lints or reads, by name (and the languages other extensions give them). */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "dockercompose" },
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", language: "shellscript" },
  { scheme: "file", pattern: "**/{compose,docker-compose}*.{yml,yaml}" },
  { scheme: "file", pattern: "**/*.compose.{yml,yaml}" },
  { scheme: "file", pattern: "**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.Dockerfile,*.dockerfile,*.Containerfile}" },
  { scheme: "file", pattern: "**/*.{sh,bash}" },
  { scheme: "file", pattern: "**/{Makefile,makefile,GNUmakefile,*.mk}" },
  { scheme: "file", pattern: "**/.env" },
  { scheme: "file", pattern: "**/.compose-lint.{yml,yaml}" },
  { scheme: "file", pattern: "**/.github/workflows/*.{yml,yaml}" },
  { scheme: "file", pattern: "**/{.devcontainer.json,.devcontainer/devcontainer.json,.devcontainer/*/devcontainer.json}" },
  { scheme: "file", pattern: "**/{docker-bake*.hcl,docker-bake*.json,.gitlab-ci.yml,.gitlab-ci.yaml}" },
];

let client;

function serverOptions(context) {
  const config = vscode.workspace.getConfiguration("compose-lint");
  const custom = config.get("server.path", "").trim();
  if (custom) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
    const command = custom.replace(/\$\{workspaceFolder\}/g, folder);
    return { command, args: ["lsp"], transport: TransportKind.stdio };
  }
  // the bundled server runs on the editor's own Node.js
  const module = context.asAbsolutePath(path.join("server", "cli.js"));
  return { run: { module, args: ["lsp"], transport: TransportKind.stdio }, debug: { module, args: ["lsp"], transport: TransportKind.stdio } };
}

async function start(context) {
  const config = vscode.workspace.getConfiguration("compose-lint");
  client = new LanguageClient("compose-lint", "compose-lint", serverOptions(context), {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { debounceMs: config.get("debounceMs", 150) },
  });
  await client.start();
}

export async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("compose-lint.restartServer", async () => {
      if (client) await client.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("compose-lint.server.path") || e.affectsConfiguration("compose-lint.debounceMs")) {
        if (client) await client.stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate() {
  if (client) await client.stop();
}
