/**
 * Guest programs natively vs under `bin/sysgate run`: identical stdout, stderr and exit status.
 * Build the programs first: `make -C tests/guest` (scripts/test.sh does it).
 */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import { checkCase, concurrency, selected, setBudget } from "./harness.js";
import { guestCases } from "./guest-cases.js";

const cases = selected(guestCases());

setBudget(480);

describe("guest programs: native vs sysgate", { concurrency: concurrency() }, () => {
  for (const c of cases) {
    it(c.id, async (t) => {
      if (!fs.existsSync(c.program)) throw new Error(`${c.program} is not built: run 'make -C tests/guest'`);
      await checkCase(c, (m) => t.diagnostic(m));
    });
  }
});
