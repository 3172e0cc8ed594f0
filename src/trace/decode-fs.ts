/**
 * File-system calls as strace 6.1 prints them: struct statfs, struct flock and f_owner_ex (fcntl),
 * flock(2) operations, statx in full, directory entries (getdents, getdents64), the time pairs of
 * utime/utimes/futimesat/utimensat.
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import {
  dv, flagsText, g64, gs64, gs64Text, gu64Text, ptrNum, ptrText, u64, xlatText, cstrText, bufText,
  dateText, statModeNames, type FormatOptions, type PeekMemory, type RawArgs,
} from "./format.js";
import type { NameTable } from "../abi/signatures.js";
import { fsMagicNames, statfsFlagNames } from "../abi/statfs.js";
import {
  lockTypeNames, flockOpNames, dnotifyNames, sealNames, ownerTypeNames, direntTypeNames, statxAttrNames,
  seekWhenceNames, atFlagNames, UTIME_NOW, UTIME_OMIT,
  F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_SETOWN_EX, F_GETOWN_EX,
  F_NOTIFY, F_SETLEASE, F_ADD_SEALS, F_SETSIG, F_GETSIG,
} from "../abi/fcntl.js";
import { signalName } from "../abi/signals.js";

// ---- small shared pieces ----

/** A value's name in a table, or strace's "0x.. /* PREFIX_??? *\/" when it has none. */
function xvalText(o: FormatOptions, v: number, names: NameTable, unknown: string): string {
  for (const [n, s] of names) if (n === v) return xlatText(o, v, s);
  const num = v < 0 ? String(v) : "0x" + v.toString(16);
  if (o.xlat === "raw") return v === 0 ? "0" : num;
  return `${num} /* ${unknown} */`;
}

/** A flag word by a table, with -X applied to the whole word (strace's printflags). */
function flagWordText(o: FormatOptions, v: number, names: NameTable, zero = "0"): string {
  v = v >>> 0;
  return xlatText(o, v, flagsText(v, names, zero));
}

/** stat-like st_mode with -X: names, the octal number, or both. */
function modeWithX(o: FormatOptions, m: number): string {
  const names = statModeNames(m);
  if (o.xlat === "raw") return "0" + (m >>> 0).toString(8);
  if (o.xlat === "verbose") return `0${(m >>> 0).toString(8)} /* ${names} */`;
  return names;
}

/** A uid/gid as strace shows it: -1 for the "unchanged" value, unsigned otherwise. */
function idText(v: number): string {
  return (v | 0) === -1 ? "-1" : String(v >>> 0);
}

/**
 * strace's date comment (sprinttime_ex): the local time of `sec` with `part` as a fraction of
 * `width` digits, or null where strace prints no comment (zero time, fraction out of range, a date
 * the C library cannot represent).
 */
export function timeComment(sec: number, part: number, max: number, width: number): string | null {
  if ((sec === 0 && part === 0) || part > max) return null;
  if (!Number.isFinite(sec) || Math.abs(sec) > 8.64e12) return null;
  const d = dateText(sec);
  if (!/^\d{4}-/.test(d)) return null;
  const frac = part > 0 ? "." + String(part).padStart(width, "0") : "";
  return d.slice(0, 19) + frac + d.slice(19);
}

/** Argument i as a pointer, exact even above 2^53 ("NULL" for 0). */
function argPtr(c: ArgContext, i: number): string {
  return ptrText(c.a, i);
}

function withComment(text: string, comment: string | null): string {
  return comment === null ? text : `${text} /* ${comment} */`;
}

// ---- struct statfs ----

