/* nanosleep(2), clock_nanosleep(2). */
#include "guest.h"
#include <time.h>

static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    struct timespec req = {0, 10 * 1000 * 1000}, rem = {9, 9};
    long long t0 = now();
    T(nanosleep(&req, &rem));
    long long dt = now() - t0;
    printf("slept >= 10ms: %s, < 2s: %s\n", yesno(dt >= 10000000), yesno(dt < 2000000000));
    struct timespec bad = {0, 1000000000};
    T(nanosleep(&bad, NULL));                   /* EINVAL */
    struct timespec neg = {-1, 0};
    T(nanosleep(&neg, NULL));                   /* EINVAL */
    struct timespec negn = {0, -1};
    T(nanosleep(&negn, NULL));                  /* EINVAL */
    struct timespec zero = {0, 0};
    T(nanosleep(&zero, NULL));
    R("nanosleep(BADPTR)", SYS_nanosleep, (long)BADPTR, 0);

    /* clock_nanosleep returns the error number instead of setting errno. */
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 5 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    t0 = now();
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    printf("clock_nanosleep abs rc=%d reached: %s\n", rc, yesno(now() >= abs.tv_sec * 1000000000LL + abs.tv_nsec));
    rc = clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL);
    printf("clock_nanosleep rel rc=%d\n", rc);
    struct timespec past = {1, 0};
    rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
    printf("clock_nanosleep past rc=%d\n", rc);
    rc = clock_nanosleep(9999, 0, &req, NULL);
    printf("clock_nanosleep bad clock rc=%s\n", err_name(rc));
    rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL);
    printf("clock_nanosleep bad nsec rc=%s\n", err_name(rc));
    rc = clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL);
    printf("clock_nanosleep thread cputime rc=%s\n", err_name(rc));
    T(usleep(1000));
    return 0;
}
