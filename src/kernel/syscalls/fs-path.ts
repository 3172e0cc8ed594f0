// File syscalls on path names: open, the stat family, directories, links, names, rights and times.
import { Errno } from "../../abi/errno.js";
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_REMOVEDIR, AT_STATX_SYNC_TYPE, AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW, O_CREAT, O_LARGEFILE, O_TRUNC, O_WRONLY, O_CLOEXEC, RENAME_EXCHANGE, RENAME_NOREPLACE,
  RENAME_WHITEOUT, S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, STATX__RESERVED, StatfsLayout, UTIME_NOW, UTIME_OMIT, W_OK,
  X_OK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK,
} from "../../abi/fcntl.js";
import type { OpenFile } from "../file.js";
import { binToBytes, Dentry, permits, type SetAttr, type Stat } from "../vfs/node.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { ParentLookup, Walker } from "../vfs/vfs.js";
import { HostRegularFile } from "../vfs/hostfs.js";
import {
  dirfdBase, encodeStat, encodeStatx, fail, handler, pathArg, readS64, resolveAt, setS64, targetStat, walker,
  type Target,
} from "./fs-common.js";
import type { SyscallHandlers } from "./types.js";
import { Rlim } from "../rlimits.js";
import { raiseXfsz } from "./fs-io.js";

function doOpen(t: VfsTask, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const path = pathArg(t, pathAddr);
  const base = dirfdBase(t, dirfd, path);
  const file = t.kernel.vfs.open(walker(t), path, base, flags | O_LARGEFILE, mode);
  try {
    return t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    file.get();
    file.put();
    throw e;
  }
}

function writeStatTo(t: VfsTask, addr: number, st: Stat): number {
  t.mm.copyOut(addr, encodeStat(st));
  return 0;
}

function parentAt(t: VfsTask, dirfd: number, pathAddr: number): ParentLookup & { w: Walker } {
  const path = pathArg(t, pathAddr);
  const base = dirfdBase(t, dirfd, path);
  const w = walker(t);
  return { ...t.kernel.vfs.resolveParent(w, path, base), w };
}

function isMountPoint(t: VfsTask, d: Dentry): boolean {
  return d.path !== "/" && t.kernel.vfs.mounts.has(d.path);
}

/** In a sticky directory only the owner of an entry (or of the directory) may remove or rename it. */
function checkSticky(t: VfsTask, dir: Dentry, victim: Dentry): void {
  if (dir.node.hostJudges(t.process.creds)) return;
  const ds = dir.node.getattr();
  if ((ds.mode & 0o1000) === 0) return;
  const uid = t.process.creds.fsuid;
  if (uid === 0 || uid === ds.uid || uid === victim.node.getattr().uid) return;
  fail(Errno.EPERM);
}

function doMkdir(t: VfsTask, dirfd: number, pathAddr: number, mode: number): number {
  const p = parentAt(t, dirfd, pathAddr);
  if (p.name === "" || p.name === "." || p.name === "..") fail(Errno.EEXIST);
  if (t.kernel.vfs.lookupChild(p.w, p.dir, p.name)) fail(Errno.EEXIST);
  t.kernel.vfs.checkDirWritable(p.w, p.dir);
  p.dir.node.mkdir(p.w, p.name, mode & ~t.process.fs.umask & 0o7777);
  return 0;
}

function doMknod(t: VfsTask, dirfd: number, pathAddr: number, mode: number, dev: number): number {
  const type = mode & S_IFMT;
  if (type !== 0 && type !== S_IFREG && type !== S_IFCHR && type !== S_IFBLK && type !== S_IFIFO && type !== S_IFSOCK) fail(Errno.EINVAL);
  const p = parentAt(t, dirfd, pathAddr);
  if (p.name === "" || p.name === "." || p.name === ".." || p.trailingSlash) fail(Errno.EEXIST);
  if (t.kernel.vfs.lookupChild(p.w, p.dir, p.name)) fail(Errno.EEXIST);
  t.kernel.vfs.checkDirWritable(p.w, p.dir);
  p.dir.node.mknod(p.w, p.name, (mode & S_IFMT) | (mode & ~t.process.fs.umask & 0o7777), dev);
  return 0;
}

