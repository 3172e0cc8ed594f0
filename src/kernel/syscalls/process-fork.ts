/**
 * Making and replacing processes, and waiting for them: fork, vfork, clone (the process forms),
 * execve, execveat, wait4, waitid.
 *
 * fork copies the address space copy-on-write (AddressSpace.fork), shares open file descriptions
 * (FileDescriptorTable.clone) and copies registers (Cpu.copyStateFrom); the child returns 0.
 * vfork (CLONE_VM|CLONE_VFORK) lends the parent's address space to the child, and the parent
 * sleeps until the child execs or exits, as on Linux.
 * Threads (CLONE_THREAD) are new tasks in the caller's process (src/kernel/threads.ts); other
 * sharing (CLONE_VM, CLONE_FILES, CLONE_SIGHAND, CLONE_FS without CLONE_THREAD) makes a process
 * that shares those objects with its parent. clone3 takes the same flags from struct clone_args.
 */
import { takeJobReport } from "../job-control.js";
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { Sig } from "../../abi/signals.js";
import { AT_FDCWD } from "../../abi/fcntl.js";
import { Cpu } from "../../cpu/cpu.js";
import type { AddressSpace } from "../../mm/address-space.js";
import type { SyscallHandlers } from "./types.js";
import { Task } from "../task.js";
import { Process, ProcessState } from "../process.js";
import { setReturn } from "../entry.js";
import { BLOCK } from "../wait.js";
import { execImage, ExecFailure } from "../exec.js";
import { Rlim } from "../rlimits.js";
import { putUserU32 } from "./process.js";
import { binToBytes, type Dentry } from "../vfs/node.js";
import { installPidfd, pidfdTarget } from "../pidfd.js";
import { checkTaskLimits, cloneFlagsError, createThread, shareFdTable, shareSigactions, CLONE_IO } from "../threads.js";

// clone flags
const CSIGNAL = 0x000000ff;
const CLONE_VM = 0x00000100;
const CLONE_FS = 0x00000200;
const CLONE_FILES = 0x00000400;
const CLONE_SIGHAND = 0x00000800;
const CLONE_PIDFD = 0x00001000;
const CLONE_PTRACE = 0x00002000;
const CLONE_VFORK = 0x00004000;
const CLONE_PARENT = 0x00008000;
const CLONE_THREAD = 0x00010000;
const CLONE_NEWNS = 0x00020000;
const CLONE_SYSVSEM = 0x00040000;
const CLONE_SETTLS = 0x00080000;
const CLONE_PARENT_SETTID = 0x00100000;
const CLONE_CHILD_CLEARTID = 0x00200000;
const CLONE_DETACHED = 0x00400000;
const CLONE_UNTRACED = 0x00800000;
const CLONE_CHILD_SETTID = 0x01000000;
/** Flags this file honours (the rest are refused). */
const SUPPORTED = CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_VFORK | CLONE_PARENT |
  CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED |
  CLONE_CHILD_SETTID | CLONE_PTRACE | CLONE_IO | CLONE_PIDFD;
void CLONE_NEWNS;

// wait options
const WNOHANG = 0x00000001;
const WUNTRACED = 0x00000002;
const WEXITED = 0x00000004;
const WCONTINUED = 0x00000008;
const WNOWAIT = 0x01000000;
const __WNOTHREAD = 0x20000000;
const __WALL = 0x40000000;
const __WCLONE = 0x80000000 | 0;
/**
 * Linux's rule for "clone children" (exit signal other than SIGCHLD): waited for only with
 * __WCLONE, the others only without it; __WALL waits for both.
 */
function waitsForKind(c: Process, options: number): boolean {
  return (options & __WALL) !== 0 || (c.exitSignal !== Sig.SIGCHLD) === ((options & __WCLONE) !== 0);
}
const WAIT4_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;
const WAITID_OPTIONS = WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE;

// waitid idtypes
const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;
const P_PIDFD = 3;

const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;

/** Linux's limits on execve's strings: one string (MAX_ARG_STRLEN) and the count (MAX_ARG_STRINGS). */
const MAX_ARG_STRLEN = 32 * 4096;
const MAX_ARG_STRINGS = 0x7fffffff;
const AT_EMPTY_PATH = 0x1000;
const AT_SYMLINK_NOFOLLOW = 0x100;

