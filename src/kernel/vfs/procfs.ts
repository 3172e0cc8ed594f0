// procfs: the kernel's live view of its processes. Every file is generated when it is read (at
// offset 0: a read from the start sees the machine as it is now), from the Process, Task,
// AddressSpace and descriptor tables of the kernel the reading task belongs to. The texts are in
// procfs-pid.ts (per process) and procfs-sys.ts (machine-wide); this file is the tree: /proc/self,
// /proc/thread-self, /proc/PID/..., /proc/PID/task/TID/..., and the machine-wide files.
import { Errno } from "../../abi/errno.js";
import { DT_DIR, DT_LNK, DT_REG, O_PATH, SEEK_CUR, SEEK_SET, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG } from "../../abi/fcntl.js";
import type { HostStatfs } from "../../host/types.js";
import { DirFile, OpenFile, PathFile, zeroStat } from "../file.js";
import { PipeEnd } from "../pipe.js";
import { findProcess, listPids, type VfsProcess, type VfsTask } from "./task-view.js";
import { Dentry, binToBytes, bytesToBin, fail, VNode, type DirEntry, type Stat, type SuperBlock, type WalkCtx } from "./node.js";
import type { Vfs } from "./vfs.js";
import {
  facts, fdinfoText, leaderOf, limitsText, mapsText, memStrings, mountinfoText, oomScoreText, smapsText, statmText,
  statText, statusText, syscallText, taskOf, threadsOf, wchanText, type TaskFacts,
} from "./procfs-pid.js";
import {
  FILESYSTEMS_TEXT, cpuinfoText, loadavgText, meminfoText, memoryOf, releaseOf, statText as sysStatText,
  uptimeSec, uptimeText, versionText,
} from "./procfs-sys.js";

export class ProcSuperBlock implements SuperBlock {
  bootSec: number;
  readonly bootMs: number;
  constructor(readonly vfs: Vfs, readonly type = "proc", readonly dev = 0x16, private readonly magic = 0x9fa0) {
    this.bootMs = vfs.host.realtimeMs();
    this.bootSec = Math.floor(this.bootMs / 1000);
  }
  statfs(): HostStatfs {
    return { type: this.magic, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, namelen: 255 };
  }
}

export abstract class ProcNode extends VNode {
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
      // A process that is not dumpable (setuid, prctl) hands its files to root, as Linux does.
      const dumpable = facts(this.owner).dumpable ?? 1;
      st.uid = dumpable === 1 ? this.owner.creds.euid : 0;
      st.gid = dumpable === 1 ? this.owner.creds.egid : 0;
    }
    st.atimeSec = st.mtimeSec = st.ctimeSec = this.sb.bootSec;
    return st;
  }
}

/** What a file's text is made of: the reader's task (null: the CLI) → text or bytes. */
export type Content = (t: VfsTask | null) => string | Uint8Array;
/** A write to a writable file: the bytes → how many were taken (or a SyscallError). */
export type Writer = (t: VfsTask | null, data: Uint8Array) => number;

/**
 * An open /proc file. Like Linux's seq_file, its text is produced by the read that starts at
 * offset 0 and kept for the reads that continue it; lseek works from the start or the current
 * position (SEEK_END is EINVAL: the size is unknown until generated).
 */
