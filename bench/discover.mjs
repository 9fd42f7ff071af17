// Compose file discovery shared by the floors: the same names dclint looks for
// (compose*.yml|yaml, docker-compose*.yml|yaml), recursing into directories, skipping node_modules and .git.
import fs from "node:fs";
import path from "node:path";

export const COMPOSE_NAME = /^(?:docker-)?compose.*\.ya?ml$/u;
const SKIP = new Set(["node_modules", ".git"]);

export function findComposeFiles(paths) {
  const out = [];
  const walk = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(p);
      } else if (e.isFile() && COMPOSE_NAME.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    const st = fs.statSync(p);
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}
