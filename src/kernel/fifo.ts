/**
 * FIFOs (named pipes). Every open of the same FIFO node (same st_dev and st_ino, in tmpfs or on the
 * host) inside one machine shares one in-machine Pipe, made at the first open and dropped when the
 * last end closes (unread bytes go with it, as on Linux).
 *
 * open: O_RDONLY waits until some writer has opened since it began waiting (and O_WRONLY waits for
 * a reader); O_NONBLOCK readers never wait; O_NONBLOCK writers without a reader fail with ENXIO;
 * O_RDWR never waits. A waiting open is "try once": its end stays registered (counted) in a
 * per-task record, the handler returns BLOCK (thrown as SyscallError(-BLOCK), which the syscall
 * wrappers turn into BLOCK), and the re-run picks the record up.
 */
import { Errno } from "../abi/errno.js";
import { SyscallError } from "../abi/syscall-error.js";
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from "../abi/fcntl.js";
import { OpenFile, POLLHUP } from "./file.js";
import { Pipe, PipeEnd } from "./pipe.js";
import { BLOCK } from "./wait.js";
import type { Dentry, Stat } from "./vfs/node.js";
import type { SpecialOpener, Walker } from "./vfs/vfs.js";
import type { VfsTask } from "./vfs/task-view.js";
import type { Task } from "./task.js";

interface FifoState {
  readonly key: string;
  readonly pipe: Pipe;
  /** How many read (write) opens there have been: a waiting opener waits for these to move. */
  rCounter: number;
  wCounter: number;
  /** Opens parked until a partner comes (their ends already count as readers/writers). */
  readonly waiting: Map<Task, FifoEnd>;
}

class FifoEnd extends PipeEnd {
  /** A non-blocking reader opened before any writer: no POLLHUP until a writer has come. */
  hupAfter = -1;

  constructor(
    readonly state: FifoState,
    flags: number,
    owner: { uid: number; gid: number },
    dentry: Dentry,
    private readonly registry: Map<string, FifoState>,
  ) {
    super(state.pipe, flags, owner);
    this.dentry = dentry;
  }
  override path(): string {
    return OpenFile.prototype.path.call(this);
  }
  override stat(): Stat {
    return this.dentry!.node.getattr();
  }
  override poll(t: VfsTask): number {
    let m = super.poll(t);
    if (this.hupAfter >= 0 && this.state.wCounter === this.hupAfter) m &= ~POLLHUP;
    return m;
  }
  protected override release(): void {
    super.release();
    const p = this.state.pipe;
    if (p.readers === 0 && p.writers === 0 && this.registry.get(this.state.key) === this.state) {
      this.registry.delete(this.state.key);
    }
  }
}

interface Pending {
  end: FifoEnd;
  /** The partner counter seen when the wait began. */
  seen: number;
}

/** The opener to install as Vfs.specialOpen (one registry per machine). */
export function fifoOpener(): SpecialOpener {
  const registry = new Map<string, FifoState>();
  const pending = new WeakMap<object, Pending>();

  const drop = (p: Pending): void => {
    p.end.get();
    p.end.put();
  };

  /**
   * Forget parked opens whose task no longer waits in that open (interrupted by a signal, or dead):
   * their ends must stop counting as a partner.
   */
  const sweep = (s: FifoState): void => {
    for (const [task, end] of s.waiting) {
      if (task.syscallPending) continue;
      s.waiting.delete(task);
      const p = pending.get(task);
      if (p && p.end === end) pending.delete(task);
      drop({ end, seen: 0 });
    }
  };

  return (w: Walker, d: Dentry, flags: number): OpenFile => {
    const st = d.node.getattr();
    const key = `${st.dev}:${st.ino}`;
    const task = w.task as unknown as Task | null;
    if (task) {
      const p = pending.get(task);
      if (p) {
        pending.delete(task);
        p.end.state.waiting.delete(task);
        if (task.syscallRerun && p.end.state.key === key && registry.get(key) === p.end.state) {
          const s = p.end.state;
          const now = p.end.readable ? s.wCounter : s.rCounter;
          if (now !== p.seen) return p.end;
          pending.set(task, p);
          s.waiting.set(task, p.end);
          task.sleepOn(s.pipe.queue);
          throw new SyscallError(-BLOCK);
        }
        drop(p);
      }
    }
    let s = registry.get(key);
    if (!s) {
      s = { key, pipe: new Pipe(Math.floor(st.mtimeSec)), rCounter: 0, wCounter: 0, waiting: new Map() };
      registry.set(key, s);
    }
    if (s.waiting.size > 0) sweep(s);
    if (registry.get(key) !== s) {
      s = { key, pipe: new Pipe(Math.floor(st.mtimeSec)), rCounter: 0, wCounter: 0, waiting: new Map() };
      registry.set(key, s);
    }
    const acc = flags & O_ACCMODE;
    const pipe = s.pipe;
    if (acc === O_WRONLY && flags & O_NONBLOCK && pipe.readers === 0) {
      if (pipe.writers === 0) registry.delete(key);
      throw new SyscallError(Errno.ENXIO);
    }
    if (acc !== O_RDONLY && acc !== O_WRONLY && acc !== O_RDWR) throw new SyscallError(Errno.EINVAL);
    const owner = w.creds ? { uid: w.creds.fsuid, gid: w.creds.fsgid } : { uid: 0, gid: 0 };
    const end = new FifoEnd(s, flags & ~O_ACCMODE | acc, owner, d, registry);
    if (end.readable) s.rCounter++;
    if (end.writable) s.wCounter++;
    pipe.queue.wakeAll();
    if (acc === O_RDWR) return end;
    const partners = acc === O_RDONLY ? pipe.writers : pipe.readers;
    if (partners > 0) return end;
    if (acc === O_RDONLY && flags & O_NONBLOCK) {
      end.hupAfter = s.wCounter;
      return end;
    }
    if (!task) {
      drop({ end, seen: 0 });
      throw new SyscallError(Errno.ENXIO);
    }
    pending.set(task, { end, seen: acc === O_RDONLY ? s.wCounter : s.rCounter });
    s.waiting.set(task, end);
    task.sleepOn(pipe.queue);
    throw new SyscallError(-BLOCK);
  };
}
