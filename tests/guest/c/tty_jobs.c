/*
 * Terminals and job control. On pipes (the differential suite): every terminal request fails
 * with ENOTTY. On a terminal (tests/kernel/tty-pty.test.ts runs it in a tmux pane, natively and
 * under sysgate, and compares the screens): foreground group and session queries, tcsetpgrp's
 * checks, a background group's reads (EIO with SIGTTIN ignored), setsid and TIOCNOTTY losing the
 * terminal, the window size, SIGWINCH on TIOCSWINSZ, non-canonical reads with VMIN/VTIME, and
 * output without OPOST.
 */
#include "guest.h"
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static void not_a_tty(void)
{
    struct termios t;
    int n = 5;
    printf("isatty(0)=%d\n", isatty(0));
    T(tcgetattr(0, &t));
    T(tcgetpgrp(0));
    T(tcgetsid(0));
    T(ioctl(0, TIOCSCTTY, 0));
    T(ioctl(0, TIOCNOTTY));
    T(ioctl(0, TIOCGWINSZ, &t));
    T(ioctl(0, TIOCSTI, "x"));
    T(ioctl(0, TIOCOUTQ, &n));
    printf("ttyname=%s errno=%s\n", ttyname(0) ? "yes" : "null", err_name(errno));
}

/* Run `fn` in a child and wait for it (its output comes before the parent's next line). */
static void in_child(const char *what, void (*fn)(void))
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    printf("%s: child status %d\n", what, WEXITSTATUS(st));
}

static pid_t parent_pgrp;

static void background_child(void)
{
    char b[4];
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    T(setpgid(0, 0));
    printf("bg: foreground is mine: %s\n", yesno(tcgetpgrp(0) == getpgrp()));
    T(read(0, b, 1)); /* EIO: background, SIGTTIN ignored */
    T(tcsetpgrp(0, getpgrp())); /* allowed: SIGTTOU ignored */
    printf("bg: foreground is mine now: %s\n", yesno(tcgetpgrp(0) == getpgrp()));
    T(tcsetpgrp(0, parent_pgrp));
    printf("bg: given back: %s\n", yesno(tcgetpgrp(0) == parent_pgrp));
}

static void new_session_child(void)
{
    char name[64];
    snprintf(name, sizeof name, "%s", ttyname(0));
    printf("setsid leader: %s\n", yesno(setsid() == getpid()));
    T(tcgetpgrp(0));
    T(tcgetsid(0));
    T(open("/dev/tty", O_RDWR));
    T(ioctl(0, TIOCSCTTY, 0)); /* EPERM: another session owns it */
    int fd = open(name, O_RDWR);
    printf("reopen: %s\n", fd >= 0 ? "ok" : err_name(errno));
    T(tcgetpgrp(fd)); /* still not ours */
}

static void notty_child(void)
{
    T(ioctl(0, TIOCNOTTY));
    T(tcgetpgrp(0));
    T(ioctl(0, TIOCNOTTY));
}

static void on_winch(int sig) { (void)sig; }

int main(void)
{
    if (!isatty(0)) {
        not_a_tty();
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    parent_pgrp = getpgrp();
    char *name = ttyname(0);
    printf("ttyname is a pts: %s\n", yesno(name && strncmp(name, "/dev/pts/", 9) == 0));
    printf("isatty 0 1 2: %d %d %d\n", isatty(0), isatty(1), isatty(2));
    printf("foreground is mine: %s\n", yesno(tcgetpgrp(0) == getpgrp()));
    printf("tcgetsid is getsid: %s\n", yesno(tcgetsid(0) == getsid(0)));
    int fd = T(open("/dev/tty", O_RDWR) >= 0);
    (void)fd;
    struct winsize ws;
    T(ioctl(1, TIOCGWINSZ, &ws));
    printf("winsize %d x %d\n", ws.ws_row, ws.ws_col);
    int n = -1;
    T(ioctl(0, FIONREAD, &n));
    printf("FIONREAD %d\n", n);
    T(ioctl(1, TIOCOUTQ, &n));
    printf("TIOCOUTQ %d\n", n);
    T(tcflush(0, TCIFLUSH));
    T(ioctl(0, TCFLSH, 9));
    T(tcsetpgrp(0, 999999));
    n = -1;
    T(ioctl(0, TIOCSPGRP, &n));

    /* SIGWINCH (blocked, so it stays pending) when the size changes, none when it does not. */
    sigset_t w, pend;
    sigemptyset(&w);
    sigaddset(&w, SIGWINCH);
    sigprocmask(SIG_BLOCK, &w, NULL);
    /* A handler (it never runs: the signal stays blocked), so the pending bit is kept. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    T(ioctl(0, TIOCSWINSZ, &ws));
    sigpending(&pend);
    printf("SIGWINCH after the same size: %s\n", yesno(sigismember(&pend, SIGWINCH)));
    struct winsize big = ws;
    big.ws_row += 5;
    T(ioctl(0, TIOCSWINSZ, &big));
    sigpending(&pend);
    printf("SIGWINCH after a new size: %s\n", yesno(sigismember(&pend, SIGWINCH)));
    T(ioctl(0, TIOCGWINSZ, &big));
    printf("winsize now %d x %d\n", big.ws_row, big.ws_col);
    T(ioctl(0, TIOCSWINSZ, &ws));

    in_child("background", background_child);
    printf("foreground is mine again: %s\n", yesno(tcgetpgrp(0) == getpgrp()));
    in_child("setsid", new_session_child);
    in_child("notty", notty_child);
    printf("still mine: %s\n", yesno(tcgetpgrp(0) == getpgrp()));

    /* A group of another session cannot become the foreground. */
    int up[2], down[2];
    pipe(up);
    pipe(down);
    pid_t other = fork();
    if (other == 0) {
        char c;
        setsid();
        write(up[1], "x", 1);
        read(down[0], &c, 1); /* stay alive until the parent has tried */
        _exit(0);
    }
    char c;
    read(up[0], &c, 1);
    T(tcsetpgrp(0, other));
    write(down[1], "y", 1);
    waitpid(other, NULL, 0);

    /* Non-canonical reads with nothing typed: VMIN=0 VTIME=0 returns at once, VTIME=1 after 0.1 s. */
    struct termios saved, t;
    T(tcgetattr(0, &saved));
    t = saved;
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    T(tcsetattr(0, TCSANOW, &t));
    char b[8];
    T(read(0, b, sizeof b));
    t.c_cc[VTIME] = 1;
    T(tcsetattr(0, TCSADRAIN, &t));
    T(read(0, b, sizeof b));
    struct termios back;
    T(tcgetattr(0, &back));
    printf("VTIME kept: %d, ICANON off: %s\n", back.c_cc[VTIME], yesno(!(back.c_lflag & ICANON)));
    /* Without OPOST a newline does not return the carriage: the next line starts further right. */
    t.c_oflag &= ~OPOST;
    T(tcsetattr(0, TCSAFLUSH, &t));
    fputs("raw:\nstep\n", stdout);
    T(tcsetattr(0, TCSANOW, &saved));
    printf("\ncooked again\n");
    return 0;
}
