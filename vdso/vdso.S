/*
 * sysgate's vDSO: the five time calls a libc may make without entering the kernel.
 *
 * The code reads the data page "[vvar]" that the kernel maps just below this image and refreshes
 * at the start of every time slice. Layout of that page (all little-endian; keep in step with
 * src/kernel/vdso.ts):
 *
 *    0  u32  seq          odd while the kernel is rewriting the page
 *    4  u32  cpu          what getcpu reports
 *    8  u64  tsc_base     the TSC when the bases below were taken
 *   16  u32  mult         ns = ((tsc - tsc_base) * mult) >> shift
 *   20  u32  shift
 *   24  i32  tz_minuteswest, 28 i32 tz_dsttime   (gettimeofday's timezone)
 *   32  u32  hres_mask    bit N: clock id N is computed here from the TSC
 *   36  u32  coarse_mask  bit N: clock id N is the base value as is
 *   40  u64  coarse_res   resolution of the coarse clocks in ns
 *   64  {u64 sec, u64 nsec} base[16], indexed by clock id
 *
 * A clock id outside both masks (CPU-time clocks, per-process CPU clocks, bad ids) takes the real
 * system call, as Linux's vDSO does. Position-independent, no relocations: the data page is
 * reached RIP-relative through vvar_page, which the linker script places 4 pages before the image.
 */

#define SEQ        0
#define CPU        4
#define TSC_BASE   8
#define MULT       16
#define SHIFT      20
#define TZ_MIN     24
#define TZ_DST     28
#define HRES_MASK  32
#define COARSE_MASK 36
#define COARSE_RES 40
#define BASES      64
#define NBASES     16

#define SYS_gettimeofday  96
#define SYS_time          201
#define SYS_clock_gettime 228
#define SYS_clock_getres  229

        .hidden vvar_page
        .text

/*
 * read_hres: r8 = data page, ecx = clock id (hres). Returns rax = seconds, rdx = nanoseconds.
 * Clobbers rcx, r9, r10, r11. Leaves rdi and rsi alone.
 */
        .type   read_hres, @function
        .p2align 4
read_hres:
        .cfi_startproc
        mov     %ecx, %r11d
        shl     $4, %r11
1:      mov     SEQ(%r8), %r9d
        test    $1, %r9d
        jnz     3f
        rdtsc
        shl     $32, %rdx
        or      %rdx, %rax
        sub     TSC_BASE(%r8), %rax
        jns     2f
        xor     %eax, %eax
2:      mov     MULT(%r8), %r10d
        mul     %r10
        mov     SHIFT(%r8), %ecx
        shrd    %cl, %rdx, %rax
        add     BASES+8(%r8,%r11), %rax
        mov     BASES(%r8,%r11), %r10
        cmp     SEQ(%r8), %r9d
        jne     1b
        /* The bases are refreshed every time slice, so nanoseconds exceed a second at most a few
           times: subtract instead of dividing. */
        mov     %rax, %rdx
        mov     %r10, %rax
        mov     $1000000000, %ecx
4:      cmp     %rcx, %rdx
        jb      5f
        sub     %rcx, %rdx
        inc     %rax
        jmp     4b
5:      ret
3:      pause
        jmp     1b
        .cfi_endproc
        .size   read_hres, .-read_hres

/* int __vdso_clock_gettime(clockid_t id, struct timespec *ts) */
        .globl  __vdso_clock_gettime
        .type   __vdso_clock_gettime, @function
        .p2align 4
__vdso_clock_gettime:
        .cfi_startproc
        cmp     $NBASES-1, %edi
        ja      9f
        lea     vvar_page(%rip), %r8
        mov     %edi, %ecx
        mov     $1, %eax
        shl     %cl, %eax
        test    HRES_MASK(%r8), %eax
        jnz     1f
        test    COARSE_MASK(%r8), %eax
        jnz     2f
9:      mov     $SYS_clock_gettime, %eax
        syscall
        ret
1:      call    read_hres
        mov     %rax, (%rsi)
        mov     %rdx, 8(%rsi)
        xor     %eax, %eax
        ret
2:      shl     $4, %ecx
3:      mov     SEQ(%r8), %r9d
        test    $1, %r9d
        jnz     4f
        mov     BASES(%r8,%rcx), %rax
        mov     BASES+8(%r8,%rcx), %rdx
        cmp     SEQ(%r8), %r9d
        jne     3b
        mov     %rax, (%rsi)
        mov     %rdx, 8(%rsi)
        xor     %eax, %eax
        ret
