// The gate, the scheduler and the non-file syscalls, driven by a scripted fake CPU.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Kernel, shellExitCode } from "../../src/kernel/kernel.js";
import { StopReason, Vector } from "../../src/cpu/fault.js";
import { Sys } from "../../src/abi/syscalls.js";
import { Errno } from "../../src/abi/errno.js";
import { ExitKind } from "../../src/kernel/events.js";
import type { Task } from "../../src/kernel/task.js";
import { FakeCpu, sys, testHost, type Step } from "./helpers.js";

const MAP_PRIVATE_ANON = 0x22;

/** A kernel whose first process runs `steps` on a fake CPU; `setup` runs before it starts. */
function machine(steps: Step[], setup?: (t: Task, k: Kernel) => void) {
  const { host, out, err } = testHost();
  const k = new Kernel(host, {});
  const t = k.createProcess();
  const cpu = new FakeCpu(steps);
  t.setCpu(cpu.asCpu());
  setup?.(t, k);
  k.startProcess(t);
  return { k, t, cpu, out, err, host };
}

/** A page of guest memory for arguments and results. */
function scratchPage(t: Task, init?: (dv: DataView) => void): number {
  const a = t.mm.mmap(0, 4096, 3, MAP_PRIVATE_ANON, null, 0);
  assert.ok(a > 0, `mmap failed ${a}`);
  if (init) {
    const b = new Uint8Array(4096);
    init(new DataView(b.buffer));
    t.mm.copyOut(a, b);
  }
  return a;
}

function u64(t: Task, addr: number): number {
  const b = t.mm.copyIn(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return dv.getUint32(4, true) * 4294967296 + dv.getUint32(0, true);
}
function cstr(t: Task, addr: number, max: number): string {
  return new TextDecoder().decode(t.mm.copyIn(addr, max)).replace(/\0.*$/s, "");
}

test("getpid, gettid, unknown syscall ENOSYS, exit_group status", async () => {
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, t } = machine([
    sys(Sys.getpid),
    sys(Sys.gettid, [], push),
    sys(400, [], push),
    sys(9999, [], push),
    sys(-1, [], push),
    sys(Sys.exit_group, [3], push),
  ]);
  const st = await k.run();
  assert.equal(shellExitCode(st), 3);
  assert.deepEqual(r, [t.process.pid, t.tid, -Errno.ENOSYS, -Errno.ENOSYS, -Errno.ENOSYS]);
  assert.deepEqual([...k.unimplemented], [["syscall_400", 1], ["syscall_9999", 1], ["syscall_4294967295", 1]]);
});

test("events: enter/exit pairs, errno, exit_group never returns", async () => {
  const log: string[] = [];
  const { k } = machine([sys(Sys.getppid), sys(Sys.uname, [0]), sys(Sys.exit_group, [0])]);
  k.events.on("syscallEnter", (_t, nr) => log.push(`enter ${nr}`));
  k.events.on("syscallExit", (_t, nr, r, e, kind) => log.push(`exit ${nr} ${r} ${e} ${kind}`));
  k.events.on("processExit", (_p, st) => log.push(`process exit ${st}`));
  await k.run();
  assert.deepEqual(log, [
    `enter ${Sys.getppid}`, `exit ${Sys.getppid} 1 0 ${ExitKind.Normal}`,
    `enter ${Sys.uname}`, `exit ${Sys.uname} -14 14 ${ExitKind.Normal}`,
    `enter ${Sys.exit_group}`, `exit ${Sys.exit_group} 0 0 ${ExitKind.NoReturn}`,
    "process exit 0",
  ]);
});

