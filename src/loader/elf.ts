// The ELF loader: checks an ELF64 x86-64 static executable (ET_EXEC) or static-pie (ET_DYN without
// PT_INTERP), maps its PT_LOAD segments into an AddressSpace the way Linux's load_elf_binary does,
// sets the initial break, and builds the initial stack of the x86-64 System V ABI
// (argc, argv, envp, auxv, strings, AT_RANDOM bytes) the way create_elf_tables lays it out.
//
// Anything it cannot run is refused with an ElfError whose message is one line, for the CLI to print
// before exiting with status 126.

import {
  AT_BASE, AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_HWCAP2,
  AT_MINSIGSTKSZ, AT_NULL, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SECURE,
  AT_RSEQ_ALIGN, AT_RSEQ_FEATURE_SIZE, AT_SYSINFO_EHDR, AT_UID, EI_CLASS, EI_DATA, EI_VERSION, ELF64_EHDR_SIZE, ELF64_PHDR_SIZE, ELFCLASS32,
  ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_X86_64, ET_CORE, ET_DYN, ET_EXEC, ET_REL, EV_CURRENT, PF_R,
  PF_W, PF_X, PT_GNU_STACK, PT_INTERP, PT_LOAD, PT_PHDR, machineName,
} from "../abi/elf.js";
import { Errno } from "../abi/errno.js";
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../abi/mman.js";
import { SyscallError } from "../abi/syscall-error.js";
import { AddressSpace, MMAP_MIN_ADDR, TASK_SIZE } from "../mm/address-space.js";
import { BytesFile, type MappedFile } from "../mm/mapped-file.js";

const PAGE = 4096;
/** Linux x86-64's ELF_ET_DYN_BASE: two thirds of the 47-bit user space. */
const ELF_ET_DYN_BASE_EXACT = 0x555555554aaa;
/** Where a static-pie is placed by default (ELF_ET_DYN_BASE's page, without randomisation). */
export const ELF_ET_DYN_BASE = 0x555555554000;
/** The top of the initial stack (TASK_SIZE: just below the 47-bit boundary). */
export const STACK_TOP = TASK_SIZE;
/** Linux extends the initial stack VMA this far below what the arguments use. */
const STACK_EXPAND = 128 * 1024;
/** mmap_base keeps at least this gap below the stack top. */
const MIN_MMAP_GAP = 128 * 1024 * 1024;
const STACK_GUARD_GAP = 256 * PAGE;

/** A one-line reason why an image cannot be run (the CLI prints it and exits with 126). */
export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElfError";
  }
}

export interface LoadOptions {
  argv: (Uint8Array | string)[];
  envp: (Uint8Array | string)[];
  /** The path given to execve, for AT_EXECFN (defaults to argv[0]). */
  execfn?: Uint8Array | string;
  /** 16 bytes for AT_RANDOM. */
  random: Uint8Array;
  uid: number;
  euid: number;
  gid: number;
  egid: number;
  /** AT_HWCAP: CPUID leaf 1 EDX as the CPU reports it. */
  hwcap: number;
  hwcap2?: number;
  /** RLIMIT_STACK in bytes (8 MiB default; Infinity allowed). */
  stackLimit?: number;
  /** Address of the vDSO image: adds AT_SYSINFO_EHDR. */
  vdsoBase?: number;
  /** Maps the vDSO once the segments are in place (Linux's order) and returns its address (0: none). */
  mapVdso?: (mm: AddressSpace) => number;
  /** Adds AT_RSEQ_FEATURE_SIZE / AT_RSEQ_ALIGN (Linux 6.3+) when the kernel supports rseq. */
  rseq?: { featureSize: number; align: number };
  /** AT_MINSIGSTKSZ (default 2048). */
  minSigStkSz?: number;
  /** Identity of the executable for /proc/PID/maps; defaults to the image bytes named execfn. */
  file?: MappedFile;
  /** Load bias for a static-pie (default ELF_ET_DYN_BASE). */
  pieBase?: number;
  /**
   * "linux": place a static-pie as Linux 6.x does (top-down in the mmap area, brk moved to
   * ELF_ET_DYN_BASE), so addresses match a native run under `setarch -R`. Default: at pieBase.
   */
  pieLayout?: "linux" | "base";
}

