// The text of the per-process files of /proc (status, stat, statm, limits, syscall, maps, smaps,
// mountinfo...), in Linux 6.1's formats, built from the live Process/Task/AddressSpace objects.
// The VFS only knows processes through the narrow VfsProcess view (so tests/vfs can drive it with
// a fake); every richer field is read through `ProcFacts`, whose members are all optional.
import { O_CLOEXEC, O_LARGEFILE } from "../../abi/fcntl.js";
import { rlimitProcRows } from "../rlimits.js";
import type { Rlimit, ImageLayout } from "../process.js";
import type { OpenFile } from "../file.js";
import type { VfsProcess, VfsTask, VmaView } from "./task-view.js";
import type { Vfs } from "./vfs.js";

/** What a sysgate task looks like to procfs (src/kernel/task.ts); every member may be missing. */
export interface TaskFacts {
  tid: number;
  state?: number;
  syscallNr?: number;
  syscallPending?: boolean;
  sigmaskLo?: number; sigmaskHi?: number;
  pendingLo?: number; pendingHi?: number;
  cpuTimeMs?: number;
  cpuTimeNow?: () => number;
  /** The system-time part of the CPU time. */
  sysTimeMs?: number;
  startNs?: number;
  cpu?: { lo: Int32Array; hi: Int32Array; rip: number };
}

/** What a sysgate process looks like to procfs (src/kernel/process.ts). */
export interface ProcFacts extends VfsProcess {
  pgid?: number;
  sid?: number;
  /** ProcessState: 0 alive, 1 zombie, 2 reaped. */
  state?: number;
  exitStatus?: number;
  exitSignal?: number;
  didExec?: boolean;
  sharedPendingLo?: number; sharedPendingHi?: number;
  sigactions?: { get(sig: number): { handler: number } };
  childCpuMs?: number;
  deadThreadCpuMs?: number;
  childSysMs?: number;
  deadThreadSysMs?: number;
  layout?: ImageLayout | null;
  oomScoreAdj?: number;
  dumpable?: number;
  mm?: unknown;
}

interface MemStatsLike {
  VmPeak: number; VmSize: number; VmHWM: number; VmRSS: number; VmData: number; VmStk: number;
  VmExe: number; VmLib: number; VmPTE: number; RssAnon: number; RssFile: number; RssShmem: number;
}
interface MmLike {
  vmas?: () => Iterable<VmaView & { rss?: number; pss?: number; sharedRss?: number; privateRss?: number; anonymous?: boolean; growsdown?: boolean }>;
  stats?: () => MemStatsLike;
  brkStart?: number;
  brkCur?: number;
  copyIn?: (addr: number, len: number) => Uint8Array;
}

export const PAGE = 4096;
/** USER_HZ: the unit of clock_t in /proc (stat's utime, stime, starttime). */
export const CLK_TCK = 100;
const U64_MAX = "18446744073709551615";

export const TaskStateNames: readonly string[] = ["R (running)", "S (sleeping)", "T (stopped)", "Z (zombie)"];

export function facts(p: VfsProcess): ProcFacts {
  return p as ProcFacts;
}

function mmOf(p: VfsProcess): MmLike | null {
  const mm = p.mm as MmLike | undefined;
  return mm && typeof mm === "object" ? mm : null;
}

/** The threads of a process as procfs sees them (living first; the leader's tid equals the pid). */
export function threadsOf(p: VfsProcess): TaskFacts[] {
  return p.threads as unknown as TaskFacts[];
}

/** The task /proc/PID (without task/) describes: the leader, or whichever thread remains. */
export function leaderOf(p: VfsProcess): TaskFacts | null {
  const ts = threadsOf(p);
  return ts.find((t) => t.tid === p.pid) ?? ts[0] ?? null;
}

export function taskOf(p: VfsProcess, tid: number): TaskFacts | null {
  return threadsOf(p).find((t) => t.tid === tid) ?? null;
}

export function liveThreadCount(p: VfsProcess): number {
  const n = threadsOf(p).filter((t) => t.state !== 3).length;
  return Math.max(1, n);
}

/** 0 R, 1 S, 2 T, 3 Z: the letter index of a task (a zombie process shows Z whatever its threads say). */
export function stateIndex(p: VfsProcess, t: TaskFacts | null): number {
  const f = facts(p);
  if (f.state !== undefined && f.state !== 0) return 3;
  if (!t || t.state === undefined) return 0;
  return t.state >= 0 && t.state <= 3 ? t.state : 0;
}

