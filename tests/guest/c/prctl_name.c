/* prctl(2) PR_SET_NAME / PR_GET_NAME. */
#include "guest.h"
#include <sys/prctl.h>

int main(void)
{
    char name[32];
    memset(name, 'x', sizeof name);
    T(prctl(PR_GET_NAME, name));
    printf("initial name='%s'\n", name);
    T(prctl(PR_SET_NAME, "sysgate-guest"));
    T(prctl(PR_GET_NAME, name));
    printf("name='%s'\n", name);
    T(prctl(PR_SET_NAME, "a-very-long-thread-name-indeed"));
    memset(name, 'x', sizeof name);
    T(prctl(PR_GET_NAME, name));
    printf("truncated='%s' len=%zu\n", name, strlen(name));
    T(prctl(PR_SET_NAME, ""));
    T(prctl(PR_GET_NAME, name));
    printf("empty='%s'\n", name);
    R("prctl(PR_SET_NAME, BADPTR)", SYS_prctl, PR_SET_NAME, (long)BADPTR);
    R("prctl(PR_GET_NAME, BADPTR)", SYS_prctl, PR_GET_NAME, (long)BADPTR);
    T(prctl(9999, 0, 0, 0, 0));           /* EINVAL */
    T(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    return 0;
}
