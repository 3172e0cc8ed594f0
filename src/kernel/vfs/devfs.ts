// devfs: sysgate's own /dev. Character devices are synthesised here; /dev/shm is ordinary tmpfs
// space; /dev/fd and /dev/std* point into /proc/self/fd as on Linux.
import { Errno } from "../../abi/errno.js";
import { makeDev, O_ACCMODE, O_RDONLY, O_WRONLY } from "../../abi/fcntl.js";
import type { Host } from "../../host/types.js";
import { DEVFS_DEV, HostStreamFile, hostTerminal, OpenFile, PTS0, PTS0_INO, type MappedFileLike } from "../file.js";
import type { VfsTask } from "./task-view.js";
import { Dentry, fail, type Stat, type WalkCtx } from "./node.js";
import { TmpDevice, TmpDir, TmpSuperBlock, TmpSymlink, type Clock } from "./tmpfs.js";
import { installPtys } from "../tty/pty.js";

type DevKind = "null" | "zero" | "full" | "random";

class DeviceFile extends OpenFile {
  constructor(flags: number, dentry: Dentry, readonly kind: DevKind, readonly host: Host) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override read(t: VfsTask, buf: Uint8Array): number {
    return this.pread(t, buf, 0);
  }
  override write(t: VfsTask, buf: Uint8Array): number {
    return this.pwrite(t, buf, 0);
  }
  override pread(_t: VfsTask, buf: Uint8Array, _off: number): number {
    if (!this.readable) fail(Errno.EBADF);
    switch (this.kind) {
      case "null": return 0;
      case "zero": case "full": buf.fill(0); return buf.length;
      case "random": {
        for (let i = 0; i < buf.length; i += 65536) this.host.randomBytes(buf.subarray(i, Math.min(buf.length, i + 65536)));
        return buf.length;
      }
    }
  }
  override pwrite(_t: VfsTask, buf: Uint8Array, _off: number): number {
    if (!this.writable) fail(Errno.EBADF);
    if (this.kind === "full") fail(Errno.ENOSPC);
    return buf.length;
  }
  override lseek(): number {
    this.pos = 0;
    return 0;
  }
  override truncate(): void {
    fail(Errno.EINVAL);
  }
  override mappedFile(): MappedFileLike | null {
    if (this.kind !== "zero") return null;
    const st = this.stat();
    // A private mapping of /dev/zero is anonymous memory: every byte reads as zero.
    return { size: () => Number.MAX_SAFE_INTEGER, readAt: (_off, buf) => { buf.fill(0); return buf.length; }, dev: st.dev, ino: st.ino, path: "/dev/zero" };
  }
}

export function createDevfs(host: Host, clock: Clock): { sb: TmpSuperBlock; root: TmpDir } {
  const sb = new TmpSuperBlock("devtmpfs", clock, DEVFS_DEV);
  const root = new TmpDir(sb, 0o755);
  const dev = (name: string, major: number, minor: number, mode: number, open: (ctx: WalkCtx, d: Dentry, flags: number) => OpenFile) => {
    root.children.set(name, new TmpDevice(sb, mode, makeDev(major, minor), open));
  };
  const simple = (kind: DevKind) => (_ctx: WalkCtx, d: Dentry, flags: number) => new DeviceFile(flags, d, kind, host);
  dev("null", 1, 3, 0o666, simple("null"));
  dev("zero", 1, 5, 0o666, simple("zero"));
  dev("full", 1, 7, 0o666, simple("full"));
  dev("random", 1, 8, 0o666, simple("random"));
  dev("urandom", 1, 9, 0o666, simple("random"));
  const openTerminal = (devTty: boolean) => (ctx: WalkCtx, d: Dentry, flags: number) => {
    const term = hostTerminal(host);
    if (!term) fail(Errno.ENXIO);
    term.open(ctx.task, flags, devTty);
    const acc = flags & O_ACCMODE;
    return new HostStreamFile(flags, d, host, acc === O_WRONLY ? null : host.stdin,
      acc === O_RDONLY ? null : host.stdout.isTTY ? host.stdout : host.stderr, term);
  };
  dev("tty", 5, 0, 0o666, openTerminal(true));
  root.children.set("fd", new TmpSymlink(sb, "/proc/self/fd"));
  root.children.set("stdin", new TmpSymlink(sb, "/proc/self/fd/0"));
  root.children.set("stdout", new TmpSymlink(sb, "/proc/self/fd/1"));
  root.children.set("stderr", new TmpSymlink(sb, "/proc/self/fd/2"));
  const pts = new TmpDir(sb, 0o755);
  root.children.set("pts", pts);
  // The host's terminal is /dev/pts/0, with the identity fstat gives stdio (so ttyname() finds it).
  if (hostTerminal(host)) pts.children.set("0", new TmpDevice(sb, 0o620, PTS0, openTerminal(false), [host.uid, 5], PTS0_INO));
  installPtys(sb, root, pts, host.uid, (i) => i === 0 && hostTerminal(host) !== null);
  const shm = new TmpDir(sb, 0o1777);
  root.children.set("shm", shm);
  root.nlink += 2;
  return { sb, root };
}
