// SSE/SSE2 data movement and integer instructions (what libc string functions need), registered into the
// 0F-map tables of ext.ts. XMM register r lives at xd[r*4 .. r*4+3]; slots 16..19 are scratch.
import type { Cpu } from "./cpu.js";
import type { Insn } from "./insn.js";
import { Vector } from "./fault.js";
import { def0F, Form, Pfx } from "./ext.js";

const TMP = 16; // memory-operand scratch slot
const OUT = 17; // result scratch slot (when the destination is also a source)

/** Load 16 bytes at `a` into slot s. */
export function load128(c: Cpu, a: number, s: number): void {
  const m = c.mem, d = c.xd, k = s * 4;
  d[k] = m.read64(a); d[k + 1] = m.hi32;
  d[k + 2] = m.read64(a + 8); d[k + 3] = m.hi32;
}
export function store128(c: Cpu, a: number, s: number): void {
  const d = c.xd, k = s * 4;
  c.mem.write64(a, d[k]!, d[k + 1]!);
  c.mem.write64(a + 8, d[k + 2]!, d[k + 3]!);
}
/** Source operand slot: the register, or the memory operand loaded into the scratch slot (aligned: 16-byte check). */
export function xsrc(c: Cpu, i: Insn, aligned: boolean): number {
  if (i.rm >= 0) return i.rm;
  const a = c.ea(i);
  if (aligned && (a % 16) !== 0) c.trap(Vector.GP);
  load128(c, a, TMP);
  return TMP;
}
function copySlot(c: Cpu, from: number, to: number): void {
  const d = c.xd, f = from * 4, t = to * 4;
  d[t] = d[f]!; d[t + 1] = d[f + 1]!; d[t + 2] = d[f + 2]!; d[t + 3] = d[f + 3]!;
}

// ---------------------------------------------------------------------------------------- full moves

export function movLoadA(c: Cpu, i: Insn): void { const s = xsrc(c, i, true); copySlot(c, s, i.reg); }
export function movLoadU(c: Cpu, i: Insn): void { const s = xsrc(c, i, false); copySlot(c, s, i.reg); }
export function movStoreA(c: Cpu, i: Insn): void {
  if (i.rm >= 0) { copySlot(c, i.reg, i.rm); return; }
  const a = c.ea(i);
  if ((a % 16) !== 0) c.trap(Vector.GP);
  store128(c, a, i.reg);
}
export function movStoreU(c: Cpu, i: Insn): void {
  if (i.rm >= 0) { copySlot(c, i.reg, i.rm); return; }
  store128(c, c.ea(i), i.reg);
}

