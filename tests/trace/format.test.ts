/** The formatter's rules, checked without running a guest. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { alignResult, quoteBytes, modeText, resultText, CallRecord, recordEnter, callText, hex64 } from "../../src/trace/format.js";
import { signatureOf } from "../../src/abi/signatures.js";
import { parseTraceSet } from "../../src/trace/filter.js";
import { parseStrace, StraceUsageError } from "../../src/cli/strace.js";
import { siginfoText } from "../../src/trace/tracer.js";
import { summaryTable } from "../../src/trace/summary.js";

const enc = new TextEncoder();
const opts = { strsize: 32, verbose: false };

/** A fake memory: one buffer mapped at `base` (page aligned), padded to whole pages with zeros. */
function memAt(base: number, data: Uint8Array) {
  const bytes = new Uint8Array(Math.ceil(data.length / 4096) * 4096 || 4096);
  bytes.set(data);
  return {
    peek(addr: number, len: number): Uint8Array | null {
      if (addr < base || addr + len > base + bytes.length) return null;
      return bytes.slice(addr - base, addr - base + len);
    },
  };
}

function trace(nr: number, args: number[], mem: ReturnType<typeof memAt>, result: number): string {
  const rec = new CallRecord();
  recordEnter(rec, nr, (i) => args[i] ?? 0, () => 0, mem, opts);
  return alignResult(callText(rec, mem, opts, result, true), resultText(rec.sig, result, result < 0 ? -result : 0, rec));
}

describe("strace format", () => {
  it("aligns the result at column 40 and keeps one space after long calls", () => {
    assert.equal(alignResult("close(3", "0"), "close(3)" + " ".repeat(32) + "= 0");
    assert.equal(alignResult("x".repeat(39), "0"), "x".repeat(39) + ") = 0");
  });
  it("quotes strings as strace does", () => {
    assert.equal(quoteBytes(enc.encode('a"b\\\n\t'), 6), '"a\\"b\\\\\\n\\t"');
    assert.equal(quoteBytes(Uint8Array.from([0, 0x31, 1, 0x7f]), 4), '"\\0001\\1\\177"');
    assert.equal(quoteBytes(Uint8Array.from([0x9d]), 1, true), '"\\x9d"');
  });
  it("prints modes and 64-bit hex", () => {
    assert.equal(modeText(0o22), "022");
    assert.equal(modeText(0o755), "0755");
    assert.equal(modeText(0), "000");
    assert.equal(hex64(0, 0), "0");
    assert.equal(hex64(0x1000, 0x7fff), "0x7fff00001000");
  });
  it("decodes write with -s truncation and errors with their text", () => {
    const text = enc.encode("Hello, world! (from a raw syscall)\n");
    const mem = memAt(0x1000, text);
    assert.equal(trace(1, [1, 0x1000, text.length], mem, text.length), 'write(1, "Hello, world! (from a raw syscal"..., 35) = 35');
    assert.equal(trace(1, [9, 0x1000, 2], mem, -9), 'write(9, "He", 2)' + " ".repeat(23) + "= -1 EBADF (Bad file descriptor)");
  });
  it("decodes openat flags and hides the mode without O_CREAT", () => {
    const mem = memAt(0x1000, enc.encode("/etc/passwd\0"));
    assert.equal(trace(257, [-100, 0x1000, 0o2000000, 0], mem, 3), 'openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3');
    assert.equal(trace(257, [-100, 0x1000, 0o101, 0o644], mem, -2), 'openat(AT_FDCWD, "/etc/passwd", O_WRONLY|O_CREAT, 0644) = -1 ENOENT (No such file or directory)');
  });
  it("decodes writev's iovec array", () => {
    const b = new Uint8Array(64);
    const dv = new DataView(b.buffer);
    b.set(enc.encode("hi\n"), 48);
    dv.setUint32(0, 0x1000 + 48, true);
    dv.setUint32(8, 3, true);
    const mem = memAt(0x1000, b);
    assert.equal(trace(20, [1, 0x1000, 1], mem, 3), 'writev(1, [{iov_base="hi\\n", iov_len=3}], 1) = 3');
  });
  it("names unknown syscalls as strace does", () => {
    assert.equal(signatureOf(1000, undefined).name, "syscall_0x3e8");
  });
  it("formats fault siginfo", () => {
    assert.equal(siginfoText({ signo: 11, code: 1, errno: 0, pid: 0, uid: 0, addr: 0, status: 0 }), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}");
  });
});

describe("strace options", () => {
  it("parses -o, -s, -e trace= with classes and negation", () => {
    const o = parseStrace(["-o", "f", "-s", "64", "-e", "trace=%file,write", "prog", "a"]);
    assert.equal(o.output, "f");
    assert.equal(o.strsize, 64);
    assert.equal(o.prog, "prog");
    assert.deepEqual(o.args, ["a"]);
    assert.equal(o.trace![1], true); // write
    assert.equal(o.trace![257], true); // openat is %file
    assert.equal(o.trace![0], false); // read
    const neg = parseTraceSet("!write");
    assert.equal(neg[1], false);
    assert.equal(neg[0], true);
  });
  it("rejects unknown syscalls and missing PROG", () => {
    assert.throws(() => parseStrace(["-e", "trace=nosuchcall", "p"]), StraceUsageError);
    assert.throws(() => parseStrace([]), StraceUsageError);
  });
  it("prints a -c table with a total row", () => {
    const t = summaryTable(new Map([["write", { calls: 2, errors: 1, ns: 3000 }]]));
    assert.match(t, /^% time +seconds +usecs\/call +calls +errors syscall\n/);
    assert.match(t, /100\.00 +0\.000003 +2 +2 +1 total\n$/);
  });
});

