/* Fault signals to handlers: SIGSEGV with si_addr and siglongjmp, SIGFPE, SIGILL, SIGTRAP, and a
 * handler that edits uc_mcontext to skip the faulting instruction (proves the frame layout). */
#include "guest.h"
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile uintptr_t want;

static void segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    printf("SIGSEGV %d code %d addr %s trapno %lld err %lld cr2 %s\n", sig, si->si_code,
           (uintptr_t)si->si_addr == want ? "right" : "wrong", (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
           /* bit 0 (page present) depends on whether Linux's fault-around mapped the page in
              already, which varies between libcs and kernels: print write/user bits only */
           (long long)(uc->uc_mcontext.gregs[REG_ERR] & ~1LL), (uintptr_t)uc->uc_mcontext.gregs[REG_CR2] == want ? "right" : "wrong");
    siglongjmp(jb, 1);
}

static void fpe(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("SIGFPE %d code %d\n", sig, si->si_code);
    siglongjmp(jb, 2);
}

static void ill_skip(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    printf("SIGILL %d code %d addr at rip %s\n", sig, si->si_code,
           (uintptr_t)si->si_addr == (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] ? "yes" : "no");
    printf("trapno %lld\n", (long long)uc->uc_mcontext.gregs[REG_TRAPNO]);
    uc->uc_mcontext.gregs[REG_RIP] += 2; /* ud2 */
    uc->uc_mcontext.gregs[REG_RAX] = 1234;
}

static void trap(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("SIGTRAP %d code %d\n", sig, si->si_code);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = segv;
    sigaction(SIGSEGV, &sa, NULL);
    sa.sa_sigaction = fpe;
    sigaction(SIGFPE, &sa, NULL);
    sa.sa_sigaction = ill_skip;
    sigaction(SIGILL, &sa, NULL);
    sa.sa_sigaction = trap;
    sigaction(SIGTRAP, &sa, NULL);

    /* a write to a read-only page: SEGV_ACCERR, error code with the protection bit */
    static const char rodata[8192] __attribute__((aligned(4096))) = {1};
    if (sigsetjmp(jb, 1) == 0) {
        want = (uintptr_t)&rodata[4096];
        *(volatile char *)want = 2;
    }
    for (int i = 0; i < 3; i++) {
        if (sigsetjmp(jb, 1) == 0) {
            want = 0x1000 * (i + 1) + 8;
            *(volatile int *)want = 1;
            printf("not reached\n");
        } else {
            sigset_t cur;
            sigprocmask(SIG_BLOCK, NULL, &cur);
            printf("back, SEGV blocked %d\n", sigismember(&cur, SIGSEGV));
        }
    }
    if (sigsetjmp(jb, 1) == 0) {
        volatile int z = 0;
        volatile int x = 10 / z;
        (void)x;
    }
    long rax;
    __asm__ volatile("mov $7, %%rax\n\tud2\n\t" : "=a"(rax) : : "memory");
    printf("skipped ud2, rax %ld\n", rax);
    __asm__ volatile("int3");
    printf("after int3\n");
    /* registers survive a handler: callee-saved values across a raise */
    register long r12 __asm__("r12") = 0x1234567890L;
    __asm__ volatile("" : "+r"(r12));
    raise(SIGTRAP);
    __asm__ volatile("" : "+r"(r12));
    printf("r12 kept %d\n", r12 == 0x1234567890L);
    double d = 1.5;
    raise(SIGTRAP);
    printf("fp kept %g\n", d * 2);
    /* a fault whose signal is blocked kills anyway */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    sigprocmask(SIG_BLOCK, &set, NULL);
    fflush(stdout);
    want = 16;
    *(volatile int *)want = 1;
    printf("not reached\n");
    return 0;
}
