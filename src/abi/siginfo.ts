/**
 * siginfo_t as data: the x86-64 layout of its fields and the si_code names strace uses (the
 * generic codes first, then the codes of one signal). Also the flag names of the wait and poll
 * families' small arguments that the tracer shows (pidfd_open, epoll_create1).
 */
import type { NameTable } from "./signatures.js";

/** Offsets in the 128-byte x86-64 siginfo_t. */
export const SiginfoLayout = {
  size: 128,
  signo: 0,
  errno: 4,
  code: 8,
  /** kill/rt/chld: the sender; timer: the timer id and overrun count. */
  pid: 16,
  uid: 20,
  timerid: 16,
  overrun: 20,
  /** rt and timer: the sigval (si_int is its low 32 bits, si_ptr all 64). */
  value: 24,
  /** chld */
  status: 24,
  utime: 32,
  stime: 40,
  /** fault signals */
  addr: 16,
  lower: 32,
  upper: 40,
  pkey: 32,
  /** SIGIO / SI_SIGIO */
  band: 16,
  fd: 24,
  /** SIGSYS */
  callAddr: 16,
  syscall: 24,
  arch: 28,
} as const;

/** si_code values any signal may carry (Linux x86-64 numbering). */
export const siCodeGenericNames: NameTable = [
  [0, "SI_USER"], [0x80, "SI_KERNEL"], [-1, "SI_QUEUE"], [-2, "SI_TIMER"], [-3, "SI_MESGQ"],
  [-4, "SI_ASYNCIO"], [-5, "SI_SIGIO"], [-6, "SI_TKILL"], [-7, "SI_DETHREAD"], [-60, "SI_ASYNCNL"],
];

/** si_code values of one signal, by signal number. */
export const siCodeSignalNames: Readonly<Record<number, NameTable>> = {
  4: [[1, "ILL_ILLOPC"], [2, "ILL_ILLOPN"], [3, "ILL_ILLADR"], [4, "ILL_ILLTRP"], [5, "ILL_PRVOPC"], [6, "ILL_PRVREG"], [7, "ILL_COPROC"], [8, "ILL_BADSTK"]],
  5: [[1, "TRAP_BRKPT"], [2, "TRAP_TRACE"], [3, "TRAP_BRANCH"], [4, "TRAP_HWBKPT"], [5, "TRAP_UNK"], [6, "TRAP_PERF"]],
  7: [[1, "BUS_ADRALN"], [2, "BUS_ADRERR"], [3, "BUS_OBJERR"], [4, "BUS_MCEERR_AR"], [5, "BUS_MCEERR_AO"]],
  8: [[1, "FPE_INTDIV"], [2, "FPE_INTOVF"], [3, "FPE_FLTDIV"], [4, "FPE_FLTOVF"], [5, "FPE_FLTUND"], [6, "FPE_FLTRES"], [7, "FPE_FLTINV"], [8, "FPE_FLTSUB"], [14, "FPE_FLTUNK"], [15, "FPE_CONDTRAP"]],
  11: [[1, "SEGV_MAPERR"], [2, "SEGV_ACCERR"], [3, "SEGV_BNDERR"], [4, "SEGV_PKUERR"], [5, "SEGV_ACCADI"], [6, "SEGV_ADIDERR"], [7, "SEGV_ADIPERR"], [8, "SEGV_MTEAERR"], [9, "SEGV_MTESERR"]],
  17: [[1, "CLD_EXITED"], [2, "CLD_KILLED"], [3, "CLD_DUMPED"], [4, "CLD_TRAPPED"], [5, "CLD_STOPPED"], [6, "CLD_CONTINUED"]],
  29: [[1, "POLL_IN"], [2, "POLL_OUT"], [3, "POLL_MSG"], [4, "POLL_ERR"], [5, "POLL_PRI"], [6, "POLL_HUP"]],
  31: [[1, "SYS_SECCOMP"], [2, "SYS_USER_DISPATCH"]],
};

/** pidfd_open's flags (PIDFD_NONBLOCK is O_NONBLOCK). */
export const pidfdOpenFlagNames: NameTable = [[0x800, "PIDFD_NONBLOCK"]];

/** epoll_create1's flags. */
export const epollCreateFlagNames: NameTable = [[0x80000, "EPOLL_CLOEXEC"]];

/** USER_HZ: the unit of clock_t (times, si_utime). */
export const CLOCK_TICKS = 100;
