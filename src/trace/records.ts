/**
 * Kernel events as plain records: one object per finished syscall, delivered signal and ended
 * process. The structured outputs (--json, --timeline, --explain) are built on these; the strace text
 * format is the Tracer's. Arguments are decoded by the same signatures and formatter as the text.
 */
import type { KernelEvents, SignalInfo } from "../kernel/events.js";
import { ExitKind } from "../kernel/events.js";
import type { Task } from "../kernel/task.js";
import type { SyscallArgs } from "../kernel/syscall-args.js";
import { errnoName } from "../abi/errno.js";
import { signalName } from "../abi/signals.js";
import { CallRecord, argumentTexts, hex64, recordEnter, resultText, type FormatOptions } from "./format.js";

export interface SyscallRecord {
  type: "syscall";
  pid: number;
  tid: number;
  nr: number;
  name: string;
  /** strace's text of each shown argument. */
  args: string[];
  /** The man page's name of each shown argument (-N / --arg-names). */
  argNames: string[];
  /** All six argument registers, as hex. */
  raw: string[];
  /** rax as a signed number (-errno on failure); null when the call did not return (exit, execve). */
  result: number | null;
  /** strace's text after "= ". */
  resultText: string;
  errno: string | null;
  /** Machine clock (CLOCK_MONOTONIC ns) at entry and exit. */
  enterNs: number;
  exitNs: number;
  /** The call will be restarted (ERESTARTSYS and friends) or never returned. */
  restarted: boolean;
  noReturn: boolean;
  /** Set by fault injection (-e inject=…) when it exists. */
  injected: boolean;
  delayed: boolean;
  /** The task, for listeners that want more (its process, its memory): not serialised. */
  task: Task;
}

export interface SignalRecord {
  type: "signal";
  pid: number;
  tid: number;
  timeNs: number;
  signo: number;
  name: string;
  info: Readonly<SignalInfo>;
}

export interface ExitRecord {
  type: "exit";
  pid: number;
  timeNs: number;
  /** wait(2) status word. */
  status: number;
  exitCode: number | null;
  signal: string | null;
  core: boolean;
}

export type TraceRecord = SyscallRecord | SignalRecord | ExitRecord;

export interface CollectorOptions extends FormatOptions {
  /** Which syscall numbers to report (undefined = all). */
  trace?: boolean[];
}

/** Listens to a kernel's events and hands each finished event to `sink` as a record. */
export class RecordCollector {
  private readonly inFlight = new Map<number, CallRecord>();
  private detachers: (() => void)[] = [];

  constructor(
    readonly opts: CollectorOptions,
    readonly sink: (r: TraceRecord) => void,
  ) {}

  attach(events: KernelEvents): void {
    this.detachers.push(
      events.on("syscallEnter", (t, nr, args, now) => this.onEnter(t, nr, args, now)),
      events.on("syscallExit", (t, nr, result, errno, kind, now) => this.onExit(t, nr, result, errno, kind, now)),
      events.on("signal", (t, info, now) =>
        this.sink({ type: "signal", pid: t.process.pid, tid: t.tid, timeNs: now, signo: info.signo, name: signalName(info.signo), info: { ...info } }),
      ),
      events.on("processExit", (p, status, now) => {
        const sig = status & 0x7f;
        this.sink({
          type: "exit", pid: p.pid, timeNs: now, status,
          exitCode: sig === 0 ? (status >> 8) & 0xff : null, signal: sig === 0 ? null : signalName(sig), core: (status & 0x80) !== 0,
        });
      }),
    );
  }

  detach(): void {
    for (const d of this.detachers) d();
    this.detachers = [];
  }

  private onEnter(t: Task, nr: number, args: SyscallArgs, now: number): void {
    const tr = this.opts.trace;
    if (tr !== undefined && tr[nr] !== true) return;
    let rec = this.inFlight.get(t.tid);
    if (!rec) this.inFlight.set(t.tid, (rec = new CallRecord()));
    recordEnter(rec, nr, (i) => args.lo(i), (i) => args.hi(i), t.mm, this.opts);
    rec.enterNs = now;
  }

  private onExit(t: Task, nr: number, result: number, errno: number, kind: ExitKind, now: number): void {
    const rec = this.inFlight.get(t.tid);
    if (!rec || rec.sig === undefined || rec.sig.nr !== nr) return;
    this.inFlight.delete(t.tid);
    let mem;
    try {
      mem = t.mm;
    } catch {
      mem = { peek: () => null };
    }
    const normal = kind === ExitKind.Normal;
    const raw: string[] = [];
    for (let i = 0; i < 6; i++) raw.push(hex64(rec.args.lo[i]!, rec.args.hi[i]!));
    const noReturn = kind === ExitKind.NoReturn;
    this.sink({
      type: "syscall", pid: t.process.pid, tid: t.tid, nr, name: rec.sig.name,
      args: argumentTexts(rec, mem, this.opts, result, normal),
      argNames: rec.sig.args.slice(0, rec.nargs).map((a) => a.name),
      raw,
      result: noReturn ? null : result,
      resultText: noReturn ? "?" : resultText(rec.sig, result, errno, rec),
      errno: errno !== 0 ? (errnoName[errno] ?? `E${errno}`) : null,
      enterNs: rec.enterNs, exitNs: now,
      restarted: kind === ExitKind.Restart, noReturn, injected: false, delayed: false, task: t,
    });
  }
}
