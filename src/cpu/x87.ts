/**
 * The x87 floating-point unit: its state (class X87, held by the CPU as `cpu.x87`) and the semantics
 * of its instructions as plain methods. The D8..DF decoder that maps opcodes onto these methods lives
 * in x87-decode.ts and registers itself with ext.ts.
 *
 * Registers are stored exactly: each physical register R0..R7 is three int32s (mantissa low, mantissa
 * high with the explicit integer bit, sign<<15|exponent). ST(i) is R((top + i) & 7). A ninth slot
 * (MEM) holds a memory operand after one of the loadMem* calls, already widened to 80 bits.
 *
 * Arithmetic (add, sub, mul, div, sqrt, rounding, remainders, scaling, conversions) is exact with
 * correct rounding in the precision (control word PC) and rounding mode (RC) selected, through
 * fp80.ts. The transcendental instructions (fsin, fcos, fsincos, fptan, fpatan, f2xm1, fyl2x,
 * fyl2xp1) go through JS doubles and are therefore accurate to about 53 bits only.
 *
 * Exceptions behave as when masked (the Linux default control word 0x37f): the masked response is
 * written and the flag set. If the program unmasks an exception and it occurs, the status word gets
 * ES and B set and `pendingMF` becomes true; the next waiting x87 instruction then raises #MF
 * (fp-x87-decode.ts; Linux: SIGFPE). This file itself never throws.
 */
import {
  Unpacked, FpClass, FpFlag, clearFpFlags, fpFlags, roundedUp, clearRoundedUp, unpackExt, packExt,
  packed, roundPack, EXT_EMIN, EXT_EMAX, unpackF32, unpackF64, packF32, packF64, fromInt64, toInt,
  intOut, add, mul, div, sqrt, compare, roundToInt, remainder, remOut, unpackDouble, toDouble, raiseFp,
} from "./fp80.js";

/** Index of the memory-operand slot in `regs`. */
export const MEM = 8;

/** Arithmetic operations in the order of the ModRM reg field of D8/DC/DA/DE. */
export const enum X87Op { ADD = 0, MUL = 1, COM = 2, COMP = 3, SUB = 4, SUBR = 5, DIV = 6, DIVR = 7 }

/** EFLAGS bits produced by comparisons (fcomi/fucomi and SSE comis/ucomis). */
export const enum CmpFlags { CF = 0x01, PF = 0x04, ZF = 0x40 }

const C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;
const SF = 0x40, ES = 0x80, BUSY = 0x8000;

const A = new Unpacked();
const B = new Unpacked();
const R = new Unpacked();
const T = new Unpacked();

// 64-bit mantissas of the constants and where the exact value lies beyond them:
// [hi, lo, sign|exponent, 1: the rest is above half an ulp / 0: below half / -1: exact]
const CONSTS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0x80000000, 0x00000000, 0x3fff, -1], // 1
  [0xd49a784b, 0xcd1b8afe, 0x4000, 0], // log2(10): next bits 0x492b...
  [0xb8aa3b29, 0x5c17f0bb, 0x3fff, 1], // log2(e): next 0xbe87...
  [0xc90fdaa2, 0x2168c234, 0x4000, 1], // pi: next 0xc4c6...
  [0x9a209a84, 0xfbcff798, 0x3ffd, 1], // log10(2): next 0x8f89...
  [0xb17217f7, 0xd1cf79ab, 0x3ffe, 1], // ln(2): next 0xc9e3...
];

export class X87 {
  /** R0..R7 then the MEM slot: [mantissa lo, mantissa hi, sign|exponent] each. */
  readonly regs = new Int32Array(27);
  top = 0;
  /** Bit i set: physical register i holds a value (not empty). */
  valid = 0;
  cw = 0x37f;
  /** Status word without the TOP field (bits 11-13 come from `top`). */
  sw = 0;
  /** Last instruction opcode (11 bits) and pointers, as FXSAVE reports them (not tracked: 0). */
  fop = 0;
  fip = 0;
  fdp = 0;
  /** The last loadMemF32/F64 operand was a denormal (fld reports DE). */
  private memDen = false;
  /** An unmasked exception is pending (#MF on the next waiting instruction). */
  pendingMF = false;
  /** Results of stores: 32-bit value, or 64-bit lo/hi, or 80-bit lo/hi/se. */
  outLo = 0;
  outHi = 0;
  outSe = 0;

  reset(): void { this.regs.fill(0); this.fninit(); }

  copyFrom(o: X87): void {
    this.regs.set(o.regs);
    this.top = o.top; this.valid = o.valid; this.cw = o.cw; this.sw = o.sw;
    this.fop = o.fop; this.fip = o.fip; this.fdp = o.fdp; this.pendingMF = o.pendingMF;
  }

  // -------------------------------------------------------------------------------------------
  // status / control

