/**
 * The machine's clocks. Every time the kernel reports (clock_gettime, the vDSO's data page, rdtsc,
 * CPU-time accounting, event timestamps, sleeps) comes from here, so the policy lives in one
 * object:
 *
 * - "host": realtime and monotonic follow the host's monotonic clock (realtime = the host's
 *   wall time at boot + elapsed), so the two never disagree about how much time passed.
 * - "fixed": as "host", but realtime starts at a given epoch second.
 * - "deterministic": all time advances with the instructions the machine executes (one
 *   nanosecond each, a 1 GHz machine retiring one per cycle) plus the sleeps it skipped: when
 *   every task sleeps, the clock jumps to the next timer instead of waiting. Two runs of the same
 *   program see identical times.
 *
 * The TSC (rdtsc, and the vDSO's arithmetic) counts CLOCK_MONOTONIC nanoseconds: a 1 GHz counter,
 * so the vDSO's scale is exactly 1.
 */
import type { Host } from "../host/types.js";
import type { Cpu, TscSource } from "../cpu/cpu.js";

export const NSEC_PER_SEC = 1_000_000_000;

export type ClockMode =
  | { kind: "host" }
  | { kind: "fixed"; epochSeconds: number }
  | { kind: "deterministic"; epochSeconds: number };

/** Where realtime starts under --clock=deterministic when no epoch is given (2026-01-01T00:00:00Z). */
export const DEFAULT_DETERMINISTIC_EPOCH = 1_767_225_600;

/** Parse a --clock value: "host", "fixed:EPOCH", "deterministic" or "deterministic:EPOCH". */
export function parseClockMode(text: string): ClockMode | null {
  if (text === "host") return { kind: "host" };
  const m = /^(fixed|deterministic)(?::(\d{1,12}))?$/.exec(text);
  if (m === null) return null;
  if (m[1] === "fixed") return m[2] === undefined ? null : { kind: "fixed", epochSeconds: Number(m[2]) };
  return { kind: "deterministic", epochSeconds: m[2] === undefined ? DEFAULT_DETERMINISTIC_EPOCH : Number(m[2]) };
}

/** A timer of the deterministic clock. */
interface VirtualTimer {
  atNs: number;
  fn: () => void;
  live: boolean;
}

/** Nanoseconds of virtual time per executed instruction in deterministic mode. */
export const DETERMINISTIC_NS_PER_INSN = 1;

export class MachineClock implements TscSource {
  readonly mode: ClockMode;
  readonly deterministic: boolean;
  /** Host monotonic time (ms) when the machine booted. */
  private readonly bootHostMs: number;
  /**
   * CLOCK_MONOTONIC at boot, ns: Linux's monotonic clock starts near boot but not at zero (some
   * programs treat 0 specially), so the machine looks up for a second already.
   */
  private readonly monoAtBootNs = 1_000_000_000;
  /** realtime - monotonic, as whole seconds and nanoseconds (0..999999999). */
  private readonly realOffSec: number;
  private readonly realOffNsec: number;
  /** Deterministic mode: instructions retired by all CPUs, and virtual ns skipped while idle. */
  private retired = 0;
  private skippedNs = 0;
  /** The CPU running now (between runStart and runEnd) and its instruction count at runStart. */
  private runCpu: Cpu | null = null;
  private runFrom = 0;
  private timers: VirtualTimer[] = [];
  /** CLOCK_MONOTONIC (ns) at the last tick: what the coarse clocks report (see tick()). */
  tickNs: number;

  constructor(
    readonly host: Host,
    mode: ClockMode = { kind: "host" },
  ) {
    this.mode = mode;
    this.deterministic = mode.kind === "deterministic";
    this.bootHostMs = host.monotonicMs();
    const realAtBootMs = mode.kind === "host" ? host.realtimeMs() : mode.epochSeconds * 1000;
    // offset = realtime(boot) - monotonic(boot), split so no precision is lost at 1.7e18 ns.
    const realMs = Math.round(realAtBootMs * 1000) / 1000; // whole microseconds of the host's wall clock
    let sec = Math.floor(realMs / 1000) - this.monoAtBootNs / NSEC_PER_SEC;
    let nsec = Math.round((realMs - Math.floor(realMs / 1000) * 1000) * 1e6);
    if (nsec >= NSEC_PER_SEC) {
      sec += 1;
      nsec -= NSEC_PER_SEC;
    }
    this.realOffSec = sec;
    this.realOffNsec = nsec;
    this.tickNs = this.monoAtBootNs;
  }

  /**
   * The machine's timer tick: the scheduler calls it at the start of every time slice. The coarse
   * clocks (CLOCK_*_COARSE, in the syscall and in the vDSO alike) show the time of the last tick,
   * as Linux's show the last jiffy.
   */
  tick(): void {
    this.tickNs = this.monotonicNs();
  }

  /** CLOCK_MONOTONIC_COARSE in ms. */
  coarseMonotonicMs(): number {
    return this.tickNs / 1e6;
  }

  /** CLOCK_REALTIME_COARSE in ms. */
  coarseRealtimeMs(): number {
    return this.realOffSec * 1000 + this.realOffNsec / 1e6 + this.tickNs / 1e6;
  }

