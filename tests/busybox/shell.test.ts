/**
 * Debian's busybox `sh` running scripts, natively vs under `bin/sysgate run`: pipelines, redirections,
 * subshells, command substitution, here-documents, functions, background jobs with `wait`, `trap`
 * and `kill`, `ulimit`, and multi-process pipelines of applets (issue 3's everyday proof).
 * Each case is `busybox sh -c SCRIPT` in a fresh copy of the busybox fixture.
 */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import { checkCase, concurrency, selected, setBudget, type DiffCase } from "../diff/harness.js";
import { fixture } from "./fixture.js";

const BUSYBOX = process.env.SYSGATE_BUSYBOX || "/bin/busybox";

/** Linux's limits for a fresh login (the native side otherwise inherits the test runner's). */
const LOGIN_LIMITS = ["/usr/bin/prlimit", "--nofile=1024:4096", "--"];

type Spec = [tag: string, script: string, stdin?: string];

const SPECS: Spec[] = [
  ["pipeline-sort", "seq 1 10000 | sort -rn | head -3"],
  ["pipeline-long", "cat data.txt | tr a-z A-Z | grep -v ALPHA | sort | uniq -c | sort -rn | head -5"],
  ["pipeline-status", "false | true; echo $?; true | false; echo $?; true && echo and || echo or"],
  ["substitution", 'echo $(echo a; echo b) "$(basename /x/y)" `expr 6 \\* 7`'],
  ["subshell", '(cd /; pwd); pwd >/dev/null; x=$( (echo sub; exit 3) ); echo "$x $?"'],
  ["redirections", "for i in 1 2 3; do echo $i; done > f; cat < f; wc -l < f; echo more >> f; cat f 2>&1 >/dev/null; cat f"],
  ["fd-juggling", "exec 3>out; echo three >&3; exec 3>&-; cat out; cat nonexist 2>&1 >/dev/null | tr a-z A-Z"],
  ["heredoc", "read a b <<EOF\nx y z\nEOF\necho \"[$a] [$b]\"; cat <<-END\n\tindented $HOME-less\n\tEND"],
  ["read-pipe", 'echo abc | { read v; echo "[$v]"; }; printf "1\\n2\\n3\\n" | while read n; do echo "n=$n"; done'],
  ["read-stdin", 'while read line; do echo "<$line>"; done; echo done', "first\nsecond line\n"],
  ["functions", 'f() { echo "args $#: $*"; return 4; }; f 1 "2 3"; echo $?; g() { local v=in; echo $v; }; v=out; g; echo $v'],
  ["set-e", "set -e; false || echo ok; (exit 7); echo not-reached"],
  ["find-xargs", "find tree -type f | sort | xargs wc -l; find tree -name '*.txt' -print0 | xargs -0 grep -l hello | sort"],
  ["case-arith", 'i=0; while [ $i -lt 50 ]; do i=$((i+1)); case $((i % 15)) in 0) echo fizzbuzz;; 5|10) echo buzz;; esac; done; echo $i'],
  ["ulimit", "ulimit -n; ulimit -Hn; ulimit -n 64; ulimit -n"],
  ["background-wait", "sleep 0.1 & p=$!; wait $p; echo waited $?; (exit 5) & wait $!; echo $?"],
  ["trap-kill", 'trap "echo got USR1" USR1; kill -USR1 $$; echo after; trap - USR1'],
  ["kill-child", "sleep 5 & kill $!; wait $!; echo status $?"],
  ["trap-exit", "trap 'echo bye' EXIT; echo hi"],
  ["script-file", "printf 'echo from script $1\\nexit 3\\n' > s.sh; chmod +x s.sh; ./s.sh arg; echo $?; sh s.sh two; echo $?"],
  ["exec-replace", "exec echo replaced; echo not-reached"],
  ["command-not-found", "nosuchcommand 2>/dev/null; echo $?; ./tree 2>/dev/null; echo $?"],
];

export function shellCases(): DiffCase[] {
  return SPECS.map(([tag, script, stdin]) => ({
    id: `sh.${tag}`,
    program: BUSYBOX,
    args: ["sh", "-c", script],
    stdin,
    setup: fixture,
    nativePrefix: LOGIN_LIMITS,
  }));
}

const cases = selected(shellCases());

setBudget(180);

describe("busybox sh scripts: native vs sysgate", { concurrency: concurrency() }, () => {
  for (const c of cases) {
    it(c.id, async (t) => {
      if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: run scripts/install-test-deps.sh`);
      await checkCase(c, (m) => t.diagnostic(m));
    });
  }
});
