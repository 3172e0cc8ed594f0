/**
 * Signals: dispositions, masks, pending sets and queues, sending (kill and friends, faults, child
 * state changes), and delivery on the way back to user space.
 *
 * Sending (sendSignal / sendSignalInfo) does what Linux's prepare_signal and complete_signal do:
 * SIGCONT resumes a stopped process and discards pending stop signals (and the reverse), a signal
 * that would be ignored is dropped unless blocked, classic signals coalesce while real-time ones
 * (32..64) queue every instance in order, a process-directed signal picks a thread that does not
 * block it, and a thread that sleeps in a syscall is woken so the gate can interrupt the call
 * (restart.ts). A fatal signal to a process none of whose targets is running ends it at once.
 *
 * Delivery (deliverPending) runs whenever a task returns to user space with `signalCheck` set: it
 * dequeues the lowest deliverable signal (synchronous fault signals first) and either applies the
 * default action (Term, Core, Ign, Stop: group stop with CLD_STOPPED to the parent, Cont) or builds
 * an rt_sigframe and enters the handler (signal-frame.ts) with the mask old | sa_mask | sig. It
 * also settles an interrupted call: restart it (rip -= 2) or let it fail with EINTR, per the
 * ERESTART* code and the handler's SA_RESTART. Faults (faultToSignal) are forced as Linux's
 * force_sig does: a blocked or ignored fault signal reverts to SIG_DFL and kills.
 */
import {
  NSIG, SIG_DFL, SIG_IGN, SigDefault, Sig, signalDefault, SI_KERNEL, SEGV_ACCERR, SEGV_MAPERR,
  ILL_ILLOPN, FPE_INTDIV, TRAP_BRKPT, FPE_FLTDIV, SI_USER, BUS_ADRERR, SIGRTMIN, SA_NODEFER, SA_RESETHAND,
  SA_RESTART, SA_NOCLDSTOP,
} from "../abi/signals.js";
import { Errno, ERESTARTSYS, ERESTARTNOINTR, ERESTART_RESTARTBLOCK } from "../abi/errno.js";
import { syscallNumbers } from "../abi/syscalls.js";
import { AccessKind } from "../cpu/fault.js";
import { ProcessState } from "./process.js";
import { setupFrame } from "./signal-frame.js";
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


const CLD_STOPPED = 5;
const CLD_CONTINUED = 6;
const NR_RESTART_SYSCALL = syscallNumbers["restart_syscall"]!;
/** SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV SIGSYS: dequeued before other signals (Linux's SYNCHRONOUS_MASK). */
const SYNC_LO = sigBit(4) | sigBit(5) | sigBit(7) | sigBit(8) | sigBit(11) | sigBit(31);
const STOP_LO = sigBit(Sig.SIGSTOP) | sigBit(Sig.SIGTSTP) | sigBit(Sig.SIGTTIN) | sigBit(Sig.SIGTTOU);

export function newInfo(signo: number, code: number, addr: number, pid: number, uid: number): SignalInfo {
  return { signo, code, errno: 0, pid, uid, addr, status: 0 };
}

function isStopSignal(sig: number): boolean {
  return sig <= 32 && (STOP_LO & sigBit(sig)) !== 0;
}

/** Is `sig` blocked for `x`, counting a rt_sigtimedwait in progress as unblocking its set? */
function blockedFor(x: Task, sig: number): boolean {
  if (sig === Sig.SIGKILL || sig === Sig.SIGSTOP) return false;
  let lo = x.sigmaskLo, hi = x.sigmaskHi;
  const st = x.sig;
  if (st.sigwaitActive) {
    lo &= ~st.sigwaitLo;
    hi &= ~st.sigwaitHi;
  }
  return sigIsSet(lo, hi, sig);
}

