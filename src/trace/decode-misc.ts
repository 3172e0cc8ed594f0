/**
 * Decoders for a few calls whose shape the signature table cannot express alone:
 * futex (the arguments shown depend on the command in the operation word), eventfd2's flags,
 * sigaltstack's stack_t (the new stack at entry, the old one at exit), and uname's utsname
 * (every field with -v, the first two and "..." otherwise).
 */
import { registerDecoders, type ArgContext } from "./decoders.js";
import {
  flagsText, hex64, ptrText, quoteBytes, structText, u64, xlatText,
  type FormatOptions, type PeekMemory, type RawArgs,
} from "./format.js";
import {
  efdFlagNames, futexOpNames, futexWakeCmpNames, futexWakeOpNames, ssFlagNames, FUTEX_BITSET_MATCH_ANY,
} from "../abi/futex.js";

// ---- futex ----

function futexOpText(o: FormatOptions, op: number): string {
  const hit = futexOpNames.find(([v]) => v === op);
  const text = hit ? hit[1] : `0x${(op >>> 0).toString(16)} /* FUTEX_??? */`;
  return xlatText(o, op >>> 0, text);
}

function bitsetText(o: FormatOptions, v: number): string {
  v = v >>> 0;
  if (v === FUTEX_BITSET_MATCH_ANY) return xlatText(o, v, "FUTEX_BITSET_MATCH_ANY");
  return v === 0 ? "0" : "0x" + v.toString(16);
}

/** The timeout argument as a timespec, or its address when it cannot be read. */
function timeoutText(mem: PeekMemory, a: RawArgs, i: number, o: FormatOptions): string {
  if (a.lo[i] === 0 && a.hi[i] === 0) return "NULL";
  if (o.structs === false || (a.hi[i]! >>> 0) > 0x1fffff) return ptrText(a, i);
  const p = u64(a, i);
  if (!mem.peek(p, 16)) return ptrText(a, i);
  return structText("timespec", mem, p, o, 0);
}

const hexU = (v: number) => ((v >>> 0) === 0 ? "0" : "0x" + (v >>> 0).toString(16));

/**
 * One named field of FUTEX_WAKE_OP's val3 shifted into place, as strace's printxval leaves it:
 * the name; -X verbose "0 /* NAME *\/<<28"; a value without a name (or any value with -X raw)
 * "0x7<<28 /* FUTEX_OP_??? *\/".
 */
function shiftedField(o: FormatOptions, v: number, names: readonly string[], shift: number, unknown: string): string {
  const name = v < names.length ? names[v] : undefined;
  if (name === undefined || o.xlat === "raw") return `${hexU(v)}<<${shift} /* ${unknown} */`;
  if (o.xlat === "verbose") return `${hexU(v)} /* ${name} */<<${shift}`;
  return `${name}<<${shift}`;
}

/** FUTEX_WAKE_OP's val3: OP<<28|OPARG<<12|CMP<<24|CMPARG, as strace spells it. */
function wakeOpText(o: FormatOptions, v: number): string {
  v = v >>> 0;
  let s = "";
  if ((v >>> 28) & 8) s += xlatText(o, 8, "FUTEX_OP_OPARG_SHIFT") + "<<28|";
  s += shiftedField(o, (v >>> 28) & 7, futexWakeOpNames, 28, "FUTEX_OP_???");
  s += `|${hexU((v >>> 12) & 0xfff)}<<12|`;
  s += shiftedField(o, (v >>> 24) & 0xf, futexWakeCmpNames, 24, "FUTEX_OP_CMP_???");
  return s + `|${hexU(v & 0xfff)}`;
}

