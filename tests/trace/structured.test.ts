// The structured outputs built on kernel events: --json records, --explain sentences and the
// --timeline trace-event file, checked on a real guest (busybox cat) run in-process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Kernel } from "../../src/kernel/kernel.js";
import { RecordCollector, type TraceRecord, type SyscallRecord } from "../../src/trace/records.js";
import { jsonLine } from "../../src/trace/json.js";
import { explain } from "../../src/trace/explain.js";
import { Timeline } from "../../src/trace/timeline.js";
import { testHost } from "../kernel/helpers.js";

const BUSYBOX = "/bin/busybox";

async function traced(argv: string[]): Promise<{ records: TraceRecord[]; explained: Map<SyscallRecord, string> }> {
  const { host } = testHost();
  const k = new Kernel(host, {});
  const records: TraceRecord[] = [];
  const explained = new Map<SyscallRecord, string>();
  // --explain reads the task's state right after the call, so sentences are made as records arrive.
  const c = new RecordCollector({ strsize: 32, verbose: false }, (r) => {
    records.push(r);
    if (r.type === "syscall") explained.set(r, explain(r));
  });
  c.attach(k.events);
  k.spawn(BUSYBOX, argv, []);
  await k.run();
  c.detach();
  host.close();
  return { records, explained };
}

test("--json: one parseable object per event with decoded and raw arguments", async (t) => {
  if (!existsSync(BUSYBOX)) return t.skip("busybox missing");
  const { records } = await traced(["cat", "/etc/passwd", "/nonexistent/file"]);
  const lines = records.map(jsonLine);
  for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
  const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const open = objs.find((o) => o.name === "openat" && (o.args as string[])[1] === '"/etc/passwd"')!;
  assert.ok(open, "openat of /etc/passwd");
  assert.deepEqual(open.arg_names, ["dirfd", "pathname", "flags"]);
  assert.equal((open.args as string[])[0], "AT_FDCWD");
  assert.match((open.raw as string[])[0]!, /^0x(ffffffff)?ffffff9c$/); // the register as the guest left it
  assert.equal(open.errno, null);
  assert.equal(typeof open.result, "number");
  assert.ok((open.duration_ns as number) >= 0);
  const failed = objs.find((o) => o.name === "openat" && o.errno === "ENOENT")!;
  assert.equal(failed.result, -2);
  assert.equal(failed.result_text, "-1 ENOENT (No such file or directory)");
  const exit = objs[objs.length - 1]!;
  assert.deepEqual({ type: exit.type, exit_code: exit.exit_code, signal: exit.signal }, { type: "exit", exit_code: 1, signal: null });
  const exitGroup = objs.find((o) => o.name === "exit_group")!;
  assert.equal(exitGroup.result, null);
  assert.equal(exitGroup.no_return, true);
});

test("--explain: what succeeded, and why a call failed", async (t) => {
  if (!existsSync(BUSYBOX)) return t.skip("busybox missing");
  const { explained } = await traced(["cat", "/etc/passwd", "/nonexistent/file"]);
  const say = (pred: (r: SyscallRecord) => boolean) => [...explained].find(([r]) => pred(r))?.[1];
  assert.match(say((r) => r.name === "openat" && r.errno === null && r.args[1] === '"/etc/passwd"')!, /^opened "\/etc\/passwd"; it is now fd 3 \(\/etc\/passwd\)$/);
  // busybox cat copies with sendfile(1, 3, …)
  assert.match(say((r) => r.name === "sendfile" && (r.result ?? 0) > 0)!, /^copied \d+ bytes from fd 3 \(\/etc\/passwd\) to fd 1 \(.*\) inside the kernel$/);
  assert.match(say((r) => r.name === "sendfile" && r.result === 0)!, /^nothing left to copy from fd 3/);
  assert.match(say((r) => r.name === "write")!, /^wrote 63 bytes to fd 2 /);
  assert.equal(say((r) => r.name === "openat" && r.errno === "ENOENT"), 'failed: nothing exists at "/nonexistent/file"');
  assert.match(say((r) => r.name === "exit_group")!, /^the process ends with status 1$/);
});

test("--timeline: a Chrome trace-event file with a named process track", async (t) => {
  if (!existsSync(BUSYBOX)) return t.skip("busybox missing");
  const { records } = await traced(["cat", "/etc/passwd"]);
  const tl = new Timeline();
  for (const r of records) tl.add(r);
  const doc = JSON.parse(tl.toJSON()) as { traceEvents: { name: string; ph: string; ts: number; dur?: number; pid: number; args?: Record<string, unknown> }[] };
  const meta = doc.traceEvents.filter((e) => e.ph === "M");
  assert.equal(meta[0]!.name, "process_name");
  const calls = doc.traceEvents.filter((e) => e.ph === "X");
  assert.ok(calls.length > 5);
  const open = calls.find((e) => e.name === "openat")!;
  assert.equal(open.args!.pathname, '"/etc/passwd"');
  for (let i = 1; i < calls.length; i++) assert.ok(calls[i]!.ts >= calls[i - 1]!.ts, "events in time order");
  assert.ok(doc.traceEvents.some((e) => e.ph === "i" && e.name === "exited with 0"));
});

test("sysgate strace: --json lines, --explain sentences, -N names, --timeline file, colour", async (t) => {
  if (!existsSync(BUSYBOX)) return t.skip("busybox missing");
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const { fileURLToPath } = await import("node:url");
  const cli = join(fileURLToPath(new URL("../../../", import.meta.url)), "bin/sysgate");
  const dir = mkdtempSync(join(tmpdir(), "sysgate-structured-"));
  const strace = (...args: string[]) => spawnSync(process.execPath, [cli, "strace", ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  try {
    const j = strace("--json", "-e", "trace=openat", BUSYBOX, "cat", "/etc/passwd", "/nonexistent");
    const objs = j.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(objs.some((o) => o.name === "openat" && o.errno === "ENOENT"), j.stderr);
    assert.doesNotMatch(j.stderr, /^openat\(/m, "no text lines with --json");
    const e = strace("--explain", "-e", "trace=openat", BUSYBOX, "cat", "/nonexistent");
    assert.match(e.stderr, /^openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\) += -1 ENOENT .*\n  # failed: nothing exists at "\/nonexistent"$/m);
    const n = strace("-N", "-e", "trace=openat", BUSYBOX, "cat", "/etc/passwd");
    assert.match(n.stderr, /^openat\(dirfd=AT_FDCWD, pathname="\/etc\/passwd", flags=O_RDONLY\) += 3$/m);
    const tl = join(dir, "t.json");
    const r = strace("-f", "--timeline", tl, BUSYBOX, "sh", "-c", "echo hi | cat");
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(readFileSync(tl, "utf8")) as { traceEvents: { ph: string; pid: number }[] };
    assert.ok(new Set(doc.traceEvents.filter((x) => x.ph === "X").map((x) => x.pid)).size >= 3, "a track per process");
    const c = strace("--color=always", "-e", "trace=openat", BUSYBOX, "cat", "/nonexistent");
    assert.match(c.stderr, /\x1b\[1mopenat\x1b\[0m\(.*= \x1b\[31m-1 ENOENT/);
    assert.equal(strace("--color=sometimes", BUSYBOX, "true").status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
