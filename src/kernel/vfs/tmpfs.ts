// tmpfs: files that live in the machine's memory. devfs builds on it (device nodes are TmpDevice).
import { Errno } from "../../abi/errno.js";
import { fileCacheKey, pageCacheActive, readThroughCache, truncateCache, writeThroughCache } from "../../mm/page-cache.js";
import {
  RENAME_EXCHANGE, RENAME_NOREPLACE, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, modeToDtype,
} from "../../abi/fcntl.js";
import type { HostStatfs } from "../../host/types.js";
import { DirFile, OpenFile, PathFile, type MappedFileLike } from "../file.js";
import { O_PATH, O_TRUNC, O_ACCMODE, O_RDONLY } from "../../abi/fcntl.js";
import type { VfsTask } from "./task-view.js";
import { Dentry, fail, VNode, type DirEntry, type SetAttr, type Stat, type SuperBlock, type WalkCtx } from "./node.js";

export type Clock = () => number; // realtime in ms

let nextTmpDev = 40;

export class TmpSuperBlock implements SuperBlock {
  readonly dev: number;
  private nextIno = 2;
  constructor(readonly type: string, readonly clock: Clock, dev?: number) {
    this.dev = dev ?? nextTmpDev++;
  }
  ino(): number {
    return this.nextIno++;
  }
  now(): [number, number] {
    const ms = this.clock();
    const sec = Math.floor(ms / 1000);
    return [sec, Math.floor((ms - sec * 1000) * 1e6)];
  }
  statfs(): HostStatfs {
    return { type: this.type === "tmpfs" ? 0x01021994 : 0x1373, bsize: 4096, blocks: 262144, bfree: 262144, bavail: 262144, files: 65536, ffree: 65000, namelen: 255 };
  }
}

export abstract class TmpNode extends VNode {
  readonly ino: number;
  mode: number;
  uid: number;
  gid: number;
  nlink = 1;
  rdev = 0;
  atime: [number, number];
  mtime: [number, number];
  ctime: [number, number];
  readonly btime: [number, number];

  constructor(readonly sb: TmpSuperBlock, mode: number, uid: number, gid: number, ino?: number) {
    super();
    this.ino = ino ?? sb.ino();
    this.mode = mode;
    this.uid = uid;
    this.gid = gid;
    const now = sb.now();
    this.atime = now;
    this.mtime = now;
    this.ctime = now;
    this.btime = now;
  }
  fileType(): number {
    return this.mode & S_IFMT;
  }
  dataSize(): number {
    return 0;
  }
  getattr(): Stat {
    const size = this.dataSize();
    return {
      dev: this.sb.dev, ino: this.ino, mode: this.mode, nlink: this.nlink, uid: this.uid, gid: this.gid,
      rdev: this.rdev, size, blksize: 4096, blocks: Math.ceil(size / 4096) * 8,
      atimeSec: this.atime[0], atimeNsec: this.atime[1], mtimeSec: this.mtime[0], mtimeNsec: this.mtime[1],
      ctimeSec: this.ctime[0], ctimeNsec: this.ctime[1], birthtimeSec: this.btime[0], birthtimeNsec: this.btime[1],
    };
  }
  override isDeleted(): boolean {
    return this.nlink === 0;
  }
  touch(m = true): void {
    const now = this.sb.now();
    if (m) this.mtime = now;
    this.ctime = now;
  }
  override setattr(_ctx: WalkCtx, a: SetAttr): void {
    if (a.size !== undefined) {
      if (!(this instanceof TmpFile)) fail(this.isDir() ? Errno.EISDIR : Errno.EINVAL);
      this.resize(a.size);
      this.touch();
    }
    if (a.mode !== undefined) this.mode = (this.mode & S_IFMT) | (a.mode & 0o7777);
    if (a.uid !== undefined && a.uid !== -1) this.uid = a.uid;
    if (a.gid !== undefined && a.gid !== -1) this.gid = a.gid;
    if (a.atime) this.atime = a.atime;
    if (a.mtime) this.mtime = a.mtime;
    this.ctime = this.sb.now();
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    fail(Errno.ENXIO);
  }
}

function owner(ctx: WalkCtx): [number, number] {
  return ctx.creds ? [ctx.creds.fsuid, ctx.creds.fsgid] : [0, 0];
}

