// x87 semantics compared with the host's x87 (a small C program built with gcc, see oracle.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { X87 } from "../../src/cpu/x87.js";
import { oracleBinary, runOracle, rng } from "./oracle.js";

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
const h4 = (v: number) => (v & 0xffff).toString(16).padStart(4, "0");

/** An 80-bit value as [se, hi, lo]. */
type Ext = [number, number, number];
const extHex = (x: Ext) => h4(x[0]) + h8(x[1]) + h8(x[2]);

function values(seed: number, n: number): Ext[] {
  const out: Ext[] = [
    [0, 0, 0], [0x8000, 0, 0], // +-0
    [0x3fff, 0x80000000, 0], [0xbfff, 0x80000000, 0], // +-1
    [0x4000, 0xc0000000, 0], // 3
    [0x3ffe, 0xaaaaaaaa, 0xaaaaaaab], // ~2/3
    [0x7fff, 0x80000000, 0], [0xffff, 0x80000000, 0], // +-inf
    [0x7fff, 0xc0000000, 0], [0xffff, 0xc0000000, 0], // qNaN, indefinite
    [0x7fff, 0xa0000000, 0x1234], // sNaN
    [0x7fff, 0xd0000000, 5], // qNaN with payload
    [0, 0x40000000, 0], [0x8000, 0, 1], // denormals
    [0x0001, 0x80000000, 0], // smallest normal
    [0x7ffe, 0xffffffff, 0xffffffff], [0xfffe, 0xffffffff, 0xffffffff], // largest
    [0x3fff, 0xffffffff, 0xffffffff], [0x3fff, 0x80000000, 1], // 2-ulp, 1+ulp
    [0x403e, 0x80000000, 0], [0xc03e, 0x80000000, 0], // +-2^63
    [0x403d, 0xffffffff, 0xffffffff], // 2^63-1
    [0x401e, 0x80000000, 0], [0xc01e, 0x80000000, 0], // +-2^31
    [0x400d, 0xffff0000, 0], [0x3ffe, 0x80000000, 0], [0x3ffe, 0x80000000, 1], [0x3ffd, 0xffffffff, 0xffffffff],
    [0x4000, 0xa0000000, 0], // 2.5
    [0x4001, 0xb0000000, 0], // 5.5
    [0x3c00, 0x80000000, 0], [0x3bcd, 0x80000000, 0], [0x3f80, 0x80000000, 0], [0x43fe, 0xfffff800, 0], // double edge
    [0x43ff, 0x80000000, 0], [0x407e, 0xffffff80, 0], // beyond double, float max
  ];
  const r = rng(seed);
  while (out.length < n) {
    const kind = r() % 8;
    let ex: number;
    if (kind < 4) ex = 0x3fff - 40 + (r() % 80);
    else if (kind === 4) ex = r() % 0x7fff;
    else if (kind === 5) ex = 0x3c00 + (r() % 0x800);
    else if (kind === 6) ex = 1 + (r() % 70);
    else ex = 0x3fff + (r() % 64);
    let hi = (r() | 0x80000000) >>> 0, lo = r();
    if (r() % 4 === 0) lo = (lo & 0xfffff800) >>> 0; // double-like
    if (r() % 6 === 0) { lo = 0; hi = (hi & 0xffffff00) >>> 0; } // float-like / short
    if (r() % 7 === 0) lo = (lo | 0x400) & ~0x3ff; // exact halfway for double rounding
    const s = r() & 1 ? 0x8000 : 0;
    out.push([s | ex, hi, lo]);
  }
  return out;
}

const CWS = [0x37f, 0x77f, 0xb7f, 0xf7f, 0x27f, 0x07f, 0x67f];
const SW_MASK = 0x4700 | 0x3f; // C3 C2 C1 C0 and PE UE OE ZE DE IE (not SF, ES, TOP)

function load(f: X87, x: Ext): void {
  f.loadMemF80(x[2], x[1], x[0]);
  f.fldMem(true);
}

function st0(f: X87): string {
  f.readST(0);
  return h4(f.outSe) + h8(f.outHi) + h8(f.outLo);
}

type Case = { op: string; cw: number; a: Ext; b: Ext };

