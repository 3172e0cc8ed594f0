// The descriptors a guest inherits: run tests/guest/c/fds_inherit natively and under `sysgate run`
// with the same redirections (a file on stdin, `>out 2>&1`, `9>>FILE`, /dev/null, /dev/full) and
// compare what each saw and wrote, byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(repo, "bin/sysgate");

/** Run `script` with sh in a fresh directory (same path for both runs); PROG is the program to run. */
function inDir(dir: string, prog: string, script: string, files: string[]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "in.txt"), "abcdef\n");
  const r = spawnSync("/bin/sh", ["-c", script], {
    cwd: dir, encoding: "utf8", timeout: 60_000,
    env: { ...process.env, PROG: prog, NODE_NO_WARNINGS: "1" },
  });
  const out: Record<string, string> = { status: String(r.status), stdout: r.stdout, stderr: r.stderr };
  for (const f of files) out[f] = existsSync(join(dir, f)) ? readFileSync(join(dir, f), "latin1") : "(missing)";
  return out;
}

const scripts: [string, string, string[]][] = [
  ["a file on stdin, >out 2>&1, 9>>FILE; the shell reads on where the guest stopped",
    '{ $PROG; cat; } 9>>nine.txt <in.txt >out.txt 2>&1', ["out.txt", "nine.txt"]],
  ["/dev/null on stdin, 9>>/dev/full, a pipe for stdout, stderr to a file",
    '$PROG 9>>/dev/full </dev/null 2>err.txt | cat', ["err.txt"]],
  ["stdout a file opened read-write over old text, stderr to /dev/null",
    'printf "%0300d" 0 > out.txt; $PROG 1<>out.txt 2>/dev/null 9</dev/zero <in.txt; cat out.txt', ["out.txt"]],
];

for (const libc of ["musl", "glibc"]) {
  const prog = join(repo, "build/guest", libc, "fds_inherit");
  for (const [name, script, files] of scripts) {
    test(`${libc}: ${name}`, { skip: !existsSync(prog) && "build the guest programs first (make -C tests/guest)" }, () => {
      const dir = join(tmpdir(), `sysgate-fds-${process.pid}`);
      try {
        const native = inDir(dir, prog, script, files);
        const guest = inDir(dir, prog, script.replace("$PROG", `"${process.execPath}" "${cli}" run -- $PROG`), files);
        assert.deepEqual(guest, native);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
