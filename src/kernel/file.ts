// Open file descriptions: what an fd points at. Several fds (dup, fork) may share one OpenFile and
// with it the offset and the status flags, as on Linux. Each filesystem subclasses OpenFile;
// operations return a count, throw SyscallError, or (after t.sleepOn) return BLOCK.
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import {
  DT_DIR, Dirent64Layout, O_ACCMODE, O_LARGEFILE, O_APPEND, O_NONBLOCK, O_PATH, O_RDONLY, O_RDWR, O_WRONLY,
  S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK, SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET,
  SETFL_MASK, makeDev,
} from "../abi/fcntl.js";
import { FIONBIO, FIONREAD } from "../abi/ioctl.js";
import { Terminal, hostTerminal } from "./tty/terminal.js";
import type { Host, HostInput, HostOutput } from "../host/types.js";
import { BLOCK, WaitQueue } from "./wait.js";
import type { Dentry, Stat, WalkCtx } from "./vfs/node.js";
import { binToBytes } from "./vfs/node.js";
import type { VfsTask } from "./vfs/task-view.js";

export const POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20,
  POLLRDNORM = 0x40, POLLWRNORM = 0x100;

/** What mmap needs from a file (same shape as src/mm's MappedFile). */
export interface MappedFileLike {
  size(): number;
  readAt(off: number, buf: Uint8Array): number;
  writeAt?(off: number, buf: Uint8Array): number;
  dev: number;
  ino: number;
  path: string;
  /** Drop the mapping's hold on the open file (call once, when no VMA uses it any more). */
  release?(): void;
}

function fail(errno: number): never {
  throw new SyscallError(errno);
}

let nextAnonIno = 1000;
/** A fresh inode number for pipes, sockets and anonymous inodes. */
export function anonIno(): number {
  return nextAnonIno++;
}

export function zeroStat(mode: number, ino: number, dev = 0, rdev = 0): Stat {
  return {
    dev, ino, mode, nlink: 1, uid: 0, gid: 0, rdev, size: 0, blksize: 4096, blocks: 0,
    atimeSec: 0, atimeNsec: 0, mtimeSec: 0, mtimeNsec: 0, ctimeSec: 0, ctimeNsec: 0, birthtimeSec: 0, birthtimeNsec: 0,
  };
}

export abstract class OpenFile {
  /** Access mode and status flags (O_APPEND, O_NONBLOCK, ...); F_GETFL/F_SETFL read and change it. */
  flags: number;
  /** The file offset, shared by every fd that refers to this description. */
  pos = 0;
  /** Holders: fd table entries, mappings... release() runs when it drops to 0. */
  refs = 0;
  /** F_SETOWN / F_SETOWN_EX: the owner's kind (F_OWNER_TID 0, _PID 1, _PGRP 2) and id; F_SETSIG's signal. */
  ownerType = 0;
  ownerId = 0;
  ioSignal = 0;

  /** The name it was opened by (null for pipes, sockets, anonymous inodes). */
  dentry: Dentry | null;

  constructor(flags: number, dentry: Dentry | null) {
    this.flags = flags;
    this.dentry = dentry;
  }

  get readable(): boolean {
    const m = this.flags & O_ACCMODE;
    return (this.flags & O_PATH) === 0 && (m === O_RDONLY || m === O_RDWR);
  }
  get writable(): boolean {
    const m = this.flags & O_ACCMODE;
    return (this.flags & O_PATH) === 0 && (m === O_WRONLY || m === O_RDWR);
  }
  get nonBlocking(): boolean {
    return (this.flags & O_NONBLOCK) !== 0;
  }

  get(): this {
    this.refs++;
    return this;
  }
  put(): void {
    if (--this.refs === 0) {
      this.release();
      const hooks = this.onLastClose;
      if (hooks) {
        this.onLastClose = null;
        for (const h of hooks) h(this);
      }
    }
  }
  /** Called once when the last reference goes (epoll drops its watches of this file). */
  onLastClose: ((f: OpenFile) => void)[] | null = null;

  /** Anonymous-inode files (eventfd, eventpoll, timerfd...) name themselves here. */
  anonInodeName(): string | null {
    return null;
  }
  /** Last reference gone: free host handles, wake peers. */
  protected release(): void {}

  /** The text of /proc/PID/fd/N: a path, "pipe:[N]", "anon_inode:[eventfd]"... */
  path(): string {
    const d = this.dentry;
    if (!d) return `anon_inode:${this.anonInodeName() ?? "[unknown]"}`;
    let gone = false;
    try { gone = d.node.isDeleted(); } catch { /* keep the name */ }
    return gone ? d.path + " (deleted)" : d.path;
  }

  abstract stat(): Stat;

  /** Streams (pipes, terminals, sockets) override read/write and are not seekable. */
  get seekable(): boolean {
    return true;
  }

