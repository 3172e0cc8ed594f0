/**
 * `-e read=SET` / `-e write=SET`: after the line of a call that moved data through a descriptor
 * of SET, the bytes in hex and ASCII, 16 a row, as strace 6.1's dumpio prints them:
 *
 *    | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |
 *
 * Vectored calls first name each buffer (` * 3 bytes in buffer 0`), mmsghdr vectors each message
 * (` = 2 buffers in vector 0`). Written data is dumped even when the call failed; read data only
 * when it succeeded. Memory is read with the non-faulting `peek` only.
 */
import type { PeekMemory } from "./format.js";

/** A set of descriptors as strace's number sets: the listed ones, or all but them (`not`). */
export interface FdSet {
  not: boolean;
  fds: Set<number>;
}

export function fdInSet(set: FdSet | undefined, fd: number): boolean {
  return set !== undefined && set.fds.has(fd) !== set.not;
}

/**
 * Parse a descriptor set (`0,5`, `all`, `none`, leading `!`s invert). Returns the set, or the
 * token strace rejects ("invalid descriptor 'x'").
 */
export function parseFdSet(spec: string): FdSet | { bad: string } {
  let s = spec;
  let not = false;
  while (s.startsWith("!")) {
    not = !not;
    s = s.slice(1);
  }
  const set: FdSet = { not, fds: new Set() };
  if (s === "none") return set;
  if (s === "all") {
    set.not = !set.not;
    return set;
  }
  let any = false;
  for (const tok of s.split(",")) {
    if (tok === "") continue;
    if (!/^\d+$/.test(tok) || Number(tok) > 0x7fffffff) return { bad: tok };
    set.fds.add(Number(tok));
    any = true;
  }
  if (!any) return { bad: s };
  return set;
}

const HEX = "0123456789abcdef";
const CHUNK = 65536;
const TWO64 = 18446744073709551616;

/** Rows for `len` bytes at `addr` (strace's dumpstr). */
function dumpBytes(mem: PeekMemory, addr: number, len: number, pid: number, out: string[]): void {
  if (len <= 0 || addr + len >= TWO64) return;
  const offChars = len > 0x100000 ? 1 + Math.floor(Math.floor(Math.log2(len - 1)) / 4) : 5;
  const alloc = Math.min(Math.ceil(len / 16) * 16, CHUNK);
  let data: Uint8Array | null = null;
  let base = 0;
  for (let i = 0; i < len; i += 16) {
    if (i % CHUNK === 0) {
      const want = Math.min(len - i, alloc);
      data = mem.peek(addr + i, want);
      if (!data) {
        if (i > 0) out.push(` | <Cannot fetch ${want} byte${want === 1 ? "" : "s"} from pid ${pid} @0x${(addr + i).toString(16)}>`);
        return;
      }
      base = i;
    }
    let hex = "";
    let text = "";
    for (let k = 0; k < 16; k++) {
      const j = i + k;
      if (j < len) {
        const c = data![j - base]!;
        hex += HEX[c >> 4]! + HEX[c & 15]! + " ";
        text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
      } else {
        hex += "   ";
        text += " ";
      }
      if (k === 7) hex += " ";
    }
    out.push(` | ${i.toString(16).padStart(offChars, "0")}  ${hex} ${text} |`);
  }
}

/** Buffers of an iovec array (strace's dumpiov_upto): `count` iovecs, at most `dataSize` bytes. */
function dumpIov(mem: PeekMemory, count: number, addr: number, dataSize: number, pid: number, out: string[]): void {
  count = count | 0; // strace takes the count as an int
  // strace gives up on counts whose array size overflows 32 bits; sysgate also on arrays above
  // 64 MiB (no kernel accepts that many buffers: the dump would only repeat a failed call's argument)
  if (count < 0 || count > 0x400000) return;
  if (count === 0) return;
  const b = mem.peek(addr, count * 16);
  if (!b) return;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let left = dataSize < 0 ? Infinity : dataSize;
  for (let i = 0; i < count; i++) {
    const base = d.getUint32(i * 16 + 4, true) * 4294967296 + d.getUint32(i * 16, true);
    let len = d.getUint32(i * 16 + 12, true) * 4294967296 + d.getUint32(i * 16 + 8, true);
    if (len > left) len = left;
    if (len === 0) break;
    left -= len;
    out.push(` * ${len} bytes in buffer ${i}`);
    dumpBytes(mem, base, len, pid, out);
  }
}

function u64At(d: DataView, o: number): number {
  return d.getUint32(o + 4, true) * 4294967296 + d.getUint32(o, true);
}

function dumpMsghdr(mem: PeekMemory, addr: number, dataSize: number, pid: number, out: string[]): void {
  const b = addr === 0 ? null : mem.peek(addr, 56);
  if (!b) return;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  dumpIov(mem, u64At(d, 24), u64At(d, 16), dataSize, pid, out);
}

function dumpMmsghdr(mem: PeekMemory, addr: number, n: number, pid: number, out: string[]): void {
  for (let i = 0; i < n; i++) {
    const b = mem.peek(addr + i * 64, 64);
    if (!b) break;
    const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const iovlen = u64At(d, 24);
    out.push(` = ${iovlen} buffers in vector ${i}`);
    dumpIov(mem, iovlen, u64At(d, 16), d.getUint32(56, true), pid, out);
  }
}

/** The six argument registers, as the tracer keeps them. */
interface Args {
  lo: Int32Array;
  hi: Int32Array;
}

const argU64 = (a: Args, i: number) => (a.hi[i]! >>> 0) * 4294967296 + (a.lo[i]! >>> 0);

/**
 * The dump lines for a call that returned `result` (negative errno on failure), or none. `name` is
 * the syscall's name; `a` its raw arguments; the descriptor is the first argument.
 */
export function dumpLines(name: string, a: Args, result: number, mem: PeekMemory, readSet: FdSet | undefined, writeSet: FdSet | undefined, pid: number): string[] {
  const out: string[] = [];
  const fd = a.lo[0]! | 0;
  if (fd < 0) return out;
  if (fdInSet(writeSet, fd)) {
    switch (name) {
      case "write": case "pwrite64": case "sendto": case "mq_timedsend":
        dumpBytes(mem, argU64(a, 1), argU64(a, 2), pid, out);
        break;
      case "writev": case "pwritev": case "pwritev2": case "vmsplice":
        dumpIov(mem, a.lo[2]!, argU64(a, 1), -1, pid, out);
        break;
      case "sendmsg":
        dumpMsghdr(mem, argU64(a, 1), -1, pid, out);
        break;
      case "sendmmsg":
        if (result > 0) dumpMmsghdr(mem, argU64(a, 1), result, pid, out);
        break;
    }
  }
  if (result < 0 || !fdInSet(readSet, fd)) return out;
  switch (name) {
    case "read": case "pread64": case "recvfrom": case "mq_timedreceive":
      dumpBytes(mem, argU64(a, 1), result, pid, out);
      break;
    case "readv": case "preadv": case "preadv2":
      dumpIov(mem, a.lo[2]!, argU64(a, 1), result, pid, out);
      break;
    case "recvmsg":
      dumpMsghdr(mem, argU64(a, 1), result, pid, out);
      break;
    case "recvmmsg":
      dumpMmsghdr(mem, argU64(a, 1), result, pid, out);
      break;
  }
  return out;
}
