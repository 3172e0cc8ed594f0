/**
 * SSE/SSE2 floating point: arithmetic, min/max, compares, comis/ucomis, conversions, sqrt, rcp/rsqrt.
 * Registered into the 0F-map tables of ext.ts at import time (see docs/cpu.md).
 *
 * Fast path (MXCSR rounding = nearest, FTZ and DAZ off — the default): JS arithmetic on the Float32 /
 * Float64 views of the XMM buffer, which is IEEE round-to-nearest-even (single precision through
 * Math.fround: double rounding is harmless for + - * / sqrt of floats). A result that is NaN or
 * infinite takes a slow branch that applies the x86 NaN rules (first operand's NaN quieted, else the
 * second's, else the negative "default NaN") and sets IE / ZE / OE.
 * Slow path (any other rounding mode, FTZ or DAZ): every lane goes through the exact soft-float code
 * in fp80.ts, so all four rounding modes, FTZ/DAZ and the flags IE/DE/ZE/OE/UE/PE are honoured.
 * In the fast path PE, UE and DE are not reported for arithmetic (conversions do report PE).
 * An unmasked exception (a mask bit cleared in MXCSR) also selects the slow path for add/sub/mul/div/
 * sqrt, which then leaves the destination alone, sets the flag and raises #XM (Linux: SIGFPE).
 * Compares, min/max and conversions always write the masked response (no #XM).
 */
import type { Cpu } from "./cpu.js";
import type { Insn } from "./insn.js";
import { def0F, Form, Pfx } from "./ext.js";
import { Vector } from "./fault.js";
import { xsrc } from "./ops-sse.js";
import {
  Unpacked, FpClass, FpFlag, clearFpFlags, fpFlags, raiseFp, unpackF64, unpackF32, packF64, packF32,
  packed, roundPack, add, mul, div, sqrt, fromInt64, keepFp,
} from "./fp80.js";

const TMP = 16; // scratch XMM slot for memory operands (see ops-sse.ts)
const TWO32 = 4294967296;
const TWO31 = 2147483648;
const TWO63 = 9223372036854775808;

/** Operation codes for the arithmetic lanes. */
export const enum FOp { ADD = 0, SUB = 1, MUL = 2, DIV = 3, SQRT = 4, MIN = 5, MAX = 6 }

const MIN_NORMAL_F64 = 2.2250738585072014e-308;
const MIN_NORMAL_F32 = 1.1754943508222875e-38;

/** MXCSR bits that force the exact soft-float path: RC != nearest, FTZ, DAZ. */
const SLOW = 0xe040;
/** Arithmetic takes the soft path also when an exception is unmasked (to raise #XM exactly). */
function slowArith(m: number): boolean { return ((m ^ 0x1f80) & 0xffc0) !== 0; }

const UA = new Unpacked(), UB = new Unpacked(), UR = new Unpacked();

// ---------------------------------------------------------------------------------------------
// one lane, double precision. d, s: Float64 indices into c.xf64 (register r low lane = r*2).

/** dst[d] = dst[d] op src[s] (SQRT: dst[d] = sqrt(src[s])). */
export function laneF64(c: Cpu, op: number, d: number, s: number): void {
  const f = c.xf64;
  if (op < FOp.MIN && slowArith(c.mxcsr)) { softF64(c, op, d, s); return; }
  const a = f[d]!, b = f[s]!;
  let r: number;
  switch (op) {
    case FOp.ADD: r = a + b; break;
    case FOp.SUB: r = a - b; break;
    case FOp.MUL: r = a * b; break;
    case FOp.DIV: r = a / b; break;
    case FOp.SQRT: r = Math.sqrt(b); break;
    default: { // MIN, MAX
      if ((c.mxcsr & SLOW) !== 0 || ((c.mxcsr & FpFlag.DE) === 0 && (isDen(a, MIN_NORMAL_F64) || isDen(b, MIN_NORMAL_F64)))) {
        minMaxSlow(c, op === FOp.MAX, d, s, a, b, true); return;
      }
      if (a !== a || b !== b) c.mxcsr |= FpFlag.IE;
      if (op === FOp.MIN ? a < b : a > b) return; // keep the destination
      copy64(c, d, s); return;
    }
  }
  if (r - r !== 0) { specialF64(c, op, d, s, a, b, r); return; }
  // PE, UE and DE are sticky: once all three are set there is nothing left to find out
  if ((c.mxcsr & 0x32) !== 0x32 && !quietF64(c, op, a, b, r)) { softF64(c, op, d, s); return; }
  f[d] = r;
}

function isDen(v: number, minNormal: number): boolean { return v !== 0 && v < minNormal && v > -minNormal; }

/** Veltkamp split constant and the error of the last product (see twoProductErr). */
const SPLIT = 134217729; // 2^27 + 1

/** The rounding error of the double product p = fl(x * y) (Dekker); valid away from overflow/underflow. */
function twoProductErr(x: number, y: number, p: number): number {
  let t = SPLIT * x;
  const xh = t - (t - x), xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y), yl = y - yh;
  return ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

