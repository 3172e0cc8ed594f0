/* A signal frame that cannot be written (the alternate stack is read-only): the process dies
 * by SIGSEGV, as Linux's force_sigsegv does. */
#include "guest.h"
#include <signal.h>
#include <sys/mman.h>

static void handler(int sig)
{
    (void)sig;
    printf("handler ran\n");
}

int main(void)
{
    size_t sz = 64 * 1024;
    void *ro = mmap(NULL, sz, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    stack_t ss = {.ss_sp = ro, .ss_size = sz, .ss_flags = 0};
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    /* a normal-stack handler still works */
    sigaction(SIGUSR2, &(struct sigaction){.sa_handler = handler}, NULL);
    raise(SIGUSR2);
    fflush(stdout);
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
}
