// The pieces a path walk is made of: filesystems (SuperBlock), their inodes (VNode), mounts, and
// the Dentry — one resolved name in the guest's namespace (a VNode reached through a mount, with
// its parent, so ".." and getcwd work without asking any host).
//
// Guest path names are bytes. Inside the VFS they travel as "binary strings" (one char per byte,
// code points 0..255); only hostfs converts them to and from UTF-8 at the host boundary.
import { Errno } from "../../abi/errno.js";
import { SyscallError } from "../../abi/syscall-error.js";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, X_OK } from "../../abi/fcntl.js";
import type { HostStat, HostStatfs } from "../../host/types.js";
import type { Credentials } from "../process.js";
import type { OpenFile } from "../file.js";
import type { VfsTask } from "./task-view.js";

export type Stat = HostStat;

export function fail(errno: number): never {
  throw new SyscallError(errno);
}

export interface SuperBlock {
  /** Filesystem type as /proc/mounts names it ("tmpfs", "proc", "devtmpfs", "ext4"...). */
  readonly type: string;
  /** st_dev of its synthetic inodes (hostfs inodes carry the host's). */
  readonly dev: number;
  statfs(): HostStatfs;
}

export interface DirEntry {
  /** Binary string. */
  name: string;
  ino: number;
  /** DT_* */
  type: number;
}

/** Who is walking: the task (null for the CLI before a process exists) and its credentials. */
export interface WalkCtx {
  task: VfsTask | null;
  creds: Credentials | null;
}

export interface SetAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  /** [sec, nsec] */
  atime?: [number, number];
  mtime?: [number, number];
  /** fchmod/fchown: the host handle of the descriptor used, so an unlinked host file still changes. */
  handle?: number;
}

/**
 * An inode. Directory, symlink and file operations default to the error Linux gives when the
 * operation does not apply; each filesystem overrides what it supports. Operations throw
 * SyscallError (or HostError from hostfs; the syscall layer maps both).
 */
export abstract class VNode {
  abstract readonly sb: SuperBlock;
  abstract getattr(): Stat;
  /** S_IFMT bits of this inode. */
  abstract fileType(): number;

  // ---- directories ----
  /** The child called `name` (binary string, not "." or ".."), or null if none. */
  lookup(_ctx: WalkCtx, _name: string): VNode | null { fail(Errno.ENOTDIR); }
  readdir(_ctx: WalkCtx): DirEntry[] { fail(Errno.ENOTDIR); }
  /**
   * open(O_CREAT) of a name that does not exist: create a regular file and open it with `flags`
   * (the new file's mode does not restrict this first open). `dir` is this directory's dentry.
   * Fails EEXIST if the name appeared meanwhile.
   */
  create(_ctx: WalkCtx, _dir: Dentry, _name: string, _mode: number, _flags: number): OpenFile { fail(Errno.EPERM); }
  mkdir(_ctx: WalkCtx, _name: string, _mode: number): void { fail(Errno.EPERM); }
  mknod(_ctx: WalkCtx, _name: string, _mode: number, _rdev: number): void { fail(Errno.EPERM); }
  symlink(_ctx: WalkCtx, _name: string, _target: string): void { fail(Errno.EPERM); }
  link(_ctx: WalkCtx, _name: string, _target: VNode): void { fail(Errno.EPERM); }
  unlink(_ctx: WalkCtx, _name: string): void { fail(Errno.EPERM); }
  rmdir(_ctx: WalkCtx, _name: string): void { fail(Errno.EPERM); }
  /** Rename within one filesystem; flags are RENAME_*. */
  rename(_ctx: WalkCtx, _name: string, _newDir: VNode, _newName: string, _flags: number): void { fail(Errno.EPERM); }

  // ---- symlinks ----
  /** The link's target (binary string). */
  readlink(_ctx: WalkCtx): string { fail(Errno.EINVAL); }
  /** /proc "magic" links resolve to a dentry directly instead of through their text. */
  followMagic?(ctx: WalkCtx, link: Dentry): Dentry;