function statfsText(c: ArgContext, i: number): string {
  const addr = u64(c.a, i);
  if (addr === 0) return "NULL";
  const at = ptrText(c.a, i);
  if (c.result < 0) return at;
  const b = c.mem.peek(addr, 120);
  if (!b) return at;
  const d = dv(b);
  const type = d.getUint32(0, true) + d.getUint32(4, true) * 4294967296;
  let typeText: string;
  const named = fsMagicNames.find(([v]) => v === type);
  if (named) typeText = xlatText(c.o, type, named[1]);
  else typeText = "0x" + type.toString(16);
  const hx = (v: number) => (v === 0 ? "0" : "0x" + v.toString(16));
  let s = `{f_type=${typeText}, f_bsize=${gu64Text(d, 8)}, f_blocks=${gu64Text(d, 16)}, f_bfree=${gu64Text(d, 24)}`;
  s += `, f_bavail=${gu64Text(d, 32)}, f_files=${gu64Text(d, 40)}, f_ffree=${gu64Text(d, 48)}`;
  s += `, f_fsid={val=[${hx(d.getUint32(56, true))}, ${hx(d.getUint32(60, true))}]}`;
  s += `, f_namelen=${gu64Text(d, 64)}, f_frsize=${gu64Text(d, 72)}`;
  const flags = g64(d, 80);
  // ST_VALID says the kernel filled f_flags in; strace shows them only then.
  if (flags & 0x20) s += `, f_flags=${flagWordText(c.o, d.getUint32(80, true), statfsFlagNames)}`;
  return s + "}";
}

// ---- fcntl ----

const FLOCK_LEN = 32;

function flockText(c: ArgContext, i: number, getlk: boolean): string {
  const addr = u64(c.a, i);
  if (addr === 0) return "NULL";
  const at = ptrText(c.a, i);
  if (c.exited && c.result < 0) return at;
  const b = c.mem.peek(addr, FLOCK_LEN);
  if (!b) return at;
  const d = dv(b);
  let s = `{l_type=${xvalText(c.o, d.getInt16(0, true), lockTypeNames, "F_???")}`;
  const whence = d.getInt16(2, true);
  const wn = seekWhenceNames[whence];
  s += `, l_whence=${whence >= 0 && wn !== undefined ? xlatText(c.o, whence, wn) : xvalText(c.o, whence, [], "SEEK_???")}`;
  s += `, l_start=${gs64Text(d, 8)}, l_len=${gs64Text(d, 16)}`;
  if (getlk) s += `, l_pid=${d.getInt32(24, true)}`;
  return s + "}";
}

function ownerText(c: ArgContext, i: number): string {
  const addr = u64(c.a, i);
  if (addr === 0) return "NULL";
  const at = ptrText(c.a, i);
  if (c.exited && c.result < 0) return at;
  const b = c.mem.peek(addr, 8);
  if (!b) return at;
  const d = dv(b);
  return `{type=${xvalText(c.o, d.getInt32(0, true), ownerTypeNames, "F_OWNER_???")}, pid=${d.getInt32(4, true)}}`;
}

/** strace's printsignal: 0 as a number, known signals by name. */
function signalArgText(o: FormatOptions, v: number): string {
  if (v <= 0 || v > 64) return String(v);
  return o.xlat === "raw" ? String(v) : xlatText(o, v, signalName(v));
}

function fcntlArg(c: ArgContext): string | undefined {
  if (c.i !== 2) return undefined;
  const cmd = c.a.lo[1]!;
  switch (cmd) {
    case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
      return flockText(c, 2, false);
    case F_GETLK: case F_OFD_GETLK:
      return flockText(c, 2, true);
    case F_SETOWN_EX: case F_GETOWN_EX:
      return ownerText(c, 2);
    case F_NOTIFY:
      return flagWordText(c.o, c.a.lo[2]!, dnotifyNames);
    case F_SETLEASE:
      return xvalText(c.o, c.a.lo[2]! >>> 0, lockTypeNames, "F_???");
    case F_ADD_SEALS:
      return flagWordText(c.o, c.a.lo[2]!, sealNames);
    case F_SETSIG:
      return signalArgText(c.o, c.a.lo[2]! | 0);
  }
  return undefined;
}

/** F_GETLK and friends fill the struct in: shown when the call returns. */
function fcntlAtExit(i: number, a: RawArgs): boolean | undefined {
  if (i !== 2) return undefined;
  const cmd = a.lo[1]!;
  return cmd === F_GETLK || cmd === F_OFD_GETLK || cmd === F_GETOWN_EX ? true : undefined;
}

// ---- statx ----

