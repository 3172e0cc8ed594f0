/* prlimit64(2), getrlimit(2), setrlimit(2). */
#include "guest.h"
#include <sys/resource.h>

int main(void)
{
    struct rlimit r, r2;
    T(getrlimit(RLIMIT_NOFILE, &r));
    printf("nofile soft<=hard: %s soft>=3: %s\n", yesno(r.rlim_cur <= r.rlim_max), yesno(r.rlim_cur >= 3));
    T(getrlimit(RLIMIT_STACK, &r));
    printf("stack soft>=128KiB or infinite: %s\n", yesno(r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= 131072));
    r.rlim_cur = 64;
    T(getrlimit(RLIMIT_NOFILE, &r2));
    r.rlim_max = r2.rlim_max;
    T(setrlimit(RLIMIT_NOFILE, &r));
    T(getrlimit(RLIMIT_NOFILE, &r2));
    printf("nofile soft now=%lu\n", (unsigned long)r2.rlim_cur);
    /* The limit is enforced: descriptors above 63 are refused. */
    T(dup2(0, 63));
    T(dup2(0, 64));                      /* EBADF */
    T(fcntl(0, F_DUPFD, 64));            /* EINVAL */
    r.rlim_cur = r2.rlim_max + 1;
    r.rlim_max = r2.rlim_max;
    if (r2.rlim_max != RLIM_INFINITY) T(setrlimit(RLIMIT_NOFILE, &r)); /* EINVAL: soft > hard */
    else printf("setrlimit(RLIMIT_NOFILE, &r) = -1 EINVAL\n");
    T(getrlimit(9999, &r));              /* EINVAL */
    struct rlimit lo = {1000000, 2000000};
    T(setrlimit(RLIMIT_CPU, &lo));
    T(getrlimit(RLIMIT_CPU, &r));
    printf("cpu=%lu/%lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
    /* Raising a hard limit needs CAP_SYS_RESOURCE, which even root may lack (containers):
     * only unprivileged runs print it here; rlimit_eperm.c drops privileges to test it. */
    if (geteuid() != 0) {
        struct rlimit up = {1000000, 3000000};
        T(setrlimit(RLIMIT_CPU, &up));   /* EPERM */
    }
    struct rlimit bad = {5, 4};
    T(setrlimit(RLIMIT_CPU, &bad));      /* EINVAL */
    /* prlimit64 on ourselves: set and get old in one call. */
    struct rlimit nw = {12345678, 12345678}, old;
    T(syscall(SYS_prlimit64, 0, RLIMIT_FSIZE, &nw, &old));
    T(syscall(SYS_prlimit64, getpid(), RLIMIT_FSIZE, NULL, &old));
    printf("fsize=%lu/%lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
    R("prlimit64(BADPTR new)", SYS_prlimit64, 0, RLIMIT_FSIZE, (long)BADPTR, 0);
    R("prlimit64(BADPTR old)", SYS_prlimit64, 0, RLIMIT_FSIZE, 0, (long)BADPTR);
    R("prlimit64(bad resource)", SYS_prlimit64, 0, 77, 0, (long)&old);
    return 0;
}
