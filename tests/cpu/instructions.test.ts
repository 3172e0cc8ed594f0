// Per-family unit tests: small nasm snippets run on a Cpu over FlatMemory, results and flags checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { run, hex, flags, DATA } from "./helpers.js";

const R = { rax: 0, rcx: 1, rdx: 2, rbx: 3, rsp: 4, rbp: 5, rsi: 6, rdi: 7, r8: 8, r9: 9, r10: 10, r11: 11, r12: 12 } as const;
const h = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, "0");

test("ALU results and flags", () => {
  let c = run("mov eax, 0x7fffffff\nadd eax, 1");
  assert.equal(hex(c, R.rax), h(0x80000000n)); assert.equal(flags(c), "PASO");
  c = run("mov rax, -1\nadd rax, 1");
  assert.equal(hex(c, R.rax), h(0n)); assert.equal(flags(c), "CPAZ");
  c = run("xor eax, eax\nsub eax, 1");
  assert.equal(hex(c, R.rax), h(0xffffffffn)); assert.equal(flags(c), "CPAS");
  c = run("mov al, 0x80\nsub al, 1");
  assert.equal(flags(c), "AO");
  // 128-bit add with adc, 128-bit sub with sbb
  c = run("mov rax, -1\nmov rdx, 5\nadd rax, 1\nadc rdx, 0\nmov rbx, 0\nmov rcx, 1\nsub rbx, 1\nsbb rcx, 0");
  assert.equal(hex(c, R.rax), h(0n)); assert.equal(hex(c, R.rdx), h(6n));
  assert.equal(hex(c, R.rbx), h(-1n)); assert.equal(hex(c, R.rcx), h(0n));
  // inc/dec keep CF
  c = run("stc\nmov eax, 0xffffffff\ninc eax");
  assert.equal(flags(c), "CPAZ");
  c = run("clc\nmov rax, 0x8000000000000000\ndec rax");
  assert.equal(flags(c), "PAO");
  c = run("mov rax, 5\nneg rax");
  assert.equal(hex(c, R.rax), h(-5n)); assert.equal(flags(c), "CAS");
  c = run("mov rax, 0x1234\nnot rax");
  assert.equal(hex(c, R.rax), h(~0x1234n));
  c = run("mov eax, 0xf0\ntest al, 0x0f");
  assert.equal(flags(c), "PZ");
  c = run("mov rax, 0x8000000000000000\ncmp rax, 1");
  assert.equal(flags(c), "PAO");
});

test("conditions after cmp (signed and unsigned)", () => {
  const c = run(`
    xor ebx, ebx
    mov eax, -1
    cmp eax, 1
    jb .x1
    or ebx, 1
  .x1: cmp eax, 1
    jl .x2
    or ebx, 2
  .x2: cmp eax, 1
    setg cl
    cmp eax, 1
    seta dl
    mov r8d, 7
    mov r9d, 9
    cmp r8d, r9d
    cmovl r8d, r9d
  `);
  assert.equal(c.lo[R.rbx], 1); // not below (0xffffffff > 1 unsigned) but less (signed)
  assert.equal(c.lo[R.rcx]! & 0xff, 0);
  assert.equal(c.lo[R.rdx]! & 0xff, 1);
  assert.equal(c.lo[R.r8], 9);
});

test("register widths: 8-bit high registers, 32-bit zero extension, 16-bit merge, REX byte registers", () => {
  const c = run(`
    mov rax, -1
    mov eax, 0x12345678
    mov rbx, -1
    mov bx, 0x5555
    mov rcx, 0
    mov ch, 0xab
    mov cl, 0xcd
    mov rdx, -1
    mov dh, cl
    mov rsi, 0x1122334455667788
    mov sil, 0
  `);
  assert.equal(hex(c, R.rax), "0000000012345678");
  assert.equal(hex(c, R.rbx), "ffffffffffff5555");
  assert.equal(hex(c, R.rcx), "000000000000abcd");
  assert.equal(hex(c, R.rdx), "ffffffffffffcdff");
  assert.equal(hex(c, R.rsi), "1122334455667700");
});

