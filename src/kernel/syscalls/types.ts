import type { Task } from "../task.js";
import type { SyscallArgs } from "../syscall-args.js";

/**
 * A syscall handler: reads its arguments from `a`, touches user memory only through
 * `t.mm.copyIn/copyOut/readString` (or the checked readU32/... helpers), and returns the result
 * (>= 0) or -errno. It may throw SyscallError(errno). To wait, it calls `t.sleepOn(queue)` and
 * returns BLOCK (src/kernel/wait.ts); it will be called again with the same arguments when woken.
 */
export type SyscallHandler = (t: Task, a: SyscallArgs) => number;

/** A family of handlers keyed by the syscall's Linux name ("openat", "rt_sigaction"). */
export type SyscallHandlers = Readonly<Record<string, SyscallHandler>>;
