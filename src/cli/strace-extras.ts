/**
 * What `sysgate strace` adds to strace's options: --json (JSON Lines instead of text), --explain
 * (a sentence after each call), --timeline FILE (a Chrome/Perfetto trace-event file) and colour.
 * All of them listen to the same kernel events as the text tracer, through src/trace/records.ts.
 */
import { writeFileSync } from "node:fs";
import type { KernelEvents } from "../kernel/events.js";
import { RecordCollector, type TraceRecord } from "../trace/records.js";
import { jsonLine } from "../trace/json.js";
import { explain } from "../trace/explain.js";
import { Timeline } from "../trace/timeline.js";

export interface ExtraOptions {
  json: boolean;
  explain: boolean;
  timeline?: string;
  color: "auto" | "always" | "never";
}

export interface Extras {
  /** Write the timeline file (if any) and stop listening. Returns an error line or null. */
  finish(): string | null;
}

/**
 * Start the listeners the options ask for. `write(line, tid)` is the text output (the same stream,
 * so explanations follow their calls); `trace` is the -e trace= selection.
 */
export function startExtras(
  x: ExtraOptions,
  events: KernelEvents,
  opts: { strsize: number; verbose: boolean; trace?: boolean[] },
  write: (line: string, tid: number) => void,
  saveTimeline: (path: string, json: string) => void = (path, json) => writeFileSync(path, json),
): Extras {
  const timeline = x.timeline !== undefined ? new Timeline() : null;
  const wantRecords = x.json || x.explain || timeline !== null;
  let collector: RecordCollector | null = null;
  if (wantRecords) {
    collector = new RecordCollector({ strsize: opts.strsize, verbose: opts.verbose, trace: opts.trace }, (r: TraceRecord) => {
      if (timeline) timeline.add(r);
      if (x.json) write(jsonLine(r), r.type === "exit" ? r.pid : r.tid);
      else if (x.explain && r.type === "syscall") write(`  # ${explain(r)}`, r.tid);
    });
    collector.attach(events);
  }
  return {
    finish(): string | null {
      collector?.detach();
      if (timeline && x.timeline !== undefined) {
        try {
          saveTimeline(x.timeline, timeline.toJSON());
        } catch (e) {
          return `Can't write the timeline to '${x.timeline}': ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      return null;
    },
  };
}

const ESC = "\x1b[";
const RESET = `${ESC}0m`;

/**
 * Colour for a terminal: the call's name bold, failures red, signals yellow, exits magenta,
 * --explain sentences dim. Works on finished lines, so the text itself stays strace's.
 */
export function colorLine(line: string): string {
  if (line.startsWith("--- ")) return `${ESC}33m${line}${RESET}`;
  if (line.startsWith("+++ ")) return `${ESC}35m${line}${RESET}`;
  if (line.startsWith("  # ")) return `${ESC}2m${line}${RESET}`;
  let s = line;
  const m = /^((?:\[pid +\d+\] )?(?:[\d:.]+ )?)([a-z_0-9]+)\(/.exec(s);
  if (m) s = m[1] + `${ESC}1m${m[2]}${RESET}` + s.slice(m[0].length - 1);
  const err = / = (-1 E[A-Z0-9]+ \(.*\)|\? ERESTART\w+ \(.*\))((?: <[\d.]+>)?)$/.exec(s);
  if (err) s = s.slice(0, err.index) + ` = ${ESC}31m${err[1]}${RESET}` + err[2];
  return s;
}

/** Should output to `fd` be coloured? --color=auto: only a terminal, and not when NO_COLOR is set. */
export function useColor(mode: ExtraOptions["color"], isTTY: boolean): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  return isTTY && !process.env.NO_COLOR;
}
