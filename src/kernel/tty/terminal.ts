/**
 * The machine's terminal: the host's terminal as the guest sees it (/dev/pts/0, /dev/tty, the
 * stdio of a first process started from a terminal).
 *
 * When the host's stdin is a terminal, the host side is put in raw mode for the whole run and the
 * terminal is emulated here: bytes from the keyboard go through the line discipline (ldisc.ts)
 * according to the guest's termios, echo is written back to the screen, and signal characters
 * become signals for the foreground process group. Otherwise (only stdout or stderr is a
 * terminal) writes pass straight through and termios is only remembered.
 *
 * Job control follows Linux's drivers/tty/tty_jobctrl.c: the terminal is the controlling terminal
 * of one session and has a foreground process group; a background process reading it gets
 * SIGTTIN (EIO when SIGTTIN is ignored or its group is orphaned), writing it under TOSTOP or
 * changing its settings gets SIGTTOU. Instead of restarting the call after a stop, the call sleeps
 * until the foreground group changes and then tries again.
 */
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { O_NONBLOCK, O_WRONLY, O_ACCMODE } from "../../abi/fcntl.js";
import {
  FIONBIO, FIONREAD, TCFLSH, TCGETS, TCSBRK, TCSBRKP, TCSETS, TCSETSF, TCSETSW, TCXONC, TERMIOS_SIZE, TIOCGPGRP,
  TIOCGSID, TIOCGWINSZ, TIOCNOTTY, TIOCOUTQ, TIOCSCTTY, TIOCSPGRP, TIOCSTI, TIOCSWINSZ, TOSTOP, VMIN, VTIME,
  TIOCGETD, TIOCSETD, TIOCEXCL, TIOCNXCL,
} from "../../abi/ioctl.js";
import { Sig, SIG_IGN, SI_KERNEL } from "../../abi/signals.js";
import type { Host, HostOutput } from "../../host/types.js";
import { BLOCK, WaitQueue } from "../wait.js";
import type { VfsTask } from "../vfs/task-view.js";
import { LineDiscipline } from "./ldisc.js";

// poll bits (the same values as src/kernel/file.ts exports).
const POLLIN = 0x1, POLLOUT = 0x4, POLLHUP = 0x10, POLLRDNORM = 0x40, POLLWRNORM = 0x100;
const TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;

