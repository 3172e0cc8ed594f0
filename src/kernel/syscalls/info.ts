/** What a program can ask about the machine: uname, sysinfo, getrandom, getrusage, times. */
import { Errno } from "../../abi/errno.js";
import type { SyscallHandlers } from "./types.js";
import type { Task } from "../task.js";
import { ProcessState } from "../process.js";
import { putI64, putU64 } from "./process.js";

const UTS_FIELD = 65;
export const UTS_VERSION = "#1 SMP PREEMPT_DYNAMIC sysgate";

const GRND_NONBLOCK = 1;
const GRND_RANDOM = 2;
const GRND_INSECURE = 4;
/** Linux caps one read at MAX_RW_COUNT (INT_MAX rounded down to a page). */
const MAX_RW_COUNT = 0x7ffff000;
/** Web Crypto fills at most 64 KiB per call. */
const RANDOM_CHUNK = 65536;

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;

/** USER_HZ: the unit of times(2) and clock_t. */
export const USER_HZ = 100;

function putString(t: Task, off: number, s: string): void {
  const b = new TextEncoder().encode(s);
  const n = Math.min(b.length, UTS_FIELD - 1);
  t.scratchBytes.fill(0, off, off + UTS_FIELD);
  t.scratchBytes.set(b.subarray(0, n), off);
}

/** Split CPU time in ms into a struct timeval at `off`. */
function putTimeval(t: Task, off: number, ms: number): void {
  const usTotal = Math.floor(ms * 1000);
  const sec = Math.floor(usTotal / 1e6);
  putI64(t, off, sec);
  putI64(t, off + 8, usTotal - sec * 1e6);
}

/** CPU time (ms) of every thread of the caller's process, living and dead. */
export function processCpuMs(t: Task): number {
  const p = t.process;
  let ms = p.deadThreadCpuMs;
  for (const x of p.threads) ms += x.cpuTimeNow();
  return ms;
}

/** The system-time part of processCpuMs. */
function processSysMs(t: Task): number {
  const p = t.process;
  let ms = p.deadThreadSysMs;
  for (const x of p.threads) ms += x.sysTimeMs;
  return ms;
}

export const infoSyscalls: SyscallHandlers = {
  uname(t, a) {
    const k = t.kernel;
    putString(t, 0, "Linux");
    putString(t, UTS_FIELD, k.hostname);
    putString(t, 2 * UTS_FIELD, k.release);
    putString(t, 3 * UTS_FIELD, UTS_VERSION);
    putString(t, 4 * UTS_FIELD, "x86_64");
    putString(t, 5 * UTS_FIELD, "(none)");
    t.copyScratchOut(a.ptr(0), 6 * UTS_FIELD);
    return 0;
  },

  sysinfo(t, a) {
    const k = t.kernel;
    t.scratchBytes.fill(0, 0, 112);
    putI64(t, 0, Math.floor(k.clock.uptimeSeconds()));
    // loads[3] stay 0 (fixed point, 1 << 16 = 1.0): the machine reports no load history.
    const total = k.memoryLimit;
    const used = k.framePool.inUse * 4096;
    putU64(t, 32, total);
    putU64(t, 40, Math.max(0, total - used));
    putU64(t, 48, 0);
    putU64(t, 56, 0);
    putU64(t, 64, 0);
    putU64(t, 72, 0);
    let procs = 0;
    for (const p of k.processes.values()) if (p.state === ProcessState.Alive) procs += p.threads.length;
    t.scratch.setUint16(80, procs, true);
    t.scratch.setUint32(104, 1, true); // mem_unit: byte counts above are in bytes
    t.copyScratchOut(a.ptr(0), 112);
    return 0;
  },

  getrandom(t, a) {
    const buf = a.ptr(0);
    let len = a.u64(1);
    const flags = a.uint(2);
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return -Errno.EINVAL;
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) === (GRND_INSECURE | GRND_RANDOM)) return -Errno.EINVAL;
    if (len > MAX_RW_COUNT) len = MAX_RW_COUNT;
    let done = 0;
    const chunk = new Uint8Array(Math.min(len, RANDOM_CHUNK));
    while (done < len) {
      const n = Math.min(chunk.length, len - done);
      const part = n === chunk.length ? chunk : chunk.subarray(0, n);
      t.kernel.host.randomBytes(part);
      try {
        t.mm.copyOut(buf + done, part);
      } catch (e) {
        if (done > 0) return done;
        throw e;
      }
      done += n;
    }
    return done;
  },

  getrusage(t, a) {
    const who = a.int(0);
    let cpuMs: number;
    let sysMs: number;
    let maxRss = 0;
    const p = t.process;
    if (who === RUSAGE_SELF) {
      cpuMs = processCpuMs(t);
      sysMs = processSysMs(t);
      maxRss = Math.max(p.maxRssKb, peakRssKb(t));
    } else if (who === RUSAGE_THREAD) {
      cpuMs = t.cpuTimeNow();
      sysMs = t.sysTimeMs;
      maxRss = Math.max(p.maxRssKb, peakRssKb(t));
    } else if (who === RUSAGE_CHILDREN) {
      cpuMs = p.childCpuMs;
      sysMs = p.childSysMs;
      maxRss = p.childMaxRssKb;
    } else return -Errno.EINVAL;
    t.scratchBytes.fill(0, 0, 144);
    putTimeval(t, 0, Math.max(0, cpuMs - sysMs));
    putTimeval(t, 16, sysMs);
    putI64(t, 32, maxRss);
    t.copyScratchOut(a.ptr(1), 144);
    return 0;
  },

  times(t, a) {
    const buf = a.ptr(0);
    if (buf !== 0) {
      const p = t.process;
      t.scratchBytes.fill(0, 0, 32);
      const ticks = (ms: number) => Math.floor((Math.max(0, ms) * USER_HZ) / 1000);
      const sys = processSysMs(t);
      putI64(t, 0, ticks(processCpuMs(t) - sys));
      putI64(t, 8, ticks(sys));
      putI64(t, 16, ticks(p.childCpuMs - p.childSysMs));
      putI64(t, 24, ticks(p.childSysMs));
      t.copyScratchOut(buf, 32);
    }
    // Clock ticks since an arbitrary point (Linux: since boot, offset by its INITIAL_JIFFIES).
    return Math.floor((t.kernel.clock.monotonicMs() * USER_HZ) / 1000);
  },
};

/** ru_maxrss: the address space's high-water mark of resident memory, in KiB. */
function peakRssKb(t: Task): number {
  return Math.ceil(t.mm.stats().VmHWM / 1024);
}
