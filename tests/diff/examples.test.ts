/** The shipped example binaries (examples/) natively vs under sysgate. */
import { describe, it } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkCase, concurrency, repoRoot, selected, setBudget, touchDate, type DiffCase } from "./harness.js";

const ex = (name: string) => path.join(repoRoot, "examples", name);

function listing(dir: string): void {
  fs.mkdirSync(path.join(dir, "d/sub"), { recursive: true });
  fs.writeFileSync(path.join(dir, "d/one.txt"), "one\n");
  fs.writeFileSync(path.join(dir, "d/two.txt"), "two\ntwo\n");
  fs.symlinkSync("one.txt", path.join(dir, "d/link"));
  touchDate("2024-01-02 03:04:05", path.join(dir, "d/one.txt"), path.join(dir, "d/two.txt"), path.join(dir, "d/sub"));
}

export function exampleCases(): DiffCase[] {
  return [
    { id: "examples.hello", program: ex("hello") },
    { id: "examples.hello-c", program: ex("hello-c"), args: ["with", "two args"] },
    { id: "examples.cat-files", program: ex("cat"), args: ["d/one.txt", "-", "d/two.txt"], stdin: "from stdin\n", setup: listing },
    { id: "examples.cat-missing", program: ex("cat"), args: ["d/one.txt", "nope"], setup: listing },
    { id: "examples.ls", program: ex("ls"), args: ["d"], setup: listing },
    { id: "examples.ls-missing", program: ex("ls"), args: ["nowhere"] },
  ];
}

setBudget(60);

describe("examples: native vs sysgate", { concurrency: concurrency() }, () => {
  for (const c of selected(exampleCases())) it(c.id, (t) => checkCase(c, (m) => t.diagnostic(m)));
});
