/**
 * Every running sysgate machine registers itself so other sysgate commands on the same host can find
 * it: `sysgate ps` lists machines and their processes, `sysgate strace -p PID` attaches a tracer.
 *
 * The registry is a directory only the user can read (`$XDG_RUNTIME_DIR/sysgate`, or
 * `/tmp/sysgate-UID`). A machine writes `HOSTPID.json` (what it runs, when it started) and listens
 * on `HOSTPID.sock`, a unix socket speaking newline-delimited JSON:
 *
 *   → {"op":"ps"}                           ← {"processes":[{pid, ppid, pgid, state, comm, args, …}]}
 *   → {"op":"attach","pid":N,"args":[...]}  ← {"attached":N} then {"line":"..."}… then
 *                                            {"timeline":"…"} (--timeline), {"summary":"…"} (-c)
 *                                            and {"end":"..."}; or {"error":"..."}
 *   → {"op":"detach"}                        ← the same ending, now (Ctrl-C in the attaching strace)
 *
 * An attached tracer lives in the machine's process (the kernel's events are plain function calls)
 * and formats there; the client prints. Closing the connection detaches without disturbing the guest.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { Machine } from "../machine.js";
import type { KernelEvents } from "../kernel/events.js";
import type { Task } from "../kernel/task.js";
import type { Process } from "../kernel/process.js";
import { taskStateLetters } from "../kernel/task.js";
import { leaderOf, stateIndex } from "../kernel/vfs/procfs-pid.js";
import type { VfsProcess } from "../kernel/vfs/task-view.js";
import { Tracer } from "../trace/tracer.js";
import { parseStrace, StraceUsageError, tracerOptions, type StraceOptions } from "../trace/options.js";
import { summaryTable } from "../trace/summary.js";
import { SyscallInjector } from "../kernel/inject.js";
import { startExtras } from "./strace-extras.js";

export function runtimeDir(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  const uid = typeof process.getuid === "function" ? process.getuid() : 0;
  return xdg ? path.join(xdg, "sysgate") : path.join(os.tmpdir(), `sysgate-${uid}`);
}

export interface MachineRecord {
  /** sysgate's own host pid: the machine's name in `ps` and in `-p MACHINE:PID`. */
  id: number;
  socket: string;
  startedMs: number;
  command: string[];
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  uid: number;
  state: string;
  threads: number;
  cpuMs: number;
  rssKb: number;
  comm: string;
  args: string[];
}

const decoder = new TextDecoder();

/** One row per process of the machine, live or zombie, in pid order. */
export function processTable(machine: Machine): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const p of [...machine.kernel.processes.values()].sort((a, b) => a.pid - b.pid)) rows.push(processRow(p));
  return rows;
}

function processRow(p: Process): ProcessRow {
  const zombie = p.threads.length === 0 || p.state !== 0;
  // the state /proc/PID/stat shows (the leader's, Z for a zombie), as ps reads it there
  const vp = p as unknown as VfsProcess;
  const state = taskStateLetters[stateIndex(vp, leaderOf(vp))] ?? "?";
  let cpuMs = p.deadThreadCpuMs;
  if (!zombie) for (const t of p.threads) cpuMs += t.cpuTimeNow();
  let rssKb = 0;
  try {
    if (!zombie) for (const v of p.mm.vmas()) rssKb += v.rss / 1024;
  } catch {
    rssKb = 0;
  }
  return {
    pid: p.pid, ppid: p.ppid, pgid: p.pgid, sid: p.sid, uid: p.creds.uid, state, threads: p.threads.length,
    cpuMs: Math.round(cpuMs), rssKb, comm: p.comm, args: p.argv.map((a) => decoder.decode(a)),
  };
}

/**
 * Events of `pid` only (and, with `follow`, of its descendants): the tracer listens through this
 * view, so its code does not change for attaching.
 */
function filteredEvents(events: KernelEvents, keep: (p: Process) => boolean, captured: Map<string, unknown>): KernelEvents {
  const view = {
    on(name: string, fn: (...a: unknown[]) => void) {
      const wrapped = (...a: unknown[]) => {
        const first = a[0] as Task | Process;
        const proc = "process" in first ? (first as Task).process : (first as Process);
        if (keep(proc)) fn(...a);
      };
      captured.set(name, wrapped);
      return events.on(name as "signal", wrapped as never);
    },
  };
  return view as unknown as KernelEvents;
}

