/* Loads a complete register state, jumps to the code under test, and captures the state again when
 * the test code jumps back to case_return (or when the fault handler redirects there). */
#include "state.h"
        .intel_syntax noprefix
        .text
        .globl  run_case
        .type   run_case, @function
run_case:
        push    rbx
        push    rbp
        push    r12
        push    r13
        push    r14
        push    r15
        mov     [rip + host_rsp], rsp
        stmxcsr [rip + host_mxcsr]
        /* x87 cases: load the whole FXSAVE image first (x87 stack, FCW, FSW, tags); the SSE part is
           loaded again below from in_state, with the same values. */
        cmp     dword ptr [rip + use_fx], 0
        je      1f
        fxrstor [rip + in_fx]
1:
        ldmxcsr [rip + in_state + ST_MXCSR]
        movdqu  xmm0,  [rip + in_state + ST_XMM + 0*16]
        movdqu  xmm1,  [rip + in_state + ST_XMM + 1*16]
        movdqu  xmm2,  [rip + in_state + ST_XMM + 2*16]
        movdqu  xmm3,  [rip + in_state + ST_XMM + 3*16]
        movdqu  xmm4,  [rip + in_state + ST_XMM + 4*16]
        movdqu  xmm5,  [rip + in_state + ST_XMM + 5*16]
        movdqu  xmm6,  [rip + in_state + ST_XMM + 6*16]
        movdqu  xmm7,  [rip + in_state + ST_XMM + 7*16]
        movdqu  xmm8,  [rip + in_state + ST_XMM + 8*16]
        movdqu  xmm9,  [rip + in_state + ST_XMM + 9*16]
        movdqu  xmm10, [rip + in_state + ST_XMM + 10*16]
        movdqu  xmm11, [rip + in_state + ST_XMM + 11*16]
        movdqu  xmm12, [rip + in_state + ST_XMM + 12*16]
        movdqu  xmm13, [rip + in_state + ST_XMM + 13*16]
        movdqu  xmm14, [rip + in_state + ST_XMM + 14*16]
        movdqu  xmm15, [rip + in_state + ST_XMM + 15*16]
        push    qword ptr [rip + in_state + ST_RFLAGS]
        popfq
        /* From here on only mov: the flags just loaded stay intact. */
        mov     rax, [rip + in_state + ST_GPR + 0*8]
        mov     rcx, [rip + in_state + ST_GPR + 1*8]
        mov     rdx, [rip + in_state + ST_GPR + 2*8]
        mov     rbx, [rip + in_state + ST_GPR + 3*8]
        mov     rbp, [rip + in_state + ST_GPR + 5*8]
        mov     rsi, [rip + in_state + ST_GPR + 6*8]
        mov     rdi, [rip + in_state + ST_GPR + 7*8]
        mov     r8,  [rip + in_state + ST_GPR + 8*8]
        mov     r9,  [rip + in_state + ST_GPR + 9*8]
        mov     r10, [rip + in_state + ST_GPR + 10*8]
        mov     r11, [rip + in_state + ST_GPR + 11*8]
        mov     r12, [rip + in_state + ST_GPR + 12*8]
        mov     r13, [rip + in_state + ST_GPR + 13*8]
        mov     r14, [rip + in_state + ST_GPR + 14*8]
        mov     r15, [rip + in_state + ST_GPR + 15*8]
        mov     rsp, [rip + in_state + ST_GPR + 4*8]
        jmp     qword ptr [rip + code_entry]

        .globl  case_return
case_return:
        mov     [rip + out_state + ST_GPR + 0*8], rax
        mov     [rip + out_state + ST_GPR + 1*8], rcx
        mov     [rip + out_state + ST_GPR + 2*8], rdx
        mov     [rip + out_state + ST_GPR + 3*8], rbx
        mov     [rip + out_state + ST_GPR + 4*8], rsp
        mov     [rip + out_state + ST_GPR + 5*8], rbp
        mov     [rip + out_state + ST_GPR + 6*8], rsi
        mov     [rip + out_state + ST_GPR + 7*8], rdi
        mov     [rip + out_state + ST_GPR + 8*8], r8
        mov     [rip + out_state + ST_GPR + 9*8], r9
        mov     [rip + out_state + ST_GPR + 10*8], r10
        mov     [rip + out_state + ST_GPR + 11*8], r11
        mov     [rip + out_state + ST_GPR + 12*8], r12
        mov     [rip + out_state + ST_GPR + 13*8], r13
        mov     [rip + out_state + ST_GPR + 14*8], r14
        mov     [rip + out_state + ST_GPR + 15*8], r15
        mov     rsp, [rip + host_rsp]
        pushfq
        pop     qword ptr [rip + out_state + ST_RFLAGS]
        cld
        cmp     dword ptr [rip + use_fx], 0
        je      2f
        fxsave  [rip + out_fx]
        fninit                  /* leave an empty x87 stack to the C code */
2:
        stmxcsr [rip + out_state + ST_MXCSR]
        movdqu  [rip + out_state + ST_XMM + 0*16],  xmm0
        movdqu  [rip + out_state + ST_XMM + 1*16],  xmm1
        movdqu  [rip + out_state + ST_XMM + 2*16],  xmm2
        movdqu  [rip + out_state + ST_XMM + 3*16],  xmm3
        movdqu  [rip + out_state + ST_XMM + 4*16],  xmm4
        movdqu  [rip + out_state + ST_XMM + 5*16],  xmm5
        movdqu  [rip + out_state + ST_XMM + 6*16],  xmm6
        movdqu  [rip + out_state + ST_XMM + 7*16],  xmm7
        movdqu  [rip + out_state + ST_XMM + 8*16],  xmm8
        movdqu  [rip + out_state + ST_XMM + 9*16],  xmm9
        movdqu  [rip + out_state + ST_XMM + 10*16], xmm10
        movdqu  [rip + out_state + ST_XMM + 11*16], xmm11
        movdqu  [rip + out_state + ST_XMM + 12*16], xmm12
        movdqu  [rip + out_state + ST_XMM + 13*16], xmm13
        movdqu  [rip + out_state + ST_XMM + 14*16], xmm14
        movdqu  [rip + out_state + ST_XMM + 15*16], xmm15
        ldmxcsr [rip + host_mxcsr]
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbp
        pop     rbx
        ret
        .size   run_case, . - run_case

        .bss
        .align  16
host_rsp:   .quad 0
host_mxcsr: .long 0
        .section .note.GNU-stack,"",@progbits
