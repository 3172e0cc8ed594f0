// Every x87 instruction form the decoder knows (x87-insns.asm) run natively and under the CPU: the
// results buffer (80-bit values, status words, EFLAGS, fnstenv and fxsave images) must match byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runElf } from "../cpu/mini-linux.js";

const here = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(here, "../../../tests/cpu-fp/x87-insns.asm");

function build(): string | null {
  if (process.arch !== "x64") return null;
  try {
    const dir = mkdtempSync(join(tmpdir(), "sg-x87-insns-"));
    execFileSync("nasm", ["-f", "elf64", "-o", join(dir, "x.o"), SRC], { stdio: "pipe" });
    execFileSync("ld", ["-static", "-o", join(dir, "x"), join(dir, "x.o")], { stdio: "pipe" });
    return join(dir, "x");
  } catch {
    return null;
  }
}

const exe = build();
test("x87 instruction forms match the host byte for byte", { skip: exe ? false : "needs nasm and ld on x86-64" }, () => {
  const want = execFileSync(exe!);
  const chunks: Buffer[] = [];
  const r = runElf(exe!, ["x"], 10_000_000, new Uint8Array(0), (fd, b) => { if (fd === 1) chunks.push(Buffer.from(b)); });
  assert.equal(r.stop, "exit");
  const got = Buffer.concat(chunks);
  const diffs: string[] = [];
  for (let i = 0; i < Math.max(got.length, want.length) && diffs.length < 10; i += 16) {
    const a = want.subarray(i, i + 16).toString("hex"), b = got.subarray(i, i + 16).toString("hex");
    if (a !== b) diffs.push(`offset ${i}: want ${a} got ${b}`);
  }
  assert.deepEqual(diffs, []);
  assert.equal(got.length, want.length);
});
