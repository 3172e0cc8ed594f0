/**
 * Signal state and the parts of signal handling that exist now: dispositions (rt_sigaction),
 * masks and pending sets (rt_sigprocmask, rt_sigpending), sending with default actions
 * (terminate, core, ignore), and CPU faults turned into signals.
 *
 * Not yet (issue 3): building a signal frame and running a handler. A signal that has a handler is
 * left pending; a fault whose signal has a handler still ends the process (as if the handler could
 * not run), which is what the report of issue 2 documents.
 */
import {
  NSIG, SIG_DFL, SIG_IGN, SigDefault, Sig, signalDefault, SI_KERNEL, SEGV_ACCERR, SEGV_MAPERR,
  ILL_ILLOPN, FPE_INTDIV, TRAP_BRKPT, FPE_FLTDIV, SI_USER, BUS_ADRERR,
} from "../abi/signals.js";
import { Vector } from "../cpu/fault.js";
import { FaultCause } from "../mm/address-space.js";
import { TaskState, type Task } from "./task.js";
import type { Process } from "./process.js";
import type { SignalInfo } from "./events.js";
import { Rlim } from "./rlimits.js";

/** One struct k_sigaction, as numbers (handler and restorer are user addresses). */
export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  maskLo: number;
  maskHi: number;
}

/** The 64 dispositions of a process (index = signal number; 0 unused). */
export class SignalActions {
  readonly actions: SigAction[] = [];
  constructor() {
    for (let i = 0; i < NSIG; i++) this.actions.push({ handler: SIG_DFL, flags: 0, restorer: 0, maskLo: 0, maskHi: 0 });
  }
  get(sig: number): SigAction {
    return this.actions[sig]!;
  }
  clone(): SignalActions {
    const c = new SignalActions();
    for (let i = 0; i < NSIG; i++) Object.assign(c.actions[i]!, this.actions[i]!);
    return c;
  }
  /** execve: caught signals go back to SIG_DFL; ignored ones stay ignored. */
  resetForExec(): void {
    for (const a of this.actions) {
      if (a.handler !== SIG_IGN) a.handler = SIG_DFL;
      a.flags = 0;
      a.restorer = 0;
      a.maskLo = 0;
      a.maskHi = 0;
    }
  }
}

// ---- 64-bit signal sets as two int32 halves: bit (sig-1) ----

export function sigBit(sig: number): number {
  return 1 << ((sig - 1) & 31);
}
export function sigIsSet(lo: number, hi: number, sig: number): boolean {
  return ((sig <= 32 ? lo : hi) & sigBit(sig)) !== 0;
}
/** The bits SIGKILL and SIGSTOP: never blockable. */
export const UNBLOCKABLE_LO = sigBit(Sig.SIGKILL) | sigBit(Sig.SIGSTOP);

/** Would the signal, with its current disposition, be thrown away on arrival? */
export function signalIgnored(p: Process, sig: number): boolean {
  const a = p.sigactions.get(sig);
  if (a.handler === SIG_IGN) return true;
  if (a.handler === SIG_DFL) {
    const d = signalDefault(sig);
    return d === SigDefault.Ign || d === SigDefault.Cont;
  }
  return false;
}

/** wait(2) status for a death by `sig`; the core bit is set when a core would be written. */
export function signalDeathStatus(p: Process, sig: number): number {
  const core = signalDefault(sig) === SigDefault.Core && (p.rlimits[Rlim.CORE]?.cur ?? 0) > 0;
  return sig | (core ? 0x80 : 0);
}

function newInfo(signo: number, code: number, addr: number, pid: number, uid: number, status = 0): SignalInfo {
  return { signo, code, errno: 0, pid, uid, addr, status };
}

/**
 * Send `sig` to a process (kill) or one thread (tgkill: `thread` set). As in Linux the signal is
 * queued and acted on when a target thread next returns to user space (deliverPending): Term/Core
 * end the process, Ign discards. A blocked signal, or one with a handler, stays pending (handlers
 * run in issue 3). Stop/Cont have no effect until job control exists (issue 3).
 */
export function sendSignal(p: Process, thread: Task | null, sig: number, code: number, senderPid: number, senderUid: number, status = 0): void {
  if (sig === 0 || p.exiting) return;
  // A traced process sees even the signals it ignores (ptrace: strace prints them), so they queue
  // while a tracer listens and are dropped at delivery.
  const k = (thread ?? p.threads[0])?.kernel;
  if (signalIgnored(p, sig) && !(k !== undefined && k.events.signal.length > 0)) return;
  const bit = sigBit(sig);
  const info = newInfo(sig, code, 0, senderPid, senderUid, status);
  if (thread) {
    if (sig <= 32) thread.pendingLo |= bit;
    else thread.pendingHi |= bit;
    thread.pendingInfo[sig] ??= info; // classic signals do not queue: the first one's info stays
    thread.signalCheck = true;
  } else {
    if (sig <= 32) p.sharedPendingLo |= bit;
    else p.sharedPendingHi |= bit;
    p.sharedPendingInfo[sig] ??= info;
    for (const x of p.threads) x.signalCheck = true;
  }
  // A fatal signal must not wait for a sleeper to wake up on its own: with no way yet to
  // interrupt a blocked call (-ERESTARTSYS, issue 3), a sleeping target dies now.
  const a = p.sigactions.get(sig);
  const d = signalDefault(sig);
  const fatal = sig === Sig.SIGKILL || (a.handler === SIG_DFL && (d === SigDefault.Term || d === SigDefault.Core));
  if (!fatal) return;
  const targets = thread ? [thread] : p.threads;
  const runnable = targets.find((x) => x.state === TaskState.Running && (sig === Sig.SIGKILL || !sigIsSet(x.sigmaskLo, x.sigmaskHi, sig)));
  if (runnable) return; // acts when it returns to user space
  const sleeper = targets.find((x) => x.state === TaskState.Sleeping && (sig === Sig.SIGKILL || !sigIsSet(x.sigmaskLo, x.sigmaskHi, sig)));
  if (sleeper) deliverPending(sleeper);
}