function doRmdir(t: VfsTask, dirfd: number, pathAddr: number): number {
  const p = parentAt(t, dirfd, pathAddr);
  if (p.name === "") fail(Errno.EBUSY);
  if (p.name === ".") fail(Errno.EINVAL);
  if (p.name === "..") fail(Errno.ENOTEMPTY);
  const child = t.kernel.vfs.lookupChild(p.w, p.dir, p.name);
  if (!child) fail(Errno.ENOENT);
  if (!child.node.isDir()) fail(Errno.ENOTDIR);
  if (isMountPoint(t, child)) fail(Errno.EBUSY);
  t.kernel.vfs.checkDirWritable(p.w, p.dir);
  checkSticky(t, p.dir, child);
  p.dir.node.rmdir(p.w, p.name);
  return 0;
}

function doUnlink(t: VfsTask, dirfd: number, pathAddr: number): number {
  const p = parentAt(t, dirfd, pathAddr);
  if (p.name === "" || p.name === "." || p.name === "..") fail(Errno.EISDIR);
  const child = t.kernel.vfs.lookupChild(p.w, p.dir, p.name);
  if (!child) fail(Errno.ENOENT);
  if (child.node.isDir()) fail(Errno.EISDIR);
  if (p.trailingSlash) fail(Errno.ENOTDIR);
  if (isMountPoint(t, child)) fail(Errno.EBUSY);
  t.kernel.vfs.checkDirWritable(p.w, p.dir);
  checkSticky(t, p.dir, child);
  p.dir.node.unlink(p.w, p.name);
  return 0;
}

function doRename(t: VfsTask, olddirfd: number, oldAddr: number, newdirfd: number, newAddr: number, flags: number): number {
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) fail(Errno.EINVAL);
  if (flags & RENAME_EXCHANGE && flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) fail(Errno.EINVAL);
  if (flags & RENAME_WHITEOUT) fail(Errno.EPERM);
  const vfs = t.kernel.vfs;
  const o = parentAt(t, olddirfd, oldAddr);
  const n = parentAt(t, newdirfd, newAddr);
  if (o.dir.mount !== n.dir.mount) fail(Errno.EXDEV);
  const normal = (x: string) => x !== "" && x !== "." && x !== "..";
  if (!normal(o.name)) fail(Errno.EBUSY);
  if (!normal(n.name)) fail(flags & RENAME_NOREPLACE ? Errno.EEXIST : Errno.EBUSY);
  const src = vfs.lookupChild(o.w, o.dir, o.name);
  if (!src) fail(Errno.ENOENT);
  const dst = vfs.lookupChild(n.w, n.dir, n.name);
  if (flags & RENAME_EXCHANGE && !dst) fail(Errno.ENOENT);
  if (flags & RENAME_NOREPLACE && dst) fail(Errno.EEXIST);
  if (!src.node.isDir() && (o.trailingSlash || n.trailingSlash)) fail(Errno.ENOTDIR);
  if (isMountPoint(t, src) || (dst && isMountPoint(t, dst))) fail(Errno.EBUSY);
  // A directory cannot move inside itself.
  if (src.node.isDir() && (n.dir.path === src.path || n.dir.path.startsWith(src.path + "/"))) fail(Errno.EINVAL);
  if (dst && flags & RENAME_EXCHANGE && dst.node.isDir() && (o.dir.path === dst.path || o.dir.path.startsWith(dst.path + "/"))) fail(Errno.EINVAL);
  if (dst && !(flags & RENAME_EXCHANGE)) {
    if (src.node.isDir() && !dst.node.isDir()) fail(Errno.ENOTDIR);
    if (!src.node.isDir() && dst.node.isDir()) fail(Errno.EISDIR);
    if (src.path === dst.path) return 0;
  }
  vfs.checkDirWritable(o.w, o.dir);
  vfs.checkDirWritable(n.w, n.dir);
  checkSticky(t, o.dir, src);
  if (dst) checkSticky(t, n.dir, dst);
  o.dir.node.rename(o.w, o.name, n.dir.node, n.name, flags);
  return 0;
}

