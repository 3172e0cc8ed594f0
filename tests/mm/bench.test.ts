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

test("micro-benchmark: TLB miss, first touch, fork of a 64 MiB resident address space", () => {
  const mm = new AddressSpace();
  const len = 64 * 1024 * 1024;
  const a = mm.mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
  let t0 = process.hrtime.bigint();
  for (let off = 0; off < len; off += 4096) mm.write32(a + off, off);
  const pages = len / 4096;
  console.log(`# first touch (frame allocation): ${(Number(process.hrtime.bigint() - t0) / pages).toFixed(0)} ns per page`);
  t0 = process.hrtime.bigint();
  let s = 0;
  for (let r = 0; r < 4; r++) for (let off = 0; off < len; off += 4096) s = (s + mm.read32(a + off)) | 0;
  console.log(`# TLB miss (resident page): ${(Number(process.hrtime.bigint() - t0) / (4 * pages)).toFixed(0)} ns per access (sink ${s & 1})`);
  t0 = process.hrtime.bigint();
  const child = mm.fork();
  console.log(`# fork of ${pages} resident pages: ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms`);
  t0 = process.hrtime.bigint();
  for (let off = 0; off < len; off += 4096) child.write32(a + off, 1);
  console.log(`# copy-on-write fault: ${(Number(process.hrtime.bigint() - t0) / pages).toFixed(0)} ns per page`);
  child.release();
  mm.release();
});
