// A socket inside the machine: one OpenFile class for AF_UNIX (stream, datagram, seqpacket) and
// AF_INET/AF_INET6 on loopback (TCP as a stream, UDP as datagrams). Nothing leaves the machine:
// a connection is two Socket objects pointing at each other, each with a receive queue of
// messages; a listener holds the server halves of connections until accept() takes them.
//
// Every operation is "try once" (src/kernel/wait.ts): it finishes, throws SyscallError, or sleeps
// on a queue and returns null/BLOCK without having changed anything, so the re-run is correct.
// Any change of state wakes the queues of both ends; poll() and pollQueue() are built on that.
import { Errno } from "../../abi/errno.js";
import { O_NONBLOCK, O_RDWR, S_IFSOCK, W_OK } from "../../abi/fcntl.js";
import { FIONREAD, TIOCOUTQ } from "../../abi/ioctl.js";
import { Sig, SI_USER } from "../../abi/signals.js";
import {
  AF_INET, AF_INET6, AF_UNIX, DEFAULT_BUF, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP, IPV6_V6ONLY,
  IP_TOS, IP_TTL, MSG_DONTWAIT, MSG_NOSIGNAL, MSG_PEEK, MSG_TRUNC, MSG_WAITALL, SHUT_RD, SHUT_RDWR, SHUT_WR,
  SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET, SOMAXCONN, SO_ACCEPTCONN, SO_BROADCAST, SO_DEBUG,
  SO_DOMAIN, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE, SO_PASSCRED, SO_PEERCRED,
  SO_PRIORITY, SO_PROTOCOL, SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVLOWAT, SO_RCVTIMEO, SO_REUSEADDR, SO_REUSEPORT,
  SO_SNDBUF, SO_SNDBUFFORCE, SO_SNDLOWAT, SO_SNDTIMEO, SO_TYPE, TCP_CORK, TCP_DEFAULT_RCVBUF,
  TCP_DEFAULT_SNDBUF, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_MAXSEG, TCP_NODELAY, UNIX_MAX_DGRAM_QLEN,
} from "../../abi/socket.js";
import { OpenFile, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, anonIno, writeI32, zeroStat } from "../file.js";
import { sendSignal } from "../signal.js";
import type { Task } from "../task.js";
import { BLOCK, WaitQueue } from "../wait.js";
import { fail, type Stat } from "../vfs/node.js";
import type { VfsTask } from "../vfs/task-view.js";
import {
  UNIX_UNNAMED, V4_ANY, V4_LOOPBACK, V6_ANY, V6_LOOPBACK, encodeInet, isAnyAddr, isLoopback, isMapped, isV4Any,
  parseInet, parseUnix, sourceFor, type InetAddr, type UnixName,
} from "./addr.js";
import type { NetNamespace } from "./netns.js";
import type { HostNet, HostTcpConnection } from "../../host/types.js";

export const POLLRDHUP = 0x2000;
/** st_dev of socket inodes (Linux's sockfs is an anonymous device). */
const SOCKFS_DEV = 8;
/** How many bytes a stream end holds before its writer blocks. */
const UNIX_STREAM_CAP = DEFAULT_BUF;
const TCP_STREAM_CAP = 4 << 20;
const UDP_MAX_V4 = 65507;
const UDP_MAX_V6 = 65527;

/** Who sent a message (SCM_CREDENTIALS) or who is at the other end (SO_PEERCRED). */
export interface Cred {
  pid: number;
  uid: number;
  gid: number;
}

class Msg {
  off = 0;
  constructor(
    readonly data: Uint8Array,
    readonly from: Uint8Array | null,
    public rights: OpenFile[] | null,
    readonly cred: Cred | null,
  ) {}
  get left(): number {
    return this.data.length - this.off;
  }
}

/** What recv hands back to the syscall layer. */
export interface Received {
  /** The bytes for the caller (at most the asked length). */
  data: Uint8Array;
  /** The length of the whole datagram (MSG_TRUNC's answer); equals data.length for streams. */
  full: number;
  from: Uint8Array | null;
  /** Files passed along (SCM_RIGHTS). If `owned`, their references now belong to the caller. */
  rights: OpenFile[] | null;
  owned: boolean;
  cred: Cred | null;
  /** msg_flags: MSG_TRUNC when a datagram was cut. */
  flags: number;
}

/**
 * A blocking stream write that did not fit at once: how much of it is already queued. Linux keeps
 * such a write in the kernel until every byte is queued; here the handler sleeps and is re-run,
 * and this record (valid only while the task has run no instruction since) carries the progress.
 */
interface SendProgress {
  sock: Socket;
  len: number;
  done: number;
  instr: number;
}
const sendProgress = new WeakMap<Task, SendProgress>();

/** A signal waits for this task (unblocked): a partial blocking write returns its count. */
function signalWaiting(t: Task): boolean {
  const p = t.process as unknown as { sharedPendingLo?: number; sharedPendingHi?: number };
  const lo = (t.pendingLo | (p.sharedPendingLo ?? 0)) & ~t.sigmaskLo;
  const hi = (t.pendingHi | (p.sharedPendingHi ?? 0)) & ~t.sigmaskHi;
  return (lo | hi) !== 0;
}

/** A wait bounded by SO_RCVTIMEO/SO_SNDTIMEO: its deadline survives the handler's re-runs. */
interface TimedWait {
  sock: Socket;
  deadline: number;
  instr: number;
  queue: WaitQueue;
  cancel: (() => void) | null;
}
const timedWaits = new WeakMap<Task, TimedWait>();

function timevalMs(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const sec = dv.getInt32(0, true) + dv.getInt32(4, true) * 4294967296;
  const usec = dv.getInt32(8, true) + dv.getInt32(12, true) * 4294967296;
  return sec * 1000 + usec / 1000;
}

/** The call is finishing: drop its timer, if any. */
function endWait(t: Task): void {
  const r = timedWaits.get(t);
  if (r) {
    if (r.cancel) r.cancel();
    timedWaits.delete(t);
  }
}

function credOf(t: Task): Cred {
  return { pid: t.process.pid, uid: t.process.creds.euid, gid: t.process.creds.egid };
}

function sigpipe(t: Task, flags: number): never {
  if (!(flags & MSG_NOSIGNAL)) {
    sendSignal(t.process, t, Sig.SIGPIPE, SI_USER, t.process.pid, t.process.creds.uid);
  }
  fail(Errno.EPIPE);
}

function dropRights(list: OpenFile[] | null): void {
  if (list) for (const f of list) f.put();
}

