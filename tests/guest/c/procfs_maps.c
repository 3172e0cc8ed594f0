/* /proc/self/maps and smaps: the regions of our own executable (permissions, offsets, path), the
 * stack, and an anonymous mapping with a known number of touched pages (Rss, Private_Dirty...). */
#include "procfs.h"
#include <sys/mman.h>

static const char *const SMAPS_NAMES[] = {
    "Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
    "Private_Dirty", "Referenced", "Anonymous", "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
    "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss", "Locked", "THPeligible", "VmFlags",
};

/* A maps header line: hex digits, '-', hex digits, ' '. */
static int is_header(const char *l)
{
    int k = 0;
    while ((l[k] >= '0' && l[k] <= '9') || (l[k] >= 'a' && l[k] <= 'f')) k++;
    return k >= 8 && l[k] == '-';
}

int main(void)
{
    char exe[4096];
    long n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    char *m = slurp("/proc/self/maps");
    if (!m) { printf("maps: %s\n", err_name(errno)); return 1; }
    static char maps[1 << 16];
    snprintf(maps, sizeof maps, "%s", m);
    int lines = 0, exe_lines = 0, stack = 0, well_formed = 1;
    unsigned long prev_end = 0;
    int sorted = 1;
    for (char *line = maps; *line; ) {
        char *nl = strchr(line, '\n');
        *nl = 0;
        unsigned long start, end, off, ino;
        unsigned maj, min;
        char perms[8], path[4096] = "";
        int k = sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %4095[^\n]", &start, &end, perms, &off, &maj, &min, &ino, path);
        if (k < 7 || strlen(perms) != 4) well_formed = 0;
        if (start < prev_end) sorted = 0;
        prev_end = end;
        const char *p = path;
        while (*p == ' ') p++;
        /* the name starts at column 73 (addresses of 8+ hex digits pad to it) */
        if (*p && strlen(line) > 73 && line[72] != ' ') well_formed = 0;
        if (strcmp(p, exe) == 0) {
            printf("exe region %d: %s offset %lx inode == st_ino: ", exe_lines++, perms, off);
            struct stat st;
            stat(exe, &st);
            printf("%s\n", yesno(ino == st.st_ino));
        }
        if (strcmp(p, "[stack]") == 0) {
            stack++;
            int local;
            printf("[stack] %s holds a local: %s\n", perms, yesno((unsigned long)&local >= start && (unsigned long)&local < end));
        }
        lines++;
        line = nl + 1;
    }
    printf("maps well formed: %s, sorted: %s, one [stack]: %s\n", yesno(well_formed), yesno(sorted), yesno(stack == 1));

    /* 16 pages, 5 touched: Rss 20 kB, all private and dirty, anonymous. */
    long pg = 4096;
    char *a = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 5; i++) a[i * 3 * pg] = 1;
    mprotect(a + 15 * pg, pg, PROT_READ);
    char *s = slurp("/proc/self/smaps");
    if (!s) { printf("smaps: %s\n", err_name(errno)); return 1; }
    char head[32];
    snprintf(head, sizeof head, "%08lx-", (unsigned long)a);
    char *v = strstr(s, head);
    if (!v || (v != s && v[-1] != '\n')) { printf("smaps: mapping not found\n"); return 1; }
    char *next = strchr(v, '\n') + 1;
    char *end = next;
    /* the VMA's block ends where the next header line (starting with a hex address) begins */
    while (*end && !is_header(end)) end = strchr(end, '\n') + 1;
    char block[4096];
    snprintf(block, sizeof block, "%.*s", (int)(end - next), next);
    names_in_order("smaps names", block, SMAPS_NAMES, sizeof SMAPS_NAMES / sizeof *SMAPS_NAMES);
    printf("Size %ld Rss %ld Pss %ld Private_Dirty %ld Anonymous %ld Shared_Clean %ld Swap %ld\n",
           field_long(block, "Size"), field_long(block, "Rss"), field_long(block, "Pss"), field_long(block, "Private_Dirty"),
           field_long(block, "Anonymous"), field_long(block, "Shared_Clean"), field_long(block, "Swap"));
    const char *fl = field(block, "VmFlags");
    printf("VmFlags has rd wr: %s\n", yesno(fl && strncmp(fl, "rd wr ", 6) == 0));
    /* the read-only tail page is its own VMA */
    snprintf(head, sizeof head, "%08lx-", (unsigned long)(a + 15 * pg));
    v = strstr(s, head);
    printf("tail VMA: %s", v ? "found, perms " : "missing");
    if (v) printf("%.4s", strchr(v, ' ') + 1);
    printf("\n");
    return 0;
}
