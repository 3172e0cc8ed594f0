/**
 * strace's text format, decoded from the syscall signatures (src/abi/signatures.ts). Entry-time
 * arguments (what the call reads) are rendered when the call enters; exit-time ones (what it
 * writes) when it returns. Guest memory is only read through the non-faulting `peek`.
 */
import { signatureOf, coreFlagTables, type ArgSig, type NameTable, type SyscallSignature } from "../abi/signatures.js";
import { syscallNames } from "../abi/syscalls.js";
import { errnoName, errnoMessage } from "../abi/errno.js";
import { openFlagNames, accessModeNames, atFlagNames, accessModeBitNames, fcntlCmdNames, seekWhenceNames, fileTypeNames, StatLayout, renameFlagNames } from "../abi/fcntl.js";
import { protNames, mapTypeNames, mapFlagNames, mremapFlagNames, msyncFlagNames, madviseNames } from "../abi/mman.js";
import { signalName, saFlagNames } from "../abi/signals.js";
import { ioctlNames } from "../abi/ioctl.js";

const TWO32 = 4294967296;

/** What the formatter needs from a process's memory. */
export interface PeekMemory {
  peek(addr: number, len: number): Uint8Array | null;
}

/** The six raw argument registers as 32-bit halves. */
export interface RawArgs {
  lo: Int32Array;
  hi: Int32Array;
}

export interface FormatOptions {
  /** -s: longest string shown before "...". */
  strsize: number;
  /** -v: show structures in full (currently only affects nothing; kept for the option). */
  verbose: boolean;
}

/** Exact decimal of a 64-bit register (numbers above 2^53 go through BigInt; never on a hot path). */
function u64Text(a: RawArgs, i: number): string {
  const h = a.hi[i]! >>> 0;
  if (h < 0x200000) return String(h * TWO32 + (a.lo[i]! >>> 0));
  return ((BigInt(h) << 32n) | BigInt(a.lo[i]! >>> 0)).toString();
}
function s64Text(a: RawArgs, i: number): string {
  const h = a.hi[i]!;
  if (h >= -0x200000 && h < 0x200000) return String(h * TWO32 + (a.lo[i]! >>> 0));
  return BigInt.asIntN(64, (BigInt(h >>> 0) << 32n) | BigInt(a.lo[i]! >>> 0)).toString();
}
function u64(a: RawArgs, i: number): number {
  return (a.hi[i]! >>> 0) * TWO32 + (a.lo[i]! >>> 0);
}
function s64(a: RawArgs, i: number): number {
  return a.hi[i]! * TWO32 + (a.lo[i]! >>> 0);
}
export function hex64(lo: number, hi: number): string {
  const h = hi >>> 0;
  if (h === 0 && lo === 0) return "0";
  if (h === 0) return "0x" + (lo >>> 0).toString(16);
  return "0x" + h.toString(16) + (lo >>> 0).toString(16).padStart(8, "0");
}
function ptrText(a: RawArgs, i: number): string {
  if (a.lo[i] === 0 && a.hi[i] === 0) return "NULL";
  return hex64(a.lo[i]!, a.hi[i]!);
}
function ptrNum(p: number): string {
  return p === 0 ? "NULL" : "0x" + p.toString(16);
}

// ---- strings ----

function isDigit07(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x37;
}

/** Quote bytes the way strace does without -x: C escapes, octal for the rest. */
export function quoteBytes(b: Uint8Array, n: number, forceHex = false): string {
  let s = '"';
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (forceHex) {
      s += "\\x" + c.toString(16).padStart(2, "0");
      continue;
    }
    switch (c) {
      case 0x22: s += '\\"'; continue;
      case 0x5c: s += "\\\\"; continue;
      case 0x0c: s += "\\f"; continue;
      case 0x0a: s += "\\n"; continue;
      case 0x0d: s += "\\r"; continue;
      case 0x09: s += "\\t"; continue;
      case 0x0b: s += "\\v"; continue;
    }
    if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else if (i + 1 < n && isDigit07(b[i + 1])) s += "\\" + c.toString(8).padStart(3, "0");
    else s += "\\" + c.toString(8);
  }
  return s + '"';
}

