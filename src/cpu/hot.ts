// Inline dispatch for the most frequent handlers.
//
// Calling `insn.fn` is a megamorphic call site: for one-line handlers (register moves, flag-free ALU
// ops) the call costs more than the work. The decoder tags such instructions with a small `hot` number
// and the run loop (Cpu.run) executes them in a switch; everything else (hot = 0) is called as before.
// The switch cases must do exactly what the tagged handler does.
import type { Insn, Handler } from "./insn.js";
import * as op from "./ops-int.js";
import * as nf from "./dead-flags.js";
import * as sse from "./ops-sse.js";

export const enum Hot {
  Call = 0,
  Mov32RR, Mov64RR, MovRI,
  Add32RRnf, Sub32RRnf, Xor32RRnf, And32RRnf, Or32RRnf,
  Add32RR, Sub32RR, Xor32RR, And32RR, Or32RR, Cmp32RR, Test32RR,
  Rol32RInf, Ror32RInf, Shl32RInf, Shr32RInf,
  Add64RInf, Add64RRnf, Sub64RRnf,
  Cmp64RR, Cmp64RI, Test64RR,
  Jcc, MovLoad32, MovLoad64, MovStore32, MovStore64, Lea64, Nop, FlagsOnlyNf, Not32R, Lea32,
  /** SSE register forms: xmm rm -> xmm reg (moves: copy i.rm to i.reg; stores: i.reg to i.rm). */
  AluGE32nf, AluGE32, Alu32RI, Add64RI, Sub64RI, MovzxM, Incdec32Rnf, Incdec64Rnf, JmpRel, Push64R, Pop64R,
  /** mov r32, r32 fused with the following register instruction (run as one dispatch). */
  MovMov, MovRor, MovRol, MovXor, MovAnd, MovAdd, MovOr, MovNot, MovShr, MovShl,
  /** flag-free op followed by a flag-free xor r32, r32 (the SHA-style "combine" step), one dispatch. */
  AndXor, RorXor, RolXor, XorXor, AddXor, ShrXor,
  XMovRR, XMovRRrev, XPor, XPxor, XPand, XPaddd, XPsrld, XPslld, XMovqLoadM, XMovqStoreM,
}

const table = new Map<Handler, Hot>([
  [op.mov32RR, Hot.Mov32RR], [op.mov64RR, Hot.Mov64RR], [op.movRI, Hot.MovRI],
  [nf.add32RRnf, Hot.Add32RRnf], [nf.sub32RRnf, Hot.Sub32RRnf], [nf.xor32RRnf, Hot.Xor32RRnf],
  [nf.and32RRnf, Hot.And32RRnf], [nf.or32RRnf, Hot.Or32RRnf],
  [op.add32RR, Hot.Add32RR], [op.sub32RR, Hot.Sub32RR], [op.xor32RR, Hot.Xor32RR], [op.and32RR, Hot.And32RR],
  [op.or32RR, Hot.Or32RR], [op.cmp32RR, Hot.Cmp32RR], [op.test32RR, Hot.Test32RR],
  [nf.rol32RInf, Hot.Rol32RInf], [nf.ror32RInf, Hot.Ror32RInf], [nf.shl32RInf, Hot.Shl32RInf], [nf.shr32RInf, Hot.Shr32RInf],
  [nf.add64RInf, Hot.Add64RInf], [nf.add64RRnf, Hot.Add64RRnf], [nf.sub64RRnf, Hot.Sub64RRnf],
  [op.cmp64RR, Hot.Cmp64RR], [op.cmp64RI, Hot.Cmp64RI], [op.test64RR, Hot.Test64RR],
  [op.jcc, Hot.Jcc], [op.movLoad32, Hot.MovLoad32], [op.movLoad64, Hot.MovLoad64],
  [op.movStore32, Hot.MovStore32], [op.movStore64, Hot.MovStore64], [op.nop, Hot.Nop], [nf.flagsOnlyNf, Hot.FlagsOnlyNf],
  [nf.aluGE32nf, Hot.AluGE32nf], [nf.incdec32Rnf, Hot.Incdec32Rnf], [nf.incdec64Rnf, Hot.Incdec64Rnf],
  [op.jmpRel, Hot.JmpRel], [op.add64RI, Hot.Add64RI], [op.sub64RI, Hot.Sub64RI],
]);

