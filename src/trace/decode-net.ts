/**
 * Socket calls as strace 6.1 prints them: socklen arguments read before and after the call
 * (`[110 => 24]`, the address shown within the smaller of the two lengths), MSG_* flags,
 * shutdown's SHUT_*, accept4's SOCK_* flags, struct msghdr (sendmsg, recvmsg) and the mmsghdr
 * vectors of sendmmsg/recvmmsg with recvmmsg's time left.
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import { arrayText, dv, fdText, flagsText, g64, gu64Text, ptrNum, ptrText, quoteBytes, structText, timespecText, u64, xlatText, type FormatOptions, type PeekMemory, type RawArgs } from "./format.js";
import { sockaddrText } from "./structs-net.js";
import { errnoName } from "../abi/errno.js";
import { iovArrayText } from "./decode-io.js";
import { addressFamilyNames, ipOptionNames, ipProtocolNames, ipv6OptionNames, msgFlagNames, sockLevelNames, soOptionNames, tcpOptionNames, scmNames, shutdownHowNames, socketTypeNames, sockTypeFlagNames, solNames } from "../abi/socket.js";

/** What a call read at entry and shows at exit, per call record (its RawArgs, reused per call). */
interface EntryNote {
  /** The socklen (or msg_namelen) the caller passed; null when it could not be read. */
  len: number | null;
  /** recvmmsg: each entry's msg_namelen and the timeout's text at entry. */
  namelens?: number[];
  timeout?: string;
}
const notes = new WeakMap<RawArgs, EntryNote>();

function i32At(mem: PeekMemory, p: number): number | null {
  if (p === 0) return null;
  const b = mem.peek(p, 4);
  return b ? dv(b).getInt32(0, true) : null;
}

function msgFlags(o: FormatOptions, v: number): string {
  return xlatText(o, v | 0, flagsText(v, msgFlagNames));
}

/** A value from a table of single values, `0x3 /* SHUT_??? *\/` when unnamed. */
function enumName(o: FormatOptions, v: number, names: readonly (readonly [number, string])[], unknown: string): string {
  for (const [n, s] of names) if (n === v) return xlatText(o, v, s);
  const hex = v === 0 ? "0" : "0x" + (v >>> 0).toString(16);
  return o.xlat === "raw" ? hex : `${hex} /* ${unknown} */`;
}

/** decode_sockaddr: below 2 bytes the address; at most sockaddr_storage's 128 bytes. */
function sockaddr(mem: PeekMemory, addr: number, len: number): string {
  if (addr === 0) return "NULL";
  if (len < 2) return ptrNum(addr);
  return sockaddrText(mem, addr, Math.min(len, 128), (b, n) => quoteBytes(b, n));
}

/**
 * The address/length pair of accept, getsockname, getpeername (at arguments ai, ai+1) and
 * recvfrom, at exit: the length the caller gave (`ulen`) and the one the kernel wrote back.
 */
function addrPair(c: ArgContext, ai: number, noteLen: number | null): string | undefined {
  const { a, i, mem, result, exited } = c;
  if (i !== ai && i !== ai + 1) return undefined;
  const addr = u64(a, ai);
  const lenPtr = u64(a, ai + 1);
  const rlen = exited ? i32At(mem, lenPtr) : null;
  const both = () => (i === ai ? ptrText(a, ai) : ptrText(a, ai + 1));
  if (noteLen === null || addr === 0) return both();
  // recvfrom checks the written length first, the others the call's failure first
  if (rlen === null && ai === 4) return both();
  if (result < 0 || rlen === null) return i === ai ? ptrNum(addr) : `[${noteLen}]`;
  if (i === ai) return sockaddr(mem, addr, Math.min(noteLen, rlen));
  return noteLen !== rlen ? `[${noteLen} => ${rlen}]` : `[${rlen}]`;
}

// ---- struct msghdr ----

const MSGHDR_SIZE = 56;
const MMSGHDR_SIZE = 64;