/** movss load (F3 0F 10): register form moves the low dword; memory form zeroes the rest. */
function movssLoad(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  if (i.rm >= 0) { d[t] = d[i.rm * 4]!; return; }
  d[t] = c.mem.read32(c.ea(i)); d[t + 1] = 0; d[t + 2] = 0; d[t + 3] = 0;
}
function movssStore(c: Cpu, i: Insn): void {
  const d = c.xd;
  if (i.rm >= 0) { d[i.rm * 4] = d[i.reg * 4]!; return; }
  c.mem.write32(c.ea(i), d[i.reg * 4]!);
}
function movsdLoad(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  if (i.rm >= 0) { d[t] = d[i.rm * 4]!; d[t + 1] = d[i.rm * 4 + 1]!; return; }
  d[t] = c.mem.read64(c.ea(i)); d[t + 1] = c.mem.hi32; d[t + 2] = 0; d[t + 3] = 0;
}
function movsdStore(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.reg * 4;
  if (i.rm >= 0) { d[i.rm * 4] = d[s]!; d[i.rm * 4 + 1] = d[s + 1]!; return; }
  c.mem.write64(c.ea(i), d[s]!, d[s + 1]!);
}
/** movlps/movlpd load (mem) — low qword; movhlps (reg) — low qword from the source's high qword. */
function movlLoad(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  if (i.rm >= 0) { d[t] = d[i.rm * 4 + 2]!; d[t + 1] = d[i.rm * 4 + 3]!; return; }
  d[t] = c.mem.read64(c.ea(i)); d[t + 1] = c.mem.hi32;
}
function movlStore(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.reg * 4;
  c.mem.write64(c.ea(i), d[s]!, d[s + 1]!);
}
/** movhps/movhpd load (mem) — high qword; movlhps (reg) — high qword from the source's low qword. */
function movhLoad(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  if (i.rm >= 0) { d[t + 2] = d[i.rm * 4]!; d[t + 3] = d[i.rm * 4 + 1]!; return; }
  d[t + 2] = c.mem.read64(c.ea(i)); d[t + 3] = c.mem.hi32;
}
function movhStore(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.reg * 4;
  c.mem.write64(c.ea(i), d[s + 2]!, d[s + 3]!);
}
/** movnti m32/m64, r */
function movnti(c: Cpu, i: Insn): void {
  c.writeMem(c.ea(i), i.sz, c.lo[i.reg]!, c.hi[i.reg]!);
}
/** 66 0F 6E movd/movq xmm, r/m32/64 */
function movdToX(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  const l = c.loadRM(i);
  d[t] = l; d[t + 1] = i.sz === 8 ? c.th : 0; d[t + 2] = 0; d[t + 3] = 0;
}
/** 66 0F 7E movd/movq r/m32/64, xmm */
function movdFromX(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.reg * 4;
  c.putRM(i, d[s]!, d[s + 1]!);
}
/** F3 0F 7E movq xmm, xmm/m64 (zero upper) */
export function movqLoad(c: Cpu, i: Insn): void {
  const d = c.xd, t = i.reg * 4;
  let l: number, h: number;
  if (i.rm >= 0) { l = d[i.rm * 4]!; h = d[i.rm * 4 + 1]!; }
  else { l = c.mem.read64(c.ea(i)); h = c.mem.hi32; }
  d[t] = l; d[t + 1] = h; d[t + 2] = 0; d[t + 3] = 0;
}
/** 66 0F D6 movq xmm/m64, xmm */
export function movqStore(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.reg * 4;
  if (i.rm >= 0) { const t = i.rm * 4; d[t] = d[s]!; d[t + 1] = d[s + 1]!; d[t + 2] = 0; d[t + 3] = 0; return; }
  c.mem.write64(c.ea(i), d[s]!, d[s + 1]!);
}
function movmskps(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.rm * 4;
  const v = (d[s]! >>> 31) | ((d[s + 1]! >>> 31) << 1) | ((d[s + 2]! >>> 31) << 2) | ((d[s + 3]! >>> 31) << 3);
  c.lo[i.reg] = v; c.hi[i.reg] = 0;
}
function movmskpd(c: Cpu, i: Insn): void {
  const d = c.xd, s = i.rm * 4;
  c.lo[i.reg] = (d[s + 1]! >>> 31) | ((d[s + 3]! >>> 31) << 1); c.hi[i.reg] = 0;
}
function pmovmskb(c: Cpu, i: Insn): void {
  const b = c.xb, s = i.rm * 16;
  let v = 0;
  for (let k = 15; k >= 0; k--) v = (v << 1) | (b[s + k]! >>> 7);
  c.lo[i.reg] = v; c.hi[i.reg] = 0;
}

// ---------------------------------------------------------------------------------------- bitwise

export function pand(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  d[t] = d[t]! & d[s]!; d[t + 1] = d[t + 1]! & d[s + 1]!; d[t + 2] = d[t + 2]! & d[s + 2]!; d[t + 3] = d[t + 3]! & d[s + 3]!;
}
export function pandn(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  d[t] = ~d[t]! & d[s]!; d[t + 1] = ~d[t + 1]! & d[s + 1]!; d[t + 2] = ~d[t + 2]! & d[s + 2]!; d[t + 3] = ~d[t + 3]! & d[s + 3]!;
}
export function por(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  d[t] = d[t]! | d[s]!; d[t + 1] = d[t + 1]! | d[s + 1]!; d[t + 2] = d[t + 2]! | d[s + 2]!; d[t + 3] = d[t + 3]! | d[s + 3]!;
}
export function pxor(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  d[t] = d[t]! ^ d[s]!; d[t + 1] = d[t + 1]! ^ d[s + 1]!; d[t + 2] = d[t + 2]! ^ d[s + 2]!; d[t + 3] = d[t + 3]! ^ d[s + 3]!;
}

