/**
 * Building a process image: the executable is read through the VFS, a fresh address space is
 * filled by the ELF loader (segments, stack, auxv), and the task's CPU is pointed at the entry.
 * spawn() uses it for a machine's first program; execve(2) (issue 3) uses the same function.
 *
 * This file is also where the kernel core adapts to the constructors of its neighbours (address
 * space, VFS, descriptor table, filesystem context), so their shapes are named in one place.
 */
import type { Host } from "../host/types.js";
import { deThread, unshareForExec } from "./threads.js";
import { Cpu } from "../cpu/cpu.js";
import { AddressSpace } from "../mm/address-space.js";
import { loadElf, isShebang } from "../loader/elf.js";
import { BytesFile } from "../mm/mapped-file.js";
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { LEAF1_EDX } from "../cpu/cpuid.js";
import { Vfs } from "./vfs/vfs.js";
import { FileDescriptorTable } from "./fdtable.js";
import type { FsContext } from "./vfs/fs-context.js";
import { createStdio } from "./file.js";
import { inheritedFiles } from "./host-fd.js";
import { returnBorrowedMm, type Rlimit } from "./process.js";
import { Rlim } from "./rlimits.js";
import type { Task } from "./task.js";
import type { Kernel, KernelOptions } from "./kernel.js";

/** exec failed before the point of no return, for a reason that is not an errno from the VFS. */
export class ExecFailure extends Error {
  constructor(
    message: string,
    readonly errno: number,
  ) {
    super(message);
  }
}


/** comm: the executable's base name, cut to TASK_COMM_LEN - 1 = 15 bytes. */
export function commFromPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return path.slice(slash + 1).slice(0, 15);
}

// ---- adapters to the neighbours' constructors ----

/** A fresh address space drawing on the machine's frame pool (so the memory cap is machine-wide). */
export function createAddressSpace(k: Kernel, stackLimit: number): AddressSpace {
  return new AddressSpace({ pool: k.framePool, stackLimit });
}

export function createMachineVfs(host: Host, opts: KernelOptions, now?: () => number): Vfs {
  return new Vfs(host, { root: opts.root, mounts: opts.mounts, now });
}

/** Kernels whose first process has taken the host's inherited descriptors above 2. */
const inheritedTaken = new WeakSet<Kernel>();

/**
 * A descriptor table holding the host's stdin, stdout, stderr at 0, 1, 2 (as what they are: a
 * stream, a file, /dev/null...) and, for a machine's first process, every other descriptor the
 * host inherited (src/kernel/host-fd.ts); bounded by RLIMIT_NOFILE.
 */
export function createStdioFiles(k: Kernel, rlimits: () => Rlimit[]): FileDescriptorTable {
  const fds = new FileDescriptorTable(() => rlimits()[Rlim.NOFILE]!.cur);
  const first = !inheritedTaken.has(k);
  inheritedTaken.add(k);
  const files = inheritedFiles({ host: k.host, vfs: k.vfs, root: k.opts.root, mounts: k.opts.mounts }, createStdio(k.host), first);
  for (const [fd, f] of files) {
    try {
      fds.installAt(fd, f);
    } catch {
      // above RLIMIT_NOFILE: the guest could not have had it
    }
  }
  return fds;
}

/** The first process's root and working directory (opts.cwd, default "/"). */
export function createFsContext(k: Kernel): FsContext {
  return k.vfs.newContext(k.opts.cwd ?? "/");
}

function stackLimitOf(r: Rlimit): number {
  return r.cur === Infinity ? 8 * 1024 * 1024 : r.cur;
}

/**
 * Replace `t`'s process image with the program at guest path `path`. Throws SyscallError (the
 * VFS's errno: ENOENT, EACCES...), ElfError (not a loadable program) or ExecFailure before
 * anything of the old image is touched; after that point it cannot fail.
 */