function cmsgData(level: number, type: number, b: Uint8Array, o: FormatOptions): string {
  const d = dv(b);
  if (level === 1 && type === 1) {
    const fds: string[] = [];
    for (let k = 0; k + 4 <= b.length; k += 4) {
      if (fds.length === o.strsize && !o.verbose) {
        fds.push("...");
        break;
      }
      fds.push(fdText(d.getInt32(k, true), o));
    }
    return `, cmsg_data=[${fds.join(", ")}]`;
  }
  if (level === 1 && type === 2 && b.length >= 12) {
    return `, cmsg_data={pid=${d.getInt32(0, true)}, uid=${d.getUint32(4, true)}, gid=${d.getUint32(8, true)}}`;
  }
  return "";
}

/** msg_control: the control messages in `len` bytes at `addr` (strace's decode_msg_control). */
function controlText(mem: PeekMemory, addr: number, len: number, o: FormatOptions): string {
  const b = len >= 16 ? mem.peek(addr, Math.min(len, 1 << 20)) : null;
  if (!b) return ptrNum(addr);
  const d = dv(b);
  const parts: string[] = [];
  let off = 0;
  let left = b.length;
  while (left >= 16) {
    const clen = g64(d, off);
    const level = d.getInt32(off + 8, true);
    const type = d.getInt32(off + 12, true);
    const levelName = solNames.find(([v]) => v === level)?.[1] ?? `${level < 0 ? level : "0x" + level.toString(16)} /* SOL_??? */`;
    let typeText: string;
    let data = "";
    const usable = Math.min(clen, left);
    if (level === 1) {
      typeText = scmNames.find(([v]) => v === type)?.[1] ?? `${type < 0 ? type : "0x" + type.toString(16)} /* SCM_??? */`;
      if (usable > 16) data = cmsgData(level, type, b.subarray(off + 16, off + usable), o);
    } else typeText = type === 0 ? "0" : "0x" + (type >>> 0).toString(16);
    parts.push(`{cmsg_len=${gu64Text(d, off)}, cmsg_level=${levelName}, cmsg_type=${typeText}${data}}`);
    if (usable < 16) {
      left -= 16;
      break;
    }
    const step = (clen + 7) & ~7;
    if (step >= left || clen === 0) {
      left = 0;
      break;
    }
    off += step;
    left -= step;
  }
  if (left > 0) parts.push(`... /* ${ptrNum(addr + (b.length - left))} */`);
  else if (b.length < len) parts.push("...");
  return `[${parts.join(", ")}]`;
}

/**
 * The fields of a struct msghdr held in `b`: the name within the smaller of the caller's and the
 * kernel's lengths (`userNamelen`, null when not known), the iovecs bounded by `dataSize` bytes.
 */
function msghdrFields(mem: PeekMemory, b: Uint8Array, o: FormatOptions, userNamelen: number | null, dataSize: number): string {
  const d = dv(b);
  const name = g64(d, 0);
  const namelen = d.getInt32(8, true);
  const iov = g64(d, 16);
  const iovlen = g64(d, 24);
  const control = g64(d, 32);
  const controllen = g64(d, 40);
  const flags = d.getInt32(48, true);
  const shownLen = userNamelen !== null && namelen > userNamelen ? userNamelen : namelen;
  let s = `{msg_name=${sockaddr(mem, name, shownLen)}, msg_namelen=`;
  s += userNamelen !== null && userNamelen !== namelen ? `${userNamelen} => ${namelen}` : String(namelen);
  s += `, msg_iov=${iovArrayText(mem, iov, iovlen, o, dataSize)}, msg_iovlen=${gu64Text(d, 24)}`;
  if (controllen !== 0) s += `, msg_control=${controlText(mem, control, controllen, o)}`;
  s += `, msg_controllen=${gu64Text(d, 40)}, msg_flags=${msgFlags(o, flags)}}`;
  return s;
}

