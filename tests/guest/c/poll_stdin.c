/* poll and epoll on stdin (a pipe from the harness): data, then end of file as POLLHUP. */
#include "guest.h"
#include <poll.h>
#include <sys/epoll.h>

int main(void)
{
    long total = 0;
    int rounds = 0;
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 5 };
    printf("epoll add stdin: %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev));
    for (;;) {
        struct pollfd p = { 0, POLLIN, 0 };
        int r = poll(&p, 1, 5000);
        if (r != 1) { printf("poll: %d\n", r); break; }
        char buf[512];
        ssize_t n = read(0, buf, sizeof buf);
        if (n <= 0) {
            printf("eof after %d rounds: read %zd, revents had hup: %s\n", rounds > 0 ? 1 : 0, n, yesno(p.revents & POLLHUP));
            break;
        }
        total += n;
        rounds++;
    }
    printf("total %ld\n", total);
    struct pollfd p = { 0, POLLIN, 0 };
    int r = poll(&p, 1, 5000);
    printf("at eof: %d hup=%s\n", r, yesno(p.revents & POLLHUP));
    struct epoll_event out;
    r = epoll_wait(ep, &out, 1, 5000);
    printf("epoll at eof: %d hup=%s\n", r, yesno(r == 1 && (out.events & EPOLLHUP)));
    return 0;
}
