/**
 * The vDSO seen by the tracer: musl and glibc programs calling clock_gettime/gettimeofday/time
 * 1,000 times each make none of those system calls under `sysgate strace` (only the program's
 * explicit syscall() ones, as under the real strace), and make them all with `--no-vdso`.
 * Also: two `--clock=deterministic` runs print identical times, and `--clock=fixed:EPOCH` starts
 * realtime there.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT, SYSGATE, haveStrace } from "./strace-diff.js";

const TIME_CALL = /^(clock_gettime|gettimeofday|time)\(/;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "sysgate-vdso-"));
  try {
    const r = spawnSync(args[0]!, args.slice(1), { cwd: dir, encoding: "utf8", timeout: 120_000, input: "" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Count of each time call in a trace made by `cmd` (which writes the trace to FILE). */
function timeCalls(cmd: (file: string) => string[]): { counts: Record<string, number>; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), "sysgate-vdso-trace-"));
  try {
    const file = join(dir, "trace.txt");
    const r = run(cmd(file));
    const counts: Record<string, number> = { clock_gettime: 0, gettimeofday: 0, time: 0 };
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    for (const line of text.split("\n")) {
      const m = TIME_CALL.exec(line);
      if (m) counts[m[1]!]!++;
    }
    return { counts, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sysgateStrace = (prog: string, extra: string[] = []) => (file: string) => [process.execPath, SYSGATE, "strace", ...extra, "-o", file, prog];

describe("vDSO calls never reach the gate", { concurrency: 2 }, () => {
  for (const libc of ["musl", "glibc"]) {
    const prog = resolve(ROOT, `build/guest/${libc}/vdso_calls`);
    const skip = existsSync(prog) ? false : "not built (make -C tests/guest)";
    it(`${libc}: no time calls with the vDSO, all of them with --no-vdso`, { skip }, () => {
      const withVdso = timeCalls(sysgateStrace(prog));
      assert.equal(withVdso.status, 0);
      // Only the explicit syscall(SYS_...) comparisons: 3 clock_gettime, 1 gettimeofday, 1 time.
      assert.deepEqual(withVdso.counts, { clock_gettime: 3, gettimeofday: 1, time: 1 });
      const without = timeCalls(sysgateStrace(prog, ["--no-vdso"]));
      assert.equal(without.status, 0);
      assert.ok(without.counts.clock_gettime! >= 3003, JSON.stringify(without.counts));
      // glibc's gettimeofday and time are their own calls; musl makes them with clock_gettime.
      if (libc === "glibc") assert.deepEqual([without.counts.gettimeofday, without.counts.time], [1002, 1001]);
      else assert.ok(without.counts.clock_gettime! >= 5003);
    });
    it(`${libc}: the real strace agrees`, { skip: skip || (!haveStrace() ? "strace is not installed" : false) }, () => {
      const native = timeCalls((file) => ["strace", "-o", file, prog]);
      const ours = timeCalls(sysgateStrace(prog));
      assert.deepEqual(ours.counts, native.counts);
    });
  }

  it("without the vDSO the program sees no AT_SYSINFO_EHDR", { skip: existsSync(resolve(ROOT, "build/guest/musl/vdso_calls")) ? false : "not built" }, () => {
    const r = run([process.execPath, SYSGATE, "run", "--no-vdso", resolve(ROOT, "build/guest/musl/vdso_calls")]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^vdso present: no\n/);
    assert.match(r.stdout, /CLOCK_MONOTONIC: 1000 calls, backwards=0 bad=0 syscall agrees=yes/);
  });
});

describe("--clock", { concurrency: 2 }, () => {
  for (const libc of ["musl", "glibc"]) {
    const prog = resolve(ROOT, `build/guest/${libc}/vdso_clockmode`);
    const skip = existsSync(prog) ? false : "not built (make -C tests/guest)";
    for (const extra of [[], ["--no-vdso"]]) {
      it(`${libc}${extra.length ? " " + extra.join(" ") : ""}: two deterministic runs print the same times`, { skip }, () => {
        const args = [process.execPath, SYSGATE, "run", ...extra, "--clock=deterministic:1600000000", prog, "raw"];
        const a = run(args);
        const b = run(args);
        assert.equal(a.status, 0, a.stderr);
        assert.equal(b.status, 0, b.stderr);
        assert.equal(a.stdout, b.stdout);
        const lines = a.stdout.trim().split("\n");
        assert.equal(lines.length, 5);
        // Realtime starts at the epoch; the 25 ms sleep moved the clock by at least that much,
        // without making the program wait for it.
        const secs = (line: string) => line.split(" ").slice(1, 3).map(Number);
        const [rt0, mono0] = secs(lines[0]!);
        const [rt2, mono2] = secs(lines[2]!);
        assert.ok(rt0! >= 1600000000 && rt0! < 1600000001, lines[0]);
        assert.ok(mono2! - mono0! >= 0.025, `${lines[0]}\n${lines[2]}`);
        assert.ok(rt2! - rt0! >= 0.025);
      });
    }
  }

  it("fixed:EPOCH starts realtime at EPOCH and lets it run", { skip: existsSync(resolve(ROOT, "build/guest/musl/vdso_clockmode")) ? false : "not built" }, () => {
    const r = run([process.execPath, SYSGATE, "run", "--clock=fixed:1234567890", resolve(ROOT, "build/guest/musl/vdso_clockmode"), "raw"]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    const rt0 = Number(lines[0]!.split(" ")[1]);
    const rt2 = Number(lines[2]!.split(" ")[1]);
    assert.ok(rt0 >= 1234567890 && rt0 < 1234567900, lines[0]);
    assert.ok(rt2 - rt0 >= 0.025, lines[2]);
  });

  it("a bad --clock is a usage error", () => {
    const r = run([process.execPath, SYSGATE, "run", "--clock=sometimes", "/bin/true"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid --clock 'sometimes'/);
  });
});
