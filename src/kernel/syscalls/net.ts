/**
 * The socket syscalls: argument decoding (sockaddrs, msghdrs, control messages) around the
 * in-machine sockets of src/kernel/net/socket.ts.
 */
import { Errno } from "../../abi/errno.js";
import { O_NONBLOCK } from "../../abi/fcntl.js";
import {
  AF_INET, AF_INET6, AF_UNIX, CMSG_HDR, IPPROTO_TCP, IPPROTO_UDP, MSG_CMSG_CLOEXEC, MSG_CTRUNC, MSG_DONTWAIT, MSG_TRUNC,
  MSG_WAITFORONE,
  MsghdrLayout, SCM_CREDENTIALS, SCM_RIGHTS, SOCKADDR_MAX, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_MAX, SOCK_NONBLOCK,
  SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOCK_TYPE_MASK, SOL_SOCKET, cmsgAlign,
} from "../../abi/socket.js";
import type { OpenFile } from "../file.js";
import { Socket, type Cred, type Received } from "../net/socket.js";
import { netns } from "../net/netns.js";
import type { Task } from "../task.js";
import { BLOCK } from "../wait.js";
import type { VfsTask } from "../vfs/task-view.js";
import { fail, handler, readIovec } from "./fs-common.js";
import type { SyscallHandlers } from "./types.js";
import { installFdPair } from "./pipe.js";

/** NPROTO: families at or above it do not exist. */
const NPROTO = 46;
/** SCM_MAX_FD: files in one SCM_RIGHTS message. */
const SCM_MAX_FD = 253;

function task(t: VfsTask): Task {
  return t as unknown as Task;
}

function sockOf(t: VfsTask, fd: number): Socket {
  const f = t.process.fds.file(fd);
  if (!(f instanceof Socket)) fail(Errno.ENOTSOCK);
  return f;
}

/** A sockaddr argument: EINVAL for a length outside 0..sizeof(sockaddr_storage). */
function sockaddrIn(t: VfsTask, addr: number, len: number): Uint8Array {
  if (len < 0 || len > SOCKADDR_MAX) fail(Errno.EINVAL);
  if (len === 0) return new Uint8Array(0);
  return t.mm.copyIn(addr, len);
}

/** Give a sockaddr back (accept, getsockname, recvfrom): copy what fits, report the full length. */
function sockaddrOut(t: VfsTask, addr: number, lenPtr: number, bytes: Uint8Array | null): void {
  if (addr === 0 || lenPtr === 0) return;
  const lb = t.mm.copyIn(lenPtr, 4);
  const have = new DataView(lb.buffer, lb.byteOffset, 4).getInt32(0, true);
  if (have < 0) fail(Errno.EINVAL);
  const n = bytes ? bytes.length : 0;
  if (bytes && n > 0 && have > 0) t.mm.copyOut(addr, bytes.subarray(0, Math.min(have, n)));
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n, true);
  t.mm.copyOut(lenPtr, out);
}

function checkAddrLenPtr(t: VfsTask, addr: number, lenPtr: number): void {
  if (addr === 0 || lenPtr === 0) return;
  const lb = t.mm.copyIn(lenPtr, 4);
  if (new DataView(lb.buffer, lb.byteOffset, 4).getInt32(0, true) < 0) fail(Errno.EINVAL);
}

function createSocket(t: VfsTask, domain: number, type: number, protocol: number): Socket {
  const flags = type & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  if (domain < 0 || domain >= NPROTO) fail(Errno.EAFNOSUPPORT);
  let base = type & SOCK_TYPE_MASK;
  if (base >= SOCK_MAX) fail(Errno.EINVAL);
  if (domain === AF_UNIX) {
    if (protocol !== 0 && protocol !== AF_UNIX) fail(Errno.EPROTONOSUPPORT);
    if (base === SOCK_RAW) base = SOCK_DGRAM;
    if (base !== SOCK_STREAM && base !== SOCK_DGRAM && base !== SOCK_SEQPACKET) fail(Errno.ESOCKTNOSUPPORT);
  } else if (domain === AF_INET || domain === AF_INET6) {
    if (base === SOCK_STREAM) {
      if (protocol !== 0 && protocol !== IPPROTO_TCP) fail(Errno.EPROTONOSUPPORT);
    } else if (base === SOCK_DGRAM) {
      if (protocol !== 0 && protocol !== IPPROTO_UDP) fail(Errno.EPROTONOSUPPORT);
    } else if (base === SOCK_RAW) {
      fail(t.process.creds.euid === 0 ? Errno.EPROTONOSUPPORT : Errno.EPERM);
    } else {
      fail(Errno.ESOCKTNOSUPPORT);
    }
  } else {
    fail(Errno.EAFNOSUPPORT);
  }
  return new Socket(netns(t.kernel), domain, base, protocol, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, task(t));
}

