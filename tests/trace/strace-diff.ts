/**
 * Run a program under the real strace (natively) and under `sysgate strace`, both writing the
 * trace to a file with stdout/stderr as pipes and stdin from /dev/null, and normalise only what
 * must differ between two runs of the same program.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(new URL("../../..", import.meta.url).pathname);
export const SYSGATE = join(ROOT, "bin/sysgate");

export function haveStrace(): boolean {
  const r = spawnSync("strace", ["-V"], { encoding: "utf8" });
  return r.status === 0;
}

/** A trace file, or nothing when the tracer never wrote one. */
function readTrace(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

/** Calls whose result is a pid/tid. */
const PID_CALLS = /^(set_tid_address|getpid|gettid|getppid|getpgrp|getsid|getpgid|setsid)\(/;

export function normalise(text: string): string[] {
  const out: string[] = [];
  for (let line of text.split("\n")) {
    if (line === "") continue;
    // The environment differs (strace adds nothing, but the test runner's env may): only its count.
    line = line.replace(/\/\* \d+ vars \*\//, "/* N vars */");
    line = line.replace(/0x[0-9a-f]+/g, "0xADDR");
    // Addresses of different lengths move the result column: compare the result, not its padding.
    line = line.replace(/\) += (?!.*\) +=)/, ") = ");
    if (PID_CALLS.test(line)) line = line.replace(/= \d+$/, "= PID");
    line = line.replace(/(si_pid|si_uid)=\d+/g, "$1=N");
    line = line.replace(/^(getsid|getpgid)\([1-9]\d*/, "$1(PID");
    line = line.replace(/^(tkill|kill)\(\d+/, "$1(PID").replace(/^tgkill\(\d+, \d+/, "tgkill(PID, PID");
    if (line.startsWith("times(")) line = line.replace(/= \d+$/, "= TICKS");
    // Clocks and random bytes.
    line = line.replace(/tv_(sec|nsec|usec)=\d+/g, "tv_$1=T");
    line = line.replace(/tms_(utime|stime|cutime|cstime)=\d+/g, "tms_$1=T");
    if (line.startsWith("getrandom(")) line = line.replace(/^getrandom\("[^"]*"/, 'getrandom("RANDOM"');
    // Host identity (uname) and core-dump policy.
    if (line.startsWith("uname(")) line = line.replace(/\{sysname=.*\}/, "{UNAME}");
    line = line.replace(/ \(core dumped\) \+\+\+$/, " +++");
    out.push(line);
  }
  return out;
}

export interface BothTraces {
  native: string[];
  sysgate: string[];
  nativeStatus: number | null;
  sysgateStatus: number | null;
  nativeStdout: string;
  sysgateStdout: string;
}

/**
 * Each side runs in the same fresh, empty working directory (made again between the runs, since
 * programs create files there), PROG as an absolute path so the execve lines agree, stdout a pipe.
 */
function runAsync(cmd: string[], cwd: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const script = 'st=0; { "$@"; st=$?; } | cat; exit $st';
    const c = spawn("sh", ["-c", script, "sh", ...cmd], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    c.stderr.resume();
    const timer = setTimeout(() => c.kill("SIGKILL"), 60_000);
    c.on("error", fail);
    c.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout: out });
    });
  });
}

/** Trace PROG natively and under sysgate; async, so several programs can be compared at once. */
export async function traceBothAsync(prog: string, args: string[] = [], straceOpts: string[] = []): Promise<BothTraces> {
  const dir = mkdtempSync(join(tmpdir(), "sysgate-strace-"));
  try {
    const a = join(dir, "native.txt");
    const b = join(dir, "sysgate.txt");
    const cwd = join(dir, "cwd");
    const abs = prog.includes("/") ? resolve(ROOT, prog) : prog;
    mkdirSync(cwd);
    const n = await runAsync(["strace", ...straceOpts, "-o", a, abs, ...args], cwd);
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd);
    const s = await runAsync([process.execPath, SYSGATE, "strace", ...straceOpts, "-o", b, abs, ...args], cwd);
    return {
      native: normalise(readTrace(a)),
      sysgate: normalise(readTrace(b)),
      nativeStatus: n.status,
      sysgateStatus: s.status,
      nativeStdout: n.stdout,
      sysgateStdout: s.stdout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

