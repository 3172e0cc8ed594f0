/** futex, eventfd2, sigaltstack and uname (src/trace/decode-misc.ts), without a guest. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import "../../src/trace/decoders-all.js";
import { CallRecord, recordEnter, callText, resultText, type FormatOptions } from "../../src/trace/format.js";

const BASE = 0x10000;

function memOf(data: Uint8Array) {
  const bytes = new Uint8Array(4096);
  bytes.set(data);
  return {
    peek(addr: number, len: number): Uint8Array | null {
      if (addr < BASE || addr + len > BASE + bytes.length) return null;
      return bytes.slice(addr - BASE, addr - BASE + len);
    },
  };
}

function call(nr: number, args: number[], data: Uint8Array, result: number, o: FormatOptions = { strsize: 32, verbose: false }): string {
  const mem = memOf(data);
  const rec = new CallRecord();
  recordEnter(rec, nr, (i) => args[i] ?? 0, () => 0, mem, o);
  return `${callText(rec, mem, o, result, true)}) = ${resultText(rec.sig, result, result < 0 ? -result : 0, rec, o)}`;
}

const timespec = (() => {
  const b = new Uint8Array(16);
  const d = new DataView(b.buffer);
  d.setInt32(0, 123, true);
  d.setInt32(8, 456, true);
  return b;
})();

describe("misc decoders", () => {
  it("shows futex's arguments by command", () => {
    assert.equal(call(202, [BASE, 0, 7, BASE, 0, 0], timespec, -11), "futex(0x10000, FUTEX_WAIT, 7, {tv_sec=123, tv_nsec=456}) = -1 EAGAIN (Resource temporarily unavailable)");
    assert.equal(call(202, [BASE, 129, 1, 0, 0, 0], timespec, 0), "futex(0x10000, FUTEX_WAKE_PRIVATE, 1) = 0");
    assert.equal(call(202, [BASE, 10, 1, 0, 0, -1], timespec, 0), "futex(0x10000, FUTEX_WAKE_BITSET, 1, FUTEX_BITSET_MATCH_ANY) = 0");
    assert.equal(call(202, [BASE, 0x101, 3, 0, 0, 0], timespec, -38), "futex(0x10000, 0x101 /* FUTEX_??? */, 3) = -1 ENOSYS (Function not implemented)");
    assert.equal(call(202, [BASE, 5, 1, 2, BASE, 0x8a234567 | 0], timespec, 0),
      "futex(0x10000, FUTEX_WAKE_OP, 1, 2, 0x10000, FUTEX_OP_OPARG_SHIFT<<28|FUTEX_OP_SET<<28|0x234<<12|0xa<<24 /* FUTEX_OP_CMP_??? */|0x567) = 0");
    assert.equal(call(202, [BASE, 7, 0, 0, 0, 0], timespec, -38), "futex(0x10000, FUTEX_UNLOCK_PI) = -1 ENOSYS (Function not implemented)");
  });
  it("names eventfd2's flags and prints stack_t", () => {
    assert.equal(call(290, [0, 0x80801], new Uint8Array(0), 3), "eventfd2(0, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = 3");
    const ss = new Uint8Array(24);
    const d = new DataView(ss.buffer);
    d.setUint32(0, 0xbaadf00d, true);
    d.setUint32(8, 2, true);
    d.setUint32(16, 0xdeadbeef, true);
    assert.equal(call(131, [BASE, 0], ss, 0), "sigaltstack({ss_sp=0xbaadf00d, ss_flags=SS_DISABLE, ss_size=3735928559}, NULL) = 0");
  });
});
