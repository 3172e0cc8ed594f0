/**
 * Syscall names strace 6.1 on x86-64 knows only from its other personalities (i386, x32): it
 * accepts them in -e trace= (they select nothing on x86-64) instead of calling them invalid.
 * Facts from strace's per-architecture syscall tables; names only.
 */
export const compatOnlySyscallNames: ReadonlySet<string> = new Set([
  "_llseek", "_newselect", "bdflush", "break", "chown32", "clock_adjtime64", "clock_getres_time64",
  "clock_gettime64", "clock_nanosleep_time64", "clock_settime64", "fadvise64_64", "fchown32",
  "fcntl64", "fstat64", "fstatat64", "fstatfs64", "ftime", "ftruncate64", "futex_time64",
  "getegid32", "geteuid32", "getgid32", "getgroups32", "getresgid32", "getresuid32", "getuid32",
  "gtty", "idle", "io_pgetevents_time64", "ipc", "lchown32", "lock", "lstat64", "mmap2", "mpx",
  "mq_timedreceive_time64", "mq_timedsend_time64", "nice", "oldfstat", "oldlstat", "oldolduname",
  "oldstat", "olduname", "ppoll_time64", "prof", "profil", "pselect6_time64", "readdir",
  "recvmmsg_time64", "rt_sigtimedwait_time64", "sched_rr_get_interval_time64", "semtimedop_time64",
  "sendfile64", "setfsgid32", "setfsuid32", "setgid32", "setgroups32", "setregid32", "setresgid32",
  "setresuid32", "setreuid32", "setuid32", "sgetmask", "sigaction", "signal", "sigpending",
  "sigprocmask", "sigreturn", "sigsuspend", "socketcall", "ssetmask", "stat64", "statfs64",
  "stime", "stty", "timer_gettime64", "timer_settime64", "timerfd_gettime64", "timerfd_settime64",
  "truncate64", "ugetrlimit", "ulimit", "umount", "utimensat_time64", "vm86", "vm86old", "waitpid",
]);
