/**
 * prctl(2) and arch_prctl(2) as strace 6.1 shows them: each option decides how many arguments
 * appear, how each is spelled (signals, capability names, flag sets, vector lengths...), which are
 * read back at exit (PR_GET_PDEATHSIG's `[SIGINT]`), and whether the result is shown in hex with
 * its meaning after it (`= 0x3 (SECBIT_NOROOT|SECBIT_NOROOT_LOCKED)`).
 *
 * Values are 64-bit registers, so this module works on BigInt (the tracer is off the hot path).
 * The -X styles follow strace's xlat printers: `raw` prints numbers, `abbrev` names, `verbose`
 * both (`0x3e /* PR_SCHED_CORE *\/`).
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import { quoteBytes, dv, type FormatOptions, type PeekMemory, type RawArgs } from "./format.js";
import type { NameTable } from "../abi/signatures.js";
import { signalName } from "../abi/signals.js";
import * as P from "../abi/prctl.js";

type Style = "abbrev" | "raw" | "verbose";

const styleOf = (o: FormatOptions): Style => o.xlat ?? "abbrev";

/** Register i as an unsigned 64-bit value. */
function reg(a: RawArgs, i: number): bigint {
  return (BigInt(a.hi[i]! >>> 0) << 32n) | BigInt(a.lo[i]! >>> 0);
}

/** strace's "%#x": 0 stays "0". */
function hx(v: bigint): string {
  return v === 0n ? "0" : "0x" + v.toString(16);
}

function addrText(v: bigint): string {
  return v === 0n ? "NULL" : "0x" + v.toString(16);
}

function lookup(t: NameTable, v: bigint): string | undefined {
  for (const [k, n] of t) if (BigInt(k) === v) return n;
  return undefined;
}

/** One named value (printxval): the name, or the number with the family's `???` comment. */
function xval(st: Style, t: NameTable, v: bigint, dflt: string): string {
  if (st === "raw") return hx(v);
  const n = lookup(t, v);
  if (n === undefined) return `${hx(v)} /* ${dflt} */`;
  return st === "verbose" ? `${hx(v)} /* ${n} */` : n;
}

/** A flag set (printflags_ex): names joined by "|", leftover bits in hex, dflt when none match. */
function flagSet(st: Style, tables: readonly NameTable[], v: bigint, dflt: string): string {
  if (st === "raw") return hx(v);
  let out = st === "verbose" && v !== 0n ? hx(v) : "";
  let n = 0;
  let rest = v;
  outer: for (const t of tables) {
    for (const [k, name] of t) {
      if (!(rest !== 0n || n === 0)) break;
      const bit = BigInt(k);
      if (rest === bit || (bit !== 0n && (rest & bit) === bit)) {
        if (st === "verbose" && rest === 0n) out += "0";
        out += n++ ? "|" : st === "verbose" ? " /* " : "";
        out += name;
        rest &= ~bit;
      }
      if (rest === 0n) continue outer;
    }
  }
  if (n) {
    if (rest !== 0n) out += "|" + hx(rest);
    if (st === "verbose") out += " */";
    return out;
  }
  if (rest !== 0n) return (st === "verbose" ? out : hx(rest)) + ` /* ${dflt} */`;
  return "0";
}

/**
 * A flag set spelled into a string (sprintflags_ex with no prefix): null when there is nothing to
 * say. `aux` is the form strace puts after a result: names only, nothing in raw style.
 */
function flagString(st: Style, t: NameTable, v: bigint, aux: boolean): string | null {
  if (st === "raw") return !v || aux ? null : hx(v);
  const first = t[0];
  if (v === 0n && first && first[0] === 0) return st === "verbose" && !aux ? `0 /* ${first[1]} */` : first[1];
  const wide = st === "verbose" && !aux;
  let out = wide && v !== 0n ? hx(v) : "";
  let found = false;
  let rest = v;
  for (const [k, name] of t) {
    if (rest === 0n) break;
    const bit = BigInt(k);
    if (bit !== 0n && (rest & bit) === bit) {
      out += found ? "|" : wide ? " /* " : "";
      out += name;
      found = true;
      rest &= ~bit;
    }
  }
  if (rest !== 0n) {
    if (found) out += "|";
    if (found || (st !== "verbose" && !aux)) out += hx(rest);
  } else if (!found) return null;
  if (found && wide) out += " */";
  return out === "" ? null : out;
}

