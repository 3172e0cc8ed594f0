/* lseek(2): whence values, holes, and errors. */
#include "guest.h"

int main(void)
{
    put_file("f.txt", "0123456789");
    int fd = T(open("f.txt", O_RDWR));
    T(lseek(fd, 4, SEEK_SET));
    T(lseek(fd, 2, SEEK_CUR));
    T(lseek(fd, -3, SEEK_CUR));
    T(lseek(fd, 0, SEEK_END));
    T(lseek(fd, -10, SEEK_END));
    T(lseek(fd, -11, SEEK_END));  /* EINVAL */
    T(lseek(fd, -1, SEEK_SET));   /* EINVAL */
    T(lseek(fd, 0, 17));          /* EINVAL: whence */
    T(lseek(fd, 0, SEEK_CUR));    /* unchanged by the failures */
    T(lseek(fd, 100, SEEK_SET));  /* past the end is fine */
    T(write(fd, "!", 1));
    struct stat st;
    fstat(fd, &st);
    printf("size=%ld\n", (long)st.st_size);
    char buf[8];
    T(pread(fd, buf, 4, 50));
    printf("hole reads zero: %s\n", yesno(buf[0] == 0 && buf[3] == 0));
    T(close(fd));
    T(lseek(fd, 0, SEEK_SET));    /* EBADF */
    /* A directory can be lseek'd to 0. */
    int d = T(open(".", O_RDONLY));
    T(lseek(d, 0, SEEK_SET));
    return 0;
}