/** statx's mask names, STATX_ALL and STATX_BASIC_STATS first as strace has them. */
const statxMaskTable: NameTable = [
  [0xfff, "STATX_ALL"], [0x7ff, "STATX_BASIC_STATS"], [0x1, "STATX_TYPE"], [0x2, "STATX_MODE"], [0x4, "STATX_NLINK"],
  [0x8, "STATX_UID"], [0x10, "STATX_GID"], [0x20, "STATX_ATIME"], [0x40, "STATX_MTIME"], [0x80, "STATX_CTIME"],
  [0x100, "STATX_INO"], [0x200, "STATX_SIZE"], [0x400, "STATX_BLOCKS"], [0x800, "STATX_BTIME"],
  [0x1000, "STATX_MNT_ID"], [0x2000, "STATX_DIOALIGN"],
];
const syncTypeNames: NameTable = [[0, "AT_STATX_SYNC_AS_STAT"], [0x2000, "AT_STATX_FORCE_SYNC"], [0x4000, "AT_STATX_DONT_SYNC"]];
/** The *at flags strace knows (no statx sync bits: those have their own table). */
const atFlagsOnly: NameTable = atFlagNames.filter(([b]) => b !== 0x2000 && b !== 0x4000);

/** statx's flags: the sync type first, then the other AT_* bits. */
function statxFlagsText(o: FormatOptions, v: number): string {
  v = v >>> 0;
  const sync = v & 0x6000;
  let s = xlatText(o, sync, sync === 0 ? "AT_STATX_SYNC_AS_STAT" : flagsText(sync, syncTypeNames.slice(1)));
  const rest = (v & ~0x6000) >>> 0;
  if (rest !== 0) s += "|" + xlatText(o, rest, flagsText(rest, atFlagsOnly, "0", false));
  return s;
}

function statxTimestamp(d: DataView, off: number): string {
  const sec = gs64(d, off);
  const ns = d.getUint32(off + 8, true);
  return withComment(`{tv_sec=${gs64Text(d, off)}, tv_nsec=${ns}}`, timeComment(sec, ns, 999999999, 9));
}

function statxText(c: ArgContext, i: number): string {
  const addr = u64(c.a, i);
  if (addr === 0) return "NULL";
  const at = ptrText(c.a, i);
  if (c.result < 0) return at;
  const b = c.mem.peek(addr, 256);
  if (!b) return at;
  const d = dv(b);
  const o = c.o;
  const full = o.verbose;
  const mask = d.getUint32(0, true);
  const attrs = (v: number, hi: number) => (hi !== 0 ? "0x" + (hi * 4294967296 + v).toString(16) : flagWordText(o, v, statxAttrNames));
  const f: string[] = [`stx_mask=${flagWordText(o, mask, statxMaskTable)}`];
  if (full) f.push(`stx_blksize=${d.getUint32(4, true)}`);
  f.push(`stx_attributes=${attrs(d.getUint32(8, true), d.getUint32(12, true))}`);
  if (full) {
    if (mask & 0x4) f.push(`stx_nlink=${d.getUint32(16, true)}`);
    if (mask & 0x8) f.push(`stx_uid=${idText(d.getUint32(20, true))}`);
    if (mask & 0x10) f.push(`stx_gid=${idText(d.getUint32(24, true))}`);
  }
  if (mask & 0x3) f.push(`stx_mode=${modeWithX(o, d.getUint16(28, true))}`);
  if (full && mask & 0x100) f.push(`stx_ino=${gu64Text(d, 32)}`);
  if (mask & 0x200) f.push(`stx_size=${gu64Text(d, 40)}`);
  if (full) {
    if (mask & 0x400) f.push(`stx_blocks=${gu64Text(d, 48)}`);
    f.push(`stx_attributes_mask=${attrs(d.getUint32(56, true), d.getUint32(60, true))}`);
    if (mask & 0x20) f.push(`stx_atime=${statxTimestamp(d, 64)}`);
    if (mask & 0x800) f.push(`stx_btime=${statxTimestamp(d, 80)}`);
    if (mask & 0x80) f.push(`stx_ctime=${statxTimestamp(d, 96)}`);
    if (mask & 0x40) f.push(`stx_mtime=${statxTimestamp(d, 112)}`);
    f.push(`stx_rdev_major=${d.getUint32(128, true)}`, `stx_rdev_minor=${d.getUint32(132, true)}`);
    f.push(`stx_dev_major=${d.getUint32(136, true)}`, `stx_dev_minor=${d.getUint32(140, true)}`);
    if (mask & 0x1000) {
      const id = g64(d, 144);
      f.push(`stx_mnt_id=${id === 0 ? "0" : "0x" + id.toString(16)}`);
    }
    if (mask & 0x2000) f.push(`stx_dio_mem_align=${d.getUint32(152, true)}`, `stx_dio_offset_align=${d.getUint32(156, true)}`);
  } else {
    f.push("...");
  }
  return `{${f.join(", ")}}`;
}

