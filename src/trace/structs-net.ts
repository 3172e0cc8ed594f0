/**
 * strace's text for the structures of poll, epoll and sockets: pollfd arrays (and poll's revents
 * after the result), epoll_event, sockaddr (AF_UNIX, AF_INET, AF_INET6). Memory through `peek` only.
 */
import type { NameTable } from "../abi/signatures.js";
import { pollEventNames, epollEventNames } from "../abi/trace-tables.js";
import { addressFamilyNames } from "../abi/socket.js";

export interface Peek {
  peek(addr: number, len: number): Uint8Array | null;
}

type Flags = (v: number, names: NameTable) => string;

const hexPtr = (p: number) => (p === 0 ? "NULL" : "0x" + p.toString(16));

/** `[{fd=3, events=POLLIN}, ...]` (entry) for `n` pollfds at `addr`; at most `max` shown. */
export function pollfdsText(mem: Peek, addr: number, n: number, max: number, flags: Flags): string {
  if (addr === 0) return "NULL";
  const shown = Math.min(n, max);
  const b = n > 0 && n < 65536 ? mem.peek(addr, shown * 8) : null;
  if (!b) return n === 0 ? "[]" : hexPtr(addr);
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push(`{fd=${d.getInt32(i * 8, true)}, events=${flags(d.getUint16(i * 8 + 4, true), pollEventNames)}}`);
  if (n > shown) parts.push("...");
  return `[${parts.join(", ")}]`;
}

/** poll's result suffix: " (Timeout)" or " ([{fd=3, revents=POLLIN}])". */
export function pollResultSuffix(mem: Peek, addr: number, n: number, result: number, flags: Flags): string {
  if (result === 0) return " (Timeout)";
  if (result < 0 || n <= 0 || n >= 65536) return "";
  const b = mem.peek(addr, n * 8);
  if (!b) return "";
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const rev = d.getUint16(i * 8 + 6, true);
    if (rev !== 0) parts.push(`{fd=${d.getInt32(i * 8, true)}, revents=${flags(rev, pollEventNames)}}`);
  }
  return ` ([${parts.join(", ")}])`;
}

function u64Text(d: DataView, o: number): string {
  const h = d.getUint32(o + 4, true);
  const l = d.getUint32(o, true);
  if (h < 0x200000) return String(h * 4294967296 + l);
  return ((BigInt(h) << 32n) | BigInt(l)).toString();
}

/** One epoll_event (12 bytes, packed): `{events=EPOLLIN, data={u32=3, u64=3}}`. */
export function epollEventText(b: Uint8Array, off: number, flags: Flags): string {
  const d = new DataView(b.buffer, b.byteOffset + off, 12);
  return `{events=${flags(d.getUint32(0, true), epollEventNames)}, data={u32=${d.getUint32(4, true)}, u64=${u64Text(d, 4)}}}`;
}

/** `n` epoll_events at `addr`. */
export function epollEventsText(mem: Peek, addr: number, n: number, max: number, flags: Flags): string {
  if (addr === 0) return "NULL";
  if (n <= 0) return "[]";
  const shown = Math.min(n, max);
  const b = mem.peek(addr, shown * 12);
  if (!b) return hexPtr(addr);
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push(epollEventText(b, i * 12, flags));
  if (n > shown) parts.push("...");
  return `[${parts.join(", ")}]`;
}

export function ipv6Text(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[i * 2]! << 8) | b[i * 2 + 1]!);
  // IPv4-mapped addresses keep their dotted tail.
  if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  // The longest run (two or more) of zero groups becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

/** A sockaddr of `len` bytes: `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("1.2.3.4")}`. */
export function sockaddrText(mem: Peek, addr: number, len: number, quote: (b: Uint8Array, n: number) => string): string {
  if (addr === 0) return "NULL";
  if (len < 2 || len > 128) return hexPtr(addr);
  const b = mem.peek(addr, len);
  if (!b) return hexPtr(addr);
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fam = d.getUint16(0, true);
  const famName = addressFamilyNames.find(([v]) => v === fam)?.[1] ?? `${fam} /* AF_??? */`;
  let s = `{sa_family=${famName}`;
  if (fam === 1) {
    // sun_path is 108 bytes: a longer address shows no more of it
    const path = b.subarray(2, Math.min(len, 110));
    if (path.length > 0 && path[0] === 0) {
      let z = path.indexOf(0, 1);
      if (z < 0) z = path.length;
      const name = path.subarray(1);
      s += `, sun_path=@${quote(name, Math.max(0, path.length - 1))}`;
    } else if (path.length > 0) {
      let z = path.indexOf(0);
      if (z < 0) z = path.length;
      s += `, sun_path=${quote(path, z)}`;
    }
  } else if (fam === 2 && len >= 16) {
    s += `, sin_port=htons(${d.getUint16(2, false)}), sin_addr=inet_addr("${b[4]}.${b[5]}.${b[6]}.${b[7]}")`;
  } else if (fam === 10 && len >= 24) {
    s += `, sin6_port=htons(${d.getUint16(2, false)}), sin6_flowinfo=htonl(${d.getUint32(4, false)}), inet_pton(AF_INET6, "${ipv6Text(b.subarray(8, 24))}", &sin6_addr)`;
    if (len >= 28) s += `, sin6_scope_id=${d.getUint32(24, true)}`;
  } else if (len > 2) {
    s += `, sa_data=${quote(b.subarray(2), len - 2)}`;
  }
  return s + "}";
}
