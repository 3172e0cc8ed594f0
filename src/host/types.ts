/**
 * The one door between a sysgate machine and the world outside it. The CPU, memory, loader and
 * kernel import no Node.js built-ins: everything they need from outside comes through a Host.
 * src/host/node.ts implements it on Node.js; a browser host (later) implements it over an
 * in-memory filesystem.
 *
 * Error convention: HostFs methods throw a HostError whose `errno` is a Linux errno number
 * (src/abi/errno.ts). They never throw anything else for an ordinary failure.
 */
export class HostError extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? `host error ${errno}`);
  }
}

export interface HostStat {
  dev: number;
  ino: number;
  mode: number; // st_mode: file type bits | permission bits
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeSec: number;
  atimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  ctimeSec: number;
  ctimeNsec: number;
  birthtimeSec: number;
  birthtimeNsec: number;
}

export interface HostDirent {
  name: string;
  ino: number;
  /** DT_* value (DT_REG = 8, DT_DIR = 4, DT_LNK = 10, ...); 0 if unknown. */
  type: number;
}

export interface HostStatfs {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  namelen: number;
}

/** Synchronous, POSIX-shaped access to the host's files. Paths are host paths (absolute). */
export interface HostFs {
  stat(path: string): HostStat;
  lstat(path: string): HostStat;
  /** flags are Linux O_* values (O_RDONLY/O_WRONLY/O_RDWR/O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_DIRECTORY/O_NOFOLLOW). Returns a host handle. */
  open(path: string, flags: number, mode: number): number;
  close(handle: number): void;
  /** position null = current position of the handle. Returns bytes read (0 at EOF). */
  read(handle: number, buf: Uint8Array, offset: number, length: number, position: number | null): number;
  write(handle: number, buf: Uint8Array, offset: number, length: number, position: number | null): number;
  fstat(handle: number): HostStat;
  ftruncate(handle: number, len: number): void;
  fsync(handle: number): void;
  readdir(path: string): HostDirent[];
  mkdir(path: string, mode: number): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  link(existing: string, newPath: string): void;
  symlink(target: string, path: string): void;
  readlink(path: string): string;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number, followSymlinks: boolean): void;
  /** Optional: chmod/chown through an open handle (works on a file already unlinked). */
  fchmod?(handle: number, mode: number): void;
  fchown?(handle: number, uid: number, gid: number): void;
  utimes(path: string, atimeSec: number, atimeNsec: number, mtimeSec: number, mtimeNsec: number, followSymlinks: boolean): void;
  truncate(path: string, len: number): void;
  /** access(2) with F_OK/R_OK/W_OK/X_OK bits, checked with the host user's rights. */
  access(path: string, mode: number): void;
  statfs(path: string): HostStatfs;
  /** Make a FIFO node (optional: hosts without one refuse mknod(S_IFIFO) with EPERM). */
  mkfifo?(path: string, mode: number): void;
  /**
   * Create a UNIX socket file at `path` (EEXIST if the name exists) with permission bits `mode`.
   * Optional: a host without it cannot give guest sockets names on its filesystem.
   */
  mksock?(path: string, mode: number): void;
}

/** A byte stream from outside (stdin). */
export interface HostInput {
  readonly isTTY: boolean;
  /**
   * Non-blocking read: the number of bytes copied (0 = end of file), or -1 if no data is
   * available yet (then `onReadable` tells when to try again).
   */
  read(buf: Uint8Array, offset: number, length: number): number;
  /** Call `fn` once, when read() may return something other than -1. */
  onReadable(fn: () => void): void;
  /** Bytes that can be read now without blocking (FIONREAD). */
  available(): number;
  /** Optional: nothing is buffered and nothing more will come (read returns 0): poll says POLLHUP. */
  atEnd?(): boolean;
}

/** A byte stream to outside (stdout, stderr). Writes are complete and in order. */
export interface HostOutput {
  readonly isTTY: boolean;
  write(buf: Uint8Array, offset: number, length: number): number;
}

export interface HostTerminal {
  /** Rows and columns of the terminal behind stdin/stdout, or null when there is none. */
  size(): { rows: number; cols: number } | null;
  /**
   * Raw mode on (true) or the host's own settings back (false). sysgate's terminal turns it on for
   * the whole run when stdin is a terminal and runs the guest's line discipline itself; the host
   * must put its settings back on every exit path.
   */
  setRawMode(raw: boolean): void;
  /** Call `fn` whenever the terminal changes size (SIGWINCH on the host). */
  onResize?(fn: () => void): void;
  /**
   * The terminal's settings from before raw mode, as Linux's struct termios (36 bytes: four u32
   * flag words, c_line, c_cc[19]), so the guest starts with the user's own; null if unknown.
   */
  settings?(): Uint8Array | null;
}

