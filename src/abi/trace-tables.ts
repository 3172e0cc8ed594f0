/**
 * Flag tables the tracer names values by, beyond those the kernel itself uses (Linux's values;
 * the order is the order strace prints them in, lowest bit first).
 */
import type { NameTable } from "./signatures.js";

export const cloneFlagNames: NameTable = [
  [0x100, "CLONE_VM"], [0x200, "CLONE_FS"], [0x400, "CLONE_FILES"], [0x800, "CLONE_SIGHAND"],
  [0x1000, "CLONE_PIDFD"], [0x2000, "CLONE_PTRACE"], [0x4000, "CLONE_VFORK"], [0x8000, "CLONE_PARENT"],
  [0x10000, "CLONE_THREAD"], [0x20000, "CLONE_NEWNS"], [0x40000, "CLONE_SYSVSEM"], [0x80000, "CLONE_SETTLS"],
  [0x100000, "CLONE_PARENT_SETTID"], [0x200000, "CLONE_CHILD_CLEARTID"], // CLONE_DETACHED (0x400000): strace leaves it unnamed
  [0x800000, "CLONE_UNTRACED"], [0x1000000, "CLONE_CHILD_SETTID"], [0x2000000, "CLONE_NEWCGROUP"],
  [0x4000000, "CLONE_NEWUTS"], [0x8000000, "CLONE_NEWIPC"], [0x10000000, "CLONE_NEWUSER"],
  [0x20000000, "CLONE_NEWPID"], [0x40000000, "CLONE_NEWNET"], [0x80000000, "CLONE_IO"],
];

/** wait4's options. */
export const wait4OptionNames: NameTable = [
  [1, "WNOHANG"], [4, "WEXITED"], [2, "WSTOPPED"], [8, "WCONTINUED"], [0x1000000, "WNOWAIT"],
  [0x80000000, "__WCLONE"], [0x40000000, "__WALL"], [0x20000000, "__WNOTHREAD"],
];

/** waitid's options: the same table (strace names both calls' bits alike, 2 as WSTOPPED). */
export const waitidOptionNames: NameTable = wait4OptionNames;

export const idtypeNames: NameTable = [[0, "P_ALL"], [1, "P_PID"], [2, "P_PGID"], [3, "P_PIDFD"]];

/** statx's flags: the sync mode (0 is AT_STATX_SYNC_AS_STAT) and the at_flags it takes. */
export const statxFlagNames: NameTable = [
  [0, "AT_STATX_SYNC_AS_STAT"], [0x100, "AT_SYMLINK_NOFOLLOW"], [0x800, "AT_NO_AUTOMOUNT"], [0x1000, "AT_EMPTY_PATH"],
  [0x2000, "AT_STATX_FORCE_SYNC"], [0x4000, "AT_STATX_DONT_SYNC"],
];

/** statx's mask (STATX_BASIC_STATS first, so a full set prints as that name). */
export const statxMaskNames: NameTable = [
  [0x7ff, "STATX_BASIC_STATS"], [0x1, "STATX_TYPE"], [0x2, "STATX_MODE"], [0x4, "STATX_NLINK"], [0x8, "STATX_UID"],
  [0x10, "STATX_GID"], [0x20, "STATX_ATIME"], [0x40, "STATX_MTIME"], [0x80, "STATX_CTIME"], [0x100, "STATX_INO"],
  [0x200, "STATX_SIZE"], [0x400, "STATX_BLOCKS"], [0x800, "STATX_BTIME"], [0x1000, "STATX_MNT_ID"], [0x2000, "STATX_DIOALIGN"],
];

/** ioctl's _IOC direction bits. */
export const iocDirNames: readonly string[] = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"];

export const pollEventNames: NameTable = [
  [0x1, "POLLIN"], [0x2, "POLLPRI"], [0x4, "POLLOUT"], [0x8, "POLLERR"], [0x10, "POLLHUP"], [0x20, "POLLNVAL"],
  [0x40, "POLLRDNORM"], [0x80, "POLLRDBAND"], [0x100, "POLLWRNORM"], [0x200, "POLLWRBAND"], [0x400, "POLLMSG"],
  [0x2000, "POLLRDHUP"],
];

export const epollEventNames: NameTable = [
  [0x1, "EPOLLIN"], [0x2, "EPOLLPRI"], [0x4, "EPOLLOUT"], [0x8, "EPOLLERR"], [0x10, "EPOLLHUP"], [0x20, "EPOLLNVAL"],
  [0x40, "EPOLLRDNORM"], [0x80, "EPOLLRDBAND"], [0x100, "EPOLLWRNORM"], [0x200, "EPOLLWRBAND"], [0x400, "EPOLLMSG"],
  [0x2000, "EPOLLRDHUP"], [0x10000000, "EPOLLEXCLUSIVE"], [0x20000000, "EPOLLWAKEUP"], [0x40000000, "EPOLLONESHOT"],
  [0x80000000, "EPOLLET"],
];

export const epollOpNames: NameTable = [[1, "EPOLL_CTL_ADD"], [2, "EPOLL_CTL_DEL"], [3, "EPOLL_CTL_MOD"]];

export const socketFamilyNames: NameTable = [
  [0, "AF_UNSPEC"], [1, "AF_UNIX"], [2, "AF_INET"], [10, "AF_INET6"], [16, "AF_NETLINK"], [17, "AF_PACKET"],
];
