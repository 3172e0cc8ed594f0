/**
 * --json: one JSON object per event, one per line (JSON Lines), never mixed with text output.
 *
 *   {"type":"syscall","pid":2,"tid":2,"nr":257,"name":"openat","args":["AT_FDCWD","\"/etc/hostname\"","O_RDONLY"],
 *    "arg_names":["dirfd","pathname","flags"],"raw":["0xffffffffffffff9c","0x4a2010","0",...],"result":3,"result_text":"3",
 *    "errno":null,"time_ns":…,"duration_ns":…,"restarted":false,"no_return":false,"injected":false,"delayed":false}
 *   {"type":"signal","pid":2,"tid":2,"time_ns":…,"signo":17,"name":"SIGCHLD","code":1,"sender_pid":3,…}
 *   {"type":"exit","pid":2,"time_ns":…,"status":0,"exit_code":0,"signal":null,"core":false}
 */
import type { TraceRecord } from "./records.js";

export function jsonLine(r: TraceRecord): string {
  switch (r.type) {
    case "syscall":
      return JSON.stringify({
        type: "syscall", pid: r.pid, tid: r.tid, nr: r.nr, name: r.name, args: r.args, arg_names: r.argNames, raw: r.raw,
        result: r.result, result_text: r.resultText, errno: r.errno, time_ns: Math.round(r.enterNs),
        duration_ns: Math.round(r.exitNs - r.enterNs), restarted: r.restarted, no_return: r.noReturn,
        injected: r.injected, delayed: r.delayed,
      });
    case "signal":
      return JSON.stringify({
        type: "signal", pid: r.pid, tid: r.tid, time_ns: Math.round(r.timeNs), signo: r.signo, name: r.name,
        code: r.info.code, sender_pid: r.info.pid, sender_uid: r.info.uid, addr: r.info.addr, errno: r.info.errno,
      });
    case "exit":
      return JSON.stringify({
        type: "exit", pid: r.pid, time_ns: Math.round(r.timeNs), status: r.status, exit_code: r.exitCode, signal: r.signal, core: r.core,
      });
  }
}
