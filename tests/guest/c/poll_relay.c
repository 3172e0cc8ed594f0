/*
 * Three children, each waiting for a "go" byte and then answering on its own pipe. The parent
 * wakes them in a fixed order and waits with poll, select, epoll (and a nested epoll), so exactly
 * one answer is pending at a time: the readiness order is deterministic. Then EOF/HUP from all.
 */
#include "guest.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>

#define N 3
#define ROUNDS 4

int main(void)
{
    int go[N][2], ans[N][2];
    pid_t kid[N];
    for (int i = 0; i < N; i++) {
        pipe(go[i]);
        pipe(ans[i]);
    }
    fflush(stdout);
    for (int i = 0; i < N; i++) {
        kid[i] = fork();
        if (kid[i] == 0) {
            for (int j = 0; j < N; j++) {
                close(go[j][1]);
                close(ans[j][0]);
                if (j != i) { close(go[j][0]); close(ans[j][1]); }
            }
            char c;
            while (read(go[i][0], &c, 1) == 1) {
                char m[2] = { (char)('A' + i), c };
                usleep(3000);
                write(ans[i][1], m, 2);
            }
            _exit(0);
        }
    }
    for (int i = 0; i < N; i++) {
        close(go[i][0]);
        close(ans[i][1]);
    }
    static const int order[] = { 2, 0, 1, 1, 2, 0 };
    int ep = epoll_create1(0), outer = epoll_create1(0);
    for (int i = 0; i < N; i++) {
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = (unsigned)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, ans[i][0], &e);
    }
    struct epoll_event oe = { .events = EPOLLIN, .data.u32 = 99 };
    epoll_ctl(outer, EPOLL_CTL_ADD, ep, &oe);

    for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < 6; k++) {
            int who = order[k];
            char c = (char)('0' + round);
            write(go[who][1], &c, 1);
            int ready = -1;
            if (round == 0) {
                struct pollfd p[N];
                for (int i = 0; i < N; i++) p[i] = (struct pollfd){ ans[i][0], POLLIN, 0 };
                int r = poll(p, N, -1);
                for (int i = 0; i < N; i++) if (p[i].revents & POLLIN) ready = i;
                if (r != 1) printf("poll returned %d\n", r);
            } else if (round == 1) {
                fd_set rs;
                FD_ZERO(&rs);
                int max = 0;
                for (int i = 0; i < N; i++) { FD_SET(ans[i][0], &rs); if (ans[i][0] > max) max = ans[i][0]; }
                int r = select(max + 1, &rs, NULL, NULL, NULL);
                for (int i = 0; i < N; i++) if (FD_ISSET(ans[i][0], &rs)) ready = i;
                if (r != 1) printf("select returned %d\n", r);
            } else if (round == 2) {
                struct epoll_event e[N];
                int r = epoll_wait(ep, e, N, -1);
                if (r >= 1) ready = (int)e[0].data.u32;
                if (r != 1) printf("epoll returned %d\n", r);
            } else {
                struct epoll_event e[N];
                int r = epoll_wait(outer, e, 1, -1);
                if (r != 1 || e[0].data.u32 != 99) printf("outer returned %d\n", r);
                r = epoll_wait(ep, e, N, 0);
                if (r >= 1) ready = (int)e[0].data.u32;
            }
            char m[2] = { 0, 0 };
            if (ready >= 0) read(ans[ready][0], m, 2);
            printf("round %d: woke %d, ready %d, got %c%c\n", round, who, ready, m[0] ? m[0] : '-', m[1] ? m[1] : '-');
        }
    }
    for (int i = 0; i < N; i++) close(go[i][1]);
    for (int i = 0; i < N; i++) waitpid(kid[i], NULL, 0);
    struct pollfd p[N];
    for (int i = 0; i < N; i++) p[i] = (struct pollfd){ ans[i][0], POLLIN, 0 };
    int r = poll(p, N, 1000);
    printf("all gone: %d", r);
    for (int i = 0; i < N; i++) printf(" %#x", p[i].revents);
    printf("\n");
    struct epoll_event e[N];
    r = epoll_wait(ep, e, N, 1000);
    /* The children exit in any order: show the events by child, not in arrival order. */
    unsigned by[N] = { 0 };
    for (int i = 0; i < r; i++) if (e[i].data.u32 < N) by[e[i].data.u32] = e[i].events;
    printf("epoll hup: %d", r);
    for (int i = 0; i < N; i++) printf(" [%d %#x]", i, by[i]);
    printf("\n");
    return 0;
}
