/**
 * Data-transfer calls as strace 6.1 prints them: iovec arrays read element by element (one that
 * faults part-way ends in `... /* ADDR *\/`), the vectored read/write family with RWF_* flags,
 * sendfile's offset before and after (`[0] => [35499]`), copy_file_range's 64-bit offsets and
 * (mincore's residency vector is in decode-core.ts).
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import { arrayText, bufText, dv, fdText, flagsText, g64, gu64Text, ptrNum, ptrText, readU64, s64Text, u64, u64Text, xlatText, type FormatOptions, type PeekMemory, type RawArgs } from "./format.js";
import { rwfFlagNames } from "../abi/socket.js";

const TWO64 = 18446744073709551616;


/**
 * An iovec array: `[{iov_base="...", iov_len=N}, ...]`. `dataSize` bounds the bytes shown across
 * the buffers (a read's result; -1: no bound); `addrOnly` shows each base as its address (failed reads).
 */
export function iovArrayText(mem: PeekMemory, addr: number, count: number, o: FormatOptions, dataSize: number, addrOnly = false): string {
  let left = dataSize < 0 ? Infinity : dataSize;
  return arrayText(mem, addr, count, 16, o.verbose ? Infinity : o.strsize, (b) => {
    const d = dv(b);
    const base = g64(d, 0);
    const len = g64(d, 8);
    const show = Math.min(len, left);
    if (left !== Infinity) left -= show;
    const baseText = addrOnly ? ptrNum(base) : bufText(mem, base, show, o.strsize);
    return `{iov_base=${baseText}, iov_len=${gu64Text(d, 8)}}`;
  });
}

/** `[N]` for the 64-bit number at `p` (unsigned or signed), or the address when unreadable. */
function num64Text(mem: PeekMemory, p: number, signed: boolean): string {
  if (p === 0) return "NULL";
  const b = mem.peek(p, 8);
  if (!b) return ptrNum(p);
  const d = dv(b);
  if (!signed) return `[${gu64Text(d, 0)}]`;
  const h = d.getInt32(4, true);
  if (h >= -0x200000 && h < 0x200000) return `[${h * 4294967296 + d.getUint32(0, true)}]`;
  return `[${d.getBigInt64(0, true).toString()}]`;
}

/**
 * What some calls print at entry and need again at exit (sendfile's offset before the call),
 * kept per call record: the RawArgs object is the record's own and is reused for its next call.
 */
const entryNotes = new WeakMap<RawArgs, string>();

function vectored(c: ArgContext, readsInto: boolean, flagsArg: number): string | undefined {
  const { a, i, mem, o, result, exited } = c;
  switch (i) {
    case 0:
      return undefined;
    case 1: {
      const n = u64(a, 2);
      if (!readsInto) return iovArrayText(mem, u64(a, 1), n, o, -1);
      return iovArrayText(mem, u64(a, 1), n, o, exited && result >= 0 ? result : -1, !(exited && result >= 0));
    }
    case 2:
      return u64Text(a, 2);
    case 3:
      return s64Text(a, 3);
    case 4:
    case 5:
      if (flagsArg < 0) return undefined;
      return xlatText(o, a.lo[flagsArg]!, flagsText(a.lo[flagsArg]!, rwfFlagNames));
  }
  return undefined;
}

registerDecoders({
  args: {
    readv: (c) => (c.i === 1 ? vectored(c, true, -1) : undefined),
    writev: (c) => (c.i === 1 ? vectored(c, false, -1) : undefined),
    preadv: (c) => vectored(c, true, -1),
    pwritev: (c) => vectored(c, false, -1),
    preadv2: (c) => vectored(c, true, 5),
    pwritev2: (c) => vectored(c, false, 5),
    sendfile: (c) => {
      const { a, i, mem, o, result, exited } = c;
      if (i === 0) {
        // The offset as it was before the call; shown again (with its new value) at exit.
        entryNotes.set(a, num64Text(mem, u64(a, 2), false));
        return fdText(a.lo[0]! | 0, o);
      }
      if (i === 2) {
        const before = entryNotes.get(a) ?? ptrText(a, 2);
        if (!exited || result <= 0 || !before.startsWith("[")) return before;
        return `${before} => ${num64Text(mem, u64(a, 2), false)}`;
      }
      return undefined;
    },
    copy_file_range: (c) => {
      const { a, i, mem } = c;
      if (i === 1 || i === 3) return num64Text(mem, u64(a, i), true);
      if (i === 5) return String(a.lo[5]! >>> 0);
      return undefined;
    },
  },
  exitArgs: {
    // strace prints these whole at entry (they only read memory)
    copy_file_range: () => false,
    // the offset is shown before and after the call
    sendfile: (i) => i === 2,
  },
  shownArgs: {
    // offset_high is not shown on x86-64: fd, iov, iovcnt, offset, flags
    preadv2: () => 5,
    pwritev2: () => 5,
  },
});

export { readU64 };
