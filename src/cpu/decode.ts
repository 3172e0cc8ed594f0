// The x86-64 decoder: bytes -> Insn records (handler + operand fields), and basic blocks of them.
// Anything not implemented decodes to the #UD handler, so the CPU never guesses.
import { Insn, Block, type Handler } from "./insn.js";
import { memoryFault } from "./fault.js";
import * as op from "./ops-int.js";
import { map0FReg, map0FMem, map0FImm, getX87Decoder } from "./ext.js";
import "./ops-sse.js";
import "./sse.js";
import "./x87.js";
import { elideDeadFlags } from "./dead-flags.js";
import { tagHot, fastPathsEnabled } from "./hot.js";

/** Where instruction bytes come from (GuestMemory satisfies it; fetch needs execute permission). */
export interface ByteSource {
  fetch8(addr: number): number;
}

const MAX_BLOCK = 64;
/** 32-bit register-register ALU handlers by /digit (adc/sbb use the generic one). */
const ALU32RR: Handler[] = [op.add32RR, op.or32RR, op.alu32RR, op.alu32RR, op.and32RR, op.sub32RR, op.xor32RR, op.cmp32RR];
const TWO32 = 4294967296;

// ---- decoder state (module-level: decoding is synchronous and not re-entrant) ----
let src: ByteSource;
let start = 0;
let p = 0;
let rex = 0;
let ripRel = false;
/** The decoded instruction ends a block (control transfer, syscall, trap). */
let ends = false;

class Invalid { }
const INVALID = new Invalid();

function fb(): number {
  if (p - start >= 15) throw INVALID;
  return src.fetch8(p++);
}
function imm8s(): number { return (fb() << 24) >> 24; }
function imm16(): number { const a = fb(); return a | (fb() << 8); }
function imm32(): number { const a = fb(), b = fb(), c = fb(); return a | (b << 8) | (c << 16) | (fb() << 24); }

function breg(r: number): number {
  return rex === 0 && r >= 4 && r < 8 ? 16 + r - 4 : r;
}

/** Parse ModRM (+SIB, displacement). byteRegs: operands are 8-bit registers. */
function modrm(i: Insn, byteRegs: boolean): number {
  const m = fb();
  i.modrm = m;
  const mod = m >> 6;
  const reg = ((m >> 3) & 7) | ((rex & 4) << 1);
  const rm = m & 7;
  i.reg = byteRegs ? breg(reg) : reg;
  if (mod === 3) {
    const r = rm | ((rex & 1) << 3);
    i.rm = byteRegs ? breg(r) : r;
    return m;
  }
  i.rm = -1;
  if (rm === 4) {
    const sib = fb();
    const idx = ((sib >> 3) & 7) | ((rex & 2) << 2);
    const base = sib & 7;
    i.scale = 1 << (sib >> 6);
    i.index = idx === 4 ? -1 : idx;
    if (base === 5 && mod === 0) { i.base = -1; i.disp = imm32(); return m; }
    i.base = base | ((rex & 1) << 3);
  } else if (rm === 5 && mod === 0) {
    i.base = -2;
    i.disp = imm32();
    ripRel = true;
    return m;
  } else {
    i.base = rm | ((rex & 1) << 3);
  }
  if (mod === 1) i.disp = imm8s();
  else if (mod === 2) i.disp = imm32();
  return m;
}

/** Immediate of operand size sz (8: imm32 sign-extended). Sets i.imm / i.immHi. */
function immZ(i: Insn, sz: number): void {
  if (sz === 1) { i.imm = fb(); i.immHi = 0; }
  else if (sz === 2) { i.imm = imm16(); i.immHi = 0; }
  else { i.imm = imm32(); i.immHi = sz === 8 ? i.imm >> 31 : 0; }
}
/** imm8 sign-extended to operand size sz. */
function immB(i: Insn, sz: number): void {
  const v = imm8s();
  i.imm = sz === 1 ? v & 0xff : sz === 2 ? v & 0xffff : v;
  i.immHi = sz === 8 ? v >> 31 : 0;
}

function set(i: Insn, fn: Handler): void { i.fn = fn; }
function branch(i: Insn, fn: Handler): void { i.fn = fn; ends = true; }

/**
 * Decode one instruction at `addr` into `i`. Returns false (with i.fn = #UD handler) for invalid or
 * unimplemented encodings. A fetch fault propagates as the shared MemoryFault.
 */