function msghdrText(mem: PeekMemory, addr: number, o: FormatOptions, userNamelen: number | null, dataSize: number): string {
  const b = addr === 0 ? null : mem.peek(addr, MSGHDR_SIZE);
  if (!b) return ptrNum(addr);
  return msghdrFields(mem, b, o, userNamelen, dataSize);
}

/** An mmsghdr vector: `[{msg_hdr={...}, msg_len=N}, ...]`, msg_len for the first `lenCount`. */
function mmsgvecText(mem: PeekMemory, addr: number, vlen: number, o: FormatOptions, lenCount: number, useMsgLen: boolean, namelens?: number[]): string {
  let left = namelens ? Math.min(namelens.length, 1024) : 1024;
  let withLen = lenCount;
  return arrayText(mem, addr, vlen, MMSGHDR_SIZE, o.verbose ? Infinity : o.strsize, (b, i) => {
    if (left === 0) return null;
    left--;
    const msgLen = dv(b).getUint32(56, true);
    let s = `{msg_hdr=${msghdrFields(mem, b, o, namelens ? namelens[i] ?? null : null, useMsgLen ? msgLen : -1)}`;
    if (withLen > 0) {
      s += `, msg_len=${msgLen}`;
      withLen--;
    }
    return s + "}";
  });
}

// ---- the calls ----

/** accept, accept4, getsockname, getpeername: socklen read at entry, compared at exit. */
function sockname(c: ArgContext): string | undefined {
  const { a, i, mem, o } = c;
  if (i === 0) {
    const addr = u64(a, 1);
    notes.set(a, { len: addr === 0 ? null : i32At(mem, u64(a, 2)) });
    return undefined;
  }
  if (i === 3) return xlatText(o, a.lo[3]! | 0, flagsText(a.lo[3]!, sockTypeFlagNames));
  return addrPair(c, 1, notes.get(a)?.len ?? null);
}

/** socket's type: the type's name, then the SOCK_CLOEXEC/SOCK_NONBLOCK bits. */
function sockTypeText(o: FormatOptions, v: number): string {
  const t = socketTypeNames.find(([n]) => n === (v & 0xf))?.[1];
  if (t === undefined) return xlatText(o, v, flagsText(v, sockTypeFlagNames));
  const rest = (v & ~0xf) >>> 0;
  return xlatText(o, v, rest === 0 ? t : `${t}|${flagsText(rest, sockTypeFlagNames)}`);
}

/** socket and socketpair: family, type, protocol (named for the IP families only). */
function socketArgs(c: ArgContext): string | undefined {
  const { a, i, o } = c;
  const fam = a.lo[0]! | 0;
  if (i === 0) return enumName(o, fam, addressFamilyNames, "AF_???");
  if (i === 1) return sockTypeText(o, a.lo[1]!);
  if (i === 2) {
    if (c.sig.name === "socket" && (fam === 2 || fam === 10)) return enumName(o, a.lo[2]! | 0, ipProtocolNames, "IPPROTO_???");
    return String(a.lo[2]! >>> 0);
  }
  if (i === 3 && c.sig.name === "socketpair") {
    // the two descriptors, once the call made them
    const p = u64(a, 3);
    const b = c.exited && c.result >= 0 && p !== 0 ? c.mem.peek(p, 8) : null;
    if (!b) return ptrText(a, 3);
    const d = dv(b);
    return `[${fdText(d.getInt32(0, true), o)}, ${fdText(d.getInt32(4, true), o)}]`;
  }
  return undefined;
}

