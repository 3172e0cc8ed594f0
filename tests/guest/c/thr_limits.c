/* Limits: EMFILE at a lowered RLIMIT_NOFILE (open, dup, dup2/dup3, pipe, F_DUPFD), RLIMIT_AS
 * (mmap, brk, mremap: ENOMEM), and RLIMIT_NPROC: a fork bomb after dropping to uid 65534 stops
 * with EAGAIN (and so does pthread_create). */
#include "guest.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <signal.h>

static void *idle(void *arg) { (void)arg; return NULL; }

int main(void)
{
    struct rlimit r = {8, 8};
    T(setrlimit(RLIMIT_NOFILE, &r));
    int last = -1, n = 0;
    for (;;) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            printf("open stops after %d more fds: %s\n", n, err_name(errno));
            break;
        }
        last = fd;
        n++;
    }
    printf("last fd %d\n", last);
    T(dup(0));
    int p[2];
    T(pipe(p));
    T(dup2(0, 7));
    T(dup2(0, 8));
    T(dup3(0, 9, 0));
    T(fcntl(0, F_DUPFD, 3));
    T(fcntl(0, F_DUPFD, 8));
    T(fcntl(0, F_DUPFD_CLOEXEC, 100));
    close(last);
    T(dup(0));
    for (int fd = 3; fd < 8; fd++) close(fd);

    /* RLIMIT_AS: a mapping that would pass the limit fails with ENOMEM */
    struct rlimit as;
    getrlimit(RLIMIT_AS, &as);
    printf("RLIMIT_AS infinite by default: %s\n", yesno(as.rlim_cur == RLIM_INFINITY));
    as.rlim_cur = 256UL << 20;
    T(setrlimit(RLIMIT_AS, &as));
    void *big = mmap(NULL, 512UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 512 MiB under a 256 MiB RLIMIT_AS: %s\n", big == MAP_FAILED ? err_name(errno) : "mapped");
    void *small = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 1 MiB: %s\n", small == MAP_FAILED ? err_name(errno) : "ok");
    void *grown = mremap(small, 1 << 20, 400UL << 20, MREMAP_MAYMOVE);
    printf("mremap to 400 MiB: %s\n", grown == MAP_FAILED ? err_name(errno) : "ok");
    void *cur = sbrk(0);
    printf("brk +300 MiB: %s\n", brk((char *)cur + (300UL << 20)) == 0 ? "ok" : err_name(errno));
    as.rlim_cur = RLIM_INFINITY;
    T(setrlimit(RLIMIT_AS, &as));

    /* RLIMIT_NPROC as an unprivileged user: a fork bomb stops with EAGAIN */
    fflush(stdout);
    pid_t boss = fork();
    if (boss == 0) {
        if (geteuid() == 0) {
            setresgid(65534, 65534, 65534);
            setresuid(65534, 65534, 65534);
        }
        struct rlimit np = {16, 16};
        setrlimit(RLIMIT_NPROC, &np);
        pid_t kids[64];
        int made = 0, err = 0;
        int pfd[2];
        pipe(pfd);
        for (int i = 0; i < 64; i++) {
            pid_t c = fork();
            if (c == 0) {
                char b;
                close(pfd[1]);
                read(pfd[0], &b, 1); /* wait until the bomb is over */
                _exit(0);
            }
            if (c < 0) {
                err = errno;
                break;
            }
            kids[made++] = c;
        }
        pthread_t th;
        int terr = pthread_create(&th, NULL, idle, NULL);
        if (terr == 0) pthread_join(th, NULL);
        printf("fork bomb: stopped by %s before 64 (%s), pthread_create at the limit: %s\n", err_name(err),
               yesno(made < 64), terr == 0 ? "ok" : err_name(terr));
        struct rlimit got;
        printf("prlimit64 on root's process as uid 65534: %s\n",
               syscall(SYS_prlimit64, getppid(), RLIMIT_NOFILE, NULL, &got) == 0 ? "ok" : err_name(errno));
        printf("prlimit64 on its own child: %s\n",
               made > 0 && syscall(SYS_prlimit64, kids[0], RLIMIT_NOFILE, NULL, &got) == 0 ? "ok" : err_name(errno));
        printf("prlimit64 on no such pid: %s\n", syscall(SYS_prlimit64, 4000000, RLIMIT_NOFILE, NULL, &got) == 0 ? "ok" : err_name(errno));
        struct rlimit more = {1000, 1000};
        printf("raising RLIMIT_NPROC hard as uid 65534: %s\n", setrlimit(RLIMIT_NPROC, &more) == 0 ? "ok" : err_name(errno));
        close(pfd[1]);
        for (int i = 0; i < made; i++) waitpid(kids[i], NULL, 0);
        fflush(stdout);
        _exit(0);
    }
    waitpid(boss, NULL, 0);
    return 0;
}
