// The host network for `sysgate run --net host`: outgoing TCP connections through node:net. The
// guest's socket (src/kernel/net/socket.ts) turns these events into its queue and wake-ups.
import * as net from "node:net";
import type { HostNet, HostTcpConnection, HostTcpEvents } from "./types.js";

const errnoByCode: Record<string, number> = {
  ECONNREFUSED: 111, ECONNRESET: 104, ETIMEDOUT: 110, EHOSTUNREACH: 113, ENETUNREACH: 101,
  EPIPE: 32, ECONNABORTED: 103, EADDRNOTAVAIL: 99, EACCES: 13, EPERM: 1,
};

export function createNodeHostNet(): HostNet {
  return {
    connectTcp(address: string, port: number, ev: HostTcpEvents): HostTcpConnection {
      const sock = net.connect({ host: address, port, allowHalfOpen: true });
      sock.setNoDelay(true);
      sock.on("connect", () => ev.connected(sock.localAddress ?? "", sock.localPort ?? 0));
      sock.on("data", (b: Buffer) => ev.data(new Uint8Array(b.buffer, b.byteOffset, b.length)));
      sock.on("end", () => ev.end());
      sock.on("error", (e: NodeJS.ErrnoException) => ev.error(errnoByCode[e.code ?? ""] ?? 111));
      return {
        write: (bytes) => { sock.write(bytes); },
        end: () => { sock.end(); },
        destroy: () => { sock.destroy(); },
      };
    },
  };
}