function signalText(st: Style, sig: number): string {
  const name = signalName(sig);
  const known = sig > 0 && name !== String(sig);
  if (!known || st === "raw") return String(sig);
  return st === "verbose" ? `${sig} /* ${name} */` : name;
}

/**
 * A string argument (printstr_ex with a NUL-terminated style): at most `len` bytes and at most -s
 * of them shown; "..." when no NUL ended it within what was shown. The address when unreadable.
 */
function strArg(mem: PeekMemory, addr: bigint, len: number, strsize: number): string {
  if (addr === 0n) return "NULL";
  const p = Number(addr);
  let size = Math.min(strsize + 1, len);
  const bytes: number[] = [];
  let nul = false;
  while (bytes.length < size) {
    const at = p + bytes.length;
    const want = Math.min(size - bytes.length, 4096 - (at % 4096));
    const b = Number.isSafeInteger(at) ? mem.peek(at, want) : null;
    if (!b) return addrText(addr);
    const z = b.indexOf(0);
    if (z >= 0) {
      for (let i = 0; i < z; i++) bytes.push(b[i]!);
      nul = true;
      break;
    }
    for (const x of b) bytes.push(x);
  }
  // The byte after what is shown decides the "...": past -s it is the real next byte; at the
  // length limit strace counts the string as cut.
  let next = -1;
  if (size > strsize) {
    size = strsize;
    next = bytes.length > size ? bytes[size]! : nul ? 0 : -1;
  }
  const shown = Math.min(bytes.length, size);
  const cut = !(nul && bytes.length <= size) && next !== 0;
  return quoteBytes(Uint8Array.from(bytes.slice(0, shown)), shown) + (cut && len > 0 ? "..." : "");
}

/** umove_or_printaddr: the pointed-to bytes at exit, or null after printing the address instead. */
function readOut(c: ArgContext, addr: bigint, n: number): DataView | string {
  if (addr === 0n) return "NULL";
  if (c.result < 0) return addrText(addr);
  const b = Number.isSafeInteger(Number(addr)) ? c.mem.peek(Number(addr), n) : null;
  return b ? dv(b) : addrText(addr);
}

function hexArgs(a: RawArgs, from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < 5; i++) out.push(hx(reg(a, i)));
  return out;
}

/** The options whose second argument is written by the call and shown at exit. */
const PRCTL_EXIT_ARG2 = new Set([
  P.PR_GET_CHILD_SUBREAPER, P.PR_GET_ENDIAN, P.PR_GET_FPEMU, P.PR_GET_FPEXC, P.PR_GET_NAME,
  P.PR_GET_PDEATHSIG, P.PR_GET_TID_ADDRESS, P.PR_GET_TSC, P.PR_GET_UNALIGN,
]);

/** Vector-length arguments of PR_SVE_SET_VL / PR_SME_SET_VL (and their results, `aux`). */
function vlText(st: Style, flags: NameTable, v: bigint, aux: boolean): string | null {
  if (st === "raw") return aux ? null : hx(v);
  const vl = v & BigInt(P.PR_VL_LEN_MASK);
  const fl = v & ~BigInt(P.PR_VL_LEN_MASK) & 0xffffffffffffffffn;
  if (fl === 0n && aux) return null;
  const names = flagString("abbrev", flags, fl, false);
  const body = `${names !== null ? names + "|" : ""}${hx(vl)}`;
  if (!aux && fl !== 0n && st === "verbose") return `${hx(v)} /* ${body} */`;
  return body;
}

