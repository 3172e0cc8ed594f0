/**
 * Clocks and sleeping: clock_gettime/clock_getres, gettimeofday, time, nanosleep and
 * clock_nanosleep. A sleep really waits: the task parks on its timer queue, a host timer wakes it,
 * and meanwhile the machine runs others or idles.
 */
import { Errno } from "../../abi/errno.js";
import { BLOCK } from "../wait.js";
import type { SyscallHandlers } from "./types.js";
import type { Task } from "../task.js";
import type { SyscallArgs } from "../syscall-args.js";
import { getI64, putI64 } from "./process.js";
import { processCpuMs } from "./info.js";
import { ProcessState } from "../process.js";

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
export const CLOCK_REALTIME_ALARM = 8;
export const CLOCK_BOOTTIME_ALARM = 9;
export const CLOCK_TAI = 11;
export const TIMER_ABSTIME = 1;

/** Resolution of the coarse clocks: one tick at HZ=250, as Debian's kernels use. */
const COARSE_RES_NS = 4_000_000;
/** TAI - UTC, as a freshly booted Linux reports it (0 until adjtimex sets it; most systems: 37). */
const TAI_OFFSET_MS = 0;

/** The clock's current value in ms, or NaN if `id` is not a valid clock. */
export function clockNowMs(t: Task, id: number): number {
  const c = t.kernel.clock;
  switch (id) {
    case CLOCK_REALTIME:
      return c.realtimeMs();
    case CLOCK_REALTIME_COARSE:
      return c.coarseRealtimeMs();
    case CLOCK_MONOTONIC_COARSE:
      return c.coarseMonotonicMs();
    case CLOCK_TAI:
      return c.realtimeMs() + TAI_OFFSET_MS;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
      return c.monotonicMs();
    // The *_ALARM clocks need an RTC wake-up device, which the machine does not have: EINVAL, as
    // Linux answers on such machines.
    case CLOCK_PROCESS_CPUTIME_ID:
      return processCpuMs(t);
    case CLOCK_THREAD_CPUTIME_ID:
      return t.cpuTimeNow();
    default:
      return cpuClockOf(t, id);
  }
}

/** Dynamic CPU clocks (clock_getcpuclockid / pthread_getcpuclockid): negative ids encode a pid. */
function cpuClockOf(t: Task, id: number): number {
  if (id >= 0) return NaN;
  const which = id & 3;
  const perThread = (id & 4) !== 0;
  const pid = ~id >> 3;
  if (which === 3) return NaN;
  if (perThread) {
    const x = pid === 0 ? t : t.kernel.tasks.get(pid);
    if (!x || x.process !== t.process) return NaN;
    return x.cpuTimeNow();
  }
  if (pid === 0 || pid === t.process.pid) return processCpuMs(t);
  const p = t.kernel.processes.get(pid);
  if (!p || p.state !== ProcessState.Alive) return NaN;
  let ms = p.deadThreadCpuMs;
  for (const x of p.threads) ms += x.cpuTimeNow();
  return ms;
}

function putTimespecMs(t: Task, off: number, ms: number): void {
  let sec = Math.floor(ms / 1000);
  let nsec = Math.round((ms - sec * 1000) * 1e6);
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
  putI64(t, off, sec);
  putI64(t, off + 8, nsec);
}

/** Read a struct timespec; EINVAL for a negative second or nanoseconds outside 0..999999999. */
function readTimespecMs(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 16);
  const sec = getI64(b, 0);
  const nsec = getI64(b, 8);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return NaN;
  return sec * 1000 + nsec / 1e6;
}

/**
 * Park until machine-monotonic time `deadline` (ms). Re-entered after each wake-up with the same
 * arguments; the deadline lives in the task so the re-run does not start the sleep again.
 */