/**
 * The fast path's flags for a finite double result r: raises DE / PE itself when it can decide cheaply
 * and returns true; returns false when the soft path must decide (tiny results, extreme magnitudes).
 */
function quietF64(c: Cpu, op: number, a: number, b: number, r: number): boolean {
  let m = c.mxcsr;
  if ((m & FpFlag.DE) === 0 && ((op !== FOp.SQRT && isDen(a, MIN_NORMAL_F64)) || isDen(b, MIN_NORMAL_F64))) m |= FpFlag.DE;
  const ar = r < 0 ? -r : r;
  // tiny results may underflow and make the error terms below inexact: let the soft path decide
  if (ar < 1e-270 && (r !== 0 || (op !== FOp.ADD && op !== FOp.SUB))) return false;
  if ((m & FpFlag.PE) === 0) {
    let err: number;
    switch (op) {
      case FOp.ADD: case FOp.SUB: {
        const bb0 = op === FOp.ADD ? b : -b;
        const bb = r - a;
        err = (a - (r - bb)) + (bb0 - bb);
        break;
      }
      case FOp.MUL:
        if (ar > 1e290 || Math.abs(a) > 1e290 || Math.abs(b) > 1e290) return false;
        err = twoProductErr(a, b, r);
        break;
      case FOp.DIV: // exact iff r * b == a exactly
        if (ar > 1e290 || Math.abs(a) > 1e290 || Math.abs(b) > 1e290 || Math.abs(a) < 1e-270) return false;
        { const p = r * b; err = p !== a ? 1 : twoProductErr(r, b, p); }
        break;
      default: // SQRT: exact iff r * r == b exactly
        if (ar > 1e150 || ar < 1e-135) return false;
        { const p = r * r; err = p !== b ? 1 : twoProductErr(r, r, p); }
    }
    if (err !== 0) m |= FpFlag.PE;
  }
  c.mxcsr = m;
  return true;
}

/** Flags of a single-precision lane computed in double: r = the double result, r32 = rounded to float. */
function flagsF32(c: Cpu, op: number, a: number, b: number, r: number, r32: number): void {
  let m = c.mxcsr;
  if ((m & FpFlag.DE) === 0 && ((op !== FOp.SQRT && isDen(a, MIN_NORMAL_F32)) || isDen(b, MIN_NORMAL_F32))) m |= FpFlag.DE;
  const tiny = r32 < MIN_NORMAL_F32 && r32 > -MIN_NORMAL_F32;
  if ((m & FpFlag.PE) === 0 || tiny) {
    let inexact = r32 !== r;
    if (!inexact) {
      switch (op) {
        case FOp.ADD: case FOp.SUB: { // the double sum itself may have rounded
          const bb0 = op === FOp.ADD ? b : -b;
          const bb = r - a;
          inexact = (a - (r - bb)) + (bb0 - bb) !== 0;
          break;
        }
        case FOp.MUL: break; // a float product is exact in double
        case FOp.DIV: inexact = b - b === 0 && r32 * b !== a; break; // float * float is exact in double; x/inf = 0 exactly
        default: inexact = r32 * r32 !== b;
      }
    }
    if (inexact) m |= tiny ? FpFlag.PE | FpFlag.UE : FpFlag.PE;
  }
  c.mxcsr = m;
}

/**
 * min/max of ordered operands when DAZ may apply or DE must be reported: a denormal operand is
 * replaced by a zero of its sign (DAZ) or raises DE; the chosen operand is written.
 */
function minMaxSlow(c: Cpu, max: boolean, d: number, s: number, a: number, b: number, dbl: boolean): void {
  const tiny = dbl ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
  const daz = (c.mxcsr & 0x40) !== 0;
  const nan = a !== a || b !== b;
  if (nan) c.mxcsr |= FpFlag.IE;
  let az = false, bz = false;
  if (a !== 0 && Math.abs(a) < tiny) { if (daz) { az = true; a = 0; } else if (!nan) c.mxcsr |= FpFlag.DE; }
  if (b !== 0 && Math.abs(b) < tiny) { if (daz) { bz = true; b = 0; } else if (!nan) c.mxcsr |= FpFlag.DE; }
  const x = c.xd;
  const keepA = max ? a > b : a < b;
  if (dbl) {
    if (keepA) { if (az) x[d * 2] = 0, x[d * 2 + 1] &= 0x80000000; return; }
    copy64(c, d, s);
    if (bz) { x[d * 2] = 0; x[d * 2 + 1] &= 0x80000000; }
  } else {
    if (keepA) { if (az) x[d] &= 0x80000000; return; }
    x[d] = bz ? x[s]! & 0x80000000 : x[s]!;
  }
}

function copy64(c: Cpu, d: number, s: number): void {
  const x = c.xd;
  x[d * 2] = x[s * 2]!; x[d * 2 + 1] = x[s * 2 + 1]!;
}

