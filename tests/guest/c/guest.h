/*
 * Shared helpers for sysgate's guest programs.
 *
 * Every guest program prints only deterministic facts: return values that a
 * correct kernel must reproduce, errno *names* (musl and glibc word strerror
 * differently, the names are the same), and relations ("same", "yes") where
 * the raw value (a pid, an address, a time) would change from run to run.
 */
#ifndef SYSGATE_GUEST_H
#define SYSGATE_GUEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static const char *err_name(int e)
{
    static char other[24];
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOLCK: return "ENOLCK";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case ENODATA: return "ENODATA";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ENOTSOCK: return "ENOTSOCK";
    default:
        snprintf(other, sizeof other, "errno%d", e);
        return other;
    }
}

/*
 * Runs before main:
 * - line-buffered stdout, so output order survives a later crash or a raw write(1);
 * - a safety net: the test programs create, rename and delete files in their current directory,
 *   so when the harness names the directory they must run in (SYSGATE_GUEST_CWD) and they find
 *   themselves elsewhere (say, "/" because a machine under test lost the cwd), they stop at once.
 */
__attribute__((constructor)) static void guest_setup(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *want = getenv("SYSGATE_GUEST_CWD");
    if (want != NULL) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd) == NULL || strcmp(cwd, want) != 0) {
            fprintf(stderr, "guest: refusing to run: current directory is '%s', expected '%s'\n",
                    getcwd(cwd, sizeof cwd) ? cwd : "(unknown)", want);
            _exit(99);
        }
    }
}

/* Report a libc-convention result (-1 plus errno on failure). */
static long report_(const char *what, long r, int saved_errno)
{
    if (r == -1)
        printf("%s = -1 %s\n", what, err_name(saved_errno));
    else
        printf("%s = %ld\n", what, r);
    return r;
}
#define T(expr) ({ errno = 0; long r_ = (long)(expr); report_(#expr, r_, errno); })

/* Same, but with a short label instead of the expression text. */
#define TL(label, expr) ({ errno = 0; long r_ = (long)(expr); report_(label, r_, errno); })

/* Report only success or the errno name (for calls whose value is not deterministic). */
static long status_(const char *what, long r, int saved_errno)
{
    if (r == -1)
        printf("%s: -1 %s\n", what, err_name(saved_errno));
    else
        printf("%s: ok\n", what);
    return r;
}
#define S(expr) ({ errno = 0; long r_ = (long)(expr); status_(#expr, r_, errno); })
#define SL(label, expr) ({ errno = 0; long r_ = (long)(expr); status_(label, r_, errno); })

/* A raw system call that returns -errno instead of touching errno. */
static inline long raw6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#define RAW(n, ...) raw_n_((long)(n), __VA_ARGS__, 0, 0, 0, 0, 0, 0)
static inline long raw_n_(long n, long a, long b, long c, long d, long e, long f, ...)
{
    return raw6(n, a, b, c, d, e, f);
}

/* Print a raw result: a value, or the errno name when it is in -4095..-1. */
static long rreport_(const char *what, long r)
{
    if (r < 0 && r > -4096)
        printf("%s = -%s\n", what, err_name((int)-r));
    else
        printf("%s = %ld\n", what, r);
    return r;
}
#define R(label, n, ...) rreport_(label, RAW(n, __VA_ARGS__))

static const char *yesno(int c) { return c ? "yes" : "no"; }

/* Write a whole file (for setting up fixtures in the working directory). */
static void put_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { printf("put_file %s: %s\n", path, err_name(errno)); exit(90); }
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) { printf("put_file write: %s\n", err_name(errno)); exit(91); }
    close(fd);
}

static const char *type_name(mode_t m)
{
    if (S_ISREG(m)) return "file";
    if (S_ISDIR(m)) return "dir";
    if (S_ISLNK(m)) return "symlink";
    if (S_ISCHR(m)) return "chardev";
    if (S_ISBLK(m)) return "blockdev";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    return "?";
}

/* A bad user pointer that no libc dereferences before the kernel sees it. */
#define BADPTR ((void *)1)

#endif
