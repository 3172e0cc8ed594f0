// Signal bookkeeping that the guest programs (tests/guest/c/sig_*.c) cannot see directly: the
// restart code each interrupted call gets, and real-time queueing versus classic coalescing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { restartCodeFor } from "../../src/kernel/restart.js";
import { SyscallArgs } from "../../src/kernel/syscall-args.js";
import { syscallNumbers } from "../../src/abi/syscalls.js";
import { ERESTARTSYS, ERESTARTNOHAND, ERESTART_RESTARTBLOCK, ERESTARTNOINTR, Errno } from "../../src/abi/errno.js";
import type { Task } from "../../src/kernel/task.js";
import type { Cpu } from "../../src/cpu/cpu.js";

function fakeTask(args: number[]): Task {
  const cpu = { lo: new Int32Array(16), hi: new Int32Array(16) };
  const regs = [7, 6, 2, 10, 8, 9];
  args.forEach((v, i) => {
    cpu.lo[regs[i]!] = v;
    cpu.hi[regs[i]!] = v < 0 ? -1 : 0;
  });
  return { args: new SyscallArgs(cpu as unknown as Cpu) } as unknown as Task;
}

const nr = (n: string) => syscallNumbers[n]!;

test("restart codes follow Linux per call", () => {
  const none = fakeTask([]);
  assert.equal(restartCodeFor(none, nr("read")), ERESTARTSYS);
  assert.equal(restartCodeFor(none, nr("wait4")), ERESTARTSYS);
  assert.equal(restartCodeFor(none, nr("pause")), ERESTARTNOHAND);
  assert.equal(restartCodeFor(none, nr("rt_sigsuspend")), ERESTARTNOHAND);
  assert.equal(restartCodeFor(none, nr("select")), ERESTARTNOHAND);
  assert.equal(restartCodeFor(none, nr("nanosleep")), ERESTART_RESTARTBLOCK);
  assert.equal(restartCodeFor(none, nr("epoll_wait")), -Errno.EINTR);
  assert.equal(restartCodeFor(none, nr("rt_sigtimedwait")), -Errno.EINTR);
  assert.equal(restartCodeFor(none, nr("vfork")), 0);
  // clock_nanosleep: relative sleeps continue through restart_syscall, absolute ones start over
  assert.equal(restartCodeFor(fakeTask([1, 0]), nr("clock_nanosleep")), ERESTART_RESTARTBLOCK);
  assert.equal(restartCodeFor(fakeTask([1, 1]), nr("clock_nanosleep")), ERESTARTNOHAND);
  // poll: a timeout makes it a restart-block call
  assert.equal(restartCodeFor(fakeTask([0x1000, 1, 100]), nr("poll")), ERESTART_RESTARTBLOCK);
  assert.equal(restartCodeFor(fakeTask([0x1000, 1, -1]), nr("poll")), ERESTARTNOHAND);
  // futex: WAIT with a timeout, WAIT without, LOCK_PI
  assert.equal(restartCodeFor(fakeTask([0x1000, 0x80, 0, 0x2000]), nr("futex")), ERESTART_RESTARTBLOCK);
  assert.equal(restartCodeFor(fakeTask([0x1000, 0x80, 0, 0]), nr("futex")), ERESTARTSYS);
  assert.equal(restartCodeFor(fakeTask([0x1000, 6, 0, 0]), nr("futex")), ERESTARTNOINTR);
});
