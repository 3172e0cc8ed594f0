// The virtual filesystem: a mount table over hostfs, tmpfs, devfs and procfs, and the path walk
// that resolves guest paths one component at a time, following symlinks itself (so a --root
// guest can never be led outside its tree by the host resolving a link).
import { Errno } from "../../abi/errno.js";
import {
  MAXSYMLINKS, NAME_MAX, O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_PATH, O_RDONLY,
  O_NOATIME, O_TMPFILE, O_TRUNC, O_WRONLY, O_RDWR, PATH_MAX, R_OK, S_IFREG, W_OK, X_OK, S_IFDIR, S_IFIFO, S_IFSOCK,
} from "../../abi/fcntl.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { HostError, type Host } from "../../host/types.js";
import type { OpenFile } from "../file.js";
import { createDevfs } from "./devfs.js";
import { FsContext } from "./fs-context.js";
import { createHostfs } from "./hostfs.js";
import { Dentry, fail, joinPath, Mount, permits, vfsCall, type MountNamespace, type SuperBlock, type VNode, type WalkCtx } from "./node.js";
import { createProcfs } from "./procfs.js";
import { createSysfs } from "./sysfs.js";
import type { VfsTask } from "./task-view.js";
import { createTmpfs } from "./tmpfs.js";

export interface VfsMountSpec {
  hostPath: string;
  guestPath: string;
  readonly?: boolean;
}

export interface VfsOptions {
  /** A host directory that becomes the guest's "/" (absolute). Default: the host's own "/". */
  root?: string;
  mounts?: VfsMountSpec[];
  /** CLOCK_REALTIME in ms for file times (the machine's clock); default the host's. */
  now?: () => number;
}

/** The caller of a walk: who (credentials, for tmpfs/devfs/procfs rights) and where (root, cwd). */
export interface Walker extends WalkCtx {
  fs: FsContext;
}

export interface ParentLookup {
  dir: Dentry;
  /** Last component ("" for "/"); may be "." or "..". */
  name: string;
  trailingSlash: boolean;
}

/** Normalise an absolute guest path lexically ("/a/./b/../c/" → "/a/c"). */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const c of p.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") out.pop();
    else out.push(c);
  }
  return "/" + out.join("/");
}

function hostNormalize(p: string): string {
  if (!p.startsWith("/")) throw new Error(`vfs: host path must be absolute: ${p}`);
  const n = normalizePath(p);
  return n;
}

/**
 * Opens FIFOs and UNIX socket files found in the tree (issue 3 installs it: pipes keyed by the
 * inode's dev/ino). Without it such files answer ENXIO.
 */
export type SpecialOpener = (w: Walker, d: Dentry, flags: number) => OpenFile;

export class Vfs implements MountNamespace {
  readonly mounts = new Map<string, Mount>();
  specialOpen: SpecialOpener | null = null;
  /**
   * Is the regular file (dev, ino) the program image of a live process? Opening it for writing
   * is then ETXTBSY, as Linux's deny_write_access. The kernel installs it.
   */
  textBusy: ((dev: number, ino: number) => boolean) | null = null;
  readonly rootDentry: Dentry;

  constructor(readonly host: Host, readonly options: VfsOptions = {}) {
    const clock = options.now ?? (() => host.realtimeMs());
    const rootHost = options.root ? hostNormalize(options.root) : "/";
    const rootFs = this.wrapHost(() => createHostfs(host, rootHost));
    const rootMount = this.addMount("/", rootFs.sb, rootFs.root, false, rootHost);
    this.rootDentry = new Dentry("", null, rootMount, rootFs.root, "/");
    if (options.root) {
      const tmp = createTmpfs(clock);
      this.addMount("/tmp", tmp.sb, tmp.root, false, "tmpfs");
    }
    const dev = createDevfs(host, clock);
    this.addMount("/dev", dev.sb, dev.root, false, "udev");
    const proc = createProcfs(this);
    this.addMount("/proc", proc.sb, proc.root, false, "proc");
    const sys = createSysfs(this);
    this.addMount("/sys", sys.sb, sys.root, false, "sysfs");
    for (const m of options.mounts ?? []) {
      const fs = this.wrapHost(() => createHostfs(host, hostNormalize(m.hostPath)));
      this.addMount(normalizePath(m.guestPath), fs.sb, fs.root, m.readonly === true, hostNormalize(m.hostPath));
    }
  }

