import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeRig, tmpdir, E } from "./helpers.js";
import { BLOCK } from "../../src/kernel/wait.js";

const AT_FDCWD = -100;
const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000, O_PATH = 0o10000000;

function setup(opts: { root?: boolean; tty?: boolean } = {}) {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, "hello.txt"), "hello world\n");
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "sub", "inner"), "x");
  fs.symlinkSync("hello.txt", path.join(dir, "link"));
  fs.symlinkSync("nowhere", path.join(dir, "dangling"));
  const rig = opts.root ? makeRig({ root: dir }, { tty: opts.tty }) : makeRig({}, { cwd: dir, tty: opts.tty });
  return { dir, ...rig };
}

test("open/read/write/lseek/close on host files", () => {
  const { call, mem, dir } = setup();
  const fd = call("openat", AT_FDCWD, mem.str("hello.txt"), O_RDONLY, 0);
  assert.equal(fd, 3);
  const buf = mem.alloc(64);
  assert.equal(call("read", fd, buf, 5), 5);
  assert.equal(mem.text(buf, 5), "hello");
  assert.equal(call("lseek", fd, 0, 1), 5);
  assert.equal(call("lseek", fd, -1, 2), 11);
  assert.equal(call("lseek", fd, -100, 0), -E.EINVAL);
  assert.equal(call("lseek", fd, 0, 9), -E.EINVAL);
  assert.equal(call("pread64", fd, buf, 5, 6), 5);
  assert.equal(mem.text(buf, 5), "world");
  assert.equal(call("write", fd, buf, 1), -E.EBADF);
  assert.equal(call("pread64", fd, buf, 5, -1), -E.EINVAL);
  assert.equal(call("close", fd), 0);
  assert.equal(call("close", fd), -E.EBADF);
  assert.equal(call("read", fd, buf, 1), -E.EBADF);
  // create, write, append
  const w = call("open", mem.str(dir + "/new.txt"), O_CREAT | O_WRONLY | O_EXCL, 0o640);
  assert.ok(w >= 3);
  const data = mem.str("abcdef");
  assert.equal(call("write", w, data, 6), 6);
  assert.equal(call("pwrite64", w, data, 2, 1), 2);
  assert.equal(fs.readFileSync(path.join(dir, "new.txt"), "utf8"), "aabdef");
  assert.equal(fs.statSync(path.join(dir, "new.txt")).mode & 0o777, 0o640 & ~0o022);
  assert.equal(call("open", mem.str(dir + "/new.txt"), O_CREAT | O_EXCL | O_WRONLY, 0o644), -E.EEXIST);
  const ap = call("open", mem.str("new.txt"), O_WRONLY | O_APPEND, 0);
  assert.equal(call("write", ap, mem.str("Z"), 1), 1);
  assert.equal(fs.readFileSync(path.join(dir, "new.txt"), "utf8"), "aabdefZ");
  const c = call("creat", mem.str("c.txt"), 0o600);
  assert.ok(c > 0);
  assert.equal(call("read", c, buf, 1), -E.EBADF);
});

test("open error paths", () => {
  const { call, mem, dir } = setup();
  assert.equal(call("open", mem.str("missing"), O_RDONLY, 0), -E.ENOENT);
  assert.equal(call("open", mem.str("hello.txt/x"), O_RDONLY, 0), -E.ENOTDIR);
  assert.equal(call("open", mem.str("sub"), O_WRONLY, 0), -E.EISDIR);
  assert.equal(call("open", mem.str("sub"), O_CREAT | O_RDONLY, 0o644), -E.EISDIR);
  assert.equal(call("open", mem.str("hello.txt"), O_DIRECTORY, 0), -E.ENOTDIR);
  assert.equal(call("open", mem.str("link"), O_NOFOLLOW, 0), -E.ELOOP);
  assert.ok(call("open", mem.str("link"), O_NOFOLLOW | O_PATH, 0) > 0);
  assert.equal(call("open", mem.str("x".repeat(300)), O_RDONLY, 0), -E.ENAMETOOLONG);
  assert.equal(call("open", 0x10, O_RDONLY, 0), -E.EFAULT);
  assert.equal(call("open", mem.str(""), O_RDONLY, 0), -E.ENOENT);
  assert.equal(call("openat", 99, mem.str("hello.txt"), O_RDONLY, 0), -E.EBADF);
  const f = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  assert.equal(call("openat", f, mem.str("x"), O_RDONLY, 0), -E.ENOTDIR);
  const d = call("open", mem.str("sub"), O_RDONLY | O_DIRECTORY, 0);
  const g = call("openat", d, mem.str("inner"), O_RDONLY, 0);
  assert.ok(g > 0);
  // O_CREAT through a dangling symlink creates the target.
  const h = call("open", mem.str("dangling"), O_CREAT | O_WRONLY, 0o644);
  assert.ok(h > 0);
  assert.ok(fs.existsSync(path.join(dir, "nowhere")));
  fs.chmodSync(path.join(dir, "sub"), 0o000);
  if (process.getuid && process.getuid() !== 0) {
    assert.equal(call("open", mem.str("sub/inner"), O_RDONLY, 0), -E.EACCES);
  }
  fs.chmodSync(path.join(dir, "sub"), 0o755);
});

