import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import "./chunk-Y6MHYMOS.js";

// src/write.ts
import fs from "node:fs";
import path from "node:path";
function writeAtomicNew(file, text) {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let mode = 420;
  try {
    mode = fs.statSync(file).mode & 4095;
  } catch {
  }
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}
export {
  writeAtomicNew
};
