/**
 * Syscall signatures as data: for each syscall, its arguments (a name and a kind per argument), what
 * it returns, and strace's trace classes. This is the one source the tracer decodes from (issue 4),
 * and what /proc/PID/syscall, --explain and the web view name things by.
 *
 * The table is written in a compact notation, parsed once when the module loads:
 *
 *   name(kind name, kind:param name, kind:param@dir name, ...) -> ret
 *
 * Kinds (what the raw register holds and how to show it):
 *   int uint long ulong hex size ssize off ptr   plain numbers (hex/ptr print in hex, NULL for 0)
 *   fd dirfd                                       a descriptor (dirfd: AT_FDCWD is -100)
 *   path string                                    a NUL-terminated string in user memory
 *   buf_in:N                                       bytes the call reads; length in argument N
 *   buf_out:N                                      bytes the call writes; at most argument N, really the result
 *   flags:TABLE  enum:TABLE                        bit set / single value named by a flag table
 *   mode pid uid gid signal clockid                numbers with their own printing rules
 *   sigset:N                                       a sigset_t pointer, its size in argument N
 *   struct:NAME                                    a pointer to one struct (stat, timespec, rlimit, ...)
 *   array:NAME:N                                   a pointer to N (argument N) structs (iovec, pollfd)
 *   strings                                        a NULL-terminated array of strings (argv, envp)
 *   int_ptr u64_ptr                                a pointer to one int / one 64-bit value
 * Direction (@in default, @out, @inout): whether the pointed-to data is read by the call (print
 * at entry) or written by it (print at exit).
 * Returns: int fd ssize hex pid uint octal time none (never returns: exit, exit_group) and
 * "ptr" for addresses (mmap, brk: printed in hex).
 *
 * Flag tables named here and defined in this folder: signals.ts (sa_flags, signal), mman.ts
 * (prot, map_flags, mremap_flags, madvise, msync_flags), fcntl.ts (open_flags, at_flags, access
 * modes, fcntl commands), and the small tables at the end of this file (clockid, rlimit_resource,
 * prctl_option, arch_prctl_code, sigprocmask_how, grnd_flags, rusage_who, timer_flags).
 */
import { syscallNumbers } from "./syscalls.js";
import { syscallClasses, type TraceClass } from "./syscall-classes.js";
import { archPrctlCodeNames, prctlOptionNames } from "./prctl.js";

export type ArgKind =
  | "int" | "uint" | "long" | "ulong" | "hex" | "size" | "ssize" | "off" | "ptr"
  | "fd" | "dirfd" | "path" | "string"
  | "buf_in" | "buf_out"
  | "flags" | "enum"
  | "mode" | "pid" | "uid" | "gid" | "signal" | "clockid"
  | "sigset" | "struct" | "array" | "strings" | "int_ptr" | "u64_ptr";

export type ArgDir = "in" | "out" | "inout";

export type RetKind = "int" | "fd" | "ssize" | "hex" | "ptr" | "pid" | "uint" | "octal" | "time" | "none";

export interface ArgSig {
  /** The man page's name for the argument ("pathname", "flags"). */
  readonly name: string;
  readonly kind: ArgKind;
  /** flags/enum: the flag table's name. */
  readonly table?: string;
  /** struct/array: the struct's name ("stat", "timespec", "iovec"). */
  readonly struct?: string;
  /** buf_in/buf_out/sigset/array: index of the argument holding the length or count. */
  readonly lenArg?: number;
  readonly dir: ArgDir;
}

export interface SyscallSignature {
  readonly name: string;
  readonly nr: number;
  readonly args: readonly ArgSig[];
  readonly ret: RetKind;
  /** strace's classes (%file, %desc, ...); empty for calls in no class. */
  readonly classes: readonly TraceClass[];
  /** The call cannot fail (getpid...). */
  readonly neverFails: boolean;
}

