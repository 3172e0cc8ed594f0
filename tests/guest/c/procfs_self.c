/* /proc/self: status, stat, statm, comm, cmdline, environ, the self links, limits, oom files. */
#include "procfs.h"
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>

static const char *const STATUS_NAMES[] = {
    "Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid", "FDSize", "Groups",
    "NStgid", "NSpid", "NSpgid", "NSsid", "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon",
    "RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap", "HugetlbPages",
    "CoreDumping", "THP_enabled", "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt",
    "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
    "Speculation_Store_Bypass", "SpeculationIndirectBranch", "Cpus_allowed", "Cpus_allowed_list",
    "Mems_allowed", "Mems_allowed_list", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
};

static void status_facts(void)
{
    umask(027);
    char *s = slurp("/proc/self/status");
    if (!s) { printf("status: %s\n", err_name(errno)); return; }
    names_in_order("status names", s, STATUS_NAMES, sizeof STATUS_NAMES / sizeof *STATUS_NAMES);
    const char *name = field(s, "Name");
    printf("Name: %.*s\n", (int)strcspn(name, "\n"), name);
    printf("Umask: %.4s\n", field(s, "Umask"));
    printf("State: %.*s\n", (int)strcspn(field(s, "State"), "\n"), field(s, "State"));
    printf("Tgid == getpid: %s\n", yesno(field_long(s, "Tgid") == getpid()));
    printf("Pid == getpid: %s\n", yesno(field_long(s, "Pid") == getpid()));
    printf("PPid == getppid: %s\n", yesno(field_long(s, "PPid") == getppid()));
    printf("TracerPid: %ld\n", field_long(s, "TracerPid"));
    unsigned u[4], g[4];
    sscanf(field(s, "Uid"), "%u %u %u %u", &u[0], &u[1], &u[2], &u[3]);
    sscanf(field(s, "Gid"), "%u %u %u %u", &g[0], &g[1], &g[2], &g[3]);
    printf("Uid == getuid x4: %s\n", yesno(u[0] == getuid() && u[1] == geteuid() && u[2] == getuid() && u[3] == geteuid()));
    printf("Gid == getgid x4: %s\n", yesno(g[0] == getgid() && g[1] == getegid() && g[2] == getgid() && g[3] == getegid()));
    printf("NSpgid == getpgrp: %s\n", yesno(field_long(s, "NSpgid") == getpgrp()));
    printf("Threads: %ld\n", field_long(s, "Threads"));
    const char *gl = strstr(s, "\nGroups:");
    printf("Groups line: [%.*s]\n", gl ? (int)strcspn(gl + 1, "\n") : 0, gl ? gl + 1 : "");
    long size = field_long(s, "VmSize"), rss = field_long(s, "VmRSS"), peak = field_long(s, "VmPeak");
    printf("VmRSS <= VmSize <= VmPeak: %s\n", yesno(rss > 0 && rss <= size && size <= peak));
    printf("SigBlk: %.16s SigPnd: %.16s\n", field(s, "SigBlk"), field(s, "SigPnd"));
    umask(022);
}

static void stat_facts(void)
{
    static char copy[4096];
    char f[64][64];
    char *s = slurp("/proc/self/stat");
    if (!s) { printf("stat: %s\n", err_name(errno)); return; }
    snprintf(copy, sizeof copy, "%s", s);
    int n = stat_fields(copy, f);
    printf("stat fields: %d, ends with newline: %s\n", n, yesno(copy[strlen(copy) - 1] == '\n'));
    printf("stat pid ok: %s comm: %s state: %s\n", yesno(atol(f[0]) == getpid()), f[1], f[2]);
    printf("stat ppid ok: %s pgrp ok: %s session ok: %s\n", yesno(atol(f[3]) == getppid()),
           yesno(atol(f[4]) == getpgrp()), yesno(atol(f[5]) == getsid(0)));
    printf("stat threads: %s priority: %s nice: %s exit_signal: %s\n", f[19], f[17], f[18], f[37]);
    /* rss (field 24) is left out: Linux's per-thread RSS counters may still read 0 in a tiny process. */
    printf("stat vsize > 0: %s rsslim: %s\n", yesno(atoll(f[22]) > 0), f[24]);
    unsigned long long startcode = strtoull(f[25], 0, 10), endcode = strtoull(f[26], 0, 10);
    printf("stat startcode <= main < endcode: %s\n",
           yesno(startcode <= (unsigned long long)(uintptr_t)&stat_facts && (unsigned long long)(uintptr_t)&stat_facts < endcode));
    /* arg_start: the address of argv[0]'s first byte. */
    extern char **environ;
    printf("stat env_start <= environ[0]: %s\n", yesno(strtoull(f[49], 0, 10) <= (unsigned long long)(uintptr_t)environ[0]));
    long sm[7];
    char *m = slurp("/proc/self/statm");
    int k = m ? sscanf(m, "%ld %ld %ld %ld %ld %ld %ld", &sm[0], &sm[1], &sm[2], &sm[3], &sm[4], &sm[5], &sm[6]) : -1;
    printf("statm numbers: %d, resident <= size: %s\n", k, yesno(k == 7 && sm[1] <= sm[0]));
}

