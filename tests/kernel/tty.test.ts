// The terminal's line discipline and job control, driven directly: bytes typed in, what a read
// returns, what is echoed, which signals go to which process group.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LineDiscipline, CC_OFFSET } from "../../src/kernel/tty/ldisc.js";
import { Terminal } from "../../src/kernel/tty/terminal.js";
import { BLOCK, WaitQueue } from "../../src/kernel/wait.js";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Errno } from "../../src/abi/errno.js";
import {
  ECHO, ECHOCTL, ECHONL, ICANON, ICRNL, ISIG, NOFLSH, ONLCR, OPOST, TOSTOP, VEOL, VMIN, VTIME,
  TCGETS, TCSETS, TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCGWINSZ, TIOCSWINSZ, FIONREAD, TCFLSH,
  TIOCNOTTY, TIOCSCTTY, TIOCSTI,
} from "../../src/abi/ioctl.js";
import { Sig, SIG_IGN } from "../../src/abi/signals.js";
import { fakeHost } from "../vfs/helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function ldisc() {
  const echoed: number[] = [];
  const signals: number[] = [];
  let wakes = 0;
  const ld = new LineDiscipline({
    echo: (b) => echoed.push(...b),
    signal: (s) => signals.push(s),
    readable: () => { wakes++; },
  });
  const setFlag = (word: number, bit: number, on: boolean) => {
    const t = ld.termios.slice();
    const dv = new DataView(t.buffer);
    const v = dv.getUint32(word * 4, true);
    dv.setUint32(word * 4, on ? v | bit : v & ~bit, true);
    ld.setTermios(t);
  };
  const setCc = (i: number, v: number) => {
    const t = ld.termios.slice();
    t[CC_OFFSET + i] = v;
    ld.setTermios(t);
  };
  const readAll = (max = 100): string | null => {
    const buf = new Uint8Array(max);
    const n = ld.canonical ? ld.readCanonical(buf) : ld.take(buf);
    return n < 0 ? null : dec(buf.subarray(0, n));
  };
  const echo = () => {
    const s = dec(Uint8Array.from(echoed));
    echoed.length = 0;
    return s;
  };
  return { ld, signals, wakes: () => wakes, setFlag, setCc, readAll, echo, type: (s: string) => ld.receive(enc(s), 0) };
}

test("canonical mode: a read waits for a whole line and returns one line at a time", () => {
  const { ld, readAll, type, wakes } = ldisc();
  type("hel");
  assert.equal(readAll(), null);
  assert.equal(ld.readableBytes, 0);
  type("lo\rtwo\n");
  assert.equal(wakes(), 1);
  assert.equal(ld.readableBytes, 10);
  assert.equal(readAll(3), "hel");
  assert.equal(readAll(), "lo\n");
  assert.equal(readAll(), "two\n");
  assert.equal(readAll(), null);
});

test("canonical editing: erase, kill, word erase, literal next, EOF and EOL", () => {
  const { readAll, type, echo, setCc } = ldisc();
  type("abx\x7fc\n");
  assert.equal(readAll(), "abc\n");
  assert.equal(echo(), "abx\b \bc\r\n");
  type("junk\x15ok\n");
  assert.equal(readAll(), "ok\n");
  assert.equal(echo(), "junk\b \b\b \b\b \b\b \bok\r\n");
  type("one two  \x17three\n");
  assert.equal(readAll(), "one three\n");
  type("a\x16\x03b\n"); // ^V^C: a literal ETX, no signal
  assert.equal(readAll(), "a\x03b\n");
  type("partial\x04");
  assert.equal(readAll(), "partial");
  type("\x04");
  assert.equal(readAll(), ""); // EOF at the start of a line: read returns 0
  assert.equal(readAll(), null);
  setCc(VEOL, 0x3b); // ';' ends a line too
  type("x;y\n");
  assert.equal(readAll(), "x;");
  assert.equal(readAll(), "y\n");
  // Erasing a control character echoed as ^X takes two columns.
  echo();
  type("\x01\x7f");
  assert.equal(echo(), "^A\b \b\b \b");
});

