// Integer instruction handlers. Each handler is (cpu, decoded insn) => void; i.sz is the operand size.
import type { Cpu } from "./cpu.js";
import type { Insn } from "./insn.js";
import { FlagKind, PARITY } from "./insn.js";
import { StopReason, Vector } from "./fault.js";
import { W, mul32u, mul32s, mul64, div64by32, div128by64, uge64 } from "./arith.js";
import { cpuid } from "./cpuid.js";

const TWO32 = 4294967296;
const SIGN_BIT = [0, 7, 15, 0, 31, 0, 0, 0, 63];
const MASK = [0, 0xff, 0xffff, 0, -1, 0, 0, 0, -1];

function sx8(v: number): number { return (v << 24) >> 24; }
function sx16(v: number): number { return (v << 16) >> 16; }

// ---------------------------------------------------------------------------------------- ALU

/** op r/m, reg */
export function aluEG(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const a = c.loadRM(i), ah = c.th;
  const b = c.rdReg(i.reg, sz), bh = c.th;
  const r = c.alu(i.op, sz, a, ah, b, bh);
  if (i.op !== 7) c.storeRM(i, r, c.rh);
}

/** op reg, r/m */
export function aluGE(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const b = c.loadRM(i), bh = c.th;
  const a = c.rdReg(i.reg, sz), ah = c.th;
  const r = c.alu(i.op, sz, a, ah, b, bh);
  if (i.op !== 7) c.wrReg(i.reg, sz, r, c.rh);
}

/** op r/m, imm (also the accumulator forms, decoded with rm = 0) */
export function aluEI(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  const r = c.alu(i.op, i.sz, a, ah, i.imm, i.immHi);
  if (i.op !== 7) c.storeRM(i, r, c.rh);
}

/** 64-bit register-register fast paths */
export function add64RR(c: Cpu, i: Insn): void {
  const d = i.rm, s = i.reg;
  const r = c.alu(0, 8, c.lo[d]!, c.hi[d]!, c.lo[s]!, c.hi[s]!);
  c.lo[d] = r; c.hi[d] = c.rh;
}
export function sub64RR(c: Cpu, i: Insn): void {
  const d = i.rm, s = i.reg;
  const r = c.alu(5, 8, c.lo[d]!, c.hi[d]!, c.lo[s]!, c.hi[s]!);
  c.lo[d] = r; c.hi[d] = c.rh;
}
export function cmp64RR(c: Cpu, i: Insn): void {
  const d = i.rm, s = i.reg;
  c.alu(7, 8, c.lo[d]!, c.hi[d]!, c.lo[s]!, c.hi[s]!);
}
// 32-bit register-register ALU without the generic size/op dispatch (flags recorded directly).
export function add32RR(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]! >>> 0, b = c.lo[i.reg]! >>> 0, r = (a + b) >>> 0;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = FlagKind.ADD; c.fsb = 31; c.fd = a; c.fs = b; c.fr = r; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
export function sub32RR(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]! >>> 0, b = c.lo[i.reg]! >>> 0, r = (a - b) >>> 0;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = FlagKind.SUB; c.fsb = 31; c.fd = a; c.fs = b; c.fr = r; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
export function cmp32RR(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]! >>> 0, b = c.lo[i.reg]! >>> 0;
  c.fk = FlagKind.SUB; c.fsb = 31; c.fd = a; c.fs = b; c.fr = (a - b) >>> 0; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
export function xor32RR(c: Cpu, i: Insn): void {
  const r = c.lo[i.rm]! ^ c.lo[i.reg]!;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = FlagKind.LOGIC; c.fsb = 31; c.fr = r >>> 0; c.frh = 0;
}
export function and32RR(c: Cpu, i: Insn): void {
  const r = c.lo[i.rm]! & c.lo[i.reg]!;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = FlagKind.LOGIC; c.fsb = 31; c.fr = r >>> 0; c.frh = 0;
}
export function or32RR(c: Cpu, i: Insn): void {
  const r = c.lo[i.rm]! | c.lo[i.reg]!;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = FlagKind.LOGIC; c.fsb = 31; c.fr = r >>> 0; c.frh = 0;
}
/** inc/dec of a 32- or 64-bit register */
export function incdec32R(c: Cpu, i: Insn): void {
  const cf = c.getCF();
  const a = c.lo[i.rm]! >>> 0, r = (i.op === 1 ? a - 1 : a + 1) >>> 0;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.fk = i.op === 1 ? FlagKind.DEC : FlagKind.INC; c.fsb = 31; c.fd = a; c.fs = 1; c.fr = r; c.fdh = 0; c.fsh = 0; c.frh = 0; c.fcf = cf;
}
export function incdec64R(c: Cpu, i: Insn): void {
  const cf = c.getCF();
  const d = i.rm;
  const l = i.op === 1 ? c.sub64(c.lo[d]!, c.hi[d]!, 1, 0) : c.add64(c.lo[d]!, c.hi[d]!, 1, 0);
  c.lo[d] = l; c.hi[d] = c.rh;
  c.fk = i.op === 1 ? FlagKind.DEC : FlagKind.INC; c.fcf = cf;
}
export function alu32RR(c: Cpu, i: Insn): void {
  const d = i.rm;
  const r = c.alu(i.op, 4, c.lo[d]!, 0, c.lo[i.reg]!, 0);
  if (i.op !== 7) { c.lo[d] = r; c.hi[d] = 0; }
}

export function testEG(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  const b = c.rdReg(i.reg, i.sz), bh = c.th;
  c.alu(4, i.sz, a, ah, b, bh);
}
export function testEI(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  c.alu(4, i.sz, a, ah, i.imm, i.immHi);
}

export function incdecE(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  const r = c.incdec(i.op === 1, i.sz, a, ah);
  c.storeRM(i, r, c.rh);
}

export function notE(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  c.storeRM(i, ~a, ~ah);
}

export function negE(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  const r = c.alu(5, i.sz, 0, 0, a, ah);
  c.storeRM(i, r, c.rh);
}

// ---------------------------------------------------------------------------------------- multiply / divide

function mulFlags(c: Cpu, sz: number, lo: number, hi: number, of: number): void {
  c.setExpl(SIGN_BIT[sz]!, sz === 8 ? lo : lo & MASK[sz]!, sz === 8 ? hi : 0, of, of, 0);
}

