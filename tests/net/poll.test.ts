// Readiness of in-machine sockets as poll/epoll will see it (poll(t) bits), driven through a
// minimal stand-in for a task.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Socket, POLLRDHUP } from "../../src/kernel/net/socket.js";
import { NetNamespace } from "../../src/kernel/net/netns.js";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../../src/kernel/file.js";
import { encodeInet, V4_LOOPBACK } from "../../src/kernel/net/addr.js";
import { BLOCK, WaitQueue } from "../../src/kernel/wait.js";
import type { Task } from "../../src/kernel/task.js";
import { SOCK_STREAM } from "../../src/abi/socket.js";

function fakeTask(): Task {
  const slept: WaitQueue[] = [];
  return {
    process: { pid: 1, creds: { uid: 0, euid: 0, egid: 0, gid: 0 } },
    kernel: { host: { realtimeMs: () => 0, setTimer: () => () => {} }, clock: { monotonicMs: () => 0 } },
    instructions: 0,
    pendingLo: 0, pendingHi: 0, sigmaskLo: 0, sigmaskHi: 0,
    sleepOn: (q: WaitQueue) => { slept.push(q); },
    slept,
  } as unknown as Task;
}

const IN = POLLIN | POLLRDNORM;
const OUT = POLLOUT | POLLWRNORM;

test("socketpair stream: data, shutdown, close", () => {
  const t = fakeTask();
  const [a, b] = Socket.pair(new NetNamespace(), SOCK_STREAM, 0, 0, t);
  assert.equal(a.poll(t), OUT);
  assert.equal(a.send(t, new Uint8Array([1, 2, 3]), 0, null, null, null), 3);
  assert.equal(b.poll(t), IN | OUT);
  const r = b.recv(t, 10, 0);
  assert.equal(r?.data.length, 3);
  assert.equal(b.poll(t), OUT);
  assert.equal(b.recv(t, 10, 0), null); // would block
  a.shutdown(1);
  assert.equal(b.poll(t), IN | POLLRDHUP | OUT);
  a.get();
  a.put(); // last reference: closed
  assert.equal(b.poll(t), IN | POLLRDHUP | POLLHUP | OUT);
  assert.equal(b.recv(t, 10, 0)?.data.length, 0); // EOF
});

test("TCP listener and non-blocking connect", () => {
  const t = fakeTask();
  const ns = new NetNamespace();
  const l = new Socket(ns, 2, SOCK_STREAM, 0, 0, t);
  l.bind(t, encodeInet({ ip: V4_LOOPBACK, port: 0 }, 2));
  l.listen(5);
  assert.equal(l.poll(t), 0);
  const c = new Socket(ns, 2, SOCK_STREAM, 0, 0o4000, t);
  const addr = l.sockName();
  assert.throws(() => c.connect(t, addr), (e: { errno?: number }) => e.errno === 115); // EINPROGRESS
  assert.equal(c.poll(t), OUT);
  assert.equal(l.poll(t), IN);
  const s = l.accept(t, 0);
  assert.ok(s);
  assert.equal(l.poll(t), 0);
  assert.equal(c.connect(t, addr), 0); // the second connect reports success
  // Refused, non-blocking: the error shows through poll and SO_ERROR.
  const d = new Socket(ns, 2, SOCK_STREAM, 0, 0o4000, t);
  const none = encodeInet({ ip: V4_LOOPBACK, port: 1 }, 2);
  assert.throws(() => d.connect(t, none), (e: { errno?: number }) => e.errno === 115);
  assert.equal(d.poll(t) & (POLLERR | POLLHUP | POLLOUT), POLLERR | POLLHUP | POLLOUT);
  assert.equal(new DataView(d.getsockopt(1, 4).buffer).getInt32(0, true), 111);
  // A blocking accept on an empty queue sleeps on the listener's queue.
  assert.equal(l.accept(t, 0), null);
  assert.ok((t as unknown as { slept: WaitQueue[] }).slept.includes(l.pollQueue()));
  void BLOCK;
});
