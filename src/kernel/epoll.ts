/**
 * epoll instances. An EpollFile keeps one Watch per (file, fd) pair, as Linux keys them. Each watch
 * stays subscribed to its file's pollQueue: a wake-up puts the watch on the ready list (in wake-up
 * order) and wakes the epoll's own queue, where epoll_wait callers, poll() callers and enclosing
 * epoll instances sleep. epoll_wait then asks each listed file for its readiness:
 *
 * - level-triggered watches that are still ready go back to the end of the list;
 * - EPOLLET watches leave the list until their file's queue is woken again (with a key that
 *   matches their events, when the waker gives one);
 * - EPOLLONESHOT watches are disabled after one report until EPOLL_CTL_MOD.
 *
 * Closing the last reference to a watched file removes its watches (OpenFile.onLastClose).
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { O_RDWR } from "../abi/fcntl.js";
import { AnonInodeFile, OpenFile, POLLIN, POLLRDNORM } from "./file.js";
import { WaitQueue, type Sleeper } from "./wait.js";
import type { VfsTask } from "./vfs/task-view.js";

export const EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10;
export const EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;
/** Bits that steer delivery rather than name events. */
export const EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
/** What an EPOLLEXCLUSIVE watch may ask for besides itself. */
export const EPOLLEXCLUSIVE_OK = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;
export const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
/** Linux's EP_MAX_NESTS: how deep epoll instances may watch each other. */
const MAX_NESTS = 4;

function fail(errno: number): never {
  throw new SyscallError(errno);
}

/** One watched (file, fd) pair. */
class Watch implements Sleeper {
  /** Requested events plus EPOLLET/ONESHOT...; the low 32 bits of epoll_event.events (unsigned). */
  events = 0;
  /** epoll_event.data as two 32-bit halves. */
  dataLo = 0;
  dataHi = 0;
  /** On the ready list. */
  listed = false;
  readonly closeHook: (f: OpenFile) => void;

  constructor(readonly ep: EpollFile, readonly file: OpenFile, readonly fd: number) {
    this.closeHook = () => ep.drop(this);
  }

  subscribe(): void {
    const q = this.file.pollQueue();
    if (q) q.add(this);
  }
  unsubscribe(): void {
    const q = this.file.pollQueue();
    if (q) q.remove(this);
  }

  /** The file's queue was woken: stay subscribed, and list the watch if the wake-up concerns it. */
  wake(key?: number): void {
    if (!this.ep.watches.has(this.ep.keyOf(this.file, this.fd))) return;
    this.subscribe();
    const ev = this.events & ~EP_PRIVATE_BITS;
    if (ev === 0) return; // a fired EPOLLONESHOT watch
    if (key !== undefined && (key & (ev | EPOLLERR | EPOLLHUP)) === 0) return;
    this.ep.list(this);
  }
}

export class EpollFile extends AnonInodeFile {
  /** Watches by (file, fd). */
  readonly watches = new Map<string, Watch>();
  private ready: Watch[] = [];
  /** Woken whenever a watch is listed: epoll_wait, poll() on this fd, enclosing epolls. */
  readonly queue = new WaitQueue();
  private static fileIds = new WeakMap<OpenFile, number>();
  private static nextFileId = 1;

  constructor(flags: number) {
    super(O_RDWR | flags, "[eventpoll]");
  }

  override read(): number {
    fail(Errno.EINVAL);
  }
  override write(): number {
    fail(Errno.EINVAL);
  }

  keyOf(file: OpenFile, fd: number): string {
    let id = EpollFile.fileIds.get(file);
    if (id === undefined) {
      id = EpollFile.nextFileId++;
      EpollFile.fileIds.set(file, id);
    }
    return `${id}:${fd}`;
  }

  find(file: OpenFile, fd: number): Watch | undefined {
    return this.watches.get(this.keyOf(file, fd));
  }

  list(w: Watch): void {
    if (!w.listed) {
      w.listed = true;
      this.ready.push(w);
    }
    this.queue.wakeAll(POLLIN | POLLRDNORM);
  }

  add(t: VfsTask, file: OpenFile, fd: number, events: number, dataLo: number, dataHi: number): void {
    const w = new Watch(this, file, fd);
    w.events = events;
    w.dataLo = dataLo;
    w.dataHi = dataHi;
    this.watches.set(this.keyOf(file, fd), w);
    (file.onLastClose ??= []).push(w.closeHook);
    w.subscribe();
    // Already ready: on the list at once, as Linux's insert does.
    if (file.poll(t) & (events | EPOLLERR | EPOLLHUP)) this.list(w);
  }

