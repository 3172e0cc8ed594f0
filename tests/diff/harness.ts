/**
 * The differential oracle: run one program natively and under `bin/sysgate run`, in a fresh working
 * directory at the same path each time, with the same argv, environment and stdin, and compare
 * stdout, stderr and exit status byte for byte.
 *
 * Knobs (environment variables of the test process):
 *   SYSGATE_DIFF_MODE=native   compare the native run with a second native run instead of sysgate
 *                              (checks that the guest programs and this harness are deterministic)
 *   SYSGATE_BIN=PATH           the sysgate command to use (default: <repo>/bin/sysgate)
 *   SYSGATE_DIFF_TIMEOUT=SEC   per-run time limit under sysgate (default 60; native runs get 20)
 *   SYSGATE_DIFF_BUDGET=SEC    time budget for all sysgate runs of one test file (0 = none); once it
 *                              is used up the remaining cases fail at once, so a hanging machine
 *                              cannot stretch `npm test` into hours
 *   SYSGATE_DIFF_FILTER=REGEX  only run cases whose id matches
 *   SYSGATE_DIFF_TMP=DIR       where the working directories live (default <tmpdir>/sysgate-diff;
 *                              each test process uses its own <pid> folder inside)
 *   SYSGATE_DIFF_KEEP=1        keep the working directories afterwards
 */
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from dist/tests/diff/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const guestBuildDir = path.join(repoRoot, "build", "guest");
export const guestSourceDir = path.join(repoRoot, "tests", "guest");

/** One program run, as a case of the differential suite. */
export interface DiffCase {
  /** Unique id, also the working directory's name (letters, digits, '-', '_', '.'). */
  id: string;
  /** Absolute path of the program. */
  program: string;
  /** argv[1...]; argv[0] is `program`. */
  args?: string[];
  /** Bytes fed to stdin through a real pipe (closed afterwards). Default: nothing. */
  stdin?: string | Uint8Array;
  /** Extra environment variables for this case. */
  env?: Record<string, string>;
  /** Prepare the fresh working directory (runs before each side). */
  setup?: (dir: string) => void;
  /** Per-case sysgate time limit in seconds. */
  timeoutSec?: number;
  /**
   * A command that starts the native side only, e.g. `prlimit --nofile=1024:4096 --`: the test
   * runner's own limits are not what a fresh Linux login has, and sysgate starts from Linux's.
   */
  nativePrefix?: string[];
}

/** How a run ended, normalised the way a shell would report it. */
export interface Outcome {
  stdout: Buffer;
  stderr: Buffer;
  /** Exit status as a shell sees it: the code, or 128+N when signal N ended the program. */
  status: number;
  /** Set when the harness had to kill the run. */
  timedOut: boolean;
  /** Wall-clock milliseconds. */
  ms: number;
}

/** The environment both sides get (sysgate passes its own environment on to the guest). */
export function baseEnv(): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
    HOME: "/root",
    LANG: "C",
    LC_ALL: "C",
    TZ: "UTC",
    TERM: "dumb",
    NODE_NO_WARNINGS: "1",
  };
}

/**
 * What an interactive shell prints when a foreground job dies of a signal (bash's wording).
 * Signals for which bash prints nothing (SIGINT, SIGPIPE) map to null.
 */
const SIGNAL_TEXT: Record<string, [number, string | null]> = {
  SIGHUP: [1, "Hangup"],
  SIGINT: [2, null],
  SIGQUIT: [3, "Quit"],
  SIGILL: [4, "Illegal instruction"],
  SIGTRAP: [5, "Trace/breakpoint trap"],
  SIGABRT: [6, "Aborted"],
  SIGBUS: [7, "Bus error"],
  SIGFPE: [8, "Floating point exception"],
  SIGKILL: [9, "Killed"],
  SIGUSR1: [10, "User defined signal 1"],
  SIGSEGV: [11, "Segmentation fault"],
  SIGUSR2: [12, "User defined signal 2"],
  SIGPIPE: [13, null],
  SIGALRM: [14, "Alarm clock"],
  SIGTERM: [15, "Terminated"],
  SIGSTKFLT: [16, "Stack fault"],
  SIGXCPU: [24, "CPU time limit exceeded"],
  SIGXFSZ: [25, "File size limit exceeded"],
  SIGVTALRM: [26, "Virtual timer expired"],
  SIGPROF: [27, "Profiling timer expired"],
  SIGIO: [29, "I/O possible"],
  SIGPWR: [30, "Power failure"],
  SIGSYS: [31, "Bad system call"],
};

