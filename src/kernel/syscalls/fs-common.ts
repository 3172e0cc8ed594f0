// Shared plumbing of the file syscall families: argument decoding (paths, dirfds, user structs),
// error mapping and the struct writers (stat, statx, statfs).
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import {
  AT_EMPTY_PATH, AT_FDCWD, PATH_MAX, StatLayout, StatxLayout, STATX_BASIC_STATS, STATX_BTIME, STATX_MNT_ID,
  devMajor, devMinor,
} from "../../abi/fcntl.js";
import { HostError } from "../../host/types.js";
import type { SyscallArgs } from "../syscall-args.js";
import type { Task } from "../task.js";
import type { OpenFile } from "../file.js";
import type { SyscallHandler } from "./types.js";
import { bytesToBin, fail, vfsCall, type Dentry, type Stat } from "../vfs/node.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { Walker } from "../vfs/vfs.js";

export { fail };
export type FsHandler = (t: VfsTask, a: SyscallArgs) => number;

/** Adapt a handler written against VfsTask; HostError and SyscallError become -errno. */
export function handler(fn: FsHandler): SyscallHandler {
  return (t: Task, a: SyscallArgs) => {
    vfsCall.generation++;
    try {
      return fn(t as unknown as VfsTask, a);
    } catch (e) {
      if (e instanceof SyscallError) return -e.errno;
      if (e instanceof HostError) return -e.errno;
      throw e;
    }
  };
}

export function walker(t: VfsTask): Walker {
  return { task: t, creds: t.process.creds, fs: t.process.fs };
}

/** A path argument as a binary string: EFAULT on a bad pointer, ENAMETOOLONG past PATH_MAX. */
export function pathArg(t: VfsTask, addr: number): string {
  const b = t.mm.readString(addr, PATH_MAX);
  if (b === null) fail(Errno.ENAMETOOLONG);
  return bytesToBin(b);
}

/** The directory a relative path starts from: null = cwd (AT_FDCWD or an absolute path). */
export function dirfdBase(t: VfsTask, dirfd: number, path: string): Dentry | null {
  if (path.charCodeAt(0) === 47 || dirfd === AT_FDCWD) return null;
  const f = t.process.fds.file(dirfd);
  const d = f.dentry;
  if (!d) fail(Errno.ENOTDIR);
  if (path.length > 0 && !d.node.isDir()) fail(Errno.ENOTDIR);
  return d;
}

/** A resolved name for the *at calls: a dentry, or (AT_EMPTY_PATH on an anonymous fd) the file. */
export interface Target {
  dentry: Dentry | null;
  file: OpenFile | null;
}

export function resolveAt(t: VfsTask, dirfd: number, pathAddr: number, atFlags: number, follow: boolean): Target {
  const path = pathArg(t, pathAddr);
  if (path.length === 0) {
    if (!(atFlags & AT_EMPTY_PATH)) fail(Errno.ENOENT);
    if (dirfd === AT_FDCWD) return { dentry: t.process.fs.cwd, file: null };
    const f = t.process.fds.file(dirfd);
    return { dentry: f.dentry, file: f };
  }
  const base = dirfdBase(t, dirfd, path);
  return { dentry: t.kernel.vfs.resolve(walker(t), path, base, follow), file: null };
}

export function targetStat(tg: Target): Stat {
  if (tg.file && !tg.dentry) return tg.file.stat();
  if (tg.file) return tg.file.stat();
  return tg.dentry!.node.getattr();
}

// ---- user memory helpers ----
export function readU64(t: VfsTask, addr: number): number {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getUint32(4, true) * 4294967296 + dv.getUint32(0, true);
}
export function readS64(t: VfsTask, addr: number): number {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getInt32(4, true) * 4294967296 + dv.getUint32(0, true);
}
export function writeS64(t: VfsTask, addr: number, v: number): void {
  const b = new Uint8Array(8);
  setS64(new DataView(b.buffer), 0, v);
  t.mm.copyOut(addr, b);
}
export function setS64(dv: DataView, off: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  dv.setUint32(off, (v - hi * 4294967296) >>> 0, true);
  dv.setInt32(off + 4, hi | 0, true);
}