/** F6/F7 /4 mul: unsigned rDX:rAX = rAX * r/m */
export function mulE(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const b = c.loadRM(i), bh = c.th;
  switch (sz) {
    case 1: {
      const r = (c.lo[0]! & 0xff) * b;
      c.wrReg(0, 2, r, 0);
      mulFlags(c, 1, r, 0, r > 0xff ? 1 : 0);
      return;
    }
    case 2: {
      const r = (c.lo[0]! & 0xffff) * b;
      c.wrReg(0, 2, r, 0);
      c.wrReg(2, 2, r >>> 16, 0);
      mulFlags(c, 2, r, 0, r > 0xffff ? 1 : 0);
      return;
    }
    case 4: {
      const l = mul32u(c.lo[0]!, b), h = W[1]!;
      c.lo[0] = l; c.hi[0] = 0; c.lo[2] = h; c.hi[2] = 0;
      mulFlags(c, 4, l, 0, h !== 0 ? 1 : 0);
      return;
    }
    default: {
      mul64(c.lo[0]!, c.hi[0]!, b, bh, false);
      c.lo[0] = W[0]!; c.hi[0] = W[1]!; c.lo[2] = W[2]!; c.hi[2] = W[3]!;
      mulFlags(c, 8, W[0]!, W[1]!, (W[2]! | W[3]!) !== 0 ? 1 : 0);
    }
  }
}

/** F6/F7 /5 one-operand imul */
export function imulE1(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const b = c.loadRM(i), bh = c.th;
  switch (sz) {
    case 1: {
      const r = sx8(c.lo[0]!) * sx8(b);
      c.wrReg(0, 2, r, 0);
      mulFlags(c, 1, r, 0, r !== sx8(r) ? 1 : 0);
      return;
    }
    case 2: {
      const r = sx16(c.lo[0]!) * sx16(b);
      c.wrReg(0, 2, r, 0);
      c.wrReg(2, 2, r >> 16, 0);
      mulFlags(c, 2, r, 0, r !== sx16(r) ? 1 : 0);
      return;
    }
    case 4: {
      const l = mul32s(c.lo[0]!, b), h = W[1]!;
      c.lo[0] = l; c.hi[0] = 0; c.lo[2] = h; c.hi[2] = 0;
      mulFlags(c, 4, l, 0, h !== (l >> 31) ? 1 : 0);
      return;
    }
    default: {
      mul64(c.lo[0]!, c.hi[0]!, b, bh, true);
      c.lo[0] = W[0]!; c.hi[0] = W[1]!; c.lo[2] = W[2]!; c.hi[2] = W[3]!;
      const s = W[1]! >> 31;
      mulFlags(c, 8, W[0]!, W[1]!, (W[2]! !== s || W[3]! !== s) ? 1 : 0);
    }
  }
}

function imulTrunc(c: Cpu, sz: number, a: number, ah: number, b: number, bh: number): number {
  switch (sz) {
    case 2: {
      const r = sx16(a) * sx16(b);
      mulFlags(c, 2, r, 0, r !== sx16(r) ? 1 : 0);
      c.rh = 0;
      return r & 0xffff;
    }
    case 4: {
      const l = mul32s(a, b), h = W[1]!;
      mulFlags(c, 4, l, 0, h !== (l >> 31) ? 1 : 0);
      c.rh = 0;
      return l;
    }
    default: {
      mul64(a, ah, b, bh, true);
      const s = W[1]! >> 31;
      mulFlags(c, 8, W[0]!, W[1]!, (W[2]! !== s || W[3]! !== s) ? 1 : 0);
      c.rh = W[1]!;
      return W[0]!;
    }
  }
}

/** 0F AF imul reg, r/m */
export function imulGE(c: Cpu, i: Insn): void {
  const b = c.loadRM(i), bh = c.th;
  const a = c.rdReg(i.reg, i.sz), ah = c.th;
  const r = imulTrunc(c, i.sz, a, ah, b, bh);
  c.wrReg(i.reg, i.sz, r, c.rh);
}

/** 69/6B imul reg, r/m, imm */
export function imulGEI(c: Cpu, i: Insn): void {
  const a = c.loadRM(i), ah = c.th;
  const r = imulTrunc(c, i.sz, a, ah, i.imm, i.immHi);
  c.wrReg(i.reg, i.sz, r, c.rh);
}

/** F6/F7 /6 div */
export function divE(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const d = c.loadRM(i), dh = c.th;
  switch (sz) {
    case 1: {
      if (d === 0) c.trap(Vector.DE);
      const n = c.lo[0]! & 0xffff;
      const q = Math.floor(n / d);
      if (q > 0xff) c.trap(Vector.DE);
      c.wrReg(0, 2, ((n - q * d) << 8) | q, 0);
      return;
    }
    case 2: {
      if (d === 0) c.trap(Vector.DE);
      const n = ((c.lo[2]! & 0xffff) * 65536) + (c.lo[0]! & 0xffff);
      const q = Math.floor(n / d);
      if (q > 0xffff) c.trap(Vector.DE);
      c.wrReg(0, 2, q, 0);
      c.wrReg(2, 2, n - q * d, 0);
      return;
    }
    case 4: {
      const dv = d >>> 0;
      if (dv === 0 || (c.lo[2]! >>> 0) >= dv) c.trap(Vector.DE);
      const q = div64by32(c.lo[2]!, c.lo[0]!, dv);
      c.lo[0] = q; c.hi[0] = 0; c.lo[2] = W[1]!; c.hi[2] = 0;
      return;
    }
    default: {
      if ((d | dh) === 0 || uge64(c.hi[2]!, c.lo[2]!, dh, d)) c.trap(Vector.DE);
      div128by64(c.hi[2]!, c.lo[2]!, c.hi[0]!, c.lo[0]!, dh, d);
      c.lo[0] = W[0]!; c.hi[0] = W[1]!; c.lo[2] = W[2]!; c.hi[2] = W[3]!;
    }
  }
}