4:      pause
        jmp     3b
        .cfi_endproc
        .size   __vdso_clock_gettime, .-__vdso_clock_gettime

/* int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz) */
        .globl  __vdso_gettimeofday
        .type   __vdso_gettimeofday, @function
        .p2align 4
__vdso_gettimeofday:
        .cfi_startproc
        lea     vvar_page(%rip), %r8
        testl   $1, HRES_MASK(%r8)
        jz      9f
        test    %rdi, %rdi
        jz      1f
        xor     %ecx, %ecx
        call    read_hres
        mov     %rax, (%rdi)
        mov     %rdx, %rax
        xor     %edx, %edx
        mov     $1000, %ecx
        div     %rcx
        mov     %rax, 8(%rdi)
1:      test    %rsi, %rsi
        jz      2f
        mov     TZ_MIN(%r8), %eax
        mov     %eax, (%rsi)
        mov     TZ_DST(%r8), %eax
        mov     %eax, 4(%rsi)
2:      xor     %eax, %eax
        ret
9:      mov     $SYS_gettimeofday, %eax
        syscall
        ret
        .cfi_endproc
        .size   __vdso_gettimeofday, .-__vdso_gettimeofday

/* time_t __vdso_time(time_t *t) */
        .globl  __vdso_time
        .type   __vdso_time, @function
        .p2align 4
__vdso_time:
        .cfi_startproc
        lea     vvar_page(%rip), %r8
        testl   $1, HRES_MASK(%r8)
        jz      9f
        xor     %ecx, %ecx
        call    read_hres
        test    %rdi, %rdi
        jz      1f
        mov     %rax, (%rdi)
1:      ret
9:      mov     $SYS_time, %eax
        syscall
        ret
        .cfi_endproc
        .size   __vdso_time, .-__vdso_time

/* long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused) */
        .globl  __vdso_getcpu
        .type   __vdso_getcpu, @function
        .p2align 4
__vdso_getcpu:
        .cfi_startproc
        lea     vvar_page(%rip), %r8
        mov     CPU(%r8), %eax
        test    %rdi, %rdi
        jz      1f
        mov     %eax, (%rdi)
1:      test    %rsi, %rsi
        jz      2f
        movl    $0, (%rsi)
2:      xor     %eax, %eax
        ret
        .cfi_endproc
        .size   __vdso_getcpu, .-__vdso_getcpu

/* int __vdso_clock_getres(clockid_t id, struct timespec *res) */
        .globl  __vdso_clock_getres
        .type   __vdso_clock_getres, @function
        .p2align 4
__vdso_clock_getres:
        .cfi_startproc
        cmp     $NBASES-1, %edi
        ja      9f
        lea     vvar_page(%rip), %r8
        mov     %edi, %ecx
        mov     $1, %eax
        shl     %cl, %eax
        test    HRES_MASK(%r8), %eax
        jnz     1f
        test    COARSE_MASK(%r8), %eax
        jz      9f
        mov     COARSE_RES(%r8), %rax
        jmp     2f
1:      mov     $1, %eax
2:      test    %rsi, %rsi
        jz      3f
        movq    $0, (%rsi)
        mov     %rax, 8(%rsi)
3:      xor     %eax, %eax
        ret
9:      mov     $SYS_clock_getres, %eax
        syscall
        ret
        .cfi_endproc
        .size   __vdso_clock_getres, .-__vdso_clock_getres

/* The unprefixed names, weak, as Linux's image has them. */
        .weak   clock_gettime
        .set    clock_gettime, __vdso_clock_gettime
        .weak   gettimeofday
        .set    gettimeofday, __vdso_gettimeofday
        .weak   time
        .set    time, __vdso_time
        .weak   getcpu
        .set    getcpu, __vdso_getcpu
        .weak   clock_getres
        .set    clock_getres, __vdso_clock_getres

/* The kernel's version, in the note Linux's vDSO carries (6.1.0). */
        .section .note.Linux, "a", @note
        .p2align 2
        .long   6f - 5f
        .long   8f - 7f
        .long   0
5:      .asciz  "Linux"
6:      .p2align 2
7:      .long   0x060100
8:      .p2align 2

        .section .note.GNU-stack, "", @progbits
