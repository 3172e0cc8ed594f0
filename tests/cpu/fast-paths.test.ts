// The decode-time fast paths (dead-flag elision, inline dispatch, mov fusion; src/cpu/hot.ts and
// dead-flags.ts) must not change results: random straight-line code runs with them on and off and
// must leave identical registers, XMM registers, flags and memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { asm, makeCpu, DATA } from "./helpers.js";
import { setFastPaths } from "../../src/cpu/hot.js";
import { FlatMemory } from "./flat-memory.js";

let seed = 12345;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}
const R64 = ["rax", "rcx", "rdx", "rbx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
const R32 = ["eax", "ecx", "edx", "ebx", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"];
const pick = (a: string[]): string => a[rnd(a.length)]!;
const xr = (): string => `xmm${rnd(8)}`;

function line(label: number): string {
  switch (rnd(31)) {
    case 0: case 1: case 2: return `mov ${pick(R32)}, ${pick(R32)}`;
    case 3: return `mov ${pick(R64)}, ${pick(R64)}`;
    case 4: return `${pick(["add", "sub", "xor", "and", "or", "cmp", "test"])} ${pick(R32)}, ${pick(R32)}`;
    case 5: return `${pick(["add", "sub", "xor", "and", "or", "cmp", "test"])} ${pick(R64)}, ${pick(R64)}`;
    case 6: return `${pick(["ror", "rol", "shl", "shr", "sar"])} ${pick(R32)}, ${1 + rnd(31)}`;
    case 7: return `${pick(["shl", "shr", "sar"])} ${pick(R64)}, ${1 + rnd(63)}`;
    case 8: return `${pick(["inc", "dec", "not"])} ${pick(R32)}`;
    case 9: return `${pick(["inc", "dec"])} ${pick(R64)}`;
    case 10: return `${pick(["add", "sub", "cmp"])} ${pick(R64)}, ${rnd(2) ? rnd(200) : -rnd(200)}`;
    case 11: return `${pick(["add", "or", "and", "sub", "xor", "cmp"])} ${pick(R32)}, ${rnd(2) ? rnd(200) : 0x7fffff00 + rnd(255)}`;
    case 12: return `${pick(["add", "sub", "xor", "and", "or", "cmp"])} ${pick(R32)}, [rbp + ${4 * rnd(8)}]`;
    case 13: return `mov ${pick(R32)}, [rbp + ${4 * rnd(8)}]`;
    case 14: return `mov [rbp + ${8 * rnd(4)}], ${pick(R64)}`;
    case 15: return `lea ${pick(R32)}, [${pick(R64)} + ${pick(R64)}*${1 << rnd(4)} + ${rnd(100)}]`;
    case 16: return `lea ${pick(R64)}, [${pick(R64)} + ${rnd(100) - 50}]`;
    case 17: return `${pick(["adc", "sbb"])} ${pick(R32)}, ${pick(R32)}`;
    case 18: return `set${pick(["c", "z", "s", "o", "p", "l", "be"])} al`;
    case 19: return `cmov${pick(["c", "nz", "g", "a"])} ${pick(R32)}, ${pick(R32)}`;
    case 20: return `j${pick(["c", "z", "s", "o", "l", "be"])} L${label}`;
    case 21: return `${pick(["movdqa", "por", "pxor", "pand", "paddd"])} ${xr()}, ${xr()}`;
    case 22: return `${pick(["psrld", "pslld"])} ${xr()}, ${rnd(40)}`;
    case 23: return `movq ${xr()}, [rbp + ${8 * rnd(4)}]`;
    case 24: return `movq [rbp + ${8 * rnd(4)}], ${xr()}`;
    case 25: return `push ${pick(R64)}\npop ${pick(R64)}`;
    case 26: return `mov ${pick(R32)}, ${rnd(2) ? rnd(1000) : 0x80000000 + rnd(1000)}`;
    case 27: return `movdqa [rbp + 64], ${xr()}`;
    case 28: return rnd(2) ? `not ${pick(R64)}` : `movzx ${pick(R32)}, ${pick(["byte", "word"])} [rbp + ${rnd(60)}]`;
    case 29: {
      // op r32, r/m32 with a register r/m (opcode 03/0B/23/2B/33/3B; assemblers prefer the 01-form)
      const opc = [0x03, 0x0b, 0x23, 0x2b, 0x33, 0x3b][rnd(6)]!;
      const reg = [0, 1, 2, 3, 6, 7][rnd(6)]!, rm = [0, 1, 2, 3, 6, 7][rnd(6)]!;
      return `db 0x${opc.toString(16)}, 0x${(0xc0 | (reg << 3) | rm).toString(16)}`;
    }
    default: return `xor ${pick(R32)}, ${pick(R32)}`;
  }
}

function program(): string {
  const out: string[] = [];
  for (let k = 0; k < 120; k++) {
    out.push(line(k));
    out.push(`L${k}:`);
  }
  // make the final flags visible in a register too
  out.push("pushfq", "pop r15", "ud2");
  return out.join("\n");
}

function runOnce(code: Uint8Array, fast: boolean): { regs: string; xmm: string; flags: number; data: string } {
  setFastPaths(fast);
  try {
    const mem = new FlatMemory();
    const cpu = makeCpu(code, mem);
    for (let r = 0; r < 16; r++) {
      if (r === 4) continue;
      cpu.lo[r] = Math.imul(r + 1, 0x9e3779b1); cpu.hi[r] = r & 1 ? -1 : Math.imul(r, 0x85ebca6b);
    }
    cpu.lo[5] = DATA; cpu.hi[5] = 0; // rbp -> data
    for (let k = 0; k < 32; k++) cpu.xmm[k] = Math.imul(k + 7, 0x27d4eb2d);
    for (let k = 0; k < 128; k++) mem.bytes[DATA + k] = (k * 37 + 11) & 0xff;
    cpu.setRflags(0x2 | 0x1);
    const why = cpu.run(1_000_000);
    assert.equal(why, 2, "stops at ud2");
    return {
      regs: Array.from({ length: 16 }, (_, r) => `${cpu.hi[r]}:${cpu.lo[r]}`).join(" "),
      xmm: Array.from(cpu.xmm.subarray(0, 32)).join(" "),
      flags: cpu.getRflags(),
      data: Array.from(mem.bytes.subarray(DATA, DATA + 128)).join(","),
    };
  } finally {
    setFastPaths(true);
  }
}

test("fast paths give the same results as the plain handlers", () => {
  for (let n = 0; n < 40; n++) {
    const src = program();
    const code = asm(src);
    const slow = runOnce(code, false);
    const fast = runOnce(code, true);
    assert.deepEqual(fast, slow, `program ${n}:\n${src}`);
  }
});