/** F6/F7 /7 idiv */
export function idivE(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const d = c.loadRM(i), dh = c.th;
  switch (sz) {
    case 1: {
      const dv = sx8(d);
      if (dv === 0) c.trap(Vector.DE);
      const n = sx16(c.lo[0]!);
      const q = Math.trunc(n / dv);
      if (q > 127 || q < -128) c.trap(Vector.DE);
      c.wrReg(0, 2, (((n - q * dv) & 0xff) << 8) | (q & 0xff), 0);
      return;
    }
    case 2: {
      const dv = sx16(d);
      if (dv === 0) c.trap(Vector.DE);
      const n = ((c.lo[2]! & 0xffff) << 16) | (c.lo[0]! & 0xffff);
      const q = Math.trunc(n / dv);
      if (q > 32767 || q < -32768) c.trap(Vector.DE);
      c.wrReg(0, 2, q, 0);
      c.wrReg(2, 2, n - q * dv, 0);
      return;
    }
    case 4: {
      const dv = d | 0;
      if (dv === 0) c.trap(Vector.DE);
      let nh = c.lo[2]!, nl = c.lo[0]!;
      const nneg = nh < 0;
      if (nneg) { nl = (~nl + 1) | 0; nh = (~nh + (nl === 0 ? 1 : 0)) | 0; }
      const dabs = Math.abs(dv);
      if ((nh >>> 0) >= dabs) c.trap(Vector.DE);
      const qa = div64by32(nh, nl, dabs);
      const ra = W[1]!;
      const qneg = nneg !== (dv < 0);
      if (qneg ? qa > 0x80000000 : qa > 0x7fffffff) c.trap(Vector.DE);
      c.lo[0] = qneg ? -qa : qa; c.hi[0] = 0;
      c.lo[2] = nneg ? -ra : ra; c.hi[2] = 0;
      return;
    }
    default: {
      if ((d | dh) === 0) c.trap(Vector.DE);
      let n3 = c.hi[2]!, n2 = c.lo[2]!, n1 = c.hi[0]!, n0 = c.lo[0]!;
      const nneg = n3 < 0;
      if (nneg) {
        n0 = ~n0; n1 = ~n1; n2 = ~n2; n3 = ~n3;
        n0 = (n0 + 1) | 0;
        if (n0 === 0) { n1 = (n1 + 1) | 0; if (n1 === 0) { n2 = (n2 + 1) | 0; if (n2 === 0) n3 = (n3 + 1) | 0; } }
      }
      let d0 = d, d1 = dh;
      const dneg = d1 < 0;
      if (dneg) { d0 = (~d0 + 1) | 0; d1 = (~d1 + (d0 === 0 ? 1 : 0)) | 0; }
      if (uge64(n3, n2, d1, d0)) c.trap(Vector.DE);
      div128by64(n3, n2, n1, n0, d1, d0);
      let q0 = W[0]!, q1 = W[1]!, r0 = W[2]!, r1 = W[3]!;
      const qneg = nneg !== dneg;
      // |q| must fit: < 2^63, or == 2^63 when negative
      if (q1 < 0 && !(qneg && q1 === -0x80000000 && q0 === 0)) c.trap(Vector.DE);
      if (qneg) { q0 = (~q0 + 1) | 0; q1 = (~q1 + (q0 === 0 ? 1 : 0)) | 0; }
      if (nneg) { r0 = (~r0 + 1) | 0; r1 = (~r1 + (r0 === 0 ? 1 : 0)) | 0; }
      c.lo[0] = q0; c.hi[0] = q1; c.lo[2] = r0; c.hi[2] = r1;
    }
  }
}

// ---------------------------------------------------------------------------------------- shifts and rotates

let RL = 0, RH = 0;

function shl64(l: number, h: number, n: number): void {
  if (n === 0) { RL = l; RH = h; } else if (n < 32) { RH = (h << n) | (l >>> (32 - n)); RL = l << n; } else { RH = l << (n - 32); RL = 0; }
}
function shr64(l: number, h: number, n: number): void {
  if (n === 0) { RL = l; RH = h; } else if (n < 32) { RL = (l >>> n) | (h << (32 - n)); RH = h >>> n; } else { RL = h >>> (n - 32); RH = 0; }
}
function sar64(l: number, h: number, n: number): void {
  if (n === 0) { RL = l; RH = h; } else if (n < 32) { RL = (l >>> n) | (h << (32 - n)); RH = h >> n; } else { RL = h >> (n - 32); RH = h >> 31; }
}
function bit64(l: number, h: number, k: number): number {
  return k < 32 ? (l >>> k) & 1 : (h >>> (k - 32)) & 1;
}

/** Shift/rotate r/m by count (kind = i.op: 0 rol 1 ror 2 rcl 3 rcr 4 shl 5 shr 6 sal 7 sar). */
function shiftCore(c: Cpu, i: Insn, count: number): void {
  const sz = i.sz;
  const bits = sz * 8;
  const n = count & (sz === 8 ? 63 : 31);
  const a = c.loadRM(i), ah = c.th;
  if (n === 0) {
    if (sz === 4 && i.rm >= 0) c.hi[i.rm] = 0; // a 32-bit destination register is still zero-extended
    return;
  }
  const sb = bits - 1;
  const m = MASK[sz]!;
  let r = 0, rh = 0, cf = 0, of = 0;
  switch (i.op) {
    case 4: case 6: // shl
      if (sz === 8) { shl64(a, ah, n); r = RL; rh = RH; cf = bit64(a, ah, 64 - n); of = (RH >>> 31) ^ cf; }
      else if (sz === 4) { r = a << n; cf = (a >>> (32 - n)) & 1; of = (r >>> 31) ^ cf; }
      else { const t = (a & m) << n; r = t & m; cf = (t >>> bits) & 1; of = ((r >>> sb) & 1) ^ cf; }
      c.storeRM(i, r, rh);
      c.setExpl(sb, r & m, rh, cf, of, 0);
      return;
    case 5: // shr
      if (sz === 8) { shr64(a, ah, n); r = RL; rh = RH; cf = bit64(a, ah, n - 1); of = ah >>> 31; }
      else { const v = (a & m) >>> 0; r = n >= 32 ? 0 : v >>> n; cf = n > 32 ? 0 : (v >>> (n - 1)) & 1; of = (v >>> sb) & 1; }
      c.storeRM(i, r, rh);
      c.setExpl(sb, r & m, rh, cf, of, 0);
      return;
    case 7: { // sar
      if (sz === 8) { sar64(a, ah, n); r = RL; rh = RH; cf = bit64(a, ah, n - 1); }
      else { const v = (a << (32 - bits)) >> (32 - bits); r = (v >> n) & m; cf = (v >> (n - 1)) & 1; }
      c.storeRM(i, r, rh);
      c.setExpl(sb, r & m, rh, cf, 0, 0);
      return;
    }
    case 0: case 1: { // rol / ror: only CF and OF change
      const k = n & sb;
      if (sz === 8) {
        if (i.op === 0) { shl64(a, ah, k); const l1 = RL, h1 = RH; shr64(a, ah, (64 - k) & 63); r = k === 0 ? a : l1 | RL; rh = k === 0 ? ah : h1 | RH; }
        else { shr64(a, ah, k); const l1 = RL, h1 = RH; shl64(a, ah, (64 - k) & 63); r = k === 0 ? a : l1 | RL; rh = k === 0 ? ah : h1 | RH; }
      } else {
        const v = (a & m) >>> 0;
        if (k === 0) r = v;
        else if (i.op === 0) r = ((v << k) | (v >>> (bits - k))) & m;
        else r = ((v >>> k) | (v << (bits - k))) & m;
      }
      const msb = sz === 8 ? rh >>> 31 : (r >>> sb) & 1;
      if (i.op === 0) { cf = r & 1; of = msb ^ cf; }
      else { cf = msb; of = msb ^ (sz === 8 ? (rh >>> 30) & 1 : (r >>> (sb - 1)) & 1); }
      c.storeRM(i, r, rh);
      c.rotFlags(cf, of);
      return;
    }
    default: { // rcl / rcr, bit by bit through CF
      let k = n;
      if (sz === 1) k %= 9; else if (sz === 2) k %= 17;
      let l = a & m, h = sz === 8 ? ah : 0;
      cf = c.getCF();
      const f0 = c.statusFlags();
      for (let s = 0; s < k; s++) {
        if (i.op === 2) {
          const out = sz === 8 ? h >>> 31 : (l >>> sb) & 1;
          if (sz === 8) { h = (h << 1) | (l >>> 31); l = (l << 1) | cf; } else l = ((l << 1) | cf) & m;
          cf = out;
        } else {
          const out = l & 1;
          if (sz === 8) { l = (l >>> 1) | (h << 31); h = (h >>> 1) | (cf << 31); } else l = ((l >>> 1) | (cf << sb)) & m;
          cf = out;
        }
      }
      const msb = sz === 8 ? h >>> 31 : (l >>> sb) & 1;
      if (i.op === 2) of = msb ^ cf;
      else of = msb ^ (sz === 8 ? (h >>> 30) & 1 : (l >>> (sb - 1)) & 1);
      c.storeRM(i, l, h);
      if (k !== 0) c.setStatusFlags((f0 & ~0x801) | cf | (of << 11));
      return;
    }
  }
}

