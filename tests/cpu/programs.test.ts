// Real compiler output on the CPU: the sample program built with musl and glibc runs to completion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildSamples } from "./build-samples.js";
import { runElf } from "./mini-linux.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const samples = buildSamples();
const expected = "fib(20)=6765 args=2 len=11 hello\n";
for (const [name, path] of [["musl", samples.musl], ["glibc", samples.glibc], ["glibc static-pie", samples.glibcPie]] as const) {
  test(`sample program runs: ${name}`, { skip: !path }, () => {
    const r = runElf(path!, ["sample", "hello"]);
    assert.equal(r.stop, "exit", `${r.stop}; output so far: ${JSON.stringify(r.stdout)}`);
    assert.equal(r.stdout, expected);
    assert.equal(r.status, 0);
    console.log(`# ${name}: ${r.instructions} instructions`);
  });
}

const bb: [string[], string][] = [
  [["echo", "hello", "world"], "hello world\n"],
  [["dirname", "/a/b/c"], "/a/b\n"],
  [["expr", "6", "*", "7"], "42\n"],
  [["printf", "%x-%05d-%s\\n", "255", "42", "ok"], "ff-00042-ok\n"],
  [["basename", "/usr/lib/libc.so"], "libc.so\n"],
];
for (const [args, want] of bb) {
  test(`busybox ${args.join(" ")}`, () => {
    const r = runElf("/bin/busybox", args);
    assert.equal(r.stop, "exit", `${r.stop}; output so far: ${JSON.stringify(r.stdout)}`);
    assert.equal(r.stdout, want);
  });
}

test("libc string functions agree with native (musl, glibc)", () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const src = join(here, "..", "..", "..", "tests", "cpu", "strings.c");
  const dir = mkdtempSync(join(tmpdir(), "sg-strings-"));
  for (const [cc, flags] of [["musl-gcc", ["-static", "-O2"]], ["gcc", ["-static", "-O2"]]] as const) {
    const exe = join(dir, cc);
    try { execFileSync(cc, [...flags, "-o", exe, src], { stdio: "pipe" }); } catch { continue; }
    const native = execFileSync(exe).toString();
    const r = runElf(exe, [exe]);
    assert.equal(r.stop, "exit", `${cc}: ${r.stop}`);
    assert.equal(r.stdout, native, cc);
  }
});
