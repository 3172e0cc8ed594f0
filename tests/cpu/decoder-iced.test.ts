// The decoder's instruction lengths agree with iced-x86 on real binaries; unsupported ones are #UD, never mis-decoded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Decoder, DecoderOptions, Instruction, Code, Mnemonic } from "iced-x86";
import { decodeLength } from "../../src/cpu/decode.js";
import { readText } from "./elf-text.js";
import { buildSamples } from "./build-samples.js";

/** Mnemonics that are expected to be #UD for now: x87 and SSE floating point (another module), AVX and friends. */
function expectedUnsupported(m: string): boolean {
  if (/^F/.test(m)) return true; // x87
  if (/^V/.test(m) || /^K/.test(m)) return true; // AVX, AVX-512 mask registers (not advertised)
  if (/^(Add|Sub|Mul|Div|Min|Max|Sqrt|Rcp|Rsqrt|Cmp|Ucomi|Comi|Cvt|Cvtt|And|Andn|Or|Xor|Round|Hadd|Hsub|Dp|Blend|Movddup|Movshdup|Movsldup|Lddqu|Addsub)(ss|sd|ps|pd|si2sd|si2ss|sd2si|ss2si|sd2ss|ss2sd|dq2pd|dq2ps|pd2dq|ps2dq|pd2ps|ps2pd|ttsd2si|ttss2si)?$/i.test(m)) return true;
  if (/^Cvt/.test(m)) return true;
  if (/^(Pshufb|Palignr|Pcmpistri|Pcmpestri|Pminud|Pmaxud|Pminsb|Pmaxsb|Ptest|Pblendvb|Pmovzx.*|Pmovsx.*|Pextr[bdq]|Pinsr[bdq]|Popcnt|Movbe|Xgetbv|Xsave.*|Xrstor.*|Rdrand|Rdseed|Rdpid|Rdsspq|Rdsspd|Incsspq|Incsspd|Wrussq|Setssbsy|Saveprevssp|Rstorssp|Pabs[bwd]|Psign[bwd]|Phadd.*|Phsub.*|Pmulhrsw|Pmaddubsw|Pcmpeqq|Pcmpgtq|Packusdw|Pmulld|Pmuldq|Pminuw|Pmaxuw|Pminsd|Pmaxsd|Crc32|Bextr|Blsr|Blsi|Blsmsk|Andn|Bzhi|Pdep|Pext|Sarx|Shlx|Shrx|Rorx|Mulx|Adcx|Adox|Tpause|Umwait|Umonitor|Xbegin|Xend|Xabort|Xtest|Ud0|Ud1|Ud2|Wrfsbase|Wrgsbase|Rdfsbase|Rdgsbase|Emms|Int|Int1|In|Out|Insb|Insd|Outsb|Outsd|Hlt)$/.test(m)) return true;
  return false;
}

function checkBinary(path: string): { total: number; supported: number; unexpected: Map<string, number>; expected: Map<string, number> } {
  const { bytes, addr } = readText(path);
  const dec = new Decoder(64, bytes, DecoderOptions.None);
  dec.ip = BigInt(addr);
  const ins = new Instruction();
  let off = 0, total = 0, supported = 0;
  const unexpected = new Map<string, number>(), expected = new Map<string, number>();
  const mismatches: string[] = [];
  while (dec.canDecode) {
    dec.decodeOut(ins);
    const len = ins.length;
    if (ins.code !== Code.INVALID) {
      total++;
      const mine = decodeLength(bytes, off);
      const m = Mnemonic[ins.mnemonic]!;
      if (mine === -1) {
        const map = expectedUnsupported(m) ? expected : unexpected;
        map.set(m, (map.get(m) ?? 0) + 1);
      } else {
        supported++;
        if (mine !== len && mismatches.length < 20) {
          mismatches.push(`${(addr + off).toString(16)}: ${m} iced=${len} mine=${mine} bytes=${Buffer.from(bytes.subarray(off, off + len)).toString("hex")}`);
        }
      }
    }
    off += len;
  }
  ins.free(); dec.free();
  assert.deepEqual(mismatches, [], `length mismatches in ${path}`);
  return { total, supported, unexpected, expected };
}

function report(name: string, r: ReturnType<typeof checkBinary>): void {
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${v}`).join(" ");
  console.log(`# ${name}: ${r.total} instructions, ${r.supported} decoded (${(100 * r.supported / r.total).toFixed(2)}%)`);
  console.log(`#   expected #UD (FP/AVX/...): ${top(r.expected)}`);
  console.log(`#   unexpected #UD: ${top(r.unexpected) || "none"}`);
}

const samples = buildSamples();
for (const [name, path] of [["busybox", "/bin/busybox"], ["musl static", samples.musl], ["glibc static", samples.glibc], ["glibc static-pie", samples.glibcPie]] as const) {
  test(`decoder lengths agree with iced-x86: ${name}`, { skip: !path || !existsSync(path) }, () => {
    const r = checkBinary(path!);
    report(name, r);
    assert.deepEqual([...r.unexpected.keys()], [], "integer/SSE2-integer instructions that should decode");
  });
}
