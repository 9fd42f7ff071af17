/**
 * What a program or an image does as PID 1:
 * - `init`: reaps orphans and forwards signals (tini, dumb-init, catatonit, docker-init)
 * - `reaper`: a server that waits for any child (nginx master, postgres postmaster, gunicorn arbiter…)
 * - `non-reaper`: never waits for unknown children (node, python, java, Go and Rust binaries…)
 * - `s6`: s6-overlay's /init, which reaps but refuses to run unless it is PID 1
 * - `shell`: a shell that stays PID 1 (reaps while it waits, ignores SIGTERM)
 * - `unknown`: cannot be seen from the files (an image with no build context whose command is not known)
 */
export type Verdict = "init" | "reaper" | "non-reaper" | "s6" | "shell" | "unknown";

export interface KnowledgeEntry {
  /** program basename or image name pattern */
  name: string;
  verdict: Verdict;
  /** for images: the PID 1 program the image runs by default, shown in messages */
  program?: string;
  note?: string;
  /** where the fact comes from (URL or "measured: …") */
  source: string;
}
