/**
 * poll, ppoll, select, pselect6: ask every file for its readiness (OpenFile.poll); when none is
 * ready and time remains, sleep on every file's pollQueue and the task's timer, and look again
 * when any of them is woken.
 */
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { BLOCK } from "../wait.js";
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDNORM, POLLWRNORM, type OpenFile } from "../file.js";
import { Rlim } from "../rlimits.js";
import type { Task } from "../task.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { SyscallHandlers } from "./types.js";
import { handler } from "./fs-common.js";
import {
  armDeadline, deadlinePassed, endWait, readTimespecMs, remainingMs, restoreSigmask, startDeadline, swapSigmask,
  writeTimeMs,
} from "../readiness.js";

const POLLRDBAND = 0x80, POLLWRBAND = 0x200;
/** What select counts as readable, writable, exceptional (Linux's POLLIN_SET...). */
const IN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
const OUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
const EX_SET = POLLPRI;
const SIGSET_SIZE = 8;

function task(t: VfsTask): Task {
  return t as unknown as Task;
}

/** Read a sigset_t of `size` bytes (must be 8) and make it the task's mask for this call. */
export function tempSigmask(t: Task, addr: number, size: number): void {
  if (addr === 0) return;
  if (size !== SIGSET_SIZE) throw new SyscallError(Errno.EINVAL);
  if (t.syscallRerun && t.sig.hasSavedMask) return;
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  swapSigmask(t, dv.getUint32(0, true), dv.getUint32(4, true));
}

/** Sleep on each file's queue once (files may repeat in the list). */
function sleepOnFiles(t: Task, files: (OpenFile | null)[]): void {
  for (const f of files) {
    const q = f?.pollQueue();
    if (q) t.sleepOn(q);
  }
}

// ------------------------------------------------------------------------------ poll / ppoll

function doPoll(t: Task, fdsAddr: number, nfds: number, timeoutMs: number, tsAddr: number): number {
  if (nfds > t.process.rlimits[Rlim.NOFILE]!.cur) return -Errno.EINVAL;
  const buf = nfds > 0 ? t.mm.copyIn(fdsAddr, nfds * 8) : new Uint8Array(0);
  if (!t.syscallRerun) startDeadline(t, timeoutMs);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const fds = t.process.fds;
  const files: (OpenFile | null)[] = [];
  let count = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = dv.getInt32(i * 8, true);
    const events = dv.getUint16(i * 8 + 4, true);
    let rev = 0;
    if (fd >= 0) {
      const f = fds.get(fd);
      if (!f || f.isPath) rev = POLLNVAL; // O_PATH descriptors do not count, as Linux's fdget
      else {
        rev = f.poll(t as unknown as VfsTask) & (events | POLLERR | POLLHUP);
        files.push(f);
      }
    }
    dv.setUint16(i * 8 + 6, rev, true);
    if (rev) count++;
  }
  if (count === 0 && sleepUntilDue(t, files)) return BLOCK;
  const left = finishWait(t, timeoutMs);
  if (nfds > 0) t.mm.copyOut(fdsAddr, buf);
  if (tsAddr !== 0 && left >= 0) {
    try { writeTimeMs(t, tsAddr, left, "ns"); } catch { /* Linux ignores a failed write-back */ }
  }
  return count;
}

/** Nothing is ready: sleep on every file and the deadline, unless the deadline has passed. */
function sleepUntilDue(t: Task, files: (OpenFile | null)[]): boolean {
  if (deadlinePassed(t)) return false;
  sleepOnFiles(t, files);
  armDeadline(t);
  return true;
}

/**
 * The wait is over: drop the deadline and the temporary mask. Returns the time left to write back
 * into the caller's timeout, or -1 when there is none to write: no timeout, or a zero one (which
 * Linux leaves untouched; `timeoutMs` is the first entry's, and a zero timeout never re-runs).
 */
function finishWait(t: Task, timeoutMs: number): number {
  const left = t.waitDeadlineMs >= 0 && !(timeoutMs === 0 && !t.syscallRerun) ? remainingMs(t) : -1;
  endWait(t);
  restoreSigmask(t);
  return left;
}

// ------------------------------------------------------------------------------ select / pselect6

/** Linux sizes the fd table in powers of two from 64; select looks no further than that. */
function fdTableCapacity(t: Task): number {
  let n = 64;
  while (n < t.process.fds.size) n *= 2;
  return n;
}

