// hostfs: a host directory seen through the HostFs door. Every node is a host path the walk has
// reached one component at a time with lstat, so no host symlink is ever followed on the way:
// symlinks are read and resolved by the VFS inside the guest namespace.
import { Errno } from "../../abi/errno.js";
import {
  O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_PATH, O_RDONLY, O_TRUNC, R_OK, O_DSYNC, O_SYNC,
  RENAME_EXCHANGE, RENAME_NOREPLACE, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, O_RDWR, O_WRONLY,
} from "../../abi/fcntl.js";
import { HostError, type Host, type HostStatfs } from "../../host/types.js";
import { DirFile, OpenFile, PathFile, type MappedFileLike } from "../file.js";
import type { VfsTask } from "./task-view.js";
import type { Credentials } from "../process.js";
import { fileCacheKey, pageCacheActive, readThroughCache, truncateCache, writeThroughCache } from "../../mm/page-cache.js";
import { binToHost, Dentry, fail, hostToBin, permits, vfsCall, VNode, type DirEntry, type SetAttr, type Stat, type SuperBlock, type WalkCtx } from "./node.js";

export class HostSuperBlock implements SuperBlock {
  readonly type = "hostfs";
  readonly dev: number;
  constructor(readonly host: Host, readonly rootPath: string) {
    this.dev = host.fs.stat(rootPath).dev;
  }
  statfs(): HostStatfs {
    return this.host.fs.statfs(this.rootPath);
  }
}

function hostJoin(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : dir + "/" + name;
}

/** HostFs may offer lstat without an exception for a missing name (NodeHostFs does): much cheaper in PATH searches. */
type LstatOrNull = { lstatOrNull?: (path: string) => Stat | null };

export class HostNode extends VNode {
  private cached: Stat | null = null;
  private cachedGen = -1;
  constructor(readonly sb: HostSuperBlock, readonly hostPath: string, private type: number, st: Stat | null = null) {
    super();
    if (st) {
      this.cached = st;
      this.cachedGen = vfsCall.generation;
      this.ino0 = st.ino;
    }
  }
  /** The inode number first seen at this path (0 if unknown): tells a replaced directory from ours. */
  private ino0 = 0;
  private get fs() {
    return this.sb.host.fs;
  }
  getattr(): Stat {
    if (this.cached && this.cachedGen === vfsCall.generation) return this.cached;
    // A mount's root may be given as a host symlink (the operator's choice): follow that one.
    const st = this.hostPath === this.sb.rootPath ? this.fs.stat(this.hostPath) : this.fs.lstat(this.hostPath);
    this.type = st.mode & S_IFMT;
    this.cached = st;
    this.cachedGen = vfsCall.generation;
    return st;
  }
  private invalidate(): void {
    this.cached = null;
  }
  override isDeleted(): boolean {
    try {
      const st = this.fs.lstat(this.hostPath);
      return this.firstIno !== 0 && st.ino !== this.firstIno;
    } catch (e) {
      if (e instanceof HostError && (e.errno === Errno.ENOENT || e.errno === Errno.ENOTDIR)) return true;
      throw e;
    }
  }
  private get firstIno(): number {
    return this.ino0;
  }
  fileType(): number {
    return this.type;
  }
  override get checksOwnAccess(): boolean {
    return true;
  }
  override hostJudges(creds: Credentials | null): boolean {
    if (creds === null) return true;
    const h = this.sb.host;
    return creds.fsuid === h.uid && creds.fsgid === h.gid;
  }
  /**
   * A name this directory just created on the host belongs to the host user; when the guest has
   * another identity (and the host may give files away, i.e. runs as root), hand it to the guest's
   * fsuid and fsgid (or the directory's group when it is set-group-ID), as Linux would.
   */
  private adopt(ctx: WalkCtx, p: string): void {
    const c = ctx.creds;
    if (this.hostJudges(c) || this.sb.host.uid !== 0 || c === null) return;
    const dirSt = this.fs.lstat(this.hostPath);
    const gid = dirSt.mode & 0o2000 ? dirSt.gid : c.fsgid;
    this.fs.chown(p, c.fsuid, gid, false);
  }
  override get isSpecialFile(): boolean {
    return this.type === S_IFIFO || this.type === S_IFSOCK;
  }
  private child(name: string): string {
    return hostJoin(this.hostPath, binToHost(name));
  }
  private requireDir(): void {
    if (this.type !== S_IFDIR) fail(Errno.ENOTDIR);
  }

