/**
 * The CPU's view of memory. The address space in src/mm implements it; the CPU knows nothing else
 * about memory (no VMAs, no Linux). Addresses are JS numbers holding canonical user addresses
 * (0 <= a < 2^47). Any address outside that range, unmapped, or lacking the permission the access
 * needs makes the implementation throw the shared `MemoryFault` object (see fault.ts).
 *
 * Values: 8/16-bit reads return zero-extended numbers; read32 returns the value as a signed int32
 * (`| 0` form); read64 returns the low half as int32 and leaves the high half in `hi32`.
 * Writes take int32-or-uint32 numbers (only the low bits are used); write64 takes (lo, hi).
 * Accesses may be unaligned and may straddle a page boundary.
 */
export interface GuestMemory {
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  /** Returns the low 32 bits (int32); the high 32 bits are left in `hi32`. */
  read64(addr: number): number;
  /** High half of the last read64. */
  hi32: number;
  write8(addr: number, v: number): void;
  write16(addr: number, v: number): void;
  write32(addr: number, v: number): void;
  write64(addr: number, lo: number, hi: number): void;
  /** Read a byte for instruction fetch: needs execute permission (PROT_EXEC). */
  fetch8(addr: number): number;
  /**
   * The CPU has decoded instructions from this 4 KiB page (page number = addr / 4096) and cached
   * them. From now on, any write to the page, or any unmap/mprotect touching it, must call the
   * listener given to `setCodeWriteListener` once and then forget the mark.
   */
  markCodePage(pageNumber: number): void;
  setCodeWriteListener(fn: (pageNumber: number) => void): void;
}
