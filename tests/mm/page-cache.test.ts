// The page cache of shared file mappings (src/mm/page-cache.ts) and mmap's argument checks in
// Linux's order. The file here stands in for a filesystem: its read/write/truncate call the
// page-cache hooks exactly as hostfs does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AddressSpace, FaultCause, type MappedFile } from "../../src/mm/address-space.js";
import { FramePool } from "../../src/mm/frames.js";
import {
  cachedFile, fileCacheKey, pageCacheActive, readThroughCache, truncateCache, writeThroughCache,
} from "../../src/mm/page-cache.js";
import { memoryFault } from "../../src/cpu/fault.js";
import { Errno } from "../../src/abi/errno.js";
import {
  MADV_NORMAL, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_SYNC, MREMAP_MAYMOVE, MS_SYNC, PROT_READ, PROT_WRITE,
} from "../../src/abi/mman.js";
import { createNodeHost } from "../../src/host/node.js";
import { createHostfs } from "../../src/kernel/vfs/hostfs.js";
import type { VfsTask } from "../../src/kernel/vfs/task-view.js";
import { O_RDWR } from "../../src/abi/fcntl.js";

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
let nextIno = 50000;

/** A file on a pretend filesystem: its own bytes plus the page-cache hooks hostfs calls. */
class FsFile {
  data = new Uint8Array(0);
  readonly ino = nextIno++;
  readonly dev = 77;
  released = 0;
  constructor(text: string) {
    this.data = new TextEncoder().encode(text);
  }
  get key(): string {
    return fileCacheKey(this.dev, this.ino);
  }
  /** read(2) */
  read(off: number, len: number): string {
    const buf = new Uint8Array(len);
    const n = Math.max(0, Math.min(len, this.data.length - off));
    buf.set(this.data.subarray(off, off + n));
    if (pageCacheActive()) readThroughCache(this.key, off, buf, n);
    return new TextDecoder().decode(buf.subarray(0, n));
  }
  /** write(2) */
  write(off: number, text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.hostWrite(off, bytes);
    if (pageCacheActive()) writeThroughCache(this.key, off, bytes);
  }
  /** ftruncate(2) */
  truncate(size: number): void {
    const old = this.data.length;
    const d = new Uint8Array(size);
    d.set(this.data.subarray(0, Math.min(size, old)));
    this.data = d;
    if (pageCacheActive()) truncateCache(this.key, size, old);
  }
  private hostWrite(off: number, bytes: Uint8Array): number {
    if (off + bytes.length > this.data.length) {
      const d = new Uint8Array(off + bytes.length);
      d.set(this.data);
      this.data = d;
    }
    this.data.set(bytes, off);
    return bytes.length;
  }
  /** What an open file description hands to mmap. */
  mapped(writable = true): MappedFile {
    return {
      size: () => this.data.length,
      readAt: (off, buf) => {
        const n = Math.max(0, Math.min(buf.length, this.data.length - off));
        buf.set(this.data.subarray(off, off + n));
        return n;
      },
      writeAt: writable ? (off, buf) => this.hostWrite(off, buf) : undefined,
      dev: this.dev,
      ino: this.ino,
      path: "/f",
      release: () => void this.released++,
    };
  }
}

function str(mm: AddressSpace, addr: number, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(mm.read8(addr + i));
  return s;
}

test("a store into a MAP_SHARED mapping is seen by read(2) at once, before msync", () => {
  const f = new FsFile("mapped file contents\n");
  const mm = new AddressSpace();
  const s = mm.mmap(0, 4096, RW, MAP_SHARED, f.mapped(), 0);
  mm.write8(s, "S".charCodeAt(0));
  assert.equal(f.read(0, 6), "Sapped");
  assert.equal(new TextDecoder().decode(f.data.subarray(0, 6)), "mapped", "the file itself waits for write-back");
  assert.equal(mm.msync(s, 4096, MS_SYNC), 0);
  assert.equal(new TextDecoder().decode(f.data.subarray(0, 6)), "Sapped");
  mm.release();
});

test("write(2) shows in every existing shared mapping (two processes) and in later private copies", () => {
  const pool = new FramePool();
  const f = new FsFile("mapped file contents\n");
  const p1 = new AddressSpace({ pool });
  const p2 = new AddressSpace({ pool });
  const a = p1.mmap(0, 4096, RW, MAP_SHARED, f.mapped(), 0);
  const b = p2.mmap(0, 4096, PROT_READ, MAP_SHARED, f.mapped(false), 0);
  assert.equal(str(p1, a, 6), "mapped");
  assert.equal(str(p2, b, 6), "mapped");
  p1.write8(a, "S".charCodeAt(0));
  f.write(1, "W");
  assert.equal(str(p1, a, 6), "SWpped");
  assert.equal(str(p2, b, 6), "SWpped");
  // A private mapping made now starts from the cache, not from the stale file bytes.
  const p = p2.mmap(0, 4096, RW, MAP_PRIVATE, f.mapped(false), 0);
  assert.equal(str(p2, p, 6), "SWpped");
  p2.write8(p, "P".charCodeAt(0));
  assert.equal(f.read(0, 6), "SWpped", "private stores stay private");
  p1.release();
  p2.release();
  assert.equal(new TextDecoder().decode(f.data.subarray(0, 6)), "SWpped", "written back by the writable mapper");
  assert.equal(cachedFile(f.key), undefined, "the cache entry goes with the last mapping");
  assert.equal(pool.inUse, 0);
});

