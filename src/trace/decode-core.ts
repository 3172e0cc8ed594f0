/**
 * Decoders of the tracer's core area: calls whose arguments need more than their signature kind
 * says. Flag words with their own tables (mlockall, fallocate, sync_file_range, close_range),
 * mknod's symbolic mode and device, execve/execveat's argument and environment arrays (as strace
 * walks them: a fault part-way ends the list with the address it stopped at), and clone3's
 * struct clone_args with the fields the call writes back.
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import {
  arrayText,
  cstrText, dv, fdText, flagsText, gu64Text, hex64, modeText, ptrNum, ptrText, quoteBytes, u64, xlatText,
  type FormatOptions, type PeekMemory, type RawArgs,
} from "./format.js";
import type { NameTable } from "../abi/signatures.js";
import { closeRangeFlagNames, fallocateModeNames, fileTypeNames, syncFileRangeFlagNames } from "../abi/fcntl.js";
import { mlockallFlagNames } from "../abi/mman.js";
import { cloneFlagNames } from "../abi/trace-tables.js";
import { signalName } from "../abi/signals.js";

const TWO32 = 4294967296;

// ---- flag words ----

/**
 * A 32-bit flag word as strace's printflags: known names joined by "|", leftover bits in hex,
 * "0x8 /* PREFIX_??? *\/" when no name applies; then -X raw / verbose.
 */
function flagWord(o: FormatOptions, v: number, names: NameTable, unknown: string): string {
  v = v >>> 0;
  let t = flagsText(v, names, "0", false);
  if (v !== 0 && t.startsWith("0x")) t = `${t} /* ${unknown} */`;
  return xlatText(o, v, t);
}

function flagArg(index: number, names: NameTable, unknown: string) {
  return (c: ArgContext): string | undefined => (c.i === index ? flagWord(c.o, c.a.lo[index]!, names, unknown) : undefined);
}

// ---- mknod / mknodat ----

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

/** A mode_t with its file type, as strace prints mknod's mode ("S_IFCHR|S_ISUID|0644"). */
function symbolicMode(o: FormatOptions, mode: number): string {
  const type = mode & S_IFMT;
  const typeName = type === 0 ? "" : fileTypeNames[type];
  const num = modeText(mode);
  if (typeName === undefined || o.xlat === "raw") return num;
  let s = typeName ? typeName + "|" : "";
  if (mode & 0o4000) s += "S_ISUID|";
  if (mode & 0o2000) s += "S_ISGID|";
  if (mode & 0o1000) s += "S_ISVTX|";
  s += modeText(mode & 0o777);
  return o.xlat === "verbose" ? `${num} /* ${s} */` : s;
}