// ---------------------------------------------------------------------------------------- lane arithmetic

function pcmpeqb(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 16, t = i.reg * 16, b = c.xb;
  for (let k = 0; k < 16; k++) b[t + k] = b[t + k] === b[s + k] ? 0xff : 0;
}
function pminub(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 16, t = i.reg * 16, b = c.xb;
  for (let k = 0; k < 16; k++) { const x = b[t + k]!, y = b[s + k]!; b[t + k] = x < y ? x : y; }
}
function pmaxub(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 16, t = i.reg * 16, b = c.xb;
  for (let k = 0; k < 16; k++) { const x = b[t + k]!, y = b[s + k]!; b[t + k] = x > y ? x : y; }
}

function satS8(v: number): number { return v > 127 ? 127 : v < -128 ? -128 : v; }
function satU8(v: number): number { return v > 255 ? 255 : v < 0 ? 0 : v; }
function satS16(v: number): number { return v > 32767 ? 32767 : v < -32768 ? -32768 : v; }
function satU16(v: number): number { return v > 65535 ? 65535 : v < 0 ? 0 : v; }

/** Byte-lane ops selected by opcode. */
function byteLanes(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 16, t = i.reg * 16, b = c.xb, sb = c.xsb;
  const o = i.opcode & 0xff;
  for (let k = 0; k < 16; k++) {
    const x = b[t + k]!, y = b[s + k]!;
    let r: number;
    switch (o) {
      case 0x64: r = sb[t + k]! > sb[s + k]! ? 0xff : 0; break; // pcmpgtb
      case 0xd8: r = satU8(x - y); break; // psubusb
      case 0xdc: r = satU8(x + y); break; // paddusb
      case 0xe0: r = (x + y + 1) >>> 1; break; // pavgb
      case 0xe8: r = satS8(sb[t + k]! - sb[s + k]!); break; // psubsb
      case 0xec: r = satS8(sb[t + k]! + sb[s + k]!); break; // paddsb
      case 0xf8: r = x - y; break; // psubb
      default: r = x + y; break; // 0xfc paddb
    }
    b[t + k] = r;
  }
}

/** Word-lane ops selected by opcode. */
function wordLanes(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 8, t = i.reg * 8, w = c.xw, sw = c.xsw;
  const o = i.opcode & 0xff;
  for (let k = 0; k < 8; k++) {
    const x = w[t + k]!, y = w[s + k]!, xs = sw[t + k]!, ys = sw[s + k]!;
    let r: number;
    switch (o) {
      case 0x65: r = xs > ys ? 0xffff : 0; break; // pcmpgtw
      case 0x75: r = x === y ? 0xffff : 0; break; // pcmpeqw
      case 0xd5: r = Math.imul(xs, ys); break; // pmullw
      case 0xd9: r = satU16(x - y); break; // psubusw
      case 0xdd: r = satU16(x + y); break; // paddusw
      case 0xe3: r = (x + y + 1) >>> 1; break; // pavgw
      case 0xe4: r = (x * y) >>> 16; break; // pmulhuw
      case 0xe5: r = (xs * ys) >> 16; break; // pmulhw
      case 0xe9: r = satS16(xs - ys); break; // psubsw
      case 0xea: r = xs < ys ? x : y; break; // pminsw
      case 0xed: r = satS16(xs + ys); break; // paddsw
      case 0xee: r = xs > ys ? x : y; break; // pmaxsw
      case 0xf9: r = x - y; break; // psubw
      default: r = x + y; break; // 0xfd paddw
    }
    w[t + k] = r;
  }
}

/** Dword-lane ops selected by opcode. */
export function dwordLanes(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  const o = i.opcode & 0xff;
  for (let k = 0; k < 4; k++) {
    const x = d[t + k]!, y = d[s + k]!;
    let r: number;
    switch (o) {
      case 0x66: r = x > y ? -1 : 0; break; // pcmpgtd
      case 0x76: r = x === y ? -1 : 0; break; // pcmpeqd
      case 0xfa: r = x - y; break; // psubd
      default: r = x + y; break; // 0xfe paddd
    }
    d[t + k] = r;
  }
}

