/* Coverage: short transfers at a fault boundary (a buffer running into an unmapped page gives
 * the bytes that fit, EFAULT only when none do), and access(2) judging by the real ids while
 * open(2) uses the effective ones. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/uio.h>

int main(void)
{
    put_file("f", "0123456789abcdef");
    char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    T(munmap(p + 4096, 4096));
    char *edge = p + 4096;
    int fd = T(open("f", O_RDONLY));
    R("read 10 into the last 3 bytes", SYS_read, fd, (long)(edge - 3), 10);
    printf("got '%.3s'\n", edge - 3);
    R("lseek(fd, 0, SEEK_CUR)", SYS_lseek, fd, 0, SEEK_CUR);
    R("pread64 10 into the last 6 bytes", SYS_pread64, fd, (long)(edge - 6), 10, 0);
    printf("got '%.6s'\n", edge - 6);
    R("read into the unmapped page", SYS_read, fd, (long)edge, 4);
    R("lseek(fd, 0, SEEK_CUR) (unchanged)", SYS_lseek, fd, 0, SEEK_CUR);
    struct iovec v[2] = {{edge - 2, 2}, {edge - 1, 5}};
    R("readv: 2 bytes, then 1 of 5", SYS_readv, fd, (long)v, 2);
    int w = T(open("g", O_WRONLY | O_CREAT | O_TRUNC, 0644));
    memcpy(edge - 3, "xyz", 3);
    R("write 10 from the last 3 bytes", SYS_write, w, (long)(edge - 3), 10);
    R("pwrite64 10 from the last 3 bytes at 100", SYS_pwrite64, w, (long)(edge - 3), 10, 100);
    R("write from the unmapped page", SYS_write, w, (long)edge, 4);
    struct stat st;
    T(fstat(w, &st));
    printf("g size=%ld\n", (long)st.st_size);
    /* A read-only page stops a read the same way. */
    T(mprotect(p, 4096, PROT_READ));
    R("read into a read-only page", SYS_read, fd, (long)(edge - 3), 3);

    if (geteuid() == 0) {
        put_file("secret", "s");
        chmod("secret", 0600);
        T(setresuid(0, 65534, 0));                    /* real root, effective nobody */
        T(access("secret", R_OK));                    /* real ids: allowed */
        T(faccessat(AT_FDCWD, "secret", R_OK, AT_EACCESS));
        T(open("secret", O_RDONLY));                  /* effective ids: EACCES */
        T(setresuid(0, 0, 0));
    } else {
        printf("not root: real/effective access check skipped\n");
    }
    return 0;
}