export function decodeInsn(source: ByteSource, addr: number, i: Insn): boolean {
  src = source; start = addr; p = addr; rex = 0; ripRel = false; ends = false;
  i.addr = addr; i.base = -1; i.index = -1; i.scale = 1; i.disp = 0; i.seg = 0; i.a32 = false;
  i.imm = 0; i.immHi = 0; i.imm2 = 0; i.op = 0; i.rep = 0; i.reg = 0; i.rm = 0; i.target = 0;
  i.modrm = -1; i.pfx = 0; i.opcode = 0;
  let ok = true;
  try {
    decodeBody(i);
  } catch (e) {
    if (e !== INVALID) throw e;
    ok = false;
  }
  if (!ok) {
    i.fn = op.ud;
    ends = true;
  }
  i.len = p - addr;
  i.next = addr + i.len;
  if (ripRel && ok) {
    i.disp = i.a32 ? ((i.next + i.disp) >>> 0) : i.next + i.disp;
  }
  i.dispLo = i.disp >>> 0;
  i.dispHi = i.base === -2 ? Math.floor(i.disp / TWO32) : i.disp < 0 ? -1 : 0;
  return ok;
}

/** Whether the last decodeInsn ended a block. */
export function lastEndsBlock(): boolean { return ends; }

function decodeBody(i: Insn): void {
  let osz16 = false, rep = 0, seg = 0, lastRep = 0;
  let b: number;
  for (;;) {
    b = fb();
    if (b === 0x66) { osz16 = true; rex = 0; continue; }
    if (b === 0x67) { i.a32 = true; rex = 0; continue; }
    if (b === 0xf2 || b === 0xf3) { rep = b === 0xf3 ? 1 : 2; lastRep = b; rex = 0; continue; }
    if (b === 0xf0) { rex = 0; continue; }
    if (b === 0x2e || b === 0x36 || b === 0x3e || b === 0x26) { rex = 0; continue; }
    if (b === 0x64) { seg = 1; rex = 0; continue; }
    if (b === 0x65) { seg = 2; rex = 0; continue; }
    if ((b & 0xf0) === 0x40) { rex = b; continue; }
    break;
  }
  void lastRep;
  i.seg = seg;
  i.rep = rep;
  i.pfx = rep === 1 ? 2 : rep === 2 ? 3 : osz16 ? 1 : 0;
  const w = (rex & 8) !== 0;
  const sz = w ? 8 : osz16 ? 2 : 4;
  const sz64 = osz16 ? 2 : 8;
  i.sz = sz;
  i.opcode = b;

  if (b < 0x40 && (b & 7) < 6) {
    // ALU block: 00-05 add, 08 or, 10 adc, 18 sbb, 20 and, 28 sub, 30 xor, 38 cmp
    i.op = b >> 3;
    switch (b & 7) {
      case 0: i.sz = 1; modrm(i, true); set(i, i.op === 7 ? op.cmp8EG : op.aluEG); return;
      case 1:
        modrm(i, false);
        if (i.rm >= 0) {
          if (sz === 8 && i.op === 0) set(i, op.add64RR);
          else if (sz === 8 && i.op === 5) set(i, op.sub64RR);
          else if (sz === 8 && i.op === 7) set(i, op.cmp64RR);
          else if (sz === 4) {
            set(i, ALU32RR[i.op]!);
          }
          else set(i, op.aluEG);
        } else set(i, op.aluEG);
        return;
      case 2: i.sz = 1; modrm(i, true); set(i, i.op === 7 ? op.cmp8GE : op.aluGE); return;
      case 3: modrm(i, false); set(i, op.aluGE); return;
      case 4: i.sz = 1; i.rm = 0; immZ(i, 1); set(i, i.op === 7 ? op.cmp8EI : op.aluEI); return;
      case 5: i.rm = 0; immZ(i, sz); set(i, op.aluEI); return;
    }
  }

  switch (b) {
    case 0x0f: return decode0F(i, sz);
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      i.sz = sz64; i.rm = (b & 7) | ((rex & 1) << 3); set(i, op.pushR); return;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
      i.sz = sz64; i.rm = (b & 7) | ((rex & 1) << 3); set(i, op.popR); return;
    case 0x63: // movsxd
      modrm(i, false); i.op = 4; set(i, w ? op.movsxGE : op.movGE); return;
    case 0x68: i.sz = sz64; immZ(i, sz64 === 2 ? 2 : 8); set(i, op.pushI); return;
    case 0x6a: i.sz = sz64; immB(i, sz64); set(i, op.pushI); return;
    case 0x69: modrm(i, false); immZ(i, sz); set(i, op.imulGEI); return;
    case 0x6b: modrm(i, false); immB(i, sz); set(i, op.imulGEI); return;
    case 0x6c: case 0x6d: case 0x6e: case 0x6f: case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
      if (b >= 0xe4 && b <= 0xe7) fb();
      branch(i, op.gp); return;
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
      const d = imm8s();
      i.op = b & 15; i.target = p + d; branch(i, op.jcc); return;
    }
    case 0x80: i.sz = 1; modrm(i, true); i.op = (i.modrm >> 3) & 7; immZ(i, 1); set(i, i.op === 7 ? op.cmp8EI : op.aluEI); return;
    case 0x81: case 0x83:
      modrm(i, false); i.op = (i.modrm >> 3) & 7;
      if (b === 0x81) immZ(i, sz); else immB(i, sz);
      if (i.rm >= 0 && sz === 8) set(i, i.op === 7 ? op.cmp64RI : i.op === 5 ? op.sub64RI : i.op === 0 ? op.add64RI : op.alu64RI);
      else set(i, i.rm >= 0 && sz === 4 ? op.alu32RI : op.aluEI);
      return;
    case 0x84: i.sz = 1; modrm(i, true); set(i, op.testEG); return;
    case 0x85:
      modrm(i, false);
      set(i, i.rm >= 0 && sz === 8 ? op.test64RR : i.rm >= 0 && sz === 4 ? op.test32RR : op.testEG); return;
    case 0x86: i.sz = 1; modrm(i, true); set(i, op.xchgEG); return;
    case 0x87: modrm(i, false); set(i, op.xchgEG); return;
    case 0x88: i.sz = 1; modrm(i, true); set(i, op.movEG); return;
    case 0x89:
      modrm(i, false);
      if (i.rm >= 0) set(i, sz === 8 ? op.mov64RR : sz === 4 ? op.mov32RR : op.movEG);
      else set(i, sz === 8 ? op.movStore64 : sz === 4 ? op.movStore32 : op.movEG);
      return;
    case 0x8a: i.sz = 1; modrm(i, true); set(i, op.movGE); return;
    case 0x8b:
      modrm(i, false);
      if (i.rm < 0) set(i, sz === 8 ? op.movLoad64 : sz === 4 ? op.movLoad32 : op.movGE);
      else if (sz === 8) { const t = i.rm; i.rm = i.reg; i.reg = t; set(i, op.mov64RR); }
      else if (sz === 4) { const t = i.rm; i.rm = i.reg; i.reg = t; set(i, op.mov32RR); }
      else set(i, op.movGE);
      return;
    case 0x8c:
      modrm(i, false);
      if (((i.modrm >> 3) & 7) > 5) throw INVALID;
      if (i.rm < 0) i.sz = 2;
      set(i, op.movFromSreg); return;
    case 0x8d: modrm(i, false); if (i.rm >= 0) throw INVALID; set(i, op.leaGE); return;
    case 0x8f:
      i.sz = sz64; modrm(i, false); if (((i.modrm >> 3) & 7) !== 0) throw INVALID;
      set(i, op.popE); return;
    case 0x90:
      if (rex & 1) { i.rm = 8; i.reg = 0; set(i, op.xchgEG); return; }
      set(i, op.nop); return;
    case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
      i.rm = (b & 7) | ((rex & 1) << 3); i.reg = 0; set(i, op.xchgEG); return;
    case 0x98: set(i, op.cbwFamily); return;
    case 0x99: set(i, op.cwdFamily); return;
    case 0x9b: set(i, op.nop); return; // fwait: no pending x87 exceptions are modelled
    case 0x9c: i.sz = sz64; set(i, op.pushf); return;
    case 0x9d: i.sz = sz64; set(i, op.popf); return;
    case 0x9e: set(i, op.sahf); return;
    case 0x9f: set(i, op.lahf); return;
    case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
      // mov with a 64-bit absolute address (32-bit with 0x67)
      if (!(b & 1)) i.sz = 1;
      let a: number;
      if (i.a32) a = imm32() >>> 0;
      else { const l = imm32() >>> 0, h = imm32(); a = h * TWO32 + l; }
      i.base = -2; i.disp = a; i.rm = -1; i.reg = 0;
      set(i, b < 0xa2 ? op.movGE : op.movEG); return;
    }
    case 0xa4: case 0xa5: if (!(b & 1)) i.sz = 1; if (rep) branch(i, op.movs); else set(i, op.movs); return;
    case 0xa6: case 0xa7: if (!(b & 1)) i.sz = 1; if (rep) branch(i, op.cmps); else set(i, op.cmps); return;
    case 0xa8: i.sz = 1; i.rm = 0; immZ(i, 1); set(i, op.testEI); return;
    case 0xa9: i.rm = 0; immZ(i, sz); set(i, op.testEI); return;
    case 0xaa: case 0xab: if (!(b & 1)) i.sz = 1; if (rep) branch(i, op.stos); else set(i, op.stos); return;
    case 0xac: case 0xad: if (!(b & 1)) i.sz = 1; if (rep) branch(i, op.lods); else set(i, op.lods); return;
    case 0xae: case 0xaf: if (!(b & 1)) i.sz = 1; if (rep) branch(i, op.scas); else set(i, op.scas); return;
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      i.sz = 1; i.rm = breg((b & 7) | ((rex & 1) << 3)); i.imm = fb(); set(i, op.movEI); return;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      i.rm = (b & 7) | ((rex & 1) << 3);
      if (sz === 8) { i.imm = imm32(); i.immHi = imm32(); }
      else immZ(i, sz);
      set(i, sz === 2 ? op.movEI : op.movRI); return;
    case 0xc0: i.sz = 1; modrm(i, true); i.op = (i.modrm >> 3) & 7; i.imm = fb(); set(i, op.shiftEI); return;
    case 0xc1: {
      modrm(i, false); i.op = (i.modrm >> 3) & 7; i.imm = fb();
      const n = i.imm & (sz === 8 ? 63 : 31);
      let fn: Handler = op.shiftEI;
      if (i.rm >= 0 && n !== 0 && sz === 4) {
        i.imm = n;
        if (i.op === 4 || i.op === 6) fn = op.shl32RI; else if (i.op === 5) fn = op.shr32RI; else if (i.op === 7) fn = op.sar32RI;
        else if (i.op === 0) fn = op.rol32RI; else if (i.op === 1) fn = op.ror32RI;
      } else if (i.rm >= 0 && n !== 0 && sz === 8) {
        i.imm = n;
        if (i.op === 4 || i.op === 6) fn = op.shl64RI; else if (i.op === 5) fn = op.shr64RI; else if (i.op === 7) fn = op.sar64RI;
      }
      set(i, fn); return;
    }
    case 0xc2: i.imm = imm16(); branch(i, op.ret); return;
    case 0xc3: i.imm = 0; branch(i, op.ret); return;
    case 0xc6: case 0xc7:
      if (b === 0xc6) { i.sz = 1; modrm(i, true); } else modrm(i, false);
      if (((i.modrm >> 3) & 7) !== 0) throw INVALID;
      immZ(i, i.sz); set(i, op.movEI); return;
    case 0xc8: i.imm = imm16(); i.imm2 = fb(); set(i, op.enter); return;
    case 0xc9: set(i, op.leave); return;
    case 0xcc: branch(i, op.int3); return;
    case 0xcd: fb(); branch(i, op.gp); return; // int n: no IDT gates for user mode here
    case 0xd0: i.sz = 1; modrm(i, true); i.op = (i.modrm >> 3) & 7; i.imm = 1; set(i, op.shiftEI); return;
    case 0xd1: modrm(i, false); i.op = (i.modrm >> 3) & 7; i.imm = 1; set(i, op.shiftEI); return;
    case 0xd2: i.sz = 1; modrm(i, true); i.op = (i.modrm >> 3) & 7; set(i, op.shiftECL); return;
    case 0xd3: modrm(i, false); i.op = (i.modrm >> 3) & 7; set(i, op.shiftECL); return;
    case 0xd7: set(i, op.xlat); return;
    case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf: {
      modrm(i, false);
      if (i.rm >= 0) i.rm &= 7;
      i.reg &= 7;
      const dec = getX87Decoder();
      const fn = dec === null ? null : dec(i, b, i.modrm);
      if (fn === null) throw INVALID;
      set(i, fn); return;
    }
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
      const d = imm8s();
      i.op = b - 0xe0; i.target = p + d; branch(i, op.loopOps); return;
    }
    case 0xe8: { const d = imm32(); i.target = p + d; branch(i, op.callRel); return; }
    case 0xe9: { const d = imm32(); i.target = p + d; branch(i, op.jmpRel); return; }
    case 0xeb: { const d = imm8s(); i.target = p + d; branch(i, op.jmpRel); return; }
    case 0xf4: case 0xfa: case 0xfb: branch(i, op.gp); return; // hlt, cli, sti
    case 0xf5: set(i, op.cmc); return;
    case 0xf6: case 0xf7: {
      if (b === 0xf6) { i.sz = 1; modrm(i, true); } else modrm(i, false);
      const d = (i.modrm >> 3) & 7;
      switch (d) {
        case 0: case 1: immZ(i, i.sz); set(i, op.testEI); return;
        case 2: set(i, op.notE); return;
        case 3: set(i, op.negE); return;
        case 4: set(i, op.mulE); return;
        case 5: set(i, op.imulE1); return;
        case 6: set(i, op.divE); return;
        default: set(i, op.idivE); return;
      }
    }
    case 0xf8: set(i, op.clc); return;
    case 0xf9: set(i, op.stc); return;
    case 0xfc: set(i, op.cld); return;
    case 0xfd: set(i, op.std); return;
    case 0xfe: {
      i.sz = 1; modrm(i, true);
      const d = (i.modrm >> 3) & 7;
      if (d > 1) throw INVALID;
      i.op = d; set(i, op.incdecE); return;
    }
    case 0xff: {
      modrm(i, false);
      const d = (i.modrm >> 3) & 7;
      switch (d) {
        case 0: case 1:
          i.op = d;
          set(i, i.rm >= 0 && sz === 4 ? op.incdec32R : i.rm >= 0 && sz === 8 ? op.incdec64R : op.incdecE); return;
        case 2: i.sz = 8; branch(i, op.callE); return;
        case 4: i.sz = 8; branch(i, op.jmpE); return;
        case 6: i.sz = sz64; set(i, op.pushE); return;
        default: throw INVALID;
      }
    }
    default:
      throw INVALID;
  }
}

