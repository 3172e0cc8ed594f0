/**
 * Pseudo-terminals: /dev/ptmx hands out a master, /dev/pts/N is its slave (Linux's devpts and
 * drivers/tty/pty.c, Unix 98 style).
 *
 * Bytes written to the master are the slave's keyboard: they go through the slave's line
 * discipline (ldisc.ts), whose echo comes back to the master. Bytes written to the slave go
 * through output processing and are read from the master. Both sides share one termios (the
 * master's termios requests act on the slave's settings, as on Linux), one window size and the
 * locked-termios mask; setting termios on a pty always leaves CS8|CREAD and no PARENB.
 *
 * A new master starts locked (TIOCSPTLCK 0 unlocks it: until then opening the slave is EIO).
 * When the master closes, the slave is hung up (reads give 0, writes EIO); when the last slave
 * closes after one was opened, reading the master gives EIO.
 */
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { makeDev } from "../../abi/fcntl.js";
import {
  FIONREAD, TCFLSH, TCGETA, TCGETS, TCGETS2, TCSBRK, TCSBRKP, TCSETA, TCSETAF, TCSETAW, TCSETS, TCSETS2, TCSETSF,
  TCSETSW, TCXONC, TIOCEXCL, TIOCGETD, TIOCGPGRP, TIOCGPTN, TIOCGSID, TIOCGWINSZ, TIOCNOTTY, TIOCNXCL, TIOCOUTQ,
  TIOCSCTTY, TIOCSETD, TIOCSPGRP, TIOCSPTLCK, TIOCSWINSZ, TCSETSW2, TCSETSF2, TIOCGPTLCK, TIOCGLCKTRMIOS,
  TIOCSLCKTRMIOS,
} from "../../abi/ioctl.js";
import { Sig, SI_KERNEL } from "../../abi/signals.js";
import { OpenFile } from "../file.js";
import { BLOCK, WaitQueue } from "../wait.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { Dentry, Stat, WalkCtx } from "../vfs/node.js";
import { TmpDevice, type TmpDir, type TmpSuperBlock } from "../vfs/tmpfs.js";
import { LineDiscipline } from "./ldisc.js";

const POLLIN = 0x1, POLLOUT = 0x4, POLLHUP = 0x10, POLLRDNORM = 0x40, POLLWRNORM = 0x100;
const CBAUD = 0o10017, CBAUDEX = 0o10000, BOTHER = 0o10000, IBSHIFT = 16, CSIZE = 0o60, PARENB = 0o400;
const CS8 = 0o60, CREAD = 0o200;
/** Linux's baud_table: B0..B38400, then the CBAUDEX rates. */
const BAUDS = [0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
  230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000];
/** The slave's first settings: tty_std_termios with the pty driver's c_cflag. */
const PTY_IFLAG = 0o400 | 0o2000; // ICRNL | IXON
const PTY_CFLAG = 0o17 | CS8 | CREAD; // B38400 | CS8 | CREAD

function fail(errno: number): never {
  throw new SyscallError(errno);
}
function i32(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
}
function putI32(t: VfsTask, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  t.mm.copyOut(addr, b);
}
function baudOf(cbaud: number, other: number): number {
  if (cbaud === BOTHER) return other;
  const i = cbaud & CBAUDEX ? (cbaud & ~CBAUDEX) + 15 : cbaud;
  return BAUDS[i] ?? 0;
}

interface PtyKernel {
  signalProcessGroup?(pgid: number, sig: number, code?: number): number;
}
interface PtyProcess {
  readonly pid: number;
  pgid?: number;
  sid?: number;
  creds?: { euid: number };
}

/** One master/slave pair. */
export class PtyPair {
  readonly ldisc: LineDiscipline;
  /** c_ispeed and c_ospeed (struct termios2's tail). */
  ispeed = 38400;
  ospeed = 38400;
  /** TIOCSLCKTRMIOS: bits set here keep their old value on every TCSETS*. */
  readonly locked = new Uint8Array(36);
  readonly winsize = new Uint8Array(8);
  ptyLocked = true;
  masterOpen = true;
  slaves = 0;
  slaveEverOpened = false;
  /** Output of the slave (and echo) waiting for a master read. */
  private toMaster: Uint8Array[] = [];
  private toMasterBytes = 0;
  readonly masterQueue = new WaitQueue();
  readonly slaveQueue = new WaitQueue();
  /** Session whose controlling terminal the slave is (0: none) and its foreground group. */
  session = 0;
  pgrp = 0;
  private kernel: PtyKernel | null = null;

