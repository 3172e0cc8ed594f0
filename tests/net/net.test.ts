// Pieces of in-machine networking that need no guest: the host's socket files (bind on a host
// path), sockaddr parsing, and the port table's conflict rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeSocketFile } from "../../src/host/node-sock.js";
import { HostError } from "../../src/host/types.js";
import { encodeInet, isLoopback, mapped, parseInet, parseUnix, V4_ANY, V6_ANY } from "../../src/kernel/net/addr.js";
import { NetNamespace } from "../../src/kernel/net/netns.js";
import type { Socket } from "../../src/kernel/net/socket.js";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Errno } from "../../src/abi/errno.js";

test("makeSocketFile makes a socket file and refuses an existing name", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sysgate-net-"));
  try {
    const p = path.join(dir, "a.sock");
    makeSocketFile(p, 0o755);
    const st = fs.lstatSync(p);
    assert.ok(st.isSocket());
    assert.equal(st.mode & 0o777, 0o755);
    assert.throws(() => makeSocketFile(p, 0o755), (e: unknown) => e instanceof HostError && e.errno === 17);
    // Nothing but the name is left behind.
    assert.deepEqual(fs.readdirSync(dir), ["a.sock"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function sockaddrIn(port: number, a: number, b: number, c: number, d: number): Uint8Array {
  return encodeInet({ ip: mapped(a, b, c, d), port }, 2);
}

test("INET addresses: v4 as mapped v6, loopback only", () => {
  const a = parseInet(sockaddrIn(8080, 127, 0, 0, 9), 2, false);
  assert.equal(a.port, 8080);
  assert.ok(isLoopback(a.ip));
  assert.ok(!isLoopback(mapped(10, 0, 0, 1)));
  assert.throws(() => parseInet(new Uint8Array(8), 2, false), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EINVAL);
  const six = encodeInet({ ip: mapped(127, 0, 0, 1), port: 1 }, 10);
  assert.equal(six.length, 28);
  assert.equal(six[18], 0xff);
});

test("UNIX names: path, abstract, unnamed", () => {
  const path = new Uint8Array([1, 0, 0x61, 0x62, 0, 0x63]);
  const p = parseUnix(path);
  assert.equal(p.kind, "path");
  if (p.kind === "path") {
    assert.equal(p.path, "ab");
    assert.equal(p.bytes.length, 5);
  }
  const abs = parseUnix(new Uint8Array([1, 0, 0, 0x78, 0]));
  assert.equal(abs.kind, "abstract");
  if (abs.kind === "abstract") assert.equal(abs.name, "\0x\0");
  assert.equal(parseUnix(new Uint8Array([1, 0])).kind, "unnamed");
  assert.throws(() => parseUnix(new Uint8Array([2, 0, 0x61])), (e: unknown) => e instanceof SyscallError && e.errno === Errno.EINVAL);
});

test("port table: wildcard overlap, SO_REUSEADDR, v6only, lookup prefers the exact address", () => {
  const ns = new NetNamespace();
  const mk = (ip: Uint8Array, opts: Partial<Socket> = {}): Socket =>
    ({ local: { ip, port: 5000 }, v6only: false, reuseAddr: false, reusePort: false, listening: false, closed: false, ...opts }) as unknown as Socket;
  const any4 = mk(V4_ANY, { listening: true });
  ns.add("tcp", any4, 5000);
  const inUse = (e: unknown): boolean => e instanceof SyscallError && e.errno === Errno.EADDRINUSE;
  assert.throws(() => ns.checkFree("tcp", mk(mapped(127, 0, 0, 1)), { ip: mapped(127, 0, 0, 1), port: 5000 }), inUse);
  assert.throws(() => ns.checkFree("tcp", mk(V6_ANY), { ip: V6_ANY, port: 5000 }), inUse);
  // A v6-only wildcard does not cover IPv4.
  ns.checkFree("tcp", mk(V6_ANY, { v6only: true }), { ip: V6_ANY, port: 5000 });
  const exact = mk(mapped(127, 0, 0, 2), { listening: true });
  ns.add("tcp", exact, 5000);
  assert.equal(ns.lookup("tcp", { ip: mapped(127, 0, 0, 2), port: 5000 }, () => true), exact);
  assert.equal(ns.lookup("tcp", { ip: mapped(127, 0, 0, 3), port: 5000 }, () => true), any4);
  assert.equal(ns.lookup("tcp", { ip: new Uint8Array(16).fill(0, 0, 15).map((_, i) => (i === 15 ? 1 : 0)), port: 5000 }, () => true), null);
  const port = ns.ephemeral("udp", mk(V4_ANY), V4_ANY);
  assert.ok(port >= 32768 && port <= 60999);
});
