/**
 * Futexes: the kernel half of every pthread mutex, condition variable, barrier and join.
 *
 * A waiter is keyed by where its 32-bit word lives. Private futexes (FUTEX_PRIVATE_FLAG, or any
 * word in a private mapping) key on (address space, address); a word in a MAP_SHARED mapping keys
 * on the shared object behind the page (anonymous shared memory inherited over fork, or a file's
 * pages) and the offset in it, so two processes mapping the same page meet on the same futex.
 *
 * Blocking follows the wait-queue model: FUTEX_WAIT registers a waiter, sleeps on the waiter's own
 * queue and returns BLOCK. Its handler is re-run whenever the task wakes — by FUTEX_WAKE, by the
 * timeout, or by a signal — and tells these apart by the waiter's state (woken / timedOut). A
 * waiter belongs to one call: it records the task's retired-instruction count when it was made,
 * and since a task retires no instruction while it sleeps in a call, a re-run sees the same
 * count, while a new call (a restart after a signal handler, or the next wait) sees another.
 * Waiters whose call was abandoned (interrupted by a signal) are skipped and dropped by wakers.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { syscallNumbers } from "../abi/syscalls.js";
import { BLOCK, WaitQueue } from "./wait.js";
import { TaskState, type Task } from "./task.js";
import type { Kernel } from "./kernel.js";
import type { SyscallArgs } from "./syscall-args.js";
import type { SyscallHandlers } from "./syscalls/types.js";

export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_FD = 2;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAKE_OP = 5;
export const FUTEX_LOCK_PI = 6;
export const FUTEX_UNLOCK_PI = 7;
export const FUTEX_TRYLOCK_PI = 8;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_WAIT_REQUEUE_PI = 11;
export const FUTEX_CMP_REQUEUE_PI = 12;
export const FUTEX_LOCK_PI2 = 13;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
export const FUTEX_BITSET_MATCH_ANY = -1;

/** Robust futex word bits. */
export const FUTEX_WAITERS = 0x80000000 | 0;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;

const FUTEX_NR = syscallNumbers["futex"]!;
const TWO32 = 4294967296;

interface Waiter {
  readonly task: Task;
  key: string;
  readonly bitset: number;
  /** The call this waiter belongs to: the task's retired instructions when it began. */
  readonly callId: number;
  readonly queue: WaitQueue;
  woken: boolean;
  timedOut: boolean;
  /** Still listed in its bucket. */
  queued: boolean;
  cancelTimer: (() => void) | null;
}

class FutexTable {
  readonly buckets = new Map<string, Waiter[]>();
  readonly byTask = new WeakMap<Task, Waiter>();
}

const tables = new WeakMap<Kernel, FutexTable>();
function tableOf(k: Kernel): FutexTable {
  let tb = tables.get(k);
  if (tb === undefined) {
    tb = new FutexTable();
    tables.set(k, tb);
  }
  return tb;
}

/** Small numeric identities for objects (address spaces, shared page objects) used in keys. */
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let n = ids.get(o);
  if (n === undefined) {
    n = nextId++;
    ids.set(o, n);
  }
  return n;
}

/**
 * The key of the futex word at `addr`: EINVAL when unaligned, EFAULT outside user space (and, for
 * shared futexes, when nothing is mapped there).
 */
export function futexKey(t: Task, addr: number, priv: boolean): string {
  if (addr % 4 !== 0) throw new SyscallError(Errno.EINVAL);
  if (!(addr >= 0 && addr < 0x800000000000)) throw new SyscallError(Errno.EFAULT);
  const mm = t.mm;
  if (!priv) {
    const vma = mm.findVma(addr);
    if (vma === null) throw new SyscallError(Errno.EFAULT);
    if (vma.shared) {
      const off = vma.offset + (addr - vma.start);
      if (vma.shm !== null) return `s${idOf(vma.shm)}:${off}`;
      if (vma.file !== null) return vma.file.dev !== 0 || vma.file.ino !== 0 ? `f${vma.file.dev}:${vma.file.ino}:${off}` : `o${idOf(vma.file)}:${off}`;
    }
  }
  return `p${idOf(mm)}:${addr}`;
}

function readWord(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 4);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) | 0;
}