describe("strace struct and flag decoding", () => {
  it("wait statuses", async () => {
    const { waitStatusText } = await import("../../src/trace/format.js");
    assert.equal(waitStatusText(3 << 8), "{WIFEXITED(s) && WEXITSTATUS(s) == 3}");
    assert.equal(waitStatusText(9), "{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}");
    assert.equal(waitStatusText(11 | 0x80), "{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}");
    assert.equal(waitStatusText(0x137f), "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}");
  });
  it("clone's named arguments and unknown ioctls", () => {
    const mem = memAt(0x10000, new Uint8Array(16));
    // clone(CLONE_VM|CLONE_VFORK|SIGCHLD, stack)
    assert.equal(trace(56, [0x4111, 0x7000], mem, 5), "clone(child_stack=0x7000, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 5");
    assert.equal(trace(16, [3, 0x12345678, 0], mem, -25), "ioctl(3, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0) = -1 ENOTTY (Inappropriate ioctl for device)");
  });
  it("sysinfo and statx", () => {
    const b = new Uint8Array(256);
    const d = new DataView(b.buffer);
    d.setUint32(0, 100, true);
    d.setUint32(32, 4096, true);
    d.setUint16(80, 3, true);
    d.setUint32(104, 1, true);
    assert.equal(
      trace(99, [0x10000], memAt(0x10000, b), 0),
      "sysinfo({uptime=100, loads=[0, 0, 0], totalram=4096, freeram=0, sharedram=0, bufferram=0, totalswap=0, freeswap=0, procs=3, totalhigh=0, freehigh=0, mem_unit=1}) = 0",
    );
    const x = new Uint8Array(4096);
    const xd = new DataView(x.buffer);
    xd.setUint32(0x100, 0x7ff, true);
    xd.setUint16(0x100 + 28, 0o100644, true);
    xd.setUint32(0x100 + 40, 16, true);
    x.set(enc.encode("f\0"), 0);
    assert.equal(
      trace(332, [-100, 0x10000, 0x100, 0x7ff, 0x10100], memAt(0x10000, x), 0),
      'statx(AT_FDCWD, "f", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=16, ...}) = 0',
    );
  });
});

describe("strace poll, epoll and sockaddr decoding", () => {
  function traceFull(nr: number, args: number[], mem: ReturnType<typeof memAt>, result: number): string {
    const rec = new CallRecord();
    recordEnter(rec, nr, (i) => args[i] ?? 0, () => 0, mem, opts);
    const call = callText(rec, mem, opts, result, true);
    return alignResult(call, resultText(rec.sig, result, result < 0 ? -result : 0, rec) + rec.resultSuffix);
  }
  it("poll with revents after the result, and its timeout", () => {
    const b = new Uint8Array(16);
    const d = new DataView(b.buffer);
    d.setInt32(0, 3, true); d.setUint16(4, 1, true); d.setUint16(6, 1, true);
    d.setInt32(8, 4, true); d.setUint16(12, 5, true); d.setUint16(14, 4, true);
    assert.equal(traceFull(7, [0x10000, 2, 10], memAt(0x10000, b), 2),
      "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLIN|POLLOUT}], 2, 10) = 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}])");
    assert.equal(traceFull(7, [0x10000, 1, 0], memAt(0x10000, b), 0), "poll([{fd=3, events=POLLIN}], 1, 0)     = 0 (Timeout)");
  });
  it("epoll_ctl's event", () => {
    const b = new Uint8Array(12);
    const d = new DataView(b.buffer);
    d.setUint32(0, 0x80000001, true); d.setUint32(4, 3, true);
    assert.equal(traceFull(233, [5, 1, 3, 0x10000], memAt(0x10000, b), 0), "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0");
  });
  it("sockaddrs", () => {
    const in4 = Uint8Array.from([2, 0, 0, 9, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(traceFull(42, [7, 0x10000, 16], memAt(0x10000, in4), -111),
      'connect(7, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)');
    const in6 = new Uint8Array(28);
    in6[0] = 10; in6[3] = 9; in6[23] = 1;
    assert.equal(traceFull(42, [6, 0x10000, 28], memAt(0x10000, in6), -111),
      'connect(6, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)');
    const un = new Uint8Array(21);
    un[0] = 1; un.set(enc.encode("/tmp/nonexist.sock"), 2);
    assert.equal(traceFull(42, [6, 0x10000, 21], memAt(0x10000, un), -2),
      'connect(6, {sa_family=AF_UNIX, sun_path="/tmp/nonexist.sock"}, 21) = -1 ENOENT (No such file or directory)');
  });
});
