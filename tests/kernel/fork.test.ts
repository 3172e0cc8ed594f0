// fork / execve / wait4 (issue 3, first slice): busybox sh pipelines compared with native runs,
// and in-process checks of the process table (zombies reaped, orphans, the first process's exit).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { checkCase, type DiffCase } from "../diff/harness.js";
import { Kernel } from "../../src/kernel/kernel.js";
import { ProcessState } from "../../src/kernel/process.js";
import { testHost } from "./helpers.js";

const BUSYBOX = "/bin/busybox";
const have = existsSync(BUSYBOX);

const SH_CASES: [string, string][] = [
  ["pipe-cat-ls-subshell", "echo a | cat; ls / | wc -l; (exit 3); echo $?"],
  ["seq-sort-head", "seq 1 1000 | sort -rn | head -3"],
  ["command-substitution", 'x=$(echo hi; echo there); echo "$x"; for i in 1 2 3; do echo $i; done | wc -l'],
  ["sigpipe-writer", "seq 1 100000 | head -1; echo done"],
  ["child-killed", 'sh -c "kill -9 \\$\\$"; echo $?'],
  ["redirections", "echo x > f; cat < f | tr x y; ls nope 2>&1; echo $?"],
  ["exit-status", "sh -c 'exit 42'; echo $?; false | true; echo $?; true | false; echo $?"],
  ["nested-sh", "sh -c 'sh -c \"echo deep; exit 5\"; echo mid $?'; echo top $?"],
];

describe("busybox sh with processes: native vs sysgate", { skip: !have && "no /bin/busybox" }, () => {
  for (const [id, script] of SH_CASES) {
    it(id, async (t) => {
      const c: DiffCase = { id: `fork.sh.${id}`, program: BUSYBOX, args: ["sh", "-c", script] };
      await checkCase(c, (m) => t.diagnostic(m));
    });
  }
});

function machine(): { k: Kernel; out: () => string; close: () => void } {
  const { host, out } = testHost();
  const k = new Kernel(host, { cwd: "/" });
  return { k, out: () => out.text(), close: () => host.close() };
}

describe("process table", { skip: !have && "no /bin/busybox" }, () => {
  it("reaps every child: nothing but the table's emptiness is left after a pipeline", async () => {
    const { k, out, close } = machine();
    try {
      k.spawn(BUSYBOX, ["sh", "-c", "echo a | cat | cat; sh -c 'exit 3'; echo $?"], ["PATH=/bin:/usr/bin"]);
      const st = await k.run();
      assert.equal(st, 0);
      assert.equal(out(), "a\n3\n");
      assert.equal(k.processes.size, 0);
      assert.equal(k.tasks.size, 0);
    } finally {
      close();
    }
  });

  it("the first process's exit ends the run and kills the processes it leaves behind", async () => {
    const { k, close } = machine();
    try {
      const seen: number[] = [];
      k.events.on("processExit", (p, status) => {
        seen.push(status);
        assert.notEqual(p.state, ProcessState.Alive);
      });
      k.spawn(BUSYBOX, ["sh", "-c", "sleep 30 & exit 2"], ["PATH=/bin:/usr/bin"]);
      const t0 = Date.now();
      const st = await k.run();
      assert.equal(st, 2 << 8);
      assert.ok(Date.now() - t0 < 20_000, "did not wait for the background sleep");
      assert.ok(seen.includes(9), "the orphaned sleep died of SIGKILL");
      assert.equal(k.tasks.size, 0);
    } finally {
      close();
    }
  });
});
