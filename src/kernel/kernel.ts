/**
 * The kernel: the process table, the scheduler, the syscall table, the VFS and the machine clock,
 * and the operations that tie them together (spawn, exit, kill). It runs guest programs on a
 * Host and tells listeners (events) what happens at the gate; it never prints anything itself.
 */
import type { SyscallInjector } from "./inject.js";
import type { Host } from "../host/types.js";
import { Cpu } from "../cpu/cpu.js";
import { Errno, errnoMessage } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { Sig, SIG_IGN, SA_NOCLDWAIT, CLD_EXITED, CLD_KILLED, CLD_DUMPED, SI_USER, SI_KERNEL } from "../abi/signals.js";
import { sendSignal, sendSignalInfo, newInfo } from "./signal.js";
import { cancelProcessTimers } from "./syscalls/signal-wait.js";
import { hostTerminal } from "./tty/terminal.js";
import { syscallNames } from "../abi/syscalls.js";
import { MachineClock, type ClockMode } from "./clock.js";
import { Vdso } from "./vdso.js";
import { KernelEvents, ExitKind, type SignalInfo } from "./events.js";
import { Scheduler } from "./scheduler.js";
import { buildSyscallTable, type SyscallTable } from "./entry.js";
import { Task, TaskState } from "./task.js";
import { Process, ProcessState, returnBorrowedMm, type Rlimit } from "./process.js";
import { defaultRlimits } from "./rlimits.js";
import { makeCredentials } from "./credentials.js";
import { allSyscallFamilies } from "./syscalls/index.js";
import type { SyscallHandlers } from "./syscalls/types.js";
import { execImage, ExecFailure, createAddressSpace, createMachineVfs, createStdioFiles, createFsContext } from "./exec.js";
import type { Vfs } from "./vfs/vfs.js";
import { fifoOpener } from "./fifo.js";
import { FramePool } from "../mm/frames.js";
import { dropFdTable, liveThreads, threadExitCleanup } from "./threads.js";

export interface KernelMount {
  hostPath: string;
  guestPath: string;
  readonly: boolean;
}

export interface KernelOptions {
  /** Host directory that becomes the guest's "/" (default: the host's own "/"). */
  root?: string;
  mounts?: KernelMount[];
  /** Cap on guest memory in bytes (default 4 GiB). */
  memoryLimit?: number;
  /** Identity of the first process (default: the host user's). */
  uid?: number;
  gid?: number;
  /** uname nodename (default host.hostname). */
  hostname?: string;
  /** uname release (default: host.osRelease, else "6.1.0-sysgate"). */
  release?: string;
  /** Map the vDSO into processes (default true); false: no AT_SYSINFO_EHDR, libc makes syscalls. */
  vdso?: boolean;
  /** The clock policy (default: the host's clock). See MachineClock. */
  clock?: ClockMode;
  /** Extra syscall families, applied over the built-in ones (tests, experiments). */
  syscalls?: SyscallHandlers[];
  /** Number of CPUs the guest sees (sched_getaffinity); default host.cpuCount if the Host has it, else 1. */
  cpus?: number;
  /** Working directory of the first process (a guest path; default "/"). */
  cwd?: string;
}

/** The program could not be started: a one-line message and the shell's status (126 or 127). */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly errno: number,
  ) {
    super(message);
    this.name = "SpawnError";
  }
}

/** Turn a wait(2) status word into what a shell reports as $?. */
export function shellExitCode(status: number): number {
  const sig = status & 0x7f;
  return sig === 0 ? (status >> 8) & 0xff : 128 + sig;
}

/** The pid of the machine's (virtual) init: parent of the first process, adopter of orphans. */
export const INIT_PID = 1;

export const DEFAULT_RELEASE = "6.1.0-sysgate";
export const DEFAULT_MEMORY_LIMIT = 4 * 1024 * 1024 * 1024;

