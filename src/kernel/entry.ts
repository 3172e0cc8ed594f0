/**
 * The gate: what happens between the guest's `syscall` instruction and its return to user space.
 *
 *   1. read the number from rax; look the handler up in a dense table indexed by number
 *   2. tell listeners (tracer) the call entered, with the raw argument registers
 *   3. run the handler with the task's reused SyscallArgs view; SyscallError becomes -errno
 *   4. BLOCK: park the task (state S) with the call pending; when woken, step 3 runs again
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
import { deliverPending } from "./signal.js";
import { RUN_HANDLER } from "./inject.js";

const TWO32 = 4294967296;

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
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallEnter(t, nr);
  invoke(t, nr);
}

/** Re-run a parked syscall after a wake-up. */
export function syscallResume(t: Task): void {
  t.syscallPending = false;
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
    try {
      r = h(t, t.args);
    } catch (e) {
      if (e instanceof SyscallError) r = -e.errno;
      else if (e instanceof HostError) r = -e.errno; // a host failure that a handler did not translate
      else throw e;
    }
  }
  if (t.state === TaskState.Dead) {
    // exit/exit_group, or a fatal signal during the call: nothing returns to user space. The
    // kernel already reported the call as NoReturn when the task was retired.
    if (t.syscallNr >= 0) {
      const k = t.kernel;
      if (k.events.tracing) k.emitSyscallExit(t, nr, 0, ExitKind.NoReturn);
      t.syscallNr = -1;
    }
    return;
  }
  if (inj !== null && r !== BLOCK) r = inj.after(t, r);
  if (r === BLOCK) {
    const k = t.kernel;
    if (k.events.tracing) k.emitSyscallBlock(t, nr);
    t.park();
    return;
  }
  if (r <= -ERESTARTSYS && r >= -ERESTART_RESTARTBLOCK) r = restartOrInterrupt(t, nr, r);
  finish(t, nr, r);
}

/**
 * A handler returned one of the ERESTART* codes: a signal interrupted it. Linux decides on the way
 * out: restart the call (rewind rip over the 2-byte `syscall`, restore rax) when SA_RESTART says
 * so, otherwise fail with EINTR. Signal delivery arrives with issue 3; until then no handler can
 * be waiting, so every interrupted call reports EINTR.
 */
function restartOrInterrupt(t: Task, nr: number, r: number): number {
  void t;
  void nr;
  void r;
  return -Errno.EINTR;
}

function finish(t: Task, nr: number, r: number): void {
  setReturn(t, r);
  t.syscallNr = -1;
  const k = t.kernel;
  if (k.events.tracing) k.emitSyscallExit(t, nr, r, ExitKind.Normal);
  // Return to user space: signals that became deliverable act now.
  if (t.signalCheck) deliverPending(t);
}
