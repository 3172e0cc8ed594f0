/* hello-c: the same greeting through libc (musl), which ends up in the same write(2). */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello, world! (from C, via printf)\n");
    for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
