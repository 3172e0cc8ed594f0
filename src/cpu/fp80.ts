/**
 * Exact software floating point for the x87 (80-bit extended precision) and for conversions that
 * JS numbers cannot do on their own (int64 <-> double/float with rounding control, directed rounding).
 *
 * Everything works on `Unpacked` numbers: a class (zero, finite, infinity, NaN), a sign, an unbiased
 * exponent `e` and a 128-bit significand `m` held in four uint32 limbs (m[3] is the most significant).
 * For a finite non-zero value the significand is normalised so that bit 127 is set and
 *     value = (-1)^s * (m / 2^127) * 2^e.
 * The low 64 bits are guard bits: results of add/sub/mul/div/sqrt are formed there (plus a sticky bit
 * in bit 0) and then rounded once by `roundPack`, so every result is correctly rounded in the
 * precision and rounding mode asked for. No BigInt, no allocation: callers keep a few Unpacked
 * scratch objects alive and reuse them.
 *
 * Exception flags accumulate in `fpFlags` with the bit positions shared by the x87 status word and
 * MXCSR (IE=1, DE=2, ZE=4, OE=8, UE=16, PE=32); callers clear and collect them.
 */

export const enum FpClass { Zero = 0, Finite = 1, Inf = 2, NaN = 3 }

export const enum FpFlag { IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32 }

/** Rounding control values, as in the x87 control word bits 10-11 and MXCSR bits 13-14. */
export const enum Rc { Nearest = 0, Down = 1, Up = 2, Zero = 3 }

export class Unpacked {
  cls: FpClass = FpClass.Zero;
  s = 0;
  e = 0;
  readonly m = new Uint32Array(4);
  /** For NaN: true when it was signalling on input. */
  snan = false;
  /** Set by the unpackers when the input was a denormal (for the DE flag). */
  den = false;
  copyFrom(o: Unpacked): void {
    this.cls = o.cls; this.s = o.s; this.e = o.e; this.snan = o.snan; this.den = o.den;
    this.m[0] = o.m[0]; this.m[1] = o.m[1]; this.m[2] = o.m[2]; this.m[3] = o.m[3];
  }
  setZero(s: number): void {
    this.cls = FpClass.Zero; this.s = s; this.e = 0; this.m.fill(0); this.den = false;
  }
  setInf(s: number): void {
    this.cls = FpClass.Inf; this.s = s; this.e = 0; this.m.fill(0); this.den = false;
  }
  /** The x87/SSE "indefinite" quiet NaN: negative, quiet bit only. */
  setDefaultNaN(): void {
    this.cls = FpClass.NaN; this.s = 1; this.e = 0; this.snan = false; this.den = false;
    this.m[3] = 0xc0000000; this.m[2] = 0; this.m[1] = 0; this.m[0] = 0;
  }
}

/** Accumulated exception flags (see FpFlag). */
export let fpFlags = 0;
export function clearFpFlags(): void { fpFlags = 0; }
export function raiseFp(f: number): void { fpFlags |= f; }
/** Keep only the flags in mask. */
export function keepFp(mask: number): void { fpFlags &= mask; }
/** True when the last rounding step rounded the magnitude up (the x87 reports it in C1). */
export let roundedUp = false;
export function clearRoundedUp(): void { roundedUp = false; }

const TWO32 = 4294967296;

// ---------------------------------------------------------------------------------------------
// 128-bit significand helpers

/** Count leading zeros of the 128-bit significand (128 when zero). */
function clz128(m: Uint32Array): number {
  if (m[3] !== 0) return Math.clz32(m[3]);
  if (m[2] !== 0) return 32 + Math.clz32(m[2]);
  if (m[1] !== 0) return 64 + Math.clz32(m[1]);
  if (m[0] !== 0) return 96 + Math.clz32(m[0]);
  return 128;
}

function shl128(m: Uint32Array, n: number): void {
  if (n <= 0) return;
  while (n >= 32) { m[3] = m[2]; m[2] = m[1]; m[1] = m[0]; m[0] = 0; n -= 32; }
  if (n === 0) return;
  const r = 32 - n;
  m[3] = (m[3] << n) | (m[2] >>> r);
  m[2] = (m[2] << n) | (m[1] >>> r);
  m[1] = (m[1] << n) | (m[0] >>> r);
  m[0] = m[0] << n;
}

/** Shift right by n, OR-ing every bit shifted out into bit 0 (the sticky bit). */
function shr128Sticky(m: Uint32Array, n: number): void {
  if (n <= 0) return;
  if (n >= 128) {
    const any = (m[0] | m[1] | m[2] | m[3]) !== 0;
    m[3] = 0; m[2] = 0; m[1] = 0; m[0] = any ? 1 : 0;
    return;
  }
  let sticky = 0;
  while (n >= 32) { sticky |= m[0]; m[0] = m[1]; m[1] = m[2]; m[2] = m[3]; m[3] = 0; n -= 32; }
  if (n > 0) {
    const r = 32 - n;
    sticky |= m[0] << r;
    m[0] = (m[0] >>> n) | (m[1] << r);
    m[1] = (m[1] >>> n) | (m[2] << r);
    m[2] = (m[2] >>> n) | (m[3] << r);
    m[3] = m[3] >>> n;
  }
  if (sticky !== 0) m[0] |= 1;
}

