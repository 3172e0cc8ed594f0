import { test } from "node:test";
import assert from "node:assert/strict";
import { run, hex, flags } from "./helpers.js";

test("mov/add/loop smoke", () => {
  const c = run(`
    mov rax, 0x123456789
    mov rcx, 10
  .l: add rax, rcx
    dec rcx
    jnz .l
  `);
  assert.equal(hex(c, 0), (0x123456789 + 55).toString(16).padStart(16, "0"));
  assert.equal(flags(c), "PZ");
});
