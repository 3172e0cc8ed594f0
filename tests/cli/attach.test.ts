// `sysgate ps` and `sysgate strace -p`: a machine started by one `sysgate run` is found and traced
// by another sysgate process through the per-user registry (src/cli/control.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(repo, "bin/sysgate");

function sysgate(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [cli, ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function until<T>(what: string, f: () => T | null, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("ps lists a running machine's processes; strace -p follows one to its exit", async () => {
  const runtime = mkdtempSync(join(tmpdir(), "sysgate-rt-"));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime };
  const work = mkdtempSync(join(tmpdir(), "sysgate-attach-"));
  const script = "i=0; while [ $i -lt 6 ]; do sleep 0.5; i=$((i+1)); echo tick $i; done";
  const guest = spawn(process.execPath, [cli, "run", "/bin/busybox", "sh", "-c", script], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
  let guestOut = "";
  guest.stdout.on("data", (d: Buffer) => (guestOut += d.toString()));
  const exited = new Promise<number | null>((r) => guest.on("close", (code) => r(code)));
  try {
    assert.equal(sysgate(["ps", "--bogus"], env).status, 2);
    const machine = await until("the machine to register", () => {
      const r = sysgate(["ps", "--json"], env);
      const list = JSON.parse(r.stdout) as { machine: number; processes: { pid: number; comm: string; args: string[] }[] }[];
      return list.length === 1 && list[0]!.processes.some((p) => p.args[1] === "sh") ? list[0]! : null;
    });
    assert.equal(machine.machine, guest.pid);
    const shell = machine.processes.find((p) => p.args[1] === "sh")!;
    const text = sysgate(["ps"], env).stdout;
    assert.match(text, new RegExp(`^machine ${guest.pid}: sysgate run /bin/busybox sh -c`, "m"));
    assert.match(text, /PID +PPID STAT +TIME COMMAND/);

    const r = sysgate(["strace", "-e", "trace=write,wait4", "-p", String(shell.pid)], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^strace: Process ${shell.pid} attached\n`));
    assert.match(r.stderr, /^write\(1, "tick \d\\n", 7\) += 7$/m);
    assert.match(r.stderr, /^\+\+\+ exited with 0 \+\+\+$/m);
    assert.doesNotMatch(r.stderr, /clone|rt_sigaction/); // -e trace= applies in the machine

    const gone = sysgate(["strace", "-p", "4242"], env);
    assert.equal(gone.status, 1);
    assert.equal(gone.stderr, "strace: attach: ptrace(PTRACE_SEIZE, 4242): No such process\n");
    assert.equal(await exited, 0);
    assert.match(guestOut, /tick 6\n$/);
    assert.equal(sysgate(["ps"], env).stdout, "no sysgate machines are running\n");
  } finally {
    guest.kill("SIGKILL");
    rmSync(runtime, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});

/** strace -p as a child process: its stderr so far, and a way to Ctrl-C it. */
function attachChild(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const p = spawn(process.execPath, [cli, "strace", ...args], { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  p.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((r) => p.on("close", (code) => r(code)));
  return { stderr: () => err, done, interrupt: () => p.kill("SIGINT") };
}

test("strace -p takes -c, --json, --timeline and -e inject like a traced run", async () => {
  const runtime = mkdtempSync(join(tmpdir(), "sysgate-rt-"));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime };
  const work = mkdtempSync(join(tmpdir(), "sysgate-attach-"));
  const script = "i=0; while [ $i -lt 16 ]; do sleep 0.25; i=$((i+1)); echo tick $i; done";
  const guest = spawn(process.execPath, [cli, "run", "/bin/busybox", "sh", "-c", script], { cwd: work, env, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((r) => guest.on("close", (code) => r(code)));
  try {
    const shell = await until("the machine to register", () => {
      const list = JSON.parse(sysgate(["ps", "--json"], env).stdout) as { processes: { pid: number; args: string[] }[] }[];
      return list[0]?.processes.find((p) => p.args[1] === "sh") ?? null;
    });
    // -c: nothing until Ctrl-C, then "detached" and the table
    const c = attachChild(["-c", "-e", "trace=write", "-p", String(shell.pid)], env, work);
    await until("attach", () => (c.stderr().includes("attached") ? true : null));
    await new Promise((r) => setTimeout(r, 800));
    c.interrupt();
    assert.equal(await c.done, 0);
    assert.match(c.stderr(), new RegExp(`strace: Process ${shell.pid} detached\n`));
    assert.match(c.stderr(), /% time +seconds +usecs\/call +calls +errors +syscall\n/);
    assert.match(c.stderr(), /^ *[\d.]+ +[\d.]+ +\d+ +\d+ +write$/m);

    // --json and --timeline, then -e inject, each until Ctrl-C
    const j = attachChild(["--json", "--timeline", "t.json", "-f", "-e", "trace=write", "-p", String(shell.pid)], env, work);
    await until("attach", () => (j.stderr().includes("attached") ? true : null));
    await until("a write", () => (j.stderr().includes('"name":"write"') ? true : null));
    j.interrupt();
    assert.equal(await j.done, 0);
    const records = j.stderr().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { name?: string });
    assert.ok(records.some((r) => r.name === "write"));
    const timeline = JSON.parse(readFileSync(join(work, "t.json"), "utf8")) as { traceEvents: unknown[] };
    assert.ok(timeline.traceEvents.length > 0);

    const inj = attachChild(["-f", "-e", "trace=nanosleep,clock_nanosleep", "-e", "inject=nanosleep,clock_nanosleep:retval=0", "-p", String(shell.pid)], env, work);
    await until("an injected sleep", () => (/= 0 \(INJECTED\)$/m.test(inj.stderr()) ? true : null));
    assert.equal(await inj.done, 0); // the shell's loop ends sooner, and the trace with it
    assert.match(inj.stderr(), /^\+\+\+ exited with 0 \+\+\+$/m);
    assert.equal(await exited, 0);
  } finally {
    guest.kill("SIGKILL");
    rmSync(runtime, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