/** Resolve a UNIX name to the socket bound to it (connect, sendto). */
function findUnix(t: Task, ns: NetNamespace, name: UnixName): Socket {
  if (name.kind === "unnamed") fail(Errno.EINVAL);
  if (name.kind === "abstract") {
    const s = ns.abstract.get(name.name);
    if (!s || s.closed) fail(Errno.ECONNREFUSED);
    return s;
  }
  const vt = t as unknown as VfsTask;
  const w = { task: vt, creds: vt.process.creds, fs: vt.process.fs };
  const d = vt.kernel.vfs.resolve(w, name.path, null, true);
  if (!d.node.hostJudges(w.creds)) d.node.access(w, W_OK);
  const st = d.node.getattr();
  if ((st.mode & 0o170000) !== S_IFSOCK) fail(Errno.ECONNREFUSED);
  const s = ns.nodes.get(st.dev + ":" + st.ino);
  if (!s || s.closed) fail(Errno.ECONNREFUSED);
  return s;
}

export class Socket extends OpenFile {
  readonly ino = anonIno();
  readonly queue = new WaitQueue();
  private readonly born: number;
  private readonly owner: { uid: number; gid: number };

  // ---- connection state ----
  listening = false;
  private backlog = 0;
  private readonly acceptQ: Socket[] = [];
  /** Streams and seqpackets: the other end. Datagrams: the default destination (connect). */
  peer: Socket | null = null;
  /** UNIX datagram sockets connected to this one: their writability follows this queue. */
  private readonly dgramSenders = new Set<Socket>();
  /** A stream or seqpacket connection was made (even if it has since ended). */
  connected = false;
  /** A server half not yet accepted. */
  private embryo = false;
  /** No more data will arrive (EOF once the queue is drained). */
  rcvShut = false;
  /** Writes fail with EPIPE. */
  sndShut = false;
  /** TCP: the other end is gone; the next write is answered by a reset. */
  private peerGone = false;
  /** TCP: the connection was reset (state CLOSE): no peer name, shutdown is ENOTCONN. */
  private reset = false;
  /** Pending error (SO_ERROR), reported once. */
  err = 0;
  closed = false;
  /** TCP: a non-blocking connect answered EINPROGRESS; the next connect() reports success. */
  private connectPending = false;

  // ---- names ----
  /** UNIX: bound name as getsockname reports it. */
  private unixName: Uint8Array | null = null;
  private abstractKey: string | null = null;
  private nodeKey: string | null = null;
  /** UNIX: the peer's name as it was at connect time. */
  private remoteName: Uint8Array | null = null;
  /** INET: local and remote endpoints. */
  local: InetAddr | null = null;
  remote: InetAddr | null = null;
  /** TCP through the host's network (--net host): the host connection and where it stands. */
  private hostConn: HostTcpConnection | null = null;
  private hostState: "connecting" | "connected" | "failed" = "connecting";
  /** INET: the port was picked by the kernel (released when a connect fails). */
  private autoBound = false;
  /** INET: the socket is in the namespace's port table. */
  private hashed = false;

  // ---- options ----
  reuseAddr = false;
  reusePort = false;
  v6only = false;
  passcred = false;
  private sndbuf: number;
  private rcvbuf: number;
  private readonly intOpts = new Map<string, number>();
  private linger = new Uint8Array(8);
  private rcvtimeo = new Uint8Array(16);
  private sndtimeo = new Uint8Array(16);
  /** This end's credentials (for the peer's SO_PEERCRED) and the peer's. */
  cred: Cred;
  peerCred: Cred | null = null;

  // ---- data ----
  private readonly rq: Msg[] = [];
  private rqBytes = 0;

  constructor(
    readonly ns: NetNamespace,
    readonly domain: number,
    readonly type: number,
    readonly protocol: number,
    flags: number,
    t: Task,
  ) {
    super(O_RDWR | (flags & O_NONBLOCK), null);
    this.born = Math.floor(t.kernel.host.realtimeMs() / 1000);
    this.owner = { uid: t.process.creds.euid, gid: t.process.creds.egid };
    this.cred = credOf(t);
    const tcp = this.isInet && type === SOCK_STREAM;
    this.sndbuf = tcp ? TCP_DEFAULT_SNDBUF : DEFAULT_BUF;
    this.rcvbuf = tcp ? TCP_DEFAULT_RCVBUF : DEFAULT_BUF;
  }

  /** What Linux's sock_diag reports of this socket (the tracer's -yy details), without side effects. */
  diagInfo(): { unixName: Uint8Array | null; peerIno: number; local: InetAddr | null; remote: InetAddr | null; listening: boolean; connected: boolean } {
    return {
      unixName: this.unixName,
      peerIno: this.peer ? this.peer.ino : 0,
      local: this.local,
      remote: this.remote,
      listening: this.listening,
      connected: this.connOriented ? this.connected && !this.reset : this.remote !== null,
    };
  }

  get isInet(): boolean {
    return this.domain !== AF_UNIX;
  }
  get proto(): string {
    return this.type === SOCK_STREAM ? "tcp" : "udp";
  }
  /** Stream or seqpacket: connection-oriented. */
  get connOriented(): boolean {
    return this.type !== SOCK_DGRAM;
  }
  private get nonBlock(): boolean {
    return this.nonBlocking;
  }
  private get capacity(): number {
    return this.isInet ? TCP_STREAM_CAP : UNIX_STREAM_CAP;
  }

  override get seekable(): boolean {
    return false;
  }
  override path(): string {
    return `socket:[${this.ino}]`;
  }
  stat(): Stat {
    const st = zeroStat(S_IFSOCK | 0o777, this.ino, SOCKFS_DEV);
    st.uid = this.owner.uid;
    st.gid = this.owner.gid;
    st.blksize = 4096;
    st.atimeSec = st.mtimeSec = st.ctimeSec = this.born;
    return st;
  }

  /**
   * Before sleeping: arm the SO_RCVTIMEO/SO_SNDTIMEO timer (`timeo`, a struct timeval). Returns
   * false when the timeout has already run out (the caller fails with EAGAIN).
   */
  private armTimeout(t: Task, timeo: Uint8Array): boolean {
    const ms = timevalMs(timeo);
    const old = timedWaits.get(t);
    let rec = old && old.sock === this && old.instr === t.instructions ? old : null;
    if (old && !rec) endWait(t);
    if (ms <= 0) return true;
    const now = t.kernel.clock.monotonicMs();
    if (!rec) {
      rec = { sock: this, deadline: now + ms, instr: t.instructions, queue: new WaitQueue(), cancel: null };
      timedWaits.set(t, rec);
    }
    const left = rec.deadline - now;
    if (left <= 0) {
      endWait(t);
      return false;
    }
    if (rec.cancel) rec.cancel();
    const q = rec.queue;
    rec.cancel = t.kernel.clock.setTimer(left, () => q.wakeAll());
    t.sleepOn(q);
    return true;
  }