/** NaN or infinite result of a double operation. */
function specialF64(c: Cpu, op: number, d: number, s: number, a: number, b: number, r: number): void {
  const x = c.xd;
  if (r === r) { // infinite
    const aFinite = op === FOp.SQRT || a - a === 0, bFinite = b - b === 0;
    if (op === FOp.DIV && b === 0 && aFinite) c.mxcsr |= FpFlag.ZE;
    else {
      if (aFinite && bFinite) c.mxcsr |= FpFlag.OE | FpFlag.PE;
      if ((op !== FOp.SQRT && isDen(a, MIN_NORMAL_F64)) || isDen(b, MIN_NORMAL_F64)) c.mxcsr |= FpFlag.DE;
    }
    c.xf64[d] = r;
    return;
  }
  const aNaN = op !== FOp.SQRT && a !== a, bNaN = b !== b;
  const ah = x[d * 2 + 1]!, bh = x[s * 2 + 1]!;
  if ((aNaN && (ah & 0x80000) === 0) || (bNaN && (bh & 0x80000) === 0)) c.mxcsr |= FpFlag.IE;
  if (aNaN) { x[d * 2 + 1] = ah | 0x80000; return; }
  if (bNaN) { x[d * 2] = x[s * 2]!; x[d * 2 + 1] = bh | 0x80000; return; }
  c.mxcsr |= FpFlag.IE; // invalid operation
  x[d * 2] = 0; x[d * 2 + 1] = 0xfff80000 | 0;
}

/** Soft-float lane: exact rounding in the MXCSR mode, FTZ, DAZ and all flags. */
function softF64(c: Cpu, op: number, d: number, s: number): void {
  const x = c.xd, m = c.mxcsr;
  clearFpFlags();
  unpackF64(UA, x[d * 2]!, x[d * 2 + 1]!);
  unpackF64(UB, x[s * 2]!, x[s * 2 + 1]!);
  if (op !== FOp.SQRT) denormalIn(UA, -1022, m);
  denormalIn(UB, -1022, m);
  if ((op !== FOp.SQRT && UA.cls === FpClass.NaN) || UB.cls === FpClass.NaN) {
    sseNaN(UR, op === FOp.SQRT ? UB : UA, UB, op !== FOp.SQRT);
  } else {
    softOp(op, (m >>> 13) & 3);
  }
  dropDE();
  if (UR.cls === FpClass.Finite) {
    roundPack(UR, 53, -1022, 1023, (m >>> 13) & 3);
    ftz(UR, m);
  }
  unmaskedXM(c, m);
  packF64(UR);
  x[d * 2] = packed.lo; x[d * 2 + 1] = packed.hi;
  c.mxcsr = m | (fpFlags & 0x3f);
}

/** UR = UA op UB (exact zero sums take their sign from the rounding mode rc). */
function softOp(op: number, rc: number): void {
  switch (op) {
    case FOp.ADD: add(UR, UA, UB, false, rc); break;
    case FOp.SUB: add(UR, UA, UB, true, rc); break;
    case FOp.MUL: mul(UR, UA, UB); break;
    case FOp.DIV: div(UR, UA, UB); break;
    default: sqrt(UR, UB); break;
  }
}

/** An unmasked exception: set its flag, leave the destination alone and raise #XM (SIGFPE). */
function unmaskedXM(c: Cpu, m: number): void {
  const f = fpFlags & 0x3f;
  if ((f & ~(m >>> 7) & 0x3f) !== 0) {
    c.mxcsr = m | f;
    c.trap(Vector.XM);
  }
}

/** The host reports DE only when no NaN operand, invalid operation or division by zero took precedence. */
function dropDE(): void {
  if (UR.cls === FpClass.NaN || (fpFlags & (FpFlag.IE | FpFlag.ZE)) !== 0) keepFp(~FpFlag.DE);
}

/** A denormal input (exponent below emin): DAZ turns it into zero, otherwise DE is raised. */
function denormalIn(u: Unpacked, emin: number, mxcsr: number): void {
  if (u.cls !== FpClass.Finite || u.e >= emin) return;
  if ((mxcsr & 0x40) !== 0) u.setZero(u.s);
  else raiseFp(FpFlag.DE);
}
function ftz(u: Unpacked, mxcsr: number): void {
  if ((mxcsr & 0x8000) !== 0 && u.cls === FpClass.Finite && (u.m[3] & 0x80000000) === 0) {
    u.setZero(u.s);
    raiseFp(FpFlag.UE | FpFlag.PE);
  }
}

/** x86 SSE NaN rule on unpacked operands: first operand's NaN, else the second's; quieted. */
function sseNaN(r: Unpacked, a: Unpacked, b: Unpacked, two: boolean): void {
  if ((a.cls === FpClass.NaN && a.snan) || (two && b.cls === FpClass.NaN && b.snan)) raiseFp(FpFlag.IE);
  r.copyFrom(a.cls === FpClass.NaN ? a : b);
  r.m[3] = (r.m[3] | 0xc0000000) >>> 0;
  r.snan = false;
}