function runOurs(c: Case): string {
  const f = new X87();
  f.fninit();
  f.setCw(c.cw);
  const binary = ["add", "sub", "mul", "div", "prem", "prem1", "scale", "com", "ucom"];
  if (binary.includes(c.op)) { load(f, c.b); load(f, c.a); }
  else if (!["ldd", "ldf", "ldi64", "const"].includes(c.op)) load(f, c.a);
  f.sw &= ~0x3f; // only the operation's flags
  let res: string;
  let sw = 0;
  switch (c.op) {
    case "add": f.opST0(0, 1); break;
    case "sub": f.opST0(4, 1); break;
    case "mul": f.opST0(1, 1); break;
    case "div": f.opST0(6, 1); break;
    case "prem": f.fprem(false); break;
    case "prem1": f.fprem(true); break;
    case "scale": f.fscale(); break;
    case "sqrt": f.fsqrt(); break;
    case "com": f.fcom(1, 0); break;
    case "ucom": f.fucom(1, 0); break;
    case "xam": f.fxam(); break;
    case "tst": f.ftst(); break;
    case "chs": f.fchs(); break;
    case "xtract": f.fxtract(); f.fstST(1, true); break;
    case "xtracte": f.fxtract(); f.fstST(0, true); break;
    case "const": f.fldConst(c.a[2] & 7); break;
    case "rndint": f.frndint(); break;
    case "ld": f.fldST(0); f.fstST(1, true); break;
    case "ldd": f.loadMemF64(c.a[2], c.a[1]); f.fldMem(false); break;
    case "ldf": f.loadMemF32(c.a[2]); f.fldMem(false); break;
    case "ldi64": f.loadMemInt(c.a[2], c.a[1]); f.fild(); break;
  }
  switch (c.op) {
    case "std": f.fstM64(true); sw = f.getSw(); return h8(f.outHi) + h8(f.outLo) + " " + h4(sw & SW_MASK);
    case "stf": f.fstM32(true); sw = f.getSw(); return h8(f.outLo) + " " + h4(sw & SW_MASK);
    case "sti64": f.fist(64, true, false); break;
    case "stt64": f.fist(64, true, true); break;
    case "sti32": f.fist(32, true, false); sw = f.getSw(); return h8(f.outLo) + " " + h4(sw & SW_MASK);
    case "sti16": f.fist(16, true, false); sw = f.getSw(); return h4(f.outLo) + " " + h4(sw & SW_MASK);
  }
  if (c.op === "sti64" || c.op === "stt64") { sw = f.getSw(); return h8(f.outHi) + h8(f.outLo) + " " + h4(sw & SW_MASK); }
  sw = f.getSw();
  res = st0(f);
  return res + " " + h4(sw & SW_MASK);
}

function normOracle(line: string): string {
  const [v, sw] = line.split(" ");
  return v + " " + h4(parseInt(sw, 16) & SW_MASK);
}

function check(ops: string[], vals: Ext[], pairs: number, seed: number): void {
  const r = rng(seed);
  const cases: Case[] = [];
  for (const op of ops) {
    for (let k = 0; k < pairs; k++) {
      const a = vals[k < vals.length ? k : r() % vals.length];
      const b = vals[r() % vals.length];
      const cw = CWS[r() % CWS.length];
      cases.push({ op, cw, a, b });
    }
  }
  const lines = cases.map((c) => `${c.op} ${c.cw.toString(16)} ${extHex(c.a)} ${extHex(c.b)}`);
  const want = runOracle(lines).map(normOracle);
  const bad: string[] = [];
  for (let k = 0; k < cases.length; k++) {
    const got = runOurs(cases[k]);
    if (got !== want[k] && bad.length < 15) bad.push(`${lines[k]}: got ${got} want ${want[k]}`);
  }
  assert.deepEqual(bad, []);
}

const skip = oracleBinary() === null ? "needs gcc on x86-64" : false;
const VALS = values(12345, 400);

test("x87 add/sub/mul/div match the host (all RC/PC)", { skip }, () => {
  check(["add", "sub", "mul", "div"], VALS, 3000, 1);
});
test("x87 fsqrt, frndint match the host", { skip }, () => {
  check(["sqrt", "rndint"], VALS, 2000, 2);
});
test("x87 stores to double/float/int match the host", { skip }, () => {
  check(["std", "stf", "sti64", "stt64", "sti32", "sti16"], VALS, 1500, 3);
});
test("x87 loads from double/float/int64 match the host", { skip }, () => {
  const r = rng(9);
  const vals: Ext[] = [];
  const specials = [0, 0x80000000, 0x7ff00000, 0xfff00000, 0x7ff80000, 0x7ff40000, 0x00080000, 0x3ff00000, 0x80000001];
  for (const s of specials) vals.push([0, s, 0], [0, s, 1]);
  for (const s of [0, 0x80000000, 0x7f800000, 0x7fc00000, 0x7fa00000, 1, 0x00400000, 0x3f800000]) vals.push([0, 0, s]);
  while (vals.length < 600) vals.push([0, r(), r()]);
  check(["ldd", "ldf", "ldi64"], vals, 600, 4);
});
test("x87 fprem/fprem1/fscale match the host", { skip }, () => {
  check(["prem", "prem1", "scale"], VALS, 2000, 5);
});
test("x87 fcom/fucom/ftst/fxam/fchs/fxtract match the host", { skip }, () => {
  check(["com", "ucom", "xam", "tst", "chs", "xtract", "xtracte"], VALS, 800, 6);
});
test("x87 constants in every rounding mode match the host", { skip }, () => {
  const vals: Ext[] = [];
  for (let k = 0; k < 7; k++) vals.push([0, 0, k]);
  check(["const"], vals, 200, 7);
});
