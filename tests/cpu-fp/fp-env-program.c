/* Long double limits, frexpl/scalbnl/fmodl/remainderl, strtold extremes, every rounding mode for x87
 * and SSE, and exception flags seen through fenv.h: run natively and under the CPU (programs.test.ts). */
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <fenv.h>
int main(void) {
    printf("%Lg %Lg %Lg %La\n", LDBL_MAX, LDBL_MIN, LDBL_TRUE_MIN, LDBL_EPSILON);
    printf("%.25Le %Lf %Lf\n", 1e4000L / 3, nanl(""), -HUGE_VALL);
    long double v[] = { 1.5L, -0.0L, 1e-4940L, 123456789012345678901234567890.0L, 0.1L };
    for (int i = 0; i < 5; i++) { int e; long double m = frexpl(v[i], &e); printf("%.21Lg %d %Lg %Lg\n", m, e, logbl(v[i] + 1), scalbnl(v[i], 100)); }
    printf("%.20Lg %.20Lg %.20Lg\n", fmodl(1e30L, 7.0L), remainderl(1e30L, 7.0L), remquol(10.0L, 3.0L, &(int){0}));
    printf("%.20Lg %.20Lg\n", strtold("1e-4950", 0), strtold("0x1.fffffffffffffffep+16383", 0));
    for (int m = 0; m < 4; m++) { int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}; fesetround(modes[m]);
        volatile long double a = 1.0L, b = 3.0L; volatile double x = 1.0, y = 3.0; volatile float f = 1.0f, g = 3.0f;
        printf("%La %a %a %ld %lld %.20Lg\n", a / b, x / y, (double)(f / g), lrint(2.5), llrintl(-2.5L), sqrtl(b)); }
    fesetround(FE_TONEAREST);
    printf("%d %d\n", fetestexcept(FE_ALL_EXCEPT) != 0, (int)(0.1 * 3 == 0.3));
    feclearexcept(FE_ALL_EXCEPT); volatile double z = 0; volatile double q = 1 / z; (void)q;
    printf("%d %d %d\n", !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_INEXACT), !!fetestexcept(FE_INVALID));
    feclearexcept(FE_ALL_EXCEPT); volatile long double lz = 0; volatile long double lq = 1 / lz; (void)lq;
    printf("%d %d\n", !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_INVALID));
    return 0;
}
