// File syscalls on descriptors: read/write and friends, seeking, directory reading, the fd table
// (close, dup*, fcntl), ioctl, sync and advice calls, sendfile and copy_file_range.
import { Errno } from "../../abi/errno.js";
import {
  F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK,
  F_OFD_SETLK, F_OFD_SETLKW, F_GETOWN, F_SETOWN, F_GETSIG, F_SETSIG, F_GETLEASE, F_SETLEASE, F_NOTIFY,
  F_GETOWN_EX, F_SETOWN_EX, F_ADD_SEALS, F_GET_SEALS, F_GETPIPE_SZ, F_SETPIPE_SZ,
  FD_CLOEXEC, F_RDLCK, F_WRLCK, F_UNLCK, FLOCK_SIZE, F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP, LOCK_SH, LOCK_EX, LOCK_UN, LOCK_NB,
  O_APPEND, O_CLOEXEC, O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, S_IFMT, S_IFREG, S_IFDIR,
} from "../../abi/fcntl.js";
import { FIOCLEX, FIONCLEX } from "../../abi/ioctl.js";
import { BLOCK } from "../wait.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { Sig, SI_USER } from "../../abi/signals.js";
import { Rlim } from "../rlimits.js";
import { sendSignal } from "../signal.js";
import type { Task } from "../task.js";
import type { OpenFile } from "../file.js";
import type { VfsTask } from "../vfs/task-view.js";
import { fail, handler, readIovec, readS64, walker, writeS64 } from "./fs-common.js";
import type { SyscallHandlers } from "./types.js";

/** Linux caps one read/write at this many bytes. */
export const MAX_RW_COUNT = 0x7ffff000;
const CHUNK = 1 << 20;
/** Reads land here before copyOut; handlers run one at a time and never keep it. */
const scratch = new Uint8Array(CHUNK);

function fileOf(t: VfsTask, fd: number): OpenFile {
  const f = t.process.fds.file(fd);
  if (f.isPath) fail(Errno.EBADF);
  return f;
}

/**
 * copyOut that stops at the first unwritable page: returns how many leading bytes reached user
 * memory (Linux's copy_to_user leaves a short count, and read(2) reports it when it is not 0).
 */
function copyOutPrefix(t: VfsTask, addr: number, bytes: Uint8Array): number {
  try {
    t.mm.copyOut(addr, bytes);
    return bytes.length;
  } catch (e) {
    if (!(e instanceof SyscallError)) throw e;
  }
  let done = 0;
  while (done < bytes.length) {
    const step = Math.min(bytes.length - done, 4096 - ((addr + done) % 4096));
    try {
      t.mm.copyOut(addr + done, bytes.subarray(done, done + step));
    } catch (e) {
      if (e instanceof SyscallError) break;
      throw e;
    }
    done += step;
  }
  return done;
}

/** copyIn of the readable prefix of [addr, addr+len): whole pages up to the first fault. */
function copyInPrefix(t: VfsTask, addr: number, len: number): Uint8Array {
  try {
    return t.mm.copyIn(addr, len);
  } catch (e) {
    if (!(e instanceof SyscallError)) throw e;
  }
  let ok = 0;
  while (ok < len) {
    const step = Math.min(len - ok, 4096 - ((addr + ok) % 4096));
    try {
      t.mm.copyIn(addr + ok, step);
    } catch (e) {
      if (e instanceof SyscallError) break;
      throw e;
    }
    ok += step;
  }
  return ok > 0 ? t.mm.copyIn(addr, ok) : new Uint8Array(0);
}

/** Read into user memory at `addr`: from the file position (off < 0) or at `off`. */
function doRead(t: VfsTask, f: OpenFile, addr: number, count: number, off: number): number {
  if (!f.readable) fail(Errno.EBADF);
  count = Math.min(count, MAX_RW_COUNT);
  const buf = scratch;
  // A seekable file advances its offset only once the bytes reached user memory: a bad buffer
  // (EFAULT) consumes nothing, as on Linux.
  const positioned = off < 0 && f.seekable;
  let total = 0;
  do {
    const want = Math.min(buf.length, count - total);
    const view = buf.subarray(0, want);
    const n = positioned ? f.pread(t, view, f.pos) : off < 0 ? f.read(t, view) : f.pread(t, view, off + total);
    if (n < 0) return total > 0 ? total : n;
    if (n > 0) {
      const copied = copyOutPrefix(t, addr + total, buf.subarray(0, n));
      if (copied < n) {
        // The buffer ends in an unmapped or read-only page: a short read, or EFAULT if nothing fit.
        if (positioned) f.pos += copied;
        total += copied;
        if (total === 0) fail(Errno.EFAULT);
        return total;
      }
    }
    if (positioned) f.pos += n;
    total += n;
    if (n < want || !f.seekable) break;
  } while (total < count);
  return total;
}

