/** pipe(2) and pipe2(2): two new descriptors joined by a kernel buffer (src/kernel/pipe.ts). */
import { Errno } from "../../abi/errno.js";
import { O_CLOEXEC, O_DIRECT, O_NONBLOCK } from "../../abi/fcntl.js";
import { createPipe } from "../pipe.js";
import type { SyscallHandlers } from "./types.js";
import { fail, handler } from "./fs-common.js";
import type { VfsTask } from "../vfs/task-view.js";

function makePipe(t: VfsTask, fdsAddr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) fail(Errno.EINVAL);
  const owner = { uid: t.process.creds.euid, gid: t.process.creds.egid };
  const now = Math.floor((t.kernel.vfs.options.now?.() ?? t.kernel.host.realtimeMs()) / 1000);
  const [r, w] = createPipe(now, flags & O_NONBLOCK, owner);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const fds = t.process.fds;
  const rfd = fds.install(r, cloexec);
  let wfd: number;
  try {
    wfd = fds.install(w, cloexec);
  } catch (e) {
    fds.close(rfd);
    throw e;
  }
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, rfd, true);
  dv.setInt32(4, wfd, true);
  try {
    t.mm.copyOut(fdsAddr, out);
  } catch (e) {
    fds.close(rfd);
    fds.close(wfd);
    throw e;
  }
  return 0;
}

export const pipeSyscalls: SyscallHandlers = {
  pipe: handler((t, a) => makePipe(t, a.ptr(0), 0)),
  pipe2: handler((t, a) => makePipe(t, a.ptr(0), a.uint(1))),
};
