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
import { pollfdsText, pollResultSuffix, epollEventText, epollEventsText, sockaddrText } from "./structs-net.js";
import { epollOpNames } from "../abi/trace-tables.js";
import { argDecoders, resultDecoders, exitArgs, shownArgs, hexResults, namedFds } from "./decoders.js";
import "./decoders-all.js";
import { cloneFlagNames, wait4OptionNames, waitidOptionNames, idtypeNames, statxFlagNames, statxMaskNames, iocDirNames } from "../abi/trace-tables.js";

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
  /** -y (1) / -yy (2): descriptors with their paths, `3</etc/passwd>`. */
  decorate?: number;
  /** -e decode-fds=SET: which decorations (DecodeFd bits); unset: what -y / -yy mean. */
  decodeFds?: number;
  /** The path of a descriptor of the traced task (set by the tracer for each call). */
  fdPath?: ((fd: number) => string | null) | undefined;
  /** Is the file behind a descriptor unlinked (its path then ends in " (deleted)")? */
  fdDeleted?: ((fd: number) => boolean) | undefined;
  /** -x (1), -xx (2), --strings-in-hex=non-ascii-chars (3): strings in hex. */
  xstrings?: number;
  /** -X: constants as names (abbrev, the default), raw numbers, or both (verbose). */
  xlat?: "abbrev" | "raw" | "verbose";
  /** -e raw=SET: calls whose arguments are all shown as raw hex numbers. */
  raw?: boolean[];
  /** -e verbose=SET: false for a call whose structures show as their addresses. */
  structs?: boolean;
  /** -N / --arg-names: `name=value` for each argument (sysgate's own). */
  argNames?: boolean;
  /** The traced task's rsp at the call's entry (rt_sigreturn's frame; set by the tracer). */
  sp?: number;
  /** -Y: the command name of a live process or thread, null if none (set by the tracer). */
  pidComm?: ((pid: number) => string | null) | undefined;
}

/** A descriptor with -y: "3</path>", the path escaped as strace does, "(deleted)" after it. */
export function fdText(fd: number, o: FormatOptions): string {
  if (!o.decorate || fd < 0 || !o.fdPath) return String(fd);
  const p = o.fdPath(fd);
  if (p === null) return String(fd);
  return `${fd}${decoratedPath(p, o.fdDeleted ? o.fdDeleted(fd) : p.endsWith(" (deleted)"), o.decorate)}`;
}

/**
 * "<path>" for -y: a file's path (a binary string, one char per byte) quoted without its quotes
 * and with < and > escaped; a deleted file loses the kernel's " (deleted)" suffix to a
 * "(deleted)" after the brackets; -yy's "<char 1:3>" device suffix stays as it is.
 */
export function decoratedPath(p: string, deleted: boolean, level = 1): string {
  let dev = "";
  if (level >= 2) {
    const m = /<(char|block) \d+:\d+>$/.exec(p);
    if (m) {
      dev = m[0];
      p = p.slice(0, m.index);
    }
  }
  const gone = deleted && p.endsWith(" (deleted)");
  if (gone) p = p.slice(0, -10);
  if (p.startsWith("/")) {
    const b = new Uint8Array(p.length);
    for (let i = 0; i < p.length; i++) b[i] = p.charCodeAt(i) & 0xff;
    p = quoteInner(b, b.length, stringStyle, "<>");
  }
  return `<${p}${dev}>${gone ? "(deleted)" : ""}`;
}

/** -X raw / verbose for a named constant or flag set whose numeric value is v. */
export function xlatText(o: FormatOptions, v: number, text: string): string {
  const x = o.xlat;
  if (x === undefined || x === "abbrev") return text;
  const num = v === 0 ? "0" : v < 0 ? String(v) : "0x" + (v >>> 0).toString(16);
  if (x === "raw") return num;
  if (/^(-?\d|0x)/.test(text)) return text;
  return `${num} /* ${text} */`;
}

