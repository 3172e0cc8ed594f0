/* getrusage(2) and times(2): sanity. */
#include "guest.h"
#include <sys/resource.h>
#include <sys/times.h>

int main(void)
{
    volatile double x = 0;
    for (int i = 0; i < 200000; i++) x += i * 0.5;
    struct rusage ru;
    T(getrusage(RUSAGE_SELF, &ru));
    printf("utime valid: %s\n", yesno(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000));
    printf("stime valid: %s\n", yesno(ru.ru_stime.tv_sec >= 0 && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000));
    printf("maxrss>=0: %s\n", yesno(ru.ru_maxrss >= 0));
    T(getrusage(RUSAGE_CHILDREN, &ru));
    printf("children utime zero: %s\n", yesno(ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec == 0));
    T(getrusage(RUSAGE_THREAD, &ru));
    T(getrusage(42, &ru));                 /* EINVAL */
    R("getrusage(BADPTR)", SYS_getrusage, RUSAGE_SELF, (long)BADPTR);
    struct tms t;
    clock_t c = times(&t);
    printf("times ok: %s\n", yesno(c != (clock_t)-1));
    printf("tms fields >= 0: %s\n", yesno(t.tms_utime >= 0 && t.tms_stime >= 0 && t.tms_cutime == 0 && t.tms_cstime == 0));
    long r = syscall(SYS_times, NULL);
    printf("times(NULL) ok: %s\n", yesno(r != -1));
    R("times(BADPTR)", SYS_times, (long)BADPTR);
    printf("CLK_TCK=%ld\n", sysconf(_SC_CLK_TCK));
    return 0;
}
