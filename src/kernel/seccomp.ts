/**
 * seccomp: strict mode and classic-BPF filters, as prctl(PR_SET_SECCOMP) installs them.
 *
 * A filter is checked, then kept as an Int32Array of (code | jt << 16 | jf << 24, k) pairs and
 * linked to the filters installed before it; threads and children share the chain. The gate asks
 * `seccompCheck` before running a call whenever the task's mode is not 0, so tasks without seccomp
 * pay one comparison. Filters see struct seccomp_data: nr, arch, instruction pointer, six args.
 */
import { Errno } from "../abi/errno.js";
import { Sig } from "../abi/signals.js";
import { isPrivileged } from "./credentials.js";
import { signalDeathStatus, forceSignal } from "./signal.js";
import type { Task } from "./task.js";

export const SECCOMP_MODE_DISABLED = 0;
export const SECCOMP_MODE_STRICT = 1;
export const SECCOMP_MODE_FILTER = 2;

/** What seccompCheck returns when the call may run. */
export const SECCOMP_RUN = 0x7fffffff;
/** What it returns for SECCOMP_RET_TRAP: skip the call, leave rax holding the number, send SIGSYS. */
export const SECCOMP_TRAP = 0x7ffffffe;

export interface SeccompFilter {
  /** Two words per instruction: code | jt << 16 | jf << 24, then k. */
  readonly insns: Int32Array;
  readonly prev: SeccompFilter | null;
  /** Instructions on the path from this filter to the oldest, with Linux's 4-per-filter charge. */
  readonly pathLen: number;
}

const BPF_MAXINSNS = 4096;
const MAX_INSNS_PER_PATH = 32768;
const SECCOMP_DATA_SIZE = 64;
const AUDIT_ARCH_X86_64 = 0xc000003e | 0;
const MAX_ERRNO = 4095;

const RET_KILL_THREAD = 0;
const RET_TRAP = 0x00030000;
const RET_ERRNO = 0x00050000;
const RET_USER_NOTIF = 0x7fc00000;
const RET_TRACE = 0x7ff00000;
const RET_LOG = 0x7ffc0000;
const RET_ALLOW = 0x7fff0000;
const RET_ACTION_FULL = 0xffff0000 | 0;
const SYS_SECCOMP = 1;

// The syscalls strict mode lets through: read, write, exit, rt_sigreturn.
const STRICT_ALLOWED = new Set([0, 1, 60, 15]);

// Classic BPF opcodes seccomp accepts (class | size/op | mode/src).
const LD_W_ABS = 0x20, LD_W_LEN = 0x80, LDX_W_LEN = 0x81, LD_IMM = 0x00, LDX_IMM = 0x01;
const LD_MEM = 0x60, LDX_MEM = 0x61, ST = 0x02, STX = 0x03;
const RET_K = 0x06, RET_A = 0x16, TAX = 0x07, TXA = 0x87;
const ALU = 0x04, JMP = 0x05;
const ALU_OPS = new Set([0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0]); // no MOD
const JMP_OPS = new Set([0x10, 0x20, 0x30, 0x40]);

