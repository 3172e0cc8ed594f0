// A flat GuestMemory for CPU tests: one byte array mapped at address 0, everything beyond it unmapped.
import { AccessKind, memoryFault } from "../../src/cpu/fault.js";
import type { GuestMemory } from "../../src/cpu/memory.js";

export class FlatMemory implements GuestMemory {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  hi32 = 0;
  /** Pages that are not executable (fetch faults with protection = true). */
  readonly noExec = new Set<number>();
  private marked: Uint8Array;
  private markedCount = 0;
  private listener: (page: number) => void = () => {};

  constructor(public size = 16 << 20) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
    this.marked = new Uint8Array(Math.ceil(size / 4096));
  }
  private check(a: number, n: number, access: AccessKind): void {
    if (!(a >= 0 && a + n <= this.size)) throw memoryFault.set(a, access, false);
  }
  private wrote(a: number, n: number): void {
    if (this.markedCount === 0) return;
    const p0 = Math.floor(a / 4096), p1 = Math.floor((a + n - 1) / 4096);
    if (this.marked[p0] === 0 && this.marked[p1] === 0) return;
    for (let p = p0; p <= p1; p++) {
      if (this.marked[p] !== 0) { this.marked[p] = 0; this.markedCount--; this.listener(p); }
    }
  }
  read8(a: number): number { this.check(a, 1, AccessKind.Read); return this.bytes[a]!; }
  read16(a: number): number { this.check(a, 2, AccessKind.Read); return this.dv.getUint16(a, true); }
  read32(a: number): number { this.check(a, 4, AccessKind.Read); return this.dv.getInt32(a, true); }
  read64(a: number): number {
    this.check(a, 8, AccessKind.Read);
    this.hi32 = this.dv.getInt32(a + 4, true);
    return this.dv.getInt32(a, true);
  }
  write8(a: number, v: number): void { this.check(a, 1, AccessKind.Write); this.bytes[a] = v; this.wrote(a, 1); }
  write16(a: number, v: number): void { this.check(a, 2, AccessKind.Write); this.dv.setUint16(a, v & 0xffff, true); this.wrote(a, 2); }
  write32(a: number, v: number): void { this.check(a, 4, AccessKind.Write); this.dv.setInt32(a, v | 0, true); this.wrote(a, 4); }
  write64(a: number, lo: number, hi: number): void {
    this.check(a, 8, AccessKind.Write);
    this.dv.setInt32(a, lo | 0, true);
    this.dv.setInt32(a + 4, hi | 0, true);
    this.wrote(a, 8);
  }
  fetch8(a: number): number {
    this.check(a, 1, AccessKind.Exec);
    if (this.noExec.has(Math.floor(a / 4096))) throw memoryFault.set(a, AccessKind.Exec, true);
    return this.bytes[a]!;
  }
  markCodePage(p: number): void { if (this.marked[p] === 0) { this.marked[p] = 1; this.markedCount++; } }
  setCodeWriteListener(fn: (page: number) => void): void { this.listener = fn; }
}
