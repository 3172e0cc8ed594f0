/**
 * Builds the sample programs of the ELF tests (into build/elf/) and makes the malformed variants.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const OUT = join(ROOT, "build/elf");
const SRC = join(ROOT, "tests/elf/hello.c");

function cc(compiler: string, args: string[], out: string): string | null {
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(SRC).mtimeMs) return out;
  mkdirSync(OUT, { recursive: true });
  const r = spawnSync(compiler, [...args, "-o", out, SRC], { encoding: "utf8" });
  return r.status === 0 ? out : null;
}

/** Static hello (musl if available, else glibc), a dynamic one, and a relocatable object. */
export function buildSamples() {
  const staticMusl = cc("musl-gcc", ["-static", "-O2"], join(OUT, "hello-musl"));
  const staticGlibc = cc("gcc", ["-static", "-O2"], join(OUT, "hello-glibc"));
  const dynamic = cc("gcc", ["-O2"], join(OUT, "hello-dynamic"));
  const object = cc("gcc", ["-c", "-O2"], join(OUT, "hello.o"));
  const stat = staticMusl ?? staticGlibc;
  if (!stat || !dynamic || !object) throw new Error("cannot build the ELF test samples (gcc/musl-gcc missing?)");
  return { static: stat, staticGlibc, dynamic, object };
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;
function put64(b: Uint8Array, o: number, v: number) {
  for (let i = 0; i < 8; i++) { b[o + i] = v % 256; v = Math.floor(v / 256); }
}

/** Little-endian store of `size` bytes (values up to 2^53). */
function put64Into(b: Uint8Array, at: number, size: number, v: number) {
  for (let i = 0; i < size; i++) { b[at + i] = v % 256; v = Math.floor(v / 256); }
}

export interface ElfShape { phoff: number; phentsize: number; phnum: number }
export function shape(b: Uint8Array): ElfShape {
  return { phoff: u64(b, 32), phentsize: u16(b, 54), phnum: u16(b, 56) };
}

export interface MalformedCase {
  name: string;
  bytes: Uint8Array;
  /** A word the one-line reason must contain (case-insensitive), if any. */
  expect?: RegExp;
}

/** The hand-made cases, derived from the real samples. */
export function malformedCases(s: ReturnType<typeof buildSamples>): MalformedCase[] {
  const base = new Uint8Array(readFileSync(s.static));
  const sh = shape(base);
  const patch = (f: (b: Uint8Array) => void) => { const b = base.slice(); f(b); return b; };
  const enc = new TextEncoder();
  const firstLoad = () => {
    for (let i = 0; i < sh.phnum; i++) if (u32(base, sh.phoff + i * sh.phentsize) === 1) return sh.phoff + i * sh.phentsize;
    throw new Error("sample has no PT_LOAD");
  };
  return [
    { name: "not-elf", bytes: enc.encode("this is just some text, not a program\n") },
    { name: "shell-script", bytes: enc.encode("#!/bin/sh\necho hi\n") },
    { name: "empty", bytes: new Uint8Array(0) },
    { name: "elf32", bytes: patch((b) => { b[4] = 1; }), expect: /32-bit|class/i },
    { name: "big-endian", bytes: patch((b) => { b[5] = 2; }), expect: /endian|MSB/i },
    { name: "aarch64", bytes: patch((b) => { b[18] = 183; b[19] = 0; }), expect: /AArch64/ },
    { name: "relocatable", bytes: new Uint8Array(readFileSync(s.object)), expect: /relocatable|ET_REL|object|type/i },
    { name: "dynamic", bytes: new Uint8Array(readFileSync(s.dynamic)), expect: /PT_INTERP.*not supported yet/ },
    { name: "truncated-header", bytes: base.slice(0, 30), expect: /truncat|short|header/i },
    { name: "phdrs-out-of-file", bytes: patch((b) => put64(b, 32, base.length + 100)) },
    // p_memsz (offset 40) just below p_filesz (offset 32): the file part still lies inside the file
    { name: "filesz-gt-memsz", bytes: patch((b) => { const p = firstLoad(); put64(b, p + 40, u64(b, p + 32) - 16); }), expect: /memsz|filesz|size/i },
    { name: "no-pt-load", bytes: patch((b) => { for (let i = 0; i < sh.phnum; i++) { const o = sh.phoff + i * sh.phentsize; if (u32(b, o) === 1) b[o] = 4; } }) },
    { name: "truncated-segments", bytes: base.slice(0, Math.min(base.length, sh.phoff + sh.phnum * sh.phentsize + 64)) },
  ];
}

export function writeExecutable(path: string, bytes: Uint8Array) {
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
}

// ---------------------------------------------------------------------------------------------------
// fuzzing

export class Rng {
  constructor(private s: number) {}
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number) { return this.u32() % n; }
}