/** Drop every pending instance of the signals in (lo, hi) from the process and its threads. */
export function discardPending(p: Process, lo: number, hi: number): void {
  if ((lo | hi) === 0) return;
  for (let sig = 1; sig < NSIG; sig++) {
    if (!sigIsSet(lo, hi, sig)) continue;
    p.sharedPendingInfo[sig] = undefined;
    p.sig.rtExtra[sig] = undefined;
    for (const x of p.threads) {
      x.pendingInfo[sig] = undefined;
      x.sig.rtExtra[sig] = undefined;
    }
  }
  p.sharedPendingLo &= ~lo;
  p.sharedPendingHi &= ~hi;
  for (const x of p.threads) {
    x.pendingLo &= ~lo;
    x.pendingHi &= ~hi;
  }
}

/** The thread a process-directed `sig` goes to: the leader if it takes it, else one that does. */
function pickThread(p: Process, sig: number): Task | undefined {
  const lead = p.leader;
  if (lead && lead.state !== TaskState.Dead && !blockedFor(lead, sig)) return lead;
  for (const x of p.threads) if (x.state !== TaskState.Dead && !blockedFor(x, sig)) return x;
  return lead;
}

/** Tell the parent that `p` stopped or continued (SIGCHLD unless SA_NOCLDSTOP; wait4 wakes). */
function notifyParentJob(p: Process, code: number, status: number): void {
  const parent = p.parent;
  if (parent === null || parent.state !== ProcessState.Alive) return;
  const act = parent.sigactions.get(Sig.SIGCHLD);
  if (!(act.flags & SA_NOCLDSTOP)) {
    const info = newInfo(Sig.SIGCHLD, code, 0, p.pid, p.creds.uid);
    info.status = status;
    sendSignalInfo(parent, null, info);
  }
  parent.childWait.wakeAll();
}

/** SIGCONT to a stopped process: every stopped thread runs again; the parent hears CLD_CONTINUED. */
function continueProcess(p: Process): void {
  const st = p.sig;
  st.stopped = false;
  st.stopReport = false;
  st.contReport = true;
  for (const x of p.threads) {
    if (x.state === TaskState.Stopped) {
      x.state = TaskState.Running;
      x.signalCheck = true;
      x.kernel.scheduler.enqueue(x);
    }
  }
  notifyParentJob(p, CLD_CONTINUED, Sig.SIGCONT);
}

/** A stop signal's default action: the whole thread group stops (`t` first). */
function groupStop(t: Task, sig: number): void {
  const p = t.process;
  const st = p.sig;
  st.stopped = true;
  st.stopSig = sig;
  st.stopReport = true;
  st.contReport = false;
  for (const x of p.threads) {
    if (x === t || x.state === TaskState.Running) x.state = TaskState.Stopped;
    else if (x.state === TaskState.Sleeping) {
      // interrupted by the gate, it stops on its way out
      x.signalCheck = true;
      x.wake();
    }
  }
  notifyParentJob(p, CLD_STOPPED, sig);
}

/**
 * Send `sig` to a process (kill: `thread` null) or one thread (tgkill, faults: `thread` set), with
 * si_code `code` and the sender's pid and uid.
 */
export function sendSignal(p: Process, thread: Task | null, sig: number, code: number, senderPid: number, senderUid: number): void {
  sendSignalInfo(p, thread, newInfo(sig, code, 0, senderPid, senderUid));
}

