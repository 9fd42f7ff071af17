// Image references: `[registry/]path[:tag][@digest]`, with the registry names that mean Docker Hub
// folded away so that `docker.io/library/nginx`, `mirror.gcr.io/nginx` and `nginx` are one repository.
// Compose variables (`${TAG}`, `${TAG:-1.2}`) may stand anywhere; a `/` or `:` inside one is not a separator.

/** Registry hosts that are Docker Hub itself. */
export const DOCKER_HUB_HOSTS: readonly string[] = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "hub.docker.com"];

/** Registries that mirror Docker Hub under the same paths (`mirror.gcr.io/library/nginx`, `mirror.gcr.io/grafana/grafana`). */
export const DOCKER_HUB_MIRRORS: readonly string[] = ["mirror.gcr.io"];

/** Registry prefixes that mirror Docker Hub's official images only (`public.ecr.aws/docker/library/nginx`). */
export const OFFICIAL_IMAGE_MIRRORS: readonly string[] = ["public.ecr.aws/docker/library/"];

export interface ImageRef {
  /** the reference as written */
  raw: string;
  /** canonical repository: Docker Hub's registry and `library/` removed, lower case (`nginx`, `grafana/grafana`, `ghcr.io/acme/app`) */
  repository: string;
  /** the registry host when it is not Docker Hub, else null */
  registry: string | null;
  /** the tag with variables removed (a variable's default kept); null when there is none or only `latest` */
  tag: string | null;
  /** the tag was written with a variable */
  tagVariable: boolean;
  digest: string | null;
}

/** Splits a reference into repository, tag and digest. */
export function parseImageRef(ref: string): ImageRef {
  let r = ref.trim();
  // a whole reference given as `${IMAGE:-nginx:1.27}` stands for its default
  const whole = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.+)\}$/.exec(r);
  if (whole && balanced(whole[1]!)) r = whole[1]!;
  let digest: string | null = null;
  const at = topLevelIndexOf(r, "@");
  if (at !== -1) {
    digest = r.slice(at + 1);
    r = r.slice(0, at);
  }
  let tagText: string | null = null;
  const lastSlash = topLevelLastIndexOf(r, "/");
  const colon = topLevelIndexOf(r, ":", lastSlash + 1);
  if (colon !== -1) {
    tagText = r.slice(colon + 1);
    r = r.slice(0, colon);
  }
  const tagVariable = tagText !== null && tagText.includes("$");
  let tag = tagText === null ? null : expandDefaults(tagText);
  if (tag === "" || tag === "latest") tag = null;
  const { repository, registry } = canonicalRepository(r);
  return { raw: ref, repository, registry, tag, tagVariable, digest };
}

/** `docker.io/library/nginx:1.27@sha256:…` → `nginx`; `lscr.io/linuxserver/radarr:5` → `lscr.io/linuxserver/radarr`. */
export function imageRepository(ref: string): string {
  return parseImageRef(ref).repository;
}

/** The tag of a reference (variables removed), `latest` when there is none. */
export function imageTag(ref: string): string {
  return parseImageRef(ref).tag ?? "latest";
}

function canonicalRepository(path: string): { repository: string; registry: string | null } {
  let p = path.toLowerCase().replace(/\/+$/, "");
  for (const prefix of OFFICIAL_IMAGE_MIRRORS) {
    if (p.startsWith(prefix)) return { repository: p.slice(prefix.length), registry: null };
  }
  const slash = p.indexOf("/");
  let registry: string | null = null;
  if (slash !== -1) {
    const first = p.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      p = p.slice(slash + 1);
    }
  }
  if (registry !== null && (DOCKER_HUB_HOSTS.includes(registry) || DOCKER_HUB_MIRRORS.includes(registry))) registry = null;
  if (registry === null && p.startsWith("library/") && p.indexOf("/", 8) === -1) p = p.slice(8);
  return { repository: registry ? `${registry}/${p}` : p, registry };
}

/** `${A:-x}` and `${A-x}` become `x`; other variables are removed. */
function expandDefaults(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (end === -1) return out;
      const inner = text.slice(i + 2, end);
      const m = /^[A-Za-z_][A-Za-z0-9_]*:?-(.*)$/s.exec(inner);
      if (m) out += expandDefaults(m[1]!);
      i = end + 1;
    } else if (text[i] === "$") {
      const m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      i += m ? m[0].length : 1;
    } else {
      out += text[i];
      i++;
    }
  }
  return out.replace(/^-+|-+$/g, "").replace(/--+/g, "-");
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (text[i] === "}") {
      if (--depth < 0) return false;
    }
  }
  return depth === 0;
}

/** Index of `ch` outside `${…}`, from `from`. */
function topLevelIndexOf(text: string, ch: string, from = 0): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
      continue;
    }
    if (depth > 0) {
      if (text[i] === "}") depth--;
      continue;
    }
    if (i >= from && text[i] === ch) return i;
  }
  return -1;
}

function topLevelLastIndexOf(text: string, ch: string): number {
  let last = -1;
  for (let i = topLevelIndexOf(text, ch); i !== -1; i = topLevelIndexOf(text, ch, i + 1)) last = i;
  return last;
}