test("uname, sysinfo, getrandom, arch_prctl, set_tid_address, prctl names", async () => {
  let page = 0;
  const P = (off: number) => () => page + off;
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, t } = machine(
    [
      sys(Sys.uname, [P(0)]),
      sys(Sys.getrandom, [P(512), 32, 0], push),
      sys(Sys.getrandom, [P(512), 8, 8], push),
      sys(Sys.getrandom, [P(512), 8, 6], push),
      sys(Sys.arch_prctl, [0x1002, 0x12345678], push),
      sys(Sys.arch_prctl, [0x1003, P(1024)], push),
      sys(Sys.arch_prctl, [0x9999, 0], push),
      sys(Sys.arch_prctl, [0x1002, 0x800000000000], push),
      sys(Sys.set_tid_address, [0x1000], push),
      sys(Sys.prctl, [15, P(2048)], push),
      sys(Sys.prctl, [16, P(2100)], push),
      sys(Sys.prctl, [12345], push),
      sys(Sys.sysinfo, [P(3000)], push),
      sys(Sys.getcpu, [P(3200), 0, 0], push),
      sys(Sys.sched_getaffinity, [0, 128, P(3300)], push),
      sys(Sys.sched_getaffinity, [0, 4, P(3300)], push),
      sys(Sys.exit_group, [0], (v) => { push(v); check(); }),
    ],
    (t) => {
      page = scratchPage(t, (dv) => new TextEncoder().encodeInto("a-very-long-name-indeed\0", new Uint8Array(dv.buffer, 2048)));
    },
  );
  function check() {
  assert.equal(cstr(t, page, 65), "Linux");
  assert.equal(cstr(t, page + 2 * 65, 65), k.release);
  assert.equal(cstr(t, page + 4 * 65, 65), "x86_64");
  assert.deepEqual(r, [0, 32, -Errno.EINVAL, -Errno.EINVAL, 0, 0, -Errno.EINVAL, -Errno.EPERM, t.tid, 0, 0, -Errno.EINVAL, 0, 0, 8, -Errno.EINVAL]);
  assert.equal(u64(t, page + 1024), 0x12345678);
  assert.equal(t.cpu.fsBase, 0x12345678);
  assert.equal(cstr(t, page + 2100, 16), "a-very-long-nam");
  assert.equal(t.process.comm, "a-very-long-nam");
  assert.equal(t.clearChildTid, 0x1000);
  // One bit per CPU the guest is told about (the host's count).
  assert.equal(t.mm.copyIn(page + 3300, 1)[0], (1 << Math.min(8, k.cpus)) - 1);
  assert.ok(u64(t, page + 3000) >= 0);
  }
  await k.run();
});

test("clock_gettime, clock_getres, gettimeofday, time agree with the host", async () => {
  let page = 0;
  const P = (off: number) => () => page + off;
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, t, host } = machine(
    [
      sys(Sys.clock_gettime, [0, P(0)]),
      sys(Sys.clock_gettime, [1, P(16)], push),
      sys(Sys.clock_gettime, [77, P(32)], push),
      sys(Sys.clock_getres, [6, P(48)], push),
      sys(Sys.clock_getres, [1, 0], push),
      sys(Sys.gettimeofday, [P(64), P(80)], push),
      sys(Sys.time, [P(96)], push),
      sys(Sys.clock_gettime, [2, P(112)], push),
      sys(Sys.clock_nanosleep, [4, 0, P(128), 0], push),
      sys(Sys.clock_nanosleep, [3, 0, P(128), 0], push),
      sys(Sys.exit_group, [0], (v) => { push(v); check(); }),
    ],
    (t) => (page = scratchPage(t)),
  );
  function check() {
  const now = host.realtimeMs() / 1000;
  assert.deepEqual(r.slice(0, 5), [0, 0, -Errno.EINVAL, 0, 0]);
  assert.ok(Math.abs(u64(t, page) - now) < 2);
  assert.ok(u64(t, page + 16) >= 1);
  assert.equal(u64(t, page + 56), 4_000_000);
  assert.ok(Math.abs(u64(t, page + 64) - now) < 2);
  assert.equal(r[5], 0);
  assert.ok(Math.abs(r[6]! - now) < 2);
  assert.equal(u64(t, page + 96), r[6]);
  assert.deepEqual(r.slice(7), [0, -Errno.EOPNOTSUPP, -Errno.EOPNOTSUPP]);
  }
  await k.run();
});

