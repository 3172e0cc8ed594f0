/**
 * strace 6.x's command line: short options (clustered, getopt-style), the long options people
 * use, and the -e qualifiers. Errors are strace's own lines (StraceUsageError), exit status 1.
 */
import { parseTraceSet, TraceFilterError } from "./filter.js";
import { parseDecodeFds, decodeFdsOfLevel } from "./decode-fds.js";
import { signalNumber } from "../abi/signals.js";
import { errnoName } from "../abi/errno.js";
import { syscallNumbers, syscallNames, SYSCALL_COUNT } from "../abi/syscalls.js";
import { signatureOf } from "../abi/signatures.js";
import { StatusBit, type TracerOptions } from "./tracer.js";
import type { InjectRule } from "../kernel/inject.js";
import { parseClockMode, type ClockMode } from "../kernel/clock.js";
import { parseFdSet, type FdSet } from "./dump.js";

/** strace's own error: "strace: MESSAGE" (and a hint line unless `quiet`), exit status 1. */
export class StraceUsageError extends Error {
  constructor(message: string, readonly hint = true) {
    super(message);
  }
}

export type SortKey = "time" | "calls" | "errors" | "name" | "nothing" | "min-time" | "max-time" | "avg-time";
export type Column = "time-percent" | "total-time" | "avg-time" | "calls" | "errors" | "name" | "min-time" | "max-time";

export interface StraceOptions {
  output?: string;
  /** -A: append to the -o file instead of truncating it. */
  append?: boolean;
  trace?: boolean[];
  strsize: number;
  verbose: boolean;
  /** -c: summary only; -C: lines and summary. */
  summary: boolean;
  summaryAlso: boolean;
  sortBy: SortKey;
  columns?: Column[];
  wallTime: boolean;
  /** -E VAR=VAL / -E VAR: the traced program's environment, changed (sysgate's own otherwise). */
  env: string[];
  /** -e abbrev=SET: the calls whose structures are abbreviated (undefined: all, or none with -v). */
  abbrev?: boolean[];
  /** -e verbose=SET: the calls whose structures are decoded (undefined: all). */
  decodeStructs?: boolean[];
  /** -O: time subtracted from each call in the -c table (ns). */
  overheadNs: number;
  follow: number;
  timestamps: number;
  relative: boolean;
  syscallTimes: boolean;
  decorate: number;
  /** -e decode-fds=SET (DecodeFd bits), beside what -y / -yy ask for. */
  decodeFds?: number;
  xlat: "abbrev" | "raw" | "verbose";
  status: number;
  signals?: boolean[];
  quiet: number;
  quietExit: boolean;
  /** -e quiet=thread-execve (or superseded, all; -qqq). */
  quietSuperseded?: boolean;
  numbers: boolean;
  ip: boolean;
  comm: boolean;
  column: number;
  paths: string[];
  raw?: boolean[];
  inject: InjectRule[];
  /** -e read=SET / -e write=SET: descriptors whose data is dumped in hex (src/trace/dump.ts). */
  readFds?: FdSet;
  writeFds?: FdSet;
  /** -e quiet=path-resolution: no "Requested path ... resolved into" note for -P. */
  quietPathResolution?: boolean;
  /** -p PID, or MACHINE:PID when several sysgate machines have that pid (src/cli/attach.ts). */
  attach?: string;
  /** sysgate's machine options: --no-vdso, --clock=MODE. */
  vdso?: boolean;
  clock?: ClockMode;
  /** Beyond strace: --json, --explain, --timeline FILE, -N/--arg-names, --color=WHEN. */
  /** -V or -h: print the version or the usage and exit 0 (strace checks for -V first). */
  info?: "version" | "help";
  json: boolean;
  explain: boolean;
  timeline?: string;
  argNames: boolean;
  /** -x / -xx / --strings-in-hex: 1 non-ascii, 2 all, 3 non-ascii-chars (0 none). */
  xstrings: number;
  xstringsLong?: number;
  color: "auto" | "always" | "never";
  /** Warnings strace prints and goes on (e.g. -z with -Z). */
  warnings: string[];
  prog: string;
  args: string[];
}