export function shiftEI(c: Cpu, i: Insn): void { shiftCore(c, i, i.imm); }

/** 32-bit register shifts/rotates by an immediate 1..31 (decoded only for those). */
export function shl32RI(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm, r = a << n, cf = (a >>> (32 - n)) & 1;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.setExpl(31, r, 0, cf, (r >>> 31) ^ cf, 0);
}
export function shr32RI(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm, r = a >>> n;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.setExpl(31, r, 0, (a >>> (n - 1)) & 1, a >>> 31, 0);
}
export function sar32RI(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm, r = a >> n;
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  c.setExpl(31, r, 0, (a >> (n - 1)) & 1, 0, 0);
}
export function rol32RI(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm, r = (a << n) | (a >>> (32 - n));
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  const cf = r & 1;
  c.rotFlags(cf, (r >>> 31) ^ cf);
}
export function ror32RI(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm, r = (a >>> n) | (a << (32 - n));
  c.lo[i.rm] = r; c.hi[i.rm] = 0;
  const msb = r >>> 31;
  c.rotFlags(msb, msb ^ ((r >>> 30) & 1));
}
export function shl64RI(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm;
  shl64(l, h, n);
  c.lo[r] = RL; c.hi[r] = RH;
  const cf = bit64(l, h, 64 - n);
  c.setExpl(63, RL, RH, cf, (RH >>> 31) ^ cf, 0);
}
export function shr64RI(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm;
  shr64(l, h, n);
  c.lo[r] = RL; c.hi[r] = RH;
  c.setExpl(63, RL, RH, bit64(l, h, n - 1), h >>> 31, 0);
}
export function sar64RI(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm;
  sar64(l, h, n);
  c.lo[r] = RL; c.hi[r] = RH;
  c.setExpl(63, RL, RH, bit64(l, h, n - 1), 0, 0);
}
export function shiftECL(c: Cpu, i: Insn): void { shiftCore(c, i, c.lo[1]! & 0xff); }

/** shld (op 0) / shrd (op 1) r/m, reg, imm8 (imm2 = 0) or CL (imm2 = 1). */
export function shxd(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const count = (i.imm2 !== 0 ? c.lo[1]! : i.imm) & (sz === 8 ? 63 : 31);
  const a = c.loadRM(i), ah = c.th;
  const b = c.rdReg(i.reg, sz), bh = c.th;
  if (count === 0) {
    if (sz === 4 && i.rm >= 0) c.hi[i.rm] = 0;
    return;
  }
  let r = 0, rh = 0, cf = 0;
  const sb = sz * 8 - 1;
  if (sz === 8) {
    if (i.op === 0) {
      shl64(a, ah, count); const l1 = RL, h1 = RH; shr64(b, bh, 64 - count);
      r = l1 | RL; rh = h1 | RH; cf = bit64(a, ah, 64 - count);
    } else {
      shr64(a, ah, count); const l1 = RL, h1 = RH; shl64(b, bh, 64 - count);
      r = l1 | RL; rh = h1 | RH; cf = bit64(a, ah, count - 1);
    }
  } else if (sz === 4) {
    if (i.op === 0) { shl64(b, a, count); r = RH; cf = (a >>> (32 - count)) & 1; }
    else { shr64(a, b, count); r = RL; cf = (a >>> (count - 1)) & 1; }
  } else {
    // 16-bit: counts above 16 are undefined on hardware; use a 48-bit window dst:src:dst
    const d = a & 0xffff, s = b & 0xffff;
    if (i.op === 0) {
      const t = (d * 65536 + s) * Math.pow(2, count);
      r = Math.floor(t / 65536) & 0xffff;
      cf = Math.floor(t / 4294967296) & 1;
    } else {
      const t = s * 65536 + d;
      r = Math.floor(t / Math.pow(2, count)) & 0xffff;
      cf = Math.floor(t / Math.pow(2, count - 1)) & 1;
    }
  }
  const msb = sz === 8 ? rh >>> 31 : (r >>> sb) & 1;
  const oldMsb = sz === 8 ? ah >>> 31 : (a >>> sb) & 1;
  c.storeRM(i, r, rh);
  c.setExpl(sb, sz === 8 ? r : r & MASK[sz]!, rh, cf, msb ^ oldMsb, 0);
}

// ---------------------------------------------------------------------------------------- moves

