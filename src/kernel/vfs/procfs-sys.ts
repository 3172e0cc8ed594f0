// The machine-wide files of /proc (meminfo, cpuinfo, stat, uptime, loadavg, version, filesystems)
// in Linux 6.1's formats. Numbers come from the kernel the reading task belongs to; a reader without
// a kernel (the CLI before any process, unit tests with a fake task) sees a small idle machine.
import { cpuid } from "../../cpu/cpuid.js";
import type { VfsTask } from "./task-view.js";

/** The parts of src/kernel/kernel.ts these files read; all optional. */
interface KernelFacts {
  release?: string;
  hostname?: string;
  cpus?: number;
  memoryLimit?: number;
  bootRealtimeMs?: number;
  clock?: { uptimeSeconds(): number };
  framePool?: { inUse: number; limitBytes: number };
  processes?: Map<number, { pid: number; state?: number; threads: readonly { tid: number; state?: number; cpuTimeNow?: () => number }[]; deadThreadCpuMs?: number }>;
}

export const UTS_VERSION_TEXT = "#1 SMP PREEMPT_DYNAMIC sysgate";
const DEFAULT_RELEASE = "6.1.0-sysgate";
const PAGE = 4096;

function kernelOf(t: VfsTask | null): KernelFacts {
  return (t?.kernel ?? {}) as KernelFacts;
}

export function cpusOf(t: VfsTask | null): number {
  return Math.max(1, kernelOf(t).cpus ?? 1);
}

export function uptimeSec(t: VfsTask | null, fallbackBootMs: number, nowMs: number): number {
  const k = kernelOf(t);
  if (k.clock) return k.clock.uptimeSeconds();
  return Math.max(0, (nowMs - fallbackBootMs) / 1000);
}

/** Total and used memory of the machine in bytes (frames drawn from its pool). */
export function memoryOf(t: VfsTask | null): { total: number; used: number } {
  const k = kernelOf(t);
  const total = k.framePool?.limitBytes ?? k.memoryLimit ?? 4 * 1024 * 1024 * 1024;
  const used = Math.min(total, (k.framePool?.inUse ?? 0) * PAGE);
  return { total, used };
}

export function meminfoText(t: VfsTask | null): string {
  const { total, used } = memoryOf(t);
  const free = total - used;
  const kB = (n: number) => Math.floor(n / 1024);
  const rows: [string, number][] = [
    ["MemTotal", kB(total)], ["MemFree", kB(free)], ["MemAvailable", kB(free)], ["Buffers", 0], ["Cached", 0],
    ["SwapCached", 0], ["Active", kB(used)], ["Inactive", 0], ["Active(anon)", kB(used)], ["Inactive(anon)", 0],
    ["Active(file)", 0], ["Inactive(file)", 0], ["Unevictable", 0], ["Mlocked", 0], ["SwapTotal", 0], ["SwapFree", 0],
    ["Zswap", 0], ["Zswapped", 0], ["Dirty", 0], ["Writeback", 0], ["AnonPages", kB(used)], ["Mapped", 0], ["Shmem", 0],
    ["KReclaimable", 0], ["Slab", 0], ["SReclaimable", 0], ["SUnreclaim", 0], ["KernelStack", 0], ["PageTables", 0],
    ["NFS_Unstable", 0], ["Bounce", 0], ["WritebackTmp", 0], ["CommitLimit", kB(total) >> 1], ["Committed_AS", kB(used)],
    ["VmallocTotal", 34359738367], ["VmallocUsed", 0], ["VmallocChunk", 0], ["Percpu", 0], ["HardwareCorrupted", 0],
    ["AnonHugePages", 0], ["ShmemHugePages", 0], ["ShmemPmdMapped", 0], ["FileHugePages", 0], ["FilePmdMapped", 0],
  ];
  let out = "";
  for (const [k, v] of rows) out += `${(k + ":").padEnd(15)} ${String(v).padStart(8)} kB\n`;
  out += "HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\n";
  out += `Hugepagesize:       2048 kB\nHugetlb:               0 kB\n`;
  out += `DirectMap4k:    ${String(kB(total)).padStart(8)} kB\nDirectMap2M:           0 kB\nDirectMap1G:           0 kB\n`;
  return out;
}

// ---------------------------------------------------------------- cpuinfo