// ---------------------------------------------------------------------------------------------
// one lane, single precision. d, s: Float32 indices (register r lane k = r*4 + k).

export function laneF32(c: Cpu, op: number, d: number, s: number): void {
  const f = c.xf32;
  if (op < FOp.MIN && slowArith(c.mxcsr)) { softF32(c, op, d, s); return; }
  const a = f[d]!, b = f[s]!;
  let r: number;
  switch (op) {
    case FOp.ADD: r = a + b; break;
    case FOp.SUB: r = a - b; break;
    case FOp.MUL: r = a * b; break;
    case FOp.DIV: r = a / b; break;
    case FOp.SQRT: r = Math.sqrt(b); break;
    default: { // MIN, MAX
      if ((c.mxcsr & SLOW) !== 0 || ((c.mxcsr & FpFlag.DE) === 0 && (isDen(a, MIN_NORMAL_F32) || isDen(b, MIN_NORMAL_F32)))) {
        minMaxSlow(c, op === FOp.MAX, d, s, a, b, false); return;
      }
      if (a !== a || b !== b) c.mxcsr |= FpFlag.IE;
      if (op === FOp.MIN ? a < b : a > b) return;
      c.xd[d] = c.xd[s]!; return;
    }
  }
  const r32 = Math.fround(r);
  if (r32 - r32 !== 0) { specialF32(c, op, d, s, a, b, r32); return; }
  if ((c.mxcsr & 0x32) !== 0x32) flagsF32(c, op, a, b, r, r32);
  f[d] = r32;
}

function specialF32(c: Cpu, op: number, d: number, s: number, a: number, b: number, r: number): void {
  const x = c.xd;
  if (r === r) {
    const aFinite = op === FOp.SQRT || a - a === 0, bFinite = b - b === 0;
    if (op === FOp.DIV && b === 0 && aFinite) c.mxcsr |= FpFlag.ZE;
    else {
      if (aFinite && bFinite) c.mxcsr |= FpFlag.OE | FpFlag.PE;
      if ((op !== FOp.SQRT && isDen(a, MIN_NORMAL_F32)) || isDen(b, MIN_NORMAL_F32)) c.mxcsr |= FpFlag.DE;
    }
    c.xf32[d] = r;
    return;
  }
  const aNaN = op !== FOp.SQRT && a !== a, bNaN = b !== b;
  const av = x[d]!, bv = x[s]!;
  if ((aNaN && (av & 0x400000) === 0) || (bNaN && (bv & 0x400000) === 0)) c.mxcsr |= FpFlag.IE;
  if (aNaN) { x[d] = av | 0x400000; return; }
  if (bNaN) { x[d] = bv | 0x400000; return; }
  c.mxcsr |= FpFlag.IE;
  x[d] = 0xffc00000 | 0;
}

function softF32(c: Cpu, op: number, d: number, s: number): void {
  const x = c.xd, m = c.mxcsr;
  clearFpFlags();
  unpackF32(UA, x[d]!);
  unpackF32(UB, x[s]!);
  if (op !== FOp.SQRT) denormalIn(UA, -126, m);
  denormalIn(UB, -126, m);
  if ((op !== FOp.SQRT && UA.cls === FpClass.NaN) || UB.cls === FpClass.NaN) {
    sseNaN(UR, op === FOp.SQRT ? UB : UA, UB, op !== FOp.SQRT);
  } else softOp(op, (m >>> 13) & 3);
  dropDE();
  if (UR.cls === FpClass.Finite) {
    roundPack(UR, 24, -126, 127, (m >>> 13) & 3);
    ftz(UR, m);
  }
  unmaskedXM(c, m);
  packF32(UR);
  x[d] = packed.lo;
  c.mxcsr = m | (fpFlags & 0x3f);
}

// ---------------------------------------------------------------------------------------------
// arithmetic handlers

/** Scalar source: register lane 0, or m32/m64 loaded into the scratch slot. Returns the slot. */
function scalarSrc(c: Cpu, i: Insn, dbl: boolean): number {
  if (i.rm >= 0) return i.rm;
  const a = c.ea(i), x = c.xd;
  if (dbl) { x[TMP * 4] = c.mem.read64(a); x[TMP * 4 + 1] = c.mem.hi32; }
  else x[TMP * 4] = c.mem.read32(a);
  return TMP;
}

function arithSS(op: number) {
  return (c: Cpu, i: Insn): void => { const s = scalarSrc(c, i, false); laneF32(c, op, i.reg * 4, s * 4); };
}
function arithSD(op: number) {
  return (c: Cpu, i: Insn): void => { const s = scalarSrc(c, i, true); laneF64(c, op, i.reg * 2, s * 2); };
}
function arithPS(op: number) {
  return (c: Cpu, i: Insn): void => {
    const s = xsrc(c, i, true) * 4, d = i.reg * 4;
    laneF32(c, op, d, s); laneF32(c, op, d + 1, s + 1); laneF32(c, op, d + 2, s + 2); laneF32(c, op, d + 3, s + 3);
  };
}
function arithPD(op: number) {
  return (c: Cpu, i: Insn): void => {
    const s = xsrc(c, i, true) * 2, d = i.reg * 2;
    laneF64(c, op, d, s); laneF64(c, op, d + 1, s + 1);
  };
}

