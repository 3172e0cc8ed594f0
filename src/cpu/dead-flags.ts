// Dead-flag elimination inside a decoded block.
//
// Most ALU results' flags are never read: the next flag-writing instruction overwrites them before any
// jcc/setcc/cmovcc/adc/pushf looks. After a block is decoded, a backward pass finds instructions whose
// flag output is dead and swaps their handler for a variant that computes only the result.
//
// Liveness is deliberately conservative:
// - flags are live at the end of every block;
// - an instruction "kills" the flags before it only if it writes all six status flags from its operands
//   alone and cannot fault (register forms), so a fault never exposes a stale flag state;
// - "transparent" instructions neither read nor replace the flags (or only pass them through, like
//   rol/ror and inc/dec, whose flags are dead exactly when the pass-through is) and cannot fault;
// - anything else is treated as a reader (a barrier).
import type { Cpu } from "./cpu.js";
import type { Insn, Handler } from "./insn.js";
import * as op from "./ops-int.js";
import * as sse from "./ops-sse.js";

const enum Cls { Barrier = 0, Killer = 1, Transparent = 2 }

// ---- flag-free variants (same register semantics as the originals) ----

export function add32RRnf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! + c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function sub32RRnf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! - c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function xor32RRnf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! ^ c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function and32RRnf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! & c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function or32RRnf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! | c.lo[i.reg]!; c.hi[i.rm] = 0; }
export function flagsOnlyNf(): void { /* cmp/test whose flags nobody reads */ }

export function add64RRnf(c: Cpu, i: Insn): void {
  const d = i.rm, s = i.reg;
  const l = (c.lo[d]! >>> 0) + (c.lo[s]! >>> 0);
  c.hi[d] = c.hi[d]! + c.hi[s]! + (l > 0xffffffff ? 1 : 0);
  c.lo[d] = l;
}
export function sub64RRnf(c: Cpu, i: Insn): void {
  const d = i.rm, s = i.reg;
  const l = (c.lo[d]! >>> 0) - (c.lo[s]! >>> 0);
  c.hi[d] = c.hi[d]! - c.hi[s]! - (l < 0 ? 1 : 0);
  c.lo[d] = l;
}
export function add64RInf(c: Cpu, i: Insn): void {
  const d = i.rm;
  const l = (c.lo[d]! >>> 0) + (i.imm >>> 0);
  c.hi[d] = c.hi[d]! + i.immHi + (l > 0xffffffff ? 1 : 0);
  c.lo[d] = l;
}
export function sub64RInf(c: Cpu, i: Insn): void {
  const d = i.rm;
  const l = (c.lo[d]! >>> 0) - (i.imm >>> 0);
  c.hi[d] = c.hi[d]! - i.immHi - (l < 0 ? 1 : 0);
  c.lo[d] = l;
}
export function alu32RInf(c: Cpu, i: Insn): void {
  const d = i.rm, a = c.lo[d]!, b = i.imm;
  let r: number;
  switch (i.op) {
    case 0: r = a + b; break;
    case 1: r = a | b; break;
    case 4: r = a & b; break;
    case 5: r = a - b; break;
    default: r = a ^ b; break; // 6
  }
  c.lo[d] = r; c.hi[d] = 0;
}
export function alu64RInf(c: Cpu, i: Insn): void {
  const d = i.rm;
  switch (i.op) {
    case 0: add64RInf(c, i); return;
    case 5: sub64RInf(c, i); return;
    case 1: c.lo[d] = c.lo[d]! | i.imm; c.hi[d] = c.hi[d]! | i.immHi; return;
    case 4: c.lo[d] = c.lo[d]! & i.imm; c.hi[d] = c.hi[d]! & i.immHi; return;
    default: c.lo[d] = c.lo[d]! ^ i.imm; c.hi[d] = c.hi[d]! ^ i.immHi; return; // 6
  }
}
export function shl32RInf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! << i.imm; c.hi[i.rm] = 0; }
export function shr32RInf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! >>> i.imm; c.hi[i.rm] = 0; }
export function sar32RInf(c: Cpu, i: Insn): void { c.lo[i.rm] = c.lo[i.rm]! >> i.imm; c.hi[i.rm] = 0; }
export function rol32RInf(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm;
  c.lo[i.rm] = (a << n) | (a >>> (32 - n)); c.hi[i.rm] = 0;
}
export function ror32RInf(c: Cpu, i: Insn): void {
  const a = c.lo[i.rm]!, n = i.imm;
  c.lo[i.rm] = (a >>> n) | (a << (32 - n)); c.hi[i.rm] = 0;
}
export function shl64RInf(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm; // 1..63
  if (n < 32) { c.hi[r] = (h << n) | (l >>> (32 - n)); c.lo[r] = l << n; }
  else { c.hi[r] = l << (n - 32); c.lo[r] = 0; }
}
export function shr64RInf(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm;
  if (n < 32) { c.lo[r] = (l >>> n) | (h << (32 - n)); c.hi[r] = h >>> n; }
  else { c.lo[r] = h >>> (n - 32); c.hi[r] = 0; }
}
export function sar64RInf(c: Cpu, i: Insn): void {
  const r = i.rm, l = c.lo[r]!, h = c.hi[r]!, n = i.imm;
  if (n < 32) { c.lo[r] = (l >>> n) | (h << (32 - n)); c.hi[r] = h >> n; }
  else { c.lo[r] = h >> (n - 32); c.hi[r] = h >> 31; }
}
export function incdec32Rnf(c: Cpu, i: Insn): void {
  c.lo[i.rm] = i.op === 1 ? c.lo[i.rm]! - 1 : c.lo[i.rm]! + 1; c.hi[i.rm] = 0;
}
export function incdec64Rnf(c: Cpu, i: Insn): void {
  const d = i.rm, l = c.lo[d]!;
  if (i.op === 1) { c.lo[d] = l - 1; if (l === 0) c.hi[d] = c.hi[d]! - 1; }
  else { c.lo[d] = l + 1; if (l === -1) c.hi[d] = c.hi[d]! + 1; }
}

