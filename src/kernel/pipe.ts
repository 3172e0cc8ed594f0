// Pipes: a 64 KiB ring of bytes between a read end and a write end, each an OpenFile. Reads
// sleep while the pipe is empty and a writer exists; writes sleep while it is full and a reader
// exists. Writes of at most PIPE_BUF bytes are atomic (all or nothing, never interleaved).
import { Errno } from "../abi/errno.js";
import { O_RDONLY, O_WRONLY, S_IFIFO } from "../abi/fcntl.js";
import { FIONREAD } from "../abi/ioctl.js";
import { BLOCK, WaitQueue } from "./wait.js";
import {
  OpenFile, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, anonIno, writeI32, zeroStat,
} from "./file.js";
import { fail, type Stat } from "./vfs/node.js";
import type { VfsTask } from "./vfs/task-view.js";
import type { Task } from "./task.js";
import { sendSignal } from "./signal.js";
import { Sig, SI_USER } from "../abi/signals.js";

export const PIPE_BUF = 4096;
export const PIPE_DEFAULT_SIZE = 65536;
/** The device number Linux reports for pipefs. */
const PIPEFS_DEV = 0xe;

export class Pipe {
  private buf = new Uint8Array(PIPE_DEFAULT_SIZE);
  private head = 0; // next byte to read
  private len = 0; // bytes stored
  readers = 0;
  writers = 0;
  readonly ino = anonIno();
  /** Woken when bytes arrive, space frees up, or an end closes. */
  readonly queue = new WaitQueue();
  private readonly born: number;

  constructor(nowSec: number) {
    this.born = nowSec;
  }

  get capacity(): number {
    return this.buf.length;
  }
  get available(): number {
    return this.len;
  }
  get space(): number {
    return this.buf.length - this.len;
  }

  /** F_SETPIPE_SZ: round up to a power of two pages; EBUSY if the data would not fit. */
  resize(n: number): number {
    let size = 4096;
    while (size < n) size *= 2;
    if (size > 1 << 20) fail(Errno.EPERM);
    if (size < this.len) fail(Errno.EBUSY);
    const next = new Uint8Array(size);
    this.copyOutTo(next, this.len);
    this.buf = next;
    this.head = 0;
    return size;
  }

  private copyOutTo(dst: Uint8Array, n: number): void {
    const cap = this.buf.length;
    const first = Math.min(n, cap - this.head);
    dst.set(this.buf.subarray(this.head, this.head + first), 0);
    if (n > first) dst.set(this.buf.subarray(0, n - first), first);
  }

  take(dst: Uint8Array): number {
    const n = Math.min(dst.length, this.len);
    this.copyOutTo(dst, n);
    this.head = (this.head + n) % this.buf.length;
    this.len -= n;
    if (this.len === 0) this.head = 0;
    return n;
  }

  put(src: Uint8Array): number {
    const cap = this.buf.length;
    const n = Math.min(src.length, cap - this.len);
    const tail = (this.head + this.len) % cap;
    const first = Math.min(n, cap - tail);
    this.buf.set(src.subarray(0, first), tail);
    if (n > first) this.buf.set(src.subarray(first, n), 0);
    this.len += n;
    return n;
  }

  stat(uid: number, gid: number): Stat {
    const st = zeroStat(S_IFIFO | 0o600, this.ino, PIPEFS_DEV);
    st.uid = uid;
    st.gid = gid;
    st.blksize = 4096;
    st.atimeSec = st.mtimeSec = st.ctimeSec = this.born;
    return st;
  }
}

/** One end of a pipe. */
export class PipeEnd extends OpenFile {
  constructor(
    readonly pipe: Pipe,
    flags: number,
    private readonly owner: { uid: number; gid: number },
  ) {
    super(flags, null);
    if (this.readable) pipe.readers++;
    if (this.writable) pipe.writers++;
  }

  override get seekable(): boolean {
    return false;
  }

  override path(): string {
    return `pipe:[${this.pipe.ino}]`;
  }

  stat(): Stat {
    return this.pipe.stat(this.owner.uid, this.owner.gid);
  }

  override read(t: VfsTask, buf: Uint8Array): number {
    if (!this.readable) fail(Errno.EBADF);
    if (buf.length === 0) return 0;
    const p = this.pipe;
    if (p.available === 0) {
      if (p.writers === 0) return 0;
      if (this.nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(p.queue);
      return BLOCK;
    }
    const n = p.take(buf);
    p.queue.wakeAll(POLLOUT | POLLWRNORM);
    return n;
  }

  override write(t: VfsTask, buf: Uint8Array): number {
    if (!this.writable) fail(Errno.EBADF);
    const p = this.pipe;
    if (p.readers === 0) {
      // No reader will ever see this: the writer gets SIGPIPE, and EPIPE if it survives it.
      const task = t as unknown as Task;
      sendSignal(task.process, task, Sig.SIGPIPE, SI_USER, task.process.pid, task.process.creds.uid);
      fail(Errno.EPIPE);
    }
    if (buf.length === 0) return 0;
    const fits = buf.length <= PIPE_BUF ? p.space >= buf.length : p.space > 0;
    if (!fits) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(p.queue);
      return BLOCK;
    }
    const n = p.put(buf);
    p.queue.wakeAll(POLLIN | POLLRDNORM);
    return n;
  }

  override ioctl(t: VfsTask, cmd: number, argPtr: number): number {
    if (cmd === FIONREAD) {
      writeI32(t, argPtr, this.pipe.available);
      return 0;
    }
    return super.ioctl(t, cmd, argPtr);
  }

  override poll(_t: VfsTask): number {
    const p = this.pipe;
    let m = 0;
    if (this.readable) {
      if (p.available > 0) m |= POLLIN | POLLRDNORM;
      if (p.writers === 0) m |= POLLHUP;
    }
    if (this.writable) {
      if (p.space >= PIPE_BUF || (p.space > 0 && p.space === p.capacity)) m |= POLLOUT | POLLWRNORM;
      if (p.readers === 0) m |= POLLERR;
    }
    return m;
  }

  override pollQueue(): WaitQueue | null {
    return this.pipe.queue;
  }

  /** fcntl F_GETPIPE_SZ (n undefined) / F_SETPIPE_SZ. */
  pipeSize(n?: number): number {
    return n === undefined ? this.pipe.capacity : this.pipe.resize(n);
  }

  protected override release(): void {
    if (this.readable) this.pipe.readers--;
    if (this.writable) this.pipe.writers--;
    this.pipe.queue.wakeAll();
  }
}

/** Make a pipe: [read end, write end]. `extra` are status flags for both (O_NONBLOCK). */
export function createPipe(nowSec: number, extra: number, owner: { uid: number; gid: number }): [PipeEnd, PipeEnd] {
  const p = new Pipe(nowSec);
  return [new PipeEnd(p, O_RDONLY | extra, owner), new PipeEnd(p, O_WRONLY | extra, owner)];
}
