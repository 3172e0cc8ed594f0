/* The calls libc makes while starting up: set_tid_address, set_robust_list, rseq, and their errors. */
#include "guest.h"

#ifndef SYS_rseq
#define SYS_rseq 334
#endif

int main(void)
{
    static int tid_word;
    long tid = syscall(SYS_set_tid_address, &tid_word);
    printf("set_tid_address returns gettid: %s\n", yesno(tid == syscall(SYS_gettid)));
    struct { void *next; long futex_offset; void *pending; } head = {&head, 0, NULL};
    R("set_robust_list(ok)", SYS_set_robust_list, (long)&head, sizeof head);
    R("set_robust_list(bad len)", SYS_set_robust_list, (long)&head, 7);
    void *got_head = NULL;
    size_t got_len = 0;
    R("get_robust_list(0)", SYS_get_robust_list, 0, (long)&got_head, (long)&got_len);
    printf("robust list read back: %s len=%zu\n", yesno(got_head == &head), got_len);
    /* rseq: glibc registers one already (then EBUSY/EINVAL); a bad length is EINVAL either way. */
    static __attribute__((aligned(32))) char area[32];
    R("rseq(bad len)", SYS_rseq, (long)area, 8, 0, 0x53053053);
    R("rseq(bad flags)", SYS_rseq, (long)area, 32, 0x10, 0x53053053);
    R("rseq(unaligned)", SYS_rseq, (long)(area + 1), 32, 0, 0x53053053);
    return 0;
}
