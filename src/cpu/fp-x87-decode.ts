/**
 * Decoder for the x87 escapes D8..DF: maps (opcode, ModRM) to handlers that call the X87 methods on
 * `cpu.x87`. Registered with ext.ts when x87.ts is imported. Unlisted encodings (fbld/fbstp,
 * fnsave/frstor, undocumented aliases) return null and decode to #UD.
 *
 * The decoder stores the ST(i) index (ModRM.rm, register forms) in i.rm and the operation (ModRM.reg)
 * in i.reg, as decode.ts leaves them; handlers read nothing else except the memory operand via cpu.ea.
 */
import type { Cpu } from "./cpu.js";
import type { Handler, Insn } from "./insn.js";
import { setX87Decoder } from "./ext.js";
import { Vector } from "./fault.js";

/**
 * Waiting instructions first deliver a pending unmasked x87 exception as #MF (Linux: SIGFPE). With
 * the default control word (all exceptions masked) this never fires.
 */
function wait(c: Cpu): void { if (c.x87.pendingMF) c.trap(Vector.MF); }

// ---------------------------------------------------------------------------------------------
// memory-operand arithmetic: ST(0) = ST(0) op m (op = ModRM.reg)

function arithM32(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemF32(c.mem.read32(c.ea(i))); f.opST0(i.reg, -1); }
function arithM64(c: Cpu, i: Insn): void { wait(c);
  const f = c.x87, a = c.ea(i);
  const lo = c.mem.read64(a);
  f.loadMemF64(lo, c.mem.hi32); f.opST0(i.reg, -1);
}
function arithMI32(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemI32(c.mem.read32(c.ea(i))); f.opST0(i.reg, -1); }
function arithMI16(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemI32((c.mem.read16(c.ea(i)) << 16) >> 16); f.opST0(i.reg, -1); }

// register forms
function arithST0(c: Cpu, i: Insn): void { wait(c); c.x87.opST0(i.reg, i.rm); }
function arithSTi(c: Cpu, i: Insn): void { wait(c); c.x87.opSTi(i.reg, i.rm, false); }
function arithSTiPop(c: Cpu, i: Insn): void { wait(c); c.x87.opSTi(i.reg, i.rm, true); }

// ---------------------------------------------------------------------------------------------
// loads and stores

function fldM32(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemF32(c.mem.read32(c.ea(i))); f.fldMem(false); }
function fldM64(c: Cpu, i: Insn): void { wait(c);
  const f = c.x87, a = c.ea(i);
  const lo = c.mem.read64(a);
  f.loadMemF64(lo, c.mem.hi32); f.fldMem(false);
}
function fldM80(c: Cpu, i: Insn): void { wait(c);
  const f = c.x87, a = c.ea(i);
  const lo = c.mem.read64(a), hi = c.mem.hi32;
  f.loadMemF80(lo, hi, c.mem.read16(a + 8)); f.fldMem(true);
}
function fildM16(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemI32((c.mem.read16(c.ea(i)) << 16) >> 16); f.fild(); }
function fildM32(c: Cpu, i: Insn): void { wait(c); const f = c.x87; f.loadMemI32(c.mem.read32(c.ea(i))); f.fild(); }
function fildM64(c: Cpu, i: Insn): void { wait(c);
  const f = c.x87, a = c.ea(i);
  const lo = c.mem.read64(a);
  f.loadMemInt(lo, c.mem.hi32); f.fild();
}
function fstM32(c: Cpu, i: Insn): void { wait(c); const a = c.ea(i), f = c.x87; f.fstM32(false); c.mem.write32(a, f.outLo); }
function fstpM32(c: Cpu, i: Insn): void { wait(c); const a = c.ea(i), f = c.x87; f.fstM32(true); c.mem.write32(a, f.outLo); }
function fstM64(c: Cpu, i: Insn): void { wait(c); const a = c.ea(i), f = c.x87; f.fstM64(false); c.mem.write64(a, f.outLo, f.outHi); }
function fstpM64(c: Cpu, i: Insn): void { wait(c); const a = c.ea(i), f = c.x87; f.fstM64(true); c.mem.write64(a, f.outLo, f.outHi); }
function fstpM80(c: Cpu, i: Insn): void { wait(c);
  const a = c.ea(i), f = c.x87;
  f.fstM80();
  c.mem.write64(a, f.outLo, f.outHi); c.mem.write16(a + 8, f.outSe);
}
function istFn(bits: number, pop: boolean, trunc: boolean): Handler {
  return (c: Cpu, i: Insn): void => {
    wait(c);
    const a = c.ea(i), f = c.x87;
    f.fist(bits, pop, trunc);
    if (bits === 16) c.mem.write16(a, f.outLo);
    else if (bits === 32) c.mem.write32(a, f.outLo);
    else c.mem.write64(a, f.outLo, f.outHi);
  };
}
const fistM16 = istFn(16, false, false), fistpM16 = istFn(16, true, false), fisttpM16 = istFn(16, true, true);
const fistM32 = istFn(32, false, false), fistpM32 = istFn(32, true, false), fisttpM32 = istFn(32, true, true);
const fistpM64 = istFn(64, true, false), fisttpM64 = istFn(64, true, true);

