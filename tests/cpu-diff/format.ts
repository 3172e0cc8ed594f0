/**
 * The text protocol between the cpu-diff runner and the guest harness (tests/cpu-diff/harness).
 *
 * Input, one case per line:
 *   ID CODEHEX RFLAGS MXCSR GPR0..GPR15 XMM0..XMM15 MEMHEX
 * GPRs are hex, or "S+hex" for an address inside the 256-byte scratch block (added modulo 2^64);
 * XMM values are 32 hex digits, most significant first; MEMHEX is the scratch block, 512 hex digits.
 *
 * Output, after a "# scratch=... code=..." header line, one line per case:
 *   ID SIG GPR0..GPR15 RFLAGS MXCSR XMM0..XMM15 MEMHEX
 * RFLAGS is masked to CF PF AF ZF SF DF OF; SIG is the signal the code raised (0 if none).
 *
 * x87 cases add a last input token "x" FCW {"," VALUE} (VALUE: 80-bit, 20 hex digits, ST(0) first) and
 * get a last output token "x" FCW "," FSW "," TAGS {"," ST(i)} (TAGS: FXSAVE's abridged tag byte).
 */

export const NSLOTS = 16384;
export const SLOT_SIZE = 64;
export const SCRATCH_SIZE = 256;

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

export const GPR_NAMES = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

/** A register's initial value: a 64-bit number, or an offset into the scratch block. */
export type RegInit = bigint | { scratch: number };

export interface TestCase {
  id: number;
  family: string;
  code: Uint8Array;
  rflags: number;
  mxcsr: number;
  gpr: RegInit[];
  xmm: bigint[];
  mem: Uint8Array;
  /** RFLAGS bits Intel documents as undefined after this instruction (not compared). */
  undefFlags: number;
  /** GPRs (bit i = register i) whose result is architecturally undefined (not compared). */
  undefRegs?: number;
  /** The case is expected to raise this signal natively. */
  expectSignal?: number;
  /** x87 set-up: control word and the values on the stack (ST(0) first), 80-bit each. */
  x87?: { fcw: number; stack: bigint[] };
  /** FSW bits undefined after this instruction (condition codes, usually). */
  undefFsw?: number;
}

const M64 = (1n << 64n) - 1n;

function hex(v: bigint, digits: number): string {
  return v.toString(16).padStart(digits, "0");
}

function bytesHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export function caseLine(c: TestCase): string {
  const parts: string[] = [String(c.id), bytesHex(c.code), c.rflags.toString(16), c.mxcsr.toString(16)];
  for (const g of c.gpr) {
    if (typeof g === "bigint") parts.push(hex(g & M64, 1));
    else parts.push("S+" + hex(BigInt(g.scratch) & M64, 1));
  }
  for (const x of c.xmm) parts.push(hex(x & ((1n << 128n) - 1n), 32));
  parts.push(bytesHex(c.mem));
  if (c.x87) parts.push("x" + [c.x87.fcw.toString(16), ...c.x87.stack.map((v) => hex(v & ((1n << 80n) - 1n), 20))].join(","));
  return parts.join(" ");
}

export interface CaseResult {
  id: number;
  sig: number;
  gpr: string[];     // 16 hex strings
  rflags: number;
  mxcsr: number;
  xmm: string[];     // 16 hex strings (32 digits)
  mem: string;       // 512 hex digits
  x87?: { fcw: number; fsw: number; tags: number; st: string[] };
}

export interface HarnessOutput {
  scratch: number;
  code: number;
  results: Map<number, CaseResult>;
}

export function parseOutput(text: string): HarnessOutput {
  const out: HarnessOutput = { scratch: 0, code: 0, results: new Map() };
  for (const line of text.split("\n")) {
    if (line.startsWith("# ")) {
      const m = /scratch=([0-9a-f]+) code=([0-9a-f]+)/.exec(line);
      if (m) { out.scratch = parseInt(m[1]!, 16); out.code = parseInt(m[2]!, 16); }
      continue;
    }
    const t = line.split(" ");
    if (t.length !== 2 + 16 + 2 + 16 + 1 && t.length !== 2 + 16 + 2 + 16 + 2) continue; // a partial line
    const r: CaseResult = {
      id: Number(t[0]), sig: Number(t[1]), gpr: t.slice(2, 18),
      rflags: parseInt(t[18]!, 16), mxcsr: parseInt(t[19]!, 16), xmm: t.slice(20, 36), mem: t[36]!,
    };
    if (t.length === 38) {
      const x = t[37]!.slice(1).split(",");
      if (x.length !== 11) continue;
      r.x87 = { fcw: parseInt(x[0]!, 16), fsw: parseInt(x[1]!, 16), tags: parseInt(x[2]!, 16), st: x.slice(3) };
    }
    if (r.mem.length !== 2 * SCRATCH_SIZE) continue;
    out.results.set(r.id, r);
  }
  return out;
}