/** How long a machine runs before it registers: a program that ends sooner is never listed. */
const REGISTER_AFTER_MS = 150;

/**
 * Serve one machine's control socket; returns a function that stops serving and unregisters.
 * Registration waits REGISTER_AFTER_MS, so short runs (most of them) pay nothing for it.
 */
export function registerMachine(machine: Machine, command: string[]): () => void {
  const dir = runtimeDir();
  let server: net.Server | null = null;
  let done = false;
  const id = process.pid;
  const sock = path.join(dir, `${id}.sock`);
  const meta = path.join(dir, `${id}.json`);
  const clients = new Set<net.Socket>();
  const register = () => {
    try {
      if (done) return;
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.rmSync(sock, { force: true });
      server = net.createServer((c) => serveClient(machine, c, clients));
      server.on("error", () => {}); // the registry is a convenience: never fail the run for it
      server.listen(sock);
      server.unref();
      const rec: MachineRecord = { id, socket: sock, startedMs: Date.now(), command };
      fs.writeFileSync(meta, JSON.stringify(rec) + "\n", { mode: 0o600 });
    } catch {
      // A read-only or missing runtime directory: the machine runs, it just cannot be found.
    }
  };
  const timer = setTimeout(register, REGISTER_AFTER_MS);
  timer.unref();
  return () => {
    done = true;
    clearTimeout(timer);
    if (server === null) return;
    for (const c of clients) c.end(JSON.stringify({ end: "machine stopped" }) + "\n");
    (server as net.Server).close();
    fs.rmSync(sock, { force: true });
    fs.rmSync(meta, { force: true });
  };
}

function serveClient(machine: Machine, c: net.Socket, clients: Set<net.Socket>): void {
  clients.add(c);
  c.unref();
  let detach: (() => void) | null = null;
  const send = (o: unknown) => {
    if (!c.destroyed) c.write(JSON.stringify(o) + "\n");
  };
  const finish = () => {
    detach?.();
    detach = null;
    clients.delete(c);
  };
  c.on("error", finish);
  c.on("close", finish);
  onJsonLines(c, (m) => {
    if (m === null) return send({ error: "malformed request" });
    const req = m as { op?: string; pid?: number; args?: string[] };
    if (req.op === "ps") send({ processes: processTable(machine) });
    else if (req.op === "attach" && typeof req.pid === "number" && !detach) detach = attach(machine, req.pid, req.args ?? [], send);
    else if (req.op === "detach") {
      if (detach) detach();
      else send({ end: "detached" });
      detach = null;
    }
    else send({ error: `unknown request '${String(req.op)}'` });
  });
}

/** Call `fn` with each newline-terminated JSON object the socket receives (null for a malformed one). */
function onJsonLines(s: net.Socket, fn: (m: Record<string, unknown> | null) => void): void {
  let buf = "";
  s.setEncoding("utf8");
  s.on("data", (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let m: Record<string, unknown> | null;
      try {
        m = JSON.parse(line) as Record<string, unknown>;
      } catch {
        m = null;
      }
      fn(m);
    }
  });
}

