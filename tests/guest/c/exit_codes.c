/* exit(3), _exit(2), exit_group(2) and return from main, chosen by argv[1]. */
#include "guest.h"

static void bye(void) { printf("atexit handler ran\n"); }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "return";
    atexit(bye);
    printf("mode=%s\n", mode);
    if (strcmp(mode, "exit3") == 0) exit(3);
    if (strcmp(mode, "_exit") == 0) { fflush(stdout); _exit(42); }
    if (strcmp(mode, "group") == 0) { fflush(stdout); syscall(SYS_exit_group, 7); }
    if (strcmp(mode, "exit") == 0) { fflush(stdout); syscall(SYS_exit, 9); } /* last thread: the process ends */
    if (strcmp(mode, "big") == 0) exit(256 + 5);  /* only the low byte survives */
    if (strcmp(mode, "neg") == 0) exit(-1);
    return 0;
}