export interface FieldDiff { field: string; native: string; sysgate: string }

const FLAG_NAMES: [number, string][] = [[CF, "CF"], [PF, "PF"], [AF, "AF"], [ZF, "ZF"], [SF, "SF"], [DF, "DF"], [OF, "OF"]];

export function flagString(f: number): string {
  return FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n).join("|") || "-";
}

const MXCSR_FLAGS = ["IE", "DE", "ZE", "OE", "UE", "PE"];
/** MXCSR in hex with its sticky exception flags spelled out. */
export function mxcsrString(v: number): string {
  const f = MXCSR_FLAGS.filter((_, i) => v & (1 << i));
  return v.toString(16) + (f.length ? ` (${f.join(" ")})` : "");
}

/** Compare two results of the same case, honouring the case's undefined flags and registers. */
export function compareResults(c: TestCase, a: CaseResult, b: CaseResult): FieldDiff[] {
  const d: FieldDiff[] = [];
  if (a.sig !== b.sig) d.push({ field: "signal", native: String(a.sig), sysgate: String(b.sig) });
  for (let r = 0; r < 16; r++) {
    if ((c.undefRegs ?? 0) & (1 << r)) continue;
    if (a.gpr[r] !== b.gpr[r]) d.push({ field: GPR_NAMES[r]!, native: a.gpr[r]!, sysgate: b.gpr[r]! });
  }
  const mask = (STATUS_FLAGS | DF) & ~c.undefFlags;
  if ((a.rflags & mask) !== (b.rflags & mask)) {
    const diff = (a.rflags ^ b.rflags) & mask;
    d.push({ field: "rflags(" + flagString(diff) + ")", native: flagString(a.rflags & mask), sysgate: flagString(b.rflags & mask) });
  }
  if (a.mxcsr !== b.mxcsr) d.push({ field: "mxcsr", native: mxcsrString(a.mxcsr), sysgate: mxcsrString(b.mxcsr) });
  for (let r = 0; r < 16; r++) {
    if (a.xmm[r] !== b.xmm[r]) d.push({ field: "xmm" + r, native: a.xmm[r]!, sysgate: b.xmm[r]! });
  }
  if (a.x87 || b.x87) {
    const x = a.x87, y = b.x87;
    if (!x || !y) d.push({ field: "x87", native: x ? "present" : "-", sysgate: y ? "present" : "-" });
    else {
      if (x.fcw !== y.fcw) d.push({ field: "fcw", native: x.fcw.toString(16), sysgate: y.fcw.toString(16) });
      const m = 0xffff & ~(c.undefFsw ?? 0);
      if ((x.fsw & m) !== (y.fsw & m)) d.push({ field: "fsw", native: (x.fsw & m).toString(16), sysgate: (y.fsw & m).toString(16) });
      if (x.tags !== y.tags) d.push({ field: "ftw", native: x.tags.toString(16), sysgate: y.tags.toString(16) });
      const top = (x.fsw >> 11) & 7;
      for (let i = 0; i < 8; i++) {
        if (!(x.tags & (1 << ((top + i) & 7)))) continue; // empty: contents not architectural
        if (x.st[i] !== y.st[i]) d.push({ field: `st${i}`, native: x.st[i]!, sysgate: y.st[i]! });
      }
    }
  }
  if (a.mem !== b.mem) {
    // Report the first differing 8-byte chunk.
    for (let i = 0; i < a.mem.length; i += 16) {
      const x = a.mem.slice(i, i + 16), y = b.mem.slice(i, i + 16);
      if (x !== y) { d.push({ field: `mem[0x${(i / 2).toString(16)}]`, native: x, sysgate: y }); break; }
    }
  }
  return d;
}
