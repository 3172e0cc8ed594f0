/**
 * The Host on Node.js: the machine's stdio are the sysgate process's own file descriptors 0, 1, 2
 * (a terminal stays a terminal), its clocks are the host's, and its files are the host's through
 * NodeHostFs. Only this folder (and the CLI) may touch Node built-ins.
 */
import * as fs from "node:fs";
import * as tty from "node:tty";
import { randomFillSync } from "node:crypto";
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import type { Host, HostInheritedFd, HostInput, HostOutput, HostTerminal } from "./types.js";
import { NodeHostFs } from "./node-fs.js";

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Sleep the host thread briefly (used only while a host pipe is full). */
function pauseBriefly(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** An output stream over a host fd, written synchronously so output is complete and in order. */
export class FdOutput implements HostOutput {
  readonly isTTY: boolean;
  constructor(private readonly fd: number) {
    this.isTTY = tty.isatty(fd);
  }
  write(buf: Uint8Array, offset: number, length: number): number {
    let done = 0;
    while (done < length) {
      try {
        done += fs.writeSync(this.fd, buf, offset + done, length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") {
          pauseBriefly(1);
          continue;
        }
        if (code === "EPIPE") return done > 0 ? done : -32; // caller turns this into EPIPE
        throw e;
      }
    }
    return done;
  }
}

/**
 * stdin. A regular file is read synchronously (it never blocks). Anything else (pipe, terminal,
 * socket) is read through Node's stream in the background into a queue, so the machine never
 * blocks the event loop waiting for input; the stream is only started on the first read.
 */
export class FdInput implements HostInput {
  readonly isTTY: boolean;
  private readonly regular: boolean;
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  private ended = false;
  private started = false;
  private waiters: (() => void)[] = [];
  private stream: NodeJS.ReadableStream | null = null;

  constructor(private readonly fd: number) {
    this.isTTY = tty.isatty(fd);
    let regular = false;
    try {
      regular = fs.fstatSync(fd).isFile();
    } catch {
      regular = false;
    }
    this.regular = regular;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const stream: NodeJS.ReadableStream =
      this.fd === 0 ? process.stdin : fs.createReadStream("", { fd: this.fd, autoClose: false });
    this.stream = stream;
    stream.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
      if (bytes.length > 0) this.chunks.push(bytes);
      // Keep at most ~1 MiB buffered ahead of the guest.
      if (this.bufferedBytes() > 1 << 20) stream.pause();
      this.notify();
    });
    stream.on("end", () => {
      this.ended = true;
      this.notify();
    });
    stream.on("error", () => {
      this.ended = true;
      this.notify();
    });
  }

  private bufferedBytes(): number {
    let n = -this.head;
    for (const c of this.chunks) n += c.length;
    return n;
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  read(buf: Uint8Array, offset: number, length: number): number {
    if (length === 0) return 0;
    if (this.regular) {
      try {
        return fs.readSync(this.fd, buf, offset, length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") return -1;
        throw e;
      }
    }
    this.start();
    if (this.chunks.length === 0) {
      if (this.ended) return 0;
      if (this.stream?.isPaused()) this.stream.resume();
      return -1;
    }
    let copied = 0;
    while (copied < length && this.chunks.length > 0) {
      const c = this.chunks[0]!;
      const n = Math.min(length - copied, c.length - this.head);
      buf.set(c.subarray(this.head, this.head + n), offset + copied);
      copied += n;
      this.head += n;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    if (this.stream?.isPaused() && this.bufferedBytes() < 1 << 19) this.stream.resume();
    return copied;
  }

  onReadable(fn: () => void): void {
    if (this.regular || this.chunks.length > 0 || this.ended) {
      queueMicrotask(fn);
      return;
    }
    this.start();
    this.waiters.push(fn);
  }

  available(): number {
    if (this.regular) {
      try {
        const st = fs.fstatSync(this.fd);
        // Position is not tracked here; FIONREAD on a regular stdin is answered by the kernel.
        return Math.max(0, st.size);
      } catch {
        return 0;
      }
    }
    return this.bufferedBytes();
  }

  atEnd(): boolean {
    if (this.regular) return this.available() === 0;
    return this.ended && this.chunks.length === 0;
  }

  /** Stop reading so the host process can exit. */
  close(): void {
    if (this.stream && this.fd === 0) process.stdin.pause();
    else if (this.stream) (this.stream as unknown as { destroy(): void }).destroy();
  }
}

/**
 * The host's terminal. Raw mode is fully raw (no output processing either: sysgate's terminal does
 * ONLCR itself), set with the host's stty and undone from the settings saved before, when the
 * machine is done or the process exits for any reason. Without stty, Node's own raw mode is used.
 */
/** Is the host terminal in sysgate's raw mode now (no output processing on the host side)? */
let hostRaw = false;

/**
 * Text sysgate itself writes to host fd `fd` (tracer lines, messages): while the terminal is raw,
 * a newline needs its carriage return spelled out.
 */
export function textForFd(fd: number, text: string): string {
  return hostRaw && tty.isatty(fd) ? text.replace(/\r?\n/g, "\r\n") : text;
}

/** Is this process in the foreground process group of its terminal? (Unknown: yes.) */
function foregroundOfTerminal(): boolean {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "latin1");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = Number(f[2]), tpgid = Number(f[5]);
    return !(tpgid > 0 && pgrp > 0 && tpgid !== pgrp);
  } catch {
    return true;
  }
}

