/* execve: another image with argv/envp, busybox, #! scripts, errors, vfork+exec, O_CLOEXEC. */
#include "guest.h"
#include <sys/wait.h>

extern char **environ;

static int run(char *const argv[], char *const envp[])
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        execve(argv[0], argv, envp);
        printf("execve %s failed: %s\n", argv[0], err_name(errno));
        fflush(stdout);
        _exit(127);
    }
    int st;
    waitpid(c, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("child image: argc %d\n", argc);
        for (int i = 2; i < argc; i++) printf("  arg[%d] = '%s'\n", i, argv[i]);
        for (char **e = environ; *e; e++) printf("  env %s\n", *e);
        return argc;
    }
    if (argc > 1 && strcmp(argv[1], "fdcheck") == 0) {
        for (int i = 2; i < argc; i++) {
            int fd = atoi(argv[i]);
            int r = fcntl(fd, F_GETFD);
            printf("fd %d after exec: %s\n", fd, r < 0 ? err_name(errno) : "open");
        }
        return 0;
    }
    char *self = argv[0];

    char *a1[] = {self, "child", "one", "two words", "", NULL};
    char *e1[] = {"A=1", "B=two words", NULL};
    printf("status %d\n", run(a1, e1));

    char *a2[] = {"/bin/busybox", "echo", "hello", "from", "busybox", NULL};
    printf("status %d\n", run(a2, e1));

    char *a3[] = {"/bin/busybox", "sh", "-c", "exit 7", NULL};
    printf("status %d\n", run(a3, e1));

    /* A #! script in the working directory. */
    int fd = open("script.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    const char s[] = "#!/bin/busybox sh\necho script says $0 $1 $#\nexit 4\n";
    write(fd, s, sizeof s - 1);
    close(fd);
    char *a4[] = {"./script.sh", "arg1", NULL};
    printf("status %d\n", run(a4, e1));

    /* Errors come back to the caller, which keeps running. */
    char *a5[] = {"/nonexistent/prog", NULL};
    int r = execve(a5[0], a5, e1);
    printf("enoent: %d %s\n", r, err_name(errno));
    fd = open("noexec", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "data\n", 5);
    close(fd);
    char *a6[] = {"./noexec", NULL};
    r = execve(a6[0], a6, e1);
    printf("eacces: %d %s\n", r, err_name(errno));
    fd = open("garbage", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, "\x01\x02\x03\x04garbage bytes that are no program\n", 38);
    close(fd);
    char *a7[] = {"./garbage", NULL};
    r = execve(a7[0], a7, e1);
    printf("enoexec: %d %s\n", r, err_name(errno));
    r = execve((char *)8, a7, e1);
    printf("efault path: %d %s\n", r, err_name(errno));
    r = execve(self, (char **)8, e1);
    printf("efault argv: %d %s\n", r, err_name(errno));
    r = execve("/", a7, e1);
    printf("directory: %d %s\n", r, err_name(errno));

    /* vfork + exec. */
    fflush(stdout);
    pid_t c = vfork();
    if (c == 0) {
        execve(a1[0], a1, e1);
        _exit(127);
    }
    int st;
    waitpid(c, &st, 0);
    printf("vfork child status %d\n", WEXITSTATUS(st));

    /* O_CLOEXEC: closed across exec; the plain descriptor stays. */
    int keep = open("script.sh", O_RDONLY);
    int gone = open("script.sh", O_RDONLY | O_CLOEXEC);
    int later = open("script.sh", O_RDONLY);
    fcntl(later, F_SETFD, FD_CLOEXEC);
    char kb[16], gb[16], lb[16];
    snprintf(kb, sizeof kb, "%d", keep);
    snprintf(gb, sizeof gb, "%d", gone);
    snprintf(lb, sizeof lb, "%d", later);
    char *a8[] = {self, "fdcheck", kb, gb, lb, NULL};
    printf("status %d\n", run(a8, e1));
    return 0;
}
