/**
 * The x86-64 signal frame (Linux's struct rt_sigframe) that a handler runs on, and rt_sigreturn,
 * which reads it back.
 *
 * Layout, from the frame's base (rsp at handler entry):
 *     0  pretcode: the sa_restorer address the handler's `ret` goes to (it calls rt_sigreturn)
 *     8  struct ucontext: uc_flags, uc_link, uc_stack (24 bytes), uc_mcontext (struct sigcontext,
 *        256 bytes), uc_sigmask (8 bytes)                                    -> 304 bytes
 *   312  struct siginfo (128 bytes)                                          -> 440 bytes in all
 * and above it, 64-byte aligned, the 512-byte FXSAVE image that sigcontext.fpstate points to.
 */
import { SA_ONSTACK, SS_DISABLE, SS_AUTODISARM, SS_ONSTACK, MINSIGSTKSZ, Sig, SI_USER, SI_TKILL, SI_QUEUE, SI_TIMER } from "../abi/signals.js";
import { SyscallError } from "../abi/syscall-error.js";
import type { Task } from "./task.js";
import type { SignalInfo } from "./events.js";
import type { SigAction } from "./signal.js";

const TWO32 = 4294967296;
const FRAME_SIZE = 440;
const UC = 8;
const SC = UC + 40; // uc_mcontext
const MASK = UC + 296; // uc_sigmask
const INFO = 312;
const FX_SIZE = 512;
/** uc_flags: UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS (no XSAVE area: the FP image is plain FXSAVE). */
const UC_FLAGS = 2 | 4;
/** RFLAGS bits rt_sigreturn takes from the frame: AC OF DF TF SF ZF AF PF CF RF. */
const FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;
const USER_CS = 0x33;
const USER_SS = 0x2b;

/** Where each sigcontext slot's register lives in Cpu.lo/hi (r8..r15 rdi rsi rbp rbx rdx rax rcx rsp). */
const SC_REGS = [8, 9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 3, 2, 0, 1, 4];

/** rt_sigreturn restored every register, rax included: the gate must not write a result. */
export const SIGRETURN_DONE = -0x7fff_0001;

const frameBuf = new Uint8Array(FRAME_SIZE);
const frameView = new DataView(frameBuf.buffer);
const fxBuf = new Uint8Array(FX_SIZE);
/** The FPU state a handler starts with: FCW 0x37f, MXCSR 0x1f80, every register empty/zero. */
const initFx = new Uint8Array(FX_SIZE);
{
  const dv = new DataView(initFx.buffer);
  dv.setUint16(0, 0x37f, true);
  dv.setUint32(24, 0x1f80, true);
  dv.setUint32(28, 0xffff, true);
}

function put64(dv: DataView, off: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  dv.setUint32(off, v - hi * TWO32, true);
  dv.setUint32(off + 4, hi >>> 0, true);
}
function get64(dv: DataView, off: number): number {
  return (dv.getUint32(off + 4, true) >>> 0) * TWO32 + dv.getUint32(off, true);
}

/** Is `sp` inside the thread's alternate stack? */
export function onAltStack(t: Task, sp: number): boolean {
  const a = t.altStack;
  return a.size !== 0 && !(a.flags & SS_DISABLE) && sp > a.sp && sp <= a.sp + a.size;
}

/** The 128-byte siginfo for `info` into `dv` at `off` (the union laid out per signal and si_code). */
export function writeSiginfo(dv: DataView, off: number, info: SignalInfo): void {
  const b = new Uint8Array(dv.buffer, dv.byteOffset + off, 128);
  if (info.raw) b.set(info.raw.subarray(0, 128));
  else b.fill(0);
  dv.setInt32(off, info.signo, true);
  if (info.raw) return;
  dv.setInt32(off + 4, info.errno, true);
  dv.setInt32(off + 8, info.code, true);
  const sig = info.signo;
  const code = info.code;
  const fault = code > 0 && code < 0x80 &&
    (sig === Sig.SIGSEGV || sig === Sig.SIGBUS || sig === Sig.SIGILL || sig === Sig.SIGFPE || sig === Sig.SIGTRAP);
  if (fault) {
    put64(dv, off + 16, info.addr);
  } else if (sig === Sig.SIGCHLD && code > 0 && code < 0x80) {
    dv.setInt32(off + 16, info.pid, true);
    dv.setInt32(off + 20, info.uid, true);
    dv.setInt32(off + 24, info.status, true);
  } else if (code === SI_TIMER) {
    put64(dv, off + 24, info.value ?? 0);
  } else if (code === SI_USER || code === SI_TKILL || code === SI_QUEUE || code < 0) {
    dv.setInt32(off + 16, info.pid, true);
    dv.setInt32(off + 20, info.uid, true);
    if (info.value !== undefined) put64(dv, off + 24, info.value);
  }
}

/**
 * Build the frame for `sig` with action `a` on the user stack (or the alternate stack) and point
 * the CPU at the handler. `oldLo/oldHi` is the mask to restore on rt_sigreturn. Returns false if
 * the frame cannot be written (the caller forces SIGSEGV).
 */