/** Normalise a finite value so bit 127 is set (or make it a zero). */
function normalize(u: Unpacked): void {
  const z = clz128(u.m);
  if (z === 128) { u.cls = FpClass.Zero; u.e = 0; return; }
  shl128(u.m, z);
  u.e -= z;
}

function isZero128(m: Uint32Array): boolean { return (m[0] | m[1] | m[2] | m[3]) === 0; }

// ---------------------------------------------------------------------------------------------
// Rounding

/**
 * Round the finite significand of u to its top `k` bits (k may be <= 0) in mode rc. Sets PE when
 * bits are lost. Afterwards the value is either zero (cls Zero) or normalised with only the top k
 * bits possibly non-zero (a carry out moves e up by one; for k <= 0 a round-up gives the ulp).
 * Returns true when the result differs from the input (inexact).
 */
function roundBits(u: Unpacked, k: number, rc: number): boolean {
  const m = u.m;
  if (k >= 128) return false;
  let round: number, sticky: boolean, lsb: number;
  if (k <= 0) {
    round = k === 0 ? (m[3] >>> 31) : 0;
    sticky = k === 0 ? ((m[3] & 0x7fffffff) | m[2] | m[1] | m[0]) !== 0 : !isZero128(m);
    lsb = 0;
  } else {
    const cut = 128 - k; // number of bits below the kept part
    // round bit is bit (cut-1); sticky = bits below it; lsb = bit cut
    const rb = cut - 1;
    round = (m[rb >>> 5] >>> (rb & 31)) & 1;
    sticky = false;
    const limb = rb >>> 5;
    for (let i = 0; i < limb; i++) if (m[i] !== 0) { sticky = true; break; }
    if (!sticky && (rb & 31) !== 0 && (m[limb] & ((1 << (rb & 31)) - 1)) !== 0) sticky = true;
    lsb = cut < 128 ? (m[cut >>> 5] >>> (cut & 31)) & 1 : 0;
  }
  if (round === 0 && !sticky) return false;
  fpFlags |= FpFlag.PE;
  let inc: boolean;
  switch (rc & 3) {
    case Rc.Nearest: inc = round !== 0 && (sticky || lsb !== 0); break;
    case Rc.Down: inc = u.s !== 0; break;
    case Rc.Up: inc = u.s === 0; break;
    default: inc = false;
  }
  if (inc) roundedUp = true;
  if (k <= 0) {
    if (inc) {
      u.e = u.e - k + 1;
      m[3] = 0x80000000; m[2] = 0; m[1] = 0; m[0] = 0;
    } else {
      u.cls = FpClass.Zero; u.e = 0; m.fill(0);
    }
    return true;
  }
  const cut = 128 - k;
  // clear the discarded bits
  const w = cut >>> 5, b = cut & 31;
  for (let i = 0; i < w; i++) m[i] = 0;
  if (b !== 0) m[w] = m[w] & ~((1 << b) - 1);
  if (inc) {
    // add 1 at bit `cut`
    let i = w;
    let add = b === 31 ? 0x80000000 : (1 << b) >>> 0;
    for (; i < 4; i++) {
      const s = m[i] + add;
      m[i] = s >>> 0;
      if (s < TWO32) break;
      add = 1;
    }
    if (i === 4) { // carried out of bit 127
      m[3] = 0x80000000; u.e++;
    }
  }
  return true;
}

/**
 * Round a finite normalised value to a format with `p` significand bits and normal exponent range
 * [emin, emax] (gradual underflow below emin), handling overflow to infinity / the largest finite
 * number as the rounding mode says. The result keeps the Unpacked convention except that a
 * subnormal result has e === emin and bit 127 clear (so packers can read it directly).
 */
export function roundPack(u: Unpacked, p: number, emin: number, emax: number, rc: number): void {
  if (u.cls !== FpClass.Finite) return;
  const tiny = u.e < emin;
  let k = p;
  if (tiny) k = p - (emin - u.e);
  const inexact = roundBits(u, k, rc);
  if ((u.cls as FpClass) === FpClass.Zero) {
    if (tiny || inexact) fpFlags |= FpFlag.UE;
    return;
  }
  if (u.e > emax) {
    fpFlags |= FpFlag.OE | FpFlag.PE;
    const r = rc & 3;
    const toInf = r === Rc.Nearest || (r === Rc.Up && u.s === 0) || (r === Rc.Down && u.s !== 0);
    if (toInf) { roundedUp = true; u.setInf(u.s); return; }
    // largest finite: all p bits set
    u.e = emax;
    u.m.fill(0);
    setTopBits(u.m, p);
    return;
  }
  if (u.e < emin) {
    if (inexact) fpFlags |= FpFlag.UE;
    shr128Sticky(u.m, emin - u.e); // exact: the rounding left enough zero bits
    u.e = emin;
  }
}

function setTopBits(m: Uint32Array, p: number): void {
  for (let i = 3; i >= 0 && p > 0; i--) {
    if (p >= 32) { m[i] = 0xffffffff; p -= 32; }
    else { m[i] = (~((1 << (32 - p)) - 1)) >>> 0; p = 0; }
  }
}

// ---------------------------------------------------------------------------------------------
// Format conversion: 80-bit extended

export const EXT_BIAS = 16383;
export const EXT_EMIN = -16382;
export const EXT_EMAX = 16383;

