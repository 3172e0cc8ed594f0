/* The machine-wide files: cpuinfo (its flags include what CPUID reports), meminfo, stat, uptime,
 * loadavg, version, filesystems, mounts, mountinfo, sys/kernel files, and /sys's cpu lists. */
#include "procfs.h"
#include <sys/utsname.h>
#include <cpuid.h>

static int has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; (p = strstr(p, w)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == 0)) return 1;
    return 0;
}

static const char *const MEMINFO_NAMES[] = {
    "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive",
    "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal",
    "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable",
    "SUnreclaim", "KernelStack", "PageTables", "NFS_Unstable", "Bounce", "WritebackTmp", "CommitLimit",
    "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu", "HugePages_Total",
    "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize",
};
static const char *const CPUINFO_NAMES[] = {
    "processor", "vendor_id", "cpu family", "model", "model name", "stepping", "cache size", "physical id",
    "siblings", "core id", "cpu cores", "apicid", "initial apicid", "fpu", "fpu_exception", "cpuid level", "wp",
    "flags", "bogomips", "clflush size", "cache_alignment", "address sizes", "power management",
};

static void cpuinfo(void)
{
    char *s = slurp("/proc/cpuinfo");
    if (!s) { printf("cpuinfo: %s\n", err_name(errno)); return; }
    /* names of the first processor's block ("name<tabs>: value") */
    static char first[8192];
    char *blank = strstr(s, "\n\n");
    snprintf(first, sizeof first, "%.*s\n", blank ? (int)(blank - s) : (int)strlen(s), s);
    for (char *p = first; *p; p++) if (*p == '\t') *p = ' ';
    /* "name   : value" → "name: value" for the shared parser */
    static char norm[8192];
    char *o = norm;
    for (char *p = first; *p; ) {
        char *nl = strchr(p, '\n');
        char *colon = memchr(p, ':', nl - p);
        if (colon) {
            char *e = colon;
            while (e > p && e[-1] == ' ') e--;
            o += sprintf(o, "%.*s%.*s\n", (int)(e - p), p, (int)(nl - colon), colon);
        }
        p = nl + 1;
    }
    *o = 0;
    names_in_order("cpuinfo names", norm, CPUINFO_NAMES, sizeof CPUINFO_NAMES / sizeof *CPUINFO_NAMES);
    int procs = 0;
    for (char *p = s; (p = strstr(p, "processor")); p++) if (p == s || p[-1] == '\n') procs++;
    printf("processors == sysconf(ONLN): %s\n", yesno(procs == sysconf(_SC_NPROCESSORS_ONLN)));
    const char *flags = field(norm, "flags");
    unsigned a, b, c, d, ea, eb, ec, ed;
    __cpuid(1, a, b, c, d);
    __cpuid(0x80000001, ea, eb, ec, ed);
    struct { unsigned *reg; int bit; const char *name; } bits[] = {
        {&d, 0, "fpu"}, {&d, 4, "tsc"}, {&d, 8, "cx8"}, {&d, 15, "cmov"}, {&d, 19, "clflush"}, {&d, 23, "mmx"},
        {&d, 24, "fxsr"}, {&d, 25, "sse"}, {&d, 26, "sse2"}, {&c, 0, "pni"}, {&c, 9, "ssse3"}, {&c, 13, "cx16"},
        {&c, 19, "sse4_1"}, {&c, 20, "sse4_2"}, {&c, 23, "popcnt"}, {&c, 25, "aes"}, {&ed, 11, "syscall"},
        {&ed, 20, "nx"}, {&ed, 29, "lm"}, {&ec, 0, "lahf_lm"},
    };
    int missing = 0, checked = 0;
    for (unsigned i = 0; i < sizeof bits / sizeof *bits; i++) {
        if (!((*bits[i].reg >> bits[i].bit) & 1)) continue;
        checked++;
        if (!flags || !has_word(flags, bits[i].name)) { printf("flag missing: %s\n", bits[i].name); missing++; }
    }
    printf("cpuinfo flags include every CPUID feature checked: %s\n", yesno(checked > 0 && missing == 0));
}

