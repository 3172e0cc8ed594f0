/* Raw futex(2): every operation sysgate implements, its errors, timeouts, and wake-ups between
 * threads made with raw clone (no libc threads: the waits and wakes are exactly the calls here). */
#include "guest.h"
/* <linux/futex.h> is not in musl's include path: the ABI's numbers. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_LOCK_PI_PRIVATE (FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))
#include <sched.h>
#include <sys/mman.h>
#include <time.h>

static long fx(void *uaddr, int op, int val, long timeout_or_val2, void *uaddr2, int val3)
{
    return RAW(SYS_futex, (long)uaddr, op, val, timeout_or_val2, (long)uaddr2, val3);
}

static void show(const char *what, long r)
{
    if (r < 0) printf("%s = -1 %s\n", what, err_name((int)-r));
    else printf("%s = %ld\n", what, r);
}

/* ---- raw threads: clone with a small stack; the child runs fn(arg) then exit(0) ---- */
static int child_tid_word;
static long thread_start(int (*fn)(void *), void *arg, char *stack, int *ctid)
{
    long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                 CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
    long r;
    register long r10 __asm__("r10") = (long)ctid;
    register long r8 __asm__("r8") = 0;
    register long r9 __asm__("r9") = (long)fn;
    register long r12 __asm__("r12") = (long)arg;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "mov %%r12, %%rdi\n\t"
        "call *%%r9\n\t"
        "mov %%eax, %%edi\n\t"
        "mov $60, %%eax\n\t"
        "syscall\n\t"
        "hlt\n"
        "1:\n"
        : "=a"(r)
        : "a"(SYS_clone), "D"(flags), "S"(stack), "d"(0), "r"(r10), "r"(r8), "r"(r9), "r"(r12)
        : "rcx", "r11", "memory");
    return r;
}

static void wait_thread(int *ctid)
{
    for (;;) {
        int v = __atomic_load_n(ctid, __ATOMIC_SEQ_CST);
        if (v == 0) return;
        fx(ctid, FUTEX_WAIT, v, 0, NULL, 0);
    }
}

static int word = 0, word2 = 0;
static int stage = 0;
static char stack1[65536] __attribute__((aligned(16)));
static char stack2[65536] __attribute__((aligned(16)));

static int waiter_fn(void *arg)
{
    int *w = arg;
    __atomic_store_n(&stage, 1, __ATOMIC_SEQ_CST);
    long r = fx(w, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
    /* woken: report after the main thread has printed its own line */
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 2) sched_yield();
    show("  waiter: FUTEX_WAIT returned", r);
    __atomic_store_n(&stage, 3, __ATOMIC_SEQ_CST);
    return 0;
}

static int bitset_fn(void *arg)
{
    (void)arg;
    __atomic_store_n(&stage, 1, __ATOMIC_SEQ_CST);
    long r = fx(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, NULL, 0x2);
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 2) sched_yield();
    show("  waiter: FUTEX_WAIT_BITSET(0x2) returned", r);
    return 0;
}

static int requeue_fn(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&stage, 1, __ATOMIC_SEQ_CST);
    fx(&word, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
    return 0;
}

static void wait_sleeping(int tid)
{
    /* Until the thread sleeps in futex_wait (state S in /proc is not portable to musl here):
     * yield a while after it said it is about to wait. */
    (void)tid;
    for (int i = 0; i < 200; i++) sched_yield();
}

