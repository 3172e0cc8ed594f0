/* readv(2)/writev(2): scatter-gather success and errors. */
#include "guest.h"
#include <limits.h>
#include <sys/uio.h>

int main(void)
{
    char a[4] = "abcd", b[3] = "efg", c[5] = "hijkl";
    struct iovec iov[3] = {{a, 4}, {b, 3}, {c, 5}};
    int fd = T(open("v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    T(writev(fd, iov, 3));
    T(writev(fd, iov, 0));
    T(lseek(fd, 0, SEEK_SET));

    char x[5] = {0}, y[2] = {0}, z[16] = {0};
    struct iovec in[3] = {{x, 5}, {y, 2}, {z, 16}};
    T(readv(fd, in, 3));
    printf("x='%.5s' y='%.2s' z='%s'\n", x, y, z);
    T(readv(fd, in, 3)); /* EOF */

    /* A zero-length element in the middle. */
    struct iovec mid[3] = {{a, 2}, {b, 0}, {c, 2}};
    T(lseek(fd, 0, SEEK_END));
    T(writev(fd, mid, 3));

    /* EINVAL: negative count, count above IOV_MAX. */
    T(writev(fd, iov, -1));
    T(writev(fd, iov, IOV_MAX + 1));
    /* EFAULT: the iovec array itself is unreadable, or an element is. */
    R("writev(fd, BADPTR, 1)", SYS_writev, fd, (long)BADPTR, 1);
    struct iovec bad[1] = {{BADPTR, 4}};
    R("writev(fd, {BADPTR}, 1)", SYS_writev, fd, (long)bad, 1);
    T(lseek(fd, 0, SEEK_SET));
    R("readv(fd, {BADPTR}, 1)", SYS_readv, fd, (long)bad, 1);
    T(close(fd));
    /* EBADF */
    T(writev(fd, iov, 1));
    T(readv(-5, in, 1));

    /* To stdout: one call, three pieces. */
    struct iovec out[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    T(writev(1, out, 3));

    fd = T(open("v.txt", O_RDONLY));
    char all[64] = {0};
    T(read(fd, all, sizeof all - 1));
    printf("file='%s'\n", all);
    return 0;
}
