/**
 * Debian's busybox-static (/bin/busybox) natively vs under `bin/sysgate run`, for single-process
 * applets with realistic arguments and stdin. Every case works in a fresh directory holding the
 * same fixture, with fixed timestamps (touch -d), so listings and stat output are reproducible.
 */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import { checkCase, concurrency, selected, setBudget, type DiffCase } from "../diff/harness.js";
import { DATA, fixture } from "./fixture.js";

export const BUSYBOX = process.env.SYSGATE_BUSYBOX || "/bin/busybox";
type Spec = [tag: string, argv: string[], stdin?: string];

const SPECS: Spec[] = [
  ["echo", ["echo", "hello", "world"]],
  ["echo-n", ["echo", "-n", "no newline"]],
  ["echo-e", ["echo", "-e", "tab\\there\\nnew line\\x41"]],
  ["printf", ["printf", "%s=%d %5.2f %x %o %c|%-6s|%e\\n", "x", "42", "3.14159", "255", "8", "A", "ab", "12345.678"]],
  ["printf-repeat", ["printf", "[%s:%03d]\\n", "a", "1", "b", "22", "c", "333"]],
  ["cat", ["cat", "data.txt"]],
  ["cat-n", ["cat", "-n", "nums.txt", "people.csv"]],
  ["cat-stdin", ["cat"], DATA],
  ["cat-missing", ["cat", "people.csv", "missing.txt"]],
  ["head", ["head", "-n", "5", "data.txt"]],
  ["head-c", ["head", "-c", "37", "data.txt"]],
  ["tail", ["tail", "-n", "4", "data.txt"]],
  ["tail-c", ["tail", "-c", "15", "data.txt"]],
  ["tail-stdin", ["tail", "-n", "+290"], DATA],
  ["wc", ["wc", "data.txt", "people.csv"]],
  ["wc-l-stdin", ["wc", "-l"], DATA],
  ["sort", ["sort", "data.txt"]],
  ["sort-nr", ["sort", "-n", "-r", "nums.txt"]],
  ["sort-key", ["sort", "-t", ",", "-k", "2", "-n", "people.csv"]],
  ["sort-u-stdin", ["sort", "-u"], DATA],
  ["uniq-c", ["uniq", "-c", "sorted.txt"]],
  ["uniq-d", ["uniq", "-d", "sorted.txt"]],
  ["cut-fields", ["cut", "-d", ",", "-f", "1,3", "people.csv"]],
  ["cut-chars", ["cut", "-c", "1-5,8", "data.txt"]],
  ["tr-upper", ["tr", "a-z", "A-Z"], DATA],
  ["tr-delete", ["tr", "-d", "aeiou\\n"], DATA],
  ["tr-squeeze", ["tr", "-s", "a-z "], "aaabbb   cccc  dd\n"],
  ["sed-subst", ["sed", "-n", "s/alpha/ALPHA/gp", "data.txt"]],
  ["sed-script", ["sed", "-e", "1,5d", "-e", "s/[0-9][0-9]*/<&>/g", "-e", "/golf/d", "data.txt"]],
  ["sed-stdin", ["sed", "s/\\(o\\)\\(.\\)/\\2\\1/g"], DATA],
  ["grep-n", ["grep", "-n", "charlie", "data.txt"]],
  ["grep-cv", ["grep", "-c", "-v", "a", "data.txt"]],
  ["grep-E", ["grep", "-E", "^(alpha|bravo) [a-z]+$", "data.txt"]],
  ["grep-r", ["grep", "-r", "hello", "tree"]],
  ["grep-nomatch", ["grep", "zzzz", "data.txt"]],
  ["grep-i-stdin", ["grep", "-i", "-w", "KILO"], DATA],
  ["awk-sum", ["awk", "-F", ",", "NR>1 { s += $2; n++ } END { printf \"%d %.3f\\n\", s, s / n }", "people.csv"]],
  ["awk-words", ["awk", "{ w += NF; c[$1]++ } END { print NR, w; for (k in c) if (c[k] > 25) print k, c[k] }", "data.txt"]],
  ["awk-math", ["awk", "BEGIN { for (i = 1; i <= 12; i++) printf \"%d %.6f %.6f %.4e %d\\n\", i, sin(i), log(i), exp(i), int(sqrt(i) * 1000) }"]],
  ["expr-arith", ["expr", "3", "+", "4", "*", "5"]],
  ["expr-length", ["expr", "length", "hello world"]],
  ["expr-match", ["expr", "abcdef", ":", "a\\(.*\\)e"]],
  ["expr-zero", ["expr", "5", "-", "5"]],
  ["seq", ["seq", "10"]],
  ["seq-step", ["seq", "-s", ",", "1", "3", "40"]],
  ["seq-w", ["seq", "-w", "-5", "2", "11"]],
  ["sha256sum", ["sha256sum", "data.txt", "bin.dat", "people.csv"]],
  ["sha256sum-stdin", ["sha256sum"], DATA],
  ["md5sum", ["md5sum", "data.txt", "bin.dat"]],
  ["md5sum-stdin", ["md5sum"], DATA.repeat(7)],
  ["base64", ["base64", "bin.dat"]],
  ["base64-d", ["base64", "-d"], "aGVsbG8sIHN5c2dhdGUhCg==\n"],
  ["od-x1", ["od", "-A", "x", "-t", "x1", "-v", "bin.dat"]],
  ["od-c", ["od", "-N", "96", "-c", "data.txt"]],
  ["ls-la", ["ls", "-la", "tree"]],
  ["ls-lR", ["ls", "-lR", "tree"]],
  ["ls-1", ["ls", "-1", "-F", "tree", "tree/sub"]],
  ["stat-format", ["stat", "-c", "%n %s %a %A %F %h %U %G %Y", "tree/a.txt", "tree", "tree/link", "tree/run.sh"]],
  ["stat-L", ["stat", "-L", "-c", "%n %s %F", "tree/link"]],
  ["find", ["find", "tree"]],
  ["find-name", ["find", "tree", "-name", "*.txt", "-type", "f"]],
  ["find-type-d", ["find", ".", "-type", "d"]],
  ["du", ["du", "-s", "-k", "tree"]],
  ["du-a", ["du", "-a", "tree/sub"]],
  ["basename", ["basename", "/usr/lib/file.tar.gz", ".gz"]],
  ["poll-mkfifo", ["sh", "-c", 'mkfifo -m 640 ff && stat -c "%F %a" ff && { echo through-fifo > ff & } && cat ff && wait && rm ff']],
  ["dirname", ["dirname", "/usr/lib/file.tar.gz"]],
  ["dirname-rel", ["dirname", "file"]],
  ["true", ["true"]],
  ["false", ["false"]],
  ["test-d", ["test", "-d", "tree"]],
  ["test-f-dir", ["test", "-f", "tree"]],
  ["test-L", ["test", "-L", "tree/link"]],
  ["test-num", ["test", "3", "-lt", "10", "-a", "abc", "!=", "abd"]],
  ["test-str", ["test", "abc", "=", "abd"]],
  ["test-x", ["test", "-x", "tree/run.sh"]],
];

export function busyboxCases(): DiffCase[] {
  return SPECS.map(([tag, argv, stdin]) => ({
    id: `busybox.${tag}`,
    program: BUSYBOX,
    args: argv,
    stdin,
    setup: fixture,
  }));
}

const cases = selected(busyboxCases());

setBudget(180);

describe("busybox applets: native vs sysgate", { concurrency: concurrency() }, () => {
  for (const c of cases) {
    it(c.id, async (t) => {
      if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: run scripts/install-test-deps.sh`);
      await checkCase(c, (m) => t.diagnostic(m));
    });
  }
});
