import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SyscallError } from "../../src/abi/syscall-error.js";
import { Vfs } from "../../src/kernel/vfs/vfs.js";
import { fakeHost, tmpdir, E } from "./helpers.js";

function errOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof SyscallError) return e.errno;
    if ((e as { errno?: number }).errno !== undefined) return (e as { errno: number }).errno;
    throw e;
  }
  return 0;
}

function jail(): { root: string; outside: string; vfs: Vfs } {
  const base = tmpdir();
  const root = path.join(base, "root");
  const outside = path.join(base, "secret");
  fs.mkdirSync(root);
  fs.writeFileSync(outside, "top secret\n");
  fs.mkdirSync(path.join(root, "etc"));
  fs.writeFileSync(path.join(root, "etc", "passwd"), "inside\n");
  fs.mkdirSync(path.join(root, "a", "b"), { recursive: true });
  fs.symlinkSync("/etc/passwd", path.join(root, "a", "abs"));
  fs.symlinkSync("../../../../../../secret", path.join(root, "a", "rel"));
  fs.symlinkSync(outside, path.join(root, "a", "hostabs"));
  fs.symlinkSync("/", path.join(root, "a", "slash"));
  fs.symlinkSync("loop2", path.join(root, "loop1"));
  fs.symlinkSync("loop1", path.join(root, "loop2"));
  fs.symlinkSync("b", path.join(root, "a", "bl"));
  fs.writeFileSync(path.join(root, "file"), "f");
  return { root, outside, vfs: new Vfs(fakeHost(), { root }) };
}

test("--root: '..' cannot climb above /", () => {
  const { vfs } = jail();
  const w = vfs.walker(null);
  assert.equal(vfs.resolve(w, "../../etc/passwd", null, true).path, "/etc/passwd");
  assert.equal(vfs.resolve(w, "/a/b/../../../..", null, true).path, "/");
  assert.equal(vfs.resolve(w, "/..", null, true).path, "/");
  assert.equal(errOf(() => vfs.resolve(w, "/../secret", null, true)), E.ENOENT);
});

test("--root: absolute and relative symlinks resolve inside the guest namespace", () => {
  const { vfs } = jail();
  const w = vfs.walker(null);
  const d = vfs.resolve(w, "/a/abs", null, true);
  assert.equal(d.path, "/etc/passwd");
  // ../../../../../../secret from /a: clamps at the guest root → /secret, which does not exist inside.
  assert.equal(errOf(() => vfs.resolve(w, "/a/rel", null, true)), E.ENOENT);
  // A link holding the host's absolute path names a guest path that does not exist.
  assert.equal(errOf(() => vfs.resolve(w, "/a/hostabs", null, true)), E.ENOENT);
  assert.equal(vfs.resolve(w, "/a/slash", null, true).path, "/");
  assert.equal(vfs.resolve(w, "/a/slash/etc/passwd", null, true).path, "/etc/passwd");
  assert.equal(vfs.resolve(w, "/a/bl/../bl", null, true).path, "/a/b");
  // lstat semantics: the link itself.
  assert.ok(vfs.resolve(w, "/a/abs", null, false).node.isSymlink());
});

test("reading through an escaping symlink reads the guest's file, not the host's", () => {
  const { vfs } = jail();
  const w = vfs.walker(null);
  const f = vfs.open(w, "/a/abs", null, 0, 0);
  const buf = new Uint8Array(64);
  const n = f.pread(null as never, buf, 0);
  assert.equal(Buffer.from(buf.subarray(0, n)).toString(), "inside\n");
});

test("ELOOP after 40 links, ENOTDIR, trailing slash rules, ENAMETOOLONG", () => {
  const { vfs } = jail();
  const w = vfs.walker(null);
  assert.equal(errOf(() => vfs.resolve(w, "/loop1", null, true)), E.ELOOP);
  assert.ok(vfs.resolve(w, "/loop1", null, false).node.isSymlink());
  assert.equal(errOf(() => vfs.resolve(w, "/file/x", null, true)), E.ENOTDIR);
  assert.equal(errOf(() => vfs.resolve(w, "/file/", null, true)), E.ENOTDIR);
  assert.equal(vfs.resolve(w, "/a/bl/", null, false).path, "/a/b");
  assert.equal(errOf(() => vfs.resolve(w, "/" + "x".repeat(256), null, true)), E.ENAMETOOLONG);
  assert.equal(errOf(() => vfs.resolve(w, "/a/" + "b/".repeat(2100), null, true)), E.ENAMETOOLONG);
  assert.equal(errOf(() => vfs.resolve(w, "", null, true)), E.ENOENT);
});

