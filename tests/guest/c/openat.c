/* openat(2) with directory descriptors, AT_FDCWD and absolute paths. */
#include "guest.h"

int main(void)
{
    T(mkdir("sub", 0755));
    put_file("sub/inner.txt", "inner\n");
    put_file("top.txt", "top\n");
    char cwd[4096];
    getcwd(cwd, sizeof cwd);

    int d = T(open("sub", O_RDONLY | O_DIRECTORY));
    int fd = T(openat(d, "inner.txt", O_RDONLY));
    char buf[32] = {0};
    T(read(fd, buf, sizeof buf - 1));
    printf("inner='%s'", buf);
    T(close(fd));
    T(openat(d, "top.txt", O_RDONLY));                 /* ENOENT: relative to sub */
    T(openat(d, "../top.txt", O_RDONLY));
    T(openat(AT_FDCWD, "top.txt", O_RDONLY));
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/top.txt", cwd);
    T(openat(12345, abs, O_RDONLY));                   /* absolute: dirfd ignored */
    T(openat(12345, "top.txt", O_RDONLY));             /* EBADF */
    int f = T(open("top.txt", O_RDONLY));
    T(openat(f, "x", O_RDONLY));                       /* ENOTDIR */
    T(openat(d, "new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    struct stat st;
    T(stat("sub/new.txt", &st));
    T(openat(d, "new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644)); /* EEXIST */
    R("openat(d, BADPTR)", SYS_openat, d, (long)BADPTR, O_RDONLY);
    /* O_PATH descriptors can be a dirfd but cannot be read. */
    int p = T(open("sub", O_PATH));
    T(openat(p, "inner.txt", O_RDONLY));
    T(read(p, buf, 1));                                /* EBADF */
    return 0;
}