export function signalNumber(name: string): number {
  const e = SIGNAL_TEXT[name];
  if (e) return e[0];
  const n = os.constants.signals[name as keyof typeof os.constants.signals];
  return typeof n === "number" ? n : 0;
}

export function signalText(name: string): string | null {
  const e = SIGNAL_TEXT[name];
  return e ? e[1] : name;
}

/**
 * The shell adds " (core dumped)" when the kernel wrote a core file; whether it did depends on
 * RLIMIT_CORE and core_pattern, which the two sides cannot share. Compare without it.
 */
export function dropCoreDumped(stderr: Buffer): Buffer {
  const s = stderr.toString("latin1").replace(/ \(core dumped\)(\n?)$/, "$1");
  return Buffer.from(s, "latin1");
}

interface RawRun {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
  spawnError?: Error;
}

function runProcess(
  file: string,
  argv: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<RawRun> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    // Its own process group, so a timeout can kill everything it started.
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: Error | undefined;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal, timedOut, ms: Date.now() - t0, spawnError });
    };
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      // If something still holds the pipes open, stop waiting for them.
      grace = setTimeout(() => finish(null, "SIGKILL"), 2000);
    }, opts.timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      spawnError = e;
    });
    child.on("close", (code, signal) => finish(code, signal));
  });
}

/** The helper that gives a program a real pipe as stdin (see tests/guest/tools/pipe-stdin.c). */
export const pipeStdinTool = path.join(guestBuildDir, "tools", "pipe-stdin");

/**
 * Where this test process puts its working directories: <tmp>/sysgate-diff/<pid>, so that two
 * suites running at once (two engineers, two terminals) never share a case's directory. Both
 * sides of a case still run at the very same path. Removed when the process exits.
 */
