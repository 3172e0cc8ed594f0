/* Coverage: the path-lookup errors every path-taking syscall shares.
 * Each call is made raw (no libc rewriting) with the same set of bad paths:
 *   ENOENT (missing parent, empty path), ENOTDIR (a file used as a directory),
 *   ELOOP (a symlink loop in the middle and at the end), ENAMETOOLONG (one component
 *   over NAME_MAX, whole path over PATH_MAX), EFAULT (unmapped pointer). */
#include "guest.h"
#include <limits.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_statx
#define SYS_statx 332
#endif
#ifndef SYS_renameat2
#define SYS_renameat2 316
#endif

static char longcomp[300];
static char longpath[5000];
static char buf[512];

/* One syscall, with the path under test in argument slot 'slot' (the rest filled in). */
static long call(const char *name, const char *p)
{
    long P = (long)p;
    long B = (long)buf;
    if (!strcmp(name, "open")) return RAW(SYS_open, P, O_RDONLY);
    if (!strcmp(name, "open(O_CREAT)")) return RAW(SYS_open, P, O_RDWR | O_CREAT, 0644);
    if (!strcmp(name, "openat")) return RAW(SYS_openat, AT_FDCWD, P, O_RDONLY);
    if (!strcmp(name, "creat")) return RAW(SYS_creat, P, 0644);
    if (!strcmp(name, "stat")) return RAW(SYS_stat, P, B);
    if (!strcmp(name, "lstat")) return RAW(SYS_lstat, P, B);
    if (!strcmp(name, "newfstatat")) return RAW(SYS_newfstatat, AT_FDCWD, P, B, 0);
    if (!strcmp(name, "statx")) return RAW(SYS_statx, AT_FDCWD, P, 0, 0x7ff, B);
    if (!strcmp(name, "chdir")) return RAW(SYS_chdir, P);
    if (!strcmp(name, "mkdir")) return RAW(SYS_mkdir, P, 0755);
    if (!strcmp(name, "mkdirat")) return RAW(SYS_mkdirat, AT_FDCWD, P, 0755);
    if (!strcmp(name, "rmdir")) return RAW(SYS_rmdir, P);
    if (!strcmp(name, "unlink")) return RAW(SYS_unlink, P);
    if (!strcmp(name, "unlinkat")) return RAW(SYS_unlinkat, AT_FDCWD, P, 0);
    if (!strcmp(name, "rename(src)")) return RAW(SYS_rename, P, (long)"newname");
    if (!strcmp(name, "rename(dst)")) return RAW(SYS_rename, (long)"file", P);
    if (!strcmp(name, "renameat(src)")) return RAW(SYS_renameat, AT_FDCWD, P, AT_FDCWD, (long)"newname");
    if (!strcmp(name, "renameat2(dst)")) return RAW(SYS_renameat2, AT_FDCWD, (long)"file", AT_FDCWD, P, 0);
    if (!strcmp(name, "link(src)")) return RAW(SYS_link, P, (long)"newname");
    if (!strcmp(name, "link(dst)")) return RAW(SYS_link, (long)"file", P);
    if (!strcmp(name, "linkat(src)")) return RAW(SYS_linkat, AT_FDCWD, P, AT_FDCWD, (long)"newname", 0);
    if (!strcmp(name, "symlink(dst)")) return RAW(SYS_symlink, (long)"target", P);
    if (!strcmp(name, "symlinkat(dst)")) return RAW(SYS_symlinkat, (long)"target", AT_FDCWD, P);
    if (!strcmp(name, "readlink")) return RAW(SYS_readlink, P, B, sizeof buf);
    if (!strcmp(name, "readlinkat")) return RAW(SYS_readlinkat, AT_FDCWD, P, B, sizeof buf);
    if (!strcmp(name, "access")) return RAW(SYS_access, P, F_OK);
    if (!strcmp(name, "faccessat")) return RAW(SYS_faccessat, AT_FDCWD, P, F_OK);
    if (!strcmp(name, "faccessat2")) return RAW(SYS_faccessat2, AT_FDCWD, P, F_OK, 0);
    if (!strcmp(name, "chmod")) return RAW(SYS_chmod, P, 0644);
    if (!strcmp(name, "fchmodat")) return RAW(SYS_fchmodat, AT_FDCWD, P, 0644);
    if (!strcmp(name, "chown")) return RAW(SYS_chown, P, -1, -1);
    if (!strcmp(name, "lchown")) return RAW(SYS_lchown, P, -1, -1);
    if (!strcmp(name, "fchownat")) return RAW(SYS_fchownat, AT_FDCWD, P, -1, -1, 0);
    if (!strcmp(name, "truncate")) return RAW(SYS_truncate, P, 0);
    return -ENOSYS;
}

