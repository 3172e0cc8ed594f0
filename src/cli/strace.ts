/**
 * `sysgate strace [OPTIONS] PROG [ARGS...]`: strace's command line, a Machine built as `run` builds
 * one, and a Tracer (src/trace) listening to its kernel. Options follow strace 6.x.
 */
import { openSync, writeSync, closeSync, existsSync } from "node:fs";
import { Machine, decodeWaitStatus } from "../machine.js";
import { createNodeHost, textForFd } from "../host/node.js";
import { forwardingSignals, guestEnvironment } from "./launch.js";
import { describeStartFailure } from "./report.js";
import { Tracer } from "../trace/tracer.js";
import { parseTraceSet, TraceFilterError } from "../trace/filter.js";
import { summaryTable } from "../trace/summary.js";
import { straceAttach } from "./attach.js";
import { parseClockMode, type ClockMode } from "../kernel/clock.js";

export interface StraceOptions {
  output?: string;
  trace?: boolean[];
  strsize: number;
  verbose: boolean;
  summary: boolean;
  /** sysgate's machine options: --no-vdso, --clock=MODE. */
  vdso?: boolean;
  clock?: ClockMode;
  prog: string;
  args: string[];
  /** -p PID (or MACHINE:PID): attach instead of starting PROG. */
  attach?: string;
  /** The options to hand an attached machine's tracer. */
  traceArgs: string[];
}

/** strace's own error: "strace: MESSAGE" and exit status 1. */
export class StraceUsageError extends Error {}

function parseExpr(o: StraceOptions, expr: string): void {
  const eq = expr.indexOf("=");
  let qual = "trace";
  let value = expr;
  if (eq >= 0) {
    qual = expr.slice(0, eq);
    value = expr.slice(eq + 1);
  }
  if (qual === "t") qual = "trace";
  if (qual !== "trace") throw new StraceUsageError(`invalid -e qualifier '${qual}' (not supported yet)`);
  try {
    o.trace = parseTraceSet(value);
  } catch (e) {
    if (e instanceof TraceFilterError) throw new StraceUsageError(e.message, { cause: "quiet" });
    throw e;
  }
}

export function parseStrace(argv: string[]): StraceOptions {
  const o: StraceOptions = { strsize: 32, verbose: false, summary: false, prog: "", args: [], traceArgs: [] };
  let i = 0;
  const need = (opt: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new StraceUsageError(`option requires an argument -- '${opt}'`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "--no-vdso") {
      o.vdso = false;
      continue;
    }
    if (a.startsWith("--clock")) {
      const v = a.startsWith("--clock=") ? a.slice(8) : need("-clock");
      const mode = parseClockMode(v);
      if (mode === null) throw new StraceUsageError(`invalid --clock '${v}' (host, fixed:EPOCH or deterministic[:EPOCH])`);
      o.clock = mode;
      continue;
    }
    const opt = a[1]!;
    const inline = a.length > 2 ? a.slice(2) : undefined;
    switch (opt) {
      case "o":
        o.output = inline ?? need("o");
        break;
      case "p":
        o.attach = inline ?? need("p");
        break;
      case "e": {
        const v = inline ?? need("e");
        parseExpr(o, v);
        o.traceArgs.push("-e", v);
        break;
      }
      case "s": {
        const v = inline ?? need("s");
        if (!/^\d+$/.test(v)) throw new StraceUsageError(`invalid -s argument: '${v}'`);
        o.strsize = Number(v);
        o.traceArgs.push("-s", v);
        break;
      }
      case "v":
        o.verbose = true;
        o.traceArgs.push("-v");
        break;
      case "c":
        o.summary = true;
        break;
      case "f":
        o.traceArgs.push("-f");
        break; // single-process machine for now: following children changes nothing yet
      default:
        throw new StraceUsageError(`invalid option -- '${a.slice(1)}'`);
    }
  }
  if (o.attach !== undefined) {
    if (i < argv.length) throw new StraceUsageError("-p and a command are mutually exclusive");
    return o;
  }
  if (i >= argv.length) throw new StraceUsageError("must have PROG [ARGS] or -p PID");
  o.prog = argv[i]!;
  o.args = argv.slice(i + 1);
  return o;
}

export async function cmdStrace(argv: string[]): Promise<number> {
  let o: StraceOptions;
  try {
    o = parseStrace(argv);
  } catch (e) {
    if (e instanceof StraceUsageError) {
      const hint = e.cause === "quiet" ? "" : "Try 'strace -h' for more information.\n";
      process.stderr.write(`strace: ${e.message}\n${hint}`);
      return 1;
    }
    throw e;
  }
  if (o.attach !== undefined) return await straceAttach({ spec: o.attach, traceArgs: o.traceArgs, output: o.output });
  let fd = 2;
  if (o.output !== undefined) {
    try {
      fd = openSync(o.output, "w");
    } catch (e) {
      process.stderr.write(`strace: Can't fopen '${o.output}': ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  // Lines are batched and written synchronously, so they interleave with the guest's own output
  // in order when both go to the terminal.
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    writeSync(fd, textForFd(fd, pending.join("")));
    pending = [];
  };
  const write = (line: string) => {
    pending.push(line + "\n");
    if (fd === 2 || pending.length >= 256) flush();
  };
  const tracer = new Tracer({ strsize: o.strsize, verbose: o.verbose, trace: o.trace, write: o.summary ? () => {} : write });
  const host = createNodeHost();
  const machine = new Machine(host, { vdso: o.vdso, clock: o.clock });
  const envp = guestEnvironment();
  try {
    return await forwardingSignals(machine, async () => {
      let path: string;
      try {
        path = machine.kernel.resolveProgram(o.prog, envp);
      } catch (e) {
        const f = describeStartFailure(e);
        if (!f) throw e;
        process.stderr.write(`strace: Can't stat '${o.prog}': No such file or directory\n`);
        return 1;
      }
      // strace checks the program exists before it forks; so does this (the machine shares the host's tree).
      if (!existsSync(path)) {
        process.stderr.write(`strace: Can't stat '${o.prog}': No such file or directory\n`);
        return 1;
      }
      tracer.attach(machine.kernel.events);
      tracer.initialExec(path, [o.prog, ...o.args], envp.length);
      try {
        machine.kernel.spawn(path, [o.prog, ...o.args], envp);
      } catch (e) {
        const f = describeStartFailure(e);
        if (!f) throw e;
        flush();
        process.stderr.write(`strace: exec: ${f.message}\n`);
        return 1;
      }
      const status = await machine.kernel.run();
      tracer.detach();
      if (o.summary) pending.push(summaryTable(tracer.stats));
      flush();
      return decodeWaitStatus(status).exitCode;
    });
  } finally {
    flush();
    if (fd !== 2) closeSync(fd);
    host.close();
  }
}
