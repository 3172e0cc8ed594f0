; x87 instruction forms, run natively and under sysgate's CPU: every result (ST(0) as 80 bits, the
; status word, EFLAGS after fcomi) is appended to a buffer that is written to stdout at the end.
bits 64
default rel

%macro SW 0
    fnstsw [r15]
    add r15, 2
%endmacro
%macro POPT 0
    fstp tword [r15]
    add r15, 10
%endmacro
%macro FLAGS 0
    pushfq
    pop rax
    and eax, 0x8d5
    mov [r15], eax
    add r15, 4
%endmacro
; ST0 = a, ST1 = b
%macro LOAD2 0
    fld qword [vb]
    fld qword [va]
%endmacro

section .data
align 16
va:   dq 1.75
vb:   dq -2.5
vc:   dd 3.25
vd:   dq 10.0
ve:   dq 3.0
vneg: dq -7.5
vbig: dq 1.0e300
vtiny: dq 2.0e-320
vnan: dq 0x7ff8000000000123
vsn:  dq 0x7ff4000000000001
vinf: dq 0x7ff0000000000000
vzero: dq 0.0
vnz:  dq 0x8000000000000000
vhalf: dq 2.5
i16:  dw -12
i32:  dd 100001
i64:  dq -123456789012345
t80:  dq 0xfedcba9876543210
      dw 0x4003
cw_rz: dw 0x0f7f
cw_up: dw 0x0b7f
cw_dn: dw 0x077f
cw_53: dw 0x027f
cw_24: dw 0x007f

section .bss
alignb 16
fx:   resb 512
env:  resb 32
sav:  resb 112
buf:  resb 16384

section .text
global _start
_start:
    lea r15, [buf]
    finit
    ; ---- D8 memory forms (m32)
    fld qword [va]
    fadd dword [vc]
    SW
    fmul dword [vc]
    fsub dword [vc]
    fsubr dword [vc]
    fdiv dword [vc]
    fdivr dword [vc]
    fcom dword [vc]
    SW
    POPT
    ; ---- DC memory forms (m64)
    fld qword [va]
    fadd qword [vb]
    fmul qword [vd]
    fsub qword [ve]
    fsubr qword [vd]
    fdiv qword [ve]
    fdivr qword [vb]
    fcom qword [vb]
    SW
    fcomp qword [vd]
    SW
    ; ---- DA / DE integer memory forms
    fld qword [vd]
    fiadd dword [i32]
    fimul word [i16]
    fisub dword [i32]
    fisubr word [i16]
    fidiv dword [i32]
    fidivr word [i16]
    ficom word [i16]
    SW
    POPT
    ; ---- register forms D8 / DC / DE
%macro REGOPS 1
    LOAD2
    %1 st0, st1
    POPT
    POPT
    LOAD2
    %1 st1, st0
    POPT
    POPT
%endmacro
    REGOPS fadd
    REGOPS fmul
    REGOPS fsub
    REGOPS fsubr
    REGOPS fdiv
    REGOPS fdivr
%macro POPOPS 1
    LOAD2
    %1 st1, st0
    SW
    POPT
%endmacro
    POPOPS faddp
    POPOPS fmulp
    POPOPS fsubp
    POPOPS fsubrp
    POPOPS fdivp
    POPOPS fdivrp
    ; ---- loads/stores
    fild word [i16]
    POPT
    fild dword [i32]
    POPT
    fild qword [i64]
    POPT
    fld tword [t80]
    fst dword [r15]
    add r15, 4
    fst qword [r15]
    add r15, 8
    fist word [r15]
    add r15, 2
    fist dword [r15]
    add r15, 4
    fld st0
    fistp qword [r15]
    add r15, 8
    fld st0
    fisttp qword [r15]
    add r15, 8
    fld st0
    fisttp dword [r15]
    add r15, 4
    fld st0
    fisttp word [r15]
    add r15, 2
    SW
    fld qword [vbig]
    fist dword [r15]
    add r15, 4
    fstp dword [r15]
    add r15, 4
    SW
    fchs
    fabs
    POPT
    ; ---- constants under four rounding modes
%macro CONSTS 0
    fld1
    fldl2t
    fldl2e
    fldpi
    fldlg2
    fldln2
    fldz
    POPT
    POPT
    POPT
    POPT
    POPT
    POPT
    POPT
%endmacro
    CONSTS
    fldcw [cw_up]
    CONSTS
    fldcw [cw_dn]
    CONSTS
    fldcw [cw_rz]
    CONSTS
    fnstcw [r15]
    add r15, 2
    ; rounding modes on arithmetic and stores
    fld qword [va]
    fdiv qword [ve]
    fst qword [r15]
    add r15, 8
    fistp dword [r15]
    add r15, 4
    fldcw [cw_53]
    fld qword [va]
    fdiv qword [ve]
    POPT
    fldcw [cw_24]
    fld qword [va]
    fdiv qword [ve]
    POPT
    finit
    ; ---- compares
