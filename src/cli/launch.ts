/** What every sysgate command that runs a guest shares: its environment and signal forwarding. */
import type { Machine } from "../machine.js";
import { Sig } from "../abi/signals.js";
import { registerMachine } from "./control.js";

/**
 * The guest's environment: sysgate's own, with `extra` K=V entries replacing or adding and bare K
 * entries removing (strace's -E VAR).
 */
export function guestEnvironment(extra: readonly string[] = []): string[] {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env.set(k, v);
  for (const kv of extra) {
    const eq = kv.indexOf("=");
    if (eq < 0) env.delete(kv);
    else env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/**
 * Run `body` while SIGINT or SIGTERM sent to sysgate itself ends every guest process with that
 * signal, and SIGHUP hangs up the guest's session. (When stdin is a terminal, Ctrl-C typed there
 * is not a signal to sysgate: the host terminal is raw and the guest's line discipline turns the
 * byte into SIGINT for the guest's foreground process group.) Meanwhile the machine is registered
 * for `sysgate ps` and `sysgate strace -p` (control.ts).
 */
export async function forwardingSignals<T>(machine: Machine, body: () => Promise<T>): Promise<T> {
  const onSigint = () => machine.kernel.kill(Sig.SIGINT);
  const onSigterm = () => machine.kernel.kill(Sig.SIGTERM);
  const onSighup = () => machine.kernel.hangup();
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  process.on("SIGHUP", onSighup);
  const unregister = registerMachine(machine, process.argv.slice(2));
  try {
    return await body();
  } finally {
    unregister();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
    process.off("SIGHUP", onSighup);
  }
}
