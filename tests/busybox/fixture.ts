/** The directory every busybox case starts from: small text files, a tree, fixed timestamps. */
import * as fs from "node:fs";
import * as path from "node:path";
import { touchDate } from "../diff/harness.js";
import { generatedLines } from "../diff/guest-cases.js";

const STAMP = "2024-01-02 03:04:05";

export const DATA = generatedLines(300, 11);
const PEOPLE = "name,age,city\nada,36,london\nlinus,54,portland\ngrace,85,arlington\nken,80,berkeley\ndennis,70,berkeley\n";
const NUMS = Array.from({ length: 40 }, (_, i) => String(((i * 7919) % 101) - 20)).join("\n") + "\n";

/** The fixture every busybox case starts from. */
export function fixture(dir: string): void {
  const w = (rel: string, data: string | Uint8Array, mode = 0o644) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    fs.chmodSync(p, mode);
  };
  w("data.txt", DATA);
  w("sorted.txt", DATA.trimEnd().split("\n").sort().join("\n") + "\n");
  w("people.csv", PEOPLE);
  w("nums.txt", NUMS);
  w("bin.dat", Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff));
  w("tree/a.txt", "hello tree\n");
  w("tree/b.txt", "second file\nwith two lines\n", 0o600);
  w("tree/run.sh", "#!/bin/sh\necho hi\n", 0o755);
  w("tree/sub/c.txt", "deeper hello\n");
  w("tree/sub/deep/d.md", "# title\n\nhello markdown\n");
  fs.mkdirSync(path.join(dir, "tree/empty"));
  fs.symlinkSync("a.txt", path.join(dir, "tree/link"));
  const all = ["tree/a.txt", "tree/b.txt", "tree/run.sh", "tree/sub/c.txt", "tree/sub/deep/d.md", "tree/link",
    "tree/empty", "tree/sub/deep", "tree/sub", "tree", "data.txt", "sorted.txt", "people.csv", "nums.txt", "bin.dat", "."];
  touchDate(STAMP, ...all.map((p) => path.join(dir, p)));
}

