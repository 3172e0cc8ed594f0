import { test } from "node:test";
import assert from "node:assert/strict";
import { AddressSpace, FaultCause, SharedObject, TASK_SIZE, type MappedFile } from "../../src/mm/address-space.js";
import { FramePool } from "../../src/mm/frames.js";
import { AccessKind, MemoryFault, memoryFault } from "../../src/cpu/fault.js";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Errno } from "../../src/abi/errno.js";
import {
  MADV_DONTFORK, MADV_DONTNEED, MADV_WILLNEED, MADV_WIPEONFORK, MAP_ANONYMOUS, MAP_NORESERVE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_PRIVATE,
  MAP_SHARED, MREMAP_FIXED, MREMAP_MAYMOVE, MS_ASYNC, MS_SYNC, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE,
} from "../../src/abi/mman.js";

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function anon(mm: AddressSpace, len: number, prot = RW, flags = ANON, addr = 0): number {
  const a = mm.mmap(addr, len, prot, flags, null, 0);
  assert.ok(a > 0, `mmap failed: ${a}`);
  return a;
}

function faultOf(fn: () => unknown): MemoryFault {
  try {
    fn();
  } catch (e) {
    assert.equal(e, memoryFault);
    return e as MemoryFault;
  }
  assert.fail("expected a memory fault");
}

function efault(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof SyscallError && e.errno === Errno.EFAULT);
}

class TestFile implements MappedFile {
  dev = 8;
  ino = 1234;
  constructor(public data: Uint8Array, public path = "/tmp/file") {}
  size(): number {
    return this.data.length;
  }
  readAt(off: number, buf: Uint8Array): number {
    const n = Math.max(0, Math.min(buf.length, this.data.length - off));
    buf.set(this.data.subarray(off, off + n));
    return n;
  }
  writeAt(off: number, buf: Uint8Array): number {
    this.data.set(buf, off);
    return buf.length;
  }
}

test("read/write all widths, values and sign conventions", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 8192);
  mm.write8(a, 0x1ff);
  assert.equal(mm.read8(a), 0xff);
  mm.write16(a + 2, 0xfffe);
  assert.equal(mm.read16(a + 2), 0xfffe);
  mm.write32(a + 4, 0xdeadbeef);
  assert.equal(mm.read32(a + 4), 0xdeadbeef | 0);
  mm.write64(a + 8, 0x11223344, 0x8899aabb);
  assert.equal(mm.read64(a + 8), 0x11223344);
  assert.equal(mm.hi32, 0x8899aabb | 0);
  assert.equal(mm.read8(a + 15), 0x88);
  // little-endian byte order
  assert.equal(mm.read8(a + 4), 0xef);
});

test("page-straddling accesses read and write both pages", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 3 * 4096);
  for (const [off, size] of [[4095, 2], [4093, 4], [4094, 4], [4089, 8], [4095, 8]] as const) {
    const p = a + off;
    if (size === 2) {
      mm.write16(p, 0xa1b2);
      assert.equal(mm.read16(p), 0xa1b2);
    } else if (size === 4) {
      mm.write32(p, 0x01020304);
      assert.equal(mm.read32(p), 0x01020304);
      assert.equal(mm.read8(p + 3), 0x01);
    } else {
      mm.write64(p, 0x55667788, 0x11223344);
      assert.equal(mm.read64(p), 0x55667788);
      assert.equal(mm.hi32, 0x11223344);
      assert.equal(mm.read8(p), 0x88);
      assert.equal(mm.read8(p + 7), 0x11);
    }
  }
  // a straddling write whose second page is read-only faults and changes nothing
  assert.equal(mm.mprotect(a + 4096, 4096, PROT_READ), 0);
  mm.write32(a + 4092, 0);
  const f = faultOf(() => mm.write64(a + 4092, -1, -1));
  assert.equal(f.addr, a + 4096);
  assert.equal(f.access, AccessKind.Write);
  assert.equal(f.protection, true);
  assert.equal(mm.read32(a + 4092), 0);
  // straddling read into an unmapped page reports the first unmapped byte
  assert.equal(mm.munmap(a + 8192, 4096), 0);
  const g = faultOf(() => mm.read32(a + 8190));
  assert.equal(g.addr, a + 8192);
  assert.equal(g.protection, false);
});