  /** Nanoseconds since boot (not rounded in host mode). */
  private elapsedNs(): number {
    if (!this.deterministic) return (this.host.monotonicMs() - this.bootHostMs) * 1e6;
    const running = this.runCpu !== null ? this.runCpu.instructions - this.runFrom : 0;
    return (this.retired + running) * DETERMINISTIC_NS_PER_INSN + this.skippedNs;
  }

  /** CLOCK_MONOTONIC in whole nanoseconds: also the TSC. */
  monotonicNs(): number {
    return Math.floor(this.elapsedNs()) + this.monoAtBootNs;
  }

  /** CLOCK_MONOTONIC in milliseconds (fractional). */
  monotonicMs(): number {
    return (this.elapsedNs() + this.monoAtBootNs) / 1e6;
  }

  /** CLOCK_REALTIME in milliseconds since the epoch (fractional; ~0.2 µs precision). */
  realtimeMs(): number {
    return this.realOffSec * 1000 + this.realOffNsec / 1e6 + this.monotonicMs();
  }

  /** Split a CLOCK_MONOTONIC value (ns) into realtime seconds and nanoseconds, exactly. */
  realtimeOf(monoNs: number, out: { sec: number; nsec: number }): void {
    const s = Math.floor(monoNs / NSEC_PER_SEC);
    let nsec = monoNs - s * NSEC_PER_SEC + this.realOffNsec;
    let sec = s + this.realOffSec;
    if (nsec >= NSEC_PER_SEC) {
      nsec -= NSEC_PER_SEC;
      sec += 1;
    }
    out.sec = sec;
    out.nsec = nsec;
  }

  /** Seconds since the machine booted (sysinfo uptime, /proc/uptime). */
  uptimeSeconds(): number {
    return (this.elapsedNs() + this.monoAtBootNs) / 1e9;
  }

  /** Timestamp for events, in nanoseconds of CLOCK_MONOTONIC (a double; exact to ~0.1 µs). */
  nowNs(): number {
    return this.elapsedNs() + this.monoAtBootNs;
  }

  /**
   * A reading for CPU-time accounting (ms): the host's clock, or virtual time when deterministic
   * (so a task's CPU time is then the instructions it executed).
   */
  cpuStampMs(): number {
    return this.deterministic ? this.elapsedNs() / 1e6 : this.host.monotonicMs();
  }

  // ---- the CPU side: rdtsc and instruction accounting ----

  /** rdtsc: CLOCK_MONOTONIC in ns (a 1 GHz TSC). */
  readTsc(cpu: Cpu): number {
    void cpu;
    return this.monotonicNs();
  }

  /** `cpu` is about to run (the scheduler calls this around every Cpu.run). */
  runStart(cpu: Cpu): void {
    cpu.tscSource = this;
    this.runCpu = cpu;
    this.runFrom = cpu.instructions;
  }

  /** `cpu` stopped: its instructions count as retired. */
  runEnd(cpu: Cpu): void {
    this.retired += cpu.instructions - this.runFrom;
    this.runCpu = null;
  }

  // ---- timers ----

  /**
   * Call `fn` once, `delayMs` of CLOCK_MONOTONIC from now. Returns a function that cancels it.
   * Deterministic mode keeps the timer here; the scheduler fires it (advancing the clock) when
   * every task sleeps. Otherwise it is a host timer.
   */
  setTimer(delayMs: number, fn: () => void): () => void {
    if (!this.deterministic) return this.host.setTimer(delayMs, fn);
    const tm: VirtualTimer = { atNs: Math.ceil(this.elapsedNs() + Math.max(0, delayMs) * 1e6), fn, live: true };
    this.timers.push(tm);
    return () => {
      tm.live = false;
    };
  }

  /**
   * Deterministic mode, nothing runnable: move the clock to the earliest timer and fire it (and
   * any others due then). False when there is no such timer (or the clock is not deterministic).
   */
  fireNextTimer(): boolean {
    if (!this.deterministic) return false;
    let first: VirtualTimer | null = null;
    this.timers = this.timers.filter((x) => x.live);
    for (const x of this.timers) if (first === null || x.atNs < first.atNs) first = x;
    if (first === null) return false;
    const now = this.elapsedNs();
    if (first.atNs > now) this.skippedNs += first.atNs - now;
    const due = this.elapsedNs();
    const fire = this.timers.filter((x) => x.atNs <= due);
    this.timers = this.timers.filter((x) => x.atNs > due);
    for (const x of fire) {
      x.live = false;
      x.fn();
    }
    return true;
  }
}

/** Split fractional milliseconds into whole seconds and nanoseconds. */
export function msToSecNsec(ms: number, out: { sec: number; nsec: number }): void {
  let sec = Math.floor(ms / 1000);
  let nsec = Math.round((ms - sec * 1000) * 1e6);
  if (nsec >= NSEC_PER_SEC) {
    sec += 1;
    nsec -= NSEC_PER_SEC;
  }
  out.sec = sec;
  out.nsec = nsec;
}