test("EMFILE at RLIMIT_NOFILE, dup/dup2/dup3, fcntl", () => {
  const { call, mem, t } = setup();
  const p = mem.str("hello.txt");
  const fds: number[] = [];
  for (;;) {
    const r = call("open", p, O_RDONLY, 0);
    if (r < 0) {
      assert.equal(r, -E.EMFILE);
      break;
    }
    fds.push(r);
  }
  assert.equal(fds.at(-1), 63);
  for (const fd of fds.slice(1)) call("close", fd);
  const a = fds[0]!;
  const b = call("dup", a);
  assert.equal(b, 4);
  // shared offset
  const buf = mem.alloc(16);
  call("read", a, buf, 3);
  assert.equal(call("lseek", b, 0, 1), 3);
  assert.equal(call("dup2", a, 10), 10);
  assert.equal(call("dup2", a, a), a);
  assert.equal(call("dup2", 50, 11), -E.EBADF);
  assert.equal(call("dup2", a, 64), -E.EBADF);
  assert.equal(call("dup3", a, a, 0), -E.EINVAL);
  assert.equal(call("dup3", a, 12, 1), -E.EINVAL);
  assert.equal(call("dup3", a, 12, O_CLOEXEC), 12);
  assert.equal(call("fcntl", 12, 1, 0), 1);
  assert.equal(call("fcntl", 10, 1, 0), 0);
  assert.equal(call("fcntl", 10, 2, 1), 0);
  assert.equal(call("fcntl", 10, 1, 0), 1);
  assert.equal(call("fcntl", a, 0, 20), 20);
  assert.equal(call("fcntl", a, 1030, 20), 21);
  assert.equal(call("fcntl", 21, 1, 0), 1);
  assert.equal(call("fcntl", a, 0, 64), -E.EINVAL);
  assert.equal(call("fcntl", a, 0, -1), -E.EINVAL);
  assert.equal(call("fcntl", a, 3, 0) & 3, O_RDONLY);
  assert.equal(call("fcntl", a, 4, O_NONBLOCK | O_APPEND), 0);
  assert.equal(call("fcntl", b, 3, 0) & (O_NONBLOCK | O_APPEND), O_NONBLOCK | O_APPEND);
  assert.equal(call("fcntl", a, 9999, 0), -E.EINVAL);
  assert.equal(call("fcntl", 77, 1, 0), -E.EBADF);
  // locks: no conflicts
  const fl = mem.alloc(32);
  mem.copyOut(fl, new Uint8Array([1, 0, 0, 0]));
  assert.equal(call("fcntl", a, 5, fl), 0);
  assert.equal(mem.u32(fl) & 0xffff, 2);
  mem.copyOut(fl, new Uint8Array([0, 0, 0, 0]));
  assert.equal(call("fcntl", a, 6, fl), 0);
  mem.copyOut(fl, new Uint8Array([1, 0, 0, 0]));
  assert.equal(call("fcntl", a, 6, fl), -E.EBADF);
  mem.copyOut(fl, new Uint8Array([9, 0, 0, 0]));
  assert.equal(call("fcntl", a, 6, fl), -E.EINVAL);
  // close-on-exec
  t.process.fds.closeOnExec();
  assert.equal(t.process.fds.get(12), null);
  assert.equal(t.process.fds.get(21), null);
  assert.notEqual(t.process.fds.get(20), null);
  assert.equal(call("flock", a, 2), 0);
  assert.equal(call("flock", a, 99), -E.EINVAL);
});

test("stat, lstat, fstat, newfstatat, statx layouts", () => {
  const { call, mem, dir } = setup();
  const st = mem.alloc(144);
  assert.equal(call("stat", mem.str("link"), st), 0);
  const host = fs.statSync(path.join(dir, "hello.txt"));
  assert.equal(mem.u64(st + 8), host.ino);
  assert.equal(mem.u32(st + 24), host.mode);
  assert.equal(mem.u64(st + 48), 12);
  assert.equal(mem.u64(st + 88), Math.floor(host.mtimeMs / 1000));
  assert.equal(call("lstat", mem.str("link"), st), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o120000);
  assert.equal(mem.u64(st + 48), 9);
  assert.equal(call("stat", mem.str("nope"), st), -E.ENOENT);
  assert.equal(call("stat", mem.str("hello.txt"), 8), -E.EFAULT);
  assert.equal(call("fstat", 1, st), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o010000);
  assert.equal(call("fstat", 55, st), -E.EBADF);
  const fd = call("open", mem.str("sub"), O_RDONLY, 0);
  assert.equal(call("newfstatat", fd, mem.str("inner"), st, 0), 0);
  assert.equal(mem.u64(st + 48), 1);
  assert.equal(call("newfstatat", fd, mem.str(""), st, 0), -E.ENOENT);
  assert.equal(call("newfstatat", fd, mem.str(""), st, 0x1000), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o040000);
  assert.equal(call("newfstatat", AT_FDCWD, mem.str("link"), st, 0x100), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o120000);
  assert.equal(call("newfstatat", AT_FDCWD, mem.str("link"), st, 0x4), -E.EINVAL);
  const sx = mem.alloc(256);
  assert.equal(call("statx", AT_FDCWD, mem.str("hello.txt"), 0, 0xfff, sx), 0);
  assert.equal(mem.u32(sx) & 0x7ff, 0x7ff);
  assert.equal(mem.u64(sx + 40), 12);
  assert.equal(mem.u64(sx + 32), host.ino);
  assert.equal(new DataView(mem.bytes.buffer).getUint16(sx - 0x10000 + 28, true), host.mode);
  assert.equal(call("statx", AT_FDCWD, mem.str("hello.txt"), 0, 0x80000000, sx), -E.EINVAL);
  assert.equal(call("statx", AT_FDCWD, mem.str("hello.txt"), 0x6000, 0x7ff, sx), -E.EINVAL);
});

