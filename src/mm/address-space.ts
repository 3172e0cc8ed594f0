// The address space of one process: VMAs (what is mapped where, with which permissions), a page
// table (which frame backs each touched page), software TLBs in front of it for the CPU's hot path,
// demand paging, copy-on-write after fork, brk/mmap/munmap/mprotect/mremap/madvise/msync, and the
// only doors the kernel has into user memory: copyIn / copyOut / readString (copy_from_user /
// copy_to_user).
//
// Hot path: read*/write*/fetch8 look the page up in a direct-mapped TLB (typed arrays indexed by the
// low bits of the page number; the tag is the page's base address). A hit is a few array reads and
// a DataView access. Everything else (miss, page straddle, fault, first touch, COW) takes the slow
// path, which consults the VMAs and the page table and refills the TLB.
//
// Invariants that keep the TLBs honest:
// - the write TLB holds a page only if the VMA is writable, the page has its own frame, the frame is
//   not shared copy-on-write (refcount 1, or the VMA is MAP_SHARED), and the page is not marked code;
// - the read TLB may point an untouched private anonymous page at the shared zero frame; the first
//   write replaces the frame and flushes the page from every TLB;
// - munmap / mprotect / mremap / madvise / fork flush what they change.
//
// MAP_SHARED: every shared mapping owns a SharedObject (page index -> frame) that survives fork, so
// parent and child see each other's writes. For a file, the object's pages are file pages: they are
// read from the file when first touched and written back through MappedFile.writeAt on msync and
// munmap (and when the mapping is dropped). Every shared mapping of one file (dev, ino) uses one
// object, which is also that file's page cache for read(2)/write(2)/truncate (page-cache.ts).

import { AccessKind, memoryFault } from "../cpu/fault.js";
import type { GuestMemory } from "../cpu/memory.js";
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import {
  MADV_COLD, MADV_COLLAPSE, MADV_DODUMP, MADV_DOFORK, MADV_DONTDUMP, MADV_DONTFORK, MADV_DONTNEED,
  MADV_DONTNEED_LOCKED, MADV_FREE, MADV_HUGEPAGE, MADV_HWPOISON, MADV_KEEPONFORK, MADV_MERGEABLE,
  MADV_NOHUGEPAGE, MADV_NORMAL, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_RANDOM,
  MADV_REMOVE, MADV_SEQUENTIAL, MADV_SOFT_OFFLINE, MADV_UNMERGEABLE, MADV_WILLNEED, MADV_WIPEONFORK,
  MAP_32BIT, MAP_ANONYMOUS, MAP_DENYWRITE, MAP_EXECUTABLE, MAP_FIXED, MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN, MAP_HUGETLB, MAP_LOCKED, MAP_NONBLOCK, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE,
  MAP_SHARED, MAP_SHARED_VALIDATE, MAP_STACK, MAP_SYNC, MAP_TYPE, MAP_UNINITIALIZED, MREMAP_DONTUNMAP,
  MREMAP_FIXED, MREMAP_MAYMOVE, MS_ASYNC, MS_INVALIDATE, MS_SYNC, PROT_EXEC, PROT_GROWSDOWN,
  PROT_GROWSUP, PROT_READ, PROT_SEM, PROT_WRITE,
} from "../abi/mman.js";
import { FramePool, PAGE_SIZE } from "./frames.js";
import type { MappedFile } from "./mapped-file.js";
import { fileCacheKey, pageCacheActive, readThroughCache, registerCachedFile, unregisterCachedFile, type CachedFilePages } from "./page-cache.js";

export type { MappedFile } from "./mapped-file.js";
export { FramePool } from "./frames.js";

/** First address above user space (Linux x86-64 TASK_SIZE: 2^47 - one page). */
export const TASK_SIZE = 0x7ffffffff000;
/** Lowest address mmap hands out or accepts with MAP_FIXED (vm.mmap_min_addr). */
export const MMAP_MIN_ADDR = 0x10000;
/** Top of the top-down mmap area without randomisation: TASK_SIZE - 128 MiB gap. */
export const DEFAULT_MMAP_BASE = 0x7ffff7fff000;
/** Linux keeps this much free below a grows-down (stack) VMA (stack_guard_gap, 256 pages). */
const STACK_GUARD_GAP = 256 * PAGE_SIZE;
/** vm.max_map_count */
const MAX_MAP_COUNT = 65530;

const TLB_BITS = 10;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;

const L2_BITS = 9;
const L2_SIZE = 1 << L2_BITS;

/** Why the last memoryFault was thrown, for the kernel's choice of signal. */
export const enum FaultCause {
  /** An ordinary page fault: SIGSEGV (SEGV_MAPERR or SEGV_ACCERR per memoryFault.protection). */
  Segv = 0,
  /** A file-backed page wholly beyond the end of the file: SIGBUS (BUS_ADRERR). */
  BeyondEof = 1,
  /** The guest memory cap was reached when the page was first touched: SIGBUS (or kill). */
  OutOfMemory = 2,
}

/** Pages of a MAP_SHARED mapping, shared by every VMA (in every process) that maps them. */
export class SharedObject implements CachedFilePages {
  /** page index (file page for a file, page of the object for anonymous memory) -> frame */
  readonly frames = new Map<number, number>();
  /** VMAs referring to this object. */
  users = 0;
  /** Address spaces with at least one VMA on this object (to drop their pages when the file shrinks). */
  readonly spaces = new Set<AddressSpace>();
  /**
   * "dev:ino" for a file's object registered in FramePool.fileObjects (and in the page cache);
   * `pool` is where its frames live (needed by the page-cache hooks).
   */
  constructor(readonly file: MappedFile | null, readonly key: string | null = null, readonly pool: FramePool | null = null) {}

  /** Page indexes with a frame that overlap the file bytes [off, end), in a fresh list. */
  private cachedIn(off: number, end: number): number[] {
    const first = Math.floor(off / PAGE_SIZE);
    const last = Math.ceil(end / PAGE_SIZE); // exclusive
    const out: number[] = [];
    if (last - first > this.frames.size) {
      for (const idx of this.frames.keys()) if (idx >= first && idx < last) out.push(idx);
    } else {
      for (let idx = first; idx < last; idx++) if (this.frames.has(idx)) out.push(idx);
    }
    return out;
  }

  overlayRead(off: number, buf: Uint8Array, n: number): void {
    const pool = this.pool;
    if (pool === null || this.frames.size === 0 || n <= 0) return;
    const end = off + n;
    for (const idx of this.cachedIn(off, end)) {
      const f = this.frames.get(idx)!;
      const base = idx * PAGE_SIZE;
      const s = Math.max(off, base);
      const e = Math.min(end, base + PAGE_SIZE);
      const o = pool.offset(f) - base;
      buf.set(pool.bytes(f).subarray(o + s, o + e), s - off);
    }
  }

  applyWrite(off: number, data: Uint8Array): void {
    const pool = this.pool;
    if (pool === null || this.frames.size === 0 || data.length === 0) return;
    const end = off + data.length;
    const hit = this.cachedIn(off, end);
    for (const idx of hit) {
      const f = this.frames.get(idx)!;
      const base = idx * PAGE_SIZE;
      const s = Math.max(off, base);
      const e = Math.min(end, base + PAGE_SIZE);
      pool.bytes(f).set(data.subarray(s - off, e - off), pool.offset(f) + (s - base));
    }
    if (hit.length !== 0) for (const sp of this.spaces) sp.sharedPagesChanged(this, hit[0], hit[hit.length - 1] + 1);
  }

  resized(size: number, oldSize: number): void {
    const pool = this.pool;
    if (pool === null) return;
    if (size < oldSize) {
      // Pages wholly past the new end leave every mapping (a later touch is SIGBUS) and the cache.
      const keep = Math.ceil(size / PAGE_SIZE);
      for (const sp of [...this.spaces]) sp.dropSharedPages(this, keep);
      for (const [idx, f] of this.frames) {
        if (idx >= keep) {
          pool.unref(f);
          this.frames.delete(idx);
        }
      }
    }
    // Bytes past the end of file in its last page read as zeros (and stay out of the file).
    this.zeroFrom(size);
    if (size > oldSize) this.zeroFrom(oldSize);
  }

  /** Zero the rest of the page holding file offset `at` (nothing when `at` is page aligned). */
  private zeroFrom(at: number): void {
    const pool = this.pool!;
    const within = at % PAGE_SIZE;
    if (within === 0) return;
    const idx = Math.floor(at / PAGE_SIZE);
    const f = this.frames.get(idx);
    if (f === undefined) return;
    const o = pool.offset(f);
    pool.bytes(f).fill(0, o + within, o + PAGE_SIZE);
    for (const sp of this.spaces) sp.sharedPagesChanged(this, idx, idx + 1);
  }

  /**
   * The 4 KiB of page `idx` (allocated zeroed on first use), for the kernel to fill: the vvar
   * page of the vDSO, say. Null when the memory cap is reached.
   */
  page(pool: FramePool, idx: number): Uint8Array | null {
    let f = this.frames.get(idx);
    if (f === undefined) {
      f = pool.alloc(true);
      if (f < 0) return null;
      this.frames.set(idx, f);
    }
    return pool.page(f);
  }
}

/**
 * VMAs (and shared objects) holding each MappedFile. A file that offers release() (an open file's
 * hold on its description and host handle) gets it called once nothing maps it any more.
 */
