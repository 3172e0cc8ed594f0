// Real static programs, run natively and under sysgate's kernel: stdout, stderr and exit status
// must be identical. Programs are built here from tests/kernel/programs/ with musl-gcc, gcc
// -static and gcc -static-pie, and nasm; a missing compiler skips its cases with a message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { Kernel, shellExitCode, SpawnError } from "../../src/kernel/kernel.js";
import { buildAsm, buildC, have, testHost, workDir } from "./helpers.js";

// dist/tests/kernel -> tests/kernel/programs
const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, "..", "..", "..", "tests", "kernel", "programs");
const source = (name: string) => readFileSync(join(srcDir, name), "utf8");

/** Natively, with Linux's default descriptor limits (1024/4096) as sysgate gives its guests. */
function native(bin: string, args: string[]): { out: string; err: string; code: number } {
  const r = have("prlimit")
    ? spawnSync("prlimit", ["--nofile=1024:4096", bin, ...args], { encoding: "utf8" })
    : spawnSync(bin, args, { encoding: "utf8" });
  const sig = r.signal ? ({ SIGSEGV: 11, SIGILL: 4, SIGFPE: 8, SIGTRAP: 5, SIGABRT: 6, SIGTERM: 15, SIGKILL: 9, SIGBUS: 7 } as Record<string, number>)[r.signal]! : 0;
  return { out: r.stdout, err: r.stderr, code: r.status ?? 128 + sig };
}

async function guest(bin: string, args: string[]): Promise<{ out: string; err: string; code: number; signals: number[] }> {
  const { host, out, err } = testHost();
  const k = new Kernel(host, { cwd: workDir });
  const signals: number[] = [];
  k.events.on("signal", (_t, info) => signals.push(info.signo));
  k.spawn(bin, [bin, ...args], []);
  const st = await k.run();
  return { out: out.text(), err: err.text(), code: shellExitCode(st), signals };
}

const builds: [string, string, string[]][] = [
  ["musl-gcc", "musl", []],
  ["gcc", "glibc", []],
  ["gcc", "glibc-pie", ["-static-pie", "-fPIE"]],
];

function build(name: string, cc: string, flavour: string, extra: string[]): string | null {
  const flags = extra.includes("-static-pie") ? extra : extra;
  return buildC(`${name}-${flavour}`, source(`${name}.c`), cc, flags);
}

for (const [cc, flavour, extra] of builds) {
  test(`sysinfo.c (${flavour}): the kernel core's syscalls match Linux`, async (t) => {
    if (!have(cc)) return t.skip(`${cc} is not installed`);
    const bin = build("sysinfo", cc, flavour, extra)!;
    const n = native(bin, []);
    const g = await guest(bin, []);
    assert.equal(g.out, n.out);
    assert.equal(g.err, n.err);
    assert.equal(g.code, n.code);
    assert.equal(g.code, 7);
  });

  test(`errors.c (${flavour}): the man pages' error paths match Linux`, async (t) => {
    if (!have(cc)) return t.skip(`${cc} is not installed`);
    const bin = build("errors", cc, flavour, extra)!;
    const n = native(bin, []);
    const g = await guest(bin, []);
    assert.equal(g.out, n.out);
    assert.equal(g.code, n.code);
  });

  test(`crash.c (${flavour}): faults and signals end the program as on Linux`, async (t) => {
    if (!have(cc)) return t.skip(`${cc} is not installed`);
    const bin = build("crash", cc, flavour, extra)!;
    const expect: Record<string, number> = { segv: 11, wsegv: 11, ill: 4, fpe: 8, trap: 5, abort: 6, term: 15, handled: 11, bus: 7, exit: 0 };
    for (const [how, sig] of Object.entries(expect)) {
      const n = native(bin, [how]);
      const g = await guest(bin, [how]);
      assert.equal(g.out, n.out, how);
      assert.equal(g.code, n.code, how);
      assert.equal(g.code, sig ? 128 + sig : 42, how);
      assert.deepEqual(g.signals, sig ? [sig] : [], how);
    }
  });
}

test("hello.asm: the article's raw-syscall hello", async (t) => {
  const bin = buildAsm("hello", source("hello.asm"));
  if (!bin) return t.skip("nasm or ld is not installed");
  const n = native(bin, []);
  const g = await guest(bin, []);
  assert.deepEqual([g.out, g.code], [n.out, n.code]);
  assert.equal(g.out, "hello from a raw syscall\n");
  assert.equal(g.code, 7);
});

// The speed itself is `npm run bench`'s business; this runs 2,000,000 raw getpid calls through
// the real CPU and gate, checks the exit, and prints the cost per call.
test("raw getpid loop through the real CPU and gate (cost printed)", async (t) => {
  const bin = buildAsm("getpid-loop", source("getpid-loop.asm"));
  if (!bin) return t.skip("nasm or ld is not installed");
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const { host } = testHost();
    const k = new Kernel(host, {});
    k.spawn(bin, [bin], []);
    const start = host.monotonicMs();
    assert.equal(await k.run(), 0);
    best = Math.min(best, ((host.monotonicMs() - start) * 1000) / 2_000_000);
  }
  t.diagnostic(`getpid round trip: ${best.toFixed(3)} µs`);
});

test("spawn failures: missing file 127, not executable / not ELF 126", async () => {
  const { host } = testHost();
  const k = new Kernel(host, {});
  assert.throws(() => k.spawn("/nonexistent/prog", ["x"], []), (e: unknown) => e instanceof SpawnError && e.exitCode === 127 && e.message === "No such file or directory");
  assert.throws(() => k.spawn("/etc/hostname", ["x"], []), (e: unknown) => e instanceof SpawnError && e.exitCode === 126);
  assert.throws(() => k.spawn("/bin/sh", ["x"], []), (e: unknown) => e instanceof SpawnError && e.exitCode === 126 && /interp|dynamic/i.test(e.message));
  assert.throws(() => k.resolveProgram("no-such-command-here", ["PATH=/bin"]), (e: unknown) => e instanceof SpawnError && e.exitCode === 127);
  assert.equal(k.resolveProgram("busybox", ["PATH=/usr/bin:/bin"]).endsWith("/busybox"), true);
});

test('"#!" scripts run their interpreter with the script path and arguments', async (t) => {
  if (!have("busybox")) return t.skip("busybox is not installed");
  const { writeFileSync, chmodSync } = await import("node:fs");
  const bb = spawnSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).stdout.trim();
  const script = join(workDir, "script.sh");
  writeFileSync(script, `#!${bb} sh\necho "args: $0 $@"\nexit 5\n`);
  chmodSync(script, 0o755);
  const n = native(script, ["a", "b"]);
  const g = await guest(script, ["a", "b"]);
  assert.deepEqual([g.out, g.code], [n.out, n.code]);
  assert.equal(g.code, 5);
});

test("touching memory beyond the machine's cap ends the program like the OOM killer (SIGKILL)", async (t) => {
  if (!have("musl-gcc")) return t.skip("musl-gcc is not installed");
  const bin = buildC("oom", source("oom.c"), "musl-gcc")!;
  const { host } = testHost();
  const k = new Kernel(host, { memoryLimit: 48 * 1024 * 1024 });
  k.spawn(bin, [bin], []);
  const st = await k.run();
  assert.equal(shellExitCode(st), 137);
  assert.equal(k.framePool.inUse, 0, "every frame went back to the pool");
});
