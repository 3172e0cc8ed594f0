/**
 * Run a program under the real strace (natively) and under `sysgate strace`, both writing the
 * trace to a file with stdout/stderr as pipes and stdin from /dev/null, and normalise only what
 * must differ between two runs of the same program.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

export const ROOT = resolve(new URL("../../..", import.meta.url).pathname);
export const SYSGATE = join(ROOT, "bin/sysgate");

export function haveStrace(): boolean {
  const r = spawnSync("strace", ["-V"], { encoding: "utf8" });
  return r.status === 0;
}

/** A trace file, or nothing when the tracer never wrote one; with -ff, every FILE.PID, tagged. */
function readTrace(path: string, separate = false): string {
  if (!separate) return existsSync(path) ? readFileSync(path, "utf8") : "";
  const dir = dirname(path);
  const base = basename(path) + ".";
  const files = readdirSync(dir).filter((f) => f.startsWith(base) && /^\d+$/.test(f.slice(base.length)));
  files.sort((a, b) => Number(a.slice(base.length)) - Number(b.slice(base.length)));
  let out = "";
  for (const f of files) {
    const pid = f.slice(base.length);
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) if (line !== "") out += `${pid} ${line}\n`;
  }
  return out;
}

/**
 * -f output: each process's lines in its own stream (the interleaving of processes is the host
 * scheduler's business), `<unfinished ...>` joined with its `<... resumed>`, processes ordered by
 * creation (the first, then the children in the order fork/clone returned them), pids renamed
 * #0, #1...; every line starts "#K ".
 */