function doLink(t: VfsTask, olddirfd: number, oldAddr: number, newdirfd: number, newAddr: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const src = resolveAt(t, olddirfd, oldAddr, flags, (flags & AT_SYMLINK_FOLLOW) !== 0);
  if (!src.dentry) fail(Errno.ENOENT);
  if (src.dentry.node.isDir()) fail(Errno.EPERM);
  const n = parentAt(t, newdirfd, newAddr);
  if (n.name === "" || n.name === "." || n.name === "..") fail(Errno.EEXIST);
  if (t.kernel.vfs.lookupChild(n.w, n.dir, n.name)) fail(Errno.EEXIST);
  if (n.trailingSlash) fail(Errno.ENOENT);
  if (n.dir.mount !== src.dentry.mount) fail(Errno.EXDEV);
  t.kernel.vfs.checkDirWritable(n.w, n.dir);
  n.dir.node.link(n.w, n.name, src.dentry.node);
  return 0;
}

function doSymlink(t: VfsTask, targetAddr: number, newdirfd: number, newAddr: number): number {
  const target = pathArg(t, targetAddr);
  if (target.length === 0) fail(Errno.ENOENT);
  const n = parentAt(t, newdirfd, newAddr);
  if (n.name === "" || n.name === "." || n.name === "..") fail(Errno.EEXIST);
  if (t.kernel.vfs.lookupChild(n.w, n.dir, n.name)) fail(Errno.EEXIST);
  if (n.trailingSlash) fail(Errno.ENOENT);
  t.kernel.vfs.checkDirWritable(n.w, n.dir);
  n.dir.node.symlink(n.w, n.name, target);
  return 0;
}

function doReadlink(t: VfsTask, dirfd: number, pathAddr: number, buf: number, size: number): number {
  if (size <= 0) fail(Errno.EINVAL);
  // An empty path names dirfd itself, which only helps when dirfd is an O_PATH symlink: with
  // AT_FDCWD (a directory) Linux answers ENOENT, like for any other non-symlink dirfd.
  const tg = resolveAt(t, dirfd, pathAddr, dirfd === AT_FDCWD ? 0 : AT_EMPTY_PATH, false);
  const d = tg.dentry;
  if (!d) fail(Errno.EINVAL);
  if (tg.file && !d.node.isSymlink()) fail(Errno.ENOENT);
  if (!d.node.isSymlink()) fail(Errno.EINVAL);
  const text = binToBytes(d.node.readlink(walker(t)));
  const n = Math.min(text.length, size);
  t.mm.copyOut(buf, text.subarray(0, n));
  return n;
}

function doAccess(t: VfsTask, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if (mode & ~7) fail(Errno.EINVAL);
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  // access(2) asks about the *real* ids (unless AT_EACCESS): the whole lookup runs with
  // fsuid/fsgid replaced by uid/gid, as Linux's access_override_creds does.
  const c = t.process.creds;
  if (flags & AT_EACCESS || (c.fsuid === c.uid && c.fsgid === c.gid)) return accessCheck(t, dirfd, pathAddr, mode, flags);
  t.process.creds = { ...c, fsuid: c.uid, fsgid: c.gid };
  try {
    return accessCheck(t, dirfd, pathAddr, mode, flags);
  } finally {
    t.process.creds = c;
  }
}

function accessCheck(t: VfsTask, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  const tg = resolveAt(t, dirfd, pathAddr, flags, (flags & AT_SYMLINK_NOFOLLOW) === 0);
  const d = tg.dentry;
  if (!d) return 0;
  const type = d.node.fileType();
  if (mode & W_OK && d.mount.readonly && (type === S_IFREG || type === S_IFDIR || type === S_IFLNK)) fail(Errno.EROFS);
  // A symlink itself (AT_SYMLINK_NOFOLLOW) is always rwxrwxrwx.
  if (type === S_IFLNK) return 0;
  d.node.access(walker(t), mode);
  return 0;
}

