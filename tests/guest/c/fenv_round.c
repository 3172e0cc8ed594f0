/* Floating-point environment: rounding modes (MXCSR and x87), exceptions, conversions, NaN rules. */
#include "guest.h"
#include <fenv.h>
#include <math.h>

int main(void)
{
    const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    const char *names[] = {"nearest", "down", "up", "zero"};
    volatile double vals[] = {2.5, -2.5, 1.0 / 3.0, -7.5, 0.1};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("%-8s getround ok=%s", names[m], yesno(fegetround() == modes[m]));
        for (int i = 0; i < 5; i++) printf(" rint=%g lrint=%ld", rint(vals[i]), lrint(vals[i]));
        volatile double one_ = 1.0, three = 3.0;
        volatile float fone = 1.0f, fthree = 3.0f;
        volatile long double lone = 1.0L, lthree = 3.0L;
        volatile double third = one_ / three;
        volatile float fthird = fone / fthree;
        volatile long double lthird = lone / lthree;
        printf(" 1/3=%a f=%a ld=%La nearbyint=%g\n", third, (double)fthird, lthird, nearbyint(vals[3] / 15));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0, one = 1.0, big = 1e308, tiny = 1e-308;
    volatile double r1 = one / z;
    printf("div by zero raised: %s inf=%g\n", yesno(fetestexcept(FE_DIVBYZERO)), r1);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r2 = big * 10;
    printf("overflow raised: %s\n", yesno(fetestexcept(FE_OVERFLOW)));
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r3 = tiny / 1e10;
    printf("underflow raised: %s value=%a\n", yesno(fetestexcept(FE_UNDERFLOW)), r3);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r4 = z / z;
    printf("invalid raised: %s nan: %s\n", yesno(fetestexcept(FE_INVALID)), yesno(isnan(r4)));
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r5 = one / 3.0;
    printf("inexact raised: %s\n", yesno(fetestexcept(FE_INEXACT)));
    (void)r2; (void)r5;
    /* Conversions at the edges (cvttsd2si gives the "integer indefinite" value). */
    volatile double edge[] = {2147483647.5, -2147483648.9, 1e10, -1e19, 9.3e18, NAN, INFINITY};
    for (int i = 0; i < 7; i++)
        printf("conv %g -> int %d long %lld uint %u\n", edge[i], (int)edge[i], (long long)edge[i], (unsigned)(long long)edge[i]);
    volatile float ff = 16777217.0f;
    volatile unsigned long long big64 = 18446744073709551615ULL;
    printf("float 2^24+1=%.1f u64->double=%.1f u64->float=%.1f\n", (double)ff, (double)big64, (double)(float)big64);
    /* NaN ordering and signed zeros. */
    volatile double nan = NAN, nz = -0.0;
    printf("nan==nan %d nan<1 %d nan!=nan %d -0==0 %d signbit(-0)=%d copysign=%g\n", nan == nan, nan < 1, nan != nan,
           nz == 0.0, signbit(nz) != 0, copysign(3.0, nz));
    printf("fmin(nan,1)=%g fmax(-0,0)=%g hypot=%.17g cbrt=%.17g\n", fmin(nan, 1.0), fmax(nz, 0.0), hypot(3e200, 4e200), cbrt(-27.0));
    printf("remainder=%g remquo ok frexp=%g ldexp=%g modf=%g\n", remainder(7.0, 2.0), frexp(48.0, &(int){0}), ldexp(0.75, 6),
           modf(-3.75, &(double){0}));
    return 0;
}
