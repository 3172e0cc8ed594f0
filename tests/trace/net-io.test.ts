/** Socket and data-transfer decoding, and the -e read=/write= dumps, checked without a guest. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { alignResult, CallRecord, recordEnter, callText, resultText } from "../../src/trace/format.js";
import { dumpLines, parseFdSet, fdInSet } from "../../src/trace/dump.js";
import { syscallNumbers } from "../../src/abi/syscalls.js";

const opts = { strsize: 32, verbose: false };
const BASE = 0x10000;

/** One writable page of fake memory at BASE; everything else unreadable. */
function page() {
  const bytes = new Uint8Array(4096);
  const dv = new DataView(bytes.buffer);
  return {
    bytes,
    dv,
    peek(addr: number, len: number): Uint8Array | null {
      if (addr < BASE || addr + len > BASE + 4096) return null;
      return bytes.slice(addr - BASE, addr - BASE + len);
    },
  };
}

/** Enter (memory as `before` sets it), then exit after `after` changed it. */
function trace(name: string, args: number[], mem: ReturnType<typeof page>, result: number, after?: () => void): string {
  const rec = new CallRecord();
  recordEnter(rec, syscallNumbers[name]!, (i) => args[i] ?? 0, () => 0, mem, opts);
  after?.();
  return alignResult(callText(rec, mem, opts, result, true), resultText(rec.sig, result, result < 0 ? -result : 0, rec)).replace(/\) +=/, ") =");
}

describe("socket and data-transfer decoding", () => {
  it("shows a socklen before and after the call, the address within the smaller", () => {
    const m = page();
    m.dv.setInt32(0x100, 110, true);
    m.dv.setUint16(0x200, 1, true);
    m.bytes.set(new TextEncoder().encode("sock"), 0x202);
    const t = trace("accept", [3, BASE + 0x200, BASE + 0x100], m, 5, () => m.dv.setInt32(0x100, 7, true));
    assert.equal(t, 'accept(3, {sa_family=AF_UNIX, sun_path="sock"}, [110 => 7]) = 5');
    m.dv.setInt32(0x100, 2, true);
    const t2 = trace("getsockname", [3, BASE + 0x200, BASE + 0x100], m, 0, () => m.dv.setInt32(0x100, 7, true));
    assert.equal(t2, "getsockname(3, {sa_family=AF_UNIX}, [2 => 7]) = 0");
  });
  it("names MSG_* and SHUT_* values", () => {
    const m = page();
    assert.equal(trace("shutdown", [3, 2], m, 0), "shutdown(3, SHUT_RDWR) = 0");
    assert.equal(trace("shutdown", [3, 7], m, -22), "shutdown(3, 0x7 /* SHUT_??? */) = -1 EINVAL (Invalid argument)");
    assert.equal(trace("recvfrom", [3, 0, 1, 0x22, 0, 0], m, -14), "recvfrom(3, NULL, 1, MSG_PEEK|MSG_TRUNC, NULL, NULL) = -1 EFAULT (Bad address)");
  });
  it("ends an iovec array that faults part-way with the address", () => {
    const m = page();
    const iov = BASE + 4096 - 16;
    m.dv.setUint32(4096 - 16, BASE, true);
    m.dv.setUint32(4096 - 8, 3, true);
    m.bytes.set([0x61, 0x62, 0x63], 0);
    assert.equal(trace("pwritev", [1, iov, 2, 0], m, -14), `pwritev(1, [{iov_base="abc", iov_len=3}, ... /* 0x${(BASE + 4096).toString(16)} */], 2, 0) = -1 EFAULT (Bad address)`);
  });
  it("shows sendfile's offset before and after", () => {
    const m = page();
    const t = trace("sendfile", [4, 5, BASE, 10], m, 10, () => m.dv.setUint32(0, 10, true));
    assert.equal(t, "sendfile(4, 5, [0] => [10], 10) = 10");
  });
});

describe("-e read= / -e write= dumps", () => {
  it("parses descriptor sets as strace does", () => {
    const s = parseFdSet("0,5");
    assert.ok(!("bad" in s) && fdInSet(s, 5) && !fdInSet(s, 1));
    const all = parseFdSet("all");
    assert.ok(!("bad" in all) && fdInSet(all, 9));
    const notOne = parseFdSet("!1");
    assert.ok(!("bad" in notOne) && fdInSet(notOne, 0) && !fdInSet(notOne, 1));
    assert.deepEqual(parseFdSet("x"), { bad: "x" });
  });
  it("dumps 16 bytes a row, hex and ASCII", () => {
    const m = page();
    m.bytes.set(new TextEncoder().encode("0123456789abcde"), 0);
    const a = { lo: Int32Array.from([1, BASE, 15, 0, 0, 0]), hi: new Int32Array(6) };
    const set = parseFdSet("1");
    assert.ok(!("bad" in set));
    assert.deepEqual(dumpLines("write", a, 15, m, undefined, set, 2), [
      " | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |",
    ]);
    // a read is dumped only when it succeeded, and only what it returned
    assert.deepEqual(dumpLines("read", a, -5, m, set, undefined, 2), []);
    assert.deepEqual(dumpLines("read", a, 3, m, set, undefined, 2), [
      " | 00000  30 31 32                                          012              |",
    ]);
  });
});