test("faults: unmapped (MAPERR), permission (ACCERR), kernel half, negative", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096, PROT_READ);
  assert.equal(mm.read8(a), 0);
  let f = faultOf(() => mm.write8(a, 1));
  assert.deepEqual([f.addr, f.access, f.protection], [a, AccessKind.Write, true]);
  f = faultOf(() => mm.fetch8(a));
  assert.deepEqual([f.access, f.protection], [AccessKind.Exec, true]);
  f = faultOf(() => mm.read32(a + 4096));
  assert.deepEqual([f.addr, f.protection], [a + 4096, false]);
  f = faultOf(() => mm.read8(2 ** 47));
  assert.equal(f.protection, false);
  faultOf(() => mm.read8(-1));
  faultOf(() => mm.write64(0xffffffff80000000, 0, 0));
  const n = anon(mm, 4096, PROT_NONE);
  f = faultOf(() => mm.read8(n));
  assert.equal(f.protection, true);
  assert.equal(mm.faultCause, FaultCause.Segv);
});

test("x86: a write-only or exec-only mapping is readable; exec needs PROT_EXEC", () => {
  const mm = new AddressSpace();
  const w = anon(mm, 4096, PROT_WRITE);
  mm.write8(w, 7);
  assert.equal(mm.read8(w), 7);
  const x = anon(mm, 4096, PROT_EXEC);
  assert.equal(mm.read8(x), 0);
  assert.equal(mm.fetch8(x), 0);
});

test("demand paging: a 1 GiB mapping allocates no frame until written", () => {
  const mm = new AddressSpace({ memoryLimit: 2 * GiB });
  const before = mm.pool.inUse;
  const a = anon(mm, GiB);
  assert.equal(mm.pool.inUse, before);
  // reads see zeros and still allocate nothing
  for (let off = 0; off < GiB; off += 64 * MiB) assert.equal(mm.read32(a + off), 0);
  assert.equal(mm.pool.inUse, before);
  mm.write8(a + 512 * MiB, 1);
  assert.equal(mm.pool.inUse, before + 1);
  assert.equal(mm.read8(a + 512 * MiB), 1);
  assert.equal(mm.residentPages, 1);
  // a read of the zero frame then a write to the same page: the read TLB must not keep the zero frame
  assert.equal(mm.read8(a + 4096), 0);
  mm.write8(a + 4096, 9);
  assert.equal(mm.read8(a + 4096), 9);
});

test("memory cap: ENOMEM at mmap when it can never fit, fault (OutOfMemory) at first touch", () => {
  const mm = new AddressSpace({ memoryLimit: 1 * MiB });
  assert.equal(mm.mmap(0, 2 * MiB, RW, ANON, null, 0), -Errno.ENOMEM);
  const a = anon(mm, MiB);
  const b = anon(mm, MiB);
  for (let off = 0; off < MiB; off += 4096) mm.write8(a + off, 1);
  const f = faultOf(() => mm.write8(b, 1));
  assert.equal(f.addr, b);
  assert.equal(mm.faultCause, FaultCause.OutOfMemory);
  efault(() => mm.copyOut(b, new Uint8Array([1])));
  // freeing memory makes room again
  assert.equal(mm.munmap(a, MiB), 0);
  mm.write8(b, 1);
  assert.equal(mm.read8(b), 1);
  // brk past the cap fails (returns the current break)
  mm.initBrk(0x600000);
  assert.equal(mm.brk(0x600000 + 2 * MiB), 0x600000);
});