  modify(t: VfsTask, w: Watch, events: number, dataLo: number, dataHi: number): void {
    w.events = events;
    w.dataLo = dataLo;
    w.dataHi = dataHi;
    if (w.file.poll(t) & (events | EPOLLERR | EPOLLHUP)) this.list(w);
  }

  /** Remove a watch (EPOLL_CTL_DEL, or its file's last close). */
  drop(w: Watch): void {
    const key = this.keyOf(w.file, w.fd);
    if (this.watches.get(key) !== w) return;
    this.watches.delete(key);
    w.unsubscribe();
    const hooks = w.file.onLastClose;
    if (hooks) {
      const i = hooks.indexOf(w.closeHook);
      if (i >= 0) hooks.splice(i, 1);
    }
    if (w.listed) {
      w.listed = false;
      const i = this.ready.indexOf(w);
      if (i >= 0) this.ready.splice(i, 1);
    }
  }

  /**
   * Collect up to `max` events into `out` (12-byte packed epoll_event records); returns the count.
   */
  collect(t: VfsTask, out: DataView, max: number): number {
    const list = this.ready;
    this.ready = [];
    const again: Watch[] = [];
    let n = 0;
    let i = 0;
    for (; i < list.length && n < max; i++) {
      const w = list[i]!;
      w.listed = false;
      const want = w.events & ~EP_PRIVATE_BITS;
      if (want === 0) continue;
      const got = w.file.poll(t) & (want | EPOLLERR | EPOLLHUP);
      if (got === 0) continue;
      out.setUint32(n * 12, got >>> 0, true);
      out.setUint32(n * 12 + 4, w.dataLo, true);
      out.setUint32(n * 12 + 8, w.dataHi, true);
      n++;
      if (w.events & EPOLLONESHOT) w.events &= EP_PRIVATE_BITS;
      else if (!(w.events & EPOLLET)) {
        w.listed = true;
        again.push(w);
      }
    }
    // Unvisited watches stay first, then whatever was listed meanwhile, then the level-triggered.
    const rest = list.slice(i);
    const meanwhile = this.ready;
    this.ready = rest;
    for (const w of meanwhile) if (!rest.includes(w)) this.ready.push(w);
    for (const w of again) if (!this.ready.includes(w)) this.ready.push(w);
    else w.listed = true;
    return n;
  }

  /** Is some listed watch ready now (poll on the epoll fd, nested epoll)? */
  anyReady(t: VfsTask): boolean {
    for (const w of this.ready) {
      const want = w.events & ~EP_PRIVATE_BITS;
      if (want !== 0 && w.file.poll(t) & (want | EPOLLERR | EPOLLHUP)) return true;
    }
    return false;
  }

  override poll(t: VfsTask): number {
    return this.anyReady(t) ? POLLIN | POLLRDNORM : 0;
  }
  override pollQueue(): WaitQueue {
    return this.queue;
  }

  /** Epoll instances this one watches, directly. */
  *children(): IterableIterator<EpollFile> {
    for (const w of this.watches.values()) if (w.file instanceof EpollFile) yield w.file;
  }

  /**
   * Would watching `target` from this instance make a cycle, or nest deeper than Linux allows?
   * (depth counts the instances above this one, including it.)
   */
  static wouldLoop(self: EpollFile, target: EpollFile): boolean {
    const below = (e: EpollFile, seen: Set<EpollFile>): number => {
      if (seen.has(e)) return Infinity;
      seen.add(e);
      let d = 0;
      for (const c of e.children()) d = Math.max(d, 1 + below(c, seen));
      seen.delete(e);
      return d;
    };
    if (target === self) return true;
    const reach = (e: EpollFile, seen: Set<EpollFile>): boolean => {
      if (e === self) return true;
      if (seen.has(e)) return false;
      seen.add(e);
      for (const c of e.children()) if (reach(c, seen)) return true;
      return false;
    };
    if (reach(target, new Set())) return true;
    return 1 + below(target, new Set()) > MAX_NESTS;
  }

  protected override release(): void {
    for (const w of [...this.watches.values()]) this.drop(w);
    this.ready = [];
  }
}
