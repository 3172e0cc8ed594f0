/* Bulk data through a UNIX stream: one large write blocks until the reader drains it and still
 * returns the whole count; MSG_WAITALL; FIONREAD; SO_PASSCRED credentials. */
#include "net_common.h"
#include <sys/ioctl.h>

#define TOTAL (1 << 20)

int main(void)
{
    int sv[2];
    NT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int v = 0;
    socklen_t vl = sizeof v;
    NT(getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &vl));
    printf("sndbuf %d\n", v);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[1]);
        unsigned char *buf = malloc(TOTAL);
        for (int i = 0; i < TOTAL; i++) buf[i] = (unsigned char)(i * 7 + (i >> 11));
        long n = write(sv[0], buf, TOTAL);
        printf("child wrote %ld\n", n);
        _exit(0);
    }
    close(sv[0]);
    static unsigned char in[65536];
    unsigned long sum = 0;
    long total = 0;
    int chunks = 0;
    for (;;) {
        long n = recv(sv[1], in, sizeof in, MSG_WAITALL);
        if (n <= 0) break;
        for (long i = 0; i < n; i++) sum = sum * 31 + in[i];
        total += n;
        if (n == sizeof in) chunks++;
    }
    wait_child(pid);
    printf("read %ld bytes, %d full chunks, sum %lx\n", total, chunks, sum);
    close(sv[1]);

    printf("-- FIONREAD and credentials\n");
    NT(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    v = 1;
    NT(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, sizeof v));
    NT(send(sv[0], "12345", 5, 0));
    NT(send(sv[0], "67", 2, 0));
    int avail = -1;
    NT(ioctl(sv[1], FIONREAD, &avail));
    printf("avail %d\n", avail);
    char data[16];
    char cbuf[CMSG_SPACE(sizeof(struct ucred))];
    struct iovec iov = { data, sizeof data };
    struct msghdr mh = { 0 };
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cbuf;
    mh.msg_controllen = sizeof cbuf;
    NT(recvmsg(sv[1], &mh, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    if (c && c->cmsg_type == SCM_CREDENTIALS) {
        struct ucred cr;
        memcpy(&cr, CMSG_DATA(c), sizeof cr);
        printf("creds len %d pid same %s uid same %s gid same %s\n", (int)c->cmsg_len, yesno(cr.pid == getpid()),
               yesno(cr.uid == getuid()), yesno(cr.gid == getgid()));
    } else {
        printf("no creds\n");
    }
    close(sv[0]);
    close(sv[1]);
    return 0;
}