test("write(2) on a page no mapping has touched leaves the cache alone", () => {
  const f = new FsFile("x".repeat(3 * 4096));
  const mm = new AddressSpace();
  const s = mm.mmap(0, 3 * 4096, RW, MAP_SHARED, f.mapped(), 0);
  mm.write8(s, 1);
  f.write(4096 + 10, "abc");
  assert.equal(cachedFile(f.key)!.length, 1);
  assert.equal(str(mm, s + 4096 + 10, 3), "abc", "paged in from the file afterwards");
  mm.release();
});

test("ftruncate: pages past the new end leave the mappings (SIGBUS), the partial page's tail reads zero", () => {
  const f = new FsFile("y".repeat(3 * 4096));
  const mm = new AddressSpace();
  const s = mm.mmap(0, 3 * 4096, RW, MAP_SHARED, f.mapped(), 0);
  for (let i = 0; i < 3; i++) mm.write8(s + i * 4096 + 100, 0x41 + i);
  f.truncate(4096 + 50);
  assert.equal(mm.read8(s + 4096 + 49), "y".charCodeAt(0));
  assert.equal(mm.read8(s + 4096 + 100), 0, "past the end of file in the last page: zero");
  const e = (() => {
    try {
      mm.read8(s + 2 * 4096 + 100);
    } catch (err) {
      return err;
    }
    return null;
  })();
  assert.equal(e, memoryFault);
  assert.equal(mm.faultCause, FaultCause.BeyondEof);
  // Growing again: the new bytes read as zeros in the mapping and through read(2).
  f.truncate(3 * 4096);
  assert.equal(mm.read8(s + 4096 + 100), 0);
  assert.equal(mm.read8(s + 2 * 4096 + 100), 0);
  assert.equal(f.read(4096 + 100, 1), "\0");
  mm.release();
  assert.equal(f.data[100], 0x41, "the first page was written back");
});

test("a mapping's file is released once, when its last VMA (after splits and fork) goes", () => {
  const f = new FsFile("z".repeat(4 * 4096));
  const mm = new AddressSpace();
  const p = mm.mmap(0, 4 * 4096, PROT_READ, MAP_PRIVATE, f.mapped(), 0);
  assert.equal(mm.munmap(p + 4096, 4096), 0); // split in two
  const child = mm.fork();
  mm.release();
  assert.equal(f.released, 0);
  assert.equal(child.munmap(p, 4096), 0);
  assert.equal(f.released, 0);
  child.release();
  assert.equal(f.released, 1);
  // Shared: the object holds its first file until the last user goes.
  const g = new FsFile("w".repeat(4096));
  const a = new AddressSpace();
  a.mmap(0, 4096, RW, MAP_SHARED, g.mapped(), 0);
  a.mmap(0, 4096, RW, MAP_SHARED, g.mapped(), 0);
  a.release();
  assert.equal(g.released, 2);
});