// ------------------------------------------------------------------ number formatting

function hex(n: number, width = 0): string {
  return n.toString(16).padStart(width, "0");
}

/** A 64-bit value held as two int32 halves, in hex without leading zeros. */
function hex64(hi: number, lo: number): string {
  const h = hi >>> 0, l = lo >>> 0;
  return h === 0 ? l.toString(16) : h.toString(16) + l.toString(16).padStart(8, "0");
}

function mask16(hi: number | undefined, lo: number | undefined): string {
  return hex((hi ?? 0) >>> 0, 8) + hex((lo ?? 0) >>> 0, 8);
}

/** An unsigned 64-bit quantity that may be Infinity (RLIM_INFINITY) or larger than 2^53. */
function u64(n: number): string {
  if (!Number.isFinite(n) || n >= 18446744073709551615) return U64_MAX;
  return String(Math.max(0, Math.floor(n)));
}

function kb(bytes: number, width = 8): string {
  return String(Math.floor(bytes / 1024)).padStart(width) + " kB";
}

// ------------------------------------------------------------------ signals

function sigSets(p: VfsProcess): { ignLo: number; ignHi: number; cgtLo: number; cgtHi: number } {
  let ignLo = 0, ignHi = 0, cgtLo = 0, cgtHi = 0;
  const acts = facts(p).sigactions;
  if (acts) {
    for (let sig = 1; sig <= 64; sig++) {
      let h: number;
      try { h = acts.get(sig).handler; } catch { continue; }
      const bit = (sig - 1) & 31;
      if (h === 1) {
        if (sig <= 32) ignLo |= 1 << bit; else ignHi |= 1 << bit;
      } else if (h !== 0) {
        if (sig <= 32) cgtLo |= 1 << bit; else cgtHi |= 1 << bit;
      }
    }
  }
  return { ignLo, ignHi, cgtLo, cgtHi };
}

function popcount(x: number): number {
  x >>>= 0;
  let n = 0;
  while (x) { x &= x - 1; n++; }
  return n;
}

// ------------------------------------------------------------------ memory

function zeroStats(): MemStatsLike {
  return { VmPeak: 0, VmSize: 0, VmHWM: 0, VmRSS: 0, VmData: 0, VmStk: 0, VmExe: 0, VmLib: 0, VmPTE: 0, RssAnon: 0, RssFile: 0, RssShmem: 0 };
}

export function memStats(p: VfsProcess): MemStatsLike {
  const mm = mmOf(p);
  if (facts(p).state !== undefined && facts(p).state !== 0) return zeroStats();
  if (mm && typeof mm.stats === "function") return mm.stats();
  // A fake address space with only vmas(): sizes from the areas, nothing resident.
  const s = zeroStats();
  for (const v of vmaList(p)) s.VmSize += v.end - v.start;
  s.VmPeak = s.VmSize;
  return s;
}

export function vmaList(p: VfsProcess): (VmaView & { rss?: number; pss?: number; sharedRss?: number; privateRss?: number; anonymous?: boolean; growsdown?: boolean })[] {
  const mm = mmOf(p);
  if (!mm || typeof mm.vmas !== "function") return [];
  if (facts(p).state !== undefined && facts(p).state !== 0) return [];
  return [...mm.vmas()];
}

/** major:minor of a user-space dev_t as Linux's maps prints it. */
function devText(dev: number): string {
  const major = ((dev >>> 8) & 0xfff) | (Math.floor(dev / 4294967296) & ~0xfff);
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return `${hex(major, 2)}:${hex(minor, 2)}`;
}

function mapsLine(v: VmaView): string {
  const perms = (v.prot & 1 ? "r" : "-") + (v.prot & 2 ? "w" : "-") + (v.prot & 4 ? "x" : "-") + (v.shared ? "s" : "p");
  const dev = v.dev ?? v.file?.dev ?? 0;
  const ino = v.ino ?? v.file?.ino ?? 0;
  const line = `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(v.offset ?? 0, 8)} ${devText(dev)} ${ino} `;
  const name = v.path || v.file?.path || v.name;
  return name ? line.padEnd(72) + " " + name : line;
}

export function mapsText(p: VfsProcess): string {
  let out = "";
  for (const v of vmaList(p)) out += mapsLine(v) + "\n";
  return out;
}

