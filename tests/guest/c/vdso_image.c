/*
 * The vDSO as a program sees it: AT_SYSINFO_EHDR points at an ELF shared object whose dynamic
 * symbol table exports the five time calls with version LINUX_2.6 (found the way a libc finds them:
 * PT_LOAD/PT_DYNAMIC, DT_HASH, DT_SYMTAB/DT_STRTAB, DT_VERSYM/DT_VERDEF); calling them directly
 * gives what the system calls give.
 */
#include "guest.h"
#include <elf.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

static const char *names[] = {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu",
                              "__vdso_clock_getres", "clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres"};
static void *addrs[10];

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

static void parse(uintptr_t base)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    printf("magic: %s class64: %s type DYN: %s machine x86-64: %s\n", yesno(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0),
           yesno(eh->e_ident[EI_CLASS] == ELFCLASS64), yesno(eh->e_type == ET_DYN), yesno(eh->e_machine == EM_X86_64));
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    intptr_t bias = 0;
    const Elf64_Dyn *dyn = NULL;
    int loads = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && loads++ == 0) bias = (intptr_t)base + ph[i].p_offset - ph[i].p_vaddr;
        if (ph[i].p_type == PT_DYNAMIC) dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
    }
    printf("PT_LOAD: %s PT_DYNAMIC: %s\n", yesno(loads > 0), yesno(dyn != NULL));
    if (!dyn) return;
    const Elf32_Word *hash = NULL;
    const Elf64_Sym *syms = NULL;
    const char *strs = NULL;
    const Elf64_Half *versym = NULL;
    const Elf64_Verdef *verdef = NULL;
    const char *soname = NULL;
    size_t sonameOff = (size_t)-1;
    int gnuhash = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_HASH: hash = (const void *)(bias + dyn->d_un.d_ptr); break;
        case DT_GNU_HASH: gnuhash = 1; break;
        case DT_SYMTAB: syms = (const void *)(bias + dyn->d_un.d_ptr); break;
        case DT_STRTAB: strs = (const void *)(bias + dyn->d_un.d_ptr); break;
        case DT_VERSYM: versym = (const void *)(bias + dyn->d_un.d_ptr); break;
        case DT_VERDEF: verdef = (const void *)(bias + dyn->d_un.d_ptr); break;
        case DT_SONAME: sonameOff = dyn->d_un.d_val; break;
        }
    }
    printf("DT_HASH: %s DT_GNU_HASH: %s DT_SYMTAB: %s DT_STRTAB: %s DT_VERSYM: %s DT_VERDEF: %s\n", yesno(hash != NULL),
           yesno(gnuhash), yesno(syms != NULL), yesno(strs != NULL), yesno(versym != NULL), yesno(verdef != NULL));
    if (!hash || !syms || !strs) return;
    if (sonameOff != (size_t)-1) soname = strs + sonameOff;
    printf("soname: %s\n", soname ? soname : "(none)");
    size_t nsym = hash[1];
    for (int n = 0; n < 10; n++) {
        const char *ver = "(none)";
        int found = 0, func = 0;
        for (size_t i = 1; i < nsym; i++) {
            if (strcmp(strs + syms[i].st_name, names[n]) != 0 || syms[i].st_shndx == SHN_UNDEF) continue;
            found = 1;
            func = ELF64_ST_TYPE(syms[i].st_info) == STT_FUNC;
            addrs[n] = (void *)(bias + syms[i].st_value);
            if (versym && verdef) {
                int v = versym[i] & 0x7fff;
                const Elf64_Verdef *d = verdef;
                for (;;) {
                    if (!(d->vd_flags & VER_FLG_BASE) && (d->vd_ndx & 0x7fff) == v) {
                        const Elf64_Verdaux *aux = (const void *)((const char *)d + d->vd_aux);
                        ver = strs + aux->vda_name;
                        break;
                    }
                    if (d->vd_next == 0) break;
                    d = (const void *)((const char *)d + d->vd_next);
                }
            }
            break;
        }
        printf("%s: found=%s func=%s version=%s\n", names[n], yesno(found), yesno(func), ver);
    }
}

