/**
 * The tracer: listens to the kernel's events and writes strace-format lines. It never runs a
 * syscall itself; it decodes arguments from the signatures and reads memory with `peek`.
 */
import type { KernelEvents, SignalInfo } from "../kernel/events.js";
import { ExitKind } from "../kernel/events.js";
import type { Task } from "../kernel/task.js";
import type { SyscallArgs } from "../kernel/syscall-args.js";
import { signalName } from "../abi/signals.js";
import { CallRecord, alignResult, callText, recordEnter, resultText, ptrNum, quoteBytes, type FormatOptions } from "./format.js";

export interface TracerOptions extends FormatOptions {
  /** Which syscall numbers to show (undefined = all). */
  trace?: boolean[];
  /** Where each finished line goes (without the newline). */
  write: (line: string) => void;
}

const SI_CODES: Record<number, Record<number, string>> = {
  11: { 1: "SEGV_MAPERR", 2: "SEGV_ACCERR" },
  7: { 1: "BUS_ADRALN", 2: "BUS_ADRERR", 3: "BUS_OBJERR" },
  4: { 1: "ILL_ILLOPC", 2: "ILL_ILLOPN", 3: "ILL_ILLADR", 4: "ILL_ILLTRP", 5: "ILL_PRVOPC" },
  8: { 1: "FPE_INTDIV", 2: "FPE_INTOVF", 3: "FPE_FLTDIV", 4: "FPE_FLTOVF", 5: "FPE_FLTUND", 6: "FPE_FLTRES", 7: "FPE_FLTINV", 8: "FPE_FLTSUB" },
  5: { 1: "TRAP_BRKPT", 2: "TRAP_TRACE" },
};
const SI_GENERIC: Record<number, string> = { 0: "SI_USER", 0x80: "SI_KERNEL", [-1]: "SI_QUEUE", [-2]: "SI_TIMER", [-6]: "SI_TKILL" };

export function siginfoText(info: Readonly<SignalInfo>): string {
  const sig = signalName(info.signo);
  const code = SI_CODES[info.signo]?.[info.code] ?? SI_GENERIC[info.code] ?? String(info.code);
  let s = `{si_signo=${sig}, si_code=${code}`;
  if (info.code === 0 || info.code === -6) s += `, si_pid=${info.pid}, si_uid=${info.uid}`;
  else if (info.code > 0 && SI_CODES[info.signo]) s += `, si_addr=${ptrNum(info.addr)}`;
  return s + "}";
}

export class Tracer {
  private readonly inFlight = new Map<number, CallRecord>();
  /** Per-syscall counts for a summary (-c), fed by exits. */
  readonly stats = new Map<string, { calls: number; errors: number; ns: number }>();
  private detachers: (() => void)[] = [];

  constructor(readonly opts: TracerOptions) {}

  attach(events: KernelEvents): void {
    this.detachers.push(
      events.on("syscallEnter", (t, nr, args, now) => this.onEnter(t, nr, args, now)),
      events.on("syscallExit", (t, nr, result, errno, kind, now) => this.onExit(t, nr, result, errno, kind, now)),
      events.on("signal", (t, info) => this.onSignal(t, info)),
      events.on("processExit", (p, status) => this.onProcessExit(status)),
    );
  }

  detach(): void {
    for (const d of this.detachers) d();
    this.detachers = [];
  }

  private shown(nr: number): boolean {
    const t = this.opts.trace;
    return t === undefined || t[nr] === true;
  }

  /** The execve line for the program the machine started (the kernel's spawn is not a syscall). */
  initialExec(path: string, argv: string[], envCount: number, envAddrText = "0x7ffc00000000"): void {
    const nr = 59;
    if (!this.shown(nr)) return;
    this.stats.set("execve", { calls: 1, errors: 0, ns: 0 });
    const enc = new TextEncoder();
    const q = (s: string, max: number) => {
      const b = enc.encode(s);
      const n = Math.min(b.length, max);
      return quoteBytes(b, n) + (b.length > max ? "..." : "");
    };
    const call = `execve(${q(path, 4095)}, [${argv.map((a) => q(a, this.opts.strsize)).join(", ")}], ${envAddrText} /* ${envCount} vars */`;
    this.opts.write(alignResult(call, "0"));
  }

  private onEnter(t: Task, nr: number, args: SyscallArgs, now: number): void {
    if (!this.shown(nr)) return;
    let rec = this.inFlight.get(t.tid);
    if (!rec) {
      rec = new CallRecord();
      this.inFlight.set(t.tid, rec);
    }
    recordEnter(rec, nr, (i) => args.lo(i), (i) => args.hi(i), t.mm, this.opts);
    rec.enterNs = now;
  }

  private onExit(t: Task, nr: number, result: number, errno: number, kind: ExitKind, now: number): void {
    if (!this.shown(nr)) return;
    const rec = this.inFlight.get(t.tid);
    if (!rec || rec.sig.nr !== nr) return;
    const name = rec.sig.name;
    if (kind !== ExitKind.NoReturn) {
      // -c counts calls that returned (strace leaves exit_group out).
      let st = this.stats.get(name);
      if (!st) this.stats.set(name, (st = { calls: 0, errors: 0, ns: 0 }));
      st.calls++;
      if (errno !== 0) st.errors++;
      st.ns += now - rec.enterNs;
    }
    let mem;
    try {
      mem = t.mm;
    } catch {
      mem = { peek: () => null };
    }
    const call = callText(rec, mem, this.opts, result, kind === ExitKind.Normal);
    const res = kind === ExitKind.NoReturn ? "?" : resultText(rec.sig, result, errno, rec);
    this.opts.write(alignResult(call, res));
  }

  private onSignal(_t: Task, info: Readonly<SignalInfo>): void {
    this.opts.write(`--- ${signalName(info.signo)} ${siginfoText(info)} ---`);
  }

  private onProcessExit(status: number): void {
    const sig = status & 0x7f;
    if (sig === 0) this.opts.write(`+++ exited with ${(status >> 8) & 0xff} +++`);
    else this.opts.write(`+++ killed by ${signalName(sig)}${status & 0x80 ? " (core dumped)" : ""} +++`);
  }
}