function doSocket(t: VfsTask, domain: number, type: number, protocol: number): number {
  const s = createSocket(t, domain, type, protocol);
  s.get();
  try {
    return t.process.fds.install(s, (type & SOCK_CLOEXEC) !== 0);
  } finally {
    s.put();
  }
}

function doSocketpair(t: VfsTask, domain: number, type: number, protocol: number, sv: number): number {
  const flags = type & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  if (domain < 0 || domain >= NPROTO) fail(Errno.EAFNOSUPPORT);
  let base = type & SOCK_TYPE_MASK;
  if (base >= SOCK_MAX) fail(Errno.EINVAL);
  if (domain === AF_INET || domain === AF_INET6) {
    // socket() would succeed, but INET has no socketpair.
    createSocket(t, domain, type, protocol);
    fail(Errno.EOPNOTSUPP);
  }
  if (domain !== AF_UNIX) fail(Errno.EAFNOSUPPORT);
  if (protocol !== 0 && protocol !== AF_UNIX) fail(Errno.EPROTONOSUPPORT);
  if (base === SOCK_RAW) base = SOCK_DGRAM;
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM && base !== SOCK_SEQPACKET) fail(Errno.ESOCKTNOSUPPORT);
  const [a, b] = Socket.pair(netns(t.kernel), base, protocol, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, task(t));
  a.get();
  b.get();
  try {
    installFdPair(t, a, b, (flags & SOCK_CLOEXEC) !== 0, sv);
    return 0;
  } finally {
    a.put();
    b.put();
  }
}

function doAccept(t: VfsTask, fd: number, addr: number, lenPtr: number, flags: number): number {
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  const s = sockOf(t, fd);
  if (s.type === SOCK_DGRAM) fail(Errno.EOPNOTSUPP);
  checkAddrLenPtr(t, addr, lenPtr);
  const c = s.accept(task(t), flags & SOCK_NONBLOCK ? O_NONBLOCK : 0);
  if (c === null) return BLOCK;
  c.get();
  try {
    const nfd = t.process.fds.install(c, (flags & SOCK_CLOEXEC) !== 0);
    try {
      sockaddrOut(t, addr, lenPtr, c.acceptName());
    } catch (e) {
      t.process.fds.close(nfd);
      throw e;
    }
    return nfd;
  } finally {
    c.put();
  }
}

// ---------------------------------------------------------------- send

interface Control {
  rights: OpenFile[] | null;
  cred: Cred | null;
}