  /** The full status word (with TOP). */
  getSw(): number { return ((this.sw & ~0x3800) | (this.top << 11)) & 0xffff; }
  setSw(v: number): void { this.sw = v & 0xc7ff; this.top = (v >>> 11) & 7; }
  setCw(v: number): void {
    this.cw = (v & 0x1f7f) | 0x40;
    this.updateES();
  }
  private updateES(): void {
    if ((this.sw & ~this.cw & 0x3f) !== 0) { this.sw |= ES | BUSY; this.pendingMF = true; }
    else { this.sw &= ~(ES | BUSY); this.pendingMF = false; }
  }
  fninit(): void {
    this.cw = 0x37f; this.sw = 0; this.top = 0; this.valid = 0;
    this.fop = 0; this.fip = 0; this.fdp = 0; this.pendingMF = false;
  }
  fnclex(): void { this.sw &= ~(0x3f | SF | ES | BUSY); this.pendingMF = false; }
  /** Significand bits selected by PC. */
  private prec(): number {
    const pc = (this.cw >>> 8) & 3;
    return pc === 0 ? 24 : pc === 2 ? 53 : 64;
  }
  private rc(): number { return (this.cw >>> 10) & 3; }

  /** Start of an arithmetic instruction: clear the scratch flags and C1. */
  private begin(): void { clearFpFlags(); clearRoundedUp(); this.sw &= ~C1; }
  private finish(): void {
    let f = fpFlags & 0x3f;
    if ((f & (FpFlag.IE | FpFlag.ZE)) !== 0) f &= ~FpFlag.DE; // as the host reports it
    if (f !== 0) {
      this.sw |= f;
      if ((f & ~this.cw & 0x3f) !== 0) { this.sw |= ES | BUSY; this.pendingMF = true; }
    }
    if (roundedUp && (f & FpFlag.PE) !== 0) this.sw |= C1;
  }

  // -------------------------------------------------------------------------------------------
  // register access

  phys(i: number): number { return (this.top + i) & 7; }
  isEmpty(i: number): boolean { return (this.valid & (1 << ((this.top + i) & 7))) === 0; }

  private loadSlot(u: Unpacked, slot: number): void {
    const r = this.regs, k = slot * 3;
    unpackExt(u, r[k]!, r[k + 1]!, r[k + 2]!);
  }
  private storeRaw(slot: number, lo: number, hi: number, se: number): void {
    const r = this.regs, k = slot * 3;
    r[k] = lo; r[k + 1] = hi; r[k + 2] = se & 0xffff;
  }
  /** Round u to the precision/rounding of the control word and write it to a slot. */
  private storeSlot(slot: number, u: Unpacked): void {
    roundPack(u, this.prec(), EXT_EMIN, EXT_EMAX, this.rc());
    packExt(u);
    this.storeRaw(slot, packed.lo, packed.hi, packed.se);
  }
  /** Write u to a slot rounded to 64 bits, whatever PC says. */
  private storeExact(slot: number, u: Unpacked): void {
    roundPack(u, 64, EXT_EMIN, EXT_EMAX, this.rc());
    packExt(u);
    this.storeRaw(slot, packed.lo, packed.hi, packed.se);
  }
  /** The masked response to an invalid operation on a register: the indefinite QNaN (now tagged valid). */
  private setIndefinite(slot: number): void {
    this.storeRaw(slot, 0, 0xc0000000 | 0, 0xffff);
    if (slot < 8) this.valid |= 1 << slot;
  }

  /** Stack underflow: IE|SF, C1=0. */
  private underflow(): void {
    this.sw = (this.sw | FpFlag.IE | SF) & ~C1;
    this.updateES();
  }
  private overflowPush(): void {
    this.sw |= FpFlag.IE | SF | C1;
    this.updateES();
  }

  /** Push: make room at ST(0) and return its physical index, or -1 on stack overflow (handled). */
  private push(): number {
    const p = (this.top - 1) & 7;
    this.top = p;
    if ((this.valid & (1 << p)) !== 0) {
      this.overflowPush();
      this.setIndefinite(p);
      return -1;
    }
    this.valid |= 1 << p;
    return p;
  }
  pop(): void {
    this.valid &= ~(1 << this.top);
    this.top = (this.top + 1) & 7;
  }

  /** Raw access for FXSAVE/tests: ST(i) as lo, hi, se in outLo/outHi/outSe. */
  readST(i: number): void {
    const k = this.phys(i) * 3;
    this.outLo = this.regs[k]!; this.outHi = this.regs[k + 1]!; this.outSe = this.regs[k + 2]!;
  }
  /** Raw write to ST(i) (marks it valid). */
  writeST(i: number, lo: number, hi: number, se: number): void {
    const p = this.phys(i);
    this.storeRaw(p, lo, hi, se);
    this.valid |= 1 << p;
  }
  /** ST(i) as a JS number (rounded to nearest; for tests and debugging). */
  stAsDouble(i: number): number {
    this.loadSlot(T, this.phys(i));
    return toDouble(T, 0);
  }

  // -------------------------------------------------------------------------------------------
  // memory operands -> MEM slot

