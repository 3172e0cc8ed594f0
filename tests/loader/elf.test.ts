import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { AddressSpace } from "../../src/mm/address-space.js";
import { ElfError, ELF_ET_DYN_BASE, STACK_TOP, isShebang, loadElf, parseElf, type LoadOptions } from "../../src/loader/elf.js";
import {
  AT_BASE, AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_HWCAP2,
  AT_MINSIGSTKSZ, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SECURE, AT_SYSINFO_EHDR,
  AT_UID, PT_LOAD,
} from "../../src/abi/elf.js";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Errno } from "../../src/abi/errno.js";
import { build, type Flavour } from "./fixtures.js";

const dec = new TextDecoder();
const random = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

function opts(extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    argv: ["/bin/hello", "one", "two words"],
    envp: ["HOME=/root", "PATH=/usr/bin:/bin"],
    execfn: "/bin/hello",
    random,
    uid: 1000,
    euid: 1001,
    gid: 100,
    egid: 101,
    hwcap: 0x178bfbff,
    ...extra,
  };
}

function str(mm: AddressSpace, addr: number): string {
  return dec.decode(mm.readString(addr, 4096)!);
}

function readStack(mm: AddressSpace, sp: number) {
  let p = sp;
  const next = () => {
    const v = mm.readU64(p);
    p += 8;
    return v;
  };
  const argc = next();
  const argv: string[] = [];
  for (let i = 0; i < argc; i++) argv.push(str(mm, next()));
  assert.equal(next(), 0, "argv NULL");
  const envp: string[] = [];
  for (let v = next(); v !== 0; v = next()) envp.push(str(mm, v));
  const auxv: [number, number][] = [];
  for (let t = next(); t !== 0; t = next()) auxv.push([t, next()]);
  assert.equal(next(), 0, "AT_NULL value");
  return { argc, argv, envp, auxv, end: p };
}

const flavours: Flavour[] = ["gcc-static", "gcc-static-pie", "musl-static"];

for (const flavour of flavours) {
  test(`loader layout: ${flavour}`, (t) => {
    const b = build(flavour);
    if ("skip" in b) {
      t.skip(b.skip);
      return;
    }
    const image = b.image;
    const mm = new AddressSpace();
    const r = loadElf(mm, image, opts({ vdsoBase: 0x7ffff7ffd000 }));
    assert.equal(r.stackPointer % 16, 0, "rsp 16-byte aligned at entry");
    const s = readStack(mm, r.stackPointer);
    assert.equal(s.argc, 3);
    assert.deepEqual(s.argv, ["/bin/hello", "one", "two words"]);
    assert.deepEqual(s.envp, ["HOME=/root", "PATH=/usr/bin:/bin"]);
    assert.deepEqual(s.auxv.map(([k]) => k), [
      AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE,
      AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM,
    ], "Linux's auxv order");
    const aux = new Map(s.auxv);
    assert.equal(aux.get(AT_SYSINFO_EHDR), 0x7ffff7ffd000);
    assert.equal(aux.get(AT_PAGESZ), 4096);
    assert.equal(aux.get(AT_CLKTCK), 100);
    assert.equal(aux.get(AT_HWCAP), 0x178bfbff);
    assert.equal(aux.get(AT_PHENT), 56);
    assert.equal(aux.get(AT_BASE), 0);
    assert.equal(aux.get(AT_UID), 1000);
    assert.equal(aux.get(AT_EUID), 1001);
    assert.equal(aux.get(AT_GID), 100);
    assert.equal(aux.get(AT_EGID), 101);
    assert.equal(aux.get(AT_SECURE), 0);
    assert.equal(aux.get(AT_ENTRY), r.entry);
    assert.deepEqual(mm.copyIn(aux.get(AT_RANDOM)!, 16), random);
    assert.equal(str(mm, aux.get(AT_PLATFORM)!), "x86_64");
    assert.equal(str(mm, aux.get(AT_EXECFN)!), "/bin/hello");
    // AT_PHDR points at a copy of the program headers
    const dv = new DataView(image.buffer, image.byteOffset);
    const phoff = Number(dv.getBigUint64(32, true));
    const phnum = dv.getUint16(56, true);
    assert.equal(aux.get(AT_PHNUM), phnum);
    assert.deepEqual(mm.copyIn(aux.get(AT_PHDR)!, phnum * 56), image.subarray(phoff, phoff + phnum * 56));
    // strings sit above the vectors, below the top
    for (const [k] of [[AT_EXECFN], [AT_PLATFORM], [AT_RANDOM]]) {
      const v = aux.get(k)!;
      assert.ok(v >= s.end && v < STACK_TOP, `aux ${k} inside the string area`);
    }
    assert.equal(mm.readU64(STACK_TOP - 8), 0, "a NULL pointer at the very top");
    // static-pie lands at ELF_ET_DYN_BASE, ET_EXEC at its own addresses
    const etype = dv.getUint16(16, true);
    assert.equal(r.loadBias, etype === 3 ? ELF_ET_DYN_BASE : 0);
    // segments: file bytes, zeroed bss (including the tail of the last file page), permissions
    let maxEnd = 0;
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * 56;
      if (dv.getUint32(o, true) !== PT_LOAD) continue;
      const flags = dv.getUint32(o + 4, true);
      const off = Number(dv.getBigUint64(o + 8, true));
      const vaddr: number = Number(dv.getBigUint64(o + 16, true)) + r.loadBias;
      const filesz = Number(dv.getBigUint64(o + 32, true));
      const memsz = Number(dv.getBigUint64(o + 40, true));
      maxEnd = Math.max(maxEnd, vaddr + memsz);
      assert.deepEqual(mm.peek(vaddr, filesz), image.subarray(off, off + filesz), `segment ${i} bytes`);
      const bss = mm.peek(vaddr + filesz, memsz - filesz)!;
      assert.ok(bss.every((x) => x === 0), `segment ${i} bss is zero`);
      const vma = mm.vmas().find((v) => v.start <= vaddr && vaddr < v.end)!;
      assert.equal(vma.prot, ((flags & 4) ? 1 : 0) | ((flags & 2) ? 2 : 0) | ((flags & 1) ? 4 : 0), `segment ${i} prot`);
      if (filesz > 0) assert.equal(vma.path, "/bin/hello");
    }
    assert.equal(r.brkStart, Math.ceil(maxEnd / 4096) * 4096);
    assert.equal(mm.brk(0), r.brkStart);
    assert.equal(mm.brk(r.brkStart + 10000), r.brkStart + 10000);
    const stack = mm.vmas().find((v) => v.path === "[stack]")!;
    assert.equal(stack.end, STACK_TOP);
    assert.ok(stack.growsdown);
    assert.equal(stack.prot, 3, "PT_GNU_STACK without PF_X: no exec");
    assert.ok(r.stackPointer - stack.start >= 128 * 1024);
    assert.ok(r.entry >= r.startCode && r.entry < r.endCode);
  });
}

