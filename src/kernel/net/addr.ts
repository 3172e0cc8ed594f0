// Socket addresses inside the machine: parsing the guest's sockaddr bytes and building the ones
// the kernel hands back (getsockname, accept, recvfrom). INET addresses are kept in one 16-byte
// form: IPv4 as the v4-mapped IPv6 address ::ffff:a.b.c.d, so v4 and v6 sockets compare directly.
import { Errno } from "../../abi/errno.js";
import {
  AF_INET, AF_INET6, AF_UNIX, SOCKADDR_IN6_SIZE, SOCKADDR_IN_SIZE, SOCKADDR_UN_SIZE, UNIX_PATH_MAX,
} from "../../abi/socket.js";
import { fail } from "../vfs/node.js";

/** An INET endpoint: 16-byte address (v4 mapped) and port. */
export interface InetAddr {
  ip: Uint8Array;
  port: number;
}

export const V4_ANY = mapped(0, 0, 0, 0);
export const V6_ANY = new Uint8Array(16);
export const V4_LOOPBACK = mapped(127, 0, 0, 1);
export const V6_LOOPBACK = (() => {
  const a = new Uint8Array(16);
  a[15] = 1;
  return a;
})();

export function mapped(a: number, b: number, c: number, d: number): Uint8Array {
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  ip[12] = a;
  ip[13] = b;
  ip[14] = c;
  ip[15] = d;
  return ip;
}

export function isMapped(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}
export function ipEqual(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
export function isV6Any(ip: Uint8Array): boolean {
  return ipEqual(ip, V6_ANY);
}
export function isV4Any(ip: Uint8Array): boolean {
  return ipEqual(ip, V4_ANY);
}
export function isAnyAddr(ip: Uint8Array): boolean {
  return isV6Any(ip) || isV4Any(ip);
}
/** 127.0.0.0/8, ::1 or ::ffff:127.x.y.z: the only addresses the machine owns. */
export function isLoopback(ip: Uint8Array): boolean {
  if (isMapped(ip)) return ip[12] === 127;
  return ipEqual(ip, V6_LOOPBACK);
}
/** The source address a connection or datagram to `dst` goes out with. */
export function sourceFor(dst: Uint8Array): Uint8Array {
  return isMapped(dst) ? V4_LOOPBACK : V6_LOOPBACK;
}

/** Parse a sockaddr for an INET socket of `family`; checks family and length as Linux does. */
export function parseInet(b: Uint8Array, family: number, forBind: boolean): InetAddr {
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  if (b.length < 2) fail(Errno.EINVAL);
  const fam = dv.getUint16(0, true);
  if (family === AF_INET) {
    if (b.length < SOCKADDR_IN_SIZE) fail(Errno.EINVAL);
    if (fam !== AF_INET) {
      // bind() tolerates AF_UNSPEC with INADDR_ANY (old programs); anything else is refused.
      const any = dv.getUint32(4) === 0;
      if (!(forBind && fam === 0 && any)) fail(Errno.EAFNOSUPPORT);
    }
    return { ip: mapped(b[4]!, b[5]!, b[6]!, b[7]!), port: dv.getUint16(2) };
  }
  if (b.length < 24) fail(Errno.EINVAL);
  if (fam !== AF_INET6) fail(forBind ? Errno.EINVAL : Errno.EAFNOSUPPORT);
  return { ip: b.slice(8, 24), port: dv.getUint16(2) };
}

/** A sockaddr_in or sockaddr_in6 for `a`, as a socket of `family` reports it. */
export function encodeInet(a: InetAddr, family: number): Uint8Array {
  if (family === AF_INET) {
    const out = new Uint8Array(SOCKADDR_IN_SIZE);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, AF_INET, true);
    dv.setUint16(2, a.port);
    out.set(a.ip.subarray(12, 16), 4);
    return out;
  }
  const out = new Uint8Array(SOCKADDR_IN6_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, AF_INET6, true);
  dv.setUint16(2, a.port);
  out.set(a.ip, 8);
  return out;
}

/** A parsed sockaddr_un. */
export type UnixName =
  | { kind: "unnamed" }
  | { kind: "abstract"; name: string; bytes: Uint8Array }
  | { kind: "path"; path: string; bytes: Uint8Array };

/** Parse a sockaddr_un: EINVAL for a wrong family or length. */
export function parseUnix(b: Uint8Array): UnixName {
  if (b.length < 2 || b.length > SOCKADDR_UN_SIZE) fail(Errno.EINVAL);
  const fam = b[0]! | (b[1]! << 8);
  if (fam !== AF_UNIX) fail(Errno.EINVAL);
  if (b.length === 2) return { kind: "unnamed" };
  const body = b.subarray(2, Math.min(b.length, 2 + UNIX_PATH_MAX));
  if (body[0] === 0) {
    // Abstract: every byte up to the given length is part of the name.
    let s = "";
    for (const c of body) s += String.fromCharCode(c);
    return { kind: "abstract", name: s, bytes: b.slice(0, 2 + body.length) };
  }
  let end = body.indexOf(0);
  if (end < 0) end = body.length;
  let s = "";
  for (let i = 0; i < end; i++) s += String.fromCharCode(body[i]!);
  // What getsockname gives back: family, the path and its NUL.
  const bytes = new Uint8Array(2 + end + 1);
  bytes.set(b.subarray(0, 2 + end));
  return { kind: "path", path: s, bytes };
}

/** The sockaddr of an unnamed UNIX socket: just the family (length 2). */
export const UNIX_UNNAMED = new Uint8Array([AF_UNIX, 0]);
