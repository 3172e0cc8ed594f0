; The article's raw-syscall hello: write(1, msg, len); exit(7)
global _start
section .data
msg: db "hello from a raw syscall", 10
len equ $ - msg
section .text
_start:
  mov eax, 1
  mov edi, 1
  lea rsi, [rel msg]
  mov edx, len
  syscall
  mov eax, 60
  mov edi, 7
  syscall