/** Send a signal described by `info` (its signo says which). */
export function sendSignalInfo(p: Process, thread: Task | null, info: SignalInfo): void {
  const sig = info.signo;
  if (sig <= 0 || sig >= NSIG || p.exiting || p.state !== ProcessState.Alive) return;
  const st = p.sig;
  // Stop and continue cancel each other at once, whatever the disposition.
  if (isStopSignal(sig)) discardPending(p, sigBit(Sig.SIGCONT), 0);
  else if (sig === Sig.SIGCONT) {
    discardPending(p, STOP_LO, 0);
    if (st.stopped) continueProcess(p);
  }
  const target = thread ?? pickThread(p, sig);
  if (!target) return;
  // An ignored signal is dropped here, except under a tracer: as with ptrace, it is queued so
  // the tracer sees it delivered ("--- SIGCHLD ... ---") and discarded then.
  if (signalIgnored(p, sig) && !blockedFor(target, sig) && target.kernel.events.signal.length === 0) return;
  const bit = sigBit(sig);
  const rt = sig >= SIGRTMIN;
  if (thread) {
    const pending = sigIsSet(thread.pendingLo, thread.pendingHi, sig);
    if (pending && !rt) return; // classic signals do not queue
    if (!pending) {
      if (sig <= 32) thread.pendingLo |= bit;
      else thread.pendingHi |= bit;
      thread.pendingInfo[sig] = info;
    } else (thread.sig.rtExtra[sig] ??= []).push(info);
  } else {
    const pending = sigIsSet(p.sharedPendingLo, p.sharedPendingHi, sig);
    if (pending && !rt) return;
    if (!pending) {
      if (sig <= 32) p.sharedPendingLo |= bit;
      else p.sharedPendingHi |= bit;
      p.sharedPendingInfo[sig] = info;
    } else (st.rtExtra[sig] ??= []).push(info);
    for (const x of p.threads) x.signalCheck = true;
  }
  target.signalCheck = true;
  if (blockedFor(target, sig)) return;
  // A fatal signal that no running target will act on soon ends the process now.
  const a = p.sigactions.get(sig);
  const d = signalDefault(sig);
  const fatal = sig === Sig.SIGKILL ||
    (a.handler === SIG_DFL && (d === SigDefault.Term || d === SigDefault.Core) && !sigIsSet(target.sigmaskLo, target.sigmaskHi, sig));
  if (fatal) {
    const targets = thread ? [thread] : p.threads;
    if (!targets.some((x) => x.state === TaskState.Running)) {
      target.kernel.emitSignal(target, info);
      target.kernel.exitProcess(p, signalDeathStatus(p, sig));
      return;
    }
  }
  // A sleeper is woken: its call re-runs and, still blocked, is interrupted by the gate.
  if (target.state === TaskState.Sleeping) target.wake();
}

/**
 * A CPU exception in `t`: turn it into the signal Linux sends (force_sig_fault), with the
 * sigcontext's trapno, error code and cr2 noted for the frame.
 */
