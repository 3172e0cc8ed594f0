/* read(2) and write(2): success, short reads, EOF and the error paths. */
#include "guest.h"

int main(void)
{
    char buf[64];
    int fd = T(open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    T(write(fd, "hello, sysgate\n", 15));
    T(write(fd, "", 0));
    T(lseek(fd, 0, SEEK_SET));
    long n = T(read(fd, buf, 5));
    printf("read: '%.*s'\n", (int)n, buf);
    n = T(read(fd, buf, sizeof buf));
    printf("rest: '%.*s'\n", (int)n, buf);
    T(read(fd, buf, sizeof buf)); /* EOF */
    T(read(fd, buf, 0));
    T(close(fd));

    /* EBADF: closed, negative, never opened. */
    T(read(fd, buf, 1));
    T(write(-1, buf, 1));
    T(write(999, buf, 1));

    /* EBADF: wrong access mode. */
    fd = T(open("data.txt", O_RDONLY));
    T(write(fd, "x", 1));
    T(close(fd));
    fd = T(open("data.txt", O_WRONLY));
    T(read(fd, buf, 1));

    /* EFAULT: the kernel refuses a bad buffer. */
    R("write(fd, BADPTR, 4)", SYS_write, fd, (long)BADPTR, 4);
    T(close(fd));
    fd = T(open("data.txt", O_RDONLY));
    R("read(fd, BADPTR, 4)", SYS_read, fd, (long)BADPTR, 4);
    /* A failed read must not move the offset. */
    n = T(read(fd, buf, 6));
    printf("after EFAULT: '%.*s'\n", (int)n, buf);
    T(close(fd));

    /* EISDIR: read on a directory. */
    T(mkdir("adir", 0755));
    fd = T(open("adir", O_RDONLY | O_DIRECTORY));
    T(read(fd, buf, sizeof buf));
    T(close(fd));

    /* Large write and read back in pieces. */
    static char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    fd = T(open("big.bin", O_RDWR | O_CREAT | O_TRUNC, 0600));
    T(write(fd, big, sizeof big));
    T(lseek(fd, 0, SEEK_SET));
    static char back[200000];
    size_t got = 0;
    while (got < sizeof back) {
        ssize_t r = read(fd, back + got, 4096 + got % 7);
        if (r <= 0) break;
        got += (size_t)r;
    }
    printf("read back %zu bytes, %s\n", got, memcmp(big, back, sizeof big) == 0 ? "same" : "different");
    T(close(fd));

    /* stdout and stderr are writable. */
    T(write(1, "to stdout\n", 10));
    T(write(2, "to stderr\n", 10));
    return 0;
}
