// Minimal ELF64 section reader for tests: returns the bytes and address of .text.
import { readFileSync } from "node:fs";

export function readText(path: string): { bytes: Uint8Array; addr: number } {
  const f = new Uint8Array(readFileSync(path));
  const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true), shnum = dv.getUint16(0x3c, true), shstrndx = dv.getUint16(0x3e, true);
  const sh = (k: number) => shoff + k * shentsize;
  const strOff = Number(dv.getBigUint64(sh(shstrndx) + 0x18, true));
  for (let k = 0; k < shnum; k++) {
    const nameOff = dv.getUint32(sh(k), true);
    let name = "";
    for (let p = strOff + nameOff; f[p] !== 0; p++) name += String.fromCharCode(f[p]!);
    if (name === ".text") {
      const addr = Number(dv.getBigUint64(sh(k) + 0x10, true));
      const off = Number(dv.getBigUint64(sh(k) + 0x18, true));
      const size = Number(dv.getBigUint64(sh(k) + 0x20, true));
      return { bytes: f.subarray(off, off + size), addr };
    }
  }
  throw new Error(`${path}: no .text`);
}
