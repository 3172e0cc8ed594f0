#!/usr/bin/env node
// Tracing overhead: a syscall-heavy program (N raw getpid calls, bench/getpid.c) traced to a file
// vs untraced, as a ratio, for sysgate (`sysgate strace -o FILE` vs `sysgate run`) and for the
// real strace natively (`strace -o FILE` vs the bare program). Not a test: always exits 0.
//
//   node bench/trace.mjs [--calls N] [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SYSGATE = join(ROOT, "bin/sysgate");
const argv = process.argv.slice(2);
const opt = (k, d) => { const i = argv.indexOf(k); return i >= 0 ? Number(argv[i + 1]) : d; };
const CALLS = opt("--calls", 100000);
const RUNS = opt("--runs", 3);

const out = join(ROOT, "build/bench");
mkdirSync(out, { recursive: true });
const prog = join(out, "getpid");
if (!existsSync(prog)) {
  const r = spawnSync("gcc", ["-static", "-O2", "-o", prog, join(ROOT, "bench/getpid.c")], { encoding: "utf8" });
  if (r.status !== 0) {
    console.log(`cannot build getpid: ${r.stderr.trim().split("\n")[0]}`);
    process.exit(0);
  }
}

const dir = mkdtempSync(join(tmpdir(), "sysgate-trace-bench-"));
function time(cmd, args) {
  const best = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 24 });
    best.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) return null;
  }
  return Math.min(...best);
}

const file = join(dir, "trace.txt");
const nat = time(prog, [String(CALLS)]);
const natTraced = spawnSync("strace", ["-V"]).status === 0 ? time("strace", ["-o", file, prog, String(CALLS)]) : null;
const sg = time(SYSGATE, ["run", "--", prog, String(CALLS)]);
const sgTraced = time(SYSGATE, ["strace", "-o", file, prog, String(CALLS)]);
rmSync(dir, { recursive: true, force: true });

const fmt = (ms) => (ms === null ? "n/a" : `${ms.toFixed(0)} ms`);
const ratio = (a, b) => (a === null || b === null ? "n/a" : `${(a / b).toFixed(1)}x`);
console.log(`tracing overhead, ${CALLS} getpid calls, best of ${RUNS}`);
console.log(`  native:  untraced ${fmt(nat)}, strace -o FILE ${fmt(natTraced)}: ratio ${ratio(natTraced, nat)}`);
console.log(`  sysgate: untraced ${fmt(sg)}, sysgate strace -o FILE ${fmt(sgTraced)}: ratio ${ratio(sgTraced, sg)}`);
