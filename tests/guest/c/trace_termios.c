/*
 * Terminal ioctls on a pseudo-terminal's master side (/dev/ptmx): struct termios, termio and
 * termios2 read and written, the line discipline's answers (pty_set_termios forces CS8|CREAD),
 * window size, flushes, flow control, the int-pointer requests and failures (EFAULT, EINVAL,
 * ENOTTY). The tracer corpus checks the decoding of each against the real strace; nothing
 * here depends on which pts number the host hands out.
 */
#include "guest.h"
#include <sys/ioctl.h>
#include <termios.h>

/* The kernel's own layouts (the C library's struct termios differs). */
struct k_termios {
    unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[19];
};
struct k_termios2 {
    unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[19];
    unsigned int c_ispeed, c_ospeed;
};
struct k_termio {
    unsigned short c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[8];
};

#define K_TCGETS 0x5401
#define K_TCSETS 0x5402
#define K_TCSETSW 0x5403
#define K_TCSETSF 0x5404
#define K_TCGETA 0x5405
#define K_TCSETA 0x5406
#define K_TCSBRK 0x5409
#define K_TCXONC 0x540a
#define K_TCFLSH 0x540b
#define K_TCGETS2 0x802c542aUL
#define K_TCSETS2 0x402c542bUL
#define K_TIOCSPTLCK 0x40045431UL
#define K_TIOCGPTLCK 0x80045439UL

static void show(const char *what, const struct k_termios *t)
{
    printf("%s: iflag=%#o oflag=%#o cflag=%#o lflag=%#o line=%u vmin=%u vtime=%u\n", what,
           t->c_iflag, t->c_oflag, t->c_cflag, t->c_lflag, t->c_line, t->c_cc[6], t->c_cc[5]);
}

int main(void)
{
    int fd = T(open("/dev/ptmx", O_RDWR | O_NOCTTY));
    if (fd < 0)
        return 1;
    struct k_termios t;
    T(ioctl(fd, K_TCGETS, &t));
    show("initial", &t);

    int lock = -1;
    T(ioctl(fd, K_TIOCGPTLCK, &lock));
    printf("locked=%d\n", lock);
    lock = 0;
    T(ioctl(fd, K_TIOCSPTLCK, &lock));
    T(ioctl(fd, K_TIOCGPTLCK, &lock));
    printf("locked=%d\n", lock);

    /* Raw mode, as cfmakeraw makes it. */
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag &= ~OPOST;
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cc[6] = 1;
    t.c_cc[5] = 0;
    T(ioctl(fd, K_TCSETS, &t));
    T(ioctl(fd, K_TCGETS, &t));
    show("raw", &t);

    /* Seven bits with parity: a pty keeps CS8 and drops PARENB. */
    t.c_cflag = (t.c_cflag & ~CSIZE) | CS7 | PARENB | PARODD | CSTOPB;
    t.c_oflag |= OPOST | ONLCR | TAB3 | CR1;
    t.c_iflag |= IUTF8 | IXOFF;
    T(ioctl(fd, K_TCSETSW, &t));
    T(ioctl(fd, K_TCGETS, &t));
    show("cs7", &t);
    t.c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | TOSTOP;
    T(ioctl(fd, K_TCSETSF, &t));

    struct k_termios2 t2;
    T(ioctl(fd, K_TCGETS2, &t2));
    printf("termios2: ispeed=%u ospeed=%u\n", t2.c_ispeed, t2.c_ospeed);
    t2.c_cflag = (t2.c_cflag & ~CBAUD) | B9600;
    T(ioctl(fd, K_TCSETS2, &t2));
    T(ioctl(fd, K_TCGETS2, &t2));
    printf("termios2: ispeed=%u ospeed=%u\n", t2.c_ispeed, t2.c_ospeed);

    struct k_termio tio;
    T(ioctl(fd, K_TCGETA, &tio));
    tio.c_lflag &= ~ECHO;
    T(ioctl(fd, K_TCSETA, &tio));
    T(ioctl(fd, K_TCGETS, &t));
    show("termio", &t);

    struct winsize ws = { 25, 81, 0, 0 };
    T(ioctl(fd, TIOCSWINSZ, &ws));
    memset(&ws, 0, sizeof ws);
    T(ioctl(fd, TIOCGWINSZ, &ws));
    printf("winsize %u x %u\n", ws.ws_row, ws.ws_col);

    int n = -1;
    T(ioctl(fd, FIONREAD, &n));
    T(ioctl(fd, TIOCOUTQ, &n));
    T(ioctl(fd, TIOCGETD, &n));
    printf("ldisc=%d\n", n);
    T(ioctl(fd, K_TCFLSH, TCIFLUSH));
    T(ioctl(fd, K_TCFLSH, TCIOFLUSH));
    T(ioctl(fd, K_TCFLSH, 7));                       /* EINVAL */
    T(ioctl(fd, K_TCXONC, TCOON));
    T(ioctl(fd, K_TCSBRK, 1));
    T(ioctl(fd, TIOCEXCL));
    T(ioctl(fd, TIOCNXCL));
    T(ioctl(fd, TIOCMGET, &n));                      /* ENOTTY: no modem lines */
    T(ioctl(fd, K_TCGETS, BADPTR));                  /* EFAULT */
    T(ioctl(fd, K_TCSETS, BADPTR));                  /* EFAULT */
    T(ioctl(fd, K_TCSETS, NULL));                    /* EFAULT */
    T(ioctl(fd, TIOCSWINSZ, BADPTR));                /* EFAULT */
    n = 1;
    T(ioctl(fd, FIONBIO, &n));
    char c;
    T(read(fd, &c, 1));                              /* EAGAIN: nothing written yet */
    T(ioctl(fd, FIOCLEX));

    int null = T(open("/dev/null", O_RDWR));
    T(ioctl(null, K_TCGETS, &t));                    /* ENOTTY */
    T(ioctl(null, TIOCGWINSZ, &ws));                 /* ENOTTY */
    T(close(null));
    T(close(fd));
    return 0;
}
