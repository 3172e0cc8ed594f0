/**
 * Signal calls that wait, queue or arm timers: rt_sigreturn, restart_syscall, pause,
 * rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo, alarm, setitimer, getitimer.
 * The interruption of a waiting call (EINTR or restart) is the gate's business (restart.ts); these
 * handlers only sleep on the task's signal wait queue and return BLOCK.
 */
import { Errno } from "../../abi/errno.js";
import { SIGSET_SIZE, SI_KERNEL, SI_TKILL, Sig, isValidSignal } from "../../abi/signals.js";
import type { SyscallHandlers } from "./types.js";
import type { Task } from "../task.js";
import type { Process } from "../process.js";
import { ProcessState } from "../process.js";
import { UNBLOCKABLE_LO, dequeueSignal, setWaitMask, newInfo, sendSignal, sendSignalInfo, forceSignal } from "../signal.js";
import { SIGRETURN_DONE, restoreFrame, writeSiginfo } from "../signal-frame.js";
import { BLOCK } from "../wait.js";
import type { IntervalTimer } from "../signal-state.js";

const TWO32 = 4294967296;
const ITIMER_REAL = 0;
const ITIMER_SIGNALS = [Sig.SIGALRM, Sig.SIGVTALRM, Sig.SIGPROF];

function readSet(t: Task, addr: number): [number, number] {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return [dv.getInt32(0, true), dv.getInt32(4, true)];
}

function readI64(dv: DataView, off: number): number {
  return dv.getInt32(off + 4, true) * TWO32 + dv.getUint32(off, true);
}

function writeI64(dv: DataView, off: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  dv.setUint32(off, v - hi * TWO32, true);
  dv.setInt32(off + 4, hi, true);
}

// ---- interval timers (ITIMER_REAL exact on the machine clock; VIRTUAL/PROF on wall time too) ----

/** Stop every interval timer of `p` (exit; the host must not keep a timer for a dead process). */
export function cancelProcessTimers(p: Process): void {
  for (const it of p.sig.itimers) {
    if (it.cancel) it.cancel();
    it.cancel = null;
    it.deadlineMs = -1;
  }
}

function armTimer(t: Task, p: Process, which: number, valueMs: number, intervalMs: number): void {
  const it = p.sig.itimers[which]!;
  if (it.cancel) it.cancel();
  it.cancel = null;
  it.intervalMs = intervalMs;
  if (valueMs <= 0) {
    it.deadlineMs = -1;
    return;
  }
  const k = t.kernel;
  it.deadlineMs = k.clock.monotonicMs() + valueMs;
  const schedule = (timer: IntervalTimer): void => {
    const left = Math.max(0, timer.deadlineMs - k.clock.monotonicMs());
    timer.cancel = k.clock.setTimer(left, () => {
      timer.cancel = null;
      if (p.state !== ProcessState.Alive) {
        timer.deadlineMs = -1;
        return;
      }
      if (timer.intervalMs > 0) {
        const now = k.clock.monotonicMs();
        timer.deadlineMs += timer.intervalMs;
        if (timer.deadlineMs < now) timer.deadlineMs = now + timer.intervalMs;
        schedule(timer);
      } else timer.deadlineMs = -1;
      sendSignal(p, null, ITIMER_SIGNALS[which]!, SI_KERNEL, 0, 0);
    });
  };
  schedule(it);
}

/** Remaining time (ms) of a timer, 0 when disarmed. */
function timerLeft(t: Task, it: IntervalTimer): number {
  if (it.deadlineMs < 0) return 0;
  return Math.max(0.001, it.deadlineMs - t.kernel.clock.monotonicMs());
}

function putTimeval(dv: DataView, off: number, ms: number): void {
  let us = Math.ceil(ms * 1000);
  const sec = Math.floor(us / 1e6);
  us -= sec * 1e6;
  writeI64(dv, off, sec);
  writeI64(dv, off + 8, us);
}

