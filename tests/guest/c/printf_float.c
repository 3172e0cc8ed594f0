/* printf of floats and doubles in many formats: %a %e %f %g, rounding, inf/nan. */
#include "guest.h"
#include <float.h>
#include <math.h>

int main(void)
{
    const double vals[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 0.125, 1e-300, 1e300, 123456789.123456789,
                           3.141592653589793, 2.718281828459045, 1.0 / 3.0, 2.0 / 3.0, 0.05, 0.15, 0.25, 0.35,
                           DBL_MAX, DBL_MIN, DBL_EPSILON, 4.9e-324, 9.999999999999999e22, 1e23, 5e-324, 65536.0,
                           1234.5, 0.000123456, 99.995, 1e15, 1e16, 1e17, 123456.0, 7.0e-5};
    const char *fmts[] = {"%f", "%.0f", "%.1f", "%.2f", "%.10f", "%e", "%.0e", "%.3e", "%.15e", "%g", "%.1g", "%.3g",
                          "%.17g", "%#g", "%#.0f", "%a", "%.3a", "%A", "%+f", "% e", "%12.4f", "%-12.3e|", "%012.3f"};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        printf("[%zu]", i);
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
            putchar(' ');
            printf(fmts[j], vals[i]);
        }
        putchar('\n');
    }
    double specials[] = {INFINITY, -INFINITY, NAN, -NAN};
    for (int i = 0; i < 4; i++)
        printf("special: %f %e %g %a %F %E %G %5.2f|%-6f|\n", specials[i], specials[i], specials[i], specials[i],
               specials[i], specials[i], specials[i], specials[i], specials[i]);
    /* Floats promote to double. */
    float fv[] = {0.1f, 1.0f / 3.0f, 16777216.0f, 3.4e38f, 1.17549435e-38f, 1e-45f};
    for (int i = 0; i < 6; i++) printf("float: %.9g %a %e\n", fv[i], fv[i], fv[i]);
    /* Round-half-even at many digit positions. */
    for (int d = 0; d < 6; d++) printf("round %d: %.*f %.*f %.*f\n", d, d, 0.5, d, 1.0005, d, 2.675);
    /* Very wide. */
    printf("wide: %.60f\n", 1.0 / 7.0);
    printf("big: %.0f\n", 1e100);
    printf("snprintf len=%d\n", snprintf(NULL, 0, "%.30e", 1.0 / 3.0));
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%f", 3.14159);
    printf("truncated='%s' n=%d\n", buf, n);
    /* Some math library results. */
    printf("sqrt2=%.17g exp1=%.17g log10=%.17g sin1=%.17g pow=%.17g\n", sqrt(2.0), exp(1.0), log(10.0), sin(1.0),
           pow(2.0, 0.5));
    printf("floor=%g ceil=%g round=%g trunc=%g fmod=%g\n", floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5), fmod(7.5, 2.0));
    return 0;
}
