/** Unit tests of the differential harness itself. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import * as fs from "node:fs";
import {
  compactDiff,
  compareOutcomes,
  dropCoreDumped,
  freshDir,
  runNative,
  signalNumber,
  signalText,
  type Outcome,
} from "./harness.js";
import { asmProgramNames, cProgramNames, generatedLines, guestCases, VARIANTS } from "./guest-cases.js";

const out = (stdout: string, stderr = "", status = 0): Outcome => ({
  stdout: Buffer.from(stdout),
  stderr: Buffer.from(stderr),
  status,
  timedOut: false,
  ms: 1,
});

describe("harness", () => {
  it("maps signals to shell status and wording", () => {
    assert.equal(signalNumber("SIGSEGV"), 11);
    assert.equal(signalNumber("SIGILL"), 4);
    assert.equal(signalNumber("SIGFPE"), 8);
    assert.equal(signalNumber("SIGTRAP"), 5);
    assert.equal(signalNumber("SIGABRT"), 6);
    assert.equal(signalText("SIGSEGV"), "Segmentation fault");
    assert.equal(signalText("SIGABRT"), "Aborted");
    assert.equal(signalText("SIGPIPE"), null);
  });

  it("ignores only a trailing ' (core dumped)'", () => {
    assert.equal(dropCoreDumped(Buffer.from("x\nSegmentation fault (core dumped)\n")).toString(), "x\nSegmentation fault\n");
    assert.equal(dropCoreDumped(Buffer.from("(core dumped) early\n")).toString(), "(core dumped) early\n");
  });

  it("reports equal outcomes as equal and shows the first difference", () => {
    assert.equal(compareOutcomes(out("a\nb\n"), out("a\nb\n")), null);
    const r = compareOutcomes(out("a\nb\nc\n", "", 0), out("a\nB\nc\n", "", 1));
    assert.ok(r);
    assert.match(r!, /exit status: native 0, sysgate 1/);
    assert.match(r!, /first difference at line 2/);
    assert.match(r!, /  - b/);
    assert.match(r!, /  \+ B/);
    assert.match(compactDiff("stdout", Buffer.from("\x01"), Buffer.from("\x02")), /\\x01/);
  });

  it("gives each case a fresh directory", () => {
    const c = { id: "harness-selftest", program: "/bin/true", setup: (d: string) => fs.writeFileSync(path.join(d, "f"), "x") };
    const d1 = freshDir(c);
    fs.writeFileSync(path.join(d1, "junk"), "y");
    const d2 = freshDir(c);
    assert.equal(d1, d2);
    assert.deepEqual(fs.readdirSync(d2).sort(), ["f"]);
    fs.rmSync(d2, { recursive: true, force: true });
  });

  it("turns a native death by signal into 128+N and the shell's line", async () => {
    const r = await runNative({ id: "harness-signal", program: "/bin/sh", args: ["-c", "kill -SEGV $$"] });
    assert.equal(r.status, 139);
    assert.equal(r.stderr.toString(), "Segmentation fault\n");
  });

  it("feeds stdin and captures both streams", async () => {
    const r = await runNative({ id: "harness-io", program: "/bin/sh", args: ["-c", "cat; echo err >&2; exit 3"], stdin: "in\n" });
    assert.equal(r.stdout.toString(), "in\n");
    assert.equal(r.stderr.toString(), "err\n");
    assert.equal(r.status, 3);
  });

  it("has enough guest programs, each in three builds", () => {
    assert.ok(cProgramNames().length >= 45, `only ${cProgramNames().length} C guest programs`);
    assert.ok(asmProgramNames().length >= 2);
    const ids = guestCases().map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, "case ids must be unique");
    for (const n of Object.keys(VARIANTS)) assert.ok(cProgramNames().includes(n) || asmProgramNames().includes(n), `VARIANTS names unknown program ${n}`);
    assert.equal(generatedLines(10), generatedLines(10));
  });
});
