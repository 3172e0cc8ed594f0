// Decoded-instruction records and basic blocks: the decoder fills them once, the run loop walks them.
import type { Cpu } from "./cpu.js";

/** Executes one decoded instruction. `c.rip` already holds the block's fall-through address. */
export type Handler = (c: Cpu, i: Insn) => void;

/** Kinds of lazily recorded flag-producing operations (see Cpu.getCF and friends). */
export const enum FlagKind {
  ADD = 0, ADC = 1, SUB = 2, SBB = 3, LOGIC = 4, INC = 5, DEC = 6,
  /** CF/OF/AF given explicitly in fcf/fof/faf; ZF/SF/PF from the result. */
  EXPL = 7,
  /** All status flags stored in fraw. */
  RAW = 8,
  /** rol/ror: CF/OF in fcf/fof; ZF/SF/PF/AF from the previous operation, kept in the shadow fields. */
  ROT = 9,
}

/** Thrown by Cpu.trap(); the run loop converts it to StopReason.Fault. A single shared object. */
export const cpuTrap = { cpuTrap: true };

/** Parity flag of a byte: 1 when the number of set bits is even. */
export const PARITY = new Uint8Array(256);
for (let v = 0; v < 256; v++) {
  let n = 0;
  for (let b = v; b !== 0; b >>= 1) n += b & 1;
  PARITY[v] = (n & 1) === 0 ? 1 : 0;
}

/** One decoded instruction. All fields are plain numbers so the record has a stable shape. */
export class Insn {
  fn: Handler = noHandler;
  /** Inline-dispatch tag for the run loop (hot.ts); 0 = call `fn`. */
  hot = 0;
  /** Effective-address form for Cpu.ea: 1 = base (+ index*scale) + disp, 64-bit, no segment; 0 = general. */
  ek = 0;
  /** Address of the first byte and of the next instruction. */
  addr = 0;
  next = 0;
  len = 0;
  /** Operand size in bytes: 1, 2, 4 or 8 (for SSE handlers: REX.W ? 8 : 4, or 2 with 66). */
  sz = 4;
  /** ModRM.reg with REX.R (8-bit operands: 0..15, or 16..19 for AH..BH). For groups: the /digit. */
  reg = 0;
  /** Register operand from ModRM.rm with REX.B, or -1 for a memory operand. */
  rm = 0;
  /** Memory operand: base register (-1 none, -2 absolute address in disp), index (-1 none), scale. */
  base = -1;
  index = -1;
  scale = 1;
  /** Signed displacement, or the absolute address when base === -2. */
  disp = 0;
  /** disp as unsigned low 32 bits and sign (-1/0) high half, filled by the decoder for ea(). */
  dispLo = 0;
  dispHi = 0;
  /** Segment override: 0 none, 1 FS, 2 GS. */
  seg = 0;
  /** 32-bit address size (0x67 prefix). */
  a32 = false;
  /** Immediate (low 32 bits, sign- or zero-extended as the opcode defines), high 32 bits, second immediate. */
  imm = 0;
  immHi = 0;
  imm2 = 0;
  /** Sub-operation: ALU op, condition code, shift kind, ... */
  op = 0;
  /** Repeat prefix: 0 none, 1 F3 (rep/repe), 2 F2 (repne). */
  rep = 0;
  /** Branch target for relative jumps/calls. */
  target = 0;
  /** Raw opcode (map << 8 | byte) and prefix class (0 none, 1 66, 2 F3, 3 F2) for extension handlers. */
  opcode = 0;
  pfx = 0;
  /** The ModRM byte (or -1) for extension decoders (x87). */
  modrm = -1;
}

function noHandler(): void {
  throw new Error("undecoded instruction");
}

/** A run of instructions ending at a control transfer, a fault point or a page boundary. */
export class Block {
  valid = true;
  /** Address after the last instruction (the fall-through rip). */
  end = 0;
  n = 0;
  firstPage = 0;
  lastPage = 0;
  constructor(public start: number, public insns: Insn[]) {}
}