// One line per syscall. Keep the man pages' argument names.
const TABLE = `
read(fd fd, buf_out:2 buf, size count) -> ssize
write(fd fd, buf_in:2 buf, size count) -> ssize
open(path pathname, flags:open_flags flags, mode mode) -> fd
close(fd fd) -> int
stat(path pathname, struct:stat@out statbuf) -> int
fstat(fd fd, struct:stat@out statbuf) -> int
lstat(path pathname, struct:stat@out statbuf) -> int
poll(array:pollfd:1@inout fds, uint nfds, int timeout) -> int
lseek(fd fd, off offset, enum:seek_whence whence) -> ssize
mmap(ptr addr, size length, flags:prot prot, flags:map_flags flags, fd fd, hex offset) -> ptr
mprotect(ptr addr, size len, flags:prot prot) -> int
munmap(ptr addr, size length) -> int
brk(ptr addr) -> ptr
rt_sigaction(signal signum, struct:sigaction act, struct:sigaction@out oldact, size sigsetsize) -> int
rt_sigprocmask(enum:sigprocmask_how how, sigset:3 set, sigset:3@out oldset, size sigsetsize) -> int
rt_sigreturn() -> int
ioctl(fd fd, enum:ioctl_cmd request, hex arg) -> int
pread64(fd fd, buf_out:2 buf, size count, off offset) -> ssize
pwrite64(fd fd, buf_in:2 buf, size count, off offset) -> ssize
readv(fd fd, array:iovec:2@out iov, ulong iovcnt) -> ssize
writev(fd fd, array:iovec:2 iov, ulong iovcnt) -> ssize
access(path pathname, flags:access_mode mode) -> int
pipe(int_ptr@out pipefd) -> int
select(int nfds, struct:fd_set@inout readfds, struct:fd_set@inout writefds, struct:fd_set@inout exceptfds, struct:timeval@inout timeout) -> int
sched_yield() -> int
mremap(ptr old_address, size old_size, size new_size, flags:mremap_flags flags, ptr new_address) -> ptr
msync(ptr addr, size length, flags:msync_flags flags) -> int
mincore(ptr addr, size length, ptr vec) -> int
madvise(ptr addr, size length, enum:madvise advice) -> int
dup(fd oldfd) -> fd
dup2(fd oldfd, fd newfd) -> fd
pause() -> int
nanosleep(struct:timespec req, struct:timespec@out rem) -> int
getitimer(enum:itimer_which which, struct:itimerval@out curr_value) -> int
alarm(uint seconds) -> uint
setitimer(enum:itimer_which which, struct:itimerval new_value, struct:itimerval@out old_value) -> int
getpid() -> pid
sendfile(fd out_fd, fd in_fd, u64_ptr@inout offset, size count) -> ssize
socket(enum:socket_family domain, flags:socket_type type, int protocol) -> fd
connect(fd sockfd, struct:sockaddr addr, uint addrlen) -> int
accept(fd sockfd, struct:sockaddr@out addr, int_ptr@inout addrlen) -> fd
sendto(fd sockfd, buf_in:2 buf, size len, flags:msg_flags flags, struct:sockaddr dest_addr, uint addrlen) -> ssize
recvfrom(fd sockfd, buf_out:2 buf, size len, flags:msg_flags flags, struct:sockaddr@out src_addr, int_ptr@inout addrlen) -> ssize
sendmsg(fd sockfd, struct:msghdr msg, flags:msg_flags flags) -> ssize
recvmsg(fd sockfd, struct:msghdr@inout msg, flags:msg_flags flags) -> ssize
sendmmsg(fd sockfd, ptr msgvec, uint vlen, flags:msg_flags flags) -> int
recvmmsg(fd sockfd, ptr msgvec, uint vlen, flags:msg_flags flags, struct:timespec timeout) -> int
shutdown(fd sockfd, enum:shutdown_how how) -> int
bind(fd sockfd, struct:sockaddr addr, uint addrlen) -> int
listen(fd sockfd, int backlog) -> int
getsockname(fd sockfd, struct:sockaddr@out addr, int_ptr@inout addrlen) -> int
getpeername(fd sockfd, struct:sockaddr@out addr, int_ptr@inout addrlen) -> int
socketpair(enum:socket_family domain, flags:socket_type type, int protocol, int_ptr@out sv) -> int
setsockopt(fd sockfd, enum:sockopt_level level, enum:sockopt_name optname, buf_in:4 optval, uint optlen) -> int
getsockopt(fd sockfd, enum:sockopt_level level, enum:sockopt_name optname, buf_out:4 optval, int_ptr@inout optlen) -> int
clone(flags:clone_flags flags, ptr stack, int_ptr@out parent_tid, int_ptr@out child_tid, hex tls) -> pid
fork() -> pid
vfork() -> pid
execve(path pathname, strings argv, strings envp) -> int
exit(int status) -> none
wait4(pid pid, struct:wait_status@out wstatus, flags:wait_options options, struct:rusage@out rusage) -> pid
kill(pid pid, signal sig) -> int
uname(struct:utsname@out buf) -> int
fcntl(fd fd, enum:fcntl_cmd cmd, hex arg) -> int
flock(fd fd, flags:flock_op operation) -> int
fsync(fd fd) -> int
fdatasync(fd fd) -> int
truncate(path path, ulong length) -> int
ftruncate(fd fd, ulong length) -> int
getdents(fd fd, buf_out:2 dirp, uint count) -> ssize
getcwd(buf_out:1 buf, size size) -> ssize
chdir(path path) -> int
fchdir(fd fd) -> int
rename(path oldpath, path newpath) -> int
mkdir(path pathname, mode mode) -> int
rmdir(path pathname) -> int
creat(path pathname, mode mode) -> fd
link(path oldpath, path newpath) -> int
unlink(path pathname) -> int
symlink(path target, path linkpath) -> int
readlink(path pathname, buf_out:2 buf, size bufsiz) -> ssize
chmod(path pathname, mode mode) -> int
fchmod(fd fd, mode mode) -> int
chown(path pathname, uid owner, gid group) -> int
fchown(fd fd, uid owner, gid group) -> int
lchown(path pathname, uid owner, gid group) -> int
umask(mode mask) -> octal
gettimeofday(struct:timeval@out tv, struct:timezone@out tz) -> int
getrlimit(enum:rlimit_resource resource, struct:rlimit@out rlim) -> int
getrusage(enum:rusage_who who, struct:rusage@out usage) -> int
sysinfo(struct:sysinfo@out info) -> int
times(struct:tms@out buf) -> uint
getuid() -> uint
getgid() -> uint
setuid(uid uid) -> int
setgid(gid gid) -> int
geteuid() -> uint
getegid() -> uint
setpgid(pid pid, pid pgid) -> int
getppid() -> pid
getpgrp() -> pid
setsid() -> pid
setreuid(uid ruid, uid euid) -> int
setregid(gid rgid, gid egid) -> int
getgroups(int size, array:gid:0@out list) -> int
setgroups(int size, array:gid:0 list) -> int
setresuid(uid ruid, uid euid, uid suid) -> int
getresuid(int_ptr@out ruid, int_ptr@out euid, int_ptr@out suid) -> int
setresgid(gid rgid, gid egid, gid sgid) -> int
getresgid(int_ptr@out rgid, int_ptr@out egid, int_ptr@out sgid) -> int
getpgid(pid pid) -> pid
setfsuid(uid fsuid) -> uint
setfsgid(gid fsgid) -> uint
getsid(pid pid) -> pid
rt_sigpending(sigset:1@out set, size sigsetsize) -> int
rt_sigtimedwait(sigset:3 set, struct:siginfo@out info, struct:timespec timeout, size sigsetsize) -> int
rt_sigqueueinfo(pid tgid, signal sig, struct:siginfo info) -> int
rt_tgsigqueueinfo(pid tgid, pid tid, signal sig, struct:siginfo info) -> int
rt_sigsuspend(sigset:1 mask, size sigsetsize) -> int
sigaltstack(struct:stack_t ss, struct:stack_t@out old_ss) -> int
mknod(path pathname, mode mode, hex dev) -> int
statfs(path path, struct:statfs@out buf) -> int
fstatfs(fd fd, struct:statfs@out buf) -> int
getpriority(enum:priority_which which, int who) -> int
setpriority(enum:priority_which which, int who, int prio) -> int
mlock(ptr addr, size len) -> int
munlock(ptr addr, size len) -> int
mlockall(flags:mlockall_flags flags) -> int
munlockall() -> int
prctl(enum:prctl_option option, ulong arg2, ulong arg3, ulong arg4, ulong arg5) -> int
arch_prctl(enum:arch_prctl_code code, hex addr) -> int
setrlimit(enum:rlimit_resource resource, struct:rlimit rlim) -> int
chroot(path path) -> int
sync() -> int
settimeofday(struct:timeval tv, struct:timezone tz) -> int
sethostname(buf_in:1 name, uint len) -> int
gettid() -> pid
readahead(fd fd, off offset, size count) -> ssize
tkill(pid tid, signal sig) -> int
time(u64_ptr@out tloc) -> time
futex(ptr uaddr, enum:futex_op futex_op, uint val, struct:timespec timeout, ptr uaddr2, uint val3) -> int
sched_setaffinity(pid pid, size cpusetsize, struct:cpu_set mask) -> int
sched_getaffinity(pid pid, size cpusetsize, struct:cpu_set@out mask) -> int
epoll_create(int size) -> fd
getdents64(fd fd, buf_out:2 dirp, uint count) -> ssize
set_tid_address(ptr tidptr) -> pid
restart_syscall() -> int
fadvise64(fd fd, off offset, ulong len, enum:fadvise_advice advice) -> int
clock_settime(clockid clockid, struct:timespec tp) -> int
clock_gettime(clockid clockid, struct:timespec@out tp) -> int
clock_getres(clockid clockid, struct:timespec@out res) -> int
clock_nanosleep(clockid clockid, flags:timer_flags flags, struct:timespec request, struct:timespec@out remain) -> int
exit_group(int status) -> none
epoll_wait(fd epfd, array:epoll_event:2@out events, int maxevents, int timeout) -> int
epoll_ctl(fd epfd, enum:epoll_op op, fd fd, struct:epoll_event event) -> int
tgkill(pid tgid, pid tid, signal sig) -> int
utimes(path filename, array:timeval:-1 times) -> int
waitid(enum:idtype idtype, pid id, struct:siginfo@out infop, flags:waitid_options options, struct:rusage@out rusage) -> int
openat(dirfd dirfd, path pathname, flags:open_flags flags, mode mode) -> fd
mkdirat(dirfd dirfd, path pathname, mode mode) -> int
mknodat(dirfd dirfd, path pathname, mode mode, hex dev) -> int
fchownat(dirfd dirfd, path pathname, uid owner, gid group, flags:at_flags flags) -> int
futimesat(dirfd dirfd, path pathname, array:timeval:-1 times) -> int
newfstatat(dirfd dirfd, path pathname, struct:stat@out statbuf, flags:at_flags flags) -> int
unlinkat(dirfd dirfd, path pathname, flags:at_flags flags) -> int
renameat(dirfd olddirfd, path oldpath, dirfd newdirfd, path newpath) -> int
linkat(dirfd olddirfd, path oldpath, dirfd newdirfd, path newpath, flags:at_flags flags) -> int
symlinkat(path target, dirfd newdirfd, path linkpath) -> int
readlinkat(dirfd dirfd, path pathname, buf_out:3 buf, size bufsiz) -> ssize
fchmodat(dirfd dirfd, path pathname, mode mode) -> int
faccessat(dirfd dirfd, path pathname, flags:access_mode mode) -> int
pselect6(int nfds, struct:fd_set@inout readfds, struct:fd_set@inout writefds, struct:fd_set@inout exceptfds, struct:timespec timeout, struct:pselect_sigmask sigmask) -> int
ppoll(array:pollfd:1@inout fds, uint nfds, struct:timespec tmo_p, sigset:4 sigmask, size sigsetsize) -> int
set_robust_list(struct:robust_list_head head, size len) -> int
get_robust_list(pid pid, u64_ptr@out head_ptr, u64_ptr@out len_ptr) -> int
splice(fd fd_in, u64_ptr@inout off_in, fd fd_out, u64_ptr@inout off_out, size len, flags:splice_flags flags) -> ssize
utimensat(dirfd dirfd, path pathname, array:timespec:-1 times, flags:at_flags flags) -> int
epoll_pwait(fd epfd, array:epoll_event:2@out events, int maxevents, int timeout, sigset:5 sigmask, size sigsetsize) -> int
timerfd_create(clockid clockid, flags:tfd_flags flags) -> fd
timerfd_settime(fd fd, flags:tfd_timer_flags flags, struct:itimerspec new_value, struct:itimerspec@out old_value) -> int
timerfd_gettime(fd fd, struct:itimerspec@out curr_value) -> int
epoll_pwait2(fd epfd, array:epoll_event:2@out events, int maxevents, struct:timespec timeout, sigset:5 sigmask, size sigsetsize) -> int
eventfd(uint initval) -> fd
fallocate(fd fd, flags:fallocate_mode mode, off offset, off len) -> int
accept4(fd sockfd, struct:sockaddr@out addr, int_ptr@inout addrlen, flags:sock_flags flags) -> fd
eventfd2(uint initval, flags:efd_flags flags) -> fd
epoll_create1(flags:epoll_flags flags) -> fd
dup3(fd oldfd, fd newfd, flags:open_flags flags) -> fd
pipe2(int_ptr@out pipefd, flags:open_flags flags) -> int
preadv(fd fd, array:iovec:2@out iov, int iovcnt, off offset) -> ssize
pwritev(fd fd, array:iovec:2 iov, int iovcnt, off offset) -> ssize
prlimit64(pid pid, enum:rlimit_resource resource, struct:rlimit new_limit, struct:rlimit@out old_limit) -> int
getcpu(int_ptr@out cpu, int_ptr@out node, ptr tcache) -> int
renameat2(dirfd olddirfd, path oldpath, dirfd newdirfd, path newpath, flags:rename_flags flags) -> int
getrandom(buf_out:1 buf, size buflen, flags:grnd_flags flags) -> ssize
memfd_create(string name, flags:memfd_flags flags) -> fd
execveat(dirfd dirfd, path pathname, strings argv, strings envp, flags:at_flags flags) -> int
copy_file_range(fd fd_in, u64_ptr@inout off_in, fd fd_out, u64_ptr@inout off_out, size len, uint flags) -> ssize
preadv2(fd fd, array:iovec:2@out iov, int iovcnt, off offset, ulong offset_high, flags:rwf_flags flags) -> ssize
pwritev2(fd fd, array:iovec:2 iov, int iovcnt, off offset, ulong offset_high, flags:rwf_flags flags) -> ssize
statx(dirfd dirfd, path pathname, flags:statx_flags flags, flags:statx_mask mask, struct:statx@out statxbuf) -> int
rseq(ptr rseq, hex rseq_len, hex flags, hex sig) -> int
clone3(struct:clone_args cl_args, size size) -> pid
pidfd_open(pid pid, uint flags) -> fd
pidfd_send_signal(fd pidfd, signal sig, struct:siginfo info, uint flags) -> int
close_range(fd fd, fd max_fd, flags:close_range_flags flags) -> int
openat2(dirfd dirfd, path pathname, struct:open_how how, size size) -> fd
faccessat2(dirfd dirfd, path pathname, flags:access_mode mode, flags:faccessat_flags flags) -> int
fchmodat2(dirfd dirfd, path pathname, mode mode, flags:at_flags flags) -> int
utime(path filename, struct:utimbuf times) -> int
sync_file_range(fd fd, off offset, off nbytes, flags:sync_file_range_flags flags) -> int
syncfs(fd fd) -> int
`;