/** A fuzzed copy: byte flips in the ELF header and program headers, and/or a truncation. */
export function mutate(base: Uint8Array, r: Rng): { bytes: Uint8Array; what: string } {
  const sh = shape(base);
  const b = base.slice();
  const what: string[] = [];
  const phEnd = Math.min(base.length, sh.phoff + sh.phnum * sh.phentsize);
  const kind = r.int(13);
  const flip = (lo: number, hi: number) => {
    const o = lo + r.int(Math.max(1, hi - lo));
    const style = r.int(3);
    b[o] = style === 0 ? r.u32() & 0xff : style === 1 ? b[o]! ^ (1 << r.int(8)) : [0, 0xff, 0x7f, 0x80][r.int(4)]!;
    what.push(`@${o.toString(16)}=${b[o]!.toString(16)}`);
  };
  if (kind < 4) { // ELF header, usually keeping the magic so the loader looks further
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) flip(r.int(10) === 0 ? 0 : 4, 64);
  }
  if (kind >= 3 && kind < 8) { // program headers
    const n = 1 + r.int(6);
    for (let i = 0; i < n; i++) flip(sh.phoff, phEnd);
  }
  if (kind >= 10) { // one header field set to an interesting value (ELF header or a program header)
    const fields: [number, number][] = [[16, 2], [18, 2], [24, 8], [32, 8], [54, 2], [56, 2]]; // type machine entry phoff phentsize phnum
    const phFields: [number, number][] = [[0, 4], [4, 4], [8, 8], [16, 8], [32, 8], [40, 8], [48, 8]]; // type flags offset vaddr filesz memsz align
    let at: number, size: number;
    if (r.int(3) === 0) [at, size] = fields[r.int(fields.length)]!;
    else { const [o, n] = phFields[r.int(phFields.length)]!; at = sh.phoff + r.int(Math.max(1, sh.phnum)) * sh.phentsize + o; size = n; }
    const values = [0, 1, -1, 0x1000, 0xfff, base.length, base.length + 1, 2 ** 47, 2 ** 47 - 0x1000, 0x7fffffff, 0x80000000, r.u32()];
    const v = values[r.int(values.length)]!;
    const safe = v < 0 ? v : Math.min(v, 2 ** (size * 8) - 1);
    if (at + size <= b.length) {
      if (safe < 0) b.fill(0xff, at, at + size); else put64Into(b, at, size, safe);
      what.push(`field@${at.toString(16)}=${safe < 0 ? "all-ones" : safe.toString(16)}`);
    }
    return { bytes: b, what: what.join(" ") };
  }
  if (kind >= 7) { // truncation
    const t = r.int(3);
    const len = t === 0 ? r.int(64) : t === 1 ? 64 + r.int(Math.max(1, phEnd - 64)) : phEnd + r.int(base.length - phEnd);
    what.push(`truncate ${len}`);
    return { bytes: b.slice(0, len), what: what.join(" ") };
  }
  return { bytes: b, what: what.join(" ") };
}
