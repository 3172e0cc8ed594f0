// Micro-benchmark of the TLB hit path. Prints numbers; asserts nothing about time.
import { test } from "node:test";
import { AddressSpace } from "../../src/mm/address-space.js";
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../src/abi/mman.js";

test("micro-benchmark: ns per read32 / write32 / fetch8 hit", () => {
  const mm = new AddressSpace();
  const len = 64 * 1024;
  const a = mm.mmap(0, len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
  for (let off = 0; off < len; off += 4096) mm.write8(a + off, 1);
  const n = 20_000_000;
  const mask = len - 4;
  const run = (label: string, fn: () => number): void => {
    fn(); // warm up (twice: the first run is mostly the JIT compiling)
    fn();
    const t0 = process.hrtime.bigint();
    const sink = fn();
    const ns = Number(process.hrtime.bigint() - t0) / n;
    console.log(`# ${label}: ${ns.toFixed(2)} ns per access (sink ${sink & 1})`);
  };
  run("read32 hit", () => {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + mm.read32(a + ((i * 4) & mask))) | 0;
    return s;
  });
  run("write32 hit", () => {
    for (let i = 0; i < n; i++) mm.write32(a + ((i * 4) & mask), i);
    return 0;
  });
  run("read64 hit", () => {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + mm.read64(a + ((i * 8) & (len - 8)))) | 0;
    return s;
  });
  run("fetch8 hit", () => {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + mm.fetch8(a + (i & (len - 1)))) | 0;
    return s;
  });
});