test("mmap: placement, hints, MAP_FIXED, MAP_FIXED_NOREPLACE, errors", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096);
  const b = anon(mm, 4096);
  assert.equal(b, a - 4096, "top-down placement");
  assert.equal(a + 4096, 0x7ffff7fff000);
  // hint honoured when free
  assert.equal(mm.mmap(0x10000000, 8192, RW, ANON, null, 0), 0x10000000);
  // an unaligned hint is rounded down (as Linux's round_hint_to_min does), a low one raised to mmap_min_addr
  assert.equal(mm.mmap(0x20000123, 4096, RW, ANON, null, 0), 0x20000000);
  assert.equal(mm.mmap(0x1234, 4096, RW, ANON, null, 0), 0x10000);
  // MAP_FIXED replaces
  mm.write8(0x10000000, 5);
  assert.equal(mm.mmap(0x10000000, 4096, RW, ANON | MAP_FIXED, null, 0), 0x10000000);
  assert.equal(mm.read8(0x10000000), 0);
  assert.equal(mm.mmap(0x10000000, 4096, RW, ANON | MAP_FIXED_NOREPLACE, null, 0), -Errno.EEXIST);
  assert.equal(mm.mmap(0x30000000, 4096, RW, ANON | MAP_FIXED_NOREPLACE, null, 0), 0x30000000);
  // errors
  assert.equal(mm.mmap(0x10000001, 4096, RW, ANON | MAP_FIXED, null, 0), -Errno.EINVAL);
  assert.equal(mm.mmap(0, 0, RW, ANON, null, 0), -Errno.EINVAL);
  assert.equal(mm.mmap(0, 4096, RW, MAP_ANONYMOUS, null, 0), -Errno.EINVAL, "neither shared nor private");
  assert.equal(mm.mmap(0, 4096, RW, MAP_PRIVATE, new TestFile(new Uint8Array(8192)), 100), -Errno.EINVAL);
  assert.equal(mm.mmap(0, 4096, RW, MAP_PRIVATE, null, 0), -Errno.EBADF);
  assert.equal(mm.mmap(0, 2 ** 48, RW, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(TASK_SIZE - 4096, 8192, RW, ANON | MAP_FIXED, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(0x1000, 4096, RW, ANON | MAP_FIXED, null, 0), -Errno.EPERM);
  const ro: MappedFile = { size: () => 4096, readAt: () => 0, dev: 1, ino: 2, path: "/ro" };
  assert.equal(mm.mmap(0, 4096, RW, MAP_SHARED, ro, 0), -Errno.EACCES);
  assert.ok(mm.mmap(0, 4096, PROT_READ, MAP_SHARED, ro, 0) > 0);
});

test("munmap splits VMAs, flushes the TLB, and validates", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4 * 4096);
  for (let i = 0; i < 4; i++) mm.write32(a + i * 4096, i + 1);
  assert.equal(mm.vmas().length, 1);
  assert.equal(mm.munmap(a + 4096, 4096), 0);
  assert.equal(mm.vmas().length, 2);
  faultOf(() => mm.read32(a + 4096)); // was in the TLB a moment ago
  assert.equal(mm.read32(a + 8192), 3);
  assert.equal(mm.munmap(a + 1, 4096), -Errno.EINVAL);
  assert.equal(mm.munmap(a, 0), -Errno.EINVAL);
  assert.equal(mm.munmap(a, 4096 * 100), 0, "unmapping holes is fine");
  assert.equal(mm.vmas().length, 0);
  assert.equal(mm.residentPages, 0);
});

test("mprotect: permission changes take effect immediately; EINVAL/ENOMEM/EACCES", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 3 * 4096);
  mm.write32(a + 4096, 42); // write TLB now holds the page
  assert.equal(mm.mprotect(a + 4096, 4096, PROT_READ), 0);
  assert.equal(mm.vmas().length, 3);
  faultOf(() => mm.write32(a + 4096, 1));
  assert.equal(mm.read32(a + 4096), 42);
  assert.equal(mm.mprotect(a + 4096, 4096, PROT_NONE), 0);
  faultOf(() => mm.read32(a + 4096));
  assert.equal(mm.mprotect(a, 3 * 4096, RW), 0);
  assert.equal(mm.vmas().length, 1, "merged back");
  assert.equal(mm.read32(a + 4096), 42);
  assert.equal(mm.mprotect(a + 1, 4096, RW), -Errno.EINVAL);
  assert.equal(mm.mprotect(a, 4096, 0x80), -Errno.EINVAL);
  assert.equal(mm.mprotect(a, 4 * 4096, RW), -Errno.ENOMEM);
  assert.equal(mm.mprotect(a, 0, RW), 0);
  const f = new TestFile(new Uint8Array(4096));
  const ro: MappedFile = { size: () => 4096, readAt: f.readAt.bind(f), dev: 0, ino: 0, path: "/x" };
  const s = mm.mmap(0, 4096, PROT_READ, MAP_SHARED, ro, 0);
  assert.equal(mm.mprotect(s, 4096, RW), -Errno.EACCES);
});

