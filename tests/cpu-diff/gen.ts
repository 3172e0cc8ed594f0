/**
 * Seeded, deterministic generator of cpu-diff test cases.
 *
 * Each family function appends cases; every case is one instruction (or a short sequence) plus a full
 * initial state. Encodings are produced by the small encoder below and checked against iced-x86 by the
 * runner. Undefined flags are taken from the Intel SDM's "Flags Affected" sections.
 */
import { AF, CF, DF, OF, PF, SF, ZF, SCRATCH_SIZE, STATUS_FLAGS, type RegInit, type TestCase } from "./format.js";

// ---------------------------------------------------------------------------------------------------
// randomness

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 0x9e3779b9; }
  /** mulberry32 */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number { return this.u32() % n; }
  bool(): boolean { return (this.u32() & 1) === 1; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  u64(): bigint { return (BigInt(this.u32()) << 32n) | BigInt(this.u32()); }
  u128(): bigint { return (this.u64() << 64n) | this.u64(); }
}

const M64 = (1n << 64n) - 1n;
const mask = (w: number) => (1n << BigInt(w)) - 1n;

/** Operand values worth testing at width w, placed in a 64-bit register with random upper bits. */
function interesting(r: Rng, w: number): bigint {
  const m = mask(w);
  const sign = 1n << BigInt(w - 1);
  const choices = [0n, 1n, m, sign - 1n, sign, sign + 1n, sign - 2n, 2n, BigInt(r.int(256)), m - 1n];
  let v = r.int(3) === 0 ? r.u64() & m : r.pick(choices) & m;
  if (w < 64 && r.bool()) v |= r.u64() & ~m & M64;
  return v;
}

function randomBytes(r: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  const style = r.int(4);
  for (let i = 0; i < n; i++) {
    if (style === 0) b[i] = r.u32() & 0xff;
    else if (style === 1) b[i] = r.pick([0, 0xff, 0x80, 0x7f, 1]);
    else if (style === 2) b[i] = (i * 7 + 3) & 0xff;
    else b[i] = r.int(4) === 0 ? r.u32() & 0xff : 0x41;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------
// a tiny x86-64 encoder

export type RM =
  | { kind: "reg"; reg: number }
  | { kind: "mem"; base: number | null; index: number | null; scale: 1 | 2 | 4 | 8; disp: number; rip?: boolean };

export interface Enc {
  pfx?: number[];        // legacy prefixes (lock, rep, mandatory 66/f2/f3), emitted in order
  w?: 8 | 16 | 32 | 64;  // operand size: 16 adds 0x66, 64 sets REX.W
  forceRex?: boolean;
  addr32?: boolean;      // 0x67
  op: number[];
  reg: number;           // ModRM.reg (register number or /digit)
  rm: RM;
  imm?: number[];
}

function disp8ok(d: number) { return d >= -128 && d <= 127; }
function le(v: number, n: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(n * 8, BigInt(v));
  for (let i = 0; i < n; i++) { out.push(Number(x & 0xffn)); x >>= 8n; }
  return out;
}
function leBig(v: bigint, n: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(n * 8, v);
  for (let i = 0; i < n; i++) { out.push(Number(x & 0xffn)); x >>= 8n; }
  return out;
}

export function encode(e: Enc): number[] {
  const out: number[] = [...(e.pfx ?? [])];
  if (e.addr32) out.push(0x67);
  if (e.w === 16) out.push(0x66);
  let rex = 0;
  if (e.w === 64) rex |= 8;
  if (e.reg & 8) rex |= 4;
  let modrm: number;
  const tail: number[] = [];
  if (e.rm.kind === "reg") {
    if (e.rm.reg & 8) rex |= 1;
    modrm = 0xc0 | ((e.reg & 7) << 3) | (e.rm.reg & 7);
  } else if (e.rm.rip) {
    modrm = ((e.reg & 7) << 3) | 5;
    tail.push(...le(e.rm.disp, 4));
  } else if (e.rm.base === null) {
    modrm = ((e.reg & 7) << 3) | 4;
    const idx = e.rm.index ?? 4;
    if (e.rm.index !== null && e.rm.index & 8) rex |= 2;
    tail.push((Math.log2(e.rm.scale) << 6) | ((idx & 7) << 3) | 5, ...le(e.rm.disp, 4));
  } else {
    const b = e.rm.base;
    if (b & 8) rex |= 1;
    const mod = e.rm.disp === 0 && (b & 7) !== 5 ? 0 : disp8ok(e.rm.disp) ? 1 : 2;
    if (e.rm.index !== null || (b & 7) === 4) {
      modrm = (mod << 6) | ((e.reg & 7) << 3) | 4;
      const idx = e.rm.index ?? 4;
      if (e.rm.index !== null && e.rm.index & 8) rex |= 2;
      tail.push((Math.log2(e.rm.scale) << 6) | ((idx & 7) << 3) | (b & 7));
    } else {
      modrm = (mod << 6) | ((e.reg & 7) << 3) | (b & 7);
    }
    if (mod === 1) tail.push(...le(e.rm.disp, 1));
    if (mod === 2) tail.push(...le(e.rm.disp, 4));
  }
  if (rex || e.forceRex) out.push(0x40 | rex);
  out.push(...e.op, modrm, ...tail, ...(e.imm ?? []));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// case construction

const RSP = 4;
/** Default stack pointer: inside the scratch block, so pushes land in compared memory. */
const STACK_TOP = 0xc0;

class Builder {
  gpr: RegInit[];
  xmm: bigint[];
  mem: Uint8Array;
  rflags: number;
  mxcsr = 0x1f80;
  undefFlags = 0;
  undefRegs = 0;
  expectSignal?: number;
  x87?: { fcw: number; stack: bigint[] };
  undefFsw = 0;
  constructor(private r: Rng) {
    this.gpr = [];
    for (let i = 0; i < 16; i++) this.gpr.push(i === RSP ? { scratch: STACK_TOP } : interesting(r, 64));
    this.xmm = [];
    for (let i = 0; i < 16; i++) this.xmm.push(r.u128());
    this.mem = randomBytes(r, SCRATCH_SIZE);
    this.rflags = r.u32() & STATUS_FLAGS; // DF clear unless a family sets it
  }

  /**
   * A memory operand addressing `size` bytes of scratch (aligned to `align`), using base/index
   * registers not in `avoid`. The registers it uses are set up accordingly.
   */
  mem_(size: number, avoid: number[] = [], align = 1): RM {
    const r = this.r;
    const used = new Set(avoid);
    let target = r.int(Math.floor((SCRATCH_SIZE - size) / align) + 1) * align;
    if (target + size > SCRATCH_SIZE) target = 0;
    const free = (allowRsp: boolean) => {
      const c = [...Array(16).keys()].filter((x) => !used.has(x) && (allowRsp || x !== RSP));
      return r.pick(c);
    };
    const base = free(r.int(8) === 0);
    used.add(base);
    let index: number | null = null;
    let scale: 1 | 2 | 4 | 8 = 1;
    let idxVal = 0;
    if (r.bool()) {
      index = free(false);
      used.add(index);
      scale = r.pick([1, 2, 4, 8] as const);
      idxVal = r.int(9) - 4;
      this.gpr[index] = BigInt.asUintN(64, BigInt(idxVal));
    }
    const disp = r.pick([0, 0, r.int(256) - 128, r.int(4096) - 2048, 0x100000]);
    this.gpr[base] = { scratch: target - disp - idxVal * scale };
    return { kind: "mem", base, index, scale, disp };
  }

  build(id: number, family: string, code: number[]): TestCase {
    return {
      id, family, code: Uint8Array.from(code), rflags: this.rflags, mxcsr: this.mxcsr, gpr: this.gpr,
      xmm: this.xmm, mem: this.mem, undefFlags: this.undefFlags, undefRegs: this.undefRegs,
      expectSignal: this.expectSignal, x87: this.x87, undefFsw: this.undefFsw,
    };
  }
}

const W = [8, 16, 32, 64] as const;
type Width = (typeof W)[number];

function immBytes(w: Width, v: bigint): number[] {
  return leBig(v, w === 64 ? 4 : w / 8);
}

// ---------------------------------------------------------------------------------------------------
// families

export interface GenOptions {
  seed: number;
  /** Cases per family (roughly). */
  perFamily: number;
  /** Optional instruction-set features sysgate's CPUID advertises (popcnt, lzcnt, bmi1). */
  features?: Set<string>;
}

type Emit = (family: string, b: Builder, code: number[]) => void;
type Family = (r: Rng, n: number, emit: Emit, mk: () => Builder) => void;

/** Pick a register operand for width w (for 8-bit, 4..7 are ah..bh without REX, spl..dil with one). */
function regRM(r: Rng): { kind: "reg"; reg: number } { return { kind: "reg", reg: r.int(16) }; }

const ALU_OPS = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;

const alu: Family = (r, n, emit, mk) => {
  ALU_OPS.forEach((name, op) => {
    const logical = name === "and" || name === "or" || name === "xor";
    for (let i = 0; i < n; i++) {
      const b = mk();
      const w = r.pick(W);
      if (logical) b.undefFlags = AF;
      const form = r.int(5);
      const reg = r.int(16);
      b.gpr[reg] = interesting(r, w);
      const forceRex = w === 8 && r.bool();
      const base8 = w === 8 ? 0 : 1;
      let code: number[];
      if (form === 0) { // r/m, reg (register)
        const rm = r.int(16);
        b.gpr[rm] = interesting(r, w);
        code = encode({ w, forceRex, op: [op * 8 + base8], reg, rm: { kind: "reg", reg: rm } });
      } else if (form === 1) { // reg, r/m (memory)
        code = encode({ w, forceRex, op: [op * 8 + 2 + base8], reg, rm: b.mem_(w / 8, [reg]) });
      } else if (form === 2) { // r/m(memory), reg, maybe locked
        const lock = name !== "cmp" && r.int(3) === 0 ? [0xf0] : [];
        code = encode({ pfx: lock, w, forceRex, op: [op * 8 + base8], reg, rm: b.mem_(w / 8, [reg]) });
      } else if (form === 3) { // r/m, imm (80/81/83)
        const rm: RM = r.bool() ? { kind: "reg", reg } : b.mem_(w / 8);
        const imm = interesting(r, w === 64 ? 32 : w);
        if (w !== 8 && r.bool()) code = encode({ w, op: [0x83], reg: op, rm, imm: [Number(BigInt.asIntN(8, imm) & 0xffn)] });
        else code = encode({ w, forceRex, op: [w === 8 ? 0x80 : 0x81], reg: op, rm, imm: immBytes(w, imm) });
      } else { // accumulator, imm
        b.gpr[0] = interesting(r, w);
        const pre = w === 16 ? [0x66] : w === 64 ? [0x48] : [];
        code = [...pre, op * 8 + (w === 8 ? 4 : 5), ...immBytes(w, interesting(r, w === 64 ? 32 : w))];
      }
      emit("alu-" + name, b, code);
    }
  });
};

const test_: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n; i++) {
    const b = mk();
    b.undefFlags = AF;
    const w = r.pick(W);
    const reg = r.int(16);
    b.gpr[reg] = interesting(r, w);
    const f = r.int(3);
    const code = f === 0 ? encode({ w, op: [w === 8 ? 0x84 : 0x85], reg, rm: regRM(r) })
      : f === 1 ? encode({ w, op: [w === 8 ? 0x84 : 0x85], reg, rm: b.mem_(w / 8, [reg]) })
        : encode({ w, op: [w === 8 ? 0xf6 : 0xf7], reg: 0, rm: r.bool() ? regRM(r) : b.mem_(w / 8), imm: immBytes(w, interesting(r, w === 64 ? 32 : w)) });
    emit("alu-test", b, code);
  }
};

const unary: Family = (r, n, emit, mk) => {
  const ops: [string, number[], number, string][] = [
    ["inc", [0xfe, 0xff], 0, "incdec"], ["dec", [0xfe, 0xff], 1, "incdec"],
    ["not", [0xf6, 0xf7], 2, "neg-not"], ["neg", [0xf6, 0xf7], 3, "neg-not"],
  ];
  for (const [, opc, digit, fam] of ops) {
    for (let i = 0; i < n / 2; i++) {
      const b = mk();
      const w = r.pick(W);
      const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8);
      if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
      const lock = rm.kind === "mem" && r.int(3) === 0 ? [0xf0] : [];
      emit(fam, b, encode({ pfx: lock, w, forceRex: w === 8 && r.bool(), op: [w === 8 ? opc[0]! : opc[1]!], reg: digit, rm }));
    }
  }
};

