// The descriptors a first process inherits from the host, as a native execve would hand them on
// (the Host lists them: src/host/types.ts HostInheritedFd). Each keeps its number and becomes a
// guest file of its own kind:
//   - /dev/null, /dev/zero, /dev/full, /dev/random, /dev/urandom: the guest's own device (devfs),
//     so fstat shows `char 1:3` and a write to /dev/full fails with ENOSPC;
//   - a regular file: HostFdFile below, reading and writing the host descriptor;
//   - a directory: the guest's own open of its path;
//   - terminals, pipes, sockets: host streams, as stdio always was.
// Two numbers that are one open file on the host (`>out 2>&1`) are one OpenFile here, as after dup.
import { Errno } from "../abi/errno.js";
import { O_ACCMODE, O_APPEND, O_DIRECTORY, O_LARGEFILE, O_NONBLOCK, O_RDONLY, S_IFSOCK } from "../abi/fcntl.js";
import { SyscallError } from "../abi/syscall-error.js";
import { HostError, type Host, type HostInheritedFd } from "../host/types.js";
import { fileCacheKey, pageCacheActive, readThroughCache, truncateCache, writeThroughCache } from "../mm/page-cache.js";
import { HostStreamFile, OpenFile, type MappedFileLike } from "./file.js";
import type { Stat } from "./vfs/node.js";
import { hostToBin } from "./vfs/node.js";
import type { Vfs } from "./vfs/vfs.js";
import type { VfsTask } from "./vfs/task-view.js";

function fail(errno: number): never {
  throw new SyscallError(errno);
}

/** Run a host call; its HostError becomes the guest's errno. */
function hostCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HostError) fail(e.errno);
    throw e;
  }
}

/**
 * A regular file the host process already had open. Reads and writes go to the host descriptor.
 * The guest's offset is kept here; while it equals the host's own offset the I/O uses the host's
 * offset (plain read/write), so the host's open file moves on as it would under a native program:
 * whoever shares it (the shell that started sysgate, `>out 2>&1` partners, the tracer's own
 * stderr) sees the file where the guest left it. After an lseek elsewhere, the I/O is positional
 * until the guest comes back to where the host's offset stands.
 */
export class HostFdFile extends OpenFile {
  /** Where the host's own offset stands, as far as this file has moved it. */
  private hostPos: number;
  private cacheKey: string | null = null;

  constructor(
    flags: number,
    readonly host: Host,
    readonly handle: number,
    private readonly name: string,
    pos: number,
    private readonly hostSeek: ((pos: number) => boolean) | null = null,
  ) {
    super(flags, null);
    this.pos = pos;
    this.hostPos = pos;
  }

  override path(): string {
    const deletedMark = " (deleted)";
    const base = this.name.endsWith(deletedMark) ? this.name.slice(0, -deletedMark.length) : this.name;
    let gone = this.name !== base;
    try {
      gone = this.stat().nlink === 0;
    } catch {
      // keep what the host said
    }
    return gone ? base + deletedMark : base;
  }

  stat(): Stat {
    return hostCall(() => this.host.fs.fstat(this.handle));
  }

  private pageKey(): string {
    if (this.cacheKey === null) {
      const st = this.stat();
      this.cacheKey = fileCacheKey(st.dev, st.ino);
    }
    return this.cacheKey;
  }

  /** Bring the host's offset to the guest's if it is elsewhere (when the host can): true if they agree. */
  private inStep(): boolean {
    if (this.pos === this.hostPos) return true;
    if (this.hostSeek !== null && this.pos >= 0 && this.hostSeek(this.pos)) {
      this.hostPos = this.pos;
      return true;
    }
    return false;
  }

  override lseek(offset: number, whence: number): number {
    const r = super.lseek(offset, whence);
    this.inStep();
    return r;
  }

  override read(t: VfsTask, buf: Uint8Array): number {
    const n = this.pread(t, buf, this.pos);
    if (n > 0) this.pos += n;
    return n;
  }

