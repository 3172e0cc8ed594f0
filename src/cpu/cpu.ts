// The x86-64 user-mode CPU: architectural state, lazy flags, operand helpers and the block-walking run loop.
// Decoding lives in decode.ts, instruction semantics in ops-*.ts; see docs/cpu.md for the layout.
import type { GuestMemory } from "./memory.js";
import { StopReason, type FaultInfo, AccessKind, Vector, memoryFault } from "./fault.js";
import { Insn, Block, cpuTrap, FlagKind, PARITY } from "./insn.js";
import { CodeCache, codeCacheFor } from "./code-cache.js";
import { X87 } from "./x87.js";
import { Hot } from "./hot.js";

/** x86-64 general-purpose register numbers (the encoding order). */
export const enum Reg {
  RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
  R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15,
}

const TWO32 = 4294967296;

/** A time-stamp counter outside the CPU (the kernel's clock): rdtsc returns readTsc(cpu). */
export interface TscSource {
  readTsc(cpu: Cpu): number;
}

export class Cpu {
  /** Low and high 32-bit halves of the 16 general-purpose registers, indexed by Reg. */
  readonly lo = new Int32Array(16);
  readonly hi = new Int32Array(16);
  /** Instruction pointer: a canonical user address (< 2^47) as a JS number. */
  rip = 0;
  fsBase = 0;
  gsBase = 0;
  /**
   * XMM0..XMM15, four little-endian dwords each (xmm[r*4 + 0] is bits 0..31). The backing buffer has
   * four more 16-byte slots after the 16 registers (slots 16..19) used as scratch for memory operands.
   */
  readonly xmm: Int32Array;
  /** Byte / word / signed views over the same buffer as `xmm` (including the scratch slots). */
  readonly xb: Uint8Array;
  readonly xsb: Int8Array;
  readonly xw: Uint16Array;
  readonly xsw: Int16Array;
  readonly xd: Int32Array;
  readonly xf32: Float32Array;
  readonly xf64: Float64Array;
  mxcsr = 0x1f80;
  /** The x87 FPU state and instruction semantics (x87.ts). */
  readonly x87 = new X87();
  /** Instructions retired since creation (for the deterministic clock and CPU-time accounting). */
  instructions = 0;
  /** Details of the last exception (valid after run() returned StopReason.Fault). */
  readonly fault: FaultInfo = { vector: Vector.UD, addr: 0, access: AccessKind.Read, protection: false };

  // ---- lazy flags: the last flag-producing operation ----
  /** FlagKind of the last flag-writing operation. */
  fk = FlagKind.RAW;
  /** Index of the operand's sign bit: 7, 15, 31 or 63. */
  fsb = 31;
  /** Destination, source and result (sizes <= 32: unsigned numbers in the low field; 64: int32 halves). */
  fd = 0; fdh = 0; fs = 0; fsh = 0; fr = 0; frh = 0;
  /** Carry-in for ADC/SBB; saved CF for INC/DEC; explicit CF/OF/AF for EXPL. */
  fcf = 0; fof = 0; faf = 0;
  /** All six status flags in their RFLAGS positions, for FlagKind.RAW. */
  fraw = 0;
  /** Shadow copy of the lazy state under a ROT (rol/ror change only CF and OF). */
  private sk = FlagKind.RAW; private ssb = 31; private sd = 0; private sdh = 0; private ss = 0; private ssh = 0;
  private sr = 0; private srh = 0; private scf = 0; private sof = 0; private saf = 0; private sraw = 0;
  /** Direction flag (0 or 1). */
  df = 0;
  /** Other RFLAGS bits a user program may hold (AC, ID). */
  rfx = 0;

  // ---- scratch used by handlers (never allocated per instruction) ----
  /** High half of the last 64-bit operand read (rdReg / loadRM / readMem). */
  th = 0;
  /** High half of the last 64-bit result (alu and friends). */
  rh = 0;
  /** Effective address of the memory operand of the current instruction. */
  addr = 0;
  /** Four 32-bit words for wide multiply / divide results. */
  readonly w = new Int32Array(4);

  /** Set by a handler to stop the run loop at the end of the current block (syscall). */
  stop = 0;
  /** Vector raised by a handler through `trap()`. */
  pendingVector = Vector.UD;
  /** Last value returned by rdtsc (keeps the counter strictly increasing). */
  lastTsc = 0;
  /** What rdtsc reads (the machine's clock); null: a count derived from instructions retired. */
  tscSource: TscSource | null = null;

  // ---- decoded code ----
  /** Decoded blocks of the current address space (shared with other CPUs on the same memory). */
  private code!: CodeCache;

  constructor(public mem: GuestMemory) {
    const buf = new ArrayBuffer(20 * 16);
    this.xmm = new Int32Array(buf, 0, 64);
    this.xb = new Uint8Array(buf);
    this.xsb = new Int8Array(buf);
    this.xw = new Uint16Array(buf);
    this.xsw = new Int16Array(buf);
    this.xd = new Int32Array(buf);
    this.xf32 = new Float32Array(buf);
    this.xf64 = new Float64Array(buf);
    this.attachMemory(mem);
  }

  /** Point the CPU at another address space (exec, or a fresh fork child); forgets decoded code. */
  attachMemory(mem: GuestMemory): void {
    this.mem = mem;
    this.code = codeCacheFor(mem);
  }

  // =====================================================================================
  // Run loop
  // =====================================================================================

