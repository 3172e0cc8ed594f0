/**
 * Signals as strace 6.1 shows them: siginfo_t (one reader for the `--- SIG... {...} ---` lines and
 * for the calls that pass or fill one: rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal,
 * rt_sigtimedwait, waitid), rt_sigpending's short sigsets, rt_sigtimedwait's `= 14 (SIGALRM)`,
 * and rt_sigreturn's `{mask=[...]}` read from the signal frame on the user stack.
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import { dv, gs64, gu64Text, u64, ptrText, sigsetText, fdText, xlatText, type FormatOptions, type PeekMemory } from "./format.js";
import { signalName } from "../abi/signals.js";
import { errnoName } from "../abi/errno.js";
import { SiginfoLayout as L, siCodeGenericNames, siCodeSignalNames, CLOCK_TICKS } from "../abi/siginfo.js";
import type { NameTable } from "../abi/signatures.js";
import type { SignalInfo } from "../kernel/events.js";
import { writeSiginfo } from "../kernel/signal-frame.js";

const TWO32 = 4294967296;

function lookup(t: NameTable | undefined, v: number): string | undefined {
  if (t) for (const [k, n] of t) if (k === v) return n;
  return undefined;
}

const hexNum = (v: number) => (v === 0 ? "0" : "0x" + v.toString(16));

/** A pointer-sized field in hex (strace's %#lx: 0 stays "0"... but pointers print NULL). */
function ptrField(d: DataView, o: number): string {
  const hi = d.getUint32(o + 4, true);
  const lo = d.getUint32(o, true);
  if (hi === 0 && lo === 0) return "NULL";
  return "0x" + (hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, "0"));
}

/** A pid as strace's printpid shows it: with -Y, `3<comm>` while the process exists. */
export function pidText(pid: number, o: FormatOptions): string {
  if (pid > 0 && o.pidComm) {
    const c = o.pidComm(pid);
    if (c !== null) return `${pid}<${c}>`;
  }
  return String(pid);
}

/** A signal number: its name, or the number under -X raw (and both under -X verbose). */
export function signalText(sig: number, o: FormatOptions): string {
  const name = signalName(sig);
  if (/^\d/.test(name)) return name;
  if (o.xlat === "raw") return String(sig);
  if (o.xlat === "verbose") return `${sig} /* ${name} */`;
  return name;
}

/** A clock_t count of USER_HZ ticks with strace's seconds comment: "90", then the seconds "0.90 s" in a comment. */
export function clockText(d: DataView, off: number, o: FormatOptions): string {
  const text = gu64Text(d, off);
  const v = d.getUint32(off + 4, true) * TWO32 + d.getUint32(off, true);
  if (o.xlat === "raw" || v <= 0) return text;
  const hi = d.getUint32(off + 4, true);
  if (hi >= 0x200000) {
    const big = d.getBigUint64(off, true);
    const t = BigInt(CLOCK_TICKS);
    return `${text} /* ${big / t}.${String(big % t).padStart(2, "0")} s */`;
  }
  return `${text} /* ${Math.floor(v / CLOCK_TICKS)}.${String(v % CLOCK_TICKS).padStart(2, "0")} s */`;
}

/** si_code by name (the generic codes first, then the signal's own), or in hex. */
function siCodeText(code: number, signo: number, o: FormatOptions): string {
  const name = lookup(siCodeGenericNames, code) ?? lookup(siCodeSignalNames[signo], code);
  const num = hexNum(code >>> 0);
  if (name === undefined || o.xlat === "raw") return num;
  if (o.xlat === "verbose") return `${num} /* ${name} */`;
  return name;
}

function errnoField(e: number, o: FormatOptions): string {
  const u = String(e >>> 0);
  const name = errnoName[e];
  if (name === undefined || o.xlat === "raw") return u;
  if (o.xlat === "verbose") return `${u} /* ${name} */`;
  return name;
}