test("brk: grows, shrinks, refuses overlap, returns the current break on failure", () => {
  const mm = new AddressSpace();
  mm.initBrk(0x601000);
  assert.equal(mm.brk(0), 0x601000);
  assert.equal(mm.brk(0x500000), 0x601000, "below the start");
  assert.equal(mm.brk(0x601800), 0x601800);
  mm.write8(0x601000, 1);
  mm.write8(0x601fff, 1);
  faultOf(() => mm.write8(0x602000, 1));
  assert.equal(mm.brk(0x700000), 0x700000);
  mm.write8(0x6fffff, 3);
  assert.equal(mm.vmas().find((v) => v.path === "[heap]")?.start, 0x601000);
  assert.equal(mm.brk(0x602000), 0x602000);
  faultOf(() => mm.read8(0x602000));
  // something mapped in the way
  anon(mm, 4096, RW, ANON | MAP_FIXED, 0x610000);
  assert.equal(mm.brk(0x620000), 0x602000);
});

test("mremap: shrink, grow in place, move, fixed, errors", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 2 * 4096, RW, ANON | MAP_FIXED, 0x10000000);
  mm.write32(a, 11);
  mm.write32(a + 4096, 22);
  assert.equal(mm.mremap(a, 8192, 4096, 0), a);
  faultOf(() => mm.read32(a + 4096));
  assert.equal(mm.mremap(a, 4096, 3 * 4096, 0), a, "grows in place");
  assert.equal(mm.read32(a + 4096), 0);
  assert.equal(mm.vmas().length, 1);
  anon(mm, 4096, RW, ANON | MAP_FIXED, a + 3 * 4096);
  assert.equal(mm.mremap(a, 3 * 4096, 5 * 4096, 0), -Errno.ENOMEM, "blocked, may not move");
  const before = mm.pool.inUse;
  const b = mm.mremap(a, 3 * 4096, 5 * 4096, MREMAP_MAYMOVE);
  assert.ok(b > 0 && b !== a);
  assert.equal(mm.pool.inUse, before, "frames moved, not copied");
  assert.equal(mm.read32(b), 11);
  faultOf(() => mm.read32(a));
  mm.write32(b + 4 * 4096, 5);
  const c = mm.mremap(b, 5 * 4096, 5 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, 0x20000000);
  assert.equal(c, 0x20000000);
  assert.equal(mm.read32(c + 4 * 4096), 5);
  assert.equal(mm.mremap(c + 1, 4096, 8192, 0), -Errno.EINVAL);
  assert.equal(mm.mremap(c, 4096, 8192, MREMAP_FIXED, 0x30000000), -Errno.EINVAL);
  assert.equal(mm.mremap(c, 4096, 0, 0), -Errno.EINVAL);
  assert.equal(mm.mremap(0x40000000, 4096, 8192, MREMAP_MAYMOVE), -Errno.EFAULT);
  assert.equal(mm.mremap(c, 4096, 8192, 0x80), -Errno.EINVAL);
});

test("madvise: DONTNEED zeroes private anonymous pages, re-reads file pages; errors", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 2 * 4096);
  mm.write32(a, 7);
  assert.equal(mm.madvise(a, 8192, MADV_DONTNEED), 0);
  assert.equal(mm.read32(a), 0);
  assert.equal(mm.residentPages, 0);
  const file = new TestFile(new Uint8Array(4096).fill(3));
  const m = mm.mmap(0, 4096, RW, MAP_PRIVATE, file, 0);
  mm.write8(m, 9);
  assert.equal(mm.read8(m), 9);
  assert.equal(file.data[0], 3, "private writes stay private");
  assert.equal(mm.madvise(m, 4096, MADV_DONTNEED), 0);
  assert.equal(mm.read8(m), 3);
  assert.equal(mm.madvise(a + 1, 4096, MADV_WILLNEED), -Errno.EINVAL);
  assert.equal(mm.madvise(a, 4096, 9999), -Errno.EINVAL);
  assert.equal(mm.madvise(0x10000000, 4096, MADV_WILLNEED), -Errno.ENOMEM);
});

