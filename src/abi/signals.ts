/**
 * Linux x86-64 signals as data: numbers, names, default actions, and the words a shell prints when
 * a signal ends a job (glibc's strsignal texts, which bash uses). Also the constants of the signal
 * syscalls (SIG_BLOCK..., SA_*, si_code values) so the kernel and the tracer share one copy.
 */

export const enum Sig {
  SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
  SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
  SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
  SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
  SIGPWR = 30, SIGSYS = 31,
}

/** Number of signals (1.._NSIG-1 are valid); real-time signals are 32.._NSIG-1. */
export const NSIG = 65;
export const SIGRTMIN = 32;
export const SIGRTMAX = 64;
/** The kernel's sigset_t is 64 bits: rt_sig* syscalls require sigsetsize == 8. */
export const SIGSET_SIZE = 8;

/** What happens to a process when a signal arrives and its action is SIG_DFL. */
export const enum SigDefault {
  Term = 0,
  Ign = 1,
  Core = 2,
  Stop = 3,
  Cont = 4,
}

interface SignalFact {
  name: string;
  action: SigDefault;
  /** strsignal(3) text as glibc gives it; bash prints it when the signal ends a job. */
  text: string;
}

const T = SigDefault.Term, I = SigDefault.Ign, C = SigDefault.Core, S = SigDefault.Stop, K = SigDefault.Cont;
const classic: readonly (SignalFact | undefined)[] = [
  undefined,
  { name: "SIGHUP", action: T, text: "Hangup" },
  { name: "SIGINT", action: T, text: "Interrupt" },
  { name: "SIGQUIT", action: C, text: "Quit" },
  { name: "SIGILL", action: C, text: "Illegal instruction" },
  { name: "SIGTRAP", action: C, text: "Trace/breakpoint trap" },
  { name: "SIGABRT", action: C, text: "Aborted" },
  { name: "SIGBUS", action: C, text: "Bus error" },
  { name: "SIGFPE", action: C, text: "Floating point exception" },
  { name: "SIGKILL", action: T, text: "Killed" },
  { name: "SIGUSR1", action: T, text: "User defined signal 1" },
  { name: "SIGSEGV", action: C, text: "Segmentation fault" },
  { name: "SIGUSR2", action: T, text: "User defined signal 2" },
  { name: "SIGPIPE", action: T, text: "Broken pipe" },
  { name: "SIGALRM", action: T, text: "Alarm clock" },
  { name: "SIGTERM", action: T, text: "Terminated" },
  { name: "SIGSTKFLT", action: T, text: "Stack fault" },
  { name: "SIGCHLD", action: I, text: "Child exited" },
  { name: "SIGCONT", action: K, text: "Continued" },
  { name: "SIGSTOP", action: S, text: "Stopped (signal)" },
  { name: "SIGTSTP", action: S, text: "Stopped" },
  { name: "SIGTTIN", action: S, text: "Stopped (tty input)" },
  { name: "SIGTTOU", action: S, text: "Stopped (tty output)" },
  { name: "SIGURG", action: I, text: "Urgent I/O condition" },
  { name: "SIGXCPU", action: C, text: "CPU time limit exceeded" },
  { name: "SIGXFSZ", action: C, text: "File size limit exceeded" },
  { name: "SIGVTALRM", action: T, text: "Virtual timer expired" },
  { name: "SIGPROF", action: T, text: "Profiling timer expired" },
  { name: "SIGWINCH", action: I, text: "Window changed" },
  { name: "SIGIO", action: T, text: "I/O possible" },
  { name: "SIGPWR", action: T, text: "Power failure" },
  { name: "SIGSYS", action: C, text: "Bad system call" },
];

/** Is `sig` a valid signal number (1..64)? */
export function isValidSignal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig < NSIG;
}

/**
 * The signal's name as strace prints it: "SIGSEGV"; the kernel's first real-time signal 32 is
 * "SIGRTMIN" and 33..64 are "SIGRT_1".."SIGRT_32" (counted from the kernel's SIGRTMIN, not libc's);
 * anything else is its number.
 */