function parseControl(t: VfsTask, s: Socket, ptr: number, len: number): Control {
  const ctl: Control = { rights: null, cred: null };
  if (len === 0) return ctl;
  if (len < 0 || len > 1 << 20) fail(Errno.ENOBUFS);
  const b = t.mm.copyIn(ptr, len);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  let off = 0;
  while (off + CMSG_HDR <= len) {
    const clen = dv.getUint32(off, true) + dv.getUint32(off + 4, true) * 4294967296;
    if (clen < CMSG_HDR || off + clen > len) fail(Errno.EINVAL);
    const level = dv.getInt32(off + 8, true);
    const type = dv.getInt32(off + 12, true);
    if (level === SOL_SOCKET) {
      if (s.isInet) fail(Errno.EINVAL);
      if (type === SCM_RIGHTS) {
        const n = Math.floor((clen - CMSG_HDR) / 4);
        if (n === 0) { off += cmsgAlign(clen); continue; }
        const list = ctl.rights ?? [];
        if (list.length + n > SCM_MAX_FD) fail(Errno.EINVAL);
        for (let i = 0; i < n; i++) list.push(t.process.fds.file(dv.getInt32(off + CMSG_HDR + 4 * i, true)));
        ctl.rights = list;
      } else if (type === SCM_CREDENTIALS) {
        if (clen !== CMSG_HDR + 12) fail(Errno.EINVAL);
        const pid = dv.getInt32(off + 16, true), uid = dv.getInt32(off + 20, true), gid = dv.getInt32(off + 24, true);
        const c = t.process.creds;
        const root = c.euid === 0;
        if (pid !== t.process.pid && !root) fail(Errno.EPERM);
        if (!root && uid !== c.uid && uid !== c.euid && uid !== c.suid) fail(Errno.EPERM);
        if (!root && gid !== c.gid && gid !== c.egid && gid !== c.sgid) fail(Errno.EPERM);
        ctl.cred = { pid, uid, gid };
      } else {
        fail(Errno.EINVAL);
      }
    } else if (!s.isInet) {
      fail(Errno.EINVAL);
    }
    off += cmsgAlign(clen);
  }
  return ctl;
}

function gather(t: VfsTask, iov: [number, number][]): Uint8Array {
  let size = 0;
  for (const [, l] of iov) size += l;
  const data = new Uint8Array(size);
  let o = 0;
  for (const [base, l] of iov) {
    if (l === 0) continue;
    data.set(t.mm.copyIn(base, l), o);
    o += l;
  }
  return data;
}

function doSendto(t: VfsTask, fd: number, buf: number, len: number, flags: number, addr: number, alen: number): number {
  const s = sockOf(t, fd);
  len = Math.min(len, 0x7ffff000);
  const data = len > 0 ? t.mm.copyIn(buf, len) : new Uint8Array(0);
  const dest = addr !== 0 && alen !== 0 ? sockaddrIn(t, addr, alen) : null;
  return s.send(task(t), data, flags, destFor(s, dest), null, null);
}

/** TCP and seqpacket ignore a destination; a UNIX stream refuses one. */
function destFor(s: Socket, dest: Uint8Array | null): Uint8Array | null {
  if (!dest) return null;
  if (!s.connOriented) return dest;
  if (!s.isInet && s.type === SOCK_STREAM) fail(s.connected ? Errno.EISCONN : Errno.EOPNOTSUPP);
  return null;
}

/** A struct msghdr from user memory, with its iovec array read (EMSGSIZE above 1024 entries). */
function readMsghdr(t: VfsTask, msgPtr: number) {
  const mb = t.mm.copyIn(msgPtr, MsghdrLayout.size);
  const dv = new DataView(mb.buffer, mb.byteOffset, mb.length);
  const u64 = (o: number): number => dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 4294967296;
  const iovlen = u64(MsghdrLayout.iovlen);
  if (iovlen > 1024) fail(Errno.EMSGSIZE);
  return {
    name: u64(MsghdrLayout.name),
    namelen: dv.getInt32(MsghdrLayout.namelen, true),
    iov: readIovec(t, u64(MsghdrLayout.iov), iovlen),
    control: u64(MsghdrLayout.control),
    controllen: u64(MsghdrLayout.controllen),
  };
}

function doSendmsg(t: VfsTask, fd: number, msgPtr: number, flags: number): number {
  const s = sockOf(t, fd);
  const { name, namelen, iov, control, controllen } = readMsghdr(t, msgPtr);
  const ctl = parseControl(t, s, control, controllen);
  const dest = destFor(s, name !== 0 && namelen !== 0 ? sockaddrIn(t, name, namelen) : null);
  const data = gather(t, iov);
  return s.send(task(t), data, flags, dest, ctl.rights, ctl.cred);
}

// ---------------------------------------------------------------- receive

function scatter(t: VfsTask, iov: [number, number][], data: Uint8Array): void {
  let o = 0;
  for (const [base, l] of iov) {
    if (o >= data.length) break;
    const n = Math.min(l, data.length - o);
    if (n > 0) t.mm.copyOut(base, data.subarray(o, o + n));
    o += n;
  }
}

