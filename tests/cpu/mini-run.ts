// Command-line wrapper around mini-linux for CPU debugging: node dist/tests/cpu/mini-run.js PROG [ARGS...]
// stdin is read whole; stdout/stderr go to the host's; a CPU fault exits with 128+signal like a shell.
import { readFileSync, writeSync } from "node:fs";
import { runElf } from "./mini-linux.js";

const [prog, ...rest] = process.argv.slice(2);
let input = new Uint8Array(0);
try { input = new Uint8Array(readFileSync(0)); } catch { /* no stdin */ }
const r = runElf(prog!, [prog!, ...rest], 5_000_000_000, input, (fd, b) => { writeSync(fd, b); });
if (r.stop === "exit") process.exit(r.status);
const sig: Record<number, number> = { 0: 8, 3: 5, 6: 4, 13: 11, 14: 11 };
process.stderr.write(`mini-run: ${r.stop}\n`);
process.exit(128 + (sig[r.cpu.fault.vector] ?? 11));