/** Exact decimal of a 64-bit register (numbers above 2^53 go through BigInt; never on a hot path). */
export function u64Text(a: RawArgs, i: number): string {
  const h = a.hi[i]! >>> 0;
  if (h < 0x200000) return String(h * TWO32 + (a.lo[i]! >>> 0));
  return ((BigInt(h) << 32n) | BigInt(a.lo[i]! >>> 0)).toString();
}
export function s64Text(a: RawArgs, i: number): string {
  const h = a.hi[i]!;
  if (h >= -0x200000 && h < 0x200000) return String(h * TWO32 + (a.lo[i]! >>> 0));
  return BigInt.asIntN(64, (BigInt(h >>> 0) << 32n) | BigInt(a.lo[i]! >>> 0)).toString();
}
export function u64(a: RawArgs, i: number): number {
  return (a.hi[i]! >>> 0) * TWO32 + (a.lo[i]! >>> 0);
}
export function s64(a: RawArgs, i: number): number {
  return a.hi[i]! * TWO32 + (a.lo[i]! >>> 0);
}
export function hex64(lo: number, hi: number): string {
  const h = hi >>> 0;
  if (h === 0 && lo === 0) return "0";
  if (h === 0) return "0x" + (lo >>> 0).toString(16);
  return "0x" + h.toString(16) + (lo >>> 0).toString(16).padStart(8, "0");
}
export function ptrText(a: RawArgs, i: number): string {
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

/**
 * -x / -xx / --strings-in-hex: 0 none, 1 non-ascii (a string with any non-printable byte goes all
 * hex), 2 all (every string in hex), 3 non-ascii-chars (only those bytes as \xNN). Set from
 * FormatOptions.xstrings whenever a call is rendered.
 */
let stringStyle = 0;
export function setStringStyle(style: number | undefined): void {
  stringStyle = style ?? 0;
}

/**
 * The inside of a quoted string as strace's string_quote writes it: C escapes, octal (or hex, by
 * `style`) for other unprintable bytes and for any byte in `escape` (-y's "<>").
 */
export function quoteInner(b: Uint8Array, n: number, style = stringStyle, escape = ""): string {
  let hexAll = style === 2;
  if (style === 1) {
    for (let i = 0; i < n && !hexAll; i++) {
      const c = b[i]!;
      if (c > 0x7e || (c < 0x20 && (c < 9 || c > 13))) hexAll = true;
    }
  }
  let s = "";
  if (hexAll) {
    for (let i = 0; i < n; i++) s += "\\x" + b[i]!.toString(16).padStart(2, "0");
    return s;
  }
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    switch (c) {
      case 0x22: s += '\\"'; continue;
      case 0x5c: s += "\\\\"; continue;
      case 0x0c: s += "\\f"; continue;
      case 0x0a: s += "\\n"; continue;
      case 0x0d: s += "\\r"; continue;
      case 0x09: s += "\\t"; continue;
      case 0x0b: s += "\\v"; continue;
    }
    if (c >= 0x20 && c < 0x7f && (escape === "" || !escape.includes(String.fromCharCode(c)))) s += String.fromCharCode(c);
    else if (style === 3) s += "\\x" + c.toString(16).padStart(2, "0");
    else if (i + 1 < n && isDigit07(b[i + 1])) s += "\\" + c.toString(8).padStart(3, "0");
    else s += "\\" + c.toString(8);
  }
  return s;
}

/** Quote bytes the way strace does: in double quotes, escaped as -x says (forceHex: all hex). */
export function quoteBytes(b: Uint8Array, n: number, forceHex = false): string {
  return '"' + quoteInner(b, n, forceHex ? 2 : stringStyle) + '"';
}

/**
 * strace's print_array over `count` elements of `size` bytes at `addr`: each element is fetched
 * before it is printed; the first one unreadable makes the whole array its address, a later one
 * ends the list with `... /* its address *\/`; past `max` elements, "...".
 */
export function arrayText(
  mem: PeekMemory, addr: number, count: number, size: number, max: number,
  item: (b: Uint8Array, i: number) => string | null,
): string {
  if (addr === 0) return "NULL";
  if (count === 0) return "[]";
  if (count * size + addr >= 2 ** 64 || !Number.isFinite(count)) return ptrNum(addr);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = addr + i * size;
    const b = mem.peek(at, size);
    if (!b) {
      if (i === 0) return ptrNum(addr);
      parts.push(`... /* ${ptrNum(at)} */`);
      break;
    }
    if (i >= max) {
      parts.push("...");
      break;
    }
    const t = item(b, i);
    if (t === null) {
      parts.push("...");
      break;
    }
    parts.push(t);
  }
  return "[" + parts.join(", ") + "]";
}

/** A buffer of `len` bytes at `addr`, at most `max` shown. */
export function bufText(mem: PeekMemory, addr: number, len: number, max: number, forceHex = false): string {
  if (addr === 0) return "NULL";
  if (len <= 0) return '""';
  const n = Math.min(len, max);
  const b = mem.peek(addr, n);
  if (!b) return ptrNum(addr);
  return quoteBytes(b, n, forceHex) + (len > max ? "..." : "");
}

/** A NUL-terminated string, at most `max` bytes shown ("..." when longer). */
export function cstrText(mem: PeekMemory, addr: number, max: number): string {
  if (addr === 0) return "NULL";
  const chunk: number[] = [];
  let a = addr;
  while (chunk.length <= max) {
    const pageLeft = 4096 - (a % 4096);
    const want = Math.min(pageLeft, max + 1 - chunk.length);
    const b = mem.peek(a, want);
    // strace reads up to max+1 bytes: a fault before the NUL (or before max+1 bytes) shows the address.
    if (!b) return ptrNum(addr);
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

export function readU64(mem: PeekMemory, addr: number): number | null {
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
    if (i === max) {
      parts.push("...");
      break;
    }
    parts.push(cstrText(mem, p, max));
  }
  return "[" + parts.join(", ") + "]";
}

function countPointers(mem: PeekMemory, addr: number): number {
  if (addr === 0) return -1;
  for (let i = 0; i < 65536; i++) {
    const p = readU64(mem, addr + i * 8);
    if (p === null) return -1;
    if (p === 0) return i;
  }
  return -1;
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
    case "clone_flags": return cloneFlagNames;
    case "wait_options": return wait4OptionNames;
    case "waitid_options": return waitidOptionNames;
    case "idtype": return idtypeNames;
    case "statx_flags": return statxFlagNames;
    case "epoll_op": return epollOpNames;
    case "statx_mask": return statxMaskNames;
  }
  return coreFlagTables[name];
}