test("nanosleep parks the task and the machine idles until the timer", async () => {
  let ts = 0;
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, host } = machine(
    [
      sys(Sys.nanosleep, [() => ts, 0]),
      sys(Sys.nanosleep, [() => ts + 16, 0], push), // bad nsec
      sys(Sys.clock_nanosleep, [1, 1, () => ts + 32, 0], push), // absolute, in the past
      sys(Sys.exit_group, [0], push),
    ],
    (t) => {
      ts = scratchPage(t, (dv) => {
        dv.setUint32(8, 60_000_000, true); // 60 ms
        dv.setUint32(24, 1_000_000_000, true); // invalid
        dv.setUint32(32, 1, true); // 1 s after boot: long past
      });
    },
  );
  const start = host.monotonicMs();
  const cpu0 = host.cpuTimeMs();
  await k.run();
  const elapsed = host.monotonicMs() - start;
  assert.ok(elapsed >= 59, `slept ${elapsed} ms`);
  assert.ok(host.cpuTimeMs() - cpu0 < 50, "the machine idled instead of polling");
  assert.deepEqual(r, [0, -Errno.EINVAL, 0]);
});

test("a page fault ends the process with SIGSEGV and a signal event", async () => {
  const { k } = machine([
    (c) => {
      c.fault.vector = Vector.PF;
      c.fault.addr = 0x10;
      c.fault.protection = false;
      return StopReason.Fault;
    },
  ]);
  const sigs: [number, number, number][] = [];
  k.events.on("signal", (_t, info) => sigs.push([info.signo, info.code, info.addr]));
  const st = await k.run();
  assert.equal(st & 0x7f, 11);
  assert.equal(shellExitCode(st), 139);
  assert.deepEqual(sigs, [[11, 1, 0x10]]);
});

test("#UD, #DE, int3, #GP map to SIGILL, SIGFPE, SIGTRAP, SIGSEGV", async () => {
  for (const [vec, sig] of [[Vector.UD, 4], [Vector.DE, 8], [Vector.BP, 5], [Vector.GP, 11]] as const) {
    const { k } = machine([(c) => { c.fault.vector = vec; return StopReason.Fault; }]);
    assert.equal((await k.run()) & 0x7f, sig);
  }
});

test("rlimits: defaults, EINVAL, EPERM, prlimit64", async () => {
  let page = 0;
  const P = (off: number) => () => page + off;
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, t } = machine(
    [
      sys(Sys.getrlimit, [7, P(0)]),
      sys(Sys.getrlimit, [99, P(0)], push),
      sys(Sys.setrlimit, [7, P(64)], push), // cur > max
      sys(Sys.setrlimit, [7, P(96)], push), // raise hard limit without privilege
      sys(Sys.prlimit64, [0, 7, P(160), P(128)], push), // lower, read old
      sys(Sys.prlimit64, [99999, 7, 0, 0], push),
      sys(Sys.getrlimit, [3, P(192)], push),
      sys(Sys.exit_group, [0], (v) => { push(v); check(); }),
    ],
    (t) => {
      page = scratchPage(t, (dv) => {
        dv.setUint32(64, 100, true); dv.setUint32(72, 50, true);
        dv.setUint32(96, 10, true); dv.setUint32(104, 8192, true);
        dv.setUint32(160, 256, true); dv.setUint32(168, 512, true);
      });
      t.process.creds.euid = 1000;
      t.process.creds.uid = 1000;
    },
  );
  function check() {
  assert.deepEqual(r, [0, -Errno.EINVAL, -Errno.EINVAL, -Errno.EPERM, 0, -Errno.ESRCH, 0]);
  assert.equal(u64(t, page), 1024);
  assert.equal(u64(t, page + 8), 4096);
  assert.equal(u64(t, page + 128), 1024);
  assert.deepEqual(t.process.rlimits[7], { cur: 256, max: 512 });
  assert.equal(u64(t, page + 192), 8 * 1024 * 1024);
  assert.equal(t.mm.copyIn(page + 200, 8).every((b) => b === 0xff), true);
  }
  await k.run();
});

