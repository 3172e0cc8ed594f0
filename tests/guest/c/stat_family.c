/* stat(2), fstat(2), lstat(2): deterministic fields and errors. */
#include "guest.h"

static void show(const char *what, const struct stat *st)
{
    printf("  %s: type=%s mode=%o size=%ld nlink=%ld blksize>0=%s same-dev-as-dot=", what,
           type_name(st->st_mode), st->st_mode & 07777,
           S_ISDIR(st->st_mode) ? 0L : (long)st->st_size, (long)st->st_nlink, yesno(st->st_blksize > 0));
}

int main(void)
{
    struct stat dot, st, st2;
    umask(022);
    stat(".", &dot);
    put_file("f.txt", "twelve bytes");
    T(mkdir("d", 0750));
    T(mkdir("d/e", 0700));
    T(symlink("f.txt", "l"));
    T(symlink("l2", "l1"));
    T(symlink("l1", "l2"));

    T(stat("f.txt", &st)); show("f.txt", &st); printf("%s\n", yesno(st.st_dev == dot.st_dev));
    T(stat("d", &st)); show("d", &st); printf("%s\n", yesno(st.st_dev == dot.st_dev));
    T(stat("l", &st)); show("stat l", &st); printf("%s\n", yesno(st.st_dev == dot.st_dev));
    T(lstat("l", &st)); show("lstat l", &st); printf("%s\n", yesno(st.st_dev == dot.st_dev));
    printf("  symlink size is target length: %s\n", yesno(st.st_size == 5));
    int fd = T(open("f.txt", O_RDONLY));
    T(fstat(fd, &st2));
    T(stat("f.txt", &st));
    printf("fstat==stat ino: %s\n", yesno(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev));
    printf("uid matches: %s gid matches: %s\n", yesno(st.st_uid == getuid()), yesno(st.st_gid == getgid()));
    printf("mtime>0: %s\n", yesno(st.st_mtime > 0));
    struct stat root;
    T(stat("/", &root));
    printf("/ is a dir: %s\n", yesno(S_ISDIR(root.st_mode)));

    T(stat("nope", &st));                 /* ENOENT */
    T(stat("f.txt/x", &st));              /* ENOTDIR */
    T(stat("l1", &st));                   /* ELOOP */
    T(lstat("l1", &st));                  /* a loop is fine for lstat */
    T(stat("", &st));                     /* ENOENT */
    T(fstat(-1, &st));                    /* EBADF */
    T(fstat(99, &st));                    /* EBADF */
    R("stat(BADPTR)", SYS_stat, (long)BADPTR, (long)&st);
    R("stat(f.txt, BADPTR)", SYS_stat, (long)"f.txt", (long)BADPTR);
    R("fstat(fd, BADPTR)", SYS_fstat, fd, (long)BADPTR);
    R("lstat(l, BADPTR)", SYS_lstat, (long)"l", (long)BADPTR);
    char longname[300];
    memset(longname, 'q', 299);
    longname[299] = 0;
    T(stat(longname, &st));               /* ENAMETOOLONG */
    /* stdin is a pipe from the runner. */
    T(fstat(0, &st));
    printf("stdin type=%s\n", type_name(st.st_mode));
    T(stat("/dev/null", &st));
    printf("/dev/null type=%s\n", type_name(st.st_mode));
    return 0;
}
