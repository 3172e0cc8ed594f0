/* uname(2): only the fields that do not depend on the host build. */
#include "guest.h"
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    T(uname(&u));
    printf("sysname=%s\nmachine=%s\n", u.sysname, u.machine);
    printf("release non-empty: %s, nodename non-empty: %s\n", yesno(u.release[0] != 0), yesno(u.nodename[0] != 0));
    char host[256];
    T(gethostname(host, sizeof host));
    printf("gethostname==nodename: %s\n", yesno(strcmp(host, u.nodename) == 0));
    R("uname(BADPTR)", SYS_uname, (long)BADPTR);
    int major = 0, minor = 0;
    sscanf(u.release, "%d.%d", &major, &minor);
    printf("release >= 3.2: %s\n", yesno(major > 3 || (major == 3 && minor >= 2)));
    return 0;
}
