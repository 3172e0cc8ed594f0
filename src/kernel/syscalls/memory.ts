/**
 * The memory syscalls: thin wrappers over the AddressSpace (src/mm), which owns VMAs, pages and
 * their rules. This layer only turns descriptors into mappable files and copies results out.
 */
import { Errno } from "../../abi/errno.js";
import { MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE, PROT_WRITE } from "../../abi/mman.js";
import { O_APPEND } from "../../abi/fcntl.js";
import type { SyscallHandlers } from "./types.js";

/** Highest user address + 1 (TASK_SIZE on x86-64 with 4-level page tables). */
const TASK_SIZE = 0x7ffffffff000;

/**
 * Linux's size checks that come before any VMA work, for lengths and addresses too large for the
 * address space (which the AddressSpace, working in exact JS numbers, would call EINVAL): a
 * length that rounds past the address space, or a fixed range above it, is ENOMEM.
 */
function tooLarge(addr: number, len: number, flags: number): boolean {
  if (len === 0) return false;
  const size = Math.ceil(len / 4096) * 4096;
  if (size > TASK_SIZE) return true;
  return (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0 && addr > TASK_SIZE - size;
}

export const memorySyscalls: SyscallHandlers = {
  brk(t, a) {
    return t.mm.brk(a.u64(0));
  },
  mmap(t, a) {
    const addr = a.u64(0);
    const len = a.u64(1);
    const prot = a.int(2);
    const flags = a.int(3);
    const fd = a.int(4);
    const off = a.s64(5);
    if (off % 4096 !== 0) return -Errno.EINVAL;
    if (flags & MAP_ANONYMOUS) {
      // Anonymous memory is MAP_SHARED or MAP_PRIVATE; MAP_SHARED_VALIDATE is for files only.
      if ((flags & MAP_TYPE) === MAP_SHARED_VALIDATE) return -Errno.EINVAL;
      if (tooLarge(addr, len, flags)) return -Errno.ENOMEM;
      return t.mm.mmap(addr, len, prot, flags, null, off);
    }
    const f = t.process.fds.get(fd);
    if (!f) return -Errno.EBADF;
    if (tooLarge(addr, len, flags)) return -Errno.ENOMEM;
    const shared = (flags & MAP_TYPE) === MAP_SHARED || (flags & MAP_TYPE) === MAP_SHARED_VALIDATE;
    if (!f.readable) return -Errno.EACCES;
    if (shared && (prot & PROT_WRITE) !== 0 && (!f.writable || (f.flags & O_APPEND) !== 0)) return -Errno.EACCES;
    const backing = f.mappedFile();
    if (!backing) return -Errno.ENODEV;
    if (shared && !f.writable) {
      // A read-only descriptor maps shared memory that can never become writable.
      const { writeAt: _drop, ...ro } = backing;
      void _drop;
      return t.mm.mmap(addr, len, prot, flags, ro as typeof backing, off);
    }
    return t.mm.mmap(addr, len, prot, flags, backing, off);
  },
  munmap(t, a) {
    return t.mm.munmap(a.u64(0), a.u64(1));
  },
  mprotect(t, a) {
    return t.mm.mprotect(a.u64(0), a.u64(1), a.int(2));
  },
  mremap(t, a) {
    return t.mm.mremap(a.u64(0), a.u64(1), a.u64(2), a.int(3), a.u64(4));
  },
  madvise(t, a) {
    return t.mm.madvise(a.u64(0), a.u64(1), a.int(2));
  },
  msync(t, a) {
    return t.mm.msync(a.u64(0), a.u64(1), a.int(2));
  },
  mincore(t, a) {
    const r = t.mm.mincore(a.u64(0), a.u64(1));
    if (typeof r === "number") return r;
    t.mm.copyOut(a.ptr(2), r);
    return 0;
  },
  mlock(t, a) {
    void t;
    void a;
    return 0;
  },
  munlock() {
    return 0;
  },
  mlockall(_t, a) {
    const MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
    const f = a.int(0);
    if (f === 0 || (f & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) !== 0 || f === MCL_ONFAULT) return -Errno.EINVAL;
    return 0;
  },
  munlockall() {
    return 0;
  },
};
