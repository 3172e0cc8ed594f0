// The generated tables agree with this machine's own headers and with each other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { Sys, syscallNames, syscallNumbers, SYSCALL_COUNT } from "../../src/abi/syscalls.js";
import { syscallSignatures, signatureOf } from "../../src/abi/signatures.js";
import { syscallClasses } from "../../src/abi/syscall-classes.js";
import { signalDescription, signalName, signalNumber, signalDumpsCore, shellSignalMessage } from "../../src/abi/signals.js";
import { buildSyscallTable, implementedSyscalls } from "../../src/kernel/entry.js";
import { allSyscallFamilies } from "../../src/kernel/syscalls/index.js";

test("syscall numbers match the host's asm/unistd_64.h", (t) => {
  const h = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
  if (!existsSync(h)) return t.skip("no kernel headers");
  let n = 0;
  for (const m of readFileSync(h, "utf8").matchAll(/#define __NR_(\w+) (\d+)/g)) {
    assert.equal(syscallNumbers[m[1]!], Number(m[2]), m[1]);
    assert.equal(syscallNames[Number(m[2])], m[1]);
    n++;
  }
  assert.ok(n > 350);
  assert.equal(Sys.getpid, 39);
  assert.equal(syscallNames[Sys.exit_group], "exit_group");
  assert.ok(SYSCALL_COUNT > 462);
});

test("every signature's argument count is strace's", () => {
  for (const s of syscallSignatures.values()) {
    const c = syscallClasses[s.name];
    assert.ok(c, `${s.name} has classes`);
    assert.equal(s.args.length, c.nargs, s.name);
    for (const a of s.args) if (a.lenArg !== undefined && a.lenArg >= 0) assert.ok(a.lenArg < s.args.length, `${s.name}.${a.name}`);
  }
  assert.deepEqual(syscallSignatures.get("openat")!.classes, ["%desc", "%file"]);
  assert.deepEqual(syscallSignatures.get("getpid")!.classes, ["%pure"]);
  assert.equal(signatureOf(Sys.io_uring_enter, "io_uring_enter").args.length, 6);
});

test("every implemented syscall has a signature", () => {
  const table = buildSyscallTable(allSyscallFamilies);
  const missing = implementedSyscalls(table).filter((n) => !syscallSignatures.has(n));
  assert.deepEqual(missing, []);
});

test("signal names and the shell's descriptions", (t) => {
  assert.equal(signalName(11), "SIGSEGV");
  assert.equal(signalNumber("TERM"), 15);
  assert.equal(signalNumber("SIGRTMIN"), 32);
  assert.equal(signalName(35), "SIGRT_3");
  assert.equal(signalNumber("SIGRT_3"), 35);
  assert.equal(shellSignalMessage(11, false), "Segmentation fault");
  assert.equal(shellSignalMessage(11, true), "Segmentation fault (core dumped)");
  assert.equal(signalDumpsCore(6), true);
  assert.equal(signalDumpsCore(15), false);
  const py = spawnSync("python3", ["-c", "import signal\nfor i in range(1,65):\n  print(signal.strsignal(i))"], { encoding: "utf8" });
  if (py.status !== 0) return t.skip("python3 not available");
  const lines = py.stdout.trimEnd().split("\n");
  for (let i = 1; i <= 31; i++) assert.equal(signalDescription(i), lines[i - 1], `signal ${i}`);
  for (let i = 34; i <= 64; i++) assert.equal(signalDescription(i), lines[i - 1], `signal ${i}`);
});