test("rt_sigaction / rt_sigprocmask / kill: validation and state", async () => {
  let page = 0;
  const P = (off: number) => () => page + off;
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k, t } = machine(
    [
      sys(Sys.rt_sigaction, [9, P(0), 0, 8]), // SIGKILL with act
      sys(Sys.rt_sigaction, [10, P(0), 0, 4], push), // bad size
      sys(Sys.rt_sigaction, [10, P(0), P(64), 8], push),
      sys(Sys.rt_sigaction, [65, 0, 0, 8], push),
      sys(Sys.rt_sigaction, [10, 0, P(96), 8], push),
      sys(Sys.rt_sigprocmask, [0, P(128), 0, 8], push),
      sys(Sys.rt_sigprocmask, [7, P(128), 0, 8], push),
      sys(Sys.rt_sigprocmask, [0, 0, 0, 7], push),
      sys(Sys.kill, [0, 10], push), // SIGUSR1 blocked: pending
      sys(Sys.kill, [0, 99], push),
      sys(Sys.kill, [0, 17], push), // SIGCHLD: ignored by default
      sys(Sys.rt_sigpending, [P(256), 8], push),
      sys(Sys.kill, [0, 15], (v) => { push(v); check(); }), // SIGTERM default: dies
    ],
    (t) => {
      page = scratchPage(t, (dv) => {
        dv.setUint32(0, 0x401234, true); // handler
        dv.setUint32(8, 0x04000000, true); // SA_RESTORER
        dv.setUint32(128, (1 << 9) | (1 << 8), true); // block SIGUSR1 and (ignored) SIGKILL
      });
    },
  );
  function check() {
  assert.deepEqual(r, [-Errno.EINVAL, -Errno.EINVAL, 0, -Errno.EINVAL, 0, 0, -Errno.EINVAL, -Errno.EINVAL, 0, -Errno.EINVAL, 0, 0]);
  assert.equal(t.process.sigactions.get(10).handler, 0x401234);
  assert.equal(u64(t, page + 96), 0x401234);
  assert.equal(t.sigmaskLo, 1 << 9);
  assert.equal(t.process.sharedPendingLo, 1 << 9);
  assert.equal(u64(t, page + 256), 1 << 9);
  }
  const st = await k.run();
  assert.equal(st & 0x7f, 15);
});

test("EFAULT from bad pointers", async () => {
  const r: number[] = [];
  const push = (v: number) => r.push(v);
  const { k } = machine([
    sys(Sys.uname, [0x1000]),
    sys(Sys.clock_gettime, [0, 0x7fffffffffff], push),
    sys(Sys.getrlimit, [7, 0xffff800000000000 - 0x10000000000000000 + 0x10000000000000000], push),
    sys(Sys.exit_group, [0], push),
  ]);
  await k.run();
  assert.deepEqual(r, [-Errno.EFAULT, -Errno.EFAULT, -Errno.EFAULT]);
});

/** A CPU that does nothing but `syscall` with getpid, N times, then exit_group(0). */
class GetpidLoop extends FakeCpu {
  constructor(private n: number) {
    super([]);
  }
  override run(): StopReason {
    this.instructions += 3;
    this.lo[0] = this.n-- > 0 ? Sys.getpid : Sys.exit_group;
    this.hi[0] = 0;
    this.lo[7] = 0;
    return StopReason.Syscall;
  }
}

// Speed is measured by `npm run bench`, not asserted here: this prints the gate's cost and checks
// only that every one of the N calls went through.
test("the gate (fake CPU): cost per syscall, printed", async (tc) => {
  const N = 500_000;
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const { host } = testHost();
    const k = new Kernel(host, {});
    const t = k.createProcess();
    t.setCpu(new GetpidLoop(N).asCpu());
    k.startProcess(t);
    const start = host.monotonicMs();
    await k.run();
    best = Math.min(best, ((host.monotonicMs() - start) * 1000) / N);
  }
  assert.ok(Number.isFinite(best));
  tc.diagnostic(`${best.toFixed(3)} µs per syscall through the gate`);
});

test("kill() ends a sleeping machine with the signal's status", async () => {
  let ts = 0;
  const { k, host } = machine([sys(Sys.nanosleep, [() => ts, 0])], (t) => {
    ts = scratchPage(t, (dv) => dv.setUint32(0, 100, true)); // 100 s
  });
  const start = host.monotonicMs();
  setTimeout(() => k.kill(2), 30);
  const st = await k.run();
  assert.equal(shellExitCode(st), 130);
  assert.ok(host.monotonicMs() - start < 1000);
});

/** A CPU that never stops on its own: every run() uses the whole budget. */
class Spinner extends FakeCpu {
  constructor() {
    super([]);
  }
  override run(budget: number): StopReason {
    this.instructions += budget;
    return StopReason.Budget;
  }
}

