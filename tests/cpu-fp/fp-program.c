/* Floating point through libc: printf/strtod of float, double and long double, libm, conversions,
 * denormals; run natively and under the CPU by programs.test.ts. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
int main(int argc, char **argv) {
    double d = 3.141592653589793, e = 0;
    volatile double z = 0.0;
    float f = 1.0f / 3.0f;
    long double ld = 1.0L / 3.0L;
    printf("%f %.17g %e %g %a\n", d, d, d * 1e100, d / 7, d);
    printf("%f %.9g\n", f, (double)f);
    printf("%Lf %.21Lg %La\n", ld, ld, ld);
    printf("%.30Lf\n", sqrtl(2.0L));
    printf("%Lg %Lg %Lg\n", fmodl(10.5L, 3.0L), frexpl(1234.5L, &argc), ldexpl(1.5L, 100));
    printf("%.20g %.20Lg\n", strtod("2.718281828459045235360287", 0), strtold("2.718281828459045235360287471352662", 0));
    printf("%g %g %g %g\n", sqrt(2.0), floor(-2.5), ceil(2.1), round(2.5));
    printf("%g %g %g %g %g\n", sin(1.0), cos(1.0), exp(1.0), log(10.0), pow(2.0, 0.5));
    printf("%f %f %f\n", 1.0 / z, -1.0 / z, z / z);
    long long big = 9007199254740993LL;
    printf("%.1f %lld %d %u\n", (double)big, (long long)1e18, (int)-3.7, (unsigned)3.9e9);
    for (int i = 0; i < 10; i++) e += i * 0.1;
    printf("%.17g %.6Le\n", e, (long double)e * 1e300L * 1e300L);
    printf("%Lf %Lf\n", (long double)-0.0, 123456789.123456789L);
    char buf[64]; snprintf(buf, sizeof buf, "%.3Lf", 2.0005L); puts(buf);
    /* long double library paths that use x87 transcendental instructions (printed to 12 digits:
       sysgate computes those through doubles) */
    volatile long double x = 0.75L;
    printf("%.12Lg %.12Lg %.12Lg %.12Lg\n", sinl(x), cosl(x), tanl(x), atan2l(x, 2.0L));
    printf("%.12Lg %.12Lg %.12Lg %.12Lg\n", expl(x), logl(x), log2l(x), powl(x, 3.5L));
    printf("%.12Lg %.12Lg %.12Lg\n", exp2l(x), log1pl(x), expm1l(x));
    /* integer conversions and rounding through long double and double */
    volatile long double m = -7.5L;
    printf("%lld %lld %ld %ld %lld\n", (long long)m, llrintl(m), lrint(-6.5), lround(-6.5), llroundl(2.5L));
    printf("%.0Lf %.0Lf %Lg %Lg\n", rintl(2.5L), nearbyintl(3.5L), truncl(-2.7L), floorl(-2.5L));
    volatile double dd = 1e-310; volatile float ff = 1e-40f;
    printf("%g %g %a %a\n", dd * 0.5, (double)(ff * 0.5f), dd, (double)ff);
    long double acc = 0; for (int i = 1; i <= 1000; i++) acc += 1.0L / ((long double)i * i);
    printf("%.20Lg\n", acc);
    double dacc = 0; for (int i = 1; i <= 1000; i++) dacc += 1.0 / ((double)i * i);
    printf("%.17g %.9g\n", dacc, (float)dacc);
    return 0;
}
