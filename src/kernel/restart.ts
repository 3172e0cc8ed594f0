/**
 * Interrupted system calls: which ERESTART* code a blocked call gets when a signal interrupts it,
 * and what the gate does about it. Handlers only return BLOCK; the gate owns the rest:
 *
 *   - ERESTARTSYS (the default): restarted if the handler has SA_RESTART, or when no handler runs;
 *     otherwise EINTR.
 *   - ERESTARTNOHAND (pause, rt_sigsuspend, select, poll without timeout, ppoll, pselect6,
 *     clock_nanosleep with TIMER_ABSTIME): EINTR when a handler runs, restarted otherwise.
 *   - ERESTART_RESTARTBLOCK (nanosleep, clock_nanosleep, poll with a timeout, futex waits with a
 *     timeout): EINTR when a handler runs, otherwise continued through restart_syscall.
 *   - EINTR always (epoll_wait, epoll_pwait, epoll_pwait2, rt_sigtimedwait, io_getevents, ...).
 *   - not interrupted at all: vfork's wait for its child.
 */
import { Errno, ERESTARTSYS, ERESTARTNOHAND, ERESTART_RESTARTBLOCK, ERESTARTNOINTR } from "../abi/errno.js";
import { syscallNumbers, SYSCALL_COUNT } from "../abi/syscalls.js";
import type { Task } from "./task.js";

const TIMER_ABSTIME = 1;
const FUTEX_CMD_MASK = 0x7f; // without FUTEX_PRIVATE_FLAG / FUTEX_CLOCK_REALTIME
const FUTEX_WAIT = 0, FUTEX_LOCK_PI = 6, FUTEX_WAIT_BITSET = 9, FUTEX_LOCK_PI2 = 13;

/** Calls whose code depends on their arguments. */
const enum Special {
  None = 0,
  ClockNanosleep,
  Poll,
  Futex,
}

const fixedCode = new Int32Array(SYSCALL_COUNT).fill(ERESTARTSYS);
const special = new Uint8Array(SYSCALL_COUNT);

function setCode(names: string[], code: number): void {
  for (const n of names) {
    const nr = syscallNumbers[n];
    if (nr !== undefined) fixedCode[nr] = code;
  }
}
setCode(["pause", "rt_sigsuspend", "select", "pselect6", "ppoll"], ERESTARTNOHAND);
setCode(["nanosleep", "restart_syscall"], ERESTART_RESTARTBLOCK);
setCode(
  ["epoll_wait", "epoll_pwait", "epoll_pwait2", "rt_sigtimedwait", "io_getevents", "io_pgetevents", "semtimedop", "semop",
    "msgrcv", "msgsnd", "mq_timedreceive", "mq_timedsend", "sigaltstack"],
  -Errno.EINTR,
);
// vfork's wait for the child is not interruptible (only a fatal signal ends it).
setCode(["vfork", "clone", "clone3"], 0);
for (const [n, s] of [["clock_nanosleep", Special.ClockNanosleep], ["poll", Special.Poll], ["futex", Special.Futex]] as const) {
  const nr = syscallNumbers[n];
  if (nr !== undefined) special[nr] = s;
}

/**
 * The code an interrupted call `nr` returns: one of ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND,
 * ERESTART_RESTARTBLOCK (positive), -EINTR for calls that are never restarted, or 0 for calls
 * a signal does not interrupt (they keep sleeping).
 */
export function restartCodeFor(t: Task, nr: number): number {
  if (nr < 0 || nr >= SYSCALL_COUNT) return ERESTARTSYS;
  const a = t.args;
  switch (special[nr] as Special) {
    case Special.ClockNanosleep:
      return a.int(1) & TIMER_ABSTIME ? ERESTARTNOHAND : ERESTART_RESTARTBLOCK;
    case Special.Poll:
      return a.int(2) >= 0 ? ERESTART_RESTARTBLOCK : ERESTARTNOHAND;
    case Special.Futex: {
      const cmd = a.int(1) & FUTEX_CMD_MASK;
      if (cmd === FUTEX_LOCK_PI || cmd === FUTEX_LOCK_PI2) return ERESTARTNOINTR;
      if ((cmd === FUTEX_WAIT || cmd === FUTEX_WAIT_BITSET) && a.ptr(3) !== 0) return ERESTART_RESTARTBLOCK;
      return ERESTARTSYS;
    }
    default:
      return fixedCode[nr]!;
  }
}
