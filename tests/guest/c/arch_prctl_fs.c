/* arch_prctl(2): ARCH_GET_FS agrees with the thread pointer libc set up. */
#include "guest.h"
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#include <pthread.h>

static __thread int tls_var = 42;

int main(void)
{
    unsigned long fs = 0, gs = 1, self;
    T(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    __asm__("mov %%fs:0, %0" : "=r"(self));
    printf("fs == %%fs:0 (TCB self pointer): %s\n", yesno(fs == self));
    printf("fs == pthread_self(): %s\n", yesno(fs == (unsigned long)pthread_self()));
    printf("tls var near fs: %s value=%d\n", yesno((unsigned long)&tls_var < fs + 65536 && (unsigned long)&tls_var + 65536 > fs), tls_var);
    T(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    printf("gs=%lu\n", gs);
    T(syscall(SYS_arch_prctl, ARCH_SET_FS, fs));     /* same value again */
    tls_var++;
    printf("tls after set=%d\n", tls_var);
    T(syscall(SYS_arch_prctl, 0x9999, &fs));         /* EINVAL */
    R("arch_prctl(GET_FS, BADPTR)", SYS_arch_prctl, ARCH_GET_FS, (long)BADPTR);
    R("arch_prctl(SET_FS, kernel addr)", SYS_arch_prctl, ARCH_SET_FS, (long)0xffff800000000000UL);
    return 0;
}
