/**
 * Wait queues: the one way a task sleeps. A syscall handler that cannot finish now calls
 * `task.sleepOn(queue)` (or several queues) and returns BLOCK. The gate then parks the task in
 * state S with its syscall still pending; when any queue it sleeps on is woken, the scheduler runs
 * the same handler again with the same arguments. So handlers are written as "try once": they
 * either finish (result or -errno) or register and return BLOCK.
 */
export const BLOCK = -0x7fff_0000;

export interface Sleeper {
  /** `key`: the POLL* bits the wake-up is about, when the waker says (epoll's edge triggers). */
  wake(key?: number): void;
}

export class WaitQueue {
  private sleepers: Sleeper[] = [];

  add(s: Sleeper): void {
    if (!this.sleepers.includes(s)) this.sleepers.push(s);
  }

  remove(s: Sleeper): void {
    const i = this.sleepers.indexOf(s);
    if (i >= 0) this.sleepers.splice(i, 1);
  }

  /** Wake every sleeper; each one re-tries its call. `key`: see Sleeper.wake. */
  wakeAll(key?: number): void {
    if (this.sleepers.length === 0) return;
    const list = this.sleepers;
    this.sleepers = [];
    for (const s of list) s.wake(key);
  }

  get size(): number {
    return this.sleepers.length;
  }
}