  override write(_t: VfsTask, buf: Uint8Array): number {
    if (!this.writable) fail(Errno.EBADF);
    if (buf.length === 0) return 0;
    if (this.flags & O_APPEND) {
      // The host descriptor appends by itself; the offset is then the end of the file.
      const n = hostCall(() => this.host.fs.write(this.handle, buf, 0, buf.length, null));
      const end = this.stat().size;
      if (n > 0 && pageCacheActive()) writeThroughCache(this.pageKey(), end - n, buf.subarray(0, n));
      this.pos = this.hostPos = end;
      return n;
    }
    const at = this.pos;
    const inStep = this.inStep();
    const n = hostCall(() => this.host.fs.write(this.handle, buf, 0, buf.length, inStep ? null : at));
    if (n > 0) {
      if (pageCacheActive()) writeThroughCache(this.pageKey(), at, n === buf.length ? buf : buf.subarray(0, n));
      this.pos = at + n;
      if (inStep) this.hostPos = this.pos;
    }
    return n;
  }

  /**
   * read(2) of a seekable file reaches here too (at the file position, which the caller then
   * advances): a read where both offsets stand uses the host's, so it moves on with the guest's.
   */
  override pread(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.readable) fail(Errno.EBADF);
    const inStep = off === this.pos && this.inStep();
    const n = hostCall(() => this.host.fs.read(this.handle, buf, 0, buf.length, inStep ? null : off));
    if (inStep && n > 0) this.hostPos = off + n;
    if (n > 0 && pageCacheActive()) readThroughCache(this.pageKey(), off, buf, n);
    return n;
  }

  override pwrite(_t: VfsTask, buf: Uint8Array, off: number): number {
    if (!this.writable) fail(Errno.EBADF);
    const n = hostCall(() => this.host.fs.write(this.handle, buf, 0, buf.length, off));
    if (n > 0 && pageCacheActive()) writeThroughCache(this.pageKey(), off, n === buf.length ? buf : buf.subarray(0, n));
    return n;
  }

  override truncate(len: number): void {
    if (!this.writable) fail(Errno.EINVAL);
    const old = pageCacheActive() ? this.stat().size : -1;
    hostCall(() => this.host.fs.ftruncate(this.handle, len));
    if (old >= 0) truncateCache(this.pageKey(), len, old);
  }

  override fsync(): void {
    hostCall(() => this.host.fs.fsync(this.handle));
  }

  /** A mapping holds this description (and so the host descriptor) until the memory manager lets go. */
  override mappedFile(): MappedFileLike {
    const st = this.stat();
    const fs = this.host.fs;
    const writable = (this.flags & O_ACCMODE) === 2;
    this.get();
    let held = true;
    return {
      release: () => {
        if (held) {
          held = false;
          this.put();
        }
      },
      size: () => fs.fstat(this.handle).size,
      readAt: (off, buf) => {
        let done = 0;
        while (done < buf.length) {
          const n = fs.read(this.handle, buf, done, buf.length - done, off + done);
          if (n <= 0) break;
          done += n;
        }
        return done;
      },
      writeAt: writable ? (off, buf) => fs.write(this.handle, buf, 0, buf.length, off) : undefined,
      dev: st.dev,
      ino: st.ino,
      path: this.path(),
    };
  }
}

/** The guest's name for a host path: inside --root or a mount when it is there, else the host's. */
function guestPathOf(hostPath: string, root: string | undefined, mounts: readonly { hostPath: string; guestPath: string }[]): string {
  const strip = (p: string) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);
  const under = (base: string): string | null => {
    const b = strip(base);
    if (b === "/") return hostPath;
    if (hostPath === b) return "";
    if (hostPath.startsWith(b + "/")) return hostPath.slice(b.length);
    return null;
  };
  let best: { len: number; path: string } | null = null;
  for (const m of mounts) {
    const rest = under(m.hostPath);
    if (rest !== null && (best === null || m.hostPath.length > best.len)) {
      const g = strip(m.guestPath);
      best = { len: m.hostPath.length, path: rest === "" ? g : (g === "/" ? "" : g) + rest };
    }
  }
  if (best) return best.path;
  if (root !== undefined) {
    const rest = under(root);
    if (rest !== null) return rest === "" ? "/" : rest;
  }
  return hostPath;
}

