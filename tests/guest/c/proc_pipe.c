/* A pipe between parent and child, both directions, plus EOF when all writers are gone. */
#include "guest.h"
#include <sys/wait.h>

int main(void)
{
    int down[2], up[2];
    if (pipe(down) || pipe(up)) return 1;
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        close(down[1]);
        close(up[0]);
        char buf[256];
        long total = 0;
        ssize_t n;
        unsigned sum = 0;
        while ((n = read(down[0], buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
            total += n;
        }
        char msg[100];
        int len = snprintf(msg, sizeof msg, "child read %ld bytes, hash %08x", total, sum);
        write(up[1], msg, len);
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    char chunk[1000];
    for (int i = 0; i < 300; i++) {
        for (int j = 0; j < (int)sizeof chunk; j++) chunk[j] = (char)(i * 7 + j);
        if (write(down[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) { printf("short write\n"); break; }
    }
    close(down[1]);
    char reply[128];
    ssize_t n = read(up[0], reply, sizeof reply - 1);
    reply[n > 0 ? n : 0] = 0;
    printf("parent got: %s\n", reply);
    n = read(up[0], reply, sizeof reply);
    printf("then eof: %d\n", (int)n);
    int st;
    waitpid(c, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));

    /* Child writes into stdout through an inherited descriptor, parent orders the output by waiting. */
    fflush(stdout);
    if (fork() == 0) {
        const char m[] = "child writes to shared stdout\n";
        write(1, m, sizeof m - 1);
        _exit(0);
    }
    wait(NULL);
    printf("parent after child\n");
    return 0;
}
