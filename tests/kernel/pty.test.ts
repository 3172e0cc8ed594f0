// Pseudo-terminal pairs (src/kernel/tty/pty.ts) driven directly: what the master's writes become
// on the slave, the echo and the slave's output on the master, the shared termios as a pty keeps
// it, and the ends hanging up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PtyPair } from "../../src/kernel/tty/pty.js";
import { BLOCK, WaitQueue } from "../../src/kernel/wait.js";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Errno } from "../../src/abi/errno.js";
import { TCGETS, TCSETS, TCGETA, TCSETA, TCGETS2, TCFLSH } from "../../src/abi/ioctl.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function setup() {
  const mem = new Map<number, Uint8Array>();
  const sleeps: WaitQueue[] = [];
  const t = {
    tid: 1, process: { pid: 1, creds: { euid: 0 } }, kernel: {},
    mm: {
      copyIn: (addr: number, len: number) => {
        const b = mem.get(addr);
        if (!b) throw new SyscallError(Errno.EFAULT);
        return b.slice(0, len);
      },
      copyOut: (addr: number, b: Uint8Array) => { mem.set(addr, b.slice()); },
      readString: () => null,
    },
    sleepOn(q: WaitQueue) { sleeps.push(q); },
  };
  let gone = false;
  const pair = new PtyPair(1, () => { gone = true; });
  pair.slaves = 1;
  pair.slaveEverOpened = true;
  const io = (cmd: number, arg: number) => pair.termiosIoctl(t as never, cmd, arg);
  const read = (side: "master" | "slave", max = 64): string | number => {
    const buf = new Uint8Array(max);
    const n = side === "master" ? pair.masterRead(t as never, buf, false) : pair.slaveRead(t as never, buf, false);
    return n === BLOCK ? "BLOCK" : dec(buf.subarray(0, n));
  };
  const flags = (word: number) => new DataView(pair.ldisc.termios.buffer).getUint32(word * 4, true);
  return { pair, t, mem, io, read, flags, sleeps, gone: () => gone };
}

test("a fresh pty: tty_std_termios with the pty's c_cflag, 38400 both ways", () => {
  const { io, mem, flags } = setup();
  assert.equal(io(TCGETS, 0x100), 0);
  assert.equal(mem.get(0x100)!.length, 36);
  assert.equal(flags(0), 0o2400); // ICRNL|IXON
  assert.equal(flags(1), 0o5); // OPOST|ONLCR
  assert.equal(flags(2), 0o277); // B38400|CS8|CREAD
  assert.equal(flags(3), 0o105073);
  assert.equal(io(TCGETS2 >>> 0, 0x200), 0);
  const d = new DataView(mem.get(0x200)!.buffer);
  assert.deepEqual([d.getUint32(36, true), d.getUint32(40, true)], [38400, 38400]);
});

test("setting termios on a pty keeps CS8|CREAD, drops PARENB, follows the baud bits", () => {
  const { io, mem, flags, pair } = setup();
  const b = pair.ldisc.termios.slice(0, 36);
  const d = new DataView(b.buffer);
  d.setUint32(8, 0o15 /* B9600 */ | 0o20 /* CS6 */ | 0o400 /* PARENB */ | 0o1000 /* PARODD */, true);
  mem.set(0x100, b);
  assert.equal(io(TCSETS, 0x100), 0);
  assert.equal(flags(2), 0o15 | 0o60 | 0o200 | 0o1000);
  assert.deepEqual([pair.ispeed, pair.ospeed], [9600, 9600]);
  // termio: only the low 16 bits of each flag word change
  io(TCGETA, 0x300);
  const tio = mem.get(0x300)!;
  assert.equal(tio.length, 18);
  new DataView(tio.buffer).setUint16(6, 0, true); // c_lflag = 0
  mem.set(0x300, tio);
  assert.equal(io(TCSETA, 0x300), 0);
  assert.equal(flags(3), 0);
  assert.throws(() => io(TCFLSH, 7), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EINVAL);
  assert.throws(() => io(TCSETS, 0x999), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EFAULT);
});

test("master writes are the slave's input, echoed back; slave output reaches the master", () => {
  const { pair, t, read } = setup();
  assert.equal(read("slave"), "BLOCK");
  assert.equal(pair.masterWrite(t as never, enc("hi\r"), false), 3);
  assert.equal(read("slave"), "hi\n"); // ICRNL, canonical line
  assert.equal(read("master"), "hi\r\n"); // ECHO with ONLCR
  assert.equal(pair.slaveWrite(enc("out\n")), 4);
  assert.equal(read("master"), "out\r\n");
  assert.equal(read("master"), "BLOCK");
  assert.throws(() => pair.masterRead(t as never, new Uint8Array(4), true), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EAGAIN);
});

test("hang-ups: the master closing ends the slave, the last slave closing ends the master's reads", () => {
  const a = setup();
  a.pair.closeMaster();
  assert.equal(a.read("slave"), "");
  assert.throws(() => a.pair.slaveWrite(enc("x")), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EIO);
  assert.equal(a.gone(), false);
  a.pair.closeSlave();
  assert.equal(a.gone(), true);
  const b = setup();
  b.pair.closeSlave();
  assert.throws(() => b.pair.masterRead(b.t as never, new Uint8Array(4), false), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EIO);
});
