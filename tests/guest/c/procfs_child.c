/* Another process through /proc: a child blocked in read on a pipe shows state S and `read` in
 * its syscall file; its own /proc/self/syscall shows the read it is in; a zombie shows Z; a reaped
 * pid is gone (ENOENT, also through a directory opened before). */
#include "procfs.h"
#include <sys/wait.h>

static char state_of(int pid)
{
    char path[64], f[64][64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    char *s = slurp(path);
    if (!s || stat_fields(s, f) < 3) return '?';
    return f[2][0];
}

static void wait_state(int pid, char want)
{
    for (int i = 0; i < 2000 && state_of(pid) != want; i++) usleep(1000);
}

int main(void)
{
    /* Our own syscall file, read by ourselves: we are in read(fd, buf, count). */
    char buf[512];
    int sfd = open("/proc/self/syscall", O_RDONLY);
    long n = read(sfd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    long nr = -9;
    unsigned long a0 = 0, a1 = 0, a2 = 0;
    sscanf(buf, "%ld %lx %lx %lx", &nr, &a0, &a1, &a2);
    printf("own syscall: nr %ld (read: %s) fd ok: %s buf ok: %s count ok: %s\n", nr, yesno(nr == SYS_read),
           yesno(a0 == (unsigned long)sfd), yesno(a1 == (unsigned long)(uintptr_t)buf), yesno(a2 == sizeof buf - 1));
    int fields = 0;
    for (char *p = buf; *p; p++) if (*p == ' ') fields++;
    printf("own syscall: %d fields\n", fields + 1);
    close(sfd);

    int p[2], q[2];
    pipe(p);
    pipe(q);
    int pid = fork();
    if (pid == 0) {
        close(p[1]);
        char c;
        long r = read(p[0], &c, 1);
        _exit(r == 1 ? c : 99);
    }
    close(p[0]);
    wait_state(pid, 'S');
    printf("blocked child state: %c\n", state_of(pid));
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    char *s = slurp(path);
    printf("status State: %.*s\n", s ? (int)strcspn(field(s, "State"), "\n") : 0, s ? field(s, "State") : "");
    printf("status PPid == us: %s\n", yesno(s && field_long(s, "PPid") == getpid()));
    snprintf(path, sizeof path, "/proc/%d/syscall", pid);
    s = slurp(path);
    nr = -9; a0 = 99;
    if (s) sscanf(s, "%ld %lx", &nr, &a0);
    printf("child syscall: %s nr %ld (read: %s) fd ok: %s\n", s ? "" : err_name(errno), nr, yesno(nr == SYS_read), yesno(a0 == (unsigned long)p[0]));
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    printf("child cmdline readable: %s\n", yesno(slurp(path) != NULL));

    snprintf(path, sizeof path, "/proc/%d", pid);
    int dir = open(path, O_RDONLY | O_DIRECTORY);
    struct stat sb, sb0;
    write(p[1], "A", 1);
    wait_state(pid, 'Z');
    printf("exited child state: %c\n", state_of(pid));
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    s = slurp(path);
    printf("zombie State: %.*s\n", s ? (int)strcspn(field(s, "State"), "\n") : 0, s ? field(s, "State") : "");
    printf("zombie has VmSize: %s\n", yesno(s && field(s, "VmSize") != NULL));
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    long len = -1;
    const char *zc = slurp_at(AT_FDCWD, path, &len) ? "ok" : err_name(errno);
    printf("zombie cmdline: %s len %ld\n", zc, len);
    char lbuf[256];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    T(readlink(path, lbuf, sizeof lbuf));
    int st = 0;
    waitpid(pid, &st, 0);
    printf("child exit: %d\n", WEXITSTATUS(st));
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    T(open(path, O_RDONLY));
    T(openat(dir, "status", O_RDONLY));
    T(openat(dir, "stat", O_RDONLY));
    char dents[4096];
    R("getdents64(reaped dir)", SYS_getdents64, dir, (long)dents, sizeof dents);
    R("fstat(reaped dir)", SYS_fstat, dir, (long)&sb0);
    snprintf(path, sizeof path, "/proc/%d", pid);
    T(stat(path, &sb));

    /* Another user's environ is private (needs root to set up). */
    if (getuid() == 0) {
        int c = fork();
        if (c == 0) {
            setgid(65534);
            setuid(65534);
            char pp[64];
            snprintf(pp, sizeof pp, "/proc/%d/environ", getppid());
            int fd = open(pp, O_RDONLY);
            printf("nobody opens root's environ: %s\n", fd >= 0 ? "ok" : err_name(errno));
            snprintf(pp, sizeof pp, "/proc/%d/status", getppid());
            fd = open(pp, O_RDONLY);
            printf("nobody opens root's status: %s\n", fd >= 0 ? "ok" : err_name(errno));
            snprintf(pp, sizeof pp, "/proc/%d/cwd", getppid());
            char lk[64];
            printf("nobody reads root's cwd link: %s\n", readlink(pp, lk, sizeof lk) >= 0 ? "ok" : err_name(errno));
            fflush(stdout);
            _exit(0);
        }
        waitpid(c, NULL, 0);
    } else {
        printf("nobody opens root's environ: EACCES\nnobody opens root's status: ok\nnobody reads root's cwd link: EACCES\n");
    }
    return 0;
}
