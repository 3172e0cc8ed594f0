/* poll, ppoll, select and pselect on pipes between processes: readiness, POLLHUP/POLLNVAL, timeouts. */
#include "guest.h"
#include <poll.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <sys/resource.h>

static void show_poll(const char *what, struct pollfd *p, int n, int r)
{
    printf("%s: %d", what, r);
    for (int i = 0; i < n; i++) printf(" [fd%d ev=%#x rev=%#x]", i, p[i].events, p[i].revents);
    printf("\n");
}

static void show_set(const char *what, fd_set *s, int n)
{
    printf("  %s:", what);
    for (int i = 0; i < n; i++) if (FD_ISSET(i, s)) printf(" %d", i);
    printf("\n");
}

int main(void)
{
    int a[2], b[2];
    if (pipe(a) || pipe(b)) return 1;
    /* Fix the numbers: a = 3,4 b = 5,6 */
    struct pollfd p[4];
    p[0] = (struct pollfd){ a[0], POLLIN, 0 };
    p[1] = (struct pollfd){ a[1], POLLOUT, 0 };
    p[2] = (struct pollfd){ b[0], POLLIN | POLLPRI, 0 };
    p[3] = (struct pollfd){ -1, POLLIN, 0 };
    int r = poll(p, 4, 0);
    show_poll("empty pipes", p, 4, r);

    write(a[1], "x", 1);
    r = poll(p, 4, 0);
    show_poll("after write", p, 4, r);

    close(b[1]);
    r = poll(p, 4, 0);
    show_poll("writer of b closed", p, 4, r);

    /* POLLNVAL for a closed descriptor. */
    struct pollfd q[2] = { { 60, POLLIN, 0 }, { a[0], 0, 0 } };
    r = poll(q, 2, 0);
    printf("nval: %d rev=%#x rev2=%#x\n", r, q[0].revents, q[1].revents);
    int opath = open(".", O_PATH);
    struct pollfd qp = { opath, POLLIN, 0 };
    r = poll(&qp, 1, 0);
    printf("O_PATH: %d rev=%#x\n", r, qp.revents);
    fd_set ps;
    FD_ZERO(&ps);
    FD_SET(opath, &ps);
    T(select(opath + 1, &ps, NULL, NULL, &(struct timeval){0, 0}));
    close(opath);

    /* Timeouts. */
    int c[2];
    pipe(c);
    struct pollfd pc = { c[0], POLLIN, 0 };
    r = poll(&pc, 1, 30);
    printf("poll 30ms timeout: %d rev=%#x\n", r, pc.revents);
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    r = ppoll(&pc, 1, &ts, NULL);
    printf("ppoll 20ms timeout: %d rev=%#x left=%ld.%09ld\n", r, pc.revents, (long)ts.tv_sec, ts.tv_nsec);
    struct timespec zero = { 0, 0 };
    r = ppoll(&pc, 1, &zero, NULL);
    printf("ppoll zero: %d\n", r);
    T(poll(NULL, 0, 10));

    /* Errors. */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    T(poll(p, rl.rlim_cur + 1, 0));
    T(poll(BADPTR, 1, 0));
    struct timespec bad = { 0, 1000000000 };
    T(ppoll(&pc, 1, &bad, NULL));
    sigset_t empty;
    sigemptyset(&empty);
    R("ppoll bad sigsetsize", SYS_ppoll, (long)&pc, 1, (long)&zero, (long)&empty, 4);

    /* A child writes after a delay; the parent blocks in poll until then. */
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        usleep(20000);
        write(c[1], "hello", 5);
        usleep(20000);
        close(c[1]);
        _exit(0);
    }
    close(c[1]);
    pc.revents = 0;
    r = poll(&pc, 1, -1);
    printf("blocking poll: %d rev=%#x\n", r, pc.revents);
    char buf[16];
    printf("read %d\n", (int)read(c[0], buf, sizeof buf));
    r = poll(&pc, 1, 5000);
    printf("then hup: %d rev=%#x\n", r, pc.revents);
    waitpid(kid, NULL, 0);

    /* select on the same pipes. */
    fd_set rs, ws, es;
    FD_ZERO(&rs); FD_ZERO(&ws); FD_ZERO(&es);
    FD_SET(a[0], &rs); FD_SET(b[0], &rs); FD_SET(c[0], &rs);
    FD_SET(a[1], &ws); FD_SET(a[0], &es);
    struct timeval tv = { 1, 0 };
    r = select(c[0] + 1, &rs, &ws, &es, &tv);
    printf("select: %d\n", r);
    show_set("read", &rs, 16); show_set("write", &ws, 16); show_set("except", &es, 16);
    char ch;
    read(a[0], &ch, 1);
    int d[2];
    pipe(d);
    FD_ZERO(&rs); FD_SET(a[0], &rs); FD_SET(d[0], &rs);
    tv = (struct timeval){ 0, 25000 };
    r = select(d[0] + 1, &rs, NULL, NULL, &tv);
    printf("select timeout: %d left=%ld.%06ld\n", r, (long)tv.tv_sec, (long)tv.tv_usec);
    show_set("read", &rs, 16);
    FD_ZERO(&rs); FD_SET(40, &rs);
    T(select(41, &rs, NULL, NULL, &(struct timeval){0, 0}));
    /* The raw calls write the time left back (libc wrappers may hide it). */
    struct timeval rtv = { 0, 15000 };
    FD_ZERO(&rs); FD_SET(d[0], &rs);
    long rr = RAW(SYS_select, d[0] + 1, (long)&rs, 0, 0, (long)&rtv);
    printf("raw select: %ld left=%ld.%06ld\n", rr, (long)rtv.tv_sec, (long)rtv.tv_usec);
    struct timespec rts = { 0, 15000000 };
    struct pollfd pd = { d[0], POLLIN, 0 };
    rr = RAW(SYS_ppoll, (long)&pd, 1, (long)&rts, 0, 8);
    printf("raw ppoll: %ld left=%ld.%09ld\n", rr, (long)rts.tv_sec, rts.tv_nsec);
    T(select(-1, NULL, NULL, NULL, NULL));
    T(select(1, NULL, NULL, NULL, &(struct timeval){-1, 0}));
    T(select(0, NULL, NULL, NULL, &(struct timeval){0, 10000}));
    FD_ZERO(&ws); FD_SET(d[1], &ws);
    tv = (struct timeval){ 0, 0 };
    T(select(d[1] + 1, NULL, &ws, NULL, &tv));

    /* pselect with a signal mask: SIGUSR1 blocked only during the call. */
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    struct timespec pts = { 0, 10000000 };
    FD_ZERO(&rs); FD_SET(d[0], &rs);
    T(pselect(d[0] + 1, &rs, NULL, NULL, &pts, &m));
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("mask restored: %s\n", yesno(!sigismember(&now, SIGUSR1)));
    write(d[1], "z", 1);
    FD_ZERO(&rs); FD_SET(d[0], &rs);
    T(pselect(d[0] + 1, &rs, NULL, NULL, NULL, &m));
    show_set("read", &rs, 16);
    return 0;
}