test("shifts and rotates", () => {
  let c = run("mov rax, 1\nshl rax, 63");
  assert.equal(hex(c, R.rax), "8000000000000000"); assert.ok(!flags(c).includes("C"));
  c = run("mov rax, 0x8000000000000001\nshr rax, 1");
  assert.equal(hex(c, R.rax), "4000000000000000"); assert.ok(flags(c).includes("C"));
  c = run("mov rax, -256\nsar rax, 4");
  assert.equal(hex(c, R.rax), h(-16n));
  c = run("mov eax, 0x80000001\nrol eax, 1");
  assert.equal(hex(c, R.rax), "0000000000000003"); assert.ok(flags(c).includes("C"));
  c = run("mov eax, 0x80000001\nror eax, 4");
  assert.equal(hex(c, R.rax), "0000000018000000");
  c = run("mov rax, 0x0123456789abcdef\nrol rax, 8\nmov rbx, 0x0123456789abcdef\nror rbx, 12");
  assert.equal(hex(c, R.rax), "23456789abcdef01");
  assert.equal(hex(c, R.rbx), "def0123456789abc");
  c = run("stc\nmov al, 0x80\nrcl al, 1");
  assert.equal(c.lo[R.rax]! & 0xff, 1); assert.ok(flags(c).includes("C"));
  c = run("clc\nmov rax, 3\nrcr rax, 1");
  assert.equal(hex(c, R.rax), "0000000000000001"); assert.ok(flags(c).includes("C"));
  c = run("mov rax, 0x0123456789abcdef\nmov rbx, 0xfedcba9876543210\nshld rax, rbx, 8\nmov rcx, 0x0123456789abcdef\nmov cl, 12\nmov rdx, 0x1111111111111111\nshrd rdx, rbx, cl");
  assert.equal(hex(c, R.rax), "23456789abcdeffe");
  assert.equal(hex(c, R.rdx), "2101111111111111");
  c = run("mov eax, 0x12345678\nmov edx, 0x9abcdef0\nshld eax, edx, 4");
  assert.equal(hex(c, R.rax), "0000000023456789");
  // a 32-bit shift by 0 still zero-extends the destination
  c = run("mov rax, -1\nmov cl, 0\nshl eax, cl");
  assert.equal(hex(c, R.rax), "00000000ffffffff");
});

test("multiply and divide at every width", () => {
  let c = run("mov al, 200\nmov bl, 3\nmul bl");
  assert.equal(c.lo[R.rax]! & 0xffff, 600); assert.ok(flags(c).includes("C"));
  c = run("mov rax, 0xffffffffffffffff\nmov rbx, 0xffffffffffffffff\nmul rbx");
  assert.equal(hex(c, R.rax), "0000000000000001"); assert.equal(hex(c, R.rdx), "fffffffffffffffe");
  c = run("mov rax, -3\nmov rbx, 7\nimul rbx");
  assert.equal(hex(c, R.rax), h(-21n)); assert.equal(hex(c, R.rdx), h(-1n)); assert.ok(!flags(c).includes("C"));
  c = run("mov eax, 0x10000\nimul eax, eax, 0x10000");
  assert.equal(hex(c, R.rax), "0000000000000000"); assert.ok(flags(c).includes("O"));
  c = run("mov rax, 0x123456789\nimul rax, rax");
  assert.equal(hex(c, R.rax), h(0x123456789n * 0x123456789n));
  c = run("mov edx, 1\nmov eax, 0\nmov ecx, 3\ndiv ecx");
  assert.equal(c.lo[R.rax], 0x55555555); assert.equal(c.lo[R.rdx], 1);
  c = run("mov rdx, 0x1234\nmov rax, 0x56789abcdef01234\nmov rcx, 0x1000000000001\ndiv rcx");
  const n = (0x1234n << 64n) | 0x56789abcdef01234n, d = 0x1000000000001n;
  assert.equal(hex(c, R.rax), h(n / d)); assert.equal(hex(c, R.rdx), h(n % d));
  c = run("mov rax, -100\ncqo\nmov rcx, 7\nidiv rcx");
  assert.equal(hex(c, R.rax), h(-14n)); assert.equal(hex(c, R.rdx), h(-2n));
  c = run("mov ax, -7\ncwd\nmov cx, 2\nidiv cx");
  assert.equal(c.lo[R.rax]! & 0xffff, 0xfffd); assert.equal(c.lo[R.rdx]! & 0xffff, 0xffff);
  c = run("mov ax, 250\nmov cl, 7\ndiv cl");
  assert.equal(c.lo[R.rax]! & 0xffff, (5 << 8) | 35);
});