function countFor(r: Rng): number { return r.pick([0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 255, r.int(256)]); }

const shifts: Family = (r, n, emit, mk) => {
  // /digit: rol 0 ror 1 rcl 2 rcr 3 shl 4 shr 5 sal(=shl) 6 sar 7
  const groups: [string, number[]][] = [["shift", [4, 5, 6, 7]], ["rotate", [0, 1]], ["rcl-rcr", [2, 3]]];
  for (const [fam, digits] of groups) {
    for (let i = 0; i < n * 2; i++) {
      const b = mk();
      const w = r.pick(W);
      const digit = r.pick(digits);
      const rm: RM = r.int(3) ? regRM(r) : b.mem_(w / 8, [1]);
      if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
      const form = r.int(3);
      const count = form === 0 ? 1 : countFor(r);
      let code: number[];
      if (form === 0) code = encode({ w, op: [w === 8 ? 0xd0 : 0xd1], reg: digit, rm });
      else if (form === 1) code = encode({ w, op: [w === 8 ? 0xc0 : 0xc1], reg: digit, rm, imm: [count & 0xff] });
      else {
        code = encode({ w, op: [w === 8 ? 0xd2 : 0xd3], reg: digit, rm });
        if (rm.kind === "reg" && rm.reg === 1) { /* count is the operand itself */ }
        else b.gpr[1] = (interesting(r, 64) & ~0xffn) | BigInt(count);
      }
      const masked = (rm.kind === "reg" && rm.reg === 1 && form === 2) ? -1 : count & (w === 64 ? 63 : 31);
      if (masked === -1) b.undefFlags = OF | AF | CF; // count unknown to the generator: be lenient
      else if (masked !== 0) {
        if (masked !== 1) b.undefFlags |= OF;
        if (digit >= 4) {
          b.undefFlags |= AF;
          if (masked >= w && (digit === 4 || digit === 5 || digit === 6)) b.undefFlags |= CF;
        }
      }
      emit(fam, b, code);
    }
  }
};

const shld: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64] as const);
    const isR = r.bool();
    const reg = r.int(16);
    const rm: RM = r.int(3) ? regRM(r) : b.mem_(w / 8, [1, reg]);
    if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
    if (rm.kind === "reg" && (rm.reg === 1 || reg === 1)) continue;
    b.gpr[reg] = interesting(r, w);
    let count = countFor(r);
    const masked = count & (w === 64 ? 63 : 31);
    if (w === 16 && masked > 16) count = r.int(17); // result undefined above the operand size
    const mc = count & (w === 64 ? 63 : 31);
    let code: number[];
    if (r.bool()) code = encode({ w, op: [0x0f, isR ? 0xac : 0xa4], reg, rm, imm: [count & 0xff] });
    else { code = encode({ w, op: [0x0f, isR ? 0xad : 0xa5], reg, rm }); b.gpr[1] = (r.u64() & ~0xffn) | BigInt(count); }
    if (mc !== 0) { b.undefFlags = AF | (mc !== 1 ? OF : 0); if (w === 16 && mc === 16) b.undefFlags |= CF | OF; }
    emit("shld-shrd", b, code);
  }
};

const muldiv: Family = (r, n, emit, mk) => {
  // one-operand mul/imul
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const w = r.pick(W);
    b.undefFlags = SF | ZF | AF | PF;
    b.gpr[0] = interesting(r, w);
    const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [0, 2]);
    if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
    emit("mul", b, encode({ w, forceRex: w === 8 && r.bool(), op: [w === 8 ? 0xf6 : 0xf7], reg: r.pick([4, 5]), rm }));
  }
  // imul 2- and 3-operand
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64] as const);
    b.undefFlags = SF | ZF | AF | PF;
    const reg = r.int(16);
    b.gpr[reg] = interesting(r, w);
    const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg]);
    if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
    const f = r.int(3);
    const code = f === 0 ? encode({ w, op: [0x0f, 0xaf], reg, rm })
      : f === 1 ? encode({ w, op: [0x6b], reg, rm, imm: [Number(interesting(r, 8) & 0xffn)] })
        : encode({ w, op: [0x69], reg, rm, imm: immBytes(w, interesting(r, w === 64 ? 32 : w)) });
    emit("imul", b, code);
  }
  // div/idiv without #DE: choose the dividend so that the quotient fits
  for (let i = 0; i < n * 3; i++) {
    const b = mk();
    const w = r.pick(W);
    const signed = r.bool();
    b.undefFlags = STATUS_FLAGS;
    const rmReg = [1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15][r.int(13)]!;
    const useMem = r.bool();
    let divisor = interesting(r, w) & mask(w);
    if (divisor === 0n) divisor = 1n;
    const sd = signed ? BigInt.asIntN(w, divisor) : divisor;
    // quotient within range, remainder smaller than divisor
    const qmax = signed ? (1n << BigInt(w - 1)) - 1n : mask(w);
    let q = BigInt.asUintN(w, r.u64()) % (qmax + 1n);
    if (signed && r.bool()) q = -q;
    if (r.int(4) === 0) q = signed ? (r.bool() ? qmax : -qmax - 1n) : qmax;
    const absd = sd < 0n ? -sd : sd;
    let rem = BigInt.asUintN(w, r.u64()) % absd;
    let dividend = q * sd + (signed && q * sd < 0n ? -rem : rem);
    if (signed) {
      // remainder takes the dividend's sign; verify the quotient fits, else fall back to small values
      const tq = dividend / sd;
      if (tq > qmax || tq < -qmax - 1n) { dividend = sd; rem = 0n; }
    }
    const dw = BigInt.asUintN(2 * w, dividend);
    const lo = dw & mask(w), hi = dw >> BigInt(w);
    if (w === 8) b.gpr[0] = (r.u64() & ~0xffffn) | dw;
    else { b.gpr[0] = (w < 64 ? r.u64() & ~mask(w) : 0n) | lo; b.gpr[2] = (w < 64 ? r.u64() & ~mask(w) : 0n) | hi; }
    let rm: RM;
    if (useMem) {
      rm = b.mem_(w / 8, [0, 2]);
      // write the divisor where the operand points: evaluated by the harness, so compute here
      const off = memTarget(b, rm);
      const bytes = leBig(divisor, w / 8);
      for (let k = 0; k < bytes.length; k++) b.mem[off + k] = bytes[k]!;
    } else {
      rm = { kind: "reg", reg: rmReg };
      b.gpr[rmReg] = (w < 64 ? r.u64() & ~mask(w) : 0n) | divisor;
    }
    emit("div", b, encode({ w, forceRex: w === 8, op: [w === 8 ? 0xf6 : 0xf7], reg: signed ? 7 : 6, rm }));
  }
};

