/* sched_getaffinity(2). */
#include "guest.h"
#include <sched.h>

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    T(sched_getaffinity(0, sizeof set, &set));
    int n = CPU_COUNT(&set);
    printf("count>=1: %s\n", yesno(n >= 1));
    long r = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    printf("raw returns a size multiple of 8: %s\n", yesno(r > 0 && r % 8 == 0));
    R("sched_getaffinity(size 1)", SYS_sched_getaffinity, 0, 1, (long)&set);   /* EINVAL */
    R("sched_getaffinity(size 7)", SYS_sched_getaffinity, 0, 7, (long)&set);   /* EINVAL */
    R("sched_getaffinity(BADPTR)", SYS_sched_getaffinity, 0, sizeof set, (long)BADPTR);
    printf("by pid works: %s\n", yesno(syscall(SYS_sched_getaffinity, getpid(), sizeof set, &set) == r));
    printf("sched_yield=%d\n", sched_yield());
    printf("nprocs>=1: %s\n", yesno(sysconf(_SC_NPROCESSORS_ONLN) >= 1));
    return 0;
}