/** PR_SET_TAGGED_ADDR_CTRL's argument and PR_GET_TAGGED_ADDR_CTRL's result (`aux`). */
function taggedText(st: Style, v: bigint, aux: boolean): string | null {
  if (st === "raw") return aux ? null : hx(v);
  const enabled = v & BigInt(P.PR_TAGGED_ADDR_ENABLE);
  const tcf = v & BigInt(P.PR_MTE_TCF_MASK);
  const tag = v & BigInt(P.PR_MTE_TAG_MASK);
  const rest = v & ~BigInt(P.PR_TAGGED_ADDR_ENABLE | P.PR_MTE_TCF_MASK | P.PR_MTE_TAG_MASK) & 0xffffffffffffffffn;
  let s = `${flagString("abbrev", P.prTaggedAddrEnableNames, enabled, false)}|${lookup(P.prMteTcfNames, tcf) ?? hx(tcf)}`;
  if (tag !== 0n) s += `|${hx(tag >> BigInt(P.PR_MTE_TAG_SHIFT))}<<PR_MTE_TAG_SHIFT`;
  if (rest !== 0n) s += `|${hx(rest)}`;
  return !aux && st === "verbose" ? `${hx(v)} /* ${s} */` : s;
}

/** One classic BPF opcode: class | size | mode, class | source | operation... */
function bpfCode(st: Style, code: number): string {
  const cls = code & 7;
  const rest = code & ~7;
  const x = (t: NameTable, v: number) => xval(st, t, BigInt(v), "BPF_???");
  const unknown = (v: number) => `|${hx(BigInt(v))} /* BPF_??? */`;
  let s = x(P.bpfClassNames, cls);
  switch (cls) {
    case 2: case 3: // ST, STX
      if (rest) s += unknown(rest);
      break;
    case 0: case 1: // LD, LDX
      s += `|${x(P.bpfSizeNames, code & 0x18)}|${x(P.bpfModeNames, code & 0xe0)}`;
      break;
    case 7: { // MISC
      s += `|${x(P.bpfMiscOpNames, code & 0xf8)}`;
      break;
    }
    case 4: // ALU
      s += `|${x(P.bpfSrcNames, code & 8)}|${x(P.bpfAluOpNames, code & 0xf0)}`;
      break;
    case 5: // JMP
      s += `|${x(P.bpfSrcNames, code & 8)}|${x(P.bpfJmpOpNames, code & 0xf0)}`;
      break;
    case 6: { // RET
      s += `|${x(P.bpfRvalNames, code & 0x18)}`;
      if (code & ~0x1f) s += unknown(code & ~0x1f);
      break;
    }
  }
  return s;
}

/** A seccomp filter's instructions: BPF_STMT(code, k) or BPF_JUMP(code, k, jt, jf). */
function seccompInsns(st: Style, mem: PeekMemory, addr: bigint, len: number, max: number): string {
  const n = Math.min(len, max);
  const b = n > 0 && Number.isSafeInteger(Number(addr)) ? mem.peek(Number(addr), n * 8) : null;
  if (addr === 0n || (n > 0 && !b)) return addrText(addr);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = dv(b!.subarray(i * 8, i * 8 + 8));
    const code = d.getUint16(0, true);
    const jt = d.getUint8(2);
    const jf = d.getUint8(3);
    const k = d.getUint32(4, true);
    if (jt || jf) {
      parts.push(`BPF_JUMP(${bpfCode(st, code)}, ${hx(BigInt(k))}, ${hx(BigInt(jt))}, ${hx(BigInt(jf))})`);
      continue;
    }
    let kText = hx(BigInt(k));
    if ((code & 7) === 6) { // a return value: the seccomp action and its data
      const action = (k & 0xffff0000) >>> 0;
      const data = k & 0xffff;
      kText = xval(st, P.seccompRetActionNames, BigInt(action), "SECCOMP_RET_???") + (data ? `|${hx(BigInt(data))}` : "");
    }
    parts.push(`BPF_STMT(${bpfCode(st, code)}, ${kText})`);
  }
  if (len > n) parts.push("...");
  return `[${parts.join(", ")}]`;
}

