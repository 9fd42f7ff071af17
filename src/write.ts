import fs from "node:fs";
import path from "node:path";

/** Writes a (possibly new) file through a temporary file and a rename. */
export function writeAtomicNew(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    // a new file
  }
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}
