/* Handlers: siginfo (SI_USER, SI_TKILL, SI_QUEUE), mask during a handler, SA_RESETHAND,
 * SA_NODEFER, nested handlers, pending sets, real-time queueing order. */
#include "guest.h"
#include <signal.h>

static volatile int depth, maxdepth, count;
static char order[256];
static int olen;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("sig %d code %d pid %s value %d\n", sig, si->si_code,
           si->si_pid == getpid() ? "self" : "other", si->si_code == SI_QUEUE ? si->si_value.sival_int : -1);
}

static void mask_handler(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("in handler %d: USR1 blocked %d USR2 blocked %d TERM blocked %d\n", sig,
           sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2), sigismember(&cur, SIGTERM));
}

static volatile int calls;
static void nodefer_handler(int sig)
{
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    if (++calls < 3) raise(sig);
    depth--;
}

static void usr2_nested(int sig)
{
    (void)sig;
    printf("usr2 runs at depth %d\n", depth);
}

static void usr1_outer(int sig)
{
    (void)sig;
    depth++;
    raise(SIGUSR2);
    depth--;
    printf("usr1 done\n");
}

static void rt_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    olen += snprintf(order + olen, sizeof order - olen, "%d:%d ", sig - SIGRTMIN, si->si_value.sival_int);
}

static void count_handler(int sig)
{
    (void)sig;
    count++;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    kill(getpid(), SIGUSR1);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR1, v);

    /* mask during a handler: the signal itself and sa_mask */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = mask_handler;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after handler: USR1 blocked %d USR2 blocked %d\n", sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2));

    /* SA_RESETHAND: the action is SIG_DFL once the handler ran */
    sa.sa_flags = SA_RESETHAND;
    sa.sa_handler = count_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, NULL);
    raise(SIGWINCH);
    struct sigaction old;
    sigaction(SIGWINCH, NULL, &old);
    printf("resethand: count %d now default %d\n", count, old.sa_handler == SIG_DFL);

    /* SA_NODEFER: the handler interrupts itself */
    sa.sa_flags = SA_NODEFER;
    sa.sa_handler = nodefer_handler;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("nodefer max depth %d\n", maxdepth);
    /* without it the second raise waits until the handler returns */
    depth = maxdepth = calls = 0;
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("defer max depth %d calls %d\n", maxdepth, calls);

    /* nested: USR1's handler raises USR2, which is not blocked */
    depth = 0;
    sa.sa_flags = 0;
    sa.sa_handler = usr2_nested;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = usr1_outer;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);

    /* pending while blocked; classic signals coalesce */
    count = 0;
    sa.sa_handler = count_handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("pending USR1 %d USR2 %d count %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2), count);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblock count %d\n", count);

    /* real-time signals queue, lowest number first, each in order */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i;
        sigqueue(getpid(), SIGRTMIN + 1, v);
        v.sival_int = 10 + i;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("rt order: %s\n", order);

    /* ignored signals vanish; a blocked ignored one stays pending */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored ok\n");
    errno = 0;
    int r = kill(getpid(), 99);
    printf("kill bad sig %d %s\n", r, err_name(errno));
    r = kill(999999, SIGUSR1);
    printf("kill no pid %d %s\n", r, err_name(errno));
    return 0;
}
