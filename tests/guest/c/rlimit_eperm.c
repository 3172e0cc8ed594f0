/* EPERM from setrlimit/prlimit64: become an unprivileged user first (when started as root),
 * then try to raise hard limits. */
#include "guest.h"
#include <sys/resource.h>

int main(void)
{
    if (geteuid() == 0) {
        printf("started as root: dropping to 65534\n");
        T(setresgid(65534, 65534, 65534));
        T(setresuid(65534, 65534, 65534));
    } else {
        printf("started unprivileged\n");
    }
    printf("unprivileged now: %s\n", yesno(geteuid() != 0));
    struct rlimit r;
    T(getrlimit(RLIMIT_NOFILE, &r));
    if (r.rlim_max != RLIM_INFINITY) {
        struct rlimit up = {r.rlim_cur, r.rlim_max + 1};
        T(setrlimit(RLIMIT_NOFILE, &up));        /* EPERM */
    }
    struct rlimit lower = {10, 20};
    T(setrlimit(RLIMIT_CORE, &lower));
    struct rlimit back = {10, 21};
    T(setrlimit(RLIMIT_CORE, &back));            /* EPERM: cannot raise it again */
    T(getrlimit(RLIMIT_CORE, &r));
    printf("core=%lu/%lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
    /* And after dropping, root's files are off limits. */
    T(setuid(0));                                /* EPERM */
    return 0;
}
