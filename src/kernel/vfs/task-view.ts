// What the VFS and the file syscalls need from a task, a process and the kernel. The kernel core
// implements these (src/kernel/task.ts, process.ts, kernel.ts); declaring the view here keeps the
// file layer compilable and testable with a small fake task (tests/vfs).
import type { Host } from "../../host/types.js";
import type { WaitQueue } from "../wait.js";
import type { Credentials, Rlimit } from "../process.js";
import type { FileDescriptorTable } from "../fdtable.js";
import type { FsContext } from "./fs-context.js";
import type { Vfs } from "./vfs.js";

/** The doors into user memory (src/mm AddressSpace); all throw SyscallError(EFAULT) on bad pointers. */
export interface UserMemory {
  copyIn(addr: number, len: number): Uint8Array;
  copyOut(addr: number, bytes: Uint8Array): void;
  /** The NUL-terminated string at addr (without the NUL), or null if none ends within `max` bytes. */
  readString(addr: number, max: number): Uint8Array | null;
}

/** A VMA as /proc/PID/maps prints it (the memory engineer's `vmas()` yields these fields). */
export interface VmaView {
  start: number;
  end: number;
  /** PROT_READ 1 | PROT_WRITE 2 | PROT_EXEC 4 */
  prot: number;
  shared?: boolean;
  offset?: number;
  /** Identity and name as src/mm's VmaInfo gives them (path: file path or "[heap]", "" if none). */
  dev?: number;
  ino?: number;
  path?: string;
  /** Alternative shape (tests): the mapped file, or a name for anonymous mappings. */
  file?: { dev: number; ino: number; path: string } | null;
  name?: string;
}

export interface VfsProcess {
  readonly pid: number;
  ppid: number;
  fds: FileDescriptorTable;
  fs: FsContext;
  creds: Credentials;
  rlimits: Rlimit[];
  comm: string;
  exePath: string;
  argv: Uint8Array[];
  envp: Uint8Array[];
  threads: readonly { tid: number }[];
  mm?: unknown;
}

export interface VfsKernel {
  vfs: Vfs;
  host: Host;
  /** uname's release and nodename, when the kernel keeps them. */
  release?: string;
  hostname?: string;
  /** Live processes by pid (assumed; /proc lists these). */
  processes?: Map<number, VfsProcess> | { get(pid: number): VfsProcess | undefined; keys(): Iterable<number> };
}

export interface VfsTask {
  readonly tid: number;
  readonly process: VfsProcess;
  readonly kernel: VfsKernel;
  readonly mm: UserMemory;
  sleepOn(q: WaitQueue): void;
}

/** Find a process by pid through the kernel's table, falling back to the caller's own process. */
export function findProcess(t: VfsTask, pid: number): VfsProcess | null {
  const table = t.kernel.processes;
  if (table) {
    const p = table.get(pid);
    if (p) return p;
  }
  return t.process.pid === pid ? t.process : null;
}

export function listPids(t: VfsTask): number[] {
  const table = t.kernel.processes;
  const pids = new Set<number>([t.process.pid]);
  if (table) for (const pid of table.keys()) pids.add(pid);
  return [...pids].sort((a, b) => a - b);
}