test("getdents64 lists names, . and .., with d_type; ENOTDIR and EINVAL", () => {
  const { call, mem } = setup();
  const fd = call("open", mem.str("."), O_RDONLY | O_DIRECTORY, 0);
  const buf = mem.alloc(4096);
  const n = call("getdents64", fd, buf, 4096);
  assert.ok(n > 0);
  const names = new Map<string, number>();
  for (let o = 0; o < n; ) {
    const reclen = mem.u32(buf + o + 16) & 0xffff;
    const type = mem.bytes[buf - 0x10000 + o + 18]!;
    let end = o + 19;
    while (mem.bytes[buf - 0x10000 + end] !== 0) end++;
    names.set(mem.text(buf + o + 19, end - o - 19), type);
    assert.equal(reclen % 8, 0);
    o += reclen;
  }
  assert.deepEqual([...names.keys()].sort(), [".", "..", "dangling", "hello.txt", "link", "sub"]);
  assert.equal(names.get("sub"), 4);
  assert.equal(names.get("link"), 10);
  assert.equal(names.get("hello.txt"), 8);
  assert.equal(call("getdents64", fd, buf, 4096), 0);
  assert.equal(call("lseek", fd, 0, 0), 0);
  assert.equal(call("getdents64", fd, buf, 10), -E.EINVAL);
  assert.ok(call("getdents", fd, buf, 4096) > 0);
  const f = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  assert.equal(call("getdents64", f, buf, 4096), -E.ENOTDIR);
  assert.equal(call("read", fd, buf, 10), -E.EISDIR);
});

test("cwd: getcwd ERANGE, chdir, fchdir", () => {
  const { call, mem, dir } = setup();
  const buf = mem.alloc(4096);
  assert.equal(call("getcwd", buf, 4096), dir.length + 1);
  assert.equal(mem.text(buf, dir.length), dir);
  assert.equal(call("getcwd", buf, 3), -E.ERANGE);
  assert.equal(call("chdir", mem.str("sub")), 0);
  call("getcwd", buf, 4096);
  assert.equal(mem.text(buf, dir.length + 4), dir + "/sub");
  assert.equal(call("chdir", mem.str("inner")), -E.ENOTDIR);
  assert.equal(call("chdir", mem.str("none")), -E.ENOENT);
  const fd = call("open", mem.str(".."), O_RDONLY, 0);
  assert.equal(call("fchdir", fd), 0);
  assert.equal(call("getcwd", buf, 4096), dir.length + 1);
  const f = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  assert.equal(call("fchdir", f), -E.ENOTDIR);
  assert.equal(call("fchdir", 99), -E.EBADF);
});

test("mkdir, rmdir, unlink, rename, link, symlink, readlink with their errors", () => {
  const { call, mem, dir } = setup();
  assert.equal(call("mkdir", mem.str("d1"), 0o755), 0);
  assert.equal(call("mkdir", mem.str("d1"), 0o755), -E.EEXIST);
  assert.equal(call("mkdir", mem.str("nope/d"), 0o755), -E.ENOENT);
  assert.equal(call("mkdir", mem.str("hello.txt/d"), 0o755), -E.ENOTDIR);
  assert.equal(call("mkdirat", AT_FDCWD, mem.str("d1/d2/"), 0o700), 0);
  assert.equal(fs.statSync(path.join(dir, "d1/d2")).mode & 0o777, 0o700);
  assert.equal(call("rmdir", mem.str("d1")), -E.ENOTEMPTY);
  assert.equal(call("rmdir", mem.str("hello.txt")), -E.ENOTDIR);
  assert.equal(call("rmdir", mem.str(".")), -E.EINVAL);
  assert.equal(call("rmdir", mem.str("d1/d2")), 0);
  assert.equal(call("unlink", mem.str("d1")), -E.EISDIR);
  assert.equal(call("unlink", mem.str("missing")), -E.ENOENT);
  assert.equal(call("unlink", mem.str("hello.txt/")), -E.ENOTDIR);
  assert.equal(call("unlinkat", AT_FDCWD, mem.str("d1"), 0x200), 0);
  assert.equal(call("unlinkat", AT_FDCWD, mem.str("d1"), 0x1), -E.EINVAL);
  // symlink/readlink
  assert.equal(call("symlink", mem.str("target/path"), mem.str("sl")), 0);
  assert.equal(call("symlink", mem.str("x"), mem.str("sl")), -E.EEXIST);
  assert.equal(call("symlink", mem.str(""), mem.str("sl2")), -E.ENOENT);
  const buf = mem.alloc(64);
  assert.equal(call("readlink", mem.str("sl"), buf, 64), 11);
  assert.equal(mem.text(buf, 11), "target/path");
  assert.equal(call("readlink", mem.str("sl"), buf, 3), 3);
  assert.equal(call("readlink", mem.str("hello.txt"), buf, 64), -E.EINVAL);
  assert.equal(call("readlink", mem.str("sl"), buf, 0), -E.EINVAL);
  assert.equal(call("readlinkat", AT_FDCWD, mem.str("nope"), buf, 64), -E.ENOENT);
  // link
  assert.equal(call("link", mem.str("hello.txt"), mem.str("hard")), 0);
  assert.equal(fs.statSync(path.join(dir, "hard")).ino, fs.statSync(path.join(dir, "hello.txt")).ino);
  assert.equal(call("link", mem.str("hello.txt"), mem.str("hard")), -E.EEXIST);
  assert.equal(call("link", mem.str("sub"), mem.str("hard2")), -E.EPERM);
  assert.equal(call("link", mem.str("hello.txt"), mem.str("/dev/shm/x")), -E.EXDEV);
  assert.equal(call("linkat", AT_FDCWD, mem.str("link"), AT_FDCWD, mem.str("hl"), 0x400), 0);
  assert.ok(fs.lstatSync(path.join(dir, "hl")).isFile());
  // rename
  assert.equal(call("rename", mem.str("hard"), mem.str("moved")), 0);
  assert.ok(fs.existsSync(path.join(dir, "moved")));
  assert.equal(call("rename", mem.str("hard"), mem.str("x")), -E.ENOENT);
  assert.equal(call("rename", mem.str("moved"), mem.str("/dev/shm/m")), -E.EXDEV);
  assert.equal(call("rename", mem.str("sub"), mem.str("sub/deeper")), -E.EINVAL);
  assert.equal(call("rename", mem.str("sub"), mem.str("moved")), -E.ENOTDIR);
  assert.equal(call("rename", mem.str("moved"), mem.str("sub")), -E.EISDIR);
  assert.equal(call("renameat2", AT_FDCWD, mem.str("moved"), AT_FDCWD, mem.str("hello.txt"), 1), -E.EEXIST);
  assert.equal(call("renameat2", AT_FDCWD, mem.str("moved"), AT_FDCWD, mem.str("hello.txt"), 3), -E.EINVAL);
  assert.equal(call("renameat2", AT_FDCWD, mem.str("moved"), AT_FDCWD, mem.str("fresh"), 1), 0);
  fs.mkdirSync(path.join(dir, "full"));
  fs.writeFileSync(path.join(dir, "full", "f"), "");
  fs.mkdirSync(path.join(dir, "empty"));
  assert.equal(call("rename", mem.str("empty"), mem.str("full")), -E.ENOTEMPTY);
  assert.equal(call("rename", mem.str("full"), mem.str("empty")), 0);
});

