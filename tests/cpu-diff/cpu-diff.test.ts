/**
 * Instruction-level differential test: the same generated cases run on the host CPU and on sysgate's
 * CPU (through `bin/sysgate run`), compared per instruction family.
 *
 *   CPU_DIFF_SEED=N CPU_DIFF_PER_FAMILY=N   change the generated set (defaults: 1 and 40)
 *   node dist/tests/cpu-diff/run.js          the same with a readable report of every mismatch
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describe as describeCase, familyFailed, formatTable, runDiff, ALLOW_LIST } from "./run.js";

const seed = Number(process.env.CPU_DIFF_SEED ?? 1);
const perFamily = Number(process.env.CPU_DIFF_PER_FAMILY ?? 40);

test("cpu-diff", { timeout: 30 * 60_000 }, async (t) => {
  const res = await runDiff({ seed, perFamily });

  await t.test("generated cases decode (iced-x86) and behave as intended natively", () => {
    assert.deepEqual(res.problems, []);
  });

  if (!res.sysgate.ok) {
    await t.test("sysgate side", { skip: `sysgate cannot run the harness yet: ${res.sysgate.why}` }, () => {});
    return;
  }

  t.diagnostic("\n" + formatTable(res.summaries));
  for (const s of res.summaries) {
    await t.test(`family ${s.family}`, async () => {
      if (s.family in ALLOW_LIST) return;
      if (!familyFailed(s)) return;
      const bad = res.reports.filter((r) => r.c.family === s.family && r.verdict !== "pass" && r.verdict !== "signal-ok");
      const shown = await Promise.all(bad.slice(0, 5).map((r) => describeCase(r, res.codeBase)));
      assert.fail(`${s.mismatch} mismatches, ${s.crash} crashes, ${s.skipped} skipped of ${s.total}\n${shown.join("\n")}`);
    });
  }
});
