/** timerfd_create, timerfd_settime, timerfd_gettime (src/kernel/timerfd.ts). */
import { Errno } from "../../abi/errno.js";
import { O_CLOEXEC, O_NONBLOCK } from "../../abi/fcntl.js";
import { TimerFdFile } from "../timerfd.js";
import type { Task } from "../task.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { SyscallHandlers } from "./types.js";
import { fail, handler } from "./fs-common.js";
import { readTimespecMs, writeTimeMs } from "../readiness.js";
import { CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM, CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_REALTIME_ALARM, clockNowMs } from "./time.js";

const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

function task(t: VfsTask): Task {
  return t as unknown as Task;
}

function timerOf(t: VfsTask, fd: number): TimerFdFile {
  const f = t.process.fds.file(fd);
  if (!(f instanceof TimerFdFile)) fail(Errno.EINVAL);
  return f;
}

function writeItimer(t: Task, addr: number, valueMs: number, intervalMs: number): void {
  writeTimeMs(t, addr, intervalMs, "ns");
  writeTimeMs(t, addr + 16, valueMs, "ns");
}

export const timerfdSyscalls: SyscallHandlers = {
  timerfd_create: handler((vt, a) => {
    const t = task(vt);
    const id = a.int(0);
    const flags = a.int(1);
    if (flags & ~(O_CLOEXEC | O_NONBLOCK)) fail(Errno.EINVAL);
    if (id !== CLOCK_REALTIME && id !== CLOCK_MONOTONIC && id !== CLOCK_BOOTTIME &&
      id !== CLOCK_REALTIME_ALARM && id !== CLOCK_BOOTTIME_ALARM) fail(Errno.EINVAL);
    if ((id === CLOCK_REALTIME_ALARM || id === CLOCK_BOOTTIME_ALARM) && t.process.creds.euid !== 0) fail(Errno.EPERM);
    const k = t.kernel;
    const f = new TimerFdFile(id, flags & O_NONBLOCK, k.clock, () => k.clock.monotonicMs());
    return t.process.fds.install(f, (flags & O_CLOEXEC) !== 0);
  }),
  timerfd_settime: handler((vt, a) => {
    const t = task(vt);
    const flags = a.int(1);
    const nv = a.ptr(2);
    const ov = a.ptr(3);
    const interval = readTimespecMs(t, nv);
    const value = readTimespecMs(t, nv + 16);
    if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET) || Number.isNaN(interval) || Number.isNaN(value)) {
      fail(Errno.EINVAL);
    }
    const f = timerOf(t, a.int(0));
    const [oldValue, oldInterval] = f.current();
    const mono = t.kernel.clock.monotonicMs();
    let deadline = -1;
    if (value > 0) {
      if (flags & TFD_TIMER_ABSTIME) {
        const base = f.clockId === CLOCK_REALTIME || f.clockId === CLOCK_REALTIME_ALARM ? clockNowMs(t, CLOCK_REALTIME) : mono;
        deadline = Math.max(0, mono + (value - base)); // in the past: expires at once
      } else deadline = mono + value;
    }
    f.set(deadline, interval);
    if (ov !== 0) writeItimer(t, ov, oldValue, oldInterval);
    return 0;
  }),
  timerfd_gettime: handler((vt, a) => {
    const t = task(vt);
    const f = timerOf(t, a.int(0));
    const [value, interval] = f.current();
    writeItimer(t, a.ptr(1), value, interval);
    return 0;
  }),
};
