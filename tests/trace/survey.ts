/** Not a test: `node dist/tests/trace/survey.js [PROG...]` shows which programs' traces match. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, traceBothAsync } from "./strace-diff.js";

// SURVEY_OPTS="-f -T" node dist/tests/trace/survey.js PROG...: the same with strace options.
const opts = (process.env.SURVEY_OPTS ?? "").split(" ").filter((x) => x !== "");
const progs = process.argv.slice(2);
if (progs.length === 0) {
  for (const lib of ["musl", "glibc", "glibc-pie"]) {
    const d = join(ROOT, "build/guest", lib);
    if (existsSync(d)) for (const f of readdirSync(d).sort()) progs.push(`build/guest/${lib}/${f}`);
  }
}
for (const p of progs) {
  const parts = p.split(" ");
  const r = await traceBothAsync(parts[0]!, parts.slice(1), opts);
  const same = r.native.join("\n") === r.sysgate.join("\n") && r.nativeStatus === r.sysgateStatus;
  if (same) {
    console.log(`PASS ${p}`);
    continue;
  }
  let i = 0;
  while (i < r.native.length && r.native[i] === r.sysgate[i]) i++;
  console.log(`FAIL ${p} (status ${r.nativeStatus}/${r.sysgateStatus}) line ${i + 1}:\n  native:  ${r.native[i]}\n  sysgate: ${r.sysgate[i]}`);
}
