import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  FileStore,
  lint
} from "./chunk-XBP7SAZ3.js";
import "./chunk-Y6MHYMOS.js";

// src/fix/apply.ts
import fs from "node:fs";
import path from "node:path";
var MAX_PASSES = 10;
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
function wanted(d, unsafe) {
  return d.fix !== null && (d.fix.safety === "safe" || unsafe) && d.fix.edits.length > 0;
}
function selectFixes(ds, unsafe) {
  const editsByFile = /* @__PURE__ */ new Map();
  const picked = [];
  const overlaps = (a, b) => a.start < b.end && b.start < a.end ? true : a.start === b.start && a.end === b.end && a.start === a.end ? true : a.start === a.end && a.start > b.start && a.start < b.end;
  for (const d of ds) {
    if (!wanted(d, unsafe)) continue;
    const ok = d.fix.edits.every((e) => !(editsByFile.get(e.file) ?? []).some((o) => overlaps(e, o) || overlaps(o, e)));
    if (!ok) continue;
    picked.push(d);
    for (const e of d.fix.edits) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
  }
  return { picked, editsByFile };
}
function parseErrorsIn(r, file) {
  return r.diagnostics.filter((d) => d.rule === "parse-error" && d.path === file).length;
}
async function fix(paths, options) {
  const store = new FileStore(options.cwd, paths.length ? paths : ["."]);
  let result = await lint(paths, options, store);
  const inputs = result.inputs;
  const original = /* @__PURE__ */ new Map();
  const applied = [];
  const refused = [];
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    const { picked, editsByFile } = selectFixes(result.diagnostics, options.unsafe);
    if (picked.length === 0) break;
    const before = /* @__PURE__ */ new Map();
    for (const [file, edits] of editsByFile) {
      const src = store.get(file);
      if (!src) continue;
      if (!original.has(file)) original.set(file, { text: src.text, bom: src.bom, rel: src.rel });
      before.set(file, src.text);
      store.override(file, applyEdits(src.text, edits));
    }
    const next = await lint(paths, options, store, inputs);
    let reverted = false;
    for (const [file, text] of before) {
      if (parseErrorsIn(next, file) > parseErrorsIn(result, file)) {
        store.override(file, text);
        refused.push({ file: store.get(file)?.rel ?? file, reason: "a fix would have made the file unparseable; it was not applied" });
        reverted = true;
      }
    }
    for (const d of picked) {
      if (d.fix.edits.every((e) => before.has(e.file) && store.get(e.file)?.text !== before.get(e.file))) {
        applied.push({ rule: d.rule, title: d.fix.title, file: d.file, line: d.line });
      }
    }
    result = reverted ? await lint(paths, options, store, inputs) : next;
    if (reverted && [...before.keys()].every((f) => store.get(f)?.text === before.get(f))) break;
  }
  const changes = [];
  for (const [file, orig] of original) {
    const now = store.get(file);
    if (!now || now.text === orig.text) continue;
    const bom = orig.bom ? "\uFEFF" : "";
    changes.push({ path: file, rel: orig.rel, before: bom + orig.text, after: bom + now.text });
  }
  if (!options.dryRun) {
    for (const c of changes) {
      try {
        writeAtomic(c.path, c.after);
      } catch (e) {
        refused.push({ file: c.rel, reason: `could not write: ${e.code === "EACCES" || e.code === "EPERM" ? "permission denied" : e.message}` });
      }
    }
  }
  return { applied, changes, remaining: result, refused, passes };
}
function writeAtomic(file, text) {
  const st = fs.statSync(file);
  fs.accessSync(file, fs.constants.W_OK);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.compose-lint-${process.pid}-${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, "wx", st.mode & 4095);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.chmodSync(tmp, st.mode & 4095);
    try {
      fs.chownSync(tmp, st.uid, st.gid);
    } catch {
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
export {
  MAX_PASSES,
  applyEdits,
  fix,
  selectFixes,
  writeAtomic
};
