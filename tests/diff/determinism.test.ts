/**
 * The oracle's own check: every guest program run natively twice, each time in a fresh directory,
 * must give identical results. A program that prints a pid, an address or a time fails here, long
 * before it could make sysgate look wrong.
 */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import { compareOutcomes, concurrency, runNative, selected } from "./harness.js";
import { guestCases } from "./guest-cases.js";

const cases = selected(guestCases());

describe("guest programs are deterministic natively", { concurrency: concurrency() }, () => {
  for (const c of cases) {
    it(c.id, async () => {
      if (!fs.existsSync(c.program)) throw new Error(`${c.program} is not built: run 'make -C tests/guest'`);
      const first = await runNative(c);
      const second = await runNative(c);
      const report = compareOutcomes(first, second);
      if (report) throw new Error(`${c.id} is not deterministic natively\n${report}`);
    });
  }
});
