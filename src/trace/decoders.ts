/**
 * Per-syscall decoders beyond what a signature's argument kinds express: prctl's sub-commands,
 * siginfo, rusage, statfs... Each area keeps its decoders in its own module and adds them to the
 * two registries below; format.ts asks the registry before its generic rendering.
 *
 * An argument decoder returns the argument's text, or undefined to fall back to the generic one.
 * A result decoder returns what follows the result (" (Timeout)", " (out [4])"), or undefined.
 */
import type { SyscallSignature } from "../abi/signatures.js";
import type { FormatOptions, PeekMemory, RawArgs } from "./format.js";

/** Decides whether argument i is rendered at exit; `mem` (the caller's memory at entry) when known. */
export type ExitArgRule = (i: number, a: RawArgs, mem?: PeekMemory) => boolean | undefined;

export interface ArgContext {
  readonly sig: SyscallSignature;
  /** Which argument (0-based). */
  readonly i: number;
  readonly a: RawArgs;
  readonly mem: PeekMemory;
  readonly o: FormatOptions;
  /** The call's result (meaningful only when `exited`); negative errno on failure. */
  readonly result: number;
  /** Rendering at exit (true) or at entry (false). */
  readonly exited: boolean;
}

export type ArgDecoder = (c: ArgContext) => string | undefined;

export interface ResultContext {
  readonly sig: SyscallSignature;
  readonly a: RawArgs;
  readonly mem: PeekMemory;
  readonly o: FormatOptions;
  readonly result: number;
}

export type ResultDecoder = (c: ResultContext) => string | undefined;

/** Syscall name → its argument decoder. */
export const argDecoders: Record<string, ArgDecoder> = Object.create(null);
/** Syscall name → its result-suffix decoder. */
export const resultDecoders: Record<string, ResultDecoder> = Object.create(null);
/**
 * Syscall name → which arguments are rendered at exit (what the call writes), beyond the
 * signature's @out/@inout arguments. Return undefined to keep the signature's rule.
 */
export const exitArgs: Record<string, ExitArgRule> = Object.create(null);
/** Syscall name → how many arguments strace shows (some depend on a command argument). */
export const shownArgs: Record<string, (a: RawArgs) => number | undefined> = Object.create(null);
/** Syscall name → whether a successful result is shown in hex (strace's RVAL_HEX), by its arguments. */
export const hexResults: Record<string, (a: RawArgs, result: number, o: FormatOptions) => boolean> = Object.create(null);

/** Syscall name → the descriptors it names inside its structures (poll's pollfds), for -P. */
export const namedFds: Record<string, (a: RawArgs, mem: PeekMemory) => number[]> = Object.create(null);

/** Add a module's decoders. */
export function registerDecoders(d: {
  args?: Record<string, ArgDecoder>;
  results?: Record<string, ResultDecoder>;
  exitArgs?: Record<string, ExitArgRule>;
  shownArgs?: Record<string, (a: RawArgs) => number | undefined>;
  hexResults?: Record<string, (a: RawArgs, result: number, o: FormatOptions) => boolean>;
  namedFds?: Record<string, (a: RawArgs, mem: PeekMemory) => number[]>;
}): void {
  if (d.args) Object.assign(argDecoders, d.args);
  if (d.results) Object.assign(resultDecoders, d.results);
  if (d.exitArgs) Object.assign(exitArgs, d.exitArgs);
  if (d.shownArgs) Object.assign(shownArgs, d.shownArgs);
  if (d.hexResults) Object.assign(hexResults, d.hexResults);
  if (d.namedFds) Object.assign(namedFds, d.namedFds);
}
