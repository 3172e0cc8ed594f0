/* link(2), linkat(2), symlink(2), symlinkat(2), readlink(2), readlinkat(2). */
#include "guest.h"

int main(void)
{
    struct stat st;
    char buf[64];
    put_file("f", "file");
    T(mkdir("d", 0755));

    T(link("f", "hard"));
    stat("f", &st);
    printf("nlink=%ld\n", (long)st.st_nlink);
    struct stat st2;
    stat("hard", &st2);
    printf("same inode: %s\n", yesno(st.st_ino == st2.st_ino));
    T(link("f", "hard"));                /* EEXIST */
    T(link("missing", "x"));             /* ENOENT */
    T(link("d", "dlink"));               /* EPERM */
    T(link("f", "nodir/x"));             /* ENOENT */
    T(link("f/x", "y"));                 /* ENOTDIR */
    R("link(BADPTR)", SYS_link, (long)BADPTR, (long)"x");

    T(symlink("f", "s"));
    T(symlink("f", "s"));                /* EEXIST */
    T(symlink("anything", "nodir/s"));   /* ENOENT */
    T(symlink("", "empty"));             /* ENOENT */
    long n = T(readlink("s", buf, sizeof buf));
    printf("s -> '%.*s'\n", (int)n, buf);
    n = T(readlink("s", buf, 0 + 0 * sizeof buf)); /* EINVAL: bufsiz 0 */
    T(symlink("a/rather/long/target/name", "long"));
    n = T(readlink("long", buf, 6));     /* truncated, no NUL */
    printf("truncated='%.*s'\n", (int)n, buf);
    T(readlink("f", buf, sizeof buf));   /* EINVAL: not a link */
    T(readlink("d", buf, sizeof buf));   /* EINVAL */
    T(readlink("missing", buf, sizeof buf)); /* ENOENT */
    R("readlink(s, BADPTR)", SYS_readlink, (long)"s", (long)BADPTR, 64);

    int d = T(open("d", O_RDONLY | O_DIRECTORY));
    T(symlinkat("../f", d, "up"));
    n = T(readlinkat(d, "up", buf, sizeof buf));
    printf("d/up -> '%.*s'\n", (int)n, buf);
    T(stat("d/up", &st));
    printf("d/up size=%ld\n", (long)st.st_size);
    T(readlinkat(d, "", buf, sizeof buf)); /* ENOENT */
    int sfd = open("s", O_PATH | O_NOFOLLOW);
    n = T(readlinkat(sfd, "", buf, sizeof buf));
    printf("readlinkat(O_PATH link, \"\") -> '%.*s'\n", n > 0 ? (int)n : 0, buf);

    T(linkat(AT_FDCWD, "s", d, "s-nofollow", 0));
    T(lstat("d/s-nofollow", &st));
    printf("linkat without FOLLOW gives %s\n", type_name(st.st_mode));
    T(linkat(AT_FDCWD, "s", d, "s-follow", AT_SYMLINK_FOLLOW));
    T(lstat("d/s-follow", &st));
    printf("linkat with FOLLOW gives %s\n", type_name(st.st_mode));
    T(linkat(AT_FDCWD, "f", AT_FDCWD, "z", 0x8000));   /* EINVAL */
    T(linkat(55, "f", AT_FDCWD, "z", 0));              /* EBADF */
    stat("f", &st);
    printf("final nlink=%ld\n", (long)st.st_nlink);
    return 0;
}
