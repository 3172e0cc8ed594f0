/* Waiting for signals: rt_sigsuspend, sigtimedwait (timeout, pending, siginfo), sigwaitinfo,
 * pause + alarm, rt_sigqueueinfo checks. */
#include "guest.h"
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

static volatile int got;
static void handler(int sig)
{
    got = sig;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);

    /* sigsuspend: USR1 blocked, a child sends it; the old mask comes back after */
    sigset_t block, old, none;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigemptyset(&none);
    errno = 0;
    int r = sigsuspend(&none);
    printf("sigsuspend %d %s got %d\n", r, err_name(errno), got);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask restored: USR1 blocked %d\n", sigismember(&cur, SIGUSR1));
    waitpid(c, NULL, 0);

    /* sigtimedwait: nothing pending, short timeout */
    struct timespec ts = {0, 50 * 1000 * 1000};
    siginfo_t si;
    errno = 0;
    r = sigtimedwait(&block, &si, &ts);
    printf("sigtimedwait timeout %d %s\n", r, err_name(errno));
    /* zero timeout */
    ts.tv_nsec = 0;
    errno = 0;
    r = sigtimedwait(&block, &si, &ts);
    printf("sigtimedwait poll %d %s\n", r, err_name(errno));
    /* pending already */
    union sigval v = {.sival_int = 7};
    sigqueue(getpid(), SIGUSR1, v);
    ts.tv_sec = 5;
    memset(&si, 0, sizeof si);
    r = sigtimedwait(&block, &si, &ts);
    printf("sigtimedwait pending %d signo %d code %d value %d pid %s\n", r, si.si_signo, si.si_code,
           si.si_value.sival_int, si.si_pid == getpid() ? "self" : "other");
    /* sent by a child while waiting */
    c = fork();
    if (c == 0) {
        struct timespec d = {0, 30 * 1000 * 1000};
        nanosleep(&d, NULL);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    r = sigwaitinfo(&block, &si);
    printf("sigwaitinfo %d code %d from child %d\n", r, si.si_code, si.si_pid == c);
    waitpid(c, NULL, 0);
    printf("handler did not run: got %d\n", got);

    /* pause + alarm */
    got = 0;
    alarm(1);
    errno = 0;
    r = pause();
    printf("pause %d %s got %d\n", r, err_name(errno), got);
    printf("alarm left %u\n", alarm(0));
    alarm(5);
    unsigned left = alarm(0);
    printf("alarm reset left %u\n", left);

    /* rt_sigqueueinfo: a positive si_code to another process is refused */
    siginfo_t q;
    memset(&q, 0, sizeof q);
    q.si_code = SI_USER;
    c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    errno = 0;
    r = syscall(SYS_rt_sigqueueinfo, c, SIGUSR1, &q);
    printf("sigqueueinfo SI_USER to child %d %s\n", r, err_name(errno));
    q.si_code = SI_QUEUE;
    r = syscall(SYS_rt_sigqueueinfo, c, SIGKILL, &q);
    int st;
    waitpid(c, &st, 0);
    printf("sigqueueinfo SI_QUEUE kill %d: signaled %d sig %d\n", r, WIFSIGNALED(st), WTERMSIG(st));
    q.si_code = SI_USER;
    r = syscall(SYS_rt_sigqueueinfo, getpid(), 0, &q);
    printf("sigqueueinfo sig 0 self %d\n", r);
    return 0;
}
