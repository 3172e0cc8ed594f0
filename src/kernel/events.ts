/**
 * What the kernel tells the world: syscall entry and exit, blocking, signals, process exits. The
 * tracer (src/trace), /proc views and the web timeline listen here; the kernel never formats.
 *
 * Cost when nobody listens: the gate tests one boolean (`events.tracing`) per syscall. Listener
 * calls pass plain arguments (the task, numbers, the reused SyscallArgs view), so emitting
 * allocates nothing either.
 *
 * Raw arguments: at syscallEnter, `args.lo(i)/hi(i)` (or `u64`/`s64`) read the six registers.
 * They stay valid until the task returns to user space, so an exit listener may read them again
 * (rdi, rsi, rdx, r10, r8, r9 are preserved by the gate; only rax changes).
 */
import type { Task } from "./task.js";
import type { Process } from "./process.js";
import type { SyscallArgs } from "./syscall-args.js";

/** How a syscall ended, beyond its result. */
export const enum ExitKind {
  /** The handler finished: `result` is what rax holds (>= 0 or -errno). */
  Normal = 0,
  /** The call never returns to the caller (exit, exit_group, a successful execve's old image). */
  NoReturn = 1,
  /** The call was interrupted and will be restarted (ERESTARTSYS and friends, issue 3). */
  Restart = 2,
}

export interface SyscallEnterListener {
  (task: Task, nr: number, args: SyscallArgs, timeNs: number): void;
}
/**
 * `result` is the value placed in rax as a signed number (-errno on failure); `errno` is the
 * positive error number or 0. `kind` says whether the result is real (Normal), the call never
 * returns (NoReturn: strace's "= ?"), or it will be restarted.
 */
export interface SyscallExitListener {
  (task: Task, nr: number, result: number, errno: number, kind: ExitKind, timeNs: number): void;
}
/** The call could not finish now and the task sleeps (strace's "<unfinished ...>"). */
export interface SyscallBlockListener {
  (task: Task, nr: number, timeNs: number): void;
}
/** The blocked call runs again after a wake-up (strace's "<... read resumed>" comes with its exit). */
export interface SyscallResumeListener {
  (task: Task, nr: number, timeNs: number): void;
}

export interface SignalInfo {
  signo: number;
  code: number;
  errno: number;
  /** Sender for kill/tgkill (SI_USER/SI_TKILL). */
  pid: number;
  uid: number;
  /** Faulting address for SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP. */
  addr: number;
  /** CHLD fields. */
  status: number;
  /** si_value (sigqueue, timers), when the sender gave one. */
  value?: number;
  /** The sender's whole 128-byte siginfo (rt_sigqueueinfo), copied to the handler as given. */
  raw?: Uint8Array;
}

/** A signal is being delivered to `task` (strace's "--- SIGSEGV {si_signo=...} ---"). */
export interface SignalListener {
  (task: Task, info: Readonly<SignalInfo>, timeNs: number): void;
}

/**
 * A process ended. `status` is its wait(2) status word: exit code << 8, or the signal number (| 0x80
 * if a core was dumped). strace prints "+++ exited with N +++" or "+++ killed by SIGSEGV +++".
 */
export interface ProcessExitListener {
  (proc: Process, status: number, timeNs: number): void;
}

/** A task (thread) was created or exec'd a new program. */
export interface TaskListener {
  (task: Task, timeNs: number): void;
}

interface ListenerMap {
  syscallEnter: SyscallEnterListener;
  syscallExit: SyscallExitListener;
  syscallBlock: SyscallBlockListener;
  syscallResume: SyscallResumeListener;
  signal: SignalListener;
  processExit: ProcessExitListener;
  taskStart: TaskListener;
  exec: TaskListener;
}
export type KernelEventName = keyof ListenerMap;

export class KernelEvents {
  /** True when any syscall listener is attached: the gate emits only then. */
  tracing = false;

  readonly syscallEnter: SyscallEnterListener[] = [];
  readonly syscallExit: SyscallExitListener[] = [];
  readonly syscallBlock: SyscallBlockListener[] = [];
  readonly syscallResume: SyscallResumeListener[] = [];
  readonly signal: SignalListener[] = [];
  readonly processExit: ProcessExitListener[] = [];
  readonly taskStart: TaskListener[] = [];
  readonly exec: TaskListener[] = [];

  on<K extends KernelEventName>(name: K, fn: ListenerMap[K]): () => void {
    (this[name] as ListenerMap[K][]).push(fn);
    this.update();
    return () => this.off(name, fn);
  }

  off<K extends KernelEventName>(name: K, fn: ListenerMap[K]): void {
    const list = this[name] as ListenerMap[K][];
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    this.update();
  }

  private update(): void {
    this.tracing =
      this.syscallEnter.length + this.syscallExit.length + this.syscallBlock.length + this.syscallResume.length > 0;
  }
}
