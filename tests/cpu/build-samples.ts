// Builds tests/cpu/sample.c with musl-gcc and gcc (static, -O2) into a temp directory, once per process.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The C source lives next to the compiled test (dist/tests/cpu -> tests/cpu). */
export const SAMPLE_C = join(here, "..", "..", "..", "tests", "cpu", "sample.c");
let built: { musl?: string; glibc?: string; glibcPie?: string } | null = null;

export function buildSamples(): { musl?: string; glibc?: string; glibcPie?: string } {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), "sg-cpu-samples-"));
  built = {};
  const tryBuild = (cc: string, args: string[], out: string) => {
    try {
      execFileSync(cc, [...args, "-o", out, SAMPLE_C], { stdio: "pipe" });
      return existsSync(out) ? out : undefined;
    } catch {
      return undefined;
    }
  };
  built.musl = tryBuild("musl-gcc", ["-static", "-O2"], join(dir, "sample-musl"));
  built.glibc = tryBuild("gcc", ["-static", "-O2"], join(dir, "sample-glibc"));
  built.glibcPie = tryBuild("gcc", ["-static-pie", "-O2", "-fPIE"], join(dir, "sample-glibc-pie"));
  return built;
}
