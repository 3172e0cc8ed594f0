// procfs's text generators and tree against a fake task (the guest programs procfs_* check the
// same files against Linux itself; these pin the formats without a CPU).
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { cpuid } from "../../src/cpu/cpuid.js";
import { limitsText, statText, statusText, syscallText } from "../../src/kernel/vfs/procfs-pid.js";
import { cpuFlags, cpuinfoText } from "../../src/kernel/vfs/procfs-sys.js";
import { defaultRlimits } from "../../src/kernel/rlimits.js";
import { makeRig } from "./helpers.js";

test("limits: Linux's column widths, units, unlimited, as setrlimit leaves them", () => {
  const rl = defaultRlimits();
  rl[7] = { cur: 100, max: 200 };
  const l = limitsText(rl).split("\n");
  assert.equal(l[0], "Limit                     Soft Limit           Hard Limit           Units     ");
  assert.equal(l[1], "Max cpu time              unlimited            unlimited            seconds   ");
  assert.equal(l[8], "Max open files            100                  200                  files     ");
  assert.equal(l[14], "Max nice priority         0                    0                    ");
  assert.equal(l.length, 18);
});

test("status and stat of the fake process: names in order, 52 stat fields", () => {
  const { t } = makeRig();
  const p = t.process;
  const s = statusText(p, { tid: 42, state: 1 }, 42, t);
  const names = s.trimEnd().split("\n").map((x) => x.slice(0, x.indexOf(":")));
  assert.deepEqual(names.slice(0, 12), ["Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid", "FDSize", "Groups"]);
  assert.ok(names.indexOf("VmRSS") < names.indexOf("Threads") && names.indexOf("SigCgt") < names.indexOf("Cpus_allowed"));
  assert.match(s, /^State:\tS \(sleeping\)$/m);
  assert.match(s, /^VmSize:\t +\d+ kB$/m);
  const st = statText(p, { tid: 42, state: 0 }, 42, true, 5e9);
  assert.ok(st.endsWith("\n"));
  const fields = st.trimEnd().split(" ");
  assert.equal(fields.length, 52);
  assert.deepEqual(fields.slice(0, 6), ["42", "(fake)", "R", "1", "42", "42"]);
});

test("syscall: running in user space, the call and its arguments while in one", () => {
  assert.equal(syscallText({ tid: 1, state: 0, syscallNr: -1 }), "running\n");
  const lo = new Int32Array(16), hi = new Int32Array(16);
  lo[7] = 3; lo[6] = 0x1000; lo[2] = 64; lo[4] = 0x7ffc0000 | 0; hi[4] = 0x7fff; lo[10] = -1; hi[10] = -1;
  const text = syscallText({ tid: 1, state: 1, syscallNr: 0, cpu: { lo, hi, rip: 0x401234 } });
  assert.equal(text, "0 0x3 0x1000 0x40 0xffffffffffffffff 0x0 0x0 0x7fff7ffc0000 0x401234\n");
});

test("cpuinfo: the flags are exactly what CPUID reports, named as Linux names them", () => {
  const flags = cpuFlags();
  const out = new Int32Array(4);
  cpuid(1, 0, out);
  assert.equal(flags.includes("sse2"), ((out[3]! >>> 26) & 1) === 1);
  assert.equal(flags.includes("mmx"), ((out[3]! >>> 23) & 1) === 1);
  assert.equal(flags.includes("cx16"), ((out[2]! >>> 13) & 1) === 1);
  assert.equal(flags.includes("popcnt"), ((out[2]! >>> 23) & 1) === 1);
  const text = cpuinfoText(null);
  assert.match(text, /^processor\t: 0\nvendor_id\t: GenuineIntel\n/);
  assert.ok(text.includes(`\nflags\t\t: ${flags.join(" ")}\n`));
  assert.ok(text.endsWith("power management:\n\n"));
});

test("procfs tree: limits and syscall files, seq lseek, writable comm, ENOENT names", () => {
  const { call, mem } = makeRig();
  const buf = mem.alloc(4096);
  const read = (path: string): string => {
    const fd = call("open", mem.str(path), 0, 0);
    assert.ok(fd >= 0, `${path}: ${fd}`);
    const n = call("read", fd, buf, 4096);
    call("close", fd);
    return mem.text(buf, n);
  };
  assert.match(read("/proc/self/limits"), /^Max open files +64 +64 +files +$/m);
  assert.equal(read("/proc/self/syscall"), "running\n");
  const fd = call("open", mem.str("/proc/self/status"), 0, 0);
  assert.equal(call("lseek", fd, 0, 2), -22);
  assert.equal(call("lseek", fd, 6, 0), 6);
  assert.equal(call("read", fd, buf, 4), 4);
  assert.equal(mem.text(buf, 4), "fake");
  const w = call("open", mem.str("/proc/self/comm"), 1, 0);
  assert.equal(call("write", w, mem.str("a-very-long-process-name"), 24), 24);
  assert.equal(read("/proc/self/comm"), "a-very-long-pro\n");
  assert.equal(call("open", mem.str("/proc/self/nonexistent"), 0, 0), -2);
  assert.equal(read("/sys/devices/system/cpu/online"), "0\n");
  assert.equal(read("/proc/sys/kernel/ostype"), "Linux\n");
});