/**
 * A CPU exception in `t`: turn it into the signal Linux sends (force_sig_fault). With no delivery
 * of handlers yet, the signal ends the process, whatever its disposition — as Linux does when the
 * fault signal is blocked or ignored.
 */
export function faultToSignal(t: Task): void {
  const f = t.cpu.fault;
  let sig: number = Sig.SIGSEGV;
  let code = SI_KERNEL;
  let addr = 0;
  switch (f.vector) {
    case Vector.PF: {
      const cause = t.mm.faultCause;
      if (cause === FaultCause.OutOfMemory) {
        // The machine's memory cap is reached: what Linux's OOM killer does, SIGKILL.
        t.process.mm.faultCause = FaultCause.Segv;
        forceSignal(t, Sig.SIGKILL, SI_KERNEL, 0);
        return;
      }
      if (cause === FaultCause.BeyondEof) {
        t.process.mm.faultCause = FaultCause.Segv;
        forceSignal(t, Sig.SIGBUS, BUS_ADRERR, f.addr);
        return;
      }
      sig = Sig.SIGSEGV;
      code = f.protection ? SEGV_ACCERR : SEGV_MAPERR;
      addr = f.addr;
      break;
    }
    case Vector.UD:
      sig = Sig.SIGILL;
      code = ILL_ILLOPN;
      addr = t.cpu.rip;
      break;
    case Vector.DE:
      sig = Sig.SIGFPE;
      code = FPE_INTDIV;
      addr = t.cpu.rip;
      break;
    case Vector.MF:
    case Vector.XM:
      sig = Sig.SIGFPE;
      code = FPE_FLTDIV;
      addr = t.cpu.rip;
      break;
    case Vector.BP:
      sig = Sig.SIGTRAP;
      code = SI_KERNEL; // int3 reports SI_KERNEL on x86-64
      addr = 0;
      break;
    case Vector.DB:
      sig = Sig.SIGTRAP;
      code = TRAP_BRKPT;
      break;
    case Vector.AC:
      sig = Sig.SIGBUS;
      code = 1; // BUS_ADRALN
      addr = f.addr;
      break;
    default: // #GP and the rest
      sig = Sig.SIGSEGV;
      code = SI_KERNEL;
      addr = 0;
  }
  forceSignal(t, sig, code, addr);
}

/** Deliver a synchronous, unblockable signal to `t` (fault, or #GP from a privileged instruction). */
export function forceSignal(t: Task, sig: number, code: number, addr: number): void {
  const p = t.process;
  t.kernel.emitSignal(t, newInfo(sig, code, addr, 0, 0));
  t.kernel.exitProcess(p, signalDeathStatus(p, sig));
}

/**
 * On the way back to user space: act on pending signals that are no longer blocked. Default
 * actions happen here (terminate, ignore); a signal with a handler stays pending until handler
 * delivery exists (issue 3). Called by the gate only when `t.signalCheck` is set.
 */
export function deliverPending(t: Task): void {
  t.signalCheck = false;
  const p = t.process;
  // SIGKILL is never blocked.
  const lo = (t.pendingLo | p.sharedPendingLo) & (~t.sigmaskLo | UNBLOCKABLE_LO);
  const hi = (t.pendingHi | p.sharedPendingHi) & ~t.sigmaskHi;
  if (lo === 0 && hi === 0) return;
  for (let sig = 1; sig < NSIG; sig++) {
    if (!sigIsSet(lo, hi, sig)) continue;
    const a = p.sigactions.get(sig);
    if (a.handler !== SIG_DFL && a.handler !== SIG_IGN) continue; // waits for handler delivery
    // Dequeue it (the thread's own queue first, as Linux does).
    const bit = ~sigBit(sig);
    const info = t.pendingInfo[sig] ?? p.sharedPendingInfo[sig] ?? newInfo(sig, SI_USER, 0, 0, 0);
    t.pendingInfo[sig] = undefined;
    p.sharedPendingInfo[sig] = undefined;
    if (sig <= 32) {
      t.pendingLo &= bit;
      p.sharedPendingLo &= bit;
    } else {
      t.pendingHi &= bit;
      p.sharedPendingHi &= bit;
    }
    const d = signalDefault(sig);
    if (a.handler === SIG_IGN || d === SigDefault.Ign) {
      t.kernel.emitSignal(t, info); // seen by a tracer only: untraced, ignored signals never queue
      continue;
    }
    if (d === SigDefault.Term || d === SigDefault.Core) {
      t.kernel.emitSignal(t, info);
      t.kernel.exitProcess(p, signalDeathStatus(p, sig));
      return;
    }
  }
}
