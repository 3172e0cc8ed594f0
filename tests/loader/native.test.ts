// Differential: the same static program, started natively by Linux (without address-space
// randomisation: setarch -R) and by loadElf with the same argv, environment and execfn, must find
// argv, envp, AT_RANDOM, AT_PLATFORM, AT_EXECFN, AT_PHDR and the argv array at the same addresses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { AddressSpace } from "../../src/mm/address-space.js";
import { loadElf } from "../../src/loader/elf.js";
import { AT_EXECFN, AT_PHDR, AT_PLATFORM, AT_RANDOM, AT_RSEQ_FEATURE_SIZE, AT_SYSINFO_EHDR, AT_ENTRY } from "../../src/abi/elf.js";
import { build, type Flavour } from "./fixtures.js";

const hex = (n: number) => "0x" + n.toString(16);

for (const flavour of ["musl-static", "gcc-static", "gcc-static-pie"] as Flavour[]) {
  test(`initial stack matches Linux: ${flavour}`, (t) => {
    const b = build(flavour, "auxv");
    if ("skip" in b) {
      t.skip(b.skip);
      return;
    }
    const args = ["one", "two three", ""];
    const env = ["A=1", "LONGER_NAME=some value"];
    const r = spawnSync("setarch", ["-R", "env", "-i", ...env, b.path, ...args], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
      t.skip(`cannot run natively without randomisation: ${r.error?.message ?? r.stderr}`);
      return;
    }
    const lines = r.stdout.trim().split("\n").map((l) => l.split("="));
    const get = (k: string) => lines.filter(([key]) => key === k).map(([, v]) => v);
    const auxTypes = get("auxtypes")[0].split(",").filter(Boolean).map(Number);

    const mm = new AddressSpace();
    const img = loadElf(mm, b.image, {
      argv: [b.path, ...args],
      envp: env,
      execfn: b.path,
      random: new Uint8Array(16),
      uid: 0, euid: 0, gid: 0, egid: 0, hwcap: 0,
      vdsoBase: auxTypes.includes(AT_SYSINFO_EHDR) ? 0x7ffff7ffd000 : undefined,
      rseq: auxTypes.includes(AT_RSEQ_FEATURE_SIZE) ? { featureSize: 28, align: 32 } : undefined,
      pieLayout: "linux",
    });
    const aux = new Map(img.auxv);
    const argvArray = img.stackPointer + 8;
    const ours = {
      arg: [0, 1, 2, 3].map((i) => hex(mm.readU64(argvArray + i * 8))),
      env: [0, 1].map((i) => hex(mm.readU64(argvArray + (4 + 1 + i) * 8))),
      random: hex(aux.get(AT_RANDOM)!),
      platform: hex(aux.get(AT_PLATFORM)!),
      execfn: hex(aux.get(AT_EXECFN)!),
    };
    assert.deepEqual(ours.arg, get("arg"), "argv strings");
    assert.deepEqual(ours.env, get("env"), "envp strings");
    assert.equal(ours.random, get("random")[0], "AT_RANDOM");
    assert.equal(ours.platform, get("platform")[0], "AT_PLATFORM");
    assert.equal(ours.execfn, get("execfn")[0], "AT_EXECFN");
    assert.equal(hex(img.phdrAddr), get("phdr")[0], "AT_PHDR");
    assert.equal(hex(aux.get(AT_ENTRY)!), get("entry")[0], "AT_ENTRY");
    if (flavour === "musl-static") assert.equal(hex(img.brkStart), get("brk")[0], "initial program break");
    else {
      // glibc takes memory with brk before main (its static TLS block): ours is the start of that
      const native = Number(get("brk")[0]);
      assert.ok(img.brkStart <= native && native - img.brkStart < 0x40000, `brk ${hex(img.brkStart)} vs ${hex(native)}`);
    }
    assert.equal(hex(argvArray), get("argv")[0], "argv array (so rsp) where Linux puts it");
  });
}
