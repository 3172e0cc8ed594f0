/**
 * A process: a thread group and what its threads share — the address space, descriptors,
 * filesystem context, credentials, limits, signal actions — plus its place in the process tree.
 */
import type { AddressSpace } from "../mm/address-space.js";
import type { FileDescriptorTable } from "./fdtable.js";
import type { FsContext } from "./vfs/fs-context.js";
import type { Task } from "./task.js";
import { SignalActions } from "./signal.js";
import type { SignalInfo } from "./events.js";
import { WaitQueue } from "./wait.js";
import { ProcessSignalState } from "./signal-state.js";

export interface Credentials {
  uid: number; euid: number; suid: number; fsuid: number;
  gid: number; egid: number; sgid: number; fsgid: number;
  groups: number[];
}

export interface Rlimit { cur: number; max: number } // Infinity = RLIM_INFINITY

/** Where exec put the image and its strings (/proc/PID/stat fields 26-28 and 45-51, cmdline, environ). */
export interface ImageLayout {
  startCode: number; endCode: number; startData: number; endData: number; startBrk: number;
  startStack: number; argStart: number; argEnd: number; envStart: number; envEnd: number;
}

export const enum ProcessState {
  Alive = 0,
  /** Every thread has exited; the status waits for the parent (Z). */
  Zombie = 1,
  /** Reaped: gone from the process table. */
  Reaped = 2,
}

export interface ProcessInit {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  mm: AddressSpace;
  fds: FileDescriptorTable;
  fs: FsContext;
  creds: Credentials;
  rlimits: Rlimit[];
  parent: Process | null;
  sigactions?: SignalActions;
}

/** Give back a borrowed address space (vfork child execs or exits): unhook the child's CPU from it. */
export function returnBorrowedMm(p: Process): void {
  if (!p.mmBorrowed) return;
  p.mmBorrowed = false;
  if (p.borrowedCodeListener) p.mm.removeCodeWriteListener(p.borrowedCodeListener);
  p.borrowedCodeListener = null;
}

export class Process {
  readonly pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  mm: AddressSpace;
  fds: FileDescriptorTable;
  fs: FsContext;
  creds: Credentials;
  /** Indexed by RLIMIT_* number. */
  rlimits: Rlimit[];
  comm = "";
  /** Guest path of the executable (for /proc/PID/exe). */
  exePath = "";
  /** Device and inode of the program image (opening it for writing is ETXTBSY); -1: none. */
  exeDev = -1;
  exeIno = -1;
  argv: Uint8Array[] = [];
  envp: Uint8Array[] = [];
  threads: Task[] = [];
  /** Set by exec (procfs reads it); inherited by fork. */
  layout: ImageLayout | null = null;
  /** /proc/PID/oom_score_adj (-1000..1000), inherited by fork. */
  oomScoreAdj = 0;

  parent: Process | null;
  readonly children: Process[] = [];
  state: ProcessState = ProcessState.Alive;
  /** wait(2) status word once the process has ended. */
  exitStatus = 0;
  /** Set by exit_group or a fatal signal: every thread is on its way out. */
  exiting = false;
  /** Signal sent to the parent when this process ends (clone's low byte; SIGCHLD for fork). */
  exitSignal = 17;
  /** Woken when a child of this process changes state (wait4/waitid sleep here). */
  readonly childWait = new WaitQueue();
  /** vfork: the parent sleeps here until this child execs or exits (vforkDone). */
  readonly vforkWait = new WaitQueue();
  vforkDone = false;
  /**
   * vfork (CLONE_VM|CLONE_VFORK): the child runs in its parent's address space until it execs or
   * exits, so it must not release it; `borrowedCodeListener` is its CPU's hook on that space.
   */
  mmBorrowed = false;
  borrowedCodeListener: ((page: number) => void) | null = null;
  /** Has this process run execve since fork (setpgid on such a child fails with EACCES)? */
  didExec = false;

  /** Signal dispositions (shared by threads; CLONE_SIGHAND shares the object between processes). */
  sigactions: SignalActions;
  /** Signals pending for the whole process (kill), two 32-bit halves. */
  sharedPendingLo = 0;
  sharedPendingHi = 0;
  /** siginfo of the process-wide pending signals, by number. */
  readonly sharedPendingInfo: (SignalInfo | undefined)[] = [];
  /** Job-control stop state, interval timers, queued real-time signals (signal-state.ts). */
  readonly sig = new ProcessSignalState();

  /** prctl state. */
  dumpable = 1;
  pdeathSignal = 0;
  /** PR_SET_NO_NEW_PRIVS: sticky, inherited, kept across execve. */
  noNewPrivs = false;
  /** PR_MCE_KILL's policy (PR_MCE_KILL_LATE 0, EARLY 1, DEFAULT 2). */
  mceKillPolicy = 2;

  /** Instructions retired by threads that have exited. */
  deadThreadInstructions = 0;
  /** CPU time (ms) of threads that have exited, and of reaped children (getrusage, times). */
  deadThreadCpuMs = 0;
  childCpuMs = 0;
  /** The system-time parts of the two above. */
  deadThreadSysMs = 0;
  childSysMs = 0;
  /** Largest resident set seen (KiB), for ru_maxrss; and the largest among reaped children. */
  maxRssKb = 0;
  childMaxRssKb = 0;

  constructor(init: ProcessInit) {
    this.pid = init.pid;
    this.ppid = init.ppid;
    this.pgid = init.pgid;
    this.sid = init.sid;
    this.mm = init.mm;
    this.fds = init.fds;
    this.fs = init.fs;
    this.creds = init.creds;
    this.rlimits = init.rlimits;
    this.parent = init.parent;
    this.sigactions = init.sigactions ?? new SignalActions();
  }

  /** The thread whose tid equals the pid. */
  get leader(): Task | undefined {
    return this.threads.find((t) => t.tid === this.pid) ?? this.threads[0];
  }

  /** Instructions retired by all threads, living and dead. */
  get instructions(): number {
    let n = this.deadThreadInstructions;
    for (const t of this.threads) n += t.instructions;
    return n;
  }
}
