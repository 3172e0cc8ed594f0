// Command-line wrapper around mini-linux for CPU debugging: node dist/tests/cpu/mini-run.js PROG [ARGS...]
// stdin is read whole; stdout/stderr go to the host's; a CPU fault exits with 128+signal like a shell.
import { readSync, writeSync } from "node:fs";
import { runElf } from "./mini-linux.js";

const [prog, ...rest] = process.argv.slice(2);
/** Read all of stdin, tolerating EAGAIN from a non-blocking pipe. */
function readStdin(): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(1 << 16);
  for (;;) {
    let n: number;
    try { n = readSync(0, buf, 0, buf.length, null); } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EAGAIN") { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
      if (code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    parts.push(buf.slice(0, n)); total += n;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
const input = readStdin();
/** Write all of b, retrying on EAGAIN (stdout may be a non-blocking pipe). */
function writeAll(fd: number, b: Uint8Array): void {
  let o = 0;
  while (o < b.length) {
    try { o += writeSync(fd, b, o, b.length - o); } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}
const r = runElf(prog!, [prog!, ...rest], 5_000_000_000, input, writeAll);
if (r.stop === "exit") process.exit(r.status);
const sig: Record<number, number> = { 0: 8, 3: 5, 6: 4, 13: 11, 14: 11 };
process.stderr.write(`mini-run: ${r.stop}\n`);
process.exit(128 + (sig[r.cpu.fault.vector] ?? 11));