  /** Wake everyone who waits on this socket or on its peer. */
  private notify(): void {
    this.queue.wakeAll();
    if (this.peer) this.peer.queue.wakeAll();
    for (const s of this.dgramSenders) s.queue.wakeAll();
  }

  // ------------------------------------------------------------------ names

  bind(t: Task, addr: Uint8Array): void {
    if (this.isInet) return this.bindInet(addr);
    const name = parseUnix(addr);
    if (name.kind === "unnamed") {
      if (!this.unixName) this.autobind();
      return;
    }
    if (name.kind === "abstract") {
      if (this.unixName) fail(Errno.EINVAL);
      if (this.ns.abstract.has(name.name)) fail(Errno.EADDRINUSE);
      this.ns.abstract.set(name.name, this);
      this.abstractKey = name.name;
      this.unixName = name.bytes;
      return;
    }
    const vt = t as unknown as VfsTask;
    const vfs = vt.kernel.vfs;
    const w = { task: vt, creds: vt.process.creds, fs: vt.process.fs };
    const p = vfs.resolveParent(w, name.path, null);
    if (p.name === "" || p.name === "." || p.name === ".." || p.trailingSlash) fail(Errno.EADDRINUSE);
    if (vfs.lookupChild(w, p.dir, p.name)) fail(Errno.EADDRINUSE);
    vfs.checkDirWritable(w, p.dir);
    // Linux makes the name first, then finds the socket already bound and takes the name back.
    if (this.unixName) fail(Errno.EINVAL);
    try {
      p.dir.node.mknod(w, p.name, S_IFSOCK | (0o777 & ~vt.process.fs.umask), 0);
    } catch (e) {
      if ((e as { errno?: number }).errno === Errno.EEXIST) fail(Errno.EADDRINUSE);
      throw e;
    }
    const d = vfs.lookupChild(w, p.dir, p.name);
    if (!d) fail(Errno.ENOENT);
    const st = d.node.getattr();
    this.nodeKey = st.dev + ":" + st.ino;
    this.ns.nodes.set(this.nodeKey, this);
    this.unixName = name.bytes;
  }

  private autobind(): void {
    const name = this.ns.autobindName();
    this.ns.abstract.set(name, this);
    this.abstractKey = name;
    const b = new Uint8Array(2 + name.length);
    b.set(UNIX_UNNAMED);
    for (let i = 0; i < name.length; i++) b[2 + i] = name.charCodeAt(i);
    this.unixName = b;
  }

  private bindInet(addr: Uint8Array): void {
    const a = parseInet(addr, this.domain, true);
    if (this.local) fail(Errno.EINVAL);
    if (this.domain === AF_INET6 && isMapped(a.ip) && this.v6only) fail(Errno.EINVAL);
    if (!isAnyAddr(a.ip) && !isLoopback(a.ip)) fail(Errno.EADDRNOTAVAIL);
    if (this.domain === AF_INET6 && isV4Any(a.ip) === false && isMapped(a.ip) && a.ip[12] !== 127) fail(Errno.EADDRNOTAVAIL);
    const ip = a.ip.slice();
    if (a.port === 0) {
      a.port = this.ns.ephemeral(this.proto, this, ip);
    } else {
      this.ns.checkFree(this.proto, this, { ip, port: a.port });
    }
    this.local = { ip, port: a.port };
    this.ns.add(this.proto, this, a.port);
    this.hashed = true;
  }

  /** An unbound INET socket takes an ephemeral port (connect, sendto, listen). */
  private autobindInet(ip: Uint8Array): void {
    const port = this.ns.ephemeral(this.proto, this, ip);
    this.local = { ip: ip.slice(), port };
    this.ns.add(this.proto, this, port);
    this.hashed = true;
    this.autoBound = true;
  }

  private unhash(): void {
    if (this.hashed && this.local) this.ns.remove(this.proto, this, this.local.port);
    this.hashed = false;
  }

  private wildcard(): Uint8Array {
    return this.domain === AF_INET ? V4_ANY : V6_ANY;
  }

  sockName(): Uint8Array {
    if (!this.isInet) return this.unixName ?? UNIX_UNNAMED;
    return encodeInet(this.local ?? { ip: this.wildcard(), port: 0 }, this.domain);
  }

  peerName(): Uint8Array {
    if (!this.isInet) {
      if (this.connOriented ? !this.connected : !this.peer) fail(Errno.ENOTCONN);
      return this.remoteName ?? UNIX_UNNAMED;
    }
    if (!this.remote || (this.connOriented && (!this.connected || this.reset))) fail(Errno.ENOTCONN);
    return encodeInet(this.remote, this.domain);
  }

  /** The address a datagram from this socket carries, as a receiver of `family` sees it. */
  private fromAddr(family: number, dst: Uint8Array): Uint8Array | null {
    if (!this.isInet) return this.unixName;
    const ip = this.local && !isAnyAddr(this.local.ip) ? this.local.ip : sourceFor(dst);
    return encodeInet({ ip, port: this.local ? this.local.port : 0 }, family);
  }

  // ------------------------------------------------------------------ connections

  listen(backlog: number): void {
    if (this.type === SOCK_DGRAM) fail(Errno.EOPNOTSUPP);
    if (this.connected) fail(Errno.EINVAL);
    if (this.isInet) {
      if (!this.local) this.autobindInet(this.wildcard());
      // Another listener on an overlapping address without SO_REUSEPORT on both.
      for (const o of this.ns.boundAt("tcp", this.local!.port)) {
        if (o !== this && o.listening && !(o.reusePort && this.reusePort)) {
          const a = o.local!.ip, b = this.local!.ip;
          if (isAnyAddr(a) || isAnyAddr(b) || a.every((v, i) => v === b[i])) fail(Errno.EADDRINUSE);
        }
      }
    } else if (!this.unixName) {
      fail(Errno.EINVAL);
    }
    this.backlog = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
    this.listening = true;
    this.queue.wakeAll();
  }