/** Check a filter as seccomp_check_filter and bpf_check_classic do; the instructions or an errno. */
function checkFilter(raw: Uint8Array, len: number): Int32Array | number {
  const d = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Int32Array(len * 2);
  for (let pc = 0; pc < len; pc++) {
    let code = d.getUint16(pc * 8, true);
    const jt = d.getUint8(pc * 8 + 2);
    const jf = d.getUint8(pc * 8 + 3);
    let k = d.getUint32(pc * 8 + 4, true);
    const cls = code & 7;
    if (code === LD_W_ABS) {
      if (k >= SECCOMP_DATA_SIZE || (k & 3) !== 0) return -Errno.EINVAL;
    } else if (code === LD_W_LEN || code === LDX_W_LEN) {
      code = code === LD_W_LEN ? LD_IMM : LDX_IMM; // the length of seccomp_data is a constant
      k = SECCOMP_DATA_SIZE;
    } else if (code === LD_MEM || code === LDX_MEM || code === ST || code === STX) {
      if (k >= 16) return -Errno.EINVAL;
    } else if (cls === ALU) {
      const op = code & 0xf0;
      if (code === (ALU | 0x80)) {
        // BPF_NEG
      } else if (!ALU_OPS.has(op) || (code & ~0xf8) !== ALU) return -Errno.EINVAL;
      else if (op === 0x30 && (code & 8) === 0 && k === 0) return -Errno.EINVAL; // DIV by constant 0
    } else if (cls === JMP) {
      const op = code & 0xf0;
      if (code === JMP) { // BPF_JA
        if (k >= len - pc - 1) return -Errno.EINVAL;
      } else if (!JMP_OPS.has(op) || (code & ~0xf8) !== JMP) return -Errno.EINVAL;
      else if (pc + 1 + jt >= len || pc + 1 + jf >= len) return -Errno.EINVAL;
    } else if (code !== LD_IMM && code !== LDX_IMM && code !== RET_K && code !== RET_A && code !== TAX && code !== TXA) {
      return -Errno.EINVAL;
    }
    out[pc * 2] = code | (jt << 16) | (jf << 24);
    out[pc * 2 + 1] = k | 0;
  }
  const last = out[(len - 1) * 2]! & 0xffff;
  if (last !== RET_K && last !== RET_A) return -Errno.EINVAL;
  return out;
}

/** Run one filter over seccomp_data (as 16 little-endian words). */
const scratchMem = new Int32Array(16);
const scratchData = new Int32Array(16);

function runFilter(insns: Int32Array, data: Int32Array): number {
  let a = 0, x = 0, pc = 0;
  const m = scratchMem;
  m.fill(0);
  for (;;) {
    const w = insns[pc * 2]!;
    const k = insns[pc * 2 + 1]!;
    const code = w & 0xffff;
    pc++;
    switch (code & 7) {
      case 0: // LD
        a = code === LD_W_ABS ? data[k >>> 2]! : code === LD_MEM ? m[k]! : k;
        break;
      case 1: // LDX
        x = code === LDX_MEM ? m[k]! : k;
        break;
      case 2: m[k] = a; break;
      case 3: m[k] = x; break;
      case 4: { // ALU
        const v = code & 8 ? x : k;
        switch (code & 0xf0) {
          case 0x00: a = (a + v) | 0; break;
          case 0x10: a = (a - v) | 0; break;
          case 0x20: a = Math.imul(a, v); break;
          case 0x30: if (v === 0) return 0; a = ((a >>> 0) / (v >>> 0)) | 0; break;
          case 0x40: a |= v; break;
          case 0x50: a &= v; break;
          case 0x60: a = (v >>> 0) >= 32 ? 0 : a << v; break;
          case 0x70: a = (v >>> 0) >= 32 ? 0 : a >>> v; break;
          case 0x80: a = -a | 0; break;
          case 0xa0: a ^= v; break;
        }
        break;
      }
      case 5: { // JMP
        if ((code & 0xf0) === 0) {
          pc += k >>> 0;
          break;
        }
        const v = (code & 8 ? x : k) >>> 0;
        const ua = a >>> 0;
        let taken: boolean;
        switch (code & 0xf0) {
          case 0x10: taken = ua === v; break;
          case 0x20: taken = ua > v; break;
          case 0x30: taken = ua >= v; break;
          default: taken = (ua & v) !== 0; break;
        }
        pc += taken ? (w >>> 16) & 0xff : (w >>> 24) & 0xff;
        break;
      }
      case 6: // RET
        return code === RET_A ? a : k;
      case 7: // MISC
        if (code === TAX) x = a;
        else a = x;
        break;
    }
  }
}

/**
 * prctl(PR_SET_SECCOMP, mode, fprog): strict mode, or one more filter from the struct sock_fprog
 * at `fprogAddr`. Returns 0 or -errno.
 */