test("bit operations", () => {
  let c = run(`
    lea rdi, [rel buf]
    mov rax, 100
    bts [rdi], rax          ; bit 100: byte 12, bit 4
    mov rax, -1
    bts qword [rdi + 16], rax ; bit -1 of [rdi+16] = bit 7 of byte 15
    mov ecx, 0x10
    bt ecx, 4
    setc dl
    btc ecx, 36             ; register form: offset mod 32 -> bit 4
    jmp .e
  align 16
  buf: times 32 db 0
  .e:`);
  assert.equal(c.mem.read8(c.reg64(R.rdi) + 12), 0x10);
  assert.equal(c.mem.read8(c.reg64(R.rdi) + 15), 0x80);
  assert.equal(c.lo[R.rdx]! & 0xff, 1);
  assert.equal(c.lo[R.rcx], 0);
  c = run("mov rax, 0x100000000\nbsf rbx, rax\nbsr rcx, rax\nmov rdx, 0x8001\nbsr esi, edx\nmov r8, 77\nxor r9, r9\nbsf r8, r9");
  assert.equal(c.lo[R.rbx], 32); assert.equal(c.lo[R.rcx], 32); assert.equal(c.lo[R.rsi], 15);
  assert.equal(c.lo[R.r8], 77); assert.ok(flags(c).includes("Z"));
});

test("string instructions: rep movs/stos, repne scas, repe cmps, DF", () => {
  const c = run(`
    lea rsi, [rel src]
    lea rdi, [rel dst]
    mov ecx, 11
    cld
    rep movsb
    lea rdi, [rel src]
    xor eax, eax
    mov rcx, -1
    repne scasb
    not rcx
    dec rcx
    mov r8, rcx               ; strlen = 11
    lea rsi, [rel src]
    lea rdi, [rel dst]
    mov ecx, 20
    repe cmpsb
    mov r9, rcx               ; stops after the terminating 0 vs 0x55 mismatch
    lea rdi, [rel fill + 24]
    mov rax, 0x0102030405060708
    mov ecx, 4
    std
    rep stosq
    cld
    lea rsi, [rel fill]
    lodsq
    mov r10, rax
    jmp .e
  src: db "hello world", 0, 0, 0, 0, 0, 0, 0, 0, 0
  dst: times 20 db 0x55
  align 8
  fill: times 40 db 0
  .e:`);
  assert.equal(c.lo[R.r8], 11);
  assert.equal(c.lo[R.r9], 8);
  assert.equal(hex(c, R.r10), "0102030405060708");
});

