// dockerfile-ast, loaded when a Dockerfile first needs it. Most Dockerfiles are read by the fast reader
// (dockerfile-fast.ts); dockerfile-ast reads only those it declines (heredocs, a CR, a BOM, a backquote escape).
// Loading the package and its protocol types at every start cost each run ~2-3 ms and put their code in the
// CLI's code cache. In the CLI bundle and the API build, scripts/build.mjs replaces this module's body with a
// lazy require of the bundled package (the built files have no node_modules beside them).
import { createRequire } from "node:module";
import type * as DockerfileAst from "dockerfile-ast";

export type DockerfileAstModule = typeof DockerfileAst;

let loaded: DockerfileAstModule | null = null;

export function dockerfileAst(): DockerfileAstModule {
  return (loaded ??= createRequire(import.meta.url)("dockerfile-ast") as DockerfileAstModule);
}
