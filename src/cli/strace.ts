/**
 * `sysgate strace [OPTIONS] PROG [ARGS...]`: strace's command line, a Machine built as `run` builds
 * one, and a Tracer (src/trace) listening to its kernel. Options follow strace 6.x.
 */
import { openSync, writeSync, closeSync, existsSync, realpathSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { SpawnError } from "../kernel/kernel.js";
import { errnoMessage, errnoName } from "../abi/errno.js";
import { Machine, decodeWaitStatus } from "../machine.js";
import { createNodeHost } from "../host/node.js";
import { forwardingSignals, guestEnvironment } from "./launch.js";
import { describeStartFailure } from "./report.js";
import { Tracer } from "../trace/tracer.js";
import { parseStrace, StraceUsageError, tracerOptions, type StraceOptions } from "../trace/options.js";
import { summaryTable } from "../trace/summary.js";
import { SyscallInjector } from "../kernel/inject.js";
import { straceAttach } from "./attach.js";
import { VERSION } from "../version.js";

const STRACE_HELP = `Usage: sysgate strace [OPTIONS] PROG [ARGS...]
       sysgate strace [OPTIONS] -p [MACHINE:]PID

strace 6.x's options, run over a sysgate machine:
  -f, -ff            follow forks and threads (-ff with -o: one file per task)
  -o FILE            write the trace to FILE
  -e trace=SET       which calls (names, !, ?, /regex, %file %process %net %memory %signal ...)
  -e signal=SET, -e status=SET, -e quiet=SET, -e raw=SET
  -e inject=SET:error=E|retval=V[:signal=S][:delay_enter=D][:delay_exit=D][:when=A..B+C]
                     (sysgate also accepts :fd=N, :path=P, :argK=V to match arguments)
  -e fault=SET[:error=E][:when=...]
  -c, -C, -S SORT, -U COLUMNS, -w   the summary table
  -t, -tt, -ttt, -r, -T             time stamps, relative times, time spent in calls
  -y, -yy            descriptors with their paths (and device numbers)
  -s N, -v, -X raw|abbrev|verbose, -a COLUMN, -z, -Z, -P PATH, -q, -qq, -n, -i, -Y
  -V, -h             version, this help
sysgate's own:
  --json             one JSON object per event (JSON Lines) instead of text
  --explain          a sentence after each call: what it did, or why it failed
  --timeline FILE    a Chrome/Perfetto trace-event file of every process's calls
  -N, --arg-names    name=value for each argument
  --color[=WHEN]     colour: auto (a terminal, default), always, never
  --no-vdso, --clock MODE   as for sysgate run
`;
import { colorLine, startExtras, useColor, type Extras } from "./strace-extras.js";

export { parseStrace, StraceUsageError, type StraceOptions } from "../trace/options.js";

export async function cmdStrace(argv: string[]): Promise<number> {
  let o: StraceOptions;
  try {
    o = parseStrace(argv);
  } catch (e) {
    if (e instanceof StraceUsageError) {
      const hint = e.hint ? "Try 'strace -h' for more information.\n" : "";
      process.stderr.write(`strace: ${e.message}\n${hint}`);
      return 1;
    }
    throw e;
  }
  if (o.info === "version") {
    // strace's first line (its test suite checks that the tracer answers -V), then whose it is
    process.stdout.write(`strace -- version 6.1\nsysgate ${VERSION}: strace's command line and output over sysgate's kernel events\n`);
    return 0;
  }
  if (o.info === "help") {
    process.stdout.write(STRACE_HELP);
    return 0;
  }
  for (const w of o.warnings) process.stderr.write(`strace: ${w}\n`);
  // -P also matches the path's canonical form, resolved now (strace's pathtrace_select).
  for (const p of [...o.paths]) {
    let r: string;
    try {
      r = realpathSync(p);
    } catch {
      continue;
    }
    if (r === p || o.paths.includes(r)) continue;
    if (!o.quietPathResolution) process.stderr.write(`strace: Requested path "${p}" resolved into "${r}"\n`);
    o.paths.push(r);
  }
  if (o.attach !== undefined) {
    // The machine's tracer gets the options that still mean something after the fact.
    const traceArgs: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "-p" || a === "-o") i++;
      else if (!a.startsWith("-p") && !a.startsWith("-o")) traceArgs.push(a);
    }
    const color = useColor(o.color, o.output === undefined && process.stderr.isTTY === true);
    return await straceAttach({ spec: o.attach, traceArgs, output: o.output, timeline: o.timeline, color });
  }
  // -ff with -o: one file per task (FILE.TID); otherwise one stream.
  const separate = o.follow >= 2 && o.output !== undefined;
  let fd = 2;
  // -o '|CMD' or '!CMD': the trace goes to a shell command's standard input.
  let pipeTo: ChildProcess | null = null;
  const piped = o.output !== undefined && /^[|!]/.test(o.output);
  if (piped && separate) {
    process.stderr.write("strace: piping the output and -ff are mutually exclusive\n");
    return 1;
  }
  if (piped) {
    pipeTo = spawn("/bin/sh", ["-c", o.output!.slice(1)], { stdio: ["pipe", "inherit", "inherit"] });
    pipeTo.stdin!.on("error", () => {}); // a command that stops reading: the trace is dropped
  } else if (o.output !== undefined && !separate) {
    try {
      fd = openSync(o.output, o.append ? "a" : "w");
    } catch (e) {
      process.stderr.write(`strace: Can't fopen '${o.output}': ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  const perTask = new Map<number, number>();
  const fdFor = (tid: number): number => {
    if (!separate) return fd;
    let f = perTask.get(tid);
    if (f === undefined) {
      f = openSync(`${o.output}.${tid}`, "w");
      perTask.set(tid, f);
    }
    return f;
  };
  // Lines are batched and written synchronously, so they interleave with the guest's own output
  // in order when both go to the terminal.
  let pending: string[] = [];
  let pendingFd = fd;
  // A trace output that fails (a full disk, /dev/full, a closed pipe) is reported once, as strace
  // does, and the traced program goes on; further lines are dropped.
  let outputBroken = false;
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    if (outputBroken) return;
    if (pipeTo !== null) {
      pipeTo.stdin!.write(text);
      return;
    }
    try {
      writeSync(pendingFd, text);
    } catch (e) {
      outputBroken = true;
      const code = (e as NodeJS.ErrnoException).code ?? "";
      const n = errnoName.indexOf(code);
      const why = (n > 0 ? errnoMessage[n] : undefined) ?? (e instanceof Error ? e.message : String(e));
      process.stderr.write(`strace: ${pendingFd === 2 ? "stderr" : o.output ?? "output"}: ${why}\n`);
    }
  };
  const color = useColor(o.color, o.output === undefined && process.stderr.isTTY === true);
  const write = (line: string, tid: number) => {
    if (color) line = colorLine(line);
    const f = fdFor(tid);
    if (f !== pendingFd) {
      flush();
      pendingFd = f;
    }
    pending.push(line + "\n");
    if (f === 2 || pending.length >= 256) flush();
  };
  const startWall = Date.now() * 1e6;
  let startMachine = -1;
  // --json replaces the text (never mixed with it)
  const tracer = new Tracer(tracerOptions(o, o.summary || o.json ? () => {} : write, {
    toFile: o.output !== undefined,
    separate,
    wallNs: (ns) => {
      if (startMachine < 0) startMachine = ns;
      return startWall + (ns - startMachine);
    },
  }));
  const host = createNodeHost({ inheritFds: true });
  const machine = new Machine(host, { vdso: o.vdso, clock: o.clock });
  if (o.inject.length) {
    // strace tampers only with the calls it traces (-e trace=)
    const inj = new SyscallInjector(o.inject.filter((r) => !o.trace || o.trace[r.nr] === true));
    machine.kernel.injector = inj;
    tracer.opts.injectFlags = (tid) => inj.flags(tid);
  }
  const envp = guestEnvironment(o.env);
  let extras: Extras = { finish: () => null };
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
      extras = startExtras(o, machine.kernel.events, { strsize: o.strsize, verbose: o.verbose, trace: o.trace }, write);
      tracer.initialExec(path, [o.prog, ...o.args], envp.length, undefined, envp);
      try {
        machine.kernel.spawn(path, [o.prog, ...o.args], envp);
      } catch (e) {
        const f = describeStartFailure(e);
        if (!f) throw e;
        // As strace shows a failed exec: the call with its error, the reason, and the child's exit.
        tracer.flushInitialExec(e instanceof SpawnError ? e.errno : 0);
        flush();
        process.stderr.write(`strace: exec: ${f.message}\n`);
        if (!o.quietExit && !o.summary) write("+++ exited with 1 +++", 0);
        flush();
        return 1;
      }
      const status = await machine.kernel.run();
      tracer.detach();
      const failed = extras.finish();
      if (failed) process.stderr.write(`strace: ${failed}\n`);
      flush();
      if (o.summary || o.summaryAlso) {
        pendingFd = fd;
        pending.push(summaryTable(tracer.stats, o.sortBy, o.columns));
      }
      flush();
      return decodeWaitStatus(status).exitCode;
    });
  } finally {
    flush();
    if (pipeTo !== null) {
      // strace waits for the command it feeds
      const child = pipeTo;
      const done = new Promise((r) => child.on("close", r));
      child.stdin!.end();
      await done;
    }
    if (fd !== 2) closeSync(fd);
    for (const f of perTask.values()) closeSync(f);
    host.close();
  }
}
