/** The file-system decoders (src/trace/decode-fs.ts) and -y path quoting, without a guest. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CallRecord, recordEnter, callText, resultText, decoratedPath, quoteBytes, setStringStyle, type FormatOptions } from "../../src/trace/format.js";
import { timeComment } from "../../src/trace/decode-fs.js";

const BASE = 0x10000;

/** One page-aligned region at BASE holding `data`; everything else unreadable. */
function memOf(data: Uint8Array) {
  const bytes = new Uint8Array(Math.ceil(data.length / 4096) * 4096 || 4096);
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
  recordEnter(rec, nr, (i) => args[i] ?? 0, (i) => ((args[i] ?? 0) < 0 ? -1 : 0), mem, o);
  return `${callText(rec, mem, o, result, true)}) = ${resultText(rec.sig, result, result < 0 ? -result : 0, rec, o)}`;
}

function bytes(n: number, fill: (d: DataView) => void): Uint8Array {
  const b = new Uint8Array(n);
  fill(new DataView(b.buffer));
  return b;
}

describe("file-system decoders", () => {
  it("prints struct statfs with the magic's name and ST_* flags only when ST_VALID", () => {
    const b = bytes(120, (d) => {
      d.setUint32(0, 0x9fa0, true);
      d.setUint32(8, 4096, true);
      d.setUint32(56, 0x16, true);
      d.setUint32(64, 255, true);
      d.setUint32(72, 4096, true);
      d.setUint32(80, 0x420, true);
    });
    assert.equal(
      call(138, [3, BASE], b, 0),
      "fstatfs(3, {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x16, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_NOATIME}) = 0",
    );
  });
  it("prints struct flock with exact 64-bit offsets, l_pid only for F_GETLK", () => {
    const b = bytes(32, (d) => {
      d.setInt16(0, 0, true);
      d.setBigInt64(8, -2379362051860529427n, true);
      d.setBigInt64(16, 4096n, true);
    });
    assert.equal(call(72, [0, 6, BASE], b, 0), "fcntl(0, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=-2379362051860529427, l_len=4096}) = 0");
    assert.equal(call(72, [0, 5, BASE], b, 0), "fcntl(0, F_GETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=-2379362051860529427, l_len=4096, l_pid=0}) = 0");
    assert.equal(call(72, [0, 1025], b, 2), "fcntl(0, F_GETLEASE) = 0x2 (F_UNLCK)");
    assert.equal(call(73, [-1, 1], b, -9), "flock(-1, LOCK_SH) = -1 EBADF (Bad file descriptor)");
  });
  it("walks getdents64 records: a count by default, every entry with -v", () => {
    const name = new TextEncoder().encode("ab");
    const b = bytes(48, (d) => {
      d.setUint32(0, 7, true);
      d.setUint32(8, 1, true);
      d.setUint16(16, 24, true);
      d.setUint8(18, 4);
      d.setUint8(19, 0x2e);
      d.setUint32(24, 8, true);
      d.setUint32(32, 2, true);
      d.setUint16(40, 24, true);
      d.setUint8(42, 8);
    });
    b.set(name, 43);
    assert.equal(call(217, [3, BASE, 0xdeadbeef], b, 48), `getdents64(3, 0x10000 /* 2 entries */, 3735928559) = 48`);
    assert.equal(
      call(217, [3, BASE, 8192], b, 48, { strsize: 32, verbose: true }),
      'getdents64(3, [{d_ino=7, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, {d_ino=8, d_off=2, d_reclen=24, d_type=DT_REG, d_name="ab"}], 8192) = 48',
    );
  });
  it("prints utimensat's pair with dates and UTIME_NOW / UTIME_OMIT by -X", () => {
    const b = bytes(32, (d) => {
      d.setBigInt64(0, 0n, true);
      d.setBigInt64(8, BigInt((1 << 30) - 1), true);
      d.setBigInt64(16, 0n, true);
      d.setBigInt64(24, BigInt((1 << 30) - 2), true);
    });
    const text = (x: "abbrev" | "raw" | "verbose") => call(280, [-100, 0, BASE, 0x100], b, 0, { strsize: 32, verbose: false, xlat: x });
    assert.equal(text("abbrev"), "utimensat(AT_FDCWD, NULL, [UTIME_NOW, UTIME_OMIT], AT_SYMLINK_NOFOLLOW) = 0");
    assert.equal(text("raw"), "utimensat(-100, NULL, [{tv_sec=0, tv_nsec=1073741823}, {tv_sec=0, tv_nsec=1073741822}], 0x100) = 0");
    assert.match(text("verbose"), /\[\{tv_sec=0, tv_nsec=1073741823\} \/\* UTIME_NOW \*\/, /);
    assert.equal(timeComment(0, 0, 0, 0), null);
    assert.equal(timeComment(5, 2000000000, 999999999, 9), null);
  });
  it("cuts gid lists at -s and marks the unreadable tail", () => {
    const b = bytes(8, (d) => {
      d.setUint32(0, 0xffffffff, true);
      d.setUint32(4, 0xfffffffe, true);
    });
    assert.equal(call(116, [2, BASE], b, 0), "setgroups(2, [-1, 4294967294]) = 0");
    assert.equal(call(116, [2, BASE], b, 0, { strsize: 1, verbose: false }), "setgroups(2, [-1, ...]) = 0");
    assert.equal(call(116, [2, BASE + 4096 - 4], new Uint8Array(4096), -14), "setgroups(2, [0, ... /* 0x11000 */]) = -1 EFAULT (Bad address)");
  });
  it("escapes -y paths and puts (deleted) after the brackets", () => {
    assert.equal(decoratedPath("/tmp/a<b>\n", false), "</tmp/a\\74b\\76\\n>");
    assert.equal(decoratedPath("/tmp/x (deleted)", false), "</tmp/x (deleted)>");
    assert.equal(decoratedPath("/tmp/x (deleted) (deleted)", true), "</tmp/x (deleted)>(deleted)");
    assert.equal(decoratedPath("/dev/null<char 1:3>", false, 2), "</dev/null<char 1:3>>");
  });
  it("prints strings in hex with -x and -xx", () => {
    const b = new TextEncoder().encode("ab\x01");
    setStringStyle(1);
    assert.equal(quoteBytes(b, 2), '"ab"');
    assert.equal(quoteBytes(b, 3), '"\\x61\\x62\\x01"');
    setStringStyle(2);
    assert.equal(quoteBytes(b, 2), '"\\x61\\x62"');
    setStringStyle(3);
    assert.equal(quoteBytes(b, 3), '"ab\\x01"');
    setStringStyle(0);
  });
});