// strace names bits it cannot decode with a comment: 0x8000 followed by O_??? in C comment marks.
function unknownBits(rest: number, names: NameTable): string {
  const first = names.find(([b]) => b !== 0)?.[1] ?? "";
  const us = first.indexOf("_");
  const prefix = first === "R_OK" ? "?_OK" : first === "RENAME_NOREPLACE" ? "RENAME_??" : first === "WNOHANG" ? "W???" : us > 0 ? first.slice(0, us) + "_???" : "???";
  return `0x${rest.toString(16)} /* ${prefix} */`;
}

export function flagsText(v: number, names: NameTable, zero = "0", comment = true): string {
  v = v >>> 0;
  const parts: string[] = [];
  for (const [bit, n] of names) if (bit === 0) {
    if (v === 0) return n;
    parts.push(n); // a named zero leads the set (AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW)
  }
  if (v === 0) return zero;
  let rest = v;
  for (const [bit, n] of names) {
    if (bit !== 0 && ((rest & bit) >>> 0) === bit) {
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

export function openFlagsText(v: number): string {
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
    case "ioctl_cmd": return ioctlNames[v >>> 0] ?? iocText(v >>> 0);
    case "madvise": return madviseNames.get(v) ?? String(v);
  }
  const t = table ? coreFlagTables[table] ?? tableOf(table) : undefined;
  if (t) {
    for (const [b, n] of t) if (b === v) return n;
    // strace: the raw value in hex and a comment naming the family ("0x11 /* SEEK_??? */").
    const first = t[0]?.[1];
    if (first) return `${v < 0 ? v : "0x" + v.toString(16)} /* ${first.slice(0, first.indexOf("_") + 1)}??? */`;
  }
  if (table === "seek_whence") return `0x${v.toString(16)} /* SEEK_??? */`;
  return String(v);
}

/** An ioctl request nobody named: its _IOC() fields. */
function iocText(v: number): string {
  const h = (n: number) => (n === 0 ? "0" : "0x" + n.toString(16));
  return `_IOC(${iocDirNames[v >>> 30]}, ${h((v >>> 8) & 0xff)}, ${h(v & 0xff)}, ${h((v >>> 16) & 0x3fff)})`;
}

/** strace's "%#03o": a leading 0, at least three characters (022, 0755, 000). */
export function modeText(v: number): string {
  const o = (v >>> 0).toString(8);
  return (o === "0" ? "0" : "0" + o).padStart(3, "0");
}

// ---- structs ----

export function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
export function g64(d: DataView, o: number): number {
  return d.getUint32(o + 4, true) * TWO32 + d.getUint32(o, true);
}
/** Exact decimal of an unsigned 64-bit field (BigInt only above 2^53). */
function g64Text(d: DataView, o: number): string {
  const h = d.getUint32(o + 4, true);
  if (h < 0x200000) return String(h * TWO32 + d.getUint32(o, true));
  return ((BigInt(h) << 32n) | BigInt(d.getUint32(o, true))).toString();
}
/** Exact decimal of a signed / unsigned 64-bit field (BigInt only beyond 2^53). */
export function gs64Text(d: DataView, o: number): string {
  const h = d.getInt32(o + 4, true);
  if (h >= -0x200000 && h < 0x200000) return String(h * TWO32 + d.getUint32(o, true));
  return d.getBigInt64(o, true).toString();
}
export function gu64Text(d: DataView, o: number): string {
  const h = d.getUint32(o + 4, true);
  if (h < 0x200000) return String(h * TWO32 + d.getUint32(o, true));
  return d.getBigUint64(o, true).toString();
}
export function gs64(d: DataView, o: number): number {
  return d.getInt32(o + 4, true) * TWO32 + d.getUint32(o, true);
}

export function statModeNames(mode: number): string {
  const type = fileTypeNames[mode & 0o170000];
  let s = type ?? "";
  if (mode & 0o4000) s += (s ? "|" : "") + "S_ISUID";
  if (mode & 0o2000) s += (s ? "|" : "") + "S_ISGID";
  if (mode & 0o1000) s += (s ? "|" : "") + "S_ISVTX";
  const p = modeText(mode & 0o777);
  return s ? `${s}|${p}` : p;
}

/** strace's comment for a timestamp: 2026-11-26T20:47:33.222376476+0000 (UTC). */
export function isoTime(sec: number, ns: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${ns ? "." + p(ns, 9) : ""}+0000`;
}

function makedevText(d: DataView, o: number): string {
  const lo = d.getUint32(o, true);
  const hi = d.getUint32(o + 4, true);
  const major = ((lo >>> 8) & 0xfff) | (hi & 0xfffff000);
  const minor = (lo & 0xff) | ((lo >>> 12) & 0xfffff00);
  // strace prints both with %#x, which writes zero as a bare 0
  const h = (n: number) => (n === 0 ? "0" : "0x" + (n >>> 0).toString(16));
  return `makedev(${h(major)}, ${h(minor)})`;
}

/** A dev_t with -X: makedev(...) (abbrev), its number in hex (raw), or both (verbose). */
function devWithX(d: DataView, o: number, x: string): string {
  if (x === "abbrev") return makedevText(d, o);
  const v = hex64(d.getUint32(o, true), d.getUint32(o + 4, true));
  return x === "raw" ? v : `${v} /* ${makedevText(d, o)} */`;
}

function rlimNames(v: number, lo: number, hi: number): string {
  if ((lo | 0) === -1 && (hi | 0) === -1) return "RLIM64_INFINITY";
  if (v > 1024 && v % 1024 === 0) return `${v / 1024}*1024`;
  return String(v);
}

export function sigsetText(b: Uint8Array, bytes: number): string {
  const d = dv(b);
  const bits: number[] = [];
  // strace looks at whole 32-bit words and inverts the set once 2/3 of their bits are on
  const nsig = Math.ceil(Math.min(bytes, 8) / 4) * 32;
  for (let s = 1; s <= nsig; s++) {
    const w = d.getUint32(((s - 1) >> 5) * 4, true);
    if ((w >>> ((s - 1) & 31)) & 1) bits.push(s);
  }
  const name = (s: number) => signalName(s).replace(/^SIG/, "");
  if (bits.length >= Math.floor((nsig * 2) / 3)) {
    const missing: number[] = [];
    for (let s = 1; s <= nsig; s++) if (!bits.includes(s)) missing.push(s);
    return "~[" + missing.map(name).join(" ") + "]";
  }
  return "[" + bits.map(name).join(" ") + "]";
}

/** A wait(2) status word as strace spells it: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
export function waitStatusText(st: number): string {
  const low = st & 0x7f;
  let s: string;
  let rest: number;
  if (low === 0) {
    s = `{WIFEXITED(s) && WEXITSTATUS(s) == ${(st >> 8) & 0xff}}`;
    rest = st & ~0xffff;
  } else if (low === 0x7f) {
    const sig = (st >> 8) & 0xff;
    if (st === 0xffff) return "{WIFCONTINUED(s)}";
    s = `{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName(sig)}}`;
    rest = st & ~0xffff;
    if (rest !== 0) s += ` | 0x${(rest >>> 0).toString(16)}`;
    return s;
  } else {
    s = `{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(low)}${st & 0x80 ? " && WCOREDUMP(s)" : ""}}`;
    rest = st & ~0xff;
  }
  if (rest !== 0) s += ` | 0x${(rest >>> 0).toString(16)}`;
  return s;
}

export function structText(name: string, mem: PeekMemory, addr: number, o: FormatOptions, extra: number): string {
  const x = o.xlat ?? "abbrev";
  const statModeText = (m: number) => (x === "abbrev" ? statModeNames(m) : x === "raw" ? "0" + (m >>> 0).toString(8) : `0${(m >>> 0).toString(8)} /* ${statModeNames(m)} */`);
  const rlimText = (v: number, lo: number, hi: number) => {
    const named = rlimNames(v, lo, hi);
    const num = (lo | 0) === -1 && (hi | 0) === -1 ? "18446744073709551615" : String(v);
    return x === "abbrev" ? named : x === "raw" || named === num ? num : `${num} /* ${named} */`;
  };
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
      if (o.verbose) {
        const L = StatLayout;
        const dev = t === 0o020000 || t === 0o060000;
        const time = (off: number, noff: number, n: string) => {
          const sec = gs64(d, off);
          const ns = gs64(d, noff);
          return `st_${n}=${sec} /* ${isoTime(sec, ns)} */, st_${n}_nsec=${ns}`;
        };
        return `{st_dev=${devWithX(d, L.dev, x)}, st_ino=${g64(d, L.ino)}, st_mode=${statModeText(mode)}, st_nlink=${g64(d, L.nlink)}, st_uid=${d.getUint32(L.uid, true)}, st_gid=${d.getUint32(L.gid, true)}, st_blksize=${gs64(d, L.blksize)}, st_blocks=${gs64(d, L.blocks)}, ${dev ? `st_rdev=${devWithX(d, L.rdev, x)}` : `st_size=${gs64(d, L.sizeField)}`}, ${time(L.atime, L.atimeNsec, "atime")}, ${time(L.mtime, L.mtimeNsec, "mtime")}, ${time(L.ctime, L.ctimeNsec, "ctime")}}`;
      }
      if (t === 0o020000 || t === 0o060000) return `{st_mode=${statModeText(mode)}, st_rdev=${devWithX(d, StatLayout.rdev, x)}, ...}`;
      return `{st_mode=${statModeText(mode)}, st_size=${gs64(d, StatLayout.sizeField)}, ...}`;
    }
    case "timespec":
      return timespecText(d, 0);
    case "timeval":
      return timevalText(d, 0);
    case "tms":
      return `{tms_utime=${clockText(d, 0, x)}, tms_stime=${clockText(d, 8, x)}, tms_cutime=${clockText(d, 16, x)}, tms_cstime=${clockText(d, 24, x)}}`;
    case "rusage": {
      const times = `ru_utime=${timevalText(d, 0)}, ru_stime=${timevalText(d, 16)}`;
      if (!o.verbose) return `{${times}, ...}`;
      // -v: the fourteen counters after the two times, unsigned longs
      const names = ["maxrss", "ixrss", "idrss", "isrss", "minflt", "majflt", "nswap", "inblock", "oublock", "msgsnd", "msgrcv", "nsignals", "nvcsw", "nivcsw"];
      return `{${times}, ${names.map((n, k) => `ru_${n}=${gu64Text(d, 32 + 8 * k)}`).join(", ")}}`;
    }
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
    case "wait_status":
      return `[${waitStatusText(d.getInt32(0, true))}]`;
    case "sysinfo":
      return `{uptime=${gs64(d, 0)}, loads=[${g64(d, 8)}, ${g64(d, 16)}, ${g64(d, 24)}], totalram=${g64(d, 32)}, freeram=${g64(d, 40)}, sharedram=${g64(d, 48)}, bufferram=${g64(d, 56)}, totalswap=${g64(d, 64)}, freeswap=${g64(d, 72)}, procs=${d.getUint16(80, true)}, totalhigh=${g64(d, 88)}, freehigh=${g64(d, 96)}, mem_unit=${d.getUint32(104, true)}}`;
    case "statx": {
      const attrs = g64(d, 8);
      return `{stx_mask=${flagsText(d.getUint32(0, true), statxMaskNames)}, stx_attributes=${attrs === 0 ? "0" : "0x" + attrs.toString(16)}, stx_mode=${statModeText(d.getUint16(28, true))}, stx_size=${g64(d, 40)}, ...}`;
    }
    case "clone_args": {
      const flags = g64(d, 0);
      const f = flags >>> 0;
      let s = `{flags=${flagsText(f, cloneFlagNames)}`;
      if (f & 0x1000) s += `, pidfd=${ptrNum(g64(d, 8))}`;
      if (f & 0x1200000) s += `, child_tid=${ptrNum(g64(d, 16))}`;
      if (f & 0x100000) s += `, parent_tid=${ptrNum(g64(d, 24))}`;
      const sig = g64(d, 32);
      s += `, exit_signal=${sig === 0 ? "0" : signalName(sig)}, stack=${ptrNum(g64(d, 40))}, stack_size=${"0x" + g64(d, 48).toString(16)}`;
      if (f & 0x80000) s += `, tls=${ptrNum(g64(d, 56))}`;
      return s + "}";
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

/** A clock_t in ticks (100 per second): unsigned, with its seconds in a comment unless -X raw or 0. */
function clockText(d: DataView, off: number, x: string): string {
  const v = d.getBigUint64(off, true);
  if (x === "raw" || v === 0n) return v.toString();
  return `${v} /* ${v / 100n}.${String(v % 100n).padStart(2, "0")} s */`;
}

/** A timespec / timeval at offset o, as strace prints them: seconds signed, the fraction unsigned. */
export function timespecText(d: DataView, o: number): string {
  return `{tv_sec=${gs64Text(d, o)}, tv_nsec=${gu64Text(d, o + 8)}}`;
}
export function timevalText(d: DataView, o: number): string {
  return `{tv_sec=${gs64Text(d, o)}, tv_usec=${gu64Text(d, o + 8)}}`;
}

export function structSize(name: string): number {
  switch (name) {
    case "stat": return StatLayout.size;
    case "timespec": case "timeval": case "rlimit": return 16;
    case "utsname": return 65 * 6;
    case "sigaction": return 32;
    case "rusage": return 144;
    case "wait_status": return 4;
    case "sysinfo": return 112;
    case "statx": return 256;
    case "clone_args": return 64;
    case "tms": return 32;
  }
  return 0;
}

export function iovecText(mem: PeekMemory, addr: number, count: number, o: FormatOptions, dataLimit: number): string {
  if (addr === 0) return "NULL";
  if (count >= 2 ** 32) return ptrNum(addr);
  // strace shows at most -s elements of an array, then "...".
  const shown = Math.min(count, o.strsize);
  const b = mem.peek(addr, shown * 16);
  if (!b) return ptrNum(addr);
  const d = dv(b);
  const parts: string[] = [];
  let left = dataLimit;
  for (let i = 0; i < shown; i++) {
    const base = g64(d, i * 16);
    const len = g64(d, i * 16 + 8);
    const lenText = g64Text(d, i * 16 + 8);
    if (dataLimit < 0) {
      parts.push(`{iov_base=${ptrNum(base)}, iov_len=${lenText}}`);
      continue;
    }
    const show = Math.max(0, Math.min(len, left));
    left -= show;
    parts.push(`{iov_base=${bufText(mem, base, show, o.strsize)}, iov_len=${lenText}}`);
  }
  if (count > shown) parts.push("...");
  return "[" + parts.join(", ") + "]";
}

// ---- arguments ----

/** Is argument i of this call shown at exit (data the call writes)? */
function atExit(s: SyscallSignature, a: ArgSig, i: number, raw: RawArgs, mem?: PeekMemory): boolean {
  const ext = exitArgs[s.name]?.(i, raw, mem);
  if (ext !== undefined) return ext;
  if ((s.name === "poll" || s.name === "ppoll") && i === 0) return false; // events at entry, revents after the result
  if (a.dir === "out" || a.dir === "inout") return true;
  switch (s.name) {
  }
  return false;
}

function argText(s: SyscallSignature, i: number, a: RawArgs, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string {
  const sig = s.args[i]!;
  const lo = a.lo[i]!;
  if (o.structs === false && (sig.kind === "struct" || sig.kind === "array" || sig.kind === "strings")) return ptrText(a, i);
  const dec = argDecoders[s.name];
  if (dec !== undefined) {
    const t = dec({ sig: s, i, a, mem, o, result, exited });
    if (t !== undefined) return t;
  }
  const special = specialArg(s, i, a, mem, o, result, exited);
  if (special !== undefined) return special;
  if (sig.dir !== "in" && exited && result < 0 && s.ret !== "ptr") {
    if (sig.kind === "array" && sig.struct === "iovec") return iovecText(mem, u64(a, i), u64(a, sig.lenArg!), o, -1);
    // The call failed: the output area holds nothing meaningful.
    if (sig.kind === "buf_out" || sig.kind === "struct" || sig.kind === "array" || sig.kind === "sigset" || sig.kind === "int_ptr" || sig.kind === "u64_ptr") return ptrText(a, i);
  }
  switch (sig.kind) {
    case "fd":
      return fdText(lo | 0, o);
    case "int": case "pid": case "signal_num" as never:
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
      if ((lo | 0) === -100) {
        const name = o.xlat === "raw" ? "-100" : o.xlat === "verbose" ? "-100 /* AT_FDCWD */" : "AT_FDCWD";
        const cwd = o.decorate && o.fdPath ? o.fdPath(-100) : null;
        return cwd === null ? name : `${name}${decoratedPath(cwd, false)}`;
      }
      return fdText(lo | 0, o);
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
    case "flags":
    case "enum":
    case "clockid":
      return xlatText(o, sig.kind === "flags" ? lo >>> 0 : lo | 0, namedText(sig, lo, o));
    case "mode":
      // the kernel takes umode_t: 16 bits
      return modeText(lo & 0xffff);
    case "signal": {
      // strace's printsignal: a decimal number, the name beside it with -X verbose
      const name = signalName(lo | 0);
      if (o.xlat === "raw" || !name.startsWith("SIG")) return String(lo | 0);
      return o.xlat === "verbose" ? `${lo | 0} /* ${name} */` : name;
    }
    case "sigset": {
      const p = u64(a, i);
      if (p === 0) return "NULL";
      const n = u64(a, sig.lenArg!);
      // The kernel's sigset is 8 bytes; strace shows any other size as the bare pointer.
      const b = n === 8 ? mem.peek(p, n) : null;
      return b ? sigsetText(b, n) : ptrNum(p);
    }
    case "struct":
      if (sig.struct === "epoll_event") {
        const p = u64(a, i);
        const b = p === 0 ? null : mem.peek(p, 12);
        return p === 0 ? "NULL" : b ? epollEventText(b, 0, (v, t) => flagsText(v, t)) : ptrNum(p);
      }
      if (sig.struct === "sockaddr") {
        // Its length: the next argument (connect, bind, sendto) or the int it points to (accept...).
        const next = s.args[i + 1];
        let len = 0;
        if (next?.kind === "uint" || next?.kind === "int") len = a.lo[i + 1]! >>> 0;
        else if (next?.kind === "int_ptr") {
          const lp = u64(a, i + 1);
          const lb = lp === 0 ? null : mem.peek(lp, 4);
          len = lb ? dv(lb).getInt32(0, true) : 0;
        }
        return sockaddrText(mem, u64(a, i), Math.min(len, 128), (b, n) => quoteBytes(b, n));
      }
      return structText(sig.struct!, mem, u64(a, i), o, s.name === "rt_sigaction" ? u64(a, 3) : 0);
    case "array":
      if (sig.struct === "iovec") {
        const count = lo | 0;
        const limit = sig.dir === "in" ? Infinity : result;
        return iovecText(mem, u64(a, i), u64(a, sig.lenArg!), o, limit) + (count < 0 ? "" : "");
      }
      return ptrText(a, i);
    case "strings":
      if (sig.name === "envp" && !o.verbose) {
        // strace shows the environment as its address and a count unless -v.
        const p = u64(a, i);
        const n = countPointers(mem, p);
        return n < 0 ? ptrNum(p) : `${ptrNum(p)} /* ${n} var${n === 1 ? "" : "s"} */`;
      }
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
      const vb = mem.peek(p, 8);
      if (vb === null) return ptrNum(p);
      // off_t, loff_t, time_t: signed 64-bit, exact
      const v = gs64Text(dv(vb), 0);
      return s.name === "time" ? `[${v} /* ${dateText(Number(v))} */]` : `[${v}]`;
    }
  }
  return ptrText(a, i);
}

/** A time_t as strace shows it beside the number: local time, ISO 8601 with the UTC offset. */
export function dateText(sec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return String(sec);
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60000);
  const two = (n: number) => String(n).padStart(2, "0");
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  return `${local.toISOString().slice(0, 19)}${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** A flags, enum or clockid argument by its table's names. */
function namedText(sig: ArgSig, lo: number, _o: FormatOptions): string {
  if (sig.kind === "clockid") return enumText("clockid", lo | 0);
  if (sig.kind === "enum") return enumText(sig.table, lo | 0);
  const t = sig.table!;
  if (t === "open_flags") return openFlagsText(lo);
  if (t === "map_flags") return mapFlagsText(lo);
  if (t === "access_mode") return lo === 0 ? "F_OK" : flagsText(lo, accessModeBitNames);
  if (t === "prot") return flagsText(lo, protNames, "PROT_NONE");
  const names = tableOf(t);
  return names ? flagsText(lo, names) : "0x" + (lo >>> 0).toString(16);
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
        if (cmd === 2) return xlatText(o, a.lo[2]!, flagsText(a.lo[2]!, fdFlagNames));
        if (cmd === 4) return openFlagsText(a.lo[2]!);
        if (cmd === 0 || cmd === 1030) return String(a.lo[2]! >>> 0);
        if (cmd === 1031 || cmd === 8 || cmd === 10 || cmd === 1024) return String(a.lo[2]! | 0);
      }
      return undefined;
    case "wait4":
      if (i === 1 && exited && result <= 0) return ptrText(a, 1);
      return undefined;
    case "poll":
    case "ppoll":
      if (i === 0) return pollfdsText(mem, u64(a, 0), u64(a, 1), o.strsize, (v, t) => flagsText(v, t));
      return undefined;
    case "epoll_wait":
    case "epoll_pwait":
      if (i === 1) return ok ? epollEventsText(mem, u64(a, 1), result, o.strsize, (v, t) => flagsText(v, t)) : ptrText(a, 1);
      return undefined;
    case "sched_getaffinity":
    case "sched_setaffinity":
      if (i === 2) {
        const n = s.name === "sched_getaffinity" ? (ok ? result : -1) : u64(a, 1);
        const p = u64(a, 2);
        const b = n > 0 ? mem.peek(p, Math.min(n, 1024)) : null;
        if (!b) return ptrText(a, 2);
        const cpus: number[] = [];
        for (let j = 0; j < b.length * 8; j++) if ((b[j >> 3]! >> (j & 7)) & 1) cpus.push(j);
        return `[${cpus.join(" ")}]`;
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
  }
  return undefined;
}

/** Per-call exceptions to "print every argument" (strace hides some). */
function visibleArgs(s: SyscallSignature, a: RawArgs): number {
  const n = s.args.length;
  const ext = shownArgs[s.name]?.(a);
  if (ext !== undefined) return ext;
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
  }
  return n;
}

/** A call in flight: its entry text and what exit needs. */
export class CallRecord {
  readonly args: RawArgs = { lo: new Int32Array(6), hi: new Int32Array(6) };
  sig!: SyscallSignature;
  /** Arguments rendered at entry (undefined for those rendered at exit). */
  readonly enterText: (string | undefined)[] = [];
  /** All arguments once the call ended. */
  readonly fullText: string[] = [];
  nargs = 0;
  enterNs = 0;
  /** Text after the result (poll's revents). */
  resultSuffix = "";
  /** -e inject: the result was injected / the call was delayed. */
  injected = false;
  delayed = false;

  /** Render the exit-time arguments (what the call wrote). */
  complete(mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): void {
    stringStyle = o.xstrings ?? 0;
    this.fullText.length = 0;
    this.resultSuffix = "";
    const rd = resultDecoders[this.sig.name];
    if (exited && rd !== undefined && !o.raw?.[this.sig.nr]) {
      this.resultSuffix = rd({ sig: this.sig, a: this.args, mem, o, result }) ?? "";
    } else if (exited && (this.sig.name === "poll" || this.sig.name === "ppoll") && !o.raw?.[this.sig.nr]) {
      this.resultSuffix = pollResultSuffix(mem, u64(this.args, 0), u64(this.args, 1), result, (v, t) => flagsText(v, t));
    }
    for (let i = 0; i < this.nargs; i++) {
      const t = this.enterText[i];
      if (t !== undefined) this.fullText.push(t);
      else if (this.sig.name === "clone") this.fullText.push(`parent_tid=${exited && result >= 0 ? cloneParentTid(mem, u64(this.args, 2), this.args.lo[0]! >>> 0, o) : ptrText(this.args, 2)}`);
      else this.fullText.push(exited ? argText(this.sig, i, this.args, mem, o, result, true) : ptrText(this.args, i));
    }
    if (o.argNames) {
      // -N: each argument under the man page's name (clone's are named already)
      const names = this.sig.args;
      for (let i = 0; i < this.fullText.length; i++) {
        const t = this.fullText[i]!;
        if (names[i] !== undefined && !/^[a-z_]+=/.test(t)) this.fullText[i] = `${names[i]!.name}=${t}`;
      }
    }
  }

  /** -P: does the call name one of `paths` (a path argument, or a descriptor open on it)? */
  touches(paths: readonly string[], mem: PeekMemory, fdPath?: (fd: number) => string | null): boolean {
    const s = this.sig;
    for (let i = 0; i < s.args.length; i++) {
      const a = s.args[i]!;
      if (a.kind === "path") {
        const p = u64(this.args, i);
        const t = p === 0 ? null : cstrText(mem, p, 4095);
        if (t !== null && paths.some((x) => quoteBytes(new TextEncoder().encode(x), new TextEncoder().encode(x).length) === t)) return true;
      } else if ((a.kind === "fd" || a.kind === "dirfd") && fdPath) {
        const fd = this.args.lo[i]! | 0;
        if (fd >= 0) {
          const fp = fdPath(fd);
          if (fp !== null && paths.includes(fp)) return true;
        }
      }
    }
    const inner = fdPath ? namedFds[s.name]?.(this.args, mem) : undefined;
    if (inner) for (const fd of inner) {
      const fp = fd >= 0 ? fdPath!(fd) : null;
      if (fp !== null && paths.includes(fp)) return true;
    }
    return false;
  }
}

export function recordEnter(rec: CallRecord, nr: number, lo: (i: number) => number, hi: (i: number) => number, mem: PeekMemory, o: FormatOptions): void {
  for (let i = 0; i < 6; i++) {
    rec.args.lo[i] = lo(i);
    rec.args.hi[i] = hi(i);
  }
  stringStyle = o.xstrings ?? 0;
  const s = signatureOf(nr, syscallNames[nr]);
  rec.sig = s;
  rec.injected = false;
  rec.delayed = false;
  rec.enterText.length = 0;
  rec.fullText.length = 0;
  if (o.raw?.[nr]) {
    // -e raw=: every argument the call takes, in hex, undecoded.
    rec.nargs = s.args.length;
    for (let i = 0; i < rec.nargs; i++) rec.enterText.push(hex64(rec.args.lo[i]!, rec.args.hi[i]!));
    return;
  }
  if (s.name === "clone") {
    cloneEnter(rec, o);
    return;
  }
  rec.nargs = visibleArgs(s, rec.args);
  for (let i = 0; i < rec.nargs; i++) {
    if (atExit(s, s.args[i]!, i, rec.args, mem)) rec.enterText.push(undefined);
    else {
      const t = argText(s, i, rec.args, mem, o, 0, false);
      rec.enterText.push(o.argNames && s.args[i] ? `${s.args[i]!.name}=${t}` : t);
    }
  }
}

const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_PIDFD = 0x1000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;

/** clone as strace shows it: named arguments, only those its flags use. */
function cloneEnter(rec: CallRecord, o: FormatOptions): void {
  const a = rec.args;
  const flags = a.lo[0]! >>> 0;
  const sig = flags & 0xff;
  const high = (flags & ~0xff) >>> 0;
  let ft = high !== 0 ? flagsText(high, cloneFlagNames) : "";
  if (sig !== 0) ft += (ft ? "|" : "") + signalName(sig);
  if (ft === "") ft = "0";
  const t = rec.enterText;
  t.push(`child_stack=${ptrText(a, 1)}`, `flags=${xlatText(o, flags | 0, ft)}`);
  if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) t.push(undefined);
  if (flags & CLONE_SETTLS) t.push(`tls=${ptrText(a, 4)}`);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) t.push(`child_tidptr=${ptrText(a, 3)}`);
  rec.nargs = t.length;
}