const SHORT_WITH_ARG = new Set(["o", "e", "s", "a", "S", "U", "P", "X", "p", "I", "b", "E", "u", "O"]);
const SHORT_FLAGS = new Set(["c", "C", "f", "F", "t", "T", "r", "y", "v", "x", "z", "Z", "q", "n", "i", "Y", "w", "h", "V", "d", "D", "k", "N", "A"]);

/** A long option: its short form, whether it takes an argument (optArg: only as --name=VALUE). */
const LONG: Record<string, { short?: string; arg?: boolean; optArg?: boolean; apply?: (o: StraceOptions, v?: string) => void }> = {
  env: { short: "E", arg: true },
  silent: { arg: true, apply: (o, v) => qualifier(o, "quiet=" + v) },
  silence: { arg: true, apply: (o, v) => qualifier(o, "quiet=" + v) },
  user: { short: "u", arg: true },
  "summary-syscall-overhead": { short: "O", arg: true },
  "output-append-mode": { short: "A" },
  "failing-only": { short: "Z" },
  "const-print-style": { short: "X", arg: true },
  "stack-traces": { short: "k" },
  interruptible: { short: "I", arg: true },
  debug: { short: "d" },
  daemonize: { short: "D" },
  daemonized: { short: "D" },
  daemonised: { short: "D" },
  "detach-on": { arg: true, apply: (_o, v) => { if (v !== "execve") throw new StraceUsageError(`invalid --detach-on argument: '${v}'`); } },
  "seccomp-bpf": {},
  "pidns-translation": {},
  tips: { optArg: true },
  "absolute-timestamps": { optArg: true, apply: (o, v) => timestampsArg(o, v) },
  timestamps: { optArg: true, apply: (o, v) => timestampsArg(o, v) },
  abbrev: { arg: true, apply: (o, v) => qualifier(o, "abbrev=" + v) },
  verbose: { arg: true, apply: (o, v) => qualifier(o, "verbose=" + v) },
  raw: { arg: true, apply: (o, v) => qualifier(o, "raw=" + v) },
  read: { arg: true, apply: (o, v) => qualifier(o, "read=" + v) },
  write: { arg: true, apply: (o, v) => qualifier(o, "write=" + v) },
  output: { short: "o", arg: true },
  "string-limit": { short: "s", arg: true },
  columns: { short: "a", arg: true },
  "summary-only": { short: "c" },
  summary: { short: "C" },
  "summary-sort-by": { short: "S", arg: true },
  "summary-columns": { short: "U", arg: true },
  "summary-wall-clock": { short: "w" },
  "follow-forks": { short: "f" },
  "output-separately": { apply: (o) => (o.follow = Math.max(o.follow, 1) + 1) },
  "relative-timestamps": { short: "r" },
  "syscall-times": { short: "T" },
  "decode-fds": { optArg: true, apply: (o, v) => (v === undefined ? o.decorate++ : qualifier(o, "decode-fds=" + v)) },
  "successful-only": { short: "z" },
  "failed-only": { short: "Z" },
  "syscall-number": { short: "n" },
  "instruction-pointer": { short: "i" },
  "decode-pids": { arg: true, apply: (o, v) => { if (v !== "comm") throw new StraceUsageError(`invalid --decode-pids argument: '${v}'`); o.comm = true; } },
  "no-abbrev": { short: "v" },
  version: { short: "V" },
  help: { short: "h" },
  "trace-path": { short: "P", arg: true },
  trace: { arg: true, apply: (o, v) => qualifier(o, "trace=" + v) },
  signal: { arg: true, apply: (o, v) => qualifier(o, "signal=" + v) },
  status: { arg: true, apply: (o, v) => qualifier(o, "status=" + v) },
  inject: { arg: true, apply: (o, v) => qualifier(o, "inject=" + v) },
  fault: { arg: true, apply: (o, v) => qualifier(o, "fault=" + v) },
  quiet: { arg: true, apply: (o, v) => qualifier(o, "quiet=" + v) },
  const: { arg: true },
  // sysgate's own
  "no-vdso": { apply: (o) => (o.vdso = false) },
  clock: {
    arg: true,
    apply: (o, v) => {
      const mode = parseClockMode(v!);
      if (mode === null) throw new StraceUsageError(`invalid --clock '${v}' (host, fixed:EPOCH or deterministic[:EPOCH])`);
      o.clock = mode;
    },
  },
  json: { apply: (o) => (o.json = true) },
  explain: { apply: (o) => (o.explain = true) },
  timeline: { arg: true, apply: (o, v) => (o.timeline = v) },
  "arg-names": { short: "N" },
};

