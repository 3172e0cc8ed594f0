/* A 1 GiB anonymous mapping touched sparsely costs only the touched pages. */
#include "guest.h"
#include <sys/mman.h>

int main(void)
{
    size_t len = 1UL << 30;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) { printf("mmap: %s\n", err_name(errno)); return 1; }
    printf("mapped 1 GiB\n");
    unsigned long sum = 0;
    for (size_t off = 0; off < len; off += 16UL << 20) {
        p[off] = (unsigned char)(off >> 20);
        p[off + 4095] = 1;
    }
    for (size_t off = 0; off < len; off += 16UL << 20) sum += p[off] + p[off + 4095] + p[off + 8192];
    p[len - 1] = 0xee;
    printf("sum=%lu last=%x\n", sum, p[len - 1]);
    /* Untouched pages read zero. */
    printf("untouched zero: %s\n", yesno(p[len / 2 + 12345] == 0 && p[3 << 20] == 0));
    T(munmap(p, len));
    /* Several in a row. */
    for (int i = 0; i < 4; i++) {
        unsigned char *q = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED) { printf("round %d: %s\n", i, err_name(errno)); return 1; }
        q[i * 4096] = 1;
        munmap(q, len);
    }
    printf("four more rounds ok\n");
    return 0;
}