/** VmFlags mnemonics for a VMA (the ones sysgate's VMAs can have). */
function vmFlags(v: VmaView & { growsdown?: boolean }): string {
  const f: string[] = [];
  if (v.prot & 1) f.push("rd");
  if (v.prot & 2) f.push("wr");
  if (v.prot & 4) f.push("ex");
  if (v.shared) f.push("sh");
  f.push("mr", "mw", "me");
  if (v.shared) f.push("ms");
  if (v.growsdown) f.push("gd");
  if (!v.shared && (v.prot & 2) !== 0) f.push("ac");
  return f.join(" ") + " ";
}

export function smapsText(p: VfsProcess): string {
  let out = "";
  for (const v of vmaList(p)) {
    const size = v.end - v.start;
    const rss = v.rss ?? 0, pss = v.pss ?? 0, shared = v.sharedRss ?? 0, priv = v.privateRss ?? rss - shared;
    // sysgate does not track dirty bits: anonymous and written pages count as dirty, file pages as clean.
    const anon = v.anonymous ?? (!v.file && !v.path);
    const dirtyish = anon || (v.prot & 2) !== 0;
    const rows: [string, number][] = [
      ["Size", size], ["KernelPageSize", PAGE], ["MMUPageSize", PAGE], ["Rss", rss], ["Pss", pss],
      ["Pss_Dirty", dirtyish ? pss : 0],
      ["Shared_Clean", dirtyish ? 0 : shared], ["Shared_Dirty", dirtyish ? shared : 0],
      ["Private_Clean", dirtyish ? 0 : priv], ["Private_Dirty", dirtyish ? priv : 0],
      ["Referenced", rss], ["Anonymous", anon && !v.shared ? rss : 0], ["LazyFree", 0], ["AnonHugePages", 0],
      ["ShmemPmdMapped", 0], ["FilePmdMapped", 0], ["Shared_Hugetlb", 0], ["Private_Hugetlb", 0],
      ["Swap", 0], ["SwapPss", 0], ["Locked", 0],
    ];
    out += mapsLine(v) + "\n";
    for (const [k, n] of rows) out += (k + ":").padEnd(16) + kb(n) + "\n";
    out += "THPeligible:    0\n";
    out += "VmFlags: " + vmFlags(v) + "\n";
  }
  return out;
}

export function statmText(p: VfsProcess): string {
  const s = memStats(p);
  const pg = (n: number) => Math.floor(n / PAGE);
  return `${pg(s.VmSize)} ${pg(s.VmRSS)} ${pg(s.RssFile + s.RssShmem)} ${pg(s.VmExe)} 0 ${pg(s.VmData + s.VmStk)} 0\n`;
}

// ------------------------------------------------------------------ status

function fdSize(p: VfsProcess): number {
  let hi = -1;
  for (const [fd] of p.fds.entries()) if (fd > hi) hi = fd;
  if (hi < 64) return 64;
  let n = 128;
  while (n <= hi) n *= 2;
  return n;
}

function cpuMaskText(cpus: number): string {
  const words: string[] = [];
  for (let base = 0; base < cpus; base += 32) {
    const k = Math.min(32, cpus - base);
    words.unshift(k === 32 ? "ffffffff" : ((2 ** k) - 1).toString(16));
  }
  for (let i = 1; i < words.length; i++) words[i] = words[i]!.padStart(8, "0");
  return words.join(",");
}

export function cpuListText(cpus: number): string {
  return cpus <= 1 ? "0" : `0-${cpus - 1}`;
}

function kernelCpus(t: VfsTask | null): number {
  const k = t?.kernel as { cpus?: number } | undefined;
  return Math.max(1, k?.cpus ?? 1);
}