/** Parse `sysgate strace` arguments (after "strace"). */
export function parseStrace(argv: string[]): StraceOptions {
  const o: StraceOptions = {
    strsize: 32, verbose: false, summary: false, summaryAlso: false, sortBy: "time", wallTime: false, env: [], overheadNs: 0, follow: 0,
    timestamps: 0, relative: false, syscallTimes: false, decorate: 0, xlat: "abbrev", status: StatusBit.All,
    quiet: 0, quietExit: false, numbers: false, ip: false, comm: false, column: 40, paths: [], inject: [],
    warnings: [], prog: "", args: [], json: false, explain: false, argNames: false, xstrings: 0, color: "auto",
  };
  let zflags = 0;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (name === "strings-in-hex") {
        // an optional argument, "all" when absent (strace's xflag_str)
        const v = eq < 0 ? "all" : a.slice(eq + 1);
        const style = ({ none: 0, "non-ascii": 1, all: 2, "non-ascii-chars": 3 } as Record<string, number>)[v];
        if (style === undefined) throw new StraceUsageError(`invalid --strings-in-hex argument: '${v}'`);
        o.xstringsLong = style;
        continue;
      }
      if (name === "color" || name === "colour") {
        // --color alone means always, as in ls and grep
        const v = eq < 0 ? "always" : a.slice(eq + 1);
        if (v !== "auto" && v !== "always" && v !== "never") throw new StraceUsageError(`invalid --color argument: '${v}' (auto, always or never)`);
        o.color = v;
        continue;
      }
      const spec = LONG[name];
      if (!spec) throw new StraceUsageError(`unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'`);
      let v: string | undefined;
      if (spec.optArg) v = eq >= 0 ? a.slice(eq + 1) : undefined;
      else if (eq >= 0 && !spec.arg) throw new StraceUsageError(`option '--${name}' doesn't allow an argument`);
      else if (spec.arg) {
        v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new StraceUsageError(`option '--${name}' requires an argument`);
      } else if (spec.optArg && eq >= 0) v = a.slice(eq + 1);
      if (spec.apply) spec.apply(o, v);
      else if (spec.short) zflags |= shortOption(o, spec.short, v);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (SHORT_WITH_ARG.has(c)) {
        let v = a.slice(j + 1);
        if (v === "") {
          const next = argv[++i];
          if (next === undefined) throw new StraceUsageError(`option requires an argument -- '${c}'`);
          v = next;
        }
        zflags |= shortOption(o, c, v);
        break;
      }
      if (!SHORT_FLAGS.has(c)) throw new StraceUsageError(`invalid option -- '${c}'`);
      zflags |= shortOption(o, c);
    }
  }
  if (o.xstringsLong !== undefined) {
    if (o.xstrings) throw new StraceUsageError("-x and --strings-in-hex cannot be provided simultaneously", false);
    o.xstrings = o.xstringsLong;
  }
  if (zflags === 3) o.warnings.push("Only the last of -z/--successful-only/-Z/--failed-only options will take effect. See status qualifier for more complex filters.");
  if (o.info !== undefined) return o;
  if (o.attach === undefined && i >= argv.length) throw new StraceUsageError("must have PROG [ARGS] or -p PID");
  if (i < argv.length) {
    o.prog = argv[i]!;
    o.args = argv.slice(i + 1);
  }
  if (o.summary && o.summaryAlso) o.summary = false; // -c -C: strace keeps -C
  return o;
}

function intArg(opt: string, v: string, min = 0): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new StraceUsageError(`invalid -${opt} argument: '${v}'`);
  return Number(v);
}