/** What a host TCP connection reports (src/kernel/net/socket.ts listens). */
export interface HostTcpEvents {
  /** Connected; the local end's address as text ("10.0.0.2", "fe80::1") and port. */
  connected(localAddress: string, localPort: number): void;
  data(bytes: Uint8Array): void;
  /** The other side finished sending. */
  end(): void;
  /** The connection failed or broke: a Linux errno. */
  error(errno: number): void;
}

export interface HostTcpConnection {
  write(bytes: Uint8Array): void;
  /** Half-close: no more writes. */
  end(): void;
  destroy(): void;
}

/** The host's network, for `sysgate run --net host`: outgoing TCP connections only. */
export interface HostNet {
  connectTcp(address: string, port: number, events: HostTcpEvents): HostTcpConnection;
}

/**
 * A descriptor the host process was started with and a native execve would hand on (not
 * close-on-exec): the guest gets it at the same number (src/kernel/host-fd.ts).
 */
export interface HostInheritedFd {
  /** Its number, on the host and in the guest. */
  fd: number;
  /**
   * What it is: "null" "zero" "full" "random" "urandom" for those character devices (the guest's
   * own device is opened instead), "file" for a regular file (read and written through
   * `handle` with HostFs), "directory", or "stream" for anything else (terminal, pipe, socket).
   */
  kind: "null" | "zero" | "full" | "random" | "urandom" | "file" | "directory" | "stream";
  /** Linux access mode and status flags of the open file (O_APPEND, O_NONBLOCK...), without O_CLOEXEC. */
  flags: number;
  /** Its name on the host (readlink of /proc/self/fd/N, " (deleted)" included), or null. */
  path: string | null;
  /** The open file's offset when sysgate started. */
  pos: number;
  /** Host identity of the file behind it, and its type (st_mode & S_IFMT). */
  dev: number;
  ino: number;
  type: number;
  /** A terminal. */
  isTTY: boolean;
  /**
   * The lowest inherited fd that is the same open file description (`>out 2>&1`), or -1. The guest
   * then shares one file (and one offset) between them, as after dup().
   */
  sameAs: number;
  /** "file": the HostFs handle for read/write/fstat/ftruncate/fsync (positions as HostFs's). */
  handle: number;
  /**
   * "file", optional: move the host's open file to offset `pos` (what lseek would do), so those
   * who share it (the shell that started sysgate) find it where the guest left it. False: cannot.
   */
  seek?(pos: number): boolean;
  /** "stream": its readable and writable sides (null when its access mode excludes one). */
  input?: HostInput | null;
  output?: HostOutput | null;
  /** The guest let go of it for good: the host may close it (it never closes its own 0-2). */
  close?(): void;
}

export interface Host {
  fs: HostFs;
  /**
   * Descriptors the first process inherits besides what `stdin`/`stdout`/`stderr` describe; when
   * absent, it gets stdin, stdout and stderr at 0-2 as streams and nothing else. An entry for 0-2
   * overrides the stream (a redirected file, /dev/null) unless its kind is "stream".
   */
  inheritedFds?: HostInheritedFd[];
  /** The host's network (`--net host`); absent: sockets reach only the machine's loopback. */
  net?: HostNet;
  stdin: HostInput;
  stdout: HostOutput;
  stderr: HostOutput;
  terminal: HostTerminal;
  /** CLOCK_REALTIME in milliseconds since the epoch, with sub-millisecond fraction. */
  realtimeMs(): number;
  /** A monotonic clock in milliseconds (arbitrary origin), with sub-millisecond fraction. */
  monotonicMs(): number;
  /** CPU time used by the host process, in ms (for the machine's own accounting). */
  cpuTimeMs(): number;
  /** Fill `buf` with cryptographically random bytes. */
  randomBytes(buf: Uint8Array): void;
  /** Schedule `fn` after `ms` milliseconds; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Let the host's event loop run, then continue (used between time slices). */
  yieldToHost(): Promise<void>;
  /** The host user's identity, as the guest sees it by default. */
  uid: number;
  gid: number;
  /** Host name for uname(2). */
  hostname: string;
  /** The host's working directory: where a guest that sees the host's own tree starts. */
  cwd?: string;
  /** How many CPUs the guest is told it has (sched_getaffinity, sysinfo, /proc/cpuinfo); default 1. */
  cpuCount?: number;
  /** The host user's supplementary groups (getgroups), as the guest sees them by default. */
  groups?: number[];
  /** Kernel release string for uname(2) (the host's own, e.g. "6.1.0-18-amd64"), if known. */
  osRelease?: string;
}
