/**
 * The differential trace test: each corpus program runs under the real strace natively and under
 * `sysgate strace`; after normalisation (strace-diff.ts) the lines, and the exit statuses, agree.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ROOT, haveStrace, traceBothAsync } from "./strace-diff.js";
import { TRACE_CORPUS, TRACE_OPTION_CASES } from "./corpus.js";

const skip = !haveStrace() ? "strace is not installed" : false;

describe("sysgate strace matches strace", { concurrency: 6, skip }, () => {
  for (const entry of TRACE_CORPUS) {
    const [prog, ...args] = entry.split(" ");
    const present = !prog!.includes("/") || existsSync(resolve(ROOT, prog!));
    it(entry, { skip: present ? false : "not built (make -C tests/guest)" }, async () => {
      const r = await traceBothAsync(prog!, args);
      assert.deepEqual(r.sysgate, r.native);
      assert.equal(r.sysgateStatus, r.nativeStatus);
    });
  }
});

describe("sysgate strace options match strace", { concurrency: 6, skip }, () => {
  for (const { prog, opts, args } of TRACE_OPTION_CASES) {
    it(`${opts.join(" ")} ${prog}`, { skip: existsSync(resolve(ROOT, prog)) ? false : "not built" }, async () => {
      const r = await traceBothAsync(prog, args ?? [], opts);
      assert.deepEqual(r.sysgate, r.native);
      assert.equal(r.sysgateStatus, r.nativeStatus);
    });
  }
});
