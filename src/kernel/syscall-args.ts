import type { Cpu } from "../cpu/cpu.js";

/** Registers holding syscall arguments 0..5 on x86-64: rdi rsi rdx r10 r8 r9. */
export const ARG_REGS: readonly number[] = [7, 6, 2, 10, 8, 9];

const TWO32 = 4294967296;

/**
 * A view of the six syscall arguments of one task, read straight from its registers. The gate
 * keeps one instance per task and re-points it, so reading arguments allocates nothing.
 *
 * Pointers: `ptr(i)` gives the 64-bit value as a number. A value at or above 2^47 is a kernel or
 * non-canonical address; copyIn/copyOut reject it with EFAULT (precision above 2^53 is irrelevant).
 */
export class SyscallArgs {
  constructor(public cpu: Cpu) {}

  /** Low 32 bits, signed (int, pid_t, fd). */
  int(i: number): number {
    return this.cpu.lo[ARG_REGS[i]!]!;
  }
  /** Low 32 bits, unsigned (unsigned int, flags, mode_t). */
  uint(i: number): number {
    return this.cpu.lo[ARG_REGS[i]!]! >>> 0;
  }
  lo(i: number): number {
    return this.cpu.lo[ARG_REGS[i]!]!;
  }
  hi(i: number): number {
    return this.cpu.hi[ARG_REGS[i]!]!;
  }
  /** Unsigned 64-bit value as a number (exact below 2^53): size_t, pointers, u64. */
  u64(i: number): number {
    const r = ARG_REGS[i]!;
    return (this.cpu.hi[r]! >>> 0) * TWO32 + (this.cpu.lo[r]! >>> 0);
  }
  /** Signed 64-bit value as a number (exact within ±2^53): off_t, long, ssize_t. */
  s64(i: number): number {
    const r = ARG_REGS[i]!;
    return this.cpu.hi[r]! * TWO32 + (this.cpu.lo[r]! >>> 0);
  }
  /** A user pointer (see class comment). */
  ptr(i: number): number {
    return this.u64(i);
  }
}
