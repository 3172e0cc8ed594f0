// FIFOs in tmpfs (the in-memory /tmp of --root mode) through the syscall handlers, and the
// readiness objects (eventfd counter limits, epoll bookkeeping) without a machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeRig, tmpdir, E } from "../vfs/helpers.js";
import { BLOCK } from "../../src/kernel/wait.js";
import { fifoOpener } from "../../src/kernel/fifo.js";
import { EventFdFile } from "../../src/kernel/eventfd.js";
import { createPipe } from "../../src/kernel/pipe.js";
import { EpollFile, EPOLLIN, EPOLLET } from "../../src/kernel/epoll.js";

const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0o4000;
const S_IFIFO = 0o010000;

/** st_mode of a struct stat at `addr` (offset 24). */
function mode(mem: { copyIn(a: number, n: number): Uint8Array }, addr: number): number {
  const b = mem.copyIn(addr + 24, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}

function rig() {
  const r = makeRig({ root: tmpdir() });
  r.vfs.specialOpen = fifoOpener();
  return r;
}

test("tmpfs FIFO: mknod, stat, open rules, data, EOF", () => {
  const { call, mem, t } = rig();
  const p = mem.str("/tmp/f");
  assert.equal(call("mknod", p, S_IFIFO | 0o644, 0), 0);
  assert.equal(call("mknod", p, S_IFIFO | 0o644, 0), -E.EEXIST);
  const st = mem.alloc(144);
  assert.equal(call("stat", p, st), 0);
  assert.equal(mode(mem, st) & 0o170000, S_IFIFO);
  assert.equal(call("open", p, O_WRONLY | O_NONBLOCK, 0), -E.ENXIO);
  const r = call("open", p, O_RDONLY | O_NONBLOCK, 0);
  assert.ok(r >= 3);
  const w = call("open", p, O_WRONLY | O_NONBLOCK, 0);
  assert.ok(w > r);
  assert.equal(call("write", w, mem.str("abc"), 3), 3);
  const buf = mem.alloc(16);
  assert.equal(call("read", r, buf, 16), 3);
  assert.equal(mem.text(buf, 3), "abc");
  assert.equal(call("fstat", w, st), 0);
  assert.equal(mode(mem, st) & 0o170000, S_IFIFO);
  assert.equal(call("close", w), 0);
  assert.equal(call("read", r, buf, 16), 0);
  assert.equal(call("close", r), 0);
  // O_RDWR never waits; a blocking reader alone waits (BLOCK) on the pipe's queue.
  const rw = call("open", p, O_RDWR, 0);
  assert.ok(rw >= 3);
  assert.equal(call("close", rw), 0);
  t.sleeps.length = 0;
  assert.equal(call("open", p, O_RDONLY, 0), BLOCK);
  assert.equal(t.sleeps.length, 1);
});

test("eventfd counter: 64-bit limits in two halves", () => {
  const f = new EventFdFile(0, O_NONBLOCK, false);
  const t = { sleepOn() {} } as never;
  const u64 = (hi: number, lo: number) => {
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, lo, true);
    dv.setUint32(4, hi, true);
    return b;
  };
  assert.equal(f.write(t, u64(0xffffffff, 0xfffffffe)), 8);
  assert.throws(() => f.write(t, u64(0, 1)), (e: { errno: number }) => e.errno === E.EAGAIN);
  const out = new Uint8Array(8);
  assert.equal(f.read(t, out), 8);
  assert.deepEqual([...out], [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(f.write(t, u64(0, 0xffffffff)), 8);
  assert.equal(f.write(t, u64(0, 1)), 8);
  assert.equal(f.hi, 1);
  assert.equal(f.lo, 0);
});

test("epoll: edge-triggered watch fires once per matching wake-up; close drops it", () => {
  const t = { sleepOn() {} } as never;
  const [r, w] = createPipe(0, O_NONBLOCK, { uid: 0, gid: 0 });
  r.get();
  w.get();
  const ep = new EpollFile(0);
  ep.get();
  ep.add(t, r, 3, EPOLLIN | EPOLLET, 1, 0);
  const out = new DataView(new ArrayBuffer(48));
  assert.equal(ep.collect(t, out, 4), 0);
  assert.equal(w.write(t, new Uint8Array([1, 2])), 2);
  assert.equal(ep.collect(t, out, 4), 1);
  assert.equal(ep.collect(t, out, 4), 0);
  // A read that leaves data wakes the queue for writers only: no new edge for EPOLLIN.
  assert.equal(r.read(t, new Uint8Array(1)), 1);
  assert.equal(ep.collect(t, out, 4), 0);
  assert.equal(w.write(t, new Uint8Array([3])), 1);
  assert.equal(ep.collect(t, out, 4), 1);
  assert.equal(ep.watches.size, 1);
  r.put();
  assert.equal(ep.watches.size, 0);
  void O_RDWR;
});
