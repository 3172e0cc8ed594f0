/**
 * busybox sh and signals, natively vs under `bin/sysgate run`: kill of a background job, a trap
 * running on SIGUSR1, waiting for a background child (rt_sigsuspend, SIGCHLD), an untrapped
 * signal ending the shell, and timeouts interrupting sleep.
 */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import { checkCase, concurrency, selected, type DiffCase } from "../diff/harness.js";

const BUSYBOX = process.env.SYSGATE_BUSYBOX || "/bin/busybox";

const SCRIPTS: [tag: string, script: string][] = [
  ["kill-bg", "sleep 5 & kill $!; wait; echo $?"],
  ["kill-bg-status", "sleep 5 & p=$!; kill -TERM $p; wait $p; echo status $?"],
  ["trap-usr1", "trap 'echo got' USR1; kill -USR1 $$; echo after"],
  ["trap-twice", "n=0; trap 'n=$((n+1))' USR2; kill -USR2 $$; kill -USR2 $$; echo n=$n"],
  ["wait-bg", "sleep 1 & wait; echo waited $?"],
  ["wait-two", "(sleep 0.2; exit 3) & a=$!; (exit 4) & b=$!; wait $a; echo a $?; wait $b; echo b $?"],
  ["trap-exit", "trap 'echo bye' EXIT; echo hi"],
  ["kill-self-term", "echo before; kill -TERM $$; echo not reached"],
  ["trap-ignore", "trap '' USR1; kill -USR1 $$; echo survived"],
  ["kill-l", "kill -l 15; kill -l TERM"],
  ["stop-cont", "sleep 0.3 & p=$!; kill -STOP $p; kill -CONT $p; wait $p; echo done $?"],
  ["stop-self", "sh -c 'kill -STOP $$; echo resumed' & sleep 0.2; kill -CONT $!; wait; echo end $?"],
  ["stop-kill", "sleep 5 & kill -STOP $!; kill -KILL $!; wait $!; echo $?"],
  ["timeout", "timeout 1 sleep 5; echo $?"],
  ["trap-int", "trap 'echo int' INT; kill -INT $$; echo x"],
];

function cases(): DiffCase[] {
  return SCRIPTS.map(([tag, script]) => ({
    id: `busybox-sig.${tag}`,
    program: BUSYBOX,
    args: ["sh", "-c", script],
    timeoutSec: 30,
  }));
}

describe("busybox sh with signals: native vs sysgate", { concurrency: concurrency() }, () => {
  for (const c of selected(cases())) {
    it(c.id, async (t) => {
      if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: run scripts/install-test-deps.sh`);
      await checkCase(c, (m) => t.diagnostic(m));
    });
  }
});
