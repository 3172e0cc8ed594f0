/* rt_sigaction(2)/rt_sigprocmask(2) kept as state (no delivery needed). */
#include "guest.h"
#include <signal.h>

static void handler(int s) { (void)s; }

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    T(sigaction(SIGUSR1, &sa, NULL));
    memset(&old, 0, sizeof old);
    T(sigaction(SIGUSR1, NULL, &old));
    printf("handler kept: %s restart kept: %s mask kept: %s\n", yesno(old.sa_handler == handler),
           yesno(old.sa_flags & SA_RESTART), yesno(sigismember(&old.sa_mask, SIGUSR2)));
    T(sigaction(SIGUSR1, NULL, &old));
    sa.sa_handler = SIG_IGN;
    T(sigaction(SIGUSR1, &sa, &old));
    printf("old was our handler: %s\n", yesno(old.sa_handler == handler));
    T(sigaction(SIGKILL, &sa, NULL));          /* EINVAL */
    T(sigaction(SIGSTOP, &sa, NULL));          /* EINVAL */
    T(sigaction(0, &sa, NULL));                /* EINVAL */
    T(sigaction(65, &sa, NULL));               /* EINVAL */
    T(sigaction(SIGKILL, NULL, &old));         /* reading is fine */
    printf("SIGKILL is default: %s\n", yesno(old.sa_handler == SIG_DFL));
    R("rt_sigaction(bad sigsetsize)", SYS_rt_sigaction, SIGUSR1, 0, (long)&old, 4);
    R("rt_sigaction(BADPTR act)", SYS_rt_sigaction, SIGUSR1, (long)BADPTR, 0, 8);

    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGTERM);
    T(sigprocmask(SIG_BLOCK, &set, NULL));
    T(sigprocmask(SIG_BLOCK, NULL, &cur));
    printf("blocked USR1=%d TERM=%d INT=%d\n", sigismember(&cur, SIGUSR1), sigismember(&cur, SIGTERM), sigismember(&cur, SIGINT));
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    T(sigprocmask(SIG_UNBLOCK, &set, &cur));
    T(sigprocmask(SIG_SETMASK, NULL, &cur));
    printf("blocked USR1=%d TERM=%d\n", sigismember(&cur, SIGUSR1), sigismember(&cur, SIGTERM));
    sigfillset(&set);
    T(sigprocmask(SIG_SETMASK, &set, NULL));
    T(sigprocmask(SIG_SETMASK, NULL, &cur));
    printf("KILL/STOP cannot be blocked: %s\n", yesno(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP)));
    R("rt_sigprocmask(bad how)", SYS_rt_sigprocmask, 99, (long)&set, 0, 8);
    R("rt_sigprocmask(bad size)", SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 16);
    R("rt_sigprocmask(BADPTR)", SYS_rt_sigprocmask, SIG_BLOCK, (long)BADPTR, 0, 8);
    return 0;
}