/** Scratch offset a memory operand built by Builder.mem_ points at. */
function memTarget(b: Builder, rm: RM): number {
  if (rm.kind !== "mem" || rm.base === null) throw new Error("not a scratch operand");
  const base = b.gpr[rm.base];
  if (typeof base === "bigint") throw new Error("base is not scratch-relative");
  let off = base.scratch + rm.disp;
  if (rm.index !== null) off += Number(BigInt.asIntN(64, b.gpr[rm.index] as bigint)) * rm.scale;
  return off;
}

const faults: Family = (r, n, emit, mk) => {
  for (let i = 0; i < Math.max(4, n / 4); i++) {
    const b = mk();
    b.undefFlags = STATUS_FLAGS;
    const w = r.pick(W);
    const rmReg = r.pick([1, 3, 6, 7, 8]);
    b.gpr[rmReg] = r.u64() & ~mask(w);
    b.gpr[0] = interesting(r, 64);
    b.gpr[2] = interesting(r, 64);
    b.expectSignal = 8;
    emit("faults", b, encode({ w, forceRex: w === 8, op: [w === 8 ? 0xf6 : 0xf7], reg: r.pick([6, 7]), rm: { kind: "reg", reg: rmReg } }));
  }
  { // idiv overflow: INT_MIN / -1
    const b = mk(); b.undefFlags = STATUS_FLAGS; b.expectSignal = 8;
    b.gpr[0] = 0n; b.gpr[2] = 1n << 63n; b.gpr[0] = 0n;
    b.gpr[2] = M64; b.gpr[0] = 1n << 63n; b.gpr[1] = M64;
    emit("faults", b, encode({ w: 64, op: [0xf7], reg: 7, rm: { kind: "reg", reg: 1 } }));
  }
  { const b = mk(); b.expectSignal = 4; emit("faults", b, [0x0f, 0x0b]); }           // ud2
  { const b = mk(); b.expectSignal = 11; b.gpr[3] = 0n; emit("faults", b, [0x48, 0x8b, 0x03]); } // mov rax,[rbx] at 0
};

const bitops: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 3; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64] as const);
    const digit = r.int(4); // bt bts btr btc
    b.undefFlags = OF | SF | AF | PF;
    const form = r.int(3);
    let code: number[];
    if (form === 0) { // bt r/m(reg), imm8
      const rm = regRM(r);
      b.gpr[rm.reg] = interesting(r, w);
      code = encode({ w, op: [0x0f, 0xba], reg: 4 + digit, rm, imm: [r.int(256)] });
    } else if (form === 1) { // bt r/m(reg), reg
      const rm = regRM(r);
      const reg = r.int(16);
      b.gpr[rm.reg] = interesting(r, w);
      if (reg !== rm.reg) b.gpr[reg] = r.bool() ? BigInt(r.int(200)) : interesting(r, w);
      code = encode({ w, op: [0x0f, [0xa3, 0xab, 0xb3, 0xbb][digit]!], reg, rm });
    } else { // memory with a register bit offset: the offset may reach outside the addressed word
      const reg = r.int(16);
      const rm = b.mem_(w / 8, [reg]);
      const off = memTarget(b, rm);
      const size = w / 8;
      const below = Math.floor(off / size), above = Math.floor((SCRATCH_SIZE - off - size) / size);
      const k = r.int(below + above + 1) - below;
      b.gpr[reg] = BigInt.asUintN(64, BigInt(k * w + r.int(w)));
      const lock = digit !== 0 && r.int(3) === 0 ? [0xf0] : [];
      code = r.bool()
        ? encode({ pfx: lock, w, op: [0x0f, [0xa3, 0xab, 0xb3, 0xbb][digit]!], reg, rm })
        : encode({ pfx: lock, w, op: [0x0f, 0xba], reg: 4 + digit, rm, imm: [r.int(256)] });
    }
    emit("bt", b, code);
  }
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64] as const);
    b.undefFlags = CF | OF | SF | AF | PF;
    const reg = r.int(16);
    const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg]);
    const v = r.int(4) === 0 ? 0n : interesting(r, w);
    if (rm.kind === "reg") b.gpr[rm.reg] = v;
    else { const off = memTarget(b, rm); leBig(v, w / 8).forEach((x, k) => (b.mem[off + k] = x)); }
    emit("bsf-bsr", b, encode({ w, op: [0x0f, r.bool() ? 0xbc : 0xbd], reg, rm }));
  }
};

const conditional: Family = (r, n, emit, mk) => {
  for (let cc = 0; cc < 16; cc++) {
    for (let i = 0; i < Math.max(3, n / 8); i++) {
      const b = mk();
      b.rflags = r.u32() & STATUS_FLAGS;
      const reg = r.int(16);
      const w = r.pick([16, 32, 64] as const);
      const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg]);
      emit("cmovcc", b, encode({ w, op: [0x0f, 0x40 + cc], reg, rm }));
      const b2 = mk();
      const rm2: RM = r.bool() ? regRM(r) : b2.mem_(1);
      emit("setcc", b2, encode({ forceRex: r.bool(), op: [0x0f, 0x90 + cc], reg: 0, rm: rm2 }));
      const b3 = mk();
      const inc = [0x48, 0xff, 0xc0]; // inc rax: runs only when the branch is not taken
      emit("jcc", b3, r.bool() ? [0x70 + cc, 3, ...inc] : [0x0f, 0x80 + cc, 3, 0, 0, 0, ...inc]);
    }
  }
  for (let i = 0; i < n / 2; i++) { // loop / jrcxz
    const b = mk();
    b.gpr[1] = r.pick([0n, 1n, 2n, M64, 0x100000000n, interesting(r, 64)]);
    emit("jcc", b, [r.pick([0xe3, 0xe2, 0xe1, 0xe0]), 3, 0x48, 0xff, 0xc0]);
  }
};

const moves: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n; i++) {
    const b = mk();
    const reg = r.int(16);
    const w = r.pick([32, 64] as const);
    b.gpr[reg] = interesting(r, w);
    const rex = (w === 64 ? 8 : 0) | (reg >> 3);
    emit("bswap", b, [...(rex ? [0x40 | rex] : []), 0x0f, 0xc8 + (reg & 7)]);
  }
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const kind = r.int(5);
    const reg = r.int(16);
    let code: number[];
    if (kind < 4) { // movzx/movsx from 8 or 16 bits into 16/32/64
      const src = kind & 1 ? 16 : 8;
      const w = r.pick(src === 8 ? [16, 32, 64] as const : [32, 64] as const);
      const rm: RM = r.bool() ? regRM(r) : b.mem_(src / 8, [reg]);
      if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, 64);
      code = encode({ w, forceRex: src === 8 && r.bool(), op: [0x0f, [0xb6, 0xb7, 0xbe, 0xbf][kind]!], reg, rm });
    } else { // movsxd
      const rm: RM = r.bool() ? regRM(r) : b.mem_(4, [reg]);
      if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, 32);
      code = encode({ w: 64, op: [0x63], reg, rm });
    }
    emit("movsx-movzx", b, code);
  }
  for (let i = 0; i < n; i++) {
    const b = mk();
    b.gpr[0] = interesting(r, r.pick(W));
    emit("cbw-cqo", b, r.pick([[0x66, 0x98], [0x98], [0x48, 0x98], [0x66, 0x99], [0x99], [0x48, 0x99]]));
  }
  // plain mov in all forms (the harness itself depends on these)
  for (let i = 0; i < n; i++) {
    const b = mk();
    const w = r.pick(W);
    const reg = r.int(16);
    b.gpr[reg] = interesting(r, w);
    const f = r.int(5);
    let code: number[];
    if (f === 0) code = encode({ w, forceRex: w === 8 && r.bool(), op: [w === 8 ? 0x88 : 0x89], reg, rm: regRM(r) });
    else if (f === 1) code = encode({ w, op: [w === 8 ? 0x8a : 0x8b], reg, rm: b.mem_(w / 8, [reg]) });
    else if (f === 2) code = encode({ w, op: [w === 8 ? 0x88 : 0x89], reg, rm: b.mem_(w / 8, [reg]) });
    else if (f === 3) code = encode({ w, op: [w === 8 ? 0xc6 : 0xc7], reg: 0, rm: r.bool() ? regRM(r) : b.mem_(w / 8), imm: immBytes(w, interesting(r, w === 64 ? 32 : w)) });
    else { // mov r64, imm64 / r32, imm32
      const wide = r.bool();
      code = [...(wide || reg & 8 ? [0x40 | (wide ? 8 : 0) | (reg >> 3)] : []), 0xb8 + (reg & 7), ...leBig(interesting(r, wide ? 64 : 32), wide ? 8 : 4)];
    }
    emit("mov", b, code);
  }
};