/**
 * RLIMIT_FSIZE for a write of `count` bytes at `off` (< 0: the file position, or the end with
 * O_APPEND): a regular file may not grow past the limit. A write starting at or beyond it raises
 * SIGXFSZ and fails with EFBIG (if the signal is ignored); one crossing it is cut short.
 */
function fsizeClamp(t: VfsTask, f: OpenFile, off: number, count: number): number {
  const limit = t.process.rlimits[Rlim.FSIZE]?.cur ?? Infinity;
  if (limit === Infinity || count === 0) return count;
  const st = f.stat();
  if ((st.mode & S_IFMT) !== S_IFREG) return count;
  const pos = off >= 0 ? off : f.flags & O_APPEND ? st.size : f.pos;
  if (pos >= limit) {
    raiseXfsz(t);
    fail(Errno.EFBIG);
  }
  return Math.min(count, limit - pos);
}

/** SIGXFSZ to the calling thread, as send_sig() does when a file outgrows RLIMIT_FSIZE. */
export function raiseXfsz(t: VfsTask): void {
  const task = t as unknown as Task;
  if (!task.process || !(task.process as { sigactions?: unknown }).sigactions) return; // a bare test task
  sendSignal(task.process, task, Sig.SIGXFSZ, SI_USER, task.process.pid, task.process.creds.uid);
}

function doWrite(t: VfsTask, f: OpenFile, addr: number, count: number, off: number): number {
  if (!f.writable) fail(Errno.EBADF);
  count = fsizeClamp(t, f, off, Math.min(count, MAX_RW_COUNT));
  let total = 0;
  do {
    const want = Math.min(CHUNK, count - total);
    const data = copyInPrefix(t, addr + total, want);
    if (data.length === 0 && want > 0) {
      if (total === 0) fail(Errno.EFAULT);
      break;
    }
    const n = off < 0 ? f.write(t, data) : f.pwrite(t, data, off + total);
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (n < want) break;
  } while (total < count);
  return total;
}

function readv(t: VfsTask, f: OpenFile, iov: [number, number][], off: number): number {
  if (!f.readable) fail(Errno.EBADF);
  let total = 0;
  for (const [base, len] of iov) {
    if (len === 0) continue;
    let n: number;
    try {
      n = doRead(t, f, base, len, off < 0 ? -1 : off + total);
    } catch (e) {
      // A bad later segment ends the transfer: what was already copied counts (as on Linux).
      if (total > 0 && e instanceof SyscallError) return total;
      throw e;
    }
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (n < len) break;
  }
  return total;
}

function writev(t: VfsTask, f: OpenFile, iov: [number, number][], off: number): number {
  if (!f.writable) fail(Errno.EBADF);
  // Gather into one buffer so a stream sees one write (pipes keep small writes atomic).
  let size = 0;
  for (const [, len] of iov) size += len;
  size = Math.min(size, MAX_RW_COUNT);
  const allowed = fsizeClamp(t, f, off, size);
  if (allowed < size) iov = clipIovec(iov, allowed);
  size = allowed;
  if (size <= CHUNK) {
    const data = new Uint8Array(size);
    let o = 0;
    for (const [base, len] of iov) {
      if (len === 0 || o >= size) continue;
      const n = Math.min(len, size - o);
      try {
        data.set(t.mm.copyIn(base, n), o);
      } catch (e) {
        // A bad later segment: write what was gathered so far (Linux returns the short count).
        if (o > 0 && e instanceof SyscallError) break;
        throw e;
      }
      o += n;
    }
    const chunk = o < size ? data.subarray(0, o) : data;
    return off < 0 ? f.write(t, chunk) : f.pwrite(t, chunk, off);
  }
  let total = 0;
  for (const [base, len] of iov) {
    if (len === 0) continue;
    let n: number;
    try {
      n = doWrite(t, f, base, len, off < 0 ? -1 : off + total);
    } catch (e) {
      if (total > 0 && e instanceof SyscallError) return total;
      throw e;
    }
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (n < len) break;
  }
  return total;
}

