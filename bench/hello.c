/* Start-up benchmark in C: libc initialisation plus one line of output. */
#include <stdio.h>

int main(void) {
    puts("hello");
    return 0;
}
