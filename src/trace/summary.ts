/** strace -c / -C: the per-syscall table (times from the machine clock), -S sorting, -U columns. */
import type { Column, SortKey } from "./options.js";

export interface CallStats {
  calls: number;
  errors: number;
  ns: number;
  min?: number;
  max?: number;
}

const DEFAULT_COLUMNS: Column[] = ["time-percent", "total-time", "avg-time", "calls", "errors", "name"];

const HEAD: Record<Column, [string, number]> = {
  "time-percent": ["% time", 6],
  "total-time": ["seconds", 11],
  "avg-time": ["usecs/call", 11],
  "min-time": ["shortest", 8],
  "max-time": ["longest", 8],
  calls: ["calls", 9],
  errors: ["errors", 9],
  name: ["syscall", 16],
};

function sorter(key: SortKey): ((a: [string, CallStats], b: [string, CallStats]) => number) | null {
  const byName = (a: [string, CallStats], b: [string, CallStats]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  switch (key) {
    case "nothing": return null;
    case "name": return byName;
    case "calls": return (a, b) => b[1].calls - a[1].calls || byName(a, b);
    case "errors": return (a, b) => b[1].errors - a[1].errors || byName(a, b);
    case "min-time": return (a, b) => (b[1].min ?? 0) - (a[1].min ?? 0) || byName(a, b);
    case "max-time": return (a, b) => (b[1].max ?? 0) - (a[1].max ?? 0) || byName(a, b);
    case "avg-time": return (a, b) => b[1].ns / b[1].calls - a[1].ns / a[1].calls || byName(a, b);
    default: return (a, b) => b[1].ns - a[1].ns || b[1].calls - a[1].calls || byName(a, b);
  }
}

export function summaryTable(stats: ReadonlyMap<string, CallStats>, sortBy: SortKey = "time", columns: readonly Column[] = DEFAULT_COLUMNS): string {
  const rows = [...stats].filter(([, s]) => s.calls > 0);
  const cmp = sorter(sortBy);
  if (cmp) rows.sort(cmp);
  let totalNs = 0;
  let totalCalls = 0;
  let totalErr = 0;
  let totalMin = Infinity;
  let totalMax = 0;
  for (const [, s] of rows) {
    totalNs += s.ns;
    totalCalls += s.calls;
    totalErr += s.errors;
    totalMin = Math.min(totalMin, s.min ?? 0);
    totalMax = Math.max(totalMax, s.max ?? 0);
  }
  const cell = (c: Column, name: string, s: CallStats, pct: string): string => {
    switch (c) {
      case "time-percent": return pct;
      case "total-time": return (s.ns / 1e9).toFixed(6);
      case "avg-time": return String(s.calls ? Math.round(s.ns / 1000 / s.calls) : 0);
      case "min-time": return ((s.min === undefined || s.min === Infinity ? 0 : s.min) / 1e9).toFixed(6);
      case "max-time": return ((s.max ?? 0) / 1e9).toFixed(6);
      case "calls": return String(s.calls);
      case "errors": return s.errors ? String(s.errors) : "";
      case "name": return name;
    }
  };
  const line = (cells: string[]) => {
    let out = "";
    columns.forEach((c, i) => {
      const w = HEAD[c][1];
      const last = i === columns.length - 1;
      const text = c === "name" ? (last ? cells[i]! : cells[i]!.padEnd(w)) : cells[i]!.padStart(w);
      out += (i ? " " : "") + text;
    });
    return out + "\n";
  };
  let out = line(columns.map((c) => HEAD[c][0]));
  const dash = line(columns.map((c) => "-".repeat(HEAD[c][1])));
  out += dash;
  for (const [name, s] of rows) {
    const pct = totalNs > 0 ? ((s.ns * 100) / totalNs).toFixed(2) : "0.00";
    out += line(columns.map((c) => cell(c, name, s, pct)));
  }
  out += dash;
  const total: CallStats = { calls: totalCalls, errors: totalErr, ns: totalNs, min: totalMin, max: totalMax };
  out += line(columns.map((c) => cell(c, "total", total, "100.00")));
  return out;
}
