/* truncate(2) and ftruncate(2). */
#include "guest.h"

static long size(const char *p) { struct stat st; return stat(p, &st) == 0 ? (long)st.st_size : -1; }

int main(void)
{
    put_file("f", "0123456789");
    T(truncate("f", 4));
    printf("size=%ld\n", size("f"));
    T(truncate("f", 8));
    printf("size=%ld\n", size("f"));
    char buf[16];
    int fd = T(open("f", O_RDWR));
    long n = T(read(fd, buf, sizeof buf));
    for (long i = 0; i < n; i++) printf("%02x", (unsigned char)buf[i]);
    printf("\n");
    T(ftruncate(fd, 0));
    printf("size=%ld\n", size("f"));
    T(lseek(fd, 0, SEEK_CUR));            /* offset unchanged */
    T(ftruncate(fd, 1 << 20));
    printf("size=%ld\n", size("f"));
    T(ftruncate(fd, -1));                 /* EINVAL */
    T(truncate("f", -5));                 /* EINVAL */
    T(truncate("missing", 0));            /* ENOENT */
    T(mkdir("d", 0755));
    T(truncate("d", 0));                  /* EISDIR */
    T(truncate("f/x", 0));                /* ENOTDIR */
    R("truncate(BADPTR)", SYS_truncate, (long)BADPTR, 0);
    int ro = T(open("f", O_RDONLY));
    T(ftruncate(ro, 0));                  /* EINVAL (or EBADF): not open for writing */
    T(ftruncate(555, 0));                 /* EBADF */
    int dd = T(open("d", O_RDONLY));
    T(ftruncate(dd, 0));                  /* EINVAL */
    return 0;
}
