// Random instruction bytes: the CPU must stop with Fault, Syscall or Budget, never a JS exception.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StopReason } from "../../src/cpu/fault.js";
import { makeCpu } from "./helpers.js";
import { FlatMemory } from "./flat-memory.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

test("random code never throws a JS exception", () => {
  const r = rng(12345);
  const mem = new FlatMemory(4 << 20);
  const counts = new Map<number, number>();
  for (let round = 0; round < 3000; round++) {
    const code = new Uint8Array(64);
    for (let k = 0; k < code.length; k++) code[k] = r() & 0xff;
    // bias towards interesting prefixes and escape bytes
    if (round % 3 === 0) code[0] = [0x0f, 0x66, 0xf3, 0xf2, 0x48, 0x67, 0x64][r() % 7]!;
    const cpu = makeCpu(code, mem);
    for (let k = 0; k < 16; k++) { cpu.lo[k] = r() % 3 === 0 ? 0x100000 + (r() & 0xfff) : r(); cpu.hi[k] = r() % 2 ? 0 : r(); }
    cpu.lo[4] = 0x200000; cpu.hi[4] = 0;
    let why: StopReason;
    try {
      why = cpu.run(200);
    } catch (e) {
      assert.fail(`round ${round}: ${String(e)} on bytes ${Buffer.from(code).toString("hex")}`);
    }
    counts.set(why, (counts.get(why) ?? 0) + 1);
    cpu.flushCodeCache();
  }
  console.log(`# outcomes: ${[...counts].map(([k, v]) => `${k}:${v}`).join(" ")}`);
});