/** Unpack an 80-bit extended value given as mantissa low/high uint32 and sign|exponent (16 bits). */
export function unpackExt(u: Unpacked, lo: number, hi: number, se: number): void {
  u.s = (se >>> 15) & 1;
  const ex = se & 0x7fff;
  u.snan = false; u.den = false;
  u.m[0] = 0; u.m[1] = 0; u.m[2] = lo >>> 0; u.m[3] = hi >>> 0;
  if (ex === 0x7fff) {
    if ((hi & 0x7fffffff) === 0 && lo === 0) { u.cls = FpClass.Inf; u.e = 0; u.m[3] = 0; return; }
    u.cls = FpClass.NaN; u.e = 0;
    u.snan = (hi & 0x40000000) === 0;
    // pseudo-NaNs / pseudo-infinities (integer bit clear) are invalid: treat as signalling NaN
    if ((hi & 0x80000000) === 0) u.snan = true;
    return;
  }
  if (ex === 0) {
    if (u.m[3] === 0 && u.m[2] === 0) { u.cls = FpClass.Zero; u.e = 0; return; }
    // denormal (or pseudo-denormal): value = m * 2^(1-16383-63)
    u.cls = FpClass.Finite; u.e = EXT_EMIN; u.den = true;
    normalize(u);
    return;
  }
  if ((hi & 0x80000000) === 0) {
    // unnormal: an invalid operand on 387+; behave as a signalling NaN so the result is indefinite
    u.cls = FpClass.NaN; u.snan = true; u.s = 1; u.m[3] = 0xc0000000; u.m[2] = 0; u.e = 0;
    return;
  }
  u.cls = FpClass.Finite;
  u.e = ex - EXT_BIAS;
}

/** Output of packers: low and high 32-bit words and (for extended) the sign|exponent half-word. */
export const packed = { lo: 0, hi: 0, se: 0 };

/** Pack u (already rounded to 64 bits, e.g. by roundPack(u, 64, EXT_EMIN, EXT_EMAX, rc)) as extended. */
export function packExt(u: Unpacked): void {
  const s = u.s << 15;
  switch (u.cls) {
    case FpClass.Zero: packed.lo = 0; packed.hi = 0; packed.se = s; return;
    case FpClass.Inf: packed.lo = 0; packed.hi = 0x80000000 | 0; packed.se = s | 0x7fff; return;
    case FpClass.NaN: packed.lo = u.m[2] | 0; packed.hi = (u.m[3] | 0xc0000000) | 0; packed.se = s | 0x7fff; return;
  }
  packed.lo = u.m[2] | 0;
  packed.hi = u.m[3] | 0;
  packed.se = s | ((u.m[3] & 0x80000000) !== 0 ? (u.e + EXT_BIAS) : 0);
}

// ---------------------------------------------------------------------------------------------
// double and single

export function unpackF64(u: Unpacked, lo: number, hi: number): void {
  u.s = hi >>> 31;
  const ex = (hi >>> 20) & 0x7ff;
  const fh = hi & 0xfffff;
  u.snan = false; u.den = false;
  u.m[0] = 0; u.m[1] = 0;
  // fraction (52 bits) placed just below bit 127
  u.m[3] = (fh << 11) | (lo >>> 21);
  u.m[2] = lo << 11;
  if (ex === 0x7ff) {
    if (fh === 0 && lo === 0) { u.cls = FpClass.Inf; u.e = 0; u.m[3] = 0; u.m[2] = 0; return; }
    u.cls = FpClass.NaN; u.e = 0;
    u.snan = (fh & 0x80000) === 0;
    u.m[3] = (u.m[3] | 0x80000000) >>> 0;
    return;
  }
  if (ex === 0) {
    if (fh === 0 && lo === 0) { u.cls = FpClass.Zero; u.e = 0; u.m[3] = 0; u.m[2] = 0; return; }
    // subnormal: 0.f * 2^-1022
    u.cls = FpClass.Finite; u.den = true;
    u.e = -1022;
    normalize(u);
    return;
  }
  u.cls = FpClass.Finite;
  u.e = ex - 1023;
  u.m[3] = (u.m[3] | 0x80000000) >>> 0;
}

/** Pack u (rounded by roundPack(u, 53, -1022, 1023, rc)) as a double: packed.lo/hi. */
export function packF64(u: Unpacked): void {
  const s = u.s << 31;
  switch (u.cls) {
    case FpClass.Zero: packed.lo = 0; packed.hi = s; return;
    case FpClass.Inf: packed.lo = 0; packed.hi = s | 0x7ff00000; return;
    case FpClass.NaN: {
      // keep the top 51 payload bits below the quiet bit; force quiet
      const h = u.m[3], l = u.m[2];
      packed.hi = s | 0x7ff80000 | ((h >>> 11) & 0x7ffff);
      packed.lo = ((h << 21) | (l >>> 11)) | 0;
      return;
    }
  }
  const h = u.m[3], l = u.m[2];
  const normal = (h & 0x80000000) !== 0;
  const ex = normal ? u.e + 1023 : 0;
  // fraction = bits 126..75 of m
  packed.hi = s | (ex << 20) | ((h >>> 11) & 0xfffff);
  packed.lo = ((h << 21) | (l >>> 11)) | 0;
}

