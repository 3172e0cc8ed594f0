// Physical memory of the machine: 4 KiB frames carved out of 1 MiB ArrayBuffer chunks, with a
// reference count per frame (several address spaces share frames after fork, until one writes).
//
// Frame 0 is the shared zero frame: it is never handed out, never written, and backs every read of
// an anonymous page that has not been written yet.

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
/** Frames per chunk (256 * 4 KiB = 1 MiB). */
const CHUNK_SHIFT = 8;
const CHUNK_FRAMES = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_FRAMES - 1;

export interface FramePoolOptions {
  /** Bytes of frames that may be in use at once (the guest memory cap). Default 2 GiB. */
  limitBytes?: number;
}

export class FramePool {
  /** Upper bound on frames in use (excluding the zero frame). */
  readonly limitFrames: number;
  /** Frames in use now, and the most ever in use. */
  inUse = 0;
  peak = 0;
  /** Chunk i holds frames i*256 .. i*256+255. */
  readonly chunks: Uint8Array[] = [];
  readonly views: DataView[] = [];
  /** Reference count per frame id. */
  refs: Int32Array = new Int32Array(CHUNK_FRAMES);
  private readonly free: number[] = [];
  /**
   * MAP_SHARED pages of files, by "dev:ino", shared by every address space on this pool (values
   * are SharedObjects from address-space.ts; typed loosely to keep this module free of that import).
   */
  readonly fileObjects = new Map<string, unknown>();
  private nextFresh = 1;

  constructor(opts: FramePoolOptions = {}) {
    const limit = opts.limitBytes ?? 2 * 1024 * 1024 * 1024;
    this.limitFrames = Math.max(0, Math.floor(limit / PAGE_SIZE));
    this.addChunk(); // chunk 0 holds the zero frame
  }

  get limitBytes(): number {
    return this.limitFrames * PAGE_SIZE;
  }

  private addChunk(): boolean {
    let buf: ArrayBuffer;
    try {
      buf = new ArrayBuffer(CHUNK_FRAMES * PAGE_SIZE);
    } catch {
      return false; // the host itself is out of memory: report it like the cap
    }
    this.chunks.push(new Uint8Array(buf));
    this.views.push(new DataView(buf));
    const need = this.chunks.length * CHUNK_FRAMES;
    if (this.refs.length < need) {
      const r = new Int32Array(Math.max(need, this.refs.length * 2));
      r.set(this.refs);
      this.refs = r;
    }
    return true;
  }

  /**
   * A new frame with reference count 1, zero-filled when `zero` (the caller overwrites it all
   * otherwise), or -1 when the cap (or the host) has no room.
   */
  alloc(zero: boolean): number {
    if (this.inUse >= this.limitFrames) return -1;
    let f: number;
    if (this.free.length > 0) {
      f = this.free.pop()!;
      if (zero) {
        const off = (f & CHUNK_MASK) << 12;
        this.chunks[f >>> CHUNK_SHIFT].fill(0, off, off + PAGE_SIZE);
      }
    } else {
      if ((this.nextFresh >>> CHUNK_SHIFT) >= this.chunks.length && !this.addChunk()) return -1;
      f = this.nextFresh++; // fresh chunk memory is already zero
    }
    this.refs[f] = 1;
    if (++this.inUse > this.peak) this.peak = this.inUse;
    return f;
  }

  ref(f: number): void {
    if (f !== 0) this.refs[f]++;
  }

  unref(f: number): void {
    if (f === 0) return;
    if (--this.refs[f] === 0) {
      this.free.push(f);
      this.inUse--;
    }
  }

  bytes(f: number): Uint8Array {
    return this.chunks[f >>> CHUNK_SHIFT];
  }
  view(f: number): DataView {
    return this.views[f >>> CHUNK_SHIFT];
  }
  offset(f: number): number {
    return (f & CHUNK_MASK) << 12;
  }
  /** The 4 KiB of frame f as a view (allocates a view object; not for hot paths). */
  page(f: number): Uint8Array {
    const off = (f & CHUNK_MASK) << 12;
    return this.chunks[f >>> CHUNK_SHIFT].subarray(off, off + PAGE_SIZE);
  }
}