/** op r32, r/m32 for add/or/and/sub/xor (the memory form may fault before writing anything). */
export function aluGE32nf(c: Cpu, i: Insn): void {
  const b = i.rm >= 0 ? c.lo[i.rm]! : c.mem.read32(c.ea(i)), a = c.lo[i.reg]!;
  let r: number;
  switch (i.op) {
    case 0: r = a + b; break;
    case 1: r = a | b; break;
    case 4: r = a & b; break;
    case 5: r = a - b; break;
    default: r = a ^ b; break; // 6
  }
  c.lo[i.reg] = r; c.hi[i.reg] = 0;
}

/** Register-operand killers: all flags written from operands only, no fault possible. */
const killerNf = new Map<Handler, Handler>([
  [op.add32RR, add32RRnf], [op.sub32RR, sub32RRnf], [op.xor32RR, xor32RRnf], [op.and32RR, and32RRnf],
  [op.or32RR, or32RRnf], [op.cmp32RR, flagsOnlyNf], [op.test32RR, flagsOnlyNf], [op.test64RR, flagsOnlyNf],
  [op.add64RR, add64RRnf], [op.sub64RR, sub64RRnf], [op.cmp64RR, flagsOnlyNf],
  [op.add64RI, add64RInf], [op.sub64RI, sub64RInf], [op.cmp64RI, flagsOnlyNf],
  [op.shl32RI, shl32RInf], [op.shr32RI, shr32RInf], [op.sar32RI, sar32RInf],
  [op.shl64RI, shl64RInf], [op.shr64RI, shr64RInf], [op.sar64RI, sar64RInf],
]);
/** Pass-through instructions with a flag-free variant (their flags depend on the previous ones). */
const passNf = new Map<Handler, Handler>([
  [op.rol32RI, rol32RInf], [op.ror32RI, ror32RInf], [op.incdec32R, incdec32Rnf], [op.incdec64R, incdec64Rnf],
]);
/** Register-only instructions that leave the flags alone and cannot fault. */
const neutral = new Set<Handler>([op.mov32RR, op.mov64RR, op.movRI, op.leaGE, op.nop]);
/** SSE integer handlers: they never touch RFLAGS (transparent in their register forms). */
const sseNoFlags = new Set<Handler>([sse.movLoadA, sse.movLoadU, sse.movStoreA, sse.movStoreU, sse.por, sse.pxor,
  sse.pand, sse.pandn, sse.dwordLanes, sse.shiftImm, sse.movqLoad, sse.movqStore, sse.punpck, sse.pack, sse.pshufd]);

function classify(i: Insn): Cls {
  const f = i.fn;
  if (killerNf.has(f)) return Cls.Killer;
  if (passNf.has(f) || neutral.has(f)) return Cls.Transparent;
  if ((f === op.alu32RI || f === op.alu64RI) && i.op !== 2 && i.op !== 3) return Cls.Killer;
  if ((f === op.notE || f === op.movzxGE || f === op.movsxGE) && i.rm >= 0) return Cls.Transparent;
  if (sseNoFlags.has(f) && i.rm >= 0) {
    // shiftImm raises #UD for unassigned /digits: only the always-valid ones are transparent
    if (f === sse.shiftImm) { const g = (i.modrm >> 3) & 7; return g === 2 || g === 6 ? Cls.Transparent : Cls.Barrier; }
    return Cls.Transparent;
  }
  if (f === op.aluGE && i.rm >= 0 && i.op !== 2 && i.op !== 3) return Cls.Killer;
  return Cls.Barrier;
}

function flagFree(i: Insn): Handler | undefined {
  const f = i.fn;
  const k = killerNf.get(f);
  if (k !== undefined) return k;
  const p = passNf.get(f);
  if (p !== undefined) return p;
  if (i.op !== 2 && i.op !== 3) {
    if (f === op.aluGE && i.sz === 4 && i.op !== 7) return aluGE32nf;
    if (f === op.alu32RI) return i.op === 7 ? flagsOnlyNf : alu32RInf;
    if (f === op.alu64RI) return i.op === 7 ? flagsOnlyNf : alu64RInf;
  }
  return undefined;
}

/** Replace handlers whose flag results are provably unused within the block. */
export function elideDeadFlags(insns: Insn[]): void {
  let live = true; // flags are live after the block
  for (let k = insns.length - 1; k >= 0; k--) {
    const i = insns[k]!;
    const cls = classify(i);
    if (!live) {
      const nf = flagFree(i);
      if (nf !== undefined) i.fn = nf;
    }
    if (cls === Cls.Killer) live = false;
    else if (cls === Cls.Barrier) live = true;
    // Transparent: live stays as it is
  }
}
