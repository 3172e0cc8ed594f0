/* Host oracle for the SSE floating-point unit tests: reads lines "OP MXCSR A B" (hex; A and B are
 * 64-bit patterns: doubles, or floats / int32 in the low 32 bits) and prints "RESULT MXCSR" after
 * running the instruction on the real CPU. RESULT is 16 hex digits (low 64 bits of the destination
 * register or the general register), or the EFLAGS ZF/PF/CF bits for comis/ucomis. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

int main(void) {
    char op[32];
    unsigned mx;
    unsigned long long a, b;
    while (scanf("%31s %x %llx %llx", op, &mx, &a, &b) == 4) {
        uint64_t r = 0; unsigned mo = 0; uint64_t fl = 0;
#define XX(insn) __asm__ volatile("ldmxcsr %[mx]; movq %[a], %%xmm0; movq %[b], %%xmm1; " insn " %%xmm1, %%xmm0; movq %%xmm0, %[r]; stmxcsr %[mo]" \
            : [r] "=r"(r), [mo] "=m"(mo) : [mx] "m"(mx), [a] "r"(a), [b] "r"(b) : "xmm0", "xmm1")
#define XI(insn) __asm__ volatile("ldmxcsr %[mx]; movq %[a], %%xmm0; movq %[b], %%xmm1; " insn " $%c[k], %%xmm1, %%xmm0; movq %%xmm0, %[r]; stmxcsr %[mo]" \
            : [r] "=r"(r), [mo] "=m"(mo) : [mx] "m"(mx), [a] "r"(a), [b] "r"(b), [k] "i"(K) : "xmm0", "xmm1")
#define XG(insn) __asm__ volatile("ldmxcsr %[mx]; movq %[b], %%xmm1; " insn " %%xmm1, %[r]; stmxcsr %[mo]" \
            : [r] "=r"(r), [mo] "=m"(mo) : [mx] "m"(mx), [b] "r"(b) : "xmm1")
#define XG32(insn) do { uint32_t r32; __asm__ volatile("ldmxcsr %[mx]; movq %[b], %%xmm1; " insn " %%xmm1, %[r]; stmxcsr %[mo]" \
            : [r] "=r"(r32), [mo] "=m"(mo) : [mx] "m"(mx), [b] "r"(b) : "xmm1"); r = r32; } while (0)
#define XS(insn, w) __asm__ volatile("ldmxcsr %[mx]; movq %[a], %%xmm0; " insn " %[b], %%xmm0; movq %%xmm0, %[r]; stmxcsr %[mo]" \
            : [r] "=r"(r), [mo] "=m"(mo) : [mx] "m"(mx), [a] "r"(a), [b] "r"((w)b) : "xmm0")
#define XF(insn) __asm__ volatile("ldmxcsr %[mx]; movq %[a], %%xmm0; movq %[b], %%xmm1; " insn " %%xmm1, %%xmm0; pushfq; popq %[f]; stmxcsr %[mo]" \
            : [f] "=r"(fl), [mo] "=m"(mo) : [mx] "m"(mx), [a] "r"(a), [b] "r"(b) : "xmm0", "xmm1", "cc")
        if (!strcmp(op, "addsd")) XX("addsd");
        else if (!strcmp(op, "subsd")) XX("subsd");
        else if (!strcmp(op, "mulsd")) XX("mulsd");
        else if (!strcmp(op, "divsd")) XX("divsd");
        else if (!strcmp(op, "sqrtsd")) XX("sqrtsd");
        else if (!strcmp(op, "minsd")) XX("minsd");
        else if (!strcmp(op, "maxsd")) XX("maxsd");
        else if (!strcmp(op, "addss")) XX("addss");
        else if (!strcmp(op, "subss")) XX("subss");
        else if (!strcmp(op, "mulss")) XX("mulss");
        else if (!strcmp(op, "divss")) XX("divss");
        else if (!strcmp(op, "sqrtss")) XX("sqrtss");
        else if (!strcmp(op, "minss")) XX("minss");
        else if (!strcmp(op, "maxss")) XX("maxss");
        else if (!strcmp(op, "addpd")) XX("addpd");
        else if (!strcmp(op, "mulps")) XX("mulps");
        else if (!strcmp(op, "cvtsd2ss")) XX("cvtsd2ss");
        else if (!strcmp(op, "cvtss2sd")) XX("cvtss2sd");
        else if (!strcmp(op, "cvtpd2ps")) XX("cvtpd2ps");
        else if (!strcmp(op, "cvtps2pd")) XX("cvtps2pd");
        else if (!strcmp(op, "cvtdq2ps")) XX("cvtdq2ps");
        else if (!strcmp(op, "cvtps2dq")) XX("cvtps2dq");
        else if (!strcmp(op, "cvttps2dq")) XX("cvttps2dq");
        else if (!strcmp(op, "cvtdq2pd")) XX("cvtdq2pd");
        else if (!strcmp(op, "cvtpd2dq")) XX("cvtpd2dq");
        else if (!strcmp(op, "cvttpd2dq")) XX("cvttpd2dq");
        else if (!strcmp(op, "cvtsd2si64")) XG("cvtsd2si");
        else if (!strcmp(op, "cvttsd2si64")) XG("cvttsd2si");
        else if (!strcmp(op, "cvtss2si64")) XG("cvtss2si");
        else if (!strcmp(op, "cvttss2si64")) XG("cvttss2si");
        else if (!strcmp(op, "cvtsd2si32")) XG32("cvtsd2si");
        else if (!strcmp(op, "cvttsd2si32")) XG32("cvttsd2si");
        else if (!strcmp(op, "cvtss2si32")) XG32("cvtss2si");
        else if (!strcmp(op, "cvtsi2sd64")) XS("cvtsi2sdq", uint64_t);
        else if (!strcmp(op, "cvtsi2ss64")) XS("cvtsi2ssq", uint64_t);
        else if (!strcmp(op, "cvtsi2sd32")) XS("cvtsi2sdl", uint32_t);
        else if (!strcmp(op, "cvtsi2ss32")) XS("cvtsi2ssl", uint32_t);
        else if (!strcmp(op, "ucomisd")) XF("ucomisd");
        else if (!strcmp(op, "comisd")) XF("comisd");
        else if (!strcmp(op, "ucomiss")) XF("ucomiss");
        else if (!strcmp(op, "comiss")) XF("comiss");
#define K 0
        else if (!strcmp(op, "cmpsd0")) XI("cmpsd");
#undef K
#define K 1
        else if (!strcmp(op, "cmpsd1")) XI("cmpsd");
#undef K
#define K 2
        else if (!strcmp(op, "cmpsd2")) XI("cmpsd");
#undef K
#define K 3
        else if (!strcmp(op, "cmpsd3")) XI("cmpsd");
#undef K
#define K 4
        else if (!strcmp(op, "cmpsd4")) XI("cmpsd");
#undef K
#define K 5
        else if (!strcmp(op, "cmpss5")) XI("cmpss");
#undef K
#define K 6
        else if (!strcmp(op, "cmpss6")) XI("cmpss");
#undef K
#define K 7
        else if (!strcmp(op, "cmpss7")) XI("cmpss");
#undef K
        else { printf("? 0\n"); continue; }
        if (op[0] == 'u' || (op[0] == 'c' && op[1] == 'o')) r = fl & 0x8d5;
        printf("%016llx %04x\n", (unsigned long long)r, mo);
    }
    return 0;
}
