/**
 * Waiting for descriptors and sleeping, as strace 6.1 shows them: poll/ppoll (pollfd arrays, the
 * revents and the time left after the result), select/pselect6 (fd sets, `= 1 (out [4], left
 * {...})`, pselect6's `{sigmask=[...], sigsetsize=8}`), epoll_create1 flags, epoll_ctl (DEL shows
 * the event pointer), epoll_pwait/epoll_pwait2 (everything after the descriptor at exit),
 * nanosleep/clock_nanosleep (the remaining time when a signal interrupted the sleep) and
 * pidfd_open's flags.
 */
import { registerDecoders, type ArgContext, type ResultContext } from "./decoders.js";
import { arrayText, dv, g64, u64, ptrText, fdText, flagsText, timespecText, timevalText, type FormatOptions, type PeekMemory } from "./format.js";
import { epollEventText } from "./structs-net.js";
import { sigsetAt } from "./decode-signal.js";
import { pollEventNames } from "../abi/trace-tables.js";
import { pidfdOpenFlagNames, epollCreateFlagNames } from "../abi/siginfo.js";
import type { NameTable } from "../abi/signatures.js";

const hex = (p: number) => "0x" + p.toString(16);
const addrText = (p: number) => (p === 0 ? "NULL" : hex(p));

/** Is this result one of the ERESTART* codes (a signal interrupted the call)? */
function restarting(result: number): boolean {
  return result <= -512 && result >= -516 && result !== -515;
}

/** Flags with strace's `0x... /* PREFIX_??? *\/` for a set with no known bit. */
function namedFlags(v: number, names: NameTable, unknown: string, o: FormatOptions): string {
  v = v >>> 0;
  let text: string;
  if (v === 0) text = "0";
  else {
    const known = names.reduce((m, [b]) => m | b, 0) >>> 0;
    text = (v & known) === 0 ? `${hex(v)} /* ${unknown} */` : flagsText(v, names);
  }
  if (o.xlat === "raw") return v === 0 ? "0" : hex(v);
  if (o.xlat === "verbose" && v !== 0 && (v & names.reduce((m, [b]) => m | b, 0)) !== 0) return `${hex(v)} /* ${text} */`;
  return text;
}

/** strace's print_array over the shared arrayText: -s elements unless -v. */
function elemsText(mem: PeekMemory, addr: number, n: number, size: number, o: FormatOptions, one: (b: Uint8Array) => string): string {
  return arrayText(mem, addr, n, size, o.verbose ? Infinity : o.strsize, one);
}

function pollfdText(b: Uint8Array, o: FormatOptions): string {
  const d = dv(b);
  const fd = d.getInt32(0, true);
  if (fd < 0) return `{fd=${fd}}`;
  return `{fd=${fdText(fd, o)}, events=${namedFlags(d.getUint16(4, true), pollEventNames, "POLL???", o)}}`;
}

/** A timespec (or timeval) pointer as text: NULL, the address, or the struct. */
function timeAt(mem: PeekMemory, addr: number, usec: boolean): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 16);
  if (!b) return hex(addr);
  return usec ? timevalText(dv(b), 0) : timespecText(dv(b), 0);
}

/** poll/ppoll after the call: ` (Timeout)`, or the revents and the time left. */
function pollSuffix(c: ResultContext, left: number): string | undefined {
  if (c.result < 0) return undefined;
  if (c.result === 0) return " (Timeout)";
  const nfds = c.a.lo[1]! >>> 0;
  const start = u64(c.a, 0);
  const limit = c.o.verbose ? Infinity : c.o.strsize;
  let out = "";
  let printed = 0;
  if (start !== 0 && nfds !== 0) {
    const parts: string[] = [];
    for (let i = 0; i < nfds; i++) {
      const b = c.mem.peek(start + i * 8, 8);
      if (!b) {
        parts.push(hex(start + i * 8));
        break;
      }
      const d = dv(b);
      const rev = d.getUint16(6, true);
      if (rev === 0) continue;
      if (printed >= limit) {
        parts.push("...");
        break;
      }
      parts.push(`{fd=${d.getInt32(0, true)}, revents=${flagsText(rev, pollEventNames)}}`);
      printed++;
    }
    if (parts.length) out = `[${parts.join(", ")}]`;
  }
  if (left !== 0) out += (out === "" ? "left " : ", left ") + timeAt(c.mem, left, false);
  return out === "" ? undefined : ` (${out})`;
}