function writeWord(t: Task, addr: number, v: number): void {
  t.scratch.setInt32(0, v, true);
  t.copyScratchOut(addr, 4);
}

/** Is the waiter's call still in progress (not abandoned by a signal, its task alive)? */
function live(tb: FutexTable, w: Waiter): boolean {
  const x = w.task;
  return x.state !== TaskState.Dead && x.syscallNr === FUTEX_NR && x.instructions === w.callId && tb.byTask.get(x) === w;
}

function unlist(tb: FutexTable, w: Waiter): void {
  if (!w.queued) return;
  w.queued = false;
  const list = tb.buckets.get(w.key);
  if (list === undefined) return;
  const i = list.indexOf(w);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) tb.buckets.delete(w.key);
}

function stopTimer(w: Waiter): void {
  if (w.cancelTimer !== null) {
    const c = w.cancelTimer;
    w.cancelTimer = null;
    if (w.task.cancelTimer === c) w.task.cancelTimer = null;
    c();
  }
}

/** Forget a task's waiter entirely (its call is over). */
function retire(tb: FutexTable, w: Waiter): void {
  unlist(tb, w);
  stopTimer(w);
  if (tb.byTask.get(w.task) === w) tb.byTask.delete(w.task);
}

/** Wake up to `n` live waiters on `key` whose bitset meets `bitset` (n <= 0 still wakes one, as Linux). */
function wakeKey(tb: FutexTable, key: string, n: number, bitset: number): number {
  const list = tb.buckets.get(key);
  if (list === undefined) return 0;
  let woken = 0;
  for (let i = 0; i < list.length; ) {
    const w = list[i]!;
    if (!live(tb, w)) {
      list.splice(i, 1);
      w.queued = false;
      stopTimer(w);
      continue;
    }
    if ((w.bitset & bitset) === 0) {
      i++;
      continue;
    }
    list.splice(i, 1);
    w.queued = false;
    w.woken = true;
    stopTimer(w);
    w.queue.wakeAll();
    if (++woken >= n) break;
  }
  if (list.length === 0) tb.buckets.delete(key);
  return woken;
}

/** A task is going away: drop its waiter (a thread killed while it waited), and its timer. */
export function futexForget(t: Task): void {
  const tb = tables.get(t.kernel);
  if (tb === undefined) return;
  const w = tb.byTask.get(t);
  if (w !== undefined) retire(tb, w);
}

/** FUTEX_WAKE as the kernel itself uses it (clear_child_tid, robust lists): errors are ignored. */
export function futexWakeAddr(t: Task, addr: number, n: number, priv: boolean): number {
  try {
    return wakeKey(tableOf(t.kernel), futexKey(t, addr, priv), n, FUTEX_BITSET_MATCH_ANY);
  } catch {
    return 0;
  }
}

/** Read a struct timespec as ms: EFAULT, or EINVAL for a negative second or nsec out of range. */
function readTimeoutMs(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 16);
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const sec = dv.getInt32(4, true) * TWO32 + dv.getUint32(0, true);
  const nsec = dv.getInt32(12, true) * TWO32 + dv.getUint32(8, true);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) throw new SyscallError(Errno.EINVAL);
  return sec * 1000 + nsec / 1e6;
}

/**
 * FUTEX_WAIT / FUTEX_WAIT_BITSET. `deadline` gives the timeout as a machine-monotonic ms deadline
 * (computed on the first try only), or null for none.
 */