/** paddq (D4) / psubq (FB) */
function qwordAddSub(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  const sub = (i.opcode & 0xff) === 0xfb;
  for (let k = 0; k < 4; k += 2) {
    const al = d[t + k]! >>> 0, ah = d[t + k + 1]!, bl = d[s + k]! >>> 0, bh = d[s + k + 1]!;
    if (sub) { const l = al - bl; d[t + k] = l; d[t + k + 1] = ah - bh - (l < 0 ? 1 : 0); }
    else { const l = al + bl; d[t + k] = l; d[t + k + 1] = ah + bh + (l > 0xffffffff ? 1 : 0); }
  }
}

/** pmuludq (F4): low dwords of each qword, unsigned 64-bit products */
function pmuludq(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd;
  for (let k = 0; k < 4; k += 2) {
    const a = d[t + k]! >>> 0, b = d[s + k]! >>> 0;
    const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
    const ll = al * bl, mid = al * bh + ah * bl + (ll >>> 16);
    d[t + k] = ((mid & 0xffff) << 16) | (ll & 0xffff);
    d[t + k + 1] = ah * bh + Math.floor(mid / 65536);
  }
}
/** pmaddwd (F5) */
function pmaddwd(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true), t = i.reg, sw = c.xsw, d = c.xd;
  for (let k = 0; k < 4; k++) {
    const r = sw[t * 8 + 2 * k]! * sw[s * 8 + 2 * k]! + sw[t * 8 + 2 * k + 1]! * sw[s * 8 + 2 * k + 1]!;
    d[OUT * 4 + k] = r;
  }
  copySlot(c, OUT, t);
}
/** psadbw (F6) */
function psadbw(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 16, t = i.reg * 16, b = c.xb, d = c.xd;
  let lo = 0, hi = 0;
  for (let k = 0; k < 8; k++) lo += Math.abs(b[t + k]! - b[s + k]!);
  for (let k = 8; k < 16; k++) hi += Math.abs(b[t + k]! - b[s + k]!);
  const q = i.reg * 4;
  d[q] = lo; d[q + 1] = 0; d[q + 2] = hi; d[q + 3] = 0;
}

// ---------------------------------------------------------------------------------------- pack / unpack / shuffle

export function punpck(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true), t = i.reg, b = c.xb;
  const o = i.opcode & 0xff;
  const ts = t * 16, ss = s * 16, os = OUT * 16;
  // element size in bytes and whether the high halves are interleaved
  let e: number, high: boolean;
  switch (o) {
    case 0x60: e = 1; high = false; break;
    case 0x61: e = 2; high = false; break;
    case 0x62: e = 4; high = false; break;
    case 0x68: e = 1; high = true; break;
    case 0x69: e = 2; high = true; break;
    case 0x6a: e = 4; high = true; break;
    case 0x6c: e = 8; high = false; break;
    case 0x14: e = (i.pfx === Pfx.P66) ? 8 : 4; high = false; break; // unpcklps / unpcklpd
    case 0x15: e = (i.pfx === Pfx.P66) ? 8 : 4; high = true; break; // unpckhps / unpckhpd
    default: e = 8; high = true; break; // 0x6d
  }
  const base = high ? 8 : 0;
  const n = 8 / e;
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < e; j++) {
      b[os + 2 * k * e + j] = b[ts + base + k * e + j]!;
      b[os + (2 * k + 1) * e + j] = b[ss + base + k * e + j]!;
    }
  }
  copySlot(c, OUT, t);
}

export function pack(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true), t = i.reg;
  const o = i.opcode & 0xff;
  const sw = c.xsw, sd = c.xd, b = c.xb, w = c.xw;
  if (o === 0x6b) { // packssdw
    for (let k = 0; k < 4; k++) w[OUT * 8 + k] = satS16(sd[t * 4 + k]!);
    for (let k = 0; k < 4; k++) w[OUT * 8 + 4 + k] = satS16(sd[s * 4 + k]!);
  } else {
    const sat = o === 0x63 ? satS8 : satU8; // packsswb / packuswb
    for (let k = 0; k < 8; k++) b[OUT * 16 + k] = sat(sw[t * 8 + k]!);
    for (let k = 0; k < 8; k++) b[OUT * 16 + 8 + k] = sat(sw[s * 8 + k]!);
  }
  copySlot(c, OUT, t);
}