// ---------------------------------------------------------------------------------------------
// control

function fldcw(c: Cpu, i: Insn): void { wait(c); c.x87.setCw(c.mem.read16(c.ea(i))); }
function fnstcw(c: Cpu, i: Insn): void { c.mem.write16(c.ea(i), c.x87.cw); }
function fnstswM(c: Cpu, i: Insn): void { c.mem.write16(c.ea(i), c.x87.getSw()); }
function fnstswAX(c: Cpu): void { c.wrReg(0, 2, c.x87.getSw(), 0); }
const envBuf = new Int32Array(7);
function fnstenv(c: Cpu, i: Insn): void {
  const a = c.ea(i);
  c.x87.fnstenv(envBuf);
  for (let k = 0; k < 7; k++) c.mem.write32(a + 4 * k, envBuf[k]!);
}
function fldenv(c: Cpu, i: Insn): void { wait(c);
  const a = c.ea(i);
  for (let k = 0; k < 7; k++) envBuf[k] = c.mem.read32(a + 4 * k);
  c.x87.fldenv(envBuf);
}

/** fnsave m108: the environment, then ST(0)..ST(7) as 10-byte values; then fninit. */
function fnsave(c: Cpu, i: Insn): void {
  const a = c.ea(i), f = c.x87;
  f.storeEnv(envBuf);
  for (let k = 0; k < 7; k++) c.mem.write32(a + 4 * k, envBuf[k]!);
  for (let k = 0; k < 8; k++) {
    f.readST(k);
    c.mem.write64(a + 28 + 10 * k, f.outLo, f.outHi);
    c.mem.write16(a + 36 + 10 * k, f.outSe);
  }
  f.fninit();
}
/** frstor m108 */
function frstor(c: Cpu, i: Insn): void {
  wait(c);
  const a = c.ea(i), f = c.x87;
  for (let k = 0; k < 7; k++) envBuf[k] = c.mem.read32(a + 4 * k);
  f.fldenv(envBuf);
  const valid = f.valid;
  for (let k = 0; k < 8; k++) {
    const lo = c.mem.read64(a + 28 + 10 * k), hi = c.mem.hi32;
    f.writeST(k, lo, hi, c.mem.read16(a + 36 + 10 * k));
  }
  f.valid = valid; // the tag word from the environment decides which registers are empty
}

// ---------------------------------------------------------------------------------------------
// register-only instructions

function fldST(c: Cpu, i: Insn): void { wait(c); c.x87.fldST(i.rm); }
function fxch(c: Cpu, i: Insn): void { wait(c); c.x87.fxch(i.rm); }
function fstST(c: Cpu, i: Insn): void { wait(c); c.x87.fstST(i.rm, false); }
function fstpST(c: Cpu, i: Insn): void { wait(c); c.x87.fstST(i.rm, true); }
function ffree(c: Cpu, i: Insn): void { wait(c); c.x87.ffree(i.rm); }
function ffreep(c: Cpu, i: Insn): void { wait(c); c.x87.ffree(i.rm); c.x87.pop(); }
function fcomST(c: Cpu, i: Insn): void { wait(c); c.x87.fcom(i.rm, 0); }
function fcompST(c: Cpu, i: Insn): void { wait(c); c.x87.fcom(i.rm, 1); }
function fucomST(c: Cpu, i: Insn): void { wait(c); c.x87.fucom(i.rm, 0); }
function fucompST(c: Cpu, i: Insn): void { wait(c); c.x87.fucom(i.rm, 1); }
function fcompp(c: Cpu): void { wait(c); c.x87.fcom(1, 2); }
function fucompp(c: Cpu): void { wait(c); c.x87.fucom(1, 2); }
function fcomiFn(unordered: boolean, pop: boolean): Handler {
  return (c: Cpu, i: Insn): void => { wait(c); c.setStatusFlags(c.x87.fcomi(i.rm, unordered, pop)); };
}
const fcomi = fcomiFn(false, false), fcomip = fcomiFn(false, true);
const fucomi = fcomiFn(true, false), fucomip = fcomiFn(true, true);
/** fcmovcc: i.op holds the jcc-style condition code. */
function fcmov(c: Cpu, i: Insn): void { wait(c); c.x87.fcmov(i.rm, c.cond(i.op)); }
function nop(): void { /* fnop, fneni, fndisi, fsetpm */ }
function fldConst(c: Cpu, i: Insn): void { wait(c); c.x87.fldConst(i.rm); }

