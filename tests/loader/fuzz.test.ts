// 1,000 randomly corrupted copies of a real static binary: loadElf must either load each one or
// refuse it with ElfError (or E2BIG's SyscallError, which cannot happen here). Anything else
// (RangeError, TypeError, a host crash) fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { AddressSpace } from "../../src/mm/address-space.js";
import { ElfError, loadElf } from "../../src/loader/elf.js";
import { build, prng } from "./fixtures.js";

test("fuzz: 1,000 corrupted binaries load or throw ElfError", () => {
  const built = build("musl-static");
  const base = "skip" in built ? new Uint8Array(readFileSync("/bin/busybox")) : built.image;
  const rnd = prng(0x5eed);
  const int = (n: number) => Math.floor(rnd() * n);
  const dv0 = new DataView(base.buffer, base.byteOffset);
  const phEnd = Number(dv0.getBigUint64(32, true)) + dv0.getUint16(56, true) * 56;
  let loaded = 0;
  let refused = 0;
  const reasons = new Map<string, number>();
  for (let n = 0; n < 1000; n++) {
    let img = base.slice();
    const dv = new DataView(img.buffer);
    const kind = int(7);
    const edits = 1 + int(8);
    for (let e = 0; e < edits; e++) {
      // mostly hit the ELF and program headers, where the loader looks
      const pos = int(4) === 0 ? int(img.length) : int(Math.min(phEnd, img.length));
      if (kind === 0) img[pos] = int(256);
      else if (kind === 1) img[pos] ^= 1 << int(8);
      else if (kind === 2 && pos + 8 <= img.length) {
        const specials = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x1000, 0xfff];
        dv.setUint32(pos - (pos % 4), specials[int(specials.length)], true);
      } else if (kind === 3 && pos + 8 <= img.length) {
        dv.setUint32(pos - (pos % 8) + 4, int(2) ? 0xffffffff : int(0x10000), true);
      } else if (kind === 4) img[pos] = 0;
    }
    if (kind === 6) {
      // structure-aware: rewrite one field of one program header with an interesting value
      const phoff = Number(dv0.getBigUint64(32, true));
      const ph = phoff + int(dv0.getUint16(56, true)) * 56;
      const fields = [0, 4, 8, 16, 32, 40, 48];
      const f = fields[int(fields.length)];
      const values = [0n, 1n, 0x1000n, 0xfffn, 0x7ffffffff000n, 0x800000000000n, 0xffffffffffffffffn,
        BigInt(img.length), BigInt(img.length + 1), 0x400000n, 0x10000n];
      const v = values[int(values.length)];
      if (f <= 4) dv.setUint32(ph + f, Number(v & 0xffffffffn), true);
      else dv.setBigUint64(ph + f, v, true);
    }
    if (kind === 5 || int(10) === 0) img = img.subarray(0, int(img.length));
    try {
      const mm = new AddressSpace({ memoryLimit: 256 * 1024 * 1024 });
      loadElf(mm, img, {
        argv: ["fuzz"], envp: [], random: new Uint8Array(16), uid: 0, euid: 0, gid: 0, egid: 0, hwcap: 0,
      });
      mm.release();
      loaded++;
    } catch (e) {
      if (!(e instanceof ElfError)) {
        assert.fail(`case ${n} (kind ${kind}) threw ${(e as Error)?.stack ?? e}`);
      }
      assert.ok(!e.message.includes("\n"));
      refused++;
      const key = e.message.replace(/0x[0-9a-f]+|\d+/g, "N");
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  console.log(`# fuzz: ${loaded} loaded, ${refused} refused`);
  for (const [k, v] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`#   ${v} × ${k}`);
  assert.equal(loaded + refused, 1000);
});