function decode0F(i: Insn, sz: number): void {
  const b = fb();
  i.opcode = 0x100 | b;
  switch (b) {
    case 0x01: {
      const m = fb();
      if (m === 0xf9) { branch(i, op.rdtscp); return; } // rdtscp (not advertised in CPUID, but harmless)
      throw INVALID; // xgetbv (0xd0) and system instructions: #UD (no XSAVE/OSXSAVE)
    }
    case 0x05: branch(i, op.syscallOp); return;
    case 0x0b: throw INVALID; // ud2
    case 0x0d: modrm(i, false); if (i.rm >= 0) throw INVALID; set(i, op.nop); return; // prefetchw
    case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
      // prefetch hints, reserved-nop space, endbr64 (F3 0F 1E FA), multi-byte nop
      modrm(i, false);
      if (b === 0x18 && i.rm >= 0 && ((i.modrm >> 3) & 7) < 4) { /* hint nop with register operand */ }
      set(i, op.nop); return;
    case 0x31: set(i, op.rdtsc); return;
    case 0xa2: set(i, op.cpuidOp); return;
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      i.sz = sz; modrm(i, false); i.op = b & 15; set(i, op.cmovcc); return;
    case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
    case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f: {
      const d = imm32();
      i.op = b & 15; i.target = p + d; branch(i, op.jcc); return;
    }
    case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
    case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
      i.sz = 1; modrm(i, true); i.op = b & 15; set(i, op.setcc); return;
    case 0xa3: modrm(i, false); i.op = 0; set(i, op.btEG); return;
    case 0xab: modrm(i, false); i.op = 1; set(i, op.btEG); return;
    case 0xb3: modrm(i, false); i.op = 2; set(i, op.btEG); return;
    case 0xbb: modrm(i, false); i.op = 3; set(i, op.btEG); return;
    case 0xba: {
      modrm(i, false);
      const d = (i.modrm >> 3) & 7;
      if (d < 4) throw INVALID;
      i.op = d - 4; i.imm = fb(); set(i, op.btEI); return;
    }
    case 0xa4: modrm(i, false); i.op = 0; i.imm = fb(); set(i, op.shxd); return;
    case 0xa5: modrm(i, false); i.op = 0; i.imm2 = 1; set(i, op.shxd); return;
    case 0xac: modrm(i, false); i.op = 1; i.imm = fb(); set(i, op.shxd); return;
    case 0xad: modrm(i, false); i.op = 1; i.imm2 = 1; set(i, op.shxd); return;
    case 0xaf: modrm(i, false); set(i, op.imulGE); return;
    case 0xb0: i.sz = 1; modrm(i, true); set(i, op.cmpxchg); return;
    case 0xb1: modrm(i, false); set(i, op.cmpxchg); return;
    case 0xb6: modrm(i, true); i.op = 1; fixByteRm(i); set(i, op.movzxGE); return;
    case 0xb7: modrm(i, false); i.op = 2; set(i, op.movzxGE); return;
    case 0xbe: modrm(i, true); i.op = 1; fixByteRm(i); set(i, op.movsxGE); return;
    case 0xbf: modrm(i, false); i.op = 2; set(i, op.movsxGE); return;
    case 0xbc: case 0xbd:
      // with F3 these are tzcnt/lzcnt, which CPUs without BMI1/LZCNT (what we advertise) run as bsf/bsr
      modrm(i, false); i.op = b - 0xbc; set(i, op.bsfbsr); return;
    case 0xc0: i.sz = 1; modrm(i, true); set(i, op.xadd); return;
    case 0xc1: modrm(i, false); set(i, op.xadd); return;
    case 0xc7: {
      modrm(i, false);
      const d = (i.modrm >> 3) & 7;
      if (d !== 1 || i.rm >= 0) throw INVALID; // rdrand/rdseed (/6, /7) are not advertised
      set(i, op.cmpxchg8b16b); return;
    }
    case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf:
      i.rm = (b & 7) | ((rex & 1) << 3); set(i, op.bswapR); return;
    case 0x38: case 0x3a: throw INVALID; // SSSE3/SSE4 maps: not advertised
  }
  // The SSE / extension tables.
  const k = b * 4 + i.pfx;
  if (map0FReg[k] === undefined && map0FMem[k] === undefined) throw INVALID;
  i.sz = (rex & 8) !== 0 ? 8 : 4;
  modrm(i, false);
  const fn = i.rm >= 0 ? map0FReg[k] : map0FMem[k];
  if (fn === undefined) throw INVALID;
  if (map0FImm[k] !== 0) i.imm = fb();
  set(i, fn);
}

