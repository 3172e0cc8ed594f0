// Builds the loader test programs from tests/loader/hello.c once per run (cached in a temp dir).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** dist/tests/loader -> tests/loader (sources are not copied by tsc). */
export const sourceDir = resolve(here, "../../../tests/loader");
const outDir = join(tmpdir(), `sysgate-loader-tests-${process.getuid?.() ?? 0}`);

export type Flavour = "gcc-static" | "gcc-static-pie" | "musl-static";

const commands: Record<Flavour, [string, string[]]> = {
  "gcc-static": ["gcc", ["-static", "-O1"]],
  "gcc-static-pie": ["gcc", ["-static-pie", "-fPIE", "-O1"]],
  "musl-static": ["musl-gcc", ["-static", "-O1"]],
};

/** Path of the built program, or null (with the reason) when the compiler is missing. */
export function build(flavour: Flavour, source = "hello"): { path: string; image: Uint8Array } | { skip: string } {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${source}-${flavour}`);
  if (!existsSync(out)) {
    const [cc, flags] = commands[flavour];
    const r = spawnSync(cc, [...flags, "-o", out, join(sourceDir, `${source}.c`)], { encoding: "utf8" });
    if (r.error || r.status !== 0) return { skip: `${cc} unavailable: ${r.error?.message ?? r.stderr.trim()}` };
  }
  return { path: out, image: new Uint8Array(readFileSync(out)) };
}

/** A deterministic PRNG (xorshift32) so a failing fuzz case can be replayed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
