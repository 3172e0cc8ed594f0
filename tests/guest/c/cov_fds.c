/* Coverage: descriptor errors. EBADF for every fd-taking syscall (closed, negative, huge,
 * wrong access mode), EMFILE at RLIMIT_NOFILE for everything that allocates a descriptor,
 * and the dup2/dup3/fcntl(F_DUPFD) range checks. */
#include "guest.h"
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/uio.h>

#ifndef SYS_statx
#define SYS_statx 332
#endif

static char buf[256];

static long call(const char *name, long fd)
{
    long B = (long)buf;
    struct iovec iov = {buf, 4};
    if (!strcmp(name, "read")) return RAW(SYS_read, fd, B, 4);
    if (!strcmp(name, "write")) return RAW(SYS_write, fd, B, 4);
    if (!strcmp(name, "readv")) return RAW(SYS_readv, fd, (long)&iov, 1);
    if (!strcmp(name, "writev")) return RAW(SYS_writev, fd, (long)&iov, 1);
    if (!strcmp(name, "pread64")) return RAW(SYS_pread64, fd, B, 4, 0);
    if (!strcmp(name, "pwrite64")) return RAW(SYS_pwrite64, fd, B, 4, 0);
    if (!strcmp(name, "close")) return RAW(SYS_close, fd);
    if (!strcmp(name, "lseek")) return RAW(SYS_lseek, fd, 0, SEEK_SET);
    if (!strcmp(name, "fstat")) return RAW(SYS_fstat, fd, B);
    if (!strcmp(name, "newfstatat(empty)")) return RAW(SYS_newfstatat, fd, (long)"", B, AT_EMPTY_PATH);
    if (!strcmp(name, "newfstatat(rel)")) return RAW(SYS_newfstatat, fd, (long)"x", B, 0);
    if (!strcmp(name, "statx(empty)")) return RAW(SYS_statx, fd, (long)"", AT_EMPTY_PATH, 0x7ff, B);
    if (!strcmp(name, "getdents64")) return RAW(SYS_getdents64, fd, B, sizeof buf);
    if (!strcmp(name, "fchdir")) return RAW(SYS_fchdir, fd);
    if (!strcmp(name, "openat")) return RAW(SYS_openat, fd, (long)"x", O_RDONLY);
    if (!strcmp(name, "mkdirat")) return RAW(SYS_mkdirat, fd, (long)"x", 0755);
    if (!strcmp(name, "unlinkat")) return RAW(SYS_unlinkat, fd, (long)"x", 0);
    if (!strcmp(name, "renameat")) return RAW(SYS_renameat, fd, (long)"x", AT_FDCWD, (long)"y");
    if (!strcmp(name, "linkat")) return RAW(SYS_linkat, fd, (long)"x", AT_FDCWD, (long)"y", 0);
    if (!strcmp(name, "symlinkat")) return RAW(SYS_symlinkat, (long)"t", fd, (long)"x");
    if (!strcmp(name, "readlinkat")) return RAW(SYS_readlinkat, fd, (long)"x", B, 16);
    if (!strcmp(name, "faccessat")) return RAW(SYS_faccessat, fd, (long)"x", F_OK);
    if (!strcmp(name, "fchmod")) return RAW(SYS_fchmod, fd, 0644);
    if (!strcmp(name, "fchmodat")) return RAW(SYS_fchmodat, fd, (long)"x", 0644);
    if (!strcmp(name, "fchown")) return RAW(SYS_fchown, fd, -1, -1);
    if (!strcmp(name, "fchownat")) return RAW(SYS_fchownat, fd, (long)"x", -1, -1, 0);
    if (!strcmp(name, "ftruncate")) return RAW(SYS_ftruncate, fd, 0);
    if (!strcmp(name, "dup")) return RAW(SYS_dup, fd);
    if (!strcmp(name, "dup2")) return RAW(SYS_dup2, fd, 50);
    if (!strcmp(name, "dup3")) return RAW(SYS_dup3, fd, 50, 0);
    if (!strcmp(name, "fcntl(F_GETFD)")) return RAW(SYS_fcntl, fd, F_GETFD);
    if (!strcmp(name, "fcntl(F_GETFL)")) return RAW(SYS_fcntl, fd, F_GETFL);
    if (!strcmp(name, "fcntl(F_DUPFD)")) return RAW(SYS_fcntl, fd, F_DUPFD, 0);
    if (!strcmp(name, "ioctl(TCGETS)")) return RAW(SYS_ioctl, fd, TCGETS, B);
    if (!strcmp(name, "ioctl(FIONREAD)")) return RAW(SYS_ioctl, fd, FIONREAD, B);
    return -ENOSYS;
}