function doRecvfrom(t: VfsTask, fd: number, buf: number, len: number, flags: number, addr: number, lenPtr: number): number {
  const s = sockOf(t, fd);
  checkAddrLenPtr(t, addr, lenPtr);
  len = Math.min(len, 0x7ffff000);
  const r = s.recv(task(t), len, flags);
  if (r === null) return BLOCK;
  if (r.owned && r.rights) for (const f of r.rights) f.put();
  if (r.data.length) t.mm.copyOut(buf, r.data);
  if (addr !== 0) sockaddrOut(t, addr, lenPtr, r.from);
  return resultLen(s, r, flags);
}

/** Write the control messages of a received message; returns [bytes used, extra msg_flags]. */
function deliverControl(t: VfsTask, s: Socket, r: Received, ptr: number, space: number, flags: number): [number, number] {
  let used = 0;
  let mflags = 0;
  const dropFrom = (list: OpenFile[] | null, from: number): void => {
    if (list && r.owned) for (let i = from; i < list.length; i++) list[i]!.put();
  };
  if (!s.isInet && s.passcred) {
    const need = CMSG_HDR + 12;
    if (ptr === 0 || space - used < need) {
      mflags |= MSG_CTRUNC;
    } else {
      const b = new Uint8Array(cmsgAlign(need));
      const dv = new DataView(b.buffer);
      dv.setUint32(0, need, true);
      dv.setInt32(8, SOL_SOCKET, true);
      dv.setInt32(12, SCM_CREDENTIALS, true);
      const c = r.cred ?? { pid: 0, uid: 65534, gid: 65534 };
      dv.setInt32(16, c.pid, true);
      dv.setInt32(20, c.uid, true);
      dv.setInt32(24, c.gid, true);
      const n = Math.min(b.length, space - used);
      t.mm.copyOut(ptr + used, b.subarray(0, n));
      used += n;
    }
  }
  const rights = r.rights;
  if (rights && rights.length) {
    const room = space - used;
    const fit = ptr === 0 || room <= CMSG_HDR ? 0 : Math.min(rights.length, Math.floor((room - CMSG_HDR) / 4));
    const fds: number[] = [];
    const cloexec = (flags & MSG_CMSG_CLOEXEC) !== 0;
    let i = 0;
    for (; i < fit; i++) {
      try {
        fds.push(t.process.fds.install(rights[i]!, cloexec));
      } catch {
        break;
      }
      if (r.owned) rights[i]!.put();
    }
    if (fds.length > 0) {
      const clen = CMSG_HDR + 4 * fds.length;
      const b = new Uint8Array(cmsgAlign(clen));
      const dv = new DataView(b.buffer);
      dv.setUint32(0, clen, true);
      dv.setInt32(8, SOL_SOCKET, true);
      dv.setInt32(12, SCM_RIGHTS, true);
      fds.forEach((fd, k) => dv.setInt32(CMSG_HDR + 4 * k, fd, true));
      const n = Math.min(b.length, room);
      t.mm.copyOut(ptr + used, b.subarray(0, n));
      used += n;
    }
    if (i < rights.length) {
      mflags |= MSG_CTRUNC;
      dropFrom(rights, i);
    }
  }
  return [used, mflags];
}

function doRecvmsg(t: VfsTask, fd: number, msgPtr: number, flags: number): number {
  const s = sockOf(t, fd);
  const { name, namelen, iov, control, controllen } = readMsghdr(t, msgPtr);
  let total = 0;
  for (const [, l] of iov) total += l;
  const r = s.recv(task(t), Math.min(total, 0x7ffff000), flags);
  if (r === null) return BLOCK;
  scatter(t, iov, r.data);
  const [used, cflags] = deliverControl(t, s, r, control, controllen, flags);
  const out = new DataView(new ArrayBuffer(4));
  // msg_namelen
  const from = name !== 0 ? r.from : null;
  let nl = 0;
  if (from && name !== 0) {
    nl = from.length;
    if (namelen > 0) t.mm.copyOut(name, from.subarray(0, Math.min(namelen, from.length)));
  }
  out.setInt32(0, nl, true);
  // Linux writes msg_namelen back only with the address (a NULL msg_name leaves it alone)
  if (name !== 0) t.mm.copyOut(msgPtr + MsghdrLayout.namelen, new Uint8Array(out.buffer.slice(0)));
  const cl = new Uint8Array(8);
  new DataView(cl.buffer).setUint32(0, used, true);
  t.mm.copyOut(msgPtr + MsghdrLayout.controllen, cl);
  out.setInt32(0, r.flags | cflags, true);
  t.mm.copyOut(msgPtr + MsghdrLayout.flags, new Uint8Array(out.buffer.slice(0)));
  return resultLen(s, r, flags);
}