export class TmpDir extends TmpNode {
  readonly children = new Map<string, TmpNode>();
  constructor(sb: TmpSuperBlock, mode: number, uid = 0, gid = 0) {
    super(sb, S_IFDIR | (mode & 0o7777), uid, gid);
    this.nlink = 2;
  }
  override dataSize(): number {
    return 40 + this.children.size * 20;
  }
  override lookup(_ctx: WalkCtx, name: string): VNode | null {
    return this.children.get(name) ?? null;
  }
  override readdir(): DirEntry[] {
    const out: DirEntry[] = [];
    for (const [name, n] of this.children) out.push({ name, ino: n.ino, type: modeToDtype(n.mode) });
    return out;
  }
  private add(name: string, node: TmpNode): void {
    if (this.children.has(name)) fail(Errno.EEXIST);
    this.children.set(name, node);
    if (node instanceof TmpDir) this.nlink++;
    this.touch();
  }
  override create(ctx: WalkCtx, dir: Dentry, name: string, mode: number, flags: number): OpenFile {
    const f = this.createFile(ctx, name, mode);
    return f.open(ctx, new Dentry(name, dir, dir.mount, f), flags);
  }
  override createTmpfile(ctx: WalkCtx, dir: Dentry, mode: number, flags: number): OpenFile {
    const [u, g] = owner(ctx);
    const f = new TmpFile(this.sb, mode, u, g);
    f.nlink = 0;
    return f.open(ctx, new Dentry(`#${f.ino}`, dir, dir.mount, f), flags);
  }
  createFile(ctx: WalkCtx, name: string, mode: number): TmpFile {
    const [u, g] = owner(ctx);
    const f = new TmpFile(this.sb, mode, u, g);
    this.add(name, f);
    return f;
  }
  override mkdir(ctx: WalkCtx, name: string, mode: number): void {
    const [u, g] = owner(ctx);
    this.add(name, new TmpDir(this.sb, mode, u, g));
  }
  override mknod(ctx: WalkCtx, name: string, mode: number, _rdev: number): void {
    const type = mode & S_IFMT;
    if (type === S_IFREG || type === 0) {
      this.createFile(ctx, name, mode);
      return;
    }
    if (type === S_IFIFO || type === S_IFSOCK) {
      const [u, g] = owner(ctx);
      this.add(name, new TmpSpecial(this.sb, type | (mode & 0o7777), u, g));
      return;
    }
    fail(Errno.EPERM);
  }
  override symlink(ctx: WalkCtx, name: string, target: string): void {
    const [u, g] = owner(ctx);
    this.add(name, new TmpSymlink(this.sb, target, u, g));
  }
  override link(_ctx: WalkCtx, name: string, target: VNode): void {
    if (!(target instanceof TmpNode) || target.sb !== this.sb) fail(Errno.EXDEV);
    if (target.isDir()) fail(Errno.EPERM);
    this.add(name, target);
    target.nlink++;
    target.touch(false);
  }
  override unlink(_ctx: WalkCtx, name: string): void {
    const n = this.children.get(name);
    if (!n) fail(Errno.ENOENT);
    if (n.isDir()) fail(Errno.EISDIR);
    this.children.delete(name);
    n.nlink--;
    n.touch(false);
    this.touch();
  }
  override rmdir(_ctx: WalkCtx, name: string): void {
    const n = this.children.get(name);
    if (!n) fail(Errno.ENOENT);
    if (!(n instanceof TmpDir)) fail(Errno.ENOTDIR);
    if (n.children.size > 0) fail(Errno.ENOTEMPTY);
    this.children.delete(name);
    this.nlink--;
    n.nlink = 0;
    this.touch();
  }
  override rename(_ctx: WalkCtx, name: string, newDir: VNode, newName: string, flags: number): void {
    if (!(newDir instanceof TmpDir) || newDir.sb !== this.sb) fail(Errno.EXDEV);
    const src = this.children.get(name);
    if (!src) fail(Errno.ENOENT);
    const dst = newDir.children.get(newName);
    if (flags & RENAME_EXCHANGE) {
      if (!dst) fail(Errno.ENOENT);
      this.children.set(name, dst);
      newDir.children.set(newName, src);
      if (src.isDir() !== dst.isDir() && this !== newDir) {
        const d = src.isDir() ? 1 : -1;
        newDir.nlink += d;
        this.nlink -= d;
      }
      this.touch();
      newDir.touch();
      return;
    }
    if (dst) {
      if (flags & RENAME_NOREPLACE) fail(Errno.EEXIST);
      if (dst === src) return;
      if (src.isDir()) {
        if (!(dst instanceof TmpDir)) fail(Errno.ENOTDIR);
        if (dst.children.size > 0) fail(Errno.ENOTEMPTY);
        newDir.nlink--;
      } else if (dst.isDir()) fail(Errno.EISDIR);
      dst.nlink--;
    }
    this.children.delete(name);
    newDir.children.set(newName, src);
    if (src.isDir()) {
      this.nlink--;
      newDir.nlink++;
    }
    src.touch(false);
    this.touch();
    newDir.touch();
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    return new DirFile(flags, dentry);
  }
}

