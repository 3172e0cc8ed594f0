/**
 * Syscall tampering (strace's -e inject= / -e fault=, issue 4): the gate asks the injector, when
 * one is installed (`kernel.injector`, null otherwise: one test per call), whether to run the
 * handler, return a chosen value instead, delay the call before or after it runs, or send a
 * signal on the way out. Delays park the task on its timer queue, so the machine goes on running
 * other tasks and Node is never blocked.
 *
 * Rules are per syscall number, in the order given; a rule may also require argument values
 * (fd=, path=, argK=). Each task counts, per rule, the calls that matched the rule's arguments;
 * `when` picks which of those are tampered with (FIRST, FIRST..LAST, FIRST+STEP, FIRST..LAST+STEP).
 */
import { BLOCK } from "./wait.js";
import type { Task } from "./task.js";
import { sendSignal } from "./signal.js";

export interface InjectArgFilter {
  kind: "fd" | "path" | "arg";
  /** Which argument (for fd/path: the call's first argument of that kind; -1: none). */
  index?: number;
  value: number | string;
}

export interface InjectRule {
  nr: number;
  /** Positive errno to fail with (0: none). */
  error: number;
  /** Value to return instead of running the call (null: none). */
  retval: number | null;
  /** Signal sent to the task when the call returns (0: none). */
  signal: number;
  delayEnterUs: number;
  delayExitUs: number;
  first: number;
  last: number;
  step: number;
  argFilters: InjectArgFilter[];
}

/** `before` says: run the handler as usual. */
export const RUN_HANDLER = -0x7fff_0001;

const enum Phase {
  DelayEnter,
  Handler,
  DelayExit,
  Done,
}

interface CallState {
  rule: InjectRule;
  phase: Phase;
  deadlineMs: number;
  result: number;
  /** The injected value replaces the handler. */
  replace: boolean;
}

/** What happened to a task's current call, for the tracer's "(INJECTED)" / "(DELAYED)". */
export const INJECTED = 1;
export const DELAYED = 2;

export class SyscallInjector {
  private readonly byNr: (InjectRule[] | undefined)[] = [];
  private readonly calls = new WeakMap<Task, CallState>();
  private readonly counts = new Map<number, Map<InjectRule, number>>();
  private readonly marks = new Map<number, number>();

  /**
   * `accept`: which tasks the rules apply to (all by default; an attached tracer's injector only
   * touches the processes it follows).
   */
  constructor(rules: readonly InjectRule[], private readonly accept: ((t: Task) => boolean) | null = null) {
    for (const r of rules) (this.byNr[r.nr] ??= []).push(r);
  }

  /** INJECTED | DELAYED for the call task `tid` is in (or just finished). */
  flags(tid: number): number {
    return this.marks.get(tid) ?? 0;
  }

  /** At entry and at each re-run of a parked call: RUN_HANDLER, BLOCK, or the result to return. */
  before(t: Task, nr: number): number {
    let st = this.calls.get(t);
    if (st === undefined) {
      this.marks.delete(t.tid);
      const rules = this.byNr[nr];
      if (rules === undefined || (this.accept !== null && !this.accept(t))) return RUN_HANDLER;
      const rule = this.pick(t, rules);
      if (rule === null) return RUN_HANDLER;
      const replace = rule.error !== 0 || rule.retval !== null;
      st = { rule, phase: Phase.Handler, deadlineMs: -1, result: 0, replace };
      this.calls.set(t, st);
      if (replace) this.marks.set(t.tid, INJECTED);
      if (rule.delayEnterUs > 0) {
        st.phase = Phase.DelayEnter;
        st.deadlineMs = t.kernel.clock.monotonicMs() + rule.delayEnterUs / 1000;
        this.marks.set(t.tid, (this.marks.get(t.tid) ?? 0) | DELAYED);
      }
    }
    switch (st.phase) {
      case Phase.DelayEnter:
        if (this.wait(t, st)) return BLOCK;
        st.phase = Phase.Handler;
      // falls through
      case Phase.Handler:
        if (!st.replace) return RUN_HANDLER;
        return st.rule.error !== 0 ? -st.rule.error : st.rule.retval!;
      case Phase.DelayExit:
        if (this.wait(t, st)) return BLOCK;
        st.phase = Phase.Done;
        return st.result;
      case Phase.Done:
        return st.result;
    }
  }

  /** After the handler (or the injected value): BLOCK to delay the return, or the result. */
  after(t: Task, r: number): number {
    const st = this.calls.get(t);
    if (st === undefined) return r;
    if (st.phase === Phase.Handler && st.rule.delayExitUs > 0) {
      st.phase = Phase.DelayExit;
      st.result = r;
      st.deadlineMs = t.kernel.clock.monotonicMs() + st.rule.delayExitUs / 1000;
      this.marks.set(t.tid, (this.marks.get(t.tid) ?? 0) | DELAYED);
      if (this.wait(t, st)) return BLOCK;
    }
    this.calls.delete(t);
    if (st.rule.signal !== 0) sendSignal(t.process, t, st.rule.signal, 0x80 /* SI_KERNEL */, 0, 0);
    return r;
  }

  /** Sleep until the state's deadline; false when it has passed. */
  private wait(t: Task, st: CallState): boolean {
    const k = t.kernel;
    const left = st.deadlineMs - k.clock.monotonicMs();
    if (left <= 0) return false;
    t.sleepOn(t.timerQueue);
    t.cancelTimer = k.clock.setTimer(left, () => {
      t.cancelTimer = null;
      t.timerQueue.wakeAll();
    });
    return true;
  }

  private pick(t: Task, rules: readonly InjectRule[]): InjectRule | null {
    let counts = this.counts.get(t.tid);
    if (!counts) this.counts.set(t.tid, (counts = new Map()));
    for (const r of rules) {
      if (!this.argsMatch(t, r)) continue;
      const n = (counts.get(r) ?? 0) + 1;
      counts.set(r, n);
      if (n >= r.first && n <= r.last && (n - r.first) % r.step === 0) return r;
    }
    return null;
  }

  private argsMatch(t: Task, r: InjectRule): boolean {
    for (const f of r.argFilters) {
      const i = f.index ?? -1;
      if (i < 0 || i > 5) return false;
      if (f.kind === "path") {
        let s: Uint8Array | null;
        try {
          s = t.mm.readString(t.args.ptr(i), 4096);
        } catch {
          return false;
        }
        if (s === null || new TextDecoder().decode(s) !== f.value) return false;
      } else if (f.kind === "fd") {
        if (t.args.int(i) !== f.value) return false;
      } else {
        const v = f.value as number;
        if (t.args.lo(i) !== (v | 0) || (v >= 0 && v < 2 ** 32 && t.args.hi(i) !== 0)) return false;
      }
    }
    return true;
  }
}
