/* getcwd(2), chdir(2), fchdir(2). */
#include "guest.h"

int main(void)
{
    char start[4096], buf[4096];
    if (!getcwd(start, sizeof start)) { printf("getcwd failed %s\n", err_name(errno)); return 1; }
    printf("cwd=%s\n", start);
    T(mkdir("a", 0755));
    T(mkdir("a/b", 0755));
    put_file("file", "x");
    T(chdir("a/b"));
    getcwd(buf, sizeof buf);
    printf("now ends with /a/b: %s\n", yesno(strlen(buf) == strlen(start) + 4 && strcmp(buf + strlen(start), "/a/b") == 0));
    T(chdir(".."));
    getcwd(buf, sizeof buf);
    printf("now=%s\n", buf + strlen(start));
    T(chdir(start));
    T(chdir("missing"));        /* ENOENT */
    T(chdir("file"));           /* ENOTDIR */
    T(chdir(""));               /* ENOENT */
    R("chdir(BADPTR)", SYS_chdir, (long)BADPTR);
    int d = T(open("a", O_RDONLY | O_DIRECTORY));
    T(fchdir(d));
    getcwd(buf, sizeof buf);
    printf("after fchdir=%s\n", buf + strlen(start));
    T(fchdir(99));              /* EBADF */
    int f = T(open("../file", O_RDONLY));
    T(fchdir(f));               /* ENOTDIR */
    T(chdir(start));

    /* getcwd errors. */
    errno = 0;
    char *g1 = getcwd(buf, 1);
    int e1 = errno;
    printf("getcwd(buf,1) null: %s errno=%s\n", yesno(g1 == NULL), err_name(e1));
    long r = syscall(SYS_getcwd, buf, sizeof buf);
    printf("raw getcwd returns strlen+1: %s\n", yesno(r == (long)strlen(start) + 1));
    R("raw getcwd size 1", SYS_getcwd, (long)buf, 1);
    R("raw getcwd size 0", SYS_getcwd, (long)buf, 0);
    R("raw getcwd exact", SYS_getcwd, (long)buf, (long)strlen(start));
    R("raw getcwd BADPTR", SYS_getcwd, (long)BADPTR, 4096);
    T(chdir("/"));
    getcwd(buf, sizeof buf);
    printf("root cwd=%s\n", buf);
    T(chdir(start));
    /* chdir into a directory then remove it: getcwd reports "(unreachable)" or ENOENT. */
    T(mkdir("gone", 0755));
    T(chdir("gone"));
    T(rmdir(start[0] ? "../gone" : "x"));
    errno = 0;
    char *p = getcwd(buf, sizeof buf);
    printf("getcwd in removed dir: %s\n", p ? "returned a path" : err_name(errno));
    return 0;
}