/** A dev_t given as an unsigned int: makedev(major, minor) with glibc's bit split. */
function devText(o: FormatOptions, dev: number): string {
  dev = dev >>> 0;
  const hex = (n: number) => (n === 0 ? "0" : "0x" + (n >>> 0).toString(16));
  const major = (dev >>> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  const text = `makedev(${hex(major)}, ${hex(minor)})`;
  if (o.xlat === "raw") return hex(dev);
  if (o.xlat === "verbose") return `${hex(dev)} /* ${text} */`;
  return text;
}

function mknodArgs(first: number) {
  return (c: ArgContext): string | undefined => {
    const mode = c.a.lo[first + 1]! & 0xffff;
    if (c.i === first + 1) return symbolicMode(c.o, mode);
    if (c.i === first + 2) return devText(c.o, c.a.lo[first + 2]!);
    return undefined;
  };
}

function mknodShown(first: number) {
  return (a: RawArgs): number => {
    const type = a.lo[first + 1]! & S_IFMT;
    return type === S_IFCHR || type === S_IFBLK ? first + 3 : first + 2;
  };
}

// ---- execve / execveat ----

/** A 64-bit word of guest memory as its two halves, or null when unreadable. */
function peekWord(mem: PeekMemory, addr: number): [number, number] | null {
  const b = mem.peek(addr, 8);
  if (!b) return null;
  const d = dv(b);
  return [d.getUint32(0, true), d.getUint32(4, true)];
}

/** A string whose pointer is given as two halves (beyond user space: only its address). */
function strAt(mem: PeekMemory, lo: number, hi: number, max: number): string {
  if (hi >= 0x8000) return hex64(lo, hi);
  return cstrText(mem, hi * TWO32 + lo, max);
}

/** argv (or envp with -v): the strings up to the NULL; "..." after -s of them unless -v. */
function stringArray(mem: PeekMemory, addr: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  const parts: string[] = [];
  for (let n = 0; ; n++) {
    const at = addr + n * 8;
    const w = at < 2 ** 53 ? peekWord(mem, at) : null;
    if (w === null) {
      if (n === 0) return ptrNum(addr);
      parts.push(`... /* ${ptrNum(at)} */`);
      break;
    }
    if (w[0] === 0 && w[1] === 0) break;
    if (!o.verbose && n >= o.strsize) {
      parts.push("...");
      break;
    }
    parts.push(strAt(mem, w[0], w[1], o.strsize));
  }
  return "[" + parts.join(", ") + "]";
}

/** envp without -v: its address and how many pointers precede the NULL (or the fault). */
function envCount(mem: PeekMemory, addr: number): string {
  if (addr === 0) return "NULL";
  for (let n = 0; n < 1 << 20; n++) {
    const w = peekWord(mem, addr + n * 8);
    if (w === null) return n === 0 ? ptrNum(addr) : `${ptrNum(addr)} /* ${n} var${n === 1 ? "" : "s"}, unterminated */`;
    if (w[0] === 0 && w[1] === 0) return `${ptrNum(addr)} /* ${n} var${n === 1 ? "" : "s"} */`;
  }
  return ptrNum(addr);
}

function execArgs(argvIndex: number) {
  return (c: ArgContext): string | undefined => {
    if (c.i === argvIndex) return stringArray(c.mem, u64(c.a, argvIndex), c.o);
    if (c.i === argvIndex + 1) {
      const p = u64(c.a, argvIndex + 1);
      return c.o.verbose ? stringArray(c.mem, p, c.o) : envCount(c.mem, p);
    }
    return undefined;
  };
}

// ---- clone3 ----

const CLONE_PIDFD = 0x1000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;
const CLONE_DETACHED = 0x400000;
/** The size of struct clone_args strace knows (up to cgroup), and its first version's. */
const CLONE_ARGS_SIZE = 88;
const CLONE_ARGS_MIN = 64;
const PAGE = 4096;

/** clone_flags as strace names them in clone3 (CLONE_DETACHED is not among them), then clone3's own. */
const clone3LowNames: NameTable = [...cloneFlagNames.filter(([b]) => b !== CLONE_DETACHED), [0x80, "CLONE_NEWTIME"]];
const clone3HighNames: NameTable = [[1, "CLONE_CLEAR_SIGHAND"], [2, "CLONE_INTO_CGROUP"]];

function clone3FlagsText(o: FormatOptions, lo: number, hi: number): string {
  const raw = hex64(lo, hi);
  if ((lo === 0 && hi === 0) || o.xlat === "raw") return raw;
  const parts: string[] = [];
  let restLo = lo;
  let restHi = hi;
  for (const [bit, name] of clone3LowNames) {
    if ((restLo & bit) >>> 0 === bit >>> 0) {
      parts.push(name);
      restLo = (restLo & ~bit) >>> 0;
    }
  }
  for (const [bit, name] of clone3HighNames) {
    if ((restHi & bit) === bit) {
      parts.push(name);
      restHi = (restHi & ~bit) >>> 0;
    }
  }
  if (parts.length === 0) return `${raw} /* CLONE_??? */`;
  if (restLo !== 0 || restHi !== 0) parts.push(hex64(restLo, restHi));
  const text = parts.join("|");
  if (o.xlat === "verbose") return `${raw} /* ${text} */`;
  return text;
}

function addr64(d: DataView, off: number): string {
  const lo = d.getUint32(off, true);
  const hi = d.getUint32(off + 4, true);
  return lo === 0 && hi === 0 ? "NULL" : hex64(lo, hi);
}

/** A field holding a user address that is a number only when representable (else never readable). */
function addrNum(d: DataView, off: number): number | null {
  const hi = d.getUint32(off + 4, true);
  return hi < 0x8000 ? hi * TWO32 + d.getUint32(off, true) : null;
}

function exitSignalText(o: FormatOptions, d: DataView): string {
  const lo = d.getUint32(32, true);
  const hi = d.getUint32(36, true);
  // strace names it as a signal only below INT_MAX, else prints the unsigned 64-bit number
  if (hi !== 0 || lo >= 0x7fffffff) return gu64Text(d, 32);
  const name = signalName(lo);
  if (!name.startsWith("SIG") || o.xlat === "raw") return String(lo);
  return o.xlat === "verbose" ? `${lo} /* ${name} */` : name;
}

/** The bytes past what strace decodes, when any is non-zero: ", /* bytes 88..95 *\/ "\x..."" or "???". */
function tailBytes(mem: PeekMemory, addr: number, size: number, o: FormatOptions): string | null {
  const end = Math.min(size, PAGE);
  if (end <= CLONE_ARGS_SIZE) return null;
  const len = end - CLONE_ARGS_SIZE;
  const b = mem.peek(addr + CLONE_ARGS_SIZE, len);
  if (!b) return "???";
  if (b.every((x) => x === 0)) return null;
  const shown = Math.min(len, o.strsize);
  return `/* bytes ${CLONE_ARGS_SIZE}..${end - 1} */ ${quoteBytes(b, shown, true)}${shown < len ? "..." : ""}`;
}

/** strace's print_array over the shared arrayText: -s elements unless -v. */
function elemsText(mem: PeekMemory, addr: number, nmemb: number, size: number, o: FormatOptions, show: (b: Uint8Array) => string): string {
  return arrayText(mem, addr, nmemb, size, o.verbose ? Infinity : o.strsize, show);
}

const intElem = (b: Uint8Array): string => String(dv(b).getInt32(0, true));
/** A uid_t/gid_t element: -1 as such, others unsigned. */
const idElem = (b: Uint8Array): string => {
  const v = dv(b).getUint32(0, true);
  return v === 0xffffffff ? "-1" : String(v);
};

/** NGROUPS_MAX: longer group lists are shown as their address. */
const NGROUPS_MAX = 65536;

function groupsText(mem: PeekMemory, addr: number, len: number, o: FormatOptions): string {
  if (len > NGROUPS_MAX) return ptrNum(addr);
  return elemsText(mem, addr, len, 4, o, idElem);
}

/** What the struct says at entry (without the closing brace). */
function cloneArgsEntry(d: DataView, fetched: number, o: FormatOptions, mem: PeekMemory): string {
  const flo = d.getUint32(0, true);
  const fhi = d.getUint32(4, true);
  const f: string[] = [`flags=${clone3FlagsText(o, flo, fhi)}`];
  if (flo & CLONE_PIDFD) f.push(`pidfd=${addr64(d, 8)}`);
  if (flo & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) f.push(`child_tid=${addr64(d, 16)}`);
  if (flo & CLONE_PARENT_SETTID) f.push(`parent_tid=${addr64(d, 24)}`);
  f.push(`exit_signal=${exitSignalText(o, d)}`, `stack=${addr64(d, 40)}`, `stack_size=${hex64(d.getUint32(48, true), d.getUint32(52, true))}`);
  if (flo & CLONE_SETTLS) f.push(`tls=${addr64(d, 56)}`);
  if (fetched > 64) {
    const setTidZero = d.getUint32(64, true) === 0 && d.getUint32(68, true) === 0;
    const sizeLo = d.getUint32(72, true);
    const sizeHi = d.getUint32(76, true);
    if (!setTidZero || sizeLo !== 0 || sizeHi !== 0) {
      const p = addrNum(d, 64);
      if (setTidZero || (sizeLo === 0 && sizeHi === 0) || sizeHi !== 0 || sizeLo > 32 || p === null) f.push(`set_tid=${addr64(d, 64)}`);
      else f.push(`set_tid=${elemsText(mem, p, sizeLo, 4, o, intElem)}`);
      f.push(`set_tid_size=${gu64Text(d, 72)}`);
    }
  }
  if (fetched > 80 && ((d.getUint32(80, true) | d.getUint32(84, true)) !== 0 || fhi & 2)) f.push(`cgroup=${gu64Text(d, 80)}`);
  return "{" + f.join(", ");
}

/** An int the call stored at a user address: [N], the address when unreadable, NULL. */
function storedInt(mem: PeekMemory, d: DataView, off: number, o: FormatOptions, asFd: boolean): string {
  const p = addrNum(d, off);
  if (p === 0) return "NULL";
  if (p === null) return addr64(d, off);
  const b = mem.peek(p, 4);
  if (!b) return ptrNum(p);
  const v = dv(b).getInt32(0, true);
  return `[${asFd ? fdText(v, o) : v}]`;
}

function clone3Arg(c: ArgContext): string | undefined {
  if (c.i !== 0) return undefined;
  const addr = u64(c.a, 0);
  const size = u64(c.a, 1);
  const fetched = Math.min(size, CLONE_ARGS_SIZE);
  if (fetched < CLONE_ARGS_MIN) return ptrText(c.a, 0);
  const b = c.mem.peek(addr, fetched);
  if (!b) return ptrText(c.a, 0);
  const full = new Uint8Array(CLONE_ARGS_SIZE);
  full.set(b);
  const d = dv(full);
  let s = cloneArgsEntry(d, fetched, c.o, c.mem);
  const tail = size > fetched ? tailBytes(c.mem, addr, size, c.o) : null;
  if (tail !== null) s += ", " + tail;
  s += "}";
  // What the call wrote: shown only after a success, and only for pidfd, parent_tid or a long struct.
  const flo = d.getUint32(0, true);
  if (!c.exited || c.result < 0 || !((flo & (CLONE_PIDFD | CLONE_PARENT_SETTID)) || size > fetched)) return s;
  const after = c.mem.peek(addr, fetched);
  if (!after) return `${s} => ${ptrNum(addr)}`;
  const now = new Uint8Array(CLONE_ARGS_SIZE);
  now.set(after);
  const dn = dv(now);
  const out: string[] = [];
  if (flo & CLONE_PIDFD) out.push(`pidfd=${storedInt(c.mem, dn, 8, c.o, true)}`);
  if (flo & CLONE_PARENT_SETTID) out.push(`parent_tid=${storedInt(c.mem, dn, 24, c.o, false)}`);
  if (size > fetched) {
    const t = tailBytes(c.mem, addr, size, c.o);
    if (t !== null) out.push(t);
  }
  return out.length === 0 ? s : `${s} => {${out.join(", ")}}`;
}

/** Does clone3's line show what the call wrote (so its struct is rendered at exit)? */
function clone3WritesBack(a: RawArgs, mem: PeekMemory | undefined): boolean {
  const size = u64(a, 1);
  if (size < CLONE_ARGS_MIN) return false;
  if (size > CLONE_ARGS_SIZE) return true;
  const b = mem?.peek(u64(a, 0), 8);
  return b ? (dv(b).getUint32(0, true) & (CLONE_PIDFD | CLONE_PARENT_SETTID)) !== 0 : false;
}

registerDecoders({
  args: {
    mlockall: flagArg(0, mlockallFlagNames, "MCL_???"),
    fallocate: flagArg(1, fallocateModeNames, "FALLOC_FL_???"),
    sync_file_range: flagArg(3, syncFileRangeFlagNames, "SYNC_FILE_RANGE_???"),
    close_range: (c) => {
      if (c.i < 2) return String(c.a.lo[c.i]! >>> 0);
      return flagWord(c.o, c.a.lo[2]!, closeRangeFlagNames, "CLOSE_RANGE_???");
    },
    mknod: mknodArgs(0),
    mknodat: mknodArgs(1),
    execve: execArgs(1),
    execveat: execArgs(2),
    clone3: clone3Arg,
    mincore: (c) => {
      if (c.i !== 2 || !c.exited) return undefined;
      // one byte per page of the range (its low bit: resident), as strace's print_array
      const len = u64(c.a, 1);
      const pages = Math.ceil(len / PAGE);
      return elemsText(c.mem, u64(c.a, 2), pages, 1, c.o, (b) => String(b[0]! & 1));
    },
    setgroups: (c) => {
      if (c.i !== 1) return undefined;
      // an address past user space is never readable: shown exactly, as strace shows it
      if (c.a.hi[1]! >>> 0 >= 0x8000 && (c.a.lo[0]! >>> 0) <= NGROUPS_MAX && c.a.lo[0] !== 0) return ptrText(c.a, 1);
      return groupsText(c.mem, u64(c.a, 1), c.a.lo[0]! >>> 0, c.o);
    },
    getgroups: (c) => {
      if (c.i !== 1 || !c.exited) return undefined;
      if (c.result < 0 || (c.a.hi[1]! >>> 0 >= 0x8000 && c.result > 0)) return ptrText(c.a, 1);
      return groupsText(c.mem, u64(c.a, 1), c.result >>> 0, c.o);
    },
  },
  shownArgs: {
    mknod: mknodShown(0),
    mknodat: mknodShown(1),
  },
  exitArgs: {
    mincore: (i) => (i === 2 ? true : undefined),
    getgroups: (i) => (i === 1 ? true : undefined),
    // clone3's struct is shown whole when the call returns (with what it wrote, after " => ")
    clone3: (i, a, mem) => (i === 0 ? clone3WritesBack(a, mem) : undefined),
  },
});