/** D9 E0..FF, indexed by ModRM & 0x1f. */
const D9_E0: (Handler | null)[] = [
  (c) => { wait(c); c.x87.fchs(); }, (c) => { wait(c); c.x87.fabs(); }, null, null, (c) => { wait(c); c.x87.ftst(); }, (c) => { wait(c); c.x87.fxam(); }, null, null,
  fldConst, fldConst, fldConst, fldConst, fldConst, fldConst, fldConst, null,
  (c) => { wait(c); c.x87.f2xm1(); }, (c) => { wait(c); c.x87.fyl2x(); }, (c) => { wait(c); c.x87.fptan(); }, (c) => { wait(c); c.x87.fpatan(); },
  (c) => { wait(c); c.x87.fxtract(); }, (c) => { wait(c); c.x87.fprem(true); }, (c) => { wait(c); c.x87.fdecstp(); }, (c) => { wait(c); c.x87.fincstp(); },
  (c) => { wait(c); c.x87.fprem(false); }, (c) => { wait(c); c.x87.fyl2xp1(); }, (c) => { wait(c); c.x87.fsqrt(); }, (c) => { wait(c); c.x87.fsincos(); },
  (c) => { wait(c); c.x87.frndint(); }, (c) => { wait(c); c.x87.fscale(); }, (c) => { wait(c); c.x87.fsin(); }, (c) => { wait(c); c.x87.fcos(); },
];

/** fcmov conditions for DA (reg 0..3) and DB (reg 0..3): B, E, BE, U / NB, NE, NBE, NU. */
const FCMOV_DA = [2, 4, 6, 10];
const FCMOV_DB = [3, 5, 7, 11];

/** Memory forms of D9, DB, DD and DF by ModRM.reg (null: not implemented, #UD). */
const D9_MEM: (Handler | null)[] = [fldM32, null, fstM32, fstpM32, fldenv, fldcw, fnstenv, fnstcw];
const DB_MEM: (Handler | null)[] = [fildM32, fisttpM32, fistM32, fistpM32, null, fldM80, null, fstpM80];
const DD_MEM: (Handler | null)[] = [fldM64, fisttpM64, fstM64, fstpM64, frstor, null, fnsave, fnstswM];
const DF_MEM: (Handler | null)[] = [fildM16, fisttpM16, fistM16, fistpM16, null, fildM64, null, fistpM64];
const fnclex: Handler = (c) => c.x87.fnclex();
const fninit: Handler = (c) => c.x87.fninit();

function decodeX87(i: Insn, opcode: number, modrm: number): Handler | null {
  const reg = i.reg & 7;
  if (i.rm < 0) {
    switch (opcode) {
      case 0xd8: return arithM32;
      case 0xdc: return arithM64;
      case 0xda: return arithMI32;
      case 0xde: return arithMI16;
      case 0xd9: return D9_MEM[reg]!;
      case 0xdb: return DB_MEM[reg]!;
      case 0xdd: return DD_MEM[reg]!;
      default: return DF_MEM[reg]!;
    }
  }
  switch (opcode) {
    case 0xd8: return arithST0;
    case 0xd9:
      switch (reg) {
        case 0: return fldST;
        case 1: return fxch;
        case 2: return modrm === 0xd0 ? nop : null;
        case 3: return fstpST; // undocumented alias of DD D8+i
        default: {
          const fn = D9_E0[modrm & 0x1f];
          if (fn !== null && fn !== undefined && (modrm & 0x1f) >= 8 && (modrm & 0x1f) < 15) i.rm = (modrm & 0x1f) - 8;
          return fn ?? null;
        }
      }
    case 0xda:
      if (reg < 4) { i.op = FCMOV_DA[reg]!; return fcmov; }
      return modrm === 0xe9 ? fucompp : null;
    case 0xdb:
      if (reg < 4) { i.op = FCMOV_DB[reg]!; return fcmov; }
      if (reg === 4) {
        if (modrm === 0xe2) return fnclex;
        if (modrm === 0xe3) return fninit;
        if (modrm === 0xe0 || modrm === 0xe1 || modrm === 0xe4) return nop;
        return null;
      }
      if (reg === 5) return fucomi;
      if (reg === 6) return fcomi;
      return null;
    case 0xdc:
      if (reg === 2) return fcomST;
      if (reg === 3) return fcompST;
      return arithSTi;
    case 0xdd:
      switch (reg) {
        case 0: return ffree;
        case 1: return fxch;
        case 2: return fstST;
        case 3: return fstpST;
        case 4: return fucomST;
        case 5: return fucompST;
        default: return null;
      }
    case 0xde:
      if (reg === 3) return modrm === 0xd9 ? fcompp : null;
      if (reg === 2) return fcompST; // undocumented alias
      return arithSTiPop;
    default: // DF
      switch (reg) {
        case 0: return ffreep;
        case 4: return modrm === 0xe0 ? fnstswAX : null;
        case 5: return fucomip;
        case 6: return fcomip;
        default: return null;
      }
  }
}

setX87Decoder(decodeX87);