export class ProcSeqFile extends OpenFile {
  private data: Uint8Array | null = null;
  constructor(
    flags: number, dentry: Dentry, private readonly content: Content, private readonly writer: Writer | null,
    /** sendfile refuses it (EINVAL), as for Linux's per-process files (seq_read, no splice_read). */
    readonly noSplice = false,
  ) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  private text(t: VfsTask | null, off: number): Uint8Array {
    if (this.data === null || off === 0) {
      const c = this.content(t);
      this.data = typeof c === "string" ? binToBytes(c) : c;
    }
    return this.data;
  }
  override pread(t: VfsTask, buf: Uint8Array, off: number): number {
    const data = this.text(t, off);
    if (off >= data.length) return 0;
    const n = Math.min(buf.length, data.length - off);
    buf.set(data.subarray(off, off + n));
    return n;
  }
  override write(t: VfsTask, buf: Uint8Array): number {
    if (this.writer === null) fail(Errno.EINVAL);
    this.data = null;
    return this.writer(t, buf);
  }
  override pwrite(t: VfsTask, buf: Uint8Array, off: number): number {
    if (this.writer === null || off !== 0) fail(Errno.EINVAL);
    return this.write(t, buf);
  }
  override lseek(offset: number, whence: number): number {
    let r: number;
    if (whence === SEEK_SET) r = offset;
    else if (whence === SEEK_CUR) r = this.pos + offset;
    else fail(Errno.EINVAL);
    if (r < 0) fail(Errno.EINVAL);
    this.pos = r;
    return r;
  }
}

export class ProcFile extends ProcNode {
  constructor(
    sb: ProcSuperBlock, ino: number, readonly content: Content, owner: VfsProcess | null = null, mode = 0o444,
    readonly writer: Writer | null = null,
  ) {
    super(sb, ino, S_IFREG | mode, owner);
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    return new ProcSeqFile(flags, dentry, this.content, this.writer, this.owner !== null);
  }
}