const SORT_KEYS: Record<string, SortKey> = {
  time: "time", "time-percent": "time", "time-total": "time", "total-time": "time",
  calls: "calls", count: "calls", errors: "errors", error: "errors", name: "name", syscall: "name", "syscall-name": "name",
  nothing: "nothing", none: "nothing", "min-time": "min-time", shortest: "min-time", "time-min": "min-time",
  "max-time": "max-time", longest: "max-time", "time-max": "max-time", "avg-time": "avg-time", "time-avg": "avg-time",
};
const COLUMNS: Record<string, Column> = {
  "time-percent": "time-percent", "time-total": "total-time", "total-time": "total-time", "avg-time": "avg-time",
  "time-avg": "avg-time", calls: "calls", count: "calls", errors: "errors", error: "errors", name: "name",
  syscall: "name", "syscall-name": "name", "min-time": "min-time", shortest: "min-time", "time-min": "min-time",
  "max-time": "max-time", longest: "max-time", "time-max": "max-time", time: "time-percent",
};

/** One short option; returns 1 for -z, 2 for -Z (to warn when both are given). */
function shortOption(o: StraceOptions, c: string, v?: string): number {
  switch (c) {
    case "o": o.output = v!; break;
    case "e": qualifier(o, v!); break;
    case "s": o.strsize = intArg("s", v!); break;
    case "a": o.column = intArg("a", v!); break;
    case "S": {
      const k = SORT_KEYS[v!.replace(/_/g, "-")];
      if (!k) throw new StraceUsageError(`invalid sortby: '${v}'`);
      o.sortBy = k;
      break;
    }
    case "U": {
      const cols: Column[] = [];
      for (const name of v!.split(",")) {
        const col = COLUMNS[name.replace(/_/g, "-")];
        if (!col) throw new StraceUsageError(`unknown column name: '${name}'`);
        cols.push(col);
      }
      o.columns = cols;
      break;
    }
    case "P": o.paths.push(v!); break;
    case "X":
      if (v !== "raw" && v !== "abbrev" && v !== "verbose") throw new StraceUsageError(`invalid -X argument: '${v}'`);
      o.xlat = v;
      break;
    case "p": {
      const m = /^(?:\d+:)?(\d+)$/.exec(v!);
      if (!m || Number(m[1]) <= 0) throw new StraceUsageError(`Invalid process id: '${v}'`, false);
      o.attach = v!;
      break;
    }
    case "N":
      o.argNames = true;
      break;
    case "E": o.env.push(v!); break;
    case "O": {
      // a time with an optional unit (s, ms, us, ns; microseconds without one)
      const us = durationUs(v!);
      if (us === null) throw new StraceUsageError(`invalid -O argument: '${v}'`);
      o.overheadNs = us * 1e3;
      break;
    }
    case "I":
      // which signals may interrupt strace itself: a ptrace matter, checked and otherwise moot here
      if (!/^([1-4]|never|anywhere|waiting|always|never_tstp)$/.test(v!)) throw new StraceUsageError(`invalid -I argument: '${v}'`);
      break;
    case "b": case "u": break; // accepted, no effect on a sysgate machine
    case "c": o.summary = true; break;
    case "C": o.summaryAlso = true; break;
    case "f": o.follow++; break;
    case "F": o.follow = Math.max(o.follow, 1); break;
    case "t": o.timestamps++; break;
    case "T": o.syscallTimes = true; break;
    case "r": o.relative = true; break;
    case "y": o.decorate++; break;
    case "v": o.verbose = true; break;
    case "z": o.status = StatusBit.Successful; return 1;
    case "Z": o.status = StatusBit.Failed; return 2;
    case "q": o.quiet++; if (o.quiet >= 2) o.quietExit = true; break;
    case "n": o.numbers = true; break;
    case "i": o.ip = true; break;
    case "Y": o.comm = true; break;
    case "w": o.wallTime = true; break;
    case "V": o.info = "version"; break;
    case "h": o.info = "help"; break;
    case "A": o.append = true; break;
    case "k": throw new StraceUsageError("Stack traces (-k/--stack-traces option) are not supported by this build of strace", false);
    case "x": o.xstrings = Math.min(o.xstrings + 1, 2); break;
    case "d": case "D": break;
  }
  return 0;
}

/**
 * --absolute-timestamps[=[format:]none|time|unix][,[precision:]s|ms|us|ns]: the -t family. The
 * tracer prints seconds, or microseconds (-tt, -ttt), so finer precisions show microseconds.
 */
