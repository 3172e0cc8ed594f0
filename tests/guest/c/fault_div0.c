/* Integer division by zero: SIGFPE, status 136. */
#include "guest.h"

int main(int argc, char **argv)
{
    volatile int zero = argc - 1, n = 42;
    printf("about to divide by zero\n");
    if (argc > 1 && strcmp(argv[1], "overflow") == 0) {
        volatile long big = (long)0x8000000000000000UL, m1 = -1;
        printf("%ld\n", big / m1);     /* INT64_MIN / -1 also traps */
    }
    printf("%d\n", n / zero);
    printf("not reached\n");
    return 0;
}