export interface LoadedImage {
  entry: number;
  stackPointer: number;
  /** Initial program break (page-aligned end of the highest segment). */
  brkStart: number;
  /** Where the program headers are in memory (AT_PHDR). */
  phdrAddr: number;
  phnum: number;
  phent: number;
  /** Added to every p_vaddr (0 for ET_EXEC). */
  loadBias: number;
  /** Lowest and highest mapped addresses of the image. */
  startCode: number;
  endCode: number;
  startData: number;
  endData: number;
  /** PT_GNU_STACK asked for an executable stack. */
  execStack: boolean;
  stackTop: number;
  /** [argStart, argEnd) and [envStart, envEnd): the argument and environment strings (for /proc/PID/cmdline, environ). */
  argStart: number;
  argEnd: number;
  envStart: number;
  envEnd: number;
  /** AT_RANDOM, AT_EXECFN addresses. */
  randomAddr: number;
  execfnAddr: number;
  /** The auxiliary vector as [type, value] pairs, AT_NULL excluded (for /proc/PID/auxv). */
  auxv: [number, number][];
}

/** True when the file starts with "#!" (an interpreter script: execve handles those, not this loader). */
export function isShebang(image: Uint8Array): boolean {
  return image.length >= 2 && image[0] === 0x23 && image[1] === 0x21;
}

/** True when the file starts with the ELF magic. */
export function isElf(image: Uint8Array): boolean {
  return image.length >= 4 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46;
}

interface Phdr {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

function hex(n: number): string {
  return "0x" + n.toString(16);
}

/** A u64 as a number; values >= 2^53 come out approximately, which is fine: all are rejected. */
function u64(dv: DataView, off: number): number {
  return dv.getUint32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}

/** Check the ELF and its program headers; returns them, or throws ElfError. */
export function parseElf(image: Uint8Array): {
  type: number; entry: number; phoff: number; phnum: number; phdrs: Phdr[];
} {
  if (!isElf(image)) {
    if (isShebang(image)) throw new ElfError("not an ELF executable: it is a shell script (starts with #!)");
    throw new ElfError("not an ELF executable (no ELF magic number)");
  }
  if (image.length < 16) throw new ElfError("truncated ELF file: the identification bytes are incomplete");
  const cls = image[EI_CLASS];
  if (cls === ELFCLASS32) throw new ElfError("32-bit ELF (ELFCLASS32) is not supported");
  if (cls !== ELFCLASS64) throw new ElfError(`invalid ELF class ${cls}`);
  const data = image[EI_DATA];
  if (data === ELFDATA2MSB) {
    const m = image.length >= 20 ? (image[18] << 8) | image[19] : -1;
    throw new ElfError(`big-endian ELF (ELFDATA2MSB${m >= 0 ? ", " + machineName(m) : ""}) is not supported`);
  }
  if (data !== ELFDATA2LSB) throw new ElfError(`invalid ELF data encoding ${data}`);
  if (image.length < ELF64_EHDR_SIZE) throw new ElfError("truncated ELF file: the ELF header is incomplete");
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_X86_64) throw new ElfError(`${machineName(machine)} binary: only x86-64 programs are supported`);
  if (image[EI_VERSION] !== EV_CURRENT || dv.getUint32(20, true) !== EV_CURRENT) {
    throw new ElfError(`invalid ELF version ${image[EI_VERSION]}`);
  }
  const type = dv.getUint16(16, true);
  if (type === ET_REL) throw new ElfError("relocatable object file (ET_REL), not an executable");
  if (type === ET_CORE) throw new ElfError("core dump (ET_CORE), not an executable");
  if (type !== ET_EXEC && type !== ET_DYN) throw new ElfError(`ELF type ${type} is not an executable`);
  const entry = u64(dv, 24);
  const phoff = u64(dv, 32);
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phentsize !== ELF64_PHDR_SIZE) {
    throw new ElfError(`inconsistent ELF header: e_phentsize is ${phentsize}, expected ${ELF64_PHDR_SIZE}`);
  }
  if (phnum === 0) throw new ElfError("inconsistent ELF header: no program headers (e_phnum is 0)");
  if (phnum * phentsize > 65536) throw new ElfError(`inconsistent ELF header: too many program headers (${phnum})`);
  if (phoff > image.length || phoff + phnum * phentsize > image.length) {
    throw new ElfError("truncated ELF file: the program headers lie beyond the end of the file");
  }
  const phdrs: Phdr[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    phdrs.push({
      type: dv.getUint32(o, true),
      flags: dv.getUint32(o + 4, true),
      offset: u64(dv, o + 8),
      vaddr: u64(dv, o + 16),
      filesz: u64(dv, o + 32),
      memsz: u64(dv, o + 40),
      align: u64(dv, o + 48),
    });
  }
  for (const ph of phdrs) {
    if (ph.type !== PT_INTERP) continue;
    let interp = "";
    if (ph.offset < image.length && ph.filesz > 0 && ph.offset + ph.filesz <= image.length && ph.filesz < 4096) {
      let end = ph.offset + ph.filesz;
      const nul = image.subarray(ph.offset, end).indexOf(0);
      if (nul >= 0) end = ph.offset + nul;
      interp = new TextDecoder().decode(image.subarray(ph.offset, end)).replace(/[^\x20-\x7e]/g, "?");
    }
    throw new ElfError(`dynamically linked (PT_INTERP ${interp || "?"}) is not supported yet`);
  }
  let loads = 0;
  phdrs.forEach((ph, i) => {
    if (ph.type !== PT_LOAD) return;
    loads++;
    const n = `segment ${i}`;
    if (ph.offset > image.length || ph.offset + ph.filesz > image.length) {
      throw new ElfError(`truncated ELF file: ${n} (PT_LOAD) extends beyond the end of the file`);
    }
    if (ph.filesz > ph.memsz) throw new ElfError(`inconsistent ${n}: p_filesz is larger than p_memsz`);
    if ((ph.vaddr % PAGE) !== (ph.offset % PAGE)) {
      throw new ElfError(`inconsistent ${n}: p_vaddr and p_offset differ modulo the page size`);
    }
    if (ph.vaddr >= TASK_SIZE || ph.memsz >= TASK_SIZE || ph.vaddr + ph.memsz > TASK_SIZE) {
      throw new ElfError(`inconsistent ${n}: ${hex(ph.vaddr)}+${hex(ph.memsz)} lies outside user space`);
    }
  });
  if (loads === 0) throw new ElfError("no loadable segments (PT_LOAD)");
  return { type, entry, phoff, phnum, phdrs };
}