  read(t: VfsTask, buf: Uint8Array): number {
    const n = this.pread(t, buf, this.pos);
    if (n > 0) this.pos += n;
    return n;
  }
  write(t: VfsTask, buf: Uint8Array): number {
    if (this.flags & O_APPEND) this.pos = this.stat().size;
    const n = this.pwrite(t, buf, this.pos);
    if (n > 0) this.pos += n;
    return n;
  }
  pread(_t: VfsTask, _buf: Uint8Array, _off: number): number {
    fail(this.seekable ? Errno.EINVAL : Errno.ESPIPE);
  }
  pwrite(_t: VfsTask, _buf: Uint8Array, _off: number): number {
    fail(this.seekable ? Errno.EINVAL : Errno.ESPIPE);
  }

  lseek(offset: number, whence: number): number {
    if (!this.seekable) fail(Errno.ESPIPE);
    let base: number;
    switch (whence) {
      case SEEK_SET: base = 0; break;
      case SEEK_CUR: base = this.pos; break;
      case SEEK_END: base = this.stat().size; break;
      case SEEK_DATA: case SEEK_HOLE: {
        const size = this.stat().size;
        if (offset < 0 || offset >= size) fail(Errno.ENXIO);
        const r = whence === SEEK_DATA ? offset : size;
        this.pos = r;
        return r;
      }
      default: fail(Errno.EINVAL);
    }
    const r = base + offset;
    if (r < 0) fail(Errno.EINVAL);
    this.pos = r;
    return r;
  }

  /** getdents64 (old = false) or getdents (old = true) records fitting in `size` bytes. */
  getdents(_ctx: WalkCtx, _size: number, _old: boolean): Uint8Array {
    fail(Errno.ENOTDIR);
  }

  truncate(_len: number): void {
    fail(Errno.EINVAL);
  }
  fsync(): void {}

  ioctl(t: VfsTask, cmd: number, argPtr: number): number {
    switch (cmd) {
      case FIONREAD: {
        const st = this.stat();
        if ((st.mode & S_IFMT) !== S_IFREG) fail(Errno.ENOTTY);
        writeI32(t, argPtr, Math.max(0, Math.min(0x7fffffff, st.size - this.pos)));
        return 0;
      }
      case FIONBIO: {
        const v = readI32(t, argPtr);
        this.setStatusFlags(v ? this.flags | O_NONBLOCK : this.flags & ~O_NONBLOCK);
        return 0;
      }
    }
    fail(Errno.ENOTTY);
  }

  /** F_SETFL: only the changeable bits move. */
  setStatusFlags(flags: number): void {
    this.flags = (this.flags & ~SETFL_MASK) | (flags & SETFL_MASK);
  }

  /** poll/epoll readiness (POLL* bits). Regular files are always ready. */
  poll(_t: VfsTask): number {
    return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
  }
  /** Woken whenever poll() may have changed; null if it never changes. */
  pollQueue(): WaitQueue | null {
    return null;
  }

  /** The file as mmap sees it; null = ENODEV. */
  mappedFile(): MappedFileLike | null {
    return null;
  }

  /** Change a path-level attribute through the fd (fchmod/fchown/futimens). */
  get isPath(): boolean {
    return (this.flags & O_PATH) !== 0;
  }
}

// ---- helpers for ioctl arguments ----
/**
 * A file with no name in any filesystem (eventfd, epoll, timerfd, pidfd): /proc shows it as
 * `anon_inode:[NAME]`, it has no file position (lseek is Linux's noop_llseek) and fstat gives a
 * mode of 0600 on the anonymous-inode filesystem.
 */
export abstract class AnonInodeFile extends OpenFile {
  private readonly ino = anonIno();

  constructor(
    flags: number,
    private readonly anonName: string,
  ) {
    super(flags, null);
  }

  override anonInodeName(): string {
    return this.anonName;
  }
  override get seekable(): boolean {
    return false;
  }
  override lseek(): number {
    return this.pos;
  }
  stat(): Stat {
    return zeroStat(0o600, this.ino, 0xf);
  }
}

export function readI32(t: VfsTask, addr: number): number {
  const b = t.mm.copyIn(addr, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
}
export function writeI32(t: VfsTask, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  t.mm.copyOut(addr, b);
}

/** A read-only snapshot of bytes (procfs files, generated at open). */
export class BufferFile extends OpenFile {
  constructor(flags: number, dentry: Dentry | null, readonly data: Uint8Array, private readonly st: Stat) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.st;
  }
  override pread(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (off >= this.data.length) return 0;
    const n = Math.min(buf.length, this.data.length - off);
    buf.set(this.data.subarray(off, off + n));
    return n;
  }
  override pwrite(): number {
    fail(Errno.EINVAL);
  }
}