test("echo flags: ECHOCTL, ECHO off, ECHONL, OPOST/ONLCR", () => {
  const { ld, type, echo, setFlag } = ldisc();
  type("a\tb\x1b\n");
  assert.equal(echo(), "a\tb^[\r\n");
  setFlag(3, ECHOCTL, false);
  type("\x1b\n");
  assert.equal(echo(), "\x1b\r\n");
  setFlag(3, ECHO, false);
  type("secret\n");
  assert.equal(echo(), "");
  setFlag(3, ECHONL, true);
  type("secret\n");
  assert.equal(echo(), "\r\n");
  assert.equal(dec(ld.processOutput(enc("x\ny\n"))), "x\r\ny\r\n");
  setFlag(1, ONLCR, false);
  assert.equal(dec(ld.processOutput(enc("x\n"))), "x\n");
  setFlag(1, ONLCR, true);
  setFlag(1, OPOST, false);
  assert.equal(dec(ld.processOutput(enc("x\n"))), "x\n");
});

test("input translation: ICRNL off keeps CR; IGNCR drops it", () => {
  const { ld, type, readAll, setFlag } = ldisc();
  setFlag(0, ICRNL, false);
  setFlag(3, ICANON, false);
  type("a\rb");
  assert.equal(readAll(), "a\rb");
  setFlag(0, 0o200 /* IGNCR */, true);
  type("a\rb");
  assert.equal(readAll(), "ab");
  assert.equal(ld.canonical, false);
});

test("ISIG: ^C, ^\\ and ^Z become signals and flush pending input unless NOFLSH", () => {
  const { ld, type, signals, echo, setFlag } = ldisc();
  type("typed ahead\x03");
  assert.deepEqual(signals, [Sig.SIGINT]);
  assert.equal(echo(), "typed ahead^C");
  type("\n");
  assert.equal(ld.readableBytes, 1); // only the newline: the rest was flushed
  type("\x1c\x1a");
  assert.deepEqual(signals, [Sig.SIGINT, Sig.SIGQUIT, Sig.SIGTSTP]);
  setFlag(3, NOFLSH, true);
  const before = ld.readableBytes;
  type("kept\n\x03");
  assert.equal(ld.readableBytes, before + 5);
  setFlag(3, ISIG, false);
  signals.length = 0;
  type("\x03\n");
  assert.deepEqual(signals, []);
});

test("switching canonical mode off makes the edited line readable", () => {
  const { ld, type, readAll, setFlag } = ldisc();
  type("half");
  setFlag(3, ICANON, false);
  assert.equal(ld.readableBytes, 4);
  assert.equal(readAll(), "half");
});

// ---- the Terminal: blocking reads, VMIN/VTIME, job control ----

interface FakeProc { pid: number; pgid: number; sid: number; parent: FakeProc | null; state: number; sigactions: { get(s: number): { handler: number } }; creds: { euid: number } }

