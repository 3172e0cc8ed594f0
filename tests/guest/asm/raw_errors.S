/* GNU as: raw system calls that fail, reporting -errno in rax as a digit string,
 * then exit_group(3). Checks the gate's register conventions: rcx and r11 are
 * clobbered, every other register survives. */
        .globl  _start
        .text
_start:
        /* close(-1) -> -EBADF (-9) */
        mov     $3, %eax
        mov     $-1, %rdi
        mov     $0x1111, %rbx
        mov     $0x2222, %rbp
        mov     $0x3333, %r12
        mov     $0x4444, %r15
        syscall
        neg     %rax
        call    print_num
        /* open(NULL, 0) -> -EFAULT (-14) */
        mov     $2, %eax
        xor     %edi, %edi
        xor     %esi, %esi
        syscall
        neg     %rax
        call    print_num
        /* unknown syscall 1000 -> -ENOSYS (-38) */
        mov     $1000, %eax
        syscall
        neg     %rax
        call    print_num
        /* did the callee-visible registers survive? */
        cmp     $0x1111, %rbx
        jne     bad
        cmp     $0x2222, %rbp
        jne     bad
        cmp     $0x3333, %r12
        jne     bad
        cmp     $0x4444, %r15
        jne     bad
        /* rcx holds the return address and r11 the flags after syscall */
        lea     after(%rip), %rdx
        mov     $39, %eax           /* getpid */
        syscall
after:
        cmp     %rdx, %rcx
        jne     bad
        lea     okmsg(%rip), %rsi
        mov     $okmsg_len, %edx
        mov     $1, %eax
        mov     $1, %edi
        syscall
        mov     $231, %eax
        mov     $3, %edi
        syscall
bad:
        lea     badmsg(%rip), %rsi
        mov     $badmsg_len, %edx
        mov     $1, %eax
        mov     $1, %edi
        syscall
        mov     $231, %eax
        mov     $1, %edi
        syscall

/* print rax (0..999) in decimal followed by a newline */
print_num:
        sub     $16, %rsp
        mov     %rsp, %rsi
        add     $15, %rsi
        movb    $10, (%rsi)
        mov     $1, %r8d
        mov     $10, %r9d
1:      xor     %edx, %edx
        div     %r9
        add     $'0', %dl
        dec     %rsi
        mov     %dl, (%rsi)
        inc     %r8
        test    %rax, %rax
        jnz     1b
        mov     %r8, %rdx
        mov     $1, %eax
        mov     $1, %edi
        syscall
        add     $16, %rsp
        ret

        .section .rodata
okmsg:  .ascii  "registers preserved, rcx = return address\n"
        .set    okmsg_len, . - okmsg
badmsg: .ascii  "register convention broken\n"
        .set    badmsg_len, . - badmsg