  loadMemF32(bits: number): void {
    unpackF32(A, bits);
    this.memFrom(A);
  }
  loadMemF64(lo: number, hi: number): void {
    unpackF64(A, lo, hi);
    this.memFrom(A);
  }
  loadMemF80(lo: number, hi: number, se: number): void { this.memDen = false; this.storeRaw(MEM, lo, hi, se); }
  /** Signed integer operand (16/32-bit values sign-extended into lo/hi by the caller). */
  loadMemInt(lo: number, hi: number): void {
    this.memDen = false;
    fromInt64(A, lo, hi);
    packExt(A);
    this.storeRaw(MEM, packed.lo, packed.hi, packed.se);
  }
  loadMemI32(v: number): void { this.loadMemInt(v | 0, v < 0 ? -1 : 0); }
  private memFrom(u: Unpacked): void {
    this.memDen = u.den;
    // widening is exact; a signalling NaN stays signalling here (the using instruction reports IE)
    packExt(u);
    const hi = u.cls === FpClass.NaN && u.snan ? (packed.hi & ~0x40000000) : packed.hi;
    this.storeRaw(MEM, packed.lo, hi, packed.se);
  }

  // -------------------------------------------------------------------------------------------
  // loads and stores

  /** fld st(i) */
  fldST(i: number): void {
    this.begin();
    const src = this.phys(i);
    const empty = (this.valid & (1 << src)) === 0;
    const k = src * 3;
    const lo = this.regs[k]!, hi = this.regs[k + 1]!, se = this.regs[k + 2]!;
    const p = this.push();
    if (p < 0) return;
    if (empty) { this.underflow(); this.setIndefinite(p); return; }
    this.storeRaw(p, lo, hi, se);
  }
  /** fld m32/m64 (after loadMemF32/F64): quiets a signalling NaN with IE. raw80: m80 / fild. */
  fldMem(raw80 = false): void {
    this.begin();
    const k = MEM * 3;
    const lo = this.regs[k]!, hi = this.regs[k + 1]!, se = this.regs[k + 2]!;
    const p = this.push();
    if (p < 0) return;
    if (!raw80 && (se & 0x7fff) === 0x7fff && (hi & 0x40000000) === 0 && ((hi & 0x3fffffff) | lo) !== 0) {
      raiseFp(FpFlag.IE);
      this.storeRaw(p, lo, hi | 0x40000000, se);
      this.finish();
      return;
    }
    this.storeRaw(p, lo, hi, se);
    if (!raw80 && this.memDen) { raiseFp(FpFlag.DE); this.finish(); }
  }
  /** fild (after loadMemInt). */
  fild(): void { this.fldMem(true); }

  /** fld1, fldl2t, fldl2e, fldpi, fldlg2, fldln2, fldz: k = 0..6 in the opcode order D9 E8..EE. */
  fldConst(k: number): void {
    this.sw &= ~C1;
    const p = this.push();
    if (p < 0) return;
    if (k === 6) { this.storeRaw(p, 0, 0, 0); return; }
    const c = CONSTS[k]!;
    let lo = c[1], hi = c[0];
    const rc = this.rc();
    const up = c[3] < 0 ? false : rc === 0 ? c[3] === 1 : rc === 2;
    if (up) {
      lo = (lo + 1) >>> 0;
      if (lo === 0) hi = (hi + 1) >>> 0;
    }
    this.storeRaw(p, lo | 0, hi | 0, c[2]);
  }

  /** fst/fstp st(i) */
  fstST(i: number, pop: boolean): void {
    this.begin();
    if (this.isEmpty(0)) {
      this.underflow();
      this.setIndefinite(this.phys(i)); this.valid |= 1 << this.phys(i);
      if (pop) this.pop();
      return;
    }
    const s = this.phys(0) * 3, d = this.phys(i);
    this.storeRaw(d, this.regs[s]!, this.regs[s + 1]!, this.regs[s + 2]!);
    this.valid |= 1 << d;
    if (pop) this.pop();
  }