export class ProcLink extends ProcNode {
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

export type Entries = (ctx: WalkCtx) => [string, () => ProcNode][];

export class ProcDir extends ProcNode {
  constructor(
    sb: ProcSuperBlock, ino: number, readonly entries: Entries, owner: VfsProcess | null = null, mode = 0o555,
    /** Names that lookup finds but readdir does not list (/proc/TID of a non-leader thread). */
    readonly hidden: ((ctx: WalkCtx, name: string) => ProcNode | null) | null = null,
    /** Throws (ENOENT) once what the directory describes is gone. */
    readonly check: (() => void) | null = null,
  ) {
    super(sb, ino, S_IFDIR | mode, owner);
  }
  override lookup(ctx: WalkCtx, name: string): VNode | null {
    // A name looked up in the directory of a process that has been reaped: ESRCH, as Linux says.
    if (this.check) {
      try { this.check(); } catch { fail(Errno.ESRCH); }
    }
    for (const [n, make] of this.entries(ctx)) if (n === name) return make();
    const h = this.hidden?.(ctx, name);
    if (h) return h;
    // procfs answers a missing name with ENOENT, so creating anything here fails the same way.
    fail(Errno.ENOENT);
  }
  override readdir(ctx: WalkCtx): DirEntry[] {
    this.check?.();
    return this.entries(ctx).map(([name, make]) => {
      const node = make();
      const type = node.fileType() === S_IFDIR ? DT_DIR : node.fileType() === S_IFLNK ? DT_LNK : DT_REG;
      return { name, ino: node.ino, type };
    });
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    this.check?.();
    if (flags & O_PATH) return new PathFile(flags, dentry);
    return new DirFile(flags, dentry);
  }
}

/** A /proc/PID/fd/N target that has no name (pipes, sockets...): opening it reaches the same object. */
class AnonNode extends ProcNode {
  constructor(sb: ProcSuperBlock, readonly file: OpenFile) {
    super(sb, file.stat().ino, file.stat().mode);
  }
  override getattr(): Stat {
    return this.file.stat();
  }
  override access(): void {}
  override open(_ctx: WalkCtx, _dentry: Dentry, flags: number): OpenFile {
    // A pipe opened through its link is a new description of the same pipe, with the new flags.
    if (this.file instanceof PipeEnd && (this.file.stat().mode & S_IFMT) === S_IFIFO) {
      const st = this.file.stat();
      return new PipeEnd(this.file.pipe, flags & ~O_PATH, { uid: st.uid, gid: st.gid });
    }
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

const TASK_COMM_LEN = 16;
const PROCESS_REAPED = 2;

/** Per-process settings procfs keeps itself (loginuid, sessionid). */
const loginUids = new WeakMap<VfsProcess, number>();

function parseIntStrict(data: Uint8Array): number {
  const s = bytesToBin(data).trim();
  if (!/^[-+]?\d+$/.test(s)) fail(Errno.EINVAL);
  return Number(s);
}

export function createProcfs(vfs: Vfs): { sb: ProcSuperBlock; root: ProcDir } {
  const sb = new ProcSuperBlock(vfs);
  const host = vfs.host;

  const pidIno = (pid: number, idx: number) => 0x100000 + pid * 64 + idx;

  /** Is the process still in the table (not reaped)? */
  const gone = (p: VfsProcess): boolean => facts(p).state === PROCESS_REAPED;
  const checkAlive = (p: VfsProcess) => () => {
    if (gone(p)) fail(Errno.ENOENT);
  };
  /** Reading a file of a process that has been reaped meanwhile: ESRCH, as Linux. */
  const live = (p: VfsProcess, fn: Content): Content => (t) => {
    if (gone(p)) fail(Errno.ESRCH);
    return fn(t);
  };
  const zombie = (p: VfsProcess) => (facts(p).state ?? 0) !== 0;

  /** The check Linux makes before showing another process's links (ptrace read access). */
  const mayInspect = (ctx: WalkCtx, p: VfsProcess): void => {
    const c = ctx.creds;
    if (!c || c.euid === 0 || ctx.task?.process === p) return;
    const o = p.creds;
    if (c.uid === o.uid && c.uid === o.euid && c.uid === o.suid && c.gid === o.gid && c.gid === o.egid && c.gid === o.sgid &&
      (facts(p).dumpable ?? 1) === 1) return;
    fail(Errno.EACCES);
  };

  const fdDir = (p: VfsProcess, ino: number): ProcDir =>
    new ProcDir(sb, ino, (ctx) => {
      mayInspect(ctx, p);
      const out: [string, () => ProcNode][] = [];
      for (const [fd, file] of p.fds.entries()) {
        const perm = ((file.readable ? 0o500 : 0) | (file.writable ? 0o300 : 0)) || 0o500;
        out.push([String(fd), () => new ProcLink(sb, 0x40000000 + (p.pid % 0x40000) * 4096 + (fd & 4095), (c) => {
          mayInspect(c, p);
          return file.path();
        }, (c, link) => {
          mayInspect(c, p);
          if (file.dentry) return file.dentry;
          return new Dentry(link.name, link.parent, link.mount, new AnonNode(sb, file), link.path);
        }, p, perm, 64)]);
      }
      return out;
    }, p, 0o500, null, checkAlive(p));

  const fdinfoDir = (p: VfsProcess, ino: number): ProcDir =>
    new ProcDir(sb, ino, (ctx) => {
      mayInspect(ctx, p);
      const out: [string, () => ProcNode][] = [];
      for (const [fd, file] of p.fds.entries()) {
        out.push([String(fd), () => new ProcFile(sb, 0x50000000 + (p.pid % 0x40000) * 4096 + (fd & 4095),
          live(p, () => fdinfoText(p, fd, file)), p, 0o444)]);
      }
      return out;
    }, p, 0o500, null, checkAlive(p));

  const commWriter = (p: VfsProcess): Writer => (t, data) => {
    if (!t || t.process !== p) fail(Errno.EINVAL);
    let bytes = data.subarray(0, Math.min(data.length, TASK_COMM_LEN - 1));
    const nul = bytes.indexOf(0);
    if (nul >= 0) bytes = bytes.subarray(0, nul);
    p.comm = bytesToBin(bytes);
    return data.length;
  };

  const oomAdjWriter = (p: VfsProcess): Writer => (t, data) => {
    const v = parseIntStrict(data.subarray(0, Math.min(data.length, 24)));
    if (v < -1000 || v > 1000) fail(Errno.EINVAL);
    const f = facts(p);
    const cur = f.oomScoreAdj ?? 0;
    // Lowering the score needs CAP_SYS_RESOURCE (root).
    if (v < cur && (t?.process.creds.euid ?? 0) !== 0) fail(Errno.EACCES);
    f.oomScoreAdj = v;
    return data.length;
  };

  const loginuidWriter = (p: VfsProcess): Writer => (t, data) => {
    if ((t?.process.creds.euid ?? 0) !== 0) fail(Errno.EPERM);
    const v = parseIntStrict(data.subarray(0, Math.min(data.length, 24)));
    loginUids.set(p, v >>> 0);
    return data.length;
  };

  /** /proc/PID (withTask) or /proc/PID/task/TID: the files of one process or one of its threads. */
  const pidDir = (p: VfsProcess, tid: number, withTask: boolean): ProcDir => {
    const base = withTask ? tid : tid + 0x10000000 / 64;
    const ino = (i: number) => pidIno(base, i);
    const task = (): TaskFacts | null => taskOf(p, tid) ?? (withTask ? leaderOf(p) : null);
    const entries: [string, () => ProcNode][] = [];
    const file = (name: string, i: number, fn: Content, mode = 0o444, w: Writer | null = null) =>
      entries.push([name, () => new ProcFile(sb, ino(i), live(p, fn), p, mode, w)]);
    const link = (name: string, i: number, target: () => string, follow: (ctx: WalkCtx) => Dentry) =>
      entries.push([name, () => new ProcLink(sb, ino(i), (ctx) => {
        mayInspect(ctx, p);
        if (gone(p) || zombie(p)) fail(Errno.ENOENT);
        return target();
      }, (ctx) => {
        mayInspect(ctx, p);
        if (gone(p) || zombie(p)) fail(Errno.ENOENT);
        return follow(ctx);
      }, p)]);

    if (withTask) {
      entries.push(["task", () => new ProcDir(sb, ino(1), () => {
        const tids = threadsOf(p).filter((x) => x.state !== 3).map((x) => x.tid).sort((a, b) => a - b);
        if (tids.length === 0) tids.push(p.pid);
        return tids.map((t) => [String(t), () => pidDir(p, t, false)] as [string, () => ProcNode]);
      }, p, 0o555, null, checkAlive(p))]);
    }
    entries.push(["fd", () => fdDir(p, ino(2))]);
    entries.push(["fdinfo", () => fdinfoDir(p, ino(3))]);
    file("environ", 4, () => memStrings(p, "env") ?? nulJoin(p.envp), 0o400);
    file("status", 5, (t) => statusText(p, task(), tid, t));
    file("limits", 6, () => limitsText(p.rlimits));
    file("comm", 7, () => p.comm + "\n", 0o644, commWriter(p));
    file("syscall", 8, () => syscallText(task()), 0o400);
    file("cmdline", 9, () => (zombie(p) ? new Uint8Array(0) : memStrings(p, "arg") ?? nulJoin(p.argv)));
    file("stat", 10, (t) => statText(p, task(), tid, withTask, nowNs(t)));
    file("statm", 11, () => statmText(p));
    file("maps", 12, () => mapsText(p));
    link("cwd", 13, () => p.fs.cwd.path, () => p.fs.cwd);
    link("root", 14, () => p.fs.root.path, () => p.fs.root);
    link("exe", 15, () => p.exePath, (ctx) => vfs.resolve({ ...ctx, fs: p.fs }, p.exePath, null, true));
    file("mounts", 16, () => vfs.mountsText());
    file("mountinfo", 17, () => mountinfoText(vfs));
    file("smaps", 18, () => smapsText(p));
    file("wchan", 19, () => wchanText(task()));
    file("oom_score", 20, (t) => oomScoreText(p, memoryOf(t).total));
    file("oom_score_adj", 21, () => `${facts(p).oomScoreAdj ?? 0}\n`, 0o644, oomAdjWriter(p));
    file("loginuid", 22, () => `${loginUids.get(p) ?? 4294967295}`, 0o644, loginuidWriter(p));
    file("sessionid", 23, () => "4294967295");
    file("cgroup", 24, () => "0::/\n");
    return new ProcDir(sb, ino(0), () => entries, p, 0o555, null, checkAlive(p));
  };

  const nowNs = (t: VfsTask | null): number => {
    const k = t?.kernel as { clock?: { nowNs(): number } } | undefined;
    return k?.clock ? k.clock.nowNs() : (host.realtimeMs() - sb.bootMs) * 1e6;
  };
  const uptime = (t: VfsTask | null) => uptimeSec(t, sb.bootMs, host.realtimeMs());
  const bootSec = (t: VfsTask | null): number => {
    const k = t?.kernel as { bootRealtimeMs?: number; clock?: { uptimeSeconds(): number } } | undefined;
    // btime: the wall-clock moment the monotonic clock was 0.
    if (k?.clock) return Math.floor(host.realtimeMs() / 1000 - k.clock.uptimeSeconds());
    return sb.bootSec;
  };

  const sys = (idx: number, content: Content, mode = 0o444): (() => ProcNode) => () => new ProcFile(sb, 0x100 + idx, content, null, mode);
  const dir = (idx: number, entries: [string, () => ProcNode][]): (() => ProcNode) => () => new ProcDir(sb, 0x200 + idx, () => entries);
  const staticEntries: [string, () => ProcNode][] = [
    ["cpuinfo", sys(1, (t) => cpuinfoText(t))],
    ["filesystems", sys(2, () => FILESYSTEMS_TEXT)],
    ["loadavg", sys(3, (t) => loadavgText(t))],
    ["meminfo", sys(4, (t) => meminfoText(t))],
    ["mounts", () => new ProcLink(sb, 0x105, () => "self/mounts")],
    ["stat", sys(6, (t) => sysStatText(t, bootSec(t), uptime(t)))],
    ["uptime", sys(7, (t) => uptimeText(t, uptime(t)))],
    ["version", sys(8, (t) => versionText(t))],
    ["sys", dir(0, [
      ["kernel", dir(1, [
        ["hostname", sys(0x10, (t) => (t?.kernel.hostname ?? host.hostname) + "\n", 0o644)],
        ["ostype", sys(0x11, () => "Linux\n")],
        ["osrelease", sys(0x12, (t) => releaseOf(t) + "\n")],
        ["pid_max", sys(0x13, () => "4194304\n", 0o644)],
        ["ngroups_max", sys(0x14, () => "65536\n")],
        ["version", sys(0x15, () => "#1 SMP PREEMPT_DYNAMIC sysgate\n")],
      ])],
      ["fs", dir(2, [
        ["nr_open", sys(0x20, () => "1048576\n", 0o644)],
        ["file-max", sys(0x21, () => "9223372036854775807\n", 0o644)],
      ])],
      ["vm", dir(3, [
        ["overcommit_memory", sys(0x30, () => "0\n", 0o644)],
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

  /** /proc/TID for a thread that is not a leader: found by lookup, not listed. */
  const threadLookup = (ctx: WalkCtx, name: string): ProcNode | null => {
    if (!/^[1-9]\d*$/.test(name) || !ctx.task) return null;
    const tid = Number(name);
    const tasks = (ctx.task.kernel as { tasks?: Map<number, { process: VfsProcess }> }).tasks;
    const owner = tasks?.get(tid)?.process;
    if (!owner || gone(owner)) return null;
    return pidDir(owner, tid, true);
  };

  const rootDir = new ProcDir(sb, 1, (ctx) => {
    const out = staticEntries.slice();
    const t = ctx.task;
    if (t) {
      for (const pid of listPids(t)) {
        const p = findProcess(t, pid);
        if (p && !gone(p)) out.push([String(pid), () => pidDir(p, pid, true)]);
      }
    }
    return out;
  }, null, 0o555, threadLookup);
  return { sb, root: rootDir };
}