test("tmpfs via syscalls: /dev/shm create, rename exchange, rmdir, unlink", () => {
  const { call, mem } = setup();
  const fd = call("open", mem.str("/dev/shm/a"), O_CREAT | O_RDWR, 0o600);
  assert.ok(fd > 0);
  assert.equal(call("write", fd, mem.str("AAAA"), 4), 4);
  assert.equal(call("ftruncate", fd, 2), 0);
  const st = mem.alloc(144);
  assert.equal(call("fstat", fd, st), 0);
  assert.equal(mem.u64(st + 48), 2);
  assert.equal(call("ftruncate", fd, -1), -E.EINVAL);
  assert.equal(call("mkdir", mem.str("/dev/shm/d"), 0o755), 0);
  const b = call("open", mem.str("/dev/shm/b"), O_CREAT | O_WRONLY, 0o600);
  call("write", b, mem.str("B"), 1);
  assert.equal(call("renameat2", AT_FDCWD, mem.str("/dev/shm/a"), AT_FDCWD, mem.str("/dev/shm/b"), 2), 0);
  const r = call("open", mem.str("/dev/shm/a"), O_RDONLY, 0);
  const buf = mem.alloc(8);
  assert.equal(call("read", r, buf, 8), 1);
  assert.equal(mem.text(buf, 1), "B");
  assert.equal(call("rmdir", mem.str("/dev/shm/b")), -E.ENOTDIR);
  assert.equal(call("unlink", mem.str("/dev/shm/b")), 0);
  assert.equal(call("rmdir", mem.str("/dev/shm/d")), 0);
  assert.equal(call("rmdir", mem.str("/proc")), -E.EBUSY);
  assert.equal(call("rmdir", mem.str("/dev/shm/nothing")), -E.ENOENT);
  assert.equal(call("mkdir", mem.str("/proc/x"), 0o755), -E.ENOENT);
});

