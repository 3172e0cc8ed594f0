/* mremap(2) and madvise(2). */
#include "guest.h"
#include <sys/mman.h>

#define PG 4096L
static void emap(const char *what, void *p) { printf("%s = %s\n", what, p == MAP_FAILED ? err_name(errno) : "ok"); }

int main(void)
{
    char *a = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(a + 2 * PG, PG);
    for (int i = 0; i < 2 * PG; i++) a[i] = (char)i;
    /* Block the page after, so growing in place is impossible. */
    char *block = mmap(a + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("blocker placed: %s\n", yesno(block == a + 2 * PG));
    errno = 0;
    emap("grow in place, blocked", mremap(a, 2 * PG, 4 * PG, 0));
    char *b = mremap(a, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
    emap("grow with MAYMOVE", b);
    int ok = 1;
    for (int i = 0; i < 2 * PG; i++) ok &= b[i] == (char)i;
    printf("moved: %s contents kept: %s new part zero: %s\n", yesno(b != a), yesno(ok), yesno(b[5 * PG] == 0));
    char *c = mremap(b, 8 * PG, 3 * PG, 0);
    printf("shrink in place: %s\n", yesno(c == b));
    emap("bad flags", mremap(c, 3 * PG, 4 * PG, 0x80));
    emap("FIXED without MAYMOVE", mremap(c, 3 * PG, 4 * PG, MREMAP_FIXED, (void *)0x300000000000L));
    emap("unaligned old", mremap(c + 1, PG, 2 * PG, MREMAP_MAYMOVE));
    emap("new size 0", mremap(c, 3 * PG, 0, MREMAP_MAYMOVE));
    emap("not mapped", mremap((void *)0x310000000000L, PG, 2 * PG, MREMAP_MAYMOVE));
    char *target = (char *)0x320000000000L;
    char *d = mremap(c, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    printf("MREMAP_FIXED to target: %s byte=%d\n", yesno(d == target), d == target ? d[100] : -1);

    /* madvise */
    char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 1, 4 * PG);
    T(madvise(m, 4 * PG, MADV_NORMAL));
    T(madvise(m, 4 * PG, MADV_WILLNEED));
    T(madvise(m, 4 * PG, MADV_SEQUENTIAL));
    T(madvise(m + PG, PG, MADV_DONTNEED));
    printf("after DONTNEED: page0=%d page1=%d page2=%d\n", m[0], m[PG], m[2 * PG]);
    T(madvise(m + 1, PG, MADV_NORMAL));     /* EINVAL */
    T(madvise(m, PG, 9999));                /* EINVAL */
    munmap(m + 2 * PG, PG);
    T(madvise(m, 4 * PG, MADV_NORMAL));     /* ENOMEM: a hole */
    T(madvise(m, 0, MADV_NORMAL));
    return 0;
}
