/**
 * The machine's clocks. Every time the kernel reports (clock_gettime, event timestamps, rusage)
 * comes from here, so a later deterministic clock (issue 5: time advancing with executed
 * instructions, a fixed start time) replaces one object instead of many call sites.
 */
import type { Host } from "../host/types.js";

export const NSEC_PER_SEC = 1_000_000_000;

export class MachineClock {
  /** Host monotonic time (ms) when the machine booted: CLOCK_BOOTTIME/MONOTONIC count from here. */
  private readonly bootMonoMs: number;
  /**
   * Offset so that CLOCK_MONOTONIC looks like a machine that has been up for a while (Linux's
   * monotonic clock starts near boot, not at zero; some programs treat 0 specially).
   */
  private readonly monoOffsetMs = 1000;

  constructor(readonly host: Host) {
    this.bootMonoMs = host.monotonicMs();
  }

  /** CLOCK_MONOTONIC in milliseconds (fractional). */
  monotonicMs(): number {
    return this.host.monotonicMs() - this.bootMonoMs + this.monoOffsetMs;
  }

  /** CLOCK_REALTIME in milliseconds since the epoch (fractional). */
  realtimeMs(): number {
    return this.host.realtimeMs();
  }

  /** Seconds since the machine booted (sysinfo uptime, /proc/uptime). */
  uptimeSeconds(): number {
    return this.monotonicMs() / 1000;
  }

  /** Timestamp for events, in nanoseconds of CLOCK_MONOTONIC (a double; exact to ~0.1 µs). */
  nowNs(): number {
    return this.monotonicMs() * 1e6;
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