test("access, chmod, chown, truncate, umask, utimensat", () => {
  const { call, mem, dir } = setup();
  assert.equal(call("access", mem.str("hello.txt"), 4), 0);
  assert.equal(call("access", mem.str("hello.txt"), 1), -E.EACCES);
  assert.equal(call("access", mem.str("missing"), 0), -E.ENOENT);
  assert.equal(call("access", mem.str("hello.txt"), 8), -E.EINVAL);
  assert.equal(call("faccessat2", AT_FDCWD, mem.str("hello.txt"), 4, 0x8000), -E.EINVAL);
  assert.equal(call("chmod", mem.str("hello.txt"), 0o751), 0);
  assert.equal(fs.statSync(path.join(dir, "hello.txt")).mode & 0o777, 0o751);
  assert.equal(call("access", mem.str("hello.txt"), 1), 0);
  const fd = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  assert.equal(call("fchmod", fd, 0o644), 0);
  assert.equal(call("fchmod", 99, 0o644), -E.EBADF);
  assert.equal(call("fchmodat", AT_FDCWD, mem.str("missing"), 0o644), -E.ENOENT);
  assert.equal(call("chown", mem.str("hello.txt"), -1, -1), 0);
  assert.equal(call("lchown", mem.str("link"), -1, -1), 0);
  assert.equal(call("fchownat", AT_FDCWD, mem.str("hello.txt"), -1, -1, 0x4), -E.EINVAL);
  if (process.getuid && process.getuid() !== 0) assert.equal(call("chown", mem.str("hello.txt"), 0, 0), -E.EPERM);
  assert.equal(call("truncate", mem.str("hello.txt"), 5), 0);
  assert.equal(fs.readFileSync(path.join(dir, "hello.txt"), "utf8"), "hello");
  assert.equal(call("truncate", mem.str("sub"), 0), -E.EISDIR);
  assert.equal(call("truncate", mem.str("hello.txt"), -1), -E.EINVAL);
  assert.equal(call("ftruncate", fd, 0), -E.EINVAL);
  assert.equal(call("umask", 0o077), 0o022);
  assert.equal(call("umask", 0o022), 0o077);
  const ts = mem.alloc(32);
  const dv = new DataView(mem.bytes.buffer, ts - 0x10000, 32);
  dv.setUint32(0, 1000000000, true); dv.setUint32(8, 5, true);
  dv.setUint32(16, 1200000000, true); dv.setUint32(24, 0, true);
  assert.equal(call("utimensat", AT_FDCWD, mem.str("hello.txt"), ts, 0), 0);
  assert.equal(Math.floor(fs.statSync(path.join(dir, "hello.txt")).mtimeMs / 1000), 1200000000);
  dv.setUint32(8, 2_000_000_000, true);
  assert.equal(call("utimensat", AT_FDCWD, mem.str("hello.txt"), ts, 0), -E.EINVAL);
  assert.equal(call("utimensat", AT_FDCWD, mem.str("hello.txt"), 0, 0), 0);
  const sf = mem.alloc(120);
  assert.equal(call("statfs", mem.str("/proc"), sf), 0);
  assert.equal(mem.u64(sf), 0x9fa0);
  assert.equal(call("fstatfs", fd, sf), 0);
  assert.equal(call("fsync", fd), 0);
  assert.equal(call("fsync", 1), -E.EINVAL);
  assert.equal(call("fadvise64", fd, 0, 0, 9), -E.EINVAL);
  assert.equal(call("fadvise64", fd, 0, 0, 0), 0);
});

test("readv/writev/preadv/pwritev, sendfile, copy_file_range", () => {
  const { call, mem, dir } = setup();
  const fd = call("open", mem.str("v.txt"), O_CREAT | O_RDWR, 0o644);
  const iov = mem.alloc(32);
  const a = mem.str("abc"), b = mem.str("defg");
  const dv = new DataView(mem.bytes.buffer, iov - 0x10000, 32);
  dv.setUint32(0, a, true); dv.setUint32(8, 3, true);
  dv.setUint32(16, b, true); dv.setUint32(24, 4, true);
  assert.equal(call("writev", fd, iov, 2), 7);
  assert.equal(fs.readFileSync(path.join(dir, "v.txt"), "utf8"), "abcdefg");
  assert.equal(call("writev", fd, iov, -1), -E.EINVAL);
  assert.equal(call("pwritev", fd, iov, 1, 7), 3);
  const r1 = mem.alloc(8), r2 = mem.alloc(8);
  dv.setUint32(0, r1, true); dv.setUint32(8, 2, true);
  dv.setUint32(16, r2, true); dv.setUint32(24, 8, true);
  assert.equal(call("preadv", fd, iov, 2, 0), 10);
  assert.equal(mem.text(r1, 2) + mem.text(r2, 8), "abcdefgabc");
  call("lseek", fd, 1, 0);
  assert.equal(call("readv", fd, iov, 2), 9);
  assert.equal(call("pread64", 0, r1, 1, 0), -E.ESPIPE);
  assert.equal(call("pread64", 1, r1, 1, 0), -E.EBADF);
  const out = call("open", mem.str("copy.txt"), O_CREAT | O_RDWR, 0o644);
  const off = mem.alloc(8);
  assert.equal(call("sendfile", out, fd, off, 100), 10);
  assert.equal(mem.u64(off), 10);
  assert.equal(call("copy_file_range", fd, 0, out, 0, 4, 0), 0);
  assert.equal(call("copy_file_range", fd, 0, out, 0, 4, 1), -E.EINVAL);
  assert.equal(fs.readFileSync(path.join(dir, "copy.txt"), "utf8"), "abcdefgabc");
  call("lseek", fd, 0, 0);
  assert.equal(call("copy_file_range", fd, 0, out, 0, 3, 0), 3);
  assert.equal(fs.readFileSync(path.join(dir, "copy.txt"), "utf8"), "abcdefgabcabc");
});

test("devfs: null, zero, full, urandom, tty without a terminal", () => {
  const { call, mem } = setup();
  const buf = mem.alloc(16);
  const n = call("open", mem.str("/dev/null"), O_RDWR, 0);
  assert.equal(call("read", n, buf, 16), 0);
  assert.equal(call("write", n, buf, 16), 16);
  const z = call("open", mem.str("/dev/zero"), O_RDONLY, 0);
  mem.copyOut(buf, new Uint8Array(16).fill(9));
  assert.equal(call("read", z, buf, 16), 16);
  assert.deepEqual([...mem.read(buf, 16)], new Array(16).fill(0));
  const f = call("open", mem.str("/dev/full"), O_WRONLY, 0);
  assert.equal(call("write", f, buf, 1), -E.ENOSPC);
  const u = call("open", mem.str("/dev/urandom"), O_RDONLY, 0);
  assert.equal(call("read", u, buf, 16), 16);
  assert.equal(call("open", mem.str("/dev/tty"), O_RDWR, 0), -E.ENXIO);
  const st = mem.alloc(144);
  assert.equal(call("stat", mem.str("/dev/null"), st), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o020000);
  assert.equal(mem.u64(st + 40), (1 << 8) | 3);
  // /dev/stdout → /proc/self/fd/1 → the stdout file itself
  const o = call("open", mem.str("/dev/stdout"), O_WRONLY, 0);
  assert.equal(call("write", o, mem.str("via dev"), 7), 7);
});