/** O_PATH descriptors: they name a file, nothing more. */
export class PathFile extends OpenFile {
  constructor(flags: number, dentry: Dentry) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override read(): number { fail(Errno.EBADF); }
  override write(): number { fail(Errno.EBADF); }
  override pread(): number { fail(Errno.EBADF); }
  override pwrite(): number { fail(Errno.EBADF); }
  override lseek(): number { fail(Errno.EBADF); }
  override getdents(): Uint8Array { fail(Errno.EBADF); }
  override ioctl(): number { fail(Errno.EBADF); }
}

/** A directory opened for reading: getdents walks a snapshot taken at the first call (or rewind). */
export class DirFile extends OpenFile {
  private entries: { name: string; ino: number; type: number }[] | null = null;

  constructor(flags: number, dentry: Dentry) {
    super(flags, dentry);
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override read(): number { fail(Errno.EISDIR); }
  override write(): number { fail(Errno.EISDIR); }
  override pread(): number { fail(Errno.EISDIR); }
  override pwrite(): number { fail(Errno.EISDIR); }
  override lseek(offset: number, whence: number): number {
    let r: number;
    if (whence === SEEK_SET) r = offset;
    else if (whence === SEEK_CUR) r = this.pos + offset;
    else if (whence === SEEK_END) fail(Errno.EINVAL);
    else fail(Errno.EINVAL);
    if (r < 0) fail(Errno.EINVAL);
    if (r === 0) this.entries = null;
    this.pos = r;
    return r;
  }
  override getdents(ctx: WalkCtx, size: number, old: boolean): Uint8Array {
    const d = this.dentry!;
    if (this.entries === null || this.pos === 0) {
      const self = d.node.getattr().ino;
      const parent = (d.parent ?? d).node.getattr().ino;
      const list = [{ name: ".", ino: self, type: DT_DIR }, { name: "..", ino: parent, type: DT_DIR }];
      for (const e of d.node.readdir(ctx)) list.push(e);
      const extra = d.mount.ns?.namesBelow(d.path) ?? [];
      for (const name of extra) {
        if (!list.some((e) => e.name === name)) list.push({ name, ino: 1, type: DT_DIR });
      }
      this.entries = list;
    }
    const out = new Uint8Array(Math.min(size, 1 << 20));
    const dv = new DataView(out.buffer);
    let used = 0;
    while (this.pos < this.entries.length) {
      const e = this.entries[this.pos]!;
      const nameLen = e.name.length;
      const reclen = old ? (18 + nameLen + 2 + 7) & ~7 : (Dirent64Layout.name + nameLen + 1 + 7) & ~7;
      if (used + reclen > out.length) {
        if (used === 0) fail(Errno.EINVAL);
        break;
      }
      const ino = e.ino || 1;
      dv.setUint32(used, ino >>> 0, true);
      dv.setUint32(used + 4, Math.floor(ino / 4294967296), true);
      dv.setUint32(used + 8, this.pos + 1, true);
      dv.setUint16(used + 16, reclen, true);
      if (old) {
        out.set(binToBytes(e.name), used + 18);
        out[used + reclen - 1] = e.type;
      } else {
        out[used + 18] = e.type;
        out.set(binToBytes(e.name), used + 19);
      }
      used += reclen;
      this.pos++;
    }
    return out.subarray(0, used);
  }
  override ioctl(): number { fail(Errno.ENOTTY); }
}

// ---------------------------------------------------------------- terminals and stdio

// The terminal itself lives in src/kernel/tty/; these names stay importable from here.
export { Terminal, hostTerminal } from "./tty/terminal.js";

let nextPipeIno = 50000;
/** The host terminal as the guest sees it: /dev/pts/0 in devfs (st_dev 5), this inode and rdev. */
export const PTS0 = makeDev(136, 0);
export const PTS0_INO = 0x7fff0000;
export const DEVFS_DEV = 5;

/** Reading from the host's stdin: non-blocking host read, otherwise sleep until readable. */
class HostInputReader {
  readonly queue = new WaitQueue();
  private armed = false;
  constructor(readonly input: HostInput) {}

  read(t: VfsTask, buf: Uint8Array, nonBlocking: boolean): number {
    const n = this.input.read(buf, 0, buf.length);
    if (n >= 0) return n;
    if (nonBlocking) fail(Errno.EAGAIN);
    this.arm();
    t.sleepOn(this.queue);
    return BLOCK;
  }
  arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.input.onReadable(() => {
      this.armed = false;
      this.queue.wakeAll();
    });
  }
  ready(): boolean {
    return this.input.available() > 0;
  }
}

const readers = new WeakMap<HostInput, HostInputReader>();
function readerFor(input: HostInput): HostInputReader {
  let r = readers.get(input);
  if (!r) {
    r = new HostInputReader(input);
    readers.set(input, r);
  }
  return r;
}

