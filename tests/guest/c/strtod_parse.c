/* strtod/strtof/strtold/atof/sscanf over many inputs, printed exactly with %a. */
#include "guest.h"
#include <math.h>

int main(void)
{
    const char *in[] = {"0", "-0", "1", "1.5", "0.1", "3.14159265358979323846264338327950288", "1e10", "1E-10",
                        "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9406564584124654e-324",
                        "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "1e-400", "inf", "-Infinity",
                        "nan", "NAN(123)", "0x1p-2", "0x1.fffffffffffffp1023", "0X1.8P+1", "  42abc", "+.5", ".",
                        "-", "e5", "123456789012345678901234567890", "9007199254740993", "0.30000000000000004",
                        "1.00000000000000011102230246251565404236316680908203125",
                        "1.00000000000000011102230246251565404236316680908203124", "7.038531e-26", "100000000000000016777215",
                        "5e-324", "2.4703282292062328e-324", "0.000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(in[i], &end);
        int e = errno;
        float f = strtof(in[i], NULL);
        long double ld = strtold(in[i], NULL);
        printf("%-40s -> %a (%.17g) consumed=%ld errno=%s f=%a ld=%La\n", in[i], d, d, (long)(end - in[i]),
               err_name(e), (double)f, ld);
    }
    double x, y;
    int n = sscanf("3.25 -1e3", "%lf %lf", &x, &y);
    printf("sscanf n=%d x=%g y=%g\n", n, x, y);
    printf("atof=%g\n", atof("6.02214076e23"));
    printf("strtol=%ld %ld %ld\n", strtol("-0x1f", NULL, 16), strtol("0777", NULL, 0), strtol("zz", NULL, 36));
    errno = 0;
    long big = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow=%ld errno=%s\n", big, err_name(errno));
    printf("strtoull=%llu\n", strtoull("18446744073709551615", NULL, 10));
    /* Round trip of many values through text. */
    unsigned long long bits = 0x3ff0000000000001ULL;
    int bad = 0;
    for (int i = 0; i < 600; i++) {
        double v;
        memcpy(&v, &bits, 8);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v);
        double back = strtod(buf, NULL);
        if (memcmp(&v, &back, 8) != 0) bad++;
        bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
        bits &= 0x7fefffffffffffffULL;
    }
    printf("round-trip failures: %d\n", bad);
    return 0;
}