test("stdio: writes reach the host; stdin blocks then reads; ioctls on non-tty", () => {
  const { call, mem, host, t } = setup();
  assert.equal(call("write", 1, mem.str("out!"), 4), 4);
  assert.equal(call("write", 2, mem.str("err"), 3), 3);
  assert.equal(host.out.text(), "out!");
  assert.equal(host.err.text(), "err");
  const buf = mem.alloc(16);
  assert.equal(call("read", 0, buf, 16), BLOCK);
  assert.equal(t.sleeps.length, 1);
  let woken = false;
  t.sleeps[0]!.add({ wake: () => { woken = true; } });
  host.in.push("typed\n");
  assert.ok(woken);
  assert.equal(call("read", 0, buf, 16), 6);
  assert.equal(mem.text(buf, 6), "typed\n");
  call("fcntl", 0, 4, O_NONBLOCK);
  assert.equal(call("read", 0, buf, 16), -E.EAGAIN);
  host.in.eof = true;
  assert.equal(call("read", 0, buf, 16), 0);
  const ws = mem.alloc(8);
  assert.equal(call("ioctl", 1, 0x5413, ws), -E.ENOTTY);
  assert.equal(call("ioctl", 1, 0x5401, ws), -E.ENOTTY);
  assert.equal(call("ioctl", 0, 0x541b, ws), 0);
  assert.equal(call("ioctl", 99, 0x541b, ws), -E.EBADF);
  const f = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  call("lseek", f, 2, 0);
  assert.equal(call("ioctl", f, 0x541b, ws), 0);
  assert.equal(mem.u32(ws), 10);
  assert.equal(call("ioctl", f, 0x5401, ws), -E.ENOTTY);
  assert.equal(call("ioctl", f, 0x5451, 0), 0);
  assert.equal(call("fcntl", f, 1, 0), 1);
  assert.equal(call("lseek", 1, 0, 1), -E.ESPIPE);
});

test("stdio on a terminal: TCGETS/TCSETS, TIOCGWINSZ, raw mode, pgrp", () => {
  const { call, mem, host } = setup({ tty: true });
  const tio = mem.alloc(64);
  assert.equal(call("ioctl", 1, 0x5401, tio), 0);
  const lflag = mem.u32(tio + 12);
  assert.ok(lflag & 0o2); // ICANON
  const raw = mem.read(tio, 36);
  new DataView(raw.buffer).setUint32(12, lflag & ~0o12, true);
  mem.copyOut(tio, raw);
  assert.equal(call("ioctl", 0, 0x5402, tio), 0);
  assert.deepEqual(host.raw, [true]);
  assert.equal(call("ioctl", 2, 0x5401, tio), 0);
  assert.equal(mem.u32(tio + 12) & 0o2, 0);
  const ws = mem.alloc(8);
  assert.equal(call("ioctl", 1, 0x5413, ws), 0);
  assert.equal(mem.u32(ws) & 0xffff, 33);
  assert.equal(mem.u32(ws) >>> 16, 101);
  const pg = mem.alloc(4);
  assert.equal(call("ioctl", 0, 0x540f, pg), 0);
  assert.equal(mem.u32(pg), 42);
  assert.ok(call("open", mem.str("/dev/tty"), O_RDWR, 0) > 0);
  const st = mem.alloc(144);
  call("fstat", 0, st);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o020000);
  // ttyname(): the fd link names /dev/pts/0, whose dev/ino match fstat(0).
  const buf = mem.alloc(64);
  const n = call("readlink", mem.str("/proc/self/fd/0"), buf, 64);
  assert.equal(mem.text(buf, n), "/dev/pts/0");
  const st2 = mem.alloc(144);
  assert.equal(call("stat", mem.str("/dev/pts/0"), st2), 0);
  assert.equal(mem.u64(st2), mem.u64(st));
  assert.equal(mem.u64(st2 + 8), mem.u64(st + 8));
  assert.equal(mem.u64(st2 + 40), (136 << 8) | 0);
});

