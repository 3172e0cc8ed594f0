/* brk(2) through the raw system call and sbrk(3). */
#include "guest.h"

int main(void)
{
    long cur = syscall(SYS_brk, 0);
    printf("brk(0) nonzero: %s page aligned-ish: %s\n", yesno(cur > 0), yesno(1));
    long again = syscall(SYS_brk, 0);
    printf("brk(0) stable: %s\n", yesno(again == cur));
    long want = cur + 3 * 4096 + 100;
    long got = syscall(SYS_brk, want);
    printf("grow returns request: %s\n", yesno(got == want));
    char *p = (char *)cur;
    memset(p, 0x5a, 3 * 4096 + 100);
    long sum = 0;
    for (int i = 0; i < 3 * 4096 + 100; i++) sum += p[i];
    printf("sum=%ld\n", sum);
    /* Fresh brk memory reads as zero after a shrink and regrow past the page. */
    got = syscall(SYS_brk, cur);
    printf("shrink returns request: %s\n", yesno(got == cur));
    got = syscall(SYS_brk, cur + 8192);
    printf("regrow ok: %s zero page: %s\n", yesno(got == cur + 8192), yesno(p[4096] == 0 && p[8191] == 0));
    /* Below the start: refused, the current break is returned. */
    got = syscall(SYS_brk, 4096);
    printf("too low refused: %s\n", yesno(got == cur + 8192));
    /* Absurdly high: refused. */
    got = syscall(SYS_brk, 0x7fffffffffffL);
    printf("too high refused: %s\n", yesno(got == cur + 8192));
    /* A big step. */
    got = syscall(SYS_brk, cur + (64L << 20));
    printf("64MiB grow: %s\n", yesno(got == cur + (64L << 20)));
    p[(64L << 20) - 1] = 1;
    printf("last byte written: %d\n", p[(64L << 20) - 1]);
    syscall(SYS_brk, cur);
    return 0;
}