/**
 * A host stream as a guest file: stdin (readable), stdout/stderr (writable), or the terminal
 * (/dev/tty: both). A terminal answers terminal ioctls; anything else is a pipe to the guest.
 */
export class HostStreamFile extends OpenFile {
  private readonly ino: number;
  private readonly born: number;
  /** What the host stream really is when not a pipe: S_IFSOCK for a socket (fstat and /proc say so). */
  hostType = 0;
  constructor(
    flags: number,
    dentry: Dentry | null,
    readonly host: Host,
    readonly input: HostInput | null,
    readonly output: HostOutput | null,
    readonly terminal: Terminal | null,
  ) {
    super(flags, dentry);
    this.ino = terminal ? 3 : nextPipeIno++;
    this.born = Math.floor(host.realtimeMs() / 1000);
  }
  override get seekable(): boolean {
    return false;
  }
  override path(): string {
    if (this.dentry) return this.dentry.path;
    return this.terminal ? "/dev/pts/0" : this.hostType === S_IFSOCK ? `socket:[${this.ino}]` : `pipe:[${this.ino}]`;
  }
  stat(): Stat {
    let st: Stat;
    if (this.terminal && this.dentry) {
      return this.dentry.node.getattr();
    } else if (this.terminal) {
      st = zeroStat(S_IFCHR | 0o620, PTS0_INO, DEVFS_DEV, PTS0);
      st.gid = 5;
      st.blksize = 1024;
    } else if (this.hostType === S_IFSOCK) {
      st = zeroStat(S_IFSOCK | 0o777, this.ino, 0x8);
      st.gid = this.host.gid;
    } else {
      st = zeroStat(S_IFIFO | 0o600, this.ino, 0xe);
      st.gid = this.host.gid;
    }
    st.uid = this.host.uid;
    st.atimeSec = st.mtimeSec = st.ctimeSec = this.born;
    return st;
  }
  override read(t: VfsTask, buf: Uint8Array): number {
    if (!this.readable) fail(Errno.EBADF);
    if (this.terminal?.emulated) return this.terminal.read(t, buf, this.nonBlocking);
    if (!this.input) fail(Errno.EINVAL);
    if (buf.length === 0) return 0;
    return readerFor(this.input).read(t, buf, this.nonBlocking);
  }
  override write(t: VfsTask, buf: Uint8Array): number {
    if (!this.writable) fail(Errno.EBADF);
    if (!this.output) fail(Errno.EINVAL);
    if (this.terminal) return this.terminal.write(t, this.output, buf);
    if (buf.length === 0) return 0;
    return this.output.write(buf, 0, buf.length);
  }
  override ioctl(t: VfsTask, cmd: number, argPtr: number): number {
    if (this.terminal) {
      const r = this.terminal.ioctl(t, this, cmd, argPtr);
      if (r !== null) return r;
      return super.ioctl(t, cmd, argPtr);
    }
    if (cmd === FIONREAD) {
      writeI32(t, argPtr, this.input ? this.input.available() : 0);
      return 0;
    }
    return super.ioctl(t, cmd, argPtr);
  }
  override poll(_t: VfsTask): number {
    if (this.terminal?.emulated) return this.terminal.poll() & ~(this.readable ? 0 : POLLIN | POLLRDNORM);
    let m = 0;
    if (this.output) m |= POLLOUT | POLLWRNORM;
    if (this.input && this.readable) {
      const r = readerFor(this.input);
      if (r.ready()) m |= POLLIN | POLLRDNORM;
      else if (this.input.atEnd?.()) m |= POLLHUP; // end of input: ready for good, as a pipe's EOF
      else r.arm();
    }
    return m;
  }
  override pollQueue(): WaitQueue | null {
    if (this.terminal?.emulated) return this.terminal.readQueue;
    return this.input ? readerFor(this.input).queue : null;
  }
}

/**
 * The three standard files of a first process: the host's stdin, stdout and stderr. On a
 * terminal each is the terminal opened read-write, as a login shell would leave them.
 */
export function createStdio(host: Host): [OpenFile, OpenFile, OpenFile] {
  const term = hostTerminal(host);
  const make = (input: HostInput | null, output: HostOutput | null, isTTY: boolean, mode: number): OpenFile => {
    if (isTTY && term) return new HostStreamFile(O_RDWR | O_LARGEFILE, null, host, host.stdin.isTTY ? host.stdin : input, output ?? host.stdout, term);
    return new HostStreamFile(mode | O_LARGEFILE, null, host, input, output, null);
  };
  return [
    make(host.stdin, null, host.stdin.isTTY, O_RDONLY),
    make(null, host.stdout, host.stdout.isTTY, O_WRONLY),
    make(null, host.stderr, host.stderr.isTTY, O_WRONLY),
  ];
}