// ---------------------------------------------------------------------------------------------
// compares

/** Predicate k (0..7) on a, b; returns true/false and raises IE as the predicate requires. */
function cmpPred(c: Cpu, k: number, a: number, b: number, aSNaN: boolean, bSNaN: boolean): boolean {
  const un = a !== a || b !== b;
  if (un && (aSNaN || bSNaN || k === 1 || k === 2 || k === 5 || k === 6)) c.mxcsr |= FpFlag.IE;
  switch (k & 7) {
    case 0: return a === b;
    case 1: return a < b;
    case 2: return a <= b;
    case 3: return un;
    case 4: return a !== b;
    case 5: return !(a < b);
    case 6: return !(a <= b);
    default: return !un;
  }
}
function cmpLaneF64(c: Cpu, k: number, d: number, s: number): void {
  const f = c.xf64, x = c.xd;
  let a = f[d]!, b = f[s]!;
  if (a === a && b === b) { a = denIn(c, a, MIN_NORMAL_F64); b = denIn(c, b, MIN_NORMAL_F64); }
  const r = cmpPred(c, k, a, b, a !== a && (x[d * 2 + 1]! & 0x80000) === 0, b !== b && (x[s * 2 + 1]! & 0x80000) === 0);
  x[d * 2] = r ? -1 : 0; x[d * 2 + 1] = r ? -1 : 0;
}
function cmpLaneF32(c: Cpu, k: number, d: number, s: number): void {
  const f = c.xf32, x = c.xd;
  let a = f[d]!, b = f[s]!;
  if (a === a && b === b) { a = denIn(c, a, MIN_NORMAL_F32); b = denIn(c, b, MIN_NORMAL_F32); }
  const r = cmpPred(c, k, a, b, a !== a && (x[d]! & 0x400000) === 0, b !== b && (x[s]! & 0x400000) === 0);
  x[d] = r ? -1 : 0;
}
function cmpss(c: Cpu, i: Insn): void { const s = scalarSrc(c, i, false); cmpLaneF32(c, i.imm & 7, i.reg * 4, s * 4); }
function cmpsd(c: Cpu, i: Insn): void { const s = scalarSrc(c, i, true); cmpLaneF64(c, i.imm & 7, i.reg * 2, s * 2); }
function cmpps(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, d = i.reg * 4, k = i.imm & 7;
  for (let j = 0; j < 4; j++) cmpLaneF32(c, k, d + j, s + j);
}
function cmppd(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 2, d = i.reg * 2, k = i.imm & 7;
  cmpLaneF64(c, k, d, s); cmpLaneF64(c, k, d + 1, s + 1);
}

/** A denormal operand: with DAZ it reads as a zero of its sign, otherwise DE is raised. */
function denIn(c: Cpu, v: number, minNormal: number): number {
  if (v !== 0 && v < minNormal && v > -minNormal) {
    if ((c.mxcsr & 0x40) !== 0) return v < 0 ? -0 : 0;
    c.mxcsr |= FpFlag.DE;
  }
  return v;
}

/** EFLAGS image of an ordered/unordered comparison (ZF PF CF; OF SF AF clear). */
export function comiFlags(a: number, b: number): number {
  if (a !== a || b !== b) return 0x45;
  return a < b ? 0x01 : a > b ? 0 : 0x40;
}
function comis(signalQuiet: boolean, dbl: boolean) {
  return (c: Cpu, i: Insn): void => {
    const s = scalarSrc(c, i, dbl), x = c.xd;
    let a: number, b: number, sn: boolean;
    if (dbl) {
      a = c.xf64[i.reg * 2]!; b = c.xf64[s * 2]!;
      sn = (a !== a && (x[i.reg * 4 + 1]! & 0x80000) === 0) || (b !== b && (x[s * 4 + 1]! & 0x80000) === 0);
    } else {
      a = c.xf32[i.reg * 4]!; b = c.xf32[s * 4]!;
      sn = (a !== a && (x[i.reg * 4]! & 0x400000) === 0) || (b !== b && (x[s * 4]! & 0x400000) === 0);
    }
    if (a !== a || b !== b) { if (sn || signalQuiet) c.mxcsr |= FpFlag.IE; }
    else { const mn = dbl ? MIN_NORMAL_F64 : MIN_NORMAL_F32; a = denIn(c, a, mn); b = denIn(c, b, mn); }
    c.setStatusFlags(comiFlags(a, b));
  };
}

// ---------------------------------------------------------------------------------------------
// conversions