const ARG_KINDS = new Set<string>([
  "int", "uint", "long", "ulong", "hex", "size", "ssize", "off", "ptr", "fd", "dirfd", "path", "string",
  "buf_in", "buf_out", "flags", "enum", "mode", "pid", "uid", "gid", "signal", "clockid", "sigset",
  "struct", "array", "strings", "int_ptr", "u64_ptr",
]);
const RET_KINDS = new Set<string>(["int", "fd", "ssize", "hex", "ptr", "pid", "uint", "octal", "time", "none"]);

function parseArg(spec: string, where: string): ArgSig {
  const m = /^([a-z_0-9]+)(?::([a-z_0-9]+))?(?::(-?\d+))?(?:@(in|out|inout))?\s+([a-z_0-9]+)$/.exec(spec.trim());
  if (!m) throw new Error(`signatures: bad argument "${spec}" in ${where}`);
  const [, kind, p1, p2, dir, name] = m;
  if (!ARG_KINDS.has(kind!)) throw new Error(`signatures: unknown kind ${kind} in ${where}`);
  const arg: { -readonly [K in keyof ArgSig]: ArgSig[K] } = { name: name!, kind: kind as ArgKind, dir: (dir as ArgDir) ?? "in" };
  switch (kind) {
    case "flags":
    case "enum":
      arg.table = p1;
      break;
    case "struct":
      arg.struct = p1;
      break;
    case "array":
      arg.struct = p1;
      arg.lenArg = Number(p2);
      break;
    case "buf_in":
    case "buf_out":
    case "sigset":
      arg.lenArg = Number(p1);
      if (kind === "buf_out") arg.dir = "out";
      break;
  }
  return arg;
}

