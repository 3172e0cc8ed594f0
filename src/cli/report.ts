/** How the CLI words the end of a guest program, as a shell would. */
import { SpawnError } from "../kernel/kernel.js";
import { Sig, shellSignalMessage } from "../abi/signals.js";

/** A program that could not start: its one-line reason and the shell's status (126/127). */
export function describeStartFailure(e: unknown): { message: string; exitCode: number } | null {
  if (e instanceof SpawnError) return { message: e.message, exitCode: e.exitCode };
  return null;
}

/**
 * The line bash prints when a foreground job dies of `sig` ("Segmentation fault"); none for
 * SIGINT and SIGPIPE, which bash leaves silent. sysgate never writes core files.
 */
export function signalMessage(sig: number): string | null {
  if (sig === Sig.SIGINT || sig === Sig.SIGPIPE) return null;
  return shellSignalMessage(sig, false);
}
