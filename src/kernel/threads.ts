/**
 * Threads: clone's thread half (CLONE_THREAD: a new Task in the caller's Process, on the same
 * address space, descriptor table, filesystem context and signal actions), the flag rules Linux
 * applies to every clone, what a thread leaves behind when it exits (clear_child_tid, robust
 * futexes), and execve from a non-leader thread (the other threads die, the caller takes the
 * thread-group leader's pid).
 *
 * Threads share the address space object itself, so every CPU on it shares one decoded-code cache
 * (src/cpu/code-cache.ts, keyed by the memory): a code write made by one thread invalidates the
 * blocks all of them run.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { Cpu } from "../cpu/cpu.js";
import { Task, TaskState } from "./task.js";
import { ProcessState, type Process } from "./process.js";
import { setReturn } from "./entry.js";
import { exitRobustList, futexForget, futexWakeAddr } from "./futex.js";
import { Rlim } from "./rlimits.js";
import type { Kernel } from "./kernel.js";
import type { FileDescriptorTable } from "./fdtable.js";

export const CSIGNAL = 0x000000ff;
export const CLONE_VM = 0x00000100;
export const CLONE_FS = 0x00000200;
export const CLONE_FILES = 0x00000400;
export const CLONE_SIGHAND = 0x00000800;
export const CLONE_PIDFD = 0x00001000;
export const CLONE_PTRACE = 0x00002000;
export const CLONE_VFORK = 0x00004000;
export const CLONE_PARENT = 0x00008000;
export const CLONE_THREAD = 0x00010000;
export const CLONE_NEWNS = 0x00020000;
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_SETTLS = 0x00080000;
export const CLONE_PARENT_SETTID = 0x00100000;
export const CLONE_CHILD_CLEARTID = 0x00200000;
export const CLONE_DETACHED = 0x00400000;
export const CLONE_UNTRACED = 0x00800000;
export const CLONE_CHILD_SETTID = 0x01000000;
export const CLONE_NEWCGROUP = 0x02000000;
export const CLONE_NEWUTS = 0x04000000;
export const CLONE_NEWIPC = 0x08000000;
export const CLONE_NEWUSER = 0x10000000;
export const CLONE_NEWPID = 0x20000000;
export const CLONE_NEWNET = 0x40000000;
export const CLONE_IO = 0x80000000 | 0;
/** clone3 only (64-bit flags, high half). */
export const CLONE_CLEAR_SIGHAND_HI = 0x1; // 1 << 32
export const CLONE_INTO_CGROUP_HI = 0x2; // 1 << 33

/**
 * The machine-wide cap on tasks (threads and processes), like Linux's kernel.threads-max: clone
 * and fork fail with EAGAIN at it, so a fork bomb cannot exhaust the host (each process costs
 * a few hundred KiB of host memory: TLBs, a code cache).
 */
export const MAX_TASKS = 2048;

/**
 * Linux's consistency rules for clone flags (copy_process): 0 or -EINVAL.
 * `clone3` adds its own: no CSIGNAL bits, no CLONE_DETACHED.
 */
export function cloneFlagsError(flags: number, clone3: boolean): number {
  if ((flags & (CLONE_NEWNS | CLONE_FS)) === (CLONE_NEWNS | CLONE_FS)) return -Errno.EINVAL;
  if ((flags & (CLONE_NEWUSER | CLONE_FS)) === (CLONE_NEWUSER | CLONE_FS)) return -Errno.EINVAL;
  if (flags & CLONE_THREAD && !(flags & CLONE_SIGHAND)) return -Errno.EINVAL;
  if (flags & CLONE_SIGHAND && !(flags & CLONE_VM)) return -Errno.EINVAL;
  if (flags & CLONE_THREAD && flags & (CLONE_NEWUSER | CLONE_NEWPID)) return -Errno.EINVAL;
  if (!clone3 && flags & CLONE_PIDFD && (flags & CLONE_DETACHED || flags & CLONE_PARENT_SETTID)) return -Errno.EINVAL;
  if (flags & CLONE_PIDFD && flags & CLONE_THREAD) return -Errno.EINVAL;
  return 0;
}

/** Count tasks toward RLIMIT_NPROC (per real uid; root exempt) and the machine cap: throws EAGAIN. */
export function checkTaskLimits(t: Task): void {
  const k = t.kernel;
  if (k.tasks.size >= MAX_TASKS) throw new SyscallError(Errno.EAGAIN);
  const p = t.process;
  const lim = p.rlimits[Rlim.NPROC];
  if (!lim || lim.cur === Infinity || p.creds.uid === 0 || p.creds.euid === 0) return;
  let n = 0;
  for (const x of k.tasks.values()) if (x.process.creds.uid === p.creds.uid && x.process.state === ProcessState.Alive) n++;
  if (n >= lim.cur) throw new SyscallError(Errno.EAGAIN);
}

const TWO32 = 4294967296;

/**
 * clone(CLONE_THREAD...): a new task in `t`'s process. It starts as a copy of `t`'s registers,
 * returning 0 from the call, on stack `newSp` (if non-zero) and with fs base `tls` (CLONE_SETTLS).
 */