function doSelect(
  t: Task, nfds: number, inAddr: number, outAddr: number, exAddr: number,
  timeoutMs: number, tvAddr: number, unit: "ns" | "us",
): number {
  if (nfds < 0) return -Errno.EINVAL;
  const n = Math.min(nfds, fdTableCapacity(t));
  const bytes = Math.ceil(n / 64) * 8;
  const sets: (Uint8Array | null)[] = [
    inAddr && bytes ? t.mm.copyIn(inAddr, bytes) : null,
    outAddr && bytes ? t.mm.copyIn(outAddr, bytes) : null,
    exAddr && bytes ? t.mm.copyIn(exAddr, bytes) : null,
  ];
  if (!t.syscallRerun) startDeadline(t, timeoutMs);
  const fds = t.process.fds;
  const res = [new Uint8Array(bytes), new Uint8Array(bytes), new Uint8Array(bytes)];
  const files: (OpenFile | null)[] = [];
  let count = 0;
  for (let fd = 0; fd < n; fd++) {
    const byte = fd >> 3, bit = 1 << (fd & 7);
    const r = sets[0] !== null && (sets[0][byte]! & bit) !== 0;
    const w = sets[1] !== null && (sets[1][byte]! & bit) !== 0;
    const x = sets[2] !== null && (sets[2][byte]! & bit) !== 0;
    if (!r && !w && !x) continue;
    const f = fds.get(fd);
    if (!f) {
      endWait(t);
      restoreSigmask(t);
      return -Errno.EBADF;
    }
    // O_PATH descriptors are open but not pollable: Linux's select counts them as always ready.
    const m = f.isPath ? POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM : f.poll(t as unknown as VfsTask);
    if (!f.isPath) files.push(f);
    if (r && m & IN_SET) { res[0]![byte]! |= bit; count++; }
    if (w && m & OUT_SET) { res[1]![byte]! |= bit; count++; }
    if (x && m & EX_SET) { res[2]![byte]! |= bit; count++; }
  }
  if (count === 0 && sleepUntilDue(t, files)) return BLOCK;
  const left = finishWait(t, timeoutMs);
  if (inAddr && bytes) t.mm.copyOut(inAddr, res[0]!);
  if (outAddr && bytes) t.mm.copyOut(outAddr, res[1]!);
  if (exAddr && bytes) t.mm.copyOut(exAddr, res[2]!);
  if (tvAddr !== 0 && left >= 0) {
    try { writeTimeMs(t, tvAddr, left, unit); } catch { /* ignored, as Linux */ }
  }
  return count;
}

/** A struct timeval (select's timeout) in ms; NaN when invalid. Microseconds past 1e6 carry. */
function readTimevalMs(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 16);
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const sec = dv.getInt32(4, true) * 4294967296 + dv.getUint32(0, true);
  const usec = dv.getInt32(12, true) * 4294967296 + dv.getUint32(8, true);
  const s = sec + Math.trunc(usec / 1e6);
  const ns = (usec % 1e6) * 1000;
  if (s < 0 || ns < 0) return NaN;
  return s * 1000 + ns / 1e6;
}

/** The timeout argument, read on the call's first entry only, in ms (-1 = forever, as is a re-run's). */
function timeoutArg(t: Task, addr: number, read: (t: Task, addr: number) => number): number {
  if (addr === 0 || t.syscallRerun) return -1;
  const ms = read(t, addr);
  if (Number.isNaN(ms)) throw new SyscallError(Errno.EINVAL);
  return ms;
}

/** Run a waiting call; whenever it ends (result, -errno or a throw) the deadline and mask go. */
export function waitCall(t: Task, fn: () => number): number {
  let r: number;
  try {
    r = fn();
  } catch (e) {
    endWait(t);
    restoreSigmask(t);
    throw e;
  }
  if (r !== BLOCK) {
    endWait(t);
    restoreSigmask(t);
  }
  return r;
}

export const pollSyscalls: SyscallHandlers = {
  poll: handler((vt, a) => {
    const t = task(vt);
    const timeout = a.int(2);
    return waitCall(t, () => doPoll(t, a.ptr(0), a.uint(1), timeout < 0 ? -1 : timeout, 0));
  }),
  ppoll: handler((vt, a) => {
    const t = task(vt);
    const tsAddr = a.ptr(2);
    const first = timeoutArg(t, tsAddr, readTimespecMs);
    return waitCall(t, () => {
      tempSigmask(t, a.ptr(3), a.u64(4));
      return doPoll(t, a.ptr(0), a.uint(1), first, tsAddr);
    });
  }),
  select: handler((vt, a) => {
    const t = task(vt);
    const tvAddr = a.ptr(4);
    const first = timeoutArg(t, tvAddr, readTimevalMs);
    return waitCall(t, () => doSelect(t, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), first, tvAddr, "us"));
  }),
  pselect6: handler((vt, a) => {
    const t = task(vt);
    const tsAddr = a.ptr(4);
    const first = timeoutArg(t, tsAddr, readTimespecMs);
    const sigAddr = a.ptr(5);
    return waitCall(t, () => {
      // The sixth argument points at { const sigset_t *ss; size_t ss_len; }.
      if (sigAddr !== 0) {
        const b = t.mm.copyIn(sigAddr, 16);
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        const maskAddr = dv.getUint32(4, true) * 4294967296 + dv.getUint32(0, true);
        const size = dv.getUint32(12, true) * 4294967296 + dv.getUint32(8, true);
        tempSigmask(t, maskAddr, size);
      }
      return doSelect(t, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), first, tsAddr, "ns");
    });
  }),
};