export function pshufd(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, d = c.xd, o = OUT * 4, m = i.imm;
  d[o] = d[s + (m & 3)]!; d[o + 1] = d[s + ((m >> 2) & 3)]!; d[o + 2] = d[s + ((m >> 4) & 3)]!; d[o + 3] = d[s + ((m >> 6) & 3)]!;
  copySlot(c, OUT, i.reg);
}
function pshuflw(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true), w = c.xw, d = c.xd, m = i.imm;
  for (let k = 0; k < 4; k++) w[OUT * 8 + k] = w[s * 8 + ((m >> (2 * k)) & 3)]!;
  d[OUT * 4 + 2] = d[s * 4 + 2]!; d[OUT * 4 + 3] = d[s * 4 + 3]!;
  copySlot(c, OUT, i.reg);
}
function pshufhw(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true), w = c.xw, d = c.xd, m = i.imm;
  for (let k = 0; k < 4; k++) w[OUT * 8 + 4 + k] = w[s * 8 + 4 + ((m >> (2 * k)) & 3)]!;
  d[OUT * 4] = d[s * 4]!; d[OUT * 4 + 1] = d[s * 4 + 1]!;
  copySlot(c, OUT, i.reg);
}
/** shufps (none) / shufpd (66) */
function shufp(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, t = i.reg * 4, d = c.xd, o = OUT * 4, m = i.imm;
  if (i.pfx === Pfx.P66) {
    const a = (m & 1) * 2, bb = ((m >> 1) & 1) * 2;
    d[o] = d[t + a]!; d[o + 1] = d[t + a + 1]!; d[o + 2] = d[s + bb]!; d[o + 3] = d[s + bb + 1]!;
  } else {
    d[o] = d[t + (m & 3)]!; d[o + 1] = d[t + ((m >> 2) & 3)]!; d[o + 2] = d[s + ((m >> 4) & 3)]!; d[o + 3] = d[s + ((m >> 6) & 3)]!;
  }
  copySlot(c, OUT, i.reg);
}
function pinsrw(c: Cpu, i: Insn): void {
  const v = i.rm >= 0 ? c.lo[i.rm]! : c.mem.read16(c.ea(i));
  c.xw[i.reg * 8 + (i.imm & 7)] = v;
}
function pextrw(c: Cpu, i: Insn): void {
  c.lo[i.reg] = c.xw[i.rm * 8 + (i.imm & 7)]!; c.hi[i.reg] = 0;
}

// ---------------------------------------------------------------------------------------- shifts