/** Ownership rule of chmod/utimes on sysgate's own filesystems (the host checks its own). */
function requireOwner(t: VfsTask, d: Dentry): void {
  if (d.node.hostJudges(t.process.creds)) return;
  const c = t.process.creds;
  if (c.fsuid !== 0 && c.fsuid !== d.node.getattr().uid) fail(Errno.EPERM);
}

function setattr(t: VfsTask, d: Dentry | null, attr: SetAttr): number {
  if (!d) return 0; // pipes and anonymous inodes: nothing to keep
  if (d.mount.readonly) fail(Errno.EROFS);
  d.node.setattr(walker(t), attr);
  return 0;
}

/** The host handle behind a descriptor target (fchmod, fchown act through it), if any. */
function hostHandle(tg: Target): number | undefined {
  return tg.file instanceof HostRegularFile ? tg.file.handle : undefined;
}

function doChmod(t: VfsTask, tg: Target, mode: number): number {
  if (tg.dentry) requireOwner(t, tg.dentry);
  const handle = hostHandle(tg);
  return setattr(t, tg.dentry, handle === undefined ? { mode: mode & 0o7777 } : { mode: mode & 0o7777, handle });
}

function doChown(t: VfsTask, tg: Target, uid: number, gid: number): number {
  const d = tg.dentry;
  if (d && !d.node.hostJudges(t.process.creds)) {
    const c = t.process.creds;
    const st = d.node.getattr();
    if (c.fsuid !== 0) {
      if (uid !== -1 && uid !== st.uid) fail(Errno.EPERM);
      if (gid !== -1 && gid !== st.gid && c.fsgid !== gid && !c.groups.includes(gid)) fail(Errno.EPERM);
      if (st.uid !== c.fsuid && (uid !== -1 || gid !== -1)) fail(Errno.EPERM);
    }
  }
  const handle = hostHandle(tg);
  return setattr(t, d, handle === undefined ? { uid, gid } : { uid, gid, handle });
}

function fileTarget(t: VfsTask, fd: number, allowPath = false): Target {
  const f: OpenFile = t.process.fds.file(fd);
  if (f.isPath && !allowPath) fail(Errno.EBADF);
  return { dentry: f.dentry, file: f };
}

/** Read timespec[2] (utimensat) → [atime, mtime], each [sec, nsec] or null (omit). */
function readTimes(t: VfsTask, addr: number, usec: boolean): { at: [number, number] | null; mt: [number, number] | null; explicit: boolean } {
  const now = (): [number, number] => {
    const ms = t.kernel.vfs.options.now?.() ?? t.kernel.host.realtimeMs();
    const s = Math.floor(ms / 1000);
    return [s, Math.floor((ms - s * 1000) * 1e6)];
  };
  if (addr === 0) return { at: now(), mt: now(), explicit: false };
  const b = t.mm.copyIn(addr, 32);
  const dv = new DataView(b.buffer, b.byteOffset, 32);
  const get = (i: number): [number, number] | null => {
    const sec = dv.getInt32(i * 16 + 4, true) * 4294967296 + dv.getUint32(i * 16, true);
    const frac = dv.getInt32(i * 16 + 12, true) * 4294967296 + dv.getUint32(i * 16 + 8, true);
    if (usec) {
      if (frac < 0 || frac >= 1_000_000) fail(Errno.EINVAL);
      return [sec, frac * 1000];
    }
    if (frac === UTIME_NOW) return now();
    if (frac === UTIME_OMIT) return null;
    if (frac < 0 || frac >= 1_000_000_000) fail(Errno.EINVAL);
    return [sec, frac];
  };
  const at = get(0), mt = get(1);
  const raw = (i: number) => dv.getInt32(i * 16 + 12, true) * 4294967296 + dv.getUint32(i * 16 + 8, true);
  const explicit = usec || !((raw(0) === UTIME_NOW || raw(0) === UTIME_OMIT) && (raw(1) === UTIME_NOW || raw(1) === UTIME_OMIT));
  return { at, mt, explicit };
}