/** Round x to an integer in MXCSR rounding mode rc (0 nearest-even, 1 down, 2 up, 3 truncate). */
export function roundInt(x: number, rc: number): number {
  switch (rc) {
    case 0: {
      const f = Math.floor(x), diff = x - f;
      if (diff > 0.5 || (diff === 0.5 && f % 2 !== 0)) return f + 1;
      return f;
    }
    case 1: return Math.floor(x);
    case 2: return Math.ceil(x);
    default: return Math.trunc(x);
  }
}

/** Convert x to int32 with rounding rc; out of range / NaN: IE and 0x80000000. PE when inexact. */
export function toI32(c: { mxcsr: number }, x: number, rc: number, minNormal = MIN_NORMAL_F64): number {
  if ((c.mxcsr & 0x40) !== 0 && x < minNormal && x > -minNormal) x = 0; // DAZ
  const t = roundInt(x, rc);
  if (!(t >= -TWO31 && t < TWO31)) { c.mxcsr |= FpFlag.IE; return 0x80000000 | 0; }
  if (t !== x) c.mxcsr |= FpFlag.PE;
  return t | 0;
}
/** Convert x to int64: low half returned, high half in i64hi. */
export let i64hi = 0;
export function toI64(c: { mxcsr: number }, x: number, rc: number, minNormal = MIN_NORMAL_F64): number {
  if ((c.mxcsr & 0x40) !== 0 && x < minNormal && x > -minNormal) x = 0; // DAZ
  const t = roundInt(x, rc);
  if (!(t >= -TWO63 && t < TWO63)) { c.mxcsr |= FpFlag.IE; i64hi = 0x80000000 | 0; return 0; }
  if (t !== x) c.mxcsr |= FpFlag.PE;
  const h = Math.floor(t / TWO32);
  i64hi = h | 0;
  return (t - h * TWO32) | 0;
}

/** int64 (lo/hi) to double with MXCSR rounding; exact when representable. */
export function i64ToF64(c: { mxcsr: number }, lo: number, hi: number): number {
  const rc = (c.mxcsr >>> 13) & 3;
  const v = hi * TWO32 + (lo >>> 0); // one correctly rounded (nearest) addition
  if (rc === 0 || (hi >= -0x200000 && hi < 0x200000)) {
    if (!exactI64(v, lo, hi)) c.mxcsr |= FpFlag.PE;
    return v;
  }
  clearFpFlags();
  fromInt64(UR, lo, hi);
  roundPack(UR, 53, -1022, 1023, rc);
  packF64(UR);
  c.mxcsr |= fpFlags & 0x3f;
  return bitsToF64(packed.lo, packed.hi);
}
/** Whether double v equals the int64 (lo, hi) exactly. */
function exactI64(v: number, lo: number, hi: number): boolean {
  if (v >= TWO63 || v < -TWO63) return false;
  const h = Math.floor(v / TWO32);
  return h === hi && ((v - h * TWO32) >>> 0) === (lo >>> 0);
}
/** int64 to float with MXCSR rounding. */
export function i64ToF32(c: { mxcsr: number }, lo: number, hi: number): number {
  const rc = (c.mxcsr >>> 13) & 3;
  if (rc === 0 && hi >= -0x200000 && hi < 0x200000) {
    const v = hi * TWO32 + (lo >>> 0); // exact
    const r = Math.fround(v);
    if (r !== v) c.mxcsr |= FpFlag.PE;
    return r;
  }
  clearFpFlags();
  fromInt64(UR, lo, hi);
  roundPack(UR, 24, -126, 127, rc);
  packF32(UR);
  c.mxcsr |= fpFlags & 0x3f;
  return bitsToF32(packed.lo);
}

const cb = new ArrayBuffer(8), cf64 = new Float64Array(cb), ci32 = new Int32Array(cb), cf32 = new Float32Array(cb);
function bitsToF64(lo: number, hi: number): number { ci32[0] = lo; ci32[1] = hi; return cf64[0]!; }
function bitsToF32(b: number): number { ci32[0] = b; return cf32[0]!; }

/** double -> float with MXCSR rounding, NaN quieting and flags; returns the float's bits. */
export function f64ToF32Bits(c: { mxcsr: number }, lo: number, hi: number): number {
  const m = c.mxcsr, rc = (m >>> 13) & 3;
  const ex = (hi >>> 20) & 0x7ff;
  if (ex === 0x7ff && ((hi & 0xfffff) | lo) !== 0) { // NaN: keep the top payload bits, quiet
    if ((hi & 0x80000) === 0) c.mxcsr |= FpFlag.IE;
    return (hi & 0x80000000) | 0x7fc00000 | (((hi & 0x7ffff) << 3) | (lo >>> 29));
  }
  if (ex === 0 && ((hi & 0xfffff) | lo) !== 0) {
    if ((m & 0x40) !== 0) return hi & 0x80000000; // DAZ
    c.mxcsr |= FpFlag.DE;
  }
  if ((m & SLOW) === 0) {
    const x = bitsToF64(lo, hi);
    const r = Math.fround(x);
    if (r !== x) {
      c.mxcsr |= FpFlag.PE;
      if (r - r !== 0) c.mxcsr |= FpFlag.OE;
      else if (Math.abs(r) < 1.1754943508222875e-38) c.mxcsr |= FpFlag.UE;
    }
    cf32[0] = r;
    return ci32[0]!;
  }
  clearFpFlags();
  unpackF64(UR, lo, hi);
  if ((m & 0x40) !== 0 && UR.cls === FpClass.Finite && UR.e < -1022) UR.setZero(UR.s);
  roundPack(UR, 24, -126, 127, rc);
  ftz(UR, m);
  packF32(UR);
  c.mxcsr |= fpFlags & 0x3f;
  return packed.lo;
}