function futexWait(t: Task, addr: number, val: number, priv: boolean, bitset: number, timeout: () => number): number {
  const tb = tableOf(t.kernel);
  const prev = tb.byTask.get(t);
  if (prev !== undefined) {
    if (prev.callId === t.instructions && t.syscallNr === FUTEX_NR) {
      // The same call, re-run after a wake-up.
      if (prev.woken) {
        retire(tb, prev);
        return 0;
      }
      if (prev.timedOut) {
        retire(tb, prev);
        return -Errno.ETIMEDOUT;
      }
      // Woken for another reason (a signal): still waiting.
      if (!prev.queued) {
        retire(tb, prev);
        return 0;
      }
      t.sleepOn(prev.queue);
      return BLOCK;
    }
    retire(tb, prev); // left over from an abandoned call
  }
  if (bitset === 0) return -Errno.EINVAL;
  const key = futexKey(t, addr, priv);
  const deadline = timeout();
  if (readWord(t, addr) !== (val | 0)) return -Errno.EAGAIN;
  const k = t.kernel;
  const w: Waiter = {
    task: t, key, bitset, callId: t.instructions, queue: new WaitQueue(),
    woken: false, timedOut: false, queued: true, cancelTimer: null,
  };
  let list = tb.buckets.get(key);
  if (list === undefined) {
    list = [];
    tb.buckets.set(key, list);
  }
  list.push(w);
  tb.byTask.set(t, w);
  if (deadline === deadline /* not NaN */) {
    const left = deadline - k.clock.monotonicMs();
    if (left <= 0) {
      retire(tb, w);
      return -Errno.ETIMEDOUT;
    }
    if (t.cancelTimer) {
      t.cancelTimer();
      t.cancelTimer = null;
    }
    const cancel = k.clock.setTimer(left, () => {
      if (w.cancelTimer !== cancel) return;
      w.cancelTimer = null;
      if (t.cancelTimer === cancel) t.cancelTimer = null;
      if (!w.queued) return;
      unlist(tb, w);
      w.timedOut = true;
      w.queue.wakeAll();
    });
    w.cancelTimer = cancel;
    // The task's timer slot: a task that dies while waiting has its timer cancelled (markDead).
    t.cancelTimer = cancel;
  }
  t.sleepOn(w.queue);
  return BLOCK;
}

/** FUTEX_REQUEUE / FUTEX_CMP_REQUEUE. */
function futexRequeue(t: Task, a1: number, a2: number, priv: boolean, nWake: number, nMove: number, cmp: number | null): number {
  if (nWake < 0 || nMove < 0) return -Errno.EINVAL;
  const k1 = futexKey(t, a1, priv);
  const k2 = futexKey(t, a2, priv);
  if (cmp !== null && readWord(t, a1) !== cmp) return -Errno.EAGAIN;
  const tb = tableOf(t.kernel);
  // Unlike FUTEX_WAKE, a wake count of 0 here wakes nobody.
  const woken = nWake > 0 ? wakeKey(tb, k1, nWake, FUTEX_BITSET_MATCH_ANY) : 0;
  let moved = 0;
  const list = tb.buckets.get(k1);
  if (list !== undefined && k1 !== k2) {
    let dest = tb.buckets.get(k2);
    while (moved < nMove && list.length > 0) {
      const w = list.shift()!;
      if (!live(tb, w)) {
        w.queued = false;
        stopTimer(w);
        continue;
      }
      if (dest === undefined) {
        dest = [];
        tb.buckets.set(k2, dest);
      }
      w.key = k2;
      dest.push(w);
      moved++;
    }
    if (list.length === 0) tb.buckets.delete(k1);
  } else if (list !== undefined) {
    moved = Math.min(nMove, list.length); // requeue onto itself: they stay, but count
  }
  return woken + moved;
}

const SIGN12 = (v: number): number => (v & 0x800 ? (v & 0xfff) - 0x1000 : v & 0xfff);

/** FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2); wake n on uaddr; if cmp(old) wake n2 on uaddr2. */
function futexWakeOp(t: Task, a1: number, a2: number, priv: boolean, n: number, n2: number, encoded: number): number {
  const k1 = futexKey(t, a1, priv);
  const k2 = futexKey(t, a2, priv);
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = SIGN12(encoded >>> 12);
  const cmparg = SIGN12(encoded);
  if (encoded & (8 << 28)) oparg = 1 << (oparg & 31);
  if (op > 4) return -Errno.ENOSYS;
  const old = readWord(t, a2);
  let nv: number;
  switch (op) {
    case 0: nv = oparg; break;
    case 1: nv = (old + oparg) | 0; break;
    case 2: nv = old | oparg; break;
    case 3: nv = old & ~oparg; break;
    default: nv = old ^ oparg; break;
  }
  writeWord(t, a2, nv);
  let hit: boolean;
  switch (cmp) {
    case 0: hit = old === cmparg; break;
    case 1: hit = old !== cmparg; break;
    case 2: hit = old < cmparg; break;
    case 3: hit = old <= cmparg; break;
    case 4: hit = old > cmparg; break;
    case 5: hit = old >= cmparg; break;
    default: return -Errno.ENOSYS;
  }
  const tb = tableOf(t.kernel);
  let woken = wakeKey(tb, k1, n, FUTEX_BITSET_MATCH_ANY);
  if (hit) woken += wakeKey(tb, k2, n2, FUTEX_BITSET_MATCH_ANY);
  return woken;
}