/** movzx/movsx with a byte register source: the reg field is a full register, rm a byte register. */
function fixByteRm(i: Insn): void {
  i.reg = ((i.modrm >> 3) & 7) | ((rex & 4) << 1);
}

/**
 * Decode a basic block starting at `rip`: up to MAX_BLOCK instructions, ending after a control transfer,
 * an invalid instruction, or when the next instruction would start on another page. A fetch fault on the
 * first instruction propagates (the CPU reports #PF at rip); later ones just end the block early.
 */
export function decodeBlock(source: ByteSource, rip: number): Block {
  const insns: Insn[] = [];
  const page = Math.floor(rip / 4096);
  let a = rip;
  for (;;) {
    const i = new Insn();
    try {
      decodeInsn(source, a, i);
    } catch (e) {
      if (e === memoryFault && insns.length > 0) break;
      throw e;
    }
    insns.push(i);
    a = i.next;
    if (ends || insns.length >= MAX_BLOCK || Math.floor(a / 4096) !== page) break;
  }
  if (fastPathsEnabled()) {
    elideDeadFlags(insns);
    tagHot(insns);
  }
  const blk = new Block(rip, insns);
  blk.n = insns.length;
  blk.end = a;
  blk.firstPage = page;
  blk.lastPage = Math.floor((a - 1) / 4096);
  return blk;
}

/** A ByteSource over a plain byte array (for tests and tools); bytes beyond the end read as a fault. */
export class ArrayByteSource implements ByteSource {
  constructor(public bytes: Uint8Array, public base = 0) {}
  fetch8(addr: number): number {
    const k = addr - this.base;
    if (k < 0 || k >= this.bytes.length) throw memoryFault.set(addr, 2, false);
    return this.bytes[k]!;
  }
}

const scratch = new Insn();
/**
 * Length of the instruction at bytes[offset], or -1 when this CPU does not implement it (#UD).
 * Used by the decoder test against iced-x86.
 */
export function decodeLength(bytes: Uint8Array, offset: number): number {
  const s = new ArrayByteSource(bytes, 0);
  try {
    return decodeInsn(s, offset, scratch) ? scratch.len : -1;
  } catch (e) {
    if (e === memoryFault) return -1;
    throw e;
  }
}
/** The handler name the decoder chose for the instruction at bytes[offset] (tests, debugging). */
export function decodeHandlerName(bytes: Uint8Array, offset: number): string {
  const s = new ArrayByteSource(bytes, 0);
  decodeInsn(s, offset, scratch);
  return scratch.fn.name;
}
