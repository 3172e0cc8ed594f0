/**
 * A task: one thread of execution — its CPU state, its signal mask, and the syscall it is in.
 * Tasks belong to a Process (the thread group), which owns what threads share.
 */
import type { SeccompFilter } from "./seccomp.js";
import { Cpu } from "../cpu/cpu.js";
import type { AddressSpace } from "../mm/address-space.js";
import { WaitQueue, type Sleeper } from "./wait.js";
import { SyscallArgs } from "./syscall-args.js";
import type { Process } from "./process.js";
import type { Kernel } from "./kernel.js";
import type { SignalInfo } from "./events.js";
import { TaskSignalState } from "./signal-state.js";

/** Scheduler states, with the letters of /proc/PID/stat. */
export const enum TaskState {
  /** Runnable or running. */
  Running = 0,
  /** Asleep in a syscall, woken by a wait queue (interruptible). */
  Sleeping = 1,
  /** Stopped by a signal (issue 3). */
  Stopped = 2,
  /** Gone: exited, waiting for its process to be reaped. */
  Dead = 3,
}
export const taskStateLetters = "RSTZ";

export interface AltStack {
  sp: number;
  flags: number;
  size: number;
}

export class Task implements Sleeper {
  readonly args: SyscallArgs;
  state: TaskState = TaskState.Running;
  /** On the scheduler's run queue (guards against double enqueue). */
  queued = false;

  /** Number of the syscall in progress (-1 when in user space). */
  syscallNr = -1;
  /** The syscall in progress is parked: re-run its handler when woken. */
  syscallPending = false;
  /** Wait queues this task currently sleeps on. */
  readonly sleepingOn: WaitQueue[] = [];

  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread exits. */
  clearChildTid = 0;
  /** set_tid_address's argument as given (two halves), so PR_GET_TID_ADDRESS returns it bit for bit. */
  tidAddressLo = 0;
  tidAddressHi = 0;
  /** seccomp mode (0 none, 1 strict, 2 filter) and the newest filter (src/kernel/seccomp.ts). */
  seccompMode = 0;
  seccompFilter: SeccompFilter | null = null;
  /** set_robust_list head and length. */
  robustListHead = 0;
  robustListLen = 0;
  /** rseq registration (address, length, signature); sysgate records it but never aborts sequences. */
  rseqAddr = 0;
  rseqLen = 0;
  rseqSig = 0;

  /** Blocked signals, as two 32-bit halves (bit n-1 = signal n). */
  sigmaskLo = 0;
  sigmaskHi = 0;
  /** Signals pending for this thread only (tgkill/tkill, faults). */
  pendingLo = 0;
  pendingHi = 0;
  /** siginfo of this thread's pending signals, by number (strace's "--- SIG... {si_...} ---"). */
  readonly pendingInfo: (SignalInfo | undefined)[] = [];
  /** Pending signals or the mask changed: look for a deliverable signal before returning to user space. */
  signalCheck = false;
  altStack: AltStack = { sp: 0, flags: 2 /* SS_DISABLE */, size: 0 };
  /** Restart, sigsuspend, sigtimedwait and real-time queue state (signal-state.ts). */
  readonly sig = new TaskSignalState();

  /** vfork: the child this task waits for (until it execs or exits), or null. */
  vforkChild: Process | null = null;

  /** Set by sched_yield: end the time slice after this syscall. */
  needResched = false;
  /** Wall time (ms) this task's CPU has run, accumulated per slice (CPU-time clocks, rusage). */
  cpuTimeMs = 0;
  /** The part of cpuTimeMs spent inside syscall handlers (system time: stime, ru_stime). */
  sysTimeMs = 0;
  /** Host monotonic ms when the current slice began (-1 when not running). */
  sliceStartMs = -1;
  /** Sleeps (nanosleep) park on this queue; their host timer wakes it. */
  readonly timerQueue = new WaitQueue();
  /** Deadline (machine monotonic ms) of a sleep in progress, or -1. */
  sleepDeadlineMs = -1;
  cancelTimer: (() => void) | null = null;

  /** The handler now running is a re-run after a wake-up (false on the call's first entry). */
  syscallRerun = false;
  /** Deadline (machine monotonic ms) of a poll/select/epoll wait in progress; -1 = none/forever. */
  waitDeadlineMs = -1;

  /** Scratch space for building small structs to copy out (no allocation per call). */
  readonly scratch = new DataView(new ArrayBuffer(512));
  readonly scratchBytes = new Uint8Array(this.scratch.buffer);

  /** Instructions retired by this task before its current CPU was created (exec replaces cpu). */
  private instructionsBase = 0;
  /** Machine clock (ns) when the task started. */
  readonly startNs: number;

  constructor(
    /** Thread id (changes only when a non-leader thread execs and takes the pid). */
    public tid: number,
    readonly process: Process,
    readonly kernel: Kernel,
    public cpu: Cpu,
  ) {
    this.args = new SyscallArgs(cpu);
    this.startNs = kernel.clock.nowNs();
  }

  /** The address space (shared by the threads of a process). */
  get mm(): AddressSpace {
    return this.process.mm;
  }

  /** Replace the CPU (exec): keeps the argument view pointed at the new registers. */
  setCpu(cpu: Cpu): void {
    this.instructionsBase += this.cpu.instructions;
    this.cpu = cpu;
    this.args.cpu = cpu;
  }

  /** Instructions this task has retired: its CPU time in the machine's accounting. */
  get instructions(): number {
    return this.instructionsBase + this.cpu.instructions;
  }

  /**
   * Sleep on `q` until it is woken; the handler then returns BLOCK. A handler may sleep on
   * several queues (poll); the first wake-up removes the task from all of them.
   */
  sleepOn(q: WaitQueue): void {
    q.add(this);
    if (!this.sleepingOn.includes(q)) this.sleepingOn.push(q);
  }

  /** Leave every wait queue (woken, interrupted or exiting). */
  leaveQueues(): void {
    for (const q of this.sleepingOn) q.remove(this);
    this.sleepingOn.length = 0;
  }

  /** Called by a WaitQueue (or a timer, or a signal): make the task runnable again. */
  wake(): void {
    this.leaveQueues();
    if (this.state === TaskState.Sleeping) {
      this.state = TaskState.Running;
      this.kernel.scheduler.enqueue(this);
    }
  }

  /** The gate parks the task: its syscall stays pending until a wake-up. */
  park(): void {
    this.syscallPending = true;
    this.state = TaskState.Sleeping;
    // A wake-up that raced in before park (a queue woken inside the handler) must not be lost.
    if (this.sleepingOn.length === 0) this.wake();
  }

  /** The task is gone: drop it from every queue. */
  markDead(): void {
    this.leaveQueues();
    if (this.cancelTimer) {
      this.cancelTimer();
      this.cancelTimer = null;
    }
    this.state = TaskState.Dead;
    this.syscallPending = false;
    this.sleepDeadlineMs = -1;
  }

  /** CPU time used so far (ms), including the slice in progress. */
  cpuTimeNow(): number {
    return this.sliceStartMs >= 0 ? this.cpuTimeMs + (this.kernel.clock.cpuStampMs() - this.sliceStartMs) : this.cpuTimeMs;
  }

  /** Copy the first `len` bytes of `scratch` to user memory at `addr` (EFAULT via SyscallError). */
  copyScratchOut(addr: number, len: number): void {
    this.mm.copyOut(addr, this.scratchBytes.subarray(0, len));
  }

  /** Is the task asleep in a syscall (state S)? */
  get sleeping(): boolean {
    return this.state === TaskState.Sleeping;
  }
}
