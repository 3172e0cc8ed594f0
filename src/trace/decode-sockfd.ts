/**
 * -yy for sockets: the details strace gets from sock_diag, built from sysgate's own Socket state.
 *   UNIX:[INODE->PEER,"path"]   (peer and name only when there are some; @"name" for abstract ones)
 *   TCP:[127.0.0.1:40000->127.0.0.1:80]   (connected)   TCP:[127.0.0.1:80]   (listening)
 *   TCP:[INODE]   when the socket is in no table sock_diag walks (fresh, or bound only).
 * UDP is listed once it has a local port. IPv6 sockets are TCPv6/UDPv6 with bracketed addresses.
 */
import { Socket } from "../kernel/net/socket.js";
import type { InetAddr } from "../kernel/net/addr.js";
import { quoteBytes } from "./format.js";
import { ipv6Text } from "./structs-net.js";

const AF_UNIX = 1;
const AF_INET6 = 10;
const SOCK_STREAM = 1;

function endpoint(a: InetAddr, v6: boolean): string {
  const ip = a.ip;
  if (!v6) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}:${a.port}`;
  return `[${ipv6Text(ip)}]:${a.port}`;
}

/** The -yy text of a socket, or null when `f` is not one of sysgate's sockets. */
export function socketDetail(f: unknown): string | null {
  if (!(f instanceof Socket)) return null;
  const d = f.diagInfo();
  if (f.domain === AF_UNIX) {
    let s = `UNIX:[${f.ino}`;
    if (d.peerIno) s += `->${d.peerIno}`;
    const n = d.unixName;
    if (n && n.length > 2) {
      const body = n.subarray(2);
      if (body[0] === 0) {
        const rest = body.subarray(1);
        let z = rest.indexOf(0);
        if (z < 0) z = rest.length;
        s += `,@${quoteBytes(rest, z)}`;
      } else {
        let z = body.indexOf(0);
        if (z < 0) z = body.length;
        s += `,${quoteBytes(body, z)}`;
      }
    }
    return s + "]";
  }
  const v6 = f.domain === AF_INET6;
  const proto = (f.type === SOCK_STREAM ? "TCP" : "UDP") + (v6 ? "v6" : "");
  const listed = f.type === SOCK_STREAM ? d.listening || d.connected : d.local !== null;
  if (!listed || !d.local) return `${proto}:[${f.ino}]`;
  const remote = d.remote;
  if (d.listening || remote === null) return `${proto}:[${endpoint(d.local, v6)}]`;
  return `${proto}:[${endpoint(d.local, v6)}->${endpoint(remote!, v6)}]`;
}