/** Shift lanes of register t by count: kind 0 srl, 1 sra, 2 sll; e = lane bytes (2, 4, 8). */
function shiftLanes(c: Cpu, t: number, e: number, kind: number, count: number): void {
  if (e === 2) {
    const w = c.xw, sw = c.xsw;
    for (let k = 0; k < 8; k++) {
      const j = t * 8 + k;
      if (kind === 1) w[j] = sw[j]! >> (count > 15 ? 15 : count);
      else w[j] = count > 15 ? 0 : kind === 0 ? w[j]! >>> count : w[j]! << count;
    }
  } else if (e === 4) {
    const d = c.xd;
    for (let k = 0; k < 4; k++) {
      const j = t * 4 + k;
      if (kind === 1) d[j] = d[j]! >> (count > 31 ? 31 : count);
      else d[j] = count > 31 ? 0 : kind === 0 ? d[j]! >>> count : d[j]! << count;
    }
  } else {
    const d = c.xd;
    for (let k = 0; k < 4; k += 2) {
      const j = t * 4 + k, l = d[j]!, h = d[j + 1]!;
      if (count > 63) { d[j] = 0; d[j + 1] = 0; }
      else if (count === 0) { /* unchanged */ }
      else if (kind === 0) {
        if (count < 32) { d[j] = (l >>> count) | (h << (32 - count)); d[j + 1] = h >>> count; }
        else { d[j] = h >>> (count - 32); d[j + 1] = 0; }
      } else {
        if (count < 32) { d[j + 1] = (h << count) | (l >>> (32 - count)); d[j] = l << count; }
        else { d[j + 1] = l << (count - 32); d[j] = 0; }
      }
    }
  }
}
/** Byte shifts of the whole register (pslldq / psrldq). */
function byteShift(c: Cpu, t: number, n: number, left: boolean): void {
  const b = c.xb, ts = t * 16, os = OUT * 16;
  for (let k = 0; k < 16; k++) {
    const from = left ? k - n : k + n;
    b[os + k] = from >= 0 && from < 16 ? b[ts + from]! : 0;
  }
  copySlot(c, OUT, t);
}
/** 66 0F 71/72/73 /digit ib */
export function shiftImm(c: Cpu, i: Insn): void {
  const dgt = (i.modrm >> 3) & 7, o = i.opcode & 0xff, t = i.rm, n = i.imm;
  const e = o === 0x71 ? 2 : o === 0x72 ? 4 : 8;
  if (o === 0x73 && dgt === 3) { byteShift(c, t, n > 16 ? 16 : n, false); return; }
  if (o === 0x73 && dgt === 7) { byteShift(c, t, n > 16 ? 16 : n, true); return; }
  if (dgt === 2) shiftLanes(c, t, e, 0, n);
  else if (dgt === 4 && e !== 8) shiftLanes(c, t, e, 1, n);
  else if (dgt === 6) shiftLanes(c, t, e, 2, n);
  else c.trap(Vector.UD);
}
/** Shifts by the count in an xmm register or m128 (low qword). */
function shiftXmm(c: Cpu, i: Insn): void {
  const s = xsrc(c, i, true) * 4, d = c.xd, o = i.opcode & 0xff;
  const count = (d[s + 1]! !== 0 || (d[s]! >>> 0) > 255) ? 255 : d[s]! >>> 0;
  switch (o) {
    case 0xd1: shiftLanes(c, i.reg, 2, 0, count); return;
    case 0xd2: shiftLanes(c, i.reg, 4, 0, count); return;
    case 0xd3: shiftLanes(c, i.reg, 8, 0, count); return;
    case 0xe1: shiftLanes(c, i.reg, 2, 1, count); return;
    case 0xe2: shiftLanes(c, i.reg, 4, 1, count); return;
    case 0xf1: shiftLanes(c, i.reg, 2, 2, count); return;
    case 0xf2: shiftLanes(c, i.reg, 4, 2, count); return;
    default: shiftLanes(c, i.reg, 8, 2, count); return;
  }
}

// ---------------------------------------------------------------------------------------- 0F AE group

function grpAE(c: Cpu, i: Insn): void {
  const d = (i.modrm >> 3) & 7;
  if (i.rm >= 0) {
    if (d >= 5) return; // lfence / mfence / sfence
    c.trap(Vector.UD);
  }
  switch (d) {
    case 0: { const buf = fxBuf; c.fxsave(buf); const a = c.ea(i); if (a % 16) c.trap(Vector.GP); for (let k = 0; k < 512; k++) c.mem.write8(a + k, buf[k]!); return; }
    case 1: { const a = c.ea(i); if (a % 16) c.trap(Vector.GP); const buf = fxBuf; for (let k = 0; k < 512; k++) buf[k] = c.mem.read8(a + k); c.fxrstor(buf); return; }
    case 2: {
      const v = c.mem.read32(c.ea(i));
      if ((v & ~0xffff) !== 0) c.trap(Vector.GP);
      c.mxcsr = v & 0xffff; return;
    }
    case 3: c.mem.write32(c.ea(i), c.mxcsr); return;
    case 7: return; // clflush
    default: c.trap(Vector.UD); // xsave/xrstor/xsaveopt: no XSAVE advertised
  }
}
const fxBuf = new Uint8Array(512);

// ---------------------------------------------------------------------------------------- registration

const N = Pfx.None, P = Pfx.P66, F3 = Pfx.F3, F2 = Pfx.F2;
const R = Form.Reg, M = Form.Mem, B = Form.Both, I = Form.Imm8;

