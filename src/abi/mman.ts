// Memory-mapping flag values for Linux x86-64 (uapi asm-generic/mman-common.h, mman.h) and name
// tables for the tracer and /proc. Values only; behaviour lives in src/mm.

export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_SEM = 0x8;
export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_32BIT = 0x40;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_DENYWRITE = 0x0800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_NONBLOCK = 0x10000;
export const MAP_STACK = 0x20000;
export const MAP_HUGETLB = 0x40000;
export const MAP_SYNC = 0x80000;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MAP_UNINITIALIZED = 0x4000000;

export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;
export const MREMAP_DONTUNMAP = 4;

export const MADV_NORMAL = 0;
export const MADV_RANDOM = 1;
export const MADV_SEQUENTIAL = 2;
export const MADV_WILLNEED = 3;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_REMOVE = 9;
export const MADV_DONTFORK = 10;
export const MADV_DOFORK = 11;
export const MADV_MERGEABLE = 12;
export const MADV_UNMERGEABLE = 13;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;
export const MADV_DONTDUMP = 16;
export const MADV_DODUMP = 17;
export const MADV_WIPEONFORK = 18;
export const MADV_KEEPONFORK = 19;
export const MADV_COLD = 20;
export const MADV_PAGEOUT = 21;
export const MADV_POPULATE_READ = 22;
export const MADV_POPULATE_WRITE = 23;
export const MADV_DONTNEED_LOCKED = 24;
export const MADV_COLLAPSE = 25;
export const MADV_HWPOISON = 100;
export const MADV_SOFT_OFFLINE = 101;

export const MS_ASYNC = 1;
export const MS_INVALIDATE = 2;
export const MS_SYNC = 4;

/** [value, name] pairs for flag sets (bits), printed in this order. */
export const protNames: readonly (readonly [number, string])[] = [
  [PROT_READ, "PROT_READ"],
  [PROT_WRITE, "PROT_WRITE"],
  [PROT_EXEC, "PROT_EXEC"],
  [PROT_SEM, "PROT_SEM"],
  [PROT_GROWSDOWN, "PROT_GROWSDOWN"],
  [PROT_GROWSUP, "PROT_GROWSUP"],
];

/** The mapping type (flags & MAP_TYPE) names. */
export const mapTypeNames: readonly (readonly [number, string])[] = [
  [MAP_SHARED, "MAP_SHARED"],
  [MAP_PRIVATE, "MAP_PRIVATE"],
  [MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE"],
];

/** Bits outside MAP_TYPE. */
export const mapFlagNames: readonly (readonly [number, string])[] = [
  [MAP_FIXED, "MAP_FIXED"],
  [MAP_ANONYMOUS, "MAP_ANONYMOUS"],
  [MAP_32BIT, "MAP_32BIT"],
  [MAP_GROWSDOWN, "MAP_GROWSDOWN"],
  [MAP_DENYWRITE, "MAP_DENYWRITE"],
  [MAP_EXECUTABLE, "MAP_EXECUTABLE"],
  [MAP_LOCKED, "MAP_LOCKED"],
  [MAP_NORESERVE, "MAP_NORESERVE"],
  [MAP_POPULATE, "MAP_POPULATE"],
  [MAP_NONBLOCK, "MAP_NONBLOCK"],
  [MAP_STACK, "MAP_STACK"],
  [MAP_HUGETLB, "MAP_HUGETLB"],
  [MAP_SYNC, "MAP_SYNC"],
  [MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"],
  [MAP_UNINITIALIZED, "MAP_UNINITIALIZED"],
];

export const mremapFlagNames: readonly (readonly [number, string])[] = [
  [MREMAP_MAYMOVE, "MREMAP_MAYMOVE"],
  [MREMAP_FIXED, "MREMAP_FIXED"],
  [MREMAP_DONTUNMAP, "MREMAP_DONTUNMAP"],
];

export const msyncFlagNames: readonly (readonly [number, string])[] = [
  [MS_ASYNC, "MS_ASYNC"],
  [MS_INVALIDATE, "MS_INVALIDATE"],
  [MS_SYNC, "MS_SYNC"],
];

/** madvise advice values (not bits). */
export const madviseNames: ReadonlyMap<number, string> = new Map<number, string>([
  [MADV_NORMAL, "MADV_NORMAL"],
  [MADV_RANDOM, "MADV_RANDOM"],
  [MADV_SEQUENTIAL, "MADV_SEQUENTIAL"],
  [MADV_WILLNEED, "MADV_WILLNEED"],
  [MADV_DONTNEED, "MADV_DONTNEED"],
  [MADV_FREE, "MADV_FREE"],
  [MADV_REMOVE, "MADV_REMOVE"],
  [MADV_DONTFORK, "MADV_DONTFORK"],
  [MADV_DOFORK, "MADV_DOFORK"],
  [MADV_MERGEABLE, "MADV_MERGEABLE"],
  [MADV_UNMERGEABLE, "MADV_UNMERGEABLE"],
  [MADV_HUGEPAGE, "MADV_HUGEPAGE"],
  [MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE"],
  [MADV_DONTDUMP, "MADV_DONTDUMP"],
  [MADV_DODUMP, "MADV_DODUMP"],
  [MADV_WIPEONFORK, "MADV_WIPEONFORK"],
  [MADV_KEEPONFORK, "MADV_KEEPONFORK"],
  [MADV_COLD, "MADV_COLD"],
  [MADV_PAGEOUT, "MADV_PAGEOUT"],
  [MADV_POPULATE_READ, "MADV_POPULATE_READ"],
  [MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE"],
  [MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED"],
  [MADV_COLLAPSE, "MADV_COLLAPSE"],
  [MADV_HWPOISON, "MADV_HWPOISON"],
  [MADV_SOFT_OFFLINE, "MADV_SOFT_OFFLINE"],
]);

/** mlockall(2)'s flags. */
export const mlockallFlagNames: readonly (readonly [number, string])[] = [
  [1, "MCL_CURRENT"], [2, "MCL_FUTURE"], [4, "MCL_ONFAULT"],
];

/** Format a bit set as strace does: "A|B|0x40" ("0" or `zeroName` when empty). */
export function formatFlags(value: number, names: readonly (readonly [number, string])[], zeroName = "0"): string {
  if (value === 0) return zeroName;
  const parts: string[] = [];
  let rest = value >>> 0;
  for (const [bit, name] of names) {
    if ((rest & bit) === bit && bit !== 0) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) parts.push("0x" + rest.toString(16));
  return parts.join("|");
}