/** uid_t as strace's PRINT_VAL_ID: -1 stays -1, anything else unsigned. */
function idText(v: number): string {
  return v === -1 ? "-1" : String(v >>> 0);
}

/** The 128 bytes of a siginfo_t, as strace's printsiginfo writes them. */
export function siginfoBytesText(b: Uint8Array, o: FormatOptions): string {
  const d = dv(b);
  const signo = d.getInt32(L.signo, true);
  if (signo === 0) return "{}";
  const code = d.getInt32(L.code, true);
  const err = d.getInt32(L.errno, true);
  let s = `{si_signo=${signalText(signo, o)}, si_code=${siCodeText(code, signo, o)}`;
  if (err !== 0) s += `, si_errno=${errnoField(err, o)}`;
  const source = () => `, si_pid=${pidText(d.getInt32(L.pid, true), o)}, si_uid=${idText(d.getInt32(L.uid, true))}`;
  const sigval = () => `, si_int=${d.getInt32(L.value, true)}, si_ptr=${ptrField(d, L.value)}`;
  const hasPtr = () => d.getUint32(L.value, true) !== 0 || d.getUint32(L.value + 4, true) !== 0;
  if (code <= 0) {
    switch (code) {
      case 0: // SI_USER
      case -6: // SI_TKILL
        return s + source() + "}";
      case -2: // SI_TIMER
        return s + `, si_timerid=${hexNum(d.getUint32(L.timerid, true))}, si_overrun=${d.getInt32(L.overrun, true)}` + sigval() + "}";
      case -5: // SI_SIGIO
        return s + `, si_band=${gs64(d, L.band)}, si_fd=${fdText(d.getInt32(L.fd, true), o)}}`;
      default:
        s += source();
        if (hasPtr()) s += sigval();
        return s + "}";
    }
  }
  switch (signo) {
    case 17: { // SIGCHLD
      const st = d.getInt32(L.status, true);
      s += source();
      s += `, si_status=${code === 1 ? String(st) : signalText(st, o)}`;
      s += `, si_utime=${clockText(d, L.utime, o)}, si_stime=${clockText(d, L.stime, o)}`;
      return s + "}";
    }
    case 4: case 8: case 7: case 5:
      return s + `, si_addr=${ptrField(d, L.addr)}}`;
    case 11:
      s += `, si_addr=${ptrField(d, L.addr)}`;
      if (code === 3) s += `, si_lower=${ptrField(d, L.lower)}, si_upper=${ptrField(d, L.upper)}`;
      else if (code === 4) s += `, si_pkey=${d.getUint32(L.pkey, true)}`;
      return s + "}";
    case 29:
      if (code >= 1 && code <= 6) s += `, si_band=${gs64(d, L.band)}, si_fd=${fdText(d.getInt32(L.fd, true), o)}`;
      return s + "}";
    case 31: {
      const arch = d.getUint32(L.arch, true);
      const archText = arch === 0xc000003e ? "AUDIT_ARCH_X86_64" : arch === 0x40000003 ? "AUDIT_ARCH_I386" : `${hexNum(arch)} /* AUDIT_ARCH_??? */`;
      return s + `, si_call_addr=${ptrField(d, L.callAddr)}, si_syscall=${d.getInt32(L.syscall, true)}, si_arch=${archText}}`;
    }
    default:
      if (d.getInt32(L.pid, true) !== 0 || d.getInt32(L.uid, true) !== 0) s += source();
      if (hasPtr()) s += sigval();
      return s + "}";
  }
}

const infoBuf = new Uint8Array(L.size);

/** A signal the kernel delivers (the tracer's `--- SIG... ---` line). */
export function signalInfoText(info: Readonly<SignalInfo>, o: FormatOptions): string {
  infoBuf.fill(0);
  try {
    writeSiginfo(new DataView(infoBuf.buffer), 0, info as SignalInfo);
  } catch {
    return `{si_signo=${signalText(info.signo, o)}}`;
  }
  return siginfoBytesText(infoBuf, o);
}