export function faultToSignal(t: Task): void {
  const f = t.cpu.fault;
  let sig: number = Sig.SIGSEGV;
  let code = SI_KERNEL;
  let addr = 0;
  const st = t.sig;
  st.faultTrapno = f.vector;
  st.faultErr = 0;
  st.faultCr2 = 0;
  switch (f.vector) {
    case Vector.PF: {
      const cause = t.mm.faultCause;
      if (cause === FaultCause.OutOfMemory) {
        // The machine's memory cap is reached: what Linux's OOM killer does, SIGKILL.
        t.process.mm.faultCause = FaultCause.Segv;
        forceSignal(t, Sig.SIGKILL, SI_KERNEL, 0);
        return;
      }
      st.faultErr = 4 | (f.protection ? 1 : 0) | (f.access === AccessKind.Write ? 2 : 0) | (f.access === AccessKind.Exec ? 0x10 : 0);
      st.faultCr2 = f.addr;
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

/**
 * Deliver a synchronous signal to `t` now (a fault, #GP from a privileged instruction, a frame that
 * cannot be written). As Linux's force_sig: if the signal is blocked or ignored, its action reverts
 * to SIG_DFL and it is unblocked, so a fault nobody can handle kills the process.
 */
export function forceSignal(t: Task, sig: number, code: number, addr: number): void {
  const p = t.process;
  const a = p.sigactions.get(sig);
  const blocked = sig !== Sig.SIGKILL && sigIsSet(t.sigmaskLo, t.sigmaskHi, sig);
  if (a.handler === SIG_IGN || blocked) {
    a.handler = SIG_DFL;
    if (blocked) {
      if (sig <= 32) t.sigmaskLo &= ~sigBit(sig);
      else t.sigmaskHi &= ~sigBit(sig);
    }
  }
  const info = newInfo(sig, code, addr, 0, 0);
  if (sig <= 32) t.pendingLo |= sigBit(sig);
  else t.pendingHi |= sigBit(sig);
  t.pendingInfo[sig] = info;
  deliverPending(t);
}

/** Does `t` have a signal that would interrupt a blocked call (or a group stop to join)? */
export function signalPendingFor(t: Task): boolean {
  const p = t.process;
  if (p.sig.stopped) return true;
  const lo = (t.pendingLo | p.sharedPendingLo) & (~t.sigmaskLo | UNBLOCKABLE_LO);
  const hi = (t.pendingHi | p.sharedPendingHi) & ~t.sigmaskHi;
  return (lo | hi) !== 0;
}

function lowestSig(lo: number, hi: number): number {
  if (lo !== 0) {
    const s = lo & SYNC_LO;
    const x = s !== 0 ? s : lo;
    return 32 - Math.clz32(x & -x);
  }
  return 32 + 32 - Math.clz32(hi & -hi);
}

/** Take one instance of `sig` off a pending set (the next queued real-time instance stays). */
function takeFrom(owner: Task | Process, extra: (SignalInfo[] | undefined)[], sig: number, infos: (SignalInfo | undefined)[]): SignalInfo {
  const info = infos[sig] ?? newInfo(sig, SI_USER, 0, 0, 0);
  const more = extra[sig];
  if (more && more.length > 0) {
    infos[sig] = more.shift();
    return info;
  }
  infos[sig] = undefined;
  if (owner instanceof Object && "tid" in owner) {
    if (sig <= 32) owner.pendingLo &= ~sigBit(sig);
    else owner.pendingHi &= ~sigBit(sig);
  } else {
    const p = owner as Process;
    if (sig <= 32) p.sharedPendingLo &= ~sigBit(sig);
    else p.sharedPendingHi &= ~sigBit(sig);
  }
  return info;
}

/**
 * Dequeue the next pending signal of `t` among (lo, hi): the thread's own first, then the
 * process's; lowest number first, fault signals before all. null when none.
 */
export function dequeueSignal(t: Task, lo: number, hi: number): SignalInfo | null {
  const p = t.process;
  let l = t.pendingLo & lo, h = t.pendingHi & hi;
  if ((l | h) !== 0) return takeFrom(t, t.sig.rtExtra, lowestSig(l, h), t.pendingInfo);
  l = p.sharedPendingLo & lo;
  h = p.sharedPendingHi & hi;
  if ((l | h) !== 0) return takeFrom(p, p.sig.rtExtra, lowestSig(l, h), p.sharedPendingInfo);
  return null;
}

/**
 * Settle an interrupted call (t.sig.restartCode) now that delivery knows what runs: `a` is the
 * handler about to run, or null when none does. Restarting rewinds rip over `syscall` (2 bytes)
 * and puts the number back in rax (restart_syscall's for ERESTART_RESTARTBLOCK); otherwise rax
 * keeps the -EINTR the gate stored.
 */
function applyRestart(t: Task, a: SigAction | null): void {
  const st = t.sig;
  const code = st.restartCode;
  if (code === 0) return;
  st.restartCode = 0;
  let restart: boolean;
  if (a === null || code === ERESTARTNOINTR) restart = true;
  else if (code === ERESTARTSYS) restart = (a.flags & SA_RESTART) !== 0;
  else restart = false;
  const cpu = t.cpu;
  if (!restart) {
    cpu.lo[0] = -Errno.EINTR;
    cpu.hi[0] = -1;
    t.sleepDeadlineMs = -1;
    st.restartBlockNr = -1;
    return;
  }
  cpu.rip -= 2;
  if (code === ERESTART_RESTARTBLOCK) {
    if (st.restartNr !== NR_RESTART_SYSCALL) st.restartBlockNr = st.restartNr;
    cpu.lo[0] = NR_RESTART_SYSCALL;
  } else {
    t.sleepDeadlineMs = -1;
    cpu.lo[0] = st.restartNr;
  }
  cpu.hi[0] = 0;
}

/**
 * rt_sigsuspend, and calls such as ppoll, pselect6 and epoll_pwait: wait with the mask (lo, hi).
 * Call it on every run of the handler; the first saves the old mask, which comes back on the way
 * out to user space (or goes into the frame of a handler the wait let in).
 */
export function setWaitMask(t: Task, lo: number, hi: number): void {
  const st = t.sig;
  if (!st.hasSavedMask) {
    st.savedMaskLo = t.sigmaskLo;
    st.savedMaskHi = t.sigmaskHi;
    st.hasSavedMask = true;
  }
  t.sigmaskLo = lo & ~UNBLOCKABLE_LO;
  t.sigmaskHi = hi;
  t.signalCheck = true;
}

/** The saved mask goes back when no handler frame took it. */
function restoreSavedMask(t: Task): void {
  const st = t.sig;
  if (!st.hasSavedMask) return;
  st.hasSavedMask = false;
  t.sigmaskLo = st.savedMaskLo;
  t.sigmaskHi = st.savedMaskHi;
}

/** The frame could not be written: SIGSEGV with its default action (Linux's force_sigsegv). */
function frameFailed(t: Task): void {
  t.process.sigactions.get(Sig.SIGSEGV).handler = SIG_DFL;
  t.sig.faultTrapno = -1;
  forceSignal(t, Sig.SIGSEGV, SI_KERNEL, 0);
}

/**
 * On the way back to user space: act on every pending signal that is not blocked, in order. Default
 * actions happen here; a handler gets a frame (and later signals nest on top of it, as Linux's
 * exit-to-user loop does). Called by the gate and the scheduler when `t.signalCheck` is set, and by
 * the gate after an interrupted call (to settle its restart).
 */
export function deliverPending(t: Task): void {
  t.signalCheck = false;
  const p = t.process;
  const st = t.sig;
  for (;;) {
    if (t.state === TaskState.Dead || p.exiting) {
      st.restartCode = 0;
      return;
    }
    if (p.sig.stopped) {
      // the group is stopped: this thread joins the stop on its way out
      applyRestart(t, null);
      restoreSavedMask(t);
      t.state = TaskState.Stopped;
      return;
    }
    const info = dequeueSignal(t, ~t.sigmaskLo | UNBLOCKABLE_LO, ~t.sigmaskHi);
    if (info === null) break;
    const sig = info.signo;
    const a = p.sigactions.get(sig);
    if (sig !== Sig.SIGKILL && a.handler === SIG_IGN) {
      t.kernel.emitSignal(t, info);
      continue;
    }
    if (sig === Sig.SIGKILL || a.handler === SIG_DFL) {
      const d = sig === Sig.SIGKILL ? SigDefault.Term : signalDefault(sig);
      t.kernel.emitSignal(t, info);
      if (d === SigDefault.Ign || d === SigDefault.Cont) continue;
      if (d === SigDefault.Stop) {
        applyRestart(t, null);
        restoreSavedMask(t);
        groupStop(t, sig);
        return;
      }
      st.restartCode = 0;
      t.kernel.exitProcess(p, signalDeathStatus(p, sig));
      return;
    }
    // A handler runs.
    t.kernel.emitSignal(t, info);
    applyRestart(t, a);
    const oldLo = st.hasSavedMask ? st.savedMaskLo : t.sigmaskLo;
    const oldHi = st.hasSavedMask ? st.savedMaskHi : t.sigmaskHi;
    st.hasSavedMask = false;
    const ok = setupFrame(t, info, a, oldLo, oldHi);
    st.faultTrapno = -1;
    if (!ok) {
      frameFailed(t);
      return;
    }
    let lo = t.sigmaskLo | a.maskLo;
    let hi = t.sigmaskHi | a.maskHi;
    if (!(a.flags & SA_NODEFER)) {
      if (sig <= 32) lo |= sigBit(sig);
      else hi |= sigBit(sig);
    }
    t.sigmaskLo = lo & ~UNBLOCKABLE_LO;
    t.sigmaskHi = hi;
    if (a.flags & SA_RESETHAND) a.handler = SIG_DFL;
  }
  applyRestart(t, null);
  restoreSavedMask(t);
}