/** struct sock_fprog: its length and the filter (its address unless -v). */
function fprogText(st: Style, mem: PeekMemory, addr: bigint, o: FormatOptions): string {
  if (addr === 0n) return "NULL";
  const b = Number.isSafeInteger(Number(addr)) ? mem.peek(Number(addr), 16) : null;
  if (!b) return addrText(addr);
  const d = dv(b);
  const len = d.getUint16(0, true);
  const filter = (BigInt(d.getUint32(12, true)) << 32n) | BigInt(d.getUint32(8, true));
  const f = o.verbose ? seccompInsns(st, mem, filter, len, Math.min(o.strsize, 4096)) : addrText(filter);
  return `{len=${len}, filter=${f}}`;
}

/** Every argument prctl shows for this option, at entry (exit-time ones are undefined there). */
function prctlArgs(c: ArgContext): (string | undefined)[] {
  const { a, o, mem } = c;
  const st = styleOf(o);
  const opt = a.lo[0]! >>> 0;
  const arg2 = reg(a, 1);
  const first = xval(st, P.prctlOptionNames, BigInt(opt), "PR_???");
  const out: (string | undefined)[] = [first];
  const s32 = (v: bigint) => String(BigInt.asIntN(32, v));
  switch (opt) {
    case P.PR_GET_KEEPCAPS: case P.PR_GET_SECCOMP: case P.PR_GET_TIMERSLACK: case P.PR_GET_TIMING:
    case P.PR_GET_DUMPABLE: case P.PR_GET_SECUREBITS: case P.PR_GET_FP_MODE:
    case P.PR_SVE_GET_VL: case P.PR_SME_GET_VL:
    case P.PR_TASK_PERF_EVENTS_DISABLE: case P.PR_TASK_PERF_EVENTS_ENABLE:
      return out;
    case P.PR_GET_CHILD_SUBREAPER: case P.PR_GET_ENDIAN: case P.PR_GET_FPEMU: case P.PR_GET_FPEXC:
    case P.PR_GET_NAME: case P.PR_GET_PDEATHSIG: case P.PR_GET_TID_ADDRESS: case P.PR_GET_TSC:
    case P.PR_GET_UNALIGN: {
      if (!c.exited) return [first, undefined];
      const p = arg2;
      let t: string;
      if (opt === P.PR_GET_NAME) t = c.result < 0 ? addrText(p) : strArg(mem, p, 16, o.strsize);
      else if (opt === P.PR_GET_TID_ADDRESS) {
        const d = readOut(c, p, 8);
        t = typeof d === "string" ? d : `[${addrText((BigInt(d.getUint32(4, true)) << 32n) | BigInt(d.getUint32(0, true)))}]`;
      } else {
        const d = readOut(c, p, 4);
        if (typeof d === "string") t = d;
        else {
          const v = d.getUint32(0, true);
          if (opt === P.PR_GET_PDEATHSIG) t = `[${signalText(st, v | 0)}]`;
          else if (opt === P.PR_GET_TSC) t = `[${xval(st, P.prTscNames, BigInt(v), "PR_TSC_???")}]`;
          else if (opt === P.PR_GET_UNALIGN) t = `[${flagSet(st, [P.prUnalignFlagNames], BigInt(v), "PR_UNALIGN_???")}]`;
          else t = `[${v}]`;
        }
      }
      return [first, t];
    }
    case P.PR_SVE_SET_VL:
      return [first, vlText(st, P.prSveVlFlagNames, arg2, false)!];
    case P.PR_SME_SET_VL:
      return [first, vlText(st, P.prSmeVlFlagNames, arg2, false)!];
    case P.PR_GET_SPECULATION_CTRL:
      return [first, xval(st, P.prSpecCmdNames, arg2, "PR_SPEC_???")];
    case P.PR_SET_TAGGED_ADDR_CTRL:
      return [first, taggedText(st, arg2, false)!, ...hexArgs(a, 2)];
    case P.PR_SET_CHILD_SUBREAPER: case P.PR_SET_ENDIAN: case P.PR_SET_FPEMU: case P.PR_SET_FPEXC:
    case P.PR_SET_KEEPCAPS: case P.PR_SET_TIMING:
      return [first, arg2.toString()];
    case P.PR_SET_DUMPABLE:
      return [first, xval(st, P.suidDumpNames, arg2, "SUID_DUMP_???")];
    case P.PR_CAPBSET_DROP: case P.PR_CAPBSET_READ:
      return [first, xval(st, P.capNames, arg2, "CAP_???")];
    case P.PR_CAP_AMBIENT: {
      out.push(xval(st, P.prCapAmbientNames, arg2, "PR_CAP_AMBIENT_???"));
      if (arg2 >= 1n && arg2 <= 3n) return [...out, xval(st, P.capNames, reg(a, 2), "CAP_???"), ...hexArgs(a, 3)];
      return [...out, ...hexArgs(a, 2)];
    }
    case P.PR_MCE_KILL:
      return [
        first, xval(st, P.prMceKillNames, arg2, "PR_MCE_KILL_???"),
        arg2 === 1n ? xval(st, P.prMceKillPolicyNames, reg(a, 2), "PR_MCE_KILL_???") : hx(reg(a, 2)),
        ...hexArgs(a, 3),
      ];
    case P.PR_SET_NAME:
      return [first, strArg(mem, arg2, 15, o.strsize)];
    case P.PR_SET_VMA:
      if (arg2 === 0n) {
        return [first, xval(st, P.prSetVmaNames, arg2, "PR_SET_VMA_???"), addrText(reg(a, 2)), reg(a, 3).toString(), strArg(mem, reg(a, 4), -1 >>> 0, o.strsize)];
      }
      return [first, xval(st, P.prSetVmaNames, arg2, "PR_SET_VMA_???"), ...hexArgs(a, 2)];
    case P.PR_SET_MM:
      return [first, xval(st, P.prSetMmNames, arg2 & 0xffffffffn, "PR_SET_MM_???"), ...hexArgs(a, 2)];
    case P.PR_SET_PDEATHSIG:
      return [first, arg2 > 128n ? arg2.toString() : signalText(st, Number(arg2))];
    case P.PR_SET_PTRACER: {
      const pid = s32(arg2);
      if (pid !== "-1") return [first, pid];
      return [first, st === "abbrev" ? "PR_SET_PTRACER_ANY" : st === "raw" ? "-1" : "-1 /* PR_SET_PTRACER_ANY */"];
    }
    case P.PR_SET_SECCOMP: {
      out.push(xval(st, P.seccompModeNames, arg2, "SECCOMP_MODE_???"));
      if (arg2 === 1n) return out;
      if (arg2 === 2n) return [...out, fprogText(st, mem, reg(a, 2), o)];
      return [...out, ...hexArgs(a, 2)];
    }
    case P.PR_SET_SECUREBITS:
      return [first, flagSet(st, [P.secbitNames], arg2, "SECBIT_???")];
    case P.PR_SET_TIMERSLACK:
      return [first, BigInt.asIntN(64, arg2).toString()];
    case P.PR_SET_TSC:
      return [first, xval(st, P.prTscNames, arg2 & 0xffffffffn, "PR_TSC_???")];
    case P.PR_SET_UNALIGN:
      return [first, flagSet(st, [P.prUnalignFlagNames], arg2 & 0xffffffffn, "PR_UNALIGN_???")];
    case P.PR_SET_NO_NEW_PRIVS: case P.PR_SET_THP_DISABLE: case P.PR_SET_IO_FLUSHER:
      return [first, arg2.toString(), ...hexArgs(a, 2)];
    case P.PR_SET_FP_MODE:
      return [first, flagSet(st, [P.prFpModeNames], arg2 & 0xffffffffn, "PR_FP_MODE_???")];
    case P.PR_SET_SPECULATION_CTRL: {
      const which = arg2 <= 2n ? xval(st, P.prSpecSetFlagNames, reg(a, 2), "PR_SPEC_???") : hx(reg(a, 2));
      return [first, xval(st, P.prSpecCmdNames, arg2, "PR_SPEC_???"), which];
    }
    case P.PR_PAC_RESET_KEYS:
      return [first, flagSet(st, [P.prPacEnabledKeyNames, P.prPacKeyNames], arg2, "PR_PAC_???"), ...hexArgs(a, 2)];
    case P.PR_PAC_SET_ENABLED_KEYS:
      return [
        first, flagSet(st, [P.prPacEnabledKeyNames], arg2, "PR_PAC_???"),
        flagSet(st, [P.prPacEnabledKeyNames], reg(a, 2), "PR_PAC_???"), ...hexArgs(a, 3),
      ];
    case P.PR_SET_SYSCALL_USER_DISPATCH:
      return [first, xval(st, P.prSudCmdNames, arg2, "PR_SYS_DISPATCH_???"), hx(reg(a, 2)), hx(reg(a, 3)), addrText(reg(a, 4))];
    case P.PR_SCHED_CORE: {
      const cmd = arg2 & 0xffffffffn;
      const type = reg(a, 3) & 0xffffffffn;
      const typeText = st === "raw" ? hx(type) : xval("verbose", P.pidTypeNames, type, "PIDTYPE_???");
      const head = [first, xval(st, P.prSchedCoreCmdNames, cmd, "PR_SCHED_CORE_???"), s32(reg(a, 2)), typeText];
      if (cmd !== 0n) return [...head, addrText(reg(a, 4))];
      if (!c.exited) return [...head, undefined];
      const d = readOut(c, reg(a, 4), 8);
      return [...head, typeof d === "string" ? d : `[${hx((BigInt(d.getUint32(4, true)) << 32n) | BigInt(d.getUint32(0, true)))}]`];
    }
  }
  return [first, ...hexArgs(a, 1)];
}

