/**
 * Worker thread for the ELF fuzz loop: runs each file through the library (the code path the CLI uses)
 * and reports how it ended. A host exception is reported, never thrown.
 */
import { parentPort, workerData } from "node:worker_threads";

interface Job { dir: string; files: string[]; distIndex: string }
const job = workerData as Job;

const sink = { isTTY: false, write: (_b: Uint8Array, _o: number, n: number) => n };
const emptyInput = { isTTY: false, read: () => 0, onReadable: (fn: () => void) => { setImmediate(fn); }, available: () => 0 };

/** Errors the library throws on purpose for a program that cannot start. */
const DESIGNED = new Set(["SpawnError", "ElfError", "MachineError", "ExecFailure"]);

async function main() {
  const lib = await import(job.distIndex);
  for (const file of job.files) {
    parentPort!.postMessage({ type: "start", file });
    let outcome: { file: string; kind: string; detail: string };
    try {
      const host = lib.createNodeHost({ stdin: emptyInput, stdout: sink, stderr: sink });
      const m = new lib.Machine(host, { root: job.dir, memoryLimit: 256 * 1024 * 1024 });
      const st = await m.run("/" + file, [file], ["PATH=/"]);
      host.close?.();
      outcome = { file, kind: "exited", detail: String(st.exitCode) };
    } catch (e) {
      const err = e as Error & { exitCode?: number };
      const name = err?.name ?? typeof e;
      const msg = String(err?.message ?? e);
      if (DESIGNED.has(name) && !msg.includes("\n") && msg.length > 0) outcome = { file, kind: "refused", detail: `${err.exitCode ?? ""} ${msg}` };
      else outcome = { file, kind: "host-exception", detail: `${name}: ${msg}\n${err?.stack ?? ""}` };
    }
    parentPort!.postMessage({ type: "done", ...outcome });
  }
}

main().catch((e) => parentPort!.postMessage({ type: "fatal", detail: String(e?.stack ?? e) }));
