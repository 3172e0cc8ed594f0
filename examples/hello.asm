; hello.asm: the article's program. No libc and no runtime: two system calls and nothing else.
;
;   write(1, msg, len)   rax = 1,  rdi = fd, rsi = buffer, rdx = length
;   exit(0)              rax = 60, rdi = status
;
; The number goes in rax, the arguments in rdi, rsi, rdx (then r10, r8, r9), and the `syscall`
; instruction crosses into the kernel. The result comes back in rax (a negative errno on failure).
; Build: nasm -f elf64 hello.asm && ld -static -o hello hello.o   (examples/build.sh does it)

        global  _start

        section .text
_start:
        mov     eax, 1              ; system call 1: write
        mov     edi, 1              ; fd 1: standard output
        lea     rsi, [rel msg]      ; what to write
        mov     edx, len            ; how many bytes
        syscall                     ; into the kernel and back; rax = bytes written

        mov     eax, 60             ; system call 60: exit
        xor     edi, edi            ; status 0
        syscall                     ; does not return

        section .rodata
msg:    db      "Hello, world! (from a raw syscall)", 10
len     equ     $ - msg
