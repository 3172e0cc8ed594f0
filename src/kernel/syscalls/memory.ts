/**
 * The memory syscalls: thin wrappers over the AddressSpace (src/mm), which owns VMAs, pages and
 * their rules. This layer only turns descriptors into mappable files and copies results out.
 */
import { Errno } from "../../abi/errno.js";
import { MAP_ANONYMOUS, MAP_HUGETLB, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_SYNC, MAP_TYPE, PROT_WRITE } from "../../abi/mman.js";
import { S_IFCHR, S_IFMT, makeDev } from "../../abi/fcntl.js";
import type { Stat } from "../vfs/node.js";
import type { SyscallHandlers } from "./types.js";

/** The character device 1:5. */
function isDevZero(st: Stat): boolean {
  return (st.mode & S_IFMT) === S_IFCHR && st.rdev === makeDev(1, 5);
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
    // The order of the checks is Linux's: sys_mmap looks at the offset, ksys_mmap_pgoff at the
    // descriptor and MAP_HUGETLB; the rest (length, placement, type, access) is do_mmap's, in mm.
    if ((a.lo(5) & 4095) !== 0) return -Errno.EINVAL;
    const off = a.s64(5);
    if (flags & MAP_ANONYMOUS) {
      // No huge pages are ever reserved on this machine.
      if ((flags & MAP_HUGETLB) !== 0 && len !== 0) return -Errno.ENOMEM;
      return t.mm.mmap(addr, len, prot, flags, null, off);
    }
    const f = t.process.fds.get(fd);
    if (!f || f.isPath) return -Errno.EBADF;
    if (flags & MAP_HUGETLB) return -Errno.EINVAL; // not a hugetlbfs file
    const type = flags & MAP_TYPE;
    const shared = type === MAP_SHARED || type === MAP_SHARED_VALIDATE;
    // A shared mapping needs FMODE_WRITE for PROT_WRITE; every mapping needs FMODE_READ. (O_APPEND
    // does not matter: only an append-only inode would, and no sysgate filesystem has those.)
    let accessError = 0;
    if (shared && (prot & PROT_WRITE) !== 0 && !f.writable) accessError = -Errno.EACCES;
    else if (!f.readable) accessError = -Errno.EACCES;
    if (accessError === 0 && shared && isDevZero(f.stat())) {
      // MAP_SHARED of /dev/zero is shared anonymous memory.
      const anonFlags = (flags & ~MAP_TYPE & ~MAP_SHARED_VALIDATE) | MAP_SHARED | MAP_ANONYMOUS;
      if (type === MAP_SHARED_VALIDATE && (flags & MAP_SYNC) !== 0) return -Errno.EOPNOTSUPP;
      return t.mm.mmap(addr, len, prot, anonFlags, null, off);
    }
    let backing = accessError === 0 ? f.mappedFile() : null;
    if (accessError === 0 && backing === null) accessError = -Errno.ENODEV;
    if (backing !== null && shared && !f.writable) {
      // A read-only descriptor maps shared memory that can never become writable.
      const { writeAt: _drop, ...ro } = backing;
      void _drop;
      backing = ro as typeof backing;
    }
    const r = t.mm.mmap(addr, len, prot, flags, backing, off, accessError);
    if (r < 0 && r > -4096) backing?.release?.(); // the mapping never took its hold on the file
    return r;
  },
  // An unaligned address is EINVAL for each of these (u64 loses the low bits of a huge address,
  // so alignment is checked on the register's low half).
  munmap(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
    return t.mm.munmap(a.u64(0), a.u64(1));
  },
  mprotect(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
    return t.mm.mprotect(a.u64(0), a.u64(1), a.int(2));
  },
  mremap(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
    return t.mm.mremap(a.u64(0), a.u64(1), a.u64(2), a.int(3), a.u64(4));
  },
  madvise(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
    return t.mm.madvise(a.u64(0), a.u64(1), a.int(2));
  },
  msync(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
    return t.mm.msync(a.u64(0), a.u64(1), a.int(2));
  },
  mincore(t, a) {
    if ((a.lo(0) & 4095) !== 0) return -Errno.EINVAL;
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
