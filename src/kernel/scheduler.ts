/**
 * The scheduler: a FIFO run queue of runnable tasks and the machine's main loop.
 *
 * Each turn takes the next runnable task and lets its CPU run for a time slice (an instruction
 * budget). Syscalls are handled inline and the same task keeps running until its slice is used
 * up, it blocks, or it dies, so a syscall round trip costs one gate call and no queue traffic.
 * Every few milliseconds of wall time the loop awaits host.yieldToHost() so stdin, timers and
 * Ctrl-C get their turn. When nothing is runnable but tasks sleep, the loop awaits the next
 * enqueue (a wait queue or timer waking someone): the machine idles without polling.
 */
import { StopReason } from "../cpu/fault.js";
import { Sig } from "../abi/signals.js";
import { SI_KERNEL } from "../abi/signals.js";
import { syscallEntry, syscallResume } from "./entry.js";
import { deliverPending, faultToSignal, forceSignal } from "./signal.js";
import { TaskState, type Task } from "./task.js";
import type { Kernel } from "./kernel.js";

/** Instructions per time slice. */
export const SLICE_INSTRUCTIONS = 100_000;
/** A syscall counts as this many instructions against the slice (so syscall-only loops yield too). */
const SYSCALL_COST = 50;
/** Wall time between yields to the host's event loop. */
const YIELD_INTERVAL_MS = 8;

export class Scheduler {
  private queue: Task[] = [];
  private head = 0;
  private idleWake: (() => void) | null = null;
  /** The task whose CPU is running now (null between slices). */
  current: Task | null = null;
  private stopped = false;

  constructor(private readonly kernel: Kernel) {}

  /** Make `t` runnable (idempotent). */
  enqueue(t: Task): void {
    if (t.queued || t.state !== TaskState.Running) return;
    t.queued = true;
    this.queue.push(t);
    const w = this.idleWake;
    if (w) {
      this.idleWake = null;
      w();
    }
  }

  private dequeue(): Task | null {
    while (this.head < this.queue.length) {
      const t = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      t.queued = false;
      if (t.state === TaskState.Running) return t;
    }
    if (this.head > 0) {
      this.queue.length = 0;
      this.head = 0;
    }
    return null;
  }

  get runnable(): number {
    return this.queue.length - this.head;
  }

  /** Stop the loop at the next turn (shutdown) and wake it if idle. */
  stop(): void {
    this.stopped = true;
    const w = this.idleWake;
    if (w) {
      this.idleWake = null;
      w();
    }
  }

  /** Run until no task is alive or stop() is called. */
  async run(): Promise<void> {
    const host = this.kernel.host;
    let lastYield = host.monotonicMs();
    while (!this.stopped) {
      const t = this.dequeue();
      if (t === null) {
        if (!this.kernel.hasLiveTasks()) break;
        // A deterministic clock does not wait for a sleep: it jumps to the next timer.
        if (this.kernel.clock.fireNextTimer()) continue;
        // Every task sleeps. A pending host timer keeps the host's event loop alive meanwhile, so
        // a guest that waits forever hangs (as on Linux) instead of the host quietly exiting.
        const keepAlive = host.setTimer(0x7fffffff, () => {});
        await new Promise<void>((resolve) => {
          this.idleWake = resolve;
        });
        keepAlive();
        lastYield = host.monotonicMs();
        continue;
      }
      this.current = t;
      const clock = this.kernel.clock;
      clock.tick();
      this.kernel.vdso?.refresh();
      const start = clock.cpuStampMs();
      t.sliceStartMs = start;
      try {
        this.runSlice(t);
      } finally {
        this.current = null;
        t.sliceStartMs = -1;
      }
      t.cpuTimeMs += clock.cpuStampMs() - start;
      const now = host.monotonicMs();
      if (t.state === TaskState.Running) this.enqueue(t);
      if (now - lastYield >= YIELD_INTERVAL_MS) {
        await host.yieldToHost();
        lastYield = host.monotonicMs();
      }
    }
  }

  /** One time slice of `t`. */
  runSlice(t: Task): void {
    if (t.signalCheck && !t.syscallPending) {
      deliverPending(t);
      if (t.state !== TaskState.Running) return;
    }
    if (t.syscallPending) {
      syscallResume(t);
      if (t.state !== TaskState.Running || t.syscallPending) return;
    }
    let budget = SLICE_INSTRUCTIONS;
    for (;;) {
      const cpu = t.cpu;
      const before = cpu.instructions;
      const clock = this.kernel.clock;
      clock.runStart(cpu);
      const why = cpu.run(budget);
      clock.runEnd(cpu);
      budget -= cpu.instructions - before;
      switch (why) {
        case StopReason.Syscall:
          syscallEntry(t);
          // Parked (or woken at once but still owing its syscall): continue in a later turn.
          if (t.state !== TaskState.Running || t.syscallPending) return;
          if (t.needResched) {
            t.needResched = false;
            return;
          }
          budget -= SYSCALL_COST;
          if (budget <= 0) return;
          continue;
        case StopReason.Budget:
          return;
        case StopReason.Fault:
          faultToSignal(t);
          return;
        case StopReason.Halt:
          forceSignal(t, Sig.SIGSEGV, SI_KERNEL, 0);
          return;
        default:
          throw new Error(`cpu stopped for an unknown reason ${why as number}`);
      }
    }
  }
}
