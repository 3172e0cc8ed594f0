/* chown(2) family: to ourselves (always allowed), and the errors. */
#include "guest.h"

int main(void)
{
    uid_t u = getuid();
    gid_t g = getgid();
    struct stat st;
    put_file("f", "");
    T(symlink("f", "l"));
    T(chown("f", u, g));
    T(chown("f", -1, -1));
    T(lchown("l", u, g));
    int fd = T(open("f", O_RDONLY));
    T(fchown(fd, u, -1));
    T(fchown(fd, -1, g));
    T(fchown(77, u, g));                  /* EBADF */
    T(fchownat(AT_FDCWD, "l", u, g, AT_SYMLINK_NOFOLLOW));
    T(fchownat(AT_FDCWD, "f", u, g, 0x1)); /* EINVAL */
    T(fchownat(fd, "", u, g, AT_EMPTY_PATH));
    T(chown("missing", u, g));            /* ENOENT */
    T(chown("f/x", u, g));                /* ENOTDIR */
    R("chown(BADPTR)", SYS_chown, (long)BADPTR, u, g);
    stat("f", &st);
    printf("owner still us: %s %s\n", yesno(st.st_uid == u), yesno(st.st_gid == g));
    /* chown clears set-user-ID on a regular file for an unprivileged caller. */
    chmod("f", 04755);
    T(chown("f", u, g));
    stat("f", &st);
    printf("mode after chown=%o\n", st.st_mode & 07777);
    return 0;
}
