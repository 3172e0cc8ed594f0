// The file descriptor table of a process: small integers → open file descriptions, plus the
// per-descriptor FD_CLOEXEC flag. clone() gives fork's copy: new table, same OpenFile objects.
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import type { OpenFile } from "./file.js";

/** The hard ceiling of fd numbers (Linux's default fs.nr_open). */
export const NR_OPEN = 1 << 20;

export class FileDescriptorTable {
  private files: (OpenFile | null)[] = [];
  private cloexec: boolean[] = [];

  /** `limit` returns the current RLIMIT_NOFILE soft limit (fds must be below it). */
  constructor(private readonly limit: () => number = () => 1024) {}

  get(fd: number): OpenFile | null {
    if (fd < 0 || fd >= this.files.length) return null;
    return this.files[fd] ?? null;
  }

  /** The file at fd, or EBADF. */
  file(fd: number): OpenFile {
    const f = this.get(fd);
    if (!f) throw new SyscallError(Errno.EBADF);
    return f;
  }

  private maxFds(): number {
    const l = this.limit();
    return Math.min(Number.isFinite(l) ? l : NR_OPEN, NR_OPEN);
  }

  /** Install at the lowest free fd >= min; EMFILE when none is below the limit (EINVAL if min is out of range). */
  install(file: OpenFile, cloexec = false, min = 0): number {
    const max = this.maxFds();
    if (min >= max) throw new SyscallError(min >= NR_OPEN ? Errno.EINVAL : Errno.EMFILE);
    let fd = min;
    while (fd < this.files.length && this.files[fd]) fd++;
    if (fd >= max) throw new SyscallError(Errno.EMFILE);
    this.set(fd, file, cloexec);
    return fd;
  }

  /** dup2/dup3: put `file` at exactly `fd`, closing what was there. EBADF if fd is out of range. */
  installAt(fd: number, file: OpenFile, cloexec = false): number {
    if (fd < 0 || fd >= this.maxFds()) throw new SyscallError(Errno.EBADF);
    const old = this.get(fd);
    this.set(fd, file, cloexec);
    if (old) old.put();
    return fd;
  }

  private set(fd: number, file: OpenFile, cloexec: boolean): void {
    while (this.files.length <= fd) {
      this.files.push(null);
      this.cloexec.push(false);
    }
    file.get();
    this.files[fd] = file;
    this.cloexec[fd] = cloexec;
  }

  /** close(2): EBADF if nothing is open there. */
  close(fd: number): void {
    const f = this.get(fd);
    if (!f) throw new SyscallError(Errno.EBADF);
    this.files[fd] = null;
    this.cloexec[fd] = false;
    f.put();
  }

  getCloexec(fd: number): boolean {
    this.file(fd);
    return this.cloexec[fd] === true;
  }
  setCloexec(fd: number, on: boolean): void {
    this.file(fd);
    this.cloexec[fd] = on;
  }

  /** execve: close every FD_CLOEXEC descriptor. */
  closeOnExec(): void {
    for (let fd = 0; fd < this.files.length; fd++) {
      if (this.files[fd] && this.cloexec[fd]) this.close(fd);
    }
  }

  /** Close everything (process exit). */
  closeAll(): void {
    for (let fd = 0; fd < this.files.length; fd++) if (this.files[fd]) this.close(fd);
  }

  /** fork: a new table whose fds point at the same open file descriptions. */
  clone(limit: () => number = this.limit): FileDescriptorTable {
    const t = new FileDescriptorTable(limit);
    for (let fd = 0; fd < this.files.length; fd++) {
      const f = this.files[fd];
      if (f) t.set(fd, f, this.cloexec[fd] === true);
    }
    return t;
  }

  /** Open fds in increasing order (for /proc/PID/fd and close_range). */
  *entries(): IterableIterator<[number, OpenFile]> {
    for (let fd = 0; fd < this.files.length; fd++) {
      const f = this.files[fd];
      if (f) yield [fd, f];
    }
  }

  [Symbol.iterator](): IterableIterator<[number, OpenFile]> {
    return this.entries();
  }

  /** Number of open fds. */
  get count(): number {
    let n = 0;
    for (const f of this.files) if (f) n++;
    return n;
  }

  /** One more than the highest slot ever used (FDSize in /proc/PID/status rounds this up). */
  get size(): number {
    return this.files.length;
  }
}
