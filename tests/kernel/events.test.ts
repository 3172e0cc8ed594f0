// The tracer's raw material: enter/exit events plus the signatures table are enough to print a
// syscall line the way strace does. A tiny formatter (for the kinds `write` uses) checks that.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Kernel } from "../../src/kernel/kernel.js";
import { syscallNames } from "../../src/abi/syscalls.js";
import { signatureOf, type ArgSig } from "../../src/abi/signatures.js";
import type { Task } from "../../src/kernel/task.js";
import type { SyscallArgs } from "../../src/kernel/syscall-args.js";
import { have, testHost } from "./helpers.js";

function cString(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 10) s += "\\n";
    else if (b === 34) s += '\\"';
    else if (b === 92) s += "\\\\";
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += "\\" + b.toString(8);
  }
  return s + '"';
}

function formatArg(t: Task, a: SyscallArgs, i: number, sig: ArgSig): string {
  switch (sig.kind) {
    case "fd":
    case "int":
      return String(a.int(i));
    case "size":
      return String(a.u64(i));
    case "buf_in":
      return cString(t.mm.copyIn(a.ptr(i), Math.min(a.u64(sig.lenArg!), 32)));
    default:
      return "0x" + a.u64(i).toString(16);
  }
}

test("a strace-style line for write(2) built from events and signatures matches strace", async (t) => {
  if (!have("strace") || !have("busybox")) return t.skip("strace or busybox missing");
  const bb = spawnSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).stdout.trim();
  const real = spawnSync("strace", ["-qq", "-e", "trace=write", bb, "echo", "hello"], { encoding: "utf8" });
  const expected = real.stderr.trim().replace(/\s+=/, " =");

  const { host } = testHost();
  const k = new Kernel(host, {});
  const lines: string[] = [];
  let pending = "";
  k.events.on("syscallEnter", (task, nr, args) => {
    if (syscallNames[nr] !== "write") return;
    const s = signatureOf(nr, syscallNames[nr]);
    pending = `${s.name}(${s.args.map((sig, i) => formatArg(task, args, i, sig)).join(", ")})`;
  });
  k.events.on("syscallExit", (_task, nr, result) => {
    if (syscallNames[nr] === "write") lines.push(`${pending} = ${result}`);
  });
  k.spawn(bb, ["busybox", "echo", "hello"], []);
  await k.run();
  assert.deepEqual(lines, [expected]);
});
