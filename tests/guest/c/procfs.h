/* Helpers shared by the procfs_* guest programs: read a whole /proc file (with read(2), in small
 * pieces, as Linux's seq files are meant to be read) and split "Name:\tvalue" lines. */
#ifndef SYSGATE_PROCFS_H
#define SYSGATE_PROCFS_H
#include "guest.h"

/* The file's bytes (NUL-terminated) in a static buffer; NULL and errno on failure. */
static char *slurp_at(int dirfd, const char *path, long *len_out)
{
    static char buf[1 << 17];
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) return NULL;
    long len = 0;
    for (;;) {
        long n = read(fd, buf + len, 200 < (long)sizeof buf - 1 - len ? 200 : (long)sizeof buf - 1 - len);
        if (n < 0) { int e = errno; close(fd); errno = e; return NULL; }
        if (n == 0) break;
        len += n;
    }
    close(fd);
    buf[len] = 0;
    if (len_out) *len_out = len;
    return buf;
}
static char *slurp(const char *path) { return slurp_at(AT_FDCWD, path, NULL); }

/* The value of "Key:" in a status-like text (points into the text; ends at '\n'). */
static const char *field(const char *text, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = text; p && *p; ) {
        if (strncmp(p, key, k) == 0 && p[k] == ':') {
            p += k + 1;
            while (*p == ' ' || *p == '\t') p++;
            return p;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return NULL;
}
static long field_long(const char *text, const char *key)
{
    const char *v = field(text, key);
    return v ? strtol(v, NULL, 10) : -999;
}

/* Print, in file order, the names in `want` that appear as "Name:" lines, and whether the order
 * of those names is as listed. Kernels add lines over time; the ones both know must agree. */
static void names_in_order(const char *label, const char *text, const char *const *want, int nwant)
{
    int last = -1, ordered = 1, found = 0;
    printf("%s:", label);
    for (const char *p = text; p && *p; ) {
        const char *colon = strchr(p, ':');
        const char *nl = strchr(p, '\n');
        if (colon && (!nl || colon < nl)) {
            for (int i = 0; i < nwant; i++) {
                if ((size_t)(colon - p) == strlen(want[i]) && strncmp(p, want[i], colon - p) == 0) {
                    printf(" %s", want[i]);
                    if (i < last) ordered = 0;
                    last = i;
                    found++;
                }
            }
        }
        p = nl ? nl + 1 : NULL;
    }
    printf("\n%s: %d of %d, in order: %s\n", label, found, nwant, yesno(ordered));
}

/* Fields of a /proc/PID/stat line: fills `out` (pointers into a copy), returns the count. */
static int stat_fields(const char *line, char out[64][64])
{
    const char *open = strchr(line, '(');
    const char *close = strrchr(line, ')');
    if (!open || !close) return -1;
    int n = 0;
    snprintf(out[n++], 64, "%.*s", (int)(open - line - 1), line);
    snprintf(out[n++], 64, "%.*s", (int)(close - open + 1), open);
    for (const char *p = close + 1; *p && *p != '\n' && n < 64; ) {
        while (*p == ' ') p++;
        if (!*p || *p == '\n') break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\n') e++;
        snprintf(out[n++], 64, "%.*s", (int)(e - p), p);
        p = e;
    }
    return n;
}
#endif
