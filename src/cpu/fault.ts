/** Why the CPU stopped running guest code. */
export const enum StopReason {
  /** The `syscall` instruction ran; rip already points past it; rcx/r11 are already set. */
  Syscall = 1,
  /** A CPU exception; see `cpu.fault` for the vector, address and code. rip is the faulting instruction. */
  Fault = 2,
  /** The instruction budget given to run() is used up. */
  Budget = 3,
  /** `hlt` or another privileged instruction in user mode: Linux turns this into SIGSEGV (#GP). */
  Halt = 4,
}

/** x86 exception vectors the kernel turns into signals. */
export const enum Vector {
  DE = 0, // divide error -> SIGFPE (FPE_INTDIV)
  DB = 1, // debug
  BP = 3, // int3 -> SIGTRAP
  OF = 4,
  BR = 5,
  UD = 6, // invalid opcode -> SIGILL (ILL_ILLOPN)
  NM = 7,
  GP = 13, // general protection -> SIGSEGV (SI_KERNEL, addr 0)
  PF = 14, // page fault -> SIGSEGV (SEGV_MAPERR / SEGV_ACCERR) with si_addr
  MF = 16, // x87 fp error -> SIGFPE
  AC = 17,
  XM = 19, // SIMD fp exception -> SIGFPE
}

export const enum AccessKind {
  Read = 0,
  Write = 1,
  Exec = 2,
}

/**
 * A memory access fault. The memory implementation throws the one shared instance `memoryFault`
 * after filling its fields (no allocation per fault); the CPU catches it and reports StopReason.Fault.
 */
export class MemoryFault {
  addr = 0;
  access: AccessKind = AccessKind.Read;
  /** true: the page is mapped but the access lacks permission (SEGV_ACCERR); false: SEGV_MAPERR. */
  protection = false;
  set(addr: number, access: AccessKind, protection: boolean): MemoryFault {
    this.addr = addr;
    this.access = access;
    this.protection = protection;
    return this;
  }
}
export const memoryFault = new MemoryFault();

/** What the CPU reports about the last exception (valid after StopReason.Fault). */
export interface FaultInfo {
  vector: Vector;
  /** For #PF: the faulting address; otherwise 0 (or the rip for #UD, as Linux's si_addr). */
  addr: number;
  access: AccessKind;
  protection: boolean;
}
