; Print each argv string on its own line, straight from the initial stack the loader built,
; then exit_group with status argc.
        global  _start
        section .text
_start:
        mov     r12, [rsp]          ; argc
        lea     r13, [rsp + 8]      ; argv
        xor     r14, r14            ; index
.next:
        cmp     r14, r12
        jae     .done
        mov     rsi, [r13 + r14 * 8]
        mov     rdi, rsi            ; strlen by hand
        xor     ecx, ecx
        not     rcx
        xor     eax, eax
        cld
        repne   scasb
        not     rcx
        lea     rdx, [rcx - 1]      ; length without NUL
        mov     eax, 1
        mov     edi, 1
        syscall
        mov     eax, 1
        mov     edi, 1
        lea     rsi, [rel nl]
        mov     edx, 1
        syscall
        inc     r14
        jmp     .next
.done:
        mov     eax, 231            ; __NR_exit_group
        mov     rdi, r12
        syscall

        section .rodata
nl:     db      10
