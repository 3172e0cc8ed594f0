/* Job control and SIGCHLD: SIGSTOP/SIGCONT seen by waitpid(WUNTRACED|WCONTINUED) and waitid,
 * a SIGCHLD handler's si_code, kill to a process group, SIGCHLD ignored (auto-reap). */
#include "guest.h"
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

static volatile int chld_codes[8], nchld;
static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (nchld < 8) chld_codes[nchld++] = si->si_code * 1000 + si->si_status;
}

static void on_usr1(int sig)
{
    (void)sig;
    _exit(33);
}

static void msleep(long ms)
{
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000};
    while (nanosleep(&d, &d) != 0) {}
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);

    pid_t c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    int st;
    kill(c, SIGSTOP);
    pid_t w = waitpid(c, &st, WUNTRACED);
    printf("stopped: same %d WIFSTOPPED %d sig %d\n", w == c, WIFSTOPPED(st), WSTOPSIG(st));
    w = waitpid(c, &st, WUNTRACED | WNOHANG);
    printf("reported once: %d\n", w);
    kill(c, SIGCONT);
    w = waitpid(c, &st, WCONTINUED);
    printf("continued: same %d WIFCONTINUED %d\n", w == c, WIFCONTINUED(st));
    kill(c, SIGSTOP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, c, &si, WSTOPPED);
    printf("waitid stopped code %d status %d\n", si.si_code, si.si_status);
    kill(c, SIGTERM); /* pending while stopped */
    kill(c, SIGCONT);
    w = waitpid(c, &st, 0);
    printf("terminated: WIFSIGNALED %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    msleep(20);
    printf("SIGCHLD codes:");
    for (int i = 0; i < nchld && i < 2; i++) printf(" %d", chld_codes[i]);
    printf("\n");

    /* exit status through SIGCHLD */
    nchld = 0;
    c = fork();
    if (c == 0) _exit(5);
    waitpid(c, &st, 0);
    printf("exit code via SIGCHLD %d status %d\n", nchld, WEXITSTATUS(st));

    /* kill to a process group */
    signal(SIGCHLD, SIG_DFL);
    pid_t kids[2];
    int ready[2];
    pipe(ready);
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            signal(SIGUSR1, on_usr1);
            setpgid(0, i == 0 ? 0 : kids[0]);
            write(ready[1], "r", 1); /* handler and group in place */
            for (;;) pause();
        }
        setpgid(kids[i], kids[0]);
    }
    char rb[2];
    for (int got = 0; got < 2;) {
        ssize_t n = read(ready[0], rb, 2 - got);
        if (n > 0) got += n;
    }
    printf("kill group %d\n", kill(-kids[0], SIGUSR1));
    for (int i = 0; i < 2; i++) {
        waitpid(kids[i], &st, 0);
        printf("member %d exit %d\n", i, WEXITSTATUS(st));
    }
    errno = 0;
    printf("kill empty group %d %s\n", kill(-kids[0], SIGUSR1), err_name(errno));

    /* SIGCHLD ignored: children are reaped at once, wait reports ECHILD */
    signal(SIGCHLD, SIG_IGN);
    c = fork();
    if (c == 0) _exit(1);
    errno = 0;
    w = waitpid(c, &st, 0);
    printf("ignored SIGCHLD wait %d %s\n", (int)w, err_name(errno));
    return 0;
}