  constructor(readonly index: number, readonly onGone: (p: PtyPair) => void) {
    this.ldisc = new LineDiscipline({
      echo: (bytes) => this.queueForMaster(bytes),
      signal: (sig) => {
        if (this.pgrp) this.kernel?.signalProcessGroup?.(this.pgrp, sig, SI_KERNEL);
      },
      readable: () => this.slaveQueue.wakeAll(),
    });
    const t = this.ldisc.termios.slice();
    const d = new DataView(t.buffer);
    d.setUint32(0, PTY_IFLAG, true);
    d.setUint32(8, PTY_CFLAG, true);
    this.ldisc.setTermios(t);
  }

  remember(t: VfsTask): void {
    this.kernel = t.kernel as unknown as PtyKernel;
  }

  private queueForMaster(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.toMaster.push(bytes.slice());
    this.toMasterBytes += bytes.length;
    this.masterQueue.wakeAll();
  }

  // ---- data

  masterRead(t: VfsTask, buf: Uint8Array, nonBlocking: boolean): number {
    if (this.toMasterBytes === 0) {
      if (this.slaveEverOpened && this.slaves === 0) fail(Errno.EIO);
      if (buf.length === 0) return 0;
      if (nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(this.masterQueue);
      return BLOCK;
    }
    let n = 0;
    while (n < buf.length && this.toMaster.length > 0) {
      const c = this.toMaster[0]!;
      const k = Math.min(c.length, buf.length - n);
      buf.set(c.subarray(0, k), n);
      n += k;
      if (k === c.length) this.toMaster.shift();
      else this.toMaster[0] = c.subarray(k);
    }
    this.toMasterBytes -= n;
    return n;
  }

  masterWrite(t: VfsTask, buf: Uint8Array, nonBlocking: boolean): number {
    if (buf.length === 0) return 0;
    if (this.ldisc.full) {
      if (nonBlocking) fail(Errno.EAGAIN);
      t.sleepOn(this.slaveQueue);
      return BLOCK;
    }
    this.ldisc.receive(buf);
    this.slaveQueue.wakeAll();
    return buf.length;
  }

  slaveRead(t: VfsTask, buf: Uint8Array, nonBlocking: boolean): number {
    if (buf.length === 0) return 0;
    const ld = this.ldisc;
    let n: number;
    if (ld.canonical) n = ld.readCanonical(buf);
    else if (ld.hasInput) n = ld.take(buf);
    else n = ld.cc(6) === 0 && ld.cc(5) === 0 ? 0 : -1; // VMIN = VTIME = 0: poll
    if (n >= 0) {
      this.masterQueue.wakeAll();
      return n;
    }
    if (!this.masterOpen) return 0;
    if (nonBlocking) fail(Errno.EAGAIN);
    t.sleepOn(this.slaveQueue);
    return BLOCK;
  }

  slaveWrite(buf: Uint8Array): number {
    if (!this.masterOpen) fail(Errno.EIO);
    this.queueForMaster(this.ldisc.processOutput(buf));
    return buf.length;
  }

  masterPoll(): number {
    let m = POLLOUT | POLLWRNORM;
    if (this.toMasterBytes > 0) m |= POLLIN | POLLRDNORM;
    if (this.slaveEverOpened && this.slaves === 0) m |= POLLHUP;
    return m;
  }
  slavePoll(): number {
    if (!this.masterOpen) return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP;
    let m = POLLOUT | POLLWRNORM;
    if (this.ldisc.hasInput) m |= POLLIN | POLLRDNORM;
    return m;
  }

  closeMaster(): void {
    this.masterOpen = false;
    this.slaveQueue.wakeAll();
    if (this.pgrp) {
      this.kernel?.signalProcessGroup?.(this.pgrp, Sig.SIGHUP, SI_KERNEL);
      this.kernel?.signalProcessGroup?.(this.pgrp, Sig.SIGCONT, SI_KERNEL);
    }
    if (this.slaves === 0) this.onGone(this);
  }
  closeSlave(): void {
    this.slaves--;
    this.masterQueue.wakeAll();
    if (this.slaves === 0 && !this.masterOpen) this.onGone(this);
  }

  // ---- settings

  /** Store new termios bytes (36), as set_termios and pty_set_termios leave them. */
  private setTermios(next: Uint8Array, speeds?: [number, number]): void {
    const old = this.ldisc.termios;
    const od = new DataView(old.buffer, old.byteOffset, 36);
    const t = next.slice(0, 36);
    const d = new DataView(t.buffer);
    const lk = new DataView(this.locked.buffer);
    for (let k = 0; k < 16; k += 4) {
      const m = lk.getUint32(k, true);
      d.setUint32(k, ((d.getUint32(k, true) & ~m) | (od.getUint32(k, true) & m)) >>> 0, true);
    }
    if (this.locked[16]) t[16] = old[16]!;
    for (let i = 17; i < 36; i++) if (this.locked[i]) t[i] = old[i]!;
    const cflag = ((d.getUint32(8, true) & ~(CSIZE | PARENB)) | CS8 | CREAD) >>> 0;
    d.setUint32(8, cflag, true);
    if (speeds) [this.ispeed, this.ospeed] = speeds;
    const out = baudOf(cflag & CBAUD, this.ospeed);
    const inBits = (cflag >>> IBSHIFT) & CBAUD;
    this.ispeed = inBits === 0 ? out : baudOf(inBits, this.ispeed);
    this.ospeed = out;
    this.ldisc.setTermios(t);
  }

  /** The termios requests, shared by both sides; null when `cmd` is not one of them. */
  termiosIoctl(t: VfsTask, cmd: number, arg: number): number | null {
    switch (cmd) {
      case TCGETS:
        t.mm.copyOut(arg, this.ldisc.termios.slice(0, 36));
        return 0;
      case TCGETS2: {
        const b = new Uint8Array(44);
        b.set(this.ldisc.termios.subarray(0, 36));
        const d = new DataView(b.buffer);
        d.setUint32(36, this.ispeed, true);
        d.setUint32(40, this.ospeed, true);
        t.mm.copyOut(arg, b);
        return 0;
      }
      case TCSETS: case TCSETSW: case TCSETSF: {
        const b = t.mm.copyIn(arg, 36);
        if (cmd === TCSETSF) this.ldisc.flushInput();
        this.setTermios(b);
        return 0;
      }
      case TCSETS2: case TCSETSW2: case TCSETSF2: {
        const b = t.mm.copyIn(arg, 44);
        const d = new DataView(b.buffer, b.byteOffset, 44);
        if (cmd === TCSETSF2) this.ldisc.flushInput();
        this.setTermios(b, [d.getUint32(36, true), d.getUint32(40, true)]);
        return 0;
      }
      case TCGETA: {
        const b = new Uint8Array(18);
        const d = new DataView(b.buffer);
        const td = new DataView(this.ldisc.termios.buffer, this.ldisc.termios.byteOffset, 36);
        for (let k = 0; k < 4; k++) d.setUint16(k * 2, td.getUint32(k * 4, true) & 0xffff, true);
        b[8] = this.ldisc.termios[16]!;
        b.set(this.ldisc.termios.subarray(17, 25), 9);
        t.mm.copyOut(arg, b);
        return 0;
      }
      case TCSETA: case TCSETAW: case TCSETAF: {
        const src = t.mm.copyIn(arg, 18);
        const sd = new DataView(src.buffer, src.byteOffset, 18);
        const next = this.ldisc.termios.slice(0, 36);
        const d = new DataView(next.buffer);
        for (let k = 0; k < 4; k++) d.setUint32(k * 4, ((d.getUint32(k * 4, true) & 0xffff0000) | sd.getUint16(k * 2, true)) >>> 0, true);
        next[16] = src[8]!;
        next.set(src.subarray(9, 17), 17);
        if (cmd === TCSETAF) this.ldisc.flushInput();
        this.setTermios(next);
        return 0;
      }
      case TIOCGLCKTRMIOS:
        t.mm.copyOut(arg, this.locked.slice());
        return 0;
      case TIOCSLCKTRMIOS: {
        const p = t.process as unknown as PtyProcess;
        if ((p.creds?.euid ?? 0) !== 0) fail(Errno.EPERM);
        this.locked.set(t.mm.copyIn(arg, 36));
        return 0;
      }
      case TIOCGWINSZ:
        t.mm.copyOut(arg, this.winsize.slice());
        return 0;
      case TIOCSWINSZ: {
        const b = t.mm.copyIn(arg, 8);
        const changed = b.some((x, i) => x !== this.winsize[i]);
        this.winsize.set(b);
        if (changed && this.pgrp) this.kernel?.signalProcessGroup?.(this.pgrp, Sig.SIGWINCH, SI_KERNEL);
        return 0;
      }
      case TCFLSH:
        if (arg !== 0 && arg !== 1 && arg !== 2) fail(Errno.EINVAL);
        if (arg !== 1) this.ldisc.flushInput();
        return 0;
      case TCXONC: case TCSBRK: case TCSBRKP: case TIOCEXCL: case TIOCNXCL:
        return 0;
      case TIOCOUTQ:
        putI32(t, arg, 0);
        return 0;
      case TIOCGETD:
        putI32(t, arg, 0); // N_TTY
        return 0;
      case TIOCSETD:
        if (i32(t.mm.copyIn(arg, 4)) !== 0) fail(Errno.EINVAL);
        return 0;
    }
    return null;
  }
}

/** The master side (what /dev/ptmx opens). */
class PtyMaster extends OpenFile {
  constructor(flags: number, dentry: Dentry, readonly pair: PtyPair) {
    super(flags, dentry);
  }
  override get seekable(): boolean {
    return false;
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override read(t: VfsTask, buf: Uint8Array): number {
    if (!this.readable) fail(Errno.EBADF);
    return this.pair.masterRead(t, buf, this.nonBlocking);
  }
  override write(t: VfsTask, buf: Uint8Array): number {
    if (!this.writable) fail(Errno.EBADF);
    return this.pair.masterWrite(t, buf, this.nonBlocking);
  }
  override ioctl(t: VfsTask, cmd: number, arg: number): number {
    const pair = this.pair;
    pair.remember(t);
    cmd >>>= 0;
    const r = pair.termiosIoctl(t, cmd, arg);
    if (r !== null) return r;
    switch (cmd) {
      case TIOCGPTN:
        putI32(t, arg, pair.index);
        return 0;
      case TIOCSPTLCK:
        pair.ptyLocked = i32(t.mm.copyIn(arg, 4)) !== 0;
        return 0;
      case TIOCGPTLCK:
        putI32(t, arg, pair.ptyLocked ? 1 : 0);
        return 0;
      case FIONREAD:
        putI32(t, arg, 0);
        return 0;
      case TIOCGPGRP:
        putI32(t, arg, pair.pgrp);
        return 0;
      case TIOCGSID:
        if (pair.session === 0) fail(Errno.ENOTTY);
        putI32(t, arg, pair.session);
        return 0;
      case TIOCSPGRP: case TIOCNOTTY: case TIOCSCTTY:
        fail(Errno.ENOTTY);
    }
    return super.ioctl(t, cmd, arg);
  }
  override poll(): number {
    return this.pair.masterPoll();
  }
  override pollQueue(): WaitQueue {
    return this.pair.masterQueue;
  }
  protected override release(): void {
    this.pair.closeMaster();
  }
}

/** The slave side (/dev/pts/N). */
class PtySlave extends OpenFile {
  constructor(flags: number, dentry: Dentry, readonly pair: PtyPair) {
    super(flags, dentry);
    pair.slaves++;
    pair.slaveEverOpened = true;
  }
  override get seekable(): boolean {
    return false;
  }
  stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override read(t: VfsTask, buf: Uint8Array): number {
    if (!this.readable) fail(Errno.EBADF);
    return this.pair.slaveRead(t, buf, this.nonBlocking);
  }
  override write(t: VfsTask, buf: Uint8Array): number {
    if (!this.writable) fail(Errno.EBADF);
    if (buf.length === 0) return 0;
    return this.pair.slaveWrite(buf);
  }
  override ioctl(t: VfsTask, cmd: number, arg: number): number {
    const pair = this.pair;
    pair.remember(t);
    cmd >>>= 0;
    if (!pair.masterOpen && cmd !== FIONREAD) fail(Errno.EIO);
    const r = pair.termiosIoctl(t, cmd, arg);
    if (r !== null) return r;
    const p = t.process as unknown as PtyProcess;
    const sid = p.sid ?? p.pid;
    const controlling = pair.session !== 0 && pair.session === sid;
    switch (cmd) {
      case FIONREAD:
        putI32(t, arg, pair.ldisc.readableBytes);
        return 0;
      case TIOCSCTTY:
        if (sid !== p.pid) fail(Errno.EPERM);
        if (pair.session !== 0 && pair.session !== sid && !(arg === 1 && (p.creds?.euid ?? 0) === 0)) fail(Errno.EPERM);
        pair.session = sid;
        pair.pgrp = p.pgid ?? p.pid;
        return 0;
      case TIOCGPGRP:
        if (!controlling) fail(Errno.ENOTTY);
        putI32(t, arg, pair.pgrp);
        return 0;
      case TIOCGSID:
        if (!controlling) fail(Errno.ENOTTY);
        putI32(t, arg, pair.session);
        return 0;
      case TIOCSPGRP: {
        if (!controlling) fail(Errno.ENOTTY);
        const pg = i32(t.mm.copyIn(arg, 4));
        if (pg < 0) fail(Errno.EINVAL);
        pair.pgrp = pg;
        return 0;
      }
      case TIOCNOTTY:
        if (!controlling) fail(Errno.ENOTTY);
        if (sid === p.pid) {
          pair.session = 0;
          pair.pgrp = 0;
        }
        return 0;
      case TIOCGPTN >>> 0: case TIOCSPTLCK >>> 0: case TIOCGPTLCK:
        fail(Errno.ENOTTY);
    }
    return super.ioctl(t, cmd, arg);
  }
  override poll(): number {
    return this.pair.slavePoll();
  }
  override pollQueue(): WaitQueue {
    return this.pair.slaveQueue;
  }
  protected override release(): void {
    this.pair.closeSlave();
  }
}

/**
 * Install /dev/ptmx in `root`; slaves appear in `pts` while their pair lives. `reserved` indexes
 * are never handed out (pts/0 when it is the host's terminal).
 */
export function installPtys(sb: TmpSuperBlock, root: TmpDir, pts: TmpDir, uid: number, reserved: (i: number) => boolean): void {
  const pairs = new Map<number, PtyPair>();
  const gone = (p: PtyPair) => {
    pairs.delete(p.index);
    pts.children.delete(String(p.index));
  };
  const openMaster = (ctx: WalkCtx, d: Dentry, flags: number): OpenFile => {
    let i = 0;
    while (pairs.has(i) || reserved(i) || pts.children.has(String(i))) i++;
    const pair = new PtyPair(i, gone);
    pairs.set(i, pair);
    const openSlave = (_c: WalkCtx, sd: Dentry, sflags: number): OpenFile => {
      if (!pair.masterOpen || pair.ptyLocked) fail(Errno.EIO);
      return new PtySlave(sflags, sd, pair);
    };
    const owner = ctx.creds?.euid ?? uid;
    pts.children.set(String(i), new TmpDevice(sb, 0o620, makeDev(136, i), openSlave, [owner, 5]));
    return new PtyMaster(flags, d, pair);
  };
  root.children.set("ptmx", new TmpDevice(sb, 0o666, makeDev(5, 2), openMaster));
}
