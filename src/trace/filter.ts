/** -e trace=SET: which syscalls are shown (names, %classes, "!" negation, "all", "none"). */
import { syscallNames, syscallNumbers, SYSCALL_COUNT } from "../abi/syscalls.js";
import { syscallsInClass } from "../abi/signatures.js";
import type { TraceClass } from "../abi/syscall-classes.js";
import { compatOnlySyscallNames } from "../abi/syscalls-compat.js";

const CLASS_ALIASES: Record<string, string> = { "%net": "%network" };
const CLASSES = new Set(["%%stat", "%%statfs", "%clock", "%creds", "%desc", "%file", "%fstat", "%fstatfs", "%ipc", "%lstat", "%memory", "%network", "%process", "%pure", "%signal", "%stat", "%statfs"]);

/** Class names strace still takes without the "%". */
const LEGACY_CLASSES = new Set(["desc", "file", "memory", "process", "signal", "ipc", "network"]);

export class TraceFilterError extends Error {}

/** A set of syscall numbers to show; null means all. */
export function parseTraceSet(spec: string): boolean[] {
  let negate = false;
  let s = spec;
  if (s.startsWith("!")) {
    negate = true;
    s = s.slice(1);
  }
  const on = new Array<boolean>(SYSCALL_COUNT).fill(false);
  for (let item of s.split(",")) {
    item = item.trim();
    if (item === "") continue;
    if (item === "all") {
      on.fill(true);
      continue;
    }
    if (item === "none") continue;
    let optional = false;
    if (item.startsWith("?")) {
      optional = true;
      item = item.slice(1);
    }
    if (item.startsWith("/")) {
      // A regular expression over the names (POSIX extended in strace; JS syntax is close enough).
      let re: RegExp;
      try {
        re = new RegExp(item.slice(1));
      } catch {
        throw new TraceFilterError(`regcomp: ${item.slice(1)}: Invalid regular expression`);
      }
      let any = false;
      for (const [name, nr] of Object.entries(syscallNumbers)) {
        if (re.test(name)) {
          on[nr] = true;
          any = true;
        }
      }
      if (!any) for (const name of compatOnlySyscallNames) if (re.test(name)) any = true;
      if (!any && !optional) throw new TraceFilterError(`invalid system call '${item}'`);
      continue;
    }
    // Classes: "%file" (any case), and the legacy bare names "file", "process"...
    const legacy = LEGACY_CLASSES.has(item.toLowerCase()) && syscallNumbers[item] === undefined;
    if (item.startsWith("%") || legacy) {
      const lower = legacy ? "%" + item.toLowerCase() : item.toLowerCase();
      const cls = CLASS_ALIASES[lower] ?? lower;
      if (!CLASSES.has(cls)) {
        if (optional) continue;
        throw new TraceFilterError(`invalid system call '${item}'`);
      }
      for (const n of syscallsInClass(cls as TraceClass)) {
        const nr = syscallNumbers[n];
        if (nr !== undefined) on[nr] = true;
      }
      continue;
    }
    // A number names the call with that number (strace accepts any its tables know).
    const nr = /^\d+$/.test(item) && Number(item) < syscallNames.length ? Number(item) : syscallNumbers[item];
    if (nr === undefined) {
      if (optional || compatOnlySyscallNames.has(item)) continue;
      throw new TraceFilterError(`invalid system call '${item}'`);
    }
    on[nr] = true;
  }
  if (negate) for (let i = 0; i < on.length; i++) on[i] = !on[i];
  return on;
}
