/* close(2), dup(2), dup2(2), dup3(2). */
#include "guest.h"

int main(void)
{
    put_file("f.txt", "0123456789");
    int fd = T(open("f.txt", O_RDONLY));
    T(close(fd));
    T(close(fd));              /* EBADF */
    T(close(-1));              /* EBADF */
    T(close(100000));          /* EBADF */

    fd = T(open("f.txt", O_RDONLY));
    int d = T(dup(fd));
    printf("dup is next: %s\n", yesno(d == fd + 1));
    /* Shared offset. */
    char c;
    read(fd, &c, 1);
    read(d, &c, 1);
    printf("shared offset read='%c'\n", c);
    T(dup(-1));                /* EBADF */
    T(dup2(fd, fd));           /* same fd: returns it */
    T(dup2(fd, 20));
    T(dup2(fd, -1));           /* EBADF */
    T(dup2(55, 21));           /* EBADF */
    T(dup2(fd, 1 << 30));      /* EBADF: above RLIMIT_NOFILE */
    T(dup3(fd, fd, 0));        /* EINVAL */
    T(dup3(fd, 22, O_CLOEXEC));
    T(fcntl(22, F_GETFD));
    T(fcntl(20, F_GETFD));
    T(dup3(fd, 23, 0x4));      /* EINVAL: bad flags */
    /* dup2 over an open descriptor closes it silently. */
    int other = T(open("f.txt", O_RDONLY));
    T(dup2(fd, other));
    T(lseek(other, 0, SEEK_CUR));
    T(close(20));
    T(close(22));
    T(close(20));              /* EBADF */
    return 0;
}
