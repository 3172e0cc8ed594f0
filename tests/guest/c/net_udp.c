/* UDP on loopback: datagrams with addresses, connect, boundaries and truncation, IPv6. */
#include "net_common.h"

static void v4(void)
{
    printf("-- udp v4\n");
    int a = NT(socket(AF_INET, SOCK_DGRAM, 0));
    int b = NT(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP));
    struct sockaddr_in sa = { 0 };
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    NT(bind(a, (struct sockaddr *)&sa, sizeof sa));
    socklen_t l = sizeof sa;
    NT(getsockname(a, (struct sockaddr *)&sa, &l));
    printf("port set %s\n", yesno(sa.sin_port != 0));
    NT(sendto(b, "hello", 5, 0, (struct sockaddr *)&sa, sizeof sa));
    NT(sendto(b, "datagram two", 12, 0, (struct sockaddr *)&sa, sizeof sa));
    struct sockaddr_in bn;
    socklen_t bl = sizeof bn;
    NT(getsockname(b, (struct sockaddr *)&bn, &bl));
    char txt[32];
    inet_ntop(AF_INET, &bn.sin_addr, txt, sizeof txt);
    printf("sender bound to %s, port set %s\n", txt, yesno(bn.sin_port != 0));
    char buf[64] = { 0 };
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    NT(recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    inet_ntop(AF_INET, &from.sin_addr, txt, sizeof txt);
    printf("got '%s' from %s len %d same port %s\n", buf, txt, (int)fl, yesno(from.sin_port == bn.sin_port));
    memset(buf, 0, sizeof buf);
    NT(recv(a, buf, 8, MSG_TRUNC));
    printf("got '%s'\n", buf);
    NT(recv(a, buf, 8, MSG_DONTWAIT));
    /* reply to the sender's address */
    NT(sendto(a, "reply", 5, 0, (struct sockaddr *)&from, fl));
    memset(buf, 0, sizeof buf);
    NT(recv(b, buf, sizeof buf, 0));
    printf("got '%s'\n", buf);
    /* connect narrows and allows send() */
    NT(connect(b, (struct sockaddr *)&sa, sizeof sa));
    NT(send(b, "via connect", 11, 0));
    memset(buf, 0, sizeof buf);
    NT(read(a, buf, sizeof buf));
    printf("got '%s'\n", buf);
    struct sockaddr_in p;
    socklen_t pl = sizeof p;
    NT(getpeername(b, (struct sockaddr *)&p, &pl));
    printf("peer same %s\n", yesno(p.sin_port == sa.sin_port));
    pl = sizeof p;
    NT(getpeername(a, (struct sockaddr *)&p, &pl));
    NT(send(a, "x", 1, 0));
    /* the receiver goes away: the connected sender hears of it */
    NT(close(a));
    NT(send(b, "lost", 4, 0));
    NT(recv(b, buf, sizeof buf, MSG_DONTWAIT));
    NT(recv(b, buf, sizeof buf, MSG_DONTWAIT));
    int v = 0;
    socklen_t vl = sizeof v;
    NT(getsockopt(b, SOL_SOCKET, SO_TYPE, &v, &vl));
    printf("type %d\n", v);
    NT(getsockopt(b, SOL_SOCKET, SO_PROTOCOL, &v, &vl));
    printf("protocol %d\n", v);
    NT(listen(b, 1));
    NT(accept(b, NULL, NULL));
    NT(close(b));
}

static void v6(void)
{
    printf("-- udp v6\n");
    int a = NT(socket(AF_INET6, SOCK_DGRAM, 0));
    struct sockaddr_in6 sa = { 0 };
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_any;
    NT(bind(a, (struct sockaddr *)&sa, sizeof sa));
    socklen_t l = sizeof sa;
    NT(getsockname(a, (struct sockaddr *)&sa, &l));
    int port = ntohs(sa.sin6_port);
    /* a v4 sender reaches a dual-stack v6 socket */
    int b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { 0 };
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    NT(sendto(b, "from v4", 7, 0, (struct sockaddr *)&to, sizeof to));
    char buf[32] = { 0 };
    struct sockaddr_in6 from;
    socklen_t fl = sizeof from;
    NT(recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    char txt[64];
    inet_ntop(AF_INET6, &from.sin6_addr, txt, sizeof txt);
    printf("got '%s' from %s len %d\n", buf, txt, (int)fl);
    int c = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 to6 = { 0 };
    to6.sin6_family = AF_INET6;
    to6.sin6_port = htons(port);
    to6.sin6_addr = in6addr_loopback;
    NT(sendto(c, "from v6", 7, 0, (struct sockaddr *)&to6, sizeof to6));
    memset(buf, 0, sizeof buf);
    fl = sizeof from;
    NT(recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    inet_ntop(AF_INET6, &from.sin6_addr, txt, sizeof txt);
    printf("got '%s' from %s\n", buf, txt);
    int v = 1;
    socklen_t vl = sizeof v;
    NT(getsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl));
    printf("v6only %d\n", v);
    NT(getsockopt(b, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl));
    close(a); close(b); close(c);
}

static void batches(void)
{
    printf("-- sendmmsg/recvmmsg\n");
    int a = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = { 0 };
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(a, (struct sockaddr *)&sa, sizeof sa);
    socklen_t l = sizeof sa;
    getsockname(a, (struct sockaddr *)&sa, &l);
    int b = socket(AF_INET, SOCK_DGRAM, 0);
    connect(b, (struct sockaddr *)&sa, sizeof sa);
    struct mmsghdr out[3];
    struct iovec oiov[3] = { { "a", 1 }, { "bb", 2 }, { "ccc", 3 } };
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_iov = &oiov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    NT(sendmmsg(b, out, 3, 0));
    printf("lens %u %u %u\n", out[0].msg_len, out[1].msg_len, out[2].msg_len);
    struct mmsghdr in[4];
    char bufs[4][8];
    struct iovec iiov[4];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 4; i++) {
        iiov[i].iov_base = bufs[i];
        iiov[i].iov_len = sizeof bufs[i];
        in[i].msg_hdr.msg_iov = &iiov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    NT(recvmmsg(a, in, 4, MSG_DONTWAIT, NULL));
    printf("lens %u %u %u\n", in[0].msg_len, in[1].msg_len, in[2].msg_len);
    NT(recvmmsg(a, in, 4, MSG_DONTWAIT, NULL));
    close(a);
    close(b);
}

int main(void)
{
    v4();
    v6();
    batches();
    return 0;
}
