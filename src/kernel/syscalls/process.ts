/**
 * Process and thread identity, lifetime and set-up: exit, ids, kill, thread bookkeeping that libc
 * does at start-up (set_tid_address, set_robust_list, rseq, arch_prctl), limits, prctl, affinity.
 */
import { Errno } from "../../abi/errno.js";
import { isValidSignal, SI_USER, SI_TKILL, NSIG } from "../../abi/signals.js";
import type { SyscallHandlers } from "./types.js";
import type { Task } from "../task.js";
import type { Process, Rlimit } from "../process.js";
import { ProcessState } from "../process.js";
import { sendSignal } from "../signal.js";
import { RLIM_NLIMITS, Rlim, applyRlimit, checkNewRlimit } from "../rlimits.js";
import { isPrivileged, setId, NGROUPS_MAX } from "../credentials.js";
import { INIT_PID } from "../kernel.js";
import {
  ARCH_GET_FS, ARCH_GET_GS, ARCH_SET_FS, ARCH_SET_GS, CAP_LAST_CAP, PR_CAPBSET_READ, PR_GET_DUMPABLE, PR_GET_NAME,
  PR_GET_NO_NEW_PRIVS, PR_GET_PDEATHSIG, PR_GET_TID_ADDRESS, PR_GET_TIMING, PR_MCE_KILL, PR_MCE_KILL_DEFAULT,
  PR_MCE_KILL_GET, PR_GET_SECCOMP, PR_SET_SECCOMP, PR_SET_DUMPABLE, PR_SET_NAME, PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG, PR_SET_TIMING,
} from "../../abi/prctl.js";
import { setSeccomp } from "../seccomp.js";

const TWO32 = 4294967296;
/** Highest user address + 1 (TASK_SIZE_MAX on x86-64 with 4-level paging). */
export const TASK_SIZE = 0x7ffffffff000;

// ---- helpers: 64-bit values in the task's scratch buffer ----

export function putU64(t: Task, off: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  t.scratch.setUint32(off, v - hi * TWO32, true);
  t.scratch.setUint32(off + 4, hi >>> 0, true);
}
export function putI64(t: Task, off: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  t.scratch.setUint32(off, (v - hi * TWO32) >>> 0, true);
  t.scratch.setInt32(off + 4, hi, true);
}
/** Read a u64 from bytes (little-endian) as a number (exact below 2^53). */
export function getU64(b: Uint8Array, off: number): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return dv.getUint32(off + 4, true) * TWO32 + dv.getUint32(off, true);
}
export function getI64(b: Uint8Array, off: number): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return dv.getInt32(off + 4, true) * TWO32 + dv.getUint32(off, true);
}
/** Write one u32 to user memory. */
export function putUserU32(t: Task, addr: number, v: number): void {
  t.scratch.setUint32(0, v >>> 0, true);
  t.copyScratchOut(addr, 4);
}
export function putUserU64(t: Task, addr: number, v: number): void {
  putU64(t, 0, v);
  t.copyScratchOut(addr, 8);
}

function findProcess(t: Task, pid: number): Process | undefined {
  if (pid === 0 || pid === t.process.pid) return t.process;
  const p = t.kernel.processes.get(pid);
  // A zombie still has its pid (kill answers 0, getpgid its group) until it is reaped.
  return p && p.state !== ProcessState.Reaped ? p : undefined;
}

function findTask(t: Task, tid: number): Task | undefined {
  if (tid === 0 || tid === t.tid) return t;
  return t.kernel.tasks.get(tid);
}

/** May `t` send a signal to `p`? (kill(2): same real or effective uid as the target's real or saved uid, or root.) */
function maySignal(t: Task, p: Process): boolean {
  const c = t.process.creds;
  if (c.euid === 0 || p === t.process) return true;
  const d = p.creds;
  return c.euid === d.uid || c.euid === d.suid || c.uid === d.uid || c.uid === d.suid;
}

function signalProcess(t: Task, p: Process, sig: number): number {
  if (!maySignal(t, p)) return -Errno.EPERM;
  sendSignal(p, null, sig, SI_USER, t.process.pid, t.process.creds.uid);
  return 0;
}

// ---- rlimit struct: two u64; RLIM_INFINITY = ~0 ----

function readRlimit(t: Task, addr: number): Rlimit {
  const b = t.mm.copyIn(addr, 16);
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const conv = (off: number): number => {
    const lo = dv.getUint32(off, true), hi = dv.getUint32(off + 4, true);
    if (hi === 0xffffffff && lo === 0xffffffff) return Infinity;
    return hi * TWO32 + lo;
  };
  return { cur: conv(0), max: conv(8) };
}