static void comm_facts(char *argv0)
{
    char *c = slurp("/proc/self/comm");
    const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
    size_t bl = strlen(base) < 15 ? strlen(base) : 15;
    printf("comm == basename(argv0) (15 max): %s\n", yesno(c && strncmp(c, base, bl) == 0 && c[bl] == '\n' && c[bl + 1] == 0));
    int fd = open("/proc/self/comm", O_WRONLY);
    T(write(fd, "renamed", 7));
    close(fd);
    c = slurp("/proc/self/comm");
    printf("comm after write: %s", c);
    char name[32] = {0};
    prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME: %s\n", name);
    fd = open("/proc/self/comm", O_WRONLY);
    T(write(fd, "a-name-longer-than-fifteen-bytes", 32));
    close(fd);
    printf("comm after long write: %s", slurp("/proc/self/comm"));
    printf("status Name: %.*s\n", (int)strcspn(field(slurp("/proc/self/status"), "Name"), "\n"), field(slurp("/proc/self/status"), "Name"));
}

static void cmdline_environ(int argc, char **argv)
{
    long len = 0;
    char *c = slurp_at(AT_FDCWD, "/proc/self/cmdline", &len);
    int ok = c != NULL;
    long off = 0;
    for (int i = 0; ok && i < argc; i++) {
        if (strcmp(c + off, argv[i]) != 0) ok = 0;
        off += strlen(argv[i]) + 1;
    }
    printf("cmdline == argv (%d args): %s, length ok: %s\n", argc, yesno(ok), yesno(off == len));
    char *e = slurp_at(AT_FDCWD, "/proc/self/environ", &len);
    int lang = 0;
    for (long i = 0; e && i < len; i += strlen(e + i) + 1) if (strcmp(e + i, "LANG=C") == 0) lang = 1;
    printf("environ has LANG=C: %s\n", yesno(lang));
}

static void links(void)
{
    char buf[256], want[64];
    long n = readlink("/proc/self", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    snprintf(want, sizeof want, "%d", getpid());
    printf("/proc/self -> getpid: %s\n", yesno(strcmp(buf, want) == 0));
    n = readlink("/proc/thread-self", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
    printf("/proc/thread-self -> pid/task/tid: %s\n", yesno(strcmp(buf, want) == 0));
    n = readlink("/proc/self/root", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("/proc/self/root: %s\n", buf);
    n = readlink("/proc/mounts", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("/proc/mounts -> %s\n", buf);
    struct stat a, b;
    printf("/proc/self/exe is this program: %s\n", yesno(stat("/proc/self/exe", &a) == 0 && stat("/proc/self/exe", &b) == 0 && S_ISREG(a.st_mode)));
    snprintf(want, sizeof want, "/proc/%d/task/%d/stat", getpid(), getpid());
    char *t = slurp(want);
    printf("task/TID/stat starts with tid: %s\n", yesno(t && atol(t) == getpid()));
    T(access("/proc/self/task", R_OK | X_OK));
    T(open("/proc/self/nonexistent", O_RDONLY));
    T(open("/proc/self/status", O_RDONLY | O_CREAT, 0644));
    T(mkdir("/proc/self/newdir", 0755));
}

static void limits(void)
{
    struct rlimit r = {64, 128};
    T(setrlimit(RLIMIT_NOFILE, &r));
    r.rlim_cur = 0; r.rlim_max = 0;
    T(setrlimit(RLIMIT_CORE, &r));
    r.rlim_cur = 1 << 20; r.rlim_max = 1 << 21;
    T(setrlimit(RLIMIT_STACK, &r));
    char *s = slurp("/proc/self/limits");
    if (!s) { printf("limits: %s\n", err_name(errno)); return; }
    int row = -1, all_match = 1;
    for (char *line = s; *line; ) {
        char *nl = strchr(line, '\n');
        *nl = 0;
        if (row < 0) {
            printf("header: [%s]\n", line);
        } else {
            char name[32], soft[32], hard[32], units[16];
            snprintf(name, sizeof name, "%.25s", line);
            sscanf(line + 26, "%31s", soft);
            sscanf(line + 47, "%31s", hard);
            units[0] = 0;
            if (strlen(line) > 68) sscanf(line + 68, "%15s", units);
            struct rlimit g;
            getrlimit(row, &g);
            char gs[32], gh[32];
            if (g.rlim_cur == RLIM_INFINITY) strcpy(gs, "unlimited"); else snprintf(gs, sizeof gs, "%llu", (unsigned long long)g.rlim_cur);
            if (g.rlim_max == RLIM_INFINITY) strcpy(gh, "unlimited"); else snprintf(gh, sizeof gh, "%llu", (unsigned long long)g.rlim_max);
            int match = strcmp(gs, soft) == 0 && strcmp(gh, hard) == 0;
            if (!match) all_match = 0;
            printf("row %2d: [%s] units [%s] width %zu\n", row, name, units, strlen(line));
            if (row == RLIMIT_NOFILE || row == RLIMIT_CORE || row == RLIMIT_STACK) printf("  %s %s\n", soft, hard);
        }
        row++;
        line = nl + 1;
    }
    printf("every row == getrlimit: %s\n", yesno(all_match));
}

static void oom(void)
{
    char *s = slurp("/proc/self/oom_score_adj");
    printf("oom_score_adj: %s", s);
    int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    T(write(fd, "100\n", 4));
    T(write(fd, "5000\n", 5));
    T(write(fd, "abc", 3));
    close(fd);
    printf("oom_score_adj after: %s", slurp("/proc/self/oom_score_adj"));
    long score = atol(slurp("/proc/self/oom_score"));
    printf("oom_score in [0, 2000]: %s\n", yesno(score >= 0 && score <= 2000));
    s = slurp("/proc/self/loginuid");
    printf("loginuid is a number: %s\n", yesno(s && s[0] >= '0' && s[0] <= '9'));
}

int main(int argc, char **argv)
{
    status_facts();
    stat_facts();
    comm_facts(argv[0]);
    cmdline_environ(argc, argv);
    links();
    limits();
    oom();
    return 0;
}