test("private file mapping: bytes on first touch, zero tail, SIGBUS beyond EOF", () => {
  const mm = new AddressSpace();
  const data = new Uint8Array(6000);
  for (let i = 0; i < data.length; i++) data[i] = i & 0xff;
  const file = new TestFile(data, "/data/f");
  const m = mm.mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE, file, 0);
  assert.equal(mm.pool.inUse, 0);
  assert.equal(mm.read8(m + 5000), 5000 & 0xff);
  assert.equal(mm.read8(m + 6000), 0, "tail of the last page is zero");
  faultOf(() => mm.read8(m + 8192));
  assert.equal(mm.faultCause, FaultCause.BeyondEof);
  const v = mm.vmas()[0];
  assert.deepEqual([v.path, v.dev, v.ino, v.offset], ["/data/f", 8, 1234, 0]);
  const m2 = mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, file, 4096);
  assert.equal(mm.read8(m2), 4096 & 0xff);
});

test("MAP_SHARED file mapping writes back on msync and munmap", () => {
  const mm = new AddressSpace();
  const file = new TestFile(new Uint8Array(5000));
  const m = mm.mmap(0, 8192, RW, MAP_SHARED, file, 0);
  mm.write8(m + 10, 0x41);
  assert.equal(file.data[10], 0);
  assert.equal(mm.msync(m, 8192, MS_SYNC), 0);
  assert.equal(file.data[10], 0x41);
  mm.write8(m + 4999, 0x42);
  assert.equal(mm.munmap(m, 8192), 0);
  assert.equal(file.data[4999], 0x42);
  assert.equal(file.data.length, 5000, "the file does not grow");
  assert.equal(mm.msync(m + 1, 4096, MS_SYNC), -Errno.EINVAL);
  assert.equal(mm.msync(m, 4096, MS_SYNC | MS_ASYNC), -Errno.EINVAL);
  assert.equal(mm.msync(m, 4096, MS_SYNC), -Errno.ENOMEM);
});

test("fork: copy-on-write isolation both ways", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 3 * 4096);
  mm.write32(a, 1);
  mm.write32(a + 4096, 2);
  const used = mm.pool.inUse;
  const child = mm.fork();
  assert.equal(mm.pool.inUse, used, "fork copies no frame");
  assert.equal(child.read32(a), 1);
  child.write32(a, 100);
  assert.equal(mm.pool.inUse, used + 1);
  assert.equal(mm.read32(a), 1);
  assert.equal(child.read32(a), 100);
  mm.write32(a + 4096, 200); // the parent's write TLB was flushed at fork
  assert.equal(child.read32(a + 4096), 2);
  assert.equal(mm.read32(a + 4096), 200);
  // the last sharer writes in place
  const inUse = mm.pool.inUse;
  child.write32(a + 4096, 3);
  assert.equal(mm.pool.inUse, inUse, "refcount 1 after the parent's copy: no new frame");
  // untouched page: both sides see zeros, and write independently
  child.write8(a + 8192, 5);
  assert.equal(mm.read8(a + 8192), 0);
  // copyOut in the child triggers COW too
  const g = mm.fork();
  g.copyOut(a, new Uint8Array([9, 9, 9, 9]));
  assert.equal(mm.read32(a), 1);
  child.release();
  g.release();
  mm.release();
  assert.equal(mm.pool.inUse, 0, "every frame returned");
});

test("fork: MAP_SHARED anonymous memory stays shared, including pages first touched after fork", () => {
  const mm = new AddressSpace();
  const s = mm.mmap(0, 2 * 4096, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
  mm.write32(s, 5);
  const child = mm.fork();
  child.write32(s, 6);
  assert.equal(mm.read32(s), 6);
  child.write32(s + 4096, 7);
  assert.equal(mm.read32(s + 4096), 7);
  mm.write32(s + 4096, 8);
  assert.equal(child.read32(s + 4096), 8);
});

test("code pages: write / munmap / mprotect call the listener once and clear the mark", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4 * 4096, RW | PROT_EXEC);
  const seen: number[] = [];
  mm.setCodeWriteListener((p) => seen.push(p));
  const p0 = a / 4096;
  mm.write8(a, 0x90); // page in the write TLB
  mm.fetch8(a);
  mm.markCodePage(p0);
  mm.write8(a + 1, 0xc3);
  assert.deepEqual(seen, [p0]);
  mm.write8(a + 2, 0xc3);
  assert.deepEqual(seen, [p0], "once");
  mm.markCodePage(p0 + 1);
  mm.markCodePage(p0 + 2);
  mm.markCodePage(p0 + 3);
  assert.equal(mm.mprotect(a + 4096, 4096, PROT_READ | PROT_EXEC), 0);
  assert.deepEqual(seen, [p0, p0 + 1]);
  assert.equal(mm.munmap(a + 2 * 4096, 4096), 0);
  assert.deepEqual(seen, [p0, p0 + 1, p0 + 2]);
  mm.copyOut(a + 3 * 4096, new Uint8Array([1]));
  assert.deepEqual(seen, [p0, p0 + 1, p0 + 2, p0 + 3], "kernel writes count too");
});

