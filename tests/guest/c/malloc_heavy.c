/* malloc/calloc/realloc/free over many sizes and lifetimes. */
#include "guest.h"

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

int main(void)
{
    enum { SLOTS = 2000 };
    static unsigned char *p[SLOTS];
    static size_t sz[SLOTS];
    uint64_t check = 0;
    long allocs = 0, frees = 0, reallocs = 0;
    for (int round = 0; round < 12000; round++) {
        int i = (int)(next() % SLOTS);
        uint64_t r = next();
        if (p[i] == NULL) {
            size_t s;
            switch (r % 8) {
            case 0: s = r % 16; break;
            case 1: s = 16 + r % 256; break;
            case 2: s = 256 + r % 4096; break;
            case 3: s = 4096 + r % 16384; break;
            case 4: s = (r % 50 == 0) ? 200000 + r % 300000 : 32; break;
            default: s = 1 + r % 128; break;
            }
            p[i] = (r & 0x100) ? calloc(1, s + 1) : malloc(s + 1);
            if (!p[i]) { printf("alloc failed\n"); return 1; }
            if (r & 0x100) for (size_t k = 0; k <= s; k++) if (p[i][k]) { printf("calloc not zero\n"); return 1; }
            memset(p[i], (int)(i & 0xff), s + 1);
            sz[i] = s + 1;
            allocs++;
        } else if (r % 3 == 0) {
            size_t ns = 1 + (r >> 8) % 4096;
            unsigned char *q = realloc(p[i], ns);
            if (!q) { printf("realloc failed\n"); return 1; }
            size_t keep = ns < sz[i] ? ns : sz[i];
            for (size_t k = 0; k < keep; k++) if (q[k] != (unsigned char)(i & 0xff)) { printf("realloc lost data\n"); return 1; }
            memset(q, (int)(i & 0xff), ns);
            p[i] = q;
            sz[i] = ns;
            reallocs++;
        } else {
            for (size_t k = 0; k < sz[i]; k += 97) check += p[i][k];
            free(p[i]);
            p[i] = NULL;
            frees++;
        }
        /* 16-byte alignment is guaranteed on x86-64. */
        if (p[i] && ((uintptr_t)p[i] & 15)) { printf("misaligned\n"); return 1; }
    }
    for (int i = 0; i < SLOTS; i++) free(p[i]);
    printf("allocs=%ld frees=%ld reallocs=%ld check=%llu\n", allocs, frees, reallocs, (unsigned long long)check);
    void *z = malloc(0);
    free(z);
    free(NULL);
    errno = 0;
    void *huge = malloc((size_t)1 << 62);
    printf("huge malloc: %s errno=%s\n", huge ? "succeeded?!" : "NULL", err_name(errno));
    void *al = aligned_alloc(4096, 8192);
    printf("aligned_alloc aligned: %s\n", yesno(((uintptr_t)al & 4095) == 0));
    free(al);
    void *pm = NULL;
    int rc = posix_memalign(&pm, 256, 1000);
    printf("posix_memalign rc=%d aligned=%s\n", rc, yesno(((uintptr_t)pm & 255) == 0));
    free(pm);
    return 0;
}
