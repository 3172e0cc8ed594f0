// CPUID: reports exactly the features this CPU implements, so libc picks code paths we can run.
// Results: out[0]=eax, out[1]=ebx, out[2]=ecx, out[3]=edx.

const MAX_BASIC = 7;
const MAX_EXT = 0x80000008;

/** Leaf 1 EDX: FPU, PSE, TSC, MSR, PAE, CX8, SEP, PGE, CMOV, PAT, CLFSH, FXSR, SSE, SSE2. (No MMX.) */
export const LEAF1_EDX =
  (1 << 0) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 11) | (1 << 13) |
  (1 << 15) | (1 << 16) | (1 << 19) | (1 << 24) | (1 << 25) | (1 << 26);
/** Leaf 1 ECX: CX16 only (no SSE3/SSSE3/SSE4/POPCNT/MOVBE/XSAVE/AVX/RDRAND). */
export const LEAF1_ECX = 1 << 13;

function words(s: string, out: number[]): void {
  for (let k = 0; k < s.length; k += 4) {
    out.push(s.charCodeAt(k) | (s.charCodeAt(k + 1) << 8) | (s.charCodeAt(k + 2) << 16) | (s.charCodeAt(k + 3) << 24));
  }
}
const VENDOR: number[] = [];
words("GenuineIntel", VENDOR); // ebx, edx, ecx order below
const BRAND: number[] = [];
words("sysgate virtual x86-64 CPU @ 1.00GHz".padEnd(48, "\0"), BRAND);

/** Deterministic cache descriptions for leaf 4: [type+level eax, ebx, ecx]. */
const CACHES: number[][] = [
  // L1d 32 KiB, 8-way, 64-byte lines, 64 sets
  [0x121, (7 << 22) | 63, 63],
  // L1i 32 KiB, 8-way
  [0x122, (7 << 22) | 63, 63],
  // L2 1 MiB, 16-way, 1024 sets
  [0x143, (15 << 22) | 63, 1023],
  // L3 8 MiB, 16-way, 8192 sets
  [0x163, (15 << 22) | 63, 8191],
];

export function cpuid(leaf: number, sub: number, out: Int32Array): void {
  leaf >>>= 0;
  out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 0;
  switch (leaf) {
    case 0:
      out[0] = MAX_BASIC; out[1] = VENDOR[0]!; out[3] = VENDOR[1]!; out[2] = VENDOR[2]!;
      return;
    case 1:
      // family 6, model 0x2a (extended model 2, model 0xa), stepping 7
      out[0] = 0x000206a7;
      out[1] = (1 << 16) | (8 << 8); // 1 logical processor, clflush line 8*8 = 64 bytes
      out[2] = LEAF1_ECX;
      out[3] = LEAF1_EDX;
      return;
    case 2:
      // descriptor 0xff: "use leaf 4 for cache parameters"
      out[0] = 0x00ff0001;
      return;
    case 4: {
      const cdesc = CACHES[sub >>> 0];
      if (cdesc !== undefined) { out[0] = cdesc[0]!; out[1] = cdesc[1]!; out[2] = cdesc[2]!; out[3] = 0; }
      return;
    }
    case 0x80000000:
      out[0] = MAX_EXT;
      return;
    case 0x80000001:
      out[2] = 1; // LAHF/SAHF in 64-bit mode
      out[3] = (1 << 11) | (1 << 20) | (1 << 29); // SYSCALL, NX, LM
      return;
    case 0x80000002: case 0x80000003: case 0x80000004: {
      const base = (leaf - 0x80000002) * 4;
      for (let k = 0; k < 4; k++) out[k] = BRAND[base + k]!;
      return;
    }
    case 0x80000006:
      out[2] = (1024 << 16) | (6 << 12) | 64; // L2: 1 MiB, 8-way code, 64-byte lines
      return;
    case 0x80000008:
      out[0] = 0x3030; // 48 physical, 48 virtual address bits
      return;
    default:
      return; // leaf 7 and everything else: all zero
  }
}