export function unpackF32(u: Unpacked, bits: number): void {
  u.s = bits >>> 31;
  const ex = (bits >>> 23) & 0xff;
  const f = bits & 0x7fffff;
  u.snan = false; u.den = false;
  u.m[0] = 0; u.m[1] = 0; u.m[2] = 0;
  if (ex === 0xff) {
    if (f === 0) { u.cls = FpClass.Inf; u.e = 0; u.m[3] = 0; return; }
    u.cls = FpClass.NaN; u.e = 0;
    u.snan = (f & 0x400000) === 0;
    u.m[3] = (0x80000000 | (f << 8)) >>> 0;
    return;
  }
  if (ex === 0) {
    if (f === 0) { u.cls = FpClass.Zero; u.e = 0; u.m[3] = 0; return; }
    u.cls = FpClass.Finite; u.den = true;
    u.e = -126;
    u.m[3] = (f << 8) >>> 0; // 0.f with the integer bit (bit 127) clear
    normalize(u);
    return;
  }
  u.cls = FpClass.Finite;
  u.e = ex - 127;
  u.m[3] = (0x80000000 | (f << 8)) >>> 0;
}

/** Pack u (rounded by roundPack(u, 24, -126, 127, rc)) as a float: packed.lo. */
export function packF32(u: Unpacked): void {
  const s = u.s << 31;
  switch (u.cls) {
    case FpClass.Zero: packed.lo = s; return;
    case FpClass.Inf: packed.lo = s | 0x7f800000; return;
    case FpClass.NaN: packed.lo = s | 0x7fc00000 | ((u.m[3] >>> 8) & 0x3fffff); return;
  }
  const h = u.m[3];
  const normal = (h & 0x80000000) !== 0;
  const ex = normal ? u.e + 127 : 0;
  packed.lo = s | (ex << 23) | ((h >>> 8) & 0x7fffff);
}

// ---------------------------------------------------------------------------------------------
// Integers (64-bit as lo/hi int32 halves)