  /** fst(p) m32: the bits are left in outLo. */
  fstM32(pop: boolean): void {
    this.begin();
    if (this.isEmpty(0)) { this.underflow(); this.outLo = 0xffc00000 | 0; if (pop) this.pop(); return; }
    this.loadSlot(A, this.phys(0));
    if (A.cls === FpClass.NaN) { if (A.snan) raiseFp(FpFlag.IE); }
    else roundPack(A, 24, -126, 127, this.rc());
    packF32(A);
    this.outLo = packed.lo | 0;
    this.finish();
    if (pop) this.pop();
  }
  /** fst(p) m64: outLo/outHi. */
  fstM64(pop: boolean): void {
    this.begin();
    if (this.isEmpty(0)) { this.underflow(); this.outLo = 0; this.outHi = 0xfff80000 | 0; if (pop) this.pop(); return; }
    this.loadSlot(A, this.phys(0));
    if (A.cls === FpClass.NaN) { if (A.snan) raiseFp(FpFlag.IE); }
    else roundPack(A, 53, -1022, 1023, this.rc());
    packF64(A);
    this.outLo = packed.lo; this.outHi = packed.hi;
    this.finish();
    if (pop) this.pop();
  }
  /** fstp m80: outLo/outHi/outSe (raw). */
  fstM80(): void {
    this.begin();
    if (this.isEmpty(0)) { this.underflow(); this.outLo = 0; this.outHi = 0xc0000000 | 0; this.outSe = 0xffff; this.pop(); return; }
    this.readST(0);
    this.pop();
  }
  /**
   * fist/fistp/fisttp to a 16/32/64-bit integer: the result in outLo (and outHi for 64).
   * trunc: fisttp (round toward zero regardless of RC).
   */
  fist(bits: number, pop: boolean, trunc: boolean): void {
    this.begin();
    if (this.isEmpty(0)) {
      this.underflow(); this.indefiniteInt(bits);
      if (pop) this.pop();
      return;
    }
    this.loadSlot(A, this.phys(0));
    toInt(A, bits, trunc ? 3 : this.rc());
    if (!intOut.ok) this.indefiniteInt(bits);
    else if (bits === 16) { this.outLo = intOut.lo & 0xffff; this.outHi = 0; }
    else { this.outLo = intOut.lo; this.outHi = intOut.hi; }
    this.finish();
    if (pop) this.pop();
  }
  private indefiniteInt(bits: number): void {
    if (bits === 16) { this.outLo = 0x8000; this.outHi = 0; }
    else if (bits === 32) { this.outLo = 0x80000000 | 0; this.outHi = 0; }
    else { this.outLo = 0; this.outHi = 0x80000000 | 0; }
  }

  /** fxch st(i) */
  fxch(i: number): void {
    this.sw &= ~C1;
    const a = this.phys(0), b = this.phys(i);
    const ea = (this.valid & (1 << a)) === 0, eb = (this.valid & (1 << b)) === 0;
    if (ea || eb) {
      this.underflow();
      if (ea) this.setIndefinite(a);
      if (eb) this.setIndefinite(b);
      this.valid |= (1 << a) | (1 << b);
    }
    const r = this.regs, ka = a * 3, kb = b * 3;
    for (let j = 0; j < 3; j++) { const t = r[ka + j]!; r[ka + j] = r[kb + j]!; r[kb + j] = t; }
  }

  /** fcmovcc: ST(0) = ST(i) when `take` (the condition holds); empty operands fault either way. */
  fcmov(i: number, take: boolean): void {
    this.sw &= ~C1;
    if (this.isEmpty(0) || this.isEmpty(i)) {
      this.underflow(); this.setIndefinite(this.phys(0)); return;
    }
    if (!take) return;
    const s = this.phys(i) * 3, d = this.phys(0) * 3;
    this.regs[d] = this.regs[s]!; this.regs[d + 1] = this.regs[s + 1]!; this.regs[d + 2] = this.regs[s + 2]!;
  }

  ffree(i: number): void { this.valid &= ~(1 << this.phys(i)); }
  fincstp(): void { this.sw &= ~C1; this.top = (this.top + 1) & 7; }
  fdecstp(): void { this.sw &= ~C1; this.top = (this.top - 1) & 7; }

  // -------------------------------------------------------------------------------------------
  // arithmetic

  /** Slots dst = a op b (op ADD, MUL, SUB or DIV); a and b are physical registers 0..7 or MEM. */
  private arith(op: number, dst: number, a: number, b: number): void {
    this.begin();
    if ((a < 8 && (this.valid & (1 << a)) === 0) || (b < 8 && (this.valid & (1 << b)) === 0)) {
      this.underflow(); this.setIndefinite(dst); return;
    }
    this.loadSlot(A, a);
    this.loadSlot(B, b);
    denormal2(this.memDen && (a === MEM || b === MEM));
    const rc = this.rc();
    switch (op) {
      case X87Op.ADD: add(R, A, B, false, rc); break;
      case X87Op.SUB: add(R, A, B, true, rc); break;
      case X87Op.MUL: mul(R, A, B); break;
      default: div(R, A, B); break;
    }
    this.storeSlot(dst, R);
    this.finish();
  }

  /**
   * The D8 / DC-memory / DA / DE-memory style: ST(0) = ST(0) op src, where src is ST(i) or (i < 0)
   * the MEM slot. COM/COMP compare instead. op is the ModRM reg field.
   */
  opST0(op: number, i: number): void {
    const d = this.phys(0);
    const s = i < 0 ? MEM : this.phys(i);
    switch (op) {
      case X87Op.ADD: case X87Op.MUL: case X87Op.SUB: case X87Op.DIV: this.arith(op, d, d, s); break;
      case X87Op.SUBR: this.arith(X87Op.SUB, d, s, d); break;
      case X87Op.DIVR: this.arith(X87Op.DIV, d, s, d); break;
      case X87Op.COM: this.fcomSlots(d, s, false); break;
      default: this.fcomSlots(d, s, false); this.pop(); break;
    }
  }

