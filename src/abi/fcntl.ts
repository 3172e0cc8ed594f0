// File-related ABI constants of Linux x86-64 (include/uapi/asm-generic/fcntl.h, linux/stat.h,
// linux/fcntl.h), with name tables the tracer uses to print flag words.

// ---- open(2) flags (octal values as in the kernel headers) ----
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DSYNC = 0o10000;
export const O_ASYNC = 0o20000;
export const O_DIRECT = 0o40000;
export const O_LARGEFILE = 0o100000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
export const __O_SYNC = 0o4000000;
export const O_SYNC = __O_SYNC | O_DSYNC;
export const O_PATH = 0o10000000;
export const __O_TMPFILE = 0o20000000;
export const O_TMPFILE = __O_TMPFILE | O_DIRECTORY;
/** Flags F_SETFL may change. */
export const SETFL_MASK = O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK;

/** Names for the bits of an open flag word (after the access mode), strace order. */
export const openFlagNames: readonly (readonly [number, string])[] = [
  [O_CREAT, "O_CREAT"], [O_EXCL, "O_EXCL"], [O_NOCTTY, "O_NOCTTY"], [O_TRUNC, "O_TRUNC"],
  [O_APPEND, "O_APPEND"], [O_NONBLOCK, "O_NONBLOCK"],
  // O_SYNC (both bits) before its halves, O_TMPFILE before O_DIRECTORY, as strace tries them
  [O_SYNC, "O_SYNC"], [__O_SYNC, "__O_SYNC"], [O_DSYNC, "O_DSYNC"],
  [O_DIRECT, "O_DIRECT"], [O_LARGEFILE, "O_LARGEFILE"], [O_NOFOLLOW, "O_NOFOLLOW"], [O_NOATIME, "O_NOATIME"],
  [O_CLOEXEC, "O_CLOEXEC"], [O_PATH, "O_PATH"],
  [O_TMPFILE, "O_TMPFILE"], [__O_TMPFILE, "__O_TMPFILE"], [O_DIRECTORY, "O_DIRECTORY"],
  [O_ASYNC, "FASYNC"],
];
export const accessModeNames: readonly string[] = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

