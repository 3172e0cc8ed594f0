/**
 * Resource limits: numbers, names, Linux's defaults for a fresh login process, and the rules of
 * setrlimit(2)/prlimit64(2). Values are JS numbers; RLIM_INFINITY (2^64-1 in the ABI) is Infinity.
 */
import type { Process, Rlimit } from "./process.js";

export const enum Rlim {
  CPU = 0, FSIZE = 1, DATA = 2, STACK = 3, CORE = 4, RSS = 5, NPROC = 6, NOFILE = 7, MEMLOCK = 8,
  AS = 9, LOCKS = 10, SIGPENDING = 11, MSGQUEUE = 12, NICE = 13, RTPRIO = 14, RTTIME = 15,
}
export const RLIM_NLIMITS = 16;

/** Names as /proc/PID/limits and strace know them ("RLIMIT_NOFILE"). */
export const rlimitNames: readonly string[] = [
  "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
  "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
  "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
];

/** /proc/PID/limits row titles and units, in RLIMIT order. */
export const rlimitProcRows: readonly (readonly [string, string])[] = [
  ["Max cpu time", "seconds"], ["Max file size", "bytes"], ["Max data size", "bytes"],
  ["Max stack size", "bytes"], ["Max core file size", "bytes"], ["Max resident set", "bytes"],
  ["Max processes", "processes"], ["Max open files", "files"], ["Max locked memory", "bytes"],
  ["Max address space", "bytes"], ["Max file locks", "locks"], ["Max pending signals", "signals"],
  ["Max msgqueue size", "bytes"], ["Max nice priority", ""], ["Max realtime priority", ""],
  ["Max realtime timeout", "us"],
];

/** RLIM_INFINITY as the two 32-bit halves of the u64 the ABI uses. */
export const RLIM_INFINITY_LO = -1;
export const RLIM_INFINITY_HI = -1;

/** Linux's defaults for a process started from a login shell on a typical machine. */
export function defaultRlimits(): Rlimit[] {
  const inf = Infinity;
  const l: Rlimit[] = [];
  l[Rlim.CPU] = { cur: inf, max: inf };
  l[Rlim.FSIZE] = { cur: inf, max: inf };
  l[Rlim.DATA] = { cur: inf, max: inf };
  l[Rlim.STACK] = { cur: 8 * 1024 * 1024, max: inf };
  l[Rlim.CORE] = { cur: 0, max: inf };
  l[Rlim.RSS] = { cur: inf, max: inf };
  l[Rlim.NPROC] = { cur: 63_000, max: 63_000 };
  l[Rlim.NOFILE] = { cur: 1024, max: 4096 };
  l[Rlim.MEMLOCK] = { cur: 8 * 1024 * 1024, max: 8 * 1024 * 1024 };
  l[Rlim.AS] = { cur: inf, max: inf };
  l[Rlim.LOCKS] = { cur: inf, max: inf };
  l[Rlim.SIGPENDING] = { cur: 63_000, max: 63_000 };
  l[Rlim.MSGQUEUE] = { cur: 819_200, max: 819_200 };
  l[Rlim.NICE] = { cur: 0, max: 0 };
  l[Rlim.RTPRIO] = { cur: 0, max: 0 };
  l[Rlim.RTTIME] = { cur: inf, max: inf };
  return l;
}

export function copyRlimits(src: readonly Rlimit[]): Rlimit[] {
  return src.map((r) => ({ cur: r.cur, max: r.max }));
}

/**
 * A limit changed: the ones the address space enforces itself (RLIMIT_AS for mmap/brk/mremap,
 * RLIMIT_STACK for stack growth) are copied into it.
 */
export function applyRlimit(p: Process, resource: number): void {
  const r = p.rlimits[resource];
  if (r === undefined) return;
  if (resource === Rlim.AS) p.mm.addressSpaceLimit = r.cur;
  else if (resource === Rlim.STACK) p.mm.stackLimit = r.cur;
}

/** Hard cap on RLIMIT_NOFILE (Linux's fs.nr_open default). */
export const NR_OPEN = 1_048_576;

/**
 * Check a new limit against the old one: EINVAL if cur > max or NOFILE above nr_open; EPERM if
 * the hard limit is raised without privilege. Returns 0 or -errno.
 */
export function checkNewRlimit(resource: number, old: Rlimit, next: Rlimit, privileged: boolean): number {
  if (next.cur > next.max) return -22; // EINVAL
  if (resource === Rlim.NOFILE && next.max > NR_OPEN) return -1; // EPERM, as Linux
  if (next.max > old.max && !privileged) return -1; // EPERM
  return 0;
}
