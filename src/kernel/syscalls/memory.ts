/**
 * The memory syscalls: thin wrappers over the AddressSpace (src/mm), which owns VMAs, pages and
 * their rules. This layer only turns descriptors into mappable files and copies results out.
 */
import { Errno } from "../../abi/errno.js";
import { MAP_ANONYMOUS, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE, PROT_WRITE } from "../../abi/mman.js";
import { O_APPEND } from "../../abi/fcntl.js";
import type { SyscallHandlers } from "./types.js";

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
    if (flags & MAP_ANONYMOUS) return t.mm.mmap(addr, len, prot, flags, null, off);
    const f = t.process.fds.get(fd);
    if (!f) return -Errno.EBADF;
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