/** An fd_set of `nfds` bits at `addr`: `[3 4]`, NULL, or the address. */
function fdSetText(mem: PeekMemory, addr: number, nfds: number, o: FormatOptions): string {
  if (addr === 0 || nfds <= 0) return addrText(addr);
  const bytes = Math.ceil(Math.ceil(nfds / 8) / 8) * 8;
  const b = mem.peek(addr, bytes);
  if (!b) return hex(addr);
  const fds: string[] = [];
  for (let j = 0; j < nfds; j++) if ((b[j >> 3]! >> (j & 7)) & 1) fds.push(fdText(j, o));
  return `[${fds.join(" ")}]`;
}

function selectNfds(a: ArgContext["a"]): number {
  const n = a.lo[0]! | 0;
  return n < 0 ? 0 : Math.min(n, 1024 * 1024);
}

/** select/pselect6 after the call: ` (Timeout)` or ` (in [3], out [4], left {...})`. */
function selectSuffix(c: ResultContext, usec: boolean): string | undefined {
  if (c.result < 0) return undefined;
  if (c.result === 0) return " (Timeout)";
  const nfds = selectNfds(c.a);
  const bytes = Math.ceil(Math.ceil(nfds / 8) / 8) * 8;
  let ready = c.result;
  let out = "";
  let sep = "";
  for (let i = 0; i < 3 && ready > 0; i++) {
    const addr = u64(c.a, i + 1);
    const b = addr === 0 || bytes === 0 ? null : c.mem.peek(addr, bytes);
    if (!b) continue;
    let first = true;
    for (let j = 0; j < nfds; j++) {
      if (!((b[j >> 3]! >> (j & 7)) & 1)) continue;
      if (first) {
        out += `${sep}${i === 0 ? "in" : i === 1 ? "out" : "except"} [${j}`;
        first = false;
        sep = ", ";
      } else out += ` ${j}`;
      if (--ready === 0) break;
    }
    // strace closes the bracket after every set it looked at once something was written
    if (out !== "") out += "]";
  }
  const t = u64(c.a, 4);
  if (t !== 0) out += `${sep}left ${timeAt(c.mem, t, usec)}`;
  return ` (${out})`;
}

/** pselect6's sixth argument: a {sigset pointer, size} pair. */
function pselectMaskText(mem: PeekMemory, addr: number): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, 16);
  if (!b) return hex(addr);
  const d = dv(b);
  const set = g64(d, 0);
  const size = g64(d, 8);
  return `{sigmask=${sigsetAt(mem, set, size, 8)}, sigsetsize=${size}}`;
}

function selectArgs(c: ArgContext, usec: boolean): string | undefined {
  if (c.i >= 1 && c.i <= 3) return fdSetText(c.mem, u64(c.a, c.i), selectNfds(c.a), c.o);
  if (c.i === 4) return timeAt(c.mem, u64(c.a, 4), usec);
  if (c.i === 5 && !usec) return pselectMaskText(c.mem, u64(c.a, 5));
  return undefined;
}

/** epoll_pwait/epoll_pwait2 print all but the descriptor at exit: pointers when the call failed. */
function epollPwaitArgs(c: ArgContext, timespec: boolean): string | undefined {
  const ok = c.exited && c.result >= 0;
  switch (c.i) {
    case 1:
      if (!ok) return ptrText(c.a, 1);
      return elemsText(c.mem, u64(c.a, 1), c.result, 12, c.o, (b) => epollEventText(b, 0, (v, t) => flagsText(v, t)));
    case 3:
      if (!timespec) return String(c.a.lo[3]! | 0);
      return ok ? timeAt(c.mem, u64(c.a, 3), false) : ptrText(c.a, 3);
    case 4:
      return ok ? sigsetAt(c.mem, u64(c.a, 4), u64(c.a, 5), 8) : ptrText(c.a, 4);
  }
  return undefined;
}