class NodeTerminal implements HostTerminal {
  private saved: string | null = null;
  private nodeRaw = false;
  private hooked = false;

  size(): { rows: number; cols: number } | null {
    for (const s of [process.stdout, process.stderr]) {
      if (s.isTTY) {
        const [cols, rows] = s.getWindowSize();
        return { rows, cols };
      }
    }
    return null;
  }
  setRawMode(raw: boolean): void {
    if (!process.stdin.isTTY) return;
    if (!raw) {
      this.restore();
      return;
    }
    if (this.saved !== null || this.nodeRaw) return;
    // From a background job, changing the terminal would stop sysgate (SIGTTOU): leave it alone.
    if (!foregroundOfTerminal()) throw new Error("sysgate is not in the terminal's foreground process group");
    if (!this.hooked) {
      this.hooked = true;
      process.on("exit", () => this.restore());
    }
    const stty = (args: string[]) =>
      spawnSync("stty", args, { stdio: ["inherit", "pipe", "ignore"], encoding: "latin1", timeout: 2000 });
    try {
      const g = stty(["-g"]);
      const saved = g.status === 0 ? g.stdout.trim() : "";
      if (saved !== "" && stty(["raw", "-echo", "-iexten", "-ixoff"]).status === 0) {
        this.saved = saved;
        hostRaw = true;
        return;
      }
    } catch {
      // no stty: fall back to Node's raw mode
    }
    process.stdin.setRawMode(true);
    this.nodeRaw = true;
    hostRaw = true;
  }
  /** Put the host terminal's settings back (idempotent). */
  restore(): void {
    hostRaw = false;
    if (this.saved !== null) {
      const saved = this.saved;
      this.saved = null;
      try {
        spawnSync("stty", [saved], { stdio: ["inherit", "ignore", "ignore"], timeout: 2000 });
      } catch {
        // nothing more can be done
      }
    }
    if (this.nodeRaw) {
      this.nodeRaw = false;
      try { process.stdin.setRawMode(false); } catch { /* stdin gone */ }
    }
  }
  settings(): Uint8Array | null {
    // `stty -g`: iflag:oflag:cflag:lflag:cc0:cc1:... in hex (glibc's 32 c_cc; Linux keeps 19).
    const parts = this.saved?.split(":").map((x) => parseInt(x, 16));
    if (!parts || parts.length < 4 + 19 || parts.some((v) => !Number.isFinite(v))) return null;
    const b = new Uint8Array(36);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < 4; i++) dv.setUint32(i * 4, parts[i]! >>> 0, true);
    for (let i = 0; i < 19; i++) b[17 + i] = parts[4 + i]! & 0xff;
    return b;
  }
  onResize(fn: () => void): void {
    const s = process.stdout.isTTY ? process.stdout : process.stderr.isTTY ? process.stderr : null;
    s?.on("resize", fn);
  }
}

export interface NodeHostOptions {
  stdin?: HostInput;
  stdout?: HostOutput;
  stderr?: HostOutput;
  /**
   * Hand the guest every descriptor this process inherited, at the same numbers and as what they
   * are (files, /dev/null...), as a native execve would (the sysgate command does). Default: only
   * stdin, stdout and stderr, as streams.
   */
  inheritFds?: boolean;
}

// ---- descriptors inherited from whoever started sysgate ----

const O_CLOEXEC = 0o2000000;

/** What /proc/self/fdinfo/N and readlink say about one descriptor. */
interface FdFacts {
  fd: number;
  flags: number;
  pos: number;
  link: string;
}

