/* Process groups and sessions across fork: setpgid, setsid, getpgid, getsid (relations only). */
#include "guest.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
    if (argc > 1) { char b; read(3, &b, 1); return 0; }
    int fds[2];
    pipe(fds);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        pid_t me = getpid();
        printf("child starts in parent's group: %s\n", getpgrp() == getpgid(getppid()) ? "yes" : "no");
        printf("setpgid(0, 0) = %d\n", setpgid(0, 0));
        printf("now leads a group: %s\n", getpgrp() == me ? "yes" : "no");
        errno = 0;
        int r0 = (int)setsid();
        printf("setsid as group leader = %d %s\n", r0, err_name(errno));
        fflush(stdout);
        pid_t g = fork();
        if (g == 0) {
            pid_t s = setsid();
            printf("grandchild setsid: new session %s, own group %s, sid %s\n", s == getpid() ? "yes" : "no",
                   getpgrp() == getpid() ? "yes" : "no", getsid(0) == getpid() ? "yes" : "no");
            errno = 0;
            int r1 = setpgid(0, 0);
            printf("setpgid as session leader = %d %s\n", r1, err_name(errno));
            errno = 0;
            r1 = setpgid(0, me);
            printf("join a group of another session = %d %s\n", r1, err_name(errno));
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    errno = 0;
    int r2 = setpgid(c, c);
    printf("setpgid(reaped child) = %d %s\n", r2, err_name(errno));
    r2 = setpgid(0, -1);
    printf("setpgid(-1 group) = %d %s\n", r2, err_name(errno));
    errno = 0;
    r2 = (int)getpgid(1 << 30);
    printf("getpgid(1 << 30) = %d %s\n", r2, err_name(errno));

    /* A child that has exec'd cannot be moved by its parent. */
    fflush(stdout);
    c = fork();
    if (c == 0) {
        char *a[] = {argv[0], "wait", NULL};
        close(fds[1]);
        dup2(fds[0], 3);
        execv(argv[0], a);
        _exit(1);
    }
    close(fds[0]);
    usleep(200000);
    errno = 0;
    int r = setpgid(c, c);
    printf("setpgid(exec'd child) = %d %s\n", r, err_name(errno));
    kill(c, 9);
    int st;
    waitpid(c, &st, 0);
    printf("killed: %d\n", WTERMSIG(st));
    return 0;
}