/** A buffer of `len` bytes at `addr`, at most `max` shown. */
function bufText(mem: PeekMemory, addr: number, len: number, max: number, forceHex = false): string {
  if (addr === 0) return "NULL";
  if (len <= 0) return '""';
  const n = Math.min(len, max);
  const b = mem.peek(addr, n);
  if (!b) return ptrNum(addr);
  return quoteBytes(b, n, forceHex) + (len > max ? "..." : "");
}

/** A NUL-terminated string, at most `max` bytes shown ("..." when longer). */
function cstrText(mem: PeekMemory, addr: number, max: number): string {
  if (addr === 0) return "NULL";
  const chunk: number[] = [];
  let a = addr;
  while (chunk.length <= max) {
    const pageLeft = 4096 - (a % 4096);
    const want = Math.min(pageLeft, max + 1 - chunk.length);
    const b = mem.peek(a, want);
    if (!b) {
      if (chunk.length === 0) return ptrNum(addr);
      break;
    }
    const z = b.indexOf(0);
    if (z >= 0) {
      for (let i = 0; i < z; i++) chunk.push(b[i]!);
      return quoteBytes(Uint8Array.from(chunk), chunk.length);
    }
    for (const x of b) chunk.push(x);
    a += want;
  }
  const bytes = Uint8Array.from(chunk.slice(0, max));
  return quoteBytes(bytes, bytes.length) + "...";
}

function readU64(mem: PeekMemory, addr: number): number | null {
  const b = mem.peek(addr, 8);
  if (!b) return null;
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getUint32(4, true) * TWO32 + dv.getUint32(0, true);
}

function stringArray(mem: PeekMemory, addr: number, max: number): string {
  if (addr === 0) return "NULL";
  const parts: string[] = [];
  for (let i = 0; ; i++) {
    const p = readU64(mem, addr + i * 8);
    if (p === null) return ptrNum(addr);
    if (p === 0) break;
    parts.push(cstrText(mem, p, max));
  }
  return "[" + parts.join(", ") + "]";
}

// ---- flag tables ----

function tableOf(name: string): NameTable | undefined {
  switch (name) {
    case "prot": return protNames;
    case "at_flags": return atFlagsTrace;
    case "mremap_flags": return mremapFlagNames;
    case "msync_flags": return msyncFlagNames;
    case "sa_flags": return saFlagNames;
    case "rename_flags": return renameFlagNames;
  }
  return coreFlagTables[name];
}

// strace names bits it cannot decode with a comment: 0x8000 followed by O_??? in C comment marks.
function unknownBits(rest: number, names: NameTable): string {
  const first = names.find(([b]) => b !== 0)?.[1] ?? "";
  const us = first.indexOf("_");
  const prefix = first === "R_OK" ? "?_OK" : first === "RENAME_NOREPLACE" ? "RENAME_??" : us > 0 ? first.slice(0, us) + "_???" : "???";
  return `0x${rest.toString(16)} /* ${prefix} */`;
}