test("copyIn/copyOut/readString/checked helpers and EFAULT", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 2 * 4096);
  const bytes = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
  mm.copyOut(a + 100, bytes);
  assert.deepEqual(mm.copyIn(a + 100, 5000), bytes);
  assert.equal(mm.copyIn(0, 0).length, 0);
  efault(() => mm.copyIn(a + 4096, 8192));
  efault(() => mm.copyIn(0, 1));
  efault(() => mm.copyIn(2 ** 47 - 1, 4));
  efault(() => mm.copyIn(-8, 4));
  const ro = anon(mm, 4096, PROT_READ);
  efault(() => mm.copyOut(ro, new Uint8Array(1)));
  assert.equal(mm.copyIn(ro, 4)[0], 0);
  mm.copyOut(a + 4090, new TextEncoder().encode("hello\0"));
  assert.equal(new TextDecoder().decode(mm.readString(a + 4090, 100)!), "hello");
  assert.equal(mm.readString(a + 4090, 5), null);
  assert.equal(mm.readString(a + 4090, 6)!.length, 5);
  mm.copyOut(a + 8192 - 3, new Uint8Array([65, 66, 67]));
  efault(() => mm.readString(a + 8192 - 3, 100));
  mm.writeU64(a, 2 ** 53 - 1);
  assert.equal(mm.readU64(a), 2 ** 53 - 1);
  mm.writeU64(a, -5);
  assert.equal(mm.readI64(a), -5);
  assert.equal(mm.readU32(a), 0xfffffffb);
  assert.equal(mm.readI32(a), -5);
  mm.writeU32(a + 8, 0xffffffff);
  assert.equal(mm.readU32(a + 8), 0xffffffff);
  mm.writeU16(a + 4094, 0xbeef);
  assert.equal(mm.readU16(a + 4094), 0xbeef);
  efault(() => mm.readU32(a + 8190));
  efault(() => mm.writeU64(ro, 1));
});

test("peek: no side effects, null for unreadable memory", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096);
  assert.deepEqual(mm.peek(a, 4), new Uint8Array(4));
  assert.equal(mm.pool.inUse, 0);
  const f = mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, new TestFile(new Uint8Array([1, 2, 3])), 0);
  assert.deepEqual(mm.peek(f, 4), new Uint8Array([1, 2, 3, 0]));
  assert.equal(mm.pool.inUse, 0);
  assert.equal(mm.peek(a + 4000, 200), null);
  const n = anon(mm, 4096, PROT_NONE);
  assert.equal(mm.peek(n, 1), null);
});

test("grows-down stack VMA extends on a fault below it, up to the stack limit", () => {
  const mm = new AddressSpace({ stackLimit: 64 * 4096 });
  const top = 0x7ffffffff000;
  assert.equal(mm.mapSpecial(top - 4 * 4096, 4 * 4096, RW, "[stack]", true), top - 4 * 4096);
  mm.write8(top - 10 * 4096, 1);
  const v = mm.vmas().find((x) => x.path === "[stack]")!;
  assert.equal(v.start, top - 10 * 4096);
  faultOf(() => mm.write8(top - 65 * 4096, 1));
  const g = anon(mm, 8192, RW, ANON | MAP_GROWSDOWN, 0x40000000);
  mm.write8(g - 1, 1);
  assert.equal(mm.vmas().find((x) => x.end === g + 8192)!.start, g - 4096);
});

