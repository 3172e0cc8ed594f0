/* Shared layout of the register snapshot used by harness.c and enter.S. */
#ifndef CPU_DIFF_STATE_H
#define CPU_DIFF_STATE_H

#define ST_GPR     0      /* 16 x 8 bytes, in encoding order rax..r15 */
#define ST_RFLAGS  128
#define ST_MXCSR   136
#define ST_XMM     144    /* 16 x 16 bytes */
#define ST_SIZE    400

#endif
