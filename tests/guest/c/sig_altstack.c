/* sigaltstack + SA_ONSTACK: a stack overflow's SIGSEGV handled on the alternate stack;
 * SS_ONSTACK seen from inside; SS_AUTODISARM. */
#include "guest.h"
#include <setjmp.h>
#include <signal.h>
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static sigjmp_buf jb;
static char *alt;
static size_t altsize = 64 * 1024;
static volatile int onalt, inside_flags;

static void segv(int sig)
{
    char here;
    onalt = &here >= alt && &here < alt + altsize;
    stack_t cur;
    sigaltstack(NULL, &cur);
    inside_flags = cur.ss_flags;
    (void)sig;
    siglongjmp(jb, 1);
}

static int recurse(volatile char *prev, int n)
{
    volatile char buf[1024];
    buf[0] = (char)n;
    buf[1023] = prev ? prev[0] : 0;
    return recurse(buf, n + 1) + buf[5];
}

static void usr1(int sig)
{
    char here;
    (void)sig;
    onalt = &here >= alt && &here < alt + altsize;
    stack_t cur;
    sigaltstack(NULL, &cur);
    inside_flags = cur.ss_flags;
}

int main(void)
{
    struct rlimit { unsigned long cur, max; } rl = {1 << 20, 1 << 20};
    syscall(SYS_setrlimit, 3 /* RLIMIT_STACK */, &rl);
    alt = malloc(altsize);
    stack_t ss = {.ss_sp = alt, .ss_size = altsize, .ss_flags = 0};
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0) {
        recurse(NULL, 0);
        printf("not reached\n");
    } else {
        printf("overflow caught on the alternate stack %d, flags inside %d\n", onalt, inside_flags);
    }
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("after longjmp flags %d size ok %d\n", cur.ss_flags, cur.ss_size == altsize);

    /* without SA_ONSTACK the handler runs on the normal stack */
    sa.sa_handler = usr1;
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("no SA_ONSTACK: on alt %d\n", onalt);
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("SA_ONSTACK: on alt %d flags inside %d\n", onalt, inside_flags);

    /* SS_AUTODISARM: inside the handler the alternate stack is disabled, restored after */
    ss.ss_flags = SS_AUTODISARM;
    int r = sigaltstack(&ss, NULL);
    if (r == 0) {
        raise(SIGUSR1);
        sigaltstack(NULL, &cur);
        printf("autodisarm: on alt %d flags inside %d after %#x\n", onalt, inside_flags, (unsigned)cur.ss_flags);
    } else printf("autodisarm unsupported\n");

    /* errors */
    ss.ss_flags = 0;
    ss.ss_size = 100;
    errno = 0;
    r = sigaltstack(&ss, NULL);
    printf("small %d %s\n", r, err_name(errno));
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &cur);
    printf("disabled flags %d\n", cur.ss_flags);
    return 0;
}
