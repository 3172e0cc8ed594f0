/* newfstatat(2) and statx(2). */
#include "guest.h"

/* Our own copy of the statx layout (the libcs disagree on headers). */
struct sx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct sx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, pad1;
    uint64_t ino, size, blocks, attributes_mask;
    struct sx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t spare[14];
};
#define SX_BASIC 0x7ffu
#ifndef SYS_statx
#define SYS_statx 332
#endif

int main(void)
{
    struct stat st, st2;
    umask(022);
    put_file("f.txt", "0123456789abcdef");
    T(mkdir("d", 0755));
    put_file("d/g.txt", "xyz");
    T(symlink("f.txt", "l"));
    int d = T(open("d", O_RDONLY | O_DIRECTORY));

    T(fstatat(d, "g.txt", &st, 0));
    printf("g.txt size=%ld type=%s\n", (long)st.st_size, type_name(st.st_mode));
    T(fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
    printf("l type=%s\n", type_name(st.st_mode));
    T(fstatat(AT_FDCWD, "l", &st, 0));
    printf("l->type=%s size=%ld\n", type_name(st.st_mode), (long)st.st_size);
    T(fstatat(d, "", &st, AT_EMPTY_PATH));
    printf("empty path type=%s\n", type_name(st.st_mode));
    T(fstatat(d, "", &st, 0));                         /* ENOENT */
    T(fstatat(d, "g.txt", &st, 0x12345));              /* EINVAL */
    T(fstatat(777, "g.txt", &st, 0));                  /* EBADF */
    int f = open("f.txt", O_RDONLY);
    T(fstatat(f, "x", &st, 0));                        /* ENOTDIR */
    fstat(f, &st2);
    T(fstatat(f, "", &st, AT_EMPTY_PATH));
    printf("AT_EMPTY_PATH on file same ino: %s\n", yesno(st.st_ino == st2.st_ino));

    struct sx x;
    memset(&x, 0xff, sizeof x);
    R("statx(f.txt)", SYS_statx, AT_FDCWD, (long)"f.txt", 0, SX_BASIC, (long)&x);
    printf("statx basic mask: %s size=%lu mode=%o type=%s nlink=%u\n",
           yesno((x.mask & SX_BASIC) == SX_BASIC), (unsigned long)x.size, x.mode & 07777,
           type_name(x.mode), x.nlink);
    printf("statx ino==stat ino: %s, uid ok: %s\n", yesno(x.ino == (uint64_t)st2.st_ino), yesno(x.uid == getuid()));
    R("statx(l, NOFOLLOW)", SYS_statx, AT_FDCWD, (long)"l", AT_SYMLINK_NOFOLLOW, SX_BASIC, (long)&x);
    printf("statx l type=%s size=%lu\n", type_name(x.mode), (unsigned long)x.size);
    R("statx(d, empty)", SYS_statx, d, (long)"", AT_EMPTY_PATH, SX_BASIC, (long)&x);
    printf("statx d type=%s nlink=%u\n", type_name(x.mode), x.nlink);
    R("statx(bad flags)", SYS_statx, AT_FDCWD, (long)"f.txt", 0x80000000L, SX_BASIC, (long)&x);
    R("statx(reserved mask)", SYS_statx, AT_FDCWD, (long)"f.txt", 0, 0x80000000L, (long)&x);
    R("statx(missing)", SYS_statx, AT_FDCWD, (long)"missing", 0, SX_BASIC, (long)&x);
    R("statx(BADPTR buf)", SYS_statx, AT_FDCWD, (long)"f.txt", 0, SX_BASIC, (long)BADPTR);
    R("statx(BADPTR path)", SYS_statx, AT_FDCWD, (long)BADPTR, 0, SX_BASIC, (long)&x);
    R("statx(bad dirfd)", SYS_statx, 555, (long)"f.txt", 0, SX_BASIC, (long)&x);
    return 0;
}