export function statusText(p: VfsProcess, task: TaskFacts | null, tid: number, reader: VfsTask | null): string {
  const f = facts(p);
  const c = p.creds;
  const m = memStats(p);
  // Linux separates the groups with spaces and always ends the line with one ("Groups:\t \n" for none).
  const groups = c.groups.join(" ") + " ";
  const sig = sigSets(p);
  const pendLo = (task?.pendingLo ?? 0) | 0, pendHi = (task?.pendingHi ?? 0) | 0;
  const shLo = (f.sharedPendingLo ?? 0) | 0, shHi = (f.sharedPendingHi ?? 0) | 0;
  const queued = popcount(pendLo) + popcount(pendHi) + popcount(shLo) + popcount(shHi);
  const sigLimit = p.rlimits[11]?.cur ?? 0;
  const caps = c.euid === 0 ? "000001ffffffffff" : "0000000000000000";
  const capPrm = c.euid === 0 || c.uid === 0 || c.suid === 0 ? "000001ffffffffff" : "0000000000000000";
  const cpus = kernelCpus(reader);
  const mems = Array.from({ length: 32 }, (_, i) => (i === 31 ? "00000001" : "00000000")).join(",");
  const lines: string[] = [
    `Name:\t${escapeComm(p.comm)}`,
    `Umask:\t${p.fs.umask.toString(8).padStart(4, "0")}`,
    `State:\t${TaskStateNames[stateIndex(p, task)]}`,
    `Tgid:\t${p.pid}`, "Ngid:\t0", `Pid:\t${tid}`, `PPid:\t${p.ppid}`, "TracerPid:\t0",
    `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}`,
    `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}`,
    `FDSize:\t${fdSize(p)}`,
    `Groups:\t${groups}`,
    `NStgid:\t${p.pid}`, `NSpid:\t${tid}`, `NSpgid:\t${f.pgid ?? p.pid}`, `NSsid:\t${f.sid ?? p.pid}`,
  ];
  if (f.state === undefined || f.state === 0) {
    lines.push(
      `VmPeak:\t${kb(m.VmPeak)}`, `VmSize:\t${kb(m.VmSize)}`, `VmLck:\t${kb(0)}`, `VmPin:\t${kb(0)}`,
      `VmHWM:\t${kb(m.VmHWM)}`, `VmRSS:\t${kb(m.VmRSS)}`, `RssAnon:\t${kb(m.RssAnon)}`,
      `RssFile:\t${kb(m.RssFile)}`, `RssShmem:\t${kb(m.RssShmem)}`, `VmData:\t${kb(m.VmData)}`,
      `VmStk:\t${kb(m.VmStk)}`, `VmExe:\t${kb(m.VmExe)}`, `VmLib:\t${kb(m.VmLib)}`, `VmPTE:\t${kb(m.VmPTE)}`,
      `VmSwap:\t${kb(0)}`, `HugetlbPages:\t${kb(0)}`,
      "CoreDumping:\t0", "THP_enabled:\t1",
    );
  }
  lines.push(
    `Threads:\t${liveThreadCount(p)}`,
    `SigQ:\t${queued}/${u64(sigLimit)}`,
    `SigPnd:\t${mask16(pendHi, pendLo)}`,
    `ShdPnd:\t${mask16(shHi, shLo)}`,
    `SigBlk:\t${mask16(task?.sigmaskHi, task?.sigmaskLo)}`,
    `SigIgn:\t${mask16(sig.ignHi, sig.ignLo)}`,
    `SigCgt:\t${mask16(sig.cgtHi, sig.cgtLo)}`,
    "CapInh:\t0000000000000000", `CapPrm:\t${capPrm}`, `CapEff:\t${caps}`,
    "CapBnd:\t000001ffffffffff", "CapAmb:\t0000000000000000",
    "NoNewPrivs:\t0", "Seccomp:\t0", "Seccomp_filters:\t0",
    "Speculation_Store_Bypass:\tthread vulnerable", "SpeculationIndirectBranch:\tconditional enabled",
    `Cpus_allowed:\t${cpuMaskText(cpus)}`, `Cpus_allowed_list:\t${cpuListText(cpus)}`,
    `Mems_allowed:\t${mems}`, "Mems_allowed_list:\t0",
    "voluntary_ctxt_switches:\t0", "nonvoluntary_ctxt_switches:\t0",
  );
  return lines.join("\n") + "\n";
}

