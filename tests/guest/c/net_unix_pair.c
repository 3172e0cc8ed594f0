/* socketpair: stream buffering and EOF, datagram and seqpacket boundaries, MSG_PEEK/TRUNC,
 * shutdown, EPIPE with and without MSG_NOSIGNAL, SCM_RIGHTS, names and fstat. */
#include "net_common.h"

static void stream_part(void)
{
    int sv[2];
    char buf[64];
    NT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    NT(read(sv[1], buf, 0));
    NT(write(sv[0], "hello ", 6));
    NT(write(sv[0], "world", 5));
    NT(recv(sv[1], buf, 4, MSG_PEEK));
    memset(buf, 0, sizeof buf);
    NT(read(sv[1], buf, sizeof buf));
    printf("got '%s'\n", buf);
    NT(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    NT(shutdown(sv[0], SHUT_WR));
    NT(read(sv[1], buf, sizeof buf));
    pid_t pid = fork();
    if (pid == 0) {
        write(sv[0], "x", 1); /* SIGPIPE ends the child */
        _exit(0);
    }
    wait_child(pid);
    NT(send(sv[0], "x", 1, MSG_NOSIGNAL));
    NT(write(sv[1], "back", 4));
    memset(buf, 0, sizeof buf);
    NT(read(sv[0], buf, sizeof buf));
    printf("got '%s'\n", buf);
    NT(close(sv[1]));
    NT(send(sv[0], "x", 1, MSG_NOSIGNAL));
    NT(read(sv[0], buf, sizeof buf));
    NT(close(sv[0]));
}

static void boundaries(int type, const char *name)
{
    int sv[2];
    char buf[64];
    int flags = 0;
    printf("-- %s\n", name);
    NT(socketpair(AF_UNIX, type, 0, sv));
    NT(send(sv[0], "one", 3, 0));
    NT(send(sv[0], "twotwo", 6, 0));
    NT(send(sv[0], "threethree", 10, 0));
    memset(buf, 0, sizeof buf);
    NT(recv(sv[1], buf, sizeof buf, 0));
    printf("got '%s'\n", buf);
    memset(buf, 0, sizeof buf);
    NT(recv(sv[1], buf, 3, MSG_TRUNC));
    printf("got '%s'\n", buf);
    struct iovec iov = { buf, 5 };
    struct msghdr mh = { 0 };
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    memset(buf, 0, sizeof buf);
    NT(recvmsg(sv[1], &mh, 0));
    flags = mh.msg_flags;
    printf("got '%s' trunc=%s\n", buf, yesno(flags & MSG_TRUNC));
    NT(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    NT(send(sv[0], "", 0, 0));
    NT(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    NT(close(sv[0]));
    NT(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    NT(send(sv[1], "x", 1, MSG_NOSIGNAL));
    NT(close(sv[1]));
}

static void rights(void)
{
    int sv[2], p[2];
    char buf[32];
    printf("-- rights\n");
    NT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    NT(pipe(p));
    NT(write(p[1], "through the pipe", 16));
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = { "F", 1 };
    struct msghdr mh = { 0 };
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cbuf;
    mh.msg_controllen = sizeof cbuf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[0], sizeof(int));
    NT(sendmsg(sv[0], &mh, 0));
    NT(close(p[0]));
    pid_t pid = fork();
    if (pid == 0) {
        char rc[CMSG_SPACE(sizeof(int))];
        char one;
        struct iovec riov = { &one, 1 };
        struct msghdr rm = { 0 };
        rm.msg_iov = &riov;
        rm.msg_iovlen = 1;
        rm.msg_control = rc;
        rm.msg_controllen = sizeof rc;
        NT(recvmsg(sv[1], &rm, 0));
        struct cmsghdr *rcm = CMSG_FIRSTHDR(&rm);
        printf("byte %c ctrunc=%s controllen=%d\n", one, yesno(rm.msg_flags & MSG_CTRUNC), (int)rm.msg_controllen);
        if (rcm && rcm->cmsg_type == SCM_RIGHTS) {
            int fd;
            memcpy(&fd, CMSG_DATA(rcm), sizeof fd);
            printf("cmsg_len %d\n", (int)rcm->cmsg_len);
            memset(buf, 0, sizeof buf);
            NT(read(fd, buf, sizeof buf - 1));
            printf("read '%s'\n", buf);
        }
        _exit(0);
    }
    wait_child(pid);
    /* A control buffer too small for the file: MSG_CTRUNC. */
    NT(pipe(p));
    memcpy(CMSG_DATA(c), &p[0], sizeof(int));
    NT(sendmsg(sv[0], &mh, 0));
    char small[8];
    char one;
    struct iovec riov = { &one, 1 };
    struct msghdr rm = { 0 };
    rm.msg_iov = &riov;
    rm.msg_iovlen = 1;
    rm.msg_control = small;
    rm.msg_controllen = sizeof small;
    NT(recvmsg(sv[1], &rm, 0));
    printf("ctrunc=%s controllen=%d\n", yesno(rm.msg_flags & MSG_CTRUNC), (int)rm.msg_controllen);
    NT(close(sv[0]));
    NT(close(sv[1]));
    NT(close(p[0]));
    NT(close(p[1]));
}

static void names(void)
{
    int sv[2];
    struct sockaddr_un a;
    socklen_t len = sizeof a;
    struct stat st;
    printf("-- names\n");
    NT(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv));
    NT(getsockname(sv[0], (struct sockaddr *)&a, &len));
    printf("len %d family %d\n", (int)len, a.sun_family);
    len = sizeof a;
    NT(getpeername(sv[0], (struct sockaddr *)&a, &len));
    printf("len %d\n", (int)len);
    NT(fcntl(sv[0], F_GETFD));
    NT(fcntl(sv[0], F_GETFL) & O_NONBLOCK);
    NT(fstat(sv[0], &st));
    printf("sock %s mode %o\n", yesno(S_ISSOCK(st.st_mode)), st.st_mode & 0777);
    int v = 0;
    socklen_t vl = sizeof v;
    NT(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &vl));
    printf("type %d len %d\n", v, (int)vl);
    NT(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &vl));
    printf("domain %d\n", v);
    NT(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &vl));
    printf("error %d\n", v);
    struct ucred cr;
    socklen_t cl = sizeof cr;
    NT(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl));
    printf("peercred pid same %s uid same %s len %d\n", yesno(cr.pid == getpid()), yesno(cr.uid == geteuid()), (int)cl);
    NT(getsockopt(sv[0], SOL_SOCKET, 9999, &v, &vl));
    NT(setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
    NT(close(sv[0]));
    NT(close(sv[1]));
}

int main(void)
{
    stream_part();
    boundaries(SOCK_DGRAM, "dgram");
    boundaries(SOCK_SEQPACKET, "seqpacket");
    rights();
    names();
    return 0;
}