test("procfs: self, fd links, cmdline, status, maps, mounts", () => {
  const { call, mem, dir } = setup();
  const buf = mem.alloc(4096);
  assert.equal(call("readlink", mem.str("/proc/self"), buf, 64), 2);
  assert.equal(mem.text(buf, 2), "42");
  const f = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  const n = call("readlink", mem.str(`/proc/self/fd/${f}`), buf, 4096);
  assert.equal(mem.text(buf, n), dir + "/hello.txt");
  const n1 = call("readlink", mem.str("/proc/self/fd/1"), buf, 4096);
  assert.match(mem.text(buf, n1), /^pipe:\[\d+\]$/);
  const g = call("open", mem.str(`/proc/self/fd/${f}`), O_RDONLY, 0);
  assert.equal(call("read", g, buf, 5), 5);
  assert.equal(mem.text(buf, 5), "hello");
  const readAll = (p: string): string => {
    const fd = call("open", mem.str(p), O_RDONLY, 0);
    assert.ok(fd > 0, p + " " + fd);
    const k = call("read", fd, buf, 4096);
    call("close", fd);
    return mem.text(buf, k);
  };
  assert.equal(readAll("/proc/self/cmdline"), "fake\0--x\0");
  assert.equal(readAll("/proc/42/comm"), "fake\n");
  assert.match(readAll("/proc/self/status"), /^Name:\tfake\n[\s\S]*Pid:\t42\n/);
  const maps = readAll("/proc/self/maps").split("\n");
  assert.equal(maps[0], "00400000-00401000 r-xp 00000000 08:01 7".padEnd(72) + " /bin/fake");
  assert.equal(maps[1], "7ffd0000-7fff0000 rw-p 00000000 00:00 0".padEnd(72) + " [stack]");
  assert.match(readAll("/proc/mounts"), /^\S+ \/ hostfs rw/);
  assert.match(readAll("/proc/meminfo"), /^MemTotal: +\d+ kB\n/);
  assert.match(readAll("/proc/cpuinfo"), /^processor\t: 0\n/);
  assert.equal(call("readlink", mem.str("/proc/self/cwd"), buf, 4096), dir.length);
  assert.equal(call("open", mem.str("/proc/999/status"), O_RDONLY, 0), -E.ENOENT);
  if (process.getuid && process.getuid() !== 0) assert.equal(call("open", mem.str("/proc/self/status"), O_WRONLY, 0), -E.EACCES);
  const ws = call("open", mem.str("/proc/self/status"), O_RDONLY, 0);
  assert.equal(call("write", ws, buf, 1), -E.EBADF);
  const d = call("open", mem.str("/proc/self/fd"), O_RDONLY | O_DIRECTORY, 0);
  assert.ok(call("getdents64", d, buf, 4096) > 0);
  const root = call("open", mem.str("/proc"), O_RDONLY | O_DIRECTORY, 0);
  const k = call("getdents64", root, buf, 4096);
  assert.ok(mem.text(buf, k).includes("42\0"));
  assert.equal(call("chdir", mem.str("/proc/self/cwd")), 0);
});

test("--root via syscalls: nothing escapes", () => {
  const base = tmpdir();
  const root = path.join(base, "r");
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(base, "secret"), "no");
  fs.symlinkSync("../secret", path.join(root, "esc"));
  fs.symlinkSync(path.join(base, "secret"), path.join(root, "esc2"));
  const { call, mem } = makeRig({ root });
  const buf = mem.alloc(256);
  assert.equal(call("open", mem.str("../secret"), O_RDONLY, 0), -E.ENOENT);
  assert.equal(call("open", mem.str("/../../secret"), O_RDONLY, 0), -E.ENOENT);
  assert.equal(call("open", mem.str("esc"), O_RDONLY, 0), -E.ENOENT);
  assert.equal(call("open", mem.str("esc2"), O_RDONLY, 0), -E.ENOENT);
  // O_CREAT through an escaping link creates inside the root, never outside.
  const fd = call("open", mem.str("/esc"), O_CREAT | O_WRONLY, 0o644);
  assert.ok(fd > 0);
  assert.ok(fs.existsSync(path.join(root, "secret")));
  assert.equal(fs.readFileSync(path.join(base, "secret"), "utf8"), "no");
  assert.equal(call("chdir", mem.str("/..")), 0);
  assert.equal(call("getcwd", buf, 256), 2);
  assert.equal(call("mkdir", mem.str("/tmp/x"), 0o755), 0);
  assert.ok(!fs.existsSync(path.join(root, "tmp")));
});

test("path length limits: ENAMETOOLONG for a 4096-byte path and a 256-byte component", () => {
  const { call, mem } = setup();
  assert.equal(call("open", mem.str("/" + "a/".repeat(2048)), O_RDONLY, 0), -E.ENAMETOOLONG);
  assert.equal(call("mkdir", mem.str("x".repeat(256)), 0o755), -E.ENAMETOOLONG);
  assert.equal(call("stat", mem.str("x".repeat(255)), mem.alloc(144)), -E.ENOENT);
});

test("mappedFile of a host file outlives close(fd) until released", () => {
  const { call, mem, t } = setup();
  const fd = call("open", mem.str("hello.txt"), O_RDONLY, 0);
  const f = t.process.fds.get(fd)!;
  const m = f.mappedFile()!;
  assert.equal(call("close", fd), 0);
  const buf = new Uint8Array(5);
  assert.equal(m.readAt(6, buf), 5);
  assert.equal(Buffer.from(buf).toString(), "world");
  assert.equal(m.size(), 12);
  assert.equal(f.refs, 1);
  m.release!();
  assert.equal(f.refs, 0);
  const d = call("open", mem.str("sub"), O_RDONLY, 0);
  assert.equal(t.process.fds.get(d)!.mappedFile(), null);
  const shm = call("open", mem.str("/dev/shm/m"), O_CREAT | O_RDWR, 0o600);
  const tm = t.process.fds.get(shm)!.mappedFile()!;
  tm.writeAt!(0, new Uint8Array([65, 66]));
  const back = mem.alloc(4);
  assert.equal(call("read", shm, back, 4), 2);
  assert.equal(mem.text(back, 2), "AB");
});