/** Highest user address + 1 (47-bit user half, minus the guard page Linux keeps below it). */
const USER_LIMIT = 0x7ffffffff000;
/** Linux caps one read/write (and one readv/writev) at this many bytes. */
const IOV_MAX_TOTAL = 0x7ffff000;

/**
 * struct iovec array → [base, len] pairs, checked as Linux's import_iovec does: EINVAL for a bad
 * count or a negative (as ssize_t) length, EFAULT for a segment reaching past the user half; the
 * total is clamped to MAX_RW_COUNT (later segments shrink or vanish), never an error.
 */
export function readIovec(t: VfsTask, addr: number, count: number): [number, number][] {
  if (count < 0 || count > 1024) fail(Errno.EINVAL);
  if (count === 0) return [];
  const b = t.mm.copyIn(addr, count * 16);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const out: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const base = dv.getUint32(i * 16 + 4, true) * 4294967296 + dv.getUint32(i * 16, true);
    const hi = dv.getInt32(i * 16 + 12, true);
    if (hi < 0) fail(Errno.EINVAL);
    let len = hi * 4294967296 + dv.getUint32(i * 16 + 8, true);
    if (len > USER_LIMIT || base > USER_LIMIT - len) fail(Errno.EFAULT);
    if (len > IOV_MAX_TOTAL - total) len = IOV_MAX_TOTAL - total;
    total += len;
    out.push([base, len]);
  }
  return out;
}

// ---- struct writers ----
export function encodeStat(st: Stat): Uint8Array {
  const b = new Uint8Array(StatLayout.size);
  const dv = new DataView(b.buffer);
  const L = StatLayout;
  setS64(dv, L.dev, st.dev);
  setS64(dv, L.ino, st.ino);
  setS64(dv, L.nlink, st.nlink);
  dv.setUint32(L.mode, st.mode, true);
  dv.setUint32(L.uid, st.uid, true);
  dv.setUint32(L.gid, st.gid, true);
  setS64(dv, L.rdev, st.rdev);
  setS64(dv, L.sizeField, st.size);
  setS64(dv, L.blksize, st.blksize);
  setS64(dv, L.blocks, st.blocks);
  setS64(dv, L.atime, st.atimeSec);
  setS64(dv, L.atimeNsec, st.atimeNsec);
  setS64(dv, L.mtime, st.mtimeSec);
  setS64(dv, L.mtimeNsec, st.mtimeNsec);
  setS64(dv, L.ctime, st.ctimeSec);
  setS64(dv, L.ctimeNsec, st.ctimeNsec);
  return b;
}

export function encodeStatx(st: Stat, mntId: number, hasBtime: boolean): Uint8Array {
  const b = new Uint8Array(StatxLayout.size);
  const dv = new DataView(b.buffer);
  const L = StatxLayout;
  dv.setUint32(L.mask, STATX_BASIC_STATS | (hasBtime ? STATX_BTIME : 0) | STATX_MNT_ID, true);
  dv.setUint32(L.blksize, st.blksize, true);
  dv.setUint32(L.nlink, st.nlink, true);
  dv.setUint32(L.uid, st.uid, true);
  dv.setUint32(L.gid, st.gid, true);
  dv.setUint16(L.mode, st.mode, true);
  setS64(dv, L.ino, st.ino);
  setS64(dv, L.sizeField, st.size);
  setS64(dv, L.blocks, st.blocks);
  const ts = (off: number, sec: number, nsec: number) => {
    setS64(dv, off, sec);
    dv.setUint32(off + 8, nsec, true);
  };
  ts(L.atime, st.atimeSec, st.atimeNsec);
  if (hasBtime) ts(L.btime, st.birthtimeSec, st.birthtimeNsec);
  ts(L.ctime, st.ctimeSec, st.ctimeNsec);
  ts(L.mtime, st.mtimeSec, st.mtimeNsec);
  dv.setUint32(L.rdevMajor, devMajor(st.rdev), true);
  dv.setUint32(L.rdevMinor, devMinor(st.rdev), true);
  dv.setUint32(L.devMajor, devMajor(st.dev), true);
  dv.setUint32(L.devMinor, devMinor(st.dev), true);
  setS64(dv, L.mntId, mntId);
  return b;
}

export function errno(e: unknown): number | null {
  if (e instanceof SyscallError) return e.errno;
  if (e instanceof HostError) return e.errno;
  return null;
}