function parseTable(text: string): Map<string, SyscallSignature> {
  const out = new Map<string, SyscallSignature>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([a-z_0-9]+)\((.*)\)\s*->\s*([a-z]+)$/.exec(line);
    if (!m) throw new Error(`signatures: bad line "${line}"`);
    const [, name, argText, ret] = m;
    const nr = syscallNumbers[name!];
    if (nr === undefined) throw new Error(`signatures: ${name} is not an x86-64 syscall`);
    if (!RET_KINDS.has(ret!)) throw new Error(`signatures: bad return kind ${ret} in ${name}`);
    const args = argText!.trim() === "" ? [] : argText!.split(",").map((s) => parseArg(s, name!));
    const cls = syscallClasses[name!];
    out.set(name!, {
      name: name!,
      nr,
      args,
      ret: ret as RetKind,
      classes: cls?.classes ?? [],
      neverFails: cls?.neverFails ?? false,
    });
  }
  return out;
}

/** Signatures by syscall name. */
export const syscallSignatures: ReadonlyMap<string, SyscallSignature> = parseTable(TABLE);

/**
 * The signature of syscall `nr`. For a syscall the table does not describe, a generic one: its
 * name and strace's argument count, each argument shown as a hex number.
 */
export function signatureOf(nr: number, name: string | undefined): SyscallSignature {
  if (name !== undefined) {
    const s = syscallSignatures.get(name);
    if (s) return s;
  }
  const cls = name !== undefined ? syscallClasses[name] : undefined;
  const n = cls?.nargs ?? 6;
  const args: ArgSig[] = [];
  for (let i = 0; i < n; i++) args.push({ name: `arg${i}`, kind: "hex", dir: "in" });
  return { name: name ?? `syscall_0x${(nr >>> 0).toString(16)}`, nr, args, ret: "int", classes: cls?.classes ?? [], neverFails: false };
}