const lea: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 3; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64, 64] as const);
    const reg = r.int(16);
    const form = r.int(6);
    const disp = r.pick([0, 1, -1, 127, -128, 128, -129, 0x7fffffff, -0x80000000, r.int(1 << 30) - (1 << 29)]);
    let rm: RM;
    if (form === 0) rm = { kind: "mem", base: null, index: null, scale: 1, disp: 0, rip: true };
    else if (form === 1) rm = { kind: "mem", base: null, index: r.bool() ? null : r.pick([0, 1, 2, 3, 5, 6, 7, 8, 12, 13, 15]), scale: r.pick([1, 2, 4, 8] as const), disp };
    else rm = { kind: "mem", base: r.int(16), index: r.int(3) ? r.pick([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]) : null, scale: r.pick([1, 2, 4, 8] as const), disp };
    if (rm.kind === "mem" && rm.rip) rm.disp = disp;
    const code = encode({ w, addr32: r.int(5) === 0, op: [0x8d], reg, rm });
    emit("lea", b, code);
  }
};

const atomics: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const w = r.pick(W);
    const reg = r.int(16);
    const which = r.int(3); // xchg, cmpxchg, xadd
    const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg, 0]);
    b.gpr[reg] = interesting(r, w);
    if (rm.kind === "reg") b.gpr[rm.reg] = interesting(r, w);
    if (which === 1 && r.bool()) { // make the comparison succeed sometimes
      if (rm.kind === "reg") b.gpr[0] = b.gpr[rm.reg]!;
      else { const off = memTarget(b, rm); let v = 0n; for (let k = w / 8 - 1; k >= 0; k--) v = (v << 8n) | BigInt(b.mem[off + k]!); b.gpr[0] = (r.u64() & ~mask(w)) | v; }
    }
    const lock = rm.kind === "mem" && which !== 0 && r.bool() ? [0xf0] : [];
    const op = which === 0 ? [w === 8 ? 0x86 : 0x87] : which === 1 ? [0x0f, w === 8 ? 0xb0 : 0xb1] : [0x0f, w === 8 ? 0xc0 : 0xc1];
    emit(["xchg", "cmpxchg", "xadd"][which]!, b, encode({ pfx: lock, w, forceRex: w === 8 && r.bool(), op, reg, rm }));
  }
  for (let i = 0; i < n; i++) { // xchg with the accumulator short form
    const b = mk();
    const reg = r.int(16);
    const w = r.pick([16, 32, 64] as const);
    const pre = [...(w === 16 ? [0x66] : []), ...(w === 64 || reg & 8 ? [0x40 | (w === 64 ? 8 : 0) | (reg >> 3)] : [])];
    emit("xchg", b, [...pre, 0x90 + (reg & 7)]);
  }
  for (let i = 0; i < n; i++) {
    const b = mk();
    b.undefFlags = STATUS_FLAGS & ~ZF;
    const rm = b.mem_(16, [0, 1, 2, 3], 16);
    const off = memTarget(b, rm);
    const rd = (k: number) => { let v = 0n; for (let j = 7; j >= 0; j--) v = (v << 8n) | BigInt(b.mem[off + k + j]!); return v; };
    if (r.bool()) { b.gpr[0] = rd(0); b.gpr[2] = rd(8); } else if (r.bool()) { b.gpr[0] = rd(0); }
    b.undefFlags = 0;
    // cmpxchg16b leaves the other flags unchanged: compare them too
    emit("cmpxchg16b", b, encode({ pfx: r.bool() ? [0xf0] : [], w: 64, op: [0x0f, 0xc7], reg: 1, rm }));
  }
};

const strings: Family = (r, n, emit, mk) => {
  const ops: [string, number][] = [["movs", 0xa4], ["cmps", 0xa6], ["stos", 0xaa], ["lods", 0xac], ["scas", 0xae]];
  for (let i = 0; i < n * 4; i++) {
    const b = mk();
    const [name, base] = r.pick(ops);
    const w = r.pick(W);
    const size = w / 8;
    const down = r.int(3) === 0;
    if (down) b.rflags |= DF;
    const rep = r.pick([null, 0xf3, 0xf2] as const);
    const count = rep === null ? 1 : r.pick([0, 1, 2, 3, 5, 8, r.int(16)]);
    if (rep !== null) b.gpr[1] = BigInt(count);
    const span = Math.max(count, 1) * size;
    const place = () => down ? span - size + r.int(SCRATCH_SIZE - span + 1) : r.int(SCRATCH_SIZE - span + 1);
    b.gpr[6] = { scratch: place() };
    b.gpr[7] = { scratch: place() };
    if (name === "cmps" || name === "scas") { // long equal runs so repe keeps going
      if (r.bool()) b.mem = new Uint8Array(SCRATCH_SIZE).fill(r.pick([0, 0x41]));
      if (r.bool()) b.mem[r.int(SCRATCH_SIZE)] = 1;
      if (name === "scas") b.gpr[0] = r.pick([0n, 0x4141414141414141n, interesting(r, 64)]);
    }
    const pre = [...(rep === null ? [] : [rep]), ...(w === 16 ? [0x66] : []), ...(w === 64 ? [0x48] : [])];
    emit("string-" + name, b, [...pre, base + (w === 8 ? 0 : 1)]);
  }
};

const stack: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const reg = r.int(16);
    const f = r.int(9);
    const rx = reg & 8 ? [0x41] : [];
    let code: number[];
    if (f === 0) code = [...rx, 0x50 + (reg & 7)];
    else if (f === 1) code = [...rx, 0x58 + (reg & 7)];
    else if (f === 2) code = r.bool() ? [0x6a, r.int(256)] : [0x68, ...le(Number(BigInt.asIntN(32, interesting(r, 32))), 4)];
    else if (f === 3) code = encode({ op: [0xff], reg: 6, rm: b.mem_(8, [RSP]) });
    else if (f === 4) code = [0x9c];                      // pushfq
    else if (f === 5) { code = [0x9d]; b.mem.fill(0, STACK_TOP, STACK_TOP + 8); b.mem[STACK_TOP] = r.u32() & 0xd5; b.mem[STACK_TOP + 1] = r.u32() & 0x0c; } // popfq
    else if (f === 6) code = [0xe8, 0, 0, 0, 0];          // call next instruction
    else if (f === 7) code = [0x48, 0x8d, 0x05, 2, 0, 0, 0, 0x50, 0xc3]; // lea rax,[rip+2]; push rax; ret
    else { b.gpr[5] = { scratch: 0xe0 }; code = r.bool() ? [0xc8, r.int(64), 0, r.int(2), 0xc9].slice(0, r.bool() ? 4 : 5) : [0xc9]; }
    emit("push-pop", b, code);
  }
};


const bitcount: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n; i++) {
    const b = mk();
    const w = r.pick([16, 32, 64] as const);
    const reg = r.int(16);
    const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg]);
    if (rm.kind === "reg") b.gpr[rm.reg] = r.int(4) === 0 ? 0n : interesting(r, w);
    emit("popcnt", b, encode({ pfx: [0xf3], w, op: [0x0f, 0xb8], reg, rm }));
  }
};

/** Flag instructions, xlat, cmpxchg8b, fences, and the NOP forms compilers pad with (incl. endbr64). */
const misc: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const f = r.int(7);
    let code: number[];
    if (f === 0) code = [r.pick([0xf5, 0xf8, 0xf9, 0xfc, 0xfd])];                       // cmc clc stc cld std
    else if (f === 1) { b.gpr[3] = { scratch: r.int(128) }; code = [...(r.bool() ? [0x48] : []), 0xd7]; } // xlat
    else if (f === 2) { // cmpxchg8b
      const rm = b.mem_(8, [0, 1, 2, 3]);
      const off = memTarget(b, rm);
      if (r.bool()) { let v = 0n; for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b.mem[off + k]!); b.gpr[0] = (r.u64() & ~0xffffffffn) | (v & 0xffffffffn); b.gpr[2] = (r.u64() & ~0xffffffffn) | (v >> 32n); }
      code = encode({ pfx: r.bool() ? [0xf0] : [], op: [0x0f, 0xc7], reg: 1, rm });
    } else if (f === 3) code = r.pick([[0x0f, 0xae, 0xe8], [0x0f, 0xae, 0xf0], [0x0f, 0xae, 0xf8], [0xf3, 0x90]]); // fences, pause
    else if (f === 4) code = r.pick([[0x90], [0x66, 0x90], [0x0f, 0x1f, 0x00], [0x0f, 0x1f, 0x40, 0x00], [0x0f, 0x1f, 0x44, 0x00, 0x00],
      [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], [0x0f, 0x1f, 0x80, 0, 0, 0, 0], [0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], [0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0],
      [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], [0xf3, 0x0f, 0x1e, 0xfa], [0x0f, 0x18, 0x08], [0x0f, 0x0d, 0x08]]);
    else if (f === 5) { const reg = r.int(16); code = encode({ w: r.pick([32, 64] as const), op: [0x0f, 0xc3], reg, rm: b.mem_(8, [reg]) }); } // movnti
    else code = encode({ w: r.pick([16, 32, 64] as const), op: [0x0f, 0x1f], reg: r.int(8), rm: r.bool() ? regRM(r) : b.mem_(8) }); // nop r/m
    emit("misc", b, code);
  }
};

