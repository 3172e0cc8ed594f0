/* Helpers shared by the net_* guest programs: errno names of the socket family, and NT(expr)
 * that prints them the way guest.h's T() does. */
#ifndef SYSGATE_NET_COMMON_H
#define SYSGATE_NET_COMMON_H
#include "guest.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <poll.h>
#include <stddef.h>

static const char *net_err(int e)
{
    switch (e) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EINPROGRESS: return "EINPROGRESS";
    case EALREADY: return "EALREADY";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case ENETUNREACH: return "ENETUNREACH";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EMSGSIZE: return "EMSGSIZE";
    case ECONNRESET: return "ECONNRESET";
    default: return err_name(e);
    }
}

static long net_report(const char *what, long r, int e)
{
    if (r < 0) printf("%s = %ld %s\n", what, r, net_err(e));
    else printf("%s = %ld\n", what, r);
    return r;
}
#define NT(expr) ({ errno = 0; long r_ = (long)(expr); net_report(#expr, r_, errno); })

static void wait_child(pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st)) printf("child exit %d\n", WEXITSTATUS(st));
    else printf("child signal %d\n", WTERMSIG(st));
}
#endif
