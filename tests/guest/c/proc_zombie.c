/* Zombies until reaped, orphans adopted, PR_SET_PDEATHSIG, SIGCHLD ignored = no zombies. */
#include "guest.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

int main(void)
{
    /* A zombie still answers kill(pid, 0) and getpgid until it is reaped. */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(8);
    usleep(100000);
    errno = 0;
    int r = kill(c, 0);
    printf("kill(zombie, 0) = %d %s\n", r, err_name(errno));
    r = getpgid(c) == getpgrp();
    printf("getpgid(zombie) is our group: %s\n", r ? "yes" : "no");
    int st;
    waitpid(c, &st, 0);
    errno = 0;
    r = kill(c, 0);
    printf("kill(reaped, 0) = %d %s\n", r, err_name(errno));

    /* An orphan: its parent exits; it sees a new parent and PR_SET_PDEATHSIG fires. */
    int fds[2];
    pipe(fds);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        pid_t mid = getpid();
        pid_t g = fork();
        if (g == 0) {
            close(fds[0]);
            while (getppid() == mid) usleep(1000);
            write(fds[1], "orphan adopted\n", 15);
            _exit(0);
        }
        _exit(0);
    }
    close(fds[1]);
    waitpid(c, NULL, 0);
    char buf[64];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) fwrite(buf, 1, n, stdout);
    close(fds[0]);

    pipe(fds);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            close(fds[0]);
            write(fds[1], "r", 1);
            for (;;) usleep(1000);
        }
        char b;
        close(fds[1]);
        read(fds[0], &b, 1);
        _exit(0);
    }
    close(fds[1]);
    waitpid(c, NULL, 0);
    /* When the grandchild dies, the last write end closes and read returns 0. */
    n = read(fds[0], buf, sizeof buf);
    printf("pdeathsig: read %d after the grandchild died\n", (int)n);

    /* SIGCHLD set to SIG_IGN: children leave no zombie and wait reports ECHILD. */
    signal(SIGCHLD, SIG_IGN);
    fflush(stdout);
    c = fork();
    if (c == 0) _exit(1);
    errno = 0;
    r = waitpid(c, &st, 0);
    printf("wait with SIGCHLD ignored: %d %s\n", r, err_name(errno));
    return 0;
}
