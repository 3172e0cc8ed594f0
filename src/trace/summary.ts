/** strace -c: the per-syscall table, times from the machine clock. */
export interface CallStats {
  calls: number;
  errors: number;
  ns: number;
}

export function summaryTable(stats: ReadonlyMap<string, CallStats>): string {
  const rows = [...stats].sort((a, b) => b[1].ns - a[1].ns || b[1].calls - a[1].calls || (a[0] < b[0] ? -1 : 1));
  let totalNs = 0;
  let totalCalls = 0;
  let totalErr = 0;
  for (const [, s] of rows) {
    totalNs += s.ns;
    totalCalls += s.calls;
    totalErr += s.errors;
  }
  const line = (pct: string, sec: string, usec: string, calls: string, errs: string, name: string) =>
    `${pct.padStart(6)} ${sec.padStart(11)} ${usec.padStart(11)} ${calls.padStart(9)} ${errs.padStart(9)} ${name}\n`;
  let out = line("% time", "seconds", "usecs/call", "calls", "errors", "syscall");
  const dash = "------ ----------- ----------- --------- --------- ----------------\n";
  out += dash;
  for (const [name, s] of rows) {
    const pct = totalNs > 0 ? ((s.ns * 100) / totalNs).toFixed(2) : "0.00";
    out += line(pct, (s.ns / 1e9).toFixed(6), String(Math.round(s.ns / 1000 / s.calls)), String(s.calls), s.errors ? String(s.errors) : "", name);
  }
  out += dash;
  out += line("100.00", (totalNs / 1e9).toFixed(6), String(totalCalls ? Math.round(totalNs / 1000 / totalCalls) : 0), String(totalCalls), totalErr ? String(totalErr) : "", "total");
  return out;
}