  private wrapHost<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof HostError) throw new SyscallError(e.errno);
      throw e;
    }
  }

  /** Mount `root` of `sb` at an absolute, canonical guest path (binary string). */
  addMount(guestPath: string, sb: SuperBlock, root: VNode, readonly: boolean, source: string): Mount {
    const m = new Mount(guestPath, sb, root, readonly, source, this);
    this.mounts.set(guestPath, m);
    for (let p = guestPath; p !== "/"; ) {
      p = p.slice(0, p.lastIndexOf("/")) || "/";
      if (p !== "/") this.mountAncestors.add(p);
    }
    return m;
  }

  /** Names of mount points (or directories leading to one) directly inside `path`. */
  namesBelow(path: string): string[] {
    const out: string[] = [];
    const prefix = path === "/" ? "/" : path + "/";
    const consider = (p: string) => {
      if (p.length > prefix.length && p.startsWith(prefix) && !p.slice(prefix.length).includes("/")) out.push(p.slice(prefix.length));
    };
    for (const p of this.mounts.keys()) consider(p);
    for (const p of this.mountAncestors) consider(p);
    return out;
  }

  /** A fresh FsContext at the namespace root, cwd = `cwd` if it resolves (else "/"). */
  newContext(cwd = "/", umask = 0o022): FsContext {
    const ctx = new FsContext(this.rootDentry, this.rootDentry, umask);
    try {
      const d = this.resolve({ task: null, creds: null, fs: ctx }, binFromHost(cwd), null, true);
      if (d.node.isDir()) ctx.cwd = d;
    } catch { /* stay at / */ }
    return ctx;
  }

  // ------------------------------------------------------------------ the walk

  /** ".." of a dentry: its parent, but never above the walker's root. */
  private parentOf(w: Walker, d: Dentry): Dentry {
    if (d.path === w.fs.root.path || d.parent === null) return d;
    return d.parent;
  }

  /** One step of the walk: the child `name` of directory `dir`, or null if it does not exist. */
  lookupChild(w: Walker, dir: Dentry, name: string): Dentry | null {
    if (name === ".") return dir;
    if (name === "..") return this.parentOf(w, dir);
    if (name.length > NAME_MAX) fail(Errno.ENAMETOOLONG);
    const node = dir.node;
    if (!node.isDir()) fail(Errno.ENOTDIR);
    if (!node.hostJudges(w.creds) && !permits(node.getattr(), w.creds, X_OK)) fail(Errno.EACCES);
    const path = joinPath(dir.path, name);
    const m = this.mounts.get(path);
    if (m && m.guestPath !== "/") return new Dentry(name, dir, m, m.root, path);
    const child = node.lookup(w, name);
    if (child) return new Dentry(name, dir, dir.mount, child, path);
    // A mount below a directory missing from its filesystem: stand in an empty directory.
    if (this.mountAncestors.has(path)) return new Dentry(name, dir, dir.mount, this.placeholder(path), path);
    return null;
  }

  private readonly mountAncestors = new Set<string>();
  private readonly placeholders = new Map<string, VNode>();
  private placeholder(path: string): VNode {
    let n = this.placeholders.get(path);
    if (!n) {
      const t = createTmpfs(this.options.now ?? (() => this.host.realtimeMs()), "tmpfs", 0o755);
      n = t.root;
      this.placeholders.set(path, n);
    }
    return n;
  }

  /** Follow the symlink at `link` (found in directory `dir`). */
  private followLink(w: Walker, dir: Dentry, link: Dentry, budget: { links: number }): Dentry {
    if (++budget.links > MAXSYMLINKS) fail(Errno.ELOOP);
    if (link.node.followMagic) return link.node.followMagic(w, link);
    const target = link.node.readlink(w);
    if (target === "") fail(Errno.ENOENT);
    return this.walk(w, target, dir, true, budget);
  }

  private walk(w: Walker, path: string, base: Dentry, followLast: boolean, budget: { links: number }): Dentry {
    if (path.length === 0) fail(Errno.ENOENT);
    if (path.length >= PATH_MAX) fail(Errno.ENAMETOOLONG);
    let cur = path.charCodeAt(0) === 47 ? w.fs.root : base;
    const comps = path.split("/");
    const trailingSlash = path.length > 1 && path.endsWith("/");
    let last = comps.length - 1;
    while (last >= 0 && comps[last] === "") last--;
    for (let i = 0; i <= last; i++) {
      const name = comps[i]!;
      if (name === "") continue;
      if (!cur.node.isDir()) fail(Errno.ENOTDIR);
      const child = this.lookupChild(w, cur, name);
      if (!child) fail(Errno.ENOENT);
      if (child.node.isSymlink() && (i < last || followLast || trailingSlash)) {
        cur = this.followLink(w, cur, child, budget);
      } else {
        cur = child;
      }
    }
    if (trailingSlash && !cur.node.isDir()) fail(cur.node.isSymlink() ? Errno.ENOTDIR : Errno.ENOTDIR);
    return cur;
  }

  /**
   * Resolve `path` (binary string) relative to `base` (null = cwd). `follow` says whether a
   * symlink in the last component is followed (a trailing slash always follows).
   */
  resolve(w: Walker, path: string, base: Dentry | null, follow: boolean): Dentry {
    vfsCall.generation++;
    return this.walk(w, path, base ?? w.fs.cwd, follow, { links: 0 });
  }

  /** Resolve all but the last component, for calls that create or remove a name. */
  resolveParent(w: Walker, path: string, base: Dentry | null): ParentLookup {
    vfsCall.generation++;
    if (path.length === 0) fail(Errno.ENOENT);
    if (path.length >= PATH_MAX) fail(Errno.ENAMETOOLONG);
    let end = path.length;
    while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
    const trailingSlash = end < path.length;
    const trimmed = path.slice(0, end);
    const slash = trimmed.lastIndexOf("/");
    const name = slash < 0 ? trimmed : trimmed.slice(slash + 1);
    if (name.length > NAME_MAX) fail(Errno.ENAMETOOLONG);
    let dir: Dentry;
    if (slash < 0) dir = base ?? w.fs.cwd;
    else if (slash === 0) dir = w.fs.root;
    else dir = this.walk(w, trimmed.slice(0, slash), base ?? w.fs.cwd, true, { links: 0 });
    if (trimmed === "/") return { dir: w.fs.root, name: "", trailingSlash: false };
    if (!dir.node.isDir()) fail(Errno.ENOTDIR);
    return { dir, name, trailingSlash };
  }

  /** Rights to add or remove names in `dir`: EROFS on a read-only mount, EACCES without w+x. */
  checkDirWritable(w: Walker, dir: Dentry): void {
    if (dir.mount.readonly) fail(Errno.EROFS);
    if (!dir.node.hostJudges(w.creds) && !permits(dir.node.getattr(), w.creds, W_OK | X_OK)) fail(Errno.EACCES);
  }

  /** open(2) / openat(2): the full Linux decision tree for flags, creation and rights. */
  open(w: Walker, path: string, base: Dentry | null, flags: number, mode: number): OpenFile {
    vfsCall.generation++;
    const acc = flags & O_ACCMODE;
    if ((flags & O_TMPFILE) === O_TMPFILE) {
      if (acc !== O_WRONLY && acc !== O_RDWR) fail(Errno.EINVAL);
      const dir = this.resolve(w, path, base, true);
      if (!dir.node.isDir()) fail(Errno.ENOTDIR);
      this.checkDirWritable(w, dir);
      return dir.node.createTmpfile(w, dir, mode & ~w.fs.umask & 0o7777, flags & ~(O_TMPFILE | O_CREAT | O_EXCL | O_TRUNC) | (flags & O_ACCMODE));
    }
    // O_CREAT|O_DIRECTORY is refused since Linux 6.4 (it used to create a regular file).
    if (flags & O_CREAT && flags & O_DIRECTORY && !(flags & O_PATH)) fail(Errno.EINVAL);
    let d: Dentry;
    if (flags & O_CREAT && !(flags & O_PATH)) {
      const budget = { links: 0 };
      let parent = this.resolveParent(w, path, base);
      for (;;) {
        if (parent.name === "" || parent.name === "." || parent.name === ".." || parent.trailingSlash) fail(Errno.EISDIR);
        const found = this.lookupChild(w, parent.dir, parent.name);
        if (!found) {
          this.checkDirWritable(w, parent.dir);
          const file = parent.dir.node.create(w, parent.dir, parent.name, mode & ~w.fs.umask & 0o7777, flags & ~(O_CREAT | O_EXCL | O_TRUNC));
          return file;
        }
        if (flags & O_EXCL) fail(Errno.EEXIST);
        if (!found.node.isSymlink()) {
          d = found;
          break;
        }
        if (flags & O_NOFOLLOW) fail(Errno.ELOOP);
        if (++budget.links > MAXSYMLINKS) fail(Errno.ELOOP);
        if (found.node.followMagic) {
          d = found.node.followMagic(w, found);
          break;
        }
        // A symlink: create at its target if the target does not exist (as Linux does).
        const target = found.node.readlink(w);
        if (target === "") fail(Errno.ENOENT);
        try {
          d = this.walk(w, target, parent.dir, true, budget);
          break;
        } catch (e) {
          if (!(e instanceof SyscallError) || e.errno !== Errno.ENOENT) throw e;
        }
        parent = this.resolveParent(w, target, parent.dir);
      }
    } else {
      d = this.resolve(w, path, base, !(flags & O_NOFOLLOW));
      if (d.node.isSymlink() && !(flags & O_PATH)) fail(Errno.ELOOP);
    }
    return this.openDentry(w, d, flags);
  }

  /** Open an already resolved name with access checks. */
  openDentry(w: Walker, d: Dentry, flags: number): OpenFile {
    const node = d.node;
    const acc = flags & O_ACCMODE;
    if (flags & O_PATH) {
      if (flags & O_DIRECTORY && !node.isDir()) fail(Errno.ENOTDIR);
      return node.open(w, d, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW | 0o2000000));
    }
    if (flags & O_DIRECTORY && !node.isDir()) fail(Errno.ENOTDIR);
    // Access mode 3 (O_WRONLY|O_RDWR) opens for neither reading nor writing (ioctl-only) but
    // still needs both rights, as on Linux.
    const wantsWrite = acc === O_WRONLY || acc === O_RDWR || acc === O_ACCMODE;
    if (node.isDir() && (wantsWrite || flags & O_CREAT)) fail(Errno.EISDIR);
    const type = node.fileType();
    if ((wantsWrite || (flags & O_TRUNC)) && d.mount.readonly && (type === S_IFREG || type === S_IFDIR)) fail(Errno.EROFS);
    if (flags & O_NOATIME && w.creds && w.creds.fsuid !== 0 && w.creds.fsuid !== node.getattr().uid) fail(Errno.EPERM);
    if (!node.hostJudges(w.creds)) {
      let mask = 0;
      if (acc === O_RDONLY || acc === O_RDWR || acc === O_ACCMODE) mask |= R_OK;
      if (wantsWrite || flags & O_TRUNC) mask |= W_OK;
      node.access(w, mask);
    }
    if ((wantsWrite || flags & O_TRUNC) && type === S_IFREG && this.textBusy) {
      const st = node.getattr();
      if (this.textBusy(st.dev, st.ino)) fail(Errno.ETXTBSY);
    }
    if (node.isSpecialFile && (type === S_IFIFO || type === S_IFSOCK)) {
      if (type === S_IFSOCK) fail(Errno.ENXIO);
      if (!this.specialOpen) fail(Errno.ENXIO);
      return this.specialOpen(w, d, flags);
    }
    return node.open(w, d, flags);
  }

  // ------------------------------------------------------------------ exec support

  /** A walker for a task, or for the namespace root when there is no task yet. */
  walker(t: VfsTask | null, fs?: FsContext): Walker {
    if (t) return { task: t, creds: t.process.creds, fs: fs ?? t.process.fs };
    return { task: null, creds: null, fs: fs ?? new FsContext(this.rootDentry, this.rootDentry) };
  }

  /**
   * The bytes of an executable, for execve and the CLI: ENOENT if missing, EACCES unless a
   * regular file with execute permission (directories too, as on Linux).
   */
  openForExec(t: VfsTask | null, path: string | Uint8Array, fs?: FsContext): { data: Uint8Array; guestPath: string; dev: number; ino: number } {
    const w = this.walker(t, fs);
    const p = typeof path === "string" ? binFromHost(path) : bytesToBinStr(path);
    return this.wrapHost(() => {
      const d = this.resolve(w, p, null, true);
      if (!d.node.isRegular()) fail(Errno.EACCES);
      d.node.access(w, X_OK);
      const st = d.node.getattr();
      if ((st.mode & 0o111) === 0) fail(Errno.EACCES);
      const f = this.openDentry(w, d, O_RDONLY).get();
      try {
        const size = f.stat().size;
        const data = new Uint8Array(size);
        let done = 0;
        while (done < size) {
          const n = f.pread(t as VfsTask, data.subarray(done), done);
          if (n <= 0) break;
          done += n;
        }
        return { data: done === size ? data : data.slice(0, done), guestPath: d.path, dev: st.dev, ino: st.ino };
      } finally {
        f.put();
      }
    });
  }

  /**
   * What execvp would run for `name`: a name with a slash as given; otherwise the first
   * executable regular file named `name` in a directory of `PATH` (":"-separated, "" = cwd).
   * Returns the guest path, or null if none.
   */
  lookupExecutable(cwdCtx: FsContext | null, name: string, PATH = "/usr/local/bin:/usr/bin:/bin"): string | null {
    const w = this.walker(null, cwdCtx ?? undefined);
    const check = (p: string): boolean => {
      try {
        const d = this.resolve(w, binFromHost(p), null, true);
        if (!d.node.isRegular()) return false;
        d.node.access(w, X_OK);
        return (d.node.getattr().mode & 0o111) !== 0;
      } catch {
        return false;
      }
    };
    if (name.includes("/")) return name;
    if (name === "") return null;
    for (const dir of PATH.split(":")) {
      const p = dir === "" ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
      if (check(p)) return p;
    }
    return null;
  }

  /** /proc/mounts text. */
  mountsText(): string {
    const lines: string[] = [];
    const sorted = [...this.mounts.values()].sort((a, b) => a.id - b.id);
    for (const m of sorted) {
      const type = m.sb.type === "hostfs" ? "hostfs" : m.sb.type;
      const opts = (m.readonly ? "ro" : "rw") + ",relatime";
      lines.push(`${m.source} ${escapeMountPath(m.guestPath)} ${type} ${opts} 0 0\n`);
    }
    return lines.join("");
  }
}

function escapeMountPath(p: string): string {
  return p.replace(/[ \t\n\\]/g, (c) => "\\" + c.charCodeAt(0).toString(8).padStart(3, "0"));
}

/** Host string → binary string (UTF-8 bytes, one char each). */
export function binFromHost(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const b = new TextEncoder().encode(s);
  let out = "";
  for (const x of b) out += String.fromCharCode(x);
  return out;
}
function bytesToBinStr(b: Uint8Array): string {
  let out = "";
  for (const x of b) out += String.fromCharCode(x);
  return out;
}

