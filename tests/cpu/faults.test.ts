// Exceptions, budget, self-modifying code, fxsave/fxrstor, copyStateFrom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StopReason, Vector, AccessKind } from "../../src/cpu/fault.js";
import { Cpu } from "../../src/cpu/cpu.js";
import { makeCpu, asm, CODE } from "./helpers.js";
import { FlatMemory } from "./flat-memory.js";

function start(src: string): Cpu { return makeCpu(asm(src)); }
function offsetOf(src: string, label: string): number {
  // assemble up to the label to find its address
  return CODE + asm(src.split(label + ":")[0]!).length;
}

test("#UD for ud2 and unimplemented opcodes, rip at the instruction", () => {
  const src = "nop\nnop\nbad: ud2";
  const c = start(src);
  assert.equal(c.run(100), StopReason.Fault);
  assert.equal(c.fault.vector, Vector.UD);
  assert.equal(c.rip, offsetOf(src, "bad"));
  assert.equal(c.instructions, 2);
  const c2 = makeCpu(new Uint8Array([0x0f, 0x01, 0xd0])); // xgetbv: no XSAVE
  assert.equal(c2.run(10), StopReason.Fault);
  assert.equal(c2.fault.vector, Vector.UD);
  const c3 = makeCpu(new Uint8Array([0xc5, 0xf8, 0x77])); // vzeroupper: no AVX
  assert.equal(c3.run(10), StopReason.Fault);
  assert.equal(c3.fault.vector, Vector.UD);
});

test("#PF from memory with address and access, rip at the faulting instruction", () => {
  const src = "mov rbx, 0x7000000000\nmov eax, 1\nbad: mov [rbx + 8], eax";
  const c = start(src);
  assert.equal(c.run(100), StopReason.Fault);
  assert.equal(c.fault.vector, Vector.PF);
  assert.equal(c.fault.addr, 0x7000000008);
  assert.equal(c.fault.access, AccessKind.Write);
  assert.equal(c.rip, offsetOf(src, "bad"));
  // instruction fetch from a non-executable page
  const mem = new FlatMemory();
  const c2 = makeCpu(asm("jmp 0x30000"), mem);
  mem.noExec.add(0x30);
  assert.equal(c2.run(100), StopReason.Fault);
  assert.equal(c2.fault.vector, Vector.PF);
  assert.equal(c2.fault.access, AccessKind.Exec);
  assert.equal(c2.fault.protection, true);
  assert.equal(c2.rip, 0x30000);
});

test("#GP for non-canonical addresses and privileged instructions; #DE; int3 traps past itself", () => {
  let c = start("mov rax, 0x8000000000000000\nmov rbx, [rax]");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.GP);
  c = start("hlt");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.GP); assert.equal(c.rip, CODE);
  c = start("xor ecx, ecx\ndiv ecx");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.DE); assert.equal(c.rip, CODE + 2);
  c = start("mov rax, 0x8000000000000000\ncqo\nmov rcx, -1\nidiv rcx");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.DE);
  c = start("nop\nint3\nnop");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.BP); assert.equal(c.rip, CODE + 2);
  // the kernel half is a page fault, as on Linux
  c = start("mov rax, 0xffff800000001000\nmov rbx, [rax]");
  assert.equal(c.run(10), StopReason.Fault); assert.equal(c.fault.vector, Vector.PF);
});

test("syscall: rip past it, rcx = return address, r11 = rflags", () => {
  const c = start("stc\nsyscall\nnop");
  assert.equal(c.run(10), StopReason.Syscall);
  assert.equal(c.rip, CODE + 3);
  assert.equal(c.lo[1], CODE + 3);
  assert.equal(c.lo[11]! & 0x203, 0x203);
});

test("budget: run returns Budget and resumes exactly", () => {
  const c = start("xor eax, eax\n.l: inc eax\ncmp eax, 1000\njne .l\nsyscall");
  let n = 0;
  while (c.run(50) === StopReason.Budget) n++;
  assert.ok(n > 10);
  assert.equal(c.lo[0], 1000);
  assert.equal(c.instructions, 1 + 3 * 1000 + 1);
});

test("self-modifying code is seen after a jump", () => {
  const c = start(`
    lea rdi, [rel patch]
    call patch           ; returns 1
    mov ebx, eax
    mov byte [rdi + 1], 2 ; patch: mov eax, 2
    call patch
    syscall
  patch:
    mov eax, 1
    ret`);
  assert.equal(c.run(100), StopReason.Syscall);
  assert.equal(c.lo[3], 1);
  assert.equal(c.lo[0], 2);
});

test("fxsave/fxrstor round trip and copyStateFrom", () => {
  const c = start("mov eax, 0x11223344\nmovd xmm3, eax\nmov rax, 7\nsyscall");
  c.run(100);
  const img = new Uint8Array(512);
  c.fxsave(img);
  assert.equal(img[0], 0x7f); assert.equal(img[1], 0x03); // FCW
  assert.equal(new DataView(img.buffer).getUint32(24, true), 0x1f80);
  assert.equal(new DataView(img.buffer).getUint32(160 + 3 * 16, true), 0x11223344);
  const d = new Cpu(new FlatMemory(1 << 20));
  d.fxrstor(img);
  assert.equal(d.xmm[12], 0x11223344);
  d.copyStateFrom(c);
  assert.equal(d.lo[0], 7); assert.equal(d.rip, c.rip); assert.equal(d.getRflags(), c.getRflags());
});

test("a long rep stos yields in chunks and resumes exactly", () => {
  const c = start("mov rdi, 0x100000\nmov rcx, 0x300000\nmov al, 7\nrep stosb\nmov r8, rcx\nsyscall");
  let stops = 0;
  while (c.run(10) === StopReason.Budget) stops++;
  assert.ok(stops >= 4, `stops ${stops}`);
  assert.equal(c.reg64(8), 0);
  assert.equal(c.reg64(7), 0x400000);
  assert.equal(c.mem.read8(0x3fffff), 7);
  assert.equal(c.mem.read8(0x400000), 0);
});

test("two CPUs on one memory share decoded code and both see code writes", () => {
  const mem = new FlatMemory();
  const code = asm("f: mov eax, 1\nsyscall\ng: mov byte [rel f + 1], 5\nsyscall");
  const a = makeCpu(code, mem);
  const b = new Cpu(mem);
  a.run(10);
  assert.equal(a.lo[0], 1);
  b.rip = CODE; b.run(10);
  assert.equal(b.lo[0], 1);
  assert.equal(a.cachedBlocks, b.cachedBlocks);
  b.rip = CODE + 7; b.run(10); // g: patch f
  a.rip = CODE; a.run(10);
  assert.equal(a.lo[0], 5);
});