test("vmas, stats and mincore", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4 * 4096);
  mm.write8(a, 1);
  mm.write8(a + 2 * 4096, 1);
  const v = mm.vmas();
  assert.equal(v.length, 1);
  assert.equal(v[0].rss, 8192);
  assert.equal(v[0].path, "");
  const st = mm.stats();
  assert.equal(st.VmSize, 4 * 4096);
  assert.equal(st.VmRSS, 8192);
  assert.equal(st.VmData, 4 * 4096);
  assert.deepEqual(mm.mincore(a, 4 * 4096), new Uint8Array([1, 0, 1, 0]));
  assert.equal(mm.mincore(a + 1, 4096), -Errno.EINVAL);
  assert.equal(mm.mincore(a, 8 * 4096), -Errno.ENOMEM);
});

test("a shared frame pool makes the cap machine-wide", () => {
  const pool = new FramePool({ limitBytes: 8 * 4096 });
  const m1 = new AddressSpace({ pool });
  const m2 = new AddressSpace({ pool });
  const a = anon(m1, 8 * 4096);
  const b = anon(m2, 8 * 4096);
  for (let i = 0; i < 8; i++) m1.write8(a + i * 4096, 1);
  faultOf(() => m2.write8(b, 1));
  m1.release();
  m2.write8(b, 1);
});

test("RLIMIT_AS: mmap, brk and mremap growth beyond addressSpaceLimit are ENOMEM", () => {
  const mm = new AddressSpace();
  mm.addressSpaceLimit = 16 * 4096;
  const a = anon(mm, 8 * 4096);
  assert.equal(mm.mmap(0, 9 * 4096, RW, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mremap(a, 8 * 4096, 17 * 4096, MREMAP_MAYMOVE), -Errno.ENOMEM);
  mm.initBrk(0x600000);
  assert.equal(mm.brk(0x600000 + 9 * 4096), 0x600000);
  assert.equal(mm.brk(0x600000 + 8 * 4096), 0x600000 + 8 * 4096);
  assert.equal(mm.fork().addressSpaceLimit, 16 * 4096);
});

test("threads: every CPU listener hears about a code write; removed listeners do not", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096, RW | PROT_EXEC);
  const heard: string[] = [];
  const l1 = (p: number) => heard.push(`1:${p}`);
  const l2 = (p: number) => heard.push(`2:${p}`);
  mm.setCodeWriteListener(l1);
  mm.setCodeWriteListener(l2);
  mm.setCodeWriteListener(l2);
  mm.markCodePage(a / 4096);
  mm.write8(a, 1);
  assert.deepEqual(heard, [`1:${a / 4096}`, `2:${a / 4096}`]);
  mm.removeCodeWriteListener(l1);
  mm.markCodePage(a / 4096);
  mm.write8(a, 2);
  assert.deepEqual(heard.slice(2), [`2:${a / 4096}`]);
});

test("maps view: shared anonymous memory shows as /dev/zero (deleted); special names", () => {
  const mm = new AddressSpace();
  mm.mmap(0, 4096, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
  assert.equal(mm.vmas()[0].path, "/dev/zero (deleted)");
  assert.equal(mm.mapSpecial(0x7ffff7ffd000, 8192, PROT_READ | PROT_EXEC, "[vdso]"), 0x7ffff7ffd000);
  assert.ok(mm.vmas().some((v) => v.path === "[vdso]" && v.end - v.start === 8192));
});

test("huge copyIn/peek requests fail cleanly (EFAULT / null), never a RangeError", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096);
  efault(() => mm.copyIn(a, 2 ** 40));
  assert.equal(mm.peek(a, 2 ** 40), null);
  const big = anon(mm, 2 ** 36, PROT_NONE, ANON | MAP_FIXED, 0x100000000); // a 64 GiB reservation is free
  assert.equal(big, 0x100000000);
  efault(() => mm.copyIn(big, 2 ** 36));
  assert.equal(mm.pool.inUse, 0);
  assert.equal(mm.mmap(0, 2 ** 36, RW, ANON, null, 0), -Errno.ENOMEM, "but a writable one is accounted");
  assert.ok(mm.mmap(0, 2 ** 36, RW, ANON | MAP_NORESERVE, null, 0) > 0, "unless MAP_NORESERVE");
});

