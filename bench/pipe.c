/* Pipe throughput: a child writes MIB MiB into a pipe in 64 KiB writes, the parent reads it all.
 * Timed with CLOCK_MONOTONIC from before fork to after waitpid; prints the bytes and a checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static unsigned char buf[65536];

int main(int argc, char **argv) {
    long mib = argc > 1 ? strtol(argv[1], 0, 10) : 256;
    long long total = (long long)mib << 20;
    int fds[2];
    if (pipe(fds) < 0) { perror("pipe"); return 1; }
    uint64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7);
        for (long long left = total; left > 0;) {
            ssize_t w = write(fds[1], buf, left < (long long)sizeof buf ? (size_t)left : sizeof buf);
            if (w <= 0) _exit(1);
            left -= w;
        }
        _exit(0);
    }
    close(fds[1]);
    long long got = 0;
    unsigned long sum = 0;
    for (;;) {
        ssize_t r = read(fds[0], buf, sizeof buf);
        if (r <= 0) break;
        got += r;
        sum += buf[0] + buf[r - 1];
    }
    int st;
    waitpid(pid, &st, 0);
    uint64_t t1 = now_ns();
    printf("bytes %lld checksum %lu\nns %llu\n", got, sum, (unsigned long long)(t1 - t0));
    return got == total && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
