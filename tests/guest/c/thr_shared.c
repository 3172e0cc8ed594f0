/* Futexes between processes: a word in MAP_SHARED anonymous memory inherited over fork, and in a
 * MAP_SHARED file mapping; a parent and child hand a token back and forth through FUTEX_WAIT and
 * FUTEX_WAKE (shared, not private, futexes). A private futex in the same page does not cross. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/wait.h>
#include <sched.h>

static long fx(int *uaddr, int op, int val, void *ts)
{
    return RAW(SYS_futex, (long)uaddr, op, val, (long)ts, 0, 0);
}

/* Wait until *w == want, sleeping in the kernel meanwhile. */
static void wait_for(int *w, int want)
{
    for (;;) {
        int v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
        if (v == want) return;
        fx(w, 0 /* FUTEX_WAIT */, v, NULL);
    }
}

static void set_and_wake(int *w, int v)
{
    __atomic_store_n(w, v, __ATOMIC_SEQ_CST);
    fx(w, 1 /* FUTEX_WAKE */, 1, NULL);
}

static void ping_pong(const char *name, int *w)
{
    *w = 0;
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 20; i++) {
            wait_for(w, 2 * i + 1);
            set_and_wake(w, 2 * i + 2);
        }
        _exit(0);
    }
    for (int i = 0; i < 20; i++) {
        set_and_wake(w, 2 * i + 1);
        wait_for(w, 2 * i + 2);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("%s: 20 round trips, token %d, child status %d\n", name, *w, WEXITSTATUS(st));
}

int main(void)
{
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ping_pong("MAP_SHARED|MAP_ANONYMOUS", anon);

    int fd = open("futex.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
    ftruncate(fd, 8192);
    int *filemap = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ping_pong("MAP_SHARED file", filemap + 1024 + 3);

    /* a child waiting with a private futex op in shared memory is not woken by a shared wake from
     * the parent: it times out */
    anon[10] = 0;
    anon[11] = 0;
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        __atomic_store_n(&anon[11], 1, __ATOMIC_SEQ_CST);
        long r = fx(&anon[10], 128 /* FUTEX_WAIT_PRIVATE */, 0, &ts);
        _exit(r == -ETIMEDOUT ? 0 : r == 0 ? 1 : 2);
    }
    while (__atomic_load_n(&anon[11], __ATOMIC_SEQ_CST) == 0) sched_yield();
    for (int i = 0; i < 50; i++) sched_yield();
    long woke = fx(&anon[10], 1, 1, NULL);
    int st;
    waitpid(pid, &st, 0);
    printf("private wait vs shared wake across processes: woke %ld, child %s\n", woke,
           WEXITSTATUS(st) == 0 ? "timed out" : "was woken");
    munmap(filemap, 8192);
    close(fd);
    unlink("futex.bin");
    return 0;
}
