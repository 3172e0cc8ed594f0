// `sysgate ps` and `sysgate strace -p`: a machine started by one `sysgate run` is found and traced
// by another sysgate process through the per-user registry (src/cli/control.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