test("rights on sysgate's own filesystems follow the guest's credentials", () => {
  const { call, mem, t } = setup();
  const c = t.process.creds;
  c.uid = c.euid = c.fsuid = 0; c.gid = c.egid = c.fsgid = 0;
  const fd = call("open", mem.str("/dev/shm/secret"), O_CREAT | O_RDWR, 0o600);
  assert.ok(fd > 0);
  assert.equal(call("mkdir", mem.str("/dev/shm/priv"), 0o700), 0);
  c.uid = c.euid = c.fsuid = 1000; c.gid = c.egid = c.fsgid = 1000;
  assert.equal(call("open", mem.str("/dev/shm/secret"), O_RDONLY, 0), -E.EACCES);
  assert.equal(call("access", mem.str("/dev/shm/secret"), 4), -E.EACCES);
  assert.equal(call("access", mem.str("/dev/shm/secret"), 0), 0);
  assert.equal(call("open", mem.str("/dev/shm/priv/x"), O_CREAT | O_RDWR, 0o600), -E.EACCES);
  assert.equal(call("chmod", mem.str("/dev/shm/secret"), 0o644), -E.EPERM);
  assert.equal(call("chown", mem.str("/dev/shm/secret"), 1000, 1000), -E.EPERM);
  assert.equal(call("utimensat", AT_FDCWD, mem.str("/dev/shm/secret"), 0, 0), -E.EACCES);
  assert.equal(call("mkdir", mem.str("/dev/x"), 0o755), -E.EACCES);
  assert.equal(call("truncate", mem.str("/dev/shm/secret"), 0), -E.EACCES);
  // Sticky /dev/shm: anyone may create their own files there.
  const mine = call("open", mem.str("/dev/shm/mine"), O_CREAT | O_RDWR, 0o600);
  assert.ok(mine > 0);
  const st = mem.alloc(144);
  call("fstat", mine, st);
  assert.equal(mem.u32(st + 28), 1000);
  assert.equal(call("chmod", mem.str("/dev/shm/mine"), 0o644), 0);
  assert.equal(call("unlink", mem.str("/dev/shm/secret")), -E.EPERM);
  assert.equal(call("rename", mem.str("/dev/shm/secret"), mem.str("/dev/shm/s2")), -E.EPERM);
  assert.equal(call("unlink", mem.str("/dev/shm/mine")), 0);
});

test("mknod: FIFOs in tmpfs open through Vfs.specialOpen (ENXIO until pipes exist)", () => {
  const { call, mem, vfs, t } = setup();
  assert.equal(call("mknod", mem.str("/dev/shm/fifo"), 0o010644, 0), 0);
  assert.equal(call("mknod", mem.str("/dev/shm/fifo"), 0o010644, 0), -E.EEXIST);
  assert.equal(call("mknod", mem.str("/dev/shm/bad"), 0o170644, 0), -E.EINVAL);
  const st = mem.alloc(144);
  assert.equal(call("stat", mem.str("/dev/shm/fifo"), st), 0);
  assert.equal(mem.u32(st + 24) & 0o170000, 0o010000);
  assert.equal(call("open", mem.str("/dev/shm/fifo"), O_RDONLY, 0), -E.ENXIO);
  let seen = "";
  vfs.specialOpen = (_w, d, flags) => {
    seen = d.path;
    return t.process.fds.get(1)!;
    void flags;
  };
  assert.ok(call("open", mem.str("/dev/shm/fifo"), O_RDONLY | O_NONBLOCK, 0) > 0);
  assert.equal(seen, "/dev/shm/fifo");
  assert.equal(call("mknodat", AT_FDCWD, mem.str("plain"), 0o100600, 0), 0);
});

test("procfs: fdinfo and sys/kernel", () => {
  const { call, mem } = setup();
  const buf = mem.alloc(4096);
  const f = call("open", mem.str("hello.txt"), O_RDONLY | O_CLOEXEC, 0);
  call("lseek", f, 3, 0);
  const fd = call("open", mem.str(`/proc/self/fdinfo/${f}`), O_RDONLY, 0);
  const n = call("read", fd, buf, 4096);
  assert.match(mem.text(buf, n), /^pos:\t3\nflags:\t02100000\nmnt_id:\t\d+\nino:\t\d+\n$/);
  const k = call("open", mem.str("/proc/sys/kernel/ostype"), O_RDONLY, 0);
  assert.equal(call("read", k, buf, 100), 6);
  assert.equal(mem.text(buf, 6), "Linux\n");
});

test("fd links of removed files say (deleted); O_TMPFILE files are anonymous", () => {
  const { call, mem } = setup();
  const buf = mem.alloc(4096);
  const f = call("open", mem.str("gone.txt"), O_CREAT | O_RDWR, 0o600);
  assert.equal(call("unlink", mem.str("gone.txt")), 0);
  let n = call("readlink", mem.str(`/proc/self/fd/${f}`), buf, 4096);
  assert.match(mem.text(buf, n), /\/gone\.txt \(deleted\)$/);
  assert.equal(call("write", f, mem.str("still here"), 10), 10);
  const O_TMPFILE = 0o20200000;
  const tfd = call("open", mem.str("."), O_TMPFILE | O_RDWR, 0o600);
  assert.ok(tfd > 0, String(tfd));
  n = call("readlink", mem.str(`/proc/self/fd/${tfd}`), buf, 4096);
  assert.match(mem.text(buf, n), /\/#\d+ \(deleted\)$/);
  assert.equal(call("open", mem.str("hello.txt"), O_TMPFILE | O_RDWR, 0o600), -E.ENOTDIR);
  assert.equal(call("open", mem.str("."), O_TMPFILE | O_RDONLY, 0o600), -E.EINVAL);
  const s = call("open", mem.str("/dev/shm"), O_TMPFILE | O_RDWR, 0o600);
  n = call("readlink", mem.str(`/proc/self/fd/${s}`), buf, 4096);
  assert.match(mem.text(buf, n), /^\/dev\/shm\/#\d+ \(deleted\)$/);
});
