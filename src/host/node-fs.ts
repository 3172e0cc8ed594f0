// HostFs on Node's synchronous fs API. Node's error codes become Linux errno numbers (HostError);
// timestamps come from bigint stats so nanoseconds survive.
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { makeSocketFile } from "./node-sock.js";
import { HostError, type HostDirent, type HostFs, type HostStat, type HostStatfs } from "./types.js";

const errnoByCode: Record<string, number> = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, ECHILD: 10,
  EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, ENOTBLK: 15, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25, ETXTBSY: 26, EFBIG: 27,
  ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31, EPIPE: 32, ERANGE: 34, EDEADLK: 35, ENAMETOOLONG: 36,
  ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, ENODATA: 61, EOVERFLOW: 75, EOPNOTSUPP: 95,
  ENOTSUP: 95, EDQUOT: 122, ESTALE: 116, ETIMEDOUT: 110,
};

function fail(e: unknown): never {
  if (e instanceof HostError) throw e;
  const err = e as NodeJS.ErrnoException;
  const code = err && typeof err.code === "string" ? err.code : "";
  let errno = errnoByCode[code];
  if (errno === undefined && typeof err?.errno === "number") errno = Math.abs(err.errno);
  throw new HostError(errno ?? 5, err?.message);
}

const NS = 1_000_000_000n;
function toStat(s: fs.BigIntStats): HostStat {
  return {
    dev: Number(s.dev), ino: Number(s.ino), mode: Number(s.mode), nlink: Number(s.nlink),
    uid: Number(s.uid), gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size),
    blksize: Number(s.blksize), blocks: Number(s.blocks),
    atimeSec: Number(s.atimeNs / NS), atimeNsec: Number(s.atimeNs % NS),
    mtimeSec: Number(s.mtimeNs / NS), mtimeNsec: Number(s.mtimeNs % NS),
    ctimeSec: Number(s.ctimeNs / NS), ctimeNsec: Number(s.ctimeNs % NS),
    birthtimeSec: Number(s.birthtimeNs / NS), birthtimeNsec: Number(s.birthtimeNs % NS),
  };
}

// Linux O_* values (x86-64) translated to this host's fs.constants (identical on Linux, but be explicit).
const C = fs.constants;
function hostOpenFlags(flags: number): number {
  let f = flags & 3;
  if (flags & 0o100) f |= C.O_CREAT;
  if (flags & 0o200) f |= C.O_EXCL;
  if (flags & 0o400) f |= C.O_NOCTTY;
  if (flags & 0o1000) f |= C.O_TRUNC;
  if (flags & 0o2000) f |= C.O_APPEND;
  if (flags & 0o4000) f |= C.O_NONBLOCK;
  if (flags & 0o200000) f |= C.O_DIRECTORY;
  if (flags & 0o400000) f |= C.O_NOFOLLOW;
  if ((flags & 0o4010000) === 0o4010000 && C.O_SYNC) f |= C.O_SYNC;
  else if (flags & 0o10000 && C.O_DSYNC) f |= C.O_DSYNC;
  return f;
}

function dtype(d: fs.Dirent): number {
  if (d.isFile()) return 8;
  if (d.isDirectory()) return 4;
  if (d.isSymbolicLink()) return 10;
  if (d.isCharacterDevice()) return 2;
  if (d.isBlockDevice()) return 6;
  if (d.isFIFO()) return 1;
  if (d.isSocket()) return 12;
  return 0;
}