test("a spinning guest does not starve the host's event loop", async () => {
  const { host } = testHost();
  const k = new Kernel(host, {});
  const t = k.createProcess();
  t.setCpu(new Spinner().asCpu());
  k.startProcess(t);
  let timerRan = false;
  setTimeout(() => {
    timerRan = true;
    k.kill(15);
  }, 20);
  const st = await k.run();
  assert.ok(timerRan);
  assert.equal(shellExitCode(st), 143);
});

test("kill(self, SIGTERM): the call returns 0, then the signal acts on the way out", async () => {
  const log: string[] = [];
  let pid = 0;
  const { k, t } = machine([sys(Sys.kill, [() => pid, 15]), sys(Sys.getpid)]);
  pid = t.process.pid;
  k.events.on("syscallExit", (_t, nr, r) => log.push(`exit ${nr} = ${r}`));
  k.events.on("signal", (_t, i) => log.push(`signal ${i.signo} code ${i.code} pid ${i.pid}`));
  k.events.on("processExit", (_p, st) => log.push(`process exit ${st}`));
  await k.run();
  assert.deepEqual(log, [`exit ${Sys.kill} = 0`, `signal 15 code 0 pid ${pid}`, "process exit 15"]);
});

test("blocking: syscallBlock and syscallResume events around a sleep", async () => {
  let ts = 0;
  const log: string[] = [];
  const { k } = machine([sys(Sys.nanosleep, [() => ts, 0]), sys(Sys.exit_group, [0])], (t) => {
    ts = scratchPage(t, (dv) => dv.setUint32(8, 5_000_000, true));
  });
  for (const ev of ["syscallEnter", "syscallBlock", "syscallResume"] as const) k.events.on(ev, (_t: Task, nr: number) => log.push(`${ev} ${nr}`));
  k.events.on("syscallExit", (_t, nr, r) => log.push(`syscallExit ${nr} ${r}`));
  await k.run();
  const n = Sys.nanosleep;
  // A host timer may fire a hair early: the call then blocks again, so Block/Resume can repeat.
  const firstExit = log.indexOf(`syscallExit ${n} 0`);
  assert.deepEqual(log.slice(0, 3), [`syscallEnter ${n}`, `syscallBlock ${n}`, `syscallResume ${n}`]);
  assert.equal(log[firstExit - 1], `syscallResume ${n}`);
});

test("two processes share the machine: a spinner does not starve the other", async () => {
  const { host } = testHost();
  const k = new Kernel(host, {});
  const a = k.createProcess();
  a.setCpu(new GetpidLoop(200_000).asCpu());
  const b = k.createProcess();
  b.setCpu(new Spinner().asCpu());
  k.startProcess(a);
  k.startProcess(b);
  const exits: number[] = [];
  k.events.on("processExit", (p) => exits.push(p.pid));
  const st = await k.run();
  assert.equal(st, 0);
  // The first process ended normally; the machine then ended the spinner with it.
  assert.deepEqual(exits, [a.process.pid, b.process.pid]);
  assert.ok(b.cpu.instructions > 0, "the spinner ran too");
});

test("BLOCK: a parked call re-runs when woken, also when woken before it parked", async () => {
  const { WaitQueue, BLOCK } = await import("../../src/kernel/wait.js");
  const q = new WaitQueue();
  let calls = 0;
  let racy = 0;
  const family = {
    pause(t: Task) {
      if (calls++ === 0) {
        t.sleepOn(q);
        setTimeout(() => q.wakeAll(), 10);
        return BLOCK;
      }
      return 42;
    },
    getppid(t: Task) {
      if (racy++ === 0) {
        t.sleepOn(q);
        q.wakeAll(); // the event arrives before the gate parks the task
        return BLOCK;
      }
      return 7;
    },
  };
  const { host } = testHost();
  const k = new Kernel(host, { syscalls: [family] });
  const t = k.createProcess();
  const r: number[] = [];
  t.setCpu(new FakeCpu([sys(Sys.pause), sys(Sys.getppid, [], (v) => r.push(v)), sys(Sys.exit_group, [0], (v) => r.push(v))]).asCpu());
  k.startProcess(t);
  await k.run();
  assert.deepEqual(r, [42, 7]);
  assert.deepEqual([calls, racy], [2, 2]);
});
