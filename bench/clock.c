/* clock_gettime(CLOCK_MONOTONIC) N times, through the vDSO (libc's clock_gettime) or through the
 * gate (syscall(SYS_clock_gettime), which no libc sends to the vDSO). Prints the time of the loop.
 *   clock N vdso|syscall */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], 0, 10) : 1000000;
    int viaSyscall = argc > 2 && strcmp(argv[2], "syscall") == 0;
    struct timespec ts;
    long back = 0, prev = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (viaSyscall) syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
        else clock_gettime(CLOCK_MONOTONIC, &ts);
        long x = ts.tv_sec * 1000000000L + ts.tv_nsec;
        if (x < prev) back++;
        prev = x;
    }
    uint64_t t1 = now_ns();
    printf("clock %s\nns %llu\ncalls %ld\n", back == 0 ? "ok" : "went backwards", (unsigned long long)(t1 - t0), n);
    return 0;
}