function timestampsArg(o: StraceOptions, v: string | undefined): void {
  let format = "time";
  let fine = false;
  for (const tok of (v ?? "").split(",")) {
    if (tok === "") continue;
    const t = tok.replace(/^(format|precision):/i, "");
    if (/^(none|time|unix)$/i.test(t) && !/^precision:/i.test(tok)) format = t.toLowerCase();
    else if (/^(s|ms|us|ns)$/i.test(t) && !/^format:/i.test(tok)) fine = t.toLowerCase() !== "s";
    else throw new StraceUsageError(`invalid --absolute-timestamps argument: '${v}'`);
  }
  o.timestamps = format === "none" ? 0 : format === "unix" ? 3 : fine ? 2 : 1;
}

/** -e QUALIFIER=VALUE (a bare value is trace=). */
export function qualifier(o: StraceOptions, expr: string): void {
  const m = /^([a-z_-]+)=(.*)$/s.exec(expr);
  let qual = "trace";
  let value = expr;
  if (m && QUALIFIERS.has(m[1]!)) {
    qual = m[1]!;
    value = m[2]!;
  }
  switch (qual) {
    case "t": case "trace":
      o.trace = syscallSet(value);
      return;
    case "raw": case "x":
      o.raw = syscallSet(value);
      return;
    case "abbrev": case "a": case "verbose": case "v":
      // -v is abbrev=none: no call abbreviates its structures and arrays. (verbose= says which
      // calls have their structures decoded at all; sysgate decodes them for every call.)
      {
        const set = syscallSet(value);
        if (qual === "abbrev" || qual === "a") {
          o.verbose = !set.some((x) => x);
          o.abbrev = set;
        } else o.decodeStructs = set.every((x) => x) ? undefined : set;
      }
      return;
    case "s": case "signal": case "signals":
      o.signals = signalSet(value);
      return;
    case "status":
      o.status = statusSet(value);
      return;
    case "q": case "quiet": case "silent": case "silence":
      quietSet(o, value);
      return;
    case "inject": case "fault":
      o.inject.push(...parseInject(value, qual));
      return;
    case "read": case "reads": case "r": case "write": case "writes": case "w": {
      const set = parseFdSet(value);
      if ("bad" in set) throw new StraceUsageError(`invalid descriptor '${set.bad}'`, false);
      if (qual.startsWith("r")) o.readFds = set;
      else o.writeFds = set;
      return;
    }
    case "decode-fds": case "decode-fd": {
      const mask = parseDecodeFds(value);
      if (mask === null) throw new StraceUsageError(`invalid decode-fds '${value}'`, false);
      o.decodeFds = mask;
      return;
    }
    case "X": case "kvm": case "decode-pids": case "decode-pid":
      return; // accepted; not implemented (kvm)
  }
}

const QUALIFIERS = new Set([
  "t", "trace", "raw", "abbrev", "a", "verbose", "v", "s", "signal", "signals", "status", "q", "quiet", "silent", "silence",
  "inject", "fault", "x", "X", "read", "reads", "r", "write", "writes", "w", "kvm", "decode-fds", "decode-fd", "decode-pids", "decode-pid",
]);

function syscallSet(value: string): boolean[] {
  try {
    return parseTraceSet(value);
  } catch (e) {
    if (e instanceof TraceFilterError) throw new StraceUsageError(e.message, false);
    throw e;
  }
}

function signalSet(spec: string): boolean[] {
  let s = spec;
  let negate = false;
  if (s.startsWith("!")) {
    negate = true;
    s = s.slice(1);
  }
  const on = new Array<boolean>(65).fill(false);
  for (const item of s.split(",")) {
    if (item === "" ) continue;
    if (item === "all") on.fill(true);
    else if (item === "none") continue;
    else {
      const n = /^\d+$/.test(item) ? Number(item) : signalNumber(item.toUpperCase().startsWith("SIG") ? item.toUpperCase() : "SIG" + item.toUpperCase());
      if (n === undefined || n <= 0 || n > 64) throw new StraceUsageError(`invalid signal '${item}'`, false);
      on[n] = true;
    }
  }
  if (negate) for (let i = 0; i < on.length; i++) on[i] = !on[i];
  return on;
}

