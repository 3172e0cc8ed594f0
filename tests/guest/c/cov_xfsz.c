/* Coverage: RLIMIT_FSIZE with SIGXFSZ at its default action. A write that crosses the limit is
 * cut short; the next one, starting at the limit, raises SIGXFSZ, which ends the program
 * ("File size limit exceeded", status 128+25). */
#include "guest.h"
#include <sys/resource.h>

int main(void)
{
    int fd = T(open("big", O_WRONLY | O_CREAT | O_TRUNC, 0644));
    struct rlimit r = {4, 4};
    T(setrlimit(RLIMIT_FSIZE, &r));
    T(write(fd, "0123456789", 10));                     /* 4: cut at the limit */
    T(write(1, "stdout is a pipe: no limit there\n", 33));
    printf("about to cross the limit\n");
    fflush(stdout);
    write(fd, "x", 1);                                  /* SIGXFSZ */
    printf("still alive (wrong)\n");
    return 0;
}
