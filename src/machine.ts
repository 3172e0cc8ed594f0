/**
 * Machine: the library's front door, independent of where it runs. Give it a Host (files, stdio,
 * clocks) and it runs a static x86-64 Linux program inside a fresh kernel:
 *
 *   const m = new Machine(host, { root: "/srv/guest" });
 *   m.kernel.events.on(...)            // watch every crossing of the gate
 *   const st = await m.run("/bin/busybox", ["busybox", "echo", "hi"], ["PATH=/bin"]);
 *   st.exitCode                        // 0..255, or 128+N when signal N ended it
 *
 * src/index.ts adds the Node.js host; a browser build uses this module with its own Host.
 */
import type { Host } from "./host/types.js";
import { Kernel, type KernelOptions } from "./kernel/kernel.js";
import type { ClockMode } from "./kernel/clock.js";

export interface MountSpec {
  hostPath: string;
  guestPath: string;
  readonly: boolean;
}

export interface MachineOptions {
  /** A host directory that becomes the guest's "/" (with an in-memory /tmp). Default: the host's own "/". */
  root?: string;
  /** Host directories bound into the guest's tree. */
  mounts?: MountSpec[];
  /** Cap on guest memory in bytes (frames actually allocated). */
  memoryLimit?: number;
  /**
   * Working directory of the first program, a guest path. Default: the host's own working
   * directory when the guest sees the host's tree (no `root`), else "/".
   */
  cwd?: string;
  /** Map the vDSO (default true); false: time calls become ordinary system calls. */
  vdso?: boolean;
  /** Clock policy: the host's (default), a fixed start time, or deterministic. */
  clock?: ClockMode;
}

/** How a program ended. */
export interface ExitStatus {
  /** What a shell would report as $?: the exit code, or 128+N when signal N ended the program. */
  exitCode: number;
  /** The signal that ended the program, or 0 if it exited. */
  signal: number;
  /** The raw wait(2) status word. */
  status: number;
}

/** Decode a wait(2) status word into an ExitStatus. */
export function decodeWaitStatus(status: number): ExitStatus {
  const sig = status & 0x7f;
  if (sig === 0) return { exitCode: (status >> 8) & 0xff, signal: 0, status };
  return { exitCode: 128 + sig, signal: sig, status };
}

export class Machine {
  readonly kernel: Kernel;

  constructor(readonly host: Host, opts: MachineOptions = {}) {
    const kopts: KernelOptions = {
      root: opts.root,
      mounts: opts.mounts,
      memoryLimit: opts.memoryLimit,
      vdso: opts.vdso,
      clock: opts.clock,
      cwd: opts.cwd ?? (opts.root === undefined ? host.cwd : undefined) ?? "/",
    };
    this.kernel = new Kernel(host, kopts);
  }

  /** Events of the kernel (syscall enter/exit, signals, exits) for tracers and viewers. */
  get events() {
    return this.kernel.events;
  }

  /**
   * Run `path` (a guest path) with `argv` and `envp` until its first process ends. Throws a
   * MachineError with a one-line message when the program cannot be started.
   */
  async run(path: string, argv: string[], envp: string[]): Promise<ExitStatus> {
    this.kernel.spawn(path, argv, envp);
    const status = await this.kernel.run();
    return decodeWaitStatus(status);
  }
}