/** clone's parent_tid after the call: the tid written there, or with CLONE_PIDFD the pidfd (-y decorated). */
function cloneParentTid(mem: PeekMemory, p: number, flags: number, o: FormatOptions): string {
  if (!(flags & CLONE_PIDFD)) return intAt(mem, p);
  const b = p === 0 ? null : mem.peek(p, 4);
  return b ? `[${fdText(dv(b).getInt32(0, true), o)}]` : ptrNum(p);
}

function intAt(mem: PeekMemory, p: number): string {
  const b = p === 0 ? null : mem.peek(p, 4);
  return b ? `[${dv(b).getInt32(0, true)}]` : ptrNum(p);
}

/**
 * The call's text in two parts, as strace prints them: what is known at entry ("name(a, b, "), and
 * the rest (exit-time arguments and everything after the first of them, no closing parenthesis).
 * Needs `complete` first for the second part.
 */
export function splitCall(rec: CallRecord): [string, string] {
  let k = 0;
  while (k < rec.nargs && rec.enterText[k] !== undefined) k++;
  const head = rec.enterText.slice(0, k) as string[];
  let entry = `${rec.sig.name}(${head.join(", ")}`;
  if (k < rec.nargs) {
    if (k > 0) entry += ", ";
    return [entry, rec.fullText.slice(k).join(", ")];
  }
  return [entry, ""];
}

