/* unlink(2) and unlinkat(2). */
#include "guest.h"

int main(void)
{
    struct stat st;
    put_file("f", "data");
    T(mkdir("d", 0755));
    put_file("d/inner", "");
    T(mkdir("e", 0755));
    T(symlink("f", "l"));

    T(unlink("l"));                              /* removes the link, not the target */
    T(stat("f", &st));
    T(unlink("d"));                              /* EISDIR */
    T(unlink("missing"));                        /* ENOENT */
    T(unlink("f/x"));                            /* ENOTDIR */
    T(unlink(""));                               /* ENOENT */
    R("unlink(BADPTR)", SYS_unlink, (long)BADPTR);

    /* An open file survives its name. */
    int fd = T(open("f", O_RDONLY));
    T(unlink("f"));
    char buf[8] = {0};
    T(read(fd, buf, 7));
    printf("read after unlink='%s'\n", buf);
    T(fstat(fd, &st));
    printf("nlink after unlink=%ld\n", (long)st.st_nlink);
    T(close(fd));

    int d = T(open("d", O_RDONLY | O_DIRECTORY));
    T(unlinkat(d, "inner", 0));
    T(unlinkat(d, "inner", 0));                  /* ENOENT */
    T(unlinkat(AT_FDCWD, "e", 0));               /* EISDIR */
    T(unlinkat(AT_FDCWD, "e", AT_REMOVEDIR));
    T(unlinkat(AT_FDCWD, "d", 0x1));             /* EINVAL: bad flag */
    T(unlinkat(1234, "d", AT_REMOVEDIR));        /* EBADF */
    put_file("g", "");
    T(unlinkat(AT_FDCWD, "g", AT_REMOVEDIR));    /* ENOTDIR */
    T(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    T(unlinkat(AT_FDCWD, "g", 0));
    T(access("d", F_OK));                        /* ENOENT */
    return 0;
}