  /** Run guest code until `syscall`, an exception, or `budget` instructions have retired. */
  run(budget: number): StopReason {
    let left = budget;
    let block: Block | null = null;
    let k = 0;
    this.stop = 0;
    const lo = this.lo, hi = this.hi, mem = this.mem, xd = this.xd;
    try {
      for (;;) {
        const rip = this.rip;
        block = null;
        const code = this.code;
        let b = code.fast[rip & 16383];
        if (b === undefined || b.start !== rip || !b.valid) b = code.lookup(rip);
        block = b;
        const insns = b.insns;
        const n = b.n;
        this.rip = b.end;
        for (k = 0; k < n; k++) {
          const i = insns[k]!;
          // Frequent one-liners run inline (hot.ts); the cases mirror their handlers exactly.
          switch (i.hot) {
            case Hot.Call: i.fn(this, i); break;
            case Hot.Mov32RR: lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.Mov64RR: lo[i.rm] = lo[i.reg]!; hi[i.rm] = hi[i.reg]!; break;
            case Hot.MovRI: lo[i.rm] = i.imm; hi[i.rm] = i.immHi; break;
            case Hot.Add32RRnf: lo[i.rm] = lo[i.rm]! + lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.Sub32RRnf: lo[i.rm] = lo[i.rm]! - lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.Xor32RRnf: lo[i.rm] = lo[i.rm]! ^ lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.And32RRnf: lo[i.rm] = lo[i.rm]! & lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.Or32RRnf: lo[i.rm] = lo[i.rm]! | lo[i.reg]!; hi[i.rm] = 0; break;
            case Hot.Add32RR: {
              const a = lo[i.rm]! >>> 0, b = lo[i.reg]! >>> 0, r = (a + b) >>> 0;
              lo[i.rm] = r; hi[i.rm] = 0;
              this.fk = FlagKind.ADD; this.fsb = 31; this.fd = a; this.fs = b; this.fr = r; this.fdh = 0; this.fsh = 0; this.frh = 0;
              break;
            }
            case Hot.Sub32RR: {
              const a = lo[i.rm]! >>> 0, b = lo[i.reg]! >>> 0, r = (a - b) >>> 0;
              lo[i.rm] = r; hi[i.rm] = 0;
              this.fk = FlagKind.SUB; this.fsb = 31; this.fd = a; this.fs = b; this.fr = r; this.fdh = 0; this.fsh = 0; this.frh = 0;
              break;
            }
            case Hot.Cmp32RR: {
              const a = lo[i.rm]! >>> 0, b = lo[i.reg]! >>> 0;
              this.fk = FlagKind.SUB; this.fsb = 31; this.fd = a; this.fs = b; this.fr = (a - b) >>> 0; this.fdh = 0; this.fsh = 0; this.frh = 0;
              break;
            }
            case Hot.Xor32RR: {
              const r = lo[i.rm]! ^ lo[i.reg]!;
              lo[i.rm] = r; hi[i.rm] = 0;
              this.fk = FlagKind.LOGIC; this.fsb = 31; this.fr = r >>> 0; this.frh = 0;
              break;
            }
            case Hot.And32RR: {
              const r = lo[i.rm]! & lo[i.reg]!;
              lo[i.rm] = r; hi[i.rm] = 0;
              this.fk = FlagKind.LOGIC; this.fsb = 31; this.fr = r >>> 0; this.frh = 0;
              break;
            }
            case Hot.Or32RR: {
              const r = lo[i.rm]! | lo[i.reg]!;
              lo[i.rm] = r; hi[i.rm] = 0;
              this.fk = FlagKind.LOGIC; this.fsb = 31; this.fr = r >>> 0; this.frh = 0;
              break;
            }
            case Hot.Test32RR:
              this.fk = FlagKind.LOGIC; this.fsb = 31; this.fr = (lo[i.rm]! & lo[i.reg]!) >>> 0; this.frh = 0;
              this.fd = 0; this.fdh = 0; this.fs = 0; this.fsh = 0;
              break;
            case Hot.Test64RR:
              this.fk = FlagKind.LOGIC; this.fsb = 63; this.fr = lo[i.rm]! & lo[i.reg]!; this.frh = hi[i.rm]! & hi[i.reg]!;
              this.fd = 0; this.fdh = 0; this.fs = 0; this.fsh = 0;
              break;
            case Hot.Rol32RInf: { const a = lo[i.rm]!, c = i.imm; lo[i.rm] = (a << c) | (a >>> (32 - c)); hi[i.rm] = 0; break; }
            case Hot.Ror32RInf: { const a = lo[i.rm]!, c = i.imm; lo[i.rm] = (a >>> c) | (a << (32 - c)); hi[i.rm] = 0; break; }
            case Hot.Shl32RInf: lo[i.rm] = lo[i.rm]! << i.imm; hi[i.rm] = 0; break;
            case Hot.Shr32RInf: lo[i.rm] = lo[i.rm]! >>> i.imm; hi[i.rm] = 0; break;
            case Hot.Add64RInf: {
              const d = i.rm, l = (lo[d]! >>> 0) + (i.imm >>> 0);
              hi[d] = hi[d]! + i.immHi + (l > 0xffffffff ? 1 : 0); lo[d] = l;
              break;
            }
            case Hot.Add64RRnf: {
              const d = i.rm, s = i.reg, l = (lo[d]! >>> 0) + (lo[s]! >>> 0);
              hi[d] = hi[d]! + hi[s]! + (l > 0xffffffff ? 1 : 0); lo[d] = l;
              break;
            }
            case Hot.Sub64RRnf: {
              const d = i.rm, s = i.reg, l = (lo[d]! >>> 0) - (lo[s]! >>> 0);
              hi[d] = hi[d]! - hi[s]! - (l < 0 ? 1 : 0); lo[d] = l;
              break;
            }
            case Hot.Cmp64RR: this.sub64(lo[i.rm]!, hi[i.rm]!, lo[i.reg]!, hi[i.reg]!); break;
            case Hot.Cmp64RI: this.sub64(lo[i.rm]!, hi[i.rm]!, i.imm, i.immHi); break;
            case Hot.Jcc: {
              const cc = i.op;
              // je/jne after any result-recording operation: ZF straight from the result (as getZF does)
              if ((cc === 4 || cc === 5) && this.fk < FlagKind.RAW) {
                if (((this.fr | this.frh) === 0) === (cc === 4)) this.rip = i.target;
              } else if (this.cond(cc)) this.rip = i.target;
              break;
            }
            case Hot.MovLoad32: {
              const a = this.ea(i);
              const r = i.reg; lo[r] = mem.read32(a); hi[r] = 0; break;
            }
            case Hot.MovLoad64: {
              const a = this.ea(i);
              const r = i.reg; lo[r] = mem.read64(a); hi[r] = mem.hi32; break;
            }
            case Hot.MovStore32: {
              const a = this.ea(i);
              mem.write32(a, lo[i.reg]!); break;
            }
            case Hot.MovStore64: {
              const a = this.ea(i);
              const r = i.reg; mem.write64(a, lo[r]!, hi[r]!); break;
            }
            case Hot.Lea64: {
              const b = i.base, x = i.index;
              let l = i.dispLo + (lo[b]! >>> 0), h = i.dispHi + hi[b]!;
              if (x >= 0) { l += (lo[x]! >>> 0) * i.scale; h += hi[x]! * i.scale; }
              lo[i.reg] = l; hi[i.reg] = (h + Math.floor(l / TWO32)) | 0;
              break;
            }
            case Hot.Lea32: {
              const b = i.base, x = i.index;
              let l = i.disp + lo[b]!;
              if (x >= 0) l += lo[x]! * i.scale;
              lo[i.reg] = l; hi[i.reg] = 0;
              break;
            }
            case Hot.AluGE32nf: {
              let v: number;
              if (i.rm >= 0) v = lo[i.rm]!;
              else {
                const a = this.ea(i);
                v = mem.read32(a);
              }
              const d = i.reg, o = i.op, u = lo[d]!;
              lo[d] = o === 0 ? u + v : o === 5 ? u - v : o === 6 ? u ^ v : o === 4 ? u & v : u | v;
              hi[d] = 0;
              break;
            }
            case Hot.AluGE32: {
              let v: number;
              if (i.rm >= 0) v = lo[i.rm]!;
              else {
                const a = this.ea(i);
                v = mem.read32(a);
              }
              const d = i.reg, o = i.op, u = lo[d]! >>> 0;
              v = v >>> 0;
              let r: number;
              if (o === 0) { r = (u + v) >>> 0; this.fk = FlagKind.ADD; }
              else if (o === 5 || o === 7) { r = (u - v) >>> 0; this.fk = FlagKind.SUB; }
              else { r = (o === 6 ? u ^ v : o === 4 ? u & v : u | v) >>> 0; this.fk = FlagKind.LOGIC; }
              this.fsb = 31; this.fd = u; this.fs = v; this.fr = r; this.fdh = 0; this.fsh = 0; this.frh = 0;
              if (o !== 7) { lo[d] = r; hi[d] = 0; }
              break;
            }
            case Hot.Alu32RI: {
              const d = i.rm, o = i.op, u = lo[d]! >>> 0, v = i.imm >>> 0;
              let r: number;
              if (o === 0) { r = (u + v) >>> 0; this.fk = FlagKind.ADD; }
              else if (o === 5 || o === 7) { r = (u - v) >>> 0; this.fk = FlagKind.SUB; }
              else { r = (o === 6 ? u ^ v : o === 4 ? u & v : u | v) >>> 0; this.fk = FlagKind.LOGIC; }
              this.fsb = 31; this.fd = u; this.fs = v; this.fr = r; this.fdh = 0; this.fsh = 0; this.frh = 0;
              if (o !== 7) { lo[d] = r; hi[d] = 0; }
              break;
            }
            case Hot.Add64RI: { const d = i.rm; lo[d] = this.add64(lo[d]!, hi[d]!, i.imm, i.immHi); hi[d] = this.rh; break; }
            case Hot.Sub64RI: { const d = i.rm; lo[d] = this.sub64(lo[d]!, hi[d]!, i.imm, i.immHi); hi[d] = this.rh; break; }
            case Hot.MovzxM: {
              const a = this.ea(i);
              lo[i.reg] = i.op === 1 ? mem.read8(a) : mem.read16(a); hi[i.reg] = 0;
              break;
            }
            case Hot.Incdec32Rnf: lo[i.rm] = i.op === 1 ? lo[i.rm]! - 1 : lo[i.rm]! + 1; hi[i.rm] = 0; break;
            case Hot.Incdec64Rnf: {
              const d = i.rm, l = lo[d]!;
              if (i.op === 1) { lo[d] = l - 1; if (l === 0) hi[d] = hi[d]! - 1; }
              else { lo[d] = l + 1; if (l === -1) hi[d] = hi[d]! + 1; }
              break;
            }
            case Hot.JmpRel: this.rip = i.target; break;
            case Hot.Push64R: this.push64(lo[i.rm]!, hi[i.rm]!); break;
            case Hot.Pop64R: { const l = this.pop64(); lo[i.rm] = l; hi[i.rm] = this.th; break; }
            case Hot.Not32R: lo[i.rm] = ~lo[i.rm]!; hi[i.rm] = 0; break;
            case Hot.MovMov: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.MovRor: {
              lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!;
              const a = lo[j.rm]!, c = j.imm; lo[j.rm] = (a >>> c) | (a << (32 - c)); hi[j.rm] = 0; break;
            }
            case Hot.MovRol: {
              lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!;
              const a = lo[j.rm]!, c = j.imm; lo[j.rm] = (a << c) | (a >>> (32 - c)); hi[j.rm] = 0; break;
            }
            case Hot.MovXor: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.MovAnd: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! & lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.MovAdd: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! + lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.MovOr: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! | lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.MovNot: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = ~lo[j.rm]!; hi[j.rm] = 0; break; }
            case Hot.MovShr: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! >>> j.imm; hi[j.rm] = 0; break; }
            case Hot.MovShl: { lo[i.rm] = lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! << j.imm; hi[j.rm] = 0; break; }
            case Hot.AndXor: { lo[i.rm] = lo[i.rm]! & lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.XorXor: { lo[i.rm] = lo[i.rm]! ^ lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.AddXor: { lo[i.rm] = lo[i.rm]! + lo[i.reg]!; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.ShrXor: { lo[i.rm] = lo[i.rm]! >>> i.imm; hi[i.rm] = 0; const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break; }
            case Hot.RorXor: {
              const a = lo[i.rm]!, c = i.imm; lo[i.rm] = (a >>> c) | (a << (32 - c)); hi[i.rm] = 0;
              const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break;
            }
            case Hot.RolXor: {
              const a = lo[i.rm]!, c = i.imm; lo[i.rm] = (a << c) | (a >>> (32 - c)); hi[i.rm] = 0;
              const j = insns[++k]!; lo[j.rm] = lo[j.rm]! ^ lo[j.reg]!; hi[j.rm] = 0; break;
            }
            case Hot.XMovRR: {
              const s = i.rm << 2, t = i.reg << 2;
              xd[t] = xd[s]!; xd[t + 1] = xd[s + 1]!; xd[t + 2] = xd[s + 2]!; xd[t + 3] = xd[s + 3]!;
              break;
            }
            case Hot.XMovRRrev: {
              const s = i.reg << 2, t = i.rm << 2;
              xd[t] = xd[s]!; xd[t + 1] = xd[s + 1]!; xd[t + 2] = xd[s + 2]!; xd[t + 3] = xd[s + 3]!;
              break;
            }
            case Hot.XPor: {
              const s = i.rm << 2, t = i.reg << 2;
              xd[t] = xd[t]! | xd[s]!; xd[t + 1] = xd[t + 1]! | xd[s + 1]!; xd[t + 2] = xd[t + 2]! | xd[s + 2]!; xd[t + 3] = xd[t + 3]! | xd[s + 3]!;
              break;
            }
            case Hot.XPxor: {
              const s = i.rm << 2, t = i.reg << 2;
              xd[t] = xd[t]! ^ xd[s]!; xd[t + 1] = xd[t + 1]! ^ xd[s + 1]!; xd[t + 2] = xd[t + 2]! ^ xd[s + 2]!; xd[t + 3] = xd[t + 3]! ^ xd[s + 3]!;
              break;
            }
            case Hot.XPand: {
              const s = i.rm << 2, t = i.reg << 2;
              xd[t] = xd[t]! & xd[s]!; xd[t + 1] = xd[t + 1]! & xd[s + 1]!; xd[t + 2] = xd[t + 2]! & xd[s + 2]!; xd[t + 3] = xd[t + 3]! & xd[s + 3]!;
              break;
            }
            case Hot.XPaddd: {
              const s = i.rm << 2, t = i.reg << 2;
              xd[t] = xd[t]! + xd[s]!; xd[t + 1] = xd[t + 1]! + xd[s + 1]!; xd[t + 2] = xd[t + 2]! + xd[s + 2]!; xd[t + 3] = xd[t + 3]! + xd[s + 3]!;
              break;
            }
            case Hot.XPsrld: {
              const t = i.rm << 2, c = i.imm;
              if (c > 31) { xd[t] = 0; xd[t + 1] = 0; xd[t + 2] = 0; xd[t + 3] = 0; }
              else { xd[t] = xd[t]! >>> c; xd[t + 1] = xd[t + 1]! >>> c; xd[t + 2] = xd[t + 2]! >>> c; xd[t + 3] = xd[t + 3]! >>> c; }
              break;
            }
            case Hot.XPslld: {
              const t = i.rm << 2, c = i.imm;
              if (c > 31) { xd[t] = 0; xd[t + 1] = 0; xd[t + 2] = 0; xd[t + 3] = 0; }
              else { xd[t] = xd[t]! << c; xd[t + 1] = xd[t + 1]! << c; xd[t + 2] = xd[t + 2]! << c; xd[t + 3] = xd[t + 3]! << c; }
              break;
            }
            case Hot.XMovqLoadM: {
              const t = i.reg << 2;
              const a = this.ea(i);
              xd[t] = mem.read64(a); xd[t + 1] = mem.hi32; xd[t + 2] = 0; xd[t + 3] = 0;
              break;
            }
            case Hot.XMovqStoreM: {
              const a = this.ea(i);
              const s = i.reg << 2; mem.write64(a, xd[s]!, xd[s + 1]!); break;
            }
            case Hot.Nop: case Hot.FlagsOnlyNf: break;
            default: i.fn(this, i); break;
          }
        }
        this.instructions += n;
        left -= n;
        if (this.stop !== 0) return this.stop as StopReason;
        if (left <= 0) return StopReason.Budget;
      }
    } catch (e) {
      if (e === memoryFault) {
        const f = this.fault;
        f.vector = Vector.PF;
        f.addr = memoryFault.addr;
        f.access = memoryFault.access;
        f.protection = memoryFault.protection;
        if (block !== null) {
          this.rip = block.insns[k]!.addr;
          this.instructions += k;
        }
        return StopReason.Fault;
      }
      if (e === cpuTrap) {
        const f = this.fault;
        const i = block!.insns[k]!;
        f.vector = this.pendingVector;
        f.access = AccessKind.Read;
        f.protection = false;
        if (this.pendingVector === Vector.BP) {
          // int3 is a trap: it retires and Linux reports rip after it.
          this.rip = i.next;
          this.instructions += k + 1;
          f.addr = i.addr;
        } else {
          this.rip = i.addr;
          this.instructions += k;
          f.addr = this.pendingVector === Vector.UD ? i.addr : 0;
        }
        return StopReason.Fault;
      }
      throw e;
    }
  }

  /** Raise an exception from a handler (the run loop turns it into StopReason.Fault). */
  trap(v: Vector): never {
    this.pendingVector = v;
    throw cpuTrap;
  }

  /** Save x87/MMX/SSE state in the 512-byte FXSAVE layout (used for signal frames). */
  fxsave(out: Uint8Array): void {
    out.fill(0, 0, 512);
    this.x87.fxsaveInto(out);
    const dv = new DataView(out.buffer, out.byteOffset, 512);
    dv.setUint32(24, this.mxcsr, true);
    dv.setUint32(28, 0xffff, true); // MXCSR_MASK
    out.set(this.xb.subarray(0, 256), 160);
  }

  fxrstor(src: Uint8Array): void {
    this.x87.fxrstorFrom(src);
    const dv = new DataView(src.buffer, src.byteOffset, 512);
    this.mxcsr = dv.getUint32(24, true) & 0xffff;
    this.xb.set(src.subarray(160, 416), 0);
  }

  /** Copy all architectural state from another CPU (fork/clone). Does not copy `mem`. */
  copyStateFrom(other: Cpu): void {
    this.lo.set(other.lo);
    this.hi.set(other.hi);
    this.rip = other.rip;
    this.fsBase = other.fsBase;
    this.gsBase = other.gsBase;
    this.xmm.set(other.xmm);
    this.mxcsr = other.mxcsr;
    this.x87.copyFrom(other.x87);
    this.setRflags(other.getRflags());
    this.instructions = other.instructions;
    this.lastTsc = other.lastTsc;
  }

  /** Forget all decoded code (after exec or when the address space is replaced). */
  flushCodeCache(): void {
    this.code.flush();
  }

  /** Number of decoded blocks currently cached (for tests and statistics). */
  get cachedBlocks(): number { return this.code.size; }

  // =====================================================================================
  // Flags
  // =====================================================================================

  getCF(): number {
    switch (this.fk) {
      case FlagKind.ADD:
        return this.fsb === 63 ? ult64(this.frh, this.fr, this.fdh, this.fd) : (this.fr < this.fd ? 1 : 0);
      case FlagKind.ADC:
        if (this.fsb === 63) return this.fcf ? ule64(this.frh, this.fr, this.fdh, this.fd) : ult64(this.frh, this.fr, this.fdh, this.fd);
        return (this.fcf ? this.fr <= this.fd : this.fr < this.fd) ? 1 : 0;
      case FlagKind.SUB:
        return this.fsb === 63 ? ult64(this.fdh, this.fd, this.fsh, this.fs) : (this.fd < this.fs ? 1 : 0);
      case FlagKind.SBB:
        if (this.fsb === 63) return this.fcf ? ule64(this.fdh, this.fd, this.fsh, this.fs) : ult64(this.fdh, this.fd, this.fsh, this.fs);
        return (this.fcf ? this.fd <= this.fs : this.fd < this.fs) ? 1 : 0;
      case FlagKind.LOGIC:
        return 0;
      case FlagKind.RAW:
        return this.fraw & 1;
      default: // INC, DEC, EXPL
        return this.fcf;
    }
  }

  getOF(): number {
    let x: number;
    switch (this.fk) {
      case FlagKind.ADD: case FlagKind.ADC: case FlagKind.INC:
        x = this.fsb === 63 ? (this.fdh ^ this.frh) & (this.fsh ^ this.frh) : (this.fd ^ this.fr) & (this.fs ^ this.fr);
        break;
      case FlagKind.SUB: case FlagKind.SBB: case FlagKind.DEC:
        x = this.fsb === 63 ? (this.fdh ^ this.fsh) & (this.fdh ^ this.frh) : (this.fd ^ this.fs) & (this.fd ^ this.fr);
        break;
      case FlagKind.LOGIC:
        return 0;
      case FlagKind.RAW:
        return (this.fraw >>> 11) & 1;
      default:
        return this.fof;
    }
    return this.fsb === 63 ? x >>> 31 : (x >>> this.fsb) & 1;
  }

  getZF(): number {
    if (this.fk >= FlagKind.RAW) return this.fk === FlagKind.RAW ? (this.fraw >>> 6) & 1 : this.shadowFlag(0);
    return (this.fr | this.frh) === 0 ? 1 : 0;
  }

  getSF(): number {
    if (this.fk >= FlagKind.RAW) return this.fk === FlagKind.RAW ? (this.fraw >>> 7) & 1 : this.shadowFlag(1);
    return this.fsb === 63 ? this.frh >>> 31 : (this.fr >>> this.fsb) & 1;
  }

  getPF(): number {
    if (this.fk >= FlagKind.RAW) return this.fk === FlagKind.RAW ? (this.fraw >>> 2) & 1 : this.shadowFlag(2);
    return PARITY[this.fr & 0xff]!;
  }

  /** Record rol/ror flags: CF and OF change, the rest stay as the previous operation left them. */
  rotFlags(cf: number, of: number): void {
    if (this.fk !== FlagKind.ROT) {
      this.sk = this.fk; this.ssb = this.fsb; this.sd = this.fd; this.sdh = this.fdh; this.ss = this.fs; this.ssh = this.fsh;
      this.sr = this.fr; this.srh = this.frh; this.scf = this.fcf; this.sof = this.fof; this.saf = this.faf; this.sraw = this.fraw;
      this.fk = FlagKind.ROT;
    }
    this.fcf = cf;
    this.fof = of;
  }

  private swapShadow(): void {
    let t: number;
    t = this.fk; this.fk = this.sk; this.sk = t;
    t = this.fsb; this.fsb = this.ssb; this.ssb = t;
    t = this.fd; this.fd = this.sd; this.sd = t;
    t = this.fdh; this.fdh = this.sdh; this.sdh = t;
    t = this.fs; this.fs = this.ss; this.ss = t;
    t = this.fsh; this.fsh = this.ssh; this.ssh = t;
    t = this.fr; this.fr = this.sr; this.sr = t;
    t = this.frh; this.frh = this.srh; this.srh = t;
    t = this.fcf; this.fcf = this.scf; this.scf = t;
    t = this.fof; this.fof = this.sof; this.sof = t;
    t = this.faf; this.faf = this.saf; this.saf = t;
    t = this.fraw; this.fraw = this.sraw; this.sraw = t;
  }

  /** ZF (0), SF (1), PF (2) or AF (3) of the operation saved under a ROT. */
  private shadowFlag(which: number): number {
    this.swapShadow();
    const v = which === 0 ? this.getZF() : which === 1 ? this.getSF() : which === 2 ? this.getPF() : this.getAF();
    this.swapShadow();
    return v;
  }

  getAF(): number {
    switch (this.fk) {
      case FlagKind.ROT: return this.shadowFlag(3);
      case FlagKind.LOGIC: return 0;
      case FlagKind.RAW: return (this.fraw >>> 4) & 1;
      case FlagKind.EXPL: return this.faf;
      default: return ((this.fd ^ this.fs ^ this.fr) >>> 4) & 1;
    }
  }

  /** The six status flags in their RFLAGS bit positions. */
  statusFlags(): number {
    if (this.fk === FlagKind.RAW) return this.fraw;
    return this.getCF() | (this.getPF() << 2) | (this.getAF() << 4) | (this.getZF() << 6) |
      (this.getSF() << 7) | (this.getOF() << 11);
  }

  /** Replace the status flags (bits CF PF AF ZF SF OF of `f`). */
  setStatusFlags(f: number): void {
    this.fk = FlagKind.RAW;
    this.fraw = f & 0x8d5;
  }

  /** Record a result whose CF/OF/AF were computed explicitly (shifts, multiplies). */
  setExpl(fsb: number, r: number, rh: number, cf: number, of: number, af: number): void {
    this.fk = FlagKind.EXPL;
    this.fsb = fsb;
    this.fr = fsb === 63 ? r | 0 : r >>> 0;
    this.frh = rh;
    this.fcf = cf;
    this.fof = of;
    this.faf = af;
  }

  /** Evaluate condition code cc (0..15, the low nibble of jcc/setcc/cmovcc). */
  cond(cc: number): boolean {
    const k = this.fk;
    if (k === FlagKind.SUB && this.fsb !== 63) {
      // Fast path after cmp/sub at 8/16/32 bits: compare the operands directly.
      const a = this.fd, b = this.fs, sh = 31 - this.fsb;
      switch (cc) {
        case 2: return a < b;
        case 3: return a >= b;
        case 4: return a === b;
        case 5: return a !== b;
        case 6: return a <= b;
        case 7: return a > b;
        case 12: return (a << sh) < (b << sh);
        case 13: return (a << sh) >= (b << sh);
        case 14: return (a << sh) <= (b << sh);
        case 15: return (a << sh) > (b << sh);
      }
    } else if (k === FlagKind.SUB) {
      // 64-bit cmp/sub: compare the halves
      const ah = this.fdh, bh = this.fsh, al = this.fd >>> 0, bl = this.fs >>> 0;
      switch (cc) {
        case 2: return (ah >>> 0) < (bh >>> 0) || (ah === bh && al < bl);
        case 3: return !((ah >>> 0) < (bh >>> 0) || (ah === bh && al < bl));
        case 4: return ah === bh && al === bl;
        case 5: return ah !== bh || al !== bl;
        case 6: return (ah >>> 0) < (bh >>> 0) || (ah === bh && al <= bl);
        case 7: return !((ah >>> 0) < (bh >>> 0) || (ah === bh && al <= bl));
        case 12: return ah < bh || (ah === bh && al < bl);
        case 13: return !(ah < bh || (ah === bh && al < bl));
        case 14: return ah < bh || (ah === bh && al <= bl);
        case 15: return !(ah < bh || (ah === bh && al <= bl));
      }
    } else if (k === FlagKind.LOGIC) {
      const z = (this.fr | this.frh) === 0;
      const s = this.fsb === 63 ? this.frh < 0 : ((this.fr >>> this.fsb) & 1) === 1;
      switch (cc) {
        case 0: case 2: return false;
        case 1: case 3: return true;
        case 4: case 6: return z;
        case 5: case 7: return !z;
        case 8: case 12: return s;
        case 9: case 13: return !s;
        case 14: return z || s;
        case 15: return !z && !s;
      }
    }
    let v: number;
    switch (cc >> 1) {
      case 0: v = this.getOF(); break;
      case 1: v = this.getCF(); break;
      case 2: v = this.getZF(); break;
      case 3: v = this.getCF() | this.getZF(); break;
      case 4: v = this.getSF(); break;
      case 5: v = this.getPF(); break;
      case 6: v = this.getSF() ^ this.getOF(); break;
      default: v = this.getZF() | (this.getSF() ^ this.getOF()); break;
    }
    return (v ^ (cc & 1)) !== 0;
  }

  /** RFLAGS as a 32-bit number (materialising lazily computed flags). */
  getRflags(): number {
    return this.statusFlags() | 0x202 | (this.df << 10) | this.rfx;
  }

  setRflags(v: number): void {
    this.setStatusFlags(v);
    this.df = (v >>> 10) & 1;
    this.rfx = v & 0x240000; // AC, ID
  }

  // =====================================================================================
  // Operands
  // =====================================================================================

  /**
   * Effective address of the instruction's memory operand (segment base included). Exact 64-bit
   * arithmetic on halves; a result outside the user half faults (#GP if non-canonical, #PF otherwise).
   */
  ea(i: Insn): number {
    if (i.ek === 1) {
      // base (+ index * scale) + displacement, no segment, 64-bit addressing: the common case
      const b = i.base, x = i.index;
      let l = (this.lo[b]! >>> 0) + i.dispLo, h = this.hi[b]! + i.dispHi;
      if (x >= 0) { l += (this.lo[x]! >>> 0) * i.scale; h += this.hi[x]! * i.scale; }
      const lw = l >>> 0;
      h = (h + (l - lw) / TWO32) | 0;
      if ((h >>> 15) === 0) return h * TWO32 + lw;
      return this.badAddress(h, lw);
    }
    return this.eaGeneral(i);
  }

  private eaGeneral(i: Insn): number {
    if (i.base === -2) {
      // absolute (RIP-relative or moffs) address computed at decode time
      if (i.seg === 0) return i.disp;
      return this.segAdd(i.disp >>> 0, Math.floor(i.disp / TWO32), i.seg);
    }
    const b = i.base, x = i.index;
    if (x < 0 && b >= 0 && i.seg === 0 && !i.a32) {
      // base + displacement: the common case
      const l = (this.lo[b]! >>> 0) + i.dispLo;
      const h = (this.hi[b]! + i.dispHi + (l >= TWO32 ? 1 : 0)) | 0;
      if ((h >>> 15) === 0) return h * TWO32 + (l >>> 0);
      return this.badAddress(h, l >>> 0);
    }
    let l = i.dispLo;
    let h = i.dispHi;
    if (b >= 0) { l += this.lo[b]! >>> 0; h += this.hi[b]!; }
    if (x >= 0) { l += (this.lo[x]! >>> 0) * i.scale; h += this.hi[x]! * i.scale; }
    if (i.a32) {
      l = l >>> 0;
      if (i.seg === 0) return l;
      return this.segAdd(l, 0, i.seg);
    }
    if (i.seg !== 0) return this.segAdd(l, h, i.seg);
    h = (h + Math.floor(l / TWO32)) | 0;
    if ((h >>> 15) === 0) return h * TWO32 + (l >>> 0);
    return this.badAddress(h, l >>> 0);
  }

  private segAdd(l: number, h: number, seg: number): number {
    const base = seg === 1 ? this.fsBase : this.gsBase;
    l += base >>> 0;
    h += Math.floor(base / TWO32);
    h = (h + Math.floor(l / TWO32)) | 0;
    if ((h >>> 15) === 0) return h * TWO32 + (l >>> 0);
    return this.badAddress(h, l >>> 0);
  }

  /** Fault for an address outside the user half (h:l its 64-bit value). */
  badAddress(h: number, l: number): never {
    if (h >= -32768 && h < 0) {
      // canonical kernel-half address: a page fault, as Linux reports it
      throw memoryFault.set((h >>> 0) * TWO32 + l, AccessKind.Read, false);
    }
    return this.trap(Vector.GP);
  }

  /** Read register r at size sz (bytes). 8-bit: r 0..15 low bytes, 16..19 AH..BH. 64-bit: high in `th`. */
  rdReg(r: number, sz: number): number {
    switch (sz) {
      case 1: return r < 16 ? this.lo[r]! & 0xff : (this.lo[r - 16]! >>> 8) & 0xff;
      case 2: return this.lo[r]! & 0xffff;
      case 4: return this.lo[r]!;
      default: this.th = this.hi[r]!; return this.lo[r]!;
    }
  }

  /** Write register r at size sz: 32-bit writes zero the upper half, 8/16-bit writes merge. */
  wrReg(r: number, sz: number, l: number, h: number): void {
    switch (sz) {
      case 1:
        if (r < 16) this.lo[r] = (this.lo[r]! & ~0xff) | (l & 0xff);
        else this.lo[r - 16] = (this.lo[r - 16]! & ~0xff00) | ((l & 0xff) << 8);
        return;
      case 2: this.lo[r] = (this.lo[r]! & ~0xffff) | (l & 0xffff); return;
      case 4: this.lo[r] = l; this.hi[r] = 0; return;
      default: this.lo[r] = l; this.hi[r] = h; return;
    }
  }

  readMem(a: number, sz: number): number {
    switch (sz) {
      case 1: return this.mem.read8(a);
      case 2: return this.mem.read16(a);
      case 4: return this.mem.read32(a);
      default: { const l = this.mem.read64(a); this.th = this.mem.hi32; return l; }
    }
  }

  writeMem(a: number, sz: number, l: number, h: number): void {
    switch (sz) {
      case 1: this.mem.write8(a, l); return;
      case 2: this.mem.write16(a, l); return;
      case 4: this.mem.write32(a, l); return;
      default: this.mem.write64(a, l, h); return;
    }
  }

  /** Read the r/m operand at i.sz (for memory, remembers the address in `addr` for storeRM). */
  loadRM(i: Insn): number {
    if (i.rm >= 0) return this.rdReg(i.rm, i.sz);
    const a = this.addr = this.ea(i);
    return this.readMem(a, i.sz);
  }

  /** Write the r/m operand after loadRM (read-modify-write). */
  storeRM(i: Insn, l: number, h: number): void {
    if (i.rm >= 0) this.wrReg(i.rm, i.sz, l, h);
    else this.writeMem(this.addr, i.sz, l, h);
  }

  /** Write the r/m operand without a prior read (computes the address). */
  putRM(i: Insn, l: number, h: number): void {
    if (i.rm >= 0) this.wrReg(i.rm, i.sz, l, h);
    else this.writeMem(this.ea(i), i.sz, l, h);
  }

  /** rsp-relative push/pop of 64-bit values. */
  push64(l: number, h: number): void {
    let sl = (this.lo[4]! >>> 0) - 8;
    let sh = this.hi[4]!;
    if (sl < 0) { sl += TWO32; sh = (sh - 1) | 0; }
    const a = sh * TWO32 + sl;
    if ((sh >>> 15) !== 0) this.badAddress(sh, sl);
    this.mem.write64(a, l, h);
    this.lo[4] = sl;
    this.hi[4] = sh;
  }

  /** Pop 64 bits; returns the low half, high half in `th`. */
  pop64(): number {
    const sl = this.lo[4]! >>> 0, sh = this.hi[4]!;
    if ((sh >>> 15) !== 0) this.badAddress(sh, sl);
    const l = this.mem.read64(sh * TWO32 + sl);
    this.th = this.mem.hi32;
    const nl = sl + 8;
    if (nl >= TWO32) { this.lo[4] = nl - TWO32; this.hi[4] = (sh + 1) | 0; } else this.lo[4] = nl;
    return l;
  }

  /** rsp as a canonical address number. */
  rsp(): number {
    const sh = this.hi[4]!, sl = this.lo[4]! >>> 0;
    if ((sh >>> 15) !== 0) this.badAddress(sh, sl);
    return sh * TWO32 + sl;
  }

  /** Register r as a number (exact only below 2^53; use for addresses and counts). */
  reg64(r: number): number { return this.hi[r]! * TWO32 + (this.lo[r]! >>> 0); }

  /** Set register r from a non-negative integer number < 2^64 represented exactly. */
  setReg64(r: number, v: number): void {
    this.lo[r] = v % TWO32;
    this.hi[r] = Math.floor(v / TWO32);
  }

  // =====================================================================================
  // Integer ALU
  // =====================================================================================

  /** add/or/adc/sbb/and/sub/xor/cmp (op 0..7, the /digit order) at size sz; result low, high in `rh`. */
  alu(op: number, sz: number, a: number, ah: number, b: number, bh: number): number {
    if (sz === 8) return this.alu64(op, a, ah, b, bh);
    const m = sz === 1 ? 0xff : sz === 2 ? 0xffff : -1;
    a = (a & m) >>> 0;
    b = (b & m) >>> 0;
    let r: number;
    let k: FlagKind;
    switch (op) {
      case 0: r = a + b; k = FlagKind.ADD; break;
      case 1: r = a | b; k = FlagKind.LOGIC; break;
      case 2: this.fcf = this.getCF(); r = a + b + this.fcf; k = FlagKind.ADC; break;
      case 3: this.fcf = this.getCF(); r = a - b - this.fcf; k = FlagKind.SBB; break;
      case 4: r = a & b; k = FlagKind.LOGIC; break;
      case 6: r = a ^ b; k = FlagKind.LOGIC; break;
      default: r = a - b; k = FlagKind.SUB; break;
    }
    r = (r & m) >>> 0;
    this.fk = k;
    this.fsb = sz === 1 ? 7 : sz === 2 ? 15 : 31;
    this.fd = a; this.fs = b; this.fr = r;
    this.fdh = 0; this.fsh = 0; this.frh = 0;
    this.rh = 0;
    return r;
  }

  private alu64(op: number, a: number, ah: number, b: number, bh: number): number {
    let l: number, h: number, k: FlagKind;
    switch (op) {
      case 0: l = (a >>> 0) + (b >>> 0); h = ah + bh + (l >= TWO32 ? 1 : 0); k = FlagKind.ADD; break;
      case 1: l = a | b; h = ah | bh; k = FlagKind.LOGIC; break;
      case 2: {
        const c = this.fcf = this.getCF();
        l = (a >>> 0) + (b >>> 0) + c; h = ah + bh + (l >= TWO32 ? 1 : 0); k = FlagKind.ADC; break;
      }
      case 3: {
        const c = this.fcf = this.getCF();
        l = (a >>> 0) - (b >>> 0) - c; h = ah - bh - (l < 0 ? 1 : 0); k = FlagKind.SBB; break;
      }
      case 4: l = a & b; h = ah & bh; k = FlagKind.LOGIC; break;
      case 6: l = a ^ b; h = ah ^ bh; k = FlagKind.LOGIC; break;
      default: l = (a >>> 0) - (b >>> 0); h = ah - bh - (l < 0 ? 1 : 0); k = FlagKind.SUB; break;
    }
    l |= 0; h |= 0;
    this.fk = k; this.fsb = 63;
    this.fd = a | 0; this.fdh = ah | 0; this.fs = b | 0; this.fsh = bh | 0; this.fr = l; this.frh = h;
    this.rh = h;
    return l;
  }

  /** 64-bit subtraction a - b recording SUB flags (cmp when the result is not stored); result high in `rh`. */
  sub64(a: number, ah: number, b: number, bh: number): number {
    const t = (a >>> 0) - (b >>> 0);
    const l = t | 0, h = (ah - bh - (t < 0 ? 1 : 0)) | 0;
    this.fk = FlagKind.SUB; this.fsb = 63;
    this.fd = a; this.fdh = ah; this.fs = b; this.fsh = bh; this.fr = l; this.frh = h;
    this.rh = h;
    return l;
  }
  /** 64-bit addition recording ADD flags; result high in `rh`. */
  add64(a: number, ah: number, b: number, bh: number): number {
    const t = (a >>> 0) + (b >>> 0);
    const l = t | 0, h = (ah + bh + (t >= TWO32 ? 1 : 0)) | 0;
    this.fk = FlagKind.ADD; this.fsb = 63;
    this.fd = a; this.fdh = ah; this.fs = b; this.fsh = bh; this.fr = l; this.frh = h;
    this.rh = h;
    return l;
  }

  /** inc (dec=false) or dec at size sz; CF preserved. */
  incdec(dec: boolean, sz: number, a: number, ah: number): number {
    const cf = this.getCF();
    const r = this.alu(dec ? 5 : 0, sz, a, ah, 1, 0);
    this.fk = dec ? FlagKind.DEC : FlagKind.INC;
    this.fcf = cf;
    return r;
  }
}

function ult64(ah: number, al: number, bh: number, bl: number): number {
  return ((ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) < (bl >>> 0))) ? 1 : 0;
}
function ule64(ah: number, al: number, bh: number, bl: number): number {
  return ((ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) <= (bl >>> 0))) ? 1 : 0;
}