function statxArg(c: ArgContext): string | undefined {
  switch (c.i) {
    case 2: return statxFlagsText(c.o, c.a.lo[2]!);
    case 3: return flagWordText(c.o, c.a.lo[3]!, statxMaskTable);
    case 4: return statxText(c, 4);
  }
  return undefined;
}

// ---- directory entries ----

/** strace's printpathn: the name (at most n bytes), or the address when unreadable. */
function nameAt(mem: PeekMemory, addr: number, n: number): { text: string; ok: boolean } {
  const t = cstrText(mem, addr, n);
  return { text: t, ok: t.startsWith('"') };
}

/**
 * The entries getdents/getdents64 returned: with -v each entry in full, otherwise the address and a
 * count, as strace's decoder walks them (including its comments on malformed records).
 */
function direntsText(c: ArgContext, addr: number, len: number, is64: boolean): string {
  const mem = c.mem;
  const first = ptrText(c.a, 1);
  const abbrev = !c.o.verbose;
  const header = is64 ? 19 : 18;
  let out = abbrev ? first : "";
  let count = 0;
  for (;;) {
    if (len < header) {
      if (!abbrev) {
        if (len === 0) {
          out += "[";
          count++;
        } else {
          out += bufText(mem, addr, len, c.o.strsize, true);
        }
      }
      break;
    }
    const h = mem.peek(addr, header);
    if (!h) {
      if (!abbrev) out += count ? `... /* ${ptrNum(addr)} */` : first;
      break;
    }
    if (!abbrev && count === 0) out += "[";
    count++;
    const d = dv(h);
    let reclen = d.getUint16(16, true);
    if (!abbrev) out += `{d_ino=${gu64Text(d, 0)}, d_off=${gu64Text(d, 8)}, d_reclen=${reclen}`;
    let nextAddr = 0;
    let nextLen = 0;
    if (reclen > len) {
      out += ` /* ${abbrev ? "d_reclen " : ""}${reclen - len} bytes overflow */`;
      reclen = len;
    } else if (reclen < header) {
      out += ` /* ${abbrev ? "d_reclen " : ""}${header - reclen} bytes underflow */`;
      reclen = header;
      nextLen = len - header;
    } else {
      nextLen = len - reclen;
      if (nextLen) nextAddr = addr + reclen;
    }
    len = nextLen;
    if (!abbrev) {
      let ok = true;
      const rest = reclen - header;
      if (is64) {
        out += `, d_type=${xvalText(c.o, h[18]!, direntTypeNames, "DT_???")}`;
        if (rest) {
          const r = nameAt(mem, addr + header, Math.min(rest, 256) - 1);
          out += `, d_name=${r.text}`;
          ok = r.ok;
        }
      } else if (rest) {
        const nameLen = rest - 1;
        if (nameLen) {
          const r = nameAt(mem, addr + header, Math.min(nameLen, 256) - 1);
          out += `, d_name=${r.text}`;
          ok = r.ok;
        }
        const tp = mem.peek(addr + header + rest - 1, 1);
        out += `, d_type=${tp ? xvalText(c.o, tp[0]!, direntTypeNames, "DT_???") : ptrNum(addr + header + rest - 1)}`;
        if (!tp) ok = false;
      }
      out += "}";
      if (nextAddr) {
        out += ", ";
        if (!ok) {
          out += "...";
          break;
        }
      }
    }
    if (!nextAddr) break;
    addr = nextAddr;
  }
  if (!abbrev) {
    if (count) out += "]";
  } else {
    out += ` /* ${count}${len ? "+" : ""} entries */`;
  }
  return out;
}

