/**
 * eventfd: a 64-bit unsigned counter behind a file descriptor. The counter is kept as two 32-bit
 * halves (exact in doubles, no BigInt). write adds (blocking while the sum would pass
 * 0xfffffffffffffffe), read takes the whole value (or 1 in semaphore mode) and blocks at zero.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { O_RDWR } from "../abi/fcntl.js";
import { AnonInodeFile, POLLERR, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "./file.js";
import { BLOCK, WaitQueue } from "./wait.js";
import type { VfsTask } from "./vfs/task-view.js";

export const EFD_SEMAPHORE = 1;
const MAX_HI = 0xffffffff;
const MAX_LO = 0xfffffffe;
const TWO32 = 4294967296;

function fail(errno: number): never {
  throw new SyscallError(errno);
}

export class EventFdFile extends AnonInodeFile {
  /** The counter: hi * 2^32 + lo. */
  hi = 0;
  lo = 0;
  readonly queue = new WaitQueue();

  constructor(initval: number, flags: number, readonly semaphore: boolean) {
    super(O_RDWR | flags, "[eventfd]");
    this.lo = initval >>> 0;
  }


  private get zero(): boolean {
    return this.hi === 0 && this.lo === 0;
  }
  /** Can `vhi:vlo` be added without passing the maximum? */
  private fits(vhi: number, vlo: number): boolean {
    // room = MAX - counter, compared with v.
    let rlo = MAX_LO - this.lo;
    let rhi = MAX_HI - this.hi;
    if (rlo < 0) {
      rlo += TWO32;
      rhi -= 1;
    }
    if (rhi < 0) return false;
    return vhi < rhi || (vhi === rhi && vlo <= rlo);
  }

  override read(t: VfsTask, buf: Uint8Array): number {
    if (buf.length < 8) fail(Errno.EINVAL);
    if (this.zero) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(this.queue);
      return BLOCK;
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, 8);
    if (this.semaphore) {
      dv.setUint32(0, 1, true);
      dv.setUint32(4, 0, true);
      if (this.lo === 0) {
        this.hi -= 1;
        this.lo = MAX_HI;
      } else this.lo -= 1;
    } else {
      dv.setUint32(0, this.lo, true);
      dv.setUint32(4, this.hi, true);
      this.hi = this.lo = 0;
    }
    this.queue.wakeAll(POLLOUT | POLLWRNORM);
    return 8;
  }

  override write(t: VfsTask, buf: Uint8Array): number {
    if (buf.length < 8) fail(Errno.EINVAL);
    const dv = new DataView(buf.buffer, buf.byteOffset, 8);
    const vlo = dv.getUint32(0, true);
    const vhi = dv.getUint32(4, true);
    if (vlo === MAX_HI && vhi === MAX_HI) fail(Errno.EINVAL);
    if (!this.fits(vhi, vlo)) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(this.queue);
      return BLOCK;
    }
    if (vlo === 0 && vhi === 0) return 8;
    let lo = this.lo + vlo;
    let hi = this.hi + vhi;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi += 1;
    }
    this.lo = lo;
    this.hi = hi;
    this.queue.wakeAll(POLLIN | POLLRDNORM);
    return 8;
  }

  override poll(_t: VfsTask): number {
    let m = 0;
    if (!this.zero) m |= POLLIN | POLLRDNORM;
    if (this.hi === MAX_HI && this.lo === MAX_HI) m |= POLLERR;
    else if (this.hi !== MAX_HI || this.lo !== MAX_LO) m |= POLLOUT | POLLWRNORM;
    return m;
  }
  override pollQueue(): WaitQueue {
    return this.queue;
  }
}