  // ---- files ----
  /** Open this inode; `dentry` names it. Access checks are done by the caller (checkOpenAccess). */
  abstract open(ctx: WalkCtx, dentry: Dentry, flags: number): OpenFile;
  setattr(_ctx: WalkCtx, _attr: SetAttr): void { fail(Errno.EPERM); }
  /** access(2) mask check (F_OK when 0); default: Unix permission bits against ctx.creds. */
  access(ctx: WalkCtx, mask: number): void {
    if (!permits(this.getattr(), ctx.creds, mask)) fail(Errno.EACCES);
  }
  /** A FIFO or socket inode in a filesystem tree: opened through Vfs.specialOpen, not by the fs. */
  get isSpecialFile(): boolean { return false; }
  /** True when the host or the fs checks rights on open itself (hostfs). */
  get checksOwnAccess(): boolean { return false; }
  /**
   * True when the host alone judges what `creds` may do here: a node that checks its own access
   * (hostfs) while the guest still has the host user's identity. Once the guest changes identity
   * (setuid to someone else), the host's verdict no longer describes that user, so sysgate adds
   * Linux's mode-bit and ownership rules for the guest's credentials on top of the host's checks.
   */
  hostJudges(_creds: Credentials | null): boolean { return false; }

  /** The inode has been removed from its directory (getcwd answers ENOENT inside it). */
  isDeleted(): boolean { return false; }
  /**
   * O_TMPFILE: an unnamed regular file in this directory, open with `flags`. EOPNOTSUPP where the
   * filesystem cannot do it.
   */
  createTmpfile(_ctx: WalkCtx, _dir: Dentry, _mode: number, _flags: number): OpenFile { fail(Errno.EOPNOTSUPP); }

  isDir(): boolean { return this.fileType() === S_IFDIR; }
  isSymlink(): boolean { return this.fileType() === S_IFLNK; }
  isRegular(): boolean { return this.fileType() === S_IFREG; }
}

export function permits(st: Stat, creds: Credentials | null, mask: number): boolean {
  if (mask === 0 || creds === null) return true;
  if (creds.fsuid === 0) {
    if ((mask & X_OK) === 0) return true;
    return (st.mode & S_IFMT) === S_IFDIR || (st.mode & 0o111) !== 0;
  }
  let bits: number;
  if (creds.fsuid === st.uid) bits = st.mode >>> 6;
  else if (creds.fsgid === st.gid || creds.groups.includes(st.gid)) bits = st.mode >>> 3;
  else bits = st.mode;
  return (bits & mask & 7) === (mask & 7);
}

let nextMountId = 20;

/** What a mount knows of its namespace: names of mounts (or their ancestors) directly below a path. */
export interface MountNamespace {
  namesBelow(path: string): string[];
}

export class Mount {
  readonly id = nextMountId++;
  constructor(
    /** Canonical guest path of the mount point ("/" for the root). Binary string. */
    readonly guestPath: string,
    readonly sb: SuperBlock,
    readonly root: VNode,
    readonly readonly: boolean,
    /** What /proc/mounts shows as the source ("proc", "tmpfs", a host path). */
    readonly source: string,
    readonly ns: MountNamespace | null = null,
  ) {}
}

/**
 * One name resolved in the guest namespace. Dentries are made by the walk and not cached; two
 * dentries of the same file compare equal by `path` (canonical, no symlinks, no "..").
 */
export class Dentry {
  readonly path: string;
  constructor(
    readonly name: string,
    readonly parent: Dentry | null,
    readonly mount: Mount,
    readonly node: VNode,
    path?: string,
  ) {
    this.path = path ?? (parent === null ? "/" : joinPath(parent.path, name));
  }
}

export function joinPath(dir: string, name: string): string {
  return dir === "/" ? "/" + name : dir + "/" + name;
}

// ---- byte/string helpers ----
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8");

export function bytesToBin(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

/**
 * A counter the syscall layer bumps once per call. Filesystems may reuse what they learned about
 * an inode earlier in the same call (hostfs: the lstat of the walk) but never across calls.
 */
export const vfsCall = { generation: 0 };
export function binToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}
/** Host (UTF-16) string → guest binary string (its UTF-8 bytes). */
export function hostToBin(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return bytesToBin(enc.encode(s));
}
/** Guest binary string → host string (UTF-8 decoded). */
export function binToHost(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return dec.decode(binToBytes(s));
}
export function textBytes(s: string): Uint8Array {
  return enc.encode(s);
}