const fileHolds = new WeakMap<MappedFile, number>();
function holdFile(file: MappedFile): void {
  fileHolds.set(file, (fileHolds.get(file) ?? 0) + 1);
}
function dropFile(file: MappedFile): void {
  const n = (fileHolds.get(file) ?? 1) - 1;
  if (n > 0) {
    fileHolds.set(file, n);
    return;
  }
  fileHolds.delete(file);
  file.release?.();
}

/** One virtual memory area: [start, end) with one set of attributes. */
export class Vma {
  constructor(
    public start: number,
    public end: number,
    /** PROT_READ | PROT_WRITE | PROT_EXEC */
    public prot: number,
    public shared: boolean,
    /** Backing file (private or shared), or null for anonymous memory. */
    public file: MappedFile | null,
    /** Byte offset in the file (or in the shared object) that `start` maps. */
    public offset: number,
    public shm: SharedObject | null,
    /** "[heap]", "[stack]", "[vdso]", "[vvar]", or null. */
    public name: string | null,
    public growsdown: boolean,
    /** MADV_DONTFORK / MADV_WIPEONFORK state. */
    public dontfork = false,
    public wipeonfork = false,
  ) {
    if (file !== null) holdFile(file);
    this.account = !shared && (prot & PROT_WRITE) !== 0;
  }
  /**
   * Linux's VM_ACCOUNT: a private mapping that is or was writable. It never merges with one that
   * never was (so glibc's RELRO region stays apart from the read-only segment before it in maps).
   * Only file mappings look at it for now (anonymous neighbours still merge whatever their history).
   */
  account: boolean;

  clone(start: number, end: number): Vma {
    const v = new Vma(start, end, this.prot, this.shared, this.file,
      this.offset + (start - this.start), this.shm, this.name, this.growsdown, this.dontfork, this.wipeonfork);
    v.account = this.account;
    if (v.shm) v.shm.users++;
    return v;
  }
}

/** A VMA as /proc/PID/maps and smaps show it. */
export interface VmaInfo {
  start: number;
  end: number;
  prot: number;
  shared: boolean;
  /** Byte offset into the file (0 for anonymous memory). */
  offset: number;
  dev: number;
  ino: number;
  /** File path, or the special name ("[heap]", "[stack]", ...), or "" for anonymous memory. */
  path: string;
  anonymous: boolean;
  growsdown: boolean;
  /** Resident bytes (pages with a frame) in this VMA. */
  rss: number;
  /** Proportional set size: each resident page divided by the number of address spaces sharing it. */
  pss: number;
  /** Resident bytes whose frame another address space also maps (after fork, or MAP_SHARED). */
  sharedRss: number;
  privateRss: number;
}

/** Sizes for /proc/PID/status, in bytes. */
export interface MemStats {
  VmPeak: number;
  VmSize: number;
  VmHWM: number;
  VmRSS: number;
  VmData: number;
  VmStk: number;
  VmExe: number;
  VmLib: number;
  VmPTE: number;
  RssAnon: number;
  RssFile: number;
  RssShmem: number;
}

export interface AddressSpaceOptions {
  /** The machine's frames; give the same pool to every process to make the cap machine-wide. */
  pool?: FramePool;
  /** Cap on guest memory in bytes when no pool is given. Default 2 GiB. */
  memoryLimit?: number;
  /** Top of the top-down mmap area. */
  mmapBase?: number;
  /** RLIMIT_STACK: how far a grows-down stack VMA may grow. Default 8 MiB. */
  stackLimit?: number;
}

// Not in abi/mman.ts (yet): MAP_ABOVE4G and the huge page size encodings (log2 size << MAP_HUGE_SHIFT 26).
const MAP_ABOVE4G = 0x80;
const MAP_HUGE_2MB = 21 << 26;
const MAP_HUGE_1GB = 30 << 26;
/**
 * Flags MAP_SHARED_VALIDATE accepts: Linux's LEGACY_MAP_MASK. MAP_SYNC is left out: it needs a DAX
 * file, which no sysgate filesystem is (Linux says EOPNOTSUPP for it on every other file).
 */
const VALIDATE_MAP_FLAGS = MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_ABOVE4G | MAP_GROWSDOWN | MAP_DENYWRITE |
  MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |
  MAP_UNINITIALIZED | MAP_HUGE_2MB | MAP_HUGE_1GB;
const PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC;

const KNOWN_MADVISE = new Set<number>([
  MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_REMOVE,
  MADV_DONTFORK, MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
  MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT,
  MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED, MADV_COLLAPSE, MADV_HWPOISON,
  MADV_SOFT_OFFLINE,
]);

const EFAULT_ERROR = new SyscallError(Errno.EFAULT);

function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}
function pageDown(n: number): number {
  return Math.floor(n / PAGE_SIZE) * PAGE_SIZE;
}
function isInt(n: number): boolean {
  return Number.isSafeInteger(n);
}
/** 2^64 - 4096: a length above it is rounded up (PAGE_ALIGN) to 2^64, which wraps to 0. */
const ALIGN_WRAP = 18446744073709547520;
/**
 * PAGE_ALIGN of a 64-bit length in a JS number, with Linux's wrap to 0 near 2^64 (values past 2^53
 * are approximate, and so far past user space that only "huge" matters).
 */
function alignLen(len: number): number {
  return len > ALIGN_WRAP ? 0 : pageUp(len);
}

export class AddressSpace implements GuestMemory {
  hi32 = 0;
  readonly pool: FramePool;
  /** Why the last memoryFault was thrown (see FaultCause). */
  faultCause: FaultCause = FaultCause.Segv;
  /** RLIMIT_STACK (the kernel updates it on setrlimit). */
  stackLimit: number;
  mmapBase: number;
  /** RLIMIT_AS in bytes (the kernel updates it): mmap, brk and mremap beyond it fail with ENOMEM. */
  addressSpaceLimit = Infinity;
  /** The program break: start (set by the loader) and current value. */
  brkStart = 0;
  brkCur = 0;

  // TLBs. Tag = page base address (or -1 = empty).
  private readonly rTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly rBase = new Int32Array(TLB_SIZE);
  private readonly rView: DataView[] = [];
  private readonly rBytes: Uint8Array[] = [];
  private readonly wTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly wBase = new Int32Array(TLB_SIZE);
  private readonly wView: DataView[] = [];
  private readonly wBytes: Uint8Array[] = [];
  private readonly xTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly xBase = new Int32Array(TLB_SIZE);
  private readonly xBytes: Uint8Array[] = [];

  /** Page table: (page >> 9) -> 512 frame ids (0 = no frame). */
  private pageTable = new Map<number, Int32Array>();
  private rssPages = 0;
  private hwmPages = 0;
  private peakSize = 0;

  /** Sorted, non-overlapping. */
  private areas: Vma[] = [];
  private lastVma: Vma | null = null;

  private readonly codePages = new Set<number>();
  /** One listener per CPU using this address space (threads share it). */
  private codeListeners: ((page: number) => void)[] = [];

  constructor(opts: AddressSpaceOptions = {}) {
    this.pool = opts.pool ?? new FramePool({ limitBytes: opts.memoryLimit });
    this.mmapBase = opts.mmapBase ?? DEFAULT_MMAP_BASE;
    this.stackLimit = opts.stackLimit ?? 8 * 1024 * 1024;
    const zb = this.pool.bytes(0);
    const zv = this.pool.view(0);
    for (let i = 0; i < TLB_SIZE; i++) {
      this.rView.push(zv);
      this.rBytes.push(zb);
      this.wView.push(zv);
      this.wBytes.push(zb);
      this.xBytes.push(zb);
    }
  }

  // ---------------------------------------------------------------- hot path (GuestMemory)

