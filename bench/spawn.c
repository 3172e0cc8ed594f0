/* Process creation: N times fork, execve a static hello in the child (stdout to /dev/null), and
 * waitpid for it in the parent. Timed with CLOCK_MONOTONIC; prints the time for all N. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: spawn N PROGRAM\n"); return 2; }
    long n = strtol(argv[1], 0, 10);
    long ok = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            dup2(fd, 1);
            char *av[] = { argv[2], 0 };
            execv(argv[2], av);
            _exit(127);
        }
        int st;
        if (waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0) ok++;
    }
    uint64_t t1 = now_ns();
    printf("spawned %ld of %ld\nns %llu\n", ok, n, (unsigned long long)(t1 - t0));
    return ok == n ? 0 : 1;
}