test("a chain of 40 symlinks resolves, 41 is ELOOP", () => {
  const { root, vfs } = jail();
  fs.writeFileSync(path.join(root, "l0"), "end");
  for (let i = 1; i <= 41; i++) fs.symlinkSync(`l${i - 1}`, path.join(root, `l${i}`));
  const w = vfs.walker(null);
  assert.equal(vfs.resolve(w, "/l40", null, true).path, "/l0");
  assert.equal(errOf(() => vfs.resolve(w, "/l41", null, true)), E.ELOOP);
});

test("--root mounts: tmpfs /tmp, devfs /dev, procfs /proc, bind mounts, read-only", () => {
  const { root } = jail();
  const extra = tmpdir();
  fs.writeFileSync(path.join(extra, "data"), "bound");
  const vfs = new Vfs(fakeHost(), { root, mounts: [{ hostPath: extra, guestPath: "/mnt/x", readonly: true }] });
  const w = vfs.walker(null);
  assert.equal(vfs.resolve(w, "/tmp", null, true).mount.sb.type, "tmpfs");
  assert.equal(vfs.resolve(w, "/dev/null", null, true).mount.sb.type, "devtmpfs");
  assert.equal(vfs.resolve(w, "/proc/cpuinfo", null, true).mount.sb.type, "proc");
  const d = vfs.resolve(w, "/mnt/x/data", null, true);
  assert.equal(d.path, "/mnt/x/data");
  assert.equal(vfs.resolve(w, "/mnt/x/..", null, true).path, "/mnt");
  assert.equal(errOf(() => vfs.open(w, "/mnt/x/data", null, 1, 0)), E.EROFS);
  assert.equal(errOf(() => vfs.open(w, "/mnt/x/new", null, 0o101, 0o644)), E.EROFS);
  // tmpfs create / read back
  const f = vfs.open(w, "/tmp/hello", null, 0o102, 0o644);
  f.pwrite(null as never, new TextEncoder().encode("hi there"), 0);
  const g = vfs.open(w, "/tmp/hello", null, 0, 0);
  const buf = new Uint8Array(16);
  assert.equal(g.pread(null as never, buf, 0), 8);
  assert.ok(!fs.existsSync(path.join(root, "tmp", "hello")));
});

test("default mode: host paths as they are, /dev and /proc are sysgate's", () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, "x"), "abc");
  const vfs = new Vfs(fakeHost());
  const w = vfs.walker(null);
  const d = vfs.resolve(w, dir + "/x", null, true);
  assert.equal(d.path, dir + "/x");
  assert.equal(d.node.getattr().ino, fs.statSync(path.join(dir, "x")).ino);
  assert.equal(vfs.resolve(w, "/dev/zero", null, true).node.getattr().rdev, (1 << 8) | 5);
  assert.equal(vfs.resolve(w, "/dev/fd", null, false).node.readlink(w), "/proc/self/fd");
});

test("openForExec and lookupExecutable", () => {
  const { root, vfs } = jail();
  fs.mkdirSync(path.join(root, "bin"));
  fs.writeFileSync(path.join(root, "bin", "prog"), "\x7fELF...");
  fs.chmodSync(path.join(root, "bin", "prog"), 0o755);
  fs.writeFileSync(path.join(root, "bin", "noexec"), "x");
  const r = vfs.openForExec(null, "/bin/prog");
  assert.equal(r.guestPath, "/bin/prog");
  assert.equal(Buffer.from(r.data).toString(), "\x7fELF...");
  assert.equal(errOf(() => vfs.openForExec(null, "/bin/noexec")), E.EACCES);
  assert.equal(errOf(() => vfs.openForExec(null, "/bin")), E.EACCES);
  assert.equal(errOf(() => vfs.openForExec(null, "/bin/none")), E.ENOENT);
  assert.equal(vfs.lookupExecutable(null, "prog", "/usr/bin:/bin"), "/bin/prog");
  assert.equal(vfs.lookupExecutable(null, "noexec", "/bin"), null);
  assert.equal(vfs.lookupExecutable(null, "./x", "/bin"), "./x");
});

test("a --root given as a host symlink still is a directory", () => {
  const { root } = jail();
  const link = root + "-link";
  fs.symlinkSync(root, link);
  const vfs = new Vfs(fakeHost(), { root: link });
  const w = vfs.walker(null);
  assert.ok(vfs.rootDentry.node.isDir());
  assert.equal(vfs.resolve(w, "/etc/passwd", null, true).path, "/etc/passwd");
  assert.ok(vfs.resolve(w, "/", null, true).node.getattr().mode & 0o040000);
});
