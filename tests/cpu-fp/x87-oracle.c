/* Host oracle for the x87 unit tests: reads lines "OP CW A B" (CW = control word in hex, A and B
 * 80-bit values as 20 hex digits: sign/exponent then the 64-bit mantissa), runs the operation on
 * the real x87 and prints "RESULT SW" (RESULT in the same 20-hex-digit form, or 16 hex digits for
 * stores to double / int64, 8 for float / int32). SW is the status word after the operation. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) ext_t;

static int parse(const char *h, ext_t *x) {
    unsigned se; unsigned long long m;
    if (sscanf(h, "%4x%16llx", &se, &m) != 2) return -1;
    x->se = (uint16_t)se; x->m = m; return 0;
}

int main(void) {
    char op[32], ha[64], hb[64];
    unsigned cw;
    while (scanf("%31s %x %63s %63s", op, &cw, ha, hb) == 4) {
        ext_t a, b, r; memset(&r, 0, sizeof r);
        parse(ha, &a); parse(hb, &b);
        uint16_t cw16 = (uint16_t)cw, sw = 0;
        double d = 0; float f = 0; int64_t i64 = 0; int32_t i32 = 0; int16_t i16 = 0;
        int kind = 0; /* 0 ext, 1 double, 2 float, 3 int64, 4 int32, 5 int16 */
        __asm__ volatile("fninit; fldcw %0" :: "m"(cw16));
#define BIN(insn) __asm__ volatile("fldt %2; fldt %1; " insn "; fnstsw %3; fstpt %0; fstp %%st(0)" : "=m"(r) : "m"(a), "m"(b), "m"(sw) : "memory")
#define UN(insn) __asm__ volatile("fldt %1; " insn "; fnstsw %2; fstpt %0" : "=m"(r) : "m"(a), "m"(sw) : "memory")
        if (!strcmp(op, "add")) BIN("fadd %%st(1), %%st");
        else if (!strcmp(op, "sub")) BIN("fsub %%st(1), %%st");
        else if (!strcmp(op, "mul")) BIN("fmul %%st(1), %%st");
        else if (!strcmp(op, "div")) BIN("fdiv %%st(1), %%st");
        else if (!strcmp(op, "prem")) BIN("fprem");
        else if (!strcmp(op, "prem1")) BIN("fprem1");
        else if (!strcmp(op, "scale")) BIN("fscale");
        else if (!strcmp(op, "com")) BIN("fcom %%st(1)");
        else if (!strcmp(op, "ucom")) BIN("fucom %%st(1)");
        else if (!strcmp(op, "sqrt")) UN("fsqrt");
        else if (!strcmp(op, "xam")) UN("fxam");
        else if (!strcmp(op, "tst")) UN("ftst");
        else if (!strcmp(op, "chs")) UN("fchs");
        else if (!strcmp(op, "xtract")) UN("fxtract; fstp %%st(1)"); /* keep the significand */
        else if (!strcmp(op, "xtracte")) UN("fxtract; fstp %%st(0)"); /* keep the exponent */
        else if (!strcmp(op, "const")) {
            switch (a.m & 7) {
            case 0: __asm__ volatile("fld1; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            case 1: __asm__ volatile("fldl2t; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            case 2: __asm__ volatile("fldl2e; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            case 3: __asm__ volatile("fldpi; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            case 4: __asm__ volatile("fldlg2; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            case 5: __asm__ volatile("fldln2; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            default: __asm__ volatile("fldz; fnstsw %1; fstpt %0" : "=m"(r) : "m"(sw) : "memory"); break;
            } }
        else if (!strcmp(op, "rndint")) UN("frndint");
        else if (!strcmp(op, "ld")) UN("fld %%st(0); fstp %%st(1)");
        else if (!strcmp(op, "std")) { __asm__ volatile("fldt %1; fstpl %0; fnstsw %2" : "=m"(d) : "m"(a), "m"(sw) : "memory"); kind = 1; }
        else if (!strcmp(op, "stf")) { __asm__ volatile("fldt %1; fstps %0; fnstsw %2" : "=m"(f) : "m"(a), "m"(sw) : "memory"); kind = 2; }
        else if (!strcmp(op, "sti64")) { __asm__ volatile("fldt %1; fistpll %0; fnstsw %2" : "=m"(i64) : "m"(a), "m"(sw) : "memory"); kind = 3; }
        else if (!strcmp(op, "sti32")) { __asm__ volatile("fldt %1; fistpl %0; fnstsw %2" : "=m"(i32) : "m"(a), "m"(sw) : "memory"); kind = 4; }
        else if (!strcmp(op, "sti16")) { __asm__ volatile("fldt %1; fistps %0; fnstsw %2" : "=m"(i16) : "m"(a), "m"(sw) : "memory"); kind = 5; }
        else if (!strcmp(op, "stt64")) { __asm__ volatile("fldt %1; fisttpll %0; fnstsw %2" : "=m"(i64) : "m"(a), "m"(sw) : "memory"); kind = 3; }
        else if (!strcmp(op, "ldd")) { /* A's low 64 bits are a double's bits */
            memcpy(&d, &a.m, 8);
            __asm__ volatile("fldl %1; fstpt %0; fnstsw %2" : "=m"(r) : "m"(d), "m"(sw) : "memory"); }
        else if (!strcmp(op, "ldf")) {
            uint32_t bits = (uint32_t)a.m; memcpy(&f, &bits, 4);
            __asm__ volatile("flds %1; fstpt %0; fnstsw %2" : "=m"(r) : "m"(f), "m"(sw) : "memory"); }
        else if (!strcmp(op, "ldi64")) {
            i64 = (int64_t)a.m;
            __asm__ volatile("fildll %1; fstpt %0; fnstsw %2" : "=m"(r) : "m"(i64), "m"(sw) : "memory"); }
        else { printf("? 0\n"); fflush(stdout); continue; }
        uint64_t bits = 0;
        switch (kind) {
        case 0: printf("%04x%016llx %04x\n", r.se, (unsigned long long)r.m, sw); break;
        case 1: memcpy(&bits, &d, 8); printf("%016llx %04x\n", (unsigned long long)bits, sw); break;
        case 2: { uint32_t b32; memcpy(&b32, &f, 4); printf("%08x %04x\n", b32, sw); break; }
        case 3: printf("%016llx %04x\n", (unsigned long long)i64, sw); break;
        case 4: printf("%08x %04x\n", (uint32_t)i32, sw); break;
        case 5: printf("%04x %04x\n", (uint16_t)i16, sw); break;
        }
    }
    return 0;
}