export function execImage(t: Task, path: string, argv: Uint8Array[], envp: Uint8Array[]): void {
  const k = t.kernel;
  const p = t.process;
  const origPath = path;
  let opened = k.vfs.openForExec(t, path);
  let { data, guestPath } = opened;
  // "#!" scripts: run the interpreter with [interp, optional-arg, script path, argv[1]...],
  // at most four levels deep (Linux's limit), as binfmt_script does.
  for (let depth = 0; isShebang(data); depth++) {
    if (depth >= 4) throw new SyscallError(Errno.ELOOP);
    const { interp, arg } = parseShebang(data);
    const enc = new TextEncoder();
    const scriptPath = enc.encode(path);
    argv = [enc.encode(interp), ...(arg !== null ? [enc.encode(arg)] : []), scriptPath, ...argv.slice(1)];
    path = interp;
    opened = k.vfs.openForExec(t, interp);
    ({ data, guestPath } = opened);
  }
  const stack = p.rlimits[Rlim.STACK]!;
  const mm = createAddressSpace(k, stackLimitOf(stack));
  const random = new Uint8Array(16);
  k.host.randomBytes(random);
  let image: ReturnType<typeof loadElf>;
  try {
    image = loadElf(mm, data, {
      argv,
      envp,
      execfn: new TextEncoder().encode(origPath),
      random,
      uid: p.creds.uid,
      euid: p.creds.euid,
      gid: p.creds.gid,
      egid: p.creds.egid,
      // AT_HWCAP is CPUID leaf 1 EDX, exactly what the CPU reports.
      hwcap: LEAF1_EDX,
      stackLimit: stackLimitOf(stack),
      // /proc/PID/maps names the executable by its resolved path, device and inode.
      file: new BytesFile(data, guestPath, opened.dev, opened.ino),
      mapVdso: k.vdso !== null ? (space) => k.vdso!.map(space) : undefined,
    });
  } catch (e) {
    mm.release(); // give back frames of a half-built image
    throw e;
  }

  // ---- point of no return ----
  deThread(t); // the other threads die; a non-leader takes the pid
  unshareForExec(p); // descriptors and signal actions shared with another process become its own
  mm.addressSpaceLimit = p.rlimits[Rlim.AS]!.cur;
  const old = p.mm;
  if (p.mmBorrowed) returnBorrowedMm(p); // a vfork child leaves its parent's space untouched
  else if (old !== mm) (old as unknown as { release?: () => void }).release?.();
  p.mm = mm;
  const cpu = new Cpu(mm);
  t.setCpu(cpu);
  setRegister(cpu, 4 /* rsp */, image.stackPointer);
  cpu.rip = image.entry;
  // rdx = 0: no function for atexit (the ABI's rtld_fini); every other register starts at 0 too.
  // comm names what was executed (the script, for "#!" files); /proc/PID/exe is the interpreter.
  p.comm = commFromPath(origPath);
  p.exePath = guestPath;
  p.exeDev = opened.dev;
  p.exeIno = opened.ino;
  p.argv = argv;
  p.envp = envp;
  p.layout = {
    startCode: image.startCode, endCode: image.endCode, startData: image.startData, endData: image.endData,
    startBrk: image.brkStart, startStack: image.stackPointer, argStart: image.argStart, argEnd: image.argEnd,
    envStart: image.envStart, envEnd: image.envEnd,
  };
  p.sigactions.resetForExec();
  t.altStack = { sp: 0, flags: 2, size: 0 };
  t.clearChildTid = 0;
  t.robustListHead = 0;
  t.robustListLen = 0;
  t.rseqAddr = 0;
  (p.fds as unknown as { closeOnExec?: () => void }).closeOnExec?.();
  // A vfork parent sleeping until its child lets go of the old image may run again.
  p.vforkDone = true;
  p.didExec = true;
  p.vforkWait.wakeAll();
  for (const fn of k.events.exec) fn(t, k.clock.nowNs());
}

/** Interpreter and optional argument of a "#!" line (first 255 bytes, as Linux reads them). */
export function parseShebang(data: Uint8Array): { interp: string; arg: string | null } {
  const head = data.subarray(2, Math.min(data.length, 256));
  let end = head.indexOf(10);
  if (end < 0) end = head.length;
  let line = "";
  for (let i = 0; i < end; i++) line += String.fromCharCode(head[i]!);
  line = line.replace(/^[ \t]+|[ \t]+$/g, "");
  if (line === "") throw new SyscallError(Errno.ENOEXEC);
  const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(line)!;
  return { interp: m[1]!, arg: m[2] !== undefined && m[2] !== "" ? m[2] : null };
}

function setRegister(cpu: Cpu, r: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  cpu.lo[r] = v - hi * 4294967296;
  cpu.hi[r] = hi;
}
