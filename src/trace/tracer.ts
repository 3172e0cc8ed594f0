/**
 * The tracer: listens to the kernel's events and writes strace-format lines. It never runs a
 * syscall itself; it decodes arguments from the signatures and reads memory with `peek`.
 *
 * Lines are produced whole when a call returns. A call that blocks stays "open": if another traced
 * task prints before it returns, the open call is written as `name(entry args <unfinished ...>`
 * and its return as `<... name resumed>exit args) = result`, as strace does.
 */
import type { KernelEvents, SignalInfo } from "../kernel/events.js";
import { ExitKind } from "../kernel/events.js";
import type { Task } from "../kernel/task.js";
import type { Process } from "../kernel/process.js";
import type { SyscallArgs } from "../kernel/syscall-args.js";
import { signalName } from "../abi/signals.js";
import { signatureOf } from "../abi/signatures.js";
import { dumpLines, type FdSet } from "./dump.js";
import { signalInfoText } from "./decode-signal.js";
import { DecodeFd, decodeFdsOfLevel, pidfdDecoration } from "./decode-fds.js";
import { socketDetail } from "./decode-sockfd.js";
import { CallRecord, recordEnter, resultText, ptrNum, quoteBytes, setStringStyle, splitCall, type FormatOptions } from "./format.js";

/** -e status=: which finished calls are printed. */
export const enum StatusBit {
  Successful = 1,
  Failed = 2,
  Unfinished = 4,
  Unavailable = 8,
  Detached = 16,
  All = 31,
}

export interface TracerOptions extends FormatOptions {
  /** Which syscall numbers to show (undefined = all). */
  trace?: boolean[];
  /** Where each finished line goes (without the newline); `tid` names the task it belongs to. */
  write: (line: string, tid: number) => void;
  /** -f: follow every task the traced ones create. */
  follow?: boolean;
  /** -o FILE given: with -f every line carries "PID " (unless `separate`). */
  toFile?: boolean;
  /** -ff with -o: one file per task, no pid prefixes, no unfinished/resumed pairs. */
  separate?: boolean;
  /** -t / -tt / -ttt: 1, 2, 3. */
  timestamps?: number;
  /** -r: time since the previous line. */
  relative?: boolean;
  /** -T: time spent in each call. */
  syscallTimes?: boolean;
  /** Maps the machine clock (ns) to the wall clock (ns since the epoch) for -t. */
  wallNs?: (machineNs: number) => number;
  /** -e status=, -z, -Z (StatusBit mask; default All). */
  status?: number;
  /** -e signal=: which signals get a `--- SIG... ---` line (undefined = all). */
  signals?: boolean[];
  /** -q: 1, -qq: 2 (no "+++ exited" lines). */
  quiet?: number;
  /** -n: "[ NR] " before the name. */
  numbers?: boolean;
  /** -i: "[rip] " before the name. */
  ip?: boolean;
  /** -Y: the command name after the pid in prefixes. */
  comm?: boolean;
  /** -a: the result column (40). */
  column?: number;
  /** -P: only calls that touch these paths. */
  paths?: string[];
  /** -e quiet=exit / -qq. */
  quietExit?: boolean;
  /** -e abbrev=SET: the calls shown abbreviated (the others as with -v). */
  abbrev?: boolean[];
  /** -e verbose=SET: the calls whose structures are decoded (the others show addresses). */
  decodeStructs?: boolean[];
  /** -O: subtracted from each call's time in the -c table (ns). */
  overheadNs?: number;
  /** -w: -c counts wall time from entry to exit (otherwise the time the kernel worked on the call). */
  wallTime?: boolean;
  /** -e quiet=thread-execve: no "+++ superseded by execve" lines. */
  quietSuperseded?: boolean;
  /** -e read=SET / -e write=SET: hex dumps after the calls moving data through these descriptors. */
  readFds?: FdSet;
  writeFds?: FdSet;
  /** -e inject: INJECTED (1) | DELAYED (2) for the call task `tid` is finishing. */
  injectFlags?: (tid: number) => number;
}

/** A delivered signal's siginfo as strace shows it (the same reader as the calls that pass one). */
export function siginfoText(info: Readonly<SignalInfo>, xlat: "abbrev" | "raw" | "verbose" = "abbrev", o?: FormatOptions): string {
  return signalInfoText(info, { ...(o ?? { strsize: 32, verbose: false }), xlat });
}

