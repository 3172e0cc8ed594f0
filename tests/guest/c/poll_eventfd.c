/* eventfd: counter reads, semaphore mode, limits, non-blocking errors, poll/epoll readiness, a blocked reader. */
#include "guest.h"
#include <sys/eventfd.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <poll.h>
#include <fcntl.h>
#include <stdint.h>

static void rd(const char *what, int fd)
{
    uint64_t v = 0;
    errno = 0;
    ssize_t n = read(fd, &v, 8);
    if (n < 0) printf("%s: -1 %s\n", what, err_name(errno));
    else printf("%s: %zd value=%llu\n", what, n, (unsigned long long)v);
}

static void wr(const char *what, int fd, uint64_t v)
{
    errno = 0;
    ssize_t n = write(fd, &v, 8);
    if (n < 0) printf("%s: -1 %s\n", what, err_name(errno));
    else printf("%s: %zd\n", what, n);
}

static int pollmask(int fd)
{
    struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
    poll(&p, 1, 0);
    return p.revents;
}

int main(void)
{
    int e = eventfd(5, EFD_NONBLOCK);
    printf("poll: %#x\n", pollmask(e));
    rd("read", e);
    rd("read empty", e);
    printf("poll: %#x\n", pollmask(e));
    wr("write 3", e, 3);
    wr("write 4", e, 4);
    rd("read sum", e);
    char small[4];
    T(read(e, small, 4));
    T(write(e, small, 4));
    wr("write max", e, 0xffffffffffffffffULL);
    wr("write max-1", e, 0xfffffffffffffffeULL);
    printf("poll full: %#x\n", pollmask(e));
    wr("write 1 more", e, 1);
    wr("write 0", e, 0);
    rd("read big", e);
    wr("write 2^32+7", e, 0x100000007ULL);
    wr("write 2^32-1", e, 0xffffffffULL);
    rd("read carry", e);
    T(lseek(e, 0, SEEK_SET));

    int s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    printf("cloexec: %s nonblock: %s\n", yesno(fcntl(s, F_GETFD) & FD_CLOEXEC), yesno(fcntl(s, F_GETFL) & O_NONBLOCK));
    rd("sem 1", s);
    rd("sem 2", s);
    rd("sem 3", s);
    rd("sem 4", s);
    wr("sem write 2^32", s, 0x100000000ULL);
    rd("sem borrow", s);
    T(syscall(SYS_eventfd2, 0, 0x10));
    T(syscall(SYS_eventfd, 7));

    /* Blocked reader woken by another process; epoll sees the counter. */
    int b = eventfd(0, 0);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
    epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev);
    struct epoll_event got;
    T(epoll_wait(ep, &got, 1, 0));
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        usleep(20000);
        uint64_t one = 9;
        write(b, &one, 8);
        _exit(0);
    }
    rd("blocking read", b);
    waitpid(kid, NULL, 0);
    wr("write 1", b, 1);
    int n = epoll_wait(ep, &got, 1, 0);
    printf("epoll: %d data=%llu ev=%#x\n", n, (unsigned long long)got.data.u64, got.events);
    /* A blocked writer: full counter, a child drains it. */
    int f = eventfd(0, 0);
    wr("fill", f, 0xfffffffffffffff0ULL);
    fflush(stdout);
    kid = fork();
    if (kid == 0) {
        usleep(20000);
        uint64_t v;
        read(f, &v, 8);
        _exit(0);
    }
    wr("blocked write", f, 0x20);
    waitpid(kid, NULL, 0);
    rd("after", f);
    char link[64], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", f);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    if (ln > 0) { link[ln] = 0; printf("link: %s\n", link); }
    return 0;
}
