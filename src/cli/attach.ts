/**
 * `sysgate strace -p PID`: attach to a process of a sysgate machine that is already running (see
 * control.ts). PID is a guest pid; with several machines running, `MACHINE:PID` picks one (the
 * machine ids are in `sysgate ps`). Prints `strace: Process N attached`, then the process's calls,
 * until it exits or Ctrl-C detaches (`strace: Process N detached`) — the guest never notices.
 */
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import type { Socket } from "node:net";
import { colorLine } from "./strace-extras.js";
import { connect, listMachines, queryProcesses, type MachineRecord } from "./control.js";

export interface AttachRequest {
  /** The -p argument as given. */
  spec: string;
  /** strace options to apply in the machine (-e trace=…, -s N, -v, -f). */
  traceArgs: string[];
  /** -o FILE, or undefined for stderr. */
  output?: string;
  /** --timeline FILE: written here when the trace ends. */
  timeline?: string;
  /** Colour the lines (--color, decided by the caller for the output stream). */
  color?: boolean;
}

/** strace's wording for a pid it cannot trace. */
function noSuchProcess(pid: string): number {
  process.stderr.write(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): No such process\n`);
  return 1;
}

async function findMachine(spec: string): Promise<{ rec: MachineRecord; pid: number } | number> {
  const m = /^(?:(\d+):)?(\d+)$/.exec(spec);
  if (!m) {
    process.stderr.write(`strace: Invalid process id: '${spec}'\n`);
    return 1;
  }
  const pid = Number(m[2]);
  const machines = listMachines();
  if (m[1] !== undefined) {
    const rec = machines.find((r) => r.id === Number(m[1]));
    if (!rec) {
      process.stderr.write(`strace: no sysgate machine ${m[1]} is running (see 'sysgate ps')\n`);
      return 1;
    }
    return { rec, pid };
  }
  const holders: MachineRecord[] = [];
  const tables = await Promise.all(machines.map((r) => queryProcesses(r)));
  machines.forEach((r, i) => {
    if (tables[i]!.some((p) => p.pid === pid && p.state !== "Z")) holders.push(r);
  });
  if (holders.length === 0) return noSuchProcess(String(pid));
  if (holders.length > 1) {
    process.stderr.write(`strace: pid ${pid} exists in several sysgate machines (${holders.map((h) => h.id).join(", ")}): ` +
      `say which with -p MACHINE:${pid}\n`);
    return 1;
  }
  return { rec: holders[0]!, pid };
}

export async function straceAttach(req: AttachRequest): Promise<number> {
  const found = await findMachine(req.spec);
  if (typeof found === "number") return found;
  const { rec, pid } = found;
  let fd = 2;
  if (req.output !== undefined) {
    try {
      fd = openSync(req.output, "w");
    } catch (e) {
      process.stderr.write(`strace: Can't fopen '${req.output}': ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  return await new Promise<number>((resolve) => {
    let attached = false;
    let status = 0;
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      sock?.destroy();
      if (fd !== 2) closeSync(fd);
      resolve(code);
    };
    // Ctrl-C: say so, then let the machine send what ends the trace (-c's table, the timeline)
    // before leaving; a machine that does not answer within a second is left as it is.
    const onSignal = () => {
      if (!attached || sock === null) return finish(0);
      if (detaching) return;
      detaching = true;
      process.stderr.write(`strace: Process ${pid} detached\n`);
      sock.write(JSON.stringify({ op: "detach" }) + "\n");
      setTimeout(() => finish(0), 1000).unref();
    };
    let detaching = false;
    let sock: Socket | null = null;
    void connect(rec, (m) => {
      if (typeof m.error === "string") {
        process.stderr.write(`strace: ${m.error}\n`);
        status = 1;
        finish(1);
      } else if (typeof m.attached === "number") {
        attached = true;
        process.stderr.write(`strace: Process ${pid} attached\n`);
      } else if (typeof m.line === "string") {
        writeSync(fd, (req.color ? colorLine(m.line) : m.line) + "\n");
      } else if (typeof m.summary === "string") {
        writeSync(fd, m.summary);
      } else if (typeof m.timeline === "string") {
        if (req.timeline !== undefined) {
          try {
            writeFileSync(req.timeline, m.timeline);
          } catch (e) {
            process.stderr.write(`strace: Can't write the timeline to '${req.timeline}': ${e instanceof Error ? e.message : String(e)}\n`);
            status = 1;
          }
        }
      } else if (typeof m.end === "string") {
        finish(status);
      }
    }, () => {
      if (!attached && !finished) process.stderr.write(`strace: sysgate machine ${rec.id} stopped answering\n`);
      finish(attached ? 0 : 1);
    }).then((s) => {
      sock = s;
      if (finished) s.destroy();
      else s.write(JSON.stringify({ op: "attach", pid, args: req.traceArgs }) + "\n");
    });
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