test("atomics: xchg, cmpxchg, xadd, cmpxchg8b/16b", () => {
  const c = run(`
    lea rdi, [rel m]
    mov rax, 5
    mov rbx, 9
    lock cmpxchg [rdi], rbx     ; [m]=5 == rax -> [m]=9, ZF
    setz r8b
    mov rax, 1
    lock cmpxchg [rdi], rbx     ; mismatch -> rax=9
    mov r9, rax
    mov rcx, 3
    lock xadd [rdi], rcx        ; [m]=12, rcx=9
    mov r10, rcx
    xor edx, edx
    mov eax, 0
    mov rcx, 0x2222
    mov rbx, 0x1111
    lock cmpxchg16b [rdi + 16]  ; {0,0} == rdx:rax -> stores rcx:rbx
    setz r11b
    jmp .e
  align 16
  m: dq 5, 0, 0, 0
  .e:`);
  assert.equal(c.lo[R.r8]! & 0xff, 1);
  assert.equal(c.lo[R.r9], 9);
  assert.equal(c.lo[R.r10], 9);
  assert.equal(c.mem.read32(c.reg64(R.rdi)), 12);
  assert.equal(c.lo[R.r11]! & 0xff, 1);
  assert.equal(c.mem.read32(c.reg64(R.rdi) + 16), 0x1111);
  assert.equal(c.mem.read32(c.reg64(R.rdi) + 24), 0x2222);
});

test("stack and control flow: push/pop, call/ret imm16, enter/leave, pushf/popf, loop, jrcxz, indirect jumps", () => {
  const c = run(`
    mov rbp, 0x1234
    push 0x7f
    push -2
    pop rax                     ; -2
    pop rbx                     ; 0x7f
    call f
    mov r12, rax
    lea rcx, [rel table]
    jmp [rcx]
  back:
    mov ecx, 5
    xor edx, edx
  .l: add edx, ecx
    loop .l
    jrcxz .z
    mov edx, -1
  .z: stc
    std
    pushfq
    pop r8
    and r8, 0x401
    push 0
    popfq
    jmp done
  f: enter 32, 0
    mov rax, [rbp]
    leave
    pop r9
    push qword 0
    push r9
    ret 8
  align 8
  table: dq back
  done:`);
  assert.equal(hex(c, R.rax), h(0x1234n)); // saved rbp seen through the enter frame
  assert.equal(hex(c, R.rbx), h(0x7fn));
  assert.equal(hex(c, R.r12), h(0x1234n));
  assert.equal(c.lo[R.rdx], 15);
  assert.equal(c.lo[R.r8], 0x401);
  assert.equal(c.df, 0);
  assert.equal(flags(c), "");
  assert.equal(c.lo[R.rsp], 0x800000); // balanced stack
});

test("addressing: SIB, RIP-relative, 0x67 32-bit addressing, FS/GS overrides, lea wraparound", () => {
  const c = run(`
    lea rbx, [rel data]
    mov rcx, 2
    mov rax, [rbx + rcx*8 - 8]   ; data[1]
    mov rsi, rbx
    mov rdx, [fs:8]              ; fsBase = data
    mov r8, [gs:rcx*8]           ; gsBase = data -> data[2]
    mov r9, 0x100000000
    lea r10, [r9d + 5]           ; 32-bit: lea r10, [r9d+5] with 0x67
    mov r11, -1
    lea r12, [r11 + 2]           ; 64-bit wrap -> 1
    jmp .e
  align 8
  data: dq 11, 22, 33
  .e:`, (cpu) => { cpu.fsBase = 0x10000 + 0; cpu.gsBase = 0; });
  void c;
  // fs/gs bases are set after assembly: rerun with the right bases
  const c2 = run(`
    mov rdx, [fs:8]
    mov rcx, 2
    mov r8, [gs:rcx*8]
    mov r9, 0x100000000
    lea r10, [r9d + 5]
    mov r11, -1
    lea r12, [r11 + 2]
    mov eax, 0x100
    mov r13d, [eax + ${DATA}]
  `, (cpu) => {
    cpu.fsBase = DATA; cpu.gsBase = DATA;
    cpu.mem.write64(DATA, 0x100, 0); cpu.mem.write64(DATA + 8, 22, 0); cpu.mem.write64(DATA + 16, 33, 0);
    cpu.mem.write32(DATA + 0x100, 0xabc);
  });
  assert.equal(hex(c, R.rax), h(22n));
  assert.equal(c2.lo[R.rdx], 22);
  assert.equal(c2.lo[R.r8], 33);
  assert.equal(hex(c2, R.r10), h(5n));
  assert.equal(hex(c2, R.r12), h(1n));
  assert.equal(c2.lo[13], 0xabc);
});