function fdFacts(fd: number): FdFacts | null {
  try {
    const info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, "latin1");
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    const pos = /^pos:\s*(\d+)/m.exec(info);
    if (!flags || !pos) return null;
    let link = "";
    try { link = fs.readlinkSync(`/proc/self/fd/${fd}`); } catch { /* nameless */ }
    return { fd, flags: parseInt(flags[1]!, 8), pos: Number(pos[1]), link };
  } catch {
    return null;
  }
}

let inheritedSnapshot: FdFacts[] | null = null;

/**
 * Note which descriptors this process was started with. The sysgate command calls this first
 * thing, before it opens anything of its own (an strace -o file, a control socket).
 *
 * The rule is execve's: a descriptor without close-on-exec would reach a native program. But
 * Node marks its low descriptors (0-16 on Node 20) close-on-exec as it starts, so for those the flag
 * says nothing: there, what Node itself has opened by now (its event loop's epoll and eventfd
 * descriptors, and pipes whose both ends it holds) is left out and everything else counts as
 * inherited. Without /proc (not Linux) the list is empty: the guest gets stdio only.
 */
export function snapshotInheritedFds(): void {
  if (inheritedSnapshot !== null) return;
  let names: string[];
  try {
    names = fs.readdirSync("/proc/self/fd");
  } catch {
    inheritedSnapshot = [];
    return;
  }
  const all: FdFacts[] = [];
  for (const n of names) {
    const f = fdFacts(Number(n));
    if (f) all.push(f);
  }
  // Pipes with a read end and a write end here, both close-on-exec: Node's own wake-up pipes.
  const pipeModes = new Map<string, number>();
  for (const f of all) {
    if (f.link.startsWith("pipe:") && f.flags & O_CLOEXEC) pipeModes.set(f.link, (pipeModes.get(f.link) ?? 0) | (1 << (f.flags & 3)));
  }
  const channel = Number(process.env.NODE_CHANNEL_FD ?? -1);
  inheritedSnapshot = all.filter((f) => {
    if (f.fd === channel) return false;
    if (!(f.flags & O_CLOEXEC)) return true;
    if (f.link.startsWith("anon_inode:")) return false;
    if (f.link.startsWith("pipe:") && pipeModes.get(f.link) === 0b11) return false;
    if (f.link.startsWith("/proc/") && /^\/proc\/\d+\/fd$/.test(f.link)) return false; // the listing itself
    return true;
  }).sort((a, b) => a.fd - b.fd);
}

/**
 * lseek for a host descriptor. Node has none, but its WASI layer does: a WASI instance whose
 * stdin is `fd` seeks it with fd_seek, moving the one open file the host shares. The WASI module
 * is loaded without its experimental-feature warning, and the instance needs a memory: a minimal
 * module gives it one. Null when any of this is missing.
 */
function hostSeeker(fd: number): ((pos: number) => boolean) | null {
  type WasiModule = { WASI: new (o: object) => { wasiImport: Record<string, (...a: unknown[]) => number>; initialize(i: object): void } };
  type Wasm = { Module: new (b: Uint8Array) => object; Instance: new (m: object, imports: object) => object };
  const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  if (typeof getBuiltin !== "function" || wasm === undefined) return null;
  let seek: ((off: bigint) => number) | null = null;
  const start = (): boolean => {
    const saved = process.emitWarning;
    process.emitWarning = () => {};
    try {
      const { WASI } = getBuiltin.call(process, "node:wasi") as WasiModule;
      const wasi = new WASI({ version: "preview1", stdin: fd, returnOnExit: true });
      // (module (memory (export "memory") 1) (func (export "_initialize")))
      const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 24, 2, 6,
        109, 101, 109, 111, 114, 121, 2, 0, 11, 95, 105, 110, 105, 116, 105, 97, 108, 105, 122, 101, 0, 0, 10, 4, 1, 2, 0, 11]);
      wasi.initialize(new wasm.Instance(new wasm.Module(bytes), {}));
      const fdSeek = wasi.wasiImport.fd_seek!;
      // WASI's fd 0 is `fd`; whence 0 is SEEK_SET; the new offset lands at address 0 of the memory.
      seek = (off) => fdSeek(0, off, 0, 0);
      return true;
    } catch {
      return false;
    } finally {
      process.emitWarning = saved;
    }
  };
  let state: "new" | "ok" | "broken" = "new";
  return (pos) => {
    if (state === "new") state = start() ? "ok" : "broken";
    if (state !== "ok" || seek === null) return false;
    try {
      return seek(BigInt(pos)) === 0;
    } catch {
      return false;
    }
  };
}

const DEVICES: Record<string, HostInheritedFd["kind"]> = {
  "1:3": "null", "1:5": "zero", "1:7": "full", "1:8": "random", "1:9": "urandom",
};

