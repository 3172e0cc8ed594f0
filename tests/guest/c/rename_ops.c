/* rename(2), renameat(2), renameat2(2). */
#include "guest.h"

#ifndef SYS_renameat2
#define SYS_renameat2 316
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

static void cat(const char *p)
{
    char buf[64] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) { printf("  %s: %s\n", p, err_name(errno)); return; }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("  %s: '%s'\n", p, buf);
}

int main(void)
{
    put_file("a", "A");
    put_file("b", "B");
    T(mkdir("d", 0755));
    T(mkdir("e", 0755));
    put_file("e/x", "X");

    T(rename("a", "c")); cat("a"); cat("c");
    T(rename("c", "b")); cat("b"); cat("c");           /* replaces b */
    T(rename("b", "b"));                                /* same file: no-op */
    T(rename("missing", "z"));                          /* ENOENT */
    T(rename("b", "nodir/z"));                          /* ENOENT */
    T(rename("b", "d"));                                /* EISDIR */
    T(rename("d", "b"));                                /* ENOTDIR */
    T(rename("d", "e"));                                /* ENOTEMPTY (or EEXIST) */
    T(rename("d", "d/sub"));                            /* EINVAL */
    T(rename("b/", "q"));                               /* ENOTDIR */
    R("rename(BADPTR)", SYS_rename, (long)BADPTR, (long)"q");
    T(mkdir("empty", 0755));
    T(rename("d", "empty"));                            /* over an empty dir: ok */
    T(access("d", F_OK));
    T(access("empty", F_OK));

    int e = T(open("e", O_RDONLY | O_DIRECTORY));
    T(renameat(e, "x", AT_FDCWD, "x2"));
    cat("x2");
    T(renameat(AT_FDCWD, "x2", e, "x"));
    T(renameat(99, "x", AT_FDCWD, "y"));                /* EBADF */

    put_file("p", "P");
    put_file("q", "Q");
    T(syscall(SYS_renameat2, AT_FDCWD, "p", AT_FDCWD, "q", RENAME_NOREPLACE)); /* EEXIST */
    T(syscall(SYS_renameat2, AT_FDCWD, "p", AT_FDCWD, "r", RENAME_NOREPLACE));
    cat("r");
    T(syscall(SYS_renameat2, AT_FDCWD, "r", AT_FDCWD, "q", RENAME_EXCHANGE));
    cat("r"); cat("q");
    T(syscall(SYS_renameat2, AT_FDCWD, "r", AT_FDCWD, "nothere", RENAME_EXCHANGE)); /* ENOENT */
    T(syscall(SYS_renameat2, AT_FDCWD, "r", AT_FDCWD, "q", RENAME_EXCHANGE | RENAME_NOREPLACE)); /* EINVAL */
    T(syscall(SYS_renameat2, AT_FDCWD, "r", AT_FDCWD, "q", 0x100)); /* EINVAL */

    /* A symlink is renamed, not its target. */
    T(symlink("q", "lnk"));
    T(rename("lnk", "lnk2"));
    struct stat st;
    T(lstat("lnk2", &st));
    printf("lnk2 is %s\n", type_name(st.st_mode));
    cat("lnk2");
    return 0;
}