function flagsText(v: number, names: NameTable, zero = "0", comment = true): string {
  v = v >>> 0;
  if (v === 0) {
    for (const [bit, n] of names) if (bit === 0) return n;
    return zero;
  }
  const parts: string[] = [];
  let rest = v;
  for (const [bit, n] of names) {
    if (bit !== 0 && (rest & bit) === bit) {
      parts.push(n);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) {
    if (parts.length === 0 && comment) return unknownBits(rest, names);
    parts.push("0x" + rest.toString(16));
  }
  return parts.join("|");
}

/** at_flags as strace knows them (no AT_STATX_* sync bits). */
const atFlagsTrace: NameTable = atFlagNames.filter(([b]) => b !== 0x2000 && b !== 0x4000);

function openFlagsText(v: number): string {
  v = v >>> 0;
  let s = accessModeNames[v & 3]!;
  const rest = (v & ~3) >>> 0;
  if (rest !== 0) s += "|" + flagsText(rest, openFlagNames, "0", false);
  return s;
}

function mapFlagsText(v: number): string {
  const type = v & 0xf;
  let s = "";
  for (const [b, n] of mapTypeNames) if (b === type) s = n;
  if (type === 0) s = "MAP_FILE";
  if (!s) s = "0x" + type.toString(16);
  const rest = (v & ~0xf) >>> 0;
  if (rest !== 0) s += "|" + flagsText(rest, mapFlagNames);
  return s;
}

function enumText(table: string | undefined, v: number): string {
  switch (table) {
    case "seek_whence": if (seekWhenceNames[v]) return seekWhenceNames[v]!; break;
    case "fcntl_cmd": return fcntlCmdNames[v] ?? `0x${(v >>> 0).toString(16)} /* F_??? */`;
    case "ioctl_cmd": return ioctlNames[v >>> 0] ?? "0x" + (v >>> 0).toString(16);
    case "madvise": return madviseNames.get(v) ?? String(v);
  }
  const t = table ? coreFlagTables[table] : undefined;
  if (t) {
    for (const [b, n] of t) if (b === v) return n;
    // strace: the raw value in hex and a comment naming the family ("0x11 /* SEEK_??? */").
    const first = t[0]?.[1];
    if (first) return `${v < 0 ? v : "0x" + v.toString(16)} /* ${first.slice(0, first.indexOf("_") + 1)}??? */`;
  }
  if (table === "seek_whence") return `0x${v.toString(16)} /* SEEK_??? */`;
  return String(v);
}

/** strace's "%#03o": a leading 0, at least three characters (022, 0755, 000). */
export function modeText(v: number): string {
  const o = (v >>> 0).toString(8);
  return (o === "0" ? "0" : "0" + o).padStart(3, "0");
}

// ---- structs ----

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
function g64(d: DataView, o: number): number {
  return d.getUint32(o + 4, true) * TWO32 + d.getUint32(o, true);
}
function gs64(d: DataView, o: number): number {
  return d.getInt32(o + 4, true) * TWO32 + d.getUint32(o, true);
}

function statModeText(mode: number): string {
  const type = fileTypeNames[mode & 0o170000];
  let s = type ?? "";
  if (mode & 0o4000) s += (s ? "|" : "") + "S_ISUID";
  if (mode & 0o2000) s += (s ? "|" : "") + "S_ISGID";
  if (mode & 0o1000) s += (s ? "|" : "") + "S_ISVTX";
  const p = modeText(mode & 0o777);
  return s ? `${s}|${p}` : p;
}

function makedevText(d: DataView, o: number): string {
  const lo = d.getUint32(o, true);
  const hi = d.getUint32(o + 4, true);
  const major = ((lo >>> 8) & 0xfff) | (hi & 0xfffff000);
  const minor = (lo & 0xff) | ((lo >>> 12) & 0xfffff00);
  return `makedev(0x${(major >>> 0).toString(16)}, 0x${(minor >>> 0).toString(16)})`;
}

function rlimText(v: number, lo: number, hi: number): string {
  if ((lo | 0) === -1 && (hi | 0) === -1) return "RLIM64_INFINITY";
  if (v !== 0 && v % 1024 === 0) return `${v / 1024}*1024`;
  return String(v);
}

function sigsetText(b: Uint8Array, bytes: number): string {
  const d = dv(b);
  const bits: number[] = [];
  const nsig = bytes * 8;
  for (let s = 1; s <= nsig; s++) {
    const w = d.getUint32(((s - 1) >> 5) * 4, true);
    if ((w >>> ((s - 1) & 31)) & 1) bits.push(s);
  }
  const name = (s: number) => signalName(s).replace(/^SIG/, "");
  if (bits.length * 2 > nsig) {
    const missing: number[] = [];
    for (let s = 1; s <= nsig; s++) if (!bits.includes(s)) missing.push(s);
    return "~[" + missing.map(name).join(" ") + "]";
  }
  return "[" + bits.map(name).join(" ") + "]";
}

function structText(name: string, mem: PeekMemory, addr: number, o: FormatOptions, extra: number): string {
  if (addr === 0) return "NULL";
  const size = structSize(name);
  if (size === 0) return ptrNum(addr);
  const b = mem.peek(addr, size);
  if (!b) return ptrNum(addr);
  const d = dv(b);
  switch (name) {
    case "stat": {
      const mode = d.getUint32(StatLayout.mode, true);
      const t = mode & 0o170000;
      if (t === 0o020000 || t === 0o060000) return `{st_mode=${statModeText(mode)}, st_rdev=${makedevText(d, StatLayout.rdev)}, ...}`;
      return `{st_mode=${statModeText(mode)}, st_size=${gs64(d, StatLayout.sizeField)}, ...}`;
    }
    case "timespec":
      return `{tv_sec=${gs64(d, 0)}, tv_nsec=${gs64(d, 8)}}`;
    case "timeval":
      return `{tv_sec=${gs64(d, 0)}, tv_usec=${gs64(d, 8)}}`;
    case "tms":
      return `{tms_utime=${gs64(d, 0)}, tms_stime=${gs64(d, 8)}, tms_cutime=${gs64(d, 16)}, tms_cstime=${gs64(d, 24)}}`;
    case "rusage":
      return `{ru_utime={tv_sec=${gs64(d, 0)}, tv_usec=${gs64(d, 8)}}, ru_stime={tv_sec=${gs64(d, 16)}, tv_usec=${gs64(d, 24)}}, ...}`;
    case "rlimit":
      return `{rlim_cur=${rlimText(g64(d, 0), d.getInt32(0, true), d.getInt32(4, true))}, rlim_max=${rlimText(g64(d, 8), d.getInt32(8, true), d.getInt32(12, true))}}`;
    case "utsname": {
      const field = (i: number) => {
        const f = b.subarray(i * 65, i * 65 + 65);
        let z = f.indexOf(0);
        if (z < 0) z = 65;
        return quoteBytes(f, Math.min(z, o.strsize)) + (z > o.strsize ? "..." : "");
      };
      return `{sysname=${field(0)}, nodename=${field(1)}, ...}`;
    }
    case "sigaction": {
      const h = g64(d, 0);
      const handler = h === 0 ? "SIG_DFL" : h === 1 ? "SIG_IGN" : "0x" + h.toString(16);
      const flags = d.getUint32(8, true);
      const restorer = g64(d, 16);
      const mask = sigsetText(b.subarray(24, 32), extra > 0 && extra <= 8 ? extra : 8);
      let s = `{sa_handler=${handler}, sa_mask=${mask}, sa_flags=${flagsText(flags, saFlagNames)}`;
      if (flags & 0x04000000) s += `, sa_restorer=${ptrNum(restorer)}`;
      return s + "}";
    }
  }
  return ptrNum(addr);
}

function structSize(name: string): number {
  switch (name) {
    case "stat": return StatLayout.size;
    case "timespec": case "timeval": case "rlimit": return 16;
    case "utsname": return 65 * 6;
    case "sigaction": return 32;
    case "rusage": return 144;
    case "tms": return 32;
  }
  return 0;
}

function iovecText(mem: PeekMemory, addr: number, count: number, o: FormatOptions, dataLimit: number): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, count * 16);
  if (!b) return ptrNum(addr);
  const d = dv(b);
  const parts: string[] = [];
  let left = dataLimit;
  for (let i = 0; i < count; i++) {
    const base = g64(d, i * 16);
    const len = g64(d, i * 16 + 8);
    if (dataLimit < 0) {
      parts.push(`{iov_base=${ptrNum(base)}, iov_len=${len}}`);
      continue;
    }
    const show = Math.max(0, Math.min(len, left));
    left -= show;
    parts.push(`{iov_base=${bufText(mem, base, show, o.strsize)}, iov_len=${len}}`);
  }
  return "[" + parts.join(", ") + "]";
}

