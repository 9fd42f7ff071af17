// Variants that many images share.
import type { ImageVariant } from "../types.js";

/** `-alpine`, `-alpine3.20`: busybox userland. */
export const ALPINE: ImageVariant = { id: "alpine", tags: ["alpine"], busybox: true };

/** GitHub blob URL at a commit: `gh("docker-library/postgres", "6edb0a8…", "18/trixie/Dockerfile")`. */
export function gh(repo: string, commit: string, path: string): string {
  return `https://github.com/${repo}/blob/${commit}/${path}`;
}
