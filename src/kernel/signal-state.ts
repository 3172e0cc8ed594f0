/**
 * Per-thread and per-process signal bookkeeping that signal delivery (signal.ts), the frame code
 * (signal-frame.ts) and the gate's restart logic (restart.ts) share. Plain data, no imports of
 * kernel code, so Task and Process can own one each without import cycles.
 */
import type { SignalInfo } from "./events.js";
import { WaitQueue } from "./wait.js";

export class TaskSignalState {
  /**
   * A blocked call was interrupted: the ERESTART* code (512..516) the gate chose, waiting for the
   * delivery step to decide between restarting the call and failing it with EINTR. 0 = none.
   */
  restartCode = 0;
  /** Number of the interrupted call (rax again when it restarts). */
  restartNr = -1;
  /** restart_syscall continues this call (ERESTART_RESTARTBLOCK), or -1. */
  restartBlockNr = -1;
  /** rt_sigsuspend's saved mask: restored on the way out or stored in the handler's frame. */
  hasSavedMask = false;
  savedMaskLo = 0;
  savedMaskHi = 0;
  /** rt_sigtimedwait in progress: the set it waits for (those wake the thread even if blocked). */
  sigwaitActive = false;
  sigwaitLo = 0;
  sigwaitHi = 0;
  /** pause / rt_sigsuspend / rt_sigtimedwait sleep here; only a signal (or a timer) wakes them. */
  readonly waitQueue = new WaitQueue();
  /** Further queued instances of real-time signals sent to this thread (the first is in pendingInfo). */
  readonly rtExtra: (SignalInfo[] | undefined)[] = [];
  /** The CPU exception behind the fault signal being forced (sigcontext trapno/err/cr2). */
  faultTrapno = -1;
  faultErr = 0;
  faultCr2 = 0;
}

export interface IntervalTimer {
  /** Machine-monotonic ms when it fires next, or -1 when disarmed. */
  deadlineMs: number;
  /** Reload value in ms (0: one shot). */
  intervalMs: number;
  cancel: (() => void) | null;
}

export class ProcessSignalState {
  /** The process is in a group stop (SIGSTOP and friends). */
  stopped = false;
  stopSig = 0;
  /** A stop / continue not yet reported to wait4(WUNTRACED / WCONTINUED). */
  stopReport = false;
  contReport = false;
  /** Further queued instances of process-directed real-time signals. */
  readonly rtExtra: (SignalInfo[] | undefined)[] = [];
  /** ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF. */
  readonly itimers: IntervalTimer[] = [
    { deadlineMs: -1, intervalMs: 0, cancel: null },
    { deadlineMs: -1, intervalMs: 0, cancel: null },
    { deadlineMs: -1, intervalMs: 0, cancel: null },
  ];
}