/** What follows prctl's result, and whether the result is in hex. */
function prctlResult(a: RawArgs, o: FormatOptions, r: number): { hex: boolean; aux: string | null } {
  const plain = { hex: false, aux: null };
  if (r < 0) return plain;
  const st = styleOf(o);
  const v = BigInt(r);
  switch (a.lo[0]! >>> 0) {
    case P.PR_GET_DUMPABLE:
      return { hex: false, aux: lookup(P.suidDumpNames, v) ?? null };
    case P.PR_MCE_KILL_GET:
      return { hex: false, aux: lookup(P.prMceKillPolicyNames, v) ?? null };
    case P.PR_GET_SECUREBITS:
      return r === 0 ? plain : { hex: true, aux: flagString(st, P.secbitNames, v, true) };
    case P.PR_GET_FP_MODE:
      return r === 0 ? plain : { hex: true, aux: flagString(st, P.prFpModeNames, v, true) };
    case P.PR_SVE_SET_VL: case P.PR_SVE_GET_VL:
      return r === 0 ? plain : { hex: true, aux: vlText(st, P.prSveVlFlagNames, v, true) };
    case P.PR_SME_SET_VL: case P.PR_SME_GET_VL:
      return r === 0 ? plain : { hex: true, aux: vlText(st, P.prSmeVlFlagNames, v, true) };
    case P.PR_GET_SPECULATION_CTRL:
      if (reg(a, 1) <= 2n) return { hex: true, aux: flagString(st, P.prSpecGetFlagNames, v, true) };
      return plain;
    case P.PR_GET_TAGGED_ADDR_CTRL:
      return { hex: true, aux: taggedText(st, v, true) };
    case P.PR_PAC_GET_ENABLED_KEYS:
      return { hex: true, aux: flagString(st, P.prPacEnabledKeyNames, v, true) };
  }
  return plain;
}