int main(void)
{
    uintptr_t base = getauxval(AT_SYSINFO_EHDR);
    printf("AT_SYSINFO_EHDR set: %s page-aligned: %s\n", yesno(base != 0), yesno((base & 4095) == 0));
    if (!base) return 1;
    parse(base);
    int (*cgt)(clockid_t, struct timespec *) = addrs[0];
    int (*gtod)(struct timeval *, struct timezone *) = addrs[1];
    time_t (*vtime)(time_t *) = addrs[2];
    long (*vgetcpu)(unsigned *, unsigned *, void *) = addrs[3];
    int (*getres)(clockid_t, struct timespec *) = addrs[4];
    if (!cgt || !gtod || !vtime || !vgetcpu || !getres) return 1;

    /* Each clock through the vDSO, then through the syscall: they agree within 500 ms (see vdso_calls.c). */
    clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_REALTIME_COARSE,
                       CLOCK_MONOTONIC_COARSE, CLOCK_TAI, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
    const char *cn[] = {"REALTIME", "MONOTONIC", "MONOTONIC_RAW", "BOOTTIME", "REALTIME_COARSE", "MONOTONIC_COARSE",
                        "TAI", "PROCESS_CPUTIME", "THREAD_CPUTIME"};
    for (int i = 0; i < 9; i++) {
        struct timespec v, s, r1, r2;
        int rv = cgt(ids[i], &v);
        long rs = syscall(SYS_clock_gettime, ids[i], &s);
        long long d = ns(s) - ns(v);
        int g1 = getres(ids[i], &r1);
        long g2 = syscall(SYS_clock_getres, ids[i], &r2);
        /* The coarse clocks tick at HZ: their value may trail the syscall's by one tick. */
        int coarse = ids[i] == CLOCK_REALTIME_COARSE || ids[i] == CLOCK_MONOTONIC_COARSE;
        printf("%s: vdso=%d sys=%ld agree=%s res vdso=%d sys=%ld same=%s tick=%s\n", cn[i], rv, rs,
               yesno(d > -500000000LL && d < 500000000LL), g1, g2, yesno(ns(r1) == ns(r2)),
               coarse ? yesno(ns(r1) >= 1000000 && ns(r1) <= 10000000) : yesno(ns(r1) == 1));
    }
    /* Bad ids take the system call and fail the same way. */
    struct timespec x;
    printf("clock_gettime(12345): %d %s\n", cgt(12345, &x), "(vdso: -errno)");
    printf("clock_getres(12345): %d\n", getres(12345, &x));
    printf("clock_getres(MONOTONIC, NULL): %d\n", getres(CLOCK_MONOTONIC, NULL));

    struct timeval tv;
    struct timezone tz = {99, 99};
    struct timespec rt;
    int g = gtod(&tv, &tz);
    clock_gettime(CLOCK_REALTIME, &rt);
    long long dus = (long long)rt.tv_sec * 1000000 + rt.tv_nsec / 1000 - ((long long)tv.tv_sec * 1000000 + tv.tv_usec);
    printf("gettimeofday: %d usec<1e6: %s agrees: %s tz: %d %d\n", g, yesno(tv.tv_usec >= 0 && tv.tv_usec < 1000000),
           yesno(dus >= 0 && dus < 500000), tz.tz_minuteswest, tz.tz_dsttime);
    printf("gettimeofday(NULL, NULL): %d\n", gtod(NULL, NULL));
    time_t tt = 0;
    time_t t1 = vtime(&tt);
    long t2 = syscall(SYS_time, NULL);
    printf("time: stored=%s agrees=%s\n", yesno(tt == t1), yesno(t2 - t1 >= 0 && t2 - t1 <= 1));
    printf("time(NULL) > 2020: %s\n", yesno(vtime(NULL) > 1577836800));
    unsigned cpu = 9999, node = 9999;
    long gc = vgetcpu(&cpu, &node, NULL);
    printf("getcpu: %ld cpu<1024: %s node<64: %s\n", gc, yesno(cpu < 1024), yesno(node < 64));
    printf("getcpu(NULL, NULL): %ld\n", vgetcpu(NULL, NULL, NULL));
    return 0;
}