  read8(addr: number): number {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.rTag[i] === addr - off) return this.rBytes[i][this.rBase[i] + off];
    return this.slowRead(addr, 1);
  }
  read16(addr: number): number {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.rTag[i] === addr - off && off <= 4094) return this.rView[i].getUint16(this.rBase[i] + off, true);
    return this.slowRead(addr, 2);
  }
  read32(addr: number): number {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.rTag[i] === addr - off && off <= 4092) return this.rView[i].getInt32(this.rBase[i] + off, true);
    return this.slowRead(addr, 4);
  }
  read64(addr: number): number {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.rTag[i] === addr - off && off <= 4088) {
      const v = this.rView[i];
      const o = this.rBase[i] + off;
      this.hi32 = v.getInt32(o + 4, true);
      return v.getInt32(o, true);
    }
    return this.slowRead64(addr);
  }
  write8(addr: number, val: number): void {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.wTag[i] === addr - off) {
      this.wBytes[i][this.wBase[i] + off] = val;
      return;
    }
    this.slowWrite(addr, 1, val, 0);
  }
  write16(addr: number, val: number): void {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.wTag[i] === addr - off && off <= 4094) {
      this.wView[i].setUint16(this.wBase[i] + off, val, true);
      return;
    }
    this.slowWrite(addr, 2, val, 0);
  }
  write32(addr: number, val: number): void {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.wTag[i] === addr - off && off <= 4092) {
      this.wView[i].setInt32(this.wBase[i] + off, val, true);
      return;
    }
    this.slowWrite(addr, 4, val, 0);
  }
  write64(addr: number, lo: number, hi: number): void {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.wTag[i] === addr - off && off <= 4088) {
      const v = this.wView[i];
      const o = this.wBase[i] + off;
      v.setInt32(o, lo, true);
      v.setInt32(o + 4, hi, true);
      return;
    }
    this.slowWrite(addr, 8, lo, hi);
  }
  fetch8(addr: number): number {
    const off = addr & 4095;
    const i = (addr >>> 12) & TLB_MASK;
    if (this.xTag[i] === addr - off) return this.xBytes[i][this.xBase[i] + off];
    const f = this.translate(addr, AccessKind.Exec);
    return this.pool.bytes(f)[this.pool.offset(f) + off];
  }

  markCodePage(pageNumber: number): void {
    this.codePages.add(pageNumber);
    const i = pageNumber & TLB_MASK;
    if (this.wTag[i] === pageNumber * PAGE_SIZE) this.wTag[i] = -1;
  }
  /**
   * Register a CPU's listener. Threads share an address space, so every CPU attached to it is
   * told; a CPU that leaves (thread exit, exec) calls removeCodeWriteListener.
   */
  setCodeWriteListener(fn: (pageNumber: number) => void): void {
    if (!this.codeListeners.includes(fn)) this.codeListeners.push(fn);
  }
  removeCodeWriteListener(fn: (pageNumber: number) => void): void {
    this.codeListeners = this.codeListeners.filter((f) => f !== fn);
  }
  /** The listeners now registered (one per code cache on this space; threads share one). */
  codeWriteListeners(): readonly ((pageNumber: number) => void)[] {
    return this.codeListeners;
  }

  // ---------------------------------------------------------------- slow path

  private slowRead(addr: number, size: number): number {
    const off = addr & 4095;
    if (off + size <= PAGE_SIZE) {
      const f = this.translate(addr, AccessKind.Read);
      const o = this.pool.offset(f) + off;
      const v = this.pool.view(f);
      return size === 1 ? v.getUint8(o) : size === 2 ? v.getUint16(o, true) : v.getInt32(o, true);
    }
    // Straddles two pages: both must be readable before anything is returned.
    this.byteAt(addr, AccessKind.Read);
    this.byteAt(pageDown(addr + size - 1), AccessKind.Read); // a fault names the first byte on the bad page
    let r = 0;
    for (let k = size - 1; k >= 0; k--) r = (r << 8) | this.byteAt(addr + k, AccessKind.Read);
    return size === 4 ? r | 0 : r & 0xffff;
  }

  private slowRead64(addr: number): number {
    const off = addr & 4095;
    if (off <= 4088) {
      const f = this.translate(addr, AccessKind.Read);
      const o = this.pool.offset(f) + off;
      const v = this.pool.view(f);
      this.hi32 = v.getInt32(o + 4, true);
      return v.getInt32(o, true);
    }
    this.byteAt(addr, AccessKind.Read);
    this.byteAt(pageDown(addr + 7), AccessKind.Read);
    let lo = 0;
    let hi = 0;
    for (let k = 3; k >= 0; k--) lo = (lo << 8) | this.byteAt(addr + k, AccessKind.Read);
    for (let k = 7; k >= 4; k--) hi = (hi << 8) | this.byteAt(addr + k, AccessKind.Read);
    this.hi32 = hi | 0;
    return lo | 0;
  }

  private byteAt(addr: number, access: AccessKind): number {
    const f = this.translate(addr, access);
    return this.pool.bytes(f)[this.pool.offset(f) + (addr & 4095)];
  }

  private slowWrite(addr: number, size: number, lo: number, hi: number): void {
    const off = addr & 4095;
    if (off + size <= PAGE_SIZE) {
      const f = this.translate(addr, AccessKind.Write);
      const o = this.pool.offset(f) + off;
      const v = this.pool.view(f);
      if (size === 1) v.setUint8(o, lo);
      else if (size === 2) v.setUint16(o, lo, true);
      else if (size === 4) v.setInt32(o, lo, true);
      else {
        v.setInt32(o, lo, true);
        v.setInt32(o + 4, hi, true);
      }
      return;
    }
    // Straddling write: check both pages first so a fault leaves memory untouched.
    this.translate(addr, AccessKind.Write);
    this.translate(pageDown(addr + size - 1), AccessKind.Write);
    for (let k = 0; k < size; k++) {
      const b = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
      const a = addr + k;
      const f = this.translate(a, AccessKind.Write);
      this.pool.bytes(f)[this.pool.offset(f) + (a & 4095)] = b;
    }
  }

  private fault(addr: number, access: AccessKind, protection: boolean, cause: FaultCause): never {
    this.faultCause = cause;
    throw memoryFault.set(addr, access, protection);
  }

  /**
   * Resolve `addr` for an access: find the VMA, check permission, give the page a frame if the
   * access needs one (demand paging, COW), refill the TLB, and return the frame id (0 = the zero
   * frame, for reads of untouched anonymous memory). Throws memoryFault.
   */
  private translate(addr: number, access: AccessKind): number {
    if (!(addr >= 0 && addr < TASK_SIZE)) this.fault(addr, access, false, FaultCause.Segv);
    let vma = this.findVma(addr);
    if (vma === null) {
      vma = this.growStack(addr);
      if (vma === null) this.fault(addr, access, false, FaultCause.Segv);
    }
    const prot = vma.prot;
    // x86 page tables cannot express write-only or exec-only: any mapping is readable.
    if (access === AccessKind.Write ? (prot & PROT_WRITE) === 0
      : access === AccessKind.Exec ? (prot & PROT_EXEC) === 0 : (prot & PROT_MASK) === 0) {
      this.fault(addr, access, true, FaultCause.Segv);
    }
    const page = Math.floor(addr / PAGE_SIZE);
    let f = this.pteGet(page);
    if (access === AccessKind.Write) {
      if (f === 0) {
        f = this.populate(vma, page, addr, access);
      } else if (!vma.shared && this.pool.refs[f] > 1) {
        f = this.copyOnWrite(page, f, addr);
      }
      if (this.codePages.size !== 0 && this.codePages.has(page)) this.codeWritten(page);
      this.fillWrite(page, f);
      this.fillRead(page, f);
    } else {
      if (f === 0 && (vma.file !== null || vma.shm !== null)) f = this.populate(vma, page, addr, access);
      if (access === AccessKind.Exec) this.fillExec(page, f);
      else this.fillRead(page, f);
    }
    return f;
  }

  /** Give `page` its frame: zeros, the file's bytes, or the shared object's frame. */
  private populate(vma: Vma, page: number, addr: number, access: AccessKind): number {
    const pageAddr = page * PAGE_SIZE;
    const pool = this.pool;
    let f: number;
    if (vma.shm !== null) {
      const idx = (vma.offset + (pageAddr - vma.start)) / PAGE_SIZE;
      const have = vma.shm.frames.get(idx);
      if (have !== undefined) {
        f = have;
      } else {
        f = this.newFrameFor(vma.file, idx * PAGE_SIZE, addr, access);
        vma.shm.frames.set(idx, f); // the object's reference
      }
      pool.ref(f); // the page table's reference
    } else {
      f = this.newFrameFor(vma.file, vma.offset + (pageAddr - vma.start), addr, access);
    }
    this.pteSet(page, f);
    // The read/exec TLB may still point this page at the zero frame.
    this.flushPage(page);
    return f;
  }

  private newFrameFor(file: MappedFile | null, fileOffset: number, addr: number, access: AccessKind): number {
    if (file !== null && fileOffset >= file.size()) this.fault(addr, access, false, FaultCause.BeyondEof);
    const f = this.pool.alloc(true);
    if (f < 0) this.fault(addr, access, false, FaultCause.OutOfMemory);
    if (file !== null) {
      const page = this.pool.page(f);
      const n = file.readAt(fileOffset, page);
      // A private mapping's first copy comes from the page cache when a shared mapping has newer bytes.
      if (pageCacheActive() && (file.dev !== 0 || file.ino !== 0)) readThroughCache(fileCacheKey(file.dev, file.ino), fileOffset, page, n);
    }
    return f;
  }

  private copyOnWrite(page: number, old: number, addr: number): number {
    const pool = this.pool;
    const f = pool.alloc(false);
    if (f < 0) this.fault(addr, AccessKind.Write, false, FaultCause.OutOfMemory);
    const src = pool.offset(old);
    pool.bytes(f).set(pool.bytes(old).subarray(src, src + PAGE_SIZE), pool.offset(f));
    pool.unref(old);
    this.pageTableSlot(page)[page & (L2_SIZE - 1)] = f;
    this.flushPage(page);
    return f;
  }

  private codeWritten(page: number): void {
    this.codePages.delete(page);
    const ls = this.codeListeners;
    for (let i = 0; i < ls.length; i++) ls[i](page);
  }

  /** Pages in [startPage, endPage) that were marked as code: forget them and tell the CPU. */
  private codeTouched(startPage: number, endPage: number): void {
    if (this.codePages.size === 0) return;
    const hit: number[] = [];
    if (endPage - startPage > this.codePages.size) {
      for (const p of this.codePages) if (p >= startPage && p < endPage) hit.push(p);
    } else {
      for (let p = startPage; p < endPage; p++) if (this.codePages.has(p)) hit.push(p);
    }
    for (const p of hit) this.codeWritten(p);
  }

  private fillRead(page: number, f: number): void {
    const i = page & TLB_MASK;
    this.rTag[i] = page * PAGE_SIZE;
    this.rBase[i] = this.pool.offset(f);
    this.rView[i] = this.pool.view(f);
    this.rBytes[i] = this.pool.bytes(f);
  }
  private fillWrite(page: number, f: number): void {
    const i = page & TLB_MASK;
    this.wTag[i] = page * PAGE_SIZE;
    this.wBase[i] = this.pool.offset(f);
    this.wView[i] = this.pool.view(f);
    this.wBytes[i] = this.pool.bytes(f);
  }
  private fillExec(page: number, f: number): void {
    const i = page & TLB_MASK;
    this.xTag[i] = page * PAGE_SIZE;
    this.xBase[i] = this.pool.offset(f);
    this.xBytes[i] = this.pool.bytes(f);
  }

  private flushPage(page: number): void {
    const i = page & TLB_MASK;
    const tag = page * PAGE_SIZE;
    if (this.rTag[i] === tag) this.rTag[i] = -1;
    if (this.wTag[i] === tag) this.wTag[i] = -1;
    if (this.xTag[i] === tag) this.xTag[i] = -1;
  }

  /** Drop every TLB entry for pages in [start, end) (byte addresses). */
  private flushRange(start: number, end: number): void {
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.ceil(end / PAGE_SIZE);
    if (last - first >= TLB_SIZE) {
      this.flushAll();
      return;
    }
    for (let p = first; p < last; p++) this.flushPage(p);
  }

  flushAll(): void {
    this.rTag.fill(-1);
    this.wTag.fill(-1);
    this.xTag.fill(-1);
  }

  // ---------------------------------------------------------------- page table

  private pteGet(page: number): number {
    const t = this.pageTable.get(Math.floor(page / L2_SIZE));
    return t === undefined ? 0 : t[page & (L2_SIZE - 1)];
  }
  private pageTableSlot(page: number): Int32Array {
    const k = Math.floor(page / L2_SIZE);
    let t = this.pageTable.get(k);
    if (t === undefined) {
      t = new Int32Array(L2_SIZE);
      this.pageTable.set(k, t);
    }
    return t;
  }
  private pteSet(page: number, f: number): void {
    const t = this.pageTableSlot(page);
    const j = page & (L2_SIZE - 1);
    if (t[j] === 0) {
      if (++this.rssPages > this.hwmPages) this.hwmPages = this.rssPages;
    }
    t[j] = f;
  }

  /** Call fn(page, frame) for every page with a frame in [startPage, endPage). */
  private forEachPresent(startPage: number, endPage: number, fn: (page: number, f: number) => void): void {
    const k0 = Math.floor(startPage / L2_SIZE);
    const k1 = Math.floor((endPage - 1) / L2_SIZE);
    const visit = (k: number, t: Int32Array): void => {
      const base = k * L2_SIZE;
      const j0 = Math.max(0, startPage - base);
      const j1 = Math.min(L2_SIZE, endPage - base);
      for (let j = j0; j < j1; j++) if (t[j] !== 0) fn(base + j, t[j]);
    };
    if (k1 - k0 + 1 > this.pageTable.size) {
      const keys = [...this.pageTable.keys()].filter((k) => k >= k0 && k <= k1).sort((a, b) => a - b);
      for (const k of keys) visit(k, this.pageTable.get(k)!);
    } else {
      for (let k = k0; k <= k1; k++) {
        const t = this.pageTable.get(k);
        if (t !== undefined) visit(k, t);
      }
    }
  }

  /** Drop the frames of [start, end): unreference and clear the page table entries. */
  private dropPages(start: number, end: number): void {
    if (end <= start) return;
    const pool = this.pool;
    this.forEachPresent(start / PAGE_SIZE, end / PAGE_SIZE, (page, f) => {
      pool.unref(f);
      this.pageTable.get(Math.floor(page / L2_SIZE))![page & (L2_SIZE - 1)] = 0;
      this.rssPages--;
    });
    this.flushRange(start, end);
  }

  // ---------------------------------------------------------------- VMAs

  /** The VMA containing addr, or null. */
  findVma(addr: number): Vma | null {
    const last = this.lastVma;
    if (last !== null && addr >= last.start && addr < last.end) return last;
    const a = this.areas;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = a[mid];
      if (addr < v.start) hi = mid - 1;
      else if (addr >= v.end) lo = mid + 1;
      else {
        this.lastVma = v;
        return v;
      }
    }
    return null;
  }

  /** Index of the first VMA whose end is above addr. */
  private firstEndingAbove(addr: number): number {
    const a = this.areas;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].end <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A fault just below a grows-down VMA extends it (as Linux's expand_stack does). */
  private growStack(addr: number): Vma | null {
    const i = this.firstEndingAbove(addr);
    const v = this.areas[i];
    if (v === undefined || !v.growsdown || addr >= v.start) return null;
    const newStart = pageDown(addr);
    if (v.end - newStart > this.stackLimit) return null;
    const prev = i > 0 ? this.areas[i - 1] : null;
    if (prev !== null && newStart < prev.end + STACK_GUARD_GAP) return null;
    if (v.file !== null || v.shm !== null) return null;
    v.offset -= v.start - newStart;
    v.start = newStart;
    this.lastVma = null;
    return v;
  }

  private overlaps(start: number, end: number): boolean {
    const i = this.firstEndingAbove(start);
    return i < this.areas.length && this.areas[i].start < end;
  }

  /** Split the VMA that strictly contains addr into two at addr. */
  private splitAt(addr: number): void {
    const i = this.firstEndingAbove(addr);
    const v = this.areas[i];
    if (v === undefined || v.start >= addr) return;
    const right = v.clone(addr, v.end);
    v.end = addr;
    this.areas.splice(i + 1, 0, right);
    this.lastVma = null;
  }

  /** Indices [i, j) of the VMAs inside [start, end), after splitting at both ends. */
  private isolate(start: number, end: number): [number, number] {
    this.splitAt(start);
    this.splitAt(end);
    const i = this.firstEndingAbove(start);
    let j = i;
    while (j < this.areas.length && this.areas[j].start < end) j++;
    return [i, j];
  }

  private static mergeable(a: Vma, b: Vma): boolean {
    if (a.end !== b.start || a.prot !== b.prot || a.shared !== b.shared || a.name !== b.name ||
      a.growsdown !== b.growsdown || a.shm !== b.shm || a.dontfork !== b.dontfork || a.wipeonfork !== b.wipeonfork ||
      (a.file !== null && a.account !== b.account)) return false;
    if (a.file !== b.file) {
      if (a.file === null || b.file === null || a.file.dev !== b.file.dev || a.file.ino !== b.file.ino ||
        a.file.path !== b.file.path) return false;
    }
    if (a.file !== null || a.shm !== null) return a.offset + (a.end - a.start) === b.offset;
    return true;
  }

  /** Merge neighbours around indices [i-1, j] as Linux's vma_merge would. */
  private mergeAround(i: number, j: number): void {
    const a = this.areas;
    let k = Math.max(1, i);
    let stop = j + 1;
    while (k < a.length && k <= stop) {
      const prev = a[k - 1];
      const cur = a[k];
      if (AddressSpace.mergeable(prev, cur)) {
        prev.end = cur.end;
        if (cur.shm) cur.shm.users--;
        if (cur.file !== null) dropFile(cur.file);
        a.splice(k, 1);
        stop--;
      } else {
        k++;
      }
    }
    this.lastVma = null;
  }

  private insertVma(v: Vma): void {
    const i = this.firstEndingAbove(v.start);
    this.areas.splice(i, 0, v);
    this.mergeAround(i, i);
    const size = this.totalSize();
    if (size > this.peakSize) this.peakSize = size;
  }

  /** Would `extra` more bytes of mappings exceed RLIMIT_AS? */
  private overAsLimit(extra: number): boolean {
    return this.addressSpaceLimit !== Infinity && this.totalSize() + extra > this.addressSpaceLimit;
  }

  private totalSize(): number {
    let s = 0;
    for (const v of this.areas) s += v.end - v.start;
    return s;
  }

  /** Write the resident pages of a shared file mapping in [start, end) back to the file. */
  private writeBack(v: Vma, start: number, end: number): void {
    const shm = v.shm;
    if (shm === null) return;
    // This VMA's own file when it may write (the object's first mapper may have been read-only).
    const file = v.file !== null && v.file.writeAt !== undefined ? v.file : shm.file;
    if (file === null || file.writeAt === undefined) return;
    const size = file.size();
    for (let a = start; a < end; a += PAGE_SIZE) {
      const idx = (v.offset + (a - v.start)) / PAGE_SIZE;
      const f = shm.frames.get(idx);
      if (f === undefined) continue;
      const fileOff = idx * PAGE_SIZE;
      if (fileOff >= size) continue;
      const n = Math.min(PAGE_SIZE, size - fileOff);
      file.writeAt!(fileOff, this.pool.page(f).subarray(0, n));
    }
  }

  /** Forget a VMA that left the list: write back, drop pages, release the shared object. */
  private discard(v: Vma): void {
    this.writeBack(v, v.start, v.end);
    this.dropPages(v.start, v.end);
    if (v.file !== null) dropFile(v.file);
    const shm = v.shm;
    if (shm === null) return;
    if (!this.areas.some((o) => o.shm === shm)) shm.spaces.delete(this);
    if (--shm.users === 0) {
      for (const f of shm.frames.values()) this.pool.unref(f);
      shm.frames.clear();
      if (shm.key !== null) {
        if (this.pool.fileObjects.get(shm.key) === shm) this.pool.fileObjects.delete(shm.key);
        unregisterCachedFile(shm.key, shm);
        if (shm.file !== null) dropFile(shm.file);
      }
    }
  }

  /**
   * The pages of a MAP_SHARED mapping: anonymous memory gets a new object; a file with an identity
   * (dev, ino) shares one object machine-wide, so every process mapping it sees the same pages.
   */
  private sharedObjectFor(file: MappedFile | null): SharedObject {
    if (file === null || (file.dev === 0 && file.ino === 0)) return new SharedObject(file);
    const key = fileCacheKey(file.dev, file.ino);
    let obj = this.pool.fileObjects.get(key) as SharedObject | undefined;
    if (obj === undefined) {
      obj = new SharedObject(file, key, this.pool);
      holdFile(file); // the object's own hold: its file writes back for read-only mappers
      this.pool.fileObjects.set(key, obj);
      registerCachedFile(key, obj);
    }
    return obj;
  }

  /**
   * The file behind `obj` shrank: pages from file page `firstIdx` on leave this address space's
   * page table (the next touch finds them past the end of the file: SIGBUS).
   */
  dropSharedPages(obj: SharedObject, firstIdx: number): void {
    for (const v of this.areas) {
      if (v.shm !== obj) continue;
      const s = Math.max(v.start, v.start + firstIdx * PAGE_SIZE - v.offset);
      if (s >= v.end) continue;
      this.dropPages(s, v.end);
      this.codeTouched(s / PAGE_SIZE, v.end / PAGE_SIZE);
    }
  }

  /** Pages [fromIdx, toIdx) of `obj` changed behind the guest's back (write(2)): forget decoded code there. */
  sharedPagesChanged(obj: SharedObject, fromIdx: number, toIdx: number): void {
    if (this.codePages.size === 0) return;
    for (const v of this.areas) {
      if (v.shm !== obj) continue;
      const s = Math.max(v.start, v.start + fromIdx * PAGE_SIZE - v.offset);
      const e = Math.min(v.end, v.start + toIdx * PAGE_SIZE - v.offset);
      if (s < e) this.codeTouched(s / PAGE_SIZE, e / PAGE_SIZE);
    }
  }

  /** Unmap [start, end) (aligned). */
  private unmapRange(start: number, end: number): void {
    if (!this.overlaps(start, end)) return;
    const [i, j] = this.isolate(start, end);
    const gone = this.areas.splice(i, j - i);
    for (const v of gone) this.discard(v);
    this.codeTouched(start / PAGE_SIZE, end / PAGE_SIZE);
    this.flushRange(start, end);
    this.lastVma = null;
  }

  /** True if [start, end) is wholly covered by VMAs. */
  private covered(start: number, end: number): boolean {
    let i = this.firstEndingAbove(start);
    let at = start;
    while (at < end) {
      const v = this.areas[i];
      if (v === undefined || v.start > at) return false;
      at = v.end;
      i++;
    }
    return true;
  }

  /** Where to put len bytes: the hint if free, else top-down below mmapBase, else bottom-up. */
  private unmappedArea(len: number, hint: number, low32: boolean): number {
    if (low32) {
      return this.searchBottomUp(len, 0x40000000, 0x80000000);
    }
    if (hint !== 0) {
      const h = pageUp(hint);
      if (h >= MMAP_MIN_ADDR && h + len <= TASK_SIZE && !this.overlaps(h, h + len)) return h;
    }
    let top = this.mmapBase;
    for (let i = this.areas.length - 1; i >= 0; i--) {
      const v = this.areas[i];
      if (v.start >= top) continue;
      const gapEnd = top;
      const gapStart = v.end;
      if (gapEnd - gapStart >= len && gapEnd > gapStart) {
        let cand = gapEnd - len;
        // keep the stack guard gap below a grows-down VMA
        const above = this.areas[i + 1];
        if (above !== undefined && above.growsdown && above.start === gapEnd) cand -= STACK_GUARD_GAP;
        if (cand >= gapStart) return cand;
      }
      top = Math.min(top, v.start);
    }
    if (top - MMAP_MIN_ADDR >= len) return top - len;
    return this.searchBottomUp(len, this.mmapBase, TASK_SIZE);
  }

  private searchBottomUp(len: number, low: number, high: number): number {
    let at = low;
    for (let i = this.firstEndingAbove(low); i < this.areas.length; i++) {
      const v = this.areas[i];
      if (v.start >= at + len) break;
      at = Math.max(at, v.end);
    }
    return at + len <= high ? at : -Errno.ENOMEM;
  }

  // ---------------------------------------------------------------- system calls

  /**
   * mmap(2). Returns the address or -errno. `backing` is the file for a file mapping (ignored with
   * MAP_ANONYMOUS). The kernel knows the descriptor's access mode: it passes the error Linux would
   * give for it (EACCES for a mode that does not allow the mapping, ENODEV for a file that cannot
   * be mapped) as `accessError`, and mmap returns it where Linux checks it — after the length,
   * placement and MAP_FIXED_NOREPLACE checks and the mapping-type checks.
   *
   * `len` and `offset` arrive as the guest's 64-bit values in JS numbers (`offset` signed); above
   * 2^53 they are approximate, which only matters for values that fail anyway.
   */
  mmap(addr: number, len: number, prot: number, flags: number, backing: MappedFile | null, offset: number, accessError = 0): number {
    const type = flags & MAP_TYPE;
    const anonymous = (flags & MAP_ANONYMOUS) !== 0;
    const file = anonymous ? null : backing;
    if (!anonymous && file === null && accessError === 0) return -Errno.EBADF;
    if (!anonymous && Math.abs(offset % PAGE_SIZE) !== 0) return -Errno.EINVAL;
    if (!(len >= 0) || len === 0) return len === 0 ? -Errno.EINVAL : -Errno.ENOMEM;
    // PAGE_ALIGN(len) wraps to 0 near 2^64: ENOMEM. Anything longer than user space cannot fit either.
    if (len > TASK_SIZE - MMAP_MIN_ADDR) return -Errno.ENOMEM;
    const size = pageUp(len);
    if (this.areas.length >= MAX_MAP_COUNT) return -Errno.ENOMEM;
    const shared = type !== MAP_PRIVATE;

    // Placement (get_unmapped_area): nothing changes yet.
    const fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0;
    let start: number;
    if (fixed) {
      if (!isInt(addr) || addr < 0 || addr > TASK_SIZE - size) return -Errno.ENOMEM;
      if ((addr & 4095) !== 0) return -Errno.EINVAL;
      if (addr < MMAP_MIN_ADDR) return -Errno.EPERM;
      if ((flags & MAP_FIXED_NOREPLACE) !== 0 && this.overlaps(addr, addr + size)) return -Errno.EEXIST;
      start = addr;
    } else {
      // A hint is rounded down to a page, raised to mmap_min_addr, and ignored when unusable.
      let hint = isInt(addr) && addr > 0 && addr < TASK_SIZE ? pageDown(addr) : 0;
      if (addr > 0 && hint < MMAP_MIN_ADDR) hint = MMAP_MIN_ADDR;
      start = this.unmappedArea(size, hint, (flags & MAP_32BIT) !== 0);
      if (start < 0) return start;
    }

    // The mapping type and the file's own rules.
    if (file !== null || !anonymous) {
      const uoff = offset < 0 ? offset + 2 ** 64 : offset;
      if (uoff + size > 2 ** 63 - 1) return -Errno.EOVERFLOW; // past the largest file offset
      if (type === MAP_SHARED_VALIDATE && (flags & ~VALIDATE_MAP_FLAGS) !== 0) return -Errno.EOPNOTSUPP;
      if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) return -Errno.EINVAL;
      if (accessError !== 0) return accessError;
      if (file === null) return -Errno.ENODEV;
      if (shared && (prot & PROT_WRITE) !== 0 && file.writeAt === undefined) return -Errno.EACCES;
      if ((flags & MAP_GROWSDOWN) !== 0) return -Errno.EINVAL;
    } else {
      if (type !== MAP_SHARED && type !== MAP_PRIVATE) return -Errno.EINVAL;
      if (shared && (flags & MAP_GROWSDOWN) !== 0) return -Errno.EINVAL;
    }

    // Accounting (mmap_region): RLIMIT_AS, then the memory cap. A private writable mapping that can
    // never fit under the cap is refused now (Linux accounts exactly these: PROT_NONE reservations,
    // shared and read-only mappings, MAP_NORESERVE are free).
    const replaced = fixed && (flags & MAP_FIXED_NOREPLACE) === 0 ? this.mappedBytesIn(start, start + size) : 0;
    if (this.overAsLimit(size - replaced)) return -Errno.ENOMEM;
    if (size > this.pool.limitBytes && (prot & PROT_WRITE) !== 0 && !shared && (flags & MAP_NORESERVE) === 0) {
      return -Errno.ENOMEM;
    }

    if (replaced !== 0) this.unmapRange(start, start + size);
    const shm = shared ? this.sharedObjectFor(file) : null;
    const v = new Vma(start, start + size, prot & PROT_MASK, shared, file, file !== null ? offset : 0, shm, null,
      (flags & MAP_GROWSDOWN) !== 0);
    if (shm) {
      shm.users++;
      shm.spaces.add(this);
    }
    this.insertVma(v);
    if ((flags & (MAP_POPULATE | MAP_LOCKED)) !== 0 && (flags & MAP_NONBLOCK) === 0) {
      this.populateRange(start, size, (prot & PROT_WRITE) !== 0 && !shared);
    }
    return start;
  }

  /** Bytes of [start, end) covered by VMAs. */
  private mappedBytesIn(start: number, end: number): number {
    let n = 0;
    for (let k = this.firstEndingAbove(start); k < this.areas.length && this.areas[k].start < end; k++) {
      const v = this.areas[k];
      n += Math.min(v.end, end) - Math.max(v.start, start);
    }
    return n;
  }

  /** munmap(2): 0 or -errno. */
  munmap(addr: number, len: number): number {
    if (!isInt(addr) || !isInt(len) || (addr & 4095) !== 0 || addr < 0) return -Errno.EINVAL;
    if (len <= 0) return -Errno.EINVAL;
    const end = addr + pageUp(len);
    if (end > TASK_SIZE) return -Errno.EINVAL;
    this.unmapRange(addr, end);
    return 0;
  }

  /** mprotect(2): 0 or -errno. */
  mprotect(addr: number, len: number, prot: number): number {
    if ((prot & PROT_GROWSDOWN) !== 0 && (prot & PROT_GROWSUP) !== 0) return -Errno.EINVAL;
    if (!(addr >= 0) || addr % PAGE_SIZE !== 0 || !(len >= 0)) return -Errno.EINVAL;
    if (len === 0) return 0;
    const size = alignLen(len);
    if (size === 0 || addr + size > 2 ** 64) return -Errno.ENOMEM; // the range wraps
    if ((prot & ~(PROT_MASK | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) !== 0) return -Errno.EINVAL;
    if (addr >= TASK_SIZE) return -Errno.ENOMEM; // nothing is mapped there
    let end = addr + size;
    if (end > TASK_SIZE) end = TASK_SIZE + PAGE_SIZE; // the hole past user space makes it ENOMEM
    if ((prot & PROT_GROWSDOWN) !== 0) {
      const v = this.findVma(addr);
      if (v === null) return -Errno.ENOMEM;
      if (!v.growsdown) return -Errno.EINVAL;
      addr = v.start;
    }
    // Like Linux: nothing changes unless addr is mapped; then the change applies up to the first
    // hole, and the hole makes the call fail with ENOMEM.
    const first = this.findVma(addr);
    if (first === null) return -Errno.ENOMEM;
    let stop = addr;
    for (let k = this.firstEndingAbove(addr); k < this.areas.length && this.areas[k].start <= stop && stop < end; k++) {
      stop = this.areas[k].end;
    }
    const hole = stop < end;
    if (hole) end = stop;
    const newProt = prot & PROT_MASK;
    for (let k = this.firstEndingAbove(addr); k < this.areas.length && this.areas[k].start < end; k++) {
      const v = this.areas[k];
      if (v.shared && v.file !== null && (newProt & PROT_WRITE) !== 0 && v.file.writeAt === undefined) return -Errno.EACCES;
    }
    const [i, j] = this.isolate(addr, end);
    for (let k = i; k < j; k++) {
      const v = this.areas[k];
      v.prot = newProt;
      if (!v.shared && (newProt & PROT_WRITE) !== 0) v.account = true;
    }
    this.mergeAround(i, j);
    this.codeTouched(addr / PAGE_SIZE, end / PAGE_SIZE);
    this.flushRange(addr, end);
    return hole ? -Errno.ENOMEM : 0;
  }

  /** brk(2): the new break, or the current one on failure (Linux semantics). */
  brk(addr: number): number {
    if (!isInt(addr) || addr < this.brkStart) return this.brkCur;
    const oldEnd = pageUp(this.brkCur);
    const newEnd = pageUp(addr);
    if (newEnd > TASK_SIZE) return this.brkCur;
    if (newEnd < oldEnd) {
      this.unmapRange(newEnd, oldEnd);
    } else if (newEnd > oldEnd) {
      if (this.overlaps(oldEnd, newEnd + PAGE_SIZE)) return this.brkCur; // Linux keeps one page free
      const next = this.areas[this.firstEndingAbove(newEnd)];
      if (next !== undefined && next.growsdown && newEnd + STACK_GUARD_GAP > next.start) return this.brkCur;
      if (newEnd - this.brkStart > this.pool.limitBytes) return this.brkCur;
      if (this.overAsLimit(newEnd - oldEnd)) return this.brkCur;
      this.insertVma(new Vma(oldEnd, newEnd, PROT_READ | PROT_WRITE, false, null, 0, null, "[heap]", false));
    }
    this.brkCur = addr;
    return addr;
  }

  /** Set the initial break (the loader calls this with the end of the highest segment). */
  initBrk(addr: number): void {
    this.brkStart = addr;
    this.brkCur = addr;
  }

  /** mremap(2): the (possibly new) address, or -errno. MREMAP_DONTUNMAP is not supported (EINVAL). */
  mremap(oldAddr: number, oldLen: number, newLen: number, flags: number, newAddr = 0): number {
    if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0) return -Errno.EINVAL;
    if ((flags & MREMAP_DONTUNMAP) !== 0) return -Errno.EINVAL;
    if ((flags & MREMAP_FIXED) !== 0 && (flags & MREMAP_MAYMOVE) === 0) return -Errno.EINVAL;
    if (!(oldAddr >= 0) || oldAddr % PAGE_SIZE !== 0) return -Errno.EINVAL;
    if (!(oldLen >= 0) || !(newLen >= 0)) return -Errno.EINVAL;
    const oldSize = alignLen(oldLen);
    const newSize = alignLen(newLen);
    if (newSize === 0) return -Errno.EINVAL;
    // Linux looks the VMA up before any size check: an address past user space is EFAULT.
    const v = isInt(oldAddr) && oldAddr < TASK_SIZE ? this.findVma(oldAddr) : null;
    if (v === null) return -Errno.EFAULT;
    if (oldSize === 0) return -Errno.EINVAL; // duplicating a shared mapping is not supported
    if (oldAddr + oldSize > TASK_SIZE || newSize > TASK_SIZE || !isInt(newAddr)) return -Errno.EINVAL;
    if (oldAddr + oldSize > v.end && !(newSize <= oldSize && (flags & MREMAP_FIXED) === 0)) return -Errno.EFAULT;
    if (newSize > this.pool.limitBytes && (v.prot & PROT_WRITE) !== 0 && !v.shared) return -Errno.ENOMEM;
    if (newSize > oldSize && this.overAsLimit(newSize - oldSize)) return -Errno.ENOMEM;

    if ((flags & MREMAP_FIXED) !== 0) {
      if ((newAddr & 4095) !== 0 || newAddr < 0) return -Errno.EINVAL;
      if (newAddr + newSize > TASK_SIZE) return -Errno.EINVAL;
      if (newAddr < oldAddr + oldSize && oldAddr < newAddr + newSize) return -Errno.EINVAL;
      if (newAddr < MMAP_MIN_ADDR) return -Errno.EPERM;
      this.unmapRange(newAddr, newAddr + newSize);
      let size = oldSize;
      if (newSize < oldSize) {
        this.unmapRange(oldAddr + newSize, oldAddr + oldSize);
        size = newSize;
      }
      this.moveRange(oldAddr, size, newAddr, newSize);
      return newAddr;
    }
    if (newSize <= oldSize) {
      this.unmapRange(oldAddr + newSize, oldAddr + oldSize);
      return oldAddr;
    }
    // Grow in place if the VMA ends here and the space after it is free.
    const end = oldAddr + oldSize;
    if (end === v.end && oldAddr + newSize <= TASK_SIZE && !this.overlaps(end, oldAddr + newSize)) {
      this.insertVma(v.clone(end, oldAddr + newSize));
      return oldAddr;
    }
    if ((flags & MREMAP_MAYMOVE) === 0) return -Errno.ENOMEM;
    const dest = this.unmappedArea(newSize, 0, false);
    if (dest < 0) return dest;
    this.moveRange(oldAddr, oldSize, dest, newSize);
    return dest;
  }

  /** Move [from, from+size) (inside one VMA) to dest, then extend it to newSize. */
  private moveRange(from: number, size: number, dest: number, newSize: number): void {
    const [i] = this.isolate(from, from + size); // mremap checked: one VMA holds the range
    const piece = this.areas[i];
    this.areas.splice(i, 1);
    // Move the page table entries: the frames keep their references.
    const moved: number[] = [];
    this.forEachPresent(from / PAGE_SIZE, (from + size) / PAGE_SIZE, (page, f) => {
      moved.push(page, f);
      this.pageTable.get(Math.floor(page / L2_SIZE))![page & (L2_SIZE - 1)] = 0;
      this.rssPages--;
    });
    const delta = (dest - from) / PAGE_SIZE;
    for (let k = 0; k < moved.length; k += 2) this.pteSet(moved[k] + delta, moved[k + 1]);
    this.codeTouched(from / PAGE_SIZE, (from + size) / PAGE_SIZE);
    this.flushRange(from, from + size);
    this.flushRange(dest, dest + newSize);
    const ext = newSize > size ? piece.clone(piece.end, piece.end + (newSize - size)) : null;
    piece.start = dest;
    piece.end = dest + size;
    this.insertVma(piece);
    if (ext !== null) {
      ext.start = dest + size;
      ext.end = dest + newSize;
      this.insertVma(ext);
    }
  }

  /** madvise(2): 0 or -errno. MADV_DONTNEED / MADV_FREE drop pages (private anonymous memory reads zeros again). */
  madvise(addr: number, len: number, advice: number): number {
    if (!KNOWN_MADVISE.has(advice)) return -Errno.EINVAL;
    if (!(addr >= 0) || addr % PAGE_SIZE !== 0 || !(len >= 0)) return -Errno.EINVAL;
    const size = alignLen(len);
    if (len !== 0 && size === 0) return -Errno.EINVAL; // rounded up past 2^64
    if (addr + size > 2 ** 64) return -Errno.EINVAL; // the range wraps
    if (size === 0) return 0;
    if (advice === MADV_HWPOISON || advice === MADV_SOFT_OFFLINE) return -Errno.EPERM;
    if (addr >= TASK_SIZE) return -Errno.ENOMEM;
    // Past user space nothing is mapped: the advice applies below it and the call says ENOMEM.
    const end = Math.min(addr + size, TASK_SIZE);
    const ok = addr + size <= TASK_SIZE && this.covered(addr, end);
    switch (advice) {
      case MADV_DONTNEED:
      case MADV_DONTNEED_LOCKED:
      case MADV_FREE:
      case MADV_REMOVE:
      case MADV_PAGEOUT: {
        if (advice === MADV_PAGEOUT) break; // nothing to swap to
        for (let k = this.firstEndingAbove(addr); k < this.areas.length && this.areas[k].start < end; k++) {
          const v = this.areas[k];
          const s = Math.max(v.start, addr);
          const e = Math.min(v.end, end);
          if (advice === MADV_REMOVE && !v.shared) return -Errno.EINVAL;
          if (v.name === "[vvar]") return -Errno.EINVAL; // a VM_PFNMAP area: Linux stops here
          this.dropPages(s, e);
          this.codeTouched(s / PAGE_SIZE, e / PAGE_SIZE);
        }
        break;
      }
      case MADV_DONTFORK:
      case MADV_DOFORK:
      case MADV_WIPEONFORK:
      case MADV_KEEPONFORK: {
        if (!ok) return -Errno.ENOMEM;
        const [i, j] = this.isolate(addr, end);
        for (let k = i; k < j; k++) {
          const v = this.areas[k];
          if (advice === MADV_DONTFORK) v.dontfork = true;
          else if (advice === MADV_DOFORK) v.dontfork = false;
          else if (advice === MADV_WIPEONFORK) {
            if (v.shared || v.file !== null) return -Errno.EINVAL;
            v.wipeonfork = true;
          } else v.wipeonfork = false;
        }
        this.mergeAround(i, j);
        break;
      }
      default:
        break;
    }
    return ok ? 0 : -Errno.ENOMEM;
  }

  /** msync(2): writes shared file pages back through MappedFile.writeAt. */
  msync(addr: number, len: number, flags: number): number {
    if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) !== 0) return -Errno.EINVAL;
    if (!(addr >= 0) || addr % PAGE_SIZE !== 0 || !(len >= 0)) return -Errno.EINVAL;
    if ((flags & MS_ASYNC) !== 0 && (flags & MS_SYNC) !== 0) return -Errno.EINVAL;
    const size = alignLen(len); // a length that rounds up past 2^64 is 0: nothing to do
    if (size === 0) return 0;
    if (addr + size > 2 ** 64 || addr >= TASK_SIZE) return -Errno.ENOMEM;
    const end = Math.min(addr + size, TASK_SIZE);
    for (let k = this.firstEndingAbove(addr); k < this.areas.length && this.areas[k].start < end; k++) {
      const v = this.areas[k];
      this.writeBack(v, Math.max(v.start, addr), Math.min(v.end, end));
    }
    return addr + size <= TASK_SIZE && this.covered(addr, end) ? 0 : -Errno.ENOMEM;
  }

  /**
   * mincore(2) without the copy-out: one byte per page (1 = resident) or -errno. The kernel
   * copies the result out with copyOut.
   */
  mincore(addr: number, len: number): Uint8Array | number {
    if (!(addr >= 0) || addr % PAGE_SIZE !== 0) return -Errno.EINVAL;
    if (!(len >= 0) || addr + len > TASK_SIZE) return -Errno.ENOMEM; // not a user range (access_ok)
    const end = addr + pageUp(len);
    if (end > TASK_SIZE || !this.covered(addr, end)) return -Errno.ENOMEM;
    const out = new Uint8Array((end - addr) / PAGE_SIZE);
    for (let a = addr, n = 0; a < end; a += PAGE_SIZE, n++) {
      const page = a / PAGE_SIZE;
      if (this.pteGet(page) !== 0) out[n] = 1;
      else {
        const v = this.findVma(a)!;
        if (v.shm !== null && v.shm.frames.has((v.offset + (a - v.start)) / PAGE_SIZE)) out[n] = 1;
      }
    }
    return out;
  }

  /** Give [addr, addr+len) frames now (MAP_POPULATE, MADV_POPULATE_*). Returns false if the cap stopped it. */
  populateRange(addr: number, len: number, write: boolean): boolean {
    const end = addr + pageUp(len);
    try {
      for (let a = pageDown(addr); a < end; a += PAGE_SIZE) this.translate(a, write ? AccessKind.Write : AccessKind.Read);
      return true;
    } catch (e) {
      if (e === memoryFault) return false;
      throw e;
    }
  }

  // ---------------------------------------------------------------- loader helpers

  /**
   * Map a region with a special name ("[stack]", "[vdso]", "[vvar]") at a fixed address. Returns
   * the address or -errno. Used by the loader and for the vDSO.
   */
  mapSpecial(addr: number, len: number, prot: number, name: string, growsdown = false, file: MappedFile | null = null): number {
    const size = pageUp(len);
    if ((addr & 4095) !== 0 || addr < MMAP_MIN_ADDR || addr + size > TASK_SIZE) return -Errno.EINVAL;
    this.unmapRange(addr, addr + size);
    this.insertVma(new Vma(addr, addr + size, prot & PROT_MASK, false, file, 0, null, name, growsdown));
    return addr;
  }

  /**
   * Map pages of a SharedObject the kernel owns (the vDSO data page "[vvar]", later System V
   * shared memory) at a fixed address. The kernel writes the pages through `sharedObjectPage`.
   */
  mapSharedObject(addr: number, len: number, prot: number, name: string | null, obj: SharedObject, pageOffset = 0): number {
    const size = pageUp(len);
    if ((addr & 4095) !== 0 || addr < MMAP_MIN_ADDR || addr + size > TASK_SIZE) return -Errno.EINVAL;
    this.unmapRange(addr, addr + size);
    obj.users++;
    obj.spaces.add(this);
    this.insertVma(new Vma(addr, addr + size, prot & PROT_MASK, true, obj.file, pageOffset * PAGE_SIZE, obj, name, false));
    return addr;
  }

  /**
   * Write bytes ignoring page protection (the loader zeroing the bss tail of a read-only segment;
   * ptrace's POKE). Copy-on-write and code marks behave as for a user write. Throws SyscallError
   * EFAULT when a page is not mapped.
   */
  pokeForce(addr: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      const a = addr + done;
      const v = this.findVma(a);
      if (v === null) throw EFAULT_ERROR;
      const saved = v.prot;
      v.prot = saved | PROT_WRITE;
      let f: number;
      try {
        f = this.translateUser(a, AccessKind.Write);
      } finally {
        v.prot = saved;
        this.flushPage(Math.floor(a / PAGE_SIZE)); // the write TLB entry must not outlive the override
      }
      const off = a & 4095;
      const n = Math.min(PAGE_SIZE - off, bytes.length - done);
      this.pool.bytes(f).set(bytes.subarray(done, done + n), this.pool.offset(f) + off);
      done += n;
    }
  }

  // ---------------------------------------------------------------- doors for the kernel

  private translateUser(addr: number, access: AccessKind): number {
    try {
      return this.translate(addr, access);
    } catch (e) {
      if (e === memoryFault) throw EFAULT_ERROR;
      throw e;
    }
  }

  private checkRange(addr: number, len: number): void {
    if (!isInt(addr) || !isInt(len) || addr < 0 || len < 0 || addr + len > TASK_SIZE) throw EFAULT_ERROR;
  }

  /** copy_from_user: a fresh copy of len bytes at addr. Throws SyscallError(EFAULT). */
  copyIn(addr: number, len: number): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    this.checkRange(addr, len);
    const out = this.bigBuffer(addr, len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const f = this.translateUser(a, AccessKind.Read);
      const off = a & 4095;
      const n = Math.min(PAGE_SIZE - off, len - done);
      if (f !== 0) {
        const o = this.pool.offset(f) + off;
        out.set(this.pool.bytes(f).subarray(o, o + n), done);
      }
      done += n;
    }
    return out;
  }

  /**
   * A buffer for a copy of [addr, addr+len). Large requests are checked against the VMAs first
   * (EFAULT without allocating), and a host that cannot allocate them gives ENOMEM, not a RangeError.
   */
  private bigBuffer(addr: number, len: number): Uint8Array {
    if (len > 65536) {
      for (let at = addr, i = this.firstEndingAbove(addr); at < addr + len; i++) {
        const v = this.areas[i];
        if (v === undefined || v.start > at || (v.prot & PROT_MASK) === 0) throw EFAULT_ERROR;
        at = v.end;
      }
    }
    try {
      return new Uint8Array(len);
    } catch {
      throw new SyscallError(Errno.ENOMEM);
    }
  }

  /** copy_to_user: needs write permission on every page. Throws SyscallError(EFAULT). */
  copyOut(addr: number, bytes: Uint8Array): void {
    const len = bytes.length;
    if (len === 0) return;
    this.checkRange(addr, len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const f = this.translateUser(a, AccessKind.Write);
      const off = a & 4095;
      const n = Math.min(PAGE_SIZE - off, len - done);
      this.pool.bytes(f).set(n === len ? bytes : bytes.subarray(done, done + n), this.pool.offset(f) + off);
      done += n;
    }
  }

  /** The bytes before the NUL at addr (a copy), or null if no NUL within maxLen bytes. EFAULT on a bad page. */
  readString(addr: number, maxLen: number): Uint8Array | null {
    if (!isInt(addr) || addr < 0) throw EFAULT_ERROR;
    let done = 0;
    while (done < maxLen) {
      const a = addr + done;
      if (a >= TASK_SIZE) throw EFAULT_ERROR;
      const f = this.translateUser(a, AccessKind.Read);
      const off = a & 4095;
      const n = Math.min(PAGE_SIZE - off, maxLen - done);
      const bytes = this.pool.bytes(f);
      const o = this.pool.offset(f) + off;
      const nul = bytes.subarray(o, o + n).indexOf(0);
      if (nul >= 0) return this.copyIn(addr, done + nul);
      done += n;
    }
    return null;
  }

  readU8(addr: number): number {
    return this.userRead(addr, 1) & 0xff;
  }
  readU16(addr: number): number {
    return this.userRead(addr, 2) & 0xffff;
  }
  readI32(addr: number): number {
    return this.userRead(addr, 4) | 0;
  }
  readU32(addr: number): number {
    return this.userRead(addr, 4) >>> 0;
  }
  /** 64-bit unsigned as a number (exact below 2^53). */
  readU64(addr: number): number {
    const lo = this.userRead(addr, 8) >>> 0;
    return (this.hi32 >>> 0) * 4294967296 + lo;
  }
  /** 64-bit signed as a number (exact for |v| < 2^53). */
  readI64(addr: number): number {
    const lo = this.userRead(addr, 8) >>> 0;
    return (this.hi32 | 0) * 4294967296 + lo;
  }
  writeU8(addr: number, v: number): void {
    this.userWrite(addr, 1, v, 0);
  }
  writeU16(addr: number, v: number): void {
    this.userWrite(addr, 2, v, 0);
  }
  writeU32(addr: number, v: number): void {
    this.userWrite(addr, 4, v, 0);
  }
  writeI32(addr: number, v: number): void {
    this.userWrite(addr, 4, v, 0);
  }
  /** Write a 64-bit value given as a number (negative values in two's complement). */
  writeU64(addr: number, v: number): void {
    const lo = v >>> 0; // ToUint32 takes the value modulo 2^32, also for negatives
    const hi = Math.floor(v / 4294967296) >>> 0;
    this.userWrite(addr, 8, lo, hi);
  }
  writeI64(addr: number, v: number): void {
    this.writeU64(addr, v);
  }

  private userRead(addr: number, size: number): number {
    this.checkRange(addr, size);
    try {
      return size === 1 ? this.read8(addr) : size === 2 ? this.read16(addr) : size === 4 ? this.read32(addr) : this.read64(addr);
    } catch (e) {
      if (e === memoryFault) throw EFAULT_ERROR;
      throw e;
    }
  }
  private userWrite(addr: number, size: number, lo: number, hi: number): void {
    this.checkRange(addr, size);
    try {
      if (size === 1) this.write8(addr, lo);
      else if (size === 2) this.write16(addr, lo);
      else if (size === 4) this.write32(addr, lo);
      else this.write64(addr, lo, hi);
    } catch (e) {
      if (e === memoryFault) throw EFAULT_ERROR;
      throw e;
    }
  }

  /**
   * Read without side effects (no frame allocation, no TLB fill, no exceptions) for the tracer
   * and /proc/PID/mem: null if any byte is not readable.
   */
  peek(addr: number, len: number): Uint8Array | null {
    if (!isInt(addr) || !isInt(len) || addr < 0 || len < 0 || addr + len > TASK_SIZE) return null;
    let out: Uint8Array;
    try {
      out = this.bigBuffer(addr, len);
    } catch {
      return null;
    }
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const off = a & 4095;
      const n = Math.min(PAGE_SIZE - off, len - done);
      const v = this.findVma(a);
      if (v === null || (v.prot & PROT_MASK) === 0) return null;
      const page = Math.floor(a / PAGE_SIZE);
      let f = this.pteGet(page);
      if (f === 0 && v.shm !== null) f = v.shm.frames.get((v.offset + (page * PAGE_SIZE - v.start)) / PAGE_SIZE) ?? 0;
      if (f !== 0) {
        const o = this.pool.offset(f) + off;
        out.set(this.pool.bytes(f).subarray(o, o + n), done);
      } else if (v.file !== null) {
        const fileOff = v.offset + (a - v.start);
        if (fileOff >= v.file.size() && v.file.size() <= v.offset + (page * PAGE_SIZE - v.start)) return null;
        v.file.readAt(fileOff, out.subarray(done, done + n));
      }
      done += n;
    }
    return out;
  }

  // ---------------------------------------------------------------- fork, teardown, introspection

  /**
   * fork(): a copy-on-write copy. Private pages share frames (refcounts go up; the parent's write
   * TLB is flushed so its next write to each page copies or re-checks); MAP_SHARED mappings keep
   * sharing their objects; MADV_DONTFORK areas are left out and MADV_WIPEONFORK areas start empty.
   */
  fork(): AddressSpace {
    const child = new AddressSpace({ pool: this.pool, mmapBase: this.mmapBase, stackLimit: this.stackLimit });
    child.brkStart = this.brkStart;
    child.brkCur = this.brkCur;
    child.addressSpaceLimit = this.addressSpaceLimit;
    let special = false;
    for (const v of this.areas) {
      if (v.dontfork || v.wipeonfork) special = true;
      if (!v.dontfork) {
        child.areas.push(v.clone(v.start, v.end));
        if (v.shm !== null) v.shm.spaces.add(child);
      }
    }
    const refs = this.pool.refs;
    if (!special) {
      // The common case: copy the page table wholesale, one reference more per frame.
      for (const [k, t] of this.pageTable) {
        const c = t.slice();
        for (let j = 0; j < L2_SIZE; j++) if (c[j] !== 0) refs[c[j]]++;
        child.pageTable.set(k, c);
      }
      child.rssPages = child.hwmPages = this.rssPages;
    } else {
      for (const v of this.areas) {
        if (v.dontfork || v.wipeonfork) continue;
        this.forEachPresent(v.start / PAGE_SIZE, v.end / PAGE_SIZE, (page, f) => {
          this.pool.ref(f);
          child.pteSet(page, f);
        });
      }
    }
    child.peakSize = child.totalSize();
    this.wTag.fill(-1);
    return child;
  }

  /** Unmap everything (exit, or exec replacing the image): frames go back to the pool. */
  release(): void {
    const all = this.areas;
    this.areas = [];
    for (const v of all) this.discard(v);
    this.pageTable.clear();
    this.rssPages = 0;
    this.codePages.clear();
    this.flushAll();
    this.lastVma = null;
  }

  /** The VMAs for /proc/PID/maps and smaps. */
  vmas(): VmaInfo[] {
    const refs = this.pool.refs;
    return this.areas.map((v) => {
      let rss = 0;
      let shared = 0;
      let pss = 0;
      this.forEachPresent(v.start / PAGE_SIZE, v.end / PAGE_SIZE, (_p, f) => {
        rss++;
        // a shared object's own reference does not make a page shared with another process
        const r = refs[f] - (v.shm !== null ? 1 : 0);
        if (r > 1) shared++;
        pss += PAGE_SIZE / Math.max(1, r);
      });
      return {
        start: v.start,
        end: v.end,
        prot: v.prot,
        shared: v.shared,
        offset: v.file !== null ? v.offset : 0,
        dev: v.file?.dev ?? 0,
        ino: v.file?.ino ?? 0,
        path: v.name ?? v.file?.path ?? (v.shm !== null ? "/dev/zero (deleted)" : ""),
        anonymous: v.file === null,
        growsdown: v.growsdown,
        rss: rss * PAGE_SIZE,
        pss: Math.floor(pss),
        sharedRss: shared * PAGE_SIZE,
        privateRss: (rss - shared) * PAGE_SIZE,
      };
    });
  }

  /** Resident pages (pages with a frame in this address space's page table). */
  get residentPages(): number {
    return this.rssPages;
  }

  /** Resident bytes (VmRSS). */
  residentBytes(): number {
    return this.rssPages * PAGE_SIZE;
  }

  stats(): MemStats {
    let size = 0;
    let data = 0;
    let stk = 0;
    let exe = 0;
    let rssAnon = 0;
    let rssFile = 0;
    let rssShmem = 0;
    for (const v of this.areas) {
      const len = v.end - v.start;
      size += len;
      if (v.growsdown || v.name === "[stack]") stk += len;
      else if ((v.prot & PROT_WRITE) !== 0 && !v.shared) data += len;
      else if ((v.prot & PROT_EXEC) !== 0 && (v.prot & PROT_WRITE) === 0) exe += len;
      let rss = 0;
      this.forEachPresent(v.start / PAGE_SIZE, v.end / PAGE_SIZE, () => rss++);
      if (v.shared && v.file === null) rssShmem += rss;
      else if (v.file !== null && !v.shared) rssFile += rss; // approximation: COWed file pages count as file
      else if (v.file !== null) rssFile += rss;
      else rssAnon += rss;
    }
    if (size > this.peakSize) this.peakSize = size;
    return {
      VmPeak: this.peakSize,
      VmSize: size,
      VmHWM: this.hwmPages * PAGE_SIZE,
      VmRSS: this.rssPages * PAGE_SIZE,
      VmData: data,
      VmStk: stk,
      VmExe: exe,
      VmLib: 0,
      VmPTE: this.pageTable.size * 4096,
      RssAnon: rssAnon * PAGE_SIZE,
      RssFile: rssFile * PAGE_SIZE,
      RssShmem: rssShmem * PAGE_SIZE,
    };
  }
}
