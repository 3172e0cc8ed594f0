import { test } from "node:test";
import assert from "node:assert/strict";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { FileDescriptorTable } from "../../src/kernel/fdtable.js";
import { BufferFile, zeroStat } from "../../src/kernel/file.js";
import { createTmpfs, TmpDir, TmpFile } from "../../src/kernel/vfs/tmpfs.js";
import { E } from "./helpers.js";

class Tracked extends BufferFile {
  released = 0;
  constructor() {
    super(0, null, new Uint8Array(4), zeroStat(0o100644, 1));
  }
  protected override release(): void {
    this.released++;
  }
}

function errno(fn: () => unknown): number {
  try { fn(); } catch (e) { if (e instanceof SyscallError) return e.errno; throw e; }
  return 0;
}

test("install picks the lowest free fd, honours min and the limit", () => {
  let limit = 4;
  const t = new FileDescriptorTable(() => limit);
  const f = new Tracked();
  assert.equal(t.install(f), 0);
  assert.equal(t.install(f), 1);
  assert.equal(t.install(f, false, 3), 3);
  assert.equal(t.install(f), 2);
  assert.equal(errno(() => t.install(f)), E.EMFILE);
  t.close(1);
  assert.equal(t.install(f), 1);
  limit = 8;
  assert.equal(t.install(f), 4);
  assert.equal(errno(() => t.install(f, false, 8)), E.EMFILE);
  assert.equal(errno(() => t.close(7)), E.EBADF);
  assert.equal(errno(() => t.installAt(8, f)), E.EBADF);
  assert.equal(f.refs, 5);
});

test("refcounts: release runs when the last fd (in any table) closes", () => {
  const t = new FileDescriptorTable();
  const f = new Tracked();
  t.install(f);
  t.install(f);
  const child = t.clone();
  t.closeAll();
  assert.equal(f.released, 0);
  assert.equal(child.get(1), f);
  child.close(0);
  child.close(1);
  assert.equal(f.released, 1);
});

test("installAt replaces (dup2) and cloexec is per descriptor", () => {
  const t = new FileDescriptorTable();
  const a = new Tracked(), b = new Tracked();
  t.install(a);
  t.install(b, true);
  assert.equal(t.getCloexec(1), true);
  t.installAt(1, a);
  assert.equal(b.released, 1);
  assert.equal(t.getCloexec(1), false);
  t.setCloexec(0, true);
  const c = t.clone();
  assert.equal(c.getCloexec(0), true);
  t.closeOnExec();
  assert.equal(t.get(0), null);
  assert.equal(t.get(1), a);
  assert.deepEqual([...c.entries()].map(([fd]) => fd), [0, 1]);
  assert.equal(errno(() => t.getCloexec(5)), E.EBADF);
});

test("tmpfs: create, hard links, rename rules, sizes and times", () => {
  const { sb, root } = createTmpfs(() => 1_700_000_000_123);
  const ctx = { task: null, creds: null };
  const f = root.createFile(ctx, "a", 0o644);
  f.writeAt(0, new Uint8Array([1, 2, 3]));
  f.writeAt(10, new Uint8Array([9]));
  assert.equal(f.size, 11);
  const buf = new Uint8Array(11);
  assert.equal(f.readAt(0, buf), 11);
  assert.deepEqual([...buf], [1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 9]);
  assert.equal(f.getattr().mtimeSec, 1_700_000_000);
  assert.equal(f.getattr().mtimeNsec, 123_000_000);
  root.link(ctx, "b", f);
  assert.equal(f.nlink, 2);
  root.mkdir(ctx, "d", 0o755);
  assert.equal(root.nlink, 3);
  const d = root.lookup(ctx, "d") as TmpDir;
  assert.equal(errno(() => root.rename(ctx, "a", root, "d", 0)), E.EISDIR);
  assert.equal(errno(() => root.rename(ctx, "d", root, "a", 0)), E.ENOTDIR);
  root.rename(ctx, "a", d, "moved", 0);
  assert.equal(d.lookup(ctx, "moved"), f);
  assert.equal(errno(() => root.rmdir(ctx, "d")), E.ENOTEMPTY);
  d.unlink(ctx, "moved");
  root.unlink(ctx, "b");
  assert.equal(f.nlink, 0);
  root.rmdir(ctx, "d");
  assert.equal(root.nlink, 2);
  assert.equal(errno(() => root.unlink(ctx, "zzz")), E.ENOENT);
  f.resize(2);
  assert.equal(f.getattr().size, 2);
  assert.ok(f instanceof TmpFile);
  assert.equal(sb.type, "tmpfs");
});
