/* UNIX stream sockets by name: a path in the current directory and an abstract name, a forked
 * client and server, names and lengths, and the errors of bind and connect. */
#include "net_common.h"

static socklen_t make_addr(struct sockaddr_un *a, const char *name, int abstract)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    if (abstract) {
        a->sun_path[0] = 0;
        memcpy(a->sun_path + 1, name, strlen(name));
        return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
    }
    strcpy(a->sun_path, name);
    return sizeof *a;
}

static void serve(const char *name, int abstract)
{
    struct sockaddr_un a;
    socklen_t al = make_addr(&a, name, abstract);
    printf("-- %s %s\n", abstract ? "abstract" : "path", name);
    int ls = NT(socket(AF_UNIX, SOCK_STREAM, 0));
    NT(bind(ls, (struct sockaddr *)&a, al));
    struct sockaddr_un got;
    socklen_t gl = sizeof got;
    NT(getsockname(ls, (struct sockaddr *)&got, &gl));
    printf("name len %d same %s\n", (int)gl, yesno(memcmp(got.sun_path, a.sun_path, gl - 2) == 0));
    if (!abstract) {
        struct stat st;
        NT(lstat(name, &st));
        printf("socket file %s\n", yesno(S_ISSOCK(st.st_mode)));
    }
    NT(listen(ls, 4));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, al) != 0) { printf("connect %s\n", net_err(errno)); _exit(1); }
        struct sockaddr_un p;
        socklen_t pl = sizeof p;
        getpeername(c, (struct sockaddr *)&p, &pl);
        printf("client peer len %d\n", (int)pl);
        pl = sizeof p;
        getsockname(c, (struct sockaddr *)&p, &pl);
        printf("client name len %d\n", (int)pl);
        char buf[64];
        for (int i = 0; i < 4; i++) {
            int n = snprintf(buf, sizeof buf, "req %d", i);
            write(c, buf, n);
            memset(buf, 0, sizeof buf);
            int r = read(c, buf, sizeof buf);
            printf("client got %d '%s'\n", r, buf);
        }
        shutdown(c, SHUT_WR);
        printf("client eof %d\n", (int)read(c, buf, sizeof buf));
        _exit(0);
    }
    struct sockaddr_un peer;
    socklen_t pl = sizeof peer;
    int s = accept(ls, (struct sockaddr *)&peer, &pl);
    char buf[64];
    int n;
    int count = 0;
    while ((n = read(s, buf, sizeof buf)) > 0) {
        buf[0] = 'R';
        write(s, buf, n);
        count++;
    }
    close(s);
    wait_child(pid);
    printf("server: accept peer len %d, %d requests, last read %d\n", (int)pl, count, n);
    NT(close(ls));
}

static void errors(void)
{
    struct sockaddr_un a;
    printf("-- errors\n");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    socklen_t al = make_addr(&a, "nosuch.sock", 0);
    NT(connect(s, (struct sockaddr *)&a, al));
    al = make_addr(&a, "plain.file", 0);
    close(open("plain.file", O_CREAT | O_WRONLY, 0600));
    NT(connect(s, (struct sockaddr *)&a, al));
    NT(bind(s, (struct sockaddr *)&a, al));
    al = make_addr(&a, "bound.sock", 0);
    NT(bind(s, (struct sockaddr *)&a, al));
    NT(bind(s, (struct sockaddr *)&a, al));
    int t = socket(AF_UNIX, SOCK_STREAM, 0);
    NT(bind(t, (struct sockaddr *)&a, al));
    NT(connect(t, (struct sockaddr *)&a, al));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    NT(connect(d, (struct sockaddr *)&a, al));
    NT(listen(s, 1));
    NT(connect(d, (struct sockaddr *)&a, al));
    NT(listen(d, 1));
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    NT(listen(u, 1));
    NT(accept(u, NULL, NULL));
    NT(read(u, &a, 1));
    NT(write(u, &a, 1));
    NT(getpeername(u, (struct sockaddr *)&a, &al));
    al = make_addr(&a, "abs-name", 1);
    NT(bind(u, (struct sockaddr *)&a, al));
    NT(bind(t, (struct sockaddr *)&a, al));
    al = make_addr(&a, "abs-missing", 1);
    NT(connect(t, (struct sockaddr *)&a, al));
    /* autobind: an empty name gets an abstract one (6 bytes after the family) */
    int b = socket(AF_UNIX, SOCK_DGRAM, 0);
    NT(bind(b, (struct sockaddr *)&a, sizeof(sa_family_t)));
    struct sockaddr_un g;
    socklen_t gl = sizeof g;
    NT(getsockname(b, (struct sockaddr *)&g, &gl));
    printf("autobind len %d abstract %s\n", (int)gl, yesno(g.sun_path[0] == 0));
    /* a datagram to it, from an unnamed socket */
    int e = socket(AF_UNIX, SOCK_DGRAM, 0);
    NT(sendto(e, "dg", 2, 0, (struct sockaddr *)&g, gl));
    char buf[8];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    NT(recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("from len %d\n", (int)fl);
    NT(bind(e, (struct sockaddr *)&a, al));
    NT(sendto(e, "dg", 2, 0, (struct sockaddr *)&g, gl));
    fl = sizeof from;
    NT(recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("from len %d same %s\n", (int)fl, yesno(fl == al && memcmp(&from, &a, al) == 0));
    NT(sendto(e, "dg", 2, 0, (struct sockaddr *)&a, al));
    NT(unlink("bound.sock"));
    close(s); close(t); close(d); close(u); close(b); close(e);
}

int main(void)
{
    serve("ping.sock", 0);
    serve("sysgate-net-test", 1);
    errors();
    return 0;
}