/**
 * gs: segment overrides. The harness points GS at the scratch block, so base and index registers hold
 * small offsets here (FS belongs to libc's TLS, whose address may differ between runs).
 */
const segment: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n; i++) {
    const b = mk();
    const w = r.pick(W);
    const size = w / 8;
    const reg = r.int(16);
    const target = r.int(SCRATCH_SIZE - size + 1);
    let rm: RM;
    const f = r.int(3);
    if (f === 0) rm = { kind: "mem", base: null, index: null, scale: 1, disp: target }; // gs:[disp32]
    else {
      const base = r.pick([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].filter((x) => x !== reg));
      const disp = r.int(64) - 32;
      b.gpr[base] = BigInt.asUintN(64, BigInt(target - disp));
      rm = { kind: "mem", base, index: null, scale: 1, disp };
    }
    const op = r.pick([[w === 8 ? 0x8a : 0x8b], [w === 8 ? 0x88 : 0x89], [w === 8 ? 0x02 : 0x03], [w === 8 ? 0x38 : 0x39]]);
    if (op[0] === 0x02 || op[0] === 0x03 || op[0] === 0x38 || op[0] === 0x39) b.gpr[reg] = interesting(r, w);
    emit("segment-gs", b, encode({ pfx: [0x65], w, op, reg, rm }));
  }
};

// --- SSE ------------------------------------------------------------------------------------------

const F64 = new Float64Array(1), U64 = new BigUint64Array(F64.buffer);
const F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
const d2b = (d: number) => { F64[0] = d; return U64[0]!; };
const f2b = (f: number) => { F32[0] = f; return BigInt(U32[0]!); };

const SPECIAL_D: bigint[] = [
  0n, 1n << 63n, d2b(1), d2b(-1), d2b(Infinity), d2b(-Infinity), 0x7ff8000000000000n, 0xfff8000000000000n,
  0x7ff0000000000001n /* sNaN */, 0x7ffc0000deadbeefn, 1n /* min denormal */, 0x000fffffffffffffn, 0x0010000000000000n,
  0x7fefffffffffffffn, d2b(1e-300), d2b(1e300), d2b(0.5), d2b(1.5), d2b(2.5), d2b(-2.5), d2b(2 ** 31), d2b(-(2 ** 31)),
  d2b(2 ** 31 - 0.5), d2b(2 ** 63), d2b(-(2 ** 63)), d2b(2 ** 64), d2b(3.0000000000000004), d2b(1 / 3), d2b(-0.75), d2b(123456.789),
];
const SPECIAL_F: bigint[] = [
  0n, 1n << 31n, f2b(1), f2b(-1), f2b(Infinity), f2b(-Infinity), 0x7fc00000n, 0xffc00000n, 0x7f800001n, 0x7fc0beefn,
  1n, 0x007fffffn, 0x00800000n, 0x7f7fffffn, f2b(1e-30), f2b(1e30), f2b(0.5), f2b(1.5), f2b(2.5), f2b(-2.5), f2b(2 ** 31),
  f2b(-(2 ** 31)), f2b(2 ** 63), f2b(-(2 ** 63)), f2b(1 / 3), f2b(-0.75), f2b(16777217),
];

function fpDouble(r: Rng): bigint { return r.int(4) === 0 ? d2b((r.u32() / 65536 - 32768) * 2 ** (r.int(40) - 20)) : r.pick(SPECIAL_D); }
function fpSingle(r: Rng): bigint { return r.int(4) === 0 ? f2b((r.u32() / 65536 - 32768) * 2 ** (r.int(20) - 10)) : r.pick(SPECIAL_F); }
function fpXmm(r: Rng, single: boolean): bigint {
  if (!single) return (fpDouble(r) << 64n) | fpDouble(r);
  let v = 0n;
  for (let k = 0; k < 4; k++) v = (v << 32n) | fpSingle(r);
  return v;
}

/** An SSE instruction "op xmm, xmm/m" with a mandatory prefix (or none). */
function sseRM(r: Rng, b: Builder, pfx: number[], op: number[], memBytes: number, align: number, imm?: number[]): number[] {
  const reg = r.int(16);
  const rm: RM = r.int(3) ? { kind: "reg", reg: r.int(16) } : b.mem_(memBytes, [], align);
  return encode({ pfx, op, reg, rm, imm, forceRex: r.int(8) === 0 });
}

const sseInt: Family = (r, n, emit, mk) => {
  // 66 0F xx xmm, xmm/m128
  const ops = [0xfc, 0xfd, 0xfe, 0xd4, 0xf8, 0xf9, 0xfa, 0xfb, 0xec, 0xed, 0xdc, 0xdd, 0xe8, 0xe9, 0xd8, 0xd9,
    0xd5, 0xe5, 0xe4, 0xf4, 0xf5, 0xdb, 0xdf, 0xeb, 0xef, 0x74, 0x75, 0x76, 0x64, 0x65, 0x66, 0xde, 0xda, 0xee, 0xea,
    0xe0, 0xe3, 0xf6, 0xf1, 0xf2, 0xf3, 0xd1, 0xd2, 0xd3, 0xe1, 0xe2, 0x60, 0x61, 0x62, 0x6c, 0x68, 0x69, 0x6a, 0x6d,
    0x63, 0x6b, 0x67];
  for (let i = 0; i < n * 6; i++) {
    const b = mk();
    const op = r.pick(ops);
    const isShiftByXmm = [0xf1, 0xf2, 0xf3, 0xd1, 0xd2, 0xd3, 0xe1, 0xe2].includes(op);
    if (isShiftByXmm) for (let k = 0; k < 16; k++) b.xmm[k] = r.bool() ? BigInt(r.int(70)) : b.xmm[k]!;
    emit("sse-int", b, sseRM(r, b, [0x66], [0x0f, op], 16, 16));
  }
  // shifts by immediate: 66 0F 71/72/73 /digit ib
  for (let i = 0; i < n; i++) {
    const b = mk();
    const [op, digit] = r.pick([[0x71, 2], [0x71, 4], [0x71, 6], [0x72, 2], [0x72, 4], [0x72, 6], [0x73, 2], [0x73, 6], [0x73, 3], [0x73, 7]] as const);
    emit("sse-int", b, encode({ pfx: [0x66], op: [0x0f, op], reg: digit, rm: { kind: "reg", reg: r.int(16) }, imm: [r.pick([0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 200])] }));
  }
  // pcmpeq + pmovmskb, movmskps/pd
  for (let i = 0; i < n; i++) {
    const b = mk();
    const reg = r.int(16);
    const f = r.int(3);
    const code = f === 0 ? encode({ pfx: [0x66], op: [0x0f, 0xd7], reg, rm: { kind: "reg", reg: r.int(16) } })
      : encode({ pfx: f === 1 ? [0x66] : [], op: [0x0f, 0x50], reg, rm: { kind: "reg", reg: r.int(16) } });
    emit("sse-mask", b, code);
  }
};

const sseMove: Family = (r, n, emit, mk) => {
  const loads: [number[], number[], number, number][] = [ // pfx, op, mem bytes, alignment
    [[], [0x0f, 0x28], 16, 16], [[], [0x0f, 0x10], 16, 1], [[0x66], [0x0f, 0x28], 16, 16], [[0x66], [0x0f, 0x10], 16, 1],
    [[0x66], [0x0f, 0x6f], 16, 16], [[0xf3], [0x0f, 0x6f], 16, 1], [[0xf3], [0x0f, 0x10], 4, 1], [[0xf2], [0x0f, 0x10], 8, 1],
    [[0xf3], [0x0f, 0x7e], 8, 1], [[0x66], [0x0f, 0x6e], 4, 1],
  ];
  const stores: [number[], number[], number, number][] = [
    [[], [0x0f, 0x29], 16, 16], [[], [0x0f, 0x11], 16, 1], [[0x66], [0x0f, 0x7f], 16, 16], [[0xf3], [0x0f, 0x7f], 16, 1],
    [[0xf3], [0x0f, 0x11], 4, 1], [[0xf2], [0x0f, 0x11], 8, 1], [[0x66], [0x0f, 0xd6], 8, 1], [[0x66], [0x0f, 0x7e], 4, 1],
    [[], [0x0f, 0x13], 8, 1], [[], [0x0f, 0x17], 8, 1], [[0x66], [0x0f, 0x13], 8, 1], [[0x66], [0x0f, 0x17], 8, 1],
    [[0x66], [0x0f, 0xe7], 16, 16],
  ];
  for (let i = 0; i < n * 3; i++) {
    const b = mk();
    const f = r.int(4);
    let code: number[];
    if (f === 0) { const [p, o, s, a] = r.pick(loads); code = sseRM(r, b, p, o, s, a); }
    else if (f === 1) { const [p, o, s, a] = r.pick(stores); code = encode({ pfx: p, op: o, reg: r.int(16), rm: b.mem_(s, [], a) }); }
    else if (f === 2) { // movhps/movlps/movhpd/movlpd loads, movhlps/movlhps
      const [p, o] = r.pick([[[], [0x0f, 0x12]], [[], [0x0f, 0x16]], [[0x66], [0x0f, 0x12]], [[0x66], [0x0f, 0x16]]] as const);
      code = r.bool() || p.length ? encode({ pfx: [...p], op: [...o], reg: r.int(16), rm: b.mem_(8) })
        : encode({ op: [...o], reg: r.int(16), rm: { kind: "reg", reg: r.int(16) } });
    } else { // movd/movq between GPR and xmm
      const reg = r.int(16), g = r.int(16);
      b.gpr[g] = interesting(r, 64);
      const wide = r.bool();
      code = encode({ pfx: [0x66], w: wide ? 64 : undefined, op: [0x0f, r.bool() ? 0x6e : 0x7e], reg, rm: { kind: "reg", reg: g } });
    }
    emit("sse-move", b, code);
  }
};

