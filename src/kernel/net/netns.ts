// The machine's one network namespace: who is bound where. UNIX sockets are found by abstract
// name or by the identity (dev, ino) of the socket file they were bound to; INET sockets by
// protocol and port. Kept per kernel in a WeakMap so the kernel core needs no field for it.
import { Errno } from "../../abi/errno.js";
import { EPHEMERAL_HIGH, EPHEMERAL_LOW } from "../../abi/socket.js";
import { fail } from "../vfs/node.js";
import { ipEqual, isMapped, isV4Any, isV6Any, type InetAddr } from "./addr.js";
import type { Socket } from "./socket.js";

export class NetNamespace {
  readonly abstract = new Map<string, Socket>();
  /** "dev:ino" of a socket file → the socket bound to it. */
  readonly nodes = new Map<string, Socket>();
  /** Bound INET sockets by "tcp:port" / "udp:port". */
  private readonly ports = new Map<string, Socket[]>();
  private nextEphemeral = EPHEMERAL_LOW + 1543;
  private nextAutobind = 0;

  /** A fresh autobind name: NUL and five hex digits, as Linux picks them. */
  autobindName(): string {
    for (let i = 0; i < 0x100000; i++) {
      const n = this.nextAutobind++ & 0xfffff;
      const name = "\0" + n.toString(16).padStart(5, "0");
      if (!this.abstract.has(name)) return name;
    }
    fail(Errno.ENOSPC);
  }

  private key(proto: string, port: number): string {
    return proto + ":" + port;
  }

  /** Sockets bound to `port` of `proto`. */
  boundAt(proto: string, port: number): readonly Socket[] {
    return this.ports.get(this.key(proto, port)) ?? [];
  }

  /** Can `s` take `addr`? EADDRINUSE on a conflict nobody's options allow. */
  checkFree(proto: string, s: Socket, addr: InetAddr): void {
    for (const o of this.boundAt(proto, addr.port)) {
      if (o === s || !o.local) continue;
      if (!overlaps(addr.ip, s.v6only, o.local.ip, o.v6only)) continue;
      if (s.reusePort && o.reusePort) continue;
      if (s.reuseAddr && o.reuseAddr && (proto === "udp" || !o.listening)) continue;
      fail(Errno.EADDRINUSE);
    }
  }

  /** A free ephemeral port for `s` at `ip`; EADDRINUSE if the range is exhausted. */
  ephemeral(proto: string, s: Socket, ip: Uint8Array): number {
    const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) {
      const port = EPHEMERAL_LOW + ((this.nextEphemeral - EPHEMERAL_LOW + i) % span);
      const taken = this.boundAt(proto, port).some((o) => o !== s && o.local && overlaps(ip, s.v6only, o.local.ip, o.v6only));
      if (!taken) {
        this.nextEphemeral = port + 1;
        return port;
      }
    }
    fail(Errno.EADDRINUSE);
  }

  add(proto: string, s: Socket, port: number): void {
    const k = this.key(proto, port);
    const list = this.ports.get(k);
    if (list) list.push(s);
    else this.ports.set(k, [s]);
  }

  remove(proto: string, s: Socket, port: number): void {
    const k = this.key(proto, port);
    const list = this.ports.get(k);
    if (!list) return;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.ports.delete(k);
  }

  /** The socket that receives what is sent to `dst` (exact address first, then wildcards). */
  lookup(proto: string, dst: InetAddr, want: (s: Socket) => boolean): Socket | null {
    let wild: Socket | null = null;
    for (const o of this.boundAt(proto, dst.port)) {
      if (!o.local || !want(o)) continue;
      if (ipEqual(o.local.ip, dst.ip)) return o;
      if (!wild && covers(o.local.ip, o.v6only, dst.ip)) wild = o;
    }
    return wild;
  }
}

/** Does the wildcard `any` (bound by a socket with `v6only`) include address `ip`? */
function covers(any: Uint8Array, v6only: boolean, ip: Uint8Array): boolean {
  if (isV4Any(any)) return isMapped(ip);
  if (isV6Any(any)) return !isMapped(ip) || !v6only;
  return false;
}

function overlaps(a: Uint8Array, aOnly: boolean, b: Uint8Array, bOnly: boolean): boolean {
  return ipEqual(a, b) || covers(a, aOnly, b) || covers(b, bOnly, a);
}

const spaces = new WeakMap<object, NetNamespace>();
export function netns(kernel: object): NetNamespace {
  let ns = spaces.get(kernel);
  if (!ns) {
    ns = new NetNamespace();
    spaces.set(kernel, ns);
  }
  return ns;
}
