/**
 * --timeline FILE: every process's syscalls over time as a Chrome/Perfetto trace-event file
 * (open it in ui.perfetto.dev or chrome://tracing). Each process is a track group named by its
 * command, each thread a track; a syscall is a complete event ("ph":"X") from entry to exit with its
 * arguments and result, a signal an instant event, a process exit an instant event with its status.
 */
import type { TraceRecord } from "./records.js";

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  dur?: number;
  s?: string;
  args?: Record<string, unknown>;
}

export class Timeline {
  private readonly events: TraceEvent[] = [];
  private readonly named = new Map<number, string>();

  add(r: TraceRecord): void {
    switch (r.type) {
      case "syscall": {
        const comm = r.task.process.comm;
        if (this.named.get(r.pid) !== comm) {
          this.named.set(r.pid, comm);
          this.events.push({ name: "process_name", ph: "M", ts: 0, pid: r.pid, tid: r.pid, args: { name: `${comm} (${r.pid})` } });
        }
        const args: Record<string, unknown> = {};
        r.args.forEach((a, i) => (args[r.argNames[i] ?? `arg${i}`] = a));
        args.result = r.resultText;
        this.events.push({
          name: r.name, cat: r.errno ? "syscall,failed" : "syscall", ph: "X", ts: r.enterNs / 1000,
          dur: Math.max(0, (r.exitNs - r.enterNs) / 1000), pid: r.pid, tid: r.tid, args,
        });
        break;
      }
      case "signal":
        this.events.push({ name: r.name, cat: "signal", ph: "i", s: "t", ts: r.timeNs / 1000, pid: r.pid, tid: r.tid, args: { code: r.info.code } });
        break;
      case "exit":
        this.events.push({
          name: r.signal ? `killed by ${r.signal}` : `exited with ${r.exitCode}`, cat: "process", ph: "i", s: "p",
          ts: r.timeNs / 1000, pid: r.pid, tid: r.pid, args: { status: r.status },
        });
        break;
    }
  }

  get size(): number {
    return this.events.length;
  }

  /** The whole file's text. */
  toJSON(): string {
    return JSON.stringify({ displayTimeUnit: "ns", traceEvents: this.events }) + "\n";
  }
}