static const char *calls[] = {
    "open", "open(O_CREAT)", "openat", "creat", "stat", "lstat", "newfstatat", "statx",
    "chdir", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename(src)", "rename(dst)",
    "renameat(src)", "renameat2(dst)", "link(src)", "link(dst)", "linkat(src)", "symlink(dst)",
    "symlinkat(dst)", "readlink", "readlinkat", "access", "faccessat", "faccessat2", "chmod",
    "fchmodat", "chown", "lchown", "fchownat", "truncate",
};

int main(void)
{
    put_file("file", "data\n");
    T(symlink("loop", "loop"));
    T(symlink("a1", "a2"));
    T(symlink("a2", "a1"));
    memset(longcomp, 'n', sizeof longcomp - 1);
    for (size_t i = 0; i < sizeof longpath - 1; i++) longpath[i] = (i % 2) ? '/' : 'a';

    struct { const char *label; const char *path; } cases[] = {
        {"missing/x", "missing/x"},
        {"empty", ""},
        {"file/x", "file/x"},
        {"file/", "file/"},
        {"loop/x", "loop/x"},
        {"a1/x", "a1/x"},
        {"long component", longcomp},
        {"long path", longpath},
        {"BADPTR", (const char *)BADPTR},
    };
    for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        printf("%s:", calls[c]);
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            long r = call(calls[c], cases[k].path);
            printf(" [%s]=%s", cases[k].label, r < 0 && r > -4096 ? err_name((int)-r) : (r >= 0 ? "ok" : "?"));
            if (r >= 0 && r < 1024 && (!strncmp(calls[c], "open", 4) || !strcmp(calls[c], "creat")))
                close((int)r);
        }
        printf("\n");
    }
    /* A symlink loop as the final component: followed by the calls that follow links. */
    printf("final loop:");
    const char *follow[] = {"open", "openat", "stat", "newfstatat", "statx", "chdir", "access",
                            "faccessat", "chmod", "fchmodat", "chown", "fchownat", "truncate", "open(O_CREAT)"};
    for (size_t c = 0; c < sizeof follow / sizeof follow[0]; c++) {
        long r = call(follow[c], "loop");
        printf(" %s=%s", follow[c], r < 0 && r > -4096 ? err_name((int)-r) : "ok");
        if (r >= 0 && !strncmp(follow[c], "open", 4)) close((int)r);
    }
    printf("\n");
    /* ...and not followed by the ones that act on the link itself. */
    printf("final loop, link itself:");
    const char *nofollow[] = {"lstat", "readlink", "lchown", "rename(src)"};
    for (size_t c = 0; c < sizeof nofollow / sizeof nofollow[0]; c++) {
        long r = call(nofollow[c], "loop");
        printf(" %s=%s", nofollow[c], r < 0 && r > -4096 ? err_name((int)-r) : "ok");
    }
    printf("\n");
    /* Existing names where the call wants to create one: EEXIST, even for a dangling or looping link. */
    printf("exists:");
    const char *create[] = {"mkdir", "mkdirat", "symlink(dst)", "symlinkat(dst)", "link(dst)"};
    const char *names[] = {"file", "newname", "a1"};
    for (size_t c = 0; c < sizeof create / sizeof create[0]; c++)
        for (size_t k = 0; k < 3; k++) {
            long r = call(create[c], names[k]);
            printf(" %s(%s)=%s", create[c], names[k], r < 0 && r > -4096 ? err_name((int)-r) : "ok");
        }
    printf("\n");
    return 0;
}