/** Linux's names for CPUID feature bits, by (leaf register word, bit), in cpuinfo's order. */
const FLAG_WORDS: { leaf: number; reg: number; names: Record<number, string> }[] = [
  { leaf: 1, reg: 3, names: { 0: "fpu", 1: "vme", 2: "de", 3: "pse", 4: "tsc", 5: "msr", 6: "pae", 7: "mce", 8: "cx8", 9: "apic",
    11: "sep", 12: "mtrr", 13: "pge", 14: "mca", 15: "cmov", 16: "pat", 17: "pse36", 18: "pn", 19: "clflush", 21: "dts",
    22: "acpi", 23: "mmx", 24: "fxsr", 25: "sse", 26: "sse2", 27: "ss", 28: "ht", 29: "tm", 30: "ia64", 31: "pbe" } },
  { leaf: 0x80000001, reg: 3, names: { 11: "syscall", 19: "mp", 20: "nx", 22: "mmxext", 25: "fxsr_opt", 26: "pdpe1gb",
    27: "rdtscp", 29: "lm", 30: "3dnowext", 31: "3dnow" } },
  { leaf: 1, reg: 2, names: { 0: "pni", 1: "pclmulqdq", 2: "dtes64", 3: "monitor", 4: "ds_cpl", 5: "vmx", 6: "smx", 7: "est",
    8: "tm2", 9: "ssse3", 10: "cid", 11: "sdbg", 12: "fma", 13: "cx16", 14: "xtpr", 15: "pdcm", 17: "pcid", 18: "dca",
    19: "sse4_1", 20: "sse4_2", 21: "x2apic", 22: "movbe", 23: "popcnt", 24: "tsc_deadline_timer", 25: "aes", 26: "xsave",
    28: "avx", 29: "f16c", 30: "rdrand", 31: "hypervisor" } },
  { leaf: 0x80000001, reg: 2, names: { 0: "lahf_lm", 1: "cmp_legacy", 2: "svm", 3: "extapic", 4: "cr8_legacy", 5: "abm",
    6: "sse4a", 7: "misalignsse", 8: "3dnowprefetch", 9: "osvw", 10: "ibs", 11: "xop", 12: "skinit", 13: "wdt", 15: "lwp",
    16: "fma4", 17: "tce", 19: "nodeid_msr", 21: "tbm", 22: "topoext", 23: "perfctr_core", 24: "perfctr_nb" } },
  { leaf: 7, reg: 1, names: { 0: "fsgsbase", 1: "tsc_adjust", 2: "sgx", 3: "bmi1", 4: "hle", 5: "avx2", 7: "smep", 8: "bmi2",
    9: "erms", 10: "invpcid", 11: "rtm", 14: "mpx", 16: "avx512f", 17: "avx512dq", 18: "rdseed", 19: "adx", 20: "smap",
    21: "avx512ifma", 23: "clflushopt", 24: "clwb", 26: "avx512pf", 27: "avx512er", 28: "avx512cd", 29: "sha_ni",
    30: "avx512bw", 31: "avx512vl" } },
];

/** The flags line: every feature bit the CPU's CPUID reports, named as Linux names it. */
export function cpuFlags(): string[] {
  const out = new Int32Array(4);
  const flags: string[] = [];
  cpuid(0, 0, out);
  const maxBasic = out[0]! >>> 0;
  cpuid(0x80000000, 0, out);
  const maxExt = out[0]! >>> 0;
  for (const w of FLAG_WORDS) {
    if (w.leaf < 0x80000000 ? w.leaf > maxBasic : w.leaf > maxExt) continue;
    cpuid(w.leaf, 0, out);
    const v = out[w.reg]! >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      const name = w.names[bit];
      if (name !== undefined && (v >>> bit) & 1) flags.push(name);
    }
  }
  return flags;
}

function brandString(): string {
  const out = new Int32Array(4);
  let s = "";
  for (let leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
    cpuid(leaf, 0, out);
    for (let r = 0; r < 4; r++) {
      const v = out[r]! >>> 0;
      for (let k = 0; k < 4; k++) s += String.fromCharCode((v >>> (8 * k)) & 0xff);
    }
  }
  return s.replace(/\0.*$/s, "").trim();
}

function vendorString(): string {
  const out = new Int32Array(4);
  cpuid(0, 0, out);
  let s = "";
  for (const r of [1, 3, 2]) {
    const v = out[r]! >>> 0;
    for (let k = 0; k < 4; k++) s += String.fromCharCode((v >>> (8 * k)) & 0xff);
  }
  return s;
}