let baseDirPath: string | undefined;
function baseDir(): string {
  if (baseDirPath === undefined) {
    const root = process.env.SYSGATE_DIFF_TMP || path.join(os.tmpdir(), "sysgate-diff");
    baseDirPath = path.join(root, String(process.pid));
    fs.mkdirSync(baseDirPath, { recursive: true });
    const dir = baseDirPath;
    process.on("exit", () => {
      if (!process.env.SYSGATE_DIFF_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  return baseDirPath;
}

/**
 * Wrap a command so its stdin is a pipe carrying the case's input: `pipe-stdin FILE CMD...`.
 * (Node.js itself would give the child a socketpair, which no shell pipeline does.) The input
 * file lives outside the case's directory so the program never sees it.
 */
function withPipedStdin(c: DiffCase, file: string, argv: string[]): [string, string[]] {
  if (!fs.existsSync(pipeStdinTool)) throw new Error(`${pipeStdinTool} is not built: run 'make -C tests/guest'`);
  let input = "-";
  if (c.stdin !== undefined && c.stdin.length > 0) {
    const dir = path.join(baseDir(), ".stdin");
    fs.mkdirSync(dir, { recursive: true });
    input = path.join(dir, c.id);
    fs.writeFileSync(input, c.stdin);
  }
  return [pipeStdinTool, [input, file, ...argv]];
}

/** Create (or re-create) the case's working directory and run its setup. */
export function freshDir(c: DiffCase): string {
  const dir = path.join(baseDir(), c.id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  c.setup?.(dir);
  return dir;
}

function removeDir(dir: string): void {
  if (process.env.SYSGATE_DIFF_KEEP) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Run the program natively; a death by signal becomes 128+N plus the shell's line on stderr. */
export async function runNative(c: DiffCase): Promise<Outcome> {
  const dir = freshDir(c);
  try {
    const pre = c.nativePrefix ?? [];
    const [file, argv] = pre.length > 0
      ? withPipedStdin(c, pre[0]!, [...pre.slice(1), c.program, ...(c.args ?? [])])
      : withPipedStdin(c, c.program, c.args ?? []);
    const r = await runProcess(file, argv, {
      cwd: dir,
      env: { ...baseEnv(), ...c.env, SYSGATE_GUEST_CWD: dir },
      timeoutMs: 20_000,
    });
    if (r.spawnError) throw new Error(`cannot start ${c.program}: ${r.spawnError.message}`);
    let status = r.code ?? 0;
    let stderr = r.stderr;
    if (r.signal) {
      status = 128 + signalNumber(r.signal);
      const text = signalText(r.signal);
      if (text) stderr = Buffer.concat([stderr, Buffer.from(text + "\n")]);
    }
    return { stdout: r.stdout, stderr, status, timedOut: r.timedOut, ms: r.ms };
  } finally {
    removeDir(dir);
  }
}

export function sysgateBin(): string {
  return process.env.SYSGATE_BIN || path.join(repoRoot, "bin", "sysgate");
}

/** True when the sysgate command is a Node script (run it with this very node binary). */
function isNodeScript(file: string): boolean {
  try {
    const head = fs.readFileSync(file, { encoding: "latin1" }).slice(0, 200);
    return head.startsWith("#!") ? /\bnode\b/.test(head.split("\n")[0]!) : /\.(c|m)?js$/.test(file);
  } catch {
    return false;
  }
}

let budgetEnd = Infinity;
let budgetSec = 0;

/**
 * Give this test file's sysgate runs a total time budget (seconds, counted from now).
 * SYSGATE_DIFF_BUDGET overrides it; 0 means no budget.
 */
export function setBudget(defaultSec: number): void {
  const env = process.env.SYSGATE_DIFF_BUDGET;
  budgetSec = env !== undefined && env !== "" ? Number(env) : defaultSec;
  budgetEnd = budgetSec > 0 ? Date.now() + budgetSec * 1000 : Infinity;
}

/** Run the program under `sysgate run` (or natively again in SYSGATE_DIFF_MODE=native). */
export async function runSysgate(c: DiffCase): Promise<Outcome> {
  if (process.env.SYSGATE_DIFF_MODE === "native") return runNative(c);
  const bin = sysgateBin();
  if (!fs.existsSync(bin)) throw new Error(`sysgate command not found at ${bin}`);
  if (Date.now() > budgetEnd) {
    throw new Error(`not run: this file's time budget for sysgate runs (${budgetSec} s) is used up; ` +
      `earlier cases were too slow or hung (set SYSGATE_DIFF_BUDGET to change it)`);
  }
  const dir = freshDir(c);
  try {
    const sgArgs = ["run", "--", c.program, ...(c.args ?? [])];
    const node = isNodeScript(bin);
    const timeoutSec = Number(process.env.SYSGATE_DIFF_TIMEOUT) || c.timeoutSec || 60;
    const [file, argv] = withPipedStdin(c, node ? process.execPath : bin, node ? [bin, ...sgArgs] : sgArgs);
    const r = await runProcess(file, argv, {
      cwd: dir,
      env: { ...baseEnv(), ...c.env, SYSGATE_GUEST_CWD: dir },
      timeoutMs: timeoutSec * 1000,
    });
    if (r.spawnError) throw new Error(`cannot start ${bin}: ${r.spawnError.message}`);
    let status = r.code ?? 0;
    if (r.signal) status = 128 + signalNumber(r.signal); // sysgate itself was killed
    return { stdout: r.stdout, stderr: r.stderr, status, timedOut: r.timedOut, ms: r.ms };
  } finally {
    removeDir(dir);
  }
}

/** Printable form of bytes: text stays, other bytes become \xNN. */
function visible(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (ch) => {
    if (ch === "\t") return "\\t";
    return "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
  });
}

/**
 * A compact line diff: the first difference with a little context from each side.
 * A last line that lacks its newline is shown with " [no newline at end]".
 */
export function compactDiff(label: string, expected: Buffer, actual: Buffer, context = 3, maxLines = 12): string {
  const lines0 = (b: Buffer): string[] => {
    const l = b.toString("latin1").split("\n");
    if (l[l.length - 1] === "") l.pop();
    else l[l.length - 1] += " [no newline at end]";
    return l;
  };
  const e = lines0(expected);
  const a = lines0(actual);
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - context);
  const lines: string[] = [`--- ${label}: first difference at line ${i + 1} (native ${expected.length} bytes, sysgate ${actual.length} bytes)`];
  for (let k = from; k < i; k++) lines.push(`    ${visible(e[k]!)}`);
  for (let k = i; k < Math.min(e.length, i + maxLines); k++) lines.push(`  - ${visible(e[k]!)}`);
  if (e.length > i + maxLines) lines.push(`  - ... (${e.length - i - maxLines} more native lines)`);
  for (let k = i; k < Math.min(a.length, i + maxLines); k++) lines.push(`  + ${visible(a[k]!)}`);
  if (a.length > i + maxLines) lines.push(`  + ... (${a.length - i - maxLines} more sysgate lines)`);
  return lines.join("\n");
}

/** Compare two outcomes; null when identical, otherwise a readable report. */
export function compareOutcomes(native: Outcome, other: Outcome): string | null {
  const problems: string[] = [];
  if (other.timedOut) problems.push(`sysgate run timed out after ${other.ms} ms`);
  if (native.timedOut) problems.push(`native run timed out after ${native.ms} ms`);
  if (native.status !== other.status) problems.push(`exit status: native ${native.status}, sysgate ${other.status}`);
  if (!native.stdout.equals(other.stdout)) problems.push(compactDiff("stdout", native.stdout, other.stdout));
  const ne = dropCoreDumped(native.stderr);
  const oe = dropCoreDumped(other.stderr);
  if (!ne.equals(oe)) problems.push(compactDiff("stderr", ne, oe));
  return problems.length ? problems.join("\n") : null;
}

/**
 * Run one case both ways and throw a readable error on any difference. `note` (e.g. a node:test
 * context's diagnostic) receives the two wall-clock times.
 */
export async function checkCase(c: DiffCase, note?: (msg: string) => void): Promise<void> {
  const native = await runNative(c);
  const other = await runSysgate(c);
  note?.(`native ${native.ms} ms, sysgate ${other.ms} ms`);
  const report = compareOutcomes(native, other);
  if (report) {
    const argv = [c.program, ...(c.args ?? [])].map((s) => JSON.stringify(s)).join(" ");
    throw new Error(`${c.id}: native and sysgate differ\n  argv: ${argv}\n${report}`);
  }
}

/** Cases selected by SYSGATE_DIFF_FILTER. */
export function selected(cases: DiffCase[]): DiffCase[] {
  const f = process.env.SYSGATE_DIFF_FILTER;
  if (!f) return cases;
  const re = new RegExp(f);
  return cases.filter((c) => re.test(c.id));
}

/** Set a file's (or directory's) times the way the tests expect: `touch -d STAMP`. */
export function touchDate(stamp: string, ...files: string[]): void {
  execFileSync("touch", ["-h", "-d", stamp, ...files]);
}

/** How many cases run at once (2 by default: the suite must fit two cores). */
export function concurrency(): number {
  return Math.max(1, Number(process.env.SYSGATE_DIFF_JOBS) || 2);
}
