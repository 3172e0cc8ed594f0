/**
 * Signal syscalls that set state: dispositions per process, masks and alternate stacks per thread,
 * pending sets. Delivery is src/kernel/signal.ts; the waiting calls are signal-wait.ts.
 */
import { Errno } from "../../abi/errno.js";
import {
  NSIG, SIGSET_SIZE, SIG_BLOCK, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
  MINSIGSTKSZ, isUncatchable,
} from "../../abi/signals.js";
import type { SyscallHandlers } from "./types.js";
import type { Task } from "../task.js";
import { UNBLOCKABLE_LO, sigBit, signalIgnored } from "../signal.js";
import { getU64, putU64 } from "./process.js";

function readSet(t: Task, addr: number): [number, number] {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return [dv.getInt32(0, true), dv.getInt32(4, true)];
}

function writeSet(t: Task, addr: number, lo: number, hi: number, size = 8): void {
  t.scratch.setInt32(0, lo, true);
  t.scratch.setInt32(4, hi, true);
  t.copyScratchOut(addr, size);
}

/** Discard pending instances of `sig` (its disposition became "ignore"). */
function flushPending(t: Task, sig: number): void {
  const p = t.process;
  const bit = ~sigBit(sig);
  p.sharedPendingInfo[sig] = undefined;
  for (const x of p.threads) x.pendingInfo[sig] = undefined;
  if (sig <= 32) {
    p.sharedPendingLo &= bit;
    for (const x of p.threads) x.pendingLo &= bit;
  } else {
    p.sharedPendingHi &= bit;
    for (const x of p.threads) x.pendingHi &= bit;
  }
}

export const signalSyscalls: SyscallHandlers = {
  rt_sigaction(t, a) {
    const sig = a.int(0);
    const actAddr = a.ptr(1);
    const oldAddr = a.ptr(2);
    if (a.u64(3) !== SIGSET_SIZE) return -Errno.EINVAL;
    let next: Uint8Array | null = null;
    if (actAddr !== 0) next = t.mm.copyIn(actAddr, 32);
    if (sig < 1 || sig >= NSIG) return -Errno.EINVAL;
    if (next && isUncatchable(sig)) return -Errno.EINVAL;
    const act = t.process.sigactions.get(sig);
    if (oldAddr !== 0) {
      putU64(t, 0, act.handler);
      t.scratch.setUint32(8, act.flags >>> 0, true);
      t.scratch.setUint32(12, 0, true);
      putU64(t, 16, act.restorer);
      t.scratch.setInt32(24, act.maskLo, true);
      t.scratch.setInt32(28, act.maskHi, true);
      t.copyScratchOut(oldAddr, 32);
    }
    if (next) {
      const dv = new DataView(next.buffer, next.byteOffset, 32);
      act.handler = getU64(next, 0);
      act.flags = dv.getUint32(8, true);
      act.restorer = getU64(next, 16);
      act.maskLo = dv.getInt32(24, true) & ~UNBLOCKABLE_LO;
      act.maskHi = dv.getInt32(28, true);
      if (act.handler === SIG_IGN || signalIgnored(t.process, sig)) flushPending(t, sig);
    }
    return 0;
  },

  rt_sigprocmask(t, a) {
    const how = a.int(0);
    const setAddr = a.ptr(1);
    const oldAddr = a.ptr(2);
    if (a.u64(3) !== SIGSET_SIZE) return -Errno.EINVAL;
    const oldLo = t.sigmaskLo, oldHi = t.sigmaskHi;
    if (setAddr !== 0) {
      const [lo, hi] = readSet(t, setAddr);
      let nlo: number, nhi: number;
      switch (how) {
        case SIG_BLOCK:
          nlo = oldLo | lo;
          nhi = oldHi | hi;
          break;
        case SIG_UNBLOCK:
          nlo = oldLo & ~lo;
          nhi = oldHi & ~hi;
          break;
        case SIG_SETMASK:
          nlo = lo;
          nhi = hi;
          break;
        default:
          return -Errno.EINVAL;
      }
      t.sigmaskLo = nlo & ~UNBLOCKABLE_LO;
      t.sigmaskHi = nhi;
      t.signalCheck = true;
    }
    if (oldAddr !== 0) writeSet(t, oldAddr, oldLo, oldHi);
    return 0;
  },

  rt_sigpending(t, a) {
    const size = a.u64(1);
    if (size > SIGSET_SIZE) return -Errno.EINVAL;
    const p = t.process;
    const lo = (t.pendingLo | p.sharedPendingLo) & t.sigmaskLo;
    const hi = (t.pendingHi | p.sharedPendingHi) & t.sigmaskHi;
    if (size > 0) writeSet(t, a.ptr(0), lo, hi, size);
    return 0;
  },

  sigaltstack(t, a) {
    const ssAddr = a.ptr(0);
    const oldAddr = a.ptr(1);
    const cur = t.altStack;
    const sp = t.cpu.lo[4]! >>> 0;
    const spFull = (t.cpu.hi[4]! >>> 0) * 4294967296 + sp;
    const onStack = cur.size !== 0 && !(cur.flags & SS_DISABLE) && spFull > cur.sp && spFull <= cur.sp + cur.size;
    let next: { sp: number; flags: number; size: number } | null = null;
    if (ssAddr !== 0) {
      const b = t.mm.copyIn(ssAddr, 24);
      const dv = new DataView(b.buffer, b.byteOffset, 24);
      next = { sp: getU64(b, 0), flags: dv.getInt32(8, true), size: getU64(b, 16) };
    }
    if (oldAddr !== 0) {
      putU64(t, 0, cur.sp);
      const flags = cur.flags & SS_DISABLE ? SS_DISABLE : (onStack ? SS_ONSTACK : 0) | (cur.flags & SS_AUTODISARM);
      t.scratch.setInt32(8, flags, true);
      t.scratch.setInt32(12, 0, true);
      putU64(t, 16, cur.size);
      t.copyScratchOut(oldAddr, 24);
    }
    if (next) {
      if (onStack) return -Errno.EPERM;
      const mode = next.flags & ~SS_AUTODISARM;
      if (mode !== SS_DISABLE && mode !== SS_ONSTACK && mode !== 0) return -Errno.EINVAL;
      if (mode === SS_DISABLE) t.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
      else {
        if (next.size < MINSIGSTKSZ) return -Errno.ENOMEM;
        t.altStack = { sp: next.sp, flags: next.flags & SS_AUTODISARM, size: next.size };
      }
    }
    return 0;
  },
};
