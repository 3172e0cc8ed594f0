/* clone and clone3: the flag rules (EINVAL combinations), clone3's struct size checks, a raw
 * clone3 thread with its own stack, processes sharing memory / descriptors / signal actions with
 * their parent without being threads, thread ids, tgkill/tkill to a thread, and execve from a thread. */
#include "guest.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static void show(const char *what, long r)
{
    if (r < 0) printf("%s = -1 %s\n", what, err_name((int)-r));
    else printf("%s = %ld\n", what, r);
}

/* clone that fails, or (should it succeed) whose child exits at once */
static long try_clone(long flags)
{
    long r;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\tmov $60, %%eax\n\txor %%edi, %%edi\n\tsyscall\n1:\n"
                     : "=a"(r) : "a"(SYS_clone), "D"(flags), "S"(0), "d"(0) : "rcx", "r11", "memory");
    return r;
}

static long try_clone3(struct clone_args_v2 *a, size_t size)
{
    long r;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\tmov $60, %%eax\n\txor %%edi, %%edi\n\tsyscall\n1:\n"
                     : "=a"(r) : "a"(SYS_clone3), "D"(a), "S"(size) : "rcx", "r11", "memory");
    return r;
}

static char stack[65536] __attribute__((aligned(16)));
static volatile int shared_counter;
static int ctid;

/* a clone3 thread on its own stack: bumps the counter, exits; CLONE_CHILD_CLEARTID tells us */
static long clone3_thread(void)
{
    struct clone_args_v2 a = {0};
    a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
              CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    a.child_tid = (uint64_t)(uintptr_t)&ctid;
    a.stack = (uint64_t)(uintptr_t)stack;
    a.stack_size = sizeof stack;
    long r;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "lock incl shared_counter(%%rip)\n\t"
                     "mov $60, %%eax\n\t"
                     "xor %%edi, %%edi\n\t"
                     "syscall\n"
                     "1:\n"
                     : "=a"(r) : "a"(SYS_clone3), "D"(&a), "S"(sizeof a) : "rcx", "r11", "memory");
    return r;
}

static void *tid_thread(void *arg)
{
    long *out = arg;
    out[0] = syscall(SYS_gettid);
    out[1] = getpid();
    return NULL;
}

static volatile int got_usr1;
static volatile long target_tid;
static void *wait_usr1(void *arg)
{
    (void)arg;
    target_tid = syscall(SYS_gettid);
    while (!got_usr1) sched_yield();
    return NULL;
}

