/** prctl / arch_prctl as strace 6.1 prints them, checked without a guest (src/trace/decode-prctl.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CallRecord, recordEnter, callText, resultText, type FormatOptions } from "../../src/trace/format.js";
import { syscallNumbers } from "../../src/abi/syscalls.js";

const PAGE = 0x10000;

/** One page of fake memory at PAGE holding `data`. */
function mem(data: Uint8Array = new Uint8Array(0)) {
  const bytes = new Uint8Array(4096);
  bytes.set(data);
  return {
    peek(addr: number, len: number): Uint8Array | null {
      if (addr < PAGE || addr + len > PAGE + 4096) return null;
      return bytes.slice(addr - PAGE, addr - PAGE + len);
    },
  };
}

function line(name: string, args: bigint[], result: number, m = mem(), xlat: FormatOptions["xlat"] = "abbrev", verbose = false): string {
  const o: FormatOptions = { strsize: 32, verbose, xlat };
  const rec = new CallRecord();
  const lo = (i: number) => Number(BigInt.asIntN(32, args[i] ?? 0n));
  const hi = (i: number) => Number(BigInt.asIntN(32, (args[i] ?? 0n) >> 32n));
  recordEnter(rec, syscallNumbers[name]!, lo, hi, m, o);
  const call = callText(rec, m, o, result, true);
  return `${call}) = ${resultText(rec.sig, result, result < 0 ? -result : 0, rec, o)}${rec.resultSuffix}`;
}

describe("prctl decoding", () => {
  it("names unknown options as strace does and shows four hex arguments", () => {
    assert.equal(line("prctl", [0xffffffffn, 0xfffffffen, 0xfffffffdn, 0xfffffffcn, 0xfffffffbn], -22),
      "prctl(0xffffffff /* PR_??? */, 0xfffffffe, 0xfffffffd, 0xfffffffc, 0xfffffffb) = -1 EINVAL (Invalid argument)");
  });
  it("shows only the arguments an option takes", () => {
    assert.equal(line("prctl", [7n, 1n, 2n], 0), "prctl(PR_GET_KEEPCAPS) = 0");
    assert.equal(line("prctl", [24n, 0xffn], -22), "prctl(PR_CAPBSET_DROP, 0xff /* CAP_??? */) = -1 EINVAL (Invalid argument)");
    assert.equal(line("prctl", [47n, 2n, 13n], 0), "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0) = 0");
  });
  it("reads what the call wrote at exit", () => {
    const m = mem(Uint8Array.from([2, 0, 0, 0]));
    assert.equal(line("prctl", [2n, BigInt(PAGE)], 0, m), "prctl(PR_GET_PDEATHSIG, [SIGINT]) = 0");
    assert.equal(line("prctl", [2n, BigInt(PAGE)], 0, m, "verbose"), "prctl(0x2 /* PR_GET_PDEATHSIG */, [2 /* SIGINT */]) = 0");
    assert.equal(line("prctl", [2n, BigInt(PAGE)], -14, m), "prctl(PR_GET_PDEATHSIG, 0x10000) = -1 EFAULT (Bad address)");
  });
  it("cuts names at 15 bytes and marks them", () => {
    const m = mem(new TextEncoder().encode("0123456789abcdef\0"));
    assert.equal(line("prctl", [15n, BigInt(PAGE)], 0, m), 'prctl(PR_SET_NAME, "0123456789abcde"...) = 0');
    assert.equal(line("prctl", [15n, BigInt(PAGE + 2)], 0, m), 'prctl(PR_SET_NAME, "23456789abcdef") = 0');
  });
  it("shows flag results in hex with their names", () => {
    assert.equal(line("prctl", [27n], 42), "prctl(PR_GET_SECUREBITS) = 0x2a (SECBIT_NOROOT_LOCKED|SECBIT_NO_SETUID_FIXUP_LOCKED|SECBIT_KEEP_CAPS_LOCKED)");
    assert.equal(line("prctl", [27n], 42, mem(), "raw"), "prctl(0x1b) = 0x2a");
    assert.equal(line("prctl", [3n], 1), "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
  });
  it("spells vector lengths and tagged-address controls", () => {
    assert.equal(line("prctl", [50n, 0x2ea57n], -22, mem(), "verbose"), "prctl(0x32 /* PR_SVE_SET_VL */, 0x2ea57 /* PR_SVE_VL_INHERIT|0xea57 */) = -1 EINVAL (Invalid argument)");
    assert.equal(line("prctl", [55n, 0xdn, 1n, 2n, 3n], 0), "prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|0x1<<PR_MTE_TAG_SHIFT, 0x1, 0x2, 0x3) = 0");
  });
  it("shows a seccomp filter with -v", () => {
    const f = new Uint8Array(64);
    const d = new DataView(f.buffer);
    d.setUint16(0, 2, true); // len
    d.setUint32(8, PAGE + 32, true); // filter
    d.setUint16(32, 0x20, true); // BPF_LD|BPF_W|BPF_ABS, k=0
    d.setUint16(40, 0x06, true); // BPF_RET|BPF_K, SECCOMP_RET_ERRNO|0x10
    d.setUint32(44, 0x50010, true);
    assert.equal(line("prctl", [22n, 2n, BigInt(PAGE)], 0, mem(f), "abbrev", true),
      "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=2, filter=[BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0), BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|0x10)]}) = 0");
    assert.equal(line("prctl", [22n, 2n, BigInt(PAGE)], 0, mem(f)), "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=2, filter=0x10020}) = 0");
  });
});

describe("arch_prctl decoding", () => {
  it("reads the FS base back and names unknown codes", () => {
    const m = mem(Uint8Array.from([0x80, 0x13, 0x4b, 0, 0, 0, 0, 0]));
    assert.equal(line("arch_prctl", [0x1003n, BigInt(PAGE)], 0, m), "arch_prctl(ARCH_GET_FS, [0x4b1380]) = 0");
    assert.equal(line("arch_prctl", [0x1005n, 0n], -22), "arch_prctl(0x1005 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)");
    assert.equal(line("arch_prctl", [0x1011n, 5n], 1), "arch_prctl(ARCH_GET_CPUID) = 1");
  });
  it("shows xfeature masks", () => {
    assert.equal(line("arch_prctl", [0x1023n, 0x11n], 0x60000), "arch_prctl(ARCH_REQ_XCOMP_PERM, 0x11 /* XFEATURE_XTILE_CFG */) = 0x60000 (XFEATURE_MASK_XTILE)");
  });
});
