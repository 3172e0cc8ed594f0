/* A NULL dereference: SIGSEGV, status 139. */
#include "guest.h"

int main(void)
{
    printf("about to dereference NULL\n");
    volatile int *p = (volatile int *)(uintptr_t)0;
    *p = 1;
    printf("not reached\n");
    return 0;
}
