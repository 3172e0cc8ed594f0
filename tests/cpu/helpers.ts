// Test helpers: assemble with nasm, run on a fresh Cpu over FlatMemory, read registers and flags.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cpu } from "../../src/cpu/cpu.js";
import { FlatMemory } from "./flat-memory.js";

export const CODE = 0x10000;
export const DATA = 0x200000;
export const STACK_TOP = 0x800000;

const cache = new Map<string, Uint8Array>();
/** Assemble 64-bit code with nasm (flat binary, origin CODE). */
export function asm(src: string, org = CODE): Uint8Array {
  const key = org + "\n" + src;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), "sg-asm-"));
  try {
    writeFileSync(join(dir, "a.asm"), `bits 64\ndefault rel\norg ${org}\n${src}\n`);
    execFileSync("nasm", ["-f", "bin", "-o", join(dir, "a.bin"), join(dir, "a.asm")], { stdio: "pipe" });
    const out = new Uint8Array(readFileSync(join(dir, "a.bin")));
    cache.set(key, out);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function makeCpu(code: Uint8Array, mem = new FlatMemory()): Cpu {
  mem.bytes.set(code, CODE);
  const cpu = new Cpu(mem);
  cpu.rip = CODE;
  cpu.lo[4] = STACK_TOP;
  return cpu;
}

/** Assemble `src` followed by `ud2` (which clobbers no register), run up to it, return the CPU. */
export function run(src: string, setup?: (c: Cpu) => void): Cpu {
  const code = asm(src + "\nud2\n");
  const cpu = makeCpu(code);
  setup?.(cpu);
  const why = cpu.run(1_000_000);
  const end = CODE + code.length - 2;
  if (why !== 2 || cpu.fault.vector !== 6 || cpu.rip !== end) {
    throw new Error(`stopped with ${why}, vector ${cpu.fault.vector}, rip ${cpu.rip.toString(16)} (end ${end.toString(16)})`);
  }
  return cpu;
}

/** Register as an unsigned 64-bit hex string. */
export function hex(c: Cpu, r: number): string {
  return (c.hi[r]! >>> 0).toString(16).padStart(8, "0") + (c.lo[r]! >>> 0).toString(16).padStart(8, "0");
}
/** Status flags as a string like "CZ" (C P A Z S O present when set). */
export function flags(c: Cpu): string {
  const f = c.getRflags();
  let s = "";
  if (f & 1) s += "C";
  if (f & 4) s += "P";
  if (f & 0x10) s += "A";
  if (f & 0x40) s += "Z";
  if (f & 0x80) s += "S";
  if (f & 0x800) s += "O";
  return s;
}