export class Kernel {
  readonly clock: MachineClock;
  readonly events = new KernelEvents();
  readonly scheduler: Scheduler;
  readonly syscallTable: SyscallTable;
  /** -e inject/fault rules (src/kernel/inject.ts); null when there are none. */
  injector: SyscallInjector | null = null;
  readonly vfs: Vfs;
  /** Live and zombie processes by pid. */
  readonly processes = new Map<number, Process>();
  /** Live tasks by tid. */
  readonly tasks = new Map<number, Task>();
  readonly hostname: string;
  readonly release: string;
  readonly memoryLimit: number;
  readonly cpus: number;
  readonly bootRealtimeMs: number;
  /** Physical memory of the machine: every address space draws frames from here (the cap). */
  readonly framePool: FramePool;
  /** The vDSO mapped into every process at exec, or null (--no-vdso). */
  readonly vdso: Vdso | null;

  private nextPid = 2;
  private firstProcess: Process | null = null;
  private firstStatus: number | null = null;
  private running: Promise<number> | null = null;
  private halted = false;

  constructor(
    readonly host: Host,
    readonly opts: KernelOptions = {},
  ) {
    this.clock = new MachineClock(host, opts.clock);
    this.scheduler = new Scheduler(this);
    this.syscallTable = buildSyscallTable([...allSyscallFamilies, ...(opts.syscalls ?? [])]);
    this.vfs = createMachineVfs(host, opts, () => this.clock.realtimeMs());
    this.vfs.specialOpen ??= fifoOpener();
    this.vfs.textBusy ??= (dev, ino) => {
      for (const p of this.processes.values()) if (p.state === ProcessState.Alive && p.exeIno === ino && p.exeDev === dev) return true;
      return false;
    };
    this.hostname = opts.hostname ?? host.hostname;
    this.release = opts.release ?? host.osRelease ?? DEFAULT_RELEASE;
    this.memoryLimit = opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    // A Host may say how many CPUs it has (optional `cpuCount`); otherwise the guest sees one.
    this.cpus = Math.max(1, Math.min(64, opts.cpus ?? host.cpuCount ?? 1));
    this.framePool = new FramePool({ limitBytes: this.memoryLimit });
    this.bootRealtimeMs = this.clock.realtimeMs();
    this.vdso = opts.vdso === false ? null : new Vdso(this.framePool, this.clock);
  }

  allocPid(): number {
    while (this.processes.has(this.nextPid) || this.tasks.has(this.nextPid)) this.nextPid++;
    return this.nextPid++;
  }

  /**
   * Start `path` (a guest path, not searched on PATH) as a new process whose parent is the
   * machine's init. Throws SpawnError (one-line message, exit code 126/127) if it cannot start.
   */
  spawn(path: string, argv: string[], envp: string[], limits?: Rlimit[]): Process {
    const task = this.createProcess(limits);
    const proc = task.process;
    const enc = new TextEncoder();
    try {
      execImage(task, path, argv.map((s) => enc.encode(s)), envp.map((s) => enc.encode(s)));
    } catch (e) {
      proc.fds.closeAll();
      releaseAddressSpace(proc);
      throw toSpawnError(e);
    }
    // The first process of a machine started on a terminal leads the session that owns it.
    if (this.firstProcess === null) hostTerminal(this.host)?.attach(this, proc.sid, proc.pgid);
    this.startProcess(task);
    return proc;
  }

  /**
   * A new process (child of the machine's init) with one task, stdio on 0-2 and an empty address
   * space, not yet runnable. spawn() fills it with execImage; tests may give it a fake CPU.
   */
  createProcess(limits?: Rlimit[]): Task {
    const pid = this.allocPid();
    // Supplementary groups: the Host may list them (optional `groups`); otherwise none.
    const groups = this.host.groups ?? [];
    const creds = makeCredentials(this.opts.uid ?? this.host.uid, this.opts.gid ?? this.host.gid, groups);
    const rlimits = limits ?? defaultRlimits();
    let proc: Process | null = null;
    proc = new Process({
      pid,
      ppid: INIT_PID,
      pgid: pid,
      sid: pid,
      mm: createAddressSpace(this, 8 * 1024 * 1024),
      fds: createStdioFiles(this, () => proc?.rlimits ?? rlimits),
      fs: createFsContext(this),
      creds,
      rlimits,
      parent: null,
    });
    const task = new Task(pid, proc, this, new Cpu(proc.mm));
    proc.threads.push(task);
    return task;
  }

