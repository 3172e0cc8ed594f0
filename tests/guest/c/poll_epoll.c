/* epoll on pipes: level vs edge triggering, ONESHOT, HUP, ctl errors, nesting, wait between processes. */
#include "guest.h"
#include <sys/epoll.h>
#include <sys/wait.h>
#include <fcntl.h>

static void wait_show(const char *what, int ep, int max, int timeout)
{
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, max, timeout);
    printf("%s: %d", what, n);
    if (n < 0) printf(" %s", err_name(errno));
    for (int i = 0; i < n; i++) printf(" [data=%llu ev=%#x]", (unsigned long long)ev[i].data.u64, ev[i].events);
    printf("\n");
}

static int add(int ep, int fd, unsigned events, unsigned long long data)
{
    struct epoll_event e = { .events = events, .data.u64 = data };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

int main(void)
{
    int a[2], b[2];
    pipe(a);
    pipe(b);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("cloexec: %s\n", yesno(fcntl(ep, F_GETFD) & FD_CLOEXEC));
    T(add(ep, a[0], EPOLLIN, 100));
    T(add(ep, b[0], EPOLLIN | EPOLLET, 200));
    T(add(ep, a[1], EPOLLOUT, 101));
    wait_show("only a's write end", ep, 8, 0);

    write(b[1], "1", 1);
    write(a[1], "2", 1);
    wait_show("both readable", ep, 8, 0);
    wait_show("LT again, ET not", ep, 8, 0);
    write(b[1], "3", 1);
    wait_show("ET after a new write", ep, 8, 0);
    wait_show("max 1", ep, 1, 0);
    wait_show("max 1 again", ep, 1, 0);
    char buf[8];
    read(a[0], buf, sizeof buf);
    wait_show("a drained", ep, 8, 0);

    /* ONESHOT: one report, then silence until MOD. */
    int c[2];
    pipe(c);
    T(add(ep, c[0], EPOLLIN | EPOLLONESHOT, 300));
    write(c[1], "x", 1);
    T(epoll_ctl(ep, EPOLL_CTL_DEL, a[1], NULL));
    T(epoll_ctl(ep, EPOLL_CTL_DEL, b[0], NULL));
    wait_show("oneshot", ep, 8, 0);
    wait_show("oneshot fired", ep, 8, 0);
    struct epoll_event e = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = 301 };
    T(epoll_ctl(ep, EPOLL_CTL_MOD, c[0], &e));
    wait_show("re-armed", ep, 8, 0);

    /* Errors. */
    T(add(ep, c[0], EPOLLIN, 1));
    T(epoll_ctl(ep, EPOLL_CTL_DEL, b[1], NULL));
    T(epoll_ctl(ep, EPOLL_CTL_MOD, b[1], &e));
    T(add(ep, 77, EPOLLIN, 1));
    T(add(77, c[0], EPOLLIN, 1));
    T(add(a[0], c[0], EPOLLIN, 1));
    T(add(ep, ep, EPOLLIN, 1));
    T(epoll_ctl(ep, 9, c[0], &e));
    int reg = open("poll_epoll.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    T(add(ep, reg, EPOLLIN, 1));
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    T(add(ep, dir, EPOLLIN, 1));
    unlink("poll_epoll.tmp");
    T(add(ep, b[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 1));
    T(add(ep, b[0], EPOLLIN | EPOLLEXCLUSIVE, 400));
    e.events = EPOLLIN | EPOLLEXCLUSIVE;
    T(epoll_ctl(ep, EPOLL_CTL_MOD, b[0], &e));
    e.events = EPOLLIN;
    T(epoll_ctl(ep, EPOLL_CTL_MOD, b[0], &e));
    T(epoll_ctl(ep, EPOLL_CTL_DEL, b[0], NULL));
    T(epoll_create(0));
    T(epoll_create(-1));
    T(epoll_create1(1));
    struct epoll_event evs[2];
    T(epoll_wait(ep, evs, 0, 0));
    T(epoll_wait(ep, evs, -1, 0));
    T(epoll_wait(a[0], evs, 2, 0));
    T(epoll_wait(99, evs, 2, 0));
    T(epoll_wait(ep, BADPTR, 2, 0));

    /* Nesting: an epoll watching an epoll, and a loop refused. */
    int inner = epoll_create(1);
    int outer = epoll_create(1);
    T(add(outer, inner, EPOLLIN, 500));
    T(add(inner, outer, EPOLLIN, 1));
    wait_show("outer, inner idle", outer, 8, 0);
    int d[2];
    pipe(d);
    T(add(inner, d[0], EPOLLIN, 600));
    write(d[1], "n", 1);
    wait_show("outer sees inner", outer, 8, 0);
    wait_show("inner", inner, 8, 0);

    /* Closing the last reference removes the watch; a dup keeps it. */
    int dd = dup(d[0]);
    close(d[0]);
    wait_show("after close of one fd (dup alive)", inner, 8, 0);
    close(dd);
    wait_show("after last close", inner, 8, 0);
    /* The fd number can be reused and added anew. */
    int z[2];
    pipe(z);
    T(add(inner, z[0], EPOLLIN, 700));

    /* HUP when the writer goes. */
    close(z[1]);
    wait_show("hup", inner, 8, 0);

    /* Blocking wait: a child writes later. */
    int p[2];
    pipe(p);
    int ep2 = epoll_create1(0);
    add(ep2, p[0], EPOLLIN | EPOLLRDHUP, 800);
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        usleep(20000);
        write(p[1], "late", 4);
        _exit(0);
    }
    close(p[1]);
    {
        /* The child may already be gone (EPOLLHUP too): show EPOLLIN only. */
        struct epoll_event bev;
        int n = epoll_wait(ep2, &bev, 1, -1);
        printf("blocking: %d [data=%llu in=%s]\n", n, (unsigned long long)bev.data.u64, yesno(bev.events & EPOLLIN));
    }
    waitpid(kid, NULL, 0);
    read(p[0], buf, sizeof buf);
    wait_show("eof", ep2, 8, 1000);
    int q[2];
    pipe(q);
    int ep3 = epoll_create1(0);
    add(ep3, q[0], EPOLLIN, 900);
    wait_show("timeout 20ms", ep3, 8, 20);
    sigset_t m;
    sigemptyset(&m);
    struct epoll_event one;
    T(epoll_pwait(ep3, &one, 1, 10, &m));
    /* epoll_pwait2: a timespec timeout (raw: older libcs lack the wrapper). */
    struct timespec t10 = { 0, 10 * 1000 * 1000 };
    T(syscall(SYS_epoll_pwait2, ep3, &one, 1, &t10, NULL, 8));
    struct timespec tbad = { 0, -1 };
    T(syscall(SYS_epoll_pwait2, ep3, &one, 1, &tbad, NULL, 8));
    write(q[1], "w", 1);
    T(syscall(SYS_epoll_pwait2, ep3, &one, 1, NULL, NULL, 8));
    /* O_PATH descriptors are not files to epoll. */
    int opath = open(".", O_PATH);
    T(add(ep3, opath, EPOLLIN, 1));
    T(add(opath, q[0], EPOLLIN, 1));
    /* An epoll fd is itself pollable. */
    struct epoll_event pe;
    T(syscall(SYS_epoll_pwait, ep3, &pe, 1, 0, &m, 4));
    char link[64], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", ep3);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    if (ln > 0) { link[ln] = 0; printf("link: %s\n", link); }
    return 0;
}