// ---- arguments ----

/** Is argument i of this call shown at exit (data the call writes)? */
function atExit(s: SyscallSignature, a: ArgSig, i: number, raw: RawArgs): boolean {
  if (a.dir === "out" || a.dir === "inout") return true;
  switch (s.name) {
    case "prctl":
      return i === 1 && raw.lo[0] === 16;
    case "arch_prctl":
      return i === 1 && (raw.lo[0] === 0x1003 || raw.lo[0] === 0x1004);
    case "ioctl":
      return i === 2;
  }
  return false;
}

function argText(s: SyscallSignature, i: number, a: RawArgs, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string {
  const sig = s.args[i]!;
  const lo = a.lo[i]!;
  const special = specialArg(s, i, a, mem, o, result, exited);
  if (special !== undefined) return special;
  if (sig.dir !== "in" && exited && result < 0 && s.ret !== "ptr") {
    if (sig.kind === "array" && sig.struct === "iovec") return iovecText(mem, u64(a, i), u64(a, sig.lenArg!), o, -1);
    // The call failed: the output area holds nothing meaningful.
    if (sig.kind === "buf_out" || sig.kind === "struct" || sig.kind === "array" || sig.kind === "sigset" || sig.kind === "int_ptr" || sig.kind === "u64_ptr") return ptrText(a, i);
  }
  switch (sig.kind) {
    case "int": case "pid": case "fd": case "signal_num" as never:
      return String(lo | 0);
    case "uid": case "gid":
      return (lo | 0) === -1 ? "-1" : String(lo >>> 0);
    case "uint":
      return String(lo >>> 0);
    case "long": case "ssize": case "off":
      return s64Text(a, i);
    case "ulong": case "size":
      return u64Text(a, i);
    case "hex":
      return hex64(a.lo[i]!, a.hi[i]!);
    case "ptr":
      return ptrText(a, i);
    case "dirfd":
      return (lo | 0) === -100 ? "AT_FDCWD" : String(lo | 0);
    case "path":
      return cstrText(mem, u64(a, i), 4095);
    case "string":
      return cstrText(mem, u64(a, i), o.strsize);
    case "buf_in":
      return bufText(mem, u64(a, i), u64(a, sig.lenArg!), o.strsize);
    case "buf_out": {
      if (result < 0) return ptrText(a, i);
      const forceHex = s.name === "getrandom";
      if (s.name === "getcwd") return cstrText(mem, u64(a, i), 4095);
      return bufText(mem, u64(a, i), result, o.strsize, forceHex);
    }
    case "flags": {
      const t = sig.table!;
      if (t === "open_flags") return openFlagsText(lo);
      if (t === "map_flags") return mapFlagsText(lo);
      if (t === "access_mode") return lo === 0 ? "F_OK" : flagsText(lo, accessModeBitNames);
      if (t === "prot") return flagsText(lo, protNames, "PROT_NONE");
      const names = tableOf(t);
      return names ? flagsText(lo, names) : "0x" + (lo >>> 0).toString(16);
    }
    case "enum":
      return enumText(sig.table, lo | 0);
    case "mode":
      return modeText(lo);
    case "signal":
      return signalName(lo | 0);
    case "clockid":
      return enumText("clockid", lo | 0);
    case "sigset": {
      const p = u64(a, i);
      if (p === 0) return "NULL";
      const n = u64(a, sig.lenArg!);
      // The kernel's sigset is 8 bytes; strace shows any other size as the bare pointer.
      const b = n === 8 ? mem.peek(p, n) : null;
      return b ? sigsetText(b, n) : ptrNum(p);
    }
    case "struct":
      return structText(sig.struct!, mem, u64(a, i), o, s.name === "rt_sigaction" ? u64(a, 3) : 0);
    case "array":
      if (sig.struct === "iovec") {
        const count = lo | 0;
        const limit = sig.dir === "in" ? Infinity : result;
        return iovecText(mem, u64(a, i), u64(a, sig.lenArg!), o, limit) + (count < 0 ? "" : "");
      }
      return ptrText(a, i);
    case "strings":
      return stringArray(mem, u64(a, i), o.strsize);
    case "int_ptr": {
      const p = u64(a, i);
      if (p === 0) return "NULL";
      if (!exited && sig.dir === "out") return ptrNum(p);
      const b = mem.peek(p, 4);
      return b ? `[${dv(b).getInt32(0, true)}]` : ptrNum(p);
    }
    case "u64_ptr": {
      const p = u64(a, i);
      if (p === 0) return "NULL";
      const v = readU64(mem, p);
      return v === null ? ptrNum(p) : `[${v}]`;
    }
  }
  return ptrText(a, i);
}

const FCNTL_NOARG = new Set([1, 3, 9, 11, 1025, 1032, 1034]);
const fdFlagNames: NameTable = [[1, "FD_CLOEXEC"]];

/** Arguments whose shape depends on another argument (fcntl, ioctl, prctl, pipe...). */
function specialArg(s: SyscallSignature, i: number, a: RawArgs, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string | undefined {
  const ok = exited && result >= 0;
  switch (s.name) {
    case "fcntl":
      if (i === 2) {
        const cmd = a.lo[1]!;
        if (cmd === 2) return flagsText(a.lo[2]!, fdFlagNames);
        if (cmd === 4) return openFlagsText(a.lo[2]!);
        if (cmd === 0 || cmd === 1030) return String(a.lo[2]! >>> 0);
        if (cmd === 1031 || cmd === 8 || cmd === 10 || cmd === 1024) return String(a.lo[2]! | 0);
      }
      return undefined;
    case "nanosleep":
    case "clock_nanosleep":
      // The remaining time is only written when a signal interrupted the sleep.
      if (i === s.args.length - 1 && !(exited && result === -4)) return ptrText(a, i);
      return undefined;
    case "getdents":
    case "getdents64":
      if (i === 1) {
        if (!ok) return ptrText(a, 1);
        let n = 0;
        const b = mem.peek(u64(a, 1), result);
        if (b) for (let off = 0; off + 18 < result; n++) {
          const reclen = b[off + 16]! | (b[off + 17]! << 8);
          if (reclen === 0) break;
          off += reclen;
        }
        return `${ptrText(a, 1)} /* ${n} entries */`;
      }
      return undefined;
    case "dup3":
      if (i === 2) return flagsText(a.lo[2]!, openFlagNames);
      return undefined;
    case "get_robust_list":
      if (i === 1 && ok) {
        const v = readU64(mem, u64(a, 1));
        return v === null ? ptrText(a, 1) : `[${ptrNum(v)}]`;
      }
      return undefined;
    case "pipe":
    case "pipe2":
      if (i === 0) {
        const p = u64(a, 0);
        if (!ok) return ptrNum(p);
        const b = mem.peek(p, 8);
        return b ? `[${dv(b).getInt32(0, true)}, ${dv(b).getInt32(4, true)}]` : ptrNum(p);
      }
      if (i === 1) return flagsText(a.lo[1]!, openFlagNames);
      return undefined;
    case "ioctl":
      if (i === 2) {
        const cmd = a.lo[1]! >>> 0;
        if (cmd === 0x541b && ok) {
          const b = mem.peek(u64(a, 2), 4);
          if (b) return `[${dv(b).getInt32(0, true)}]`;
        }
        return ptrText(a, 2);
      }
      return undefined;
    case "arch_prctl":
      if (i === 1 && (a.lo[0] === 0x1003 || a.lo[0] === 0x1004)) {
        const p = u64(a, 1);
        if (!ok) return ptrNum(p);
        const v = readU64(mem, p);
        return v === null ? ptrNum(p) : `[${ptrNum(v)}]`;
      }
      return undefined;
    case "prctl":
      if (i === 1 && (a.lo[0] === 15 || a.lo[0] === 16)) {
        if (a.lo[0] === 16 && !ok) return ptrText(a, 1);
        return cstrText(mem, u64(a, 1), Math.min(o.strsize, 15));
      }
      return undefined;
  }
  return undefined;
}

/** Per-call exceptions to "print every argument" (strace hides some). */
function visibleArgs(s: SyscallSignature, a: RawArgs): number {
  const n = s.args.length;
  switch (s.name) {
    case "open":
    case "openat": {
      const fi = s.name === "open" ? 1 : 2;
      const flags = a.lo[fi]! >>> 0;
      if ((flags & 0o100) === 0 && (flags & 0o20000000) === 0) return fi + 1;
      return n;
    }
    case "rt_sigreturn":
      return 0;
    case "fcntl":
      return FCNTL_NOARG.has(a.lo[1]!) ? 2 : 3;
    case "mremap":
      return (a.lo[3]! & 3) === 3 ? 5 : 4;
    case "prctl":
      if (a.lo[0] === 15 || a.lo[0] === 16) return 2;
      return n;
  }
  return n;
}

/** A call in flight: its entry text and what exit needs. */
export class CallRecord {
  readonly args: RawArgs = { lo: new Int32Array(6), hi: new Int32Array(6) };
  sig!: SyscallSignature;
  /** Arguments rendered at entry (undefined for those rendered at exit). */
  readonly enterText: (string | undefined)[] = [];
  nargs = 0;
  enterNs = 0;
}

export function recordEnter(rec: CallRecord, nr: number, lo: (i: number) => number, hi: (i: number) => number, mem: PeekMemory, o: FormatOptions): void {
  for (let i = 0; i < 6; i++) {
    rec.args.lo[i] = lo(i);
    rec.args.hi[i] = hi(i);
  }
  const s = signatureOf(nr, syscallNames[nr]);
  rec.sig = s;
  rec.nargs = visibleArgs(s, rec.args);
  rec.enterText.length = 0;
  for (let i = 0; i < rec.nargs; i++) rec.enterText.push(atExit(s, s.args[i]!, i, rec.args) ? undefined : argText(s, i, rec.args, mem, o, 0, false));
}

/** The "name(args" part, completing exit-time arguments. */
export function callText(rec: CallRecord, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < rec.nargs; i++) {
    const t = rec.enterText[i];
    parts.push(t !== undefined ? t : exited ? argText(rec.sig, i, rec.args, mem, o, result, true) : ptrText(rec.args, i));
  }
  return `${rec.sig.name}(${parts.join(", ")}`;
}

/** The text after "= ". */
export function resultText(s: SyscallSignature, result: number, errno: number, rec?: CallRecord): string {
  if (errno !== 0) return `-1 ${errnoName[errno] ?? "E" + errno} (${errnoMessage[errno] ?? "Unknown error " + errno})`;
  if (s.name === "fcntl" && rec) {
    const cmd = rec.args.lo[1]!;
    if (cmd === 1 && result !== 0) return `0x${result.toString(16)} (flags ${flagsText(result, fdFlagNames)})`;
    if (cmd === 3) return `${result === 0 ? "0" : "0x" + result.toString(16)} (flags ${openFlagsText(result)})`;
  }
  switch (s.ret) {
    case "hex":
    case "ptr":
      return "0x" + (result < 0 ? result + 2 ** 64 : result).toString(16);
    case "octal":
      return modeText(result);
  }
  return String(result);
}

/** "call) " padded to column 40, then "= result". */
export function alignResult(call: string, result: string): string {
  let s = call + ") ";
  if (s.length < 40) s = s.padEnd(40, " ");
  return s + "= " + result;
}

export { ptrNum };

/**
 * The call's visible arguments one by one (what callText joins), for --json, --arg-names and the
 * timeline. Exit-time arguments are rendered only when the call returned.
 */
export function argumentTexts(rec: CallRecord, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string[] {
  const parts: string[] = [];
  for (let i = 0; i < rec.nargs; i++) {
    const t = rec.enterText[i];
    parts.push(t !== undefined ? t : exited ? argText(rec.sig, i, rec.args, mem, o, result, true) : ptrText(rec.args, i));
  }
  return parts;
}
