/* argv, envp and the auxiliary vector the loader builds. */
#include "guest.h"
#include <sys/auxv.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]='%s'\n", i, argv[i]);
    printf("argv[argc]==NULL: %s\n", yesno(argv[argc] == NULL));
    const char *v = getenv("SYSGATE_TEST_VAR");
    printf("SYSGATE_TEST_VAR=%s\n", v ? v : "(unset)");
    int n = 0;
    for (char **e = environ; *e; e++) n++;
    printf("environ nonempty: %s\n", yesno(n > 0));
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_PHENT=%lu\n", getauxval(AT_PHENT));
    printf("AT_PHNUM>0: %s\n", yesno(getauxval(AT_PHNUM) > 0));
    printf("AT_PHDR set: %s\n", yesno(getauxval(AT_PHDR) != 0));
    printf("AT_ENTRY set: %s\n", yesno(getauxval(AT_ENTRY) != 0));
    printf("AT_UID==getuid: %s AT_EUID==geteuid: %s\n", yesno(getauxval(AT_UID) == getuid()), yesno(getauxval(AT_EUID) == geteuid()));
    printf("AT_GID==getgid: %s AT_EGID==getegid: %s\n", yesno(getauxval(AT_GID) == getgid()), yesno(getauxval(AT_EGID) == getegid()));
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nz = 0;
    for (int i = 0; rnd && i < 16; i++) nz |= rnd[i];
    printf("AT_RANDOM 16 bytes, not all zero: %s\n", yesno(rnd && nz));
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM=%s\n", plat ? plat : "(none)");
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN==argv[0]: %s\n", yesno(fn && strcmp(fn, argv[0]) == 0));
    printf("AT_HWCAP has sse2 (bit 26): %s\n", yesno(getauxval(AT_HWCAP) & (1UL << 26)));
    /* Stack alignment at main: a local 16-byte aligned object really is aligned. */
    __attribute__((aligned(16))) char probe[16];
    printf("aligned local: %s\n", yesno(((uintptr_t)probe & 15) == 0));
    /* argv strings live above the argv array, on the stack. */
    printf("argv strings above argv: %s\n", yesno((uintptr_t)argv[0] > (uintptr_t)argv));
    return 0;
}