/** recv's answer: a stream's byte count; a datagram's copied length, or its full length with MSG_TRUNC. */
function resultLen(s: Socket, r: Received, flags: number): number {
  if (s.type === SOCK_STREAM) return r.full;
  return flags & MSG_TRUNC ? r.full : r.data.length;
}

// ---------------------------------------------------------------- options

function doGetsockopt(t: VfsTask, fd: number, level: number, name: number, val: number, lenPtr: number): number {
  const s = sockOf(t, fd);
  const lb = t.mm.copyIn(lenPtr, 4);
  const have = new DataView(lb.buffer, lb.byteOffset, 4).getInt32(0, true);
  if (have < 0) fail(Errno.EINVAL);
  const v = s.getsockopt(level, name);
  const n = Math.min(have, v.length);
  if (n > 0) t.mm.copyOut(val, v.subarray(0, n));
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n, true);
  t.mm.copyOut(lenPtr, out);
  return 0;
}

function doSetsockopt(t: VfsTask, fd: number, level: number, name: number, val: number, len: number): number {
  const s = sockOf(t, fd);
  if (len < 0) fail(Errno.EINVAL);
  const v = len > 0 ? t.mm.copyIn(val, Math.min(len, 4096)) : new Uint8Array(0);
  s.setsockopt(level, name, v);
  return 0;
}

/** struct mmsghdr: a msghdr, then msg_len (unsigned int), padded to 64 bytes. */
const MMSG_SIZE = 64;

/**
 * sendmmsg/recvmmsg: one sendmsg/recvmsg per entry. Only the first may sleep (the re-run must not
 * repeat finished entries); later ones stop the batch when they would block, and an error after
 * the first entry ends the batch with the count so far, as Linux does.
 */
function doMmsg(t: VfsTask, fd: number, vec: number, vlen: number, flags: number, send: boolean): number {
  sockOf(t, fd);
  const n = Math.min(vlen >>> 0, 1024);
  let i = 0;
  for (; i < n; i++) {
    const entry = vec + i * MMSG_SIZE;
    const f = i === 0 ? flags & ~MSG_WAITFORONE : flags | MSG_DONTWAIT;
    let r: number;
    try {
      r = send ? doSendmsg(t, fd, entry, f) : doRecvmsg(t, fd, entry, f & ~MSG_WAITFORONE);
    } catch (e) {
      if (i > 0) break;
      throw e;
    }
    if (r === BLOCK) {
      if (i > 0) break;
      return BLOCK;
    }
    const lb = new Uint8Array(4);
    new DataView(lb.buffer).setUint32(0, r, true);
    t.mm.copyOut(entry + MsghdrLayout.size, lb);
  }
  return i;
}

/**
 * recvmmsg with its optional timeout, as Linux treats it: the timespec is read and checked before
 * the descriptor (EFAULT, EINVAL), it bounds nothing while the first datagram is awaited, and the
 * time left is written back once the batch ends. The deadline is fixed on the call's first entry
 * (kept across re-runs in the task's wait deadline, in ms with the nanoseconds as fraction).
 */