export function createThread(t: Task, flags: number, newSp: number, parentTid: number, childTid: number, tls: number): Task {
  const k = t.kernel;
  const p = t.process;
  if (p.exiting || p.state !== ProcessState.Alive) throw new SyscallError(Errno.EAGAIN);
  checkTaskLimits(t);
  const tid = k.allocPid();
  const cpu = new Cpu(p.mm);
  cpu.copyStateFrom(t.cpu);
  cpu.instructions = 0;
  const ct = new Task(tid, p, k, cpu);
  ct.sigmaskLo = t.sigmaskLo;
  ct.sigmaskHi = t.sigmaskHi;
  // A new thread on a shared stack space starts without an alternate signal stack (Linux clears it
  // for CLONE_VM without CLONE_VFORK).
  setReturn(ct, 0);
  if (newSp !== 0) {
    const hi = Math.floor(newSp / TWO32);
    cpu.lo[4] = newSp - hi * TWO32;
    cpu.hi[4] = hi;
  }
  if (flags & CLONE_SETTLS) cpu.fsBase = tls;
  // Writes into the shared memory, before anything can fail visibly: the parent's copy first.
  if (flags & CLONE_PARENT_SETTID) {
    try {
      t.scratch.setUint32(0, tid, true);
      t.copyScratchOut(parentTid, 4);
    } catch {
      // ignored, as Linux's kernel_clone ignores it
    }
  }
  if (flags & CLONE_CHILD_SETTID) {
    try {
      t.scratch.setUint32(0, tid, true);
      t.copyScratchOut(childTid, 4);
    } catch {
      // ignored, as Linux does
    }
  }
  if (flags & CLONE_CHILD_CLEARTID) ct.clearChildTid = childTid;
  ct.seccompMode = t.seccompMode;
  ct.seccompFilter = t.seccompFilter;
  p.threads.push(ct);
  k.tasks.set(tid, ct);
  for (const fn of k.events.taskStart) fn(ct, k.clock.nowNs());
  k.scheduler.enqueue(ct);
  return ct;
}

/**
 * What a thread leaving on its own (exit(2)) does to shared memory: its clear_child_tid word becomes
 * 0 with one FUTEX_WAKE (pthread_join waits on it), and the locks on its robust list are marked
 * FUTEX_OWNER_DIED.
 */
export function threadExitCleanup(t: Task): void {
  futexForget(t);
  exitRobustList(t);
  t.robustListHead = 0;
  const addr = t.clearChildTid;
  if (addr === 0) return;
  t.clearChildTid = 0;
  try {
    t.scratch.setUint32(0, 0, true);
    t.copyScratchOut(addr, 4);
  } catch {
    return; // a bad address is ignored, as Linux does
  }
  futexWakeAddr(t, addr, 1, false);
}

/**
 * execve succeeded in `t`: the other threads of its process die, and if `t` is not the leader it
 * takes the leader's tid (the pid), as Linux's de_thread does.
 */
export function deThread(t: Task): void {
  const k = t.kernel;
  const p = t.process;
  for (const x of [...p.threads]) if (x !== t) k.retireThread(x);
  if (t.tid !== p.pid) {
    k.tasks.delete(t.tid);
    t.tid = p.pid;
    k.tasks.set(t.tid, t);
  }
}

// ---- CLONE_FILES between processes: the table closes when its last user goes ----

const fdUsers = new WeakMap<FileDescriptorTable, number>();

/** One more process uses `fds` (clone with CLONE_FILES and without CLONE_THREAD). */
export function shareFdTable(fds: FileDescriptorTable): void {
  fdUsers.set(fds, (fdUsers.get(fds) ?? 1) + 1);
}

/** A process lets go of `fds`: true if it was the last user (the table should close its files). */
export function dropFdTable(fds: FileDescriptorTable): boolean {
  const n = fdUsers.get(fds);
  if (n === undefined) return true;
  if (n <= 2) fdUsers.delete(fds);
  else fdUsers.set(fds, n - 1);
  return false;
}

const sighandUsers = new WeakMap<object, number>();

/** One more process uses signal actions `sa` (clone with CLONE_SIGHAND and without CLONE_THREAD). */
export function shareSigactions<T extends object>(sa: T): T {
  sighandUsers.set(sa, (sighandUsers.get(sa) ?? 1) + 1);
  return sa;
}

/**
 * execve gives the process its own descriptor table and signal actions if it shared them with
 * another process (CLONE_FILES / CLONE_SIGHAND), as Linux does before closing close-on-exec
 * descriptors and resetting handlers.
 */
export function unshareForExec(p: Process): void {
  if (!dropFdTable(p.fds)) {
    const old = p.fds;
    p.fds = old.clone(() => p.rlimits[Rlim.NOFILE]!.cur);
  }
  const n = sighandUsers.get(p.sigactions);
  if (n !== undefined) {
    if (n <= 2) sighandUsers.delete(p.sigactions);
    else sighandUsers.set(p.sigactions, n - 1);
    p.sigactions = p.sigactions.clone();
  }
}

/** Live threads of `p` (not yet retired). */
export function liveThreads(p: Process): number {
  let n = 0;
  for (const x of p.threads) if (x.state !== TaskState.Dead) n++;
  return n;
}

/** Used by tests: the kernel's task count. */
export function taskCount(k: Kernel): number {
  return k.tasks.size;
}