/** Load a signed 64-bit integer (two's complement lo/hi halves); exact. */
export function fromInt64(u: Unpacked, lo: number, hi: number): void {
  u.snan = false; u.den = false;
  lo = lo >>> 0; hi = hi >>> 0;
  u.s = hi >>> 31;
  if (u.s !== 0) { // negate
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  u.m[3] = hi; u.m[2] = lo; u.m[1] = 0; u.m[0] = 0;
  u.cls = FpClass.Finite; u.e = 63;
  normalize(u);
  if ((u.cls as FpClass) === FpClass.Zero) u.s = 0;
}

/** Load an unsigned 64-bit integer; exact. */
export function fromUint64(u: Unpacked, lo: number, hi: number): void {
  u.snan = false; u.den = false; u.s = 0;
  u.m[3] = hi >>> 0; u.m[2] = lo >>> 0; u.m[1] = 0; u.m[0] = 0;
  u.cls = FpClass.Finite; u.e = 63;
  normalize(u);
}

export function fromInt32(u: Unpacked, v: number): void {
  fromInt64(u, v | 0, v < 0 ? -1 : 0);
}

/** Result of toInt: low/high halves; `toIntOk` false when out of range or NaN (IE already raised). */
export const intOut = { lo: 0, hi: 0, ok: true };

/**
 * Convert to a signed integer of `bits` (16, 32 or 64) with rounding mode rc (use Rc.Zero for the
 * truncating forms). Out-of-range / NaN / infinity: IE and intOut.ok = false (the caller stores the
 * "integer indefinite"). Sets PE when inexact. u is modified.
 */
export function toInt(u: Unpacked, bits: number, rc: number): void {
  intOut.ok = true; intOut.lo = 0; intOut.hi = 0;
  if (u.cls === FpClass.Zero) return;
  if (u.cls !== FpClass.Finite) { fpFlags |= FpFlag.IE; intOut.ok = false; return; }
  if (u.e >= 64) { fpFlags |= FpFlag.IE; intOut.ok = false; return; }
  const saved = fpFlags;
  roundBits(u, u.e + 1, rc);
  if ((u.cls as FpClass) === FpClass.Zero) return;
  const e = u.e;
  if (e >= bits) { fpFlags = saved | FpFlag.IE; intOut.ok = false; return; }
  // magnitude = m >> (127 - e): take the top e+1 bits
  let hi: number, lo: number;
  const sh = 63 - e; // shift of the top 64 bits
  const h = u.m[3], l = u.m[2];
  if (sh === 0) { hi = h; lo = l; }
  else if (sh < 32) { lo = ((l >>> sh) | (h << (32 - sh))) >>> 0; hi = h >>> sh; }
  else if (sh === 32) { lo = h; hi = 0; }
  else { lo = h >>> (sh - 32); hi = 0; }
  // range check: magnitude must be < 2^(bits-1), or == 2^(bits-1) when negative
  if (e === bits - 1) {
    const exactPow = bits === 64 ? (hi === 0x80000000 && lo === 0) : (lo === Math.pow(2, bits - 1) && hi === 0);
    if (!(u.s !== 0 && exactPow)) { fpFlags = saved | FpFlag.IE; intOut.ok = false; return; }
  }
  if (u.s !== 0) {
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  intOut.lo = lo | 0; intOut.hi = hi | 0;
}

// ---------------------------------------------------------------------------------------------
// NaN propagation

/**
 * Choose the NaN result for a two-operand x87 operation where at least one operand is a NaN:
 * a signalling NaN raises IE; of two NaNs the one with the larger significand wins (x87 rule;
 * on a tie the positive one); the result is quieted. Writes into r.
 */
export function propagateNaN2(r: Unpacked, a: Unpacked, b: Unpacked): void {
  if ((a.cls === FpClass.NaN && a.snan) || (b.cls === FpClass.NaN && b.snan)) fpFlags |= FpFlag.IE;
  let src = a;
  if (a.cls === FpClass.NaN && b.cls === FpClass.NaN) {
    const c = cmpMag(a, b);
    src = c > 0 ? a : c < 0 ? b : (a.s === 0 ? a : b);
  } else if (b.cls === FpClass.NaN) src = b;
  r.copyFrom(src);
  r.m[3] |= 0xc0000000;
  r.snan = false;
}

export function propagateNaN1(r: Unpacked, a: Unpacked): void {
  if (a.snan) fpFlags |= FpFlag.IE;
  r.copyFrom(a);
  r.m[3] |= 0xc0000000;
  r.snan = false;
}

function cmpMag128(a: Uint32Array, b: Uint32Array): number {
  for (let i = 3; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  }
  return 0;
}

function cmpMag(a: Unpacked, b: Unpacked): number { return cmpMag128(a.m, b.m); }

// ---------------------------------------------------------------------------------------------
// Arithmetic. Results are unrounded (guard bits + sticky); call roundPack afterwards.
// r may alias a (not b).

const tb = new Unpacked();

/** r = a + b (sub: a - b). rc is needed for the sign of an exact zero result. */
export function add(r: Unpacked, a: Unpacked, b: Unpacked, sub: boolean, rc: number): void {
  const bs = sub ? b.s ^ 1 : b.s;
  if (a.cls === FpClass.NaN || b.cls === FpClass.NaN) { propagateNaN2(r, a, b); return; }
  if (a.cls === FpClass.Inf) {
    if (b.cls === FpClass.Inf && bs !== a.s) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
    r.setInf(a.s); return;
  }
  if (b.cls === FpClass.Inf) { r.setInf(bs); return; }
  if (b.cls === FpClass.Zero) {
    if (a.cls === FpClass.Zero) {
      const s = a.s === bs ? a.s : ((rc & 3) === Rc.Down ? 1 : 0);
      r.setZero(s); return;
    }
    r.copyFrom(a); return;
  }
  if (a.cls === FpClass.Zero) { r.copyFrom(b); r.s = bs; return; }
  // both finite non-zero: r gets the larger magnitude, tb the smaller (signs applied)
  if (a.e > b.e || (a.e === b.e && cmpMag(a, b) >= 0)) {
    tb.copyFrom(b); tb.s = bs;
    if (r !== a) r.copyFrom(a);
  } else {
    tb.copyFrom(a);
    r.copyFrom(b); r.s = bs;
  }
  const y = tb;
  const ex = r.e, sx = r.s;
  const m = r.m;
  shr128Sticky(y.m, ex - y.e);
  const ym = y.m;
  if (sx === y.s) {
    let c = 0;
    for (let i = 0; i < 4; i++) {
      const s = m[i] + ym[i] + c;
      m[i] = s >>> 0;
      c = s >= TWO32 ? 1 : 0;
    }
    r.cls = FpClass.Finite; r.s = sx; r.e = ex;
    if (c !== 0) {
      shr128Sticky(m, 1);
      m[3] |= 0x80000000;
      r.e++;
    }
  } else {
    let bw = 0;
    for (let i = 0; i < 4; i++) {
      let s = m[i] - ym[i] - bw;
      bw = s < 0 ? 1 : 0;
      if (s < 0) s += TWO32;
      m[i] = s;
    }
    r.cls = FpClass.Finite; r.s = sx; r.e = ex;
    if (isZero128(m)) { r.setZero((rc & 3) === Rc.Down ? 1 : 0); return; }
    normalize(r);
  }
}

/** r = a * b. */
export function mul(r: Unpacked, a: Unpacked, b: Unpacked): void {
  if (a.cls === FpClass.NaN || b.cls === FpClass.NaN) { propagateNaN2(r, a, b); return; }
  const s = a.s ^ b.s;
  if (a.cls === FpClass.Inf || b.cls === FpClass.Inf) {
    if (a.cls === FpClass.Zero || b.cls === FpClass.Zero) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
    r.setInf(s); return;
  }
  if (a.cls === FpClass.Zero || b.cls === FpClass.Zero) { r.setZero(s); return; }
  // 64x64 -> 128 using 16-bit limbs
  const a0 = a.m[2] & 0xffff, a1 = a.m[2] >>> 16, a2 = a.m[3] & 0xffff, a3 = a.m[3] >>> 16;
  const b0 = b.m[2] & 0xffff, b1 = b.m[2] >>> 16, b2 = b.m[3] & 0xffff, b3 = b.m[3] >>> 16;
  // low bits of the operands beyond 64 (m[1], m[0]) are zero for values coming from formats
  let c0 = a0 * b0;
  let c1 = a0 * b1 + a1 * b0;
  let c2 = a0 * b2 + a1 * b1 + a2 * b0;
  let c3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  let c4 = a1 * b3 + a2 * b2 + a3 * b1;
  let c5 = a2 * b3 + a3 * b2;
  let c6 = a3 * b3;
  let c7 = 0;
  // carry propagate in 16-bit digits
  let t: number;
  t = Math.floor(c0 / 65536); c0 -= t * 65536; c1 += t;
  t = Math.floor(c1 / 65536); c1 -= t * 65536; c2 += t;
  t = Math.floor(c2 / 65536); c2 -= t * 65536; c3 += t;
  t = Math.floor(c3 / 65536); c3 -= t * 65536; c4 += t;
  t = Math.floor(c4 / 65536); c4 -= t * 65536; c5 += t;
  t = Math.floor(c5 / 65536); c5 -= t * 65536; c6 += t;
  t = Math.floor(c6 / 65536); c6 -= t * 65536; c7 += t;
  const sticky = (a.m[1] | a.m[0] | b.m[1] | b.m[0]) !== 0; // should not happen; keep it safe
  r.cls = FpClass.Finite; r.s = s; r.snan = false;
  r.m[0] = ((c1 << 16) | c0) >>> 0;
  r.m[1] = ((c3 << 16) | c2) >>> 0;
  r.m[2] = ((c5 << 16) | c4) >>> 0;
  r.m[3] = ((c7 << 16) | c6) >>> 0;
  if (sticky) r.m[0] |= 1;
  r.e = a.e + b.e + 1;
  if ((r.m[3] & 0x80000000) === 0) { shl128(r.m, 1); r.e--; }
}

/** r = a / b. */
export function div(r: Unpacked, a: Unpacked, b: Unpacked): void {
  if (a.cls === FpClass.NaN || b.cls === FpClass.NaN) { propagateNaN2(r, a, b); return; }
  const s = a.s ^ b.s;
  if (a.cls === FpClass.Inf) {
    if (b.cls === FpClass.Inf) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
    r.setInf(s); return;
  }
  if (b.cls === FpClass.Inf) { r.setZero(s); return; }
  if (b.cls === FpClass.Zero) {
    if (a.cls === FpClass.Zero) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
    fpFlags |= FpFlag.ZE; r.setInf(s); return;
  }
  if (a.cls === FpClass.Zero) { r.setZero(s); return; }
  // Long division in base 2^32: after the leading quotient bit, two 32-bit digits, each estimated
  // with doubles (within one of the true digit) and fixed with an exact multiply-subtract on 16-bit
  // limbs. 65 quotient bits and the remainder (sticky) are enough to round to 64 bits.
  const ah = a.m[3]!, al = a.m[2]!;
  const bh = b.m[3]!, bl = b.m[2]!;
  let e = a.e - b.e;
  // R = A - B (or 2A - B when A < B), always in [0, B)
  let rh: number, rl: number;
  if (ah < bh || (ah === bh && al < bl)) {
    e--;
    const a2h = ah * 2 + (al >>> 31), a2l = (al << 1) >>> 0;
    rl = a2l - bl; rh = a2h - bh;
    if (rl < 0) { rl += TWO32; rh -= 1; }
  } else {
    rl = al - bl; rh = ah - bh;
    if (rl < 0) { rl += TWO32; rh -= 1; }
  }
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  const bd = bh * TWO32 + bl;
  let d1 = 0, d2 = 0;
  for (let k = 0; k < 2; k++) {
    // X = R * 2^32: limbs x5..x0 = r3 r2 r1 r0 0 0
    let q = Math.floor(((rh * TWO32 + rl) / bd) * TWO32);
    if (q > 0xffffffff) q = 0xffffffff;
    // P = q * B in 16-bit limbs p0..p5
    const ql = q % 65536, qh = (q - ql) / 65536;
    let t: number;
    let p0 = ql * b0;
    let p1 = ql * b1 + qh * b0;
    let p2 = ql * b2 + qh * b1;
    let p3 = ql * b3 + qh * b2;
    let p4 = qh * b3;
    t = Math.floor(p0 / 65536); p0 -= t * 65536; p1 += t;
    t = Math.floor(p1 / 65536); p1 -= t * 65536; p2 += t;
    t = Math.floor(p2 / 65536); p2 -= t * 65536; p3 += t;
    t = Math.floor(p3 / 65536); p3 -= t * 65536; p4 += t;
    t = Math.floor(p4 / 65536); p4 -= t * 65536;
    const p5 = t;
    // D = X - P as a signed value in limbs; X = [rh:rl] << 32, so x0 = x1 = 0
    let d0 = -p0, dd1 = -p1, dd2 = (rl & 0xffff) - p2, dd3 = (rl >>> 16) - p3;
    let dd4 = (rh % 65536) - p4, dd5 = Math.floor(rh / 65536) - p5;
    // normalise borrows
    t = Math.floor(d0 / 65536); d0 -= t * 65536; dd1 += t;
    t = Math.floor(dd1 / 65536); dd1 -= t * 65536; dd2 += t;
    t = Math.floor(dd2 / 65536); dd2 -= t * 65536; dd3 += t;
    t = Math.floor(dd3 / 65536); dd3 -= t * 65536; dd4 += t;
    t = Math.floor(dd4 / 65536); dd4 -= t * 65536; dd5 += t;
    // D = dd5*2^80 + dd4*2^64 + dd3*2^48 + dd2*2^32 + dd1*2^16 + d0, with dd5 the signed top
    let dh = dd5 * 65536 + dd4; // bits 64.. (signed, small)
    let dm = dd3 * 65536 + dd2; // bits 32..63
    let dl = dd1 * 65536 + d0; // bits 0..31
    // fix the estimate: while D < 0 add B; while D >= B subtract B
    while (dh < 0) {
      dl += bl; dm += bh;
      if (dl >= TWO32) { dl -= TWO32; dm += 1; }
      if (dm >= TWO32) { dm -= TWO32; dh += 1; }
      q--;
    }
    while (dh > 0 || dm > bh || (dm === bh && dl >= bl)) {
      dl -= bl; dm -= bh;
      if (dl < 0) { dl += TWO32; dm -= 1; }
      if (dm < 0) { dm += TWO32; dh -= 1; }
      q++;
    }
    rh = dm; rl = dl;
    if (k === 0) d1 = q; else d2 = q;
  }
  r.cls = FpClass.Finite; r.s = s; r.e = e; r.snan = false;
  r.m[3] = (0x80000000 | (d1 >>> 1)) >>> 0;
  r.m[2] = ((d1 << 31) | (d2 >>> 1)) >>> 0;
  r.m[1] = (d2 << 31) >>> 0;
  r.m[0] = (rh !== 0 || rl !== 0) ? 1 : 0;
}

/** r = sqrt(a). */
export function sqrt(r: Unpacked, a: Unpacked): void {
  if (a.cls === FpClass.NaN) { propagateNaN1(r, a); return; }
  if (a.cls === FpClass.Zero) { r.setZero(a.s); return; }
  if (a.s !== 0) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
  if (a.cls === FpClass.Inf) { r.setInf(0); return; }
  // value = (A / 2^63) * 2^e with A the 64-bit significand. Make the exponent even (an odd one
  // moves a factor 2 into the significand), then take the integer square root of A * 2^P, digit pair
  // by digit pair, with P chosen so that the root q has 66 bits (2^65 <= q < 2^66): P = 67 for an
  // even exponent, 68 for an odd one. The remainder gives the sticky bit.
  let e = a.e;
  const ah = a.m[3]!, al = a.m[2]!;
  const odd = (e & 1) !== 0;
  if (odd) e -= 1;
  let qh = 0, ql = 0; // q as (hi number, lo uint32)
  let remh = 0, reml = 0;
  // radicand = A * 2^P, P chosen so that the result has 66 bits: result ~ sqrt(A*2^P) ~ 2^((63+P)/2)
  // want 2^65 <= q < 2^66 -> for M in [1,4): radicand = M * 2^130 -> A*2^(130-63)=A*2^67 (even e),
  // or 2A * 2^67 = A*2^68 (odd e).
  const P = odd ? 68 : 67;
  const total = 64 + P; // radicand bit length; processed in pairs from the top
  const nbits = total + (total & 1);
  for (let i = nbits - 2; i >= 0; i -= 2) {
    // bits i+1 and i of radicand R = A << P
    const pair = radBit(ah, al, i + 1 - P) * 2 + radBit(ah, al, i - P);
    // rem = rem*4 + pair
    let l4 = reml * 4 + pair;
    const carry = Math.floor(l4 / TWO32);
    l4 -= carry * TWO32;
    remh = remh * 4 + carry; reml = l4;
    // t = 4q + 1
    let tl = ql * 4 + 1;
    const tc = Math.floor(tl / TWO32);
    tl -= tc * TWO32;
    const th = qh * 4 + tc;
    // q = 2q (+1)
    let nl = ql * 2;
    const nc = nl >= TWO32 ? 1 : 0;
    if (nc) nl -= TWO32;
    qh = qh * 2 + nc; ql = nl;
    if (remh > th || (remh === th && reml >= tl)) {
      reml -= tl; remh -= th;
      if (reml < 0) { reml += TWO32; remh -= 1; }
      ql += 1;
    }
  }
  // q has 66 bits (qh: the top 34, ql: the low 32), placed left-aligned: bits 65..0 -> 127..62
  r.cls = FpClass.Finite; r.s = 0; r.snan = false; r.e = e / 2;
  r.m[3] = Math.floor(qh / 4) >>> 0;
  r.m[2] = (((qh & 3) << 30) | (ql >>> 2)) >>> 0;
  r.m[1] = ((ql & 3) << 30) >>> 0;
  r.m[0] = (remh !== 0 || reml !== 0) ? 1 : 0;
}

/** Bit j of the 64-bit significand A (j<0 or j>63: 0). */
function radBit(ah: number, al: number, j: number): number {
  if (j < 0 || j > 63) return 0;
  return j >= 32 ? (ah >>> (j - 32)) & 1 : (al >>> j) & 1;
}

/** Compare two values: -1 (a<b), 0 (equal), 1 (a>b), 2 (unordered). No flags. */
export function compare(a: Unpacked, b: Unpacked): number {
  if (a.cls === FpClass.NaN || b.cls === FpClass.NaN) return 2;
  if (a.cls === FpClass.Zero && b.cls === FpClass.Zero) return 0;
  if (a.cls === FpClass.Zero) return b.s ? 1 : -1;
  if (b.cls === FpClass.Zero) return a.s ? -1 : 1;
  if (a.s !== b.s) return a.s ? -1 : 1;
  let c: number;
  if (a.cls === FpClass.Inf || b.cls === FpClass.Inf) {
    c = a.cls === b.cls ? 0 : a.cls === FpClass.Inf ? 1 : -1;
  } else if (a.e !== b.e) c = a.e > b.e ? 1 : -1;
  else c = cmpMag(a, b);
  return a.s ? -c : c;
}

/** Round to an integral value in mode rc (the value is left in the Unpacked form). Sets PE. */
export function roundToInt(u: Unpacked, rc: number): void {
  if (u.cls !== FpClass.Finite) return;
  if (u.e >= 127) return;
  roundBits(u, u.e + 1, rc);
}

/** Quotient bits for fprem/fprem1: low three bits, and whether the reduction is complete. */
export const remOut = { q: 0, complete: true };

/**
 * Partial remainder as fprem (nearest=false: quotient truncated) or fprem1 (nearest=true: IEEE
 * remainder). a is replaced by the remainder (exact, never rounded).
 */
export function remainder(r: Unpacked, a: Unpacked, b: Unpacked, nearest: boolean): void {
  remOut.q = 0; remOut.complete = true;
  if (a.cls === FpClass.NaN || b.cls === FpClass.NaN) { propagateNaN2(r, a, b); return; }
  if (a.cls === FpClass.Inf || b.cls === FpClass.Zero) { fpFlags |= FpFlag.IE; r.setDefaultNaN(); return; }
  if (a.cls === FpClass.Zero || b.cls === FpClass.Inf) { r.copyFrom(a); return; }
  let d = a.e - b.e;
  if (d < -1 || (d < 0 && !nearest)) { r.copyFrom(a); return; }
  let n = d;
  if (d >= 64) { n = (d & 31) | 32; remOut.complete = false; }
  // R = A (65-bit as hi/lo), divisor B; compute n+1 quotient bits of A*2^n / B
  let rh = a.m[3], rl = a.m[2];
  const bh = b.m[3], bl = b.m[2];
  let q = 0;
  const s = a.s;
  if (n >= 0) {
    for (let i = n; i >= 0; i--) {
      q = (q * 2) % 8;
      if (rh > bh || (rh === bh && rl >= bl)) {
        rl -= bl; rh -= bh;
        if (rl < 0) { rl += TWO32; rh -= 1; }
        q |= 1;
      }
      if (i > 0) { rh = rh * 2 + (rl >>> 31); rl = (rl << 1) >>> 0; }
    }
  }
  // remainder value = R * 2^(a.e - n - 63)  (R < B)
  let re = a.e - n; // exponent of R's bit 63
  let rs = s;
  if (nearest && remOut.complete) {
    // compare 2R with B (for n == -1, R = A at exponent a.e, B at b.e = a.e+1)
    let r2h: number, r2l: number;
    if (n === -1) { r2h = rh; r2l = rl; re = a.e; } // A vs B at the same scale: 2*(A/2) = A
    else { r2h = rh * 2 + (rl >>> 31); r2l = (rl << 1) >>> 0; }
    const c = r2h > bh ? 1 : r2h < bh ? -1 : r2l > bl ? 1 : r2l < bl ? -1 : 0;
    if (c > 0 || (c === 0 && (q & 1) !== 0)) {
      // R = B - R (at divisor scale), quotient + 1, sign flips
      if (n === -1) {
        // value |a| > |b|/2: remainder = |a| - |b| (negative): B*2^(b.e) - A*2^(a.e) with b.e = a.e+1
        // compute 2B - A at exponent a.e scale (65 bits)
        let xh = bh * 2 + (bl >>> 31), xl = (bl << 1) >>> 0;
        xl -= rl; xh -= rh;
        if (xl < 0) { xl += TWO32; xh -= 1; }
        rh = xh; rl = xl; re = a.e;
      } else {
        let xl = bl - rl, xh = bh - rh;
        if (xl < 0) { xl += TWO32; xh -= 1; }
        rh = xh; rl = xl;
      }
      rs ^= 1;
      q = (q + 1) % 8;
    }
  }
  remOut.q = q;
  r.cls = FpClass.Finite; r.s = rs; r.snan = false;
  r.e = re;
  // R may need 65 bits (rh up to 2^33 in intermediate states) but a remainder fits in 64 bits
  r.m[3] = rh >>> 0; r.m[2] = rl >>> 0; r.m[1] = 0; r.m[0] = 0;
  if (rh >= TWO32) { // cannot happen for a final remainder, guard anyway
    r.m[3] = Math.floor(rh / 2) >>> 0; r.m[2] = ((rh & 1) << 31 | (rl >>> 1)) >>> 0; r.e++;
  }
  normalize(r);
  if ((r.cls as FpClass) === FpClass.Zero) r.s = s; // x87 keeps the dividend's sign for a zero remainder
}


// ---------------------------------------------------------------------------------------------
// Helpers for JS doubles: reinterpret bits through one shared buffer.

const cvtBuf = new ArrayBuffer(8);
const cvtF64 = new Float64Array(cvtBuf);
const cvtI32 = new Int32Array(cvtBuf);
const cvtF32 = new Float32Array(cvtBuf);

export function unpackDouble(u: Unpacked, x: number): void {
  cvtF64[0] = x;
  unpackF64(u, cvtI32[0], cvtI32[1]);
}

/** Round u to double in mode rc and return it as a JS number (NaN payloads are not preserved). */
export function toDouble(u: Unpacked, rc: number): number {
  roundPack(u, 53, -1022, 1023, rc);
  packF64(u);
  cvtI32[0] = packed.lo; cvtI32[1] = packed.hi;
  return cvtF64[0];
}

export function f32Bits(x: number): number { cvtF32[0] = x; return cvtI32[0]; }
export function bitsF32(b: number): number { cvtI32[0] = b; return cvtF32[0]; }