function rig() {
  const host = fakeHost({ tty: true });
  let now = 1000;
  const timers: { at: number; fn: () => void }[] = [];
  host.monotonicMs = () => now;
  host.setTimer = (ms, fn) => {
    timers.push({ at: now + ms, fn });
    return () => {};
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0)) {
      if (t.at <= now) t.fn();
      else timers.push(t);
    }
  };
  const procs = new Map<number, FakeProc>();
  const sent: [number, number][] = [];
  const handlers = new Map<string, number>();
  const mk = (pid: number, pgid: number, sid: number, parent: FakeProc | null): FakeProc => {
    const p: FakeProc = {
      pid, pgid, sid, parent, state: 0, creds: { euid: 1000 },
      sigactions: { get: (s: number) => ({ handler: handlers.get(`${pid}:${s}`) ?? 0 }) },
    };
    procs.set(pid, p);
    return p;
  };
  const kernel = {
    processes: procs,
    signalProcessGroup: (pgid: number, sig: number) => { sent.push([pgid, sig]); return 1; },
    events: { processExit: [] as ((p: never, s: number, t: number) => void)[] },
  };
  const term = new Terminal(host);
  const leader = mk(10, 10, 10, null);
  const job = mk(11, 11, 10, leader);
  term.attach(kernel, 10, 10);
  const mem = new Map<number, Uint8Array>();
  let nextAddr = 0x1000;
  const task = (p: FakeProc) => {
    const sleeps: WaitQueue[] = [];
    const t = {
      tid: p.pid, process: p, kernel, sleeps, sigmaskLo: 0, sigmaskHi: 0, instructions: 0,
      mm: {
        copyIn: (addr: number, len: number) => mem.get(addr)!.slice(0, len),
        copyOut: (addr: number, b: Uint8Array) => { mem.set(addr, b.slice()); },
        readString: () => null,
      },
      sleepOn(q: WaitQueue) { sleeps.push(q); },
    };
    return t;
  };
  const file = { flags: 2, setStatusFlags(f: number) { this.flags = f; } };
  const ioctl = (t: ReturnType<typeof task>, cmd: number, val?: Uint8Array | number): { r: number | null; out?: Uint8Array } => {
    const addr = nextAddr;
    nextAddr += 0x100;
    if (val instanceof Uint8Array) mem.set(addr, val.slice());
    else if (typeof val === "number" && cmd !== TCFLSH) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, val, true);
      mem.set(addr, b);
    }
    const r = term.ioctl(t as never, file, cmd, typeof val === "number" && cmd === TCFLSH ? val : addr);
    return { r, out: mem.get(addr) };
  };
  const i32 = (b: Uint8Array | undefined) => new DataView(b!.buffer, b!.byteOffset).getInt32(0, true);
  const read = (t: ReturnType<typeof task>, n = 64): number | string => {
    const buf = new Uint8Array(n);
    const r = term.read(t as never, buf, false);
    return r === BLOCK ? "BLOCK" : r < 0 ? r : dec(buf.subarray(0, r));
  };
  const setTermios = (t: ReturnType<typeof task>, f: (dv: DataView, b: Uint8Array) => void) => {
    const b = term.termios.slice();
    f(new DataView(b.buffer), b);
    assert.equal(ioctl(t, TCSETS, b).r, 0);
  };
  return { host, term, kernel, leader, job, task, ioctl, i32, read, sent, handlers, advance, setTermios, mk };
}

test("terminal: raw host mode from the start; reads block until a line arrives, then wake", () => {
  const { host, term, leader, task, read } = rig();
  assert.deepEqual(host.raw, [true]);
  const t = task(leader);
  assert.equal(read(t), "BLOCK");
  assert.equal(t.sleeps[0], term.readQueue);
  let woke = 0;
  term.readQueue.add({ wake: () => { woke++; } });
  host.in.push("ls -l\r");
  assert.equal(woke, 1);
  assert.equal(read(t), "ls -l\n");
  assert.equal(host.out.text(), "ls -l\r\n"); // echoed by sysgate, CR NL on the screen
  assert.equal(term.poll() & 1, 0);
  host.in.push("x\n");
  assert.equal(term.poll() & 1, 1);
});

test("terminal: guest writes get output processing", () => {
  const { host, term, leader, task } = rig();
  const t = task(leader);
  assert.equal(term.write(t as never, host.out, enc("a\nb\n")), 4);
  assert.equal(host.out.text(), "a\r\nb\r\n");
});

test("terminal: VMIN/VTIME in non-canonical mode", () => {
  const { host, leader, task, read, setTermios, advance } = rig();
  const t = task(leader);
  const mode = (min: number, time: number) => setTermios(t, (dv, b) => {
    dv.setUint32(12, dv.getUint32(12, true) & ~(ICANON | ECHO), true);
    b[CC_OFFSET + VMIN] = min;
    b[CC_OFFSET + VTIME] = time;
  });
  mode(0, 0);
  assert.equal(read(t), ""); // polling read
  host.in.push("q");
  assert.equal(read(t), "q");
  mode(3, 0);
  host.in.push("ab");
  assert.equal(read(t), "BLOCK");
  host.in.push("c");
  assert.equal(read(t), "abc");
  mode(0, 5); // up to 0.5 s for the first byte
  assert.equal(read(t), "BLOCK");
  advance(300);
  assert.equal(read(t), "BLOCK");
  advance(250);
  assert.equal(read(t), "");
  mode(4, 2); // inter-byte timer of 0.2 s once a byte has arrived
  assert.equal(read(t), "BLOCK");
  host.in.push("xy");
  assert.equal(read(t), "BLOCK");
  advance(250);
  assert.equal(read(t), "xy");
  assert.equal(host.out.text(), ""); // ECHO was off
});