let enabled = true;
/** Turn the decode-time fast paths (dead-flag elision, inline tags, fusion) on or off; for tests. */
export function setFastPaths(on: boolean): void { enabled = on; }
export function fastPathsEnabled(): boolean { return enabled; }

/** Second halves that can be fused behind a mov r32, r32, and the fused tag. */
const fuseAfterMov = new Map<Hot, Hot>([
  [Hot.Mov32RR, Hot.MovMov], [Hot.Ror32RInf, Hot.MovRor], [Hot.Rol32RInf, Hot.MovRol], [Hot.Xor32RRnf, Hot.MovXor],
  [Hot.And32RRnf, Hot.MovAnd], [Hot.Add32RRnf, Hot.MovAdd], [Hot.Or32RRnf, Hot.MovOr], [Hot.Not32R, Hot.MovNot],
  [Hot.Shr32RInf, Hot.MovShr], [Hot.Shl32RInf, Hot.MovShl],
]);

/** First halves that can be fused in front of a flag-free xor r32, r32. */
const fuseBeforeXor = new Map<Hot, Hot>([
  [Hot.And32RRnf, Hot.AndXor], [Hot.Ror32RInf, Hot.RorXor], [Hot.Rol32RInf, Hot.RolXor], [Hot.Xor32RRnf, Hot.XorXor],
  [Hot.Add32RRnf, Hot.AddXor], [Hot.Shr32RInf, Hot.ShrXor],
]);

/** Tag the instructions of a finished block for the run loop's inline switch. */
export function tagHot(insns: Insn[]): void {
  for (let k = 0; k < insns.length; k++) {
    const i = insns[k]!;
    const f = i.fn;
    let h = table.get(f) ?? Hot.Call;
    if (f === op.leaGE && i.base >= 0 && !i.a32 && i.sz === 8) h = Hot.Lea64;
    else if (f === op.leaGE && i.base >= 0 && !i.a32 && i.sz === 4) h = Hot.Lea32;
    else if (f === op.notE && i.rm >= 0 && i.sz === 4) h = Hot.Not32R;
    else if (f === op.aluGE && i.sz === 4 && i.op !== 2 && i.op !== 3) h = Hot.AluGE32;
    else if (f === op.alu32RI && i.op !== 2 && i.op !== 3) h = Hot.Alu32RI;
    else if (f === op.movzxGE && i.rm < 0 && (i.sz === 4 || i.sz === 8)) h = Hot.MovzxM;
    else if (f === op.pushR && i.sz === 8) h = Hot.Push64R;
    else if (f === op.popR && i.sz === 8) h = Hot.Pop64R;
    else if (i.rm >= 0) {
      if (f === sse.movLoadA || f === sse.movLoadU) h = Hot.XMovRR;
      else if (f === sse.movStoreA || f === sse.movStoreU) h = Hot.XMovRRrev;
      else if (f === sse.por) h = Hot.XPor;
      else if (f === sse.pxor) h = Hot.XPxor;
      else if (f === sse.pand) h = Hot.XPand;
      else if (f === sse.dwordLanes && (i.opcode & 0xff) === 0xfe) h = Hot.XPaddd;
      else if (f === sse.shiftImm && (i.opcode & 0xff) === 0x72 && ((i.modrm >> 3) & 7) === 2) h = Hot.XPsrld;
      else if (f === sse.shiftImm && (i.opcode & 0xff) === 0x72 && ((i.modrm >> 3) & 7) === 6) h = Hot.XPslld;
    } else {
      if (f === sse.movqLoad) h = Hot.XMovqLoadM;
      else if (f === sse.movqStore) h = Hot.XMovqStoreM;
    }
    i.hot = h;
    i.ek = i.rm < 0 && i.base >= 0 && i.seg === 0 && !i.a32 ? 1 : 0;
  }
  // Pair fusion: neither half can fault, so a fused pair behaves exactly like the two instructions.
  for (let k = 0; k + 1 < insns.length; k++) {
    const i = insns[k]!, next = insns[k + 1]!.hot;
    let f: Hot | undefined;
    if (i.hot === Hot.Mov32RR) f = fuseAfterMov.get(next);
    else if (next === Hot.Xor32RRnf) f = fuseBeforeXor.get(i.hot);
    if (f !== undefined) { i.hot = f; k++; }
  }
}