  override lookup(_ctx: WalkCtx, name: string): VNode | null {
    this.requireDir();
    const p = this.child(name);
    const fast = (this.fs as LstatOrNull).lstatOrNull;
    if (fast) {
      const st = fast.call(this.fs, p);
      return st ? new HostNode(this.sb, p, st.mode & S_IFMT, st) : null;
    }
    try {
      const st = this.fs.lstat(p);
      return new HostNode(this.sb, p, st.mode & S_IFMT, st);
    } catch (e) {
      if (e instanceof HostError && e.errno === Errno.ENOENT) return null;
      throw e;
    }
  }
  override readdir(_ctx: WalkCtx): DirEntry[] {
    this.requireDir();
    const out: DirEntry[] = [];
    for (const d of this.fs.readdir(this.hostPath)) {
      let ino = d.ino;
      if (!ino) {
        try {
          ino = this.fs.lstat(hostJoin(this.hostPath, d.name)).ino;
        } catch (e) {
          // Gone meanwhile: skip it. Unsearchable directory (r without x): list the name anyway.
          if (e instanceof HostError && e.errno === Errno.ENOENT) continue;
        }
      }
      out.push({ name: hostToBin(d.name), ino, type: d.type });
    }
    return out;
  }
  override create(ctx: WalkCtx, dir: Dentry, name: string, mode: number, flags: number): OpenFile {
    this.requireDir();
    const p = this.child(name);
    const h = this.fs.open(p, (flags & (O_ACCMODE | O_APPEND | O_DSYNC | O_SYNC)) | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    const file = new HostRegularFile(flags, null, this.sb, h);
    try {
      // The host applies its own umask too; the guest's (already applied to `mode`) is the one that counts.
      const st = this.fs.fstat(h);
      if ((st.mode & 0o7777) !== (mode & 0o7777)) this.fs.chmod(p, mode & 0o7777);
    } catch { /* keep the host's mode */ }
    this.adopt(ctx, p);
    const node = new HostNode(this.sb, p, S_IFREG);
    file.dentry = new Dentry(name, dir, dir.mount, node);
    return file;
  }
  override createTmpfile(_ctx: WalkCtx, dir: Dentry, mode: number, flags: number): OpenFile {
    this.requireDir();
    let name = "";
    let h = -1;
    for (let i = 0; h < 0; i++) {
      name = `.sysgate-tmpfile-${Date.now().toString(36)}-${i}`;
      try {
        h = this.fs.open(hostJoin(this.hostPath, name), (flags & O_ACCMODE) | O_CREAT | O_EXCL | O_NOFOLLOW, mode & 0o7777);
      } catch (e) {
        if (!(e instanceof HostError) || e.errno !== Errno.EEXIST || i > 100) throw e;
      }
    }
    // Unlinked at once: the host handle is now an anonymous file, as O_TMPFILE makes one.
    this.fs.unlink(hostJoin(this.hostPath, name));
    const file = new HostRegularFile(flags, null, this.sb, h);
    const ino = file.stat().ino;
    file.dentry = new Dentry(`#${ino}`, dir, dir.mount, new HostNode(this.sb, hostJoin(this.hostPath, name), S_IFREG));
    return file;
  }
  private fixMode(p: string, mode: number): void {
    try {
      const st = this.fs.lstat(p);
      if ((st.mode & 0o7777) !== (mode & 0o7777)) this.fs.chmod(p, mode & 0o7777);
    } catch { /* keep the host's mode */ }
  }
  override mkdir(ctx: WalkCtx, name: string, mode: number): void {
    this.requireDir();
    const p = this.child(name);
    this.fs.mkdir(p, mode & 0o7777);
    this.fixMode(p, mode);
    this.adopt(ctx, p);
  }
  override mknod(ctx: WalkCtx, name: string, mode: number, _rdev: number): void {
    const type = mode & S_IFMT;
    if (type === S_IFIFO && this.fs.mkfifo) {
      const p = this.child(name);
      this.fs.mkfifo(p, mode & 0o7777);
      this.fixMode(p, mode);
      this.adopt(ctx, p);
      return;
    }
    if (type === S_IFSOCK && this.fs.mksock) {
      // A UNIX socket's name (bind): the host makes the socket file, sysgate keeps the socket.
      const p = this.child(name);
      this.fs.mksock(p, mode & 0o7777);
      this.fixMode(p, mode);
      this.adopt(ctx, p);
      return;
    }
    if (type !== 0 && type !== S_IFREG) fail(Errno.EPERM);
    const p = this.child(name);
    const h = this.fs.open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode & 0o7777);
    this.fs.close(h);
    this.fixMode(p, mode);
    this.adopt(ctx, p);
  }
  override symlink(ctx: WalkCtx, name: string, target: string): void {
    this.requireDir();
    this.fs.symlink(binToHost(target), this.child(name));
    this.adopt(ctx, this.child(name));
  }
  override link(_ctx: WalkCtx, name: string, target: VNode): void {
    if (!(target instanceof HostNode) || target.sb !== this.sb) fail(Errno.EXDEV);
    this.fs.link(target.hostPath, this.child(name));
  }
  override unlink(_ctx: WalkCtx, name: string): void {
    this.fs.unlink(this.child(name));
  }
  override rmdir(_ctx: WalkCtx, name: string): void {
    this.fs.rmdir(this.child(name));
  }
  override rename(_ctx: WalkCtx, name: string, newDir: VNode, newName: string, flags: number): void {
    if (!(newDir instanceof HostNode) || newDir.sb !== this.sb) fail(Errno.EXDEV);
    const to = newDir.child(newName);
    if (flags & RENAME_EXCHANGE) {
      // The host door has no renameat2: exchange through a hidden third name (not atomic).
      const from = this.child(name);
      const tmp = hostJoin(this.hostPath, `.sysgate-xchg-${Date.now().toString(36)}`);
      this.fs.rename(from, tmp);
      try {
        this.fs.rename(to, from);
      } catch (e) {
        this.fs.rename(tmp, from);
        throw e;
      }
      this.fs.rename(tmp, to);
      return;
    }
    if (flags & RENAME_NOREPLACE) {
      let exists = true;
      try { this.fs.lstat(to); } catch { exists = false; }
      if (exists) fail(Errno.EEXIST);
    }
    this.fs.rename(this.child(name), to);
  }
  override readlink(_ctx: WalkCtx): string {
    if (this.type !== S_IFLNK) fail(Errno.EINVAL);
    return hostToBin(this.fs.readlink(this.hostPath));
  }
  override setattr(_ctx: WalkCtx, a: SetAttr): void {
    this.invalidate();
    if (a.size !== undefined) {
      if (this.type === S_IFDIR) fail(Errno.EISDIR);
      if (this.type !== S_IFREG) fail(Errno.EINVAL);
      const st = pageCacheActive() ? this.fs.lstat(this.hostPath) : null;
      this.fs.truncate(this.hostPath, a.size);
      // Shared mappings of the file lose the pages past the new end.
      if (st !== null) truncateCache(fileCacheKey(st.dev, st.ino), a.size, st.size);
    }
    const h = a.handle;
    if (a.mode !== undefined) {
      if (this.type === S_IFLNK) fail(Errno.EOPNOTSUPP);
      if (h !== undefined && this.fs.fchmod) this.fs.fchmod(h, a.mode & 0o7777);
      else this.fs.chmod(this.hostPath, a.mode & 0o7777);
    }
    if (a.uid !== undefined || a.gid !== undefined) {
      const byHandle = h !== undefined && this.fs.fchown !== undefined;
      const st = byHandle ? this.fs.fstat(h) : this.fs.lstat(this.hostPath);
      const uid = a.uid === undefined || a.uid === -1 ? st.uid : a.uid;
      const gid = a.gid === undefined || a.gid === -1 ? st.gid : a.gid;
      if (byHandle) this.fs.fchown!(h, uid, gid);
      else this.fs.chown(this.hostPath, uid, gid, false);
    }
    if (a.atime || a.mtime) {
      let at = a.atime, mt = a.mtime;
      if (!at || !mt) {
        const st = this.fs.lstat(this.hostPath);
        at ??= [st.atimeSec, st.atimeNsec];
        mt ??= [st.mtimeSec, st.mtimeNsec];
      }
      this.fs.utimes(this.hostPath, at[0], at[1], mt[0], mt[1], false);
    }
  }
  override access(ctx: WalkCtx, mask: number): void {
    if (!this.hostJudges(ctx.creds) && !permits(this.getattr(), ctx.creds, mask)) fail(Errno.EACCES);
    this.fs.access(this.hostPath, mask);
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    if (this.type === S_IFDIR) {
      if ((flags & O_ACCMODE) !== O_RDONLY) fail(Errno.EISDIR);
      try {
        this.fs.access(this.hostPath, R_OK);
      } catch (e) {
        // A directory removed while we hold it (an open fd, the cwd) still opens, as on Linux;
        // reading it then reports ENOENT.
        if (!(e instanceof HostError && e.errno === Errno.ENOENT && this.isDeleted())) throw e;
      }
      return new DirFile(flags, dentry);
    }
    if (flags & O_DIRECTORY) fail(Errno.ENOTDIR);
    if (this.type !== S_IFREG) fail(Errno.ENXIO); // host fifos/devices would block or escape the machine
    const hostFlags = (flags & (O_ACCMODE | O_APPEND | O_TRUNC | O_DSYNC | O_SYNC)) | O_NOFOLLOW;
    const h = this.fs.open(this.hostPath, hostFlags, 0);
    return new HostRegularFile(flags, dentry, this.sb, h);
  }
}