%macro CMPS 2
    fld qword [%2]
    fld qword [%1]
    fcom st1
    SW
    fucom st1
    SW
    fcomi st0, st1
    FLAGS
    fucomi st0, st1
    FLAGS
    ftst
    SW
    fxam
    SW
    fcomip st0, st1
    FLAGS
    fucomip st0, st0
    FLAGS
    SW
%endmacro
    CMPS va, vb
    CMPS vb, va
    CMPS va, va
    CMPS vnan, va
    CMPS vsn, va
    CMPS vzero, vnz
    CMPS vinf, vtiny
    fnclex
    LOAD2
    fcompp
    SW
    LOAD2
    fucompp
    SW
    fld qword [va]
    fld qword [vnan]
    fucompp
    SW
    ; ---- fcmov
    fld qword [vb]
    fld qword [va]
    mov eax, 1
    cmp eax, 2
    fcmovb st0, st1
    fcmovnb st0, st1
    POPT
    fld qword [va]
    fcmove st0, st1
    fcmovne st0, st1
    fcmovbe st0, st1
    fcmovnbe st0, st1
    fcmovu st0, st1
    fcmovnu st0, st1
    POPT
    POPT
    ; ---- one-operand functions
%macro UNARY 2
    fld qword [%2]
    %1
    SW
    POPT
%endmacro
    UNARY fsqrt, va
    UNARY fsqrt, vd
    UNARY fsqrt, vneg
    UNARY frndint, vhalf
    UNARY frndint, vneg
    UNARY fchs, vzero
    UNARY fabs, vnz
    fldcw [cw_up]
    UNARY frndint, vhalf
    fldcw [cw_dn]
    UNARY frndint, va
    finit
    fld qword [vd]
    fxtract
    POPT
    POPT
    fld qword [vtiny]
    fxtract
    POPT
    POPT
    fld qword [vzero]
    fxtract
    SW
    POPT
    POPT
    fnclex
    ; fscale, fprem, fprem1
    fld qword [ve]
    fld qword [va]
    fscale
    POPT
    POPT
    fld qword [ve]
    fld qword [vd]
    fprem
    SW
    POPT
    fld qword [vd]
    fprem1
    SW
    POPT
    POPT
    fld qword [vtiny]
    fld qword [vbig]
    fprem
    SW
    POPT
    POPT
    ; stack handling
    fld qword [va]
    fld qword [vb]
    fxch st1
    POPT
    POPT
    fld1
    fincstp
    SW
    fdecstp
    SW
    POPT
    fld qword [va]
    ffree st0
    fincstp
    SW
    ; stack overflow / underflow masked responses
    finit
    fld1
    fld1
    fld1
    fld1
    fld1
    fld1
    fld1
    fld1
    fld1
    SW
    POPT
    finit
    fadd st0, st1
    SW
    POPT
    finit
    fnstsw ax
    mov [r15], ax
    add r15, 2
    ; environment
    fld qword [va]
    fld qword [vzero]
    fld qword [vinf]
    fnstenv [env]
    mov eax, [env]
    mov [r15], eax
    mov eax, [env + 4]
    mov [r15 + 4], eax
    mov eax, [env + 8]
    mov [r15 + 8], eax
    add r15, 12
    fldenv [env]
    fnstcw [r15]
    add r15, 2
    ; fnsave / frstor round trip (environment dwords 0-2 and the registers)
    fnsave [sav]
    fnstcw [r15]
    add r15, 2
    mov eax, [sav]
    mov [r15], eax
    mov eax, [sav + 4]
    mov [r15 + 4], eax
    mov eax, [sav + 8]
    mov [r15 + 8], eax
    add r15, 12
    lea rsi, [sav + 28]
    mov rdi, r15
    mov ecx, 80
    rep movsb
    mov r15, rdi
    frstor [sav]
    ; fxsave image: control, status, tag, MXCSR, ST0..7 and XMM0 (bytes 0-5, 24-27, 32-175;
    ; MXCSR_MASK differs between CPUs)
    fxsave [fx]
    mov eax, [fx]
    mov [r15], eax
    mov ax, [fx + 4]
    mov [r15 + 4], ax
    mov eax, [fx + 24]
    mov [r15 + 6], eax
    add r15, 10
    lea rsi, [fx + 32]
    mov rdi, r15
    mov ecx, 144
    rep movsb
    mov r15, rdi
    ; modify the image and load it back
    mov word [fx], 0x0c7f
    fxrstor [fx]
    fnstcw [r15]
    add r15, 2
    POPT
    POPT
    POPT
    SW
    ; write(1, buf, r15 - buf); exit(0)
    lea rsi, [buf]
    mov rdx, r15
    sub rdx, rsi
    mov edi, 1
    mov eax, 1
    syscall
    xor edi, edi
    mov eax, 60
    syscall
