; The article's program: talk to the kernel with nothing but the syscall instruction.
; write(1, msg, len) then exit(0). No libc, no stack set-up beyond what the kernel gives.
        global  _start
        section .text
_start:
        mov     eax, 1              ; __NR_write
        mov     edi, 1              ; fd 1 = stdout
        lea     rsi, [rel msg]      ; buffer
        mov     edx, msg_len        ; count
        syscall
        mov     eax, 60             ; __NR_exit
        xor     edi, edi            ; status 0
        syscall

        section .rodata
msg:    db      "Hello from a raw syscall!", 10
msg_len equ     $ - msg