// ---- arch_prctl ----

function archArgs(c: ArgContext): (string | undefined)[] {
  const { a, o } = c;
  const st = styleOf(o);
  const code = a.lo[0]! >>> 0;
  const first = xval(st, P.archPrctlCodeNames, BigInt(code), "ARCH_???");
  const addr = reg(a, 1);
  switch (code) {
    case P.ARCH_GET_FS: case P.ARCH_GET_GS: {
      if (!c.exited) return [first, undefined];
      const d = readOut(c, addr, 8);
      return [first, typeof d === "string" ? d : `[${addrText((BigInt(d.getUint32(4, true)) << 32n) | BigInt(d.getUint32(0, true)))}]`];
    }
    case P.ARCH_GET_CPUID:
      return [first];
    case P.ARCH_GET_XCOMP_SUPP: case P.ARCH_GET_XCOMP_PERM: case P.ARCH_GET_XCOMP_GUEST_PERM: {
      if (!c.exited) return [first, undefined];
      const d = readOut(c, addr, 8);
      if (typeof d === "string") return [first, d];
      const v = (BigInt(d.getUint32(4, true)) << 32n) | BigInt(d.getUint32(0, true));
      return [first, `[${flagSet(st === "raw" ? "raw" : "verbose", [P.xfeatureMaskNames], v, "XFEATURE_MASK_???")}]`];
    }
    case P.ARCH_REQ_XCOMP_PERM: case P.ARCH_REQ_XCOMP_GUEST_PERM:
      return [first, xval(st === "raw" ? "raw" : "verbose", P.xfeatureNames, addr, "XFEATURE_???")];
  }
  return [first, hx(addr)];
}