test("smaps numbers: pss and shared/private resident bytes after fork", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 2 * 4096);
  mm.write8(a, 1);
  mm.write8(a + 4096, 1);
  const child = mm.fork();
  child.write8(a + 4096, 2);
  const v = mm.vmas()[0];
  assert.equal(v.rss, 8192);
  assert.equal(v.sharedRss, 4096);
  assert.equal(v.privateRss, 4096);
  assert.equal(v.pss, 4096 + 2048);
});

test("a kernel-owned shared object (vvar) is visible to every process mapping it", () => {
  const pool = new FramePool();
  const vvar = new SharedObject(null);
  const p1 = new AddressSpace({ pool });
  const p2 = new AddressSpace({ pool });
  assert.equal(p1.mapSharedObject(0x7ffff7ff9000, 4096, PROT_READ, "[vvar]", vvar), 0x7ffff7ff9000);
  p2.mapSharedObject(0x7ffff7ff9000, 4096, PROT_READ, "[vvar]", vvar);
  const page = vvar.page(pool, 0)!;
  page[8] = 42;
  assert.equal(p1.read8(0x7ffff7ff9008), 42);
  assert.equal(p2.read8(0x7ffff7ff9008), 42);
  page[8] = 43; // the kernel updates it; the guest sees it at once
  assert.equal(p1.read8(0x7ffff7ff9008), 43);
  faultOf(() => p1.write8(0x7ffff7ff9008, 1));
  assert.equal(p1.vmas()[0].path, "[vvar]");
});

test("fork: private file pages are copy-on-write, shared file pages stay shared", () => {
  const mm = new AddressSpace();
  const file = new TestFile(new Uint8Array(8192).fill(1));
  const p = mm.mmap(0, 8192, RW, MAP_PRIVATE, file, 0);
  const s = mm.mmap(0, 8192, RW, MAP_SHARED, file, 0);
  mm.write8(p, 2);
  const child = mm.fork();
  assert.equal(child.read8(p), 2);
  assert.equal(child.read8(p + 4096), 1, "untouched private file page read from the file in the child");
  child.write8(p, 3);
  assert.equal(mm.read8(p), 2);
  child.write8(s + 5, 9);
  assert.equal(mm.read8(s + 5), 9);
  assert.equal(child.msync(s, 8192, MS_ASYNC), 0);
  assert.equal(file.data[5], 9);
  child.release();
  mm.release();
  assert.equal(mm.pool.inUse, 0);
});

test("MAP_SHARED of the same file (dev, ino) in two processes shares its pages", () => {
  const pool = new FramePool();
  const data = new Uint8Array(4096);
  const f1 = new TestFile(data, "/shared");
  const f2 = new TestFile(data, "/shared"); // another open file description of the same file
  const p1 = new AddressSpace({ pool });
  const p2 = new AddressSpace({ pool });
  const a = p1.mmap(0, 4096, RW, MAP_SHARED, f1, 0);
  const b = p2.mmap(0, 4096, RW, MAP_SHARED, f2, 0);
  p1.write8(a + 1, 77);
  assert.equal(p2.read8(b + 1), 77);
  p1.release();
  assert.equal(p2.read8(b + 1), 77);
  p2.release();
  assert.equal(data[1], 77, "written back when the last mapping goes");
  assert.equal(pool.fileObjects.size, 0);
  assert.equal(pool.inUse, 0);
});

test("fork: MADV_DONTFORK areas are left out, MADV_WIPEONFORK areas start zeroed", () => {
  const mm = new AddressSpace();
  const a = anon(mm, 4096);
  const b = anon(mm, 4096);
  const c = anon(mm, 4096);
  mm.write8(a, 1);
  mm.write8(b, 2);
  mm.write8(c, 3);
  assert.equal(mm.madvise(a, 4096, MADV_DONTFORK), 0);
  assert.equal(mm.madvise(b, 4096, MADV_WIPEONFORK), 0);
  const child = mm.fork();
  faultOf(() => child.read8(a));
  assert.equal(child.read8(b), 0);
  assert.equal(child.read8(c), 3);
  assert.equal(mm.read8(b), 2);
  assert.equal(child.residentPages, 1);
  child.release();
  mm.release();
  assert.equal(mm.pool.inUse, 0);
});