export function setSeccomp(t: Task, mode: number, fprogAddr: number): number {
  if (mode === SECCOMP_MODE_STRICT) {
    if (t.seccompMode !== SECCOMP_MODE_DISABLED && t.seccompMode !== SECCOMP_MODE_STRICT) return -Errno.EINVAL;
    t.seccompMode = SECCOMP_MODE_STRICT;
    return 0;
  }
  if (mode !== SECCOMP_MODE_FILTER) return -Errno.EINVAL;
  if (!t.process.noNewPrivs && !isPrivileged(t.process.creds)) return -Errno.EACCES;
  const head = t.mm.copyIn(fprogAddr, 16);
  const hd = new DataView(head.buffer, head.byteOffset, 16);
  const len = hd.getUint16(0, true);
  const filterAddr = hd.getUint32(12, true) * 4294967296 + hd.getUint32(8, true);
  if (len === 0 || len > BPF_MAXINSNS) return -Errno.EINVAL;
  const insns = checkFilter(t.mm.copyIn(filterAddr, len * 8), len);
  if (typeof insns === "number") return insns;
  if (t.seccompMode !== SECCOMP_MODE_DISABLED && t.seccompMode !== SECCOMP_MODE_FILTER) return -Errno.EINVAL;
  const prev = t.seccompFilter;
  const pathLen = (prev ? prev.pathLen : 0) + len + 4;
  if (pathLen > MAX_INSNS_PER_PATH) return -Errno.ENOMEM;
  t.seccompFilter = { insns, prev, pathLen };
  t.seccompMode = SECCOMP_MODE_FILTER;
  return 0;
}

/**
 * Decide a call before it runs (the gate calls this only when the task's seccomp mode is not 0):
 * SECCOMP_RUN, or the value the skipped call returns. A killed task comes back Dead.
 */
export function seccompCheck(t: Task, nr: number): number {
  if (t.seccompMode === SECCOMP_MODE_STRICT) {
    if (STRICT_ALLOWED.has(nr)) return SECCOMP_RUN;
    t.kernel.exitProcess(t.process, Sig.SIGKILL);
    return -Errno.ENOSYS;
  }
  const cpu = t.cpu;
  const data = scratchData;
  data[0] = nr;
  data[1] = AUDIT_ARCH_X86_64;
  data[2] = cpu.rip % 4294967296;
  data[3] = Math.floor(cpu.rip / 4294967296);
  for (let i = 0; i < 6; i++) {
    data[4 + i * 2] = t.args.lo(i);
    data[5 + i * 2] = t.args.hi(i);
  }
  // Every filter runs; the action that comes first in Linux's order wins (KILL_PROCESS lowest).
  let ret = RET_ALLOW;
  for (let f = t.seccompFilter; f !== null; f = f.prev) {
    const r = runFilter(f.insns, data);
    if ((r & RET_ACTION_FULL) < (ret & RET_ACTION_FULL)) ret = r;
  }
  const action = ret & RET_ACTION_FULL;
  const value = ret & 0xffff;
  switch (action) {
    case RET_ALLOW:
    case RET_LOG:
      return SECCOMP_RUN;
    case RET_ERRNO:
      return -Math.min(value, MAX_ERRNO);
    case RET_TRAP:
      return SECCOMP_TRAP;
    case RET_USER_NOTIF:
    case RET_TRACE:
      return -Errno.ENOSYS; // no listener, no ptrace tracer
  }
  // KILL_PROCESS, KILL_THREAD and unknown actions: death by SIGSYS.
  const p = t.process;
  if (action === RET_KILL_THREAD && p.threads.length > 1) t.kernel.exitTask(t, signalDeathStatus(p, Sig.SIGSYS));
  else t.kernel.exitProcess(p, signalDeathStatus(p, Sig.SIGSYS));
  return -Errno.ENOSYS;
}

/** After a SECCOMP_RET_TRAP call has returned: its SIGSYS (SYS_SECCOMP). */
export function seccompTrap(t: Task): void {
  forceSignal(t, Sig.SIGSYS, SYS_SECCOMP, t.cpu.rip);
}
