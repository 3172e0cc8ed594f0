/*
 * Clocks over time: a sleep moves every clock but the CPU-time ones, a busy loop moves the CPU-time
 * clocks, the clock of another process (clock_getcpuclockid) can be read, bad ids fail.
 * With the argument "raw" it prints the times themselves: the determinism test runs it twice under
 * `--clock=deterministic` and expects the same bytes (not a differential case then).
 */
#include "guest.h"
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <x86intrin.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }
static long long now(clockid_t id)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return -1;
    return ns(t);
}
static volatile unsigned long sink;
static void busy(int n)
{
    for (int i = 0; i < n; i++) sink += (unsigned long)i * 7;
}

static void raw(const char *label)
{
    struct timespec t;
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW,
                                    CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    printf("%s:", label);
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        clock_gettime(ids[i], &t);
        printf(" %lld.%09ld", (long long)t.tv_sec, t.tv_nsec);
    }
    struct timeval tv;
    gettimeofday(&tv, NULL);
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
    printf(" tod=%lld.%06ld time=%lld sys=%lld.%09ld tsc=%llu\n", (long long)tv.tv_sec, (long)tv.tv_usec,
           (long long)time(NULL), (long long)t.tv_sec, t.tv_nsec, (unsigned long long)__rdtsc());
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "raw") == 0) {
        raw("start");
        busy(200000);
        raw("busy");
        struct timespec d = {0, 25000000};
        nanosleep(&d, NULL);
        raw("slept");
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) {
            busy(100000);
            raw("child");
            _exit(0);
        }
        waitpid(c, NULL, 0);
        raw("reaped");
        return 0;
    }

    long long m0 = now(CLOCK_MONOTONIC), r0 = now(CLOCK_REALTIME), p0 = now(CLOCK_PROCESS_CPUTIME_ID);
    struct timespec d = {0, 30000000};
    T(nanosleep(&d, NULL));
    /* CPU time first: [p0, p1] lies inside [m0, m1], so it cannot exceed it. */
    long long p1 = now(CLOCK_PROCESS_CPUTIME_ID), t1 = now(CLOCK_THREAD_CPUTIME_ID);
    long long m1 = now(CLOCK_MONOTONIC), r1 = now(CLOCK_REALTIME), b1 = now(CLOCK_BOOTTIME);
    printf("sleep 30ms: monotonic +>=30ms: %s realtime +>=29ms: %s boottime >= monotonic-1s: %s\n",
           yesno(m1 - m0 >= 30000000), yesno(r1 - r0 >= 29000000), yesno(b1 >= m1 - 1000000000LL));
    busy(3000000);
    long long p2 = now(CLOCK_PROCESS_CPUTIME_ID), t2 = now(CLOCK_THREAD_CPUTIME_ID);
    printf("cpu clocks: a sleep is not CPU time: %s busy loop advances: %s %s\n", yesno(p1 - p0 < m1 - m0),
           yesno(p2 > p1), yesno(t2 > t1));

    /* The CPU clock of a process by pid (clock_getcpuclockid), and of a child. */
    clockid_t cid;
    T(clock_getcpuclockid(0, &cid));
    struct timespec t;
    printf("own pid cpu clock readable: %s\n", yesno(clock_gettime(cid, &t) == 0 && ns(t) > 0));
    pid_t c = fork();
    if (c == 0) {
        struct timespec s = {5, 0};
        nanosleep(&s, NULL);
        _exit(0);
    }
    clockid_t ccid;
    int e = clock_getcpuclockid(c, &ccid);
    printf("child cpu clock: %s readable: %s\n", err_name(e), yesno(e == 0 && clock_gettime(ccid, &t) == 0));
    kill(c, 9);
    waitpid(c, NULL, 0);
    e = clock_getcpuclockid(c, &ccid);
    printf("reaped child cpu clock: %s\n", err_name(e));

    /* Resolutions and bad ids. */
    struct timespec r;
    T(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &r));
    printf("cputime res: %ld\n", r.tv_nsec);
    T(clock_getres(CLOCK_MONOTONIC_RAW, &r));
    printf("raw res: %ld\n", r.tv_nsec);
    T(clock_gettime(-1, &t));
    T(clock_gettime(16, &t));
    T(clock_getres(100, &r));
    T(clock_gettime(CLOCK_REALTIME_ALARM, &t) == 0 || errno == EINVAL);
    return 0;
}