test("terminal: ISIG goes to the foreground process group", () => {
  const { host, leader, job, task, ioctl, sent } = rig();
  host.in.push("\x03");
  assert.deepEqual(sent, [[10, Sig.SIGINT]]);
  assert.equal(ioctl(task(leader), TIOCSPGRP, 11).r, 0);
  host.in.push("\x1a");
  assert.deepEqual(sent.at(-1), [11, Sig.SIGTSTP]);
});

test("terminal: job control ioctls follow Linux's checks", () => {
  const { leader, job, task, ioctl, i32, sent, handlers, mk } = rig();
  const tl = task(leader), tj = task(job);
  let r = ioctl(tl, TIOCGPGRP);
  assert.equal(r.r, 0);
  assert.equal(i32(r.out), 10);
  r = ioctl(tl, TIOCGSID);
  assert.equal(i32(r.out), 10);
  // Another session: not its controlling terminal.
  const stranger = mk(20, 20, 20, null);
  assert.throws(() => ioctl(task(stranger), TIOCGPGRP), (e: SyscallError) => e.errno === Errno.ENOTTY);
  assert.throws(() => ioctl(task(stranger), TIOCSPGRP, 20), (e: SyscallError) => e.errno === Errno.ENOTTY);
  // A group of another session cannot be the foreground; an unknown one does not exist.
  assert.throws(() => ioctl(tl, TIOCSPGRP, 20), (e: SyscallError) => e.errno === Errno.EPERM);
  assert.throws(() => ioctl(tl, TIOCSPGRP, 99), (e: SyscallError) => e.errno === Errno.ESRCH);
  assert.throws(() => ioctl(tl, TIOCSPGRP, -1), (e: SyscallError) => e.errno === Errno.EINVAL);
  // A background process calling tcsetpgrp gets SIGTTOU and waits...
  sent.length = 0;
  assert.equal(ioctl(tj, TIOCSPGRP, 11).r, BLOCK);
  assert.deepEqual(sent, [[11, Sig.SIGTTOU]]);
  // ...unless it ignores SIGTTOU (as shells do).
  handlers.set(`11:${Sig.SIGTTOU}`, SIG_IGN);
  assert.equal(ioctl(tj, TIOCSPGRP, 11).r, 0);
  assert.equal(i32(ioctl(tl, TIOCGPGRP).out), 11);
  // TIOCSCTTY: only a session leader without a terminal; this one already has it.
  assert.equal(ioctl(tl, TIOCSCTTY, 0).r, 0);
  assert.throws(() => ioctl(tj, TIOCSCTTY, 0), (e: SyscallError) => e.errno === Errno.EPERM);
  assert.throws(() => ioctl(task(stranger), TIOCSCTTY, 0), (e: SyscallError) => e.errno === Errno.EPERM);
  // TIOCNOTTY by a non-leader only detaches it.
  assert.equal(ioctl(tj, TIOCNOTTY).r, 0);
  assert.throws(() => ioctl(tj, TIOCGPGRP), (e: SyscallError) => e.errno === Errno.ENOTTY);
  assert.equal(i32(ioctl(tl, TIOCGPGRP).out), 11);
});