test("mmap: lengths too large for the address space are ENOMEM, also near 2^64", () => {
  const mm = new AddressSpace();
  assert.equal(mm.mmap(0, 2 ** 64 - 1, PROT_READ, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(0, 2 ** 64 - 4096, PROT_READ, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(0, 2 ** 62, PROT_READ, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(0, 2 ** 47, PROT_READ, ANON, null, 0), -Errno.ENOMEM);
  assert.equal(mm.mmap(0, 2 ** 62, PROT_READ, MAP_ANONYMOUS, null, 0), -Errno.ENOMEM, "length before type");
  assert.equal(mm.mmap(0, 0, PROT_READ, MAP_ANONYMOUS, null, 0), -Errno.EINVAL);
});

test("mmap: Linux's order — placement and EEXIST before type and access errors", () => {
  const f = new FsFile("q".repeat(4096));
  const mm = new AddressSpace();
  const a = mm.mmap(0, 4096, PROT_READ, ANON, null, 0);
  assert.equal(mm.mmap(a, 4096, PROT_READ, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, null, 0), -Errno.EEXIST);
  assert.equal(mm.mmap(a, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, f.mapped(), 0, -Errno.EACCES), -Errno.EEXIST);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, null, 0, -Errno.EACCES), -Errno.EACCES);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, null, 0, -Errno.ENODEV), -Errno.ENODEV);
  assert.equal(mm.mmap(0, 4096, PROT_READ, 0, null, 0, -Errno.EACCES), -Errno.EINVAL, "type before access");
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, f.mapped(), 0), -Errno.EOPNOTSUPP);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x200, f.mapped(), 0), -Errno.EOPNOTSUPP);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED | 0x200, f.mapped(), 0) > 0, true, "MAP_SHARED ignores unknown flags");
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x80, f.mapped(), 0) > 0, true, "MAP_ABOVE4G is legacy");
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, null, 0), -Errno.EINVAL);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, f.mapped(), 0), -Errno.EINVAL);
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, null, 0), -Errno.EINVAL);
  assert.ok(mm.mmap(0, 4096, 0x100, ANON, null, 0) > 0, "mmap ignores unknown PROT bits");
  // File offsets: negative or past 2^63 - 1 is EOVERFLOW; a large one maps (and faults beyond EOF).
  assert.equal(mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f.mapped(), -4096), -Errno.EOVERFLOW);
  assert.equal(mm.mmap(0, 8192, PROT_READ, MAP_PRIVATE, f.mapped(), 2 ** 63 - 4096), -Errno.EOVERFLOW);
  assert.ok(mm.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f.mapped(), 2 ** 62) > 0);
  // Hints: a kernel-half hint is ignored; MAP_FIXED there is ENOMEM.
  assert.ok(mm.mmap(0xffff800000000000, 4096, PROT_READ, ANON, null, 0) > 0);
  assert.equal(mm.mmap(0xffff800000000000, 4096, PROT_READ, ANON | MAP_FIXED, null, 0), -Errno.ENOMEM);
  mm.release();
});

test("msync/madvise/mprotect/mincore/mremap: lengths that wrap or leave user space", () => {
  const mm = new AddressSpace();
  const a = mm.mmap(0, 4 * 4096, RW, ANON, null, 0);
  assert.equal(mm.msync(a, 2 ** 64 - 1, MS_SYNC), 0, "rounds up to 0: nothing to do");
  assert.equal(mm.msync(a, 2 ** 64 - 4096, MS_SYNC), -Errno.ENOMEM);
  assert.equal(mm.msync(0xffff800000000000, 4096, MS_SYNC), -Errno.ENOMEM);
  assert.equal(mm.madvise(a, 2 ** 64 - 1, MADV_NORMAL), -Errno.EINVAL);
  assert.equal(mm.madvise(a, 2 ** 64 - 4096, MADV_NORMAL), -Errno.EINVAL);
  assert.equal(mm.madvise(a, 2 ** 47, MADV_NORMAL), -Errno.ENOMEM);
  assert.equal(mm.madvise(0xffff800000000000, 4096, MADV_NORMAL), -Errno.ENOMEM);
  assert.equal(mm.mprotect(a, 2 ** 64 - 1, PROT_READ), -Errno.ENOMEM);
  assert.equal(mm.mprotect(0xffff800000000000, 4096, PROT_READ), -Errno.ENOMEM);
  assert.equal(mm.mincore(a, 2 ** 64 - 1), -Errno.ENOMEM);
  assert.equal(mm.mincore(0xffff800000000000, 4096), -Errno.ENOMEM);
  assert.equal(mm.mremap(0xffff800000000000, 4096, 4096, MREMAP_MAYMOVE), -Errno.EFAULT);
  assert.equal(mm.mremap(a, 4096, 2 ** 64 - 1, MREMAP_MAYMOVE), -Errno.EINVAL);
  // Shrinking over a hole is fine (Linux unmaps the tail).
  assert.equal(mm.mremap(a, 64 * 4096, 4096, 0), a);
  mm.release();
});

test("hostfs: read/write/ftruncate of a host file stay coherent with its shared mappings", () => {
  const dir = mkdtempSync(join(tmpdir(), "sysgate-pc-"));
  const host = createNodeHost();
  try {
    writeFileSync(join(dir, "m.txt"), "mapped file contents\n");
    const { root } = createHostfs(host, dir);
    const t = {} as VfsTask;
    const node = root.lookup(null as never, "m.txt")!;
    const file = node.open(null as never, null as never, O_RDWR);
    const mm = new AddressSpace();
    const s = mm.mmap(0, 4096, RW, MAP_SHARED, file.mappedFile()!, 0);
    mm.write8(s, "S".charCodeAt(0));
    const buf = new Uint8Array(6);
    assert.equal(file.pread(t, buf, 0), 6);
    assert.equal(new TextDecoder().decode(buf), "Sapped");
    assert.equal(readFileSync(join(dir, "m.txt"), "utf8").slice(0, 6), "mapped");
    file.pwrite(t, new TextEncoder().encode("W"), 1);
    assert.equal(str(mm, s, 6), "SWpped");
    file.truncate(3);
    assert.equal(mm.read8(s + 5), 0);
    mm.release();
    assert.equal(readFileSync(join(dir, "m.txt"), "utf8"), "SWp");
    assert.equal(pageCacheActive(), false);
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
