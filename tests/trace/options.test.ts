/**
 * strace's command line: the parser's results, its error lines (compared with the real strace's
 * when it is installed), and the -c table's shape against the real strace's.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseStrace, StraceUsageError } from "../../src/trace/options.js";
import { StatusBit } from "../../src/trace/tracer.js";
import { summaryTable } from "../../src/trace/summary.js";
import { ROOT, SYSGATE, haveStrace } from "./strace-diff.js";

function err(argv: string[]): string {
  try {
    parseStrace(argv);
  } catch (e) {
    if (e instanceof StraceUsageError) return e.message;
    throw e;
  }
  return "";
}

describe("strace options", () => {
  it("clusters short options and counts repeats", () => {
    const o = parseStrace(["-fftttTyyqq", "-s64", "-a", "20", "true"]);
    assert.equal(o.follow, 2);
    assert.equal(o.timestamps, 3);
    assert.equal(o.syscallTimes, true);
    assert.equal(o.decorate, 2);
    assert.equal(o.quietExit, true);
    assert.equal(o.strsize, 64);
    assert.equal(o.column, 20);
    assert.equal(o.prog, "true");
  });
  it("-z, -Z and -e status=", () => {
    assert.equal(parseStrace(["-z", "x"]).status, StatusBit.Successful);
    assert.equal(parseStrace(["-Z", "x"]).status, StatusBit.Failed);
    assert.equal(parseStrace(["-e", "status=failed,unfinished", "x"]).status, StatusBit.Failed | StatusBit.Unfinished);
    assert.equal(parseStrace(["-e", "status=!successful", "x"]).status, StatusBit.All & ~StatusBit.Successful);
    assert.equal(parseStrace(["-z", "-Z", "x"]).warnings.length, 1);
  });
  it("-e signal= and -e trace= sets", () => {
    const o = parseStrace(["-e", "signal=!SIGCHLD,usr1", "-e", "trace=%process,read", "x"]);
    assert.equal(o.signals![17], false);
    assert.equal(o.signals![10], false);
    assert.equal(o.signals![11], true);
    assert.equal(o.trace![0], true); // read
    assert.equal(o.trace![57], true); // fork
    assert.equal(o.trace![1], false);
  });
  it("-e inject= with when=, argument keys and several rules", () => {
    const o = parseStrace(["-e", "inject=openat:error=ENOENT:path=/etc/passwd:when=2..4+2", "-e", "inject=read:retval=0:fd=0", "-e", "fault=close", "x"]);
    assert.equal(o.inject.length, 3);
    const [a, b, c] = o.inject;
    assert.deepEqual([a!.error, a!.first, a!.last, a!.step], [2, 2, 4, 2]);
    assert.deepEqual(a!.argFilters, [{ kind: "path", value: "/etc/passwd", index: 1 }]);
    assert.equal(b!.retval, 0);
    assert.deepEqual(b!.argFilters, [{ kind: "fd", value: 0, index: 0 }]);
    assert.equal(c!.error, 38);
    assert.equal(parseStrace(["-e", "inject=read:delay_enter=5ms:when=3+", "x"]).inject[0]!.delayEnterUs, 5000);
  });
  it("strace's error lines", () => {
    assert.equal(err(["-e", "trace=foo", "x"]), "invalid system call 'foo'");
    assert.equal(err(["-e", "foo=bar", "x"]), "invalid system call 'foo=bar'");
    assert.equal(err(["-e", "signal=FOO", "x"]), "invalid signal 'FOO'");
    assert.equal(err(["-e", "status=bogus", "x"]), "invalid status 'bogus'");
    assert.equal(err(["-e", "quiet=bogus", "x"]), "invalid quiet 'bogus'");
    assert.equal(err(["-X", "bogus", "x"]), "invalid -X argument: 'bogus'");
    assert.equal(err(["-s", "x", "x"]), "invalid -s argument: 'x'");
    assert.equal(err(["-S", "bogus", "x"]), "invalid sortby: 'bogus'");
    assert.equal(err(["-U", "bogus", "x"]), "unknown column name: 'bogus'");
    assert.equal(err(["-e", "inject=openat", "x"]), "invalid inject argument 'openat'");
    assert.equal(err(["-e", "inject=openat:when=0", "x"]), "invalid inject argument 'openat:when=0'");
    assert.equal(err(["-e", "inject=open:error=FOO", "x"]), "invalid inject argument 'open:error=FOO'");
    assert.equal(err(["-e", "fault=openat:error=ENOENT:when=2..1", "x"]), "invalid fault argument 'openat:error=ENOENT:when=2..1'");
    assert.equal(err(["-c", "-o"]), "option requires an argument -- 'o'");
    assert.equal(err(["-P", "x"]), "must have PROG [ARGS] or -p PID");
    assert.equal(err(["--bogus", "x"]), "unrecognized option '--bogus'");
    assert.equal(err(["-K", "x"]), "invalid option -- 'K'");
  });
  it("-S and -U shape the summary table", () => {
    const stats = new Map([
      ["read", { calls: 2, errors: 1, ns: 3000, min: 1000, max: 2000 }],
      ["write", { calls: 5, errors: 0, ns: 1000, min: 200, max: 200 }],
    ]);
    const byCalls = summaryTable(stats, "calls").split("\n");
    assert.match(byCalls[2]!, / write$/);
    const cols = summaryTable(stats, "name", ["name", "calls", "errors", "max-time"]).split("\n");
    assert.equal(cols[0], "syscall              calls    errors  longest");
    assert.equal(cols[2], "read                     2         1 0.000002");
  });
});

/** Real strace vs sysgate strace on the same malformed command lines: stderr and status. */
const skip = !haveStrace() ? "strace is not installed" : false;
describe("usage errors match strace", { skip }, () => {
  const cases = [
    ["-e", "trace=foo"], ["-e", "signal=FOO"], ["-e", "status=bogus"], ["-X", "bogus"], ["-s", "x"], ["-a", "x"],
    ["-S", "bogus"], ["-U", "bogus"], ["-e", "trace=/["], ["-e", "trace=/zzzz"], ["-e", "inject=openat"], ["-e", "fault=openat:when=2..1"], ["--bogus"], ["-e", "quiet=bogus"],
  ];
  for (const c of cases) {
    it(c.join(" "), () => {
      const n = spawnSync("strace", [...c, "true"], { encoding: "utf8" });
      const s = spawnSync(process.execPath, [SYSGATE, "strace", ...c, "true"], { encoding: "utf8" });
      assert.equal(s.stderr, n.stderr);
      assert.equal(s.status, n.status);
    });
  }
});

