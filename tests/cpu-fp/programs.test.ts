// Whole programs: floating-point printf/strtod/long double code built with musl and glibc runs under the
// CPU with the same output as natively (uses the CPU tests' mini Linux runner).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runElf } from "../cpu/mini-linux.js";

const here = dirname(fileURLToPath(import.meta.url));
const SOURCES = ["fp-program.c", "fp-env-program.c"];
const dir = mkdtempSync(join(tmpdir(), "sg-fp-prog-"));

function build(cc: string, args: string[], src: string, out: string): string | undefined {
  try {
    execFileSync(cc, [...args, "-o", out, resolve(here, "../../../tests/cpu-fp", src), "-lm"], { stdio: "pipe" });
    return existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

const variants: [string, string, string[]][] = [
  ["musl", "musl-gcc", ["-static", "-O2"]],
  ["glibc", "gcc", ["-static", "-O2"]],
  ["glibc static-pie", "gcc", ["-static-pie", "-O2", "-fPIE"]],
  ["glibc -O0 -mfpmath=387", "gcc", ["-static", "-O0", "-mfpmath=387"]],
];

for (const src of SOURCES) for (const [name, cc, args] of variants) {
  const exe = build(cc, args, src, join(dir, src.replace(".c", "") + "-" + name.replace(/[^a-z0-9]+/g, "-")));
  test(`${src} matches native: ${name}`, { skip: exe ? false : `${cc} not available` }, () => {
    const want = execFileSync(exe!, ["x"], { encoding: "utf8" });
    const r = runElf(exe!, [exe!, "x"]);
    assert.equal(r.stop, "exit", `${r.stop}; output so far: ${JSON.stringify(r.stdout)}`);
    assert.equal(r.stdout, want);
    assert.equal(r.status, 0);
  });
}