const sseShuffle: Family = (r, n, emit, mk) => {
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const f = r.int(8);
    let code: number[];
    if (f === 0) code = sseRM(r, b, [0x66], [0x0f, 0x70], 16, 16, [r.int(256)]);       // pshufd
    else if (f === 1) code = sseRM(r, b, [0xf2], [0x0f, 0x70], 16, 16, [r.int(256)]);  // pshuflw
    else if (f === 2) code = sseRM(r, b, [0xf3], [0x0f, 0x70], 16, 16, [r.int(256)]);  // pshufhw
    else if (f === 3) code = sseRM(r, b, [], [0x0f, 0xc6], 16, 16, [r.int(256)]);      // shufps
    else if (f === 4) code = sseRM(r, b, [0x66], [0x0f, 0xc6], 16, 16, [r.int(4)]);    // shufpd
    else if (f === 5) code = sseRM(r, b, r.pick([[], [0x66]]), [0x0f, r.pick([0x14, 0x15])], 16, 16); // unpck
    else if (f === 6) { const g = r.int(16); b.gpr[g] = r.u64(); code = encode({ pfx: [0x66], op: [0x0f, 0xc4], reg: r.int(16), rm: { kind: "reg", reg: g }, imm: [r.int(256)] }); } // pinsrw
    else code = encode({ pfx: [0x66], op: [0x0f, 0xc5], reg: r.int(16), rm: { kind: "reg", reg: r.int(16) }, imm: [r.int(256)] }); // pextrw
    emit("sse-shuffle", b, code);
  }
};

function fpSetup(r: Rng, b: Builder, single: boolean) {
  for (let k = 0; k < 16; k++) b.xmm[k] = fpXmm(r, single);
  // memory operands get FP values too
  const src = fpXmm(r, single);
  for (let k = 0; k < SCRATCH_SIZE; k += 16) leBig(k % 32 ? src : fpXmm(r, single), 16).forEach((x, j) => (b.mem[k + j] = x));
  if (r.int(4) === 0) b.mxcsr = 0x1f80 | (r.int(4) << 13);
  if (r.int(16) === 0) b.mxcsr |= 0x8040; // FTZ + DAZ
}

const sseFp: Family = (r, n, emit, mk) => {
  const arith = [0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f, 0x51];
  const kinds: [number[], boolean, number, string][] = [[[0xf3], true, 4, "ss"], [[0xf2], false, 8, "sd"], [[], true, 16, "ps"], [[0x66], false, 16, "pd"]];
  for (let i = 0; i < n * 6; i++) {
    const b = mk();
    const [pfx, single, size] = r.pick(kinds);
    fpSetup(r, b, single);
    const op = r.pick(arith);
    const fam = op === 0x51 || op === 0x5d || op === 0x5f ? "sse-fp-minmax-sqrt" : "sse-fp-arith";
    emit(fam, b, sseRM(r, b, pfx, [0x0f, op], size, 16));
  }
  // logic
  for (let i = 0; i < n; i++) {
    const b = mk();
    fpSetup(r, b, r.bool());
    emit("sse-fp-logic", b, sseRM(r, b, r.pick([[], [0x66]]), [0x0f, r.pick([0x54, 0x55, 0x56, 0x57])], 16, 16));
  }
  // comparisons
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    const single = r.bool();
    fpSetup(r, b, single);
    if (r.bool()) { const x = b.xmm[r.int(16)]!; b.xmm[r.int(16)] = x; }
    if (r.bool()) { // comisd/ucomisd/comiss/ucomiss
      emit("sse-comi", b, sseRM(r, b, single ? [] : [0x66], [0x0f, r.pick([0x2e, 0x2f])], single ? 4 : 8, 1));
    } else {
      const choices: [number[], number][] = single ? [[[0xf3], 4], [[], 16]] : [[[0xf2], 8], [[0x66], 16]];
      const [pfx, size] = r.pick(choices);
      emit("sse-cmp", b, sseRM(r, b, [...pfx], [0x0f, 0xc2], size, 16, [r.int(8)]));
    }
  }
  // conversions
  for (let i = 0; i < n * 4; i++) {
    const b = mk();
    const f = r.int(6);
    let code: number[];
    if (f === 0) { // cvt(t)sd2si / cvt(t)ss2si into r32/r64
      const single = r.bool();
      fpSetup(r, b, single);
      const rm: RM = r.int(3) ? { kind: "reg", reg: r.int(16) } : b.mem_(single ? 4 : 8);
      code = encode({ pfx: [single ? 0xf3 : 0xf2], w: r.bool() ? 64 : 32, op: [0x0f, r.pick([0x2c, 0x2d])], reg: r.int(16), rm });
    } else if (f === 1) { // cvtsi2sd / cvtsi2ss from r32/r64
      const g = r.int(16);
      b.gpr[g] = interesting(r, 64);
      if (r.int(4) === 0) b.mxcsr = 0x1f80 | (r.int(4) << 13);
      code = encode({ pfx: [r.bool() ? 0xf3 : 0xf2], w: r.bool() ? 64 : 32, op: [0x0f, 0x2a], reg: r.int(16), rm: r.bool() ? { kind: "reg", reg: g } : b.mem_(8) });
    } else if (f === 2) { // cvtss2sd / cvtsd2ss
      const toDouble = r.bool();
      fpSetup(r, b, toDouble);
      code = sseRM(r, b, [toDouble ? 0xf3 : 0xf2], [0x0f, 0x5a], toDouble ? 4 : 8, 1);
    } else if (f === 3) { // cvtps2pd / cvtpd2ps
      const toDouble = r.bool();
      fpSetup(r, b, toDouble);
      code = sseRM(r, b, toDouble ? [] : [0x66], [0x0f, 0x5a], toDouble ? 8 : 16, toDouble ? 1 : 16);
    } else if (f === 4) { // cvtdq2ps, cvtps2dq, cvttps2dq
      const [pfx, fromInt] = r.pick([[[], true], [[0x66], false], [[0xf3], false]] as const);
      if (fromInt) for (let k = 0; k < 16; k++) b.xmm[k] = r.bool() ? b.xmm[k]! : (interesting(r, 64) << 64n) | interesting(r, 64);
      else fpSetup(r, b, true);
      code = sseRM(r, b, [...pfx], [0x0f, 0x5b], 16, 16);
    } else { // cvtdq2pd (f3 e6), cvtpd2dq (f2 e6), cvttpd2dq (66 e6)
      const [pfx, fromInt] = r.pick([[[0xf3], true], [[0xf2], false], [[0x66], false]] as const);
      if (!fromInt) fpSetup(r, b, false);
      code = sseRM(r, b, [...pfx], [0x0f, 0xe6], fromInt ? 8 : 16, fromInt ? 1 : 16);
    }
    emit("sse-cvt", b, code);
  }
};

/**
 * Short sequences of flag-producing and flag-consuming instructions on registers: catches lazy-flag
 * bugs (inc/dec keep CF, a shift by 0 keeps everything, adc/sbb/setcc/cmovcc/jcc read what the previous
 * instructions left). Only instructions whose condition-flag results are defined are used, so the only
 * flag that can be undefined is AF (after logical ops and shifts), which no condition reads.
 */