static void small_files(void)
{
    char *s = slurp("/proc/meminfo");
    names_in_order("meminfo names", s, MEMINFO_NAMES, sizeof MEMINFO_NAMES / sizeof *MEMINFO_NAMES);
    printf("MemFree <= MemTotal: %s\n", yesno(field_long(s, "MemFree") <= field_long(s, "MemTotal")));
    int kb_ok = 1;
    for (char *p = s; *p; p = strchr(p, '\n') + 1) {
        char *nl = strchr(p, '\n');
        if (strncmp(p, "HugePages_", 10) != 0 && !(nl - p > 3 && strncmp(nl - 3, " kB", 3) == 0)) kb_ok = 0;
    }
    printf("meminfo lines end in kB: %s\n", yesno(kb_ok));

    s = slurp("/proc/stat");
    unsigned long v[10];
    int k = sscanf(s, "cpu  %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
    printf("stat cpu line numbers: %d\n", k);
    const char *keys[] = {"cpu0 ", "\nintr ", "\nctxt ", "\nbtime ", "\nprocesses ", "\nprocs_running ", "\nprocs_blocked ", "\nsoftirq "};
    for (unsigned i = 0; i < sizeof keys / sizeof *keys; i++) printf("stat has %s: %s\n", keys[i][0] == '\n' ? keys[i] + 1 : keys[i], yesno(strstr(s, keys[i]) != NULL));

    s = slurp("/proc/uptime");
    double up, idle;
    char c1, c2;
    k = sscanf(s, "%lf %lf%c%c", &up, &idle, &c1, &c2);
    printf("uptime: %d numbers, 2 decimals: %s\n", k >= 2 ? 2 : k, yesno(strchr(s, '.') && strchr(s, '.')[3] == ' '));
    s = slurp("/proc/loadavg");
    double l1, l5, l15;
    int run, tot, last;
    k = sscanf(s, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &tot, &last);
    printf("loadavg fields: %d, running <= total: %s\n", k, yesno(run <= tot && run >= 1));
    s = slurp("/proc/version");
    printf("version starts 'Linux version ': %s\n", yesno(strncmp(s, "Linux version ", 14) == 0));
    struct utsname u;
    uname(&u);
    printf("version names uname release: %s\n", yesno(strncmp(s + 14, u.release, strlen(u.release)) == 0));
    s = slurp("/proc/filesystems");
    printf("filesystems has nodev proc: %s, sysfs: %s, tmpfs: %s\n", yesno(strstr(s, "nodev\tproc\n") != NULL),
           yesno(strstr(s, "nodev\tsysfs\n") != NULL), yesno(strstr(s, "nodev\ttmpfs\n") != NULL));
    s = slurp("/proc/sys/kernel/ostype");
    printf("ostype: %s", s);
    s = slurp("/proc/sys/kernel/osrelease");
    printf("osrelease == uname: %s\n", yesno(strncmp(s, u.release, strlen(u.release)) == 0 && s[strlen(u.release)] == '\n'));
    s = slurp("/proc/sys/kernel/hostname");
    printf("hostname == uname: %s\n", yesno(strncmp(s, u.nodename, strlen(u.nodename)) == 0 && s[strlen(u.nodename)] == '\n'));
    s = slurp("/proc/sys/kernel/pid_max");
    printf("pid_max > 0: %s\n", yesno(atol(s) > 0));
}

static void mounts(void)
{
    char *s = slurp("/proc/mounts");
    printf("mounts has proc on /proc: %s\n", yesno(strstr(s, " /proc proc ") != NULL));
    s = slurp("/proc/self/mountinfo");
    int ok = 1, proc = 0;
    for (char *p = s; *p; p = strchr(p, '\n') + 1) {
        int id, parent;
        unsigned maj, min;
        char root[256], point[256];
        if (sscanf(p, "%d %d %u:%u %255s %255s", &id, &parent, &maj, &min, root, point) != 6) ok = 0;
        char *dash = strstr(p, " - ");
        if (!dash || dash > strchr(p, '\n')) ok = 0;
        if (strcmp(point, "/proc") == 0 && dash && strncmp(dash, " - proc ", 8) == 0) proc = 1;
    }
    printf("mountinfo well formed: %s, /proc is proc: %s\n", yesno(ok), yesno(proc));
}

static void sysfs(void)
{
    const char *files[] = {"/sys/devices/system/cpu/online", "/sys/devices/system/cpu/possible", "/sys/devices/system/cpu/present"};
    for (int i = 0; i < 3; i++) {
        char *s = slurp(files[i]);
        if (!s) { printf("%s: %s\n", files[i], err_name(errno)); continue; }
        int lo = -1, hi = -1;
        int k = sscanf(s, "%d-%d", &lo, &hi);
        if (k == 1) hi = lo;
        printf("%s: starts at 0: %s%s\n", files[i], yesno(lo == 0),
               i == 0 ? (hi + 1 == sysconf(_SC_NPROCESSORS_ONLN) ? ", count == sysconf" : ", count differs") : "");
    }
    struct stat st;
    printf("/sys/devices/system/cpu/cpu0 is a dir: %s\n", yesno(stat("/sys/devices/system/cpu/cpu0", &st) == 0 && S_ISDIR(st.st_mode)));
}

int main(void)
{
    cpuinfo();
    small_files();
    mounts();
    sysfs();
    return 0;
}