/** The first `limit` bytes of an iovec list. */
function clipIovec(iov: [number, number][], limit: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [base, len] of iov) {
    if (limit <= 0) break;
    const n = Math.min(len, limit);
    out.push([base, n]);
    limit -= n;
  }
  return out;
}

function positional(f: OpenFile, off: number): void {
  if (!f.seekable) fail(Errno.ESPIPE);
  if (off < 0) fail(Errno.EINVAL);
}

/** F_GETFL shows the access mode and status flags, not the open-time-only bits. */
const GETFL_HIDDEN = O_CLOEXEC | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC;

/** Linux's checks of a lock's byte range (flock_to_posix_lock): negative starts are EINVAL. */
function lockRange(f: OpenFile, whence: number, dv: DataView): void {
  const OFFSET_MAX = 2 ** 63;
  const base = whence === 0 ? 0 : whence === 1 ? f.pos : f.stat().size;
  const lStart = dv.getInt32(12, true) * 4294967296 + dv.getUint32(8, true);
  const lLen = dv.getInt32(20, true) * 4294967296 + dv.getUint32(16, true);
  if (lStart > OFFSET_MAX - base) fail(Errno.EOVERFLOW);
  const start = base + lStart;
  if (start < 0) fail(Errno.EINVAL);
  if (lLen > 0 && lLen - 1 > OFFSET_MAX - start) fail(Errno.EOVERFLOW);
  if (lLen < 0 && start + lLen < 0) fail(Errno.EINVAL);
}

/** Is there a task, thread group, process group or session with this id (Linux's find_vpid)? */
function pidExists(t: VfsTask, id: number): boolean {
  const k = (t as unknown as Partial<Task>).kernel;
  if (!k) return false;
  if (k.tasks.has(id) || k.processes.has(id)) return true;
  for (const p of k.processes.values()) if (p.pgid === id || p.sid === id) return true;
  return false;
}

function lockOp(t: VfsTask, f: OpenFile, cmd: number, arg: number): number {
  const b = t.mm.copyIn(arg, FLOCK_SIZE);
  const dv = new DataView(b.buffer, b.byteOffset, FLOCK_SIZE);
  const type = dv.getInt16(0, true);
  const whence = dv.getInt16(2, true);
  if (type !== F_RDLCK && type !== F_WRLCK && type !== F_UNLCK) fail(Errno.EINVAL);
  if (whence < 0 || whence > 2) fail(Errno.EINVAL);
  lockRange(f, whence, dv);
  const ofd = cmd === F_OFD_GETLK || cmd === F_OFD_SETLK || cmd === F_OFD_SETLKW;
  if (ofd && dv.getInt32(24, true) !== 0) fail(Errno.EINVAL);
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    if (type === F_UNLCK) fail(Errno.EINVAL);
    // One process, no other lock owners yet: nothing ever conflicts.
    dv.setInt16(0, F_UNLCK, true);
    t.mm.copyOut(arg, b.slice());
    return 0;
  }
  if (type === F_RDLCK && !f.readable) fail(Errno.EBADF);
  if (type === F_WRLCK && !f.writable) fail(Errno.EBADF);
  return 0;
}