/** The "name(args" part, completing exit-time arguments. */
export function callText(rec: CallRecord, mem: PeekMemory, o: FormatOptions, result: number, exited: boolean): string {
  rec.complete(mem, o, result, exited);
  return `${rec.sig.name}(${rec.fullText.join(", ")}`;
}

/** The text after "= ". */
export function resultText(s: SyscallSignature, result: number, errno: number, rec?: CallRecord, o?: FormatOptions): string {
  if (errno === 0 && o?.decorate && s.ret === "fd" && !o.raw?.[s.nr]) return fdText(result, o);
  if (errno !== 0) return `-1 ${errnoName[errno] ?? "E" + errno} (${errnoMessage[errno] ?? "Unknown error " + errno})`;
  if (rec && hexResults[s.name]?.(rec.args, result, o ?? { strsize: 32, verbose: false })) return result === 0 ? "0" : "0x" + (result < 0 ? result + 2 ** 64 : result).toString(16);
  if (s.name === "fcntl" && rec) {
    const cmd = rec.args.lo[1]!;
    const x = o ?? { strsize: 32, verbose: false };
    if (cmd === 1 && result !== 0) return `0x${result.toString(16)} (flags ${xlatText(x, result, flagsText(result, fdFlagNames))})`;
    if (cmd === 3) return `${result === 0 ? "0" : "0x" + result.toString(16)} (flags ${openFlagsText(result)})`; // strace names these even with -X
    if (cmd === 1025) return `${result === 0 ? "0" : "0x" + result.toString(16)} (${["F_RDLCK", "F_WRLCK", "F_UNLCK"][result] ?? "?"})`; // F_GETLEASE
  }
  switch (s.ret) {
    case "time":
      return `${result} (${dateText(result)})`;
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
  rec.complete(mem, o, result, exited);
  return rec.fullText.slice();
}