/** What the kernel gives this module: the host, the machine's VFS and its options. */
export interface InheritContext {
  host: Host;
  vfs: Vfs;
  root?: string;
  mounts?: readonly { hostPath: string; guestPath: string }[];
}

/**
 * The guest files for the host's inherited descriptors, by number. `stdio` are the stream files
 * for 0-2 (used when the host has no better description of them); `withHigher` false leaves out
 * everything above 2 (only a machine's first process inherits those: their host descriptors close
 * when the guest lets go of them).
 */
export function inheritedFiles(c: InheritContext, stdio: readonly OpenFile[], withHigher: boolean): Map<number, OpenFile> {
  const files = new Map<number, OpenFile>();
  stdio.forEach((f, i) => files.set(i, f));
  for (const e of c.host.inheritedFds ?? []) {
    if (e.fd > 2 && !withHigher) continue;
    if (e.fd <= 2 && e.kind === "stream") {
      // The stdio stream (and terminal) stays; a pipe or socket shows its own kind and flags
      // (not O_NONBLOCK: Node may have set that on the shared description for itself).
      const f = files.get(e.fd);
      if (f instanceof HostStreamFile && f.terminal === null && !e.isTTY) {
        if (e.type === S_IFSOCK) f.hostType = S_IFSOCK;
        f.flags = e.flags & ~O_NONBLOCK;
      }
      continue;
    }
    const shared = e.sameAs >= 0 && e.sameAs !== e.fd ? files.get(e.sameAs) : undefined;
    // 0-2 as streams are each their own file (the terminal's logic wants them so).
    if (shared && !(e.sameAs <= 2 && shared instanceof HostStreamFile && e.fd <= 2)) {
      files.set(e.fd, shared);
      continue;
    }
    let f: OpenFile | null = null;
    try {
      f = fileFor(c, e);
    } catch {
      f = null; // the guest cannot have it (no such device, a directory it cannot open)
    }
    if (f === null) continue;
    if (e.close) {
      const close = e.close;
      (f.onLastClose ??= []).push(() => close());
    }
    files.set(e.fd, f);
  }
  return files;
}

function fileFor(c: InheritContext, e: HostInheritedFd): OpenFile | null {
  const flags = e.flags | O_LARGEFILE;
  const w = c.vfs.walker(null);
  switch (e.kind) {
    case "null": case "zero": case "full": case "random": case "urandom":
      return c.vfs.open(w, `/dev/${e.kind}`, null, flags, 0);
    case "directory": {
      if (e.path === null) return null;
      const p = hostToBin(guestPathOf(e.path, c.root, c.mounts ?? []));
      return c.vfs.open(w, p, null, (flags & ~O_ACCMODE) | O_RDONLY | O_DIRECTORY, 0);
    }
    case "file": {
      const name = e.path === null ? `/proc/self/fd/${e.fd}` : hostToBin(guestPathOf(e.path, c.root, c.mounts ?? []));
      return new HostFdFile(flags, c.host, e.handle, name, e.pos, e.seek ? (p) => e.seek!(p) : null);
    }
    case "stream": {
      const input = e.input ?? null, output = e.output ?? null;
      if (input === null && output === null) return null;
      const f = new HostStreamFile(e.flags, null, c.host, input, output, null);
      if (e.type === S_IFSOCK) f.hostType = S_IFSOCK;
      return f;
    }
  }
  return null;
}