  /** Enter a created process into the process table and make its task runnable. */
  startProcess(task: Task): void {
    const proc = task.process;
    this.processes.set(proc.pid, proc);
    this.tasks.set(task.tid, task);
    if (this.firstProcess === null) this.firstProcess = proc;
    for (const fn of this.events.taskStart) fn(task, this.clock.nowNs());
    this.scheduler.enqueue(task);
  }

  /**
   * What a shell would run for `name`: a name containing "/" as given, otherwise the first
   * executable file of that name on the PATH found in `envp` (default PATH if none). Throws
   * SpawnError (127, "No such file or directory") when there is none.
   */
  resolveProgram(name: string, envp: string[] = []): string {
    const pathVar = envp.find((e) => e.startsWith("PATH="));
    const PATH = pathVar ? pathVar.slice(5) : "/usr/local/bin:/usr/bin:/bin";
    const ctx = createFsContext(this);
    const found = this.vfs.lookupExecutable(ctx, name, PATH);
    if (found === null) throw new SpawnError(errnoMessage[Errno.ENOENT]!, 127, Errno.ENOENT);
    return found;
  }

  /** Run the machine until the first process ends; resolves with its wait(2) status. */
  run(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      if (!this.firstProcess) throw new Error("Kernel.run: nothing to run (call spawn first)");
      await this.scheduler.run();
      return this.firstStatus ?? Sig.SIGKILL;
    })();
    return this.running;
  }

  /** Are any tasks alive (running or asleep)? */
  hasLiveTasks(): boolean {
    return this.tasks.size > 0 && !this.halted;
  }

  /**
   * End every process (Ctrl-C or SIGTERM to sysgate itself): each one dies as if by signal `sig`
   * (SIGKILL by default), so run() resolves with the first process's status 128+sig for a shell.
   * Signal delivery to guest handlers (issue 3) will let a guest that owns the terminal catch it.
   */
  kill(sig: number = Sig.SIGKILL): void {
    if (this.halted) return;
    for (const p of [...this.processes.values()]) {
      if (p.state === ProcessState.Alive) this.exitProcess(p, sig & 0x7f);
    }
    this.halt();
  }

  /**
   * Send `sig` to every live process of group `pgid` as the kernel itself does (terminal
   * signals: SI_KERNEL by default); returns how many processes it reached.
   */
  signalProcessGroup(pgid: number, sig: number, code: number = SI_KERNEL): number {
    let n = 0;
    for (const p of [...this.processes.values()]) {
      if (p.pgid !== pgid || p.state !== ProcessState.Alive) continue;
      sendSignal(p, null, sig, code, 0, 0);
      n++;
    }
    return n;
  }

  /** SIGHUP to the machine (its terminal hung up): hang up the terminal's session. */
  hangup(): void {
    const term = hostTerminal(this.host);
    if (term && term.session !== 0) term.hangupSession();
    else if (this.firstProcess) this.signalProcessGroup(this.firstProcess.pgid, Sig.SIGHUP, SI_USER);
  }

  /** Stop the machine now (same as kill(SIGKILL)). */
  shutdown(): void {
    this.kill(Sig.SIGKILL);
  }

  private halt(): void {
    this.halted = true;
    this.scheduler.stop();
  }

  /**
   * One thread leaves (exit(2)). The last thread out takes the process with it, with `status` as
   * its wait status.
   */
  exitTask(t: Task, status: number): void {
    const p = t.process;
    if (liveThreads(p) <= 1) {
      // The last thread out gives the process its status (even when the leader left first).
      this.exitProcess(p, status);
      return;
    }
    this.retireTask(t);
  }

  /** One thread of a live process dies without a trace (execve's de_thread). */
  retireThread(t: Task): void {
    this.retireTask(t);
  }

  private retireTask(t: Task): void {
    const p = t.process;
    // Every way out (exit, exit_group, a fatal signal, another thread's execve) releases what the
    // thread holds in memory: clear_child_tid (0 and a futex wake: pthread_join) and its robust
    // futexes (src/kernel/threads.ts).
    if (t.state !== TaskState.Dead) threadExitCleanup(t);
    // A task leaving inside a syscall (exit, exit_group, a fatal signal while blocked): its call
    // never returns; tell listeners before the process's exit, in the order strace prints them.
    if (t.syscallNr >= 0 && t.state !== TaskState.Dead) {
      if (this.events.tracing) this.emitSyscallExit(t, t.syscallNr, 0, ExitKind.NoReturn);
      t.syscallNr = -1;
    }
    p.deadThreadInstructions += t.instructions;
    p.deadThreadCpuMs += t.cpuTimeNow();
    p.deadThreadSysMs += t.sysTimeMs;
    t.markDead();
    const i = p.threads.indexOf(t);
    if (i >= 0) p.threads.splice(i, 1);
    this.tasks.delete(t.tid);
  }

  /**
   * The whole process ends with wait status `status` (exit_group, a fatal signal): every thread
   * dies, descriptors close, the process becomes a zombie for its parent (or is reaped at once
   * when its parent is the machine's init).
   */
  exitProcess(p: Process, status: number): void {
    if (p.state !== ProcessState.Alive) return;
    p.exiting = true;
    for (const t of [...p.threads]) this.retireTask(t);
    p.state = ProcessState.Zombie;
    p.exitStatus = status;
    cancelProcessTimers(p);
    closeAllFiles(p);
    releaseAddressSpace(p);
    const now = this.clock.nowNs();
    for (const fn of this.events.processExit) fn(p, status, now);
    // A vfork parent waiting for this child may go on.
    p.vforkDone = true;
    p.vforkWait.wakeAll();
    // Orphans go to the machine's init, which reaps them (and any zombie among them) at once.
    for (const c of p.children) {
      c.parent = null;
      c.ppid = INIT_PID;
      if (c.state === ProcessState.Zombie) this.reap(c);
      else if (c.pdeathSignal !== 0) sendSignal(c, null, c.pdeathSignal, SI_USER, p.pid, p.creds.uid);
    }
    p.children.length = 0;
    const parent = p.parent;
    if (parent === null) {
      // init reaps at once
      this.reap(p);
    } else {
      const act = parent.sigactions.get(Sig.SIGCHLD);
      if (p.exitSignal === Sig.SIGCHLD && (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT) !== 0)) {
        // The parent said it will not wait: the child vanishes instead of becoming a zombie.
        this.reap(p);
      } else if (p.exitSignal !== 0) {
        const sig = status & 0x7f;
        const code = sig === 0 ? CLD_EXITED : status & 0x80 ? CLD_DUMPED : CLD_KILLED;
        const info = newInfo(p.exitSignal, code, 0, p.pid, p.creds.uid);
        info.status = sig === 0 ? (status >> 8) & 0xff : sig;
        sendSignalInfo(parent, null, info);
      }
      parent.childWait.wakeAll();
    }
    if (p === this.firstProcess) {
      this.firstStatus = status;
      // The machine lives as long as its first program, as a container does.
      for (const q of [...this.processes.values()]) if (q.state === ProcessState.Alive) this.exitProcess(q, Sig.SIGKILL);
      this.halt();
    }
  }

  /**
   * Remove an ended process from the table and from its parent's children (wait4 reaping it, or
   * init doing so). Its CPU time goes to the parent's children's account.
   */
  reap(p: Process): void {
    if (p.state === ProcessState.Reaped) return;
    p.state = ProcessState.Reaped;
    this.processes.delete(p.pid);
    const parent = p.parent;
    if (parent !== null) {
      const i = parent.children.indexOf(p);
      if (i >= 0) parent.children.splice(i, 1);
      parent.childCpuMs += p.deadThreadCpuMs + p.childCpuMs;
      parent.childSysMs += p.deadThreadSysMs + p.childSysMs;
      parent.childMaxRssKb = Math.max(parent.childMaxRssKb, p.maxRssKb, p.childMaxRssKb);
    }
  }

  /** Calls that ended in ENOSYS because sysgate lacks them: name (or "syscall_N") -> count. */
  readonly unimplemented = new Map<string, number>();

  /** The gate reports a syscall it has no handler for (what a --debug flag or a test can list). */
  noteUnimplemented(nr: number): void {
    const name = (nr >= 0 && nr < syscallNames.length ? syscallNames[nr] : undefined) ?? `syscall_${nr >>> 0}`;
    this.unimplemented.set(name, (this.unimplemented.get(name) ?? 0) + 1);
  }

  // ---- event helpers used by the gate (only called when events.tracing) ----

  emitSyscallEnter(t: Task, nr: number): void {
    const now = this.clock.nowNs();
    for (const fn of this.events.syscallEnter) fn(t, nr, t.args, now);
  }
  emitSyscallExit(t: Task, nr: number, result: number, kind: ExitKind): void {
    const now = this.clock.nowNs();
    const errno = kind === ExitKind.Normal && result < 0 && result >= -4095 ? -result : 0;
    for (const fn of this.events.syscallExit) fn(t, nr, result, errno, kind, now);
  }
  emitSyscallBlock(t: Task, nr: number): void {
    const now = this.clock.nowNs();
    for (const fn of this.events.syscallBlock) fn(t, nr, now);
  }
  emitSyscallResume(t: Task, nr: number): void {
    const now = this.clock.nowNs();
    for (const fn of this.events.syscallResume) fn(t, nr, now);
  }
  emitSignal(t: Task, info: SignalInfo): void {
    if (this.events.signal.length === 0) return;
    const now = this.clock.nowNs();
    for (const fn of this.events.signal) fn(t, info, now);
  }
}

