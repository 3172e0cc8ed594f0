/* Syscall round trip: N raw getpid system calls (inline assembly, no libc wrapper), timed with
 * CLOCK_MONOTONIC. Prints the time per call. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], 0, 10) : 1000000;
    long pid = 0;
    uint64_t t0 = now_ns();
    __asm__ volatile(
        "1:\n\t"
        "mov $39, %%eax\n\t"   /* __NR_getpid */
        "syscall\n\t"
        "dec %1\n\t"
        "jnz 1b\n\t"
        : "=&a"(pid), "+r"(n)
        :
        : "rcx", "r11", "memory");
    uint64_t t1 = now_ns();
    long calls = argc > 1 ? strtol(argv[1], 0, 10) : 1000000;
    printf("getpid %s\nns %llu\ncalls %ld\n", pid > 0 ? "ok" : "failed", (unsigned long long)(t1 - t0), calls);
    return 0;
}
