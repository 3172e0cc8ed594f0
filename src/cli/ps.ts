/**
 * `sysgate ps`: the sysgate machines running on this host (for this user) and their processes, in
 * the columns of `ps -o pid,ppid,stat,time,command`, each machine headed by its id (sysgate's host
 * pid, which `sysgate strace -p MACHINE:PID` accepts).
 */
import { listMachines, queryProcesses, type ProcessRow } from "./control.js";

function cpuTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function commandOf(r: ProcessRow): string {
  if (r.state === "Z") return `[${r.comm}] <defunct>`;
  return r.args.length > 0 ? r.args.join(" ") : `[${r.comm}]`;
}

export async function cmdPs(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const unknown = argv.find((a) => a !== "--json");
  if (unknown !== undefined) {
    process.stderr.write(`sysgate: ps: unknown option '${unknown}'\nTry 'sysgate --help' for more information.\n`);
    return 2;
  }
  const machines = listMachines();
  const tables = await Promise.all(machines.map((m) => queryProcesses(m)));
  if (json) {
    const out = machines.map((m, i) => ({ machine: m.id, command: m.command, started: new Date(m.startedMs).toISOString(), processes: tables[i] }));
    process.stdout.write(JSON.stringify(out) + "\n");
    return 0;
  }
  if (machines.length === 0) {
    process.stdout.write("no sysgate machines are running\n");
    return 0;
  }
  machines.forEach((m, i) => {
    const started = new Date(m.startedMs).toISOString().replace("T", " ").slice(0, 19);
    process.stdout.write(`machine ${m.id}: sysgate ${m.command.join(" ")} (since ${started} UTC)\n`);
    const rows = tables[i]!;
    const w = Math.max(3, ...rows.map((r) => String(r.pid).length));
    process.stdout.write(`  ${"PID".padStart(w)} ${"PPID".padStart(w)} STAT     TIME COMMAND\n`);
    for (const r of rows) {
      const stat = r.state + (r.pid === r.sid ? "s" : "") + (r.threads > 1 ? "l" : "");
      process.stdout.write(`  ${String(r.pid).padStart(w)} ${String(r.ppid).padStart(w)} ${stat.padEnd(4)} ${cpuTime(r.cpuMs).padStart(8)} ${commandOf(r)}\n`);
    }
  });
  return 0;
}