const STATUS_NAMES: Record<string, number> = {
  successful: StatusBit.Successful, failed: StatusBit.Failed, unfinished: StatusBit.Unfinished,
  unavailable: StatusBit.Unavailable, detached: StatusBit.Detached,
};

function statusSet(spec: string): number {
  let s = spec;
  let negate = false;
  if (s.startsWith("!")) {
    negate = true;
    s = s.slice(1);
  }
  let mask = 0;
  for (const item of s.split(",")) {
    if (item === "") continue;
    if (item === "all") mask = StatusBit.All;
    else if (item === "none") continue;
    else {
      const b = STATUS_NAMES[item];
      if (b === undefined) throw new StraceUsageError(`invalid status '${item}'`, false);
      mask |= b;
    }
  }
  return negate ? StatusBit.All & ~mask : mask;
}

function quietSet(o: StraceOptions, spec: string): void {
  let s = spec;
  let negate = false;
  if (s.startsWith("!")) {
    negate = true;
    s = s.slice(1);
  }
  const known = ["attach", "exit", "exits", "path-resolution", "personality", "thread-execve", "superseded", "all", "none"];
  let exit = false;
  let paths = false;
  for (const item of s.split(",")) {
    if (item === "") continue;
    if (!known.includes(item)) throw new StraceUsageError(`invalid quiet '${item}'`, false);
    if (item === "exit" || item === "exits" || item === "all") exit = true;
    if (item === "path-resolution" || item === "all") paths = true;
  }
  o.quietExit = negate ? !exit : exit;
  const superseded = s.split(",").some((x) => x === "thread-execve" || x === "superseded" || x === "all");
  o.quietSuperseded = negate ? !superseded : superseded;
  o.quietPathResolution = negate ? !paths : paths;
}

// ---- -e inject= / -e fault= ----

/**
 * SET:error=E|retval=V[:signal=S][:delay_enter=D][:delay_exit=D][:when=W] and sysgate's argument
 * keys: fd=N (the call's first descriptor argument), path=P (its first path argument), argK=V
 * (raw argument K, 0-based, decimal or 0x hex).
 */
export function parseInject(value: string, qual: "inject" | "fault"): InjectRule[] {
  const bad = () => new StraceUsageError(`invalid ${qual} argument '${value}'`, false);
  const parts = value.split(":");
  const set = parts[0]!;
  let nrs: boolean[];
  try {
    nrs = parseTraceSet(set);
  } catch (e) {
    if (e instanceof TraceFilterError) throw new StraceUsageError(e.message, false);
    throw e;
  }
  const rule: Omit<InjectRule, "nr"> = { error: 0, retval: null, signal: 0, delayEnterUs: 0, delayExitUs: 0, first: 1, last: Infinity, step: 1, argFilters: [] };
  let haveAction = false;
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    if (eq < 0) throw bad();
    const key = p.slice(0, eq);
    const v = p.slice(eq + 1);
    switch (key) {
      case "error": {
        if (rule.retval !== null) throw bad();
        const n = /^\d+$/.test(v) ? Number(v) : errnoName.indexOf(v.toUpperCase()); // strace ignores case
        if (!(n > 0 && n < 4096)) throw bad();
        rule.error = n;
        haveAction = true;
        break;
      }
      case "retval": {
        if (qual === "fault" || rule.error !== 0 || !/^-?\d+$|^0x[0-9a-f]+$/i.test(v)) throw bad();
        rule.retval = Number(v);
        haveAction = true;
        break;
      }
      case "signal": {
        const n = /^\d+$/.test(v) ? Number(v) : signalNumber(v.toUpperCase().startsWith("SIG") ? v.toUpperCase() : "SIG" + v.toUpperCase());
        if (n === undefined || n <= 0 || n > 64) throw bad();
        rule.signal = n;
        haveAction = true;
        break;
      }
      case "delay_enter":
      case "delay_exit": {
        if (qual === "fault") throw bad();
        const us = durationUs(v);
        if (us === null) throw bad();
        if (key === "delay_enter") rule.delayEnterUs = us;
        else rule.delayExitUs = us;
        haveAction = true;
        break;
      }
      case "when": {
        const m = /^(\d+)(?:\.\.(\d+))?(?:\+(\d*))?$/.exec(v);
        if (!m) throw bad();
        const first = Number(m[1]);
        if (first < 1 || first > 65535) throw bad();
        rule.first = first;
        rule.last = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? Infinity : first;
        if (rule.last < first) throw bad();
        rule.step = m[3] !== undefined && m[3] !== "" ? Number(m[3]) : 1;
        if (rule.step < 1) throw bad();
        break;
      }
      case "fd":
        if (!/^-?\d+$/.test(v)) throw bad();
        rule.argFilters.push({ kind: "fd", value: Number(v) });
        break;
      case "path":
        if (v === "") throw bad();
        rule.argFilters.push({ kind: "path", value: v });
        break;
      default: {
        const am = /^arg([0-5])$/.exec(key);
        if (!am || !/^-?\d+$|^0x[0-9a-f]+$/i.test(v)) throw bad();
        rule.argFilters.push({ kind: "arg", index: Number(am[1]), value: Number(v) });
      }
    }
  }
  if (qual === "fault" && rule.error === 0) rule.error = 38; // ENOSYS
  if (!haveAction && qual === "inject") throw bad();
  const rules: InjectRule[] = [];
  for (let nr = 0; nr < SYSCALL_COUNT; nr++) {
    if (!nrs[nr]) continue;
    const argFilters = rule.argFilters.map((f) => ({ ...f }));
    // An argument key names the call's own argument of that kind; a call without one never matches.
    const sig = signatureOf(nr, syscallNames[nr]);
    for (const f of argFilters) {
      if (f.kind === "fd") f.index = sig.args.findIndex((a) => a.kind === "fd" || a.kind === "dirfd");
      if (f.kind === "path") f.index = sig.args.findIndex((a) => a.kind === "path");
    }
    rules.push({ ...rule, nr, argFilters });
  }
  return rules;
}