def0F(0x10, N, B, movLoadU); def0F(0x10, P, B, movLoadU); def0F(0x10, F3, B, movssLoad); def0F(0x10, F2, B, movsdLoad);
def0F(0x11, N, B, movStoreU); def0F(0x11, P, B, movStoreU); def0F(0x11, F3, B, movssStore); def0F(0x11, F2, B, movsdStore);
def0F(0x12, N, B, movlLoad); def0F(0x12, P, M, movlLoad);
def0F(0x13, N, M, movlStore); def0F(0x13, P, M, movlStore);
def0F(0x14, N, B, punpck); def0F(0x14, P, B, punpck);
def0F(0x15, N, B, punpck); def0F(0x15, P, B, punpck);
def0F(0x16, N, B, movhLoad); def0F(0x16, P, M, movhLoad);
def0F(0x17, N, M, movhStore); def0F(0x17, P, M, movhStore);
def0F(0x28, N, B, movLoadA); def0F(0x28, P, B, movLoadA);
def0F(0x29, N, B, movStoreA); def0F(0x29, P, B, movStoreA);
def0F(0x2b, N, M, movStoreA); def0F(0x2b, P, M, movStoreA);
def0F(0x50, N, R, movmskps); def0F(0x50, P, R, movmskpd);
def0F(0x54, N, B, pand); def0F(0x54, P, B, pand);
def0F(0x55, N, B, pandn); def0F(0x55, P, B, pandn);
def0F(0x56, N, B, por); def0F(0x56, P, B, por);
def0F(0x57, N, B, pxor); def0F(0x57, P, B, pxor);
for (const o of [0x60, 0x61, 0x62, 0x68, 0x69, 0x6a, 0x6c, 0x6d]) def0F(o, P, B, punpck);
for (const o of [0x63, 0x67, 0x6b]) def0F(o, P, B, pack);
for (const o of [0x64, 0xd8, 0xdc, 0xe0, 0xe8, 0xec, 0xf8, 0xfc]) def0F(o, P, B, byteLanes);
for (const o of [0x65, 0x75, 0xd5, 0xd9, 0xdd, 0xe3, 0xe4, 0xe5, 0xe9, 0xea, 0xed, 0xee, 0xf9, 0xfd]) def0F(o, P, B, wordLanes);
for (const o of [0x66, 0x76, 0xfa, 0xfe]) def0F(o, P, B, dwordLanes);
def0F(0x74, P, B, pcmpeqb);
def0F(0xda, P, B, pminub);
def0F(0xde, P, B, pmaxub);
def0F(0xd4, P, B, qwordAddSub); def0F(0xfb, P, B, qwordAddSub);
def0F(0xf4, P, B, pmuludq);
def0F(0xf5, P, B, pmaddwd);
def0F(0xf6, P, B, psadbw);
def0F(0x6e, P, B, movdToX);
def0F(0x7e, P, B, movdFromX);
def0F(0x7e, F3, B, movqLoad);
def0F(0xd6, P, B, movqStore);
def0F(0x6f, P, B, movLoadA); def0F(0x6f, F3, B, movLoadU);
def0F(0x7f, P, B, movStoreA); def0F(0x7f, F3, B, movStoreU);
def0F(0x70, P, B | I, pshufd); def0F(0x70, F3, B | I, pshufhw); def0F(0x70, F2, B | I, pshuflw);
def0F(0x71, P, R | I, shiftImm); def0F(0x72, P, R | I, shiftImm); def0F(0x73, P, R | I, shiftImm);
for (const o of [0xd1, 0xd2, 0xd3, 0xe1, 0xe2, 0xf1, 0xf2, 0xf3]) def0F(o, P, B, shiftXmm);
def0F(0xd7, P, R, pmovmskb);
def0F(0xdb, P, B, pand); def0F(0xdf, P, B, pandn); def0F(0xeb, P, B, por); def0F(0xef, P, B, pxor);
def0F(0xe7, P, M, movStoreA);
def0F(0xc3, N, M, movnti);
def0F(0xc4, P, B | I, pinsrw);
def0F(0xc5, P, R | I, pextrw);
def0F(0xc6, N, B | I, shufp); def0F(0xc6, P, B | I, shufp);
def0F(0xae, N, B, grpAE);
