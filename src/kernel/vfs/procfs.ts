// A first procfs: /proc/self, /proc/PID/{exe,cwd,root,fd/,cmdline,comm,environ,maps,status,stat,
// mounts,task/} and a few system-wide files. Contents are generated at open time from the live
// kernel state the opening task can see (t.kernel.processes, t.process).
import { Errno } from "../../abi/errno.js";
import { DT_DIR, DT_LNK, DT_REG, O_CLOEXEC, O_PATH, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../../abi/fcntl.js";
import type { HostStatfs } from "../../host/types.js";
import { BufferFile, DirFile, OpenFile, PathFile, zeroStat } from "../file.js";
import { findProcess, listPids, type VfsProcess, type VfsTask, type VmaView } from "./task-view.js";
import { Dentry, fail, textBytes, VNode, type DirEntry, type Stat, type SuperBlock, type WalkCtx } from "./node.js";
import type { Vfs } from "./vfs.js";

class ProcSuperBlock implements SuperBlock {
  readonly type = "proc";
  readonly dev = 0x16;
  bootSec: number;
  constructor(readonly vfs: Vfs) {
    this.bootSec = Math.floor(vfs.host.realtimeMs() / 1000);
  }
  statfs(): HostStatfs {
    return { type: 0x9fa0, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, namelen: 255 };
  }
}

abstract class ProcNode extends VNode {
  constructor(readonly sb: ProcSuperBlock, readonly ino: number, readonly mode: number, readonly owner: VfsProcess | null = null) {
    super();
  }
  fileType(): number {
    return this.mode & S_IFMT;
  }
  getattr(): Stat {
    const st = zeroStat(this.mode, this.ino, this.sb.dev);
    st.nlink = this.isDir() ? 2 : 1;
    st.blksize = 1024;
    if (this.owner) {
      st.uid = this.owner.creds.euid;
      st.gid = this.owner.creds.egid;
    }
    st.atimeSec = st.mtimeSec = st.ctimeSec = this.sb.bootSec;
    return st;
  }
}

type Content = (t: VfsTask | null) => string | Uint8Array;

class ProcFile extends ProcNode {
  constructor(sb: ProcSuperBlock, ino: number, readonly content: Content, owner: VfsProcess | null = null, mode = 0o444) {
    super(sb, ino, S_IFREG | mode, owner);
  }
  override open(ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    const c = this.content(ctx.task);
    const data = typeof c === "string" ? textBytes(c) : c;
    return new BufferFile(flags, dentry, data, this.getattr());
  }
}

class ProcLink extends ProcNode {
  constructor(
    sb: ProcSuperBlock, ino: number,
    readonly target: (ctx: WalkCtx) => string,
    readonly magic: ((ctx: WalkCtx, link: Dentry) => Dentry) | null = null,
    owner: VfsProcess | null = null,
    perm = 0o777,
    private readonly size = 0,
  ) {
    super(sb, ino, S_IFLNK | perm, owner);
    if (magic) this.followMagic = magic;
  }
  override getattr(): Stat {
    const st = super.getattr();
    st.size = this.size;
    return st;
  }
  override readlink(ctx: WalkCtx): string {
    return this.target(ctx);
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    fail(Errno.ELOOP);
  }
}

type Entries = (ctx: WalkCtx) => [string, () => ProcNode][];

class ProcDir extends ProcNode {
  constructor(sb: ProcSuperBlock, ino: number, readonly entries: Entries, owner: VfsProcess | null = null, mode = 0o555) {
    super(sb, ino, S_IFDIR | mode, owner);
  }
  override lookup(ctx: WalkCtx, name: string): VNode | null {
    for (const [n, make] of this.entries(ctx)) if (n === name) return make();
    // procfs answers a missing name with ENOENT, so creating anything here fails the same way.
    fail(Errno.ENOENT);
  }
  override readdir(ctx: WalkCtx): DirEntry[] {
    return this.entries(ctx).map(([name, make]) => {
      const node = make();
      const type = node.fileType() === S_IFDIR ? DT_DIR : node.fileType() === S_IFLNK ? DT_LNK : DT_REG;
      return { name, ino: node.ino, type };
    });
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    return new DirFile(flags, dentry);
  }
}

/** A /proc/PID/fd/N target that has no name (pipes, sockets...): opening it reuses the description. */
class AnonNode extends ProcNode {
  constructor(sb: ProcSuperBlock, readonly file: OpenFile) {
    super(sb, file.stat().ino, file.stat().mode);
  }
  override getattr(): Stat {
    return this.file.stat();
  }
  override access(): void {}
  override open(): OpenFile {
    return this.file;
  }
}

function nulJoin(list: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const a of list) n += a.length + 1;
  const out = new Uint8Array(n);
  let o = 0;
  for (const a of list) {
    out.set(a, o);
    o += a.length + 1;
  }
  return out;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function mapsText(p: VfsProcess): string {
  const mm = p.mm as { vmas?: () => Iterable<VmaView> } | undefined;
  if (!mm || typeof mm.vmas !== "function") return "";
  let out = "";
  for (const v of mm.vmas()) {
    const perms = (v.prot & 1 ? "r" : "-") + (v.prot & 2 ? "w" : "-") + (v.prot & 4 ? "x" : "-") + (v.shared ? "s" : "p");
    const dev = v.dev ?? v.file?.dev ?? 0;
    const ino = v.ino ?? v.file?.ino ?? 0;
    const major = (dev >>> 8) & 0xfff, minor = dev & 0xff;
    let line = `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(v.offset ?? 0, 8)} ${hex(major, 2)}:${hex(minor, 2)} ${ino} `;
    const name = v.path || v.file?.path || v.name;
    if (name) line = line.padEnd(72) + " " + name;
    out += line + "\n";
  }
  return out;
}

function statusText(p: VfsProcess, tid: number, umask: number): string {
  const c = p.creds;
  const fdsize = Math.max(64, 1 << Math.ceil(Math.log2(Math.max(1, p.fds.size))));
  return [
    `Name:\t${p.comm}`, `Umask:\t${umask.toString(8).padStart(4, "0")}`, stateLine(p),
    `Tgid:\t${p.pid}`, "Ngid:\t0", `Pid:\t${tid}`, `PPid:\t${p.ppid}`, "TracerPid:\t0",
    `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}`, `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}`,
    `FDSize:\t${fdsize}`, `Groups:\t${c.groups.join(" ")}${c.groups.length ? " " : ""}`,
    `Threads:\t${p.threads.length || 1}`,
    "SigQ:\t0/63727", "SigPnd:\t0000000000000000", "ShdPnd:\t0000000000000000",
    "Cpus_allowed:\t1", "Cpus_allowed_list:\t0", "voluntary_ctxt_switches:\t0", "nonvoluntary_ctxt_switches:\t0", "",
  ].join("\n");
}

function stateLine(p: VfsProcess): string {
  const st = (p as unknown as { state?: number }).state;
  return st === 1 ? "State:\tZ (zombie)" : "State:\tR (running)";
}

function statText(p: VfsProcess, tid: number): string {
  const q = p as unknown as { pgid?: number; sid?: number };
  const fields = [String(tid), `(${p.comm})`, "R", String(p.ppid), String(q.pgid ?? p.pid), String(q.sid ?? p.pid)];
  for (let i = 7; i <= 52; i++) fields.push(i === 20 ? String(p.threads.length || 1) : "0");
  return fields.join(" ") + "\n";
}

export function createProcfs(vfs: Vfs): { sb: ProcSuperBlock; root: ProcDir } {
  const sb = new ProcSuperBlock(vfs);
  const host = vfs.host;

  const pidIno = (pid: number, idx: number) => 0x100000 + pid * 64 + idx;

  const fdDir = (p: VfsProcess): ProcDir =>
    new ProcDir(sb, pidIno(p.pid, 9), () => {
      const out: [string, () => ProcNode][] = [];
      for (const [fd, file] of p.fds.entries()) {
        out.push([String(fd), () => new ProcLink(sb, 0x40000000 + p.pid * 4096 + fd, () => file.path(), (_ctx, link) => {
          if (file.dentry) return file.dentry;
          return new Dentry(link.name, link.parent, link.mount, new AnonNode(sb, file), link.path);
        }, p, (file.readable ? 0o500 : 0) | (file.writable ? 0o300 : 0) || 0o500, 64)]);
      }
      return out;
    }, p, 0o500);

  const fdinfoDir = (p: VfsProcess): ProcDir =>
    new ProcDir(sb, pidIno(p.pid, 14), () => {
      const out: [string, () => ProcNode][] = [];
      for (const [fd, file] of p.fds.entries()) {
        out.push([String(fd), () => new ProcFile(sb, 0x50000000 + p.pid * 4096 + fd, () => {
          const flags = (file.flags | (p.fds.getCloexec(fd) ? O_CLOEXEC : 0)) >>> 0;
          const mnt = file.dentry ? file.dentry.mount.id : 15;
          return `pos:\t${file.pos}\nflags:\t0${flags.toString(8)}\nmnt_id:\t${mnt}\nino:\t${file.stat().ino}\n`;
        }, p)]);
      }
      return out;
    }, p);

  const pidDir = (p: VfsProcess, tid: number, withTask: boolean): ProcDir => {
    const entries: [string, () => ProcNode][] = [
      ["cmdline", () => new ProcFile(sb, pidIno(p.pid, 1), () => nulJoin(p.argv), p)],
      ["comm", () => new ProcFile(sb, pidIno(p.pid, 2), () => p.comm + "\n", p, 0o644)],
      ["cwd", () => new ProcLink(sb, pidIno(p.pid, 3), () => p.fs.cwd.path, () => p.fs.cwd, p)],
      ["environ", () => new ProcFile(sb, pidIno(p.pid, 4), () => nulJoin(p.envp), p, 0o400)],
      ["exe", () => new ProcLink(sb, pidIno(p.pid, 5), () => p.exePath, (ctx) => vfs.resolve({ ...ctx, fs: p.fs }, p.exePath, null, true), p)],
      ["fd", () => fdDir(p)],
      ["fdinfo", () => fdinfoDir(p)],
      ["maps", () => new ProcFile(sb, pidIno(p.pid, 6), () => mapsText(p), p)],
      ["mounts", () => new ProcFile(sb, pidIno(p.pid, 7), () => vfs.mountsText(), p)],
      ["root", () => new ProcLink(sb, pidIno(p.pid, 8), () => p.fs.root.path, () => p.fs.root, p)],
      ["stat", () => new ProcFile(sb, pidIno(p.pid, 10), () => statText(p, tid), p)],
      ["status", () => new ProcFile(sb, pidIno(p.pid, 11), () => statusText(p, tid, p.fs.umask), p)],
    ];
    if (withTask) {
      entries.push(["task", () => new ProcDir(sb, pidIno(p.pid, 12), () =>
        (p.threads.length ? p.threads.map((x) => x.tid) : [p.pid]).map((t) =>
          [String(t), () => pidDir(p, t, false)] as [string, () => ProcNode]), p)]);
    }
    return new ProcDir(sb, pidIno(tid, withTask ? 0 : 13), () => entries, p);
  };

  const sys = (idx: number, content: Content): (() => ProcNode) => () => new ProcFile(sb, 0x100 + idx, content);
  const staticEntries: [string, () => ProcNode][] = [
    ["cpuinfo", sys(1, () => cpuinfo())],
    ["filesystems", sys(2, () => "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tdevpts\n\text4\n")],
    ["loadavg", sys(3, (t) => `0.00 0.00 0.00 1/${t ? listPids(t).length : 1} ${t ? Math.max(...listPids(t)) : 1}\n`)],
    ["meminfo", sys(4, () => meminfo())],
    ["mounts", sys(5, () => vfs.mountsText())],
    ["uptime", sys(6, () => {
      const up = Math.max(0, host.realtimeMs() / 1000 - sb.bootSec);
      return `${up.toFixed(2)} ${up.toFixed(2)}\n`;
    })],
    ["version", sys(7, (t) => `Linux version ${t?.kernel.release ?? "6.1.0-sysgate"} (sysgate@sysgate) (gcc version 12.2.0) #1 SMP PREEMPT_DYNAMIC\n`)],
    ["sys", () => new ProcDir(sb, 0x200, () => [
      ["kernel", () => new ProcDir(sb, 0x201, () => [
        ["hostname", sys(0x10, (t) => (t?.kernel.hostname ?? host.hostname) + "\n")],
        ["ostype", sys(0x11, () => "Linux\n")],
        ["osrelease", sys(0x12, (t) => (t?.kernel.release ?? "6.1.0-sysgate") + "\n")],
        ["pid_max", sys(0x13, () => "4194304\n")],
      ])],
    ])],
    ["self", () => new ProcLink(sb, 0x10, (ctx) => {
      if (!ctx.task) fail(Errno.ENOENT);
      return String(ctx.task.process.pid);
    })],
    ["thread-self", () => new ProcLink(sb, 0x11, (ctx) => {
      if (!ctx.task) fail(Errno.ENOENT);
      return `${ctx.task.process.pid}/task/${ctx.task.tid}`;
    })],
  ];

  const rootDir = new ProcDir(sb, 1, (ctx) => {
    const out = staticEntries.slice();
    const t = ctx.task;
    if (t) {
      for (const pid of listPids(t)) {
        const p = findProcess(t, pid);
        if (p) out.push([String(pid), () => pidDir(p, pid, true)]);
      }
    }
    return out;
  });
  return { sb, root: rootDir };
}

function meminfo(): string {
  const rows: [string, number][] = [
    ["MemTotal", 4194304], ["MemFree", 3145728], ["MemAvailable", 3670016], ["Buffers", 0], ["Cached", 524288],
    ["SwapCached", 0], ["Active", 262144], ["Inactive", 262144], ["SwapTotal", 0], ["SwapFree", 0],
    ["Dirty", 0], ["Writeback", 0], ["AnonPages", 262144], ["Mapped", 65536], ["Shmem", 0],
  ];
  return rows.map(([k, v]) => `${(k + ":").padEnd(15)} ${String(v).padStart(8)} kB\n`).join("");
}

function cpuinfo(): string {
  const rows: [string, string][] = [
    ["processor", "0"], ["vendor_id", "GenuineIntel"], ["cpu family", "6"], ["model", "0"],
    ["model name", "sysgate virtual x86-64 CPU"], ["stepping", "0"], ["cpu MHz", "1000.000"],
    ["cache size", "4096 KB"], ["physical id", "0"], ["siblings", "1"], ["core id", "0"], ["cpu cores", "1"],
    ["fpu", "yes"], ["fpu_exception", "yes"], ["cpuid level", "13"], ["wp", "yes"],
    ["flags", "fpu tsc cx8 cmov pat clflush mmx fxsr sse sse2 syscall nx lm cx16 popcnt"],
    ["bogomips", "2000.00"], ["clflush size", "64"], ["cache_alignment", "64"],
    ["address sizes", "48 bits physical, 48 bits virtual"], ["power management", ""],
  ];
  const tabs = (k: string) => (k.length < 8 ? "\t\t" : k.length < 16 ? "\t" : "");
  return rows.map(([k, v]) => `${k}${tabs(k)}:${v === "" ? "" : " " + v}`).join("\n") + "\n\n";
}