/** strace's time values: a number of microseconds, or with a unit (s, ms, us, ns). */
function durationUs(v: string): number | null {
  // strace's parse_ts: an integer or a float ("8e5", "1.6"), then an optional unit
  const m = /^(\+?[0-9.eE+-]+?)(s|ms|us|ns)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n) || n < 0) return null;
  switch (m[2]) {
    case "s": return n * 1e6;
    case "ms": return n * 1e3;
    case "ns": return n / 1e3;
  }
  return n;
}

export { syscallNumbers };

/** -y / -yy and -e decode-fds= together: the decoration level and the kinds shown. */
function decodeFdsOptions(o: StraceOptions): { decorate: number; decodeFds?: number } {
  if (o.decodeFds === undefined) return { decorate: o.decorate };
  const set = o.decodeFds | decodeFdsOfLevel(o.decorate);
  return { decorate: set === 0 ? 0 : 2, decodeFds: set };
}

/**
 * The Tracer's options for a parsed command line. `write` receives the lines; `toFile`/`separate`
 * say where they go (-o, -ff) and `wallNs` turns the machine clock into wall time for -t/-tt/-ttt.
 */
export function tracerOptions(
  o: StraceOptions,
  write: TracerOptions["write"],
  where: { toFile: boolean; separate: boolean; wallNs: (ns: number) => number },
): TracerOptions {
  return {
    strsize: o.strsize, verbose: o.verbose, abbrev: o.verbose ? undefined : o.abbrev, decodeStructs: o.decodeStructs, trace: o.trace, write, argNames: o.argNames,
    follow: o.follow > 0, toFile: where.toFile, separate: where.separate, wallNs: where.wallNs,
    timestamps: o.timestamps, relative: o.relative, syscallTimes: o.syscallTimes,
    status: o.status, signals: o.signals, quiet: o.quiet, quietExit: o.quietExit, quietSuperseded: o.quietSuperseded || o.quiet >= 3,
    numbers: o.numbers, ip: o.ip, comm: o.comm, column: o.column, ...decodeFdsOptions(o), wallTime: o.wallTime, overheadNs: o.overheadNs,
    paths: o.paths.length ? o.paths : undefined, xlat: o.xlat, raw: o.raw,
    xstrings: o.xstrings,
    readFds: o.readFds, writeFds: o.writeFds,
  };
}
