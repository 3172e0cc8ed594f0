/* access(2), faccessat(2), faccessat2(2). */
#include "guest.h"

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

int main(void)
{
    put_file("rw", "");
    put_file("ro", "");
    put_file("x", "");
    chmod("rw", 0644);
    chmod("ro", 0444);
    chmod("x", 0755);
    T(mkdir("d", 0755));
    T(symlink("missing", "dangling"));
    printf("running as root: %s\n", yesno(geteuid() == 0));

    T(access("rw", F_OK));
    T(access("rw", R_OK | W_OK));
    T(access("rw", X_OK));               /* EACCES even for root: no x bit */
    T(access("ro", W_OK));               /* EACCES unless root */
    T(access("x", X_OK));
    T(access("d", X_OK));
    T(access("missing", F_OK));          /* ENOENT */
    T(access("dangling", F_OK));         /* ENOENT */
    T(access("rw/x", F_OK));             /* ENOTDIR */
    T(access("rw", 0x40));               /* EINVAL */
    R("access(BADPTR)", SYS_access, (long)BADPTR, F_OK);

    int d = T(open("d", O_RDONLY | O_DIRECTORY));
    put_file("d/in", "");
    T(faccessat(d, "in", R_OK, 0));
    T(faccessat(d, "rw", R_OK, 0));      /* ENOENT */
    T(faccessat(AT_FDCWD, "x", X_OK, AT_EACCESS));
    T(faccessat(123, "in", R_OK, 0));    /* EBADF */
    R("faccessat2(dangling, NOFOLLOW)", SYS_faccessat2, AT_FDCWD, (long)"dangling", F_OK, AT_SYMLINK_NOFOLLOW);
    R("faccessat2(d, empty)", SYS_faccessat2, d, (long)"", R_OK, AT_EMPTY_PATH);
    R("faccessat2(bad flags)", SYS_faccessat2, AT_FDCWD, (long)"rw", F_OK, 0x4);
    R("faccessat(raw, 3 args)", SYS_faccessat, AT_FDCWD, (long)"rw", W_OK);
    return 0;
}