test("loader: no vdso means no AT_SYSINFO_EHDR; string argv/envp as bytes", () => {
  const image = new Uint8Array(readFileSync("/bin/busybox"));
  const mm = new AddressSpace();
  const enc = new TextEncoder();
  const r = loadElf(mm, image, opts({ argv: [enc.encode("busybox"), enc.encode("")], envp: [] }));
  const s = readStack(mm, r.stackPointer);
  assert.deepEqual(s.argv, ["busybox", ""]);
  assert.deepEqual(s.envp, []);
  assert.equal(s.auxv[0][0], AT_MINSIGSTKSZ);
  assert.equal(r.stackPointer % 16, 0);
});

test("loader: E2BIG when arguments exceed a quarter of the stack limit", () => {
  const image = new Uint8Array(readFileSync("/bin/busybox"));
  const big = "x".repeat(1024 * 1024);
  assert.throws(() => loadElf(new AddressSpace(), image, opts({ argv: ["a", big, big, big] })),
    (e: unknown) => e instanceof SyscallError && e.errno === Errno.E2BIG);
});

// ---------------------------------------------------------------- refusals

function patched(base: Uint8Array, fn: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = base.slice();
  fn(new DataView(b.buffer), b);
  return b;
}

function refuses(image: Uint8Array, pattern: RegExp): void {
  assert.throws(() => loadElf(new AddressSpace(), image, opts()), (e: unknown) => {
    assert.ok(e instanceof ElfError, `expected ElfError, got ${e}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

/** Index of the first PT_LOAD program header of an image, and its file offset. */
function firstLoad(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset);
  const phoff = Number(dv.getBigUint64(32, true));
  for (let i = 0; ; i++) if (dv.getUint32(phoff + i * 56, true) === PT_LOAD) return phoff + i * 56;
}

test("refusals: one clear line for each kind of file", () => {
  const base = new Uint8Array(readFileSync("/bin/busybox"));
  refuses(new TextEncoder().encode("#!/bin/sh\necho hi\n"), /shell script/);
  assert.ok(isShebang(new TextEncoder().encode("#!/bin/sh")));
  refuses(new TextEncoder().encode("hello world"), /not an ELF/);
  refuses(new Uint8Array(0), /not an ELF/);
  refuses(base.subarray(0, 40), /truncated/);
  refuses(patched(base, (_, b) => { b[4] = 1; }), /^32-bit ELF \(ELFCLASS32\) is not supported$/);
  refuses(patched(base, (_, b) => { b[4] = 7; }), /invalid ELF class/);
  refuses(patched(base, (_, b) => { b[5] = 2; }), /big-endian/);
  const machines: [number, RegExp][] = [
    [183, /^AArch64 binary/], [40, /^ARM binary/], [243, /^RISC-V binary/], [3, /^i386 \(32-bit x86\) binary/],
    [21, /^PowerPC64 binary/], [22, /^s390x binary/], [8, /^MIPS binary/], [258, /^LoongArch binary/],
    [4242, /^machine 4242 binary/],
  ];
  for (const [m, re] of machines) refuses(patched(base, (dv) => dv.setUint16(18, m, true)), re);
  refuses(patched(base, (dv) => dv.setUint16(16, 1, true)), /ET_REL/);
  refuses(patched(base, (dv) => dv.setUint16(16, 4, true)), /ET_CORE/);
  refuses(patched(base, (dv) => dv.setUint16(54, 32, true)), /e_phentsize/);
  refuses(patched(base, (dv) => dv.setUint16(56, 0, true)), /no program headers/);
  refuses(patched(base, (dv) => dv.setBigUint64(32, BigInt(base.length - 10), true)), /program headers lie beyond/);
  refuses(base.subarray(0, 5000), /truncated ELF file: segment/);
  const ld = firstLoad(base);
  refuses(patched(base, (dv) => dv.setBigUint64(ld + 32, dv.getBigUint64(ld + 40, true) + 1n, true)), /p_filesz is larger than p_memsz/);
  refuses(patched(base, (dv) => dv.setBigUint64(ld + 16, dv.getBigUint64(ld + 16, true) + 8n, true)), /differ modulo the page size/);
  refuses(patched(base, (dv) => {
    dv.setBigUint64(ld + 16, 0xffffffff80000000n, true);
    dv.setBigUint64(ld + 8, 0n, true);
  }), /outside user space/);
  refuses(patched(base, (dv) => dv.setBigUint64(24, 0x100n, true)), /entry point 0x100 is not inside an executable segment/);
  refuses(patched(base, (dv) => {
    const phoff = Number(dv.getBigUint64(32, true));
    const n = dv.getUint16(56, true);
    for (let i = 0; i < n; i++) if (dv.getUint32(phoff + i * 56, true) === PT_LOAD) dv.setUint32(phoff + i * 56, 4, true);
  }), /no loadable segments/);
  if (existsSync("/bin/true")) refuses(new Uint8Array(readFileSync("/bin/true")), /^dynamically linked \(PT_INTERP \/lib64\/ld-linux-x86-64\.so\.2\) is not supported yet$/);
  assert.doesNotThrow(() => parseElf(base));
});

test("loader: PT_GNU_STACK with PF_X gives an executable stack; opts.file names the mapping", () => {
  const base = new Uint8Array(readFileSync("/bin/busybox"));
  const img = patched(base, (dv) => {
    const phoff = Number(dv.getBigUint64(32, true));
    const n = dv.getUint16(56, true);
    for (let i = 0; i < n; i++) {
      if (dv.getUint32(phoff + i * 56, true) === 0x6474e551) dv.setUint32(phoff + i * 56 + 4, 7, true);
    }
  });
  const mm = new AddressSpace();
  const file = { size: () => img.length, readAt: (o: number, b: Uint8Array) => { const n = Math.max(0, Math.min(b.length, img.length - o)); b.set(img.subarray(o, o + n)); return n; }, dev: 0xfe00, ino: 77, path: "/usr/bin/busybox" };
  const r = loadElf(mm, img, opts({ file }));
  assert.equal(r.execStack, true);
  assert.equal(mm.vmas().find((v) => v.path === "[stack]")!.prot, 7);
  const text = mm.vmas().find((v) => v.start <= r.entry && r.entry < v.end)!;
  assert.deepEqual([text.path, text.dev, text.ino], ["/usr/bin/busybox", 0xfe00, 77]);
});

test("loader: a static-pie can be placed at another base; the stack limit moves mmap_base", (t) => {
  const b = build("gcc-static-pie");
  if ("skip" in b) {
    t.skip(b.skip);
    return;
  }
  const mm = new AddressSpace();
  const r = loadElf(mm, b.image, opts({ pieBase: 0x7f0000000000, stackLimit: 512 * 1024 * 1024 }));
  assert.equal(r.loadBias, 0x7f0000000000);
  assert.ok(r.entry > 0x7f0000000000);
  assert.equal(mm.mmapBase, 0x7ffffffff000 - 512 * 1024 * 1024 - 256 * 4096);
  assert.equal(mm.stackLimit, 512 * 1024 * 1024);
});

test("loader: an empty argv becomes one empty argument (as Linux 5.18+ does)", () => {
  const mm = new AddressSpace();
  const r = loadElf(mm, new Uint8Array(readFileSync("/bin/busybox")), opts({ argv: [], execfn: "/bin/busybox" }));
  const s = readStack(mm, r.stackPointer);
  assert.equal(s.argc, 1);
  assert.deepEqual(s.argv, [""]);
});