/** setsockopt/getsockopt's level and option name. */
function sockoptLevelName(c: ArgContext): string | undefined {
  const { a, i, o } = c;
  const level = a.lo[1]! | 0;
  if (i === 1) return enumName(o, level, sockLevelNames, "SOL_??");
  if (i !== 2) return undefined;
  const name = a.lo[2]! | 0;
  switch (level) {
    case 1:
      if (name === 26 && c.sig.name === "getsockopt") return xlatText(o, name, "SO_GET_FILTER");
      return enumName(o, name, soOptionNames, "SO_???");
    case 0: return enumName(o, name, ipOptionNames, "IP_???");
    case 6: return enumName(o, name, tcpOptionNames, "TCP_???");
    case 41: return enumName(o, name, ipv6OptionNames, "IPV6_???");
  }
  return String(name >>> 0);
}

function hexBytes(b: Uint8Array): string {
  return '"' + Array.from(b, (x) => "\\x" + x.toString(16).padStart(2, "0")).join("") + '"';
}

/** SO_PEERCRED's struct ucred; a field the length cuts short shows as its bytes in hex. */
function ucredText(mem: PeekMemory, addr: number, len: number): string {
  len = Math.min(len, 12);
  const b = mem.peek(addr, len);
  if (!b) return ptrNum(addr);
  const d = dv(b);
  const fields: string[] = [];
  const names = ["pid", "uid", "gid"];
  for (let k = 0; k < 3 && len > k * 4; k++) {
    if (len >= k * 4 + 4) fields.push(`${names[k]}=${k === 0 ? d.getInt32(0, true) : d.getUint32(k * 4, true)}`);
    else fields.push(`${names[k]}=${hexBytes(b.subarray(k * 4, len))}`);
  }
  return `{${fields.join(", ")}}`;
}

/** SOL_SOCKET options whose value is an int. */
const SO_INTLIKE = new Set([1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 49, 53, 56, 60, 63, 64, 65, 68, 69, 70, 73, 75]);

/** SO_LINGER's struct linger (two ints), cut as the length says. */
function lingerText(mem: PeekMemory, addr: number, len: number): string {
  len = Math.min(len, 8);
  const b = mem.peek(addr, len);
  if (!b) return ptrNum(addr);
  const d = dv(b);
  const fields: string[] = [];
  const names = ["l_onoff", "l_linger"];
  for (let k = 0; k < 2 && len > k * 4; k++) {
    fields.push(len >= k * 4 + 4 ? `${names[k]}=${d.getInt32(k * 4, true)}` : `${names[k]}=${hexBytes(b.subarray(k * 4, len))}`);
  }
  return `{${fields.join(", ")}}`;
}

/** SO_TXREHASH's value: SOCK_TXREHASH_* or the number with a comment. */
function txrehashText(mem: PeekMemory, addr: number, len: number, set: boolean, o: FormatOptions): string {
  if (len < 4) {
    if (set) return ptrNum(addr);
    const b = len > 0 ? mem.peek(addr, len) : new Uint8Array(0);
    return b ? hexBytes(b) : ptrNum(addr);
  }
  const v = i32At(mem, addr);
  if (v === null) return ptrNum(addr);
  const n = v === 0 ? "SOCK_TXREHASH_DISABLED" : v === 1 ? "SOCK_TXREHASH_ENABLED" : v === 255 ? "SOCK_TXREHASH_DEFAULT" : null;
  if (o.xlat === "raw") return `[${v}]`;
  return `[${n === null ? `${v} /* SOCK_TXREHASH_??? */` : xlatText(o, v, n).replace(/^0x([0-9a-f]+)/, (_m, h: string) => String(parseInt(h, 16)))}]`;
}

/** SO_ERROR: the pending error by name (`[ECONNREFUSED]`, `[0]`). */
function soErrorText(mem: PeekMemory, addr: number, len: number, o: FormatOptions): string {
  if (len < 4) {
    const b = mem.peek(addr, len);
    return b ? hexBytes(b) : ptrNum(addr);
  }
  const v = i32At(mem, addr);
  if (v === null) return ptrNum(addr);
  const n = errnoName[v];
  return `[${n === undefined || v === 0 ? String(v >>> 0) : xlatText(o, v, n)}]`;
}

