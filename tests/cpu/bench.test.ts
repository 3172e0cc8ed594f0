// Benchmarks (printed, not timed assertions): ns per instruction on a tight loop, and a SHA-256 program
// (musl, -O2) compared with native output and time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { makeCpu, asm } from "./helpers.js";
import { runElf } from "./mini-linux.js";

function cpuNs(u0: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(u0);
  return (u.user + u.system) * 1000;
}

test("loop benchmark (ns/instruction)", () => {
  const code = asm(`
    mov rcx, 5000000
    xor eax, eax
    lea rsi, [rel data]
  .l: add rax, rcx
    mov rdx, [rsi]
    xor rdx, rax
    mov [rsi], rdx
    shl rdx, 3
    lea rbx, [rdx + rax*2 + 8]
    sub rbx, 1
    dec rcx
    jnz .l
    syscall
  align 4096
  data: dq 0`);
  const cpu = makeCpu(code);
  const u0 = process.cpuUsage();
  const why = cpu.run(100_000_000);
  const ns = cpuNs(u0);
  assert.equal(why, 1);
  console.log(`# loop: ${cpu.instructions} instructions, ${(ns / cpu.instructions).toFixed(2)} ns/instruction, ${(cpu.instructions / ns * 1000).toFixed(1)} MIPS`);
});

test("sha256 benchmark vs native", () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const src = join(here, "..", "..", "..", "tests", "cpu", "bench.c");
  const exe = join(mkdtempSync(join(tmpdir(), "sg-bench-")), "bench");
  try { execFileSync("musl-gcc", ["-static", "-O2", "-o", exe, src], { stdio: "pipe" }); } catch { return; }
  const kib = "2048";
  // CPU time, not wall time: the test machine is often shared
  const sh = execFileSync("bash", ["-c", `"${exe}" ${kib}; times`]).toString().split("\n");
  const native = sh[0] + "\n";
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(sh[2] ?? "");
  const nativeNs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1e9 : NaN;
  const u0 = process.cpuUsage();
  const r = runElf(exe, ["bench", kib], 2_000_000_000);
  const ns = cpuNs(u0);
  assert.equal(r.stdout, native);
  console.log(`# sha256 ${kib} KiB: ${r.instructions} instructions, ${(ns / 1e6).toFixed(0)} ms CPU = ${(ns / r.instructions).toFixed(2)} ns/instruction; native ${(nativeNs / 1e6).toFixed(1)} ms CPU -> ${(ns / nativeNs).toFixed(0)}x`);
});