function toBytes(s: Uint8Array | string): Uint8Array {
  return typeof s === "string" ? new TextEncoder().encode(s) : s;
}

function mapped(r: number, what: string): number {
  if (r < 0) {
    const why = r === -Errno.ENOMEM ? "not enough memory" : r === -Errno.EPERM ? "address below the lowest mappable address" : `error ${-r}`;
    throw new ElfError(`cannot map ${what}: ${why}`);
  }
  return r;
}

/**
 * Load `image` into `mm` (a fresh address space) and build the initial stack. Throws ElfError for
 * anything that is not a runnable static x86-64 ELF, and SyscallError(E2BIG) when the arguments and
 * environment do not fit in a quarter of the stack limit (as execve does).
 */
export function loadElf(mm: AddressSpace, image: Uint8Array, opts: LoadOptions): LoadedImage {
  const { type, entry: rawEntry, phoff, phnum, phdrs } = parseElf(image);
  const loads = phdrs.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  if (loads.length === 0) throw new ElfError("no loadable segments (PT_LOAD)");

  // Address-space layout like Linux without randomisation: mmap_base sits a gap (RLIMIT_STACK,
  // at least 128 MiB) below the stack top.
  const stackLimit = opts.stackLimit ?? 8 * 1024 * 1024;
  mm.stackLimit = stackLimit;
  const gap = Math.min(Math.max((Number.isFinite(stackLimit) ? stackLimit : Infinity) + STACK_GUARD_GAP, MIN_MMAP_GAP), (TASK_SIZE / 6) * 5);
  mm.mmapBase = Math.floor((TASK_SIZE - gap) / PAGE) * PAGE;

  let bias = 0;
  let brkOverride = 0;
  if (type === ET_DYN) {
    let maxAlign = PAGE;
    for (const p of loads) if (p.align > maxAlign && (p.align & (p.align - 1)) === 0 && p.align <= 0x40000000) maxAlign = p.align;
    const first = Math.floor(loads[0].vaddr / PAGE) * PAGE;
    if (opts.pieLayout === "linux") {
      // Linux 6.x: a static-pie is mapped where mmap would put it (top-down below mmap_base) and
      // its brk is moved to ELF_ET_DYN_BASE.
      let end = 0;
      for (const p of loads) end = Math.max(end, p.vaddr + p.memsz);
      const span = Math.ceil((end - first) / PAGE) * PAGE;
      bias = Math.floor((mm.mmapBase - span) / maxAlign) * maxAlign - first;
      brkOverride = Math.ceil(ELF_ET_DYN_BASE_EXACT / PAGE) * PAGE;
    } else {
      bias = opts.pieBase ?? ELF_ET_DYN_BASE;
      bias = Math.floor((bias - first) / maxAlign) * maxAlign;
    }
  }
  let lo = Infinity;
  let hi = 0;
  for (const p of loads) {
    const start = p.vaddr + bias;
    if (start + p.memsz > TASK_SIZE || start < 0) {
      throw new ElfError(`inconsistent segment: ${hex(start)}+${hex(p.memsz)} lies outside user space`);
    }
    lo = Math.min(lo, Math.floor(start / PAGE) * PAGE);
    hi = Math.max(hi, start + p.memsz);
  }
  if (lo < MMAP_MIN_ADDR) throw new ElfError(`segment at ${hex(lo)} lies below the lowest mappable address (${hex(MMAP_MIN_ADDR)})`);
  const entry = rawEntry + bias;
  if (!loads.some((p) => (p.flags & PF_X) !== 0 && entry >= p.vaddr + bias && entry < p.vaddr + bias + p.memsz)) {
    throw new ElfError(`entry point ${hex(rawEntry)} is not inside an executable segment`);
  }
  let execStack = false;
  for (const p of phdrs) if (p.type === PT_GNU_STACK) execStack = (p.flags & PF_X) !== 0;

  const execfnBytes = toBytes(opts.execfn ?? opts.argv[0] ?? "");
  const file = opts.file ?? new BytesFile(image, new TextDecoder().decode(execfnBytes));

  // Map the segments.
  let startCode = Infinity;
  let endCode = 0;
  let startData = 0;
  let endData = 0;
  for (const p of loads) {
    const prot = ((p.flags & PF_R) ? PROT_READ : 0) | ((p.flags & PF_W) ? PROT_WRITE : 0) | ((p.flags & PF_X) ? PROT_EXEC : 0);
    const vaddr = p.vaddr + bias;
    const start = Math.floor(vaddr / PAGE) * PAGE;
    const fileEnd = vaddr + p.filesz;
    const memEnd = vaddr + p.memsz;
    const fileMapEnd = p.filesz > 0 ? Math.ceil(fileEnd / PAGE) * PAGE : start;
    if (p.filesz > 0) {
      mapped(mm.mmap(start, fileMapEnd - start, prot, MAP_PRIVATE | MAP_FIXED, file, p.offset - (vaddr - start)), "a segment");
      // Zero the rest of the last file page that belongs to the bss (Linux's padzero).
      const zeroEnd = Math.min(fileMapEnd, memEnd);
      if (p.memsz > p.filesz && zeroEnd > fileEnd) {
        try {
          mm.pokeForce(fileEnd, new Uint8Array(zeroEnd - fileEnd));
        } catch (e) {
          if (e instanceof SyscallError) throw new ElfError("cannot map a segment: not enough memory");
          throw e;
        }
      }
    }
    const memMapEnd = Math.ceil(memEnd / PAGE) * PAGE;
    if (memMapEnd > fileMapEnd) {
      mapped(mm.mmap(fileMapEnd, memMapEnd - fileMapEnd, prot, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, null, 0), "the bss");
    }
    if (p.flags & PF_X) {
      startCode = Math.min(startCode, vaddr);
      endCode = Math.max(endCode, vaddr + p.filesz);
    }
    if (!(p.flags & PF_X) || (p.flags & PF_W)) {
      if (startData === 0 || vaddr < startData) startData = vaddr;
      endData = Math.max(endData, vaddr + p.filesz);
    }
  }
  const brkStart = brkOverride !== 0 && !(brkOverride < Math.ceil(hi / PAGE) * PAGE && brkOverride + PAGE > lo)
    ? brkOverride : Math.ceil(hi / PAGE) * PAGE;
  mm.initBrk(brkStart);

  // Where the program headers are in memory.
  let phdrAddr = 0;
  const ptPhdr = phdrs.find((p) => p.type === PT_PHDR);
  if (ptPhdr !== undefined) phdrAddr = ptPhdr.vaddr + bias;
  else {
    const holder = loads.find((p) => phoff >= p.offset && phoff + phnum * ELF64_PHDR_SIZE <= p.offset + p.filesz);
    phdrAddr = holder !== undefined ? holder.vaddr + bias + (phoff - holder.offset) : lo + phoff;
  }

  // ---- The initial stack.
  // Linux (5.18+) gives a program started with an empty argv one empty argument.
  const argv = opts.argv.length > 0 ? opts.argv.map(toBytes) : [new Uint8Array(0)];
  const envp = opts.envp.map(toBytes);
  let strBytes = execfnBytes.length + 1;
  for (const a of argv) strBytes += a.length + 1;
  for (const e of envp) strBytes += e.length + 1;
  const ptrBytes = (argv.length + envp.length + 3) * 8;
  const argLimit = Number.isFinite(stackLimit) ? Math.max(stackLimit / 4, 32 * PAGE) : 0x7fffffff;
  if (strBytes + ptrBytes > argLimit) throw new SyscallError(Errno.E2BIG);

  const top = STACK_TOP;
  // Lowest address used, computed first so the VMA can be made before anything is written.
  const platform = new TextEncoder().encode("x86_64");
  let p = top - 8; // Linux leaves one NULL pointer at the very top
  p -= execfnBytes.length + 1;
  const execfnAddr = p;
  p -= strBytes - (execfnBytes.length + 1);
  const stringsStart = p;
  p = Math.floor(p / 16) * 16;
  p -= platform.length + 1;
  const platformAddr = p;
  p -= 16;
  const randomAddr = p;

  const auxv: [number, number][] = [];
  const vdsoBase = opts.mapVdso !== undefined ? opts.mapVdso(mm) : opts.vdsoBase;
  if (vdsoBase !== undefined && vdsoBase !== 0) auxv.push([AT_SYSINFO_EHDR, vdsoBase]);
  auxv.push(
    [AT_MINSIGSTKSZ, opts.minSigStkSz ?? 2048],
    [AT_HWCAP, opts.hwcap >>> 0],
    [AT_PAGESZ, PAGE],
    [AT_CLKTCK, 100],
    [AT_PHDR, phdrAddr],
    [AT_PHENT, ELF64_PHDR_SIZE],
    [AT_PHNUM, phnum],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, entry],
    [AT_UID, opts.uid],
    [AT_EUID, opts.euid],
    [AT_GID, opts.gid],
    [AT_EGID, opts.egid],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddr],
    [AT_HWCAP2, opts.hwcap2 ?? 0],
    [AT_EXECFN, execfnAddr],
    [AT_PLATFORM, platformAddr],
  );
  if (opts.rseq !== undefined) auxv.push([AT_RSEQ_FEATURE_SIZE, opts.rseq.featureSize], [AT_RSEQ_ALIGN, opts.rseq.align]);
  const words = 1 + argv.length + 1 + envp.length + 1 + (auxv.length + 1) * 2;
  const sp = Math.floor((p - words * 8) / 16) * 16;

  const stackLow = Math.floor(sp / PAGE) * PAGE - STACK_EXPAND;
  mapped(mm.mapSpecial(stackLow, top - stackLow, PROT_READ | PROT_WRITE | (execStack ? PROT_EXEC : 0), "[stack]", true), "the stack");

  // Strings: argv strings, then envp strings, then execfn, from low to high.
  const table = new Uint8Array(top - stringsStart);
  const argPtrs: number[] = [];
  const envPtrs: number[] = [];
  let at = 0;
  for (const a of argv) {
    argPtrs.push(stringsStart + at);
    table.set(a, at);
    at += a.length + 1;
  }
  const argEnd = stringsStart + at;
  for (const e of envp) {
    envPtrs.push(stringsStart + at);
    table.set(e, at);
    at += e.length + 1;
  }
  const envEnd = stringsStart + at;
  table.set(execfnBytes, execfnAddr - stringsStart);
  mm.copyOut(stringsStart, table);
  const plat = new Uint8Array(platform.length + 1);
  plat.set(platform);
  mm.copyOut(platformAddr, plat);
  if (opts.random.length !== 16) throw new RangeError("loadElf: opts.random must be 16 bytes");
  mm.copyOut(randomAddr, opts.random);

  const block = new Uint8Array(words * 8);
  const dv = new DataView(block.buffer);
  let w = 0;
  const put = (v: number): void => {
    dv.setUint32(w, v >>> 0, true);
    dv.setUint32(w + 4, Math.floor(v / 4294967296) >>> 0, true);
    w += 8;
  };
  put(argv.length);
  for (const a of argPtrs) put(a);
  put(0);
  for (const e of envPtrs) put(e);
  put(0);
  for (const [k, v] of auxv) {
    put(k);
    put(v);
  }
  put(AT_NULL);
  put(0);
  mm.copyOut(sp, block);

  return {
    entry,
    stackPointer: sp,
    brkStart,
    phdrAddr,
    phnum,
    phent: ELF64_PHDR_SIZE,
    loadBias: bias,
    startCode: startCode === Infinity ? lo : startCode,
    endCode,
    startData,
    endData,
    execStack,
    stackTop: top,
    argStart: argPtrs.length > 0 ? argPtrs[0] : stringsStart,
    argEnd,
    envStart: envPtrs.length > 0 ? envPtrs[0] : argEnd,
    envEnd,
    randomAddr,
    execfnAddr,
    auxv,
  };
}
