/**
 * The gate: what happens between the guest's `syscall` instruction and its return to user space.
 *
 *   1. read the number from rax; look the handler up in a dense table indexed by number
 *   2. tell listeners (tracer) the call entered, with the raw argument registers
 *   3. run the handler with the task's reused SyscallArgs view; SyscallError becomes -errno
 *   4. BLOCK: park the task (state S) with the call pending; when woken, step 3 runs again. If
 *      it is still blocked and a signal is pending, it is interrupted instead (restart.ts)
 *   5. put the result (or -errno) in rax as a sign-extended 64-bit value; tell listeners
 *
 * rcx and r11 were already clobbered by the CPU (return rip, rflags) as the hardware does.
 * Nothing here allocates in the common path.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { HostError } from "../host/types.js";
import { SYSCALL_COUNT, syscallNames, syscallNumbers } from "../abi/syscalls.js";
import { BLOCK } from "./wait.js";
import type { SyscallHandler, SyscallHandlers } from "./syscalls/types.js";
import { TaskState, type Task } from "./task.js";
import { ExitKind } from "./events.js";
import { deliverPending, signalPendingFor } from "./signal.js";
import { SIGRETURN_DONE } from "./signal-frame.js";
import { restartCodeFor } from "./restart.js";
import { RUN_HANDLER } from "./inject.js";
import { seccompCheck, seccompTrap, SECCOMP_RUN, SECCOMP_TRAP } from "./seccomp.js";

const TWO32 = 4294967296;
const NR_RESTART_SYSCALL = syscallNumbers["restart_syscall"]!;
const NR_NANOSLEEP = syscallNumbers["nanosleep"]!;
const NR_CLOCK_NANOSLEEP = syscallNumbers["clock_nanosleep"]!;

export { ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK } from "../abi/errno.js";
import { ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK } from "../abi/errno.js";

/** A dense table: handler by syscall number (undefined = not implemented, ENOSYS). */
export type SyscallTable = (SyscallHandler | undefined)[];

/**
 * Build the number-indexed table from name-keyed families. A name that is not an x86-64 syscall
 * is a bug in a family and throws; a later family overrides an earlier one for the same name.
 */
export function buildSyscallTable(families: readonly SyscallHandlers[]): SyscallTable {
  const table: SyscallTable = new Array<SyscallHandler | undefined>(SYSCALL_COUNT).fill(undefined);
  for (const fam of families) {
    for (const name of Object.keys(fam)) {
      const nr = syscallNumbers[name];
      if (nr === undefined) throw new Error(`syscall family names an unknown syscall: ${name}`);
      table[nr] = fam[name];
    }
  }
  return table;
}

/** Names of the syscalls a table implements (for docs, `--list`, tests). */
export function implementedSyscalls(table: SyscallTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < table.length; i++) if (table[i]) out.push(syscallNames[i]!);
  return out;
}

/** Write a handler's result into rax as a 64-bit value (negative results sign-extend). */
export function setReturn(t: Task, r: number): void {
  const cpu = t.cpu;
  if (r >= -0x80000000 && r <= 0x7fffffff) {
    cpu.lo[0] = r;
    cpu.hi[0] = r < 0 ? -1 : 0;
  } else {
    const hi = Math.floor(r / TWO32);
    cpu.lo[0] = r - hi * TWO32;
    cpu.hi[0] = hi;
  }
}

/**
 * Entry from the scheduler when the CPU stopped with StopReason.Syscall. On return the task is
 * either back in user space (state Running, rax set), parked (Sleeping), or gone (Dead).
 */
export function syscallEntry(t: Task): void {
  const cpu = t.cpu;
  // Linux takes the number as a C int (the low 32 bits of rax); outside the table is ENOSYS.
  const nr = cpu.lo[0]!;
  t.syscallNr = nr;
  t.syscallRerun = false;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallEnter(t, nr);
  if (t.seccompMode !== 0) {
    const r = seccompCheck(t, nr);
    if (r !== SECCOMP_RUN) {
      seccompSkip(t, nr, r);
      return;
    }
  }
  invoke(t, nr);
}

/** A call seccomp did not let run: its errno, a SIGSYS after it (RET_TRAP), or the task is gone. */
function seccompSkip(t: Task, nr: number, r: number): void {
  if (t.state === TaskState.Dead) {
    endDeadCall(t, nr);
    return;
  }
  if (r === SECCOMP_TRAP) {
    finish(t, nr, nr);
    seccompTrap(t);
    return;
  }
  finish(t, nr, r);
}

/**
 * The task died in the call (exit/exit_group, a fatal signal, seccomp's kill): nothing returns to
 * user space. Retiring the task usually reported the call as NoReturn already; if not, now.
 */
function endDeadCall(t: Task, nr: number): void {
  if (t.syscallNr < 0) return;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallExit(t, nr, 0, ExitKind.NoReturn);
  t.syscallNr = -1;
}

/** Re-run a parked syscall after a wake-up. */
export function syscallResume(t: Task): void {
  t.syscallPending = false;
  t.syscallRerun = true;
  const nr = t.syscallNr;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallResume(t, nr);
  invoke(t, nr);
}

