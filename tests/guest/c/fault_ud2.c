/* An undefined instruction: SIGILL, status 132. */
#include "guest.h"

int main(void)
{
    printf("about to execute ud2\n");
    __asm__ volatile("ud2");
    printf("not reached\n");
    return 0;
}
