/* The smallest static program: write(1, "hello\n", 6) and exit_group(0) with raw syscalls. */
        .intel_syntax noprefix
        .globl  _start
        .text
_start:
        mov     eax, 1
        mov     edi, 1
        lea     rsi, [rip + msg]
        mov     edx, 6
        syscall
        mov     eax, 231
        xor     edi, edi
        syscall
        .section .rodata
msg:    .ascii  "hello\n"
        .section .note.GNU-stack,"",@progbits