/** Per-task state: the call in flight and whether its line was cut by another task's. */
class TaskTrace {
  readonly rec = new CallRecord();
  active = false;
  /** The entry part was written with " <unfinished ...>". */
  cut = false;
  /** The call is blocked and its line not written yet. */
  open = false;
  /** The enter passed the -P filter. */
  pathOk = true;
  lastNr = 0;
  /** The call parked at least once. */
  blocked = false;
  /** The last call that ended with ERESTART_RESTARTBLOCK: what restart_syscall resumes. */
  interrupted = "";
  /** When it first parked (machine ns): -c's kernel time ends there. */
  blockNs = -1;
  ip = 0;
  /** The task, once it made a call (execve in a non-leader thread changes its tid). */
  task: Task | null = null;
  constructor(public tid: number, readonly pid: number) {}
}

export interface CallStat {
  calls: number;
  errors: number;
  ns: number;
  min: number;
  max: number;
}

export class Tracer {
  private readonly tasks = new Map<number, TaskTrace>();
  /** Per-syscall counts for a summary (-c), fed by exits. */
  readonly stats = new Map<string, CallStat>();
  private detachers: (() => void)[] = [];
  /** The task whose blocked call may be cut by another task's line. */
  private openTask: TaskTrace | null = null;
  private lastNs = -1;
  private pendingExec: { path: string; argv: string[]; envCount: number; envAddrText: string; envp?: string[] } | null = null;
  private firstSeen = false;
  private readonly column: number;
  private readonly statusMask: number;

  constructor(readonly opts: TracerOptions) {
    this.column = opts.column ?? 40;
    setStringStyle(opts.xstrings);
    this.statusMask = opts.status ?? StatusBit.All;
  }

  attach(events: KernelEvents): void {
    this.detachers.push(
      events.on("taskStart", (t, now) => this.onTaskStart(t, now)),
      events.on("syscallEnter", (t, nr, args, now) => this.onEnter(t, nr, args, now)),
      events.on("syscallBlock", (t, nr) => this.onBlock(t, nr)),
      events.on("syscallExit", (t, nr, result, errno, kind, now) => this.onExit(t, nr, result, errno, kind, now)),
      events.on("signal", (t, info, now) => this.onSignal(t, info, now)),
      events.on("processExit", (p, status, now) => this.onProcessExit(p, status, now)),
      events.on("exec", (t, now) => this.onExec(t, now)),
    );
  }

  detach(): void {
    for (const d of this.detachers) d();
    this.detachers = [];
  }

  /** Number of traced tasks alive (strace's nprocs). */
  get traced(): number {
    return this.tasks.size;
  }

  /** Structures in full (-v) for call nr? */
  private verboseFor(nr: number): boolean {
    const a = this.opts.abbrev;
    return a ? a[nr] !== true : this.opts.verbose;
  }

  private shown(nr: number): boolean {
    const t = this.opts.trace;
    return t === undefined || t[nr] === true;
  }

  // ---- the line leader ----

  private prefix(tt: TaskTrace | null, tid: number): string {
    const o = this.opts;
    if (o.separate) return "";
    const comm = o.comm && tt ? `<${this.commOf(tid)}>` : "";
    if (o.toFile) {
      if (o.follow || this.tasks.size > 1) return `${String(tid) + comm}`.padEnd(5) + " ";
      return "";
    }
    if (this.tasks.size > 1) return `[pid ${String(tid).padStart(5)}${comm}] `;
    return "";
  }

  private comms = new Map<number, () => string>();
  private commOf(tid: number): string {
    return this.comms.get(tid)?.() ?? "";
  }

