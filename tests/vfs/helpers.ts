// A fake task for driving the file syscalls without a CPU: flat user memory, a process with an
// fd table and an FsContext, a kernel with the Vfs and a host built on NodeHostFs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { NodeHostFs } from "../../src/host/node-fs.js";
import type { Host, HostInput, HostOutput } from "../../src/host/types.js";
import { FileDescriptorTable } from "../../src/kernel/fdtable.js";
import { createStdio } from "../../src/kernel/file.js";
import { fsSyscalls } from "../../src/kernel/syscalls/fs.js";
import type { WaitQueue } from "../../src/kernel/wait.js";
import type { VfsProcess, VfsTask, UserMemory } from "../../src/kernel/vfs/task-view.js";
import { Vfs, type VfsOptions } from "../../src/kernel/vfs/vfs.js";

export const MEM_BASE = 0x10000;
export const MEM_SIZE = 1 << 22;

export class FlatMemory implements UserMemory {
  readonly bytes = new Uint8Array(MEM_SIZE);
  private next = MEM_BASE;
  private check(addr: number, len: number): number {
    if (addr < MEM_BASE || addr + len > MEM_BASE + MEM_SIZE) throw new SyscallError(14);
    return addr - MEM_BASE;
  }
  copyIn(addr: number, len: number): Uint8Array {
    const o = this.check(addr, len);
    return this.bytes.slice(o, o + len);
  }
  copyOut(addr: number, data: Uint8Array): void {
    const o = this.check(addr, data.length);
    this.bytes.set(data, o);
  }
  readString(addr: number, max: number): Uint8Array | null {
    const o = this.check(addr, 1);
    for (let i = 0; i < max; i++) {
      if (o + i >= this.bytes.length) throw new SyscallError(14);
      if (this.bytes[o + i] === 0) return this.bytes.slice(o, o + i);
    }
    return null;
  }
  alloc(n: number): number {
    const a = this.next;
    this.next += (n + 15) & ~15;
    if (this.next > MEM_BASE + MEM_SIZE) throw new Error("fake memory exhausted");
    return a;
  }
  str(s: string | Uint8Array): number {
    const b = typeof s === "string" ? new TextEncoder().encode(s) : s;
    const a = this.alloc(b.length + 1);
    this.copyOut(a, b);
    this.bytes[a - MEM_BASE + b.length] = 0;
    return a;
  }
  read(addr: number, len: number): Uint8Array {
    return this.copyIn(addr, len);
  }
  text(addr: number, len: number): string {
    return new TextDecoder().decode(this.copyIn(addr, len));
  }
  u64(addr: number): number {
    const dv = new DataView(this.bytes.buffer, addr - MEM_BASE, 8);
    return dv.getUint32(4, true) * 4294967296 + dv.getUint32(0, true);
  }
  u32(addr: number): number {
    return new DataView(this.bytes.buffer, addr - MEM_BASE, 4).getUint32(0, true);
  }
}

export class FakeArgs {
  constructor(readonly v: number[]) {}
  int(i: number): number { return (this.v[i] ?? 0) | 0; }
  uint(i: number): number { return (this.v[i] ?? 0) >>> 0; }
  lo(i: number): number { return (this.v[i] ?? 0) | 0; }
  hi(i: number): number { return Math.floor((this.v[i] ?? 0) / 4294967296) | 0; }
  u64(i: number): number { const x = this.v[i] ?? 0; return x < 0 ? 2 ** 64 + x : x; }
  s64(i: number): number { return this.v[i] ?? 0; }
  ptr(i: number): number { return this.u64(i); }
}

