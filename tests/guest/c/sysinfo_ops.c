/* sysinfo(2): sanity relations only. */
#include "guest.h"
#include <sys/sysinfo.h>

int main(void)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    T(sysinfo(&si));
    printf("uptime>0: %s\n", yesno(si.uptime > 0));
    printf("mem_unit>=1: %s\n", yesno(si.mem_unit >= 1));
    printf("totalram>0: %s\n", yesno(si.totalram > 0));
    printf("freeram<=totalram: %s\n", yesno(si.freeram <= si.totalram));
    printf("procs>=1: %s\n", yesno(si.procs >= 1));
    printf("totalswap>=freeswap: %s\n", yesno(si.totalswap >= si.freeswap));
    R("sysinfo(BADPTR)", SYS_sysinfo, (long)BADPTR);
    printf("nprocs_conf>=1: %s\n", yesno(get_nprocs_conf() >= 1));
    return 0;
}