  /** connect(2): 0, BLOCK (after sleeping), or throws. */
  connect(t: Task, addr: Uint8Array): number {
    if (this.isInet) return this.type === SOCK_STREAM ? this.connectTcp(t, addr) : this.connectUdp(addr);
    if (addr.length >= 2 && (addr[0]! | (addr[1]! << 8)) === 0 && this.type === SOCK_DGRAM) {
      // AF_UNSPEC: dissolve the association.
      if (this.peer) this.peer.dgramSenders.delete(this);
      this.peer = null;
      this.remoteName = null;
      return 0;
    }
    const name = parseUnix(addr);
    if (name.kind === "unnamed") fail(Errno.EINVAL);
    // Linux gives a socket that asked for credentials a name of its own before connecting.
    if (this.passcred && !this.unixName) this.autobind();
    if (this.listening) fail(Errno.EINVAL);
    if (this.connOriented && this.connected) fail(Errno.EISCONN);
    const target = findUnix(t, this.ns, name);
    if (target.type !== this.type) fail(Errno.EPROTOTYPE);
    if (this.type === SOCK_DGRAM) {
      if (this.peer) this.peer.dgramSenders.delete(this);
      this.peer = target;
      if (target !== this) target.dgramSenders.add(this);
      this.remoteName = target.unixName;
      this.notify();
      return 0;
    }
    if (!target.listening) fail(Errno.ECONNREFUSED);
    if (target.acceptQ.length > target.backlog) {
      if (this.nonBlock) fail(Errno.EAGAIN);
      t.sleepOn(target.queue);
      return BLOCK;
    }
    const server = new Socket(this.ns, this.domain, this.type, this.protocol, 0, t);
    server.cred = target.cred;
    server.unixName = target.unixName;
    server.remoteName = this.unixName;
    server.passcred = target.passcred;
    this.remoteName = target.unixName;
    this.join(server, target, t);
    return 0;
  }

  /** Link this client to a fresh server half and queue it on `listener`. */
  private join(server: Socket, listener: Socket, t: Task): void {
    server.peer = this;
    server.connected = true;
    server.embryo = true;
    server.peerCred = credOf(t);
    this.peer = server;
    this.connected = true;
    this.peerCred = listener.cred;
    listener.acceptQ.push(server);
    listener.queue.wakeAll();
    this.notify();
  }

  private connectTcp(t: Task, addr: Uint8Array): number {
    const dst = parseInet(addr, this.domain, false);
    if (this.hostConn) {
      if (this.hostState === "connecting") {
        if (this.nonBlock) fail(Errno.EALREADY);
        t.sleepOn(this.queue);
        return BLOCK;
      }
      if (this.hostState === "failed" && this.err) {
        const e = this.err;
        this.err = 0;
        this.connectPending = false;
        fail(e);
      }
    }
    if (this.connectPending) {
      this.connectPending = false;
      if (this.err) {
        const e = this.err;
        this.err = 0;
        fail(e);
      }
      return 0;
    }
    if (this.connected || this.listening) fail(Errno.EISCONN);
    const ip = dst.ip.slice();
    if (this.domain === AF_INET6 && isMapped(ip) && this.v6only) fail(Errno.ENETUNREACH);
    // Connecting to the wildcard means this host.
    if (isV4Any(ip)) ip.set(V4_LOOPBACK);
    else if (isAnyAddr(ip)) ip.set(V6_LOOPBACK);
    if (!isLoopback(ip)) {
      const hn = t.kernel.host.net;
      if (!hn || this.local) fail(Errno.ENETUNREACH);
      return this.connectHost(t, hn, { ip, port: dst.port });
    }
    const target: InetAddr = { ip, port: dst.port };
    const listener = this.ns.lookup("tcp", target, (s) => s.listening && !s.closed);
    if (listener && listener.acceptQ.length > listener.backlog && !this.nonBlock) {
      t.sleepOn(listener.queue);
      return BLOCK;
    }
    if (!this.local) this.autobindInet(sourceFor(ip));
    else if (isAnyAddr(this.local.ip)) this.local.ip = sourceFor(ip).slice();
    if (!listener || dst.port === 0) {
      if (this.autoBound) {
        this.unhash();
        this.local = null;
        this.autoBound = false;
      }
      if (this.nonBlock) {
        // The reset arrives after the call returns: SO_ERROR and poll (ERR|HUP|IN|OUT) tell.
        this.err = Errno.ECONNREFUSED;
        this.connectPending = true;
        this.rcvShut = this.sndShut = true;
        this.notify();
        fail(Errno.EINPROGRESS);
      }
      fail(Errno.ECONNREFUSED);
    }
    const server = new Socket(this.ns, listener.domain, SOCK_STREAM, listener.protocol, 0, t);
    server.local = { ip: ip.slice(), port: dst.port };
    server.remote = { ip: this.local!.ip.slice(), port: this.local!.port };
    this.remote = target;
    server.cred = listener.cred;
    this.join(server, listener, t);
    this.peerCred = null;
    server.peerCred = null;
    if (this.nonBlock) {
      this.connectPending = true;
      fail(Errno.EINPROGRESS);
    }
    return 0;
  }

  /** A TCP connection out of the machine through the host (sysgate run --net host). */
  private connectHost(t: Task, hn: HostNet, target: InetAddr): number {
    this.remote = target;
    this.hostState = "connecting";
    this.connectPending = true;
    this.hostConn = hn.connectTcp(ipText(target.ip), target.port, {
      connected: (addr, port) => {
        this.hostState = "connected";
        this.connected = true;
        this.local = { ip: parseIpText(addr, this.domain), port };
        this.notify();
      },
      data: (bytes) => {
        if (!this.closed) this.enqueue(new Msg(bytes.slice(), null, null, null));
      },
      end: () => {
        this.rcvShut = true;
        this.notify();
      },
      error: (errno) => {
        if (this.hostState === "connecting") this.hostState = "failed";
        this.err = errno;
        this.rcvShut = this.sndShut = true;
        this.notify();
      },
    });
    if (this.nonBlock) fail(Errno.EINPROGRESS);
    t.sleepOn(this.queue);
    return BLOCK;
  }

  private connectUdp(addr: Uint8Array): number {
    if (addr.length >= 2 && (addr[0]! | (addr[1]! << 8)) === 0) {
      this.remote = null;
      if (this.local && this.autoBound) {
        this.unhash();
        this.local = null;
        this.autoBound = false;
      }
      return 0;
    }
    const dst = parseInet(addr, this.domain, false);
    const ip = dst.ip.slice();
    if (this.domain === AF_INET6 && isMapped(ip) && this.v6only) fail(Errno.ENETUNREACH);
    if (isV4Any(ip)) ip.set(V4_LOOPBACK);
    else if (isAnyAddr(ip)) ip.set(V6_LOOPBACK);
    if (!isLoopback(ip)) fail(Errno.ENETUNREACH);
    if (!this.local) this.autobindInet(sourceFor(ip));
    else if (isAnyAddr(this.local.ip)) this.local.ip = sourceFor(ip).slice();
    this.remote = { ip, port: dst.port };
    this.notify();
    return 0;
  }