const TWO32 = 4294967296;

function setReg(cpu: Cpu, r: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  cpu.lo[r] = v - hi * TWO32;
  cpu.hi[r] = hi;
}

/** The address space's code-write hooks (one per code cache on it). */
function codeListenersOf(mm: AddressSpace): readonly ((page: number) => void)[] {
  return mm.codeWriteListeners();
}

/**
 * A new process copied from `t`'s (fork semantics), entered into the process table and runnable.
 * Returns the child's only task.
 */
function forkProcess(t: Task, flags: number, newSp: number, parentTid: number, childTid: number, tls: number): Task {
  const k = t.kernel;
  const parent = t.process;
  checkTaskLimits(t);
  const pid = k.allocPid();
  const rlimits = parent.rlimits.map((r) => ({ cur: r.cur, max: r.max }));
  let child: Process | null = null;
  let fds = parent.fds;
  if (flags & CLONE_FILES) shareFdTable(fds); // one table, closed by its last user
  else fds = parent.fds.clone(() => (child?.rlimits ?? rlimits)[Rlim.NOFILE]!.cur);
  child = new Process({
    pid,
    ppid: flags & CLONE_PARENT ? parent.ppid : parent.pid,
    pgid: parent.pgid,
    sid: parent.sid,
    mm: flags & CLONE_VM ? parent.mm : parent.mm.fork(),
    fds,
    fs: flags & CLONE_FS ? parent.fs : parent.fs.clone(),
    creds: { ...parent.creds, groups: [...parent.creds.groups] },
    rlimits,
    parent: flags & CLONE_PARENT ? parent.parent : parent,
    sigactions: flags & CLONE_SIGHAND ? shareSigactions(parent.sigactions) : parent.sigactions.clone(),
  });
  child.exitSignal = flags & CSIGNAL;
  child.comm = parent.comm;
  child.exePath = parent.exePath;
  child.exeDev = parent.exeDev;
  child.exeIno = parent.exeIno;
  child.argv = parent.argv;
  child.envp = parent.envp;
  child.dumpable = parent.dumpable;
  child.noNewPrivs = parent.noNewPrivs;
  child.mceKillPolicy = parent.mceKillPolicy;
  child.layout = parent.layout;
  child.oomScoreAdj = parent.oomScoreAdj;
  child.parent?.children.push(child);
  let cpu: Cpu;
  if (flags & CLONE_VM) {
    // vfork: the child borrows the parent's space; remember the hook its CPU puts on it.
    child.mmBorrowed = true;
    const before = codeListenersOf(child.mm).slice();
    cpu = new Cpu(child.mm);
    child.borrowedCodeListener = codeListenersOf(child.mm).find((f) => !before.includes(f)) ?? null;
  } else cpu = new Cpu(child.mm);
  cpu.copyStateFrom(t.cpu);
  cpu.instructions = 0;
  const ct = new Task(pid, child, k, cpu);
  ct.sigmaskLo = t.sigmaskLo;
  ct.sigmaskHi = t.sigmaskHi;
  ct.altStack = { ...t.altStack };
  child.threads.push(ct);
  // The child sees 0 from the call; it resumes right after the `syscall` instruction.
  setReturn(ct, 0);
  if (newSp !== 0) setReg(cpu, 4, newSp);
  if (flags & CLONE_SETTLS) cpu.fsBase = tls;
  if (flags & CLONE_CHILD_SETTID) {
    try {
      child.mm.copyOut(childTid, new Uint8Array(new Uint32Array([pid]).buffer));
    } catch {
      // ignored, as Linux does for a bad child_tid
    }
  }
  if (flags & CLONE_CHILD_CLEARTID) ct.clearChildTid = childTid;
  ct.seccompMode = t.seccompMode;
  ct.seccompFilter = t.seccompFilter;
  if (flags & CLONE_PARENT_SETTID) {
    try {
      putUserU32(t, parentTid, pid);
    } catch {
      // ignored: Linux's kernel_clone does not check this put_user either
    }
  }
  k.startProcess(ct);
  return ct;
}

