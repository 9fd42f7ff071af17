// Containers with no Linux PID 1. A WebAssembly module runs under a wasm runtime (containerd's wasm shims),
// a Windows container under Windows: there is no Linux init to add and no Linux process tree to reap.
// https://docs.docker.com/desktop/features/wasm/ ; https://learn.microsoft.com/virtualization/windowscontainers/
import type { Hit, ServiceView } from "../compose/view.js";
import type { Stage } from "../parse/dockerfile.js";
import type { Span } from "../types.js";
import type { NoLinuxPid1, Pid1Chain } from "./types.js";

const WASM_PLATFORM = /^wasi(\/|$)|(^|\/)wasm(32|64)?($|\/)/i;
const WINDOWS_PLATFORM = /^windows(\/|$)/i;
const WASM_RUNTIME = /(^|\.)(wasmedge|wasmtime|wasmer|wamr|spin|slight|wws|lunatic)(\.|$)|wasm/i;
const WINDOWS_BASE = /^mcr\.microsoft\.com\/windows(\/|$)|(^|\/)(nanoserver|servercore|windowsservercore)(:|$)|^mcr\.microsoft\.com\/(powershell|dotnet\/[a-z-]+):.*(nanoserver|windowsservercore|ltsc20)/i;

function platformKind(platform: string): NoLinuxPid1["kind"] | null {
  if (WASM_PLATFORM.test(platform)) return "wasm";
  if (WINDOWS_PLATFORM.test(platform)) return "windows";
  return null;
}

/** A service with `platform: wasi/wasm` or `windows/…`, or a wasm `runtime:`. */
export function servicePlatform(view: ServiceView, spanOf: (h: Hit | null) => Span | null): NoLinuxPid1 | null {
  const platformHit = view.get("platform");
  const platform = view.str(platformHit);
  const pk = platform ? platformKind(platform) : null;
  if (pk) return { kind: pk, why: `platform: ${platform}`, span: spanOf(platformHit)! };
  const runtimeHit = view.get("runtime");
  const runtime = view.str(runtimeHit);
  if (runtime && WASM_RUNTIME.test(runtime)) return { kind: "wasm", why: `runtime: ${runtime}`, span: spanOf(runtimeHit)! };
  return null;
}

/** A stage built for a wasm or Windows platform (`FROM --platform=wasi/wasm`), or on a Windows base image. */
export function stagePlatform(stage: Stage): NoLinuxPid1 | null {
  for (let s: Stage | null = stage, i = 0; s && i < 64; s = s.base, i++) {
    const flag = s.platform;
    const pk = flag && !flag.includes("$") ? platformKind(flag) : null;
    if (pk) return { kind: pk, why: `FROM --platform=${flag}`, span: s.fromSpan };
    if (!s.base && WINDOWS_BASE.test(s.from)) return { kind: "windows", why: `a Windows base image (${s.from})`, span: s.fromSpan };
  }
  return null;
}

/** The program that would be PID 1 is a `.wasm` module: only a wasm runtime runs it. */
export function wasmProgram(chain: Pid1Chain): NoLinuxPid1 | null {
  const a0 = chain.argv?.[0];
  if (!a0 || !/\.wasm$/i.test(a0)) return null;
  const span = chain.hops[chain.hops.length - 1]?.span ?? { file: "", start: 0, end: 0 };
  return { kind: "wasm", why: `its program ${a0} is a WebAssembly module`, span };
}
