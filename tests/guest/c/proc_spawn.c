/* posix_spawn (CLONE_VM|CLONE_VFORK in libc) and vfork's shared memory. */
#include "guest.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int main(void)
{
    pid_t p;
    char *a[] = {"/bin/busybox", "echo", "spawned", NULL};
    fflush(stdout);
    int r = posix_spawn(&p, a[0], NULL, NULL, a, environ);
    int st = 0;
    if (r == 0) waitpid(p, &st, 0);
    printf("spawn busybox: %d, status %d\n", r, WEXITSTATUS(st));

    char *b[] = {"/nonexistent/prog", NULL};
    r = posix_spawn(&p, b[0], NULL, NULL, b, environ);
    printf("spawn missing: %s\n", err_name(r));

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char *c[] = {"/bin/busybox", "echo", "into a file", NULL};
    r = posix_spawn(&p, c[0], &fa, NULL, c, environ);
    if (r == 0) waitpid(p, &st, 0);
    char buf[64] = {0};
    int fd = open("out.txt", O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    printf("file actions: %d, file has: %s", r, buf);

    volatile int shared = 1;
    fflush(stdout);
    pid_t v = vfork();
    if (v == 0) {
        shared = 2;
        _exit(0);
    }
    waitpid(v, NULL, 0);
    printf("vfork child's write seen by parent: %d\n", shared);
    return 0;
}
