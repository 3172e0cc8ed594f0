/* abort(3): SIGABRT, status 134 (and a failed assert does the same). */
#include "guest.h"
#include <assert.h>

int main(int argc, char **argv)
{
    printf("about to abort\n");
    if (argc > 1 && strcmp(argv[1], "assert") == 0) {
        volatile int x = 1;
        assert(x == 2);
    }
    abort();
    return 0;
}