function archResult(a: RawArgs, o: FormatOptions, r: number): { hex: boolean; aux: string | null } {
  const code = a.lo[0]! >>> 0;
  if ((code === P.ARCH_REQ_XCOMP_PERM || code === P.ARCH_REQ_XCOMP_GUEST_PERM) && r > 0) {
    return { hex: true, aux: flagString(styleOf(o), P.xfeatureMaskNames, BigInt(r), true) };
  }
  return { hex: false, aux: null };
}

const suffix = (r: { aux: string | null }) => (r.aux !== null ? ` (${r.aux})` : "");

registerDecoders({
  args: {
    prctl: (c) => prctlArgs(c)[c.i] ?? "",
    arch_prctl: (c) => archArgs(c)[c.i] ?? "",
  },
  shownArgs: {
    prctl: (a) => prctlCount(a),
    arch_prctl: (a) => archCount(a),
  },
  exitArgs: {
    prctl: (i, a) => {
      const opt = a.lo[0]! >>> 0;
      if (i === 1) return PRCTL_EXIT_ARG2.has(opt);
      if (i === 4) return opt === P.PR_SCHED_CORE && a.lo[1] === 0;
      return false;
    },
    arch_prctl: (i, a) => {
      const code = a.lo[0]! >>> 0;
      return i === 1 && (code === P.ARCH_GET_FS || code === P.ARCH_GET_GS || code === P.ARCH_GET_XCOMP_SUPP || code === P.ARCH_GET_XCOMP_PERM || code === P.ARCH_GET_XCOMP_GUEST_PERM);
    },
  },
  results: {
    prctl: (c) => suffix(prctlResult(c.a, c.o, c.result)),
    arch_prctl: (c) => suffix(archResult(c.a, c.o, c.result)),
  },
  hexResults: {
    prctl: (a, r, o) => prctlResult(a, o, r).hex,
    arch_prctl: (a, r, o) => archResult(a, o, r).hex,
  },
});

const NO_MEM: PeekMemory = { peek: () => null };

function prctlCount(a: RawArgs): number {
  return prctlArgs({ a, i: 0, mem: NO_MEM, o: { strsize: 0, verbose: false }, result: 0, exited: false } as unknown as ArgContext).length;
}

function archCount(a: RawArgs): number {
  return archArgs({ a, i: 0, mem: NO_MEM, o: { strsize: 0, verbose: false }, result: 0, exited: false } as unknown as ArgContext).length;
}