/** Everything from the operation on, joined (argument 1 carries the rest of the line). */
function futexTail(c: ArgContext): string {
  const { a, mem, o } = c;
  const op = a.lo[1]! | 0;
  const cmd = op & 127;
  const val = String(a.lo[2]! >>> 0);
  const val2 = String(a.lo[3]! >>> 0);
  const val3 = a.lo[5]!;
  const parts = [futexOpText(o, op)];
  switch (cmd) {
    case 0: // WAIT
      parts.push(val, timeoutText(mem, a, 3, o));
      break;
    case 6: // LOCK_PI
    case 13: // LOCK_PI2
      parts.push(timeoutText(mem, a, 3, o));
      break;
    case 9: // WAIT_BITSET
      parts.push(val, timeoutText(mem, a, 3, o), bitsetText(o, val3));
      break;
    case 10: // WAKE_BITSET
      parts.push(val, bitsetText(o, val3));
      break;
    case 3: // REQUEUE
      parts.push(val, val2, ptrText(a, 4));
      break;
    case 4: // CMP_REQUEUE
    case 12: // CMP_REQUEUE_PI
      parts.push(val, val2, ptrText(a, 4), String(val3 >>> 0));
      break;
    case 5: // WAKE_OP
      parts.push(val, val2, ptrText(a, 4), wakeOpText(o, val3));
      break;
    case 11: // WAIT_REQUEUE_PI
      parts.push(val, timeoutText(mem, a, 3, o), ptrText(a, 4));
      break;
    case 1: // WAKE
    case 2: // FD
      parts.push(val);
      break;
    case 7: // UNLOCK_PI
    case 8: // TRYLOCK_PI
      break;
    default:
      parts.push(val, ptrText(a, 3), ptrText(a, 4), hexU(val3));
  }
  return parts.join(", ");
}

// ---- sigaltstack ----

function stackText(mem: PeekMemory, a: RawArgs, i: number, o: FormatOptions): string {
  if (a.lo[i] === 0 && a.hi[i] === 0) return "NULL";
  if (o.structs === false || (a.hi[i]! >>> 0) > 0x1fffff) return ptrText(a, i);
  const b = mem.peek(u64(a, i), 24);
  if (!b) return ptrText(a, i);
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sp = hex64(d.getInt32(0, true), d.getInt32(4, true));
  const flags = d.getUint32(8, true);
  const size = (d.getUint32(20, true) * 4294967296 + d.getUint32(16, true));
  const sizeText = d.getUint32(20, true) > 0x1fffff ? d.getBigUint64(16, true).toString() : String(size);
  return `{ss_sp=${sp === "0" ? "NULL" : sp}, ss_flags=${xlatText(o, flags, flagsText(flags, ssFlagNames))}, ss_size=${sizeText}}`;
}

// ---- uname ----

function unameText(mem: PeekMemory, a: RawArgs, o: FormatOptions): string | undefined {
  if (!o.verbose) return undefined;
  if (a.lo[0] === 0 && a.hi[0] === 0) return "NULL";
  if (o.structs === false) return ptrText(a, 0);
  const b = mem.peek(u64(a, 0), 65 * 6);
  if (!b) return ptrText(a, 0);
  const field = (k: number) => {
    const f = b.subarray(k * 65, k * 65 + 65);
    let z = f.indexOf(0);
    if (z < 0) z = 65;
    return quoteBytes(f, Math.min(z, o.strsize)) + (z > o.strsize ? "..." : "");
  };
  const names = ["sysname", "nodename", "release", "version", "machine", "domainname"];
  return `{${names.map((n, k) => `${n}=${field(k)}`).join(", ")}}`;
}

registerDecoders({
  args: {
    futex: (c) => (c.i === 1 ? futexTail(c) : undefined),
    eventfd2: (c) => {
      if (c.i !== 1) return undefined;
      const v = c.a.lo[1]! >>> 0;
      return xlatText(c.o, v, flagsText(v, efdFlagNames));
    },
    sigaltstack: (c) => {
      if (c.i > 1) return undefined;
      if (c.i === 1 && c.result < 0) return ptrText(c.a, 1);
      return stackText(c.mem, c.a, c.i, c.o);
    },
    uname: (c) => (c.i === 0 && c.exited && c.result >= 0 ? unameText(c.mem, c.a, c.o) : undefined),
  },
  shownArgs: {
    futex: () => 2,
  },
});
