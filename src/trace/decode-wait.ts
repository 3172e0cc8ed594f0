/**
 * Waiting and process time as strace 6.1 shows them: struct rusage (two timevals and `...`, every
 * field with -v) for wait4, waitid and getrusage; waitid's siginfo (`{}` when nothing was reaped);
 * pids with -Y; struct tms with each clock_t's seconds in a comment (times).
 */
import { registerDecoders } from "./decoders.js";
import { dv, gu64Text, u64, ptrText, timevalText, fdText, type FormatOptions, type PeekMemory } from "./format.js";
import { pidText, siginfoAt, clockText } from "./decode-signal.js";

const RUSAGE_SIZE = 144;
/** The 14 longs after ru_utime and ru_stime, in order. */
const RUSAGE_LONGS = [
  "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
  "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
];

/** A struct rusage pointer: `{ru_utime=..., ru_stime=..., ...}` (every field with -v). */
export function rusageAt(mem: PeekMemory, addr: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, RUSAGE_SIZE);
  if (!b) return "0x" + addr.toString(16);
  const d = dv(b);
  let s = `{ru_utime=${timevalText(d, 0)}, ru_stime=${timevalText(d, 16)}`;
  if (!o.verbose) return s + ", ...}";
  for (let i = 0; i < RUSAGE_LONGS.length; i++) s += `, ${RUSAGE_LONGS[i]}=${gu64Text(d, 32 + i * 8)}`;
  return s + "}";
}

/** struct tms: four clock_t counts, each with its seconds. */
function tmsAt(mem: PeekMemory, addr: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 32);
  if (!b) return "0x" + addr.toString(16);
  const d = dv(b);
  return `{tms_utime=${clockText(d, 0, o)}, tms_stime=${clockText(d, 8, o)}, tms_cutime=${clockText(d, 16, o)}, tms_cstime=${clockText(d, 24, o)}}`;
}

/** wait4's pid: a process (with -Y its name), -1, or a process group (-pgid). */
function waitPidText(pid: number, o: FormatOptions): string {
  return pid > 0 ? pidText(pid, o) : String(pid);
}

registerDecoders({
  args: {
    wait4(c) {
      if (c.i === 0) return waitPidText(c.a.lo[0]! | 0, c.o);
      // the usage is filled only when a child was reaped
      if (c.i === 3 && c.exited) return c.result > 0 ? rusageAt(c.mem, u64(c.a, 3), c.o) : ptrText(c.a, 3);
      return undefined;
    },
    waitid(c) {
      if (c.i === 1) {
        const id = c.a.lo[1]! | 0;
        const type = c.a.lo[0]! >>> 0;
        if (type === 1) return pidText(id, c.o);
        if (type === 3) return fdText(id, c.o);
        return String(id);
      }
      if (c.i === 2 && c.exited) return c.result < 0 ? ptrText(c.a, 2) : siginfoAt(c.mem, u64(c.a, 2), c.o);
      if (c.i === 4 && c.exited) return c.result < 0 ? ptrText(c.a, 4) : rusageAt(c.mem, u64(c.a, 4), c.o);
      return undefined;
    },
    getrusage(c) {
      if (c.i === 1 && c.exited) return c.result < 0 ? ptrText(c.a, 1) : rusageAt(c.mem, u64(c.a, 1), c.o);
      return undefined;
    },
    times(c) {
      if (c.i === 0 && c.exited) return c.result < 0 && c.result > -4096 ? ptrText(c.a, 0) : tmsAt(c.mem, u64(c.a, 0), c.o);
      return undefined;
    },
  },
});
