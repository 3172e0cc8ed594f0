/** Signal, wait, poll and time decoders (src/trace/decode-*.ts), checked without running a guest. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CallRecord, recordEnter, callText, resultText, alignResult } from "../../src/trace/format.js";
import { siginfoBytesText, clockText } from "../../src/trace/decode-signal.js";
import { parseDecodeFds } from "../../src/trace/decode-fds.js";
import { parseStrace, tracerOptions } from "../../src/trace/options.js";
import { syscallNumbers } from "../../src/abi/syscalls.js";

const opts = { strsize: 32, verbose: false };
const BASE = 0x10000;

function memOf(data: Uint8Array) {
  const bytes = new Uint8Array(4096);
  bytes.set(data);
  return { peek: (addr: number, len: number) => (addr < BASE || addr + len > BASE + 4096 ? null : bytes.slice(addr - BASE, addr - BASE + len)) };
}

function line(name: string, args: number[], data: Uint8Array, result: number, o = opts): string {
  const mem = memOf(data);
  const rec = new CallRecord();
  recordEnter(rec, syscallNumbers[name]!, (i) => args[i] ?? 0, () => 0, mem, o);
  const text = alignResult(callText(rec, mem, o, result, true), resultText(rec.sig, result, result < 0 ? -result : 0, rec, o) + rec.resultSuffix);
  return text.replace(/\) +=/, ") =");
}

function siginfo(fields: [number, number][], ptrAt24?: [number, number]): Uint8Array {
  const b = new Uint8Array(128);
  const d = new DataView(b.buffer);
  for (const [off, v] of fields) d.setInt32(off, v, true);
  if (ptrAt24) {
    d.setUint32(24, ptrAt24[0], true);
    d.setUint32(28, ptrAt24[1], true);
  }
  return b;
}

describe("sigproc decoders", () => {
  it("siginfo: SI_QUEUE with a value, SIGCHLD, nothing", () => {
    assert.equal(
      siginfoBytesText(siginfo([[0, 10], [8, -1], [16, 2], [20, 0]], [0xbadc0ded, 0xdeadbeef]), opts),
      "{si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=2, si_uid=0, si_int=-1159983635, si_ptr=0xdeadbeefbadc0ded}",
    );
    assert.equal(
      siginfoBytesText(siginfo([[0, 17], [8, 5], [16, 5], [24, 19]]), opts),
      "{si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=5, si_uid=0, si_status=SIGSTOP, si_utime=0, si_stime=0}",
    );
    assert.equal(siginfoBytesText(new Uint8Array(128), opts), "{}");
    assert.equal(siginfoBytesText(siginfo([[0, 10], [4, 2], [8, -1]]), { ...opts, xlat: "raw" }), "{si_signo=10, si_code=0xffffffff, si_errno=2, si_pid=0, si_uid=0}");
  });

  it("clock_t with seconds", () => {
    const d = new DataView(new ArrayBuffer(8));
    d.setUint32(0, 150, true);
    assert.equal(clockText(d, 0, opts), "150 /* 1.50 s */");
    assert.equal(clockText(d, 0, { ...opts, xlat: "raw" }), "150");
    d.setUint32(0, 0, true);
    assert.equal(clockText(d, 0, opts), "0");
  });

  it("rusage, wait options, rt_sigtimedwait's result", () => {
    const ru = new Uint8Array(144);
    assert.equal(line("getrusage", [0, BASE], ru, 0), "getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0");
    assert.match(line("getrusage", [0, BASE], ru, 0, { ...opts, verbose: true }), /ru_maxrss=0, .* ru_nivcsw=0\}\) = 0$/);
    assert.equal(line("wait4", [-1, BASE, 3, BASE], ru, -10), "wait4(-1, 0x10000, WNOHANG|WSTOPPED, 0x10000) = -1 ECHILD (No child processes)");
    const set = new Uint8Array(8);
    set[1] = 0x20; // SIGALRM (14)
    assert.equal(line("rt_sigtimedwait", [BASE, 0, 0, 8], set, 14), "rt_sigtimedwait([ALRM], NULL, NULL, 8) = 14 (SIGALRM)");
  });

  it("select's sets and result", () => {
    const b = new Uint8Array(64);
    b[0] = 0x18; // fds 3 and 4
    b[8] = 0x10; // fd 4
    assert.equal(line("select", [5, BASE, BASE + 8, 0, 0], b, 1), "select(5, [3 4], [4], NULL, NULL) = 1 (in [3])");
    assert.equal(line("select", [5, BASE, 0, 0, 0], b, 0), "select(5, [3 4], NULL, NULL, NULL) = 0 (Timeout)");
  });

  it("decode-fds sets", () => {
    assert.equal(parseDecodeFds("all"), 31);
    assert.equal(parseDecodeFds("path,pidfd"), 9);
    assert.equal(parseDecodeFds("none"), 0);
    assert.equal(parseDecodeFds("bogus"), null);
    const t = tracerOptions(parseStrace(["-e", "decode-fds=pidfd", "true"]), () => {}, { toFile: false, separate: false, wallNs: (n) => n });
    assert.equal(t.decodeFds, 8);
    assert.equal(t.decorate, 2);
  });
});