function writeRlimit(t: Task, addr: number, r: Rlimit): void {
  const put = (off: number, v: number): void => {
    if (v === Infinity || v >= 2 ** 64) {
      t.scratch.setInt32(off, -1, true);
      t.scratch.setInt32(off + 4, -1, true);
    } else putU64(t, off, v);
  };
  put(0, r.cur);
  put(8, r.max);
  t.copyScratchOut(addr, 16);
}

function doPrlimit(t: Task, p: Process, resource: number, newAddr: number, oldAddr: number): number {
  let next: Rlimit | null = null;
  if (newAddr !== 0) next = readRlimit(t, newAddr);
  if (resource < 0 || resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const old = p.rlimits[resource]!;
  if (next) {
    const err = checkNewRlimit(resource, old, next, isPrivileged(t.process.creds));
    if (err < 0) return err;
  }
  if (oldAddr !== 0) writeRlimit(t, oldAddr, old);
  if (next) {
    p.rlimits[resource] = next;
    applyRlimit(p, resource);
  }
  return 0;
}


/** struct robust_list_head is three pointers on x86-64. */
const ROBUST_LIST_HEAD_SIZE = 24;
/** The original struct rseq size; registration must give at least this much. */
const RSEQ_MIN_LEN = 32;
const RSEQ_FLAG_UNREGISTER = 1;
const RSEQ_CPU_ID_UNINITIALIZED = -1;

function cpuMaskBytes(ncpus: number): number {
  return Math.ceil(ncpus / 64) * 8;
}

export const processSyscalls: SyscallHandlers = {
  exit(t, a) {
    t.kernel.exitTask(t, (a.int(0) & 0xff) << 8);
    return 0;
  },
  exit_group(t, a) {
    t.kernel.exitProcess(t.process, (a.int(0) & 0xff) << 8);
    return 0;
  },
  getpid(t) {
    return t.process.pid;
  },
  gettid(t) {
    return t.tid;
  },
  getppid(t) {
    return t.process.ppid;
  },
  getuid(t) {
    return t.process.creds.uid;
  },
  geteuid(t) {
    return t.process.creds.euid;
  },
  getgid(t) {
    return t.process.creds.gid;
  },
  getegid(t) {
    return t.process.creds.egid;
  },
  getpgrp(t) {
    return t.process.pgid;
  },
  getpgid(t, a) {
    const p = findProcess(t, a.int(0));
    return p ? p.pgid : -Errno.ESRCH;
  },
  getsid(t, a) {
    const p = findProcess(t, a.int(0));
    return p ? p.sid : -Errno.ESRCH;
  },
  getgroups(t, a) {
    const size = a.int(0);
    const groups = t.process.creds.groups;
    if (size < 0) return -Errno.EINVAL;
    if (size === 0) return groups.length;
    if (size < groups.length) return -Errno.EINVAL;
    if (groups.length === 0) return 0;
    const out = new Uint8Array(groups.length * 4);
    const dv = new DataView(out.buffer);
    groups.forEach((g, i) => dv.setUint32(i * 4, g, true));
    t.mm.copyOut(a.ptr(1), out);
    return groups.length;
  },
  getresuid(t, a) {
    const c = t.process.creds;
    putUserU32(t, a.ptr(0), c.uid);
    putUserU32(t, a.ptr(1), c.euid);
    putUserU32(t, a.ptr(2), c.suid);
    return 0;
  },
  getresgid(t, a) {
    const c = t.process.creds;
    putUserU32(t, a.ptr(0), c.gid);
    putUserU32(t, a.ptr(1), c.egid);
    putUserU32(t, a.ptr(2), c.sgid);
    return 0;
  },

  setuid: (t, a) => setId.setuid(t.process.creds, a.uint(0)),
  setgid: (t, a) => setId.setgid(t.process.creds, a.uint(0)),
  setreuid: (t, a) => setId.setreuid(t.process.creds, a.uint(0), a.uint(1)),
  setregid: (t, a) => setId.setregid(t.process.creds, a.uint(0), a.uint(1)),
  setresuid: (t, a) => setId.setresuid(t.process.creds, a.uint(0), a.uint(1), a.uint(2)),
  setresgid: (t, a) => setId.setresgid(t.process.creds, a.uint(0), a.uint(1), a.uint(2)),
  setfsuid: (t, a) => setId.setfsuid(t.process.creds, a.uint(0)),
  setfsgid: (t, a) => setId.setfsgid(t.process.creds, a.uint(0)),
  setgroups(t, a) {
    const size = a.int(0);
    if (size < 0 || size > NGROUPS_MAX) return -Errno.EINVAL;
    if (!isPrivileged(t.process.creds)) return -Errno.EPERM;
    const list: number[] = [];
    if (size > 0) {
      const b = t.mm.copyIn(a.ptr(1), size * 4);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let i = 0; i < size; i++) list.push(dv.getUint32(i * 4, true));
    }
    t.process.creds.groups = list.sort((x, y) => x - y);
    return 0;
  },

  kill(t, a) {
    const pid = a.int(0);
    const sig = a.int(1);
    if (sig !== 0 && !isValidSignal(sig)) return -Errno.EINVAL;
    if (pid > 0) {
      const p = findProcess(t, pid);
      return p ? signalProcess(t, p, sig) : -Errno.ESRCH;
    }
    // Groups (0: caller's group, < -1: group -pid) and -1 (everyone but init and the caller).
    const all = [...t.kernel.processes.values()].filter((p) => p.state === ProcessState.Alive);
    let targets: Process[];
    if (pid === -1) targets = all.filter((p) => p.pid !== INIT_PID && p !== t.process);
    else {
      const pgid = pid === 0 ? t.process.pgid : -pid;
      targets = all.filter((p) => p.pgid === pgid);
    }
    if (targets.length === 0) return -Errno.ESRCH;
    let ok = false;
    let err = -Errno.EPERM;
    // Signal the caller last: a fatal signal to itself must not cut the loop short.
    targets.sort((x, y) => (x === t.process ? 1 : 0) - (y === t.process ? 1 : 0));
    for (const p of targets) {
      const r = signalProcess(t, p, sig);
      if (r === 0) ok = true;
      else err = r;
    }
    return ok ? 0 : err;
  },
  tgkill(t, a) {
    const tgid = a.int(0), tid = a.int(1), sig = a.int(2);
    if (tgid <= 0 || tid <= 0 || (sig !== 0 && !isValidSignal(sig))) return -Errno.EINVAL;
    const target = t.kernel.tasks.get(tid);
    if (!target || target.process.pid !== tgid) return -Errno.ESRCH;
    if (!maySignal(t, target.process)) return -Errno.EPERM;
    sendSignal(target.process, target, sig, SI_TKILL, t.process.pid, t.process.creds.uid);
    return 0;
  },
  tkill(t, a) {
    const tid = a.int(0), sig = a.int(1);
    if (tid <= 0 || (sig !== 0 && !isValidSignal(sig))) return -Errno.EINVAL;
    const target = t.kernel.tasks.get(tid);
    if (!target) return -Errno.ESRCH;
    if (!maySignal(t, target.process)) return -Errno.EPERM;
    sendSignal(target.process, target, sig, SI_TKILL, t.process.pid, t.process.creds.uid);
    return 0;
  },

  set_tid_address(t, a) {
    t.clearChildTid = a.ptr(0);
    t.tidAddressLo = a.lo(0);
    t.tidAddressHi = a.hi(0);
    return t.tid;
  },
  set_robust_list(t, a) {
    if (a.u64(1) !== ROBUST_LIST_HEAD_SIZE) return -Errno.EINVAL;
    t.robustListHead = a.ptr(0);
    t.robustListLen = ROBUST_LIST_HEAD_SIZE;
    return 0;
  },
  get_robust_list(t, a) {
    const target = findTask(t, a.int(0));
    if (!target) return -Errno.ESRCH;
    if (!maySignal(t, target.process)) return -Errno.EPERM;
    putUserU64(t, a.ptr(2), target.robustListLen);
    putUserU64(t, a.ptr(1), target.robustListHead);
    return 0;
  },
  /**
   * rseq is recorded, not enforced: sysgate never preempts inside a critical section in a way
   * that matters (one CPU, slices end between instructions it never migrates across), so it only
   * keeps cpu_id current (always 0) and validates registrations as Linux does.
   */
  rseq(t, a) {
    const addr = a.ptr(0);
    const len = a.uint(1);
    const flags = a.int(2);
    const sig = a.uint(3);
    if (flags & RSEQ_FLAG_UNREGISTER) {
      if (flags & ~RSEQ_FLAG_UNREGISTER) return -Errno.EINVAL;
      if (t.rseqAddr !== addr || t.rseqAddr === 0) return -Errno.EINVAL;
      if (len !== t.rseqLen) return -Errno.EINVAL;
      if (sig !== t.rseqSig) return -Errno.EPERM;
      t.scratch.setInt32(0, 0, true);
      t.scratch.setInt32(4, RSEQ_CPU_ID_UNINITIALIZED, true);
      t.copyScratchOut(addr, 8);
      t.rseqAddr = 0;
      t.rseqLen = 0;
      t.rseqSig = 0;
      return 0;
    }
    if (flags !== 0) return -Errno.EINVAL;
    if (t.rseqAddr !== 0) {
      if (t.rseqAddr !== addr || t.rseqLen !== len) return -Errno.EINVAL;
      if (sig !== t.rseqSig) return -Errno.EPERM;
      return -Errno.EBUSY;
    }
    if (addr % 32 !== 0 || len < RSEQ_MIN_LEN) return -Errno.EINVAL;
    // cpu_id_start = cpu_id = 0; rseq_cs = 0 is left to the program.
    t.scratch.setUint32(0, 0, true);
    t.scratch.setUint32(4, 0, true);
    t.copyScratchOut(addr, 8);
    t.rseqAddr = addr;
    t.rseqLen = len;
    t.rseqSig = sig;
    return 0;
  },
  arch_prctl(t, a) {
    const code = a.int(0);
    const addr = a.ptr(1);
    switch (code) {
      case ARCH_SET_FS:
        if (addr >= TASK_SIZE) return -Errno.EPERM;
        t.cpu.fsBase = addr;
        return 0;
      case ARCH_SET_GS:
        if (addr >= TASK_SIZE) return -Errno.EPERM;
        t.cpu.gsBase = addr;
        return 0;
      case ARCH_GET_FS:
        putUserU64(t, addr, t.cpu.fsBase);
        return 0;
      case ARCH_GET_GS:
        putUserU64(t, addr, t.cpu.gsBase);
        return 0;
      default:
        return -Errno.EINVAL;
    }
  },

  getrlimit(t, a) {
    const res = a.uint(0);
    if (res >= RLIM_NLIMITS) return -Errno.EINVAL;
    writeRlimit(t, a.ptr(1), t.process.rlimits[res]!);
    return 0;
  },
  setrlimit(t, a) {
    const res = a.uint(0);
    const next = readRlimit(t, a.ptr(1));
    if (res >= RLIM_NLIMITS) return -Errno.EINVAL;
    const err = checkNewRlimit(res, t.process.rlimits[res]!, next, isPrivileged(t.process.creds));
    if (err < 0) return err;
    t.process.rlimits[res] = next;
    applyRlimit(t.process, res);
    return 0;
  },
  prlimit64(t, a) {
    const pid = a.int(0);
    const p = findProcess(t, pid);
    if (!p) return -Errno.ESRCH;
    const newAddr = a.ptr(2);
    if (p !== t.process) {
      const c = t.process.creds, d = p.creds;
      const same = c.uid === d.uid && c.uid === d.euid && c.uid === d.suid && c.gid === d.gid && c.gid === d.egid && c.gid === d.sgid;
      if (!same && !isPrivileged(c)) return -Errno.EPERM;
    }
    return doPrlimit(t, p, a.int(1), newAddr, a.ptr(3));
  },

  prctl(t, a) {
    const option = a.int(0);
    const p = t.process;
    switch (option) {
      case PR_SET_NAME: {
        // strncpy_from_user of at most 15 bytes: a name without a NUL in them is fine.
        const s = t.mm.readString(a.ptr(1), 15);
        // Linux copies up to 15 bytes and needs no terminator within them.
        const bytes = s ?? t.mm.copyIn(a.ptr(1), 15);
        p.comm = String.fromCharCode(...bytes.subarray(0, 15));
        return 0;
      }
      case PR_GET_NAME: {
        const out = new Uint8Array(16);
        for (let i = 0; i < p.comm.length && i < 15; i++) out[i] = p.comm.charCodeAt(i) & 0xff;
        t.mm.copyOut(a.ptr(1), out);
        return 0;
      }
      case PR_GET_DUMPABLE:
        return p.dumpable;
      case PR_SET_DUMPABLE: {
        const v = a.u64(1);
        if (v !== 0 && v !== 1) return -Errno.EINVAL;
        p.dumpable = v;
        return 0;
      }
      case PR_SET_PDEATHSIG: {
        const sig = a.u64(1);
        if (sig !== 0 && !(sig >= 1 && sig < NSIG)) return -Errno.EINVAL;
        p.pdeathSignal = sig;
        return 0;
      }
      case PR_GET_PDEATHSIG:
        putUserU32(t, a.ptr(1), p.pdeathSignal);
        return 0;
      case PR_GET_TIMING:
        return 0; // PR_TIMING_STATISTICAL, the only mode Linux has
      case PR_SET_TIMING:
        return a.u64(1) === 0 ? 0 : -Errno.EINVAL;
      case PR_CAPBSET_READ:
        // The bounding set is never reduced here: every capability Linux knows is in it.
        return a.u64(1) <= CAP_LAST_CAP ? 1 : -Errno.EINVAL;
      case PR_GET_TID_ADDRESS: {
        // The exact value set_tid_address was given, unless clone or execve changed it since.
        const lo = t.tidAddressLo >>> 0, hi = t.tidAddressHi >>> 0;
        const exact = hi * TWO32 + lo === t.clearChildTid;
        t.scratch.setUint32(0, exact ? lo : t.clearChildTid % TWO32, true);
        t.scratch.setUint32(4, exact ? hi : Math.floor(t.clearChildTid / TWO32), true);
        t.copyScratchOut(a.ptr(1), 8);
        return 0;
      }
      case PR_SET_NO_NEW_PRIVS:
        if (a.u64(1) !== 1 || a.u64(2) !== 0 || a.u64(3) !== 0 || a.u64(4) !== 0) return -Errno.EINVAL;
        p.noNewPrivs = true;
        return 0;
      case PR_GET_NO_NEW_PRIVS:
        if (a.u64(1) !== 0 || a.u64(2) !== 0 || a.u64(3) !== 0 || a.u64(4) !== 0) return -Errno.EINVAL;
        return p.noNewPrivs ? 1 : 0;
      case PR_MCE_KILL: {
        if (a.u64(3) !== 0 || a.u64(4) !== 0) return -Errno.EINVAL;
        const how = a.u64(1), policy = a.u64(2);
        if (how === 0) { // PR_MCE_KILL_CLEAR
          if (policy !== 0) return -Errno.EINVAL;
          p.mceKillPolicy = PR_MCE_KILL_DEFAULT;
          return 0;
        }
        if (how !== 1 || policy > PR_MCE_KILL_DEFAULT) return -Errno.EINVAL; // PR_MCE_KILL_SET
        p.mceKillPolicy = policy;
        return 0;
      }
      case PR_GET_SECCOMP:
        return t.seccompMode;
      case PR_SET_SECCOMP:
        return setSeccomp(t, a.u64(1), a.ptr(2));
      case PR_MCE_KILL_GET:
        if (a.u64(1) !== 0 || a.u64(2) !== 0 || a.u64(3) !== 0 || a.u64(4) !== 0) return -Errno.EINVAL;
        return p.mceKillPolicy;
      default:
        return -Errno.EINVAL;
    }
  },

  sched_yield(t) {
    t.needResched = true;
    return 0;
  },
  sched_getaffinity(t, a) {
    const target = findTask(t, a.int(0));
    const len = a.u64(1);
    const n = t.kernel.cpus;
    if (len * 8 < n || len % 8 !== 0) return -Errno.EINVAL;
    if (!target) return -Errno.ESRCH;
    const size = Math.min(len, cpuMaskBytes(n));
    const out = new Uint8Array(size);
    for (let c = 0; c < n; c++) out[c >> 3]! |= 1 << (c & 7);
    t.mm.copyOut(a.ptr(2), out);
    return size;
  },
  sched_setaffinity(t, a) {
    const len = a.u64(1);
    const n = t.kernel.cpus;
    const take = Math.min(len, cpuMaskBytes(n));
    const mask = take > 0 ? t.mm.copyIn(a.ptr(2), take) : new Uint8Array(0);
    const target = findTask(t, a.int(0));
    if (!target) return -Errno.ESRCH;
    if (!maySignal(t, target.process)) return -Errno.EPERM;
    let any = false;
    for (let c = 0; c < n && c < take * 8; c++) if (mask[c >> 3]! & (1 << (c & 7))) any = true;
    return any ? 0 : -Errno.EINVAL;
  },
  getcpu(t, a) {
    if (a.ptr(0) !== 0) putUserU32(t, a.ptr(0), 0);
    if (a.ptr(1) !== 0) putUserU32(t, a.ptr(1), 0);
    return 0;
  },
};

/** Used by /proc and tests: the limit of `p` for `resource`. */
export function rlimitOf(p: Process, resource: Rlim): Rlimit {
  return p.rlimits[resource]!;
}
