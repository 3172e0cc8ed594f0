/* TCP on loopback: a forked client and server exchange several messages, then shutdown and EOF;
 * IPv6 and v4-mapped addresses; non-blocking connect; names and options. Ports vary: only
 * relations are printed. */
#include "net_common.h"

static int listener(int family, struct sockaddr_storage *ss, socklen_t *len)
{
    int s = socket(family, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        *len = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_any;
        *len = sizeof *a;
    }
    NT(bind(s, (struct sockaddr *)ss, *len));
    NT(listen(s, 8));
    socklen_t l = sizeof *ss;
    NT(getsockname(s, (struct sockaddr *)ss, &l));
    printf("name len %d\n", (int)l);
    return s;
}

static int read_full(int fd, char *buf, int n)
{
    int got = 0;
    while (got < n) {
        int r = read(fd, buf + got, n - got);
        if (r <= 0) return r < 0 ? r : got;
        got += r;
    }
    return got;
}

static void ping_pong(int family, const char *host)
{
    struct sockaddr_storage ss;
    socklen_t len;
    printf("-- ping-pong %s\n", host);
    int ls = listener(family, &ss, &len);
    int port = family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port) : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    printf("ephemeral %s\n", yesno(port >= 32768 && port <= 60999));
    pid_t pid = fork();
    if (pid == 0) {
        close(ls);
        int c = socket(family, SOCK_STREAM, 0);
        struct sockaddr_storage to;
        memset(&to, 0, sizeof to);
        socklen_t tl;
        if (family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&to;
            a->sin_family = AF_INET;
            a->sin_port = htons(port);
            inet_pton(AF_INET, host, &a->sin_addr);
            tl = sizeof *a;
        } else {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&to;
            a->sin6_family = AF_INET6;
            a->sin6_port = htons(port);
            inet_pton(AF_INET6, host, &a->sin6_addr);
            tl = sizeof *a;
        }
        if (connect(c, (struct sockaddr *)&to, tl) != 0) { printf("client connect %s\n", net_err(errno)); _exit(1); }
        char buf[64];
        for (int i = 0; i < 5; i++) {
            int n = snprintf(buf, sizeof buf, "ping %d", i);
            if (write(c, buf, n) != n) _exit(2);
            memset(buf, 0, sizeof buf);
            if (read_full(c, buf, n) != n) _exit(3);
            printf("client got '%s'\n", buf);
        }
        shutdown(c, SHUT_WR);
        int r = read(c, buf, sizeof buf);
        printf("client eof read %d\n", r);
        close(c);
        _exit(0);
    }
    /* The server's lines wait in a memory stream until the client is done: one order. */
    fflush(stdout);
    int saved = dup(1);
    int logfd = open("server.log", O_CREAT | O_RDWR | O_TRUNC, 0600);
    dup2(logfd, 1);
    struct sockaddr_storage peer;
    socklen_t pl = sizeof peer;
    int a = NT(accept(ls, (struct sockaddr *)&peer, &pl));
    printf("peer len %d family %d\n", (int)pl, peer.ss_family);
    struct sockaddr_storage me;
    socklen_t ml = sizeof me;
    NT(getsockname(a, (struct sockaddr *)&me, &ml));
    char txt[64];
    if (me.ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)&me)->sin_addr, txt, sizeof txt);
    else inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&me)->sin6_addr, txt, sizeof txt);
    printf("local %s\n", txt);
    if (peer.ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, txt, sizeof txt);
    else inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&peer)->sin6_addr, txt, sizeof txt);
    printf("peer %s\n", txt);
    char buf[64];
    int n;
    while ((n = read(a, buf, sizeof buf)) > 0) {
        buf[n] = 0;
        printf("server got '%s'\n", buf);
        for (int i = 0; i < n; i++) if (buf[i] == 'i') buf[i] = 'o';
        write(a, buf, n);
        if (n < 6) break;
    }
    printf("server eof read %d\n", n);
    NT(shutdown(a, SHUT_WR));
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    wait_child(pid);
    char logbuf[4096];
    int ln = pread(logfd, logbuf, sizeof logbuf, 0);
    if (ln > 0) fwrite(logbuf, 1, ln, stdout);
    close(logfd);
    NT(close(a));
    NT(close(ls));
}

static void nonblocking(void)
{
    struct sockaddr_storage ss;
    socklen_t len;
    printf("-- nonblocking connect\n");
    int ls = listener(AF_INET, &ss, &len);
    int c = NT(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    NT(connect(c, (struct sockaddr *)&ss, len));
    int a = NT(accept(ls, NULL, NULL));
    int err = -1;
    socklen_t el = sizeof err;
    NT(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el));
    printf("so_error %d\n", err);
    NT(connect(c, (struct sockaddr *)&ss, len));
    NT(write(c, "abc", 3));
    char buf[8];
    NT(read(a, buf, sizeof buf));
    NT(recv(a, buf, sizeof buf, MSG_DONTWAIT));
    NT(getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &err, &el));
    printf("acceptconn %d\n", err);
    NT(getsockopt(a, SOL_SOCKET, SO_ACCEPTCONN, &err, &el));
    printf("acceptconn %d\n", err);
    NT(getsockopt(a, SOL_SOCKET, SO_PROTOCOL, &err, &el));
    printf("protocol %d\n", err);
    NT(getsockopt(a, IPPROTO_TCP, TCP_NODELAY, &err, &el));
    printf("nodelay %d\n", err);
    err = 1;
    NT(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &err, sizeof err));
    NT(getsockopt(a, IPPROTO_TCP, TCP_NODELAY, &err, &el));
    printf("nodelay %d\n", err != 0);
    NT(fcntl(a, F_GETFL) & O_NONBLOCK);
    NT(close(c));
    NT(read(a, buf, sizeof buf));
    NT(close(a));
    NT(close(ls));
    /* Refused, blocking and not. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    NT(connect(c, (struct sockaddr *)&ss, len));
    close(c);
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&ss, len);
    printf("nb refused: %s\n", r == 0 ? "0" : net_err(errno));
    el = sizeof err;
    NT(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el));
    printf("so_error %s\n", net_err(err));
    close(c);
}

int main(void)
{
    ping_pong(AF_INET, "127.0.0.1");
    ping_pong(AF_INET6, "::1");
    ping_pong(AF_INET6, "::ffff:127.0.0.1");
    nonblocking();
    return 0;
}
