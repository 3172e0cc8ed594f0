/* mkdir(2), mkdirat(2), rmdir(2). */
#include "guest.h"

int main(void)
{
    struct stat st;
    umask(027);
    T(mkdir("d1", 0777));
    stat("d1", &st);
    printf("d1 mode=%o nlink=%ld\n", st.st_mode & 07777, (long)st.st_nlink);
    T(mkdir("d1", 0777));             /* EEXIST */
    T(mkdir("d1/", 0777));            /* EEXIST */
    T(mkdir("no/such", 0777));        /* ENOENT */
    put_file("f", "");
    T(mkdir("f", 0777));              /* EEXIST */
    T(mkdir("f/sub", 0777));          /* ENOTDIR */
    T(mkdir("", 0777));               /* ENOENT */
    R("mkdir(BADPTR)", SYS_mkdir, (long)BADPTR, 0777);
    T(mkdir("d1/c1", 0700));
    T(mkdir("d1/c2/", 0700));         /* trailing slash is fine */
    stat("d1", &st);
    printf("d1 nlink after two children=%ld\n", (long)st.st_nlink);
    int d = T(open("d1", O_RDONLY | O_DIRECTORY));
    T(mkdirat(d, "c3", 0755));
    T(mkdirat(d, "c3", 0755));        /* EEXIST */
    T(mkdirat(42, "c4", 0755));       /* EBADF */
    int f = T(open("f", O_RDONLY));
    T(mkdirat(f, "c4", 0755));        /* ENOTDIR */
    stat("d1/c3", &st);
    printf("c3 mode=%o\n", st.st_mode & 07777);
    char longname[300];
    memset(longname, 'z', 299);
    longname[299] = 0;
    T(mkdir(longname, 0700));         /* ENAMETOOLONG */

    T(rmdir("d1"));                   /* ENOTEMPTY */
    T(rmdir("d1/c1"));
    T(rmdir("d1/c1"));                /* ENOENT */
    T(rmdir("f"));                    /* ENOTDIR */
    T(rmdir("."));                    /* EINVAL */
    T(rmdir("d1/c2/."));              /* EINVAL */
    T(rmdir("d1/.."));                /* ENOTEMPTY */
    T(symlink("d1/c2", "ln"));
    T(rmdir("ln"));                   /* ENOTDIR */
    R("rmdir(BADPTR)", SYS_rmdir, (long)BADPTR);
    T(rmdir("d1/c2"));
    T(rmdir("d1/c3"));
    T(rmdir("d1"));
    T(stat("d1", &st));               /* ENOENT */
    return 0;
}
