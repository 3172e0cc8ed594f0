/** pipe(2) and pipe2(2): two new descriptors joined by a kernel buffer (src/kernel/pipe.ts). */
import { Errno } from "../../abi/errno.js";
import { O_CLOEXEC, O_DIRECT, O_NONBLOCK } from "../../abi/fcntl.js";
import { createPipe } from "../pipe.js";
import type { SyscallHandlers } from "./types.js";
import { fail, handler } from "./fs-common.js";
import type { VfsTask } from "../vfs/task-view.js";
import type { OpenFile } from "../file.js";

function makePipe(t: VfsTask, fdsAddr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) fail(Errno.EINVAL);
  const owner = { uid: t.process.creds.euid, gid: t.process.creds.egid };
  const now = Math.floor((t.kernel.vfs.options.now?.() ?? t.kernel.host.realtimeMs()) / 1000);
  const [r, w] = createPipe(now, flags & O_NONBLOCK, owner);
  installFdPair(t, r, w, (flags & O_CLOEXEC) !== 0, fdsAddr);
  return 0;
}

/**
 * Install two new files (pipe's ends, socketpair's sockets) as the lowest free descriptors and
 * write the pair as int[2] at `addr`. A failure at any step (EMFILE, EFAULT) leaves no descriptor.
 */
export function installFdPair(t: VfsTask, a: OpenFile, b: OpenFile, cloexec: boolean, addr: number): void {
  const fds = t.process.fds;
  const fa = fds.install(a, cloexec);
  let fb: number;
  try {
    fb = fds.install(b, cloexec);
  } catch (e) {
    fds.close(fa);
    throw e;
  }
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, fa, true);
  dv.setInt32(4, fb, true);
  try {
    t.mm.copyOut(addr, out);
  } catch (e) {
    fds.close(fa);
    fds.close(fb);
    throw e;
  }
}

export const pipeSyscalls: SyscallHandlers = {
  pipe: handler((t, a) => makePipe(t, a.ptr(0), 0)),
  pipe2: handler((t, a) => makePipe(t, a.ptr(0), a.uint(1))),
};