export class CaptureOutput implements HostOutput {
  chunks: Uint8Array[] = [];
  constructor(readonly isTTY = false) {}
  write(buf: Uint8Array, offset: number, length: number): number {
    this.chunks.push(buf.slice(offset, offset + length));
    return length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

export class ScriptedInput implements HostInput {
  data: number[] = [];
  eof = false;
  private waiters: (() => void)[] = [];
  constructor(readonly isTTY = false) {}
  push(s: string): void {
    for (const b of Buffer.from(s)) this.data.push(b);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  read(buf: Uint8Array, offset: number, length: number): number {
    if (this.data.length === 0) return this.eof ? 0 : -1;
    const n = Math.min(length, this.data.length);
    for (let i = 0; i < n; i++) buf[offset + i] = this.data.shift()!;
    return n;
  }
  onReadable(fn: () => void): void {
    this.waiters.push(fn);
  }
  available(): number {
    return this.data.length;
  }
}

export function fakeHost(opts: { tty?: boolean } = {}): Host & { out: CaptureOutput; err: CaptureOutput; in: ScriptedInput; raw: boolean[] } {
  const out = new CaptureOutput(opts.tty);
  const err = new CaptureOutput(opts.tty);
  const input = new ScriptedInput(opts.tty);
  const raw: boolean[] = [];
  return {
    fs: new NodeHostFs(),
    stdin: input, stdout: out, stderr: err,
    out, err, in: input, raw,
    terminal: { size: () => (opts.tty ? { rows: 33, cols: 101 } : null), setRawMode: (r) => { raw.push(r); } },
    realtimeMs: () => Date.now(),
    monotonicMs: () => performance.now(),
    cpuTimeMs: () => 0,
    randomBytes: (b) => { for (let i = 0; i < b.length; i++) b[i] = (i * 7 + 1) & 0xff; },
    setTimer: (ms, fn) => { const h = setTimeout(fn, ms); return () => clearTimeout(h); },
    yieldToHost: () => Promise.resolve(),
    uid: process.getuid ? process.getuid() : 1000,
    gid: process.getgid ? process.getgid() : 1000,
    hostname: "test",
  };
}

export interface Rig {
  t: VfsTask & { sleeps: WaitQueue[] };
  mem: FlatMemory;
  vfs: Vfs;
  host: ReturnType<typeof fakeHost>;
  call(name: string, ...args: number[]): number;
  /** errno name helper: -call(...) */
}

export function makeRig(options: VfsOptions = {}, hostOpts: { tty?: boolean; cwd?: string } = {}): Rig {
  const host = fakeHost(hostOpts);
  const vfs = new Vfs(host, options);
  const mem = new FlatMemory();
  const rlimits = Array.from({ length: 16 }, () => ({ cur: Infinity, max: Infinity }));
  rlimits[7] = { cur: 64, max: 64 };
  const uid = host.uid, gid = host.gid;
  const proc: VfsProcess & { pgid: number; sid: number; mm: unknown } = {
    pid: 42, ppid: 1, pgid: 42, sid: 42,
    fds: new FileDescriptorTable(() => rlimits[7]!.cur),
    fs: vfs.newContext(hostOpts.cwd ?? "/"),
    creds: { uid, euid: uid, suid: uid, fsuid: uid, gid, egid: gid, sgid: gid, fsgid: gid, groups: [] },
    rlimits, comm: "fake", exePath: "/bin/fake",
    argv: [new TextEncoder().encode("fake"), new TextEncoder().encode("--x")],
    envp: [new TextEncoder().encode("A=1")],
    threads: [{ tid: 42 }],
    mm: { vmas: () => [{ start: 0x400000, end: 0x401000, prot: 5, offset: 0, file: { dev: 0x801, ino: 7, path: "/bin/fake" } }, { start: 0x7ffd0000, end: 0x7fff0000, prot: 3, name: "[stack]" }] },
  };
  const [i, o, e] = createStdio(host);
  proc.fds.install(i);
  proc.fds.install(o);
  proc.fds.install(e);
  const sleeps: WaitQueue[] = [];
  const t = {
    tid: 42, process: proc, kernel: { vfs, host }, mm: mem,
    sleeps,
    sleepOn(q: WaitQueue) { sleeps.push(q); },
  };
  return {
    t, mem, vfs, host,
    call(name: string, ...args: number[]): number {
      const h = fsSyscalls[name];
      if (!h) throw new Error("no handler " + name);
      return h(t as never, new FakeArgs(args) as never);
    },
  };
}

const made: string[] = [];
process.on("exit", () => {
  for (const d of made) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* leave it */ }
  }
});

/** A fresh host directory, removed when the test process exits. */
export function tmpdir(prefix = "sysgate-vfs-"): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(d);
  return d;
}

export const E = {
  EPERM: 1, ENOENT: 2, EBADF: 9, EAGAIN: 11, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, EXDEV: 18,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EMFILE: 24, ENOTTY: 25, ENOSPC: 28, ESPIPE: 29, EROFS: 30,
  ERANGE: 34, ENAMETOOLONG: 36, ENOTEMPTY: 39, ELOOP: 40, ENXIO: 6, EOPNOTSUPP: 95,
} as const;