function sleepUntil(t: Task, firstDeadline: () => number): number {
  const k = t.kernel;
  if (t.sleepDeadlineMs < 0) t.sleepDeadlineMs = firstDeadline();
  const now = k.clock.monotonicMs();
  const left = t.sleepDeadlineMs - now;
  if (left < 1e-6) {
    t.sleepDeadlineMs = -1;
    return 0;
  }
  t.sleepOn(t.timerQueue);
  t.cancelTimer = k.clock.setTimer(left, () => {
    t.cancelTimer = null;
    t.timerQueue.wakeAll();
  });
  return BLOCK;
}

function nanosleepCommon(t: Task, clock: number, flags: number, reqAddr: number): number {
  if (t.sleepDeadlineMs >= 0) return sleepUntil(t, () => t.sleepDeadlineMs);
  const req = readTimespecMs(t, reqAddr);
  if (Number.isNaN(req)) return -Errno.EINVAL;
  const k = t.kernel;
  return sleepUntil(t, () => {
    const mono = k.clock.monotonicMs();
    if (!(flags & TIMER_ABSTIME)) return mono + req;
    if (clock === CLOCK_REALTIME || clock === CLOCK_TAI) return mono + (req - clockNowMs(t, clock));
    if (clock === CLOCK_PROCESS_CPUTIME_ID) return mono + (req - processCpuMs(t));
    return req; // MONOTONIC / BOOTTIME: same time base as the deadline
  });
}

export const timeSyscalls: SyscallHandlers = {
  clock_gettime(t, a) {
    const ms = clockNowMs(t, a.int(0));
    if (Number.isNaN(ms)) return -Errno.EINVAL;
    putTimespecMs(t, 0, ms);
    t.copyScratchOut(a.ptr(1), 16);
    return 0;
  },
  clock_getres(t, a) {
    const id = a.int(0);
    if (Number.isNaN(clockNowMs(t, id))) return -Errno.EINVAL;
    const addr = a.ptr(1);
    if (addr === 0) return 0;
    const coarse = id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE;
    putI64(t, 0, 0);
    putI64(t, 8, coarse ? COARSE_RES_NS : 1);
    t.copyScratchOut(addr, 16);
    return 0;
  },
  gettimeofday(t, a) {
    const tv = a.ptr(0);
    const tz = a.ptr(1);
    if (tv !== 0) {
      const ms = t.kernel.clock.realtimeMs();
      const us = Math.floor(ms * 1000);
      const sec = Math.floor(us / 1e6);
      putI64(t, 0, sec);
      putI64(t, 8, us - sec * 1e6);
      t.copyScratchOut(tv, 16);
    }
    if (tz !== 0) {
      t.scratch.setInt32(0, 0, true); // tz_minuteswest
      t.scratch.setInt32(4, 0, true); // tz_dsttime
      t.copyScratchOut(tz, 8);
    }
    return 0;
  },
  time(t, a) {
    const sec = Math.floor(t.kernel.clock.realtimeMs() / 1000);
    const p = a.ptr(0);
    if (p !== 0) {
      putI64(t, 0, sec);
      t.copyScratchOut(p, 8);
    }
    return sec;
  },
  nanosleep(t, a) {
    return nanosleepCommon(t, CLOCK_MONOTONIC, 0, a.ptr(0));
  },
  clock_nanosleep(t, a: SyscallArgs) {
    const id = a.int(0);
    const flags = a.int(1);
    switch (id) {
      case CLOCK_REALTIME:
      case CLOCK_MONOTONIC:
      case CLOCK_BOOTTIME:
      case CLOCK_TAI:
      case CLOCK_PROCESS_CPUTIME_ID:
        break;
      // No alarm timer device (as on a machine without an RTC), no thread CPU-clock sleeps.
      case CLOCK_REALTIME_ALARM:
      case CLOCK_BOOTTIME_ALARM:
      case CLOCK_THREAD_CPUTIME_ID:
      case CLOCK_MONOTONIC_RAW:
      case CLOCK_REALTIME_COARSE:
      case CLOCK_MONOTONIC_COARSE:
        return -Errno.EOPNOTSUPP;
      default:
        if (Number.isNaN(clockNowMs(t, id))) return -Errno.EINVAL;
    }
    return nanosleepCommon(t, id, flags, a.ptr(2));
  },
};
