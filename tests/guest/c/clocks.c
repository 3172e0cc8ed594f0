/* clock_gettime(2), gettimeofday(2), time(2), clock_getres(2). */
#include "guest.h"
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    struct timespec a, b, r;
    clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW,
                       CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE};
    const char *names[] = {"REALTIME", "MONOTONIC", "BOOTTIME", "MONOTONIC_RAW", "PROCESS_CPUTIME", "THREAD_CPUTIME",
                           "REALTIME_COARSE", "MONOTONIC_COARSE"};
    for (int i = 0; i < 8; i++) {
        int ok1 = clock_gettime(ids[i], &a);
        volatile int spin = 0;
        for (int k = 0; k < 10000; k++) spin += k;
        int ok2 = clock_gettime(ids[i], &b);
        int okr = clock_getres(ids[i], &r);
        printf("%s: ok=%s nondecreasing=%s nsec<1e9=%s res>0=%s\n", names[i], yesno(ok1 == 0 && ok2 == 0),
               yesno(ns(b) >= ns(a)), yesno(a.tv_nsec >= 0 && a.tv_nsec < 1000000000), yesno(okr == 0 && ns(r) > 0));
    }
    clock_gettime(CLOCK_REALTIME, &a);
    struct timeval tv;
    T(gettimeofday(&tv, NULL));
    time_t t = time(NULL);
    printf("realtime after 2020: %s\n", yesno(a.tv_sec > 1577836800));
    printf("gettimeofday within 2s of realtime: %s\n", yesno(tv.tv_sec - a.tv_sec <= 2 && tv.tv_sec >= a.tv_sec));
    printf("time within 2s: %s usec<1e6: %s\n", yesno(t - a.tv_sec <= 2 && t >= a.tv_sec), yesno(tv.tv_usec < 1000000));
    long raw = syscall(SYS_time, NULL);
    printf("raw time agrees: %s\n", yesno(raw - t <= 2 && raw >= t));
    T(clock_gettime(12345, &a));                          /* EINVAL */
    T(clock_getres(12345, &a));                           /* EINVAL */
    R("clock_gettime(BADPTR)", SYS_clock_gettime, CLOCK_MONOTONIC, (long)BADPTR);
    R("gettimeofday(BADPTR)", SYS_gettimeofday, (long)BADPTR, 0);
    R("clock_getres(NULL)", SYS_clock_getres, CLOCK_MONOTONIC, 0);
    /* Monotonic over many reads. */
    long long prev = 0;
    int back = 0;
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (ns(a) < prev) back++;
        prev = ns(a);
    }
    printf("monotonic went backwards: %d times\n", back);
    return 0;
}