/** Names of the syscalls in a strace class (for -e trace=%file and friends). */
export function syscallsInClass(cls: TraceClass): string[] {
  return Object.keys(syscallClasses).filter((n) => syscallClasses[n]!.classes.includes(cls));
}

// ---- small flag and value tables of the kernel core's syscalls ----

/** A table of names for values (enum) or bits (flags), in the order strace prints them. */
export type NameTable = readonly (readonly [number, string])[];

export const clockidNames: NameTable = [
  [0, "CLOCK_REALTIME"], [1, "CLOCK_MONOTONIC"], [2, "CLOCK_PROCESS_CPUTIME_ID"], [3, "CLOCK_THREAD_CPUTIME_ID"],
  [4, "CLOCK_MONOTONIC_RAW"], [5, "CLOCK_REALTIME_COARSE"], [6, "CLOCK_MONOTONIC_COARSE"], [7, "CLOCK_BOOTTIME"],
  [8, "CLOCK_REALTIME_ALARM"], [9, "CLOCK_BOOTTIME_ALARM"], [11, "CLOCK_TAI"],
];
export const timerFlagNames: NameTable = [[1, "TIMER_ABSTIME"]];
export const rlimitResourceNames: NameTable = [
  [0, "RLIMIT_CPU"], [1, "RLIMIT_FSIZE"], [2, "RLIMIT_DATA"], [3, "RLIMIT_STACK"], [4, "RLIMIT_CORE"],
  [5, "RLIMIT_RSS"], [6, "RLIMIT_NPROC"], [7, "RLIMIT_NOFILE"], [8, "RLIMIT_MEMLOCK"], [9, "RLIMIT_AS"],
  [10, "RLIMIT_LOCKS"], [11, "RLIMIT_SIGPENDING"], [12, "RLIMIT_MSGQUEUE"], [13, "RLIMIT_NICE"],
  [14, "RLIMIT_RTPRIO"], [15, "RLIMIT_RTTIME"],
];
export const rusageWhoNames: NameTable = [[0, "RUSAGE_SELF"], [-1, "RUSAGE_CHILDREN"], [1, "RUSAGE_THREAD"]];
export const sigprocmaskHowNames: NameTable = [[0, "SIG_BLOCK"], [1, "SIG_UNBLOCK"], [2, "SIG_SETMASK"]];
export const grndFlagNames: NameTable = [[1, "GRND_NONBLOCK"], [2, "GRND_RANDOM"], [4, "GRND_INSECURE"]];
export const rseqFlagNames: NameTable = [[1, "RSEQ_FLAG_UNREGISTER"]];
/** faccessat2's flags: 0x200 means AT_EACCESS here (AT_REMOVEDIR elsewhere). */
export const faccessatFlagNames: NameTable = [[0x100, "AT_SYMLINK_NOFOLLOW"], [0x200, "AT_EACCESS"], [0x1000, "AT_EMPTY_PATH"]];

/** The flag tables this file defines, by the names the signatures use. */
export const coreFlagTables: Readonly<Record<string, NameTable>> = {
  clockid: clockidNames,
  timer_flags: timerFlagNames,
  rlimit_resource: rlimitResourceNames,
  rusage_who: rusageWhoNames,
  sigprocmask_how: sigprocmaskHowNames,
  grnd_flags: grndFlagNames,
  arch_prctl_code: archPrctlCodeNames,
  prctl_option: prctlOptionNames,
  rseq_flags: rseqFlagNames,
  faccessat_flags: faccessatFlagNames,
};
