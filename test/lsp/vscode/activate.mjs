// Activates the packaged VS Code extension outside VS Code: `vscode` is a stand-in whose every API is a
// no-op, so the extension and its bundled language client run as in the editor up to the server (the
// client forks it and performs the `initialize` handshake; documents are never opened here). Prints
// `fork <module> <args>` when the client starts the server, `activated` once the client's start() resolved
// (the server answered `initialize`), then the providers the client registered from the server's
// capabilities. Usage: node activate.mjs <unpacked extension dir>
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const Module = require("node:module");
const cp = require("node:child_process");
const calls = new Set();

function stub(name) {
  return new Proxy(function () {}, {
    get(_t, p) {
      if (p === "then") return undefined;
      if (p === Symbol.toPrimitive || p === "toString") return () => name;
      if (p === Symbol.iterator) return function* () {};
      return stub(`${name}.${String(p)}`);
    },
    apply() {
      calls.add(name);
      if (name.endsWith("getConfiguration")) return { get: (_k, d) => d };
      return stub(`${name}()`);
    },
    construct() {
      calls.add(`new ${name}`);
      return stub(`new ${name}`);
    },
  });
}

// the module marks itself as an ES module's namespace, so the client's loader uses it as it is: every name
// it asks for (namespaces, classes to extend, enums) is a stand-in
const value = (p) => (p === "__esModule" ? true : p === "version" ? "1.91.0" : p === "then" ? undefined : stub(`vscode.${String(p)}`));
// own names too, for a bundler's namespace copy (the extension's own `import * as vscode`)
const OWN = ["__esModule", "version", "commands", "workspace", "window", "languages", "env", "extensions", "Uri"];
const vscode = new Proxy(
  {},
  {
    get: (_t, p) => value(p),
    ownKeys: () => OWN,
    getOwnPropertyDescriptor: (_t, p) => (OWN.includes(p) ? { value: value(p), enumerable: true, configurable: true, writable: false } : undefined),
  },
);
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? vscode : load.call(this, request, ...rest);
};
const fork = cp.fork;
cp.fork = (module, args, ...rest) => {
  process.stdout.write(`fork ${module} ${JSON.stringify(args)}\n`);
  return fork.call(cp, module, args, ...rest);
};

const dir = path.resolve(process.argv[2]);
const ext = require(path.join(dir, "out", "extension.js"));
const context = { subscriptions: [], asAbsolutePath: (p) => path.join(dir, p), extensionPath: dir };
const timer = setTimeout(() => {
  process.stdout.write("timed out\n");
  process.exit(1);
}, 30_000);
ext.activate(context).then(
  async () => {
    process.stdout.write(`activated\n${[...calls].filter((c) => /^vscode\.(commands|languages)\./.test(c)).join("\n")}\n`);
    clearTimeout(timer);
    await ext.deactivate();
    process.exit(0);
  },
  (e) => {
    process.stdout.write(`activate failed: ${e?.message ?? e}\n`);
    process.exit(1);
  },
);
