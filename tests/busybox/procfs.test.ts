/**
 * The article's /proc commands in Debian's busybox, natively and under `bin/sysgate run`: their
 * answers depend on the machine (pids, sizes, times), so each case checks the *shape* of the
 * output with the same assertions on both sides — the native run proves the shape is Linux's.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import { concurrency, runNative, runSysgate, selected, type DiffCase, type Outcome } from "../diff/harness.js";

// (not imported from busybox.test.js: importing a test file would run its tests here too)
const BUSYBOX = process.env.SYSGATE_BUSYBOX || "/bin/busybox";

const HEX = "0x[0-9a-f]+";

interface ShapeCase {
  tag: string;
  /** The script for `busybox sh -c`. */
  script: string;
  /** Applets the case needs (skipped when this busybox lacks one). */
  applets?: string[];
  check: (out: string, side: string) => void;
}

function lines(out: string): string[] {
  return out.split("\n").filter((l) => l !== "");
}

function has(out: string, re: RegExp, side: string, what: string): void {
  assert.match(out, re, `${side}: ${what}`);
}

const CASES: ShapeCase[] = [
  {
    tag: "ls-fd",
    // "; true" keeps the shell alive (a last command would be exec'd and list its own fds).
    script: "exec 3</dev/null; ls -la /proc/$$/fd; true",
    check: (out, side) => {
      const l = lines(out);
      has(l[0]!, /^total \d+$/, side, "total line");
      for (const fd of [0, 1, 2, 3]) {
        const row = l.find((x) => new RegExp(` ${fd} -> `).test(x));
        assert.ok(row, `${side}: fd ${fd} listed`);
        assert.match(row!, /^l[r-][w-]x------ +1 +\S+ +\S+ +64 .* \d+ -> \S+/, `${side}: fd ${fd} row`);
      }
      has(out, / 3 -> \/dev\/null$/m, side, "fd 3 names /dev/null");
      has(out, /^dr-x------ .* \.$/m, side, "the fd directory is dr-x------");
    },
  },
  {
    tag: "syscall-of-shell",
    // The shell forks cat and waits for it (wait4 = 61), or is still running when cat looks.
    script: "cat /proc/$$/syscall; true",
    check: (out, side) => has(out, new RegExp(`^(running|61 0xffffffff( ${HEX}){7})\\n$`), side, "syscall line"),
  },
  {
    tag: "syscall-of-self",
    // A single command is exec'd by the shell: cat reads its own syscall file, from read(2).
    script: "cat /proc/$$/syscall",
    check: (out, side) => has(out, new RegExp(`^0 0x3( ${HEX}){7}\\n$`), side, "read(3, ...) line"),
  },
  {
    tag: "maps",
    script: "cat /proc/$$/maps",
    check: (out, side) => {
      for (const l of lines(out)) {
        assert.match(l, /^[0-9a-f]{8,}-[0-9a-f]{8,} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2,}:[0-9a-f]{2,} \d+ ( +\S.*)?$/, `${side}: maps line ${l}`);
      }
      has(out, /r-xp [0-9a-f]{8} \S+ \d+ +\/\S*busybox$/m, side, "busybox's code");
      has(out, / +\[stack\]$/m, side, "[stack]");
    },
  },
  {
    tag: "limits",
    script: "ulimit -n 100; ulimit -n; cat /proc/$$/limits; cat /proc/self/limits | head -1",
    check: (out, side) => {
      const l = lines(out);
      assert.equal(l[0], "100", `${side}: ulimit -n`);
      assert.equal(l[1], "Limit                     Soft Limit           Hard Limit           Units     ", `${side}: header`);
      assert.equal(l.length, 19, `${side}: 16 limits, a header, and the ulimit line`);
      has(out, /^Max open files +100 +100 +files +$/m, side, "NOFILE after ulimit -n 100");
      for (const row of l.slice(2, 18)) assert.match(row, /^Max [a-z ]+ +(\d+|unlimited) +(\d+|unlimited) +(\S+ *)?$/, `${side}: ${row}`);
    },
  },
  {
    tag: "ulimit",
    script: "ulimit -n; ulimit -s; ulimit -c 0; ulimit -c",
    check: (out, side) => has(out, /^(\d+|unlimited)\n(\d+|unlimited)\n0\n$/, side, "ulimit values"),
  },
  {
    tag: "ps",
    script: "ps",
    check: (out, side) => {
      const l = lines(out);
      assert.match(l[0]!, /^ *PID +USER +(TIME +)?COMMAND$/, `${side}: ps header`);
      assert.ok(l.slice(1).every((x) => /^ *\d+ +\S+ +/.test(x)), `${side}: ps rows`);
      has(out, /busybox sh -c ps|\bps\b/, side, "ps sees itself or its shell");
    },
  },
  {
    tag: "top",
    script: "top -bn1 | head -20",
    check: (out, side) => {
      has(out, /^Mem: \d+K used, \d+K free, \d+K shrd, \d+K buff, \d+K cached$/m, side, "Mem line");
      has(out, /^CPU: +\d+% usr +\d+% sys/m, side, "CPU line");
      has(out, /^Load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+$/m, side, "Load average line");
      has(out, /^ +PID +PPID +USER +STAT +VSZ +%VSZ( +CPU)? +%CPU +COMMAND$/m, side, "process header");
      has(out, /^ *\d+ +\d+ +\S+ +[RSDTZ]/m, side, "a process row");
    },
  },
  {
    tag: "free",
    script: "free",
    check: (out, side) => {
      has(out, /^ +total +used +free +shared +buff\/cache +available\n/, side, "free header");
      has(out, /^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/m, side, "Mem row");
      has(out, /^Swap: +\d+ +\d+ +\d+$/m, side, "Swap row");
    },
  },
  {
    tag: "uptime",
    script: "uptime",
    check: (out, side) =>
      has(out, /^ \d\d:\d\d:\d\d up +.*, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/, side, "uptime line"),
  },
  {
    tag: "pidof",
    script: "pidof busybox > pids; echo $$; cat pids",
    check: (out, side) => {
      const [self, pids] = lines(out);
      assert.match(pids!, /^\d+( \d+)*$/, `${side}: pidof output`);
      assert.ok(pids!.split(" ").includes(self!), `${side}: pidof lists the shell`);
    },
  },
  {
    tag: "pgrep",
    applets: ["pgrep"],
    script: "busybox pgrep -x sh > p1; busybox pgrep -f 'sh -c busybox pgrep' > p2; echo $$; cat p1 p2",
    check: (out, side) => {
      const [self, ...rest] = lines(out);
      assert.ok(rest.includes(self!), `${side}: pgrep finds the shell`);
    },
  },
  {
    tag: "pkill",
    applets: ["pkill"],
    script: "busybox pkill -0 -x nosuchprogram; echo $?; busybox pkill -0 -f 'busybox pkill -0'; echo $?",
    check: (out, side) => has(out, /^1\n0\n$/, side, "pkill statuses"),
  },
  {
    tag: "lsof",
    applets: ["lsof"],
    script: "exec 3</dev/null; busybox lsof | grep -c /dev/null",
    check: (out, side) => has(out, /^[1-9]\d*\n$/, side, "lsof lists /dev/null"),
  },
  {
    tag: "comm",
    script: "echo -n renamed > /proc/self/comm; cat /proc/$$/comm; cat /proc/$$/status | head -3",
    check: (out, side) => has(out, /^renamed\nName:\trenamed\nUmask:\t0\d{3}\nState:\t[RS] \((running|sleeping)\)\n$/, side, "comm written"),
  },
];