test("misc: cbw family, bswap, movsx/movzx, lahf/sahf, xlat, cpuid, rdtsc, nops", () => {
  const c = run(`
    mov eax, 0x80
    cbw
    mov r8, rax
    mov eax, 0x80000000
    cdqe
    mov r9, rax
    mov rax, 0x1122334455667788
    bswap rax
    mov r10, rax
    mov ecx, 0xff80
    movsx rdx, cl
    movzx esi, cx
    movsx rdi, cx
    mov eax, 0
    mov ah, 0xd5
    sahf
    lahf
    mov r11d, eax
    endbr64
    nop word [rax + rax + 0]
    pause
    prefetcht0 [rsi]
    lfence
    mfence
    sfence
  `);
  assert.equal(c.lo[R.r8]! & 0xffff, 0xff80);
  assert.equal(hex(c, R.r9), "ffffffff80000000");
  assert.equal(hex(c, R.r10), "8877665544332211");
  assert.equal(hex(c, R.rdx), h(-128n));
  assert.equal(c.lo[R.rsi], 0xff80);
  assert.equal(hex(c, R.rdi), h(-128n));
  assert.equal((c.lo[11]! >>> 8) & 0xff, 0xd7);
  const v = run("xor eax, eax\ncpuid\nmov r8d, ebx\nmov r9d, edx\nmov r10d, ecx\nmov eax, 1\ncpuid\nmov r11d, edx\nmov r12d, ecx\nrdtsc\nmov r13d, eax\nrdtsc\nmov r14d, eax");
  const s = (x: number) => String.fromCharCode(x & 255, (x >> 8) & 255, (x >> 16) & 255, x >>> 24);
  assert.equal(s(v.lo[8]!) + s(v.lo[9]!) + s(v.lo[10]!), "GenuineIntel");
  assert.ok((v.lo[11]! & (1 << 26)) !== 0, "SSE2");
  assert.ok((v.lo[11]! & (1 << 23)) === 0, "no MMX");
  assert.equal(v.lo[12]! & ~(1 << 13), 0, "only CX16 in ecx");
  assert.ok(v.lo[14]! > v.lo[13]!, "rdtsc increases");
});

test("SSE2 integer and moves (strlen-style loop)", () => {
  const c = run(`
    lea rdi, [rel str]
    pxor xmm0, xmm0
    movdqa xmm1, [rdi]
    pcmpeqb xmm1, xmm0
    pmovmskb eax, xmm1
    bsf eax, eax                 ; index of the first zero byte = 5
    mov r8d, eax
    movdqu xmm2, [rdi]
    pshufd xmm3, xmm2, 0x1b
    movd r9d, xmm3               ; last dword of str -> first
    movq xmm4, [rel q]
    punpcklbw xmm4, xmm4
    movq r10, xmm4
    movdqa xmm5, [rdi]
    psrldq xmm5, 2
    movd r11d, xmm5
    mov eax, 0x01020304
    movd xmm6, eax
    pslldq xmm6, 4
    movq r12, xmm6
    jmp .e
  align 16
  str: db "hello", 0, "xxxxxxx", 1, 2, 3
  q: dq 0x0000000000004142
  .e:`);
  assert.equal(c.lo[R.r8], 5);
  assert.equal(c.lo[R.r9], 0x03020178);
  assert.equal(hex(c, R.r10), "0000000041414242");
  assert.equal(c.lo[R.r11]! >>> 0, 0x006f6c6c);
  assert.equal(hex(c, R.r12), "0102030400000000");
});
