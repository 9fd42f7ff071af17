// A compose service as Docker Compose runs it: the mappings that define it, in merge order
// (services it `extends`, then the service in each compose file of the project: base, overrides, `-f`…).
// Nothing is merged into a new document: every read returns the node and the file that defined the
// value, so a finding points where the user must edit and a fix edits that file.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { getPair, nodeSpan, resolveNode, scalarString, type FoundPair } from "../parse/compose.js";
import type { ComposeFileModel } from "../model/types.js";
import type { Span } from "../types.js";
import { interpolate, type Env, type Interpolated } from "./interpolate.js";

/** One compose file as read in one project: its interpolation environment and the directory relative paths resolve against. */
export interface ComposeContext {
  file: ComposeFileModel;
  env: Env;
  /** directory that relative paths in this file resolve against (project directory, or the file's own for `extends: file`) */
  baseDir: string;
}

export interface Layer {
  ctx: ComposeContext;
  map: YAMLMap;
  /** the service key node in its file */
  keyNode: Node;
  /** reached through `extends` (not the service's own declaration) */
  viaExtends: boolean;
}

export interface Hit {
  /** the value node, alias resolved */
  node: Node | null;
  pair: FoundPair;
  layer: Layer;
}

export const RESET_TAG = "!reset";
export const OVERRIDE_TAG = "!override";

function tagOf(node: Node | null | undefined): string | undefined {
  return (node as { tag?: string } | null | undefined)?.tag;
}

export class ServiceView {
  readonly layers: Layer[] = [];
  constructor(readonly name: string) {}

  /** The first layer that is the service's own declaration (the base file): where `init: true` is inserted. */
  get base(): Layer {
    return this.layers.find((l) => !l.viaExtends) ?? this.layers[0]!;
  }

  get keySpan(): Span {
    const b = this.base;
    return nodeSpan(b.ctx.file.source, b.keyNode);
  }

  /** The value of a top-level service key: the last layer that sets it wins; `!reset` removes it. */
  get(key: string): Hit | null {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const pair = getPair(layer.ctx.file.doc, layer.map, key);
      if (!pair) continue;
      const raw = pair.pair.value as Node | null;
      if (tagOf(raw) === RESET_TAG) return null;
      return { node: resolveNode(layer.ctx.file.doc, raw), pair, layer };
    }
    return null;
  }

  /**
   * A nested value, merged key-wise as Compose merges mappings (`build`, `healthcheck`, `depends_on`…):
   * the last layer where the full path exists wins; `!reset` at any level stops the search, `!override`
   * on a mapping hides the earlier layers' values below it. `scalarKey`: the key a scalar value stands for
   * (`getIn(["build", "context"], "context")` finds `build: ./app`).
   */
  getIn(path: string[], scalarKey?: string): Hit | null {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const doc = layer.ctx.file.doc;
      let map: YAMLMap = layer.map;
      let stop = false;
      for (let k = 0; k < path.length; k++) {
        const pair = getPair(doc, map, path[k]!);
        if (!pair) break;
        const raw = pair.pair.value as Node | null;
        if (tagOf(raw) === RESET_TAG) return null;
        const node = resolveNode(doc, raw);
        if (k === path.length - 1) return { node, pair, layer };
        if (tagOf(raw) === OVERRIDE_TAG) stop = true;
        if (!isMap(node)) {
          // a scalar stands for one key of the mapping (`build: ./app` is `build: {context: ./app}`)
          if (scalarKey !== undefined && isScalar(node) && k === path.length - 2 && path[k + 1] === scalarKey) return { node, pair, layer };
          // else it replaces the whole mapping: nothing deeper, and nothing earlier
          stop = true;
          break;
        }
        map = node;
      }
      if (stop) return null;
    }
    return null;
  }

  /** Layers from the last `!reset`/`!override`/non-mapping of `key` on, each with its mapping for `key` (merged key-wise). */
  mapLayers(key: string): { layer: Layer; map: YAMLMap }[] {
    const out: { layer: Layer; map: YAMLMap }[] = [];
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const pair = getPair(layer.ctx.file.doc, layer.map, key);
      if (!pair) continue;
      const raw = pair.pair.value as Node | null;
      if (tagOf(raw) === RESET_TAG) break;
      const node = resolveNode(layer.ctx.file.doc, raw);
      if (isMap(node)) out.unshift({ layer, map: node });
      if (!isMap(node) || tagOf(raw) === OVERRIDE_TAG) break;
    }
    return out;
  }

  /** The interpolated text of a scalar hit (null for a non-scalar or null value). */
  text(hit: Hit | null): Interpolated | null {
    if (!hit || !isScalar(hit.node)) return null;
    return scalarText(hit.node, hit.layer.ctx.env);
  }

  /** A short string for a hit: interpolated; null when it cannot be read. */
  str(hit: Hit | null): string | null {
    return this.text(hit)?.value ?? null;
  }
}

/** A scalar's interpolated text. Plain booleans and numbers are their YAML text. */
export function scalarText(node: Node, env: Env): Interpolated | null {
  const s = scalarString(node);
  if (s === null) return null;
  if (isScalar(node) && typeof node.value === "string") return interpolate(s, env);
  return { value: s, unresolved: [], errors: [], substituted: false };
}

/** Items of a sequence node, alias resolved. */
export function seqItems(file: ComposeFileModel, node: Node | null): Node[] {
  if (!isSeq(node)) return [];
  return node.items.map((it) => resolveNode(file.doc, it as Node)).filter((n): n is Node => n !== null);
}
