/* Unknown system call numbers fail with ENOSYS.
 * (Not 335: since Linux 6.11 that is uretprobe, which answers with SIGILL.) */
#include "guest.h"

int main(void)
{
    R("syscall(1000)", 1000, 0);
    R("syscall(520) (x32-only number)", 520, 0);
    R("syscall(-1)", -1L, 0);
    R("syscall(0x40000000|39)", 0x40000000L | 39, 0); /* x32 bit: not for x86-64 programs */
    R("syscall(548)", 548, 0);
    T(syscall(2000, 1, 2, 3));
    /* A known call still works afterwards. */
    printf("getpid still fine: %s\n", yesno(syscall(SYS_getpid) == getpid()));
    return 0;
}
