/** epoll_create/create1/ctl/wait/pwait/pwait2 and eventfd/eventfd2. */
import { Errno } from "../../abi/errno.js";
import { O_CLOEXEC, O_NONBLOCK } from "../../abi/fcntl.js";
import { BLOCK } from "../wait.js";
import { OpenFile } from "../file.js";
import {
  EPOLLERR, EPOLLEXCLUSIVE, EPOLLEXCLUSIVE_OK, EPOLLHUP, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EpollFile,
} from "../epoll.js";
import { EFD_SEMAPHORE, EventFdFile } from "../eventfd.js";
import type { Task } from "../task.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { SyscallHandlers } from "./types.js";
import { fail, handler } from "./fs-common.js";
import { tempSigmask, waitCall } from "./poll.js";
import { armDeadline, deadlinePassed, readTimespecMs, startDeadline } from "../readiness.js";

/** INT_MAX / sizeof(struct epoll_event): Linux's EP_MAX_EVENTS. */
const EP_MAX_EVENTS = Math.floor(0x7fffffff / 12);

function task(t: VfsTask): Task {
  return t as unknown as Task;
}

function newEpoll(t: VfsTask, flags: number): number {
  if (flags & ~O_CLOEXEC) fail(Errno.EINVAL);
  return t.process.fds.install(new EpollFile(0), (flags & O_CLOEXEC) !== 0);
}

/** A file that never changes readiness (regular files, directories) cannot be watched. */
function pollable(f: OpenFile): boolean {
  return f.poll !== OpenFile.prototype.poll;
}

function epollCtl(t: VfsTask, epfd: number, op: number, fd: number, evAddr: number): number {
  let events = 0, dataLo = 0, dataHi = 0;
  const hasEvent = op === EPOLL_CTL_ADD || op === EPOLL_CTL_MOD;
  if (hasEvent) {
    const b = t.mm.copyIn(evAddr, 12);
    const dv = new DataView(b.buffer, b.byteOffset, 12);
    events = dv.getUint32(0, true) | 0;
    dataLo = dv.getUint32(4, true);
    dataHi = dv.getUint32(8, true);
  }
  const fds = t.process.fds;
  const ef = fds.file(epfd);
  const tf = fds.file(fd);
  if (ef.isPath || tf.isPath) fail(Errno.EBADF);
  if (!pollable(tf)) fail(Errno.EPERM);
  if (ef === tf || !(ef instanceof EpollFile)) fail(Errno.EINVAL);
  if (hasEvent && events & EPOLLEXCLUSIVE) {
    if (op === EPOLL_CTL_MOD) fail(Errno.EINVAL);
    if (tf instanceof EpollFile || events & ~EPOLLEXCLUSIVE_OK) fail(Errno.EINVAL);
  }
  if (op === EPOLL_CTL_ADD && tf instanceof EpollFile && EpollFile.wouldLoop(ef, tf)) fail(Errno.ELOOP);
  const w = ef.find(tf, fd);
  switch (op) {
    case EPOLL_CTL_ADD:
      if (w) fail(Errno.EEXIST);
      ef.add(t, tf, fd, events | EPOLLERR | EPOLLHUP, dataLo, dataHi);
      return 0;
    case EPOLL_CTL_DEL:
      if (!w) fail(Errno.ENOENT);
      ef.drop(w);
      return 0;
    case EPOLL_CTL_MOD:
      if (!w) fail(Errno.ENOENT);
      if (w.events & EPOLLEXCLUSIVE) fail(Errno.EINVAL);
      ef.modify(t, w, events | EPOLLERR | EPOLLHUP, dataLo, dataHi);
      return 0;
  }
  fail(Errno.EINVAL);
}

/** The common wait: `timeoutMs` is read on first entry only (-1 = forever). */
function epollWait(t: Task, epfd: number, evAddr: number, max: number, timeoutMs: () => number): number {
  if (max <= 0 || max > EP_MAX_EVENTS) return -Errno.EINVAL;
  const f = t.process.fds.file(epfd);
  if (f.isPath) return -Errno.EBADF;
  if (!(f instanceof EpollFile)) return -Errno.EINVAL;
  if (!t.syscallRerun) startDeadline(t, timeoutMs());
  const out = new DataView(new ArrayBuffer(Math.min(max, 1024) * 12));
  const n = f.collect(t as unknown as VfsTask, out, Math.min(max, 1024));
  if (n > 0) {
    t.mm.copyOut(evAddr, new Uint8Array(out.buffer, 0, n * 12));
    return n;
  }
  if (deadlinePassed(t)) return 0;
  t.sleepOn(f.queue);
  armDeadline(t);
  return BLOCK;
}

function newEventfd(t: VfsTask, initval: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE)) fail(Errno.EINVAL);
  const f = new EventFdFile(initval, flags & O_NONBLOCK, (flags & EFD_SEMAPHORE) !== 0);
  return t.process.fds.install(f, (flags & O_CLOEXEC) !== 0);
}

export const epollSyscalls: SyscallHandlers = {
  epoll_create: handler((t, a) => {
    if (a.int(0) <= 0) fail(Errno.EINVAL);
    return newEpoll(t, 0);
  }),
  epoll_create1: handler((t, a) => newEpoll(t, a.int(0))),
  epoll_ctl: handler((t, a) => epollCtl(t, a.int(0), a.int(1), a.int(2), a.ptr(3))),
  epoll_wait: handler((vt, a) => {
    const t = task(vt);
    const ms = a.int(3);
    return waitCall(t, () => epollWait(t, a.int(0), a.ptr(1), a.int(2), () => (ms < 0 ? -1 : ms)));
  }),
  epoll_pwait: handler((vt, a) => {
    const t = task(vt);
    const ms = a.int(3);
    return waitCall(t, () => {
      tempSigmask(t, a.ptr(4), a.u64(5));
      return epollWait(t, a.int(0), a.ptr(1), a.int(2), () => (ms < 0 ? -1 : ms));
    });
  }),
  epoll_pwait2: handler((vt, a) => {
    const t = task(vt);
    const tsAddr = a.ptr(3);
    return waitCall(t, () => {
      let first = -1;
      if (!t.syscallRerun && tsAddr !== 0) {
        first = readTimespecMs(t, tsAddr);
        if (Number.isNaN(first)) fail(Errno.EINVAL);
      }
      tempSigmask(t, a.ptr(4), a.u64(5));
      return epollWait(t, a.int(0), a.ptr(1), a.int(2), () => first);
    });
  }),
  eventfd: handler((t, a) => newEventfd(t, a.uint(0), 0)),
  eventfd2: handler((t, a) => newEventfd(t, a.uint(0), a.int(1))),
};