function writeItimer(t: Task, addr: number, it: IntervalTimer): void {
  const dv = t.scratch;
  putTimeval(dv, 0, it.intervalMs);
  putTimeval(dv, 16, timerLeft(t, it));
  t.copyScratchOut(addr, 32);
}

/** Read a timeval as ms; NaN if invalid. Linux rounds a nonzero value up to its resolution. */
function timevalMs(dv: DataView, off: number): number {
  const sec = readI64(dv, off);
  const usec = readI64(dv, off + 8);
  if (sec < 0 || usec < 0 || usec >= 1e6) return NaN;
  return sec * 1000 + usec / 1000;
}

// ---- siginfo from user space (rt_sigqueueinfo) ----

function readUserInfo(t: Task, addr: number, sig: number): ReturnType<typeof newInfo> {
  const raw = t.mm.copyIn(addr, 128).slice();
  const dv = new DataView(raw.buffer);
  const code = dv.getInt32(8, true);
  const info = newInfo(sig, code, 0, dv.getInt32(16, true), dv.getInt32(20, true));
  info.errno = dv.getInt32(4, true);
  info.value = readI64(dv, 24);
  dv.setInt32(0, sig, true);
  info.raw = raw;
  return info;
}

export const signalWaitSyscalls: SyscallHandlers = {
  rt_sigreturn(t) {
    if (!restoreFrame(t)) {
      forceSignal(t, Sig.SIGSEGV, SI_KERNEL, 0);
      return SIGRETURN_DONE;
    }
    return SIGRETURN_DONE;
  },

  restart_syscall(t) {
    const nr = t.sig.restartBlockNr;
    const h = nr >= 0 ? t.kernel.syscallTable[nr] : undefined;
    if (h === undefined) return -Errno.EINTR;
    const r = h(t, t.args);
    if (r !== BLOCK) t.sig.restartBlockNr = -1;
    return r;
  },

  pause(t) {
    t.sleepOn(t.sig.waitQueue);
    return BLOCK;
  },

  rt_sigsuspend(t, a) {
    const st = t.sig;
    if (!st.hasSavedMask) {
      if (a.u64(1) !== SIGSET_SIZE) return -Errno.EINVAL;
      const [lo, hi] = readSet(t, a.ptr(0));
      setWaitMask(t, lo, hi);
    }
    t.sleepOn(st.waitQueue);
    return BLOCK;
  },

  rt_sigtimedwait(t, a) {
    const st = t.sig;
    if (!st.sigwaitActive) {
      if (a.u64(3) !== SIGSET_SIZE) return -Errno.EINVAL;
      const [lo, hi] = readSet(t, a.ptr(0));
      st.sigwaitLo = lo & ~UNBLOCKABLE_LO;
      st.sigwaitHi = hi;
      const tsAddr = a.ptr(2);
      t.sleepDeadlineMs = -1;
      if (tsAddr !== 0) {
        const b = t.mm.copyIn(tsAddr, 16);
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        const sec = readI64(dv, 0), nsec = readI64(dv, 8);
        if (sec < 0 || nsec < 0 || nsec >= 1e9) return -Errno.EINVAL;
        t.sleepDeadlineMs = t.kernel.clock.monotonicMs() + sec * 1000 + nsec / 1e6;
      }
      st.sigwaitActive = true;
    }
    const info = dequeueSignal(t, st.sigwaitLo, st.sigwaitHi);
    if (info !== null) {
      st.sigwaitActive = false;
      t.sleepDeadlineMs = -1;
      const infoAddr = a.ptr(1);
      if (infoAddr !== 0) {
        writeSiginfo(t.scratch, 0, info);
        t.copyScratchOut(infoAddr, 128);
      }
      return info.signo;
    }
    if (t.sleepDeadlineMs >= 0) {
      const left = t.sleepDeadlineMs - t.kernel.clock.monotonicMs();
      if (left <= 0) {
        st.sigwaitActive = false;
        t.sleepDeadlineMs = -1;
        return -Errno.EAGAIN;
      }
      if (t.cancelTimer) t.cancelTimer();
      const q = st.waitQueue;
      t.cancelTimer = t.kernel.clock.setTimer(left, () => {
        t.cancelTimer = null;
        q.wakeAll();
      });
    }
    t.sleepOn(st.waitQueue);
    return BLOCK;
  },

  rt_sigqueueinfo(t, a) {
    const pid = a.int(0), sig = a.int(1);
    if (sig !== 0 && !isValidSignal(sig)) return -Errno.EINVAL;
    const info = readUserInfo(t, a.ptr(2), sig);
    const p = pid === t.process.pid ? t.process : t.kernel.processes.get(pid);
    if (!p || p.state === ProcessState.Reaped) return -Errno.ESRCH;
    // Only the kernel may claim SI_USER, SI_KERNEL or SI_TKILL for another process.
    if ((info.code >= 0 || info.code === SI_TKILL) && p !== t.process) return -Errno.EPERM;
    if (!maySignal(t, p)) return -Errno.EPERM;
    if (sig !== 0) sendSignalInfo(p, null, info);
    return 0;
  },

  rt_tgsigqueueinfo(t, a) {
    const tgid = a.int(0), tid = a.int(1), sig = a.int(2);
    if (tgid <= 0 || tid <= 0 || (sig !== 0 && !isValidSignal(sig))) return -Errno.EINVAL;
    const info = readUserInfo(t, a.ptr(3), sig);
    const target = t.kernel.tasks.get(tid);
    if (!target || target.process.pid !== tgid) return -Errno.ESRCH;
    if ((info.code >= 0 || info.code === SI_TKILL) && target.process !== t.process) return -Errno.EPERM;
    if (!maySignal(t, target.process)) return -Errno.EPERM;
    if (sig !== 0) sendSignalInfo(target.process, target, info);
    return 0;
  },

  alarm(t, a) {
    const secs = a.uint(0);
    const it = t.process.sig.itimers[ITIMER_REAL]!;
    const leftMs = timerLeft(t, it);
    let old = Math.floor(leftMs / 1000);
    const frac = leftMs - old * 1000;
    if ((old === 0 && frac > 0) || frac >= 500) old++;
    armTimer(t, t.process, ITIMER_REAL, secs * 1000, 0);
    return old;
  },

  setitimer(t, a) {
    const which = a.int(0);
    if (which < 0 || which > 2) return -Errno.EINVAL;
    const newAddr = a.ptr(1), oldAddr = a.ptr(2);
    let valueMs = 0, intervalMs = 0;
    if (newAddr !== 0) {
      const b = t.mm.copyIn(newAddr, 32);
      const dv = new DataView(b.buffer, b.byteOffset, 32);
      intervalMs = timevalMs(dv, 0);
      valueMs = timevalMs(dv, 16);
      if (Number.isNaN(intervalMs) || Number.isNaN(valueMs)) return -Errno.EINVAL;
    }
    const it = t.process.sig.itimers[which]!;
    if (oldAddr !== 0) writeItimer(t, oldAddr, it);
    armTimer(t, t.process, which, valueMs, intervalMs);
    return 0;
  },

  getitimer(t, a) {
    const which = a.int(0);
    if (which < 0 || which > 2) return -Errno.EINVAL;
    writeItimer(t, a.ptr(1), t.process.sig.itimers[which]!);
    return 0;
  },
};

/** kill(2)'s permission rule: root, the same process, or a matching real/effective uid. */
function maySignal(t: Task, p: Process): boolean {
  const c = t.process.creds;
  if (c.euid === 0 || p === t.process) return true;
  const d = p.creds;
  return c.euid === d.uid || c.euid === d.suid || c.uid === d.uid || c.uid === d.suid;
}