export function movEG(c: Cpu, i: Insn): void {
  const v = c.rdReg(i.reg, i.sz);
  c.putRM(i, v, c.th);
}
export function movGE(c: Cpu, i: Insn): void {
  const v = c.loadRM(i);
  c.wrReg(i.reg, i.sz, v, c.th);
}
export function mov64RR(c: Cpu, i: Insn): void {
  c.lo[i.rm] = c.lo[i.reg]!; c.hi[i.rm] = c.hi[i.reg]!;
}
export function movEI(c: Cpu, i: Insn): void { c.putRM(i, i.imm, i.immHi); }
export function mov32RR(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function movLoad64(c: Cpu, i: Insn): void {
  const r = i.reg;
  c.lo[r] = c.mem.read64(c.ea(i)); c.hi[r] = c.mem.hi32;
}
export function movLoad32(c: Cpu, i: Insn): void {
  const r = i.reg;
  c.lo[r] = c.mem.read32(c.ea(i)); c.hi[r] = 0;
}
export function movStore64(c: Cpu, i: Insn): void {
  const r = i.reg;
  c.mem.write64(c.ea(i), c.lo[r]!, c.hi[r]!);
}
export function movStore32(c: Cpu, i: Insn): void {
  c.mem.write32(c.ea(i), c.lo[i.reg]!);
}
export function movRI(c: Cpu, i: Insn): void { c.lo[i.rm] = i.imm; c.hi[i.rm] = i.immHi; }
export function cmp64RI(c: Cpu, i: Insn): void {
  const d = i.rm;
  c.sub64(c.lo[d]!, c.hi[d]!, i.imm, i.immHi);
}
export function sub64RI(c: Cpu, i: Insn): void {
  const d = i.rm;
  c.lo[d] = c.sub64(c.lo[d]!, c.hi[d]!, i.imm, i.immHi); c.hi[d] = c.rh;
}
export function add64RI(c: Cpu, i: Insn): void {
  const d = i.rm;
  c.lo[d] = c.add64(c.lo[d]!, c.hi[d]!, i.imm, i.immHi); c.hi[d] = c.rh;
}
/** cmp r8, r/m8 and cmp r/m8, r8 / imm8 without the generic size dispatch */
export function cmp8GE(c: Cpu, i: Insn): void {
  const b = i.rm >= 0 ? c.rdReg(i.rm, 1) : c.mem.read8(c.ea(i));
  const a = c.rdReg(i.reg, 1);
  c.fk = FlagKind.SUB; c.fsb = 7; c.fd = a; c.fs = b; c.fr = (a - b) & 0xff; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
export function cmp8EG(c: Cpu, i: Insn): void {
  const a = i.rm >= 0 ? c.rdReg(i.rm, 1) : c.mem.read8(c.ea(i));
  const b = c.rdReg(i.reg, 1);
  c.fk = FlagKind.SUB; c.fsb = 7; c.fd = a; c.fs = b; c.fr = (a - b) & 0xff; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
export function cmp8EI(c: Cpu, i: Insn): void {
  const a = i.rm >= 0 ? c.rdReg(i.rm, 1) : c.mem.read8(c.ea(i));
  const b = i.imm;
  c.fk = FlagKind.SUB; c.fsb = 7; c.fd = a; c.fs = b; c.fr = (a - b) & 0xff; c.fdh = 0; c.fsh = 0; c.frh = 0;
}
/** test r64, r64 / test r32, r32 */
export function test64RR(c: Cpu, i: Insn): void {
  const l = c.lo[i.rm]! & c.lo[i.reg]!, h = c.hi[i.rm]! & c.hi[i.reg]!;
  c.fk = FlagKind.LOGIC; c.fsb = 63; c.fr = l; c.frh = h; c.fd = 0; c.fdh = 0; c.fs = 0; c.fsh = 0;
}
export function test32RR(c: Cpu, i: Insn): void {
  c.fk = FlagKind.LOGIC; c.fsb = 31; c.fr = (c.lo[i.rm]! & c.lo[i.reg]!) >>> 0; c.frh = 0; c.fd = 0; c.fdh = 0; c.fs = 0; c.fsh = 0;
}

/** op r64, imm (81/83 with a register operand) */
export function alu64RI(c: Cpu, i: Insn): void {
  const d = i.rm;
  const r = c.alu(i.op, 8, c.lo[d]!, c.hi[d]!, i.imm, i.immHi);
  if (i.op !== 7) { c.lo[d] = r; c.hi[d] = c.rh; }
}
export function alu32RI(c: Cpu, i: Insn): void {
  const d = i.rm;
  const r = c.alu(i.op, 4, c.lo[d]!, 0, i.imm, 0);
  if (i.op !== 7) { c.lo[d] = r; c.hi[d] = 0; }
}

/** movzx reg, r/m8 or r/m16 (i.op = source size); the r/m operand is read at i.op bytes. */
export function movzxGE(c: Cpu, i: Insn): void {
  const v = i.rm >= 0 ? c.rdReg(i.rm, i.op) : c.readMem(c.ea(i), i.op);
  c.wrReg(i.reg, i.sz, v, 0);
}
export function movsxGE(c: Cpu, i: Insn): void {
  let v = i.rm >= 0 ? c.rdReg(i.rm, i.op) : c.readMem(c.ea(i), i.op);
  v = i.op === 1 ? sx8(v) : i.op === 2 ? sx16(v) : v | 0;
  c.wrReg(i.reg, i.sz, v, v >> 31);
}

export function leaGE(c: Cpu, i: Insn): void {
  // lea computes the address without a segment base and without canonical checks
  const b = i.base, x = i.index;
  let l: number, h: number;
  if (b === -2) { l = i.disp >>> 0; h = Math.floor(i.disp / TWO32); }
  else {
    l = i.disp >>> 0; h = i.disp < 0 ? -1 : 0;
    if (b >= 0) { l += c.lo[b]! >>> 0; h += c.hi[b]!; }
    if (x >= 0) { l += (c.lo[x]! >>> 0) * i.scale; h += c.hi[x]! * i.scale; }
  }
  if (i.a32) h = 0;
  else h = (h + Math.floor(l / TWO32)) | 0;
  c.wrReg(i.reg, i.sz, l | 0, h);
}

export function xchgEG(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const a = c.loadRM(i), ah = c.th;
  const b = c.rdReg(i.reg, sz), bh = c.th;
  c.storeRM(i, b, bh);
  c.wrReg(i.reg, sz, a, ah);
}

/** 0F B0/B1 cmpxchg r/m, reg */
export function cmpxchg(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const a = c.loadRM(i), ah = c.th;
  const acc = c.rdReg(0, sz), acch = c.th;
  c.alu(7, sz, acc, acch, a, ah);
  if (c.getZF()) {
    const s = c.rdReg(i.reg, sz);
    c.storeRM(i, s, c.th);
  } else {
    // the destination is written back unchanged (a locked RMW on hardware); rAX gets the old value
    if (i.rm < 0) c.writeMem(c.addr, sz, a, ah);
    c.wrReg(0, sz, a, ah);
  }
}

/** 0F C0/C1 xadd r/m, reg */
export function xadd(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const a = c.loadRM(i), ah = c.th;
  const b = c.rdReg(i.reg, sz), bh = c.th;
  const r = c.alu(0, sz, a, ah, b, bh);
  const rh = c.rh;
  c.wrReg(i.reg, sz, a, ah);
  c.storeRM(i, r, rh);
}

/** 0F C7 /1 cmpxchg8b m64 / cmpxchg16b m128 (REX.W) */
export function cmpxchg8b16b(c: Cpu, i: Insn): void {
  const a = c.ea(i);
  const m = c.mem;
  if (i.sz === 8) {
    if ((a % 16) !== 0) c.trap(Vector.GP);
    const l0 = m.read64(a), h0 = m.hi32;
    const l1 = m.read64(a + 8), h1 = m.hi32;
    if (l0 === c.lo[0] && h0 === c.hi[0] && l1 === c.lo[2] && h1 === c.hi[2]) {
      m.write64(a, c.lo[3]!, c.hi[3]!);
      m.write64(a + 8, c.lo[1]!, c.hi[1]!);
      setZF(c, 1);
    } else {
      m.write64(a, l0, h0); m.write64(a + 8, l1, h1);
      c.lo[0] = l0; c.hi[0] = h0; c.lo[2] = l1; c.hi[2] = h1;
      setZF(c, 0);
    }
  } else {
    const l = m.read32(a), h = m.read32(a + 4);
    if (l === c.lo[0] && h === c.lo[2]) {
      m.write32(a, c.lo[3]!); m.write32(a + 4, c.lo[1]!);
      setZF(c, 1);
    } else {
      m.write32(a, l); m.write32(a + 4, h);
      c.lo[0] = l; c.hi[0] = 0; c.lo[2] = h; c.hi[2] = 0;
      setZF(c, 0);
    }
  }
}

function setZF(c: Cpu, z: number): void {
  c.setStatusFlags((c.statusFlags() & ~0x40) | (z << 6));
}

export function bswapR(c: Cpu, i: Insn): void {
  const r = i.rm;
  if (i.sz === 8) {
    const l = c.lo[r]!, h = c.hi[r]!;
    c.lo[r] = bswap32(h); c.hi[r] = bswap32(l);
  } else if (i.sz === 4) {
    c.lo[r] = bswap32(c.lo[r]!); c.hi[r] = 0;
  } else {
    c.lo[r] = c.lo[r]! & ~0xffff; // 16-bit bswap is undefined; hardware gives zero
  }
}
function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/** 98: cbw / cwde / cdqe */
export function cbwFamily(c: Cpu, i: Insn): void {
  switch (i.sz) {
    case 2: c.wrReg(0, 2, sx8(c.lo[0]!), 0); return;
    case 4: c.lo[0] = sx16(c.lo[0]!); c.hi[0] = 0; return;
    default: c.hi[0] = c.lo[0]! >> 31; return;
  }
}
/** 99: cwd / cdq / cqo */
export function cwdFamily(c: Cpu, i: Insn): void {
  switch (i.sz) {
    case 2: c.wrReg(2, 2, (c.lo[0]! << 16) >> 31, 0); return;
    case 4: c.lo[2] = c.lo[0]! >> 31; c.hi[2] = 0; return;
    default: { const s = c.hi[0]! >> 31; c.lo[2] = s; c.hi[2] = s; }
  }
}

export function cmovcc(c: Cpu, i: Insn): void {
  const v = c.loadRM(i), vh = c.th;
  if (c.cond(i.op)) c.wrReg(i.reg, i.sz, v, vh);
  else if (i.sz === 4) c.hi[i.reg] = 0; // a 32-bit cmov always zero-extends its destination
}

export function setcc(c: Cpu, i: Insn): void {
  c.putRM(i, c.cond(i.op) ? 1 : 0, 0);
}

// ---------------------------------------------------------------------------------------- stack

export function pushR(c: Cpu, i: Insn): void {
  if (i.sz === 2) push16(c, c.lo[i.rm]!);
  else c.push64(c.lo[i.rm]!, c.hi[i.rm]!);
}
export function popR(c: Cpu, i: Insn): void {
  if (i.sz === 2) { c.wrReg(i.rm, 2, pop16(c), 0); return; }
  const l = c.pop64();
  c.lo[i.rm] = l; c.hi[i.rm] = c.th;
}
export function pushI(c: Cpu, i: Insn): void {
  if (i.sz === 2) push16(c, i.imm);
  else c.push64(i.imm, i.immHi);
}
export function pushE(c: Cpu, i: Insn): void {
  const v = c.loadRM(i);
  if (i.sz === 2) push16(c, v);
  else c.push64(v, c.th);
}
export function popE(c: Cpu, i: Insn): void {
  if (i.sz === 2) { const v = pop16(c); c.putRM(i, v, 0); return; }
  // the address is computed after rsp is incremented (as hardware does for pop [rsp+x])
  const l = c.pop64(), h = c.th;
  c.putRM(i, l, h);
}
function push16(c: Cpu, v: number): void {
  const a = c.rsp() - 2;
  c.mem.write16(a, v);
  c.setReg64(4, a);
}
function pop16(c: Cpu): number {
  const a = c.rsp();
  const v = c.mem.read16(a);
  c.setReg64(4, a + 2);
  return v;
}

export function pushf(c: Cpu, i: Insn): void {
  const f = c.getRflags() & 0x3c0ed5 | 2 | 0x200;
  if (i.sz === 2) push16(c, f); else c.push64(f, 0);
}
export function popf(c: Cpu, i: Insn): void {
  const f = i.sz === 2 ? (c.getRflags() & ~0xffff) | pop16(c) : c.pop64();
  c.setRflags(f);
}

export function enter(c: Cpu, i: Insn): void {
  const size = i.imm, level = i.imm2 & 31;
  c.push64(c.lo[5]!, c.hi[5]!);
  const frame = c.rsp();
  if (level > 0) {
    let bp = c.reg64(5);
    for (let k = 1; k < level; k++) {
      bp -= 8;
      const l = c.mem.read64(bp);
      c.push64(l, c.mem.hi32);
    }
    c.push64(frame % TWO32, Math.floor(frame / TWO32));
  }
  c.setReg64(5, frame);
  c.setReg64(4, c.rsp() - size);
}
export function leave(c: Cpu, i: Insn): void {
  void i;
  c.lo[4] = c.lo[5]!; c.hi[4] = c.hi[5]!;
  const l = c.pop64();
  c.lo[5] = l; c.hi[5] = c.th;
}

// ---------------------------------------------------------------------------------------- control transfer

export function jmpRel(c: Cpu, i: Insn): void { c.rip = i.target; }
export function jcc(c: Cpu, i: Insn): void { if (c.cond(i.op)) c.rip = i.target; }
export function callRel(c: Cpu, i: Insn): void {
  c.push64(i.next % TWO32, Math.floor(i.next / TWO32));
  c.rip = i.target;
}
function targetOf(c: Cpu, l: number, h: number): number {
  if ((h >>> 15) !== 0) c.trap(Vector.GP); // non-canonical or kernel target: fault at the branch
  return h * TWO32 + (l >>> 0);
}
export function jmpE(c: Cpu, i: Insn): void {
  const l = c.loadRM(i);
  c.rip = targetOf(c, l, c.th);
}
export function callE(c: Cpu, i: Insn): void {
  const l = c.loadRM(i);
  const t = targetOf(c, l, c.th);
  c.push64(i.next % TWO32, Math.floor(i.next / TWO32));
  c.rip = t;
}
export function ret(c: Cpu, i: Insn): void {
  const l = c.pop64();
  const t = targetOf(c, l, c.th);
  if (i.imm !== 0) c.setReg64(4, c.rsp() + i.imm);
  c.rip = t;
}
/** E0 loopne, E1 loope, E2 loop (i.op = 0/1/2), E3 jrcxz (op 3) */
export function loopOps(c: Cpu, i: Insn): void {
  let zero: boolean;
  if (i.op === 3) {
    zero = i.a32 ? c.lo[1] === 0 : (c.lo[1]! | c.hi[1]!) === 0;
    if (zero) c.rip = i.target;
    return;
  }
  if (i.a32) { const v = (c.lo[1]! - 1) | 0; c.lo[1] = v; c.hi[1] = 0; zero = v === 0; }
  else {
    const l = c.lo[1]!; const nl = (l - 1) | 0; c.lo[1] = nl; if (l === 0) c.hi[1] = (c.hi[1]! - 1) | 0;
    zero = (nl | c.hi[1]!) === 0;
  }
  if (zero) return;
  if (i.op === 2 || (i.op === 1 ? c.getZF() === 1 : c.getZF() === 0)) c.rip = i.target;
}

// ---------------------------------------------------------------------------------------- flags

export function lahf(c: Cpu): void {
  c.lo[0] = (c.lo[0]! & ~0xff00) | (((c.statusFlags() & 0xd5) | 2) << 8);
}
export function sahf(c: Cpu): void {
  c.setStatusFlags((c.statusFlags() & 0x800) | ((c.lo[0]! >>> 8) & 0xd5));
}
export function cmc(c: Cpu): void { c.setStatusFlags(c.statusFlags() ^ 1); }
export function clc(c: Cpu): void { c.setStatusFlags(c.statusFlags() & ~1); }
export function stc(c: Cpu): void { c.setStatusFlags(c.statusFlags() | 1); }
export function cld(c: Cpu): void { c.df = 0; }
export function std(c: Cpu): void { c.df = 1; }

// ---------------------------------------------------------------------------------------- bit operations

/** bt/bts/btr/btc (i.op 0..3) with the bit offset from a register: memory operands use the full signed offset. */
export function btEG(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const off = c.rdReg(i.reg, sz), offh = c.th;
  if (i.rm >= 0) { btReg(c, i, off & (sz * 8 - 1)); return; }
  // signed bit offset: address += floor(off / bits) * size
  let soff: number;
  if (sz === 2) soff = sx16(off); else if (sz === 4) soff = off | 0; else soff = offh * TWO32 + (off >>> 0);
  const bits = sz * 8;
  const word = Math.floor(soff / bits);
  const bit = soff - word * bits;
  const a = c.ea(i) + word * sz;
  btMem(c, i, a, bit);
}
export function btEI(c: Cpu, i: Insn): void {
  const bit = i.imm & (i.sz * 8 - 1);
  if (i.rm >= 0) btReg(c, i, bit);
  else btMem(c, i, c.ea(i), bit);
}
function btReg(c: Cpu, i: Insn, bit: number): void {
  const r = i.rm;
  const inHi = bit >= 32;
  const word = inHi ? c.hi[r]! : c.lo[r]!;
  const mask = 1 << (bit & 31);
  const cf = (word & mask) !== 0 ? 1 : 0;
  btFlags(c, cf);
  if (i.op === 0) return;
  const nw = i.op === 1 ? word | mask : i.op === 2 ? word & ~mask : word ^ mask;
  if (i.sz === 8) { if (inHi) c.hi[r] = nw; else c.lo[r] = nw; }
  else c.wrReg(r, i.sz, nw, 0);
}
function btMem(c: Cpu, i: Insn, a: number, bit: number): void {
  // operate on the byte holding the bit: same result as the operand-sized access for valid memory
  const byteAddr = a + (bit >>> 3);
  const v = c.mem.read8(byteAddr);
  const mask = 1 << (bit & 7);
  btFlags(c, (v & mask) !== 0 ? 1 : 0);
  if (i.op === 0) return;
  c.mem.write8(byteAddr, i.op === 1 ? v | mask : i.op === 2 ? v & ~mask : v ^ mask);
}
function btFlags(c: Cpu, cf: number): void {
  c.setStatusFlags((c.statusFlags() & ~1) | cf);
}

/** bsf (op 0) / bsr (op 1); also F3-prefixed tzcnt/lzcnt encodings, which run as bsf/bsr without BMI/LZCNT. */
export function bsfbsr(c: Cpu, i: Insn): void {
  const sz = i.sz;
  const v = c.loadRM(i), vh = sz === 8 ? c.th : 0;
  const l = sz === 8 ? v : v & MASK[sz]!;
  if ((l | vh) === 0) {
    // source zero: ZF=1, destination unchanged (as Intel and AMD do; a 32-bit register is still not zero-extended)
    c.setStatusFlags((c.statusFlags() & ~0x40) | 0x40);
    return;
  }
  let r: number;
  if (i.op === 0) r = l !== 0 ? 31 - Math.clz32(l & -l) : 32 + 31 - Math.clz32(vh & -vh);
  else r = vh !== 0 ? 63 - Math.clz32(vh) : 31 - Math.clz32(l);
  c.wrReg(i.reg, sz, r, 0);
  // ZF=0; CF/OF/SF/AF/PF are "undefined": clear them except PF, from the result (what this host's Intel core does)
  c.setStatusFlags(PARITY[r]! << 2);
}

// ---------------------------------------------------------------------------------------- strings

/**
 * A rep-prefixed string instruction runs at most this many iterations per execution, then leaves rip on
 * itself (as hardware does when interrupted) so the run loop can honour budgets and preemption.
 */
const REP_CHUNK = 1 << 16;

/** rep count as an unsigned number (exact below 2^53, which is all a loop can reach). */
function strCount(c: Cpu, i: Insn): number {
  return i.a32 ? c.lo[1]! >>> 0 : (c.hi[1]! >>> 0) * TWO32 + (c.lo[1]! >>> 0);
}
/** rcx -= done, exactly on the 32-bit halves (ecx with 0x67). */
function subCount(c: Cpu, i: Insn, done: number): void {
  if (i.a32) { c.lo[1] = (c.lo[1]! >>> 0) - done; c.hi[1] = 0; return; }
  const l = (c.lo[1]! >>> 0) - (done % TWO32);
  c.lo[1] = l;
  c.hi[1] = c.hi[1]! - Math.floor(done / TWO32) - (l < 0 ? 1 : 0);
}
function setStrReg(c: Cpu, i: Insn, r: number, v: number): void {
  if (i.a32) { c.lo[r] = v; c.hi[r] = 0; } else c.setReg64(r, v);
}
function regAddr(c: Cpu, i: Insn, r: number): number {
  return i.a32 ? c.lo[r]! >>> 0 : c.reg64(r);
}
function srcSeg(c: Cpu, i: Insn): number {
  return i.seg === 0 ? 0 : i.seg === 1 ? c.fsBase : c.gsBase;
}

export function movs(c: Cpu, i: Insn): void {
  const sz = i.sz, step = c.df ? -sz : sz, seg = srcSeg(c, i);
  let si = regAddr(c, i, 6), di = regAddr(c, i, 7);
  if (i.rep === 0) {
    const v = c.readMem(seg + si, sz);
    c.writeMem(di, sz, v, c.th);
    setStrReg(c, i, 6, si + step); setStrReg(c, i, 7, di + step);
    return;
  }
  const total = strCount(c, i);
  const n = total > REP_CHUNK ? REP_CHUNK : total;
  let k = 0;
  const m = c.mem;
  try {
    if (sz === 8) {
      while (k < n) {
        const v = m.read64(seg + si);
        m.write64(di, v, m.hi32);
        si += step; di += step; k++;
      }
    } else if (sz === 1) {
      while (k < n) {
        m.write8(di, m.read8(seg + si));
        si += step; di += step; k++;
      }
    } else {
      while (k < n) {
        const v = c.readMem(seg + si, sz);
        c.writeMem(di, sz, v, c.th);
        si += step; di += step; k++;
      }
    }
  } finally {
    setStrReg(c, i, 6, si); setStrReg(c, i, 7, di); subCount(c, i, k);
  }
  if (k === REP_CHUNK && total > REP_CHUNK) c.rip = i.addr;
}

export function stos(c: Cpu, i: Insn): void {
  const sz = i.sz, step = c.df ? -sz : sz;
  const v = c.rdReg(0, sz), vh = c.th;
  let di = regAddr(c, i, 7);
  if (i.rep === 0) { c.writeMem(di, sz, v, vh); setStrReg(c, i, 7, di + step); return; }
  const total = strCount(c, i);
  const n = total > REP_CHUNK ? REP_CHUNK : total;
  let k = 0;
  try {
    while (k < n) { c.writeMem(di, sz, v, vh); di += step; k++; }
  } finally {
    setStrReg(c, i, 7, di); subCount(c, i, k);
  }
  if (k === REP_CHUNK && total > REP_CHUNK) c.rip = i.addr;
}

export function lods(c: Cpu, i: Insn): void {
  const sz = i.sz, step = c.df ? -sz : sz, seg = srcSeg(c, i);
  let si = regAddr(c, i, 6);
  const total = i.rep === 0 ? 1 : strCount(c, i);
  const n = total > REP_CHUNK ? REP_CHUNK : total;
  let k = 0;
  try {
    while (k < n) {
      const v = c.readMem(seg + si, sz);
      c.wrReg(0, sz, v, c.th);
      si += step; k++;
    }
  } finally {
    setStrReg(c, i, 6, si);
    if (i.rep !== 0) subCount(c, i, k);
  }
  if (k === REP_CHUNK && total > REP_CHUNK) c.rip = i.addr;
}

/** cmps: compares [rsi] with [rdi]; rep = 1 repe, 2 repne */
export function cmps(c: Cpu, i: Insn): void {
  const sz = i.sz, step = c.df ? -sz : sz, seg = srcSeg(c, i);
  let si = regAddr(c, i, 6), di = regAddr(c, i, 7);
  if (i.rep === 0) {
    const a = c.readMem(seg + si, sz), ah = c.th;
    const b = c.readMem(di, sz), bh = c.th;
    c.alu(7, sz, a, ah, b, bh);
    setStrReg(c, i, 6, si + step); setStrReg(c, i, 7, di + step);
    return;
  }
  const total = strCount(c, i);
  const n = total > REP_CHUNK ? REP_CHUNK : total;
  let k = 0;
  const wantZ = i.rep === 1 ? 1 : 0;
  try {
    while (k < n) {
      const a = c.readMem(seg + si, sz), ah = c.th;
      const b = c.readMem(di, sz), bh = c.th;
      c.alu(7, sz, a, ah, b, bh);
      si += step; di += step; k++;
      if (c.getZF() !== wantZ) break;
    }
  } finally {
    setStrReg(c, i, 6, si); setStrReg(c, i, 7, di); subCount(c, i, k);
  }
  if (k === REP_CHUNK && total > REP_CHUNK && c.getZF() === wantZ) c.rip = i.addr;
}

export function scas(c: Cpu, i: Insn): void {
  const sz = i.sz, step = c.df ? -sz : sz;
  const a = c.rdReg(0, sz), ah = c.th;
  let di = regAddr(c, i, 7);
  if (i.rep === 0) {
    const b = c.readMem(di, sz), bh = c.th;
    c.alu(7, sz, a, ah, b, bh);
    setStrReg(c, i, 7, di + step);
    return;
  }
  const total = strCount(c, i);
  const n = total > REP_CHUNK ? REP_CHUNK : total;
  let k = 0;
  const wantZ = i.rep === 1 ? 1 : 0;
  try {
    while (k < n) {
      const b = c.readMem(di, sz), bh = c.th;
      c.alu(7, sz, a, ah, b, bh);
      di += step; k++;
      if (c.getZF() !== wantZ) break;
    }
  } finally {
    setStrReg(c, i, 7, di); subCount(c, i, k);
  }
  if (k === REP_CHUNK && total > REP_CHUNK && c.getZF() === wantZ) c.rip = i.addr;
}

// ---------------------------------------------------------------------------------------- misc

export function nop(): void { /* nothing */ }

export function xlat(c: Cpu, i: Insn): void {
  const base = i.a32 ? c.lo[3]! >>> 0 : c.reg64(3);
  const seg = srcSeg(c, i);
  const v = c.mem.read8(seg + base + (c.lo[0]! & 0xff));
  c.wrReg(0, 1, v, 0);
}

/** es, cs, ss, ds, fs, gs selectors of a 64-bit Linux process. */
const SELECTORS = [0, 0x33, 0x2b, 0, 0, 0, 0, 0];
/** 8C mov r/m, Sreg: the selectors Linux gives a 64-bit process. */
export function movFromSreg(c: Cpu, i: Insn): void {
  const sel = SELECTORS[i.reg & 7] ?? 0;
  if (i.rm >= 0) c.wrReg(i.rm, i.sz === 8 ? 8 : i.sz, sel, 0);
  else c.mem.write16(c.ea(i), sel);
}

export function syscallOp(c: Cpu, i: Insn): void {
  c.lo[1] = i.next % TWO32; c.hi[1] = Math.floor(i.next / TWO32);
  c.lo[11] = c.getRflags() & ~0x10000; c.hi[11] = 0;
  c.stop = StopReason.Syscall;
}

export function cpuidOp(c: Cpu): void {
  cpuid(c.lo[0]!, c.lo[1]!, W);
  c.lo[0] = W[0]!; c.lo[3] = W[1]!; c.lo[1] = W[2]!; c.lo[2] = W[3]!;
  c.hi[0] = 0; c.hi[3] = 0; c.hi[1] = 0; c.hi[2] = 0;
}

/** The time-stamp counter: derived from instructions retired (deterministic). */
export function tsc(c: Cpu, i: Insn): number {
  void i;
  // `instructions` advances per block; keep the reading strictly increasing within a block too
  let t = c.tscSource !== null ? c.tscSource.readTsc(c) : c.instructions * 4;
  if (t <= c.lastTsc) t = c.lastTsc + 1;
  c.lastTsc = t;
  return t;
}
export function rdtsc(c: Cpu, i: Insn): void {
  const t = tsc(c, i);
  c.lo[0] = t % TWO32; c.hi[0] = 0; c.lo[2] = Math.floor(t / TWO32); c.hi[2] = 0;
}
export function rdtscp(c: Cpu, i: Insn): void {
  rdtsc(c, i);
  c.lo[1] = 0; c.hi[1] = 0; // IA32_TSC_AUX: cpu 0
}

export function int3(c: Cpu): void { c.trap(Vector.BP); }
export function ud(c: Cpu): void { c.trap(Vector.UD); }
export function gp(c: Cpu): void { c.trap(Vector.GP); }

/** Flag kind re-export for tests that inspect lazy state. */
export { FlagKind };