test("terminal: background reads get SIGTTIN, or EIO when ignored or orphaned; TOSTOP writes SIGTTOU", () => {
  const { host, term, leader, job, task, ioctl, sent, handlers, read, setTermios, mk } = rig();
  const tj = task(job);
  sent.length = 0;
  assert.equal(read(tj), "BLOCK");
  assert.deepEqual(sent, [[11, Sig.SIGTTIN]]);
  assert.equal(tj.sleeps[0], term.foregroundQueue);
  handlers.set(`11:${Sig.SIGTTIN}`, SIG_IGN);
  assert.throws(() => read(tj), (e: SyscallError) => e.errno === Errno.EIO);
  handlers.delete(`11:${Sig.SIGTTIN}`);
  // An orphaned group (its parent is not in the session) gets EIO instead of a stop.
  const orphan = mk(12, 12, 10, null);
  assert.throws(() => read(task(orphan)), (e: SyscallError) => e.errno === Errno.EIO);
  // Writes from the background are fine until TOSTOP.
  assert.equal(term.write(tj as never, host.out, enc("bg\n")), 3);
  setTermios(task(leader), (dv) => dv.setUint32(12, dv.getUint32(12, true) | TOSTOP, true));
  sent.length = 0;
  assert.equal(term.write(tj as never, host.out, enc("bg\n")), BLOCK);
  assert.deepEqual(sent, [[11, Sig.SIGTTOU]]);
  // Made the foreground: the read goes through.
  assert.equal(ioctl(task(leader), TIOCSPGRP, 11).r, 0);
  host.in.push("fg\n");
  assert.equal(read(tj), "fg\n");
});

test("terminal: window size, SIGWINCH, FIONREAD, TCFLSH, TIOCSTI, TCGETS", () => {
  const { host, term, leader, task, ioctl, i32, sent, read } = rig();
  const t = task(leader);
  const ws = ioctl(t, TIOCGWINSZ).out!;
  assert.equal(ws[0]! | (ws[1]! << 8), 33);
  assert.equal(ws[2]! | (ws[3]! << 8), 101);
  sent.length = 0;
  assert.equal(ioctl(t, TIOCSWINSZ, Uint8Array.of(50, 0, 132, 0, 0, 0, 0, 0)).r, 0);
  assert.deepEqual(sent, [[10, Sig.SIGWINCH]]);
  assert.equal(ioctl(t, TIOCSWINSZ, Uint8Array.of(50, 0, 132, 0, 0, 0, 0, 0)).r, 0);
  assert.equal(sent.length, 1); // same size: no signal
  host.in.push("abc\nde");
  assert.equal(i32(ioctl(t, FIONREAD).out), 4);
  assert.equal(ioctl(t, TCFLSH, 0).r, 0);
  assert.equal(i32(ioctl(t, FIONREAD).out), 0);
  assert.throws(() => ioctl(t, TCFLSH, 7), (e: SyscallError) => e.errno === Errno.EINVAL);
  ioctl(t, TIOCSTI, Uint8Array.of(0x7a));
  ioctl(t, TIOCSTI, Uint8Array.of(0x0a));
  assert.equal(read(t), "z\n");
  const tio = ioctl(t, TCGETS).out!;
  assert.equal(tio.length, 36);
  assert.ok(new DataView(tio.buffer).getUint32(12, true) & ICANON);
  assert.equal(tio[CC_OFFSET]!, 3);
  // Host resize: new size, SIGWINCH to the foreground group.
  host.terminal.size = () => ({ rows: 40, cols: 90 });
  sent.length = 0;
  term.hostResized();
  assert.deepEqual(sent, [[10, Sig.SIGWINCH]]);
  assert.equal(ioctl(t, TIOCGWINSZ).out![0], 40);
});

test("terminal: end of host input reads as end of file", () => {
  const { host, leader, task, read } = rig();
  const t = task(leader);
  host.in.eof = true;
  host.in.push("");
  assert.equal(read(t), "");
});

test("terminal: a hang-up signals every group of the session and reads end", () => {
  const { term, leader, task, read, sent, mk } = rig();
  mk(30, 30, 30, null); // another session: left alone
  sent.length = 0;
  term.hangupSession();
  assert.deepEqual(sent, [[10, Sig.SIGHUP], [11, Sig.SIGHUP], [10, Sig.SIGCONT]]);
  assert.equal(read(task(leader)), "");
});

test("terminal: the session leader's exit hangs up the foreground group and frees the terminal", () => {
  const { term, kernel, leader, sent } = rig();
  sent.length = 0;
  for (const fn of kernel.events.processExit) fn(leader as never, 0, 0);
  assert.deepEqual(sent, [[10, Sig.SIGHUP], [10, Sig.SIGCONT]]);
  assert.equal(term.session, 0);
  assert.equal(term.pgrp, 0);
});
