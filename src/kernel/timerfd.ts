/**
 * timerfd: a timer read as a file. Expirations are counted lazily from the machine's monotonic
 * clock (a REALTIME absolute time is turned into a monotonic deadline when the timer is set). A host
 * timer is armed only while someone may wait (poll/epoll/read found nothing): it wakes the queue,
 * and the woken caller counts the expirations.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { O_RDONLY } from "../abi/fcntl.js";
import { AnonInodeFile, POLLIN, POLLRDNORM } from "./file.js";
import { BLOCK, WaitQueue } from "./wait.js";
import type { VfsTask } from "./vfs/task-view.js";

const TWO32 = 4294967296;

export class TimerFdFile extends AnonInodeFile {
  /** Next expiry (machine monotonic ms), or -1 when disarmed. */
  nextMs = -1;
  intervalMs = 0;
  /** Expirations not yet read. */
  ticks = 0;
  readonly queue = new WaitQueue();
  private cancel: (() => void) | null = null;

  constructor(readonly clockId: number, flags: number, private readonly timers: { setTimer(ms: number, fn: () => void): () => void }, private readonly monoNow: () => number) {
    super(O_RDONLY | flags, "[timerfd]");
  }


  /** Count the expirations up to now. */
  update(): void {
    if (this.nextMs < 0) return;
    const now = this.monoNow();
    if (now < this.nextMs) return;
    if (this.intervalMs > 0) {
      const n = Math.floor((now - this.nextMs) / this.intervalMs) + 1;
      this.ticks += n;
      this.nextMs += n * this.intervalMs;
    } else {
      this.ticks += 1;
      this.nextMs = -1;
    }
  }

  /** Set a host timer for the next expiry, so a waiter hears of it. */
  private armHost(): void {
    if (this.cancel || this.nextMs < 0) return;
    const left = Math.max(0, this.nextMs - this.monoNow());
    this.cancel = this.timers.setTimer(Math.ceil(left), () => {
      this.cancel = null;
      this.update();
      if (this.ticks > 0) this.queue.wakeAll(POLLIN | POLLRDNORM);
      else this.armHost();
    });
  }
  private disarmHost(): void {
    if (this.cancel) {
      this.cancel();
      this.cancel = null;
    }
  }

  /** timerfd_settime: valueMs is a monotonic deadline already (or -1 to disarm). */
  set(valueMs: number, intervalMs: number): void {
    this.disarmHost();
    this.ticks = 0;
    this.nextMs = valueMs;
    this.intervalMs = valueMs < 0 ? 0 : intervalMs;
    this.queue.wakeAll();
  }

  /** [ms to the next expiry (0 = disarmed), interval ms] */
  current(): [number, number] {
    this.update();
    if (this.nextMs < 0) return [0, this.intervalMs];
    return [Math.max(this.nextMs - this.monoNow(), 1e-6), this.intervalMs];
  }

  override read(t: VfsTask, buf: Uint8Array): number {
    if (buf.length < 8) throw new SyscallError(Errno.EINVAL);
    this.update();
    if (this.ticks === 0) {
      if (this.nonBlocking) throw new SyscallError(Errno.EAGAIN);
      this.armHost();
      t.sleepOn(this.queue);
      return BLOCK;
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, 8);
    const hi = Math.floor(this.ticks / TWO32);
    dv.setUint32(0, this.ticks - hi * TWO32, true);
    dv.setUint32(4, hi, true);
    this.ticks = 0;
    return 8;
  }
  override write(): number {
    throw new SyscallError(Errno.EINVAL);
  }

  override poll(_t: VfsTask): number {
    this.update();
    if (this.ticks > 0) return POLLIN | POLLRDNORM;
    this.armHost();
    return 0;
  }
  override pollQueue(): WaitQueue {
    return this.queue;
  }

  protected override release(): void {
    this.disarmHost();
    this.nextMs = -1;
  }
}