export class NodeHostFs implements HostFs {
  stat(path: string): HostStat {
    try { return toStat(fs.statSync(path, { bigint: true })); } catch (e) { fail(e); }
  }
  lstat(path: string): HostStat {
    try { return toStat(fs.lstatSync(path, { bigint: true })); } catch (e) { fail(e); }
  }
  /** lstat that answers null for a missing name instead of throwing (hostfs's path walk uses it). */
  lstatOrNull(path: string): HostStat | null {
    try {
      const s = fs.lstatSync(path, { bigint: true, throwIfNoEntry: false });
      return s ? toStat(s) : null;
    } catch (e) { fail(e); }
  }
  open(path: string, flags: number, mode: number): number {
    try { return fs.openSync(path, hostOpenFlags(flags), mode); } catch (e) { fail(e); }
  }
  close(handle: number): void {
    try { fs.closeSync(handle); } catch (e) { fail(e); }
  }
  read(handle: number, buf: Uint8Array, offset: number, length: number, position: number | null): number {
    try { return fs.readSync(handle, buf, offset, length, position); } catch (e) { fail(e); }
  }
  write(handle: number, buf: Uint8Array, offset: number, length: number, position: number | null): number {
    try { return fs.writeSync(handle, buf, offset, length, position); } catch (e) { fail(e); }
  }
  fstat(handle: number): HostStat {
    try { return toStat(fs.fstatSync(handle, { bigint: true })); } catch (e) { fail(e); }
  }
  ftruncate(handle: number, len: number): void {
    try { fs.ftruncateSync(handle, len); } catch (e) { fail(e); }
  }
  fsync(handle: number): void {
    try { fs.fsyncSync(handle); } catch (e) { fail(e); }
  }
  readdir(path: string): HostDirent[] {
    try {
      // opendir/readSync keeps the directory's own order (readdirSync sorts by name), so a guest
      // lists entries in the order the host kernel gives them, as a native run does.
      const out: HostDirent[] = [];
      const dir = fs.opendirSync(path, { bufferSize: 256 });
      try {
        for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
          // Node's Dirent carries no inode number; callers that need one lstat the entry.
          out.push({ name: d.name, ino: 0, type: dtype(d) });
        }
      } finally {
        dir.closeSync();
      }
      return out;
    } catch (e) { fail(e); }
  }
  mkdir(path: string, mode: number): void {
    try { fs.mkdirSync(path, { mode }); } catch (e) { fail(e); }
  }
  rmdir(path: string): void {
    try { fs.rmdirSync(path); } catch (e) { fail(e); }
  }
  unlink(path: string): void {
    try { fs.unlinkSync(path); } catch (e) { fail(e); }
  }
  rename(from: string, to: string): void {
    try { fs.renameSync(from, to); } catch (e) { fail(e); }
  }
  link(existing: string, newPath: string): void {
    try { fs.linkSync(existing, newPath); } catch (e) { fail(e); }
  }
  symlink(target: string, path: string): void {
    try { fs.symlinkSync(target, path); } catch (e) { fail(e); }
  }
  readlink(path: string): string {
    try { return fs.readlinkSync(path); } catch (e) { fail(e); }
  }
  fchmod(handle: number, mode: number): void {
    try { fs.fchmodSync(handle, mode); } catch (e) { fail(e); }
  }
  fchown(handle: number, uid: number, gid: number): void {
    try { fs.fchownSync(handle, uid, gid); } catch (e) { fail(e); }
  }
  chmod(path: string, mode: number): void {
    try { fs.chmodSync(path, mode); } catch (e) { fail(e); }
  }
  chown(path: string, uid: number, gid: number, followSymlinks: boolean): void {
    try {
      if (followSymlinks) fs.chownSync(path, uid, gid);
      else fs.lchownSync(path, uid, gid);
    } catch (e) { fail(e); }
  }
  utimes(path: string, atimeSec: number, atimeNsec: number, mtimeSec: number, mtimeNsec: number, followSymlinks: boolean): void {
    // Node takes seconds as a float: sub-microsecond precision is lost at this boundary.
    const at = atimeSec + atimeNsec / 1e9;
    const mt = mtimeSec + mtimeNsec / 1e9;
    try {
      if (followSymlinks) fs.utimesSync(path, at, mt);
      else fs.lutimesSync(path, at, mt);
    } catch (e) { fail(e); }
  }
  truncate(path: string, len: number): void {
    try { fs.truncateSync(path, len); } catch (e) { fail(e); }
  }
  access(path: string, mode: number): void {
    try { fs.accessSync(path, mode); } catch (e) { fail(e); }
  }
  mksock(path: string, mode: number): void {
    try { makeSocketFile(path, mode); } catch (e) { fail(e); }
  }
  statfs(path: string): HostStatfs {
    try {
      const s = fs.statfsSync(path);
      return {
        type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail,
        files: s.files, ffree: s.ffree, namelen: 255,
      };
    } catch (e) { fail(e); }
  }

  /** Node cannot make a FIFO: the host's mkfifo(1) does, with the mode given exactly. */
  mkfifo(path: string, mode: number): void {
    const r = spawnSync("mkfifo", ["-m", (mode & 0o7777).toString(8), "--", path], { encoding: "utf8" });
    if (r.error) throw new HostError(1, "mkfifo(1) unavailable");
    if (r.status === 0) return;
    const msg = r.stderr ?? "";
    const errno = /File exists/.test(msg) ? 17 : /Permission denied/.test(msg) ? 13
      : /No such file/.test(msg) ? 2 : /Not a directory/.test(msg) ? 20 : /Read-only/.test(msg) ? 30 : 1;
    throw new HostError(errno, msg.trim());
  }
}