/** The shared path of fork, vfork and clone. A vfork parent re-enters here when woken. */
function doClone(t: Task, flags: number, newSp: number, parentTid: number, childTid: number, tls: number, clone3 = false, pidfdAddr = parentTid): number {
  const pending = t.vforkChild;
  if (pending !== null) {
    if (!pending.vforkDone) {
      t.sleepOn(pending.vforkWait);
      return BLOCK; // BLOCK
    }
    t.vforkChild = null;
    return pending.pid;
  }
  if (flags & ~SUPPORTED) return -Errno.EINVAL;
  const bad = cloneFlagsError(flags, clone3);
  if (bad < 0) return bad;
  if (flags & CLONE_PARENT && t.process.parent === null) return -Errno.EINVAL;
  if (flags & CLONE_THREAD) return createThread(t, flags, newSp, parentTid, childTid, tls).tid;
  if (flags & CLONE_PIDFD) {
    // The pidfd goes where the caller said; check the address can take it before forking.
    t.scratch.setInt32(0, -1, true);
    t.copyScratchOut(pidfdAddr, 4);
  }
  const ct = forkProcess(t, flags, newSp, parentTid, childTid, tls);
  if (flags & CLONE_PIDFD) {
    const fd = installPidfd(t, ct.process, 0);
    t.scratch.setInt32(0, fd, true);
    t.copyScratchOut(pidfdAddr, 4);
  }
  if (flags & CLONE_VFORK) {
    t.vforkChild = ct.process;
    if (!ct.process.vforkDone) {
      t.sleepOn(ct.process.vforkWait);
      return BLOCK;
    }
    t.vforkChild = null;
  }
  return ct.tid;
}

/** struct clone_args sizes: the first published version and the one sysgate knows (v2, cgroup). */
const CLONE_ARGS_SIZE_VER0 = 64;
const CLONE_ARGS_SIZE_KNOWN = 88;
/** Bits of clone3's 64-bit flags above 32 that Linux knows: CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP. */
const CLONE3_HIGH_KNOWN = 0x3;
const CLONE_NEWTIME = 0x80;

/**
 * clone3(args, size): the same clone, its arguments in a struct that may grow. A caller's struct
 * shorter than the first version is EINVAL; a longer one must be zeros beyond what the kernel
 * knows (E2BIG), and at most a page.
 */
function sysClone3(t: Task, addr: number, size: number): number {
  const pending = t.vforkChild;
  if (pending !== null) return doClone(t, 0, 0, 0, 0, 0, true); // a vfork parent woken again
  if (size > 4096) return -Errno.E2BIG;
  if (size < CLONE_ARGS_SIZE_VER0) return -Errno.EINVAL;
  // As copy_struct_from_user: the tail beyond what the kernel knows is checked first, one aligned
  // word at a time, so a non-zero word before an unreadable one is E2BIG, not EFAULT.
  for (let off = CLONE_ARGS_SIZE_KNOWN; off < size; ) {
    const wordStart = addr + off - ((addr + off) % 8);
    const word = t.mm.copyIn(wordStart, 8);
    const from = addr + off - wordStart;
    const to = Math.min(8, addr + size - wordStart);
    for (let i = from; i < to; i++) if (word[i] !== 0) return -Errno.E2BIG;
    off += to - from;
  }
  const b = new Uint8Array(CLONE_ARGS_SIZE_KNOWN);
  b.set(t.mm.copyIn(addr, Math.min(size, CLONE_ARGS_SIZE_KNOWN)));
  const dv = new DataView(b.buffer);
  const lo = (off: number): number => dv.getUint32(off, true);
  const hi = (off: number): number => dv.getUint32(off + 4, true);
  const u64 = (off: number): number => hi(off) * TWO32 + lo(off);
  const flags = lo(0) | 0;
  const flagsHi = hi(0);
  const exitSignal = u64(32);
  const stack = u64(40);
  const stackSize = u64(48);
  const setTid = u64(64);
  const setTidSize = u64(72);
  if (setTidSize > 32) return -Errno.EINVAL;
  if ((setTid === 0) !== (setTidSize === 0)) return -Errno.EINVAL;
  if (exitSignal > CSIGNAL) return -Errno.EINVAL;
  if (flagsHi & ~CLONE3_HIGH_KNOWN) return -Errno.EINVAL;
  if (flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))) return -Errno.EINVAL;
  if (flagsHi & 1 && flags & CLONE_SIGHAND) return -Errno.EINVAL; // CLONE_CLEAR_SIGHAND with CLONE_SIGHAND
  if (exitSignal > 64) return -Errno.EINVAL;
  if ((stack === 0) !== (stackSize === 0)) return -Errno.EINVAL;
  if (setTidSize !== 0) return t.process.creds.euid === 0 ? -Errno.EINVAL : -Errno.EPERM;
  if (flagsHi & 2) return -Errno.EINVAL; // CLONE_INTO_CGROUP: no cgroups here
  const sp = stack === 0 ? 0 : stack + stackSize;
  const r = doClone(t, (flags & ~CSIGNAL) | (flags & CLONE_THREAD ? 0 : exitSignal), sp, u64(24), u64(16), u64(56), true, u64(8));
  if (r >= 0 && flagsHi & 1 && !(flags & CLONE_THREAD)) {
    const c = t.kernel.processes.get(r);
    c?.sigactions.resetForExec(); // CLONE_CLEAR_SIGHAND: handlers back to SIG_DFL, ignored stay ignored
  }
  return r;
}