/** -c: the same rows (name, calls, errors) in the table, times aside. */
describe("strace -c table", { skip }, () => {
  const prog = join(ROOT, "build/guest/musl/hello");
  it("hello", { skip: existsSync(prog) ? false : "not built" }, () => {
    const rows = (text: string) =>
      text
        .split("\n")
        .filter((l) => /^ *\d+\.\d\d /.test(l))
        .map((l) => l.trim().split(/ +/))
        .map((f) => (f.length === 6 ? [f[5], f[3], f[4]] : [f[4], f[3], ""]).join(" "))
        .sort();
    const n = spawnSync("strace", ["-c", "-S", "name", prog], { encoding: "utf8", cwd: "/tmp" });
    const s = spawnSync(process.execPath, [SYSGATE, "strace", "-c", "-S", "name", prog], { encoding: "utf8", cwd: "/tmp" });
    assert.deepEqual(rows(s.stderr), rows(n.stderr));
    assert.equal(s.stderr.split("\n")[0], n.stderr.split("\n")[0]);
  });
});

/** Failures while tracing, and what injection touches: real strace vs sysgate strace. */
describe("run-time behaviour matches strace", { skip }, () => {
  const prog = join(ROOT, "build/guest/musl/hello");
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8", cwd: "/tmp" });
  const both = (args: string[]) => [run("strace", args), run(process.execPath, [SYSGATE, "strace", ...args])] as const;
  const envAddr = (s: string) => s.replace(/0x[0-9a-f]+ \/\* \d+ vars \*\//, "ENV");
  it("-o /dev/full: one error line, the program goes on", { skip: existsSync(prog) ? false : "not built" }, () => {
    const [n, s] = both(["-o", "/dev/full", "-e", "trace=none", prog]);
    assert.equal(s.stderr, n.stderr);
    assert.equal(s.stdout, n.stdout);
    assert.equal(s.status, n.status);
  });
  it("a first exec that fails: its error, the reason, exit 1", () => {
    const [n, s] = both(["/"]);
    assert.equal(envAddr(s.stderr), envAddr(n.stderr));
    assert.equal(s.status, n.status);
  });
  it("faults go only to traced calls", { skip: existsSync(prog) ? false : "not built" }, () => {
    const [n, s] = both(["-e", "trace=exit_group", "-e", "fault=write,openat", prog]);
    assert.equal(s.stdout, n.stdout);
    assert.equal(s.stderr, n.stderr);
    assert.equal(s.status, n.status);
  });
  it("-o '|cmd' feeds the trace to a command", { skip: existsSync(prog) ? false : "not built" }, () => {
    const [n, s] = both(["-o", "|grep -c exit_group", "-e", "trace=exit_group", prog]);
    assert.equal(s.stdout, n.stdout);
    assert.equal(s.status, n.status);
  });
});
