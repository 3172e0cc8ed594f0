// Extension tables: how SSE (0F map with none/66/F3/F2 prefixes) and x87 (D8..DF) instructions plug into
// the decoder. Modules call def0F / setX87Decoder at import time; decode.ts consults the tables.
import type { Handler, Insn } from "./insn.js";

/** Mandatory-prefix class of an 0F-map instruction. */
export const enum Pfx { None = 0, P66 = 1, F3 = 2, F2 = 3 }

/** Operand forms an 0F-map entry accepts. */
export const enum Form {
  /** ModRM with register operand (mod = 3) allowed. */
  Reg = 1,
  /** ModRM with memory operand allowed. */
  Mem = 2,
  Both = 3,
  /** An 8-bit immediate follows the ModRM operand (stored in i.imm, zero-extended). */
  Imm8 = 4,
}

/** Handlers for register (mod = 3) and memory forms, indexed by opcode * 4 + Pfx. */
export const map0FReg: (Handler | undefined)[] = new Array<Handler | undefined>(1024);
export const map0FMem: (Handler | undefined)[] = new Array<Handler | undefined>(1024);
/** Entries with an imm8 after ModRM. */
export const map0FImm = new Uint8Array(1024);

/**
 * Register an 0F-map instruction `0F <opcode>` with mandatory prefix `pfx`. The decoder parses ModRM
 * (i.reg = ModRM.reg with REX.R, i.rm = register number with REX.B or -1 for memory) and the optional
 * imm8, sets i.sz = REX.W ? 8 : 4 and i.pfx; the handler reads XMM registers via cpu.xmm and memory via
 * cpu.ea(i). Forms not registered decode to #UD.
 */
export function def0F(opcode: number, pfx: Pfx, form: Form, fn: Handler): void {
  const k = opcode * 4 + pfx;
  if (form & Form.Reg) map0FReg[k] = fn;
  if (form & Form.Mem) map0FMem[k] = fn;
  map0FImm[k] = (form & Form.Imm8) !== 0 ? 1 : 0;
}

/**
 * x87 escape decoder: called at decode time for opcodes D8..DF with the ModRM byte already parsed into
 * `i` (i.reg = ModRM.reg 0..7, i.rm = ModRM.rm 0..7 when mod = 3 else -1 with the memory operand filled).
 * Return the handler, or null for #UD.
 */
export type X87Decoder = (i: Insn, opcode: number, modrm: number) => Handler | null;
let x87Decoder: X87Decoder | null = null;
export function setX87Decoder(fn: X87Decoder): void { x87Decoder = fn; }
export function getX87Decoder(): X87Decoder | null { return x87Decoder; }