function invoke(t: Task, nr: number): void {
  const table = t.kernel.syscallTable;
  const h = nr >= 0 && nr < table.length ? table[nr] : undefined;
  let r: number;
  // -e inject/fault (src/kernel/inject.ts): null unless a rule was given.
  const inj = t.kernel.injector;
  if (inj !== null && (r = inj.before(t, nr)) !== RUN_HANDLER) {
    // injected value, or BLOCK while a delay runs
  } else if (h === undefined) {
    r = -Errno.ENOSYS;
    t.kernel.noteUnimplemented(nr);
  } else {
    // Time in the handler is system time (the rest of a slice is user time).
    const clock = t.kernel.clock;
    const t0 = clock.cpuStampMs();
    try {
      r = h(t, t.args);
    } catch (e) {
      if (e instanceof SyscallError) r = -e.errno;
      else if (e instanceof HostError) r = -e.errno; // a host failure that a handler did not translate
      else throw e;
    }
    t.sysTimeMs += clock.cpuStampMs() - t0;
  }
  if (t.state === TaskState.Dead) {
    endDeadCall(t, nr);
    return;
  }
  if (inj !== null && r !== BLOCK) r = inj.after(t, r);
  if (r === BLOCK) {
    const code = signalPendingFor(t) ? restartCodeFor(t, nr) : 0;
    if (code === 0) {
      const k = t.kernel;
      if (k.events.tracing) k.emitSyscallBlock(t, nr);
      t.park();
      return;
    }
    // Still blocked, and a signal wants in: the call does not sleep, it is interrupted.
    r = abandonSleep(t, nr, code);
  }
  if (r === SIGRETURN_DONE) {
    // rt_sigreturn put every register back, rax included.
    t.syscallNr = -1;
    const k = t.kernel;
    if (k.events.tracing) k.emitSyscallExit(t, nr, t.cpu.lo[0]!, ExitKind.Normal);
    if (t.signalCheck) deliverPending(t);
    return;
  }
  if (r <= -ERESTARTSYS && r >= -ERESTART_RESTARTBLOCK) {
    restartOrInterrupt(t, nr, r);
    return;
  }
  finish(t, nr, r);
}

/**
 * A blocked call meets a pending signal: leave its wait queues and timers, write what an
 * interrupted sleep reports (the remaining time), and give the call's ERESTART* code (restart.ts).
 */
function abandonSleep(t: Task, nr: number, code: number): number {
  t.leaveQueues();
  if (t.cancelTimer) {
    t.cancelTimer();
    t.cancelTimer = null;
  }
  const st = t.sig;
  st.sigwaitActive = false;
  const real = nr === NR_RESTART_SYSCALL ? st.restartBlockNr : nr;
  if (code === ERESTART_RESTARTBLOCK && (real === NR_NANOSLEEP || real === NR_CLOCK_NANOSLEEP)) writeRemaining(t, real);
  if (code < 0) {
    // never restarted
    t.sleepDeadlineMs = -1;
    return code;
  }
  return -code;
}

/** nanosleep / clock_nanosleep interrupted: the time left goes to `rem` (when given). */
function writeRemaining(t: Task, nr: number): void {
  const remAddr = nr === NR_NANOSLEEP ? t.args.ptr(1) : t.args.ptr(3);
  if (remAddr === 0 || t.sleepDeadlineMs < 0) return;
  const leftMs = Math.max(0, t.sleepDeadlineMs - t.kernel.clock.monotonicMs());
  let sec = Math.floor(leftMs / 1000);
  let nsec = Math.round((leftMs - sec * 1000) * 1e6);
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
  const dv = t.scratch;
  dv.setUint32(0, sec, true);
  dv.setUint32(4, 0, true);
  dv.setUint32(8, nsec, true);
  dv.setUint32(12, 0, true);
  try {
    t.copyScratchOut(remAddr, 16);
  } catch {
    // Linux reports EFAULT here; the call fails anyway
  }
}

/**
 * A call ended with one of the ERESTART* codes: a signal interrupted it. The tracer hears the raw
 * code ("= ? ERESTARTSYS"); rax holds -EINTR until delivery decides (signal.ts applyRestart):
 * restart (rewind rip over the 2-byte `syscall`, restore rax) when no handler runs or SA_RESTART
 * says so, otherwise EINTR.
 */
function restartOrInterrupt(t: Task, nr: number, r: number): void {
  setReturn(t, -Errno.EINTR);
  t.syscallNr = -1;
  const st = t.sig;
  st.restartCode = -r;
  st.restartNr = nr;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallExit(t, nr, r, ExitKind.Restart);
  deliverPending(t);
  st.restartCode = 0;
}

function finish(t: Task, nr: number, r: number): void {
  setReturn(t, r);
  t.syscallNr = -1;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallExit(t, nr, r, ExitKind.Normal);
  // Return to user space: signals that became deliverable act now (and a wait mask goes back).
  if (t.signalCheck || t.sig.hasSavedMask) deliverPending(t);
}
