/**
 * The line discipline of sysgate's terminal: what Linux's n_tty does between the keyboard and a
 * reading program, driven by the guest's termios. Input bytes go through the c_iflag translations
 * (ISTRIP, IGNCR, ICRNL, INLCR), signal characters (ISIG), line editing (ICANON: VERASE, VKILL,
 * VWERASE, VLNEXT, VREPRINT, VEOF, VEOL) and echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL, ECHONL);
 * output goes through c_oflag (OPOST, ONLCR, OCRNL, ONOCR, ONLRET).
 *
 * It knows nothing of tasks, blocking or the host: callers feed bytes in with receive(), take
 * readable bytes out with readCanonical()/take(), and get echo and signals through two callbacks.
 */
import {
  ECHO, ECHOCTL, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOPRT, ICANON, ICRNL, IEXTEN, ISIG, IUTF8, IXON, NOFLSH,
  ONLCR, OPOST, TERMIOS_SIZE, VEOF, VEOL, VEOL2, VERASE, VINTR, VKILL, VLNEXT, VQUIT, VREPRINT, VSTART,
  VSTOP, VSUSP, VWERASE,
} from "../../abi/ioctl.js";
import { Sig } from "../../abi/signals.js";

/** c_iflag / c_oflag bits not in src/abi/ioctl.ts. */
export const ISTRIP = 0o40, INLCR = 0o100, IGNCR = 0o200;
export const OCRNL = 0o10, ONOCR = 0o20, ONLRET = 0o40;
/** c_cc offset inside struct termios (after 4 flag words and c_line). */
export const CC_OFFSET = 17;
/** The longest line canonical mode keeps (Linux's N_TTY_BUF_SIZE - 1). */
export const MAX_CANON = 4095;
/** Readable bytes kept before the line discipline asks its feeder to pause. */
export const INPUT_HIGH_WATER = 64 * 1024;

/** A growable FIFO of bytes. */
class ByteQueue {
  private buf = new Uint8Array(256);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }
  push(b: number): void {
    if (this.tail === this.buf.length) {
      const n = this.length;
      const next = n * 2 + 1 > this.buf.length ? new Uint8Array(this.buf.length * 2) : this.buf;
      next.copyWithin(0, this.head, this.tail);
      if (next !== this.buf) next.set(this.buf.subarray(this.head, this.tail));
      this.buf = next;
      this.head = 0;
      this.tail = n;
    }
    this.buf[this.tail++] = b;
  }
  pushAll(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.push(bytes[i]!);
  }
  /** Move up to `n` bytes into `out` at `at`; returns how many moved. */
  shiftInto(out: Uint8Array, at: number, n: number): number {
    const k = Math.min(n, this.length, out.length - at);
    out.set(this.buf.subarray(this.head, this.head + k), at);
    this.head += k;
    if (this.head === this.tail) this.head = this.tail = 0;
    return k;
  }
  drain(): number[] {
    const r = Array.from(this.buf.subarray(this.head, this.tail));
    this.clear();
    return r;
  }
  clear(): void {
    this.head = this.tail = 0;
  }
}

function isCntrl(c: number): boolean {
  return c < 0x20 || c === 0x7f;
}
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

export interface LineDisciplineHooks {
  /** Bytes for the terminal's screen (echo), already through output processing. */
  echo(bytes: Uint8Array): void;
  /** A signal character arrived (ISIG): send `sig` to the foreground process group. */
  signal(sig: number): void;
  /** Something became readable (a line completed, a byte in non-canonical mode, input flushed). */
  readable(): void;
}

export class LineDiscipline {
  /** struct termios as TCGETS returns it (36 bytes). */
  readonly termios = new Uint8Array(TERMIOS_SIZE);
  private readonly dv = new DataView(this.termios.buffer);
  /** Bytes a read may return: completed lines (canonical) or every byte (non-canonical). */
  private readonly ready = new ByteQueue();
  /** Canonical mode: lengths of the completed lines in `ready`, oldest first (0 = an EOF mark). */
  private lines: number[] = [];
  /** The line being edited (canonical mode). */
  private edit: number[] = [];
  /** VLNEXT seen: the next byte is taken literally. */
  private literalNext = false;
  /** Output column (for erasing tabs) and the column where the edited line began. */
  private column = 0;
  private canonColumn = 0;
  /** Host monotonic time of the last byte received (VTIME's inter-byte timer). */
  lastInputMs = 0;
  private wasCanonical = true;

