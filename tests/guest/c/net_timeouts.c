/* SO_RCVTIMEO and SO_SNDTIMEO: a blocked receive, accept or send gives up with EAGAIN. */
#include "net_common.h"
#include <sys/time.h>

int main(void)
{
    int sv[2];
    char buf[8];
    NT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    struct timeval tv = { 0, 50000 };
    NT(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    struct timeval got = { 9, 9 };
    socklen_t gl = sizeof got;
    NT(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &gl));
    /* Linux rounds to its clock tick: only the neighbourhood is portable. */
    printf("rcvtimeo ~50ms %s len %d\n", yesno(got.tv_sec == 0 && got.tv_usec >= 50000 && got.tv_usec <= 60000), (int)gl);
    NT(read(sv[0], buf, sizeof buf));
    NT(recv(sv[0], buf, sizeof buf, MSG_WAITALL));
    NT(write(sv[1], "ab", 2));
    NT(recv(sv[0], buf, sizeof buf, MSG_WAITALL));
    tv.tv_usec = 2000000;
    NT(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    /* a full buffer: the sender times out after a partial write, or with EAGAIN */
    tv.tv_usec = 50000;
    NT(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    static char big[1 << 20];
    long n = write(sv[1], big, sizeof big);
    printf("partial %s\n", yesno(n > 0 && n < (long)sizeof big));
    NT(write(sv[1], big, sizeof big));
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { 0 };
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    NT(bind(l, (struct sockaddr *)&sa, sizeof sa));
    NT(listen(l, 1));
    NT(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    NT(accept(l, NULL, NULL));
    return 0;
}
