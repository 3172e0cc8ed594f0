/* string.h over many lengths and alignments, checked against naive versions.
 * glibc picks SSE2 implementations for these, so this is an SSE2 workout. */
#include "guest.h"

static size_t n_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int sgn(int x) { return (x > 0) - (x < 0); }
static int n_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

int main(void)
{
    static unsigned char A[1024 + 64], B[1024 + 64], C[1024 + 64];
    long errors = 0, checks = 0;
    uint64_t h = 1469598103934665603ULL;
    for (size_t align = 0; align < 16; align++) {
        for (size_t len = 0; len < 300; len += (len < 40 ? 1 : 7)) {
            unsigned char *a = A + align, *b = B + (align * 7) % 16;
            for (size_t i = 0; i < len + 32; i++) a[i] = (unsigned char)('a' + (i * 7 + align) % 26);
            a[len] = 0;
            /* strlen */
            checks++; errors += strlen((char *)a) != len;
            /* memcpy + memcmp */
            memset(B, 0xAA, sizeof B);
            memcpy(b, a, len + 1);
            checks++; errors += memcmp(a, b, len + 1) != 0;
            checks++; errors += b[len + 1] != 0xAA;
            if (len > 0) {
                b[len - 1] ^= 1;
                checks++; errors += sgn(memcmp(a, b, len)) != n_memcmp(a, b, len);
                checks++; errors += sgn(strcmp((char *)a, (char *)b)) != n_memcmp(a, b, len);
                checks++; errors += strncmp((char *)a, (char *)b, len - 1) != 0;
                b[len - 1] ^= 1;
            }
            /* strchr / memchr / strrchr */
            if (len > 3) {
                char c = (char)a[len - 2];
                char *p = strchr((char *)a, c);
                size_t first = 0;
                while (a[first] != (unsigned char)c) first++;
                checks++; errors += p != (char *)a + first;
                checks++; errors += memchr(a, c, len) != a + first;
                char *q = strrchr((char *)a, c);
                size_t last = len - 1;
                while (a[last] != (unsigned char)c) last--;
                checks++; errors += q != (char *)a + last;
            }
            checks++; errors += strchr((char *)a, 0) != (char *)a + len;
            checks++; errors += strchr((char *)a, '#') != NULL;
            /* memmove overlapping both ways */
            memcpy(C, A, sizeof C);
            memmove(C + align + 3, C + align, len);
            checks++; errors += memcmp(C + align + 3, A + align, len) != 0;
            memcpy(C, A, sizeof C);
            memmove(C + align, C + align + 5, len);
            checks++; errors += memcmp(C + align, A + align + 5, len) != 0;
            /* memset */
            memset(C + align, 'Z', len);
            size_t zs = 0;
            while (zs < len && C[align + zs] == 'Z') zs++;
            checks++; errors += zs != len;
            /* strcpy / strcat / strncpy */
            char tmp[700];
            strcpy(tmp, (char *)a);
            strcat(tmp, "!");
            checks++; errors += n_strlen(tmp) != len + 1;
            strncpy(tmp, (char *)a, len / 2);
            checks++; errors += memcmp(tmp, a, len / 2) != 0;
            for (size_t i = 0; i < len; i++) h = (h ^ a[i]) * 1099511628211ULL;
        }
    }
    /* strstr / strspn / strcspn / strpbrk / strtok / strdup */
    const char *hay = "the quick brown fox jumps over the lazy dog; the end";
    printf("strstr=%ld strspn=%zu strcspn=%zu strpbrk=%c\n", (long)(strstr(hay, "lazy") - hay), strspn(hay, "eht "),
           strcspn(hay, ";"), *strpbrk(hay, "xyz"));
    char *dup = strdup(hay);
    int words = 0;
    for (char *t = strtok(dup, " ;"); t; t = strtok(NULL, " ;")) words++;
    free(dup);
    printf("words=%d strncasecmp=%d strcasecmp=%d\n", words, strncasecmp("HeLLo", "hello", 5), sgn(strcasecmp("abc", "ABD")));
    char big[5000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = 0;
    printf("strlen big=%zu strnlen=%zu\n", strlen(big), strnlen(big, 100));
    printf("checks=%ld errors=%ld hash=%016llx\n", checks, errors, (unsigned long long)h);
    return errors != 0;
}
