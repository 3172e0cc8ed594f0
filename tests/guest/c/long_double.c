/* long double (x87 80-bit) arithmetic and printing. */
#include "guest.h"
#include <float.h>
#include <math.h>

int main(void)
{
    long double a = 1.0L / 3.0L, b = 2.0L, c = 1e4000L;
    printf("LDBL_MANT_DIG=%d LDBL_MAX_EXP=%d\n", LDBL_MANT_DIG, LDBL_MAX_EXP);
    printf("a=%.25Lf\n", a);
    printf("a=%La\n", a);
    printf("a*3=%.25Lg\n", a * 3);
    printf("sqrt2=%.25Lf\n", sqrtl(b));
    printf("c=%Le\n", c);
    printf("c*c=%Lf\n", c * c);
    printf("-c*c=%Lf\n", -c * c);
    printf("tiny=%Le\n", LDBL_MIN);
    printf("max=%Le\n", LDBL_MAX);
    printf("eps=%La\n", LDBL_EPSILON);
    long double sum = 0;
    for (int i = 1; i <= 1000; i++) sum += 1.0L / ((long double)i * i);
    printf("basel(1000)=%.20Lf\n", sum);
    long double f = 1;
    for (int i = 1; i <= 25; i++) f *= i;
    printf("25!=%.0Lf\n", f);
    printf("fmodl=%.10Lf floorl=%.1Lf ceill=%.1Lf fabsl=%.3Lf\n", fmodl(10.5L, 3.0L), floorl(-1.5L), ceill(-1.5L), fabsl(-2.25L));
    printf("conversions: %lld %.1f %u\n", (long long)(a * 1e18L), (double)a, (unsigned)(b * 1000000));
    long double z = 0.0L;
    printf("inf=%Lf nan=%Lf\n", 1.0L / z, z / z);
    printf("compare: %d %d %d\n", a < b, a == a, (z / z) == (z / z));
    volatile long double big = 18446744073709551615.0L;
    printf("u64 max as ld=%.0Lf back=%llu\n", big, (unsigned long long)big);
    printf("int to ld: %.1Lf %.1Lf\n", (long double)-9223372036854775807LL, (long double)123456789012345ULL);
    long double r = strtold("1.18973149535723176502e+4932", NULL);
    printf("strtold max-ish=%Le\n", r);
    printf("%%Lg variety: %Lg %Lg %Lg %.30Lg\n", 0.0001L, 123456789.0L, 1e-10L, 0.1L);
    return 0;
}