function attach(machine: Machine, pid: number, args: string[], send: (o: unknown) => void): (() => void) | null {
  const k = machine.kernel;
  const target = k.processes.get(pid);
  if (!target || target.threads.length === 0) {
    send({ error: `attach: ptrace(PTRACE_SEIZE, ${pid}): No such process` });
    return null;
  }
  // The attaching command's strace options, parsed here by strace's own parser (-p stands in for PROG).
  let opts: StraceOptions;
  try {
    opts = parseStrace([...args, "-p", String(pid)]);
  } catch (e) {
    send({ error: e instanceof StraceUsageError ? e.message : String(e) });
    return null;
  }
  // Like ptrace, one tracer tampers at a time: the machine's own strace may be injecting already.
  if (opts.inject.length && k.injector !== null) {
    send({ error: "attach: another tracer already injects into this machine" });
    return null;
  }
  const followed = new Set<number>([pid]);
  const keep = (p: Process): boolean => {
    if (followed.has(p.pid)) return true;
    if (opts.follow > 0 && p.parent && followed.has(p.parent.pid)) {
      followed.add(p.pid);
      return true;
    }
    return false;
  };
  const startWall = Date.now() * 1e6, startMachine = k.clock.nowNs();
  const line = (text: string) => send({ line: text });
  // -c and --json replace the text, as in a traced run
  const tracer = new Tracer(tracerOptions(opts, opts.summary || opts.json ? () => {} : line, {
    toFile: false,
    separate: false,
    wallNs: (ns) => startWall + (ns - startMachine),
  }));
  let injector: SyscallInjector | null = null;
  if (opts.inject.length) {
    const rules = opts.inject.filter((r) => !opts.trace || opts.trace[r.nr] === true);
    const inj = (injector = new SyscallInjector(rules, (t) => followed.has(t.process.pid)));
    k.injector = inj;
    tracer.opts.injectFlags = (tid) => inj.flags(tid);
  }
  const captured = new Map<string, unknown>();
  const view = filteredEvents(k.events, keep, captured);
  tracer.attach(view);
  // --json, --explain, --timeline listen to the same filtered events; the timeline file is written
  // by the attaching command (its path is relative to that command's directory).
  const extras = startExtras(opts, view, { strsize: opts.strsize, verbose: opts.verbose, trace: opts.trace }, line,
    (_path, json) => send({ timeline: json }));
  send({ attached: pid });
  // A thread asleep in a call: the tracer sees the call as if it had just entered, so its line
  // appears when the call finishes (strace shows the interrupted call the same way).
  const enter = captured.get("syscallEnter") as ((t: Task, nr: number, a: unknown, now: number) => void) | undefined;
  for (const t of target.threads) {
    tracer.adopt(t);
    if (t.syscallPending && t.syscallNr >= 0 && enter) enter(t, t.syscallNr, t.args, k.clock.nowNs());
  }
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    onExit();
    tracer.detach();
    if (injector !== null && k.injector === injector) k.injector = null;
    const failed = extras.finish();
    if (failed) send({ error: failed });
    if (opts.summary || opts.summaryAlso) send({ summary: summaryTable(tracer.stats, opts.sortBy, opts.columns) });
    send({ end: why });
  };
  const onExit = k.events.on("processExit", (p) => {
    if (p.pid === pid) setImmediate(() => end("exited"));
  });
  return () => end("detached");
}

// ---------------------------------------------------------------------------------------------- clients

function alive(hostPid: number): boolean {
  try {
    process.kill(hostPid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Machines registered by this user, oldest first; records of machines that are gone are removed. */
export function listMachines(): MachineRecord[] {
  const dir = runtimeDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: MachineRecord[] = [];
  for (const n of names) {
    if (!n.endsWith(".json")) continue;
    const file = path.join(dir, n);
    try {
      const rec = JSON.parse(fs.readFileSync(file, "utf8")) as MachineRecord;
      if (rec.id === process.pid) continue;
      if (!alive(rec.id)) {
        fs.rmSync(file, { force: true });
        fs.rmSync(rec.socket, { force: true });
        continue;
      }
      out.push(rec);
    } catch {
      continue;
    }
  }
  return out.sort((a, b) => a.startedMs - b.startedMs);
}

/** A connection to one machine's control socket, one JSON object per line each way. */
export async function connect(rec: MachineRecord, onMessage: (m: Record<string, unknown>) => void, onClose: () => void): Promise<net.Socket> {
  const s = net.createConnection(rec.socket);
  onJsonLines(s, (m) => {
    if (m !== null) onMessage(m);
  });
  s.on("error", () => onClose());
  s.on("close", () => onClose());
  return s;
}

/** Ask one machine for its process table (empty if it does not answer within a second). */
export function queryProcesses(rec: MachineRecord): Promise<ProcessRow[]> {
  return new Promise((resolve) => {
    let done = false;
    const end = (rows: ProcessRow[]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s?.destroy();
      resolve(rows);
    };
    let s: net.Socket | null = null;
    const timer = setTimeout(() => end([]), 1000);
    void connect(rec, (m) => end((m.processes as ProcessRow[]) ?? []), () => end([])).then((sock) => {
      s = sock;
      if (done) sock.destroy();
      else sock.write(JSON.stringify({ op: "ps" }) + "\n");
    });
  });
}