static const char *calls[] = {
    "read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "fstat", "newfstatat(empty)",
    "newfstatat(rel)", "statx(empty)", "getdents64", "fchdir", "openat", "mkdirat", "unlinkat", "renameat",
    "linkat", "symlinkat", "readlinkat", "faccessat", "fchmod", "fchmodat", "fchown", "fchownat",
    "ftruncate", "dup", "dup2", "dup3", "fcntl(F_GETFD)", "fcntl(F_GETFL)", "fcntl(F_DUPFD)",
    "ioctl(TCGETS)", "ioctl(FIONREAD)", "close",
};

static const char *res(long r)
{
    if (r < 0 && r > -4096) return err_name((int)-r);
    return "ok";
}

int main(void)
{
    put_file("file", "0123456789");
    int closed = 40;                 /* never opened */
    int wr = open("file", O_WRONLY);
    int rd = open("file", O_RDONLY);
    printf("descriptors: closed=%d ro=%d wo=%d\n", closed, rd, wr);
    for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        long r1 = call(calls[c], closed);
        long r2 = call(calls[c], -1);
        long r3 = call(calls[c], 0x7fffffff);
        printf("%-18s closed=%s -1=%s huge=%s\n", calls[c], res(r1), res(r2), res(r3));
        close(50);
    }
    /* Wrong access mode. */
    printf("read(wo)=%s readv(wo)=%s pread64(wo)=%s\n", res(call("read", wr)), res(call("readv", wr)),
           res(call("pread64", wr)));
    printf("write(ro)=%s writev(ro)=%s pwrite64(ro)=%s ftruncate(ro)=%s\n", res(call("write", rd)),
           res(call("writev", rd)), res(call("pwrite64", rd)), res(call("ftruncate", rd)));
    int path = open("file", O_PATH);
    printf("O_PATH: read=%s write=%s fstat=%s fchmod=%s ftruncate=%s ioctl=%s dup=%s getdents64=%s\n",
           res(call("read", path)), res(call("write", path)), res(call("fstat", path)),
           res(call("fchmod", path)), res(call("ftruncate", path)), res(call("ioctl(FIONREAD)", path)),
           res(RAW(SYS_close, RAW(SYS_dup, path))), res(call("getdents64", path)));
    close(path);

    /* dup2/dup3/F_DUPFD ranges. */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    R("dup2(rd, rlimit)", SYS_dup2, rd, (long)rl.rlim_cur);
    R("dup2(rd, -1)", SYS_dup2, rd, -1);
    R("dup3(rd, rlimit, 0)", SYS_dup3, rd, (long)rl.rlim_cur, 0);
    R("dup3(closed, 50, 0)", SYS_dup3, closed, 50, 0);
    R("dup3(rd, rd, 0)", SYS_dup3, rd, rd, 0);
    R("dup3(rd, 50, bad)", SYS_dup3, rd, 50, 1);
    R("fcntl(rd, F_DUPFD, rlimit)", SYS_fcntl, rd, F_DUPFD, (long)rl.rlim_cur);
    R("fcntl(rd, F_DUPFD, -1)", SYS_fcntl, rd, F_DUPFD, -1);
    R("fcntl(rd, F_DUPFD_CLOEXEC, rlimit)", SYS_fcntl, rd, F_DUPFD_CLOEXEC, (long)rl.rlim_cur);
    R("fcntl(rd, 9999)", SYS_fcntl, rd, 9999, 0);

    /* EMFILE: lower the limit, then fill the table. */
    struct rlimit low = {16, rl.rlim_max};
    T(setrlimit(RLIMIT_NOFILE, &low));
    /* Descriptors inherited from whoever started us would change the count: close them. */
    for (int i = 5; i < 1024; i++) close(i);
    int last = -1, n = 0;
    for (;;) {
        int fd = open("file", O_RDONLY);
        if (fd < 0) { printf("filled after %d more: %s\n", n, err_name(errno)); break; }
        last = fd;
        n++;
        if (n > 100) break;
    }
    printf("last fd=%d\n", last);
    R("open", SYS_open, (long)"file", O_RDONLY);
    R("openat", SYS_openat, AT_FDCWD, (long)"file", O_RDONLY);
    R("creat", SYS_creat, (long)"new", 0644);
    R("dup", SYS_dup, rd);
    R("fcntl(F_DUPFD, 0)", SYS_fcntl, rd, F_DUPFD, 0);
    R("dup2(rd, 15) (in range, replaces)", SYS_dup2, rd, 15);
    R("dup2(rd, 16)", SYS_dup2, rd, 16);
    int p[2] = {-1, -1};
    R("pipe", SYS_pipe, (long)p);
    close(last);
    R("pipe with one free", SYS_pipe, (long)p);
    R("open after freeing one", SYS_open, (long)"file", O_RDONLY);
    return 0;
}