  /**
   * The DC / DE register forms: ST(i) = ST(i) op ST(0), then pop for DE. `op` is the ModRM reg
   * field as encoded; in these forms reg 4 is FSUBR ST(i),ST(0) (ST(i) = ST(0) - ST(i)) and reg 5
   * is FSUB ST(i),ST(0) (ST(i) = ST(i) - ST(0)); 6 and 7 are the FDIVR / FDIV pair.
   */
  opSTi(op: number, i: number, pop: boolean): void {
    const d = this.phys(i), s = this.phys(0);
    switch (op) {
      case X87Op.ADD: case X87Op.MUL: this.arith(op, d, d, s); break;
      case 4: this.arith(X87Op.SUB, d, s, d); break;
      case 5: this.arith(X87Op.SUB, d, d, s); break;
      case 6: this.arith(X87Op.DIV, d, s, d); break;
      case 7: this.arith(X87Op.DIV, d, d, s); break;
      default: this.fcomSlots(s, d, false); break;
    }
    if (pop) this.pop();
  }

  fchs(): void {
    this.sw &= ~C1;
    if (this.isEmpty(0)) { this.underflow(); this.setIndefinite(this.phys(0)); return; }
    this.regs[this.phys(0) * 3 + 2] ^= 0x8000;
  }
  fabs(): void {
    this.sw &= ~C1;
    if (this.isEmpty(0)) { this.underflow(); this.setIndefinite(this.phys(0)); return; }
    this.regs[this.phys(0) * 3 + 2] &= 0x7fff;
  }

  /**
   * Instructions that replace ST(0) and push a second result (fxtract, fptan, fsincos): an empty
   * ST(0) or a full stack gives the indefinite value in both places (masked response). Returns true
   * when it handled the instruction.
   */
  private pushFaults(): boolean {
    const empty = this.isEmpty(0), full = !this.isEmpty(7);
    if (!empty && !full) return false;
    this.begin();
    if (empty) this.underflow(); else this.overflowPush();
    this.setIndefinite(this.phys(0));
    this.top = (this.top - 1) & 7;
    this.setIndefinite(this.top);
    return true;
  }

  /** One-operand instructions: loads ST(0) into A, or handles an empty stack (returns false). */
  private unary(): boolean {
    this.begin();
    if (this.isEmpty(0)) { this.underflow(); this.setIndefinite(this.phys(0)); return false; }
    this.loadSlot(A, this.phys(0));
    if (A.den) raiseFp(FpFlag.DE);
    return true;
  }

  fsqrt(): void {
    if (!this.unary()) return;
    sqrt(R, A);
    this.storeSlot(this.phys(0), R);
    this.finish();
  }

  frndint(): void {
    if (!this.unary()) return;
    if (A.cls === FpClass.NaN) { R.copyFrom(A); if (A.snan) raiseFp(FpFlag.IE); R.m[3] = (R.m[3]! | 0x40000000) >>> 0; }
    else { roundToInt(A, this.rc()); R.copyFrom(A); }
    this.storeExact(this.phys(0), R);
    this.finish();
  }

  /** fscale: ST(0) = ST(0) * 2^trunc(ST(1)); precision control does not apply. */
  fscale(): void {
    this.begin();
    if (this.isEmpty(0) || this.isEmpty(1)) { this.underflow(); this.setIndefinite(this.phys(0)); return; }
    this.loadSlot(A, this.phys(0));
    this.loadSlot(B, this.phys(1));
    denormal2();
    if (A.cls === FpClass.NaN || B.cls === FpClass.NaN) {
      propagate(R, A, B);
    } else if (B.cls === FpClass.Inf) {
      if (B.s === 0) {
        if (A.cls === FpClass.Zero) { raiseFp(FpFlag.IE); R.setDefaultNaN(); }
        else { R.copyFrom(A); if (A.cls === FpClass.Finite) R.setInf(A.s); }
      } else {
        if (A.cls === FpClass.Inf) { raiseFp(FpFlag.IE); R.setDefaultNaN(); }
        else { R.copyFrom(A); if (A.cls === FpClass.Finite) R.setZero(A.s); }
      }
    } else {
      R.copyFrom(A);
      if (A.cls === FpClass.Finite && B.cls === FpClass.Finite) {
        const saved = fpFlags;
        roundToInt(B, 3);
        clearFpFlags(); raiseFp(saved);
        let n = 0;
        if ((B.cls as FpClass) === FpClass.Finite) {
          n = B.e >= 20 ? 0x20000 : Math.floor(B.m[3]! / Math.pow(2, 31 - B.e));
          if (B.s) n = -n;
        }
        R.e += n;
      }
    }
    this.storeExact(this.phys(0), R);
    this.finish();
  }

