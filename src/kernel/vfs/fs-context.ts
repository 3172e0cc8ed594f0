// A process's place in the namespace (Linux's fs_struct): its root, its working directory and
// its umask. fork copies it (CLONE_FS shares it).
import type { Dentry } from "./node.js";

export class FsContext {
  constructor(
    public root: Dentry,
    public cwd: Dentry,
    public umask = 0o022,
  ) {}

  clone(): FsContext {
    return new FsContext(this.root, this.cwd, this.umask);
  }
}
