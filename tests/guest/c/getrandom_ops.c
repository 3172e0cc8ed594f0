/* getrandom(2): lengths, flags, errors. */
#include "guest.h"
#include <sys/random.h>

int main(void)
{
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    T(getrandom(a, sizeof a, 0));
    T(getrandom(b, sizeof b, GRND_NONBLOCK));
    printf("two draws differ: %s\n", yesno(memcmp(a, b, sizeof a) != 0));
    T(getrandom(a, 0, 0));
    T(getrandom(a, 1, 0));
    T(getrandom(a, 33, GRND_RANDOM | GRND_NONBLOCK) > 0);
    static unsigned char big[1 << 16];
    long n = T(getrandom(big, sizeof big, 0));
    int nonzero = 0;
    for (long i = 0; i < n; i++) nonzero += big[i] != 0;
    printf("mostly nonzero: %s\n", yesno(nonzero > n / 2));
    T(getrandom(a, 8, 0x100));            /* EINVAL */
    T(getrandom(a, 8, -1));               /* EINVAL */
    R("getrandom(BADPTR)", SYS_getrandom, (long)BADPTR, 8, 0);
    return 0;
}
