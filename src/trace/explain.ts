/**
 * --explain: one short sentence after each traced call, in plain words: what the call did, or why it
 * failed — naming the descriptor and what it refers to, the address that was not mapped, the limit
 * that was reached. The facts come from the record (decoded arguments, result) and from the task's
 * state right after the call (its descriptor table, memory map, limits).
 */
import type { SyscallRecord } from "./records.js";
import { Errno, errnoMessage } from "../abi/errno.js";
import { Rlim } from "../kernel/rlimits.js";

const ARG_FD = /^-?\d+$/;

/** What fd `fd` refers to after the call, as "fd 3 (/etc/passwd)". */
function fdText(r: SyscallRecord, fd: number): string {
  try {
    const f = r.task.process.fds.get(fd);
    if (f) return `fd ${fd} (${f.path()})`;
  } catch {
    /* the process is gone */
  }
  return `fd ${fd}`;
}

function argIndex(r: SyscallRecord, ...names: string[]): number {
  for (const n of names) {
    const i = r.argNames.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** The first argument that is a descriptor number, or -1. */
function fdArg(r: SyscallRecord): number {
  const i = argIndex(r, "fd", "oldfd", "epfd", "sockfd", "in_fd", "fd_in");
  if (i < 0) return -1;
  const t = r.args[i]!;
  return ARG_FD.test(t) ? Number(t) : -1;
}

function pathArg(r: SyscallRecord): string | null {
  const i = argIndex(r, "pathname", "filename", "path", "oldpath", "target");
  return i >= 0 ? r.args[i]! : null;
}

function bytes(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** A pointer argument the process cannot read: the likely cause of EFAULT. */
function badPointer(r: SyscallRecord): string | null {
  for (let i = 0; i < r.raw.length && i < r.args.length; i++) {
    const a = r.args[i]!;
    if (!/^0x[0-9a-f]+$/.test(a)) continue;
    const addr = parseInt(a, 16);
    try {
      if (r.task.mm.peek(addr, 1) === null) return `${r.argNames[i] ?? "an argument"} = ${a}`;
    } catch {
      return null;
    }
  }
  return null;
}

function limit(r: SyscallRecord, res: number): string {
  try {
    const l = r.task.process.rlimits[res];
    if (l) return l.cur === Infinity ? "unlimited" : String(l.cur);
  } catch {
    /* gone */
  }
  return "?";
}

function failure(r: SyscallRecord, errno: number): string {
  const fd = fdArg(r);
  const path = pathArg(r);
  switch (errno) {
    case Errno.EBADF:
      return fd >= 0 ? `fd ${fd} is not an open descriptor of this process (or not open for this kind of access)` : "a descriptor argument is not open";
    case Errno.ENOENT:
      return path ? `nothing exists at ${path}${path.startsWith('"/') ? "" : " (relative to the working directory)"}` : "no such file, directory or entry";
    case Errno.EACCES:
      return path ? `permission denied for ${path}: the process's uid/gid may not search a directory on the way or access the file` : "permission denied";
    case Errno.EPERM:
      return "the operation is not permitted for this process's credentials";
    case Errno.EFAULT: {
      const p = badPointer(r);
      return p ? `${p} is not mapped in the process's address space, so the kernel could not copy through it` : "an argument points outside the process's mapped memory";
    }
    case Errno.EMFILE:
      return `the process already has as many descriptors open as RLIMIT_NOFILE allows (${limit(r, Rlim.NOFILE)})`;
    case Errno.ENOMEM:
      return "not enough memory: the machine's memory cap or RLIMIT_AS would be exceeded, or the address range is not mapped";
    case Errno.EAGAIN:
      return fd >= 0 ? `${fdText(r, fd)} is non-blocking and the call would have had to wait` : "the resource is temporarily unavailable (a limit was reached or the call would block)";
    case Errno.EINTR:
      return "a signal arrived while the call was waiting, and its handler does not ask for a restart (SA_RESTART)";
    case Errno.ENOSYS:
      return `${r.name} (number ${r.nr}) is not implemented by this kernel`;
    case Errno.EEXIST:
      return path ? `${path} already exists` : "the object already exists";
    case Errno.ENOTDIR:
      return path ? `a component of ${path} that is used as a directory is not one` : "the descriptor or path is not a directory";
    case Errno.EISDIR:
      return path ? `${path} is a directory` : "the target is a directory";
    case Errno.ECHILD:
      return "the process has no child that matches (none, or all already reaped)";
    case Errno.ESRCH:
      return "no process or thread with that id exists";
    case Errno.EPIPE:
      return fd >= 0 ? `nobody will ever read ${fdText(r, fd)}: its read end is closed` : "the other end is closed";
    case Errno.ESPIPE:
      return fd >= 0 ? `${fdText(r, fd)} is a pipe, socket or terminal: it has no file position` : "the descriptor has no file position";
    case Errno.ENOTTY:
      return fd >= 0 ? `${fdText(r, fd)} is not a terminal, so this request does not apply` : "not a terminal";
    case Errno.EINVAL:
      return `an argument of ${r.name} has a value this call does not accept`;
    case Errno.ENAMETOOLONG:
      return "a path or one of its components is too long";
    case Errno.ELOOP:
      return "too many symbolic links were followed while resolving the path";
    case Errno.ENOTEMPTY:
      return path ? `${path} is not empty` : "the directory is not empty";
    case Errno.EXDEV:
      return "the two paths are on different filesystems";
    case Errno.ECONNREFUSED:
      return "nothing is listening at that address";
    case Errno.ETIMEDOUT:
      return "the time limit passed before the condition became true";
  }
  return (errnoMessage[errno] ?? `error ${errno}`).toLowerCase();
}

function success(r: SyscallRecord, v: number): string {
  const fd = fdArg(r);
  const path = pathArg(r);
  switch (r.name) {
    case "read": case "pread64": case "readv": case "preadv": case "preadv2": case "recvfrom": case "recvmsg":
      return v === 0 ? `end of file on ${fdText(r, fd)}: nothing more to read` : `read ${bytes(v)} from ${fdText(r, fd)}`;
    case "write": case "pwrite64": case "writev": case "pwritev": case "pwritev2": case "sendto": case "sendmsg":
      return `wrote ${bytes(v)} to ${fdText(r, fd)}`;
    case "open": case "openat": case "creat": case "openat2":
      return `opened ${path ?? "the file"}; it is now ${fdText(r, v)}`;
    case "close":
      return `closed fd ${fd}; the number is free for the next open`;
    case "dup": case "dup2": case "dup3":
      return `fd ${v} now refers to the same open file as ${fdText(r, fd)}`;
    case "pipe": case "pipe2":
      return "created a pipe: the first descriptor reads what the second writes";
    case "lseek":
      return `the file position of ${fdText(r, fd)} is now ${v}`;
    case "mmap":
      return `mapped ${r.args[1]} bytes at 0x${v.toString(16)} (${r.args[2]})`;
    case "munmap":
      return `unmapped ${r.args[1]} bytes at ${r.args[0]}`;
    case "mprotect":
      return `changed the protection of ${r.args[1]} bytes at ${r.args[0]} to ${r.args[2]}`;
    case "brk":
      return `the program break (end of the heap) is at 0x${v.toString(16)}`;
    case "execve": case "execveat":
      return `replaced the process's program with ${path ?? "a new one"}`;
    case "clone": case "clone3": case "fork": case "vfork":
      return v === 0 ? "this is the new child, returning from the call" : `created a new task with id ${v}`;
    case "wait4": case "waitid":
      return v === 0 ? "no child has changed state yet (WNOHANG)" : `child ${v} changed state and was reported`;
    case "exit": case "exit_group":
      return `the ${r.name === "exit" ? "thread" : "process"} ends with status ${r.args[0]}`;
    case "kill": case "tgkill": case "tkill":
      return `sent ${r.args[r.args.length - 1]} to ${r.args[0]}`;
    case "rt_sigaction":
      return `changed or read the action for ${r.args[0]}`;
    case "rt_sigprocmask":
      return "changed or read the set of blocked signals";
    case "chdir": case "fchdir":
      return `the working directory is now ${path ?? fdText(r, fd)}`;
    case "mkdir": case "mkdirat":
      return `created the directory ${path}`;
    case "unlink": case "unlinkat":
      return `removed the name ${path ?? r.args[1]}`;
    case "getpid": case "getppid": case "gettid": case "getuid": case "geteuid": case "getgid": case "getegid":
      return `${r.name.slice(3)} is ${v}`;
    case "stat": case "lstat": case "fstat": case "newfstatat": case "statx":
      return `read the metadata of ${path ?? fdText(r, fd)}`;
    case "nanosleep": case "clock_nanosleep":
      return "slept for the whole requested time";
    case "getdents64": case "getdents":
      return v === 0 ? "no more directory entries" : `read ${bytes(v)} of directory entries from ${fdText(r, fd)}`;
    case "sendfile": case "copy_file_range": case "splice":
      return v === 0 ? `nothing left to copy from ${fdText(r, Number(r.args[1]))}` : `copied ${bytes(v)} from ${fdText(r, Number(r.args[1]))} to ${fdText(r, Number(r.args[0]))} inside the kernel`;
    case "arch_prctl":
      return r.args[0] === "ARCH_SET_FS" ? `the thread pointer (FS base) is now ${r.args[1]}: thread-local storage lives there` : `read or changed a thread register (${r.args[0]})`;
    case "set_tid_address":
      return `when this thread exits the kernel will zero ${r.args[0]} and wake its waiters; the thread id is ${v}`;
    case "readlink": case "readlinkat":
      return `the symbolic link points to ${r.args[r.args.length - 2]} (${bytes(v)})`;
    case "getrandom":
      return `filled the buffer with ${bytes(v)} of random data`;
    case "prlimit64": case "getrlimit": case "setrlimit":
      return `read or changed the limit ${r.args[r.name === "prlimit64" ? 1 : 0]}`;
    case "ioctl":
      return `device request ${r.args[1]} on ${fdText(r, fd)} succeeded`;
  }
  return `${r.name} succeeded and returned ${r.resultText}`;
}

/** One sentence about the call, without a trailing newline. */
export function explain(r: SyscallRecord): string {
  if (r.noReturn) {
    if (r.name === "exit" || r.name === "exit_group") return success(r, 0);
    if (r.name === "execve" || r.name === "execveat") return success(r, 0);
    return `${r.name} did not return to the caller`;
  }
  if (r.restarted) return "a signal interrupted the call; it will be restarted (or fail with EINTR) depending on the handler";
  const v = r.result ?? 0;
  if (v < 0 && v >= -4095) return `failed: ${failure(r, -v)}`;
  return success(r, v);
}