int main(void)
{
    struct timespec ts = {0, 20 * 1000 * 1000};
    struct timespec bad_ts = {0, 1000000000};
    struct timespec neg_ts = {-1, 0};

    /* value differs: EAGAIN */
    word = 1;
    show("FUTEX_WAIT(val differs)", fx(&word, FUTEX_WAIT, 0, 0, NULL, 0));
    show("FUTEX_WAIT_PRIVATE(val differs)", fx(&word, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0));
    word = 0;
    show("FUTEX_WAIT(20ms timeout)", fx(&word, FUTEX_WAIT, 0, (long)&ts, NULL, 0));
    show("FUTEX_WAIT(bad nsec)", fx(&word, FUTEX_WAIT, 0, (long)&bad_ts, NULL, 0));
    show("FUTEX_WAIT(negative sec)", fx(&word, FUTEX_WAIT, 0, (long)&neg_ts, NULL, 0));
    show("FUTEX_WAIT(timeout EFAULT)", fx(&word, FUTEX_WAIT, 0, 8, NULL, 0));
    show("FUTEX_WAIT(unaligned)", fx((char *)&word + 1, FUTEX_WAIT, 0, 0, NULL, 0));
    show("FUTEX_WAIT(NULL)", fx(NULL, FUTEX_WAIT, 0, 0, NULL, 0));
    show("FUTEX_WAIT_PRIVATE(bad addr)", fx(BADPTR - 1 + 4096, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0));
    show("FUTEX_WAKE(nobody)", fx(&word, FUTEX_WAKE, 1, 0, NULL, 0));
    show("FUTEX_WAKE_PRIVATE(unaligned)", fx((char *)&word + 2, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
    show("FUTEX_WAKE(unmapped, shared)", fx((void *)4096, FUTEX_WAKE, 1, 0, NULL, 0));
    show("FUTEX_WAKE_PRIVATE(unmapped)", fx((void *)4096, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
    show("FUTEX_WAIT_BITSET(bitset 0)", fx(&word, FUTEX_WAIT_BITSET, 0, 0, NULL, 0));
    show("FUTEX_WAKE_BITSET(bitset 0)", fx(&word, FUTEX_WAKE_BITSET, 1, 0, NULL, 0));
    show("op 99", fx(&word, 99, 0, 0, NULL, 0));
    show("FUTEX_FD", fx(&word, FUTEX_FD, 0, 0, NULL, 0));
    show("FUTEX_WAIT|CLOCK_REALTIME", fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, (long)&ts, NULL, 0));
    show("FUTEX_WAKE|CLOCK_REALTIME", fx(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, NULL, 0));

    /* absolute timeouts for WAIT_BITSET: monotonic and realtime, 20 ms ahead; and one in the past */
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    show("FUTEX_WAIT_BITSET(abs monotonic)", fx(&word, FUTEX_WAIT_BITSET, 0, (long)&abs, NULL, -1));
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    show("FUTEX_WAIT_BITSET|CLOCK_REALTIME(abs)", fx(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, (long)&abs, NULL, -1));
    struct timespec past = {1, 0};
    show("FUTEX_WAIT_BITSET(abs in the past)", fx(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, (long)&past, NULL, -1));
    show("FUTEX_WAIT_BITSET(past, val differs)", fx(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, (long)&past, NULL, -1));

    /* WAKE_OP without waiters: the operation still happens */
    word = 0; word2 = 5;
    int op_add = FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 4);
    show("FUTEX_WAKE_OP(add 3, cmp >4)", fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word2, op_add));
    printf("  word2 now %d\n", word2);
    int op_shift = FUTEX_OP(FUTEX_OP_OR, 4, FUTEX_OP_CMP_EQ, 0) | (FUTEX_OP_OPARG_SHIFT << 28);
    show("FUTEX_WAKE_OP(or 1<<4)", fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word2, op_shift));
    printf("  word2 now %d\n", word2);
    show("FUTEX_WAKE_OP(op 7)", fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word2, (7 << 28)));
    show("FUTEX_WAKE_OP(unaligned 2)", fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, 1, (char *)&word2 + 1, op_add));
    show("FUTEX_CMP_REQUEUE(val differs)", fx(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &word2, 77));
    show("FUTEX_CMP_REQUEUE(negative count)", fx(&word, FUTEX_CMP_REQUEUE_PRIVATE, -1, 1, &word2, 0));
    show("FUTEX_REQUEUE(nobody)", fx(&word, FUTEX_REQUEUE_PRIVATE, 1, 1, &word2, 0));

    /* a thread waits; main wakes it */
    word = 0;
    stage = 0;
    child_tid_word = 0;
    long tid = thread_start(waiter_fn, &word, stack1 + sizeof stack1, &child_tid_word);
    printf("clone thread: %s\n", tid > 0 ? "ok" : "failed");
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 1) sched_yield();
    wait_sleeping((int)tid);
    show("FUTEX_WAKE_PRIVATE(one waiter)", fx(&word, FUTEX_WAKE_PRIVATE, 5, 0, NULL, 0));
    __atomic_store_n(&stage, 2, __ATOMIC_SEQ_CST);
    wait_thread(&child_tid_word);
    printf("joined through CLONE_CHILD_CLEARTID: tid word %d\n", child_tid_word);

    /* bitsets: a wake with a disjoint bitset wakes nobody */
    word = 0;
    stage = 0;
    child_tid_word = 0;
    thread_start(bitset_fn, NULL, stack1 + sizeof stack1, &child_tid_word);
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 1) sched_yield();
    wait_sleeping(0);
    show("FUTEX_WAKE_BITSET(0x1)", fx(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, NULL, 0x1));
    show("FUTEX_WAKE_BITSET(0x6)", fx(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, NULL, 0x6));
    __atomic_store_n(&stage, 2, __ATOMIC_SEQ_CST);
    wait_thread(&child_tid_word);

    /* two waiters on word: CMP_REQUEUE wakes one and moves one to word2; WAKE word2 wakes it */
    static int tid1, tid2;
    word = 0; word2 = 0;
    stage = 0;
    thread_start(requeue_fn, NULL, stack1 + sizeof stack1, &tid1);
    thread_start(requeue_fn, NULL, stack2 + sizeof stack2, &tid2);
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 2) sched_yield();
    wait_sleeping(0);
    show("FUTEX_CMP_REQUEUE(wake 1, move 1)", fx(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &word2, 0));
    show("FUTEX_WAKE(word, nobody left)", fx(&word, FUTEX_WAKE_PRIVATE, 10, 0, NULL, 0));
    show("FUTEX_WAKE(word2, the moved one)", fx(&word2, FUTEX_WAKE_PRIVATE, 10, 0, NULL, 0));
    wait_thread(&tid1);
    wait_thread(&tid2);

    /* two waiters again: WAKE_OP wakes one on word, and (cmp true) one moved... here both on word */
    stage = 0;
    word = 0; word2 = 0;
    thread_start(requeue_fn, NULL, stack1 + sizeof stack1, &tid1);
    thread_start(requeue_fn, NULL, stack2 + sizeof stack2, &tid2);
    while (__atomic_load_n(&stage, __ATOMIC_SEQ_CST) < 2) sched_yield();
    wait_sleeping(0);
    show("FUTEX_WAKE_OP(wake 1 + cmp true on word2)", fx(&word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word2, FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)));
    show("FUTEX_REQUEUE(wake 0 -> 1, move rest)", fx(&word, FUTEX_REQUEUE_PRIVATE, 0, 10, &word2, 0));
    show("FUTEX_WAKE(word2)", fx(&word2, FUTEX_WAKE_PRIVATE, 10, 0, NULL, 0));
    wait_thread(&tid1);
    wait_thread(&tid2);
    printf("done\n");
    return 0;
}