export function cpuinfoText(t: VfsTask | null): string {
  const out = new Int32Array(4);
  cpuid(0, 0, out);
  const level = out[0]! >>> 0;
  cpuid(1, 0, out);
  const eax = out[0]! >>> 0;
  const ebx = out[1]! >>> 0;
  const clflush = ((ebx >>> 8) & 0xff) * 8;
  let family = (eax >>> 8) & 0xf;
  let model = (eax >>> 4) & 0xf;
  if (family === 0xf) family += (eax >>> 20) & 0xff;
  if (family >= 6) model |= ((eax >>> 16) & 0xf) << 4;
  cpuid(0x80000006, 0, out);
  const l2 = (out[2]! >>> 16) & 0xffff;
  cpuid(0x80000008, 0, out);
  const phys = out[0]! & 0xff, virt = (out[0]! >>> 8) & 0xff;
  const flags = cpuFlags().join(" ");
  const n = cpusOf(t);
  const vendor = vendorString();
  const brand = brandString();
  let text = "";
  for (let i = 0; i < n; i++) {
    const rows: [string, string][] = [
      ["processor", String(i)], ["vendor_id", vendor], ["cpu family", String(family)], ["model", String(model)],
      ["model name", brand], ["stepping", String(eax & 0xf)], ["microcode", "0x1"], ["cpu MHz", "1000.000"],
      ["cache size", `${l2} KB`], ["physical id", "0"], ["siblings", String(n)], ["core id", String(i)],
      ["cpu cores", String(n)], ["apicid", String(i)], ["initial apicid", String(i)], ["fpu", "yes"],
      ["fpu_exception", "yes"], ["cpuid level", String(level)], ["wp", "yes"], ["flags", flags], ["bugs", ""],
      ["bogomips", "2000.00"], ["clflush size", String(clflush)], ["cache_alignment", String(clflush)],
      ["address sizes", `${phys} bits physical, ${virt} bits virtual`],
    ];
    // Linux pads the names with tabs to a fixed column ("%s\t: " with the name padded to 8 or 16).
    for (const [k, v] of rows) text += `${k}${k.length < 8 ? "\t\t" : "\t"}:${v === "" ? "" : " " + v}\n`;
    text += "power management:\n\n";
  }
  return text;
}

// ---------------------------------------------------------------- stat, uptime, loadavg

interface CpuTotals { userTicks: number; running: number; blocked: number; threads: number; lastPid: number }

function totals(t: VfsTask | null): CpuTotals {
  const k = kernelOf(t);
  let ms = 0, running = 0, blocked = 0, threads = 0, lastPid = 0;
  if (k.processes) {
    for (const p of k.processes.values()) {
      if (p.pid > lastPid) lastPid = p.pid;
      ms += p.deadThreadCpuMs ?? 0;
      if ((p.state ?? 0) !== 0) continue;
      for (const x of p.threads) {
        if (x.state === 3) continue;
        threads++;
        if ((x.state ?? 0) === 0) running++;
        ms += typeof x.cpuTimeNow === "function" ? x.cpuTimeNow() : 0;
      }
    }
  } else if (t) {
    threads = running = 1;
    lastPid = t.process.pid;
  }
  void blocked;
  return { userTicks: Math.floor(ms / 10), running: Math.max(running, 1), blocked: 0, threads: Math.max(threads, 1), lastPid };
}

export function statText(t: VfsTask | null, bootSec: number, uptime: number): string {
  const n = cpusOf(t);
  const tt = totals(t);
  const upTicks = Math.floor(uptime * 100);
  const idleAll = Math.max(0, upTicks * n - tt.userTicks);
  const line = (name: string, user: number, idle: number) => `${name} ${user} 0 0 ${idle} 0 0 0 0 0 0\n`;
  let out = line("cpu ", tt.userTicks, idleAll);
  for (let i = 0; i < n; i++) {
    const u = Math.floor(tt.userTicks / n) + (i < tt.userTicks % n ? 1 : 0);
    out += line(`cpu${i}`, u, Math.max(0, upTicks - u));
  }
  out += "intr 0\nctxt 0\n";
  out += `btime ${bootSec}\nprocesses ${Math.max(1, tt.lastPid - 1)}\nprocs_running ${tt.running}\nprocs_blocked ${tt.blocked}\n`;
  out += "softirq 0 0 0 0 0 0 0 0 0 0 0\n";
  return out;
}

function twoDecimals(sec: number): string {
  const c = Math.floor(sec * 100);
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
}

export function uptimeText(t: VfsTask | null, uptime: number): string {
  const tt = totals(t);
  const idle = Math.max(0, uptime * cpusOf(t) - tt.userTicks / 100);
  return `${twoDecimals(uptime)} ${twoDecimals(idle)}\n`;
}

export function loadavgText(t: VfsTask | null): string {
  const tt = totals(t);
  return `0.00 0.00 0.00 ${tt.running}/${tt.threads} ${tt.lastPid}\n`;
}

export function releaseOf(t: VfsTask | null): string {
  return kernelOf(t).release ?? DEFAULT_RELEASE;
}

export function versionText(t: VfsTask | null): string {
  return `Linux version ${releaseOf(t)} (sysgate@sysgate) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${UTS_VERSION_TEXT}\n`;
}

export const FILESYSTEMS_TEXT = [
  "nodev\tsysfs", "nodev\ttmpfs", "nodev\tbdev", "nodev\tproc", "nodev\tcgroup", "nodev\tcgroup2", "nodev\tdevtmpfs",
  "nodev\tdebugfs", "nodev\tsecurityfs", "nodev\tsockfs", "nodev\tpipefs", "nodev\tramfs", "nodev\tdevpts",
  "\text3", "\text2", "\text4", "nodev\tmqueue",
].join("\n") + "\n";
