/* qsort and bsearch over ints, doubles, strings and structs. */
#include "guest.h"

static int icmp(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int dcmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int scmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
struct rec { int key; char tag[12]; };
static int rcmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return strcmp(x->tag, y->tag);
}

int main(void)
{
    enum { N = 20000 };
    static int v[N];
    uint32_t s = 12345;
    for (int i = 0; i < N; i++) { s = s * 1103515245u + 12345u; v[i] = (int)(s >> 1) % 100000 - 50000; }
    qsort(v, N, sizeof v[0], icmp);
    int sorted = 1;
    long long sum = 0;
    for (int i = 1; i < N; i++) sorted &= v[i - 1] <= v[i];
    for (int i = 0; i < N; i += 1000) sum += v[i];
    printf("ints sorted=%s min=%d max=%d sample-sum=%lld\n", yesno(sorted), v[0], v[N - 1], sum);
    int found = 0;
    for (int k = -50000; k < 50000; k += 37) found += bsearch(&k, v, N, sizeof v[0], icmp) != NULL;
    printf("bsearch found=%d\n", found);

    static double d[5000];
    for (int i = 0; i < 5000; i++) { s = s * 1103515245u + 12345u; d[i] = (double)(s % 1000000) / 7.0 - 50000.0; }
    qsort(d, 5000, sizeof d[0], dcmp);
    printf("doubles: first=%.6f last=%.6f mid=%.6f\n", d[0], d[4999], d[2500]);

    static char storage[3000][16];
    static char *strs[3000];
    for (int i = 0; i < 3000; i++) {
        s = s * 1103515245u + 12345u;
        snprintf(storage[i], 16, "w%u-%c", s % 9973, 'a' + (int)(s % 26));
        strs[i] = storage[i];
    }
    qsort(strs, 3000, sizeof strs[0], scmp);
    printf("strings: %s %s %s %s\n", strs[0], strs[1], strs[1500], strs[2999]);
    const char *key = strs[777];
    char **hit = bsearch(&key, strs, 3000, sizeof strs[0], scmp);
    printf("string bsearch: %s\n", hit ? "found" : "missing");

    static struct rec r[5000];
    for (int i = 0; i < 5000; i++) { s = s * 1103515245u + 12345u; r[i].key = (int)(s % 100); snprintf(r[i].tag, 12, "t%05d", i); }
    qsort(r, 5000, sizeof r[0], rcmp);
    printf("structs: %d/%s %d/%s %d/%s\n", r[0].key, r[0].tag, r[2500].key, r[2500].tag, r[4999].key, r[4999].tag);
    qsort(v, 0, sizeof v[0], icmp);
    qsort(v, 1, sizeof v[0], icmp);
    printf("edge cases ok\n");
    return 0;
}
