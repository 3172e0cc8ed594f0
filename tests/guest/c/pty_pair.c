/*
 * A pseudo-terminal pair: the master's bytes are the slave's keyboard (a canonical read gets the
 * line, the echo comes back to the master with ONLCR), the slave's output reaches the master,
 * raw mode, the slave locked until unlockpt, and the ends hanging up.
 */
#include "guest.h"
#include <sys/ioctl.h>
#include <termios.h>

/* Read exactly n bytes from fd (the other side's bytes may arrive in pieces). */
static void read_n(const char *what, int fd, int n)
{
    char buf[64];
    int got = 0;
    while (got < n) {
        int r = read(fd, buf + got, n - got);
        if (r <= 0) {
            printf("%s: read=%d errno=%s\n", what, r, err_name(errno));
            return;
        }
        got += r;
    }
    printf("%s: \"", what);
    for (int i = 0; i < got; i++) {
        if (buf[i] == '\r') printf("\\r");
        else if (buf[i] == '\n') printf("\\n");
        else putchar(buf[i]);
    }
    printf("\"\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int m = T(posix_openpt(O_RDWR | O_NOCTTY));
    if (m < 0)
        return 1;
    const char *name = ptsname(m);
    printf("ptsname under /dev/pts: %s\n", name && strncmp(name, "/dev/pts/", 9) == 0 ? "yes" : "no");
    TL("open slave while locked", open(name, O_RDWR | O_NOCTTY));
    T(grantpt(m));
    T(unlockpt(m));
    int s = TL("open slave", open(name, O_RDWR | O_NOCTTY));
    TL("isatty(slave)", isatty(s));
    struct stat st;
    T(fstat(s, &st));
    printf("slave is a char device: %s, major 136: %s\n", S_ISCHR(st.st_mode) ? "yes" : "no",
           (st.st_rdev >> 8) == 136 ? "yes" : "no");

    TL("write master", write(m, "abc\r", 4));
    read_n("slave reads", s, 4);
    read_n("master sees echo", m, 5);
    TL("write slave", write(s, "xyz\n", 4));
    read_n("master reads", m, 5);

    struct termios t;
    T(tcgetattr(s, &t));
    cfmakeraw(&t);
    T(tcsetattr(s, TCSANOW, &t));
    TL("write master raw", write(m, "q\r", 2));
    read_n("slave reads raw", s, 2);
    TL("write slave raw", write(s, "p\n", 2));
    read_n("master reads raw", m, 2);

    int n = -1;
    TL("write master 3", write(m, "123", 3));
    usleep(20000);
    T(ioctl(s, FIONREAD, &n));
    printf("FIONREAD slave=%d\n", n);
    read_n("slave drains", s, 3);

    T(close(s));
    char c;
    TL("read master after slave closed", read(m, &c, 1));
    s = TL("reopen slave", open(name, O_RDWR | O_NOCTTY));
    T(close(m));
    TL("read slave after master closed", read(s, &c, 1));
    TL("write slave after master closed", write(s, "x", 1));
    T(close(s));
    return 0;
}
