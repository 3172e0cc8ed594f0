/* Read lines from stdin, sort them, count duplicates, print a summary (like sort | uniq -c). */
#include "guest.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    size_t bytes = 0;
    while ((len = getline(&line, &lcap, stdin)) != -1) {
        bytes += (size_t)len;
        if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
        if (n == cap) { cap *= 2; lines = realloc(lines, cap * sizeof *lines); }
        lines[n++] = strdup(line);
    }
    free(line);
    qsort(lines, n, sizeof *lines, cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(lines[i], lines[j]) == 0) j++;
        if (j - i > 1 || n < 40) printf("%7zu %s\n", j - i, lines[i]);
        distinct++;
        i = j;
    }
    printf("lines=%zu bytes=%zu distinct=%zu first='%s' last='%s'\n", n, bytes, distinct, n ? lines[0] : "",
           n ? lines[n - 1] : "");
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    return 0;
}
