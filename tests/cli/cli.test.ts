// The sysgate command line: help, version, usage errors, and the run options (--env, --root,
// --mount) seen from inside a guest (Debian's static busybox).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(repo, "bin/sysgate");
const busybox = "/bin/busybox";

function sysgate(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? repo, input: opts.input ?? "", encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("--version prints the package's version", () => {
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
  const r = sysgate(["--version"]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `sysgate ${pkg.version}\n`);
});

test("--help prints usage on stdout; no command prints it on stderr with status 2", () => {
  const h = sysgate(["--help"]);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^Usage: sysgate /);
  const none = sysgate([]);
  assert.equal(none.status, 2);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /^Usage: sysgate /);
});

test("usage errors: one line, a hint, status 2", () => {
  for (const args of [["frobnicate"], ["run", "--bogus", "x"], ["run"], ["run", "--mount", "nocolon", "x"], ["run", "--env", "NOEQUALS", "x"], ["run", "--memory", "lots", "x"]]) {
    const r = sysgate(args);
    assert.equal(r.status, 2, args.join(" "));
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0]!, /^sysgate: /);
    assert.equal(lines[1], "Try 'sysgate --help' for more information.");
  }
});

test("a missing program is 127, a file that is not a program 126, each with one line", () => {
  const missing = sysgate(["run", "no-such-program-anywhere"]);
  assert.equal(missing.status, 127);
  assert.equal(missing.stderr, "sysgate: no-such-program-anywhere: No such file or directory\n");
  const dir = mkdtempSync(join(tmpdir(), "sysgate-cli-"));
  try {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello\n", { mode: 0o755 });
    const r = sysgate(["run", text]);
    assert.equal(r.status, 126);
    assert.match(r.stderr, /^sysgate: .*notes\.txt: not an ELF executable[^\n]*\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the guest gets sysgate's environment plus --env, and PROG is found on PATH", { skip: !existsSync(busybox) }, () => {
  const r = sysgate(["run", "--env", "SYSGATE_TEST_A=one two", "--env", "HOME=/elsewhere", busybox, "sh", "-c", 'echo "$SYSGATE_TEST_A|$HOME|${PATH:+path}"']);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "one two|/elsewhere|path\n");
  const onPath = sysgate(["run", "--env", "PATH=/bin:/usr/bin", "busybox", "echo", "found"]);
  assert.equal(onPath.stdout, "found\n");
});

test("--root confines the guest; --mount binds a host folder, read-only with :ro", { skip: !existsSync(busybox) }, () => {
  const root = mkdtempSync(join(tmpdir(), "sysgate-root-"));
  const shared = mkdtempSync(join(tmpdir(), "sysgate-shared-"));
  try {
    mkdirSync(join(root, "bin"));
    copyFileSync(busybox, join(root, "bin/busybox"));
    writeFileSync(join(root, "inside.txt"), "inside\n");
    writeFileSync(join(shared, "data.txt"), "shared\n");
    const ls = sysgate(["run", "--root", root, "/bin/busybox", "ls", "/"]);
    assert.equal(ls.status, 0, ls.stderr);
    assert.deepEqual(ls.stdout.trim().split("\n").sort(), ["bin", "dev", "inside.txt", "proc", "sys", "tmp"]);
    // "..", absolute and symlinked escapes all stay inside (one applet per run: no fork yet).
    symlinkSync("/", join(root, "up"));
    symlinkSync("../../../..", join(root, "bin/updir"));
    const run = (...args: string[]) => sysgate(["run", "--root", root, ...args]);
    assert.equal(run("/bin/busybox", "cat", "/../../../inside.txt").stdout, "inside\n");
    assert.deepEqual(run("/bin/busybox", "ls", "/up/..").stdout.trim().split("\n").sort(), ["bin", "dev", "inside.txt", "proc", "sys", "tmp", "up"]);
    assert.deepEqual(run("/bin/busybox", "ls", "/bin/updir/").stdout.trim().split("\n").sort(), ["bin", "dev", "inside.txt", "proc", "sys", "tmp", "up"]);
    const host = run("/bin/busybox", "cat", "../../etc/hostname");
    assert.equal(host.status, 1);
    assert.equal(host.stderr, "cat: can't open '../../etc/hostname': No such file or directory\n");
    const ro = sysgate(["run", "--root", root, "--mount", `${shared}:/data:ro`, "/bin/busybox", "touch", "/data/new"]);
    assert.equal(ro.stderr, "touch: /data/new: Read-only file system\n");
    assert.equal(ro.status, 1);
    assert.equal(sysgate(["run", "--root", root, "--mount", `${shared}:/data:ro`, "/bin/busybox", "cat", "/data/data.txt"]).stdout, "shared\n");
    assert.ok(!existsSync(join(shared, "new")));
    const rw = sysgate(["run", "--root", root, "--mount", `${shared}:/data`, "/bin/busybox", "cp", "/inside.txt", "/data/new"]);
    assert.equal(rw.status, 0, rw.stderr);
    assert.equal(readFileSync(join(shared, "new"), "utf8"), "inside\n");
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
});

test("exit status is the program's; a signal death is 128+N with the shell's message", { skip: !existsSync(busybox) }, () => {
  assert.equal(sysgate(["run", busybox, "sh", "-c", "exit 42"]).status, 42);
  const killed = sysgate(["run", busybox, "sh", "-c", "kill -SEGV $$"]);
  assert.equal(killed.status, 139);
  assert.equal(killed.stderr, "Segmentation fault\n");
});
