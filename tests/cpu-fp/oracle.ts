// Builds and runs the host x87 oracle (x87-oracle.c) with gcc; used by the x87 tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Path of the C source in the repository (tests are compiled to dist/tests/cpu-fp). */
function sourcePath(): string {
  const candidates = [join(here, "x87-oracle.c"), resolve(here, "../../../tests/cpu-fp/x87-oracle.c")];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error("x87-oracle.c not found");
}

let built: string | null | undefined;

/** Compile the oracle once; null when gcc or an x86-64 host is not available. */
export function oracleBinary(): string | null {
  if (built !== undefined) return built;
  if (process.arch !== "x64") return (built = null);
  const dir = mkdtempSync(join(tmpdir(), "sysgate-x87-"));
  const out = join(dir, "x87-oracle");
  const r = spawnSync("gcc", ["-O1", "-o", out, sourcePath()], { encoding: "utf8" });
  built = r.status === 0 ? out : null;
  return built;
}

/** Run a batch of "OP CW A B" lines and return the output lines. */
export function runOracle(lines: string[]): string[] {
  const bin = oracleBinary();
  if (!bin) throw new Error("no oracle");
  const r = spawnSync(bin, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error("oracle failed: " + r.stderr);
  return r.stdout.trimEnd().split("\n");
}

/** Deterministic PRNG (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return x >>> 0;
  };
}