/** The futex(2) multiplexer. */
export function sysFutex(t: Task, a: SyscallArgs): number {
  const addr = a.ptr(0);
  const op = a.int(1);
  const val = a.int(2);
  const cmd = op & FUTEX_CMD_MASK;
  const priv = (op & FUTEX_PRIVATE_FLAG) !== 0;
  const realtime = (op & FUTEX_CLOCK_REALTIME) !== 0;
  if (realtime && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAIT_REQUEUE_PI && cmd !== FUTEX_LOCK_PI2) return -Errno.ENOSYS;
  const k = t.kernel;
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const tsAddr = a.ptr(3);
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : a.int(5);
      return futexWait(t, addr, val, priv, bitset, () => {
        if (tsAddr === 0) return NaN;
        const ms = readTimeoutMs(t, tsAddr);
        if (cmd === FUTEX_WAIT) return k.clock.monotonicMs() + ms;
        if (realtime) return ms - k.clock.realtimeMs() + k.clock.monotonicMs();
        return ms;
      });
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : a.int(5);
      if (bitset === 0) return -Errno.EINVAL;
      const key = futexKey(t, addr, priv);
      return wakeKey(tableOf(k), key, val, bitset);
    }
    case FUTEX_REQUEUE:
      return futexRequeue(t, addr, a.ptr(4), priv, val, a.int(3), null);
    case FUTEX_CMP_REQUEUE:
      return futexRequeue(t, addr, a.ptr(4), priv, val, a.int(3), a.int(5));
    case FUTEX_WAKE_OP:
      return futexWakeOp(t, addr, a.ptr(4), priv, val, a.int(3), a.int(5));
    default:
      // FUTEX_FD is gone from Linux; the PI operations are not implemented.
      return -Errno.ENOSYS;
  }
}

// ---- robust lists (set_robust_list): walked when a thread exits ----

/** Linux's bound on robust list entries walked at exit. */
const ROBUST_LIST_LIMIT = 2048;

function readPtr(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getUint32(4, true) * TWO32 + dv.getUint32(0, true);
}

/** A signed 64-bit value (small negative offsets stay exact). */
function readLong(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getInt32(4, true) * TWO32 + dv.getUint32(0, true);
}

/**
 * The dying thread still owns the locks on its robust list: mark each one FUTEX_OWNER_DIED and
 * wake a waiter if FUTEX_WAITERS says there is one. Bad memory ends the walk silently.
 */
export function exitRobustList(t: Task): void {
  const head = t.robustListHead;
  if (head === 0) return;
  try {
    // struct robust_list_head { next; long futex_offset; list_op_pending }
    let entry = readPtr(t, head);
    const offset = readLong(t, head + 8);
    const pending = readPtr(t, head + 16);
    let n = 0;
    while (entry !== head && n < ROBUST_LIST_LIMIT) {
      const next = readPtr(t, entry); // read before the lock word may be reused
      const pi = entry % 2; // bit 0 marks a PI futex
      const e = entry - pi;
      if (e !== pending) handleDeadOwner(t, e + offset);
      entry = next;
      n++;
    }
    if (pending !== 0) handleDeadOwner(t, pending - (pending % 2) + offset);
  } catch {
    // a broken list is abandoned, as Linux does
  }
}

function handleDeadOwner(t: Task, addr: number): void {
  if (addr % 4 !== 0) return;
  const v = readWord(t, addr);
  if ((v & FUTEX_TID_MASK) !== t.tid) return;
  writeWord(t, addr, (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
  if (v & FUTEX_WAITERS) futexWakeAddr(t, addr, 1, false);
}

export const futexSyscalls: SyscallHandlers = {
  futex: sysFutex,
};