/** float -> double (exact; NaNs quieted with IE for signalling ones). Writes dwords at x[k], x[k+1]. */
function f32ToF64(c: Cpu, bits: number, x: Int32Array, k: number): void {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    if ((bits & 0x400000) === 0) c.mxcsr |= FpFlag.IE;
    x[k + 1] = (bits & 0x80000000) | 0x7ff80000 | ((bits & 0x3fffff) >>> 3);
    x[k] = (bits << 29) | 0;
    return;
  }
  if ((bits & 0x7f800000) === 0 && (bits & 0x7fffff) !== 0) {
    if ((c.mxcsr & 0x40) !== 0) bits &= 0x80000000;
    else c.mxcsr |= FpFlag.DE;
  }
  cf32[0] = bitsToF32(bits);
  cf64[0] = cf32[0]!;
  x[k] = ci32[0]!; x[k + 1] = ci32[1]!;
}

function cvtsi2ss(c: Cpu, i: Insn): void {
  let lo: number, hi: number;
  if (i.rm >= 0) { lo = c.rdReg(i.rm, i.sz); hi = i.sz === 8 ? c.th : (lo < 0 ? -1 : 0); }
  else { const a = c.ea(i); lo = c.readMem(a, i.sz); hi = i.sz === 8 ? c.th : (lo < 0 ? -1 : 0); }
  c.xf32[i.reg * 4] = i64ToF32(c, lo, hi);
}
function cvtsi2sd(c: Cpu, i: Insn): void {
  let lo: number, hi: number;
  if (i.rm >= 0) { lo = c.rdReg(i.rm, i.sz); hi = i.sz === 8 ? c.th : (lo < 0 ? -1 : 0); }
  else { const a = c.ea(i); lo = c.readMem(a, i.sz); hi = i.sz === 8 ? c.th : (lo < 0 ? -1 : 0); }
  c.xf64[i.reg * 2] = i64ToF64(c, lo, hi);
}
/** cvt(t)ss2si / cvt(t)sd2si: trunc = truncating form. */
function cvt2si(dbl: boolean, trunc: boolean) {
  return (c: Cpu, i: Insn): void => {
    const s = scalarSrc(c, i, dbl);
    const x = dbl ? c.xf64[s * 2]! : c.xf32[s * 4]!;
    const rc = trunc ? 3 : (c.mxcsr >>> 13) & 3;
    const mn = dbl ? MIN_NORMAL_F64 : MIN_NORMAL_F32;
    if (i.sz === 8) { const lo = toI64(c, x, rc, mn); c.wrReg(i.reg, 8, lo, i64hi); }
    else c.wrReg(i.reg, 4, toI32(c, x, rc, mn), 0);
  };
}
function cvtss2sd(c: Cpu, i: Insn): void {
  const s = scalarSrc(c, i, false);
  f32ToF64(c, c.xd[s * 4]!, c.xd, i.reg * 4);
}
function cvtsd2ss(c: Cpu, i: Insn): void {
  const s = scalarSrc(c, i, true), x = c.xd;
  x[i.reg * 4] = f64ToF32Bits(c, x[s * 4]!, x[s * 4 + 1]!);
}
function cvtps2pd(c: Cpu, i: Insn): void {
  const x = c.xd;
  let b0: number, b1: number;
  if (i.rm >= 0) { b0 = x[i.rm * 4]!; b1 = x[i.rm * 4 + 1]!; }
  else { const a = c.ea(i); b0 = c.mem.read64(a); b1 = c.mem.hi32; }
  const d = i.reg * 4;
  f32ToF64(c, b0, x, d);
  f32ToF64(c, b1, x, d + 2);
}
function cvtpd2ps(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, x = c.xd, d = i.reg * 4;
  const r0 = f64ToF32Bits(c, x[s]!, x[s + 1]!);
  const r1 = f64ToF32Bits(c, x[s + 2]!, x[s + 3]!);
  x[d] = r0; x[d + 1] = r1; x[d + 2] = 0; x[d + 3] = 0;
}
function cvtdq2ps(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, x = c.xd, d = i.reg * 4, f = c.xf32;
  const fast = (c.mxcsr & 0x6000) === 0;
  for (let j = 0; j < 4; j++) {
    const v = x[s + j]!;
    if (fast) { const r = Math.fround(v); if (r !== v) c.mxcsr |= FpFlag.PE; f[d + j] = r; }
    else f[d + j] = i64ToF32(c, v, v < 0 ? -1 : 0);
  }
}
function cvtps2dq(trunc: boolean) {
  return (c: Cpu, i: Insn): void => {
    const s = xsrc(c, i, true) * 4, x = c.xd, d = i.reg * 4, f = c.xf32;
    const rc = trunc ? 3 : (c.mxcsr >>> 13) & 3;
    for (let j = 0; j < 4; j++) x[d + j] = toI32(c, f[s + j]!, rc, MIN_NORMAL_F32);
  };
}
function cvtdq2pd(c: Cpu, i: Insn): void {
  const x = c.xd;
  let v0: number, v1: number;
  if (i.rm >= 0) { v0 = x[i.rm * 4]!; v1 = x[i.rm * 4 + 1]!; }
  else { const a = c.ea(i); v0 = c.mem.read64(a); v1 = c.mem.hi32; }
  c.xf64[i.reg * 2] = v0; c.xf64[i.reg * 2 + 1] = v1;
}
function cvtpd2dq(trunc: boolean) {
  return (c: Cpu, i: Insn): void => {
    const s = xsrc(c, i, true) * 2, x = c.xd, d = i.reg * 4, f = c.xf64;
    const rc = trunc ? 3 : (c.mxcsr >>> 13) & 3;
    const r0 = toI32(c, f[s]!, rc), r1 = toI32(c, f[s + 1]!, rc);
    x[d] = r0; x[d + 1] = r1; x[d + 2] = 0; x[d + 3] = 0;
  };
}