  constructor(private readonly hooks: LineDisciplineHooks) {
    // Linux's tty_std_termios: what a fresh terminal starts with (the default cooked mode).
    this.dv.setUint32(0, ICRNL | IXON | IUTF8, true);
    this.dv.setUint32(4, OPOST | ONLCR, true);
    this.dv.setUint32(8, 0o17 /* B38400 */ | 0o60 /* CS8 */ | 0o200 /* CREAD */ | 0o2000 /* HUPCL */, true);
    this.dv.setUint32(12, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, true);
    this.termios.set([3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0], CC_OFFSET);
  }

  get iflag(): number { return this.dv.getUint32(0, true); }
  get oflag(): number { return this.dv.getUint32(4, true); }
  get lflag(): number { return this.dv.getUint32(12, true); }
  cc(i: number): number { return this.termios[CC_OFFSET + i]!; }
  get canonical(): boolean { return (this.lflag & ICANON) !== 0; }

  /** TCSETS*: new termios. Switching canonical mode off makes the edited line readable. */
  setTermios(bytes: Uint8Array): void {
    this.termios.set(bytes.subarray(0, TERMIOS_SIZE));
    const canon = this.canonical;
    if (canon !== this.wasCanonical) {
      if (!canon) {
        this.ready.pushAll(this.edit);
        this.edit = [];
        this.lines = [];
      } else if (this.ready.length > 0) {
        this.lines = [this.ready.length];
      }
      this.wasCanonical = canon;
      this.literalNext = false;
      if (this.ready.length > 0) this.hooks.readable();
    }
  }

  /** Bytes a read could return now (FIONREAD: completed lines only in canonical mode). */
  get readableBytes(): number {
    return this.ready.length;
  }
  /** Is a read satisfiable now (canonical: a completed line or EOF; else any byte)? */
  get hasInput(): boolean {
    return this.canonical ? this.lines.length > 0 : this.ready.length > 0;
  }
  /** Should the feeder stop until readers catch up? */
  get full(): boolean {
    return this.ready.length >= INPUT_HIGH_WATER;
  }

  /** Canonical read: at most one line; 0 at an EOF mark; -1 when no line is complete yet. */
  readCanonical(buf: Uint8Array): number {
    if (this.lines.length === 0) return -1;
    const len = this.lines[0]!;
    if (len === 0) {
      this.lines.shift();
      return 0;
    }
    const n = this.ready.shiftInto(buf, 0, Math.min(len, buf.length));
    if (n === len) this.lines.shift();
    else this.lines[0] = len - n;
    return n;
  }

  /** Non-canonical read: whatever is there, up to buf.length (possibly 0). */
  take(buf: Uint8Array): number {
    return this.ready.shiftInto(buf, 0, buf.length);
  }

  /** TCFLSH(TCIFLUSH), TCSETSF, a signal character without NOFLSH: drop all pending input. */
  flushInput(): void {
    this.ready.clear();
    this.lines = [];
    this.edit = [];
    this.literalNext = false;
  }

  // ---------------------------------------------------------------- output

