import { IMAGES, PROGRAMS, type ImageEntry } from "./data.js";
import type { KnowledgeEntry, Verdict } from "./types.js";

export type { KnowledgeEntry, Verdict } from "./types.js";
export type { ImageEntry } from "./data.js";

/** Knowledge base: built-in entries plus a user's extensions (config), user entries first. */
export class KnowledgeBase {
  private programs = new Map<string, KnowledgeEntry>();
  private images: ImageEntry[];

  constructor(
    /** the user's own entries (configuration), kept so the base can be rebuilt in a worker thread */
    readonly extraPrograms: KnowledgeEntry[] = [],
    readonly extraImages: ImageEntry[] = [],
  ) {
    for (const p of [...PROGRAMS, ...extraPrograms]) this.programs.set(p.name, p);
    this.images = [...extraImages, ...IMAGES];
  }

  /** What a program (argv[0]) is. Any program not listed is an application: a non-reaper. */
  program(argv0: string): KnowledgeEntry {
    const base = basename(argv0);
    const hit = this.programs.get(base);
    if (hit) return hit;
    if (argv0 === "/init") {
      return { name: "/init", verdict: "s6", source: "https://github.com/just-containers/s6-overlay#the-docker-way" };
    }
    return {
      name: base,
      verdict: "non-reaper",
      note: "an application binary: it waits only for the children it started",
      source: "measured: PID 1 lab (test/lab)",
    };
  }

  /** Whether the knowledge base lists this program. */
  knows(argv0: string): boolean {
    return this.programs.has(basename(argv0));
  }

  isInit(argv0: string): boolean {
    const v = this.programs.get(basename(argv0))?.verdict;
    return v === "init" || argv0 === "/init";
  }

  /** What an image runs as PID 1, by its reference (registry, tag and digest are ignored). */
  image(ref: string): ImageEntry | null {
    const repo = imageRepository(ref);
    for (const e of this.images) {
      if (matchImage(e.name, repo)) return e;
    }
    return null;
  }
}

export function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i === -1 ? p : p.slice(i + 1);
}

/** `docker.io/library/nginx:1.27@sha256:…` → `nginx`; `lscr.io/linuxserver/radarr:5` → `lscr.io/linuxserver/radarr`. */
export function imageRepository(ref: string): string {
  let r = ref.trim().toLowerCase();
  const at = r.indexOf("@");
  if (at !== -1) r = r.slice(0, at);
  const lastSlash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > lastSlash) r = r.slice(0, colon);
  r = r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  r = r.replace(/^library\//, "");
  return r;
}

export function imageTag(ref: string): string {
  const at = ref.indexOf("@");
  const r = at === -1 ? ref : ref.slice(0, at);
  const lastSlash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  return colon > lastSlash ? r.slice(colon + 1) : "latest";
}

function matchImage(pattern: string, repo: string): boolean {
  if (pattern.endsWith("/*")) return repo.startsWith(pattern.slice(0, -1));
  return pattern === repo;
}

/** Whether an image reference is based on busybox tools (Alpine, busybox): `timeout` orphans its watchdog there. */
export function isBusyboxImage(kb: KnowledgeBase, ref: string): boolean {
  const e = kb.image(ref);
  if (e?.busybox) return true;
  return /(^|[-_.:])(alpine|musl|busybox)([-_.0-9]|$)/.test(imageTag(ref)) || /(^|\/)alpine$/.test(imageRepository(ref));
}

export const VERDICT_WORDS: Record<Verdict, string> = {
  init: "an init",
  reaper: "reaps orphans",
  "non-reaper": "does not reap orphans",
  s6: "s6-overlay (must be PID 1)",
  shell: "a shell",
  unknown: "unknown",
};