/** A siginfo_t pointer: `{...}`, NULL, or the address when unreadable. */
export function siginfoAt(mem: PeekMemory, addr: number, o: FormatOptions): string {
  if (addr === 0) return "NULL";
  const b = mem.peek(addr, L.size);
  if (!b) return "0x" + addr.toString(16);
  return siginfoBytesText(b, o);
}

/** strace's print_sigset_addr_len_limit: a set of `len` bytes (min..8), else the address. */
export function sigsetAt(mem: PeekMemory, addr: number, len: number, minLen: number): string {
  if (addr === 0) return "NULL";
  if (len < minLen || len > 8) return "0x" + addr.toString(16);
  const b = mem.peek(addr, len);
  if (!b) return "0x" + addr.toString(16);
  const full = new Uint8Array(8);
  full.set(b);
  return sigsetText(full, len);
}

/** Argument i as a siginfo pointer, or the address when the call failed at exit. */
function infoArg(c: ArgContext, i: number): string {
  if (c.exited && c.result < 0) return ptrText(c.a, i);
  return siginfoAt(c.mem, u64(c.a, i), c.o);
}

registerDecoders({
  args: {
    rt_sigqueueinfo(c) {
      if (c.i === 0) return pidText(c.a.lo[0]!, c.o);
      if (c.i === 2) return siginfoAt(c.mem, u64(c.a, 2), c.o);
      return undefined;
    },
    rt_tgsigqueueinfo(c) {
      if (c.i === 0 || c.i === 1) return pidText(c.a.lo[c.i]!, c.o);
      if (c.i === 3) return siginfoAt(c.mem, u64(c.a, 3), c.o);
      return undefined;
    },
    pidfd_send_signal(c) {
      if (c.i === 2) return siginfoAt(c.mem, u64(c.a, 2), c.o);
      if (c.i === 3) return hexNum(c.a.lo[3]! >>> 0);
      return undefined;
    },
    kill(c) {
      // a process, or (negative) a process group, which -Y does not name
      return c.i === 0 ? pidText(c.a.lo[0]! | 0, c.o) : undefined;
    },
    tkill(c) {
      return c.i === 0 ? pidText(c.a.lo[0]! | 0, c.o) : undefined;
    },
    tgkill(c) {
      return c.i === 0 || c.i === 1 ? pidText(c.a.lo[c.i]! | 0, c.o) : undefined;
    },
    rt_sigtimedwait(c) {
      if (c.i === 0) return sigsetAt(c.mem, u64(c.a, 0), u64(c.a, 3), 8);
      if (c.i === 1) return c.exited ? infoArg(c, 1) : ptrText(c.a, 1);
      return undefined;
    },
    rt_sigpending(c) {
      if (c.i === 0) return c.exited && c.result < 0 ? ptrText(c.a, 0) : sigsetAt(c.mem, u64(c.a, 0), u64(c.a, 1), 1);
      return undefined;
    },
    rt_sigreturn(c) {
      // The frame starts 8 bytes below rsp (the handler's `ret` took pretcode); uc_sigmask is at 8+296.
      if (c.i !== 0) return undefined;
      if (c.o.sp === undefined) return ""; // no registers (--json, --timeline): no mask either
      return `{mask=${sigsetAt(c.mem, c.o.sp - 8 + 304, 8, 8)}}`;
    },
  },
  exitArgs: {
    // the info is only written on success; strace decodes it at exit (with -v, its default)
    rt_sigtimedwait: (i, a) => (i === 1 ? (a.lo[1] !== 0 || a.hi[1] !== 0) : i > 1 ? (a.lo[1] !== 0 || a.hi[1] !== 0) : undefined),
    rt_sigreturn: () => false,
  },
  shownArgs: {
    rt_sigreturn: () => 1,
  },
  results: {
    rt_sigtimedwait: (c) => (c.result > 0 ? ` (${signalName(c.result)})` : undefined),
  },
});
