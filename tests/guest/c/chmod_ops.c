/* chmod(2), fchmod(2), fchmodat(2). */
#include "guest.h"

static void mode(const char *p)
{
    struct stat st;
    if (lstat(p, &st) == 0) printf("  %s mode=%o\n", p, st.st_mode & 07777);
    else printf("  %s: %s\n", p, err_name(errno));
}

int main(void)
{
    put_file("f", "");
    T(mkdir("d", 0755));
    T(symlink("f", "l"));
    T(chmod("f", 0600)); mode("f");
    T(chmod("f", 04755)); mode("f");
    T(chmod("f", 0)); mode("f");
    T(chmod("l", 0640)); mode("f"); /* follows the link */
    T(chmod("d", 0700)); mode("d");
    T(chmod("missing", 0644));         /* ENOENT */
    T(chmod("f/x", 0644));             /* ENOTDIR */
    R("chmod(BADPTR)", SYS_chmod, (long)BADPTR, 0644);
    int fd = T(open("f", O_RDONLY));
    T(fchmod(fd, 0444)); mode("f");
    T(fchmod(99, 0444));               /* EBADF */
    int d = T(open("d", O_RDONLY | O_DIRECTORY));
    put_file("d/g", "");
    T(fchmodat(d, "g", 0604, 0)); mode("d/g");
    T(fchmodat(AT_FDCWD, "f", 01777 & 0777, 0)); mode("f");
    T(fchmodat(88, "g", 0644, 0));     /* EBADF */
    R("fchmodat raw", SYS_fchmodat, d, (long)"g", 0611);
    mode("d/g");
    /* Bits beyond 07777 are ignored. */
    T(chmod("f", 0170644)); mode("f");
    return 0;
}
