/* execveat: relative to a directory descriptor, AT_FDCWD, and the fexecve form (AT_EMPTY_PATH). */
#include "guest.h"
#include <sys/wait.h>

static void run_at(const char *what, int dirfd, const char *path, char *const argv[], int flags)
{
    char *envp[] = {"X=1", NULL};
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        long r = syscall(SYS_execveat, dirfd, path, argv, envp, flags);
        printf("%s: execveat %ld %s\n", what, r, err_name(errno));
        fflush(stdout);
        _exit(100);
    }
    int st;
    waitpid(c, &st, 0);
    printf("%s: status %d\n", what, WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        printf("running with arg %s\n", argv[1]);
        return 9;
    }
    mkdir("sub", 0755);
    int fd = open("sub/script", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    const char s[] = "#!/bin/busybox sh\necho script $1\nexit 6\n";
    write(fd, s, sizeof s - 1);
    close(fd);

    int dir = open("sub", O_RDONLY | O_DIRECTORY);
    char *a1[] = {"script", "via-dirfd", NULL};
    run_at("dirfd", dir, "script", a1, 0);
    run_at("cwd", AT_FDCWD, "sub/script", a1, 0);
    char *a2[] = {argv[0], "self", NULL};
    run_at("absolute", dir, argv[0], a2, 0);
    int self = open(argv[0], O_RDONLY);
    run_at("empty-path", self, "", a2, AT_EMPTY_PATH);
    run_at("empty-no-flag", self, "", a2, 0);
    run_at("bad-flags", dir, "script", a1, 0x2);
    run_at("bad-fd", 999, "script", a1, 0);
    run_at("missing", dir, "nothing", a1, 0);
    return 0;
}
