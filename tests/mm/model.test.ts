// Model-based test: random mmap / munmap / mprotect / mremap / madvise / fork / reads / writes on a
// 64-page window, checked step by step against a page-by-page model, plus VMA invariants (sorted,
// disjoint, and merged as Linux merges: no two adjacent anonymous VMAs with the same attributes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AddressSpace } from "../../src/mm/address-space.js";
import { memoryFault } from "../../src/cpu/fault.js";
import { Errno } from "../../src/abi/errno.js";
import { MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MREMAP_FIXED, MREMAP_MAYMOVE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../src/abi/mman.js";

const N = 64;
const BASE = 0x40000000;
const P = 4096;

interface Page { prot: number; value: number }

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return Math.floor((s / 4294967296) * n);
  };
}

function tryRead(mm: AddressSpace, a: number): number | "fault" {
  try {
    return mm.read8(a);
  } catch (e) {
    if (e === memoryFault) return "fault";
    throw e;
  }
}
function tryWrite(mm: AddressSpace, a: number, v: number): "ok" | "fault" {
  try {
    mm.write8(a, v);
    return "ok";
  } catch (e) {
    if (e === memoryFault) return "fault";
    throw e;
  }
}

function check(mm: AddressSpace, model: (Page | null)[], step: string): void {
  const vmas = mm.vmas();
  for (let i = 1; i < vmas.length; i++) {
    const a = vmas[i - 1];
    const b = vmas[i];
    assert.ok(a.end <= b.start, `${step}: VMAs overlap or unsorted`);
    assert.ok(!(a.end === b.start && a.prot === b.prot && a.anonymous && b.anonymous && !a.shared && !b.shared && a.path === b.path),
      `${step}: adjacent VMAs not merged ${a.start.toString(16)}-${a.end.toString(16)} / ${b.start.toString(16)}`);
  }
  for (let i = 0; i < N; i++) {
    const m = model[i];
    const inVma = vmas.some((v) => v.start <= BASE + i * P && BASE + i * P < v.end);
    assert.equal(inVma, m !== null, `${step}: page ${i} mapped?`);
    const r = tryRead(mm, BASE + i * P);
    if (m === null || m.prot === 0) assert.equal(r, "fault", `${step}: page ${i} should fault`);
    else assert.equal(r, m.value, `${step}: page ${i} value`);
  }
}

for (const seed of [12345, 777, 4242, 99991, 31337]) test(`model-based: 3,000 random memory operations agree with a page model (seed ${seed})`, () => {
  const r = rng(seed);
  let mm = new AddressSpace();
  let model: (Page | null)[] = new Array(N).fill(null);
  const prots = [0, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC];
  for (let step = 0; step < 3000; step++) {
    const i = r(N);
    const k = 1 + r(Math.min(8, N - i));
    const op = r(8);
    const label = `step ${step} op ${op} i=${i} k=${k}`;
    if (op === 0) {
      const prot = prots[r(prots.length)];
      assert.equal(mm.mmap(BASE + i * P, k * P, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, null, 0), BASE + i * P, label);
      for (let j = i; j < i + k; j++) model[j] = { prot, value: 0 };
    } else if (op === 1) {
      assert.equal(mm.munmap(BASE + i * P, k * P), 0, label);
      for (let j = i; j < i + k; j++) model[j] = null;
    } else if (op === 2) {
      const prot = prots[r(prots.length)];
      const all = model.slice(i, i + k).every((x) => x !== null);
      assert.equal(mm.mprotect(BASE + i * P, k * P, prot), all ? 0 : -Errno.ENOMEM, label);
      // Linux applies the change up to the first hole
      for (let j = i; j < i + k && model[j] !== null; j++) model[j]!.prot = prot;
    } else if (op === 3 || op === 4) {
      const v = 1 + r(255);
      const m = model[i];
      const res = tryWrite(mm, BASE + i * P, v);
      if (m !== null && (m.prot & PROT_WRITE)) {
        assert.equal(res, "ok", label);
        m.value = v;
      } else {
        assert.equal(res, "fault", label);
      }
    } else if (op === 5) {
      // mremap a range to a non-overlapping place in the window (MREMAP_FIXED)
      const dst = r(N - k + 1);
      if (dst + k > i && i + k > dst) continue;
      const first = model[i];
      // one VMA holds the range iff it is mapped with one protection throughout
      const oneVma = first !== null && model.slice(i, i + k).every((x) => x !== null && x.prot === first.prot);
      const got = mm.mremap(BASE + i * P, k * P, k * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + dst * P);
      if (!oneVma) {
        assert.equal(got, -Errno.EFAULT, label);
      } else {
        assert.equal(got, BASE + dst * P, label);
        const moved = model.slice(i, i + k);
        for (let j = i; j < i + k; j++) model[j] = null;
        for (let j = 0; j < k; j++) model[dst + j] = moved[j];
      }
    } else if (op === 6) {
      const all = model.slice(i, i + k).every((x) => x !== null);
      assert.equal(mm.madvise(BASE + i * P, k * P, MADV_DONTNEED), all ? 0 : -Errno.ENOMEM, label);
      for (let j = i; j < i + k; j++) if (model[j] !== null) model[j]!.value = 0;
    } else if (op === 7 && r(10) === 0) {
      // fork: the child must see the same memory; then continue in the child or the parent
      const child = mm.fork();
      check(child, model, `${label} (child)`);
      if (r(2) === 0) {
        mm.release();
        mm = child;
      } else {
        // the child's writes must not leak into the parent
        for (let j = 0; j < N; j++) if (model[j] !== null && (model[j]!.prot & PROT_WRITE)) child.write8(BASE + j * P, 0xee);
        child.release();
      }
      model = model.map((x) => (x === null ? null : { ...x }));
    }
    check(mm, model, label);
  }
  mm.release();
  assert.equal(mm.pool.inUse, 0, "every frame returned");
});
