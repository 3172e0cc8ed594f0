/**
 * Process file descriptors: pidfd_open(2), CLONE_PIDFD, pidfd_send_signal(2), waitid(P_PIDFD).
 * A pidfd names one process; poll() reports it readable once the process has ended (zombie or
 * reaped), and its pollQueue() is woken at that moment.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { SI_USER, isValidSignal } from "../abi/signals.js";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR } from "../abi/fcntl.js";
import { AnonInodeFile, POLLIN, POLLRDNORM } from "./file.js";
import { WaitQueue } from "./wait.js";
import { ProcessState, type Process } from "./process.js";
import { sendSignal } from "./signal.js";
import type { Task } from "./task.js";
import type { Kernel } from "./kernel.js";
import type { SyscallHandlers } from "./syscalls/types.js";

const exitQueues = new WeakMap<Process, WaitQueue>();
const watching = new WeakSet<Kernel>();

/** The queue woken when `p` ends (created on first use; the kernel's exit event wakes it). */
function exitQueueOf(k: Kernel, p: Process): WaitQueue {
  if (!watching.has(k)) {
    watching.add(k);
    k.events.on("processExit", (q) => exitQueues.get(q)?.wakeAll());
  }
  let w = exitQueues.get(p);
  if (w === undefined) {
    w = new WaitQueue();
    exitQueues.set(p, w);
  }
  return w;
}

export class PidFile extends AnonInodeFile {
  private readonly queue: WaitQueue;

  constructor(
    readonly target: Process,
    k: Kernel,
    flags: number,
  ) {
    super(O_RDWR | (flags & O_NONBLOCK), "[pidfd]");
    this.queue = exitQueueOf(k, target);
  }

  override read(): number {
    throw new SyscallError(Errno.EINVAL);
  }
  override write(): number {
    throw new SyscallError(Errno.EINVAL);
  }
  override poll(): number {
    return this.target.state === ProcessState.Alive ? 0 : POLLIN | POLLRDNORM;
  }
  override pollQueue(): WaitQueue | null {
    return this.queue;
  }
}

/** Install a pidfd for `p` in `t`'s table (close-on-exec, as Linux always makes it). */
export function installPidfd(t: Task, p: Process, flags: number): number {
  return t.process.fds.install(new PidFile(p, t.kernel, flags), true);
}

/** The process a pidfd names: EBADF for no descriptor or another kind of file (Linux 6.9+). */
export function pidfdTarget(t: Task, fd: number): Process | number {
  const f = t.process.fds.get(fd);
  if (!f || !(f instanceof PidFile)) return -Errno.EBADF;
  return f.target;
}

const PIDFD_NONBLOCK = O_NONBLOCK;
void O_CLOEXEC;

export const pidfdSyscalls: SyscallHandlers = {
  pidfd_open(t, a) {
    const pid = a.int(0);
    const flags = a.uint(1);
    if (flags & ~PIDFD_NONBLOCK) return -Errno.EINVAL;
    if (pid <= 0) return -Errno.EINVAL;
    const k = t.kernel;
    const p = k.processes.get(pid);
    if (p === undefined || p.state === ProcessState.Reaped) {
      // a thread's id names no thread group (ENOENT since Linux 6.9; EINVAL before)
      return k.tasks.has(pid) ? -Errno.ENOENT : -Errno.ESRCH;
    }
    return installPidfd(t, p, flags);
  },
  pidfd_send_signal(t, a) {
    const sig = a.int(1);
    const info = a.ptr(2);
    const flags = a.uint(3);
    // PIDFD_SIGNAL_THREAD / _THREAD_GROUP / _PROCESS_GROUP (Linux 6.9): at most one of them.
    if (flags & ~7 || (flags & (flags - 1)) !== 0) return -Errno.EINVAL;
    if (sig !== 0 && !isValidSignal(sig)) return -Errno.EINVAL;
    if (info !== 0) return -Errno.EINVAL; // a caller-made siginfo is not supported
    const p = pidfdTarget(t, a.int(0));
    if (typeof p === "number") return p;
    if (p.state !== ProcessState.Alive) return -Errno.ESRCH;
    const c = t.process.creds;
    const d = p.creds;
    if (!(c.euid === 0 || p === t.process || c.euid === d.uid || c.euid === d.suid || c.uid === d.uid || c.uid === d.suid)) return -Errno.EPERM;
    if (flags === 4) {
      // the target's process group
      for (const q of [...t.kernel.processes.values()]) {
        if (q.pgid === p.pgid && q.state === ProcessState.Alive) sendSignal(q, null, sig, SI_USER, t.process.pid, t.process.creds.uid);
      }
      return 0;
    }
    sendSignal(p, null, sig, SI_USER, t.process.pid, c.uid);
    return 0;
  },
};
