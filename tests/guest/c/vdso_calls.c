/*
 * Time through libc, 1,000 times per call: clock_gettime, gettimeofday and time never go back,
 * and each agrees with its system call (syscall(SYS_...), which no libc routes to the vDSO) within
 * 500 ms (a loaded host may stall the machine between two calls; a wrong base or unit would be off
 * by far more). The libc takes the vDSO when AT_SYSINFO_EHDR is there, so `strace` shows none of these
 * calls except the explicit syscall() ones.
 */
#include "guest.h"
#include <sched.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

#define N 1000
static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

static void run_clock(const char *name, clockid_t id)
{
    struct timespec t;
    long long prev = 0;
    int back = 0, bad = 0;
    for (int i = 0; i < N; i++) {
        if (clock_gettime(id, &t) != 0) bad++;
        if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000) bad++;
        if (ns(t) < prev) back++;
        prev = ns(t);
    }
    struct timespec s;
    syscall(SYS_clock_gettime, id, &s);
    long long d = ns(s) - prev;
    printf("%s: %d calls, backwards=%d bad=%d syscall agrees=%s\n", name, N, back, bad, yesno(d >= 0 && d < 500000000LL));
}

int main(void)
{
    printf("vdso present: %s\n", yesno(getauxval(AT_SYSINFO_EHDR) != 0));
    run_clock("CLOCK_REALTIME", CLOCK_REALTIME);
    run_clock("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
    run_clock("CLOCK_BOOTTIME", CLOCK_BOOTTIME);

    struct timeval tv;
    long long prev = 0;
    int back = 0, bad = 0;
    for (int i = 0; i < N; i++) {
        if (gettimeofday(&tv, NULL) != 0) bad++;
        if (tv.tv_usec < 0 || tv.tv_usec >= 1000000) bad++;
        long long us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
        if (us < prev) back++;
        prev = us;
    }
    struct timeval sv;
    syscall(SYS_gettimeofday, &sv, NULL);
    long long d = (long long)sv.tv_sec * 1000000 + sv.tv_usec - prev;
    printf("gettimeofday: %d calls, backwards=%d bad=%d syscall agrees=%s\n", N, back, bad, yesno(d >= 0 && d < 500000));

    time_t pt = 0;
    back = 0;
    for (int i = 0; i < N; i++) {
        time_t t = time(NULL);
        if (t < pt) back++;
        pt = t;
    }
    long st = syscall(SYS_time, NULL);
    printf("time: %d calls, backwards=%d syscall agrees=%s\n", N, back, yesno(st - pt >= 0 && st - pt <= 1));

    /* The clocks agree with each other: realtime from clock_gettime and gettimeofday. */
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    gettimeofday(&tv, NULL);
    long long dd = (long long)tv.tv_sec * 1000000 + tv.tv_usec - ((long long)rt.tv_sec * 1000000 + rt.tv_nsec / 1000);
    printf("gettimeofday after clock_gettime: %s\n", yesno(dd >= -1 && dd < 500000));
    int cpu = sched_getcpu();
    printf("sched_getcpu: %s\n", yesno(cpu >= 0));
    return 0;
}