export class TmpSymlink extends TmpNode {
  constructor(sb: TmpSuperBlock, readonly target: string, uid = 0, gid = 0) {
    super(sb, S_IFLNK | 0o777, uid, gid);
  }
  override dataSize(): number {
    return this.target.length;
  }
  override readlink(): string {
    return this.target;
  }
}

export class TmpFile extends TmpNode {
  data = new Uint8Array(0);
  size = 0;
  constructor(sb: TmpSuperBlock, mode: number, uid = 0, gid = 0) {
    super(sb, S_IFREG | (mode & 0o7777), uid, gid);
  }
  override dataSize(): number {
    return this.size;
  }
  resize(len: number): void {
    // Shared mappings of this file lose the pages past the new end (SIGBUS on touch).
    if (pageCacheActive()) truncateCache(fileCacheKey(this.sb.dev, this.ino), len, this.size);
    if (len > this.data.length) this.grow(len);
    else if (len < this.size) this.data.fill(0, len, this.size);
    this.size = len;
  }
  private grow(need: number): void {
    if (need > 0x7fffffff) fail(Errno.EFBIG);
    let cap = Math.max(this.data.length * 2, 4096);
    while (cap < need) cap *= 2;
    const d = new Uint8Array(Math.min(cap, Math.max(need, 0x7fffffff)));
    d.set(this.data.subarray(0, this.size));
    this.data = d;
  }
  readAt(off: number, buf: Uint8Array): number {
    if (off >= this.size) return 0;
    const n = Math.min(buf.length, this.size - off);
    buf.set(this.data.subarray(off, off + n));
    return n;
  }
  writeAt(off: number, buf: Uint8Array): number {
    const end = off + buf.length;
    if (end > this.data.length) this.grow(end);
    this.data.set(buf, off);
    if (end > this.size) this.size = end;
    this.touch();
    return buf.length;
  }
  override open(_ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    if ((flags & O_TRUNC) && (flags & O_ACCMODE) !== O_RDONLY) this.resize(0);
    return new TmpRegularFile(flags, dentry, this);
  }
}

export class TmpRegularFile extends OpenFile {
  constructor(flags: number, dentry: Dentry, readonly node: TmpFile) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.node.getattr();
  }
  // read/write see the same bytes as shared mappings of the file (one page cache, as on Linux).
  override pread(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.readable) fail(Errno.EBADF);
    const n = this.node.readAt(off, buf);
    if (n > 0 && pageCacheActive()) readThroughCache(this.cacheKey(), off, buf, n);
    return n;
  }
  override pwrite(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.writable) fail(Errno.EBADF);
    const n = this.node.writeAt(off, buf);
    if (n > 0 && pageCacheActive()) writeThroughCache(this.cacheKey(), off, n === buf.length ? buf : buf.subarray(0, n));
    return n;
  }
  private cacheKey(): string {
    return fileCacheKey(this.node.sb.dev, this.node.ino);
  }
  override truncate(len: number): void {
    this.node.resize(len);
    this.node.touch();
  }
  override mappedFile(): MappedFileLike {
    const node = this.node;
    return {
      size: () => node.size,
      readAt: (off, buf) => node.readAt(off, buf),
      writeAt: (off, buf) => node.writeAt(off, buf),
      dev: node.sb.dev,
      ino: node.ino,
      path: this.path(),
    };
  }
}

/** A FIFO or socket inode: the VFS opens it through Vfs.specialOpen (pipes, sockets). */
export class TmpSpecial extends TmpNode {
  override get isSpecialFile(): boolean {
    return true;
  }
}

/** A character device node whose open() makes a device file (devfs). */
export class TmpDevice extends TmpNode {
  constructor(
    sb: TmpSuperBlock,
    mode: number,
    rdev: number,
    readonly opener: (ctx: WalkCtx, dentry: Dentry, flags: number) => OpenFile,
    owner: [number, number] = [0, 0],
    ino?: number,
  ) {
    super(sb, S_IFCHR | (mode & 0o7777), owner[0], owner[1], ino);
    this.rdev = rdev;
  }
  override open(ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile {
    if (flags & O_PATH) return new PathFile(flags, dentry);
    return this.opener(ctx, dentry, flags);
  }
}

export function createTmpfs(clock: Clock, type = "tmpfs", mode = 0o1777): { sb: TmpSuperBlock; root: TmpDir } {
  const sb = new TmpSuperBlock(type, clock);
  return { sb, root: new TmpDir(sb, mode) };
}