export class HostRegularFile extends OpenFile {
  private closed = false;
  constructor(flags: number, dentry: Dentry | null, readonly sb: HostSuperBlock, readonly handle: number) {
    super(flags, dentry);
  }
  private get fs() {
    return this.sb.host.fs;
  }
  stat(): Stat {
    return this.fs.fstat(this.handle);
  }
  /** "dev:ino" of the open file in the mm's page cache (fixed while the handle is open), found on first need. */
  private cacheKey: string | null = null;
  private pageCacheKey(): string {
    if (this.cacheKey === null) {
      const st = this.stat();
      this.cacheKey = fileCacheKey(st.dev, st.ino);
    }
    return this.cacheKey;
  }
  // read/write/truncate stay coherent with MAP_SHARED mappings of the file (src/mm/page-cache.ts):
  // the mapped pages are newer than the host file until they are written back.
  override pread(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.readable) fail(Errno.EBADF);
    const n = this.fs.read(this.handle, buf, 0, buf.length, off);
    if (n > 0 && pageCacheActive()) readThroughCache(this.pageCacheKey(), off, buf, n);
    return n;
  }
  override pwrite(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.writable) fail(Errno.EBADF);
    const n = this.fs.write(this.handle, buf, 0, buf.length, off);
    if (n > 0 && pageCacheActive()) writeThroughCache(this.pageCacheKey(), off, n === buf.length ? buf : buf.subarray(0, n));
    return n;
  }
  override truncate(len: number): void {
    const old = pageCacheActive() ? this.stat().size : -1;
    this.fs.ftruncate(this.handle, len);
    if (old >= 0) truncateCache(this.pageCacheKey(), len, old);
  }
  override fsync(): void {
    this.fs.fsync(this.handle);
  }
  protected override release(): void {
    if (!this.closed) {
      this.closed = true;
      try { this.fs.close(this.handle); } catch { /* already gone */ }
    }
  }
  /**
   * Mappings are paged in lazily, long after the guest may have closed its fd, so a mapping holds
   * a reference on this description (and its host handle) until the memory manager calls
   * release() for it.
   */
  override mappedFile(): MappedFileLike {
    const st = this.stat();
    const writable = (this.flags & O_ACCMODE) === O_RDWR;
    this.get();
    let held = true;
    return {
      release: () => {
        if (held) {
          held = false;
          this.put();
        }
      },
      size: () => this.fs.fstat(this.handle).size,
      readAt: (off, buf) => {
        let done = 0;
        while (done < buf.length) {
          const n = this.fs.read(this.handle, buf, done, buf.length - done, off + done);
          if (n <= 0) break;
          done += n;
        }
        return done;
      },
      writeAt: writable ? (off, buf) => this.fs.write(this.handle, buf, 0, buf.length, off) : undefined,
      dev: st.dev,
      ino: st.ino,
      path: this.path(),
    };
  }
}

export function createHostfs(host: Host, rootPath: string): { sb: HostSuperBlock; root: HostNode } {
  const sb = new HostSuperBlock(host, rootPath);
  const st = host.fs.stat(rootPath);
  if ((st.mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR);
  return { sb, root: new HostNode(sb, rootPath, S_IFDIR) };
}
