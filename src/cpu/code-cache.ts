// Decoded blocks of one address space. Shared by every Cpu running on the same GuestMemory (threads), so
// the memory's single code-write listener invalidates code for all of them.
import type { GuestMemory } from "./memory.js";
import { Block } from "./insn.js";
import { decodeBlock } from "./decode.js";

const FAST_SLOTS = 1 << 14;

export class CodeCache {
  private readonly blocks = new Map<number, Block>();
  /** Direct-mapped front table indexed by the low bits of the start rip. */
  readonly fast: (Block | undefined)[] = new Array<Block | undefined>(FAST_SLOTS);
  private readonly pageBlocks = new Map<number, Block[]>();

  constructor(private readonly mem: GuestMemory) {
    mem.setCodeWriteListener((page) => this.invalidatePage(page));
  }

  /** The valid block starting at rip, decoding it if needed (a fetch fault propagates). */
  lookup(rip: number): Block {
    const slot = rip & (FAST_SLOTS - 1);
    let b = this.fast[slot];
    if (b !== undefined && b.start === rip && b.valid) return b;
    b = this.blocks.get(rip);
    if (b === undefined || !b.valid) b = this.build(rip);
    this.fast[slot] = b;
    return b;
  }

  private build(rip: number): Block {
    const b = decodeBlock(this.mem, rip);
    this.blocks.set(rip, b);
    for (let p = b.firstPage; p <= b.lastPage; p++) {
      let list = this.pageBlocks.get(p);
      if (list === undefined) {
        list = [];
        this.pageBlocks.set(p, list);
        this.mem.markCodePage(p);
      }
      list.push(b);
    }
    return b;
  }

  /** Drop every block touching `page` (called by the memory on writes, munmap, mprotect). */
  invalidatePage(page: number): void {
    const list = this.pageBlocks.get(page);
    if (list === undefined) return;
    this.pageBlocks.delete(page);
    for (const b of list) {
      b.valid = false;
      if (this.blocks.get(b.start) === b) this.blocks.delete(b.start);
    }
  }

  flush(): void {
    for (const b of this.blocks.values()) b.valid = false;
    this.blocks.clear();
    this.pageBlocks.clear();
    this.fast.fill(undefined);
  }

  get size(): number { return this.blocks.size; }
}

const caches = new WeakMap<GuestMemory, CodeCache>();
/** The cache of an address space (created, and registered as its code-write listener, on first use). */
export function codeCacheFor(mem: GuestMemory): CodeCache {
  let c = caches.get(mem);
  if (c === undefined) { c = new CodeCache(mem); caches.set(mem, c); }
  return c;
}