/** The descriptors of a pollfd array (-P matches any of them). */
function pollFds(a: ArgContext["a"], mem: PeekMemory): number[] {
  const start = u64(a, 0);
  const n = Math.min(a.lo[1]! >>> 0, 1024 * 1024);
  const fds: number[] = [];
  for (let i = 0; start !== 0 && i < n; i++) {
    const b = mem.peek(start + i * 8, 4);
    if (!b) break;
    fds.push(dv(b).getInt32(0, true));
  }
  return fds;
}

/** The descriptors in select's three sets. */
function selectFds(a: ArgContext["a"], mem: PeekMemory): number[] {
  const nfds = selectNfds(a);
  const bytes = Math.ceil(Math.ceil(nfds / 8) / 8) * 8;
  const fds: number[] = [];
  for (let i = 1; i <= 3 && bytes > 0; i++) {
    const addr = u64(a, i);
    const b = addr === 0 ? null : mem.peek(addr, bytes);
    if (b) for (let j = 0; j < nfds; j++) if ((b[j >> 3]! >> (j & 7)) & 1) fds.push(j);
  }
  return fds;
}

registerDecoders({
  namedFds: { poll: pollFds, ppoll: pollFds, select: selectFds, pselect6: selectFds },
  args: {
    poll(c) {
      if (c.i === 0) return elemsText(c.mem, u64(c.a, 0), c.a.lo[1]! >>> 0, 8, c.o, (b) => pollfdText(b, c.o));
      if (c.i === 1) return String(c.a.lo[1]! >>> 0);
      return undefined;
    },
    ppoll(c) {
      if (c.i === 0) return elemsText(c.mem, u64(c.a, 0), c.a.lo[1]! >>> 0, 8, c.o, (b) => pollfdText(b, c.o));
      if (c.i === 1) return String(c.a.lo[1]! >>> 0);
      if (c.i === 2) return timeAt(c.mem, u64(c.a, 2), false);
      if (c.i === 3) return sigsetAt(c.mem, u64(c.a, 3), u64(c.a, 4), 8);
      return undefined;
    },
    select: (c) => selectArgs(c, true),
    pselect6: (c) => selectArgs(c, false),
    epoll_create1(c) {
      return c.i === 0 ? namedFlags(c.a.lo[0]!, epollCreateFlagNames, "EPOLL_???", c.o) : undefined;
    },
    epoll_ctl(c) {
      if (c.i === 3 && c.a.lo[1] === 2) return ptrText(c.a, 3); // EPOLL_CTL_DEL takes no event
      return undefined;
    },
    epoll_pwait: (c) => epollPwaitArgs(c, false),
    epoll_pwait2: (c) => epollPwaitArgs(c, true),
    nanosleep(c) {
      if (c.i === 1 && c.exited) return restarting(c.result) ? timeAt(c.mem, u64(c.a, 1), false) : ptrText(c.a, 1);
      return undefined;
    },
    clock_nanosleep(c) {
      if (c.i === 3 && c.exited) return restarting(c.result) && c.a.lo[1] === 0 && c.a.hi[1] === 0 ? timeAt(c.mem, u64(c.a, 3), false) : ptrText(c.a, 3);
      return undefined;
    },
    pidfd_open(c) {
      return c.i === 1 ? namedFlags(c.a.lo[1]!, pidfdOpenFlagNames, "PIDFD_???", c.o) : undefined;
    },
  },
  exitArgs: {
    // select and pselect6 show their sets as given; what they hold after the call goes after the result
    select: () => false,
    pselect6: () => false,
    epoll_pwait: (i) => i >= 1,
    epoll_pwait2: (i) => i >= 1,
  },
  results: {
    poll: (c) => pollSuffix(c, 0),
    ppoll: (c) => pollSuffix(c, u64(c.a, 2)),
    select: (c) => selectSuffix(c, true),
    pselect6: (c) => selectSuffix(c, false),
  },
});

