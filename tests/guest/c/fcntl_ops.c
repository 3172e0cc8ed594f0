/* fcntl(2): descriptor flags, status flags, F_DUPFD. */
#include "guest.h"

int main(void)
{
    put_file("f.txt", "abc");
    int fd = T(open("f.txt", O_RDWR));
    T(fcntl(fd, F_GETFD));
    T(fcntl(fd, F_SETFD, FD_CLOEXEC));
    T(fcntl(fd, F_GETFD));
    T(fcntl(fd, F_SETFD, 0));
    T(fcntl(fd, F_GETFD));
    long fl = T(fcntl(fd, F_GETFL));
    printf("accmode=%ld append=%s\n", fl & O_ACCMODE, yesno(fl & O_APPEND));
    T(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    fl = T(fcntl(fd, F_GETFL));
    printf("append=%s nonblock=%s accmode=%ld\n", yesno(fl & O_APPEND), yesno(fl & O_NONBLOCK), fl & O_ACCMODE);
    /* F_SETFL cannot change the access mode. */
    T(fcntl(fd, F_SETFL, O_RDONLY));
    fl = fcntl(fd, F_GETFL);
    printf("accmode still=%ld\n", fl & O_ACCMODE);
    T(write(fd, "d", 1));
    T(fcntl(fd, F_DUPFD, 10));
    T(fcntl(fd, F_DUPFD, 10));
    T(fcntl(fd, F_DUPFD_CLOEXEC, 30));
    T(fcntl(31 - 1, F_GETFD));
    T(fcntl(fd, F_DUPFD, -1));      /* EINVAL */
    T(fcntl(fd, F_DUPFD, 1 << 30)); /* EINVAL */
    T(fcntl(77, F_GETFD));          /* EBADF */
    T(fcntl(fd, 9999));             /* EINVAL */
    int r = open("f.txt", O_RDONLY);
    fl = fcntl(r, F_GETFL);
    printf("rdonly accmode=%ld\n", fl & O_ACCMODE);
    int w = open("f.txt", O_WRONLY);
    fl = fcntl(w, F_GETFL);
    printf("wronly accmode=%ld\n", fl & O_ACCMODE);
    struct stat st;
    fstat(fd, &st);
    printf("size=%ld\n", (long)st.st_size);
    return 0;
}