/** The inherited descriptors as the Host describes them to the kernel. */
function inheritedFds(streams: { stdin: HostInput; stdout: HostOutput; stderr: HostOutput }): HostInheritedFd[] {
  snapshotInheritedFds();
  const out: HostInheritedFd[] = [];
  const firstOf = new Map<string, number>();
  for (const f of inheritedSnapshot!) {
    let st: fs.BigIntStats;
    try {
      st = fs.fstatSync(f.fd, { bigint: true });
    } catch {
      continue; // closed since
    }
    const mode = Number(st.mode) & 0o170000;
    let kind: HostInheritedFd["kind"] = "stream";
    if (mode === 0o100000) kind = "file";
    else if (mode === 0o040000) kind = "directory";
    else if (mode === 0o020000 && !tty.isatty(f.fd)) {
      const rdev = Number(st.rdev);
      const major = ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
      const minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
      kind = DEVICES[`${major}:${minor}`] ?? "stream";
    }
    const flags = f.flags & ~O_CLOEXEC;
    const dev = Number(st.dev), ino = Number(st.ino);
    // One open file description seen through two numbers (`>out 2>&1`): same file, flags, offset.
    const key = `${dev}:${ino}:${flags}:${f.pos}:${kind}`;
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, f.fd);
    const acc = flags & 3;
    const entry: HostInheritedFd = {
      fd: f.fd, kind, flags, path: f.link === "" ? null : f.link, pos: f.pos, dev, ino, type: mode, isTTY: tty.isatty(f.fd),
      sameAs: first ?? -1, handle: f.fd,
    };
    if (kind === "stream") {
      if (f.fd <= 2) {
        entry.input = f.fd === 0 ? streams.stdin : null;
        entry.output = f.fd === 1 ? streams.stdout : f.fd === 2 ? streams.stderr : null;
      } else {
        const input = acc !== 1 ? new FdInput(f.fd) : null;
        entry.input = input;
        entry.output = acc !== 0 ? new FdOutput(f.fd) : null;
        entry.close = () => {
          input?.close();
          try { fs.closeSync(f.fd); } catch { /* gone */ }
        };
      }
    } else {
      if (kind === "file") {
        const seeker = hostSeeker(f.fd);
        if (seeker) entry.seek = seeker;
      }
      if (f.fd > 2) entry.close = () => {
        try { fs.closeSync(f.fd); } catch { /* gone */ }
      };
    }
    out.push(entry);
  }
  return out;
}

/**
 * The supplementary groups as getgroups(2) reports them. Node's process.getgroups() adds the
 * effective gid, so on Linux the kernel's own list in /proc/self/status is read instead.
 */
function supplementaryGroups(): number[] {
  try {
    const status = fs.readFileSync("/proc/self/status", "latin1");
    const line = /^Groups:(.*)$/m.exec(status);
    if (line) return line[1]!.trim().split(/\s+/).filter((g) => g !== "").map(Number);
  } catch {
    // not Linux: fall through
  }
  return process.getgroups ? process.getgroups() : [];
}

/** Build a Host for this Node.js process. */
export function createNodeHost(opts: NodeHostOptions = {}): Host & { close(): void } {
  const stdin = opts.stdin ?? new FdInput(0);
  const origin = performance.timeOrigin;
  const terminal = new NodeTerminal();
  const stdout = opts.stdout ?? new FdOutput(1);
  const stderr = opts.stderr ?? new FdOutput(2);
  return {
    fs: new NodeHostFs(),
    inheritedFds: opts.inheritFds ? inheritedFds({ stdin, stdout, stderr }) : undefined,
    stdin,
    stdout,
    stderr,
    terminal,
    realtimeMs: () => origin + performance.now(),
    monotonicMs: () => performance.now(),
    cpuTimeMs: () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    },
    randomBytes: (buf) => {
      randomFillSync(buf);
    },
    setTimer: (ms, fn) => {
      const h = setTimeout(fn, Math.max(0, ms));
      return () => clearTimeout(h);
    },
    yieldToHost: () => new Promise<void>((resolve) => setImmediate(resolve)),
    uid: process.getuid ? process.getuid() : 0,
    gid: process.getgid ? process.getgid() : 0,
    hostname: os.hostname(),
    osRelease: os.release(),
    cpuCount: os.availableParallelism(),
    cwd: process.cwd(),
    groups: supplementaryGroups(),
    close: () => {
      terminal.restore();
      if (stdin instanceof FdInput) stdin.close();
    },
  };
}