  /** fxtract: ST(0) = exponent, then push the significand. */
  fxtract(): void {
    if (this.pushFaults()) return;
    if (!this.unary()) return;
    const p0 = this.phys(0);
    if (A.cls === FpClass.NaN) {
      propagate(R, A, A);
      this.storeExact(p0, R);
      const p = this.push(); if (p >= 0) this.storeExact(p, R);
    } else if (A.cls === FpClass.Zero) {
      raiseFp(FpFlag.ZE);
      T.setInf(1); this.storeExact(p0, T);
      const p = this.push(); if (p >= 0) { R.setZero(A.s); this.storeExact(p, R); }
    } else if (A.cls === FpClass.Inf) {
      T.setInf(0); this.storeExact(p0, T);
      const p = this.push(); if (p >= 0) this.storeExact(p, A);
    } else {
      fromInt64(T, A.e | 0, A.e < 0 ? -1 : 0);
      this.storeExact(p0, T);
      A.e = 0;
      const p = this.push(); if (p >= 0) this.storeExact(p, A);
    }
    this.finish();
  }

  /** fprem (nearest=false) / fprem1 (nearest=true): C2 set when incomplete; C0,C3,C1 = Q2,Q1,Q0. */
  fprem(nearest: boolean): void {
    this.begin();
    this.sw &= ~(C0 | C1 | C2 | C3);
    if (this.isEmpty(0) || this.isEmpty(1)) { this.underflow(); this.setIndefinite(this.phys(0)); return; }
    this.loadSlot(A, this.phys(0));
    this.loadSlot(B, this.phys(1));
    denormal2();
    remainder(R, A, B, nearest);
    if (A.cls === FpClass.Finite && B.cls === FpClass.Finite) {
      if (!remOut.complete) this.sw |= C2;
      else {
        const q = remOut.q;
        if (q & 4) this.sw |= C0;
        if (q & 2) this.sw |= C3;
        if (q & 1) this.sw |= C1;
      }
    }
    this.storeExact(this.phys(0), R);
    this.finish();
  }

  // -------------------------------------------------------------------------------------------
  // comparisons

  /** fcom/fucom core on two slots; sets C3/C2/C0. `unordered` = fucom (only SNaN raises IE). */
  private fcomSlots(a: number, b: number, unordered: boolean): void {
    this.begin();
    this.sw &= ~(C0 | C2 | C3);
    if ((this.valid & (1 << a)) === 0 || (b < 8 && (this.valid & (1 << b)) === 0)) {
      this.underflow(); this.sw |= C0 | C2 | C3; return;
    }
    this.loadSlot(A, a);
    this.loadSlot(B, b);
    denormal2(this.memDen && b === MEM);
    const c = this.cmpCore(unordered);
    this.sw |= c === 2 ? (C0 | C2 | C3) : c === 0 ? C3 : c < 0 ? C0 : 0;
    this.finish();
  }
  private cmpCore(unordered: boolean): number {
    const c = compare(A, B);
    if (c === 2) {
      if (!unordered || (A.cls === FpClass.NaN && A.snan) || (B.cls === FpClass.NaN && B.snan)) raiseFp(FpFlag.IE);
    }
    return c;
  }

  /** fcom st(i) / fcom m (i < 0), with pops (fcomp: 1, fcompp: 2). */
  fcom(i: number, pops: number): void {
    this.fcomSlots(this.phys(0), i < 0 ? MEM : this.phys(i), false);
    for (let k = 0; k < pops; k++) this.pop();
  }
  fucom(i: number, pops: number): void {
    this.fcomSlots(this.phys(0), this.phys(i), true);
    for (let k = 0; k < pops; k++) this.pop();
  }
  /** ftst: compare ST(0) with +0. */
  ftst(): void {
    this.begin();
    this.sw &= ~(C0 | C2 | C3);
    if (this.isEmpty(0)) { this.underflow(); this.sw |= C0 | C2 | C3; return; }
    this.loadSlot(A, this.phys(0));
    B.setZero(0);
    denormal2();
    const c = this.cmpCore(false);
    this.sw |= c === 2 ? (C0 | C2 | C3) : c === 0 ? C3 : c < 0 ? C0 : 0;
    this.finish();
  }
  /**
   * fcomi/fcomip/fucomi/fucomip: returns the EFLAGS ZF/PF/CF bits (see CmpFlags); the caller
   * sets them and clears OF, SF and AF. pop: pop once afterwards.
   */
  fcomi(i: number, unordered: boolean, pop: boolean): number {
    clearFpFlags(); // unlike fcom, the host leaves C1 alone here

    let r: number;
    if (this.isEmpty(0) || this.isEmpty(i)) { this.underflow(); r = CmpFlags.ZF | CmpFlags.PF | CmpFlags.CF; }
    else {
      this.loadSlot(A, this.phys(0));
      this.loadSlot(B, this.phys(i));
      denormal2();
      const c = this.cmpCore(unordered);
      r = c === 2 ? (CmpFlags.ZF | CmpFlags.PF | CmpFlags.CF) : c === 0 ? CmpFlags.ZF : c < 0 ? CmpFlags.CF : 0;
      this.finish();
    }
    if (pop) this.pop();
    return r;
  }

