// Wide integer helpers on 32-bit halves (no BigInt): 32x32 and 64x64 multiplies, 64/32 and 128/64 division.
// Results go to the shared scratch array W (W[0] lowest word).

export const W = new Int32Array(4);
const TWO32 = 4294967296;

/** Unsigned 32x32 -> 64; low word returned, high word in W[1] (W[0] is also the low word). */
export function mul32u(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl;
  const mid = al * bh + ah * bl + (ll >>> 16);
  const lo = ((mid & 0xffff) << 16) | (ll & 0xffff);
  W[0] = lo;
  W[1] = (ah * bh + Math.floor(mid / 65536)) | 0;
  return lo;
}

/** Signed 32x32 -> 64; low word returned, high word in W[1]. */
export function mul32s(a: number, b: number): number {
  const lo = mul32u(a, b);
  let h = W[1]!;
  if ((a | 0) < 0) h -= b;
  if ((b | 0) < 0) h -= a;
  W[1] = h | 0;
  return lo;
}

/** 64x64 -> 128 into W[0..3]; signed when `signed`. */
export function mul64(al: number, ah: number, bl: number, bh: number, signed: boolean): void {
  mul32u(al, bl);
  const w0 = W[0]!, h0 = W[1]! >>> 0;
  mul32u(al, bh);
  const l01 = W[0]! >>> 0, h01 = W[1]! >>> 0;
  mul32u(ah, bl);
  const l10 = W[0]! >>> 0, h10 = W[1]! >>> 0;
  mul32u(ah, bh);
  const l11 = W[0]! >>> 0, h11 = W[1]! >>> 0;
  const s1 = h0 + l01 + l10;
  const c1 = Math.floor(s1 / TWO32);
  const s2 = h01 + h10 + l11 + c1;
  const c2 = Math.floor(s2 / TWO32);
  let w2 = s2 >>> 0, w3 = (h11 + c2) >>> 0;
  if (signed) {
    if ((ah | 0) < 0) { const t = w2 - (bl >>> 0); w2 = t >>> 0; w3 = (w3 - (bh >>> 0) - (t < 0 ? 1 : 0)) >>> 0; }
    if ((bh | 0) < 0) { const t = w2 - (al >>> 0); w2 = t >>> 0; w3 = (w3 - (ah >>> 0) - (t < 0 ? 1 : 0)) >>> 0; }
  }
  W[0] = w0; W[1] = s1 >>> 0; W[2] = w2; W[3] = w3;
}

/**
 * Unsigned (n1:n0) / d where n1 < d (caller checks), all 32-bit. Quotient returned (uint32), remainder in W[1].
 */
export function div64by32(n1: number, n0: number, d: number): number {
  n1 >>>= 0; n0 >>>= 0; d >>>= 0;
  if (n1 === 0) {
    const q = Math.floor(n0 / d);
    W[1] = n0 - q * d;
    return q;
  }
  let t = n1 * 65536 + (n0 >>> 16);
  const q1 = Math.floor(t / d);
  let r = t - q1 * d;
  t = r * 65536 + (n0 & 0xffff);
  const q0 = Math.floor(t / d);
  r = t - q0 * d;
  W[1] = r;
  return q1 * 65536 + q0;
}

/**
 * Unsigned 128/64 division: (n3:n2:n1:n0) / (d1:d0). Caller guarantees d != 0 and (n3:n2) < (d1:d0).
 * Quotient in W[0] (low), W[1] (high); remainder in W[2] (low), W[3] (high).
 */
export function div128by64(n3: number, n2: number, n1: number, n0: number, d1: number, d0: number): void {
  n3 >>>= 0; n2 >>>= 0; n1 >>>= 0; n0 >>>= 0; d1 >>>= 0; d0 >>>= 0;
  if (n3 === 0 && n2 === 0 && d1 < 0x100000 && n1 < 0x100000) {
    // both below 2^52: doubles are exact enough
    const a = n1 * TWO32 + n0, b = d1 * TWO32 + d0;
    let q = Math.floor(a / b);
    let r = a - q * b;
    if (r < 0) { q -= 1; r += b; } else if (r >= b) { q += 1; r -= b; }
    W[0] = q % TWO32; W[1] = Math.floor(q / TWO32); W[2] = r % TWO32; W[3] = Math.floor(r / TWO32);
    return;
  }
  if (d1 === 0 && n3 === 0) {
    // 96/32 by two 64/32 steps (n2 < d0 guaranteed since (0:n2) < (0:d0))
    const qh = div64by32(n2, n1, d0);
    const r1 = W[1]!;
    const ql = div64by32(r1, n0, d0);
    const r = W[1]!;
    W[0] = ql; W[1] = qh; W[2] = r; W[3] = 0;
    return;
  }
  let r1 = n3, r0 = n2, q1 = n1, q0 = n0;
  for (let k = 0; k < 64; k++) {
    const top = r1 >>> 31;
    r1 = ((r1 << 1) | (r0 >>> 31)) >>> 0;
    r0 = ((r0 << 1) | (q1 >>> 31)) >>> 0;
    q1 = ((q1 << 1) | (q0 >>> 31)) >>> 0;
    q0 = (q0 << 1) >>> 0;
    if (top !== 0 || r1 > d1 || (r1 === d1 && r0 >= d0)) {
      const t = r0 - d0;
      r0 = t >>> 0;
      r1 = (r1 - d1 - (t < 0 ? 1 : 0)) >>> 0;
      q0 |= 1;
    }
  }
  W[0] = q0; W[1] = q1; W[2] = r0; W[3] = r1;
}

/** Compare unsigned 64-bit (ah:al) >= (bh:bl). */
export function uge64(ah: number, al: number, bh: number, bl: number): boolean {
  ah >>>= 0; bh >>>= 0;
  return ah > bh || (ah === bh && (al >>> 0) >= (bl >>> 0));
}
