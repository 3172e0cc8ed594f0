/* Threads: a worker pool (mutex + condition variables + join), __thread variables, detached
 * threads, a barrier, and values returned through pthread_join / pthread_exit. */
#include "guest.h"
#include <pthread.h>

#define WORKERS 4
#define JOBS 300

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t have_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static int queue[JOBS];
static int head, tail, finished, stopping;
static long results[JOBS];
static __thread long tls_count = 0;
static __thread int tls_init = 42;

static long work(int n)
{
    long s = 0;
    for (int i = 1; i <= n * 2; i++) s += (long)i * i % 97;
    return s;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    if (tls_init != 42) return (void *)-1;
    tls_init = (int)id;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (head == tail && !stopping) pthread_cond_wait(&have_work, &lock);
        if (head == tail && stopping) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int job = queue[head++];
        pthread_mutex_unlock(&lock);
        long r = work(job);
        tls_count++;
        pthread_mutex_lock(&lock);
        results[job] = r;
        if (++finished == JOBS) pthread_cond_signal(&all_done);
        pthread_mutex_unlock(&lock);
    }
    /* each thread saw its own tls_init */
    return (void *)(tls_init == (int)id ? tls_count : -1);
}

static pthread_barrier_t barrier;
static int arrived;
static int order_ok = 1;

static void *barrier_thread(void *arg)
{
    (void)arg;
    __sync_fetch_and_add(&arrived, 1);
    int r = pthread_barrier_wait(&barrier);
    if (__sync_fetch_and_add(&arrived, 0) != 4) order_ok = 0;
    return (void *)(long)(r == PTHREAD_BARRIER_SERIAL_THREAD);
}

static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dcond = PTHREAD_COND_INITIALIZER;
static int detached_done;

static void *detached(void *arg)
{
    pthread_mutex_lock(&dlock);
    detached_done = (int)(long)arg;
    pthread_cond_signal(&dcond);
    pthread_mutex_unlock(&dlock);
    return NULL;
}

static void *exits_early(void *arg)
{
    pthread_exit((void *)((long)arg * 3));
    return NULL;
}

int main(void)
{
    pthread_t th[WORKERS];
    for (long i = 0; i < WORKERS; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    for (int j = 0; j < JOBS; j++) {
        pthread_mutex_lock(&lock);
        queue[tail++] = j;
        pthread_cond_signal(&have_work);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    while (finished < JOBS) pthread_cond_wait(&all_done, &lock);
    stopping = 1;
    pthread_cond_broadcast(&have_work);
    pthread_mutex_unlock(&lock);
    long total_jobs = 0;
    int bad = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        if ((long)ret < 0) bad++;
        else total_jobs += (long)ret;
    }
    long sum = 0;
    for (int j = 0; j < JOBS; j++) sum += results[j];
    printf("pool: jobs=%ld sum=%ld bad=%d main tls=%d\n", total_jobs, sum, bad, tls_init);

    pthread_barrier_init(&barrier, NULL, 4);
    pthread_t b[3];
    for (int i = 0; i < 3; i++) pthread_create(&b[i], NULL, barrier_thread, NULL);
    __sync_fetch_and_add(&arrived, 1);
    int serial = pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD;
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(b[i], &r);
        serial += (int)(long)r;
    }
    printf("barrier: serial threads=%d all arrived first=%s\n", serial, yesno(order_ok));
    pthread_barrier_destroy(&barrier);

    pthread_t d;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&d, &attr, detached, (void *)7L);
    pthread_mutex_lock(&dlock);
    while (!detached_done) pthread_cond_wait(&dcond, &dlock);
    pthread_mutex_unlock(&dlock);
    printf("detached thread ran: %d\n", detached_done);
    pthread_t d2;
    pthread_create(&d2, NULL, detached, (void *)9L);
    printf("pthread_detach: %d\n", pthread_detach(d2));

    long codes = 0;
    for (long i = 1; i <= 5; i++) {
        pthread_t e;
        void *r;
        pthread_create(&e, NULL, exits_early, (void *)i);
        pthread_join(e, &r);
        codes += (long)r;
    }
    printf("pthread_exit values: %ld\n", codes);
    printf("gettid in main == getpid: %s\n", yesno(syscall(SYS_gettid) == getpid()));
    return 0;
}