const sequences: Family = (r, n, emit, mk) => {
  const regs = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let i = 0; i < n * 3; i++) {
    const b = mk();
    let afUndef = false;
    const code: number[] = [];
    const len = 2 + r.int(4);
    for (let k = 0; k < len; k++) {
      const w = r.pick(W);
      const a = r.pick(regs), c = r.pick(regs);
      const kind = r.int(12);
      if (kind <= 2) { // ALU reg, reg
        const op = r.int(8);
        code.push(...encode({ w, forceRex: w === 8, op: [op * 8 + (w === 8 ? 0 : 1)], reg: a, rm: { kind: "reg", reg: c } }));
        afUndef = op === 1 || op === 4 || op === 6;
      } else if (kind === 3) { // ALU reg, imm8
        const op = r.int(8);
        const ww = w === 8 ? 32 : w;
        code.push(...encode({ w: ww, op: [0x83], reg: op, rm: { kind: "reg", reg: c }, imm: [r.pick([0, 1, 0xff, 0x7f, 0x80, r.int(256)])] }));
        afUndef = op === 1 || op === 4 || op === 6;
      } else if (kind === 4) { // inc/dec/neg/not
        const d = r.int(4);
        code.push(...encode({ w, forceRex: w === 8, op: [d < 2 ? (w === 8 ? 0xfe : 0xff) : (w === 8 ? 0xf6 : 0xf7)], reg: d < 2 ? d : d, rm: { kind: "reg", reg: c } }));
        if (d === 0 || d === 1 || d === 3) afUndef = false;
      } else if (kind === 5) { // shift/rotate by 1, or any shift by 0
        const digit = r.int(8);
        if (r.int(3) === 0) code.push(...encode({ w, forceRex: w === 8, op: [w === 8 ? 0xc0 : 0xc1], reg: digit, rm: { kind: "reg", reg: c }, imm: [0] }));
        else { code.push(...encode({ w, forceRex: w === 8, op: [w === 8 ? 0xd0 : 0xd1], reg: digit, rm: { kind: "reg", reg: c } })); if (digit >= 4) afUndef = true; }
      } else if (kind === 6) { // setcc
        code.push(...encode({ forceRex: true, op: [0x0f, 0x90 + r.int(16)], reg: 0, rm: { kind: "reg", reg: c } }));
      } else if (kind === 7) { // cmovcc
        code.push(...encode({ w: r.pick([16, 32, 64] as const), op: [0x0f, 0x40 + r.int(16)], reg: a, rm: { kind: "reg", reg: c } }));
      } else if (kind === 8) { // jcc over "inc rax" (which sets flags except CF when not taken)
        code.push(0x70 + r.int(16), 3, 0x48, 0xff, 0xc0);
      } else if (kind === 9) { // clc / stc / cmc
        code.push(r.pick([0xf8, 0xf9, 0xf5]));
      } else if (kind === 10) { // test
        code.push(...encode({ w, forceRex: w === 8, op: [w === 8 ? 0x84 : 0x85], reg: a, rm: { kind: "reg", reg: c } }));
        afUndef = true;
      } else { // lea / mov: no flags
        code.push(...encode({ w: 64, op: [0x8d], reg: c, rm: { kind: "mem", base: a, index: null, scale: 1, disp: r.int(256) - 128 } }));
      }
      if (code.length > 40) break;
    }
    for (const x of regs) b.gpr[x] = interesting(r, r.pick(W));
    b.undefFlags = afUndef ? AF : 0;
    emit("sequence", b, code);
  }
};

/** lzcnt / tzcnt (ABM, BMI1): CF = source is zero, ZF = result is zero; the rest undefined. */
function countZeros(op: number, fam: string): Family {
  return (r, n, emit, mk) => {
    for (let i = 0; i < n; i++) {
      const b = mk();
      b.undefFlags = OF | SF | AF | PF;
      const w = r.pick([16, 32, 64] as const);
      const reg = r.int(16);
      const rm: RM = r.bool() ? regRM(r) : b.mem_(w / 8, [reg]);
      if (rm.kind === "reg") b.gpr[rm.reg] = r.int(4) === 0 ? 0n : interesting(r, w);
      emit(fam, b, encode({ pfx: [0xf3], w, op: [0x0f, op], reg, rm }));
    }
  };
}

/** SSE3 / SSSE3 / SSE4.1 integer and move instructions, tested only if sysgate advertises them. */
function sseExt(fam: string, forms: [number[], number[], number, boolean][]): Family {
  // [prefix, opcode, memory operand size, takes imm8]
  return (r, n, emit, mk) => {
    for (let i = 0; i < n * 2; i++) {
      const b = mk();
      const [pfx, op, size, imm] = r.pick(forms);
      if (fam === "sse3") fpSetup(r, b, r.bool());
      emit(fam, b, sseRM(r, b, pfx, op, size, 16, imm ? [r.int(256)] : undefined));
    }
  };
}

const SSE3_FORMS: [number[], number[], number, boolean][] = [
  [[0xf2], [0x0f, 0x12], 8, false], [[0xf3], [0x0f, 0x16], 16, false], [[0xf3], [0x0f, 0x12], 16, false],
  [[0x66], [0x0f, 0x7c], 16, false], [[0xf2], [0x0f, 0x7c], 16, false], [[0x66], [0x0f, 0xd0], 16, false], [[0xf2], [0x0f, 0xd0], 16, false],
];
const SSSE3_FORMS: [number[], number[], number, boolean][] = [
  [[0x66], [0x0f, 0x38, 0x00], 16, false], [[0x66], [0x0f, 0x3a, 0x0f], 16, true], [[0x66], [0x0f, 0x38, 0x1c], 16, false],
  [[0x66], [0x0f, 0x38, 0x1d], 16, false], [[0x66], [0x0f, 0x38, 0x1e], 16, false], [[0x66], [0x0f, 0x38, 0x04], 16, false],
  [[0x66], [0x0f, 0x38, 0x0b], 16, false], [[0x66], [0x0f, 0x38, 0x01], 16, false], [[0x66], [0x0f, 0x38, 0x02], 16, false],
  [[0x66], [0x0f, 0x38, 0x08], 16, false], [[0x66], [0x0f, 0x38, 0x0a], 16, false],
];
const SSE41_FORMS: [number[], number[], number, boolean][] = [
  ...[0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x29, 0x17, 0x2b].map((o): [number[], number[], number, boolean] => [[0x66], [0x0f, 0x38, o], 16, false]),
  ...[0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35].map((o): [number[], number[], number, boolean] => [[0x66], [0x0f, 0x38, o], 8, false]),
  [[0x66], [0x0f, 0x3a, 0x0e], 16, true], [[0x66], [0x0f, 0x3a, 0x0c], 16, true], [[0x66], [0x0f, 0x3a, 0x0d], 16, true],
  [[0x66], [0x0f, 0x3a, 0x0a], 4, true], [[0x66], [0x0f, 0x3a, 0x0b], 8, true], [[0x66], [0x0f, 0x3a, 0x08], 16, true], [[0x66], [0x0f, 0x3a, 0x09], 16, true],
];

// --- x87 -----------------------------------------------------------------------------------------

const C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;
const ext = (signExp: number, mant: bigint) => (BigInt(signExp) << 64n) | mant;
/** A double as an 80-bit value (normal doubles only). */
function d2ext(d: number): bigint {
  const b = d2b(d);
  const sign = Number(b >> 63n), e = Number((b >> 52n) & 0x7ffn), frac = b & ((1n << 52n) - 1n);
  if (e === 0) return ext(sign << 15, 0n);
  return ext((sign << 15) | (e - 1023 + 16383), (1n << 63n) | (frac << 11n));
}
const SPECIAL_X: bigint[] = [
  ext(0, 0n), ext(0x8000, 0n), ext(0x3fff, 1n << 63n), ext(0xbfff, 1n << 63n), ext(0x4000, 0xc90fdaa22168c235n),
  ext(0x7fff, 1n << 63n), ext(0xffff, 1n << 63n), ext(0x7fff, 0xc000000000000000n), ext(0xffff, 0xc000000000000000n),
  ext(0x7fff, 0xa000000000000000n) /* sNaN */, ext(0x0001, 1n << 63n), ext(0, 1n) /* denormal */, ext(0x7ffe, (1n << 64n) - 1n),
  ext(0x403e, 1n << 63n), ext(0xc03e, 1n << 63n), ext(0x401d, 0xfffffffe00000000n), d2ext(0.1), d2ext(0.5), d2ext(1.5),
  d2ext(2.5), d2ext(-2.5), d2ext(12345.678), d2ext(1e300), d2ext(1e-300), d2ext(1 / 3), d2ext(-0.75), d2ext(65535.5),
];
function x87Value(r: Rng): bigint {
  if (r.int(3) === 0) return ext((r.int(2) << 15) | (0x3fff + r.int(200) - 100), (1n << 63n) | (r.u64() >> 1n));
  return r.pick(SPECIAL_X);
}