/** An option value of `len` bytes: an int as `[N]`, anything else as bytes. */
function sockoptValue(mem: PeekMemory, addr: number, len: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  if (len < 0) return ptrNum(addr);
  if (len === 4) {
    const v = i32At(mem, addr);
    return v === null ? ptrNum(addr) : `[${v}]`;
  }
  return structBuf(mem, addr, len, o);
}

registerDecoders({
  args: {
    setsockopt: (c) => {
      const { a, i, mem, o } = c;
      if (i === 1 || i === 2) return sockoptLevelName(c);
      if (i === 3) {
        const len = a.lo[4]! | 0;
        const p = u64(a, 3);
        if ((a.lo[1]! | 0) === 1 && p !== 0) {
          const name = a.lo[2]! | 0;
          if (name === 13) return len < 8 ? ptrNum(p) : lingerText(mem, p, 8);
          if (name === 74) return txrehashText(mem, p, len, true, o);
          if (SO_INTLIKE.has(name)) return len < 4 ? ptrNum(p) : sockoptValue(mem, p, 4, o);
        }
        return sockoptValue(mem, p, len, o);
      }
      if (i === 4) return String(a.lo[4]! | 0);
      return undefined;
    },
    getsockopt: (c) => {
      const { a, i, mem, o, result, exited } = c;
      if (i === 1 || i === 2) {
        if (i === 1) notes.set(a, { len: u64(a, 4) === 0 ? null : i32At(mem, u64(a, 4)) });
        return sockoptLevelName(c);
      }
      if (i !== 3 && i !== 4) return undefined;
      const ulen = notes.get(a)?.len ?? null;
      if (ulen === null || !exited) return ptrText(a, i);
      const rlen = i32At(mem, u64(a, 4));
      if (result < 0 || rlen === null) return i === 3 ? ptrText(a, 3) : `[${ulen}]`;
      if (i === 4) return ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`;
      if (ulen <= 0 || rlen <= 0) return ptrText(a, 3);
      if ((a.lo[1]! | 0) === 1) {
        const name = a.lo[2]! | 0;
        if (name === 17) return ucredText(mem, u64(a, 3), rlen);
        if (name === 4) return soErrorText(mem, u64(a, 3), rlen, o);
        if (name === 13) return lingerText(mem, u64(a, 3), rlen);
        if (name === 74) return txrehashText(mem, u64(a, 3), rlen, false, o);
        if (SO_INTLIKE.has(name)) {
          if (rlen >= 4) return sockoptValue(mem, u64(a, 3), 4, o);
          const b = mem.peek(u64(a, 3), rlen);
          return b ? hexBytes(b) : ptrText(a, 3);
        }
      }
      return sockoptValue(mem, u64(a, 3), rlen, o);
    },
    socket: socketArgs,
    socketpair: socketArgs,
    accept: sockname,
    accept4: sockname,
    getsockname: sockname,
    getpeername: sockname,
    recvfrom: (c) => {
      const { a, i, mem, o, result, exited } = c;
      switch (i) {
        case 0:
          notes.set(a, { len: u64(a, 4) === 0 ? null : i32At(mem, u64(a, 5)) });
          return undefined;
        case 1: {
          if (!exited || result < 0) return ptrText(a, 1);
          return structBuf(mem, u64(a, 1), Math.min(result, u64(a, 2)), o);
        }
        case 3:
          return msgFlags(o, a.lo[3]!);
        case 4:
        case 5: {
          const n = notes.get(a);
          return addrPair(c, 4, n ? n.len ?? 0 : null);
        }
      }
      return undefined;
    },
    sendto: (c) => {
      const { a, i, mem, o } = c;
      if (i === 3) return msgFlags(o, a.lo[3]!);
      if (i === 4) return sockaddr(mem, u64(a, 4), a.lo[5]! | 0);
      if (i === 5) return String(a.lo[5]! | 0);
      return undefined;
    },
    shutdown: (c) => (c.i === 1 ? enumName(c.o, c.a.lo[1]! | 0, shutdownHowNames, "SHUT_???") : undefined),
    sendmsg: (c) => {
      const { a, i, mem, o } = c;
      if (i === 1) return msghdrText(mem, u64(a, 1), o, null, -1);
      if (i === 2) return msgFlags(o, a.lo[2]!);
      return undefined;
    },
    recvmsg: (c) => {
      const { a, i, mem, o, result, exited } = c;
      if (i === 0) {
        const p = u64(a, 1);
        const b = p === 0 ? null : mem.peek(p, MSGHDR_SIZE);
        notes.set(a, { len: b ? dv(b).getInt32(8, true) : null });
        return undefined;
      }
      if (i === 1) {
        const n = notes.get(a);
        if (!n || n.len === null || !exited) return ptrText(a, 1);
        if (result < 0) return `{msg_namelen=${n.len}}`;
        return msghdrText(mem, u64(a, 1), o, n.len, result);
      }
      if (i === 2) return msgFlags(o, a.lo[2]!);
      return undefined;
    },
    sendmmsg: (c) => {
      const { a, i, mem, o, result, exited } = c;
      if (i === 1) {
        if (!exited) return ptrText(a, 1);
        return mmsgvecText(mem, u64(a, 1), a.lo[2]! >>> 0, o, result < 0 ? 0 : result, false);
      }
      if (i === 2) return String(a.lo[2]! >>> 0);
      if (i === 3) return msgFlags(o, a.lo[3]!);
      return undefined;
    },
    recvmmsg: (c) => {
      const { a, i, mem, o, result, exited } = c;
      switch (i) {
        case 0: {
          const vec = u64(a, 1);
          const vlen = Math.min(a.lo[2]! >>> 0, 1024);
          const namelens: number[] = [];
          for (let k = 0; k < vlen; k++) {
            const b = mem.peek(vec + k * MMSGHDR_SIZE, MMSGHDR_SIZE);
            if (!b) break;
            namelens.push(dv(b).getInt32(8, true));
          }
          notes.set(a, { len: null, namelens, timeout: structText("timespec", mem, u64(a, 4), o, 0) });
          return undefined;
        }
        case 1:
          if (!exited || result < 0) return ptrText(a, 1);
          return mmsgvecText(mem, u64(a, 1), result, o, result, true, notes.get(a)?.namelens);
        case 2:
          return String(a.lo[2]! >>> 0);
        case 3:
          return msgFlags(o, a.lo[3]!);
        case 4:
          return notes.get(a)?.timeout ?? ptrText(a, 4);
      }
      return undefined;
    },
  },
  results: {
    recvmmsg: (c) => {
      if (c.result < 0) return undefined;
      if (c.result === 0) return " (Timeout)";
      const p = u64(c.a, 4);
      if (p === 0) return undefined;
      const b = c.mem.peek(p, 16);
      return b ? ` (left ${timespecText(dv(b), 0)})` : ` (left ${ptrNum(p)})`;
    },
  },
  exitArgs: {
    // strace prints everything after the descriptor at exit
    recvmmsg: (i) => i >= 1,
    sendmmsg: (i) => i >= 1,
    recvfrom: (i) => i >= 1,
    accept: (i) => i >= 1,
    accept4: (i) => i >= 1,
    getsockname: (i) => i >= 1,
    getpeername: (i) => i >= 1,
    recvmsg: (i) => i >= 1,
    getsockopt: (i) => i >= 3,
  },
});

/** The received bytes (recvfrom): `n` bytes at `addr`. */
function structBuf(mem: PeekMemory, addr: number, n: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  if (n <= 0) return '""';
  const shown = Math.min(n, o.strsize);
  const b = mem.peek(addr, shown);
  if (!b) return ptrNum(addr);
  return quoteBytes(b, shown) + (n > o.strsize ? "..." : "");
}