  private stamp(ns: number): string {
    const o = this.opts;
    let s = "";
    if (o.timestamps) {
      const wall = o.wallNs ? o.wallNs(ns) : ns;
      const sec = Math.floor(wall / 1e9);
      const us = Math.floor((wall % 1e9) / 1000);
      if (o.timestamps >= 3) s = `${sec}.${String(us).padStart(6, "0")} `;
      else {
        const d = new Date(sec * 1000);
        const hms = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}:${String(d.getSeconds()).padStart(2, "0")}`;
        s = o.timestamps === 2 ? `${hms}.${String(us).padStart(6, "0")} ` : `${hms} `;
      }
    }
    if (o.relative) {
      const d = this.lastNs < 0 ? 0 : Math.max(0, ns - this.lastNs);
      this.lastNs = ns;
      const sec = Math.floor(d / 1e9);
      s += `${String(sec).padStart(6)}.${String(Math.floor((d % 1e9) / 1000)).padStart(6, "0")} `;
    }
    return s;
  }

  /** nr: the call's number; -1: a resumed call or a signal (the last call's number); -2: an exit. */
  private leader(tt: TaskTrace | null, tid: number, ns: number, nr: number): string {
    let s = this.prefix(tt, tid) + this.stamp(ns);
    if (this.opts.numbers && tt) s += `[${String(nr >= 0 ? nr : tt.lastNr).padStart(4)}] `;
    if (this.opts.ip && tt) s += nr === -2 ? "[????????????????] " : `[${tt.ip.toString(16).padStart(16, "0")}] `;
    return s;
  }

  /** Pad "call) " to the result column, then "= result". */
  private aligned(head: string, result: string): string {
    let s = head + " ";
    if (s.length < this.column) s = s.padEnd(this.column, " ");
    return s + "= " + result;
  }

  /** Write a line of task `tid`, first cutting another task's open call. */
  private emit(line: string, tid: number): void {
    this.cutOpen(tid);
    this.opts.write(line, tid);
  }

  /** Another task is about to print: the open call's entry goes out with " <unfinished ...>". */
  private cutOpen(tid: number): void {
    const open = this.openTask;
    if (open === null || open.tid === tid || this.opts.separate) return;
    this.openTask = null;
    open.open = false;
    open.cut = true;
    const [entry] = splitCall(open.rec);
    this.opts.write(this.leader(open, open.tid, open.rec.enterNs, open.rec.sig.nr) + entry + " <unfinished ...>", open.tid);
  }

  /**
   * Trace a task that already exists (strace -p): no execve line; its next call is its first line.
   * With follow, the tasks it creates are traced as they start.
   */
  adopt(t: Task): void {
    this.firstSeen = true;
    if (this.tasks.has(t.tid)) return;
    this.tasks.set(t.tid, new TaskTrace(t.tid, t.process.pid));
    const proc = t.process;
    this.comms.set(t.tid, () => proc.comm);
  }

  // ---- events ----

  private onTaskStart(t: Task, now: number): void {
    if (this.firstSeen && !this.opts.follow) return;
    const tt = new TaskTrace(t.tid, t.process.pid);
    this.tasks.set(t.tid, tt);
    const proc = t.process;
    this.comms.set(t.tid, () => proc.comm);
    if (!this.firstSeen) {
      this.firstSeen = true;
      this.writeInitialExec(tt, now);
    }
  }

  /** The execve line for the program the machine started (the kernel's spawn is not a syscall). */
  initialExec(path: string, argv: string[], envCount: number, envAddrText = "0x7ffc00000000", envp?: string[]): void {
    this.pendingExec = { path, argv, envCount, envAddrText, envp };
  }

  /** Print a pending initial execve line with no task (the program could not start). */
  flushInitialExec(errno = 0): void {
    if (this.pendingExec) this.writeInitialExec(null, 0, errno);
  }

  private writeInitialExec(tt: TaskTrace | null, now: number, errno = 0): void {
    const e = this.pendingExec;
    this.pendingExec = null;
    const nr = 59;
    if (!e || !this.shown(nr)) return;
    if (!(this.statusMask & (errno === 0 ? StatusBit.Successful : StatusBit.Failed))) return;
    if (this.opts.paths && !this.opts.paths.includes(e.path)) return;
    this.stats.set("execve", { calls: 1, errors: 0, ns: 0, min: 0, max: 0 });
    const enc = new TextEncoder();
    const q = (s: string, max: number) => {
      const b = enc.encode(s);
      const n = Math.min(b.length, max);
      return quoteBytes(b, n) + (b.length > max ? "..." : "");
    };
    const envText = this.verboseFor(nr) && e.envp ? `[${e.envp.map((a) => q(a, this.opts.strsize)).join(", ")}]` : `${e.envAddrText} /* ${e.envCount} vars */`;
    // -e raw=execve: the three pointers (the machine placed the strings near the top of the stack)
    const call = this.opts.raw?.[nr]
      ? `execve(${e.envAddrText}, ${e.envAddrText}, ${e.envAddrText})`
      : this.opts.decodeStructs && !this.opts.decodeStructs[nr]
      ? `execve(${q(e.path, 4095)}, ${e.envAddrText}, ${e.envAddrText})`
      : `execve(${q(e.path, 4095)}, [${e.argv.map((a) => q(a, this.opts.strsize)).join(", ")}], ${envText})`;
    const tid = tt ? tt.tid : 0;
    const sig = signatureOf(nr, "execve");
    let line = this.aligned(this.leader(tt, tid, now, nr) + call, errno === 0 ? "0" : resultText(sig, -errno, errno));
    if (this.opts.syscallTimes) line += " <0.000000>";
    this.emit(line, tid);
  }

  private onEnter(t: Task, nr: number, args: SyscallArgs, now: number): void {
    const tt = this.tasks.get(t.tid);
    if (!tt) return;
    tt.active = false;
    tt.lastNr = nr;
    if (!this.shown(nr)) return;
    const rec = tt.rec;
    this.opts.fdPath = fdPathOf(t, this.opts.decorate, this.opts.decodeFds);
    this.opts.sp = (t.cpu.hi[4]! >>> 0) * 4294967296 + (t.cpu.lo[4]! >>> 0);
    this.opts.pidComm = this.opts.comm ? pidCommOf(t) : undefined;
    if (this.opts.abbrev) this.opts.verbose = this.verboseFor(nr);
    if (this.opts.decodeStructs) this.opts.structs = this.opts.decodeStructs[nr] === true;
    this.opts.fdDeleted = fdDeletedOf(t);
    recordEnter(rec, nr, (i) => args.lo(i), (i) => args.hi(i), t.mm, this.opts);
    if (rec.sig.name === "restart_syscall" && !this.opts.raw?.[nr]) {
      rec.enterText[0] = `<... resuming interrupted ${tt.interrupted || "system call"} ...>`;
      rec.nargs = 1;
    }
    rec.enterNs = now;
    tt.active = true;
    tt.cut = false;
    tt.open = false;
    tt.blocked = false;
    tt.blockNs = -1;
    tt.ip = this.opts.ip ? t.cpu.rip : 0;
    tt.pathOk = this.opts.paths ? rec.touches(this.opts.paths, t.mm, fdPathOf(t, 1)) : true;
    tt.task = t;
    // execve in a thread that is not the leader: strace's entry line stays open until the other
    // threads die, so whatever they print cuts it ("<unfinished ...>"), as if the call blocked.
    if ((nr === 59 || nr === 322) && t.tid !== t.process.pid && tt.pathOk) this.onBlock(t, nr);
  }

  private onBlock(t: Task, _nr: number): void {
    const tt = this.tasks.get(t.tid);
    if (!tt || !tt.active) return;
    if (tt.blockNs < 0) tt.blockNs = t.kernel.clock.nowNs();
    if (!tt.pathOk) return;
    tt.blocked = true;
    // With a status filter, strace holds the whole line until the call ends.
    if (this.statusMask !== StatusBit.All) return;
    // Its entry would have been printed by now: another open call is cut by it.
    this.cutOpen(tt.tid);
    tt.open = true;
    this.openTask = tt;
  }

  private onExit(t: Task, nr: number, result: number, errno: number, kind: ExitKind, now: number): void {
    const tt = this.tasks.get(t.tid);
    if (!tt || !tt.active) return;
    tt.active = false;
    const rec = tt.rec;
    if (rec.sig.nr !== nr) return;
    if (kind === ExitKind.Restart && Math.abs(result) === 516) tt.interrupted = rec.sig.name;
    if (this.openTask === tt) this.openTask = null;
    const name = rec.sig.name;
    if (kind !== ExitKind.NoReturn) {
      // -c counts calls that returned (strace leaves exit_group out).
      let st = this.stats.get(name);
      if (!st) this.stats.set(name, (st = { calls: 0, errors: 0, ns: 0, min: Infinity, max: 0 }));
      // Like strace, -c counts the kernel's time on the call (a sleep costs next to nothing) unless -w.
      const d = Math.max(0, (this.opts.wallTime || tt.blockNs < 0 ? now : tt.blockNs) - rec.enterNs - (this.opts.overheadNs ?? 0));
      st.calls++;
      if (errno !== 0) st.errors++;
      st.ns += d;
      if (d < st.min) st.min = d;
      if (d > st.max) st.max = d;
    }
    if (!tt.pathOk) return;
    const bit = kind === ExitKind.NoReturn ? StatusBit.Unfinished : errno !== 0 ? StatusBit.Failed : StatusBit.Successful;
    if (!(this.statusMask & bit)) return;
    let mem;
    try {
      mem = t.mm;
    } catch {
      mem = { peek: () => null };
    }
    this.opts.fdPath = fdPathOf(t, this.opts.decorate, this.opts.decodeFds);
    this.opts.pidComm = this.opts.comm ? pidCommOf(t) : undefined;
    if (this.opts.abbrev) this.opts.verbose = this.verboseFor(nr);
    if (this.opts.decodeStructs) this.opts.structs = this.opts.decodeStructs[nr] === true;
    this.opts.fdDeleted = fdDeletedOf(t);
    // a restarted call shows what it wrote too (nanosleep's remaining time)
    rec.complete(mem, this.opts, result, kind !== ExitKind.NoReturn);
    const inj = this.opts.injectFlags ? this.opts.injectFlags(t.tid) : 0;
    rec.injected = (inj & 1) !== 0;
    rec.delayed = (inj & 2) !== 0;
    let res: string;
    if (kind === ExitKind.NoReturn) res = "?";
    else if (kind === ExitKind.Restart) res = restartText(Math.abs(result));
    else if (this.opts.raw?.[nr] && errno === 0) res = result === 0 ? "0" : "0x" + (result < 0 ? result + 2 ** 64 : result).toString(16);
    else res = resultText(rec.sig, result, errno, rec, this.opts);
    if (kind === ExitKind.Normal) res += rec.resultSuffix;
    if (rec.injected) res += " (INJECTED)";
    else if (rec.delayed) res += " (DELAYED)";
    if (this.opts.syscallTimes && kind !== ExitKind.NoReturn) res += ` <${secText(now - rec.enterNs)}>`;
    const [entry, rest] = splitCall(rec);
    let line: string;
    if (kind === ExitKind.NoReturn && tt.blocked) {
      // Killed while asleep in the call: strace never saw it return.
      const head = tt.cut ? `<... ${name} resumed>` : entry;
      // strace adds "<unfinished ...>" when the call had arguments left to show at its exit.
      const more = rest !== "" ? " <unfinished ...>" : "";
      line = this.aligned(this.leader(tt, t.tid, tt.cut ? now : rec.enterNs, tt.cut ? -1 : nr) + head + more + ")", res);
    } else if (tt.cut) line = this.aligned(this.leader(tt, t.tid, now, -1) + `<... ${name} resumed>` + rest + ")", res);
    else line = this.aligned(this.leader(tt, t.tid, rec.enterNs, nr) + entry + rest + ")", res);
    tt.cut = false;
    this.emit(line, t.tid);
    if (kind === ExitKind.Normal && (this.opts.readFds || this.opts.writeFds)) {
      for (const d of dumpLines(name, rec.args, errno !== 0 ? -errno : result, mem, this.opts.readFds, this.opts.writeFds, t.tid)) this.emit(d, t.tid);
    }
  }

  private onSignal(t: Task, info: Readonly<SignalInfo>, now: number): void {
    const tt = this.tasks.get(t.tid);
    if (!tt) return;
    const sel = this.opts.signals;
    if (sel && !sel[info.signo]) return;
    if (info.signo === 9) return; // SIGKILL is never reported to a tracer, only the death
    if (this.opts.ip) tt.ip = t.cpu.rip;
    this.opts.pidComm = this.opts.comm ? pidCommOf(t) : undefined;
    this.emit(this.leader(tt, t.tid, now, -1) + `--- ${signalName(info.signo)} ${siginfoText(info, this.opts.xlat, this.opts)} ---`, t.tid);
  }

  /**
   * A successful execve. In a thread that was not the leader, the kernel has just given it the
   * leader's tid (the pid) and the other threads are gone: the leader's trace is "superseded", the
   * execve continues under the pid, and the other threads end without a line.
   */
  private onExec(t: Task, now: number): void {
    let tt: TaskTrace | null = null;
    for (const x of this.tasks.values()) if (x.task === t) tt = x;
    if (tt === null || tt.tid === t.tid) return;
    const oldTid = tt.tid;
    const pid = t.tid;
    if (this.openTask === tt) {
      // Nothing cut the entry line: it ends here, and the call resumes under the new pid.
      this.openTask = null;
      tt.open = false;
      const [entry] = splitCall(tt.rec);
      this.opts.write(this.leader(tt, oldTid, tt.rec.enterNs, tt.rec.sig.nr) + entry + ` <pid changed to ${pid} ...>`, oldTid);
      tt.cut = true;
    }
    const leader = this.tasks.get(pid) ?? null;
    for (const [tid, x] of [...this.tasks]) {
      if (x !== tt && x.pid === tt.pid) {
        if (this.openTask === x) this.openTask = null;
        this.tasks.delete(tid);
      }
    }
    this.tasks.delete(oldTid);
    tt.tid = pid;
    this.tasks.set(pid, tt);
    const proc = t.process;
    this.comms.set(pid, () => proc.comm);
    if (!this.opts.quietSuperseded) this.emit(this.leader(leader ?? tt, pid, now, -2) + `+++ superseded by execve in pid ${oldTid} +++`, pid);
  }

  private onProcessExit(p: Process, status: number, now: number): void {
    const mine = [...this.tasks.values()].filter((x) => x.pid === p.pid);
    for (const tt of mine) {
      const sig = status & 0x7f;
      let text: string | null = null;
      if (sig === 0) {
        if (!this.opts.quietExit) text = `+++ exited with ${(status >> 8) & 0xff} +++`;
      } else if (!this.opts.signals || this.opts.signals[sig]) {
        text = `+++ killed by ${signalName(sig)}${status & 0x80 ? " (core dumped)" : ""} +++`;
      }
      if (text !== null) this.emit(this.leader(tt, tt.tid, now, -2) + text, tt.tid);
      if (this.openTask === tt) this.openTask = null;
      this.tasks.delete(tt.tid);
    }
  }
}

/** -y: is the file behind a descriptor of `t` unlinked? */
function fdDeletedOf(t: Task): (fd: number) => boolean {
  return (fd: number) => {
    try {
      return t.process.fds.get(fd)?.dentry?.node.isDeleted() ?? false;
    } catch {
      return false;
    }
  };
}

/** -y: what a descriptor of `t` names (-100: the working directory, for AT_FDCWD); `set`: -e decode-fds. */
function fdPathOf(t: Task, level = 1, set = decodeFdsOfLevel(level)): (fd: number) => string | null {
  return (fd: number) => {
    try {
      if (fd === -100) return set & DecodeFd.Path ? t.process.fs.cwd.path : null;
      const f = t.process.fds.get(fd);
      if (!f) return null;
      if (set & DecodeFd.Pidfd) {
        const pid = pidfdDecoration(f);
        if (pid !== undefined) return pid;
      }
      const p = f.path();
      if (set & DecodeFd.Socket) {
        const sock = socketDetail(f);
        if (sock !== null) return sock;
      }
      if (!(set & DecodeFd.Dev)) return set & DecodeFd.Path ? p : null;
      // -yy: devices with their numbers, "/dev/null<char 1:3>".
      const st = f.stat();
      const type = st.mode & 0o170000;
      if (type !== 0o020000 && type !== 0o060000) return set & DecodeFd.Path ? p : null;
      const r = st.rdev;
      const major = ((r >>> 8) & 0xfff) | (Math.floor(r / 2 ** 32) & ~0xfff);
      const minor = (r & 0xff) | ((r >>> 12) & 0xfff00);
      return `${p}<${type === 0o020000 ? "char" : "block"} ${major}:${minor}>`;
    } catch {
      return null;
    }
  };
}

/** -Y: the command name of a process or thread of `t`'s machine while it exists. */
function pidCommOf(t: Task): (pid: number) => string | null {
  return (pid: number) => {
    const k = t.kernel;
    const p = k.processes.get(pid) ?? k.tasks.get(pid)?.process;
    return p ? p.comm : null;
  };
}

/** strace's text for a call that will be restarted (ERESTART* codes, Linux's 512..516). */
export function restartText(code: number): string {
  switch (code) {
    case 512: return "? ERESTARTSYS (To be restarted if SA_RESTART is set)";
    case 513: return "? ERESTARTNOINTR (To be restarted)";
    case 514: return "? ERESTARTNOHAND (To be restarted if no handler)";
    case 516: return "? ERESTART_RESTARTBLOCK (Interrupted by signal)";
  }
  return `? ${code}`;
}

/** Seconds with six decimals, from nanoseconds. */
export function secText(ns: number): string {
  if (ns < 0) ns = 0;
  const us = Math.round(ns / 1000);
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}`;
}