export const ioSyscalls: SyscallHandlers = {
  read: handler((t, a) => doRead(t, fileOf(t, a.int(0)), a.ptr(1), a.u64(2), -1)),
  write: handler((t, a) => doWrite(t, fileOf(t, a.int(0)), a.ptr(1), a.u64(2), -1)),
  pread64: handler((t, a) => {
    if (a.s64(3) < 0) fail(Errno.EINVAL);
    const f = fileOf(t, a.int(0));
    if (!f.readable) fail(Errno.EBADF);
    positional(f, a.s64(3));
    return doRead(t, f, a.ptr(1), a.u64(2), a.s64(3));
  }),
  pwrite64: handler((t, a) => {
    if (a.s64(3) < 0) fail(Errno.EINVAL);
    const f = fileOf(t, a.int(0));
    if (!f.writable) fail(Errno.EBADF);
    positional(f, a.s64(3));
    return doWrite(t, f, a.ptr(1), a.u64(2), a.s64(3));
  }),
  readv: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    return readv(t, f, readIovec(t, a.ptr(1), a.int(2)), -1);
  }),
  writev: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    return writev(t, f, readIovec(t, a.ptr(1), a.int(2)), -1);
  }),
  preadv: handler((t, a) => {
    if (a.s64(3) < 0) fail(Errno.EINVAL);
    const f = fileOf(t, a.int(0));
    if (!f.readable) fail(Errno.EBADF);
    positional(f, a.s64(3));
    return readv(t, f, readIovec(t, a.ptr(1), a.int(2)), a.s64(3));
  }),
  pwritev: handler((t, a) => {
    if (a.s64(3) < 0) fail(Errno.EINVAL);
    const f = fileOf(t, a.int(0));
    if (!f.writable) fail(Errno.EBADF);
    positional(f, a.s64(3));
    return writev(t, f, readIovec(t, a.ptr(1), a.int(2)), a.s64(3));
  }),
  preadv2: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.readable) fail(Errno.EBADF);
    if (a.uint(5) & ~0x1f) fail(Errno.EOPNOTSUPP);
    const off = a.s64(3);
    if (off !== -1) positional(f, off);
    return readv(t, f, readIovec(t, a.ptr(1), a.int(2)), off === -1 ? -1 : off);
  }),
  pwritev2: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.writable) fail(Errno.EBADF);
    if (a.uint(5) & ~0x1f) fail(Errno.EOPNOTSUPP);
    const off = a.s64(3);
    if (off !== -1) positional(f, off);
    return writev(t, f, readIovec(t, a.ptr(1), a.int(2)), off === -1 ? -1 : off);
  }),
  lseek: handler((t, a) => fileOf(t, a.int(0)).lseek(a.s64(1), a.uint(2))),

  getdents64: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    const out = f.getdents(walker(t), a.uint(2), false);
    if (out.length) t.mm.copyOut(a.ptr(1), out);
    return out.length;
  }),
  getdents: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    const out = f.getdents(walker(t), a.uint(2), true);
    if (out.length) t.mm.copyOut(a.ptr(1), out);
    return out.length;
  }),

  close: handler((t, a) => {
    t.process.fds.close(a.int(0));
    return 0;
  }),
  close_range: handler((t, a) => {
    const first = a.uint(0), last = a.uint(1), flags = a.uint(2);
    if (flags & ~0x6 || first > last) fail(Errno.EINVAL);
    const fds = t.process.fds;
    for (const [fd] of [...fds.entries()]) {
      if (fd < first || fd > last) continue;
      if (flags & 4) fds.setCloexec(fd, true);
      else fds.close(fd);
    }
    return 0;
  }),
  dup: handler((t, a) => {
    const fds = t.process.fds;
    return fds.install(fds.file(a.int(0)));
  }),
  dup2: handler((t, a) => {
    const fds = t.process.fds;
    const f = fds.file(a.int(0));
    const nfd = a.int(1);
    if (nfd === a.int(0)) return nfd;
    return fds.installAt(nfd, f, false);
  }),
  dup3: handler((t, a) => {
    const fds = t.process.fds;
    const flags = a.uint(2);
    if (flags & ~O_CLOEXEC) fail(Errno.EINVAL);
    if (a.int(1) === a.int(0)) fail(Errno.EINVAL);
    const f = fds.file(a.int(0));
    return fds.installAt(a.int(1), f, (flags & O_CLOEXEC) !== 0);
  }),

  fcntl: handler((t, a) => {
    const fds = t.process.fds;
    const fd = a.int(0), cmd = a.int(1);
    const f = fds.file(fd);
    switch (cmd) {
      case F_DUPFD: case F_DUPFD_CLOEXEC: {
        const min = a.int(2);
        if (min < 0) fail(Errno.EINVAL);
        try {
          return fds.install(f, cmd === F_DUPFD_CLOEXEC, min);
        } catch (e) {
          // Above the limit F_DUPFD says EINVAL, not EMFILE.
          if ((e as { errno?: number }).errno === Errno.EMFILE && min >= fdLimit(t)) fail(Errno.EINVAL);
          throw e;
        }
      }
      case F_GETFD: return fds.getCloexec(fd) ? FD_CLOEXEC : 0;
      case F_SETFD: fds.setCloexec(fd, (a.int(2) & FD_CLOEXEC) !== 0); return 0;
      case F_GETFL: return f.flags & ~GETFL_HIDDEN;
    }
    if (f.isPath) fail(Errno.EBADF);
    switch (cmd) {
      case F_SETFL: f.setStatusFlags(a.uint(2)); return 0;
      case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
        return lockOp(t, f, cmd, a.ptr(2));
      case F_GETOWN: return f.ownerType === F_OWNER_PGRP ? -f.ownerId : f.ownerId;
      case F_SETOWN: {
        let who = a.int(2);
        let type = F_OWNER_PID;
        if (who < 0) {
          if (who === -2147483648) fail(Errno.EINVAL);
          type = F_OWNER_PGRP;
          who = -who;
        }
        if (who !== 0 && !pidExists(t, who)) fail(Errno.ESRCH);
        f.ownerType = type;
        f.ownerId = who;
        return 0;
      }
      case F_GETOWN_EX: {
        const out = new Uint8Array(8);
        const v = new DataView(out.buffer);
        v.setInt32(0, f.ownerType, true);
        v.setInt32(4, f.ownerId, true);
        t.mm.copyOut(a.ptr(2), out);
        return 0;
      }
      case F_SETOWN_EX: {
        const b = t.mm.copyIn(a.ptr(2), 8);
        const v = new DataView(b.buffer, b.byteOffset, 8);
        const type = v.getInt32(0, true), who = v.getInt32(4, true);
        if (type !== F_OWNER_TID && type !== F_OWNER_PID && type !== F_OWNER_PGRP) fail(Errno.EINVAL);
        if (who !== 0 && (who < 0 || !pidExists(t, who))) fail(Errno.ESRCH);
        f.ownerType = type;
        f.ownerId = who;
        return 0;
      }
      case F_GETSIG: return f.ioSignal;
      case F_SETSIG: {
        const sig = a.u64(2);
        if (sig > 64) fail(Errno.EINVAL);
        f.ioSignal = sig;
        return 0;
      }
      case F_GETLEASE: return F_UNLCK;
      case F_SETLEASE: {
        const ty = a.int(2);
        if (ty !== F_RDLCK && ty !== F_WRLCK && ty !== F_UNLCK) fail(Errno.EINVAL);
        if ((f.stat().mode & S_IFMT) !== S_IFREG) fail(Errno.EINVAL);
        return 0;
      }
      case F_NOTIFY: if ((f.stat().mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR); return 0;
      case F_ADD_SEALS: case F_GET_SEALS: fail(Errno.EINVAL);
      case F_GETPIPE_SZ: case F_SETPIPE_SZ: {
        const p = f as unknown as { pipeSize?: (set?: number) => number };
        if (typeof p.pipeSize !== "function") fail(Errno.EBADF);
        return cmd === F_GETPIPE_SZ ? p.pipeSize() : p.pipeSize(a.int(2));
      }
    }
    fail(Errno.EINVAL);
  }),

  ioctl: handler((t, a) => {
    const fds = t.process.fds;
    const fd = a.int(0), cmd = a.uint(1);
    const f = fds.file(fd);
    if (cmd === FIOCLEX || cmd === FIONCLEX) {
      fds.setCloexec(fd, cmd === FIOCLEX);
      return 0;
    }
    if (f.isPath) fail(Errno.EBADF);
    return f.ioctl(t, cmd, a.ptr(2));
  }),

  ftruncate: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    const len = a.s64(1);
    if (len < 0) fail(Errno.EINVAL);
    if (!f.writable) fail(Errno.EINVAL);
    if ((f.stat().mode & S_IFMT) !== S_IFREG) fail(Errno.EINVAL);
    if (f.dentry?.mount.readonly) fail(Errno.EROFS);
    const limit = t.process.rlimits[Rlim.FSIZE]?.cur ?? Infinity;
    if (len > limit) {
      raiseXfsz(t);
      fail(Errno.EFBIG);
    }
    f.truncate(len);
    return 0;
  }),
  fallocate: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    const mode = a.int(1), off = a.s64(2), len = a.s64(3);
    if (off < 0 || len <= 0) fail(Errno.EINVAL);
    if (!f.writable) fail(Errno.EBADF);
    const st = f.stat();
    if ((st.mode & S_IFMT) === S_IFDIR) fail(Errno.EISDIR);
    if ((st.mode & S_IFMT) !== S_IFREG) fail(f.seekable ? Errno.ENODEV : Errno.ESPIPE);
    if (mode !== 0 && mode !== 1) fail(Errno.EOPNOTSUPP);
    if (mode === 0 && off + len > st.size) f.truncate(off + len);
    return 0;
  }),
  fsync: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.seekable) fail(Errno.EINVAL);
    f.fsync();
    return 0;
  }),
  fdatasync: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.seekable) fail(Errno.EINVAL);
    f.fsync();
    return 0;
  }),
  sync: handler(() => 0),
  syncfs: handler((t, a) => {
    t.process.fds.file(a.int(0));
    return 0;
  }),
  sync_file_range: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (a.s64(1) < 0 || a.s64(2) < 0 || a.uint(3) & ~7) fail(Errno.EINVAL);
    if (!f.seekable) fail(Errno.ESPIPE);
    return 0;
  }),
  flock: handler((t, a) => {
    const f = t.process.fds.file(a.int(0));
    const op = a.int(1) & ~LOCK_NB;
    if (op !== LOCK_SH && op !== LOCK_EX && op !== LOCK_UN) fail(Errno.EINVAL);
    if (f.isPath) fail(Errno.EBADF);
    return 0;
  }),
  fadvise64: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.seekable) fail(Errno.ESPIPE);
    const advice = a.int(3);
    if (a.s64(2) < 0 || advice < 0 || advice > 5) fail(Errno.EINVAL);
    return 0;
  }),
  readahead: handler((t, a) => {
    const f = fileOf(t, a.int(0));
    if (!f.readable) fail(Errno.EBADF);
    if (!f.seekable || (f.stat().mode & S_IFMT) !== S_IFREG) fail(Errno.EINVAL);
    return 0;
  }),

  sendfile: handler((t, a) => {
    // Linux reads the offset before it looks at either descriptor (EFAULT first).
    const offPtr = a.ptr(2);
    const off0 = offPtr ? readS64(t, offPtr) : 0;
    const out = fileOf(t, a.int(0));
    const inp = fileOf(t, a.int(1));
    let count = Math.min(a.u64(3), MAX_RW_COUNT);
    if (!inp.readable || !out.writable) fail(Errno.EBADF);
    if (!inp.seekable || (inp.stat().mode & S_IFMT) === S_IFDIR) fail(Errno.EINVAL);
    // Files that cannot be spliced from (most of /proc/PID/*: seq_read without splice_read).
    if ((inp as { noSplice?: boolean }).noSplice === true) fail(Errno.EINVAL);
    let off = offPtr ? off0 : inp.pos;
    if (off < 0) fail(Errno.EINVAL);
    let total = 0;
    const buf = new Uint8Array(Math.min(count, 65536));
    while (count > 0) {
      const n = inp.pread(t, buf.subarray(0, Math.min(buf.length, count)), off);
      if (n <= 0) break;
      const w = out.write(t, buf.subarray(0, n));
      if (w === BLOCK || w < 0) {
        if (total === 0) return w;
        break;
      }
      off += w;
      total += w;
      count -= w;
      if (w < n) break;
    }
    if (offPtr) writeS64(t, offPtr, off);
    else inp.pos = off;
    return total;
  }),
  copy_file_range: handler((t, a) => {
    const inp = fileOf(t, a.int(0));
    const out = fileOf(t, a.int(2));
    const inPtr = a.ptr(1), outPtr = a.ptr(3);
    let len = Math.min(a.u64(4), MAX_RW_COUNT);
    if (a.uint(5) !== 0) fail(Errno.EINVAL);
    if (!inp.readable || !out.writable) fail(Errno.EBADF);
    const sIn = inp.stat(), sOut = out.stat();
    if ((sIn.mode & S_IFMT) === S_IFDIR || (sOut.mode & S_IFMT) === S_IFDIR) fail(Errno.EISDIR);
    if ((sIn.mode & S_IFMT) !== S_IFREG || (sOut.mode & S_IFMT) !== S_IFREG) fail(Errno.EINVAL);
    if (out.flags & 0o2000) fail(Errno.EBADF);
    let offIn = inPtr ? readS64(t, inPtr) : inp.pos;
    let offOut = outPtr ? readS64(t, outPtr) : out.pos;
    if (offIn < 0 || offOut < 0) fail(Errno.EINVAL);
    if (sIn.dev === sOut.dev && sIn.ino === sOut.ino && offIn < offOut + len && offOut < offIn + len) fail(Errno.EINVAL);
    let total = 0;
    const buf = new Uint8Array(Math.min(len, 65536));
    while (len > 0) {
      const n = inp.pread(t, buf.subarray(0, Math.min(buf.length, len)), offIn);
      if (n <= 0) break;
      const w = out.pwrite(t, buf.subarray(0, n), offOut);
      offIn += w;
      offOut += w;
      total += w;
      len -= w;
      if (w < n) break;
    }
    if (inPtr) writeS64(t, inPtr, offIn); else inp.pos = offIn;
    if (outPtr) writeS64(t, outPtr, offOut); else out.pos = offOut;
    return total;
  }),
};

function fdLimit(t: VfsTask): number {
  const r = t.process.rlimits[7];
  return r ? r.cur : 1024;
}