function doRecvmmsg(t: VfsTask, fd: number, vec: number, vlen: number, flags: number, tsPtr: number): number {
  const tk = task(t);
  if (tsPtr !== 0 && !tk.syscallRerun) {
    const b = t.mm.copyIn(tsPtr, 16);
    const d = new DataView(b.buffer, b.byteOffset, 16);
    const sec = d.getInt32(4, true) * 4294967296 + d.getUint32(0, true);
    const hiN = d.getInt32(12, true);
    const nsec = d.getUint32(8, true);
    if (sec < 0 || hiN !== 0 || nsec >= 1e9) fail(Errno.EINVAL);
    tk.waitDeadlineMs = (tk.kernel.clock.monotonicNs() + sec * 1e9 + nsec) / 1e6;
  }
  let r: number;
  try {
    r = doMmsg(t, fd, vec, vlen, flags, false);
  } catch (e) {
    if (tsPtr !== 0) tk.waitDeadlineMs = -1;
    throw e;
  }
  if (r === BLOCK || tsPtr === 0) return r;
  const leftNs = Math.max(0, Math.round(tk.waitDeadlineMs * 1e6) - tk.kernel.clock.monotonicNs());
  tk.waitDeadlineMs = -1;
  const out = new Uint8Array(16);
  const od = new DataView(out.buffer);
  od.setUint32(0, Math.floor(leftNs / 1e9), true);
  od.setUint32(4, Math.floor(leftNs / 1e9 / 4294967296), true);
  od.setUint32(8, leftNs % 1e9, true);
  try {
    t.mm.copyOut(tsPtr, out);
  } catch {
    return -Errno.EFAULT;
  }
  return r;
}

export const netSyscalls: SyscallHandlers = {
  sendmmsg: handler((t, a) => doMmsg(t, a.int(0), a.ptr(1), a.uint(2), a.int(3), true)),
  recvmmsg: handler((t, a) => doRecvmmsg(t, a.int(0), a.ptr(1), a.uint(2), a.int(3), a.ptr(4))),
  socket: handler((t, a) => doSocket(t, a.int(0), a.int(1), a.int(2))),
  socketpair: handler((t, a) => doSocketpair(t, a.int(0), a.int(1), a.int(2), a.ptr(3))),
  bind: handler((t, a) => {
    const s = sockOf(t, a.int(0));
    s.bind(task(t), sockaddrIn(t, a.ptr(1), a.int(2)));
    return 0;
  }),
  listen: handler((t, a) => {
    sockOf(t, a.int(0)).listen(a.int(1));
    return 0;
  }),
  connect: handler((t, a) => {
    const s = sockOf(t, a.int(0));
    return s.connect(task(t), sockaddrIn(t, a.ptr(1), a.int(2)));
  }),
  accept: handler((t, a) => doAccept(t, a.int(0), a.ptr(1), a.ptr(2), 0)),
  accept4: handler((t, a) => doAccept(t, a.int(0), a.ptr(1), a.ptr(2), a.int(3))),
  getsockname: handler((t, a) => {
    const s = sockOf(t, a.int(0));
    sockaddrOut(t, a.ptr(1), a.ptr(2), s.sockName());
    return 0;
  }),
  getpeername: handler((t, a) => {
    const s = sockOf(t, a.int(0));
    sockaddrOut(t, a.ptr(1), a.ptr(2), s.peerName());
    return 0;
  }),
  shutdown: handler((t, a) => {
    sockOf(t, a.int(0)).shutdown(a.int(1));
    return 0;
  }),
  sendto: handler((t, a) => doSendto(t, a.int(0), a.ptr(1), a.u64(2), a.int(3), a.ptr(4), a.int(5))),
  recvfrom: handler((t, a) => doRecvfrom(t, a.int(0), a.ptr(1), a.u64(2), a.int(3), a.ptr(4), a.ptr(5))),
  sendmsg: handler((t, a) => doSendmsg(t, a.int(0), a.ptr(1), a.int(2))),
  recvmsg: handler((t, a) => doRecvmsg(t, a.int(0), a.ptr(1), a.int(2))),
  getsockopt: handler((t, a) => doGetsockopt(t, a.int(0), a.int(1), a.int(2), a.ptr(3), a.ptr(4))),
  setsockopt: handler((t, a) => doSetsockopt(t, a.int(0), a.int(1), a.int(2), a.ptr(3), a.int(4))),
};