export function setupFrame(t: Task, info: SignalInfo, a: SigAction, oldLo: number, oldHi: number): boolean {
  const cpu = t.cpu;
  const rsp = (cpu.hi[4]! >>> 0) * TWO32 + (cpu.lo[4]! >>> 0);
  let sp = rsp;
  const alt = t.altStack;
  let onAlt = false;
  if ((a.flags & SA_ONSTACK) && alt.size !== 0 && !(alt.flags & SS_DISABLE) && !onAltStack(t, rsp)) {
    sp = alt.sp + alt.size;
    onAlt = true;
  } else {
    sp -= 128; // the red zone below rsp belongs to the interrupted code
  }
  sp = Math.floor((sp - FX_SIZE) / 64) * 64;
  const fpAddr = sp;
  sp -= FRAME_SIZE;
  sp = Math.floor(sp / 16) * 16 - 8;
  if (onAlt && sp < alt.sp) return false; // the alternate stack is too small
  if (sp < 0 || rsp >= 2 ** 47) return false;

  const dv = frameView;
  frameBuf.fill(0);
  put64(dv, 0, a.restorer);
  put64(dv, UC, UC_FLAGS);
  put64(dv, UC + 8, 0);
  put64(dv, UC + 16, alt.sp);
  dv.setInt32(UC + 24, alt.flags, true); // as sigaltstack set them (Linux's sas_ss_flags)
  put64(dv, UC + 32, alt.size);
  for (let i = 0; i < 16; i++) {
    const r = SC_REGS[i]!;
    dv.setInt32(SC + i * 8, cpu.lo[r]!, true);
    dv.setInt32(SC + i * 8 + 4, cpu.hi[r]!, true);
  }
  put64(dv, SC + 128, cpu.rip);
  put64(dv, SC + 136, cpu.getRflags() >>> 0);
  dv.setUint16(SC + 144, USER_CS, true);
  dv.setUint16(SC + 150, USER_SS, true);
  const st = t.sig;
  if (st.faultTrapno >= 0) {
    // the exception behind a fault signal (faultToSignal notes it; cleared once a frame used it)
    put64(dv, SC + 152, st.faultErr);
    put64(dv, SC + 160, st.faultTrapno);
    put64(dv, SC + 176, st.faultCr2);
  }
  dv.setInt32(SC + 168, oldLo, true);
  dv.setInt32(SC + 172, oldHi, true);
  put64(dv, SC + 184, fpAddr);
  dv.setInt32(MASK, oldLo, true);
  dv.setInt32(MASK + 4, oldHi, true);
  writeSiginfo(dv, INFO, info);
  cpu.fxsave(fxBuf);
  try {
    t.mm.copyOut(fpAddr, fxBuf);
    t.mm.copyOut(sp, frameBuf);
  } catch (e) {
    if (e instanceof SyscallError) return false;
    throw e;
  }
  if (onAlt && (alt.flags & SS_AUTODISARM)) t.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };

  // Enter the handler as if called: rdi = signo, rsi = &info, rdx = &uc, rax = 0.
  cpu.setReg64(4, sp);
  cpu.setReg64(7, info.signo);
  cpu.setReg64(6, sp + INFO);
  cpu.setReg64(2, sp + UC);
  cpu.lo[0] = 0;
  cpu.hi[0] = 0;
  cpu.rip = a.handler;
  cpu.setRflags(cpu.getRflags() & ~(0x400 | 0x100 | 0x10000)); // DF, TF, RF cleared
  cpu.fxrstor(initFx);
  return true;
}

/**
 * rt_sigreturn: the frame's base is 8 below rsp (the handler's `ret` popped pretcode). Restores
 * the registers, the user-changeable flags, the FPU image, the mask and the alternate stack.
 * Returns false for an unreadable frame (the caller forces SIGSEGV).
 */
export function restoreFrame(t: Task): boolean {
  const cpu = t.cpu;
  const frame = (cpu.hi[4]! >>> 0) * TWO32 + (cpu.lo[4]! >>> 0) - 8;
  let b: Uint8Array;
  let fx: Uint8Array | null = null;
  try {
    b = t.mm.copyIn(frame, FRAME_SIZE);
    const dv0 = new DataView(b.buffer, b.byteOffset, FRAME_SIZE);
    const fp = get64(dv0, SC + 184);
    if (fp !== 0) fx = t.mm.copyIn(fp, FX_SIZE);
  } catch (e) {
    if (e instanceof SyscallError) return false;
    throw e;
  }
  const dv = new DataView(b.buffer, b.byteOffset, FRAME_SIZE);
  const rip = get64(dv, SC + 128);
  for (let i = 0; i < 16; i++) {
    const r = SC_REGS[i]!;
    cpu.lo[r] = dv.getInt32(SC + i * 8, true);
    cpu.hi[r] = dv.getInt32(SC + i * 8 + 4, true);
  }
  cpu.rip = rip;
  const fl = dv.getUint32(SC + 136, true);
  cpu.setRflags((cpu.getRflags() & ~FIX_EFLAGS) | (fl & FIX_EFLAGS));
  cpu.fxrstor(fx ?? initFx);
  t.sigmaskLo = dv.getInt32(MASK, true) & ~((1 << 8) | (1 << 18)); // never SIGKILL, SIGSTOP
  t.sigmaskHi = dv.getInt32(MASK + 4, true);
  t.signalCheck = true;
  // The alternate stack as the frame recorded it (errors other than EFAULT are ignored, as Linux does).
  const ssSp = get64(dv, UC + 16);
  const ssFlags = dv.getInt32(UC + 24, true);
  const ssSize = get64(dv, UC + 32);
  const rsp = (cpu.hi[4]! >>> 0) * TWO32 + (cpu.lo[4]! >>> 0);
  if (!onAltStack(t, rsp)) {
    const mode = ssFlags & ~(SS_AUTODISARM | SS_ONSTACK);
    if (mode === SS_DISABLE) t.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
    else if (mode === 0 && ssSize >= MINSIGSTKSZ) t.altStack = { sp: ssSp, flags: ssFlags & SS_AUTODISARM, size: ssSize };
  }
  return true;
}
