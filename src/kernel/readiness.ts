/**
 * Shared plumbing of the calls that wait on many files (poll, select, epoll_wait, and the blocking
 * opens of FIFOs): a per-task deadline that survives re-runs of the handler, the host timer that
 * ends it, and the temporary signal mask of ppoll/pselect6/epoll_pwait.
 *
 * A waiting handler is "try once": on its first entry (t.syscallRerun false) it fixes the deadline;
 * each run checks readiness, and either finishes (endWait) or sleeps on the files' queues plus the
 * task's timer queue (armDeadline) and returns BLOCK.
 */
import type { Task } from "./task.js";
import { setWaitMask } from "./signal.js";

/** Fix the deadline on the call's first entry: timeoutMs < 0 waits forever, 0 only looks. */
export function startDeadline(t: Task, timeoutMs: number): void {
  t.waitDeadlineMs = timeoutMs < 0 ? -1 : t.kernel.clock.monotonicMs() + timeoutMs;
}

/** Has the deadline passed (never, for a wait without one)? */
export function deadlinePassed(t: Task): boolean {
  return t.waitDeadlineMs >= 0 && t.kernel.clock.monotonicMs() >= t.waitDeadlineMs;
}

/** Milliseconds left before the deadline (0 when passed); Infinity without one. */
export function remainingMs(t: Task): number {
  if (t.waitDeadlineMs < 0) return Infinity;
  return Math.max(0, t.waitDeadlineMs - t.kernel.clock.monotonicMs());
}

/** Sleep also on the task's timer queue, with a host timer set for the deadline (if any). */
export function armDeadline(t: Task): void {
  if (t.waitDeadlineMs < 0) return;
  const left = t.waitDeadlineMs - t.kernel.clock.monotonicMs();
  if (t.cancelTimer) t.cancelTimer();
  t.sleepOn(t.timerQueue);
  t.cancelTimer = t.kernel.clock.setTimer(Math.max(0, left), () => {
    t.cancelTimer = null;
    t.timerQueue.wakeAll();
  });
}

/** The wait is over (ready, timed out or failed): drop the timer and the deadline. */
export function endWait(t: Task): void {
  if (t.cancelTimer) {
    t.cancelTimer();
    t.cancelTimer = null;
  }
  t.waitDeadlineMs = -1;
}

/**
 * Put a temporary signal mask in force for the wait (ppoll, pselect6, epoll_pwait): the signal
 * code's setWaitMask keeps the caller's mask, which the gate puts back on the way out or a handler
 * frame takes (Linux's saved sigmask).
 */
export function swapSigmask(t: Task, lo: number, hi: number): void {
  setWaitMask(t, lo, hi);
}

/** The call finished without a signal: the caller's mask comes back now (signals it blocks stay pending). */
export function restoreSigmask(t: Task): void {
  const st = t.sig;
  if (!st.hasSavedMask) return;
  st.hasSavedMask = false;
  t.sigmaskLo = st.savedMaskLo;
  t.sigmaskHi = st.savedMaskHi;
  t.signalCheck = true;
}

const TWO32 = 4294967296;

/** A struct timespec (16 bytes) at `addr` in ms; NaN when invalid (negative, nsec out of range). */
export function readTimespecMs(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 16);
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const sec = dv.getInt32(4, true) * TWO32 + dv.getUint32(0, true);
  const nsec = dv.getInt32(12, true) * TWO32 + dv.getUint32(8, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return NaN;
  return sec * 1000 + nsec / 1e6;
}

/** Write `ms` as a struct timespec (what = "ns") or timeval (what = "us") at `addr`. */
export function writeTimeMs(t: Task, addr: number, ms: number, what: "ns" | "us"): void {
  let sec = Math.floor(ms / 1000);
  const frac = ms - sec * 1000;
  let sub = what === "ns" ? Math.floor(frac * 1e6) : Math.floor(frac * 1e3);
  const lim = what === "ns" ? 1e9 : 1e6;
  if (sub >= lim) {
    sec++;
    sub -= lim;
  }
  const dv = t.scratch;
  const hi = Math.floor(sec / TWO32);
  dv.setUint32(0, sec - hi * TWO32, true);
  dv.setInt32(4, hi, true);
  dv.setUint32(8, sub, true);
  dv.setInt32(12, 0, true);
  t.copyScratchOut(addr, 16);
}
