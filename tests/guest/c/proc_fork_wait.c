/* fork + wait: exit codes, signal deaths, WNOHANG polling, zombies, getppid, waitid. */
#include "guest.h"
#include <signal.h>
#include <sys/wait.h>

static void show(const char *what, int st)
{
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by %d%s\n", what, WTERMSIG(st), WCOREDUMP(st) ? " (core)" : "");
    else printf("%s: other 0x%x\n", what, st);
}

int main(void)
{
    int codes[] = {0, 1, 3, 42, 255, 256 + 7};
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) _exit(codes[i]);
        int st = 0;
        pid_t w = waitpid(c, &st, 0);
        printf("code %d: same pid %s, ", codes[i], w == c ? "yes" : "no");
        show("status", st);
    }

    /* getppid in the child is the parent's pid; exit() flushes the child's own stdio. */
    pid_t me = getpid();
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        printf("child: ppid is parent %s, pid differs %s\n", getppid() == me ? "yes" : "no", getpid() != me ? "yes" : "no");
        exit(5);
    }
    int st;
    waitpid(c, &st, 0);
    show("child with stdio", st);

    /* Killed by a signal: SIGKILL from the parent, SIGTERM to itself, abort (core if allowed). */
    fflush(stdout);
    c = fork();
    if (c == 0) { for (;;) pause(); }
    kill(c, SIGKILL);
    waitpid(c, &st, 0);
    show("sigkill", st);
    fflush(stdout);
    c = fork();
    if (c == 0) { kill(getpid(), SIGTERM); _exit(9); }
    waitpid(c, &st, 0);
    show("sigterm", st);
    fflush(stdout);
    c = fork();
    if (c == 0) { volatile int *p = (int *)16; *p = 1; _exit(9); }
    waitpid(c, &st, 0);
    printf("segv: signaled %s sig %d\n", WIFSIGNALED(st) ? "yes" : "no", WTERMSIG(st));

    /* WNOHANG polling: 0 while the child lives, its pid once it is a zombie. */
    int fds[2];
    pipe(fds);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        char b;
        close(fds[1]);
        read(fds[0], &b, 1);
        _exit(17);
    }
    close(fds[0]);
    pid_t r = waitpid(c, &st, WNOHANG);
    printf("wnohang while alive: %d\n", (int)r);
    write(fds[1], "x", 1);
    int polls = 0;
    while ((r = waitpid(-1, &st, WNOHANG)) == 0) { polls++; usleep(1000); }
    printf("wnohang later: same %s, polled %s\n", r == c ? "yes" : "no", polls >= 0 ? "yes" : "no");
    show("polled", st);

    /* No children left. */
    errno = 0;
    r = waitpid(-1, &st, 0);
    printf("wait with no children: %d %s\n", (int)r, err_name(errno));
    errno = 0;
    r = waitpid(-1, &st, WNOHANG);
    printf("wnohang with no children: %d %s\n", (int)r, err_name(errno));
    r = waitpid(-1, &st, 0x1000);
    printf("bad options: %d %s\n", (int)r, err_name(errno));

    /* Several children, reaped in any order; wait(NULL). */
    int sum = 0;
    for (int i = 1; i <= 5; i++) {
        fflush(stdout);
        if (fork() == 0) _exit(i * 10);
    }
    for (int i = 0; i < 5; i++) {
        wait(&st);
        sum += WEXITSTATUS(st);
    }
    printf("five children sum %d\n", sum);

    /* waitid: siginfo of an exit and a kill. */
    fflush(stdout);
    c = fork();
    if (c == 0) _exit(33);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int rr = waitid(P_PID, c, &si, WEXITED);
    printf("waitid: %d signo %d code %d status %d pid same %s\n", rr, si.si_signo, si.si_code, si.si_status, si.si_pid == c ? "yes" : "no");
    fflush(stdout);
    c = fork();
    if (c == 0) { for (;;) pause(); }
    kill(c, SIGINT);
    memset(&si, 0, sizeof si);
    rr = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid kill: %d signo %d code %d status %d\n", rr, si.si_signo, si.si_code, si.si_status);

    /* A zombie stays until reaped: WNOWAIT looks without reaping. */
    fflush(stdout);
    c = fork();
    if (c == 0) _exit(4);
    memset(&si, 0, sizeof si);
    waitid(P_PID, c, &si, WEXITED | WNOWAIT);
    printf("wnowait status %d\n", si.si_status);
    r = waitpid(c, &st, 0);
    printf("then reaped: same %s ", r == c ? "yes" : "no");
    show("", st);
    return 0;
}
