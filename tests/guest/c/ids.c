/* getpid/gettid/getppid relations and the user/group ids. */
#include "guest.h"

int main(void)
{
    pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid), ppid = getppid();
    printf("pid>0: %s\n", yesno(pid > 0));
    printf("tid==pid (single thread): %s\n", yesno(tid == pid));
    printf("ppid>0: %s, ppid!=pid: %s\n", yesno(ppid > 0), yesno(ppid != pid));
    printf("getpid stable: %s\n", yesno(getpid() == pid && syscall(SYS_getpid) == pid));
    uid_t u = getuid(), eu = geteuid();
    gid_t g = getgid(), eg = getegid();
    printf("uid=%u euid=%u gid=%u egid=%u\n", u, eu, g, eg);
    printf("uid==euid: %s gid==egid: %s\n", yesno(u == eu), yesno(g == eg));
    uid_t r, e, s;
    T(getresuid(&r, &e, &s));
    printf("resuid consistent: %s\n", yesno(r == u && e == eu && s == eu));
    gid_t rg, egg, sg;
    T(getresgid(&rg, &egg, &sg));
    printf("resgid consistent: %s\n", yesno(rg == g && egg == eg && sg == eg));
    R("getresuid(BADPTR)", SYS_getresuid, (long)BADPTR, (long)&e, (long)&s);
    /* In a pid namespace whose session began outside it, both are 0: compare, don't test sign. */
    printf("pgid==getpgrp: %s sid==getsid(pid): %s\n", yesno(getpgid(0) == getpgrp()),
           yesno(getsid(0) == getsid(pid)));
    T(getpgid(-1));                      /* ESRCH */
    return 0;
}