export function signalName(sig: number): string {
  const f = classic[sig];
  if (f) return f.name;
  if (sig === SIGRTMIN) return "SIGRTMIN";
  if (sig > SIGRTMIN && sig < NSIG) return `SIGRT_${sig - SIGRTMIN}`;
  return String(sig);
}

/** Signal number for a name as strace accepts it ("SIGTERM", "TERM", "9", "SIGRT_3"); undefined if unknown. */
export function signalNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    return isValidSignal(n) ? n : undefined;
  }
  const full = name.startsWith("SIG") ? name : "SIG" + name;
  for (let i = 1; i < classic.length; i++) if (classic[i]!.name === full) return i;
  if (full === "SIGIOT") return 6;
  if (full === "SIGPOLL") return 29;
  if (full === "SIGCLD") return 17;
  if (full === "SIGRTMIN") return SIGRTMIN;
  if (full === "SIGRTMAX") return SIGRTMAX;
  const m = /^SIGRT_(\d+)$/.exec(full);
  if (m) {
    const n = SIGRTMIN + Number(m[1]);
    return n < NSIG ? n : undefined;
  }
  return undefined;
}

/** Default action of a signal (real-time signals terminate). */
export function signalDefault(sig: number): SigDefault {
  return classic[sig]?.action ?? SigDefault.Term;
}

/** Does the default action dump core (so a shell adds " (core dumped)")? */
export function signalDumpsCore(sig: number): boolean {
  return classic[sig]?.action === SigDefault.Core;
}

/** strsignal(3) text: "Segmentation fault"; "Real-time signal N" for 34+N; "Unknown signal N". */
export function signalDescription(sig: number): string {
  const f = classic[sig];
  if (f) return f.text;
  if (sig >= 34 && sig < NSIG) return `Real-time signal ${sig - 34}`;
  return `Unknown signal ${sig}`;
}

/**
 * The line a shell prints when a foreground job is killed by `sig`: "Segmentation fault" or
 * "Segmentation fault (core dumped)" when a core was dumped. SIGINT and SIGPIPE print nothing in
 * bash; this returns the text anyway and leaves that policy to the caller.
 */
export function shellSignalMessage(sig: number, coreDumped: boolean): string {
  return signalDescription(sig) + (coreDumped ? " (core dumped)" : "");
}

// ---- rt_sigprocmask `how` ----
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

// ---- sa_handler special values ----
export const SIG_DFL = 0;
export const SIG_IGN = 1;

// ---- sa_flags ----
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_UNSUPPORTED = 0x00000400;
export const SA_EXPOSE_TAGBITS = 0x00000800;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

/** sa_flags bit names in the order strace prints them. */
export const saFlagNames: readonly (readonly [number, string])[] = [
  [SA_NOCLDSTOP, "SA_NOCLDSTOP"],
  [SA_NOCLDWAIT, "SA_NOCLDWAIT"],
  [SA_SIGINFO, "SA_SIGINFO"],
  [SA_RESTORER, "SA_RESTORER"],
  [SA_ONSTACK, "SA_ONSTACK"],
  [SA_RESTART, "SA_RESTART"],
  [SA_NODEFER, "SA_NODEFER"],
  [SA_RESETHAND, "SA_RESETHAND"],
  [SA_UNSUPPORTED, "SA_UNSUPPORTED"],
  [SA_EXPOSE_TAGBITS, "SA_EXPOSE_TAGBITS"],
];

// ---- sigaltstack ----
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 0x80000000;
export const MINSIGSTKSZ = 2048;

// ---- si_code values ----
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_TKILL = -6;
export const ILL_ILLOPC = 1;
export const ILL_ILLOPN = 2;
export const FPE_INTDIV = 1;
export const FPE_FLTDIV = 3;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const BUS_ADRERR = 2;
export const TRAP_BRKPT = 1;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;

/** Signals whose action cannot be changed and that cannot be blocked. */
export function isUncatchable(sig: number): boolean {
  return sig === Sig.SIGKILL || sig === Sig.SIGSTOP;
}
