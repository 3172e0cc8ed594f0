// ELF format constants (System V gABI, x86-64 psABI) and the auxiliary vector (AT_*) numbers of
// Linux (uapi linux/auxvec.h, asm/auxvec.h), with name tables for the tracer and /proc.

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** Sizes of the ELF64 file header and program header. */
export const ELF64_EHDR_SIZE = 64;
export const ELF64_PHDR_SIZE = 56;

export const EM_NONE = 0;
export const EM_386 = 3;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

/** e_machine values and how we name them in one-line refusals. */
export const machineNames: ReadonlyMap<number, string> = new Map<number, string>([
  [0, "no machine (EM_NONE)"],
  [2, "SPARC"],
  [3, "i386 (32-bit x86)"],
  [4, "Motorola 68000"],
  [5, "Motorola 88000"],
  [6, "Intel MCU"],
  [7, "Intel 80860"],
  [8, "MIPS"],
  [10, "MIPS (little-endian RS3000)"],
  [15, "PA-RISC"],
  [18, "SPARC32PLUS"],
  [20, "PowerPC"],
  [21, "PowerPC64"],
  [22, "s390x"],
  [40, "ARM"],
  [41, "Alpha (old)"],
  [42, "SuperH"],
  [43, "SPARC64"],
  [50, "IA-64 (Itanium)"],
  [62, "x86-64"],
  [76, "Axis CRIS"],
  [87, "NEC v850"],
  [88, "Renesas M32R"],
  [92, "OpenRISC"],
  [93, "ARC Compact"],
  [94, "Xtensa"],
  [106, "Analog Devices Blackfin"],
  [164, "Qualcomm Hexagon"],
  [183, "AArch64"],
  [188, "Tilera TILEPro"],
  [189, "MicroBlaze"],
  [191, "Tilera TILE-Gx"],
  [195, "ARC Compact v2"],
  [243, "RISC-V"],
  [247, "eBPF"],
  [252, "C-SKY"],
  [258, "LoongArch"],
  [0x9026, "Alpha"],
]);

export function machineName(m: number): string {
  return machineNames.get(m) ?? `machine ${m}`;
}

// Auxiliary vector entry types.
export const AT_NULL = 0;
export const AT_IGNORE = 1;
export const AT_EXECFD = 2;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_NOTELF = 10;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_PLATFORM = 15;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_BASE_PLATFORM = 24;
export const AT_RANDOM = 25;
export const AT_HWCAP2 = 26;
export const AT_RSEQ_FEATURE_SIZE = 27;
export const AT_RSEQ_ALIGN = 28;
export const AT_HWCAP3 = 29;
export const AT_HWCAP4 = 30;
export const AT_EXECFN = 31;
export const AT_SYSINFO = 32;
export const AT_SYSINFO_EHDR = 33;
export const AT_MINSIGSTKSZ = 51;

export const auxvNames: ReadonlyMap<number, string> = new Map<number, string>([
  [AT_NULL, "AT_NULL"],
  [AT_IGNORE, "AT_IGNORE"],
  [AT_EXECFD, "AT_EXECFD"],
  [AT_PHDR, "AT_PHDR"],
  [AT_PHENT, "AT_PHENT"],
  [AT_PHNUM, "AT_PHNUM"],
  [AT_PAGESZ, "AT_PAGESZ"],
  [AT_BASE, "AT_BASE"],
  [AT_FLAGS, "AT_FLAGS"],
  [AT_ENTRY, "AT_ENTRY"],
  [AT_NOTELF, "AT_NOTELF"],
  [AT_UID, "AT_UID"],
  [AT_EUID, "AT_EUID"],
  [AT_GID, "AT_GID"],
  [AT_EGID, "AT_EGID"],
  [AT_PLATFORM, "AT_PLATFORM"],
  [AT_HWCAP, "AT_HWCAP"],
  [AT_CLKTCK, "AT_CLKTCK"],
  [AT_SECURE, "AT_SECURE"],
  [AT_BASE_PLATFORM, "AT_BASE_PLATFORM"],
  [AT_RANDOM, "AT_RANDOM"],
  [AT_HWCAP2, "AT_HWCAP2"],
  [AT_RSEQ_FEATURE_SIZE, "AT_RSEQ_FEATURE_SIZE"],
  [AT_RSEQ_ALIGN, "AT_RSEQ_ALIGN"],
  [AT_HWCAP3, "AT_HWCAP3"],
  [AT_HWCAP4, "AT_HWCAP4"],
  [AT_EXECFN, "AT_EXECFN"],
  [AT_SYSINFO, "AT_SYSINFO"],
  [AT_SYSINFO_EHDR, "AT_SYSINFO_EHDR"],
  [AT_MINSIGSTKSZ, "AT_MINSIGSTKSZ"],
]);
