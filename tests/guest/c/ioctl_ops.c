/* ioctl(2): ENOTTY on files, FIONREAD on a file and a pipe, EBADF. */
#include "guest.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    put_file("f", "0123456789");
    int fd = T(open("f", O_RDONLY));
    struct termios t;
    int n = -7;
    T(ioctl(fd, TCGETS, &t));            /* ENOTTY */
    T(ioctl(fd, TIOCGWINSZ, &t));        /* ENOTTY */
    T(ioctl(fd, FIONREAD, &n));
    printf("FIONREAD file=%d\n", n);
    lseek(fd, 3, SEEK_SET);
    T(ioctl(fd, FIONREAD, &n));
    printf("FIONREAD after seek=%d\n", n);
    T(ioctl(99, FIONREAD, &n));          /* EBADF */
    R("ioctl(fd, FIONREAD, BADPTR)", SYS_ioctl, fd, FIONREAD, (long)BADPTR);
    T(ioctl(fd, 0x12345678, &n));        /* ENOTTY: unknown request */
    printf("isatty(file)=%d errno=%s\n", isatty(fd), err_name(errno));
    int null = T(open("/dev/null", O_RDWR));
    T(ioctl(null, TCGETS, &t));          /* ENOTTY */
    T(isatty(null));
    int p[2];
    pipe(p);
    write(p[1], "abcde", 5);
    T(ioctl(p[0], FIONREAD, &n));
    printf("FIONREAD pipe=%d\n", n);
    int d = T(open(".", O_RDONLY));
    T(ioctl(d, TCGETS, &t));             /* ENOTTY */
    /* FIOCLEX / FIONCLEX work on any descriptor. */
    T(ioctl(fd, FIOCLEX));
    T(fcntl(fd, F_GETFD));
    T(ioctl(fd, FIONCLEX));
    T(fcntl(fd, F_GETFD));
    return 0;
}
