/* A breakpoint with no debugger: SIGTRAP, status 133. */
#include "guest.h"

int main(void)
{
    printf("about to execute int3\n");
    __asm__ volatile("int3");
    printf("not reached\n");
    return 0;
}