/** Linux escapes comm in status with \n and \\ (other bytes pass). */
function escapeComm(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

// ------------------------------------------------------------------ stat

export function statText(p: VfsProcess, task: TaskFacts | null, tid: number, whole: boolean, nowNs: number): string {
  const f = facts(p);
  const alive = f.state === undefined || f.state === 0;
  const m = memStats(p);
  const st = "RSTZ"[stateIndex(p, task)]!;
  const mm = mmOf(p);
  const lay = alive ? f.layout ?? null : null;
  let cpuMs = 0;
  const tasks = whole ? threadsOf(p) : task ? [task] : [];
  let sysMs = 0;
  for (const t of tasks) {
    cpuMs += typeof t.cpuTimeNow === "function" ? t.cpuTimeNow() : t.cpuTimeMs ?? 0;
    sysMs += t.sysTimeMs ?? 0;
  }
  if (whole) {
    cpuMs += f.deadThreadCpuMs ?? 0;
    sysMs += f.deadThreadSysMs ?? 0;
  }
  const childSysMs = f.childSysMs ?? 0;
  const ticks = (ms: number) => Math.floor(ms / (1000 / CLK_TCK));
  const startNs = task?.startNs ?? leaderOf(p)?.startNs ?? nowNs;
  const sig = sigSets(p);
  const pendLo = ((task?.pendingLo ?? 0) | (f.sharedPendingLo ?? 0)) >>> 0;
  const rsslim = p.rlimits[5]?.cur ?? Infinity;
  const flags = 0x400000 | (f.didExec === false ? 0x40 : 0);
  const exitCode = !alive ? (f.exitStatus ?? 0) : 0;
  const fields: (string | number)[] = [
    tid, `(${p.comm})`, st, p.ppid, f.pgid ?? p.pid, f.sid ?? p.pid,
    0, -1, flags, 0, 0, 0, 0,
    ticks(Math.max(0, cpuMs - sysMs)), ticks(sysMs), ticks(Math.max(0, (f.childCpuMs ?? 0) - childSysMs)), ticks(childSysMs),
    20, 0, liveThreadCount(p), 0, Math.floor(startNs / (1e9 / CLK_TCK)),
    m.VmSize, Math.floor(m.VmRSS / PAGE), u64(rsslim),
    lay ? lay.startCode : 0, lay ? lay.endCode : 0, lay ? lay.startStack : 0,
    0, 0,
    pendLo & 0x7fffffff, (task?.sigmaskLo ?? 0) & 0x7fffffff, sig.ignLo & 0x7fffffff, sig.cgtLo & 0x7fffffff,
    0, 0, 0, f.exitSignal ?? 17, 0, 0, 0, 0, 0, 0,
    lay ? lay.startData : 0, lay ? lay.endData : 0, lay ? lay.startBrk : mm?.brkStart ?? 0,
    lay ? lay.argStart : 0, lay ? lay.argEnd : 0, lay ? lay.envStart : 0, lay ? lay.envEnd : 0,
    exitCode,
  ];
  return fields.join(" ") + "\n";
}

// ------------------------------------------------------------------ limits

export function limitsText(rl: readonly Rlimit[]): string {
  const row = (a: string, b: string, c: string, d: string) => `${a.padEnd(25)} ${b.padEnd(20)} ${c.padEnd(20)} ${d === "" ? "" : d.padEnd(10)}\n`;
  let out = row("Limit", "Soft Limit", "Hard Limit", "Units");
  const v = (n: number | undefined) => (n === undefined || !Number.isFinite(n) || n >= 18446744073709551615 ? "unlimited" : u64(n));
  rlimitProcRows.forEach(([name, unit], i) => {
    out += row(name, v(rl[i]?.cur), v(rl[i]?.max), unit);
  });
  return out;
}

// ------------------------------------------------------------------ syscall, wchan

/** /proc/PID/syscall: the call a task is in, with its arguments, stack and program counter. */
export function syscallText(task: TaskFacts | null): string {
  if (!task || task.state === 3) return "running\n";
  const nr = task.syscallNr ?? -1;
  const cpu = task.cpu;
  const sp = cpu ? "0x" + hex64(cpu.hi[4]!, cpu.lo[4]!) : "0x0";
  const pc = cpu ? "0x" + cpu.rip.toString(16) : "0x0";
  if (nr < 0) {
    // In user space: running, unless stopped (then Linux shows -1 with the stack and pc).
    return task.state === 2 ? `-1 ${sp} ${pc}\n` : "running\n";
  }
  const regs = [7, 6, 2, 10, 8, 9];
  const args = regs.map((r) => "0x" + (cpu ? hex64(cpu.hi[r]!, cpu.lo[r]!) : "0"));
  return `${nr} ${args.join(" ")} ${sp} ${pc}\n`;
}

/** Where a sleeping task waits, as the name of the kernel function Linux would show. */
const WCHAN: Record<number, string> = {
  0: "pipe_read", 1: "pipe_write", 7: "do_sys_poll", 23: "do_select", 34: "sys_pause", 35: "hrtimer_nanosleep",
  61: "do_wait", 202: "futex_wait_queue", 230: "hrtimer_nanosleep", 232: "do_epoll_wait", 247: "do_wait",
  270: "do_select", 271: "do_sys_poll", 281: "do_epoll_wait", 43: "inet_csk_accept", 45: "__skb_wait_for_more_packets",
  130: "sigsuspend", 128: "do_sigtimedwait",
};

export function wchanText(task: TaskFacts | null): string {
  if (!task || task.state !== 1) return "0";
  return WCHAN[task.syscallNr ?? -1] ?? "do_wait_event";
}

// ------------------------------------------------------------------ fdinfo, mountinfo

/** mnt_id of pipes and anonymous inodes (pipefs, anon_inodefs): internal mounts Linux numbers early. */
const PIPEFS_MNT = 13;
const ANON_MNT = 14;

export function fdinfoText(p: VfsProcess, fd: number, file: OpenFile): string {
  let flags = file.flags | (p.fds.getCloexec(fd) ? O_CLOEXEC : 0);
  // open(2) on 64-bit Linux always adds O_LARGEFILE; pipes, sockets and anonymous inodes lack it.
  if (file.dentry) flags |= O_LARGEFILE;
  const path = file.path();
  const mnt = file.dentry ? file.dentry.mount.id : path.startsWith("pipe:") ? PIPEFS_MNT : ANON_MNT;
  let ino = 0;
  try { ino = file.stat().ino; } catch { /* a file that cannot stat shows 0 */ }
  let out = `pos:\t${file.pos}\nflags:\t0${(flags >>> 0).toString(8)}\nmnt_id:\t${mnt}\nino:\t${ino}\n`;
  // Files with more to say (eventfd-count, tfd, inotify...) may add their own lines.
  const extra = (file as { fdinfo?: () => string }).fdinfo;
  if (typeof extra === "function") out += extra.call(file);
  return out;
}

function escapeMount(p: string): string {
  return p.replace(/[ \t\n\\]/g, (c) => "\\" + c.charCodeAt(0).toString(8).padStart(3, "0"));
}

export function mountinfoText(vfs: Vfs): string {
  const mounts = [...vfs.mounts.values()].sort((a, b) => a.id - b.id);
  let out = "";
  for (const m of mounts) {
    let parent = m;
    let best = -1;
    for (const o of mounts) {
      if (o === m) continue;
      const gp = o.guestPath;
      const under = gp === "/" ? m.guestPath !== "/" : m.guestPath.startsWith(gp + "/");
      if (under && gp.length > best) { best = gp.length; parent = o; }
    }
    const pid = parent === m ? m.id - 1 : parent.id;
    const dev = m.sb.type === "hostfs" ? (() => { try { return m.root.getattr().dev; } catch { return 0; } })() : m.sb.dev;
    const ro = m.readonly ? "ro" : "rw";
    const type = m.sb.type;
    out += `${m.id} ${pid} ${devMajMin(dev)} / ${escapeMount(m.guestPath)} ${ro},relatime - ${type} ${escapeMount(m.source)} ${ro}\n`;
  }
  return out;
}

function devMajMin(dev: number): string {
  const major = ((dev >>> 8) & 0xfff) | (Math.floor(dev / 4294967296) & ~0xfff);
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return `${major}:${minor}`;
}

// ------------------------------------------------------------------ oom

export function oomScoreText(p: VfsProcess, totalBytes: number): string {
  const f = facts(p);
  const adj = f.oomScoreAdj ?? 0;
  if (adj === -1000) return "0\n";
  const totalPages = Math.max(1, Math.floor(totalBytes / PAGE));
  const m = memStats(p);
  const badness = Math.floor(m.VmRSS / PAGE) + Math.floor(m.VmPTE / PAGE) + Math.trunc((adj * totalPages) / 1000);
  const points = Math.max(0, Math.trunc(((1000 + Math.trunc((badness * 1000) / totalPages)) * 2) / 3));
  return `${points}\n`;
}

/** cmdline and environ: the strings as they are now in the process's memory (fallback: as exec saw them). */
export function memStrings(p: VfsProcess, which: "arg" | "env"): Uint8Array | null {
  const f = facts(p);
  const mm = mmOf(p);
  const lay = f.layout;
  if (!lay || !mm || typeof mm.copyIn !== "function" || (f.state ?? 0) !== 0) return null;
  const start = which === "arg" ? lay.argStart : lay.envStart;
  const end = which === "arg" ? lay.argEnd : lay.envEnd;
  if (!(end > start) || end - start > 1 << 22) return null;
  try {
    return mm.copyIn(start, end - start).slice();
  } catch {
    return null;
  }
}
