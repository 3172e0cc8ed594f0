/**
 * The guest programs of tests/guest as differential cases: every C program in its three builds
 * (musl, glibc, glibc-pie) and every assembly program once. Programs that need arguments or stdin
 * get them from the table below; a program with several entries runs once per entry.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { guestBuildDir, guestSourceDir, type DiffCase } from "./harness.js";

export const C_BUILDS = ["musl", "glibc", "glibc-pie"] as const;

interface Variant {
  /** Suffix for the case id (empty for the single default run). */
  tag?: string;
  args?: string[];
  stdin?: string;
  env?: Record<string, string>;
  timeoutSec?: number;
}

/** A deterministic word list for the stdin-reading programs. */
export function generatedLines(count: number, seed = 7): string {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"];
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + (next() % 3);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(words[next() % words.length]!);
    if (next() % 5 === 0) parts.push(String(next() % 1000));
    out.push(parts.join(" "));
  }
  return out.join("\n") + "\n";
}

const CALC_SCRIPT = `# a little program for calc
x = 3
y = 4
print sqrt(x*x + y*y)
print 2 ^ 10 - 1
print 7 % 3 + 1/8
a = 1
b = 1
repeat 80: c = a + b
repeat 40: a = b
print a
n = 0
s = 0
repeat 1000: n = n + 1
print n
print sin(1) * exp(1)
print floor(-2.5) + abs(-3)
print (1 + 2) * (3 + 4) / 5
print 1e308 * 10
print -(0)
print 10 > 3
print $bad
q = (1 + 
print 0.1 + 0.2
`;

/** Arguments, stdin and environment per program (default: one run, no args, empty stdin). */
export const VARIANTS: Record<string, Variant[]> = {
  exit_codes: [{}, { tag: "exit3", args: ["exit3"] }, { tag: "_exit", args: ["_exit"] }, { tag: "group", args: ["group"] },
    { tag: "exit", args: ["exit"] }, { tag: "big", args: ["big"] }, { tag: "neg", args: ["neg"] }],
  fault_wild: ["unmapped", "readonly", "rodata", "exec", "stack"].map((m) => ({ tag: m, args: [m] })),
  fault_div0: [{}, { tag: "overflow", args: ["overflow"] }],
  fault_abort: [{}, { tag: "assert", args: ["assert"] }],
  args_auxv: [{ args: ["one", "two words", "", "--flag=x", "ünïcode"], env: { SYSGATE_TEST_VAR: "hello world" } }],
  echo_args: [{ args: ["first", "second arg", ""] }],
  sort_lines: [{ stdin: generatedLines(4000) }, { tag: "small", stdin: "pear\napple\nfig\napple\n\nzucchini" }],
  calc: [{ stdin: CALC_SCRIPT }],
  sha256: [{}, { tag: "1MiB", args: [String(1 << 20)], timeoutSec: 120 }],
  stat_family: [{ stdin: "some input that nobody reads\n" }],
  poll_stdin: [{ stdin: generatedLines(2000) }],
};

function names(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
}

export function cProgramNames(): string[] {
  return names(path.join(guestSourceDir, "c"), ".c");
}

export function asmProgramNames(): string[] {
  return [...names(path.join(guestSourceDir, "asm"), ".asm"), ...names(path.join(guestSourceDir, "asm"), ".S")].sort();
}

function expand(name: string, build: string): DiffCase[] {
  const program = path.join(guestBuildDir, build, name);
  const variants = VARIANTS[name] ?? [{}];
  return variants.map((v) => ({
    id: `${build}.${name}${v.tag ? "." + v.tag.replace(/[^A-Za-z0-9_-]/g, "") : ""}`,
    program,
    args: v.args,
    stdin: v.stdin,
    env: v.env,
    timeoutSec: v.timeoutSec,
  }));
}

/** Every guest case, grouped by build so a failure's id says which libc and link mode it was. */
export function guestCases(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const build of C_BUILDS) for (const n of cProgramNames()) out.push(...expand(n, build));
  for (const n of asmProgramNames()) out.push(...expand(n, "asm"));
  return out;
}