/** Read a NULL-terminated array of string pointers (argv, envp) from user memory. */
function readStringArray(t: Task, addr: number, total: { bytes: number }): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (addr === 0) return out;
  for (let i = 0; ; i++) {
    const b = t.mm.copyIn(addr + i * 8, 8);
    const p = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) * TWO32 + ((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0);
    if (p === 0) break;
    if (i >= MAX_ARG_STRINGS) throw new SyscallError(Errno.E2BIG);
    const s = t.mm.readString(p, MAX_ARG_STRLEN);
    if (s === null) throw new SyscallError(Errno.E2BIG);
    total.bytes += s.length + 1 + 8;
    if (total.bytes > argLimit(t)) throw new SyscallError(Errno.E2BIG);
    out.push(s.slice());
  }
  return out;
}

/** ARG_MAX as Linux computes it: a quarter of the stack limit, at most 3/4 of 6 MiB... kept simple. */
function argLimit(t: Task): number {
  const st = t.process.rlimits[Rlim.STACK]!.cur;
  const quarter = st === Infinity ? 6 * 1024 * 1024 : Math.floor(st / 4);
  return Math.max(32 * 4096, Math.min(quarter, 6 * 1024 * 1024));
}

function doExec(t: Task, pathAddr: number, argvAddr: number, envpAddr: number, dir: Dentry | null): number {
  const raw = t.mm.readString(pathAddr, 4096);
  if (raw === null) return -Errno.ENAMETOOLONG;
  const total = { bytes: 0 };
  const argv = readStringArray(t, argvAddr, total);
  const envp = readStringArray(t, envpAddr, total);
  if (raw.length === 0) return -Errno.ENOENT;
  const path = new TextDecoder().decode(raw);
  // execveat relative to a directory: the directory's own path joined with it (what a "#!"
  // interpreter then opens; Linux hands it /dev/fd/N/NAME instead).
  const full = dir !== null && !path.startsWith("/") ? joinPath(new TextDecoder().decode(binToBytes(dir.path)), path) : path;
  try {
    execImage(t, full, argv, envp);
  } catch (e) {
    return execError(e);
  }
  return 0;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : dir + "/" + name;
}

function execError(e: unknown): number {
  if (e instanceof SyscallError) return -e.errno;
  if (e instanceof ExecFailure) return -e.errno;
  if (e instanceof Error && e.name === "ElfError") return -Errno.ENOEXEC;
  if (e instanceof Error && "errno" in e && typeof (e as { errno: unknown }).errno === "number") return -(e as { errno: number }).errno;
  throw e;
}

/** Does child `c` match wait4's pid argument for parent process `p`? */
function matches(p: Process, c: Process, pid: number): boolean {
  if (pid > 0) return c.pid === pid;
  if (pid === -1) return true;
  if (pid === 0) return c.pgid === p.pgid;
  return c.pgid === -pid;
}