  /** fxam: classify ST(0) into C3,C2,C0 and its sign into C1. */
  fxam(): void {
    this.sw &= ~(C0 | C1 | C2 | C3);
    const p = this.phys(0), k = p * 3;
    const se = this.regs[k + 2]!, hi = this.regs[k + 1]!, lo = this.regs[k]!;
    if (se & 0x8000) this.sw |= C1;
    if ((this.valid & (1 << p)) === 0) { this.sw |= C3 | C0; return; }
    const ex = se & 0x7fff;
    if (ex === 0x7fff) {
      if ((hi & 0x80000000) === 0) return; // unsupported
      this.sw |= ((hi & 0x7fffffff) === 0 && lo === 0) ? (C2 | C0) : C0;
    } else if (ex === 0) {
      this.sw |= (hi === 0 && lo === 0) ? C3 : (C3 | C2);
    } else if ((hi & 0x80000000) === 0) {
      return; // unnormal: unsupported
    } else this.sw |= C2;
  }

  // -------------------------------------------------------------------------------------------
  // transcendental functions (through doubles)

  private getD(i: number): number {
    this.loadSlot(T, this.phys(i));
    return toDouble(T, 0);
  }
  private putD(slot: number, x: number): void {
    unpackDouble(T, x);
    this.storeExact(slot, T);
  }

  /** fsin, fcos, fptan, fsincos: |x| >= 2^63 sets C2 and leaves ST(0). */
  private trig(kind: number): void {
    if (kind >= 2 && this.pushFaults()) return;
    if (!this.unary()) return;
    this.sw &= ~C2;
    if (A.cls === FpClass.NaN || A.cls === FpClass.Inf) {
      if (A.cls === FpClass.Inf || A.snan) raiseFp(FpFlag.IE);
      if (A.cls === FpClass.Inf) R.setDefaultNaN(); else propagate(R, A, A);
      this.storeExact(this.phys(0), R);
      if (kind >= 2) { const p = this.push(); if (p >= 0) this.storeExact(p, R); }
      this.finish();
      return;
    }
    if (A.cls === FpClass.Finite && A.e >= 63) { this.sw |= C2; return; }
    const x = toDouble(A, 0);
    const p0 = this.phys(0);
    clearFpFlags();
    if (x !== 0) raiseFp(FpFlag.PE);
    switch (kind) {
      case 0: this.putD(p0, Math.sin(x)); break;
      case 1: this.putD(p0, Math.cos(x)); break;
      case 2: { this.putD(p0, Math.tan(x)); const p = this.push(); if (p >= 0) this.putD(p, 1); break; }
      default: { this.putD(p0, Math.sin(x)); const p = this.push(); if (p >= 0) this.putD(p, Math.cos(x)); break; }
    }
    this.finish();
  }
  fsin(): void { this.trig(0); }
  fcos(): void { this.trig(1); }
  fptan(): void { this.trig(2); }
  fsincos(): void { this.trig(3); }

  /** Two-operand functions: ST(1) = f(ST(1), ST(0)), then pop. */
  private binD(kind: number): void {
    this.begin();
    if (this.isEmpty(0) || this.isEmpty(1)) { this.underflow(); this.setIndefinite(this.phys(1)); this.pop(); return; }
    const x = this.getD(0), y = this.getD(1);
    let r: number;
    switch (kind) {
      case 0: r = Math.atan2(y, x); break; // fpatan
      case 1: // fyl2x
        if (x < 0 || (x === 0 && y === 0) || (x === 1 && !isFinite(y))) { raiseFp(FpFlag.IE); r = NaN; }
        else { if (x === 0) raiseFp(FpFlag.ZE); r = y * Math.log2(x); }
        break;
      default: r = y * Math.log1p(x) / Math.LN2; break; // fyl2xp1
    }
    if (r !== r) { if (x === x && y === y) raiseFp(FpFlag.IE); R.setDefaultNaN(); this.storeExact(this.phys(1), R); }
    else this.putD(this.phys(1), r);
    raiseFp(FpFlag.PE);
    this.finish();
    this.pop();
  }
  fpatan(): void { this.binD(0); }
  fyl2x(): void { this.binD(1); }
  fyl2xp1(): void { this.binD(2); }
  f2xm1(): void {
    if (!this.unary()) return;
    if (A.cls === FpClass.Finite) { const x = toDouble(A, 0); this.putD(this.phys(0), Math.expm1(x * Math.LN2)); raiseFp(FpFlag.PE); }
    else if (A.cls === FpClass.Inf && A.s) this.putD(this.phys(0), -1);
    else if (A.cls === FpClass.NaN) { propagate(R, A, A); this.storeExact(this.phys(0), R); }
    this.finish();
  }

  // -------------------------------------------------------------------------------------------
  // environment and FXSAVE

