/*
 * pipe-stdin FILE PROG [ARGS...]
 *
 * Run PROG (execv, so it keeps this process's pid) with its stdin connected to a real pipe that
 * carries the bytes of FILE ("-" = nothing), like `cat FILE | PROG` in a shell. The differential
 * harness uses it for both sides so that every guest sees the same kind of stdin: Node.js would
 * otherwise hand the child a socketpair. The writer is a grandchild (double fork), so PROG has no
 * child processes of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void feed(const char *path, int out)
{
    if (strcmp(path, "-") == 0) return;
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) { fprintf(stderr, "pipe-stdin: %s: %s\n", path, strerror(errno)); return; }
    char buf[65536];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n <= 0) break;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) { if (errno == EINTR) continue; return; } /* reader gone: stop quietly */
            off += w;
        }
    }
    close(in);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pipe-stdin FILE|- PROG [ARGS...]\n");
        return 2;
    }
    int p[2];
    if (pipe(p) != 0) { perror("pipe-stdin: pipe"); return 126; }
    /* With SIGCHLD ignored the intermediate child is reaped by the kernel, so its CPU time is
     * not added to ours (getrusage(RUSAGE_CHILDREN) and times() survive execve and must read 0
     * in PROG). wait() then just blocks until it is gone and fails with ECHILD. */
    signal(SIGCHLD, SIG_IGN);
    pid_t child = fork();
    if (child < 0) { perror("pipe-stdin: fork"); return 126; }
    if (child == 0) {
        signal(SIGCHLD, SIG_DFL);
        if (fork() == 0) {
            close(p[0]);
            signal(SIGPIPE, SIG_IGN);
            feed(argv[1], p[1]);
            _exit(0);
        }
        _exit(0);
    }
    while (wait(NULL) >= 0 || errno == EINTR) {}
    signal(SIGCHLD, SIG_DFL);
    close(p[1]);
    if (p[0] != 0) {
        dup2(p[0], 0);
        close(p[0]);
    }
    execv(argv[2], argv + 2);
    fprintf(stderr, "pipe-stdin: %s: %s\n", argv[2], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}
