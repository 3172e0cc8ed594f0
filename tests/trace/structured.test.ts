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