  /** accept(2): the next connection, or null after sleeping. */
  accept(t: Task, flags: number): Socket | null {
    if (!this.listening) fail(Errno.EINVAL);
    const s = this.acceptQ.shift();
    if (!s) {
      if (this.nonBlock || !this.armTimeout(t, this.rcvtimeo)) fail(Errno.EAGAIN);
      t.sleepOn(this.queue);
      return null;
    }
    endWait(t);
    s.embryo = false;
    s.flags = O_RDWR | (flags & O_NONBLOCK);
    this.queue.wakeAll();
    s.notify();
    return s;
  }

  /** The accepted socket's view of its peer, for accept's address argument. */
  acceptName(): Uint8Array {
    if (!this.isInet) return this.remoteName ?? UNIX_UNNAMED;
    return encodeInet(this.remote!, this.domain);
  }

  shutdown(how: number): void {
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) fail(Errno.EINVAL);
    if (this.isInet && (this.reset || (!this.connected && !(this.type === SOCK_DGRAM && this.remote)))) {
      if (this.listening && how !== SHUT_WR) {
        this.stopListening();
        return;
      }
      fail(Errno.ENOTCONN);
    }
    const rd = how === SHUT_RD || how === SHUT_RDWR;
    const wr = how === SHUT_WR || how === SHUT_RDWR;
    if (rd) this.rcvShut = true;
    if (wr) this.sndShut = true;
    if (wr && this.hostConn) this.hostConn.end();
    const p = this.peer;
    if (p && this.connOriented) {
      if (wr) p.rcvShut = true;
      // A UNIX peer may no longer send to an end that stopped reading.
      if (rd && !this.isInet) p.sndShut = true;
    }
    this.notify();
  }

  private stopListening(): void {
    this.listening = false;
    for (const s of this.acceptQ.splice(0)) s.closeSocket();
    this.notify();
  }

  // ------------------------------------------------------------------ data

  /**
   * Send `data` (already copied from the guest) to the peer or to `dest` (a sockaddr). Returns the
   * byte count, or BLOCK after sleeping. `rights` are files for SCM_RIGHTS (referenced on queueing).
   */
  send(t: Task, data: Uint8Array, flags: number, dest: Uint8Array | null, rights: OpenFile[] | null, cred: Cred | null): number {
    try {
      return this.sendOnce(t, data, flags, dest, rights, cred);
    } catch (e) {
      endWait(t);
      throw e;
    }
  }

  private sendOnce(t: Task, data: Uint8Array, flags: number, dest: Uint8Array | null, rights: OpenFile[] | null, cred: Cred | null): number {
    const dontWait = this.nonBlock || (flags & MSG_DONTWAIT) !== 0;
    if (this.type === SOCK_DGRAM) return this.isInet ? this.sendUdp(data, dest) : this.sendUnixDgram(t, data, dontWait, dest, rights, cred);
    if (this.hostConn) return this.sendHost(t, data, flags, dontWait);
    // Connection-oriented. A blocking stream write resumes where its last run stopped.
    let base = 0;
    const streamWait = this.type === SOCK_STREAM && !dontWait;
    if (streamWait) {
      const rec = sendProgress.get(t);
      if (rec && rec.sock === this && rec.len === data.length && rec.instr === t.instructions) base = rec.done;
      sendProgress.delete(t);
    }
    try {
      this.sendChecks(t, flags);
    } catch (e) {
      if (base > 0) return base;
      throw e;
    }
    if (this.isInet && this.peerGone) {
      // The other end is closed: these bytes are answered by a reset and lost.
      this.peerGone = false;
      this.sndShut = true;
      this.rcvShut = true;
      this.reset = true;
      this.notify();
      return data.length;
    }
    const p = this.peer!;
    if (this.type === SOCK_SEQPACKET && data.length > this.sndbuf - 32) fail(Errno.EMSGSIZE);
    if (data.length === 0 && this.type === SOCK_STREAM) return 0;
    const space = this.capacity - p.rqBytes;
    const need = this.type === SOCK_SEQPACKET ? data.length : 1;
    if (space < need || space <= 0) {
      if (dontWait) fail(Errno.EAGAIN);
      if (base > 0 && signalWaiting(t)) return base;
      if (!this.armTimeout(t, this.sndtimeo)) {
        if (base > 0) return base;
        fail(Errno.EAGAIN);
      }
      if (streamWait) sendProgress.set(t, { sock: this, len: data.length, done: base, instr: t.instructions });
      t.sleepOn(p.queue);
      t.sleepOn(this.queue);
      return BLOCK;
    }
    const n = this.type === SOCK_SEQPACKET ? data.length : Math.min(data.length - base, space);
    const chunk = base === 0 && n === data.length ? data : data.slice(base, base + n);
    // Files and credentials travel with the first piece only.
    p.enqueue(new Msg(chunk, this.isInet ? null : this.unixName, base === 0 ? this.hold(rights) : null, cred ?? credOf(t)));
    const done = this.type === SOCK_SEQPACKET ? n : base + n;
    if (streamWait && done < data.length) {
      if (signalWaiting(t) || !this.armTimeout(t, this.sndtimeo)) {
        endWait(t);
        return done;
      }
      sendProgress.set(t, { sock: this, len: data.length, done, instr: t.instructions });
      t.sleepOn(p.queue);
      t.sleepOn(this.queue);
      return BLOCK;
    }
    endWait(t);
    return done;
  }

  /** Bytes for a host connection: handed to the host at once (it buffers). */
  private sendHost(t: Task, data: Uint8Array, flags: number, dontWait: boolean): number {
    if (this.hostState === "connecting") {
      if (dontWait) fail(Errno.EAGAIN);
      t.sleepOn(this.queue);
      return BLOCK;
    }
    this.failIfBroken(t, flags);
    if (data.length > 0) this.hostConn!.write(data.slice());
    return data.length;
  }

  /** A TCP send: a pending error (reported once), or EPIPE (+ SIGPIPE) after shutdown or reset. */
  private failIfBroken(t: Task, flags: number): void {
    if (this.err) {
      const e = this.err;
      this.err = 0;
      if (e === Errno.EPIPE) sigpipe(t, flags);
      fail(e);
    }
    if (this.sndShut || !this.connected) sigpipe(t, flags);
  }

  /** Why a connection-oriented send cannot go ahead (throws), if it cannot. */
  private sendChecks(t: Task, flags: number): void {
    if (this.isInet) {
      this.failIfBroken(t, flags);
    } else {
      if (!this.connected) fail(Errno.ENOTCONN);
      if (this.sndShut || !this.peer || this.peer.closed || this.peer.rcvShut) sigpipe(t, flags);
    }
  }

  private hold(rights: OpenFile[] | null): OpenFile[] | null {
    if (!rights || rights.length === 0) return null;
    for (const f of rights) f.get();
    return rights.slice();
  }

  private enqueue(m: Msg): void {
    this.rq.push(m);
    this.rqBytes += m.data.length;
    this.notify();
  }

  private sendUnixDgram(t: Task, data: Uint8Array, dontWait: boolean, dest: Uint8Array | null, rights: OpenFile[] | null, cred: Cred | null): number {
    let target: Socket;
    if (this.passcred && !this.unixName) this.autobind();
    if (dest) {
      target = findUnix(t, this.ns, parseUnix(dest));
      if (target.type !== SOCK_DGRAM) fail(Errno.EPROTOTYPE);
    } else {
      if (!this.peer) fail(Errno.ENOTCONN);
      target = this.peer;
      if (target.closed) {
        this.peer = null;
        fail(Errno.ECONNREFUSED);
      }
    }
    if (this.sndShut) sigpipe(t, 0);
    if (target.peer && target.peer !== this) fail(Errno.EPERM);
    if (data.length > this.sndbuf - 32) fail(Errno.EMSGSIZE);
    const full = target.peer === this
      ? target.rqBytes + data.length > target.rcvbuf && target.rq.length > 0
      : target.rq.length > UNIX_MAX_DGRAM_QLEN;
    if (full) {
      if (dontWait || !this.armTimeout(t, this.sndtimeo)) fail(Errno.EAGAIN);
      t.sleepOn(target.queue);
      return BLOCK;
    }
    endWait(t);
    target.enqueue(new Msg(data.slice(), this.unixName, this.hold(rights), cred ?? credOf(t)));
    return data.length;
  }

  private sendUdp(data: Uint8Array, dest: Uint8Array | null): number {
    let dst: InetAddr;
    const connectedSend = dest === null;
    if (dest) {
      dst = parseInet(dest, this.domain, false);
      dst.ip = dst.ip.slice();
    } else {
      if (!this.remote) fail(Errno.EDESTADDRREQ);
      if (this.err) {
        const e = this.err;
        this.err = 0;
        fail(e);
      }
      dst = this.remote;
    }
    if (this.sndShut) fail(Errno.EPIPE);
    if (this.domain === AF_INET6 && isMapped(dst.ip) && this.v6only) fail(Errno.ENETUNREACH);
    if (isV4Any(dst.ip)) dst = { ip: V4_LOOPBACK, port: dst.port };
    else if (isAnyAddr(dst.ip)) dst = { ip: V6_LOOPBACK, port: dst.port };
    if (!isLoopback(dst.ip)) fail(Errno.ENETUNREACH);
    if (dst.port === 0) fail(Errno.EINVAL);
    if (data.length > (isMapped(dst.ip) ? UDP_MAX_V4 : UDP_MAX_V6)) fail(Errno.EMSGSIZE);
    if (!this.local) this.autobindInet(this.wildcard());
    const target = this.ns.lookup("udp", dst, (s) => !s.closed && (!s.remote || (s.remote.port === this.local!.port)));
    if (!target) {
      // The port unreachable message comes back at once on loopback: a connected socket hears it.
      if (connectedSend) {
        this.err = Errno.ECONNREFUSED;
        this.notify();
      }
      return data.length;
    }
    if (target.rqBytes + data.length > target.rcvbuf) return data.length; // dropped, as UDP does
    target.enqueue(new Msg(data.slice(), this.fromAddr(target.domain, dst.ip), null, null));
    return data.length;
  }

  /** Receive up to `max` bytes; null after sleeping (the handler returns BLOCK). */
  recv(t: Task, max: number, flags: number): Received | null {
    try {
      return this.recvOnce(t, max, flags);
    } catch (e) {
      endWait(t);
      throw e;
    }
  }

  private recvOnce(t: Task, max: number, flags: number): Received | null {
    const dontWait = this.nonBlock || (flags & MSG_DONTWAIT) !== 0;
    const peek = (flags & MSG_PEEK) !== 0;
    if (this.listening) fail(this.isInet ? Errno.ENOTCONN : Errno.EINVAL);
    if (this.rq.length === 0) {
      if (this.err) {
        const e = this.err;
        this.err = 0;
        this.notify();
        fail(e);
      }
      if (this.connOriented) {
        if (!this.connected) {
          if (this.isInet) fail(Errno.ENOTCONN);
          fail(this.type === SOCK_SEQPACKET ? Errno.ENOTCONN : Errno.EINVAL);
        }
        if (this.rcvShut) return eof();
      } else if (this.rcvShut) {
        return eof();
      }
      if (dontWait || !this.armTimeout(t, this.rcvtimeo)) fail(Errno.EAGAIN);
      t.sleepOn(this.queue);
      return null;
    }
    if (this.type !== SOCK_STREAM) {
      endWait(t);
      const m = this.rq[0]!;
      const n = Math.min(max, m.data.length);
      const r: Received = {
        data: m.data.subarray(0, n), full: m.data.length, from: m.from, rights: m.rights, owned: !peek,
        cred: m.cred, flags: n < m.data.length ? MSG_TRUNC : 0,
      };
      if (!peek) {
        this.rq.shift();
        this.rqBytes -= m.data.length;
        m.rights = null;
        this.notify();
      }
      return r;
    }
    // Stream: gather across chunks; a chunk carrying files ends the read.
    if ((flags & MSG_WAITALL) && !peek && this.rqBytes < max && !this.rcvShut && !this.err && !dontWait
      && this.peer && !this.peer.closed && this.rqBytes < this.capacity && this.armTimeout(t, this.rcvtimeo)) {
      t.sleepOn(this.queue);
      return null;
    }
    endWait(t);
    const discard = this.isInet && (flags & MSG_TRUNC) !== 0;
    const want = Math.min(max, this.rqBytes);
    const out = discard ? new Uint8Array(0) : new Uint8Array(want);
    let got = 0;
    let rights: OpenFile[] | null = null;
    let from: Uint8Array | null = null;
    let cred: Cred | null = null;
    let i = 0;
    while (got < want && i < this.rq.length) {
      const m = this.rq[i]!;
      if (got > 0 && m.rights) break;
      if (got === 0) {
        from = m.from;
        cred = m.cred;
      }
      const n = Math.min(want - got, m.left);
      if (!discard) out.set(m.data.subarray(m.off, m.off + n), got);
      got += n;
      if (m.rights) {
        rights = m.rights;
        if (!peek) m.rights = null;
      }
      if (!peek) {
        m.off += n;
        if (m.left === 0) {
          this.rq.shift();
          continue;
        }
      } else if (n === m.left) {
        i++;
        if (rights) break;
        continue;
      }
      if (rights) break;
    }
    if (!peek) {
      this.rqBytes -= got;
      this.notify();
    }
    return { data: discard ? new Uint8Array(0) : out.subarray(0, got), full: got, from, rights, owned: !peek, cred, flags: 0 };

    function eof(): Received {
      return { data: new Uint8Array(0), full: 0, from: null, rights: null, owned: true, cred: null, flags: 0 };
    }
  }

  // ------------------------------------------------------------------ the file interface

  override read(t: VfsTask, buf: Uint8Array): number {
    if (buf.length === 0) return 0;
    const r = this.recv(t as unknown as Task, buf.length, 0);
    if (r === null) return BLOCK;
    if (r.owned) dropRights(r.rights);
    buf.set(r.data);
    return r.data.length;
  }

  override write(t: VfsTask, buf: Uint8Array): number {
    return this.send(t as unknown as Task, buf, 0, null, null, null);
  }

  override ioctl(t: VfsTask, cmd: number, argPtr: number): number {
    if (cmd === FIONREAD) {
      if (this.listening) fail(Errno.EINVAL);
      const n = this.type === SOCK_STREAM ? this.rqBytes : this.rq.length ? this.rq[0]!.data.length : 0;
      writeI32(t, argPtr, n);
      return 0;
    }
    if (cmd === TIOCOUTQ) {
      writeI32(t, argPtr, 0);
      return 0;
    }
    return super.ioctl(t, cmd, argPtr);
  }

  override poll(_t: VfsTask): number {
    if (this.listening) return this.acceptQ.length ? POLLIN | POLLRDNORM : 0;
    let m = 0;
    if (this.err) m |= POLLERR;
    if (this.rcvShut && this.sndShut) m |= POLLHUP;
    if (this.connOriented && !this.connected && !this.connectPending) m |= POLLHUP;
    if (this.rcvShut) m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (this.rq.length) m |= POLLIN | POLLRDNORM;
    if (this.writableNow()) m |= POLLOUT | POLLWRNORM;
    return m;
  }

  private writableNow(): boolean {
    if (this.sndShut) return true;
    if (this.hostConn && this.hostState === "connecting") return false;
    const p = this.peer;
    if (this.connOriented) {
      if (!p) return true;
      return this.capacity - p.rqBytes > 0;
    }
    if (!this.isInet && p && !p.closed) {
      return p.peer === this ? p.rqBytes < p.rcvbuf : p.rq.length <= UNIX_MAX_DGRAM_QLEN;
    }
    return true;
  }

  override pollQueue(): WaitQueue {
    return this.queue;
  }

  protected override release(): void {
    this.closeSocket();
  }

  /** The last reference is gone (or an unaccepted connection is dropped). */
  closeSocket(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.hostConn) this.hostConn.destroy();
    if (this.listening) this.stopListening();
    const p = this.peer;
    if (p && this.connOriented) {
      p.rcvShut = true;
      if (this.isInet) {
        if (this.rqBytes > 0 || this.embryo) {
          p.err = Errno.ECONNRESET;
          p.sndShut = true;
          p.reset = true;
        } else {
          p.peerGone = true;
        }
      } else {
        p.sndShut = true;
        if (this.rqBytes > 0 || this.embryo) p.err = Errno.ECONNRESET;
      }
    }
    if (p && !this.connOriented) p.dgramSenders.delete(this);
    for (const s of this.dgramSenders) s.queue.wakeAll();
    this.dgramSenders.clear();
    for (const m of this.rq) dropRights(m.rights);
    this.rq.length = 0;
    this.rqBytes = 0;
    if (this.abstractKey !== null && this.ns.abstract.get(this.abstractKey) === this) this.ns.abstract.delete(this.abstractKey);
    if (this.nodeKey !== null && this.ns.nodes.get(this.nodeKey) === this) this.ns.nodes.delete(this.nodeKey);
    this.unhash();
    this.notify();
    if (p) p.queue.wakeAll();
  }

  // ------------------------------------------------------------------ options

  getsockopt(level: number, name: number): Uint8Array {
    if (level === SOL_SOCKET) {
      switch (name) {
        case SO_TYPE: return int(this.type);
        case SO_ERROR: {
          const e = this.err;
          this.err = 0;
          if (e) this.notify();
          return int(e);
        }
        case SO_DOMAIN: return int(this.domain);
        case SO_PROTOCOL: return int(this.isInet ? (this.type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP) : 0);
        case SO_ACCEPTCONN: return int(this.listening ? 1 : 0);
        case SO_REUSEADDR: return int(this.reuseAddr ? 1 : 0);
        case SO_REUSEPORT: return int(this.reusePort ? 1 : 0);
        case SO_PASSCRED: return int(this.passcred ? 1 : 0);
        case SO_SNDBUF: return int(this.sndbuf);
        case SO_RCVBUF: return int(this.rcvbuf);
        case SO_KEEPALIVE: case SO_BROADCAST: case SO_OOBINLINE: case SO_DEBUG: case SO_DONTROUTE: case SO_PRIORITY:
          return int(this.intOpts.get("s" + name) ?? 0);
        case SO_RCVLOWAT: case SO_SNDLOWAT: return int(1);
        case SO_LINGER: return this.linger.slice();
        case SO_RCVTIMEO: return this.rcvtimeo.slice();
        case SO_SNDTIMEO: return this.sndtimeo.slice();
        case SO_PEERCRED: {
          const b = new Uint8Array(12);
          const dv = new DataView(b.buffer);
          const c = this.isInet ? null : this.peerCred;
          dv.setInt32(0, c ? c.pid : 0, true);
          dv.setInt32(4, c ? c.uid : -1, true);
          dv.setInt32(8, c ? c.gid : -1, true);
          return b;
        }
      }
      fail(Errno.ENOPROTOOPT);
    }
    if (!this.isInet) fail(Errno.EOPNOTSUPP);
    if (level === IPPROTO_TCP && this.type === SOCK_STREAM) {
      switch (name) {
        case TCP_NODELAY: case TCP_CORK: return int(this.intOpts.get("t" + name) ?? 0);
        case TCP_MAXSEG: return int(this.connected ? 65483 : 536);
        case TCP_KEEPIDLE: return int(this.intOpts.get("t" + name) ?? 7200);
        case TCP_KEEPINTVL: return int(this.intOpts.get("t" + name) ?? 75);
        case TCP_KEEPCNT: return int(this.intOpts.get("t" + name) ?? 9);
      }
      fail(Errno.ENOPROTOOPT);
    }
    if (level === IPPROTO_IPV6) {
      if (this.domain !== AF_INET6) fail(Errno.EOPNOTSUPP);
      if (name === IPV6_V6ONLY) return int(this.v6only ? 1 : 0);
    }
    if (level === IPPROTO_IP) {
      if (name === IP_TTL) return int(this.intOpts.get("i" + name) ?? 64);
      if (name === IP_TOS) return int(this.intOpts.get("i" + name) ?? 0);
    }
    fail(Errno.ENOPROTOOPT);
  }

  setsockopt(level: number, name: number, val: Uint8Array): void {
    const dv = new DataView(val.buffer, val.byteOffset, val.length);
    const asInt = (): number => {
      if (val.length < 4) fail(Errno.EINVAL);
      return dv.getInt32(0, true);
    };
    if (level === SOL_SOCKET) {
      switch (name) {
        case SO_REUSEADDR: this.reuseAddr = asInt() !== 0; return;
        case SO_REUSEPORT: this.reusePort = asInt() !== 0; return;
        case SO_PASSCRED: this.passcred = asInt() !== 0; return;
        case SO_SNDBUF: case SO_SNDBUFFORCE: {
          const v = Math.min(Math.max(asInt(), 0), DEFAULT_BUF);
          this.sndbuf = Math.max(v * 2, 4608);
          return;
        }
        case SO_RCVBUF: case SO_RCVBUFFORCE: {
          const v = Math.min(Math.max(asInt(), 0), DEFAULT_BUF);
          this.rcvbuf = Math.max(v * 2, 2304);
          return;
        }
        case SO_KEEPALIVE: case SO_BROADCAST: case SO_OOBINLINE: case SO_DEBUG: case SO_DONTROUTE:
          this.intOpts.set("s" + name, asInt() !== 0 ? 1 : 0);
          return;
        case SO_PRIORITY: this.intOpts.set("s" + name, asInt()); return;
        case SO_RCVLOWAT: case SO_SNDLOWAT: asInt(); return;
        case SO_LINGER: {
          if (val.length < 8) fail(Errno.EINVAL);
          this.linger = val.slice(0, 8);
          if (dv.getInt32(0, true) !== 0) new DataView(this.linger.buffer).setInt32(0, 1, true);
          return;
        }
        case SO_RCVTIMEO: case SO_SNDTIMEO: {
          if (val.length < 16) fail(Errno.EINVAL);
          const usec = dv.getInt32(8, true) + dv.getInt32(12, true) * 4294967296;
          if (usec < 0 || usec >= 1000000) fail(Errno.EDOM);
          if (name === SO_RCVTIMEO) this.rcvtimeo = val.slice(0, 16);
          else this.sndtimeo = val.slice(0, 16);
          return;
        }
        case SO_TYPE: case SO_ERROR: case SO_DOMAIN: case SO_PROTOCOL: case SO_ACCEPTCONN: case SO_PEERCRED:
          fail(Errno.ENOPROTOOPT);
      }
      fail(Errno.ENOPROTOOPT);
    }
    if (!this.isInet) fail(Errno.EOPNOTSUPP);
    if (level === IPPROTO_TCP && this.type === SOCK_STREAM) {
      switch (name) {
        case TCP_NODELAY: case TCP_CORK: this.intOpts.set("t" + name, asInt() !== 0 ? 1 : 0); return;
        case TCP_KEEPIDLE: case TCP_KEEPINTVL: case TCP_KEEPCNT: {
          const v = asInt();
          if (v < 1) fail(Errno.EINVAL);
          this.intOpts.set("t" + name, v);
          return;
        }
        case TCP_MAXSEG: asInt(); return;
      }
      fail(Errno.ENOPROTOOPT);
    }
    if (level === IPPROTO_IPV6 && this.domain !== AF_INET6) fail(Errno.EOPNOTSUPP);
    if (level === IPPROTO_IPV6 && name === IPV6_V6ONLY) {
      const v = asInt();
      if (this.local) fail(Errno.EINVAL);
      this.v6only = v !== 0;
      return;
    }
    if (level === IPPROTO_IP && (name === IP_TTL || name === IP_TOS)) {
      this.intOpts.set("i" + name, asInt());
      return;
    }
    fail(Errno.ENOPROTOOPT);
  }

  /** socketpair(2): two connected UNIX sockets. */
  static pair(ns: NetNamespace, type: number, protocol: number, flags: number, t: Task): [Socket, Socket] {
    const a = new Socket(ns, AF_UNIX, type, protocol, flags, t);
    const b = new Socket(ns, AF_UNIX, type, protocol, flags, t);
    a.peer = b;
    b.peer = a;
    if (type !== SOCK_DGRAM) {
      a.connected = b.connected = true;
    }
    a.peerCred = credOf(t);
    b.peerCred = credOf(t);
    return [a, b];
  }
}


/** An address as the host's network API takes it ("93.184.216.34", "2001:db8::1"). */
function ipText(ip: Uint8Array): string {
  if (isMapped(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return parts.join(":");
}

/** The host's text form of a local address, back to 16 bytes (unknown forms give the wildcard). */
function parseIpText(s: string, family: number): Uint8Array {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const ip = new Uint8Array(16);
    ip[10] = ip[11] = 0xff;
    for (let i = 0; i < 4; i++) ip[12 + i] = Number(v4[i + 1]) & 0xff;
    return ip;
  }
  const ip = new Uint8Array(16);
  if (family === AF_INET || !s.includes(":")) return family === AF_INET ? V4_ANY.slice() : ip;
  const [head, tail] = s.split("::") as [string, string | undefined];
  const a = head ? head.split(":") : [];
  const b = tail ? tail.split(":") : [];
  const groups = [...a, ...new Array(Math.max(0, 8 - a.length - b.length)).fill("0"), ...b];
  for (let i = 0; i < 8; i++) {
    const g = parseInt(groups[i] ?? "0", 16) || 0;
    ip[2 * i] = g >> 8;
    ip[2 * i + 1] = g & 0xff;
  }
  return ip;
}

function int(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}
