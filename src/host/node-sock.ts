// UNIX socket files on the host for guest sockets bound to a host path. Node offers no mknod, but
// a listening net.Server makes the socket file synchronously; we give that file the wanted name
// with a hard link (which fails if the name exists, like bind) and close the server, which
// removes only its own temporary name. The guest's socket lives in the machine; the host file is
// just its name.
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as os from "node:os";
import { HostError } from "./types.js";

let serial = 0;
/** Longest sun_path the host accepts, without the NUL. */
const SUN_PATH_MAX = 107;

function tempName(dir: string): string {
  return path.join(dir, `.sysgate-sock-${process.pid}-${serial++}`);
}

export function makeSocketFile(target: string, mode: number): void {
  // EEXIST (and ENOENT/ENOTDIR/EACCES for the directory) before any work.
  if (fs.lstatSync(target, { throwIfNoEntry: false })) throw new HostError(17, "EEXIST");
  const dirs = [path.dirname(target), os.tmpdir()];
  let lastErr: unknown = null;
  for (const dir of dirs) {
    const tmp = tempName(dir);
    if (Buffer.byteLength(tmp) > SUN_PATH_MAX) continue;
    const server = net.createServer();
    server.on("error", () => { /* reported through the file's absence */ });
    try {
      server.listen(tmp);
      const st = fs.lstatSync(tmp, { throwIfNoEntry: false });
      if (!st || !st.isSocket()) continue;
      try {
        fs.linkSync(tmp, target);
        try { fs.chmodSync(target, mode & 0o7777); } catch { /* keep the host's mode */ }
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw new HostError(17, "EEXIST");
        if (code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOENT" || code === "ENOTDIR") {
          throw new HostError(code === "EACCES" ? 13 : code === "EPERM" ? 1 : code === "EROFS" ? 30 : code === "ENOENT" ? 2 : 20, code);
        }
        lastErr = e;
      }
    } finally {
      server.close();
      try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    }
  }
  throw new HostError(lastErr ? 18 : 36, "cannot create a socket file");
}
