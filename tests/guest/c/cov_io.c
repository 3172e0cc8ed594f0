/* Coverage: the I/O error paths that need a particular kind of file: EAGAIN on a non-blocking
 * pipe, EPIPE with SIGPIPE ignored, EFBIG past RLIMIT_FSIZE with SIGXFSZ ignored, EINVAL for bad
 * iovec counts and negative offsets, EISDIR/EINVAL/ESPIPE per file type, ENXIO from
 * SEEK_DATA/SEEK_HOLE, ENOENT from a removed directory, getcwd's EINVAL/ERANGE/EFAULT. */
#include "guest.h"
#include <limits.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/uio.h>

static char buf[65536 * 2];

int main(void)
{
    put_file("file", "0123456789");
    T(mkdir("dir", 0755));
    int p[2];
    T(pipe2(p, O_NONBLOCK));
    T(read(p[0], buf, 10));                         /* EAGAIN: empty */
    long total = 0;
    for (;;) {
        long w = write(p[1], buf, 4096);
        if (w < 0) { printf("pipe filled: %s after %ld bytes\n", err_name(errno), total); break; }
        total += w;
        if (total > (1 << 22)) break;
    }
    T(write(p[1], "x", 1));                         /* EAGAIN: full */
    struct iovec one = {buf, 1};
    T(writev(p[1], &one, 1));                       /* EAGAIN */
    T(pread(p[0], buf, 1, 0));                      /* ESPIPE */
    T(pwrite(p[1], buf, 1, 0));                     /* ESPIPE */
    T(lseek(p[0], 0, SEEK_CUR));                    /* ESPIPE */
    T(read(p[1], buf, 1));                          /* EBADF: write end */
    T(write(p[0], buf, 1));                         /* EBADF: read end */
    T(close(p[0]));
    signal(SIGPIPE, SIG_IGN);
    T(write(p[1], "x", 1));                         /* EPIPE */
    T(writev(p[1], &one, 1));                       /* EPIPE */
    T(close(p[1]));

    /* iovec counts and sizes. */
    int fd = T(open("file", O_RDWR));
    struct iovec many[1025];
    for (int i = 0; i < 1025; i++) { many[i].iov_base = buf; many[i].iov_len = 1; }
    R("readv(fd, iov, -1)", SYS_readv, fd, (long)many, -1);
    R("readv(fd, iov, 1025)", SYS_readv, fd, (long)many, 1025);
    R("writev(fd, iov, 1025)", SYS_writev, fd, (long)many, 1025);
    R("readv(fd, iov, 0)", SYS_readv, fd, (long)many, 0);
    R("readv(fd, BADPTR, 1)", SYS_readv, fd, (long)BADPTR, 1);
    struct iovec huge[2] = {{buf, (size_t)LONG_MAX}, {buf, 2}};
    R("readv(fd, ssize overflow)", SYS_readv, fd, (long)huge, 2);
    R("writev(fd, ssize overflow)", SYS_writev, fd, (long)huge, 2);
    struct iovec partial[2] = {{buf, 3}, {BADPTR, 3}};
    R("readv(fd, second iov bad)", SYS_readv, fd, (long)partial, 2);
    R("writev(fd, second iov bad)", SYS_writev, fd, (long)partial, 2);
    R("lseek(fd, 0, SEEK_CUR)", SYS_lseek, fd, 0, SEEK_CUR);
    R("pread64(fd, buf, 4, -1)", SYS_pread64, fd, (long)buf, 4, -1);
    R("pwrite64(fd, buf, 4, -1)", SYS_pwrite64, fd, (long)buf, 4, -1);
    R("pread64(fd, BADPTR, 4, 0)", SYS_pread64, fd, (long)BADPTR, 4, 0);
    R("pwrite64(fd, BADPTR, 4, 0)", SYS_pwrite64, fd, (long)BADPTR, 4, 0);
    R("pread64(fd, buf, 4, 100) (past EOF)", SYS_pread64, fd, (long)buf, 4, 100);
    R("write(fd, BADPTR, 4)", SYS_write, fd, (long)BADPTR, 4);
    R("read(fd, BADPTR, 4)", SYS_read, fd, (long)BADPTR, 4);
    R("read(fd, buf, 0)", SYS_read, fd, (long)buf, 0);
    R("write(fd, BADPTR, 0)", SYS_write, fd, (long)BADPTR, 0);

    /* lseek: whence, negative results, SEEK_DATA/SEEK_HOLE. */
    R("lseek(fd, 0, 7)", SYS_lseek, fd, 0, 7);
    R("lseek(fd, -100, SEEK_SET)", SYS_lseek, fd, -100, SEEK_SET);
    R("lseek(fd, -100, SEEK_END)", SYS_lseek, fd, -100, SEEK_END);
    R("lseek(fd, 3, SEEK_DATA)", SYS_lseek, fd, 3, SEEK_DATA);
    R("lseek(fd, 3, SEEK_HOLE)", SYS_lseek, fd, 3, SEEK_HOLE);
    R("lseek(fd, 10, SEEK_DATA)", SYS_lseek, fd, 10, SEEK_DATA);
    R("lseek(fd, 10, SEEK_HOLE)", SYS_lseek, fd, 10, SEEK_HOLE);
    R("lseek(fd, 50, SEEK_HOLE)", SYS_lseek, fd, 50, SEEK_HOLE);
    R("lseek(fd, -1, SEEK_DATA)", SYS_lseek, fd, -1, SEEK_DATA);
    R("lseek(fd, 1000, SEEK_SET) (past EOF ok)", SYS_lseek, fd, 1000, SEEK_SET);
    R("lseek(fd, 0, SEEK_CUR)", SYS_lseek, fd, 0, SEEK_CUR);

    /* Directories. */
    int d = T(open("dir", O_RDONLY | O_DIRECTORY));
    R("read(dir)", SYS_read, d, (long)buf, 4);
    R("pread64(dir)", SYS_pread64, d, (long)buf, 4, 0);
    struct iovec io = {buf, 4};
    R("readv(dir)", SYS_readv, d, (long)&io, 1);
    R("write(dir)", SYS_write, d, (long)buf, 4);
    R("ftruncate(dir)", SYS_ftruncate, d, 0);
    R("lseek(dir, 0, SEEK_SET)", SYS_lseek, d, 0, SEEK_SET);
    R("getdents64(file)", SYS_getdents64, fd, (long)buf, sizeof buf);
    R("getdents64(dir, buf, 1)", SYS_getdents64, d, (long)buf, 1);
    R("getdents64(dir, BADPTR, 4096)", SYS_getdents64, d, (long)BADPTR, 4096);
    T(close(d));

    /* A directory removed while open (and while it is the cwd). */
    T(mkdir("gone", 0755));
    d = T(open("gone", O_RDONLY | O_DIRECTORY));
    T(rmdir("gone"));
    R("getdents64(removed dir)", SYS_getdents64, d, (long)buf, sizeof buf);
    R("openat(removed dir, new, O_CREAT)", SYS_openat, d, (long)"new", O_RDWR | O_CREAT, 0644);
    R("mkdirat(removed dir, sub)", SYS_mkdirat, d, (long)"sub", 0755);
    R("openat(removed dir, \".\")", SYS_openat, d, (long)".", O_RDONLY);
    T(close(d));
    T(mkdir("gone2", 0755));
    T(chdir("gone2"));
    T(rmdir("../gone2"));
    R("getcwd(removed)", SYS_getcwd, (long)buf, sizeof buf);
    R("open(\".\") in removed", SYS_open, (long)".", O_RDONLY);
    R("creat(\"x\") in removed", SYS_creat, (long)"x", 0644);
    T(chdir(".."));

    /* getcwd sizes. */
    R("getcwd(buf, 0)", SYS_getcwd, (long)buf, 0);
    R("getcwd(buf, 1)", SYS_getcwd, (long)buf, 1);
    R("getcwd(BADPTR, 4096)", SYS_getcwd, (long)BADPTR, 4096);
    R("getcwd(NULL, 4096)", SYS_getcwd, 0, 4096);

    /* EFBIG: writes past RLIMIT_FSIZE (SIGXFSZ ignored). */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit fs = {8, 8};
    T(setrlimit(RLIMIT_FSIZE, &fs));
    T(lseek(fd, 0, SEEK_SET));
    R("write 10 at 0 (limit 8)", SYS_write, fd, (long)"abcdefghij", 10);
    R("write 1 at 8", SYS_write, fd, (long)"z", 1);
    R("pwrite64 1 at 100", SYS_pwrite64, fd, (long)"z", 1, 100);
    R("ftruncate(fd, 100)", SYS_ftruncate, fd, 100);
    R("truncate(file, 100)", SYS_truncate, (long)"file", 100);
    R("ftruncate(fd, 4)", SYS_ftruncate, fd, 4);
    R("ftruncate(fd, -1)", SYS_ftruncate, fd, -1);
    R("truncate(file, -1)", SYS_truncate, (long)"file", -1);
    T(close(fd));
    return 0;
}