export function demultiplex(text: string): string {
  const streams = new Map<string, string[]>();
  const open = new Map<string, string>();
  const order: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw === "") continue;
    const m = /^(?:\[pid +(\d+)\] |(\d+) +)?(.*)$/.exec(raw)!;
    const pid = m[1] ?? m[2] ?? order[0] ?? "0";
    let line = m[3]!;
    if (!streams.has(pid)) {
      streams.set(pid, []);
      order.push(pid);
    }
    if (line.endsWith(" <unfinished ...>")) {
      open.set(pid, line.slice(0, -" <unfinished ...>".length));
      continue;
    }
    const r = /^<\.\.\. [a-z0-9_]+ resumed>(.*)$/.exec(line);
    if (r && open.has(pid)) {
      line = open.get(pid)! + r[1]!;
      open.delete(pid);
    }
    streams.get(pid)!.push(line);
  }
  for (const [pid, l] of open) streams.get(pid)!.push(l + " <unfinished ...>");
  // Creation order.
  const ord = new Map<string, number>();
  const queue = order.length ? [order[0]!] : [];
  if (queue.length) ord.set(queue[0]!, 0);
  while (queue.length) {
    const pid = queue.shift()!;
    for (const line of streams.get(pid) ?? []) {
      const f = /^(?:fork|vfork|clone|clone3)\(.*\) += (\d+)/.exec(line);
      if (f && streams.has(f[1]!) && !ord.has(f[1]!)) {
        ord.set(f[1]!, ord.size);
        queue.push(f[1]!);
      }
    }
  }
  for (const pid of [...streams.keys()].sort((a, b) => Number(a) - Number(b))) if (!ord.has(pid)) ord.set(pid, ord.size);
  const names = [...ord.entries()].sort((a, b) => a[1] - b[1]);
  const P = (n: string) => (ord.has(n) ? `P${ord.get(n)}` : n);
  let out = "";
  for (const [pid, k] of names) {
    const tail: string[] = [];
    for (let line of streams.get(pid)!) {
      // Pids as arguments and results of process calls, as creation ordinals.
      line = line.replace(/^(fork|vfork|clone|clone3|wait4|getpid|gettid|getppid|set_tid_address)(\(.*\) += )(\d+)$/, (_m, a, b, c) => a + b + P(c));
      line = line.replace(/^(wait4|setpgid|getpgid|getsid|kill|tkill|tgkill)\((\d+)(, (\d+))?/, (_m, a, b, _c, d) => `${a}(${P(b)}${d !== undefined ? ", " + P(d) : ""}`);
      line = line.replace(/^(waitid\(P_PID, )(\d+)/, (_m, a, b) => a + P(b));
      line = line.replace(/si_pid=(\d+)/g, (_m, a) => `si_pid=${P(a)}`);
      // When SIGCHLD arrives relative to the parent's own calls is the schedulers' business: those
      // lines are compared at the end of the stream, in order.
      if (line.startsWith("--- SIGCHLD ")) tail.push(line);
      else out += `#${k} ${line}\n`;
    }
    for (const line of tail) out += `#${k} ${line}\n`;
  }
  return out;
}

/** Calls whose result is a pid/tid. */
const PID_CALLS = /^(set_tid_address|getpid|gettid|getppid|getpgrp|getsid|getpgid|setsid|fork|vfork|clone|clone3|wait4)\(/;

export function normalise(text: string): string[] {
  const out: string[] = [];
  for (let line of text.split("\n")) {
    if (line === "") continue;
    // -f streams: keep the "#K " tag out of the rules below.
    const tag = /^#\d+ /.exec(line)?.[0] ?? "";
    line = line.slice(tag.length);
    // -t/-tt/-ttt/-r leaders and -i's instruction pointer.
    line = line.replace(/^(?: *\d+\.\d{6} |\d\d:\d\d:\d\d(?:\.\d{6})? )/, "TS ");
    line = line.replace(/^((?:TS )?(?:\[ *\d+\] )?)\[[0-9a-f?]{16}\] /, "$1[IP] ");
    // -n: the number goes with the rest of the leader.
    const lead = /^(?:TS )?(?:\[ *\d+\] )?(?:\[IP\] )?/.exec(line)![0];
    line = line.slice(lead.length);
    // -T: the time a call took.
    const took = / <\d+\.\d{6}>$/.test(line) ? " <T>" : "";
    if (took) line = line.replace(/ <\d+\.\d{6}>$/, "");
    // -v: the environment itself.
    line = line.replace(/^(execve\(.*\], )\[.*\]\) += 0$/, "$1[ENV]) = 0");
    // -y: inode numbers of O_TMPFILE files.
    line = line.replace(/\/#\d+>/g, "/#INO>");
    // The environment differs (strace adds nothing, but the test runner's env may): only its count.
    line = line.replace(/\/\* \d+ vars \*\//, "/* N vars */");
    line = line.replace(/0x[0-9a-f]+/g, "0xADDR");
    // Addresses of different lengths move the result column: compare the result, not its padding.
    line = line.replace(/\) += (?!.*\) +=)/, ") = ");
    if (PID_CALLS.test(line)) line = line.replace(/= \d+$/, "= PID");
    line = line.replace(/(si_pid|si_uid)=\d+/g, "$1=N");
    line = line.replace(/(si_utime|si_stime)=\d+( \/\* [0-9.]+ s \*\/)?/g, "$1=T");
    line = line.replace(/^(getsid|getpgid|wait4)\([1-9]\d*/, "$1(PID");
    line = line.replace(/^(tkill|kill)\(\d+/, "$1(PID").replace(/^tgkill\(\d+, \d+/, "tgkill(PID, PID");
    if (line.startsWith("times(")) line = line.replace(/= \d+$/, "= TICKS");
    // Clocks and random bytes.
    line = line.replace(/tv_(sec|nsec|usec)=\d+/g, "tv_$1=T");
    line = line.replace(/tms_(utime|stime|cutime|cstime)=\d+(?: \/\* \d+\.\d+ s \*\/)?/g, "tms_$1=T");
    if (line.startsWith("getrandom(")) line = line.replace(/^getrandom\("[^"]*"/, 'getrandom("RANDOM"');
    // Host identity (uname) and core-dump policy.
    if (line.startsWith("uname(")) line = line.replace(/\{sysname=.*\}/, "{UNAME}");
    line = line.replace(/ \(core dumped\) \+\+\+$/, " +++");
    // -y: pipe and socket inode numbers.
    // (the test runner's stdio are sockets natively, pipes in sysgate's host)
    line = line.replace(/(pipe|socket):\[\d+\]/g, "PIPE");
    // -v: inode and device numbers, file times.
    line = line.replace(/st_ino=\d+/g, "st_ino=INO").replace(/st_dev=makedev\([^)]*\)/g, "st_dev=DEV");
    line = line.replace(/st_(a|m|c)time=\d+ \/\* [^*]* \*\/, st_(a|m|c)time_nsec=\d+/g, "st_$1time=T");
    out.push(tag + lead + line + took);
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
    const follow = straceOpts.some((x) => /^-f+$/.test(x));
    const separate = straceOpts.includes("-ff");
    const n = await runAsync(["strace", ...straceOpts, "-o", a, abs, ...args], cwd);
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd);
    const s = await runAsync([process.execPath, SYSGATE, "strace", ...straceOpts, "-o", b, abs, ...args], cwd);
    return {
      native: normalise(follow ? demultiplex(readTrace(a, separate)) : readTrace(a)),
      sysgate: normalise(follow ? demultiplex(readTrace(b, separate)) : readTrace(b)),
      nativeStatus: n.status,
      sysgateStatus: s.status,
      nativeStdout: n.stdout,
      sysgateStdout: s.stdout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