let appletList: string[] | null = null;
function applets(): string[] {
  if (appletList === null) {
    try {
      appletList = execFileSync(BUSYBOX, ["--list"], { encoding: "utf8" }).split("\n");
    } catch {
      appletList = [];
    }
  }
  return appletList;
}

function diffCase(c: ShapeCase): DiffCase {
  return { id: `busybox-proc.${c.tag}`, program: BUSYBOX, args: ["sh", "-c", c.script] };
}

function text(o: Outcome): string {
  return o.stdout.toString("latin1");
}

const cases = selected(CASES.map(diffCase)).map((d) => CASES.find((c) => diffCase(c).id === d.id)!);

describe("busybox on /proc: Linux-shaped answers, native and under sysgate", { concurrency: concurrency() }, () => {
  for (const c of cases) {
    it(`busybox-proc.${c.tag}`, async (t) => {
      if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: run scripts/install-test-deps.sh`);
      const missing = (c.applets ?? []).filter((a) => !applets().includes(a));
      if (missing.length > 0) {
        t.skip(`this busybox has no ${missing.join(", ")}`);
        return;
      }
      const dc = diffCase(c);
      const native = await runNative(dc);
      c.check(text(native), "native");
      const sg = await runSysgate(dc);
      assert.equal(sg.timedOut, false, "sysgate run timed out");
      const noDigits = (o: Outcome) => o.stderr.toString("latin1").replace(/\d+/g, "N");
      assert.equal(noDigits(sg), noDigits(native), "stderr (numbers aside)");
      assert.equal(sg.status, native.status, "exit status");
      c.check(text(sg), "sysgate");
    });
  }
});
