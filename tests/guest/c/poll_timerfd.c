/* timerfd: create/settime/gettime errors, one-shot and periodic expirations, with read, poll and epoll. */
#include "guest.h"
#include <sys/timerfd.h>
#include <sys/epoll.h>
#include <poll.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>

static void rd(const char *what, int fd)
{
    uint64_t v = 0;
    errno = 0;
    ssize_t n = read(fd, &v, 8);
    if (n < 0) printf("%s: -1 %s\n", what, err_name(errno));
    else printf("%s: %zd ticks=%s\n", what, n, v >= 1 ? (v == 1 ? "1" : ">1") : "0");
}

int main(void)
{
    T(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    T(timerfd_create(CLOCK_MONOTONIC, 0x4));
    int t = T(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    printf("cloexec: %s\n", yesno(fcntl(t, F_GETFD) & FD_CLOEXEC));
    struct itimerspec cur;
    T(timerfd_gettime(t, &cur));
    printf("disarmed: %ld %ld %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
           (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    rd("read disarmed", t);
    struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
    T(timerfd_settime(t, 0, &bad, NULL));
    struct itimerspec one = { { 0, 0 }, { 0, 300 * 1000 * 1000 } };
    T(timerfd_settime(t, 8, &one, NULL));
    T(timerfd_settime(1, 0, &one, NULL));
    T(timerfd_settime(77, 0, &one, NULL));
    T(timerfd_gettime(1, &cur));
    char small[4];
    T(read(t, small, 4));

    T(timerfd_settime(t, 0, &one, NULL));
    timerfd_gettime(t, &cur);
    printf("armed: value in (0, 300ms]: %s interval 0: %s\n",
           yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 300000000),
           yesno(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0));
    rd("read early", t);
    struct pollfd p = { t, POLLIN, 0 };
    T(poll(&p, 1, 2000));
    printf("revents %#x\n", p.revents);
    rd("read after", t);
    rd("read again", t);
    timerfd_gettime(t, &cur);
    printf("expired one-shot: %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);

    /* Periodic, through epoll, blocking fd. */
    int pt = timerfd_create(CLOCK_MONOTONIC, 0);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
    epoll_ctl(ep, EPOLL_CTL_ADD, pt, &ev);
    struct itimerspec per = { { 0, 10 * 1000 * 1000 }, { 0, 10 * 1000 * 1000 } };
    T(timerfd_settime(pt, 0, &per, NULL));
    int got = 0;
    for (int i = 0; i < 3; i++) {
        struct epoll_event out;
        int n = epoll_wait(ep, &out, 1, 2000);
        uint64_t v = 0;
        if (n == 1 && read(pt, &v, 8) == 8 && v >= 1) got++;
    }
    printf("periodic expirations seen: %d\n", got);
    struct itimerspec old;
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    T(timerfd_settime(pt, 0, &off, &old));
    printf("old interval: %ld %ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
    /* Blocking read of an absolute REALTIME timer. */
    int rt = timerfd_create(CLOCK_REALTIME, 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 15 * 1000 * 1000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    struct itimerspec abs = { { 0, 0 }, now };
    T(timerfd_settime(rt, TFD_TIMER_ABSTIME, &abs, NULL));
    rd("blocking read", rt);
    /* An absolute time in the past fires at once. */
    abs.it_value.tv_sec -= 10;
    T(timerfd_settime(rt, TFD_TIMER_ABSTIME, &abs, NULL));
    rd("past", rt);
    T(lseek(rt, 0, SEEK_SET));
    return 0;
}