  /** Output processing (c_oflag) of bytes written to the terminal. */
  processOutput(bytes: Uint8Array): Uint8Array {
    const o = this.oflag;
    if ((o & OPOST) === 0) {
      for (let i = 0; i < bytes.length; i++) this.advanceColumn(bytes[i]!);
      return bytes;
    }
    let extra = 0;
    if (o & ONLCR) for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) extra++;
    const out = new Uint8Array(bytes.length + extra);
    let j = 0;
    for (let i = 0; i < bytes.length; i++) {
      let c = bytes[i]!;
      if (c === 0x0a) {
        if (o & ONLCR) {
          out[j++] = 0x0d;
          this.column = 0;
        } else if (o & ONLRET) {
          this.column = 0;
        }
      } else if (c === 0x0d) {
        if ((o & ONOCR) && this.column === 0) continue;
        if (o & OCRNL) {
          c = 0x0a;
          if (o & ONLRET) this.column = 0;
        } else {
          this.column = 0;
        }
      } else {
        this.advanceColumn(c);
      }
      out[j++] = c;
    }
    return j === out.length ? out : out.subarray(0, j);
  }

  private advanceColumn(c: number): void {
    if (c === 0x0d || c === 0x0a) this.column = 0;
    else if (c === 0x09) this.column = (this.column | 7) + 1;
    else if (c === 0x08) { if (this.column > 0) this.column--; }
    else if (!isCntrl(c) && (c & 0xc0) !== 0x80) this.column++;
  }

  private echoOut: number[] = [];
  private echoRaw(c: number): void {
    this.echoOut.push(c);
  }
  /** Echo one input byte: control characters as ^X under ECHOCTL (not TAB or NL). */
  private echoChar(c: number): void {
    if ((this.lflag & ECHOCTL) && isCntrl(c) && c !== 0x09 && c !== 0x0a) {
      this.echoOut.push(0x5e, c ^ 0x40);
    } else {
      this.echoOut.push(c);
    }
  }
  private flushEcho(): void {
    if (this.echoOut.length === 0) return;
    const out = this.processOutput(Uint8Array.from(this.echoOut));
    this.echoOut = [];
    this.hooks.echo(out);
  }

  // ---------------------------------------------------------------- input

  /** Bytes typed at the terminal. */
  receive(bytes: Uint8Array, nowMs = 0): void {
    if (bytes.length === 0) return;
    this.lastInputMs = nowMs;
    let woke = false;
    for (let i = 0; i < bytes.length; i++) {
      if (this.receiveByte(bytes[i]!)) woke = true;
    }
    this.flushEcho();
    if (woke) this.hooks.readable();
  }

  /** One input byte; true when it made something readable. */
  private receiveByte(c0: number): boolean {
    const iflag = this.iflag, lflag = this.lflag;
    let c = c0;
    if (iflag & ISTRIP) c &= 0x7f;
    const canon = (lflag & ICANON) !== 0;
    if (this.literalNext) {
      this.literalNext = false;
      if (canon && (lflag & ECHO) && (lflag & ECHOCTL)) this.echoOut.push(0x08, 0x20, 0x08);
      return this.store(c, canon, lflag);
    }
    if (c === 0x0d) {
      if (iflag & IGNCR) return false;
      if (iflag & ICRNL) c = 0x0a;
    } else if (c === 0x0a && (iflag & INLCR)) {
      c = 0x0d;
    }
    const special = (i: number): boolean => c === this.cc(i) && this.cc(i) !== 0;
    if (lflag & ISIG) {
      const sig = special(VINTR) ? Sig.SIGINT : special(VQUIT) ? Sig.SIGQUIT : special(VSUSP) ? Sig.SIGTSTP : 0;
      if (sig !== 0) {
        if ((lflag & NOFLSH) === 0) this.flushInput();
        if (lflag & ECHO) this.echoChar(c);
        this.flushEcho();
        this.hooks.signal(sig);
        return false;
      }
    }
    if ((iflag & IXON) && (special(VSTOP) || special(VSTART))) return false; // flow control: swallowed
    if (canon) {
      if (special(VERASE) || special(VKILL) || ((lflag & IEXTEN) && special(VWERASE))) {
        this.erase(c);
        return false;
      }
      if ((lflag & IEXTEN) && special(VLNEXT)) {
        this.literalNext = true;
        if ((lflag & ECHO) && (lflag & ECHOCTL)) this.echoOut.push(0x5e, 0x08);
        return false;
      }
      if ((lflag & IEXTEN) && special(VREPRINT) && (lflag & ECHO)) {
        this.echoChar(c);
        this.echoRaw(0x0a);
        this.canonColumn = this.column;
        for (const b of this.edit) this.echoChar(b);
        return false;
      }
      if (c === 0x0a) {
        if (lflag & (ECHO | ECHONL)) this.echoRaw(0x0a);
        this.edit.push(c);
        return this.completeLine();
      }
      if (special(VEOF)) return this.completeLine();
      if (special(VEOL) || ((lflag & IEXTEN) && special(VEOL2))) {
        if (lflag & ECHO) this.echoChar(c);
        this.edit.push(c);
        return this.completeLine();
      }
    }
    return this.store(c, canon, lflag);
  }

  /** An ordinary byte: into the edited line (canonical) or straight to the readers. */
  private store(c: number, canon: boolean, lflag: number): boolean {
    if (canon) {
      if (this.edit.length >= MAX_CANON) return false; // full line: Linux drops the byte
      if (lflag & ECHO) {
        if (this.edit.length === 0) this.canonColumn = this.column + this.pendingEchoColumns();
        if (c === 0x0a) this.echoRaw(c);
        else this.echoChar(c);
      }
      this.edit.push(c);
      return false;
    }
    if (lflag & ECHO) {
      if (c === 0x0a) this.echoRaw(c);
      else this.echoChar(c);
    } else if (c === 0x0a && (lflag & ECHONL)) {
      this.echoRaw(c);
    }
    this.ready.push(c);
    return true;
  }

  /** Columns the not yet flushed echo bytes will advance (approximately: one per byte). */
  private pendingEchoColumns(): number {
    let n = 0;
    for (const b of this.echoOut) {
      if (b === 0x0a || b === 0x0d) n = -this.column;
      else if (b === 0x08) n--;
      else if (!isCntrl(b) && (b & 0xc0) !== 0x80) n++;
    }
    return n;
  }

  private completeLine(): boolean {
    this.ready.pushAll(this.edit);
    this.lines.push(this.edit.length);
    this.edit = [];
    return true;
  }

  /** VERASE, VWERASE or VKILL on the edited line, with the echo that shows it. */
  private erase(c: number): void {
    if (this.edit.length === 0) return;
    const lflag = this.lflag;
    const echo = (lflag & ECHO) !== 0;
    const kind = c === this.cc(VERASE) ? 0 : c === this.cc(VWERASE) && (lflag & IEXTEN) ? 1 : 2;
    if (kind === 2) {
      if (!echo) {
        this.edit = [];
        return;
      }
      if ((lflag & ECHOK) === 0 || (lflag & ECHOKE) === 0 || (lflag & ECHOE) === 0) {
        this.edit = [];
        this.echoChar(c);
        if (lflag & ECHOK) this.echoRaw(0x0a);
        return;
      }
    }
    const utf8 = (this.iflag & IUTF8) !== 0;
    let seenWord = false;
    while (this.edit.length > 0) {
      const last = this.edit[this.edit.length - 1]!;
      if (kind === 1) {
        if (isWordChar(last)) seenWord = true;
        else if (seenWord) break;
      }
      // One character: with IUTF8 a multi-byte sequence goes as a whole.
      let ch = this.edit.pop()!;
      if (utf8) while ((ch & 0xc0) === 0x80 && this.edit.length > 0) ch = this.edit.pop()!;
      if (echo) this.echoErase(ch, kind, c);
      if (kind === 0) break;
    }
  }

  private echoErase(ch: number, kind: number, c: number): void {
    const lflag = this.lflag;
    if (lflag & ECHOPRT) {
      this.echoChar(ch);
      return;
    }
    if (kind === 0 && (lflag & ECHOE) === 0) {
      this.echoChar(c);
      return;
    }
    let back: number;
    if (ch === 0x09) {
      // The tab's width depends on where it began: replay the line from its start column.
      let col = this.canonColumn;
      for (const b of this.edit) {
        if (b === 0x09) col = (col | 7) + 1;
        else if (isCntrl(b)) col += lflag & ECHOCTL ? 2 : 0;
        else if ((b & 0xc0) !== 0x80) col++;
      }
      const end = this.column + this.pendingEchoColumns();
      for (let k = Math.max(0, end - col); k > 0; k--) this.echoOut.push(0x08);
      return;
    }
    back = isCntrl(ch) ? (lflag & ECHOCTL ? 2 : 0) : 1;
    for (let k = 0; k < back; k++) this.echoOut.push(0x08, 0x20, 0x08);
  }
}
