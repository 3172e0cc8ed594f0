/* Process descriptors: pidfd_open and its errors, clone(CLONE_PIDFD) and clone3's pidfd field,
 * pidfd_send_signal, waitid(P_PIDFD). */
#include "guest.h"
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static void show(const char *what, long r)
{
    if (r < 0) printf("%s = -1 %s\n", what, err_name((int)-r));
    else printf("%s = %ld\n", what, r);
}

static volatile long thread_tid;
static volatile int stop;
static void *idle(void *a)
{
    (void)a;
    thread_tid = syscall(SYS_gettid);
    while (!stop) sched_yield();
    return NULL;
}

int main(void)
{
    show("pidfd_open(0)", RAW(SYS_pidfd_open, 0, 0));
    show("pidfd_open(-1)", RAW(SYS_pidfd_open, -1, 0));
    show("pidfd_open(self, bad flags)", RAW(SYS_pidfd_open, getpid(), 1));
    show("pidfd_open(no such pid)", RAW(SYS_pidfd_open, 4000000, 0));
    pthread_t th;
    pthread_create(&th, NULL, idle, NULL);
    while (!thread_tid) sched_yield();
    show("pidfd_open(a thread's tid)", RAW(SYS_pidfd_open, thread_tid, 0));
    stop = 1;
    pthread_join(th, NULL);
    long self = RAW(SYS_pidfd_open, getpid(), 0);
    printf("pidfd_open(self): %s, close-on-exec: %s\n", self >= 0 ? "ok" : "failed", yesno(fcntl((int)self, F_GETFD) == FD_CLOEXEC));
    show("pidfd_send_signal(self, 0)", RAW(SYS_pidfd_send_signal, self, 0, 0, 0));
    show("pidfd_send_signal(bad flags)", RAW(SYS_pidfd_send_signal, self, 0, 0, 1));
    show("pidfd_send_signal(not a pidfd)", RAW(SYS_pidfd_send_signal, 1, 0, 0, 0));
    show("pidfd_send_signal(bad fd)", RAW(SYS_pidfd_send_signal, 99, 0, 0, 0));
    close((int)self);

    /* clone(CLONE_PIDFD): the descriptor lands in parent_tid */
    int pidfd = -1;
    long pid;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n"
                     "2:\n\tmov $24, %%eax\n\tsyscall\n\tjmp 2b\n" /* child: sched_yield forever */
                     "1:\n"
                     : "=a"(pid) : "a"(SYS_clone), "D"(CLONE_PIDFD | SIGCHLD), "S"(0), "d"(&pidfd), "r"(0) : "rcx", "r11", "memory");
    printf("clone(CLONE_PIDFD): child %s, pidfd %s\n", pid > 0 ? "ok" : "failed", pidfd > 2 ? "ok" : "missing");
    show("pidfd_send_signal(child, SIGKILL)", RAW(SYS_pidfd_send_signal, pidfd, SIGKILL, 0, 0));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    show("waitid(P_PIDFD)", RAW(SYS_waitid, P_PIDFD, pidfd, (long)&si, WEXITED, 0));
    printf("  si_pid matches: %s, killed by %d\n", yesno(si.si_pid == pid), si.si_status);
    show("pidfd_send_signal(reaped child)", RAW(SYS_pidfd_send_signal, pidfd, 0, 0, 0));
    show("waitid(P_PIDFD, not a pidfd)", RAW(SYS_waitid, P_PIDFD, 1, (long)&si, WEXITED, 0));
    close(pidfd);

    /* clone3 with CLONE_PIDFD: args.pidfd */
    struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; } ca = {0};
    int pfd2 = -1;
    ca.flags = CLONE_PIDFD;
    ca.pidfd = (uint64_t)(uintptr_t)&pfd2;
    ca.exit_signal = SIGCHLD;
    long r;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\tmov $60, %%eax\n\tmov $5, %%edi\n\tsyscall\n1:\n"
                     : "=a"(r) : "a"(SYS_clone3), "D"(&ca), "S"(sizeof ca) : "rcx", "r11", "memory");
    printf("clone3(CLONE_PIDFD): pidfd %s\n", pfd2 > 2 ? "ok" : "missing");
    memset(&si, 0, sizeof si);
    show("waitid(P_PIDFD) clone3 child", RAW(SYS_waitid, P_PIDFD, pfd2, (long)&si, WEXITED, 0));
    printf("  exit status %d\n", si.si_status);
    return 0;
}
