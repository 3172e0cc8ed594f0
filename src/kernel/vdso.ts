/**
 * The vDSO: the image built from vdso/vdso.S (src/kernel/vdso-image.ts) mapped into every process
 * as "[vdso]", and its data page "[vvar]" just below it, which the kernel rewrites from the
 * machine's clock at the start of each time slice. One data page serves the whole machine (every
 * process maps the same frame), as on Linux.
 *
 * Layout of the data page: see the comment at the top of vdso/vdso.S (offsets below).
 */
import { AddressSpace, SharedObject } from "../mm/address-space.js";
import { BytesFile } from "../mm/mapped-file.js";
import type { FramePool } from "../mm/frames.js";
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_EXEC, PROT_READ } from "../abi/mman.js";
import { NSEC_PER_SEC, type MachineClock } from "./clock.js";
import { VDSO_IMAGE_BASE64 } from "./vdso-image.js";

const PAGE = 4096;
/** [vvar] is 4 pages, as in Linux 6.x (the data, then pvclock/hvclock/timens pages, unused here). */
export const VVAR_PAGES = 4;

const OFF_SEQ = 0;
const OFF_CPU = 4;
const OFF_TSC_BASE = 8;
const OFF_MULT = 16;
const OFF_SHIFT = 20;
const OFF_TZ_MIN = 24;
const OFF_TZ_DST = 28;
const OFF_HRES_MASK = 32;
const OFF_COARSE_MASK = 36;
const OFF_COARSE_RES = 40;
const OFF_BASES = 64;

/** Clock ids (see syscalls/time.ts). */
const REALTIME = 0, MONOTONIC = 1, MONOTONIC_RAW = 4, REALTIME_COARSE = 5, MONOTONIC_COARSE = 6, BOOTTIME = 7, TAI = 11;
const HRES_MASK = (1 << REALTIME) | (1 << MONOTONIC) | (1 << MONOTONIC_RAW) | (1 << BOOTTIME) | (1 << TAI);
const COARSE_MASK = (1 << REALTIME_COARSE) | (1 << MONOTONIC_COARSE);
/** Resolution of the coarse clocks: one tick at HZ=250. */
export const COARSE_RES_NS = 4_000_000;

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let imageBytes: Uint8Array | null = null;
/** The vDSO's ELF image (decoded once per host process). */
export function vdsoImage(): Uint8Array {
  if (imageBytes === null) imageBytes = decodeBase64(VDSO_IMAGE_BASE64);
  return imageBytes;
}

export class Vdso {
  private readonly image = vdsoImage();
  private readonly file = new BytesFile(this.image, "[vdso]");
  /**
   * The object behind every process's [vvar]. Its data frame lives while some process maps it (the
   * last unmap gives it back to the pool); the next map makes a new one.
   */
  private readonly vvar = new SharedObject(null);
  private frame = -1;
  private view: DataView | null = null;
  private base = 0;
  private seq = 0;
  private readonly rt = { sec: 0, nsec: 0 };

  constructor(
    private readonly pool: FramePool,
    private readonly clock: MachineClock,
  ) {}

  /** The data frame, made and filled if no process maps it now; false when memory is exhausted. */
  private ensureFrame(): boolean {
    if (this.frame >= 0 && this.vvar.frames.get(0) === this.frame) return true;
    const f = this.pool.alloc(true);
    if (f < 0) return false;
    this.vvar.frames.set(0, f);
    this.frame = f;
    const v = this.pool.view(f);
    const b = this.pool.offset(f);
    this.view = v;
    this.base = b;
    v.setUint32(b + OFF_CPU, 0, true);
    v.setUint32(b + OFF_MULT, 1, true);
    v.setUint32(b + OFF_SHIFT, 0, true);
    v.setInt32(b + OFF_TZ_MIN, 0, true);
    v.setInt32(b + OFF_TZ_DST, 0, true);
    v.setUint32(b + OFF_HRES_MASK, HRES_MASK, true);
    v.setUint32(b + OFF_COARSE_MASK, COARSE_MASK, true);
    v.setUint32(b + OFF_COARSE_RES, COARSE_RES_NS, true);
    this.refresh();
    return true;
  }

  /** Size of the image's mapping in bytes. */
  get imagePages(): number {
    return Math.ceil(this.image.length / PAGE);
  }

  /**
   * Map [vvar] and [vdso] into `mm` where the next top-down mmap would go (Linux's placement
   * without randomisation). Returns the image's address (AT_SYSINFO_EHDR), or 0 on failure.
   */
  map(mm: AddressSpace): number {
    const len = (VVAR_PAGES + this.imagePages) * PAGE;
    const at = mm.mmap(0, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
    if (at < 0 || at % PAGE !== 0) return 0;
    if (!this.ensureFrame()) {
      mm.munmap(at, len);
      return 0;
    }
    if (mm.mapSharedObject(at, VVAR_PAGES * PAGE, PROT_READ, "[vvar]", this.vvar) < 0) return 0;
    const img = at + VVAR_PAGES * PAGE;
    if (mm.mapSpecial(img, this.imagePages * PAGE, PROT_READ | PROT_EXEC, "[vdso]", false, this.file) < 0) return 0;
    return img;
  }

  /** Rewrite the clock bases from the machine clock's last tick: a few stores, no allocation. */
  refresh(): void {
    const v = this.view, b = this.base;
    // No process maps the page (its frame went back to the pool): nothing to keep current.
    if (v === null || this.vvar.frames.get(0) !== this.frame) return;
    const mono = this.clock.tickNs;
    this.seq = (this.seq + 1) | 0;
    v.setUint32(b + OFF_SEQ, this.seq, true); // odd: being written
    putU64(v, b + OFF_TSC_BASE, mono);
    const msec = Math.floor(mono / NSEC_PER_SEC);
    const mnsec = mono - msec * NSEC_PER_SEC;
    putBase(v, b, MONOTONIC, msec, mnsec);
    putBase(v, b, MONOTONIC_RAW, msec, mnsec);
    putBase(v, b, BOOTTIME, msec, mnsec);
    putBase(v, b, MONOTONIC_COARSE, msec, mnsec);
    this.clock.realtimeOf(mono, this.rt);
    putBase(v, b, REALTIME, this.rt.sec, this.rt.nsec);
    putBase(v, b, REALTIME_COARSE, this.rt.sec, this.rt.nsec);
    putBase(v, b, TAI, this.rt.sec, this.rt.nsec);
    this.seq = (this.seq + 1) | 0;
    v.setUint32(b + OFF_SEQ, this.seq, true);
  }
}

function putU64(v: DataView, off: number, x: number): void {
  const hi = Math.floor(x / 4294967296);
  v.setUint32(off, x - hi * 4294967296, true);
  v.setUint32(off + 4, hi, true);
}

function putBase(v: DataView, b: number, id: number, sec: number, nsec: number): void {
  putU64(v, b + OFF_BASES + id * 16, sec);
  putU64(v, b + OFF_BASES + id * 16 + 8, nsec);
}