function doUtimes(t: VfsTask, tg: Target, times: { at: [number, number] | null; mt: [number, number] | null; explicit: boolean }): number {
  const d = tg.dentry;
  if (!times.at && !times.mt) return 0;
  if (d && !d.node.hostJudges(t.process.creds)) {
    const c = t.process.creds;
    const st = d.node.getattr();
    if (c.fsuid !== 0 && c.fsuid !== st.uid) {
      if (times.explicit) fail(Errno.EPERM);
      if (!permits(st, c, W_OK)) fail(Errno.EACCES);
    }
  }
  const attr: SetAttr = {};
  if (times.at) attr.atime = times.at;
  if (times.mt) attr.mtime = times.mt;
  return setattr(t, d, attr);
}

function doTruncate(t: VfsTask, pathAddr: number, len: number): number {
  if (len < 0) fail(Errno.EINVAL);
  const tg = resolveAt(t, AT_FDCWD, pathAddr, 0, true);
  const d = tg.dentry!;
  if (d.node.isDir()) fail(Errno.EISDIR);
  if (!d.node.isRegular()) fail(Errno.EINVAL);
  if (d.mount.readonly) fail(Errno.EROFS);
  if (!d.node.hostJudges(t.process.creds)) d.node.access(walker(t), W_OK);
  if (len > (t.process.rlimits[Rlim.FSIZE]?.cur ?? Infinity)) {
    raiseXfsz(t);
    fail(Errno.EFBIG);
  }
  d.node.setattr(walker(t), { size: len });
  return 0;
}

function writeStatfs(t: VfsTask, addr: number, d: Dentry | null, file: OpenFile | null): number {
  const s = d ? (d.node.sb.statfs()) : { type: 0x50495045, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, namelen: 255 };
  const b = new Uint8Array(StatfsLayout.size);
  const dv = new DataView(b.buffer);
  const L = StatfsLayout;
  setS64(dv, L.type, s.type);
  setS64(dv, L.bsize, s.bsize);
  setS64(dv, L.blocks, s.blocks);
  setS64(dv, L.bfree, s.bfree);
  setS64(dv, L.bavail, s.bavail);
  setS64(dv, L.files, s.files);
  setS64(dv, L.ffree, s.ffree);
  const dev = d ? d.node.sb.dev : file ? file.stat().dev : 0;
  dv.setUint32(L.fsid, dev >>> 0, true);
  setS64(dv, L.namelen, s.namelen);
  setS64(dv, L.frsize, s.bsize);
  // ST_VALID | ST_RELATIME, plus ST_RDONLY on read-only mounts.
  setS64(dv, L.flags, 0x20 | 0x400 | (d?.mount.readonly ? 1 : 0));
  t.mm.copyOut(addr, b);
  return 0;
}

function changeDir(t: VfsTask, d: Dentry): number {
  if (!d.node.isDir()) fail(Errno.ENOTDIR);
  d.node.access(walker(t), X_OK);
  t.process.fs.cwd = d;
  return 0;
}

