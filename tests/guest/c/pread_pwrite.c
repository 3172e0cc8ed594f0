/* pread64(2)/pwrite64(2): positioned I/O leaves the file offset alone. */
#include "guest.h"

int main(void)
{
    char buf[32] = {0};
    int fd = T(open("p.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    T(write(fd, "0123456789", 10));
    T(pwrite(fd, "AB", 2, 3));
    T(lseek(fd, 0, SEEK_CUR));
    T(pread(fd, buf, 4, 2));
    printf("pread='%.4s'\n", buf);
    T(lseek(fd, 0, SEEK_CUR));
    /* Past the end: pwrite extends with a hole, pread returns 0. */
    T(pwrite(fd, "Z", 1, 20));
    T(pread(fd, buf, 4, 100));
    memset(buf, '.', sizeof buf);
    long n = T(pread(fd, buf, sizeof buf, 8));
    for (long i = 0; i < n; i++) if (buf[i] == 0) buf[i] = '_';
    printf("tail='%.*s'\n", (int)n, buf);
    struct stat st;
    fstat(fd, &st);
    printf("size=%ld\n", (long)st.st_size);

    /* EINVAL: negative offset. */
    T(pread(fd, buf, 1, -1));
    T(pwrite(fd, buf, 1, -2));
    /* EFAULT */
    R("pread64(fd, BADPTR, 4, 0)", SYS_pread64, fd, (long)BADPTR, 4, 0);
    T(close(fd));
    /* EBADF */
    T(pread(fd, buf, 1, 0));
    fd = T(open("p.txt", O_RDONLY));
    T(pwrite(fd, "x", 1, 0));
    /* EISDIR */
    int d = T(open(".", O_RDONLY));
    T(pread(d, buf, 1, 0));
    /* O_APPEND: Linux's pwrite still appends. */
    int a = T(open("p.txt", O_WRONLY | O_APPEND));
    T(pwrite(a, "END", 3, 0));
    fstat(a, &st);
    printf("size after append-pwrite=%ld\n", (long)st.st_size);
    T(pread(fd, buf, 3, 0));
    printf("head='%.3s'\n", buf);
    return 0;
}