/**
 * The one-line reason a program could not start (the caller prefixes the program's name), with
 * the shell's status: 127 when there is no such file, 126 when it exists but cannot run.
 */
function toSpawnError(e: unknown): SpawnError {
  if (e instanceof SpawnError) return e;
  if (e instanceof SyscallError) {
    const msg = errnoMessage[e.errno] ?? `errno ${e.errno}`;
    const code = e.errno === Errno.ENOENT || e.errno === Errno.ENOTDIR ? 127 : 126;
    return new SpawnError(msg, code, e.errno);
  }
  if (e instanceof ExecFailure) return new SpawnError(e.message, 126, e.errno);
  if (e instanceof Error && e.name === "ElfError") return new SpawnError(e.message, 126, Errno.ENOEXEC);
  throw e;
}

function closeAllFiles(p: Process): void {
  if (!dropFdTable(p.fds)) return; // CLONE_FILES: another process still uses the table
  const fds = p.fds as unknown as { closeAll?: () => void };
  fds.closeAll?.();
}

function releaseAddressSpace(p: Process): void {
  if (p.mmBorrowed) {
    // a vfork child that never exec'd: the space is its parent's
    returnBorrowedMm(p);
    return;
  }
  // A vfork parent dying while its child still runs in the shared space: the child keeps it.
  const heir = p.children.find((c) => c.mmBorrowed && c.mm === p.mm && c.state === ProcessState.Alive);
  if (heir) {
    heir.mmBorrowed = false;
    heir.borrowedCodeListener = null;
    return;
  }
  const mm = p.mm as unknown as { release?: () => void };
  mm.release?.();
}
