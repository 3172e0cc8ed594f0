/* Robust mutexes: a thread, or a whole process, that dies holding one leaves it for the next
 * locker with EOWNERDEAD (the kernel walks the dead thread's robust list). */
#include "guest.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

static pthread_mutex_t m;

static void *take_and_leave(void *arg)
{
    pthread_mutex_t *mx = arg;
    pthread_mutex_lock(mx);
    return NULL; /* exits holding it */
}

static void *take_and_raw_exit(void *arg)
{
    pthread_mutex_t *mx = arg;
    pthread_mutex_lock(mx);
    syscall(SYS_exit, 0); /* no libc clean-up at all: only the kernel's robust list walk */
    return NULL;
}

static void robust_init(pthread_mutex_t *mx, int pshared)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (pshared) pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(mx, &a);
    pthread_mutexattr_destroy(&a);
}

static void check(const char *what, pthread_mutex_t *mx)
{
    int r = pthread_mutex_lock(mx);
    printf("%s: lock -> %s\n", what, r == EOWNERDEAD ? "EOWNERDEAD" : r == 0 ? "0" : err_name(r));
    if (r == EOWNERDEAD) printf("  consistent -> %d\n", pthread_mutex_consistent(mx));
    printf("  unlock -> %d\n", pthread_mutex_unlock(mx));
}

int main(void)
{
    pthread_t t;
    robust_init(&m, 0);
    pthread_create(&t, NULL, take_and_leave, &m);
    pthread_join(t, NULL);
    check("thread returned holding it", &m);

#ifdef __GLIBC__
    /* (musl's pthread_join waits for its own pthread_exit bookkeeping, so a raw exit(2) would
     * leave it waiting forever, natively too) */
    pthread_create(&t, NULL, take_and_raw_exit, &m);
    pthread_join(t, NULL);
    check("thread exit(2) holding it", &m);
#endif

    pthread_mutex_t *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    robust_init(sh, 1);
    pid_t c = fork();
    if (c == 0) {
        pthread_mutex_lock(sh);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    check("process _exit holding a shared one", sh);
    return 0;
}