// ---------------------------------------------------------------------------------------------
// reciprocal approximations (computed exactly, rounded to single: within Intel's 1.5*2^-12)

function rcpLane(c: Cpu, d: number, s: number, rsqrt: boolean): void {
  const v = c.xf32[s]!;
  c.xf32[d] = Math.fround(rsqrt ? 1 / Math.sqrt(v) : 1 / v);
  const x = c.xd;
  if (v !== v) x[d] = x[s]! | 0x400000;
  else if (rsqrt && v < 0) x[d] = 0xffc00000 | 0;
}
function rcpps(rsqrt: boolean) {
  return (c: Cpu, i: Insn): void => {
    const s = xsrc(c, i, true) * 4, d = i.reg * 4;
    for (let j = 0; j < 4; j++) rcpLane(c, d + j, s + j, rsqrt);
  };
}
function rcpss(rsqrt: boolean) {
  return (c: Cpu, i: Insn): void => { const s = scalarSrc(c, i, false); rcpLane(c, i.reg * 4, s * 4, rsqrt); };
}

// ---------------------------------------------------------------------------------------------
// registration

const N = Pfx.None, P = Pfx.P66, F3 = Pfx.F3, F2 = Pfx.F2;
const B = Form.Both, I = Form.Imm8;

const ARITH: ReadonlyArray<readonly [number, number]> = [
  [0x58, FOp.ADD], [0x59, FOp.MUL], [0x5c, FOp.SUB], [0x5d, FOp.MIN], [0x5e, FOp.DIV], [0x5f, FOp.MAX], [0x51, FOp.SQRT],
];
for (const [opc, op] of ARITH) {
  def0F(opc, N, B, arithPS(op));
  def0F(opc, P, B, arithPD(op));
  def0F(opc, F3, B, arithSS(op));
  def0F(opc, F2, B, arithSD(op));
}
def0F(0x52, N, B, rcpps(true)); def0F(0x52, F3, B, rcpss(true));
def0F(0x53, N, B, rcpps(false)); def0F(0x53, F3, B, rcpss(false));
def0F(0xc2, N, B | I, cmpps); def0F(0xc2, P, B | I, cmppd); def0F(0xc2, F3, B | I, cmpss); def0F(0xc2, F2, B | I, cmpsd);
def0F(0x2e, N, B, comis(false, false)); def0F(0x2e, P, B, comis(false, true));
def0F(0x2f, N, B, comis(true, false)); def0F(0x2f, P, B, comis(true, true));
def0F(0x2a, F3, B, cvtsi2ss); def0F(0x2a, F2, B, cvtsi2sd);
def0F(0x2c, F3, B, cvt2si(false, true)); def0F(0x2c, F2, B, cvt2si(true, true));
def0F(0x2d, F3, B, cvt2si(false, false)); def0F(0x2d, F2, B, cvt2si(true, false));
def0F(0x5a, N, B, cvtps2pd); def0F(0x5a, P, B, cvtpd2ps); def0F(0x5a, F3, B, cvtss2sd); def0F(0x5a, F2, B, cvtsd2ss);
def0F(0x5b, N, B, cvtdq2ps); def0F(0x5b, P, B, cvtps2dq(false)); def0F(0x5b, F3, B, cvtps2dq(true));
def0F(0xe6, P, B, cvtpd2dq(true)); def0F(0xe6, F3, B, cvtdq2pd); def0F(0xe6, F2, B, cvtpd2dq(false));
