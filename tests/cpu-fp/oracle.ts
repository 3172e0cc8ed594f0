// Builds and runs the host x87 oracle (x87-oracle.c) with gcc; used by the x87 tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Path of a C source in the repository (tests are compiled to dist/tests/cpu-fp). */
function sourcePath(name: string): string {
  const candidates = [resolve(here, "../../../tests/cpu-fp", name), join(here, name)];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(name + " not found");
}

const built = new Map<string, string | null>();

/** Compile an oracle once; null when gcc or an x86-64 host is not available. */
export function buildOracle(name: string): string | null {
  const have = built.get(name);
  if (have !== undefined) return have;
  let out: string | null = null;
  if (process.arch === "x64") {
    const dir = mkdtempSync(join(tmpdir(), "sysgate-fp-"));
    out = join(dir, name.replace(/\.c$/, ""));
    const r = spawnSync("gcc", ["-O1", "-o", out, sourcePath(name)], { encoding: "utf8" });
    if (r.status !== 0) out = null;
  }
  built.set(name, out);
  return out;
}

export function oracleBinary(): string | null { return buildOracle("x87-oracle.c"); }

/** Run a batch of input lines through an oracle and return its output lines. */
export function runOracleFile(name: string, lines: string[]): string[] {
  const bin = buildOracle(name);
  if (!bin) throw new Error("no oracle");
  const r = spawnSync(bin, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error("oracle failed: " + r.stderr);
  return r.stdout.trimEnd().split("\n");
}

export function runOracle(lines: string[]): string[] { return runOracleFile("x87-oracle.c", lines); }

/** Deterministic PRNG (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return x >>> 0;
  };
}