static void *exec_thread(void *arg)
{
    char *self = arg;
    char *argv[] = {self, "execd", NULL};
    execv(self, argv);
    _exit(3);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "noop") == 0) return 4;
    if (argc > 1 && strcmp(argv[1], "execd") == 0) {
        printf("after exec from a thread: gettid == getpid: %s\n", yesno(syscall(SYS_gettid) == getpid()));
        return 0;
    }
    show("clone(THREAD without SIGHAND)", try_clone(CLONE_VM | CLONE_THREAD));
    show("clone(SIGHAND without VM)", try_clone(CLONE_SIGHAND));
    show("clone(NEWNS|FS)", try_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD));
    show("clone(PIDFD|PARENT_SETTID)", try_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD));
    show("clone(THREAD|SIGHAND|VM|NEWUSER)", try_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER));

    struct clone_args_v2 a;
    unsigned char big[128];
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    show("clone3(size 0)", try_clone3(&a, 0));
    show("clone3(size 63)", try_clone3(&a, 63));
    show("clone3(size 8192)", try_clone3(&a, 8192));
    memset(big, 0, sizeof big);
    big[100] = 1;
    show("clone3(nonzero tail)", try_clone3((struct clone_args_v2 *)big, sizeof big));
    show("clone3(bad pointer)", try_clone3((struct clone_args_v2 *)8, 64));
    a.flags = CLONE_DETACHED;
    show("clone3(CLONE_DETACHED)", try_clone3(&a, sizeof a));
    a.flags = SIGCHLD;
    show("clone3(CSIGNAL bits in flags)", try_clone3(&a, sizeof a));
    a.flags = 0;
    a.exit_signal = 65;
    show("clone3(exit_signal 65)", try_clone3(&a, sizeof a));
    a.exit_signal = 0x1000;
    show("clone3(exit_signal > CSIGNAL)", try_clone3(&a, sizeof a));
    a.exit_signal = SIGCHLD;
    a.stack = (uint64_t)(uintptr_t)stack;
    show("clone3(stack without size)", try_clone3(&a, sizeof a));
    a.stack = 0;
    a.stack_size = 4096;
    show("clone3(size without stack)", try_clone3(&a, sizeof a));
    a.stack_size = 0;
    a.flags = CLONE_THREAD | CLONE_VM;
    show("clone3(THREAD without SIGHAND)", try_clone3(&a, sizeof a));
    a.flags = 1ULL << 40;
    show("clone3(unknown high flag)", try_clone3(&a, sizeof a));
    a.flags = 0;
    a.set_tid_size = 1;
    show("clone3(set_tid_size without set_tid)", try_clone3(&a, sizeof a));

    /* a clone3 fork with the v0 struct size (64 bytes) */
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    long pid = try_clone3(&a, 64);
    int st = 0;
    printf("clone3 fork: %s, reaped %s, status %d\n", pid > 0 ? "ok" : "failed", yesno(waitpid((pid_t)pid, &st, 0) == pid), WEXITSTATUS(st));

    /* a raw clone3 thread */
    ctid = -1;
    long tid = clone3_thread();
    printf("clone3 thread: %s\n", tid > 0 ? "ok" : "failed");
    while (__atomic_load_n(&ctid, __ATOMIC_SEQ_CST) != 0) syscall(SYS_futex, &ctid, 0, __atomic_load_n(&ctid, __ATOMIC_SEQ_CST), NULL, NULL, 0);
    printf("clone3 thread ran: counter %d\n", shared_counter);

    /* a process sharing memory (CLONE_VM, not a thread): its write is ours */
    shared_counter = 0;
    pid = try_clone(0); /* keep the helper simple: plain fork via clone(0) with no signal */
    if (pid > 0) waitpid((pid_t)pid, NULL, __WALL);
    static char stk2[65536] __attribute__((aligned(16)));
    long vmpid;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\tlock incl shared_counter(%%rip)\n\tmov $60, %%eax\n\tmov $7, %%edi\n\tsyscall\n1:\n"
                     : "=a"(vmpid) : "a"(SYS_clone), "D"(CLONE_VM | SIGCHLD), "S"(stk2 + sizeof stk2), "d"(0) : "rcx", "r11", "memory");
    st = 0;
    waitpid((pid_t)vmpid, &st, 0);
    printf("CLONE_VM process: status %d, its write seen: %s\n", WEXITSTATUS(st), yesno(shared_counter == 1));

    /* CLONE_FILES process: the descriptor it opens is ours */
    long fpid;
    __asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\tmov $32, %%eax\n\tmov $1, %%edi\n\tsyscall\n\tmov %%eax, %%edi\n\tmov $60, %%eax\n\tsyscall\n1:\n"
                     : "=a"(fpid) : "a"(SYS_clone), "D"(CLONE_FILES | SIGCHLD), "S"(0), "d"(0) : "rcx", "r11", "memory");
    st = 0;
    waitpid((pid_t)fpid, &st, 0);
    int fd = WEXITSTATUS(st);
    printf("CLONE_FILES process dup(1) gave fd %d, open here: %s\n", fd, yesno(fcntl(fd, F_GETFD) >= 0));
    close(fd);

    /* a CLONE_FILES process that execs gets its own table first: our close-on-exec fd stays open */
    int cfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    long xpid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
    if (xpid == 0) {
        char *xargv[] = {"/proc/self/exe", "noop", NULL};
        execv(xargv[0], xargv);
        _exit(3);
    }
    st = 0;
    waitpid((pid_t)xpid, &st, 0);
    printf("CLONE_FILES child exec'd (status %d), our O_CLOEXEC fd still open: %s\n", WEXITSTATUS(st), yesno(fcntl(cfd, F_GETFD) >= 0));
    close(cfd);

    /* threads: distinct tids, same pid */
    long ids[2];
    pthread_t th;
    pthread_create(&th, NULL, tid_thread, ids);
    pthread_join(th, NULL);
    printf("thread: tid != pid: %s, getpid same: %s\n", yesno(ids[0] != getpid()), yesno(ids[1] == getpid()));

    /* tgkill to a live thread (signal 0: the check only), then to the same tid once it is gone */
    pthread_create(&th, NULL, wait_usr1, NULL);
    while (!target_tid) sched_yield();
    show("tgkill(pid, thread, 0)", RAW(SYS_tgkill, getpid(), target_tid, 0));
    show("tkill(thread, 0)", RAW(SYS_tkill, target_tid, 0));
    got_usr1 = 1;
    pthread_join(th, NULL);
    /* pthread_join returns when the kernel clears the tid word, which Linux does a moment before
       the thread is gone: wait (at most ~1 s) until it really is. */
    for (int i = 0; i < 1000 && syscall(SYS_tgkill, getpid(), target_tid, 0) == 0; i++) usleep(1000);
    show("tgkill(pid, gone thread)", RAW(SYS_tgkill, getpid(), target_tid, 0));
    show("tgkill(other pid, main)", RAW(SYS_tgkill, getpid() + 100000, getpid(), 0));
    show("tkill(self, 0)", RAW(SYS_tkill, syscall(SYS_gettid), 0));

    /* execve from a non-leader thread: the new image runs with the pid as its tid */
    fflush(stdout);
    pthread_create(&th, NULL, exec_thread, "/proc/self/exe");
    pthread_join(th, NULL);
    printf("not reached\n");
    return 1;
}