function getdentsArg(is64: boolean) {
  return (c: ArgContext): string | undefined => {
    if (c.i === 2) return String(c.a.lo[2]! >>> 0); // the kernel takes an unsigned int
    if (c.i !== 1) return undefined;
    const p = u64(c.a, 1);
    const count = c.a.lo[2]! >>> 0;
    if (c.result < 0 || c.result > count) return ptrText(c.a, 1);
    return direntsText(c, p, c.result, is64);
  };
}

// ---- time pairs ----

function utimbufText(mem: PeekMemory, a: RawArgs, i: number): string {
  const addr = u64(a, i);
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 16);
  if (!b) return ptrText(a, i);
  const d = dv(b);
  const one = (off: number) => withComment(gs64Text(d, off), timeComment(gs64(d, off), 0, 0, 0));
  return `{actime=${one(0)}, modtime=${one(8)}}`;
}

function timevalPairText(mem: PeekMemory, a: RawArgs, i: number): string {
  const addr = u64(a, i);
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 32);
  if (!b) return ptrText(a, i);
  const d = dv(b);
  const one = (off: number) => {
    const usec = g64(d, off + 8);
    return withComment(`{tv_sec=${gs64Text(d, off)}, tv_usec=${gu64Text(d, off + 8)}}`, timeComment(gs64(d, off), usec, 999999, 6));
  };
  return `[${one(0)}, ${one(16)}]`;
}

function timespecPairText(mem: PeekMemory, a: RawArgs, i: number, o: FormatOptions): string {
  const addr = u64(a, i);
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 32);
  if (!b) return ptrText(a, i);
  const d = dv(b);
  const one = (off: number) => {
    const plain = `{tv_sec=${gs64Text(d, off)}, tv_nsec=${gu64Text(d, off + 8)}}`;
    const nsec = g64(d, off + 8);
    if (nsec === UTIME_NOW || nsec === UTIME_OMIT) {
      const name = nsec === UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT";
      if (o.xlat === "raw") return plain;
      if (o.xlat === "verbose") return `${plain} /* ${name} */`;
      return name;
    }
    return withComment(plain, timeComment(gs64(d, off), nsec, 999999999, 9));
  };
  return `[${one(0)}, ${one(16)}]`;
}

// ---- gid lists ----

/** sysconf(_SC_NGROUPS_MAX) on Linux. */
const NGROUPS_MAX = 65536;


// ---- registration ----

registerDecoders({
  args: {
    statfs: (c) => (c.i === 1 ? statfsText(c, 1) : undefined),
    fstatfs: (c) => (c.i === 1 ? statfsText(c, 1) : undefined),
    fcntl: fcntlArg,
    flock: (c) => (c.i === 1 ? flagWordText(c.o, c.a.lo[1]!, flockOpNames) : undefined),
    statx: statxArg,
    getdents: getdentsArg(false),
    getdents64: getdentsArg(true),
    utime: (c) => (c.i === 1 ? utimbufText(c.mem, c.a, 1) : undefined),
    utimes: (c) => (c.i === 1 ? timevalPairText(c.mem, c.a, 1) : undefined),
    futimesat: (c) => (c.i === 2 ? timevalPairText(c.mem, c.a, 2) : undefined),
    utimensat: (c) => {
      if (c.i === 2) return timespecPairText(c.mem, c.a, 2, c.o);
      if (c.i === 3) return flagWordText(c.o, c.a.lo[3]!, atFlagsOnly);
      return undefined;
    },
  },
  results: {
    fcntl: (c) => {
      if (c.a.lo[1] === F_GETSIG && c.result > 0 && c.result <= 64) return ` (${signalName(c.result)})`;
      return undefined;
    },
  },
  exitArgs: {
    fcntl: fcntlAtExit,
  },
});