  /** The full 16-bit tag word (2 bits per physical register). */
  tagWord(): number {
    let t = 0;
    for (let p = 0; p < 8; p++) {
      let tag: number;
      if ((this.valid & (1 << p)) === 0) tag = 3;
      else {
        const k = p * 3, se = this.regs[k + 2]! & 0x7fff, hi = this.regs[k + 1]!, lo = this.regs[k]!;
        if (se === 0) tag = (hi === 0 && lo === 0) ? 1 : 2;
        else if (se === 0x7fff || (hi & 0x80000000) === 0) tag = 2;
        else tag = 0;
      }
      t |= tag << (2 * p);
    }
    return t;
  }
  setTagWord(t: number): void {
    let v = 0;
    for (let p = 0; p < 8; p++) if (((t >>> (2 * p)) & 3) !== 3) v |= 1 << p;
    this.valid = v;
  }

  /** The 28-byte protected-mode environment (fnstenv) as 7 dwords in out[0..6]. */
  storeEnv(out: Int32Array): void {
    out[0] = this.cw | 0xffff0000;
    out[1] = this.getSw() | 0xffff0000;
    out[2] = this.tagWord() | 0xffff0000;
    out[3] = this.fip | 0;
    out[4] = (this.fop & 0x7ff) << 16;
    out[5] = this.fdp | 0;
    out[6] = 0xffff0000 | 0;
  }
  /** fnstenv: store the environment, then mask all exceptions. */
  fnstenv(out: Int32Array): void { this.storeEnv(out); this.cw |= 0x3f; this.updateES(); }
  fldenv(src: Int32Array): void {
    this.cw = (src[0]! & 0x1f7f) | 0x40;
    this.setSw(src[1]!);
    this.setTagWord(src[2]! & 0xffff);
    this.fip = src[3]!; this.fop = (src[4]! >>> 16) & 0x7ff; this.fdp = src[5]!;
    this.updateES();
  }

  /** Write the x87 part of the 512-byte FXSAVE image (bytes 0-23 and 32-159; 24-31 are MXCSR's). */
  fxsaveInto(out: Uint8Array): void {
    put16(out, 0, this.cw);
    put16(out, 2, this.getSw());
    out[4] = this.valid; // abridged tag, physical register order
    out[5] = 0;
    put16(out, 6, this.fop & 0x7ff);
    put32(out, 8, this.fip); put32(out, 12, 0);
    put32(out, 16, this.fdp); put32(out, 20, 0);
    for (let i = 0; i < 8; i++) {
      const k = this.phys(i) * 3, o = 32 + 16 * i;
      put32(out, o, this.regs[k]!);
      put32(out, o + 4, this.regs[k + 1]!);
      put16(out, o + 8, this.regs[k + 2]!);
      for (let j = 10; j < 16; j++) out[o + j] = 0;
    }
  }
  fxrstorFrom(src: Uint8Array): void {
    this.cw = (get16(src, 0) & 0x1f7f) | 0x40;
    this.setSw(get16(src, 2));
    this.valid = src[4]!;
    this.fop = get16(src, 6) & 0x7ff;
    this.fip = get32(src, 8);
    this.fdp = get32(src, 16);
    for (let i = 0; i < 8; i++) {
      const k = this.phys(i) * 3, o = 32 + 16 * i;
      this.regs[k] = get32(src, o);
      this.regs[k + 1] = get32(src, o + 4);
      this.regs[k + 2] = get16(src, o + 8);
    }
    this.updateES();
  }
}

function put16(b: Uint8Array, o: number, v: number): void { b[o] = v & 0xff; b[o + 1] = (v >>> 8) & 0xff; }
function put32(b: Uint8Array, o: number, v: number): void { put16(b, o, v); put16(b, o + 2, v >>> 16); }
function get16(b: Uint8Array, o: number): number { return b[o]! | (b[o + 1]! << 8); }
function get32(b: Uint8Array, o: number): number { return (get16(b, o) | (get16(b, o + 2) << 16)) | 0; }

/** DE for a denormal operand of a two-operand instruction, unless a NaN operand takes precedence. */
function denormal2(memDen = false): void {
  if ((A.den || B.den || memDen) && A.cls !== FpClass.NaN && B.cls !== FpClass.NaN) raiseFp(FpFlag.DE);
}

/** NaN propagation (x87 rule) for one or two operands that include a NaN; IE for signalling ones. */
function propagate(r: Unpacked, a: Unpacked, b: Unpacked): void {
  if ((a.cls === FpClass.NaN && a.snan) || (b.cls === FpClass.NaN && b.snan)) raiseFp(FpFlag.IE);
  let src = a;
  if (a.cls !== FpClass.NaN) src = b;
  else if (b.cls === FpClass.NaN && b !== a) {
    if (b.m[3]! > a.m[3]! || (b.m[3] === a.m[3] && b.m[2]! > a.m[2]!)) src = b;
  }
  r.copyFrom(src);
  r.m[3] = (r.m[3]! | 0xc0000000) >>> 0;
  r.snan = false;
}

// The D8..DF decoder (registers itself with ext.ts).
import "./fp-x87-decode.js";