function writeRusage(t: Task, addr: number, c: Process): void {
  const b = new Uint8Array(144);
  const dv = new DataView(b.buffer);
  const sys = c.deadThreadSysMs + c.childSysMs;
  const timeval = (off: number, ms: number) => {
    const us = Math.floor(Math.max(0, ms) * 1000);
    const sec = Math.floor(us / 1e6);
    dv.setUint32(off, sec, true);
    dv.setUint32(off + 8, us - sec * 1e6, true);
  };
  timeval(0, c.deadThreadCpuMs + c.childCpuMs - sys); // ru_utime
  timeval(16, sys); // ru_stime
  dv.setUint32(32, Math.max(c.maxRssKb, c.childMaxRssKb), true); // ru_maxrss
  t.mm.copyOut(addr, b);
}

export const processForkSyscalls: SyscallHandlers = {
  fork(t) {
    return doClone(t, Sig.SIGCHLD, 0, 0, 0, 0);
  },
  vfork(t) {
    return doClone(t, CLONE_VM | CLONE_VFORK | Sig.SIGCHLD, 0, 0, 0, 0);
  },
  clone(t, a) {
    // x86-64 order: flags, newsp, parent_tid, child_tid, tls.
    return doClone(t, a.uint(0) | 0, a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4));
  },
  clone3(t, a) {
    return sysClone3(t, a.ptr(0), a.u64(1));
  },
  execve(t, a) {
    return doExec(t, a.ptr(0), a.ptr(1), a.ptr(2), null);
  },
  execveat(t, a) {
    const dirfd = a.int(0);
    const flags = a.int(4);
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) return -Errno.EINVAL;
    if (flags & AT_EMPTY_PATH) {
      // fexecve: an empty path runs the file open at dirfd itself, found again by its path.
      const raw = t.mm.readString(a.ptr(1), 4096);
      if (raw !== null && raw.length === 0) {
        const f = t.process.fds.get(dirfd);
        if (!f) return -Errno.EBADF;
        if (f.dentry === null) return -Errno.EACCES;
        const total = { bytes: 0 };
        const argv = readStringArray(t, a.ptr(2), total);
        const envp = readStringArray(t, a.ptr(3), total);
        try {
          execImage(t, new TextDecoder().decode(binToBytes(f.dentry.path)), argv, envp);
        } catch (e) {
          return execError(e);
        }
        return 0;
      }
    }
    const first = t.mm.copyIn(a.ptr(1), 1);
    if (first[0] === 0) return -Errno.ENOENT;
    if (dirfd === AT_FDCWD || first[0] === 0x2f /* '/' */) return doExec(t, a.ptr(1), a.ptr(2), a.ptr(3), null);
    const f = t.process.fds.get(dirfd);
    if (!f) return -Errno.EBADF;
    if (f.dentry === null || !f.dentry.node.isDir()) return -Errno.ENOTDIR;
    return doExec(t, a.ptr(1), a.ptr(2), a.ptr(3), f.dentry);
  },
  wait4(t, a) {
    const pid = a.int(0);
    const statusAddr = a.ptr(1);
    const options = a.int(2);
    const ruAddr = a.ptr(3);
    if (options & ~WAIT4_OPTIONS) return -Errno.EINVAL;
    if (pid === -0x80000000) return -Errno.ESRCH;
    const p = t.process;
    let any = false;
    for (const c of p.children) {
      if (!matches(p, c, pid) || !waitsForKind(c, options)) continue;
      any = true;
      const job = takeJobReport(c, options, true);
      if (job !== null) {
        if (statusAddr !== 0) putUserU32(t, statusAddr, job.status);
        if (ruAddr !== 0) writeRusage(t, ruAddr, c);
        return c.pid;
      }
      if (c.state !== ProcessState.Zombie) continue;
      if (statusAddr !== 0) putUserU32(t, statusAddr, c.exitStatus);
      if (ruAddr !== 0) writeRusage(t, ruAddr, c);
      t.kernel.reap(c);
      return c.pid;
    }
    if (!any) return -Errno.ECHILD;
    if (options & WNOHANG) return 0;
    t.sleepOn(p.childWait);
    return BLOCK;
  },
  waitid(t, a) {
    const idtype = a.int(0);
    const id = a.int(1);
    const infoAddr = a.ptr(2);
    const options = a.int(3);
    const ruAddr = a.ptr(4);
    if (options & ~WAITID_OPTIONS) return -Errno.EINVAL;
    if (!(options & (WEXITED | WUNTRACED | WCONTINUED))) return -Errno.EINVAL;
    let pid: number;
    if (idtype === P_ALL) pid = -1;
    else if (idtype === P_PID) {
      if (id <= 0) return -Errno.EINVAL;
      pid = id;
    } else if (idtype === P_PGID) {
      if (id < 0) return -Errno.EINVAL;
      pid = id === 0 ? 0 : -id;
    } else if (idtype === P_PIDFD) {
      if (id < 0) return -Errno.EINVAL;
      const target = pidfdTarget(t, id);
      if (typeof target === "number") return target;
      pid = target.pid;
    } else return -Errno.EINVAL;
    const p = t.process;
    let any = false;
    for (const c of p.children) {
      if (!matches(p, c, pid) || !waitsForKind(c, options)) continue;
      any = true;
      const job = takeJobReport(c, options, !(options & WNOWAIT));
      if (job !== null) {
        if (infoAddr !== 0) {
          const b = new Uint8Array(128);
          const dv = new DataView(b.buffer);
          dv.setInt32(0, Sig.SIGCHLD, true);
          dv.setInt32(8, job.code, true);
          dv.setInt32(16, c.pid, true);
          dv.setInt32(20, c.creds.uid, true);
          dv.setInt32(24, job.sigStatus, true);
          t.mm.copyOut(infoAddr, b);
        }
        if (ruAddr !== 0) writeRusage(t, ruAddr, c);
        return 0;
      }
      if (c.state !== ProcessState.Zombie || !(options & WEXITED)) continue;
      const st = c.exitStatus;
      const sig = st & 0x7f;
      if (infoAddr !== 0) {
        const b = new Uint8Array(128);
        const dv = new DataView(b.buffer);
        dv.setInt32(0, Sig.SIGCHLD, true);
        dv.setInt32(8, sig === 0 ? CLD_EXITED : st & 0x80 ? CLD_DUMPED : CLD_KILLED, true);
        dv.setInt32(16, c.pid, true);
        dv.setInt32(20, c.creds.uid, true);
        dv.setInt32(24, sig === 0 ? (st >> 8) & 0xff : sig, true);
        t.mm.copyOut(infoAddr, b);
      }
      if (ruAddr !== 0) writeRusage(t, ruAddr, c);
      if (!(options & WNOWAIT)) t.kernel.reap(c);
      return 0;
    }
    if (!any) return -Errno.ECHILD;
    if (options & WNOHANG) {
      if (infoAddr !== 0) t.mm.copyOut(infoAddr, new Uint8Array(128));
      return 0;
    }
    t.sleepOn(p.childWait);
    return BLOCK;
  },
  setpgid(t, a) {
    const pid = a.int(0);
    let pgid = a.int(1);
    const me = t.process;
    if (pgid < 0) return -Errno.EINVAL;
    let target: Process | undefined;
    if (pid === 0 || pid === me.pid) target = me;
    else {
      target = me.children.find((c) => c.pid === pid);
      if (!target) return -Errno.ESRCH;
      if (target.sid !== me.sid) return -Errno.EPERM;
      if (target.didExec) return -Errno.EACCES;
    }
    if (pgid === 0) pgid = target.pid;
    if (target.sid === target.pid) return -Errno.EPERM; // a session leader keeps its group
    if (pgid !== target.pid) {
      let found = false;
      for (const q of t.kernel.processes.values()) {
        if (q.pgid === pgid && q.sid === me.sid && q.state === ProcessState.Alive) {
          found = true;
          break;
        }
      }
      if (!found) return -Errno.EPERM;
    }
    target.pgid = pgid;
    return 0;
  },
  setsid(t) {
    const me = t.process;
    for (const q of t.kernel.processes.values()) {
      if (q.pgid === me.pid && q.state === ProcessState.Alive) return -Errno.EPERM;
    }
    me.sid = me.pid;
    me.pgid = me.pid;
    return me.pid;
  },
};