const x87: Family = (r, n, emit, mk) => {
  const ARITH = C0 | C2 | C3;
  for (let i = 0; i < n * 8; i++) {
    const b = mk();
    const depth = r.int(9);
    const stack: bigint[] = [];
    for (let k = 0; k < depth; k++) stack.push(x87Value(r));
    const fcw = r.bool() ? 0x037f : 0x003f | (r.pick([0, 2, 3]) << 8) | (r.int(4) << 10) | 0x40;
    b.x87 = { fcw, stack };
    b.rflags = r.u32() & STATUS_FLAGS;
    const st = () => (depth > 0 && r.int(8) ? r.int(depth) : r.int(8));
    const f = r.int(12);
    let code: number[];
    let undef = ARITH;
    if (f === 0) { const op = r.int(8); code = [0xd8, 0xc0 + op * 8 + st()]; if (op === 2 || op === 3) undef = 0; }
    else if (f === 1) code = [r.pick([0xdc, 0xde]), 0xc0 + r.pick([0, 1, 4, 5, 6, 7]) * 8 + st()];
    else if (f === 2) { // one-byte-operand D9 group
      const op = r.pick([0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xfa, 0xfc, 0xfd, 0xc0 + st(), 0xc8 + st()]);
      code = [0xd9, op];
      if (op === 0xe4 || op === 0xe5 || op === 0xf5 || op === 0xf8) undef = 0;
      if (op >= 0xc8 && op < 0xd0) undef = C0 | C2 | C3;
    } else if (f === 3) { // fst/fstp/ffree st(i), fucom/fucomp, fucompp, fcompp
      const k = r.int(6);
      code = k === 4 ? [0xda, 0xe9] : k === 5 ? [0xde, 0xd9] : [0xdd, [0xd0, 0xd8, 0xc0, 0xe0][k]! + st()];
      if (k >= 3) undef = 0;
    } else if (f === 4) { // fcomi family: sets ZF PF CF, clears OF SF AF
      code = [r.pick([0xdb, 0xdf]), r.pick([0xe8, 0xf0]) + st()];
      undef = 0;
    } else if (f === 5) { // fcmovcc
      code = [r.pick([0xda, 0xdb]), 0xc0 + r.int(4) * 8 + st()];
    } else if (f === 6) { // fnstsw ax
      code = [0xdf, 0xe0];
      undef = 0;
    } else if (f === 7) { // fnstcw / fldcw
      const rm = b.mem_(2);
      const off = memTarget(b, rm);
      const cw = 0x007f | (r.pick([0, 2, 3]) << 8) | (r.int(4) << 10);
      b.mem[off] = cw & 0xff; b.mem[off + 1] = cw >> 8;
      code = encode({ op: [0xd9], reg: r.pick([5, 7]), rm });
      undef = C0 | C1 | C2 | C3;
    } else if (f === 8) { // loads from memory: fld m32/m64/m80, fild m16/m32/m64
      const [op, digit, size] = r.pick([[0xd9, 0, 4], [0xdd, 0, 8], [0xdb, 5, 10], [0xdf, 0, 2], [0xdb, 0, 4], [0xdf, 5, 8]] as const);
      const rm = b.mem_(size);
      const off = memTarget(b, rm);
      const v = size === 4 && op === 0xd9 ? fpSingle(r) : size === 8 && op === 0xdd ? fpDouble(r) : size === 10 ? x87Value(r) : interesting(r, size * 8);
      leBig(v, size).forEach((x, k) => (b.mem[off + k] = x));
      code = encode({ op: [op], reg: digit, rm });
    } else if (f === 9) { // stores: fst(p) m32/m64, fstp m80, fist(p) m16/m32, fistp m64
      const [op, digit, size] = r.pick([[0xd9, 2, 4], [0xd9, 3, 4], [0xdd, 2, 8], [0xdd, 3, 8], [0xdb, 7, 10], [0xdf, 2, 2], [0xdf, 3, 2], [0xdb, 2, 4], [0xdb, 3, 4], [0xdf, 7, 8]] as const);
      code = encode({ op: [op], reg: digit, rm: b.mem_(size) });
    } else { // arithmetic with a memory operand: m32fp, m64fp, m32int, m16int
      const [op, size, isInt] = r.pick([[0xd8, 4, false], [0xdc, 8, false], [0xda, 4, true], [0xde, 2, true]] as const);
      const rm = b.mem_(size);
      const off = memTarget(b, rm);
      const v = isInt ? interesting(r, size * 8) : size === 4 ? fpSingle(r) : fpDouble(r);
      leBig(v, size).forEach((x, k) => (b.mem[off + k] = x));
      const digit = r.int(8);
      code = encode({ op: [op], reg: digit, rm });
      if (digit === 2 || digit === 3) undef = 0;
    }
    b.undefFsw = undef;
    emit("x87", b, code);
  }
};

/**
 * Sequences mixing memory operands (through rbx = scratch+0x40), the stack (push/pop within scratch),
 * string stores and SSE integer ops: each instruction sees what the previous ones left in memory.
 */
const memSequences: Family = (r, n, emit, mk) => {
  const regs = [0, 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]; // not rbx (base), rsp, rdi (string dest)
  for (let i = 0; i < n * 2; i++) {
    const b = mk();
    b.gpr[3] = { scratch: 0x40 };
    b.gpr[7] = { scratch: 0x10 + r.int(16) };
    let afUndef = false;
    let pushes = 0;
    const code: number[] = [];
    const m = (size: number): RM => ({ kind: "mem", base: 3, index: null, scale: 1, disp: -0x40 + r.int(0x70 - size) });
    const len = 3 + r.int(5);
    for (let k = 0; k < len && code.length < 36; k++) {
      const w = r.pick(W);
      const a = r.pick(regs);
      const kind = r.int(8);
      if (kind <= 1) { const op = r.int(8); code.push(...encode({ w, forceRex: w === 8, op: [op * 8 + (w === 8 ? 0 : 1) + (r.bool() ? 2 : 0)], reg: a, rm: m(w / 8) })); afUndef = op === 1 || op === 4 || op === 6; }
      else if (kind === 2) { code.push(...encode({ w, forceRex: w === 8, op: [w === 8 ? 0x88 : 0x89], reg: a, rm: m(w / 8) })); }
      else if (kind === 3) { const d = r.int(4); code.push(...encode({ w, op: [w === 8 ? (d < 2 ? 0xfe : 0xf6) : (d < 2 ? 0xff : 0xf7)], reg: d, rm: m(w / 8) })); if (d !== 2) afUndef = false; }
      else if (kind === 4) { // push then maybe pop (stays inside scratch: rsp starts at +0xc0)
        if (pushes < 4 && r.bool()) { code.push(...(a & 8 ? [0x41] : []), 0x50 + (a & 7)); pushes++; }
        else if (pushes > 0) { code.push(...(a & 8 ? [0x41] : []), 0x58 + (a & 7)); pushes--; }
        else code.push(0x6a, r.int(256));
      } else if (kind === 5) { // SSE integer op on memory (movdqu load/store, paddd/pxor/pcmpeqb)
        const x = r.int(16);
        const op = r.pick([[0xf3, 0x0f, 0x6f], [0xf3, 0x0f, 0x7f], [0x66, 0x0f, 0xfe], [0x66, 0x0f, 0xef], [0x66, 0x0f, 0x74]]);
        const rm = m(16);
        if (op[0] === 0x66 && rm.kind === "mem") rm.disp = -0x40 + 16 * r.int(7); // aligned
        code.push(...encode({ pfx: [op[0]!], op: op.slice(1), reg: x, rm }));
      } else if (kind === 6) { // stosb/stosd with DF clear
        code.push(r.pick([0xaa, 0xab]));
      } else { // adc/sbb/cmovcc/setcc reading flags
        const f = r.int(3);
        if (f === 0) code.push(...encode({ w: 64, op: [r.pick([0x13, 0x1b])], reg: a, rm: m(8) }));
        else if (f === 1) code.push(...encode({ w: 64, op: [0x0f, 0x40 + r.int(16)], reg: a, rm: m(8) }));
        else code.push(...encode({ op: [0x0f, 0x90 + r.int(16)], reg: 0, rm: m(1) }));
        if (f === 0) afUndef = false;
      }
    }
    b.undefFlags = afUndef ? AF : 0;
    emit("sequence-mem", b, code);
  }
};

// ---------------------------------------------------------------------------------------------------

export const FAMILY_GROUPS: Record<string, Family> = {
  alu, test: test_, unary, shifts, shld, muldiv, bitops, misc, segment, conditional, moves, lea, atomics, strings, stack,
  sseInt, sseMove, sseShuffle, sseFp, sequences, memSequences, x87,
  faults, // last: without signal delivery each of its cases ends a run
};

/** Families whose cases need signal delivery in sysgate to run to completion. */
export const SIGNAL_FAMILIES = new Set(["faults"]);

export function generate(opts: GenOptions): TestCase[] {
  const cases: TestCase[] = [];
  let id = 0;
  const groups = { ...FAMILY_GROUPS } as Record<string, Family>;
  const f = opts.features ?? new Set<string>();
  if (f.has("popcnt")) groups.bitcount = bitcount;
  if (f.has("lzcnt")) groups.lzcnt = countZeros(0xbd, "lzcnt");
  if (f.has("bmi1")) groups.tzcnt = countZeros(0xbc, "tzcnt");
  if (f.has("sse3")) groups.sse3 = sseExt("sse3", SSE3_FORMS);
  if (f.has("ssse3")) groups.ssse3 = sseExt("ssse3", SSSE3_FORMS);
  if (f.has("sse4.1")) groups.sse41 = sseExt("sse4.1", SSE41_FORMS);
  const { faults: last, ...rest } = groups;
  for (const [gname, fam] of [...Object.entries(rest), ["faults", last!] as const]) {
    // One stream per group, so adding a group does not change the others' cases.
    let h = opts.seed >>> 0;
    for (const ch of gname) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    const r = new Rng(h);
    fam(r, opts.perFamily, (family, b, code) => {
      if (code.length > 48) throw new Error(`${family}: code too long`);
      cases.push(b.build(id++, family, code));
    }, () => new Builder(r));
  }
  return cases;
}
