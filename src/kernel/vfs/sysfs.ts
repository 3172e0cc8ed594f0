// A small sysfs at /sys: what libc and busybox read to count CPUs (devices/system/cpu/{online,
// possible,present}, cpuN/), plus the top-level directories of a real /sys so listings look right.
// Built from procfs's node classes; contents are generated on read like /proc's.
import { ProcDir, ProcFile, ProcSuperBlock, type Content, type ProcNode } from "./procfs.js";
import { cpuListText } from "./procfs-pid.js";
import { cpusOf } from "./procfs-sys.js";
import type { Vfs } from "./vfs.js";

const SYSFS_MAGIC = 0x62656572;

export function createSysfs(vfs: Vfs): { sb: ProcSuperBlock; root: ProcDir } {
  const sb = new ProcSuperBlock(vfs, "sysfs", 0x15, SYSFS_MAGIC);
  let nextIno = 2;
  const file = (content: Content, mode = 0o444): (() => ProcNode) => {
    const ino = nextIno++;
    return () => new ProcFile(sb, ino, content, null, mode);
  };
  const dir = (entries: [string, () => ProcNode][] | ((ctxCpus: number) => [string, () => ProcNode][])): (() => ProcNode) => {
    const ino = nextIno++;
    return () => new ProcDir(sb, ino, (ctx) => (typeof entries === "function" ? entries(cpusOf(ctx.task)) : entries));
  };
  const cpuDirs = new Map<number, () => ProcNode>();
  const cpuDir = (i: number): (() => ProcNode) => {
    let d = cpuDirs.get(i);
    if (!d) {
      d = dir([["online", file(() => "1\n", 0o644)]]);
      cpuDirs.set(i, d);
    }
    return d;
  };
  const cpuFiles: [string, () => ProcNode][] = [
    ["online", file((t) => cpuListText(cpusOf(t)) + "\n")],
    ["possible", file((t) => cpuListText(cpusOf(t)) + "\n")],
    ["present", file((t) => cpuListText(cpusOf(t)) + "\n")],
    ["offline", file(() => "\n")],
    ["kernel_max", file(() => "8191\n")],
  ];
  const cpu = dir((n) => {
    const out: [string, () => ProcNode][] = [];
    for (let i = 0; i < n; i++) out.push([`cpu${i}`, cpuDir(i)]);
    return out.concat(cpuFiles);
  });
  const empty = () => dir([]);
  const top: [string, () => ProcNode][] = [
    ["block", empty()], ["bus", empty()], ["class", empty()], ["dev", empty()],
    ["devices", dir([["system", dir([["cpu", cpu]])]])],
    ["firmware", empty()], ["fs", empty()],
    ["kernel", dir([["mm", dir([["transparent_hugepage", dir([
      ["enabled", file(() => "always [madvise] never\n", 0o644)],
      ["defrag", file(() => "always defer defer+madvise [madvise] never\n", 0o644)],
    ])]])]])],
    ["module", empty()], ["power", empty()],
  ];
  const root = new ProcDir(sb, 1, () => top);
  return { sb, root };
}