function fail(errno: number): never {
  throw new SyscallError(errno);
}
function readI32(t: VfsTask, addr: number): number {
  const b = t.mm.copyIn(addr, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
}
function writeI32(t: VfsTask, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  t.mm.copyOut(addr, b);
}

/** What the terminal reads of a process (the kernel's Process has all of it; test fakes some). */
export interface TtyProcess {
  readonly pid: number;
  pgid?: number;
  sid?: number;
  parent?: TtyProcess | null;
  /** ProcessState: 0 = alive. */
  state?: number;
  sigactions?: { get(sig: number): { handler: number } };
  creds?: { euid: number };
}

/** What the terminal needs from the kernel: its process table and a way to signal a group. */
export interface TtyKernel {
  processes?: { values(): Iterable<TtyProcess>; get(pid: number): TtyProcess | undefined };
  /** Send `sig` to every process of group `pgid` (as the kernel does: SI_KERNEL); returns how many. */
  signalProcessGroup?(pgid: number, sig: number, code?: number): number;
  events?: { processExit: ((p: never, status: number, timeNs: number) => void)[] };
}

interface SigTask {
  sigmaskLo?: number;
  sigmaskHi?: number;
  instructions?: number;
}

export class Terminal {
  readonly ldisc: LineDiscipline;
  /**
   * The host's stdin is a terminal and sysgate runs the line discipline (host side raw); false
   * when the host could not make it raw (sysgate started in the background): then it passes through.
   */
  emulated: boolean;
  /** Where the screen is: the host's stdout when it is the terminal, else stderr. */
  readonly screen: HostOutput | null;
  /** Session whose controlling terminal this is (0: none) and its foreground process group. */
  session = 0;
  pgrp = 0;
  /** Processes that gave up this terminal with TIOCNOTTY without being the session leader. */
  private readonly detached = new Set<number>();
  /** struct winsize, 8 bytes. */
  readonly winsize = new Uint8Array(8);
  /** Readers and pollers sleep here; woken when input arrives or is flushed. */
  readonly readQueue = new WaitQueue();
  /** Background processes held back by job control sleep here until the foreground changes. */
  readonly foregroundQueue = new WaitQueue();
  /** The host side ended (end of file on stdin): reads return 0. */
  hungUp = false;
  private kernel: TtyKernel | null = null;
  private owned = false;
  private started = false;
  private pumping = false;
  private paused = false;
  private readonly inBuf = new Uint8Array(4096);
  /** MIN = 0, TIME > 0 reads: when each waiting read began (by task, with its instruction count). */
  private readonly timedReads = new Map<unknown, { stamp: number; startMs: number }>();

  constructor(readonly host: Host) {
    this.emulated = host.stdin.isTTY;
    this.screen = host.stdout.isTTY ? host.stdout : host.stderr.isTTY ? host.stderr : null;
    this.ldisc = new LineDiscipline({
      echo: (bytes) => this.toScreen(bytes),
      signal: (sig) => this.signalForeground(sig),
      readable: () => this.readQueue.wakeAll(),
    });
    const sz = host.terminal.size() ?? { rows: 24, cols: 80 };
    this.setWinsize(sz.rows, sz.cols, 0, 0);
  }

  /** The termios bytes (TCGETS). */
  get termios(): Uint8Array {
    return this.ldisc.termios;
  }

  private setWinsize(rows: number, cols: number, xpix: number, ypix: number): boolean {
    const dv = new DataView(this.winsize.buffer);
    const changed = dv.getUint16(0, true) !== rows || dv.getUint16(2, true) !== cols ||
      dv.getUint16(4, true) !== xpix || dv.getUint16(6, true) !== ypix;
    dv.setUint16(0, rows, true);
    dv.setUint16(2, cols, true);
    dv.setUint16(4, xpix, true);
    dv.setUint16(6, ypix, true);
    return changed;
  }

  private toScreen(bytes: Uint8Array): void {
    if (!this.screen || bytes.length === 0) return;
    try {
      this.screen.write(bytes, 0, bytes.length);
    } catch {
      // the screen is gone (hung up): echo is lost, as on a dead line
    }
  }

  // ---------------------------------------------------------------- ownership and the host side

  /**
   * Make this the controlling terminal of session `sid` with foreground group `pgid` (the first
   * process of a machine started on a terminal), and start the host side: raw mode, input pump,
   * resize notifications.
   */
  attach(kernel: TtyKernel, sid: number, pgid: number): void {
    if (this.kernel !== kernel) {
      // A new machine on the same host: the terminal starts over with it.
      this.kernel = kernel;
      this.owned = false;
      this.session = 0;
      this.pgrp = 0;
      this.detached.clear();
      kernel.events?.processExit.push(((p: TtyProcess) => {
        if (this.kernel === kernel) this.processExited(p);
      }) as never);
    }
    if (this.session === 0 && !this.owned) {
      this.owned = true;
      this.session = sid;
      this.pgrp = pgid;
    }
    this.start();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.host.terminal.onResize?.(() => this.hostResized());
    if (!this.emulated) return;
    try {
      this.host.terminal.setRawMode(true);
      // The guest starts with the settings the user's terminal had (erase key, IUTF8...).
      const own = this.host.terminal.settings?.();
      if (own && own.length >= 36) this.ldisc.setTermios(own);
    } catch {
      // The host keeps its own line discipline: input and output pass through it.
      this.emulated = false;
      return;
    }
    this.pump();
  }

  /** Move whatever the host has typed into the line discipline, then wait for more. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const input = this.host.stdin;
      for (;;) {
        if (this.ldisc.full) {
          this.paused = true;
          return;
        }
        const n = input.read(this.inBuf, 0, this.inBuf.length);
        if (n > 0) {
          this.ldisc.receive(this.inBuf.subarray(0, n), this.host.monotonicMs());
          continue;
        }
        if (n === 0) {
          this.hangupFromHost();
          return;
        }
        input.onReadable(() => this.pump());
        return;
      }
    } finally {
      this.pumping = false;
    }
  }

  private resumeInput(): void {
    if (this.paused && !this.ldisc.full) {
      this.paused = false;
      this.pump();
    }
  }

  /** The host's terminal went away (end of input): readers see end of file. */
  private hangupFromHost(): void {
    this.hungUp = true;
    this.readQueue.wakeAll();
  }

  /** The host's terminal changed size: remember it and tell the foreground group (SIGWINCH). */
  hostResized(): void {
    const sz = this.host.terminal.size();
    if (!sz) return;
    if (this.setWinsize(sz.rows, sz.cols, 0, 0)) this.signalForeground(Sig.SIGWINCH);
  }

  /** SIGHUP to sysgate: hang up the session (SIGHUP to each of its process groups, SIGCONT to the foreground). */
  hangupSession(): void {
    if (this.session === 0 || !this.kernel?.processes) return;
    const groups = new Set<number>();
    for (const p of this.kernel.processes.values()) {
      if ((p.state ?? 0) === 0 && p.sid === this.session) groups.add(p.pgid ?? p.pid);
    }
    for (const g of groups) this.signalGroup(g, Sig.SIGHUP);
    if (this.pgrp) this.signalGroup(this.pgrp, Sig.SIGCONT);
    // A hung-up line reads as end of file from now on (a guest ignoring SIGHUP goes on).
    this.hangupFromHost();
  }

  /** A session leader that owns the terminal exits: the foreground group is hung up. */
  private processExited(p: TtyProcess): void {
    if (this.session === 0 || p.pid !== this.session) return;
    const fg = this.pgrp;
    this.session = 0;
    this.pgrp = 0;
    if (fg) {
      this.signalGroup(fg, Sig.SIGHUP);
      this.signalGroup(fg, Sig.SIGCONT);
    }
    this.foregroundQueue.wakeAll();
  }

  private signalGroup(pgid: number, sig: number): void {
    this.kernel?.signalProcessGroup?.(pgid, sig, SI_KERNEL);
  }

  /** ISIG characters and SIGWINCH go to the foreground process group. */
  signalForeground(sig: number): void {
    if (this.pgrp !== 0) this.signalGroup(this.pgrp, sig);
  }

  /** Feed bytes as if typed (TIOCSTI, tests). */
  input(bytes: Uint8Array): void {
    this.ldisc.receive(bytes, this.host.monotonicMs());
  }

  // ---------------------------------------------------------------- job control

  private proc(t: VfsTask): TtyProcess {
    return t.process as unknown as TtyProcess;
  }

  /**
   * First use of a terminal nobody ever owned, by a session leader (a unit test, an embedder that
   * did not spawn through the kernel): it becomes that session's controlling terminal, as a
   * session leader opening a terminal does on Linux.
   */
  private adopt(t: VfsTask): void {
    if (this.owned) return;
    const p = this.proc(t);
    const sid = p.sid ?? p.pid;
    if (sid !== p.pid) return;
    this.attach(t.kernel as unknown as TtyKernel, sid, p.pgid ?? p.pid);
  }

  /** Is this terminal the controlling terminal of the process? */
  isControlling(p: TtyProcess): boolean {
    return this.session !== 0 && (p.sid ?? p.pid) === this.session && !this.detached.has(p.pid);
  }

  private ignoresOrBlocks(t: VfsTask, sig: number): boolean {
    const st = t as unknown as SigTask;
    const mask = sig <= 32 ? st.sigmaskLo ?? 0 : st.sigmaskHi ?? 0;
    if (mask & (1 << ((sig - 1) & 31))) return true;
    return this.proc(t).sigactions?.get(sig).handler === SIG_IGN;
  }

  /** Does group `pgid` have no member whose parent is in another group of the same session? */
  private orphaned(pgid: number): boolean {
    const table = this.kernel?.processes ?? (null as TtyKernel["processes"] | null);
    if (!table) return false;
    let members = 0;
    for (const q of table.values()) {
      if ((q.state ?? 0) !== 0 || q.pgid !== pgid) continue;
      members++;
      const par = q.parent;
      if (par && par.pgid !== pgid && par.sid === q.sid) return false;
    }
    return members > 0;
  }

  /**
   * Linux's tty_check_change: may this task read (SIGTTIN) or change/write (SIGTTOU) the
   * terminal? 0 = go on; BLOCK = a background group was signalled and the task waits for the
   * foreground to change; throws EIO when it may not and cannot be stopped.
   */
  private checkJob(t: VfsTask, sig: number): number {
    const p = this.proc(t);
    if (!this.isControlling(p) || this.pgrp === 0) return 0;
    const pgid = p.pgid ?? p.pid;
    if (pgid === this.pgrp) return 0;
    if (this.ignoresOrBlocks(t, sig)) {
      if (sig === Sig.SIGTTIN) fail(Errno.EIO);
      return 0;
    }
    if (this.orphaned(pgid)) fail(Errno.EIO);
    this.signalGroup(pgid, sig);
    t.sleepOn(this.foregroundQueue);
    return BLOCK;
  }

  // ---------------------------------------------------------------- read, write, poll

  /** read(2) on the terminal (emulated only; the caller reads the host directly otherwise). */
  read(t: VfsTask, buf: Uint8Array, nonBlocking: boolean): number {
    this.adopt(t);
    const j = this.checkJob(t, Sig.SIGTTIN);
    if (j !== 0) return j;
    if (buf.length === 0) return 0;
    const ld = this.ldisc;
    if (ld.canonical) {
      const n = ld.readCanonical(buf);
      if (n >= 0) {
        this.resumeInput();
        return n;
      }
      return this.waitForInput(t, nonBlocking);
    }
    const min = ld.cc(VMIN), time = ld.cc(VTIME);
    const avail = ld.readableBytes;
    if (avail === 0 && this.hungUp) return 0;
    if (min === 0 && time === 0) return this.taken(buf);
    if (nonBlocking) {
      if (avail > 0) return this.taken(buf);
      fail(Errno.EAGAIN);
    }
    const now = this.host.monotonicMs();
    if (min === 0) {
      // Wait up to TIME tenths of a second from the start of the read for any byte.
      const stamp = (t as unknown as SigTask).instructions ?? -1;
      let tr = this.timedReads.get(t);
      if (!tr || tr.stamp !== stamp) {
        tr = { stamp, startMs: now };
        this.timedReads.set(t, tr);
      }
      const deadline = tr.startMs + time * 100;
      if (avail > 0 || now >= deadline) {
        this.timedReads.delete(t);
        return this.taken(buf);
      }
      return this.sleepUntil(t, deadline - now);
    }
    const want = Math.min(min, buf.length);
    if (avail >= want) return this.taken(buf);
    if (avail === 0 || time === 0) {
      t.sleepOn(this.readQueue);
      return BLOCK;
    }
    // MIN > 0, TIME > 0: an inter-byte timer restarted by every byte that arrives.
    const deadline = ld.lastInputMs + time * 100;
    if (now >= deadline) return this.taken(buf);
    return this.sleepUntil(t, deadline - now);
  }

  private taken(buf: Uint8Array): number {
    const n = this.ldisc.take(buf);
    this.resumeInput();
    return n;
  }

  private waitForInput(t: VfsTask, nonBlocking: boolean): number {
    if (this.hungUp) return 0;
    if (nonBlocking) fail(Errno.EAGAIN);
    t.sleepOn(this.readQueue);
    return BLOCK;
  }

  private sleepUntil(t: VfsTask, ms: number): number {
    t.sleepOn(this.readQueue);
    this.host.setTimer(Math.max(1, Math.ceil(ms)), () => this.readQueue.wakeAll());
    return BLOCK;
  }

  /** write(2) to the terminal through `out` (stdout or stderr of the host). */
  write(t: VfsTask, out: HostOutput, buf: Uint8Array): number {
    this.adopt(t);
    if (this.ldisc.lflag & TOSTOP) {
      const j = this.checkJob(t, Sig.SIGTTOU);
      if (j !== 0) return j;
    }
    if (buf.length === 0) return 0;
    const bytes = this.emulated ? this.ldisc.processOutput(buf) : buf;
    let r: number;
    try {
      r = out.write(bytes, 0, bytes.length);
    } catch {
      fail(Errno.EIO);
    }
    if (r < 0) fail(-r);
    return buf.length;
  }

  poll(): number {
    let m = POLLOUT | POLLWRNORM;
    if (!this.emulated) return m;
    const ld = this.ldisc;
    let readable = ld.hasInput;
    if (readable && !ld.canonical && ld.cc(VTIME) === 0 && ld.cc(VMIN) > 1) readable = ld.readableBytes >= ld.cc(VMIN);
    if (readable || this.hungUp) m |= POLLIN | POLLRDNORM;
    if (this.hungUp) m |= POLLHUP;
    return m;
  }

  // ---------------------------------------------------------------- ioctl

  /**
   * Terminal ioctls; null for a request the terminal does not know (the file's generic ioctl
   * answers it). `file` gives the status flags (FIONBIO) and the open mode (TIOCSCTTY).
   */
  ioctl(t: VfsTask, file: { flags: number; setStatusFlags(f: number): void }, cmd: number, arg: number): number | null {
    this.adopt(t);
    const p = this.proc(t);
    switch (cmd) {
      case TCGETS:
        t.mm.copyOut(arg, this.termios.slice());
        return 0;
      case TCSETS: case TCSETSW: case TCSETSF: {
        const j = this.checkJob(t, Sig.SIGTTOU);
        if (j !== 0) return j;
        const bytes = t.mm.copyIn(arg, TERMIOS_SIZE);
        if (cmd === TCSETSF) this.ldisc.flushInput();
        this.ldisc.setTermios(bytes);
        return 0;
      }
      case TIOCGWINSZ:
        t.mm.copyOut(arg, this.winsize.slice());
        return 0;
      case TIOCSWINSZ: {
        const b = t.mm.copyIn(arg, 8);
        const dv = new DataView(b.buffer, b.byteOffset, 8);
        if (this.setWinsize(dv.getUint16(0, true), dv.getUint16(2, true), dv.getUint16(4, true), dv.getUint16(6, true))) {
          this.signalForeground(Sig.SIGWINCH);
        }
        return 0;
      }
      case TIOCGPGRP:
        if (!this.isControlling(p)) fail(Errno.ENOTTY);
        writeI32(t, arg, this.pgrp);
        return 0;
      case TIOCSPGRP: {
        let j: number;
        try {
          j = this.checkJob(t, Sig.SIGTTOU);
        } catch (e) {
          if (e instanceof SyscallError && e.errno === Errno.EIO) fail(Errno.ENOTTY);
          throw e;
        }
        if (j !== 0) return j;
        if (!this.isControlling(p)) fail(Errno.ENOTTY);
        const pgid = readI32(t, arg);
        if (pgid < 0) fail(Errno.EINVAL);
        const sid = p.sid ?? p.pid;
        let found = false, sameSession = false;
        const table = this.kernel?.processes;
        if (table) {
          for (const q of table.values()) {
            if ((q.state ?? 0) === 2 || (q.pgid ?? q.pid) !== pgid) continue;
            found = true;
            if ((q.sid ?? q.pid) === sid) sameSession = true;
          }
        } else if (pgid === (p.pgid ?? p.pid)) {
          found = sameSession = true;
        }
        if (!found && table) {
          // Linux takes a pid that leads no group as well, with its process's session.
          const q = table.get(pgid);
          if (q && (q.state ?? 0) !== 2) {
            found = true;
            sameSession = (q.sid ?? q.pid) === sid;
          }
        }
        if (!found) fail(Errno.ESRCH);
        if (!sameSession) fail(Errno.EPERM);
        this.setForeground(pgid);
        return 0;
      }
      case TIOCGSID:
        if (!this.isControlling(p)) fail(Errno.ENOTTY);
        writeI32(t, arg, this.session);
        return 0;
      case TIOCSCTTY: {
        const sid = p.sid ?? p.pid;
        const leader = sid === p.pid;
        if (leader && this.session === sid && !this.detached.has(p.pid)) return 0;
        const root = (p.creds?.euid ?? 1) === 0;
        if (!leader) fail(Errno.EPERM);
        if (this.session !== 0 && this.session !== sid) {
          if (!(arg === 1 && root)) fail(Errno.EPERM);
        }
        if ((file.flags & O_ACCMODE) === O_WRONLY && !root) fail(Errno.EPERM);
        this.owned = true;
        this.session = sid;
        this.detached.delete(p.pid);
        this.setForeground(p.pgid ?? p.pid);
        return 0;
      }
      case TIOCNOTTY:
        if (!this.isControlling(p)) fail(Errno.ENOTTY);
        if ((p.sid ?? p.pid) === p.pid) {
          const fg = this.pgrp;
          this.session = 0;
          this.pgrp = 0;
          this.detached.clear();
          if (fg) {
            this.signalGroup(fg, Sig.SIGHUP);
            this.signalGroup(fg, Sig.SIGCONT);
          }
          this.foregroundQueue.wakeAll();
        } else {
          this.detached.add(p.pid);
        }
        return 0;
      case FIONREAD:
        writeI32(t, arg, this.emulated ? this.ldisc.readableBytes : this.host.stdin.isTTY ? this.host.stdin.available() : 0);
        return 0;
      case TIOCOUTQ:
        writeI32(t, arg, 0);
        return 0;
      case TCFLSH: {
        if (arg !== TCIFLUSH && arg !== TCOFLUSH && arg !== TCIOFLUSH) fail(Errno.EINVAL);
        const j = this.checkJob(t, Sig.SIGTTOU);
        if (j !== 0) return j;
        if (arg !== TCOFLUSH) this.ldisc.flushInput();
        return 0;
      }
      case TIOCSTI: {
        if (!this.isControlling(p) && (p.creds?.euid ?? 1) !== 0) fail(Errno.EPERM);
        const b = t.mm.copyIn(arg, 1);
        this.input(b);
        return 0;
      }
      case TCSBRK: case TCSBRKP: case TCXONC: {
        const j = this.checkJob(t, Sig.SIGTTOU);
        if (j !== 0) return j;
        return 0;
      }
      case TIOCGETD:
        writeI32(t, arg, 0); // N_TTY
        return 0;
      case TIOCSETD:
        if (readI32(t, arg) !== 0) fail(Errno.EINVAL);
        return 0;
      case TIOCEXCL: case TIOCNXCL:
        return 0;
      case FIONBIO: {
        const v = readI32(t, arg);
        file.setStatusFlags(v ? file.flags | O_NONBLOCK : file.flags & ~O_NONBLOCK);
        return 0;
      }
    }
    return null;
  }

  private setForeground(pgid: number): void {
    if (this.pgrp === pgid) return;
    this.pgrp = pgid;
    this.foregroundQueue.wakeAll();
    this.readQueue.wakeAll();
  }

  /**
   * Opening /dev/tty (`devTty`) or /dev/pts/0: /dev/tty needs a controlling terminal (ENXIO);
   * a session leader without one that opens the terminal without O_NOCTTY acquires it.
   */
  open(t: VfsTask | null, flags: number, devTty: boolean): void {
    if (!t) return;
    const p = this.proc(t);
    if (devTty) {
      if (this.owned && !this.isControlling(p)) fail(Errno.ENXIO);
      return;
    }
    const sid = p.sid ?? p.pid;
    if ((flags & 0o400) === 0 /* O_NOCTTY */ && sid === p.pid && this.session === 0 && this.owned) {
      this.session = sid;
      this.setForeground(p.pgid ?? p.pid);
    }
  }
}

const terminals = new WeakMap<Host, Terminal>();
/** The one Terminal of a host (shared by stdio and /dev/tty), or null when no stream is a TTY. */
export function hostTerminal(host: Host): Terminal | null {
  if (!host.stdin.isTTY && !host.stdout.isTTY && !host.stderr.isTTY) return null;
  let term = terminals.get(host);
  if (!term) {
    term = new Terminal(host);
    terminals.set(host, term);
  }
  return term;
}
