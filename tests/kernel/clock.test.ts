// The machine clock's policies (host, fixed, deterministic), its timers, and the vDSO's data page
// and mapping, without a guest program.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Host } from "../../src/host/types.js";
import { MachineClock, parseClockMode, DEFAULT_DETERMINISTIC_EPOCH } from "../../src/kernel/clock.js";
import { Cpu } from "../../src/cpu/cpu.js";
import { AddressSpace } from "../../src/mm/address-space.js";
import { FramePool } from "../../src/mm/frames.js";
import { Vdso, vdsoImage, VVAR_PAGES } from "../../src/kernel/vdso.js";
import { testHost } from "./helpers.js";

/** A host whose clocks only move when told. */
function fakeHost(): Host & { advance(ms: number): void; close(): void } {
  const { host } = testHost();
  let mono = 5000;
  const real = 1_700_000_000_000.25;
  return Object.assign(Object.create(host) as Host, {
    monotonicMs: () => mono,
    realtimeMs: () => real + (mono - 5000),
    advance(ms: number) {
      mono += ms;
    },
    close: () => (host as unknown as { close(): void }).close(),
  }) as Host & { advance(ms: number): void; close(): void };
}

test("--clock values", () => {
  assert.deepEqual(parseClockMode("host"), { kind: "host" });
  assert.deepEqual(parseClockMode("fixed:1234"), { kind: "fixed", epochSeconds: 1234 });
  assert.deepEqual(parseClockMode("deterministic"), { kind: "deterministic", epochSeconds: DEFAULT_DETERMINISTIC_EPOCH });
  assert.deepEqual(parseClockMode("deterministic:99"), { kind: "deterministic", epochSeconds: 99 });
  for (const bad of ["fixed", "fixed:", "fixed:x", "sometimes", "deterministic:-1", ""]) assert.equal(parseClockMode(bad), null, bad);
});

test("host clock: monotonic starts at 1 s, realtime = wall time at boot + elapsed, exact in ns", () => {
  const h = fakeHost();
  const c = new MachineClock(h);
  assert.equal(c.monotonicNs(), 1_000_000_000);
  h.advance(2.5);
  assert.equal(c.monotonicNs(), 1_002_500_000);
  const rt = { sec: 0, nsec: 0 };
  c.realtimeOf(c.monotonicNs(), rt);
  assert.deepEqual(rt, { sec: 1_700_000_000, nsec: 2_750_000 });
  assert.ok(Math.abs(c.realtimeMs() - 1_700_000_000_002.75) < 0.001);
  // coarse clocks show the last tick
  assert.equal(c.coarseMonotonicMs(), 1000);
  c.tick();
  assert.equal(c.coarseMonotonicMs(), 1002.5);
  h.close();
});

test("fixed clock: realtime starts at the epoch and runs", () => {
  const h = fakeHost();
  const c = new MachineClock(h, { kind: "fixed", epochSeconds: 1234567890 });
  assert.equal(c.realtimeMs(), 1234567890_000);
  h.advance(10);
  assert.equal(c.realtimeMs(), 1234567890_010);
  h.close();
});

test("deterministic clock: instructions, not the host, move time; idle timers jump ahead", () => {
  const h = fakeHost();
  const c = new MachineClock(h, { kind: "deterministic", epochSeconds: 1000 });
  const cpu = new Cpu(new AddressSpace());
  h.advance(1000);
  assert.equal(c.monotonicNs(), 1_000_000_000, "host time does not count");
  c.runStart(cpu);
  cpu.instructions += 500;
  assert.equal(c.monotonicNs(), 1_000_000_500, "the running CPU's instructions count at once");
  assert.equal(c.readTsc(cpu), 1_000_000_500);
  c.runEnd(cpu);
  assert.equal(c.cpuStampMs(), 0.0005);
  const fired: string[] = [];
  c.setTimer(2, () => fired.push("b"));
  const cancel = c.setTimer(1, () => fired.push("x"));
  c.setTimer(1, () => fired.push("a"));
  cancel();
  assert.equal(c.fireNextTimer(), true);
  assert.deepEqual(fired, ["a"]);
  assert.equal(c.monotonicNs(), 1_001_000_500);
  assert.equal(c.fireNextTimer(), true);
  assert.deepEqual(fired, ["a", "b"]);
  assert.equal(c.monotonicNs(), 1_002_000_500);
  assert.equal(c.fireNextTimer(), false);
  assert.equal(c.realtimeMs(), 1000_000 + 2.0005);
  h.close();
});

test("host clock timers are host timers; fireNextTimer never jumps", () => {
  const h = fakeHost();
  const c = new MachineClock(h);
  const cancel = c.setTimer(60_000, () => assert.fail("cancelled timer fired"));
  assert.equal(c.fireNextTimer(), false);
  cancel();
  h.close();
});

test("the vDSO image is an ELF shared object; [vvar] then [vdso] are mapped read-only, below mmap_base", () => {
  const img = vdsoImage();
  assert.deepEqual([...img.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
  assert.equal(img[16], 3, "ET_DYN");
  const h = fakeHost();
  const clock = new MachineClock(h);
  const pool = new FramePool({ limitBytes: 1 << 26 });
  const v = new Vdso(pool, clock);
  const mm = new AddressSpace({ pool });
  mm.mmapBase = 0x7ffff7fff000;
  const at = v.map(mm);
  assert.ok(at > 0 && at % 4096 === 0);
  const maps = mm.vmas();
  const vvar = maps.find((m) => m.path === "[vvar]")!;
  const vdso = maps.find((m) => m.path === "[vdso]")!;
  assert.equal(vvar.end, vdso.start);
  assert.equal(vdso.start, at);
  assert.equal(vvar.end - vvar.start, VVAR_PAGES * 4096);
  // The data page holds the time of the last tick.
  h.advance(3);
  clock.tick();
  v.refresh();
  const page = mm.peek(vvar.start, 4096)!;
  const dv = new DataView(page.buffer, page.byteOffset, page.byteLength);
  assert.equal(dv.getUint32(0, true) % 2, 0, "sequence even");
  assert.equal(dv.getUint32(8, true), 1_003_000_000, "tsc_base = monotonic ns");
  assert.equal(dv.getUint32(64 + 16, true), 1, "MONOTONIC sec");
  assert.equal(dv.getUint32(64 + 24, true), 3_000_000, "MONOTONIC nsec");
  assert.equal(dv.getUint32(64, true), 1_700_000_000, "REALTIME sec");
  // The frame goes back to the pool with the last mapping.
  mm.release();
  assert.equal(pool.inUse, 0);
  v.refresh(); // nothing mapped: a no-op
  const mm2 = new AddressSpace({ pool });
  assert.ok(v.map(mm2) > 0);
  mm2.release();
  assert.equal(pool.inUse, 0);
  h.close();
});