export const pathSyscalls: SyscallHandlers = {
  open: handler((t, a) => doOpen(t, AT_FDCWD, a.ptr(0), a.uint(1), a.uint(2))),
  openat: handler((t, a) => doOpen(t, a.int(0), a.ptr(1), a.uint(2), a.uint(3))),
  creat: handler((t, a) => doOpen(t, AT_FDCWD, a.ptr(0), O_CREAT | O_WRONLY | O_TRUNC, a.uint(1))),

  stat: handler((t, a) => writeStatTo(t, a.ptr(1), targetStat(resolveAt(t, AT_FDCWD, a.ptr(0), 0, true)))),
  lstat: handler((t, a) => writeStatTo(t, a.ptr(1), targetStat(resolveAt(t, AT_FDCWD, a.ptr(0), 0, false)))),
  fstat: handler((t, a) => writeStatTo(t, a.ptr(1), t.process.fds.file(a.int(0)).stat())),
  newfstatat: handler((t, a) => {
    const flags = a.int(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) fail(Errno.EINVAL);
    return writeStatTo(t, a.ptr(2), targetStat(resolveAt(t, a.int(0), a.ptr(1), flags, (flags & AT_SYMLINK_NOFOLLOW) === 0)));
  }),
  statx: handler((t, a) => {
    const flags = a.int(2), mask = a.uint(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) fail(Errno.EINVAL);
    if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) fail(Errno.EINVAL);
    if (mask & STATX__RESERVED) fail(Errno.EINVAL);
    const tg = resolveAt(t, a.int(0), a.ptr(1), flags, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    const st = targetStat(tg);
    const mnt = tg.dentry ? tg.dentry.mount.id : 15;
    const btime = st.birthtimeSec !== 0 || st.birthtimeNsec !== 0;
    t.mm.copyOut(a.ptr(4), encodeStatx(st, mnt, btime));
    return 0;
  }),

  getcwd: handler((t, a) => {
    const cwd = t.process.fs.cwd;
    if (cwd.node.isDeleted()) fail(Errno.ENOENT);
    const path = binToBytes(cwd.path);
    const size = a.u64(1);
    if (path.length + 1 > size) fail(Errno.ERANGE);
    const out = new Uint8Array(path.length + 1);
    out.set(path);
    t.mm.copyOut(a.ptr(0), out);
    return out.length;
  }),
  chdir: handler((t, a) => changeDir(t, resolveAt(t, AT_FDCWD, a.ptr(0), 0, true).dentry!)),
  fchdir: handler((t, a) => {
    const f = t.process.fds.file(a.int(0));
    if (!f.dentry) fail(Errno.ENOTDIR);
    return changeDir(t, f.dentry);
  }),
  chroot: handler((t, a) => {
    const d = resolveAt(t, AT_FDCWD, a.ptr(0), 0, true).dentry!;
    if (!d.node.isDir()) fail(Errno.ENOTDIR);
    d.node.access(walker(t), X_OK);
    if (t.process.creds.euid !== 0) fail(Errno.EPERM);
    t.process.fs.root = d;
    return 0;
  }),

  mkdir: handler((t, a) => doMkdir(t, AT_FDCWD, a.ptr(0), a.uint(1))),
  mkdirat: handler((t, a) => doMkdir(t, a.int(0), a.ptr(1), a.uint(2))),
  mknod: handler((t, a) => doMknod(t, AT_FDCWD, a.ptr(0), a.uint(1), a.u64(2))),
  mknodat: handler((t, a) => doMknod(t, a.int(0), a.ptr(1), a.uint(2), a.u64(3))),
  rmdir: handler((t, a) => doRmdir(t, AT_FDCWD, a.ptr(0))),
  unlink: handler((t, a) => doUnlink(t, AT_FDCWD, a.ptr(0))),
  unlinkat: handler((t, a) => {
    const flags = a.int(2);
    if (flags & ~AT_REMOVEDIR) fail(Errno.EINVAL);
    return flags & AT_REMOVEDIR ? doRmdir(t, a.int(0), a.ptr(1)) : doUnlink(t, a.int(0), a.ptr(1));
  }),
  rename: handler((t, a) => doRename(t, AT_FDCWD, a.ptr(0), AT_FDCWD, a.ptr(1), 0)),
  renameat: handler((t, a) => doRename(t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), 0)),
  renameat2: handler((t, a) => doRename(t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), a.uint(4))),
  link: handler((t, a) => doLink(t, AT_FDCWD, a.ptr(0), AT_FDCWD, a.ptr(1), 0)),
  linkat: handler((t, a) => doLink(t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), a.int(4))),
  symlink: handler((t, a) => doSymlink(t, a.ptr(0), AT_FDCWD, a.ptr(1))),
  symlinkat: handler((t, a) => doSymlink(t, a.ptr(0), a.int(1), a.ptr(2))),
  readlink: handler((t, a) => doReadlink(t, AT_FDCWD, a.ptr(0), a.ptr(1), a.int(2))),
  readlinkat: handler((t, a) => doReadlink(t, a.int(0), a.ptr(1), a.ptr(2), a.int(3))),

  access: handler((t, a) => doAccess(t, AT_FDCWD, a.ptr(0), a.int(1), 0)),
  faccessat: handler((t, a) => doAccess(t, a.int(0), a.ptr(1), a.int(2), 0)),
  faccessat2: handler((t, a) => doAccess(t, a.int(0), a.ptr(1), a.int(2), a.int(3))),

  chmod: handler((t, a) => doChmod(t, resolveAt(t, AT_FDCWD, a.ptr(0), 0, true), a.uint(1))),
  fchmod: handler((t, a) => doChmod(t, fileTarget(t, a.int(0)), a.uint(1))),
  fchmodat: handler((t, a) => doChmod(t, resolveAt(t, a.int(0), a.ptr(1), 0, true), a.uint(2))),
  fchmodat2: handler((t, a) => {
    const flags = a.int(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
    const tg = resolveAt(t, a.int(0), a.ptr(1), flags, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    if (tg.dentry?.node.isSymlink()) fail(Errno.EOPNOTSUPP);
    return doChmod(t, tg, a.uint(2));
  }),
  chown: handler((t, a) => doChown(t, resolveAt(t, AT_FDCWD, a.ptr(0), 0, true), a.int(1), a.int(2))),
  lchown: handler((t, a) => doChown(t, resolveAt(t, AT_FDCWD, a.ptr(0), 0, false), a.int(1), a.int(2))),
  fchown: handler((t, a) => doChown(t, fileTarget(t, a.int(0)), a.int(1), a.int(2))),
  fchownat: handler((t, a) => {
    const flags = a.int(4);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
    return doChown(t, resolveAt(t, a.int(0), a.ptr(1), flags, (flags & AT_SYMLINK_NOFOLLOW) === 0), a.int(2), a.int(3));
  }),

  truncate: handler((t, a) => doTruncate(t, a.ptr(0), a.s64(1))),
  umask: handler((t, a) => {
    const old = t.process.fs.umask;
    t.process.fs.umask = a.uint(0) & 0o777;
    return old;
  }),

  utimensat: handler((t, a) => {
    const flags = a.int(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
    let tg: Target;
    if (a.ptr(1) === 0) {
      // Linux's extension: a null path means the file dirfd refers to.
      if (a.int(0) === AT_FDCWD) fail(Errno.EFAULT);
      tg = fileTarget(t, a.int(0), true);
    } else {
      tg = resolveAt(t, a.int(0), a.ptr(1), flags, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    }
    // Linux resolves the name before it validates the times.
    return doUtimes(t, tg, readTimes(t, a.ptr(2), false));
  }),
  futimesat: handler((t, a) => {
    const times = readTimes(t, a.ptr(2), true);
    const tg = a.ptr(1) === 0 ? fileTarget(t, a.int(0), true) : resolveAt(t, a.int(0), a.ptr(1), 0, true);
    return doUtimes(t, tg, times);
  }),
  utimes: handler((t, a) => doUtimes(t, resolveAt(t, AT_FDCWD, a.ptr(0), 0, true), readTimes(t, a.ptr(1), true))),
  utime: handler((t, a) => {
    const tg = resolveAt(t, AT_FDCWD, a.ptr(0), 0, true);
    if (a.ptr(1) === 0) return doUtimes(t, tg, readTimes(t, 0, false));
    const at = readS64(t, a.ptr(1)), mt = readS64(t, a.ptr(1) + 8);
    return doUtimes(t, tg, { at: [at, 0], mt: [mt, 0], explicit: true });
  }),

  statfs: handler((t, a) => writeStatfs(t, a.ptr(1), resolveAt(t, AT_FDCWD, a.ptr(0), 0, true).dentry, null)),
  fstatfs: handler((t, a) => {
    const f = t.process.fds.file(a.int(0));
    return writeStatfs(t, a.ptr(1), f.dentry, f);
  }),
};

