// Test helpers for the kernel: a Node host whose stdout/stderr are captured, a scripted fake CPU,
// and compilers for tiny guest programs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeHost } from "../../src/host/node.js";
import type { Host, HostOutput } from "../../src/host/types.js";
import type { Cpu } from "../../src/cpu/cpu.js";
import { StopReason, Vector, AccessKind } from "../../src/cpu/fault.js";

export class Capture implements HostOutput {
  readonly isTTY = false;
  private chunks: Uint8Array[] = [];
  write(buf: Uint8Array, offset: number, length: number): number {
    this.chunks.push(buf.slice(offset, offset + length));
    return length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

export function testHost(): { host: Host & { close(): void }; out: Capture; err: Capture } {
  const out = new Capture();
  const err = new Capture();
  const host = createNodeHost({ stdout: out, stderr: err });
  return { host, out, err };
}

/** One step of a scripted CPU: set registers for the next stop and say why it stops. */
export type Step = (c: FakeCpu) => StopReason;

/**
 * A stand-in for the CPU that runs a script instead of machine code: each run() call performs the
 * next step (typically: load rax and argument registers, return StopReason.Syscall).
 */
export class FakeCpu {
  readonly lo = new Int32Array(16);
  readonly hi = new Int32Array(16);
  rip = 0x401000;
  fsBase = 0;
  gsBase = 0;
  readonly xmm = new Int32Array(64);
  mxcsr = 0x1f80;
  instructions = 0;
  readonly fault = { vector: Vector.UD as Vector, addr: 0, access: AccessKind.Read as AccessKind, protection: false };
  private i = 0;
  constructor(private readonly steps: Step[]) {}
  run(_budget: number): StopReason {
    const s = this.steps[this.i++];
    if (!s) throw new Error("fake cpu: script ended");
    this.instructions += 10;
    return s(this);
  }
  getRflags(): number {
    return 0x202;
  }
  setRflags(): void {}
  fxsave(): void {}
  fxrstor(): void {}
  copyStateFrom(): void {}
  flushCodeCache(): void {}
  /** rax as a signed number. */
  get rax(): number {
    return this.hi[0]! * 4294967296 + (this.lo[0]! >>> 0);
  }
  set(reg: number, v: number): void {
    const hi = Math.floor(v / 4294967296);
    this.lo[reg] = v - hi * 4294967296;
    this.hi[reg] = hi;
  }
  asCpu(): Cpu {
    return this as unknown as Cpu;
  }
}

const ARGREGS = [7, 6, 2, 10, 8, 9];
/**
 * A step that performs syscall `nr` with `args` (numbers, or functions evaluated at that moment),
 * after handing the previous syscall's result (rax) to `before`.
 */
export function sys(nr: number, args: (number | (() => number))[] = [], before?: (prevRax: number) => void): Step {
  return (c) => {
    before?.(c.rax);
    c.set(0, nr);
    args.forEach((v, i) => c.set(ARGREGS[i]!, typeof v === "function" ? v() : v));
    return StopReason.Syscall;
  };
}

// ---- building guest programs ----

export const workDir = mkdtempSync(join(tmpdir(), "sysgate-kernel-test-"));
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));

export function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/** Compile C source with `cc` (gcc or musl-gcc) statically; returns the binary path or null. */
export function buildC(name: string, src: string, cc = "musl-gcc", extra: string[] = []): string | null {
  if (!have(cc)) return null;
  const c = join(workDir, name + ".c");
  const bin = join(workDir, name + "-" + cc.replace(/[^a-z]/g, ""));
  if (!existsSync(bin)) {
    writeFileSync(c, src);
    const link = extra.includes("-static-pie") ? [] : ["-static"];
    const r = spawnSync(cc, [...link, "-O1", "-o", bin, c, ...extra], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cc} failed: ${r.stderr}`);
  }
  return bin;
}

/** Assemble a nasm source into a static ELF; returns the path or null. */
export function buildAsm(name: string, src: string): string | null {
  if (!have("nasm") || !have("ld")) return null;
  const s = join(workDir, name + ".asm");
  const o = join(workDir, name + ".o");
  const bin = join(workDir, name);
  if (!existsSync(bin)) {
    writeFileSync(s, src);
    let r = spawnSync("nasm", ["-f", "elf64", "-o", o, s], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`nasm failed: ${r.stderr}`);
    r = spawnSync("ld", ["-static", "-o", bin, o], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ld failed: ${r.stderr}`);
  }
  return bin;
}

/** Run natively: stdout, stderr and the shell-style exit code. */
export function runNative(bin: string, args: string[] = [], env: Record<string, string> = {}): { out: string; err: string; code: number } {
  const r = spawnSync(bin, args, { encoding: "utf8", env });
  const code = r.status ?? 128 + (r.signal ? (signalNumbers[r.signal] ?? 0) : 0);
  return { out: r.stdout, err: r.stderr, code };
}

const signalNumbers: Record<string, number> = { SIGSEGV: 11, SIGILL: 4, SIGFPE: 8, SIGTRAP: 5, SIGABRT: 6, SIGKILL: 9, SIGTERM: 15, SIGBUS: 7 };