// ---- *at(2) ----
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_EACCESS = 0x200;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_STATX_SYNC_TYPE = 0x6000;
export const AT_STATX_SYNC_AS_STAT = 0x0000;
export const AT_STATX_FORCE_SYNC = 0x2000;
export const AT_STATX_DONT_SYNC = 0x4000;
export const AT_RECURSIVE = 0x8000;
export const atFlagNames: readonly (readonly [number, string])[] = [
  [AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"], [AT_REMOVEDIR, "AT_REMOVEDIR"],
  [AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"], [AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT"],
  [AT_EMPTY_PATH, "AT_EMPTY_PATH"], [AT_STATX_FORCE_SYNC, "AT_STATX_FORCE_SYNC"],
  [AT_STATX_DONT_SYNC, "AT_STATX_DONT_SYNC"], [AT_RECURSIVE, "AT_RECURSIVE"],
];

// ---- fcntl(2) ----
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETOWN = 8;
export const F_GETOWN = 9;
export const F_SETSIG = 10;
export const F_GETSIG = 11;
export const F_SETOWN_EX = 15;
export const F_GETOWN_EX = 16;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const F_SETLEASE = 1024;
export const F_GETLEASE = 1025;
export const F_NOTIFY = 1026;
export const F_DUPFD_CLOEXEC = 1030;
export const F_SETPIPE_SZ = 1031;
export const F_GETPIPE_SZ = 1032;
export const F_ADD_SEALS = 1033;
export const F_GET_SEALS = 1034;
export const fcntlCmdNames: Readonly<Record<number, string>> = {
  0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL", 5: "F_GETLK", 6: "F_SETLK",
  7: "F_SETLKW", 8: "F_SETOWN", 9: "F_GETOWN", 10: "F_SETSIG", 11: "F_GETSIG", 15: "F_SETOWN_EX",
  16: "F_GETOWN_EX", 36: "F_OFD_GETLK", 37: "F_OFD_SETLK", 38: "F_OFD_SETLKW", 1024: "F_SETLEASE",
  1025: "F_GETLEASE", 1026: "F_NOTIFY", 1030: "F_DUPFD_CLOEXEC", 1031: "F_SETPIPE_SZ",
  1032: "F_GETPIPE_SZ", 1033: "F_ADD_SEALS", 1034: "F_GET_SEALS",
};
export const FD_CLOEXEC = 1;
export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;
/** struct flock on x86-64: l_type s16 @0, l_whence s16 @2, l_start s64 @8, l_len s64 @16, l_pid s32 @24; 32 bytes. */
export const FLOCK_SIZE = 32;

// ---- flock(2) ----
export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;

// ---- lseek(2) ----
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
export const seekWhenceNames: readonly string[] = ["SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"];

// ---- st_mode ----
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;
export const fileTypeNames: Readonly<Record<number, string>> = {
  [S_IFSOCK]: "S_IFSOCK", [S_IFLNK]: "S_IFLNK", [S_IFREG]: "S_IFREG", [S_IFBLK]: "S_IFBLK",
  [S_IFDIR]: "S_IFDIR", [S_IFCHR]: "S_IFCHR", [S_IFIFO]: "S_IFIFO",
};

// ---- d_type ----
export const DT_UNKNOWN = 0;
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_BLK = 6;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;
/** d_type from st_mode. */
export function modeToDtype(mode: number): number {
  return (mode & S_IFMT) >>> 12;
}

// ---- access(2) ----
export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;
export const accessModeBitNames: readonly (readonly [number, string])[] = [[R_OK, "R_OK"], [W_OK, "W_OK"], [X_OK, "X_OK"]];

// ---- renameat2(2) ----
export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;
export const RENAME_WHITEOUT = 4;
export const renameFlagNames: readonly (readonly [number, string])[] = [
  [RENAME_NOREPLACE, "RENAME_NOREPLACE"], [RENAME_EXCHANGE, "RENAME_EXCHANGE"], [RENAME_WHITEOUT, "RENAME_WHITEOUT"],
];

// ---- utimensat(2) ----
export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;

// ---- statx(2) ----
export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;
export const STATX_MNT_ID = 0x1000;
export const STATX_DIOALIGN = 0x2000;
export const STATX__RESERVED = 0x80000000;
export const statxMaskNames: readonly (readonly [number, string])[] = [
  [STATX_TYPE, "STATX_TYPE"], [STATX_MODE, "STATX_MODE"], [STATX_NLINK, "STATX_NLINK"], [STATX_UID, "STATX_UID"],
  [STATX_GID, "STATX_GID"], [STATX_ATIME, "STATX_ATIME"], [STATX_MTIME, "STATX_MTIME"], [STATX_CTIME, "STATX_CTIME"],
  [STATX_INO, "STATX_INO"], [STATX_SIZE, "STATX_SIZE"], [STATX_BLOCKS, "STATX_BLOCKS"], [STATX_BTIME, "STATX_BTIME"],
  [STATX_MNT_ID, "STATX_MNT_ID"], [STATX_DIOALIGN, "STATX_DIOALIGN"],
];

// ---- struct layouts (byte offsets), x86-64 ----
/** struct stat (asm/stat.h, x86-64): 144 bytes. */
export const StatLayout = {
  size: 144, dev: 0, ino: 8, nlink: 16, mode: 24, uid: 28, gid: 32, rdev: 40, sizeField: 48,
  blksize: 56, blocks: 64, atime: 72, atimeNsec: 80, mtime: 88, mtimeNsec: 96, ctime: 104, ctimeNsec: 112,
} as const;
/** struct statx: 256 bytes; timestamps are {s64 tv_sec, u32 tv_nsec, s32 pad}. */
export const StatxLayout = {
  size: 256, mask: 0, blksize: 4, attributes: 8, nlink: 16, uid: 20, gid: 24, mode: 28, ino: 32, sizeField: 40,
  blocks: 48, attributesMask: 56, atime: 64, btime: 80, ctime: 96, mtime: 112, rdevMajor: 128, rdevMinor: 132,
  devMajor: 136, devMinor: 140, mntId: 144,
} as const;
/** struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL), padded to 8. */
export const Dirent64Layout = { ino: 0, off: 8, reclen: 16, type: 18, name: 19 } as const;
/** struct statfs (x86-64): 120 bytes, all 8-byte fields: type bsize blocks bfree bavail files ffree fsid(2×s32) namelen frsize flags spare[4]. */
export const StatfsLayout = {
  size: 120, type: 0, bsize: 8, blocks: 16, bfree: 24, bavail: 32, files: 40, ffree: 48, fsid: 56,
  namelen: 64, frsize: 72, flags: 80,
} as const;

/** Linux's limits on names. */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** Symlinks followed in one path walk before ELOOP. */
export const MAXSYMLINKS = 40;

/** Split a Linux dev_t into major/minor (new_decode_dev). */
export function devMajor(dev: number): number {
  return ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
}
export function devMinor(dev: number): number {
  return (dev & 0xff) | (Math.floor(dev / 4096) & 0xfff00);
}
export function makeDev(major: number, minor: number): number {
  return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
}

/** Render a flag word with a name table ("O_CREAT|O_EXCL|0x..."). */
export function flagsToString(value: number, names: readonly (readonly [number, string])[]): string {
  const parts: string[] = [];
  let rest = value >>> 0;
  for (const [bit, name] of names) {
    if (bit !== 0 && (rest & bit) === bit) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0 || parts.length === 0) parts.push("0x" + rest.toString(16));
  return parts.join("|");
}

// ---- names the tracer prints for fcntl/flock/getdents arguments (strace 6.1 order) ----
type Names = readonly (readonly [number, string])[];
/** struct flock l_type and F_SETLEASE/F_GETLEASE values. */
export const lockTypeNames: Names = [[F_RDLCK, "F_RDLCK"], [F_WRLCK, "F_WRLCK"], [F_UNLCK, "F_UNLCK"], [4, "F_EXLCK"], [8, "F_SHLCK"]];
/** flock(2) operations. */
export const flockOpNames: Names = [
  [LOCK_SH, "LOCK_SH"], [LOCK_EX, "LOCK_EX"], [LOCK_NB, "LOCK_NB"], [LOCK_UN, "LOCK_UN"],
  [32, "LOCK_MAND"], [192, "LOCK_RW"], [64, "LOCK_READ"], [128, "LOCK_WRITE"],
];
/** F_NOTIFY's DN_* bits. */
export const dnotifyNames: Names = [
  [0x1, "DN_ACCESS"], [0x2, "DN_MODIFY"], [0x4, "DN_CREATE"], [0x8, "DN_DELETE"], [0x10, "DN_RENAME"],
  [0x20, "DN_ATTRIB"], [0x80000000, "DN_MULTISHOT"],
];
/** F_ADD_SEALS / F_GET_SEALS bits. */
export const sealNames: Names = [[0x1, "F_SEAL_SEAL"], [0x2, "F_SEAL_SHRINK"], [0x4, "F_SEAL_GROW"], [0x8, "F_SEAL_WRITE"], [0x10, "F_SEAL_FUTURE_WRITE"]];
/** struct f_owner_ex type. */
export const F_OWNER_TID = 0;
export const F_OWNER_PID = 1;
export const F_OWNER_PGRP = 2;
export const ownerTypeNames: Names = [[F_OWNER_TID, "F_OWNER_TID"], [F_OWNER_PID, "F_OWNER_PID"], [F_OWNER_PGRP, "F_OWNER_PGRP"]];
/** d_type of a directory entry. */
export const direntTypeNames: Names = [
  [DT_UNKNOWN, "DT_UNKNOWN"], [DT_FIFO, "DT_FIFO"], [DT_CHR, "DT_CHR"], [DT_DIR, "DT_DIR"], [DT_BLK, "DT_BLK"],
  [DT_REG, "DT_REG"], [DT_LNK, "DT_LNK"], [DT_SOCK, "DT_SOCK"], [14, "DT_WHT"],
];
/** statx's attributes (STATX_ATTR_*). */
export const statxAttrNames: Names = [
  [0x4, "STATX_ATTR_COMPRESSED"], [0x10, "STATX_ATTR_IMMUTABLE"], [0x20, "STATX_ATTR_APPEND"], [0x40, "STATX_ATTR_NODUMP"],
  [0x800, "STATX_ATTR_ENCRYPTED"], [0x1000, "STATX_ATTR_AUTOMOUNT"], [0x2000, "STATX_ATTR_MOUNT_ROOT"],
  [0x100000, "STATX_ATTR_VERITY"], [0x200000, "STATX_ATTR_DAX"],
];
// ---- fallocate(2), sync_file_range(2), close_range(2) ----
export const fallocateModeNames: readonly (readonly [number, string])[] = [
  [0x01, "FALLOC_FL_KEEP_SIZE"], [0x02, "FALLOC_FL_PUNCH_HOLE"], [0x04, "FALLOC_FL_NO_HIDE_STALE"],
  [0x08, "FALLOC_FL_COLLAPSE_RANGE"], [0x10, "FALLOC_FL_ZERO_RANGE"], [0x20, "FALLOC_FL_INSERT_RANGE"],
  [0x40, "FALLOC_FL_UNSHARE_RANGE"],
];
export const syncFileRangeFlagNames: readonly (readonly [number, string])[] = [
  [1, "SYNC_FILE_RANGE_WAIT_BEFORE"], [2, "SYNC_FILE_RANGE_WRITE"], [4, "SYNC_FILE_RANGE_WAIT_AFTER"],
];
export const closeRangeFlagNames: readonly (readonly [number, string])[] = [
  [1 << 1, "CLOSE_RANGE_UNSHARE"], [1 << 2, "CLOSE_RANGE_CLOEXEC"],
];
