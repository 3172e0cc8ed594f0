// A deliberately tiny Linux stand-in for CPU tests: loads a static non-PIE ELF into FlatMemory and answers
// the handful of syscalls libc start-up and stdio need. The real kernel lives in src/kernel; this only
// exists so the CPU can be tested on real compiler output without depending on it.
import { readFileSync } from "node:fs";
import { Cpu } from "../../src/cpu/cpu.js";
import { FlatMemory } from "./flat-memory.js";

const MEM = 256 << 20;
const STACK_TOP = MEM - 0x10000;

export interface RunResult { status: number; stdout: string; instructions: number; cpu: Cpu; stop: string }

export function runElf(path: string, argv: string[], maxInsns = 200_000_000, stdin: Uint8Array = new Uint8Array(0), onWrite?: (fd: number, b: Uint8Array) => void): RunResult {
  let stdinPos = 0;
  const f = new Uint8Array(readFileSync(path));
  const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const mem = new FlatMemory(MEM);
  const type = dv.getUint16(16, true);
  const bias = type === 3 ? 0x1000000 : 0; // ET_DYN (static-pie): load at 16 MiB
  const entry = Number(dv.getBigUint64(24, true)) + bias;
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true), phnum = dv.getUint16(56, true);
  let end = 0, phdr = 0;
  for (let k = 0; k < phnum; k++) {
    const o = phoff + k * phentsize;
    const pt = dv.getUint32(o, true);
    const off = Number(dv.getBigUint64(o + 8, true));
    const va = Number(dv.getBigUint64(o + 16, true)) + bias;
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = Number(dv.getBigUint64(o + 40, true));
    if (pt === 1) {
      mem.bytes.set(f.subarray(off, off + filesz), va);
      end = Math.max(end, va + memsz);
      if (off === 0) phdr = va + phoff;
    }
    if (pt === 6) phdr = va;
  }
  let brk = Math.ceil(end / 4096) * 4096;
  let mmapTop = STACK_TOP - (16 << 20);
  const cpu = new Cpu(mem);
  // initial stack: argc, argv, envp, auxv
  let sp = STACK_TOP;
  const strAddrs: number[] = [];
  for (const s of argv) {
    const b = new TextEncoder().encode(s + "\0");
    sp -= b.length; mem.bytes.set(b, sp); strAddrs.push(sp);
  }
  sp -= 16; const rnd = sp; for (let k = 0; k < 16; k++) mem.bytes[rnd + k] = k * 7 + 1;
  sp &= ~15;
  const words: number[] = [argv.length, ...strAddrs, 0, 0,
    3, phdr, 4, phentsize, 5, phnum, 6, 4096, 9, entry, 25, rnd, 16, 0, 0, 0];
  if (words.length % 2) words.push(0);
  sp -= words.length * 8;
  words.forEach((w, k) => mem.dv.setBigUint64(sp + k * 8, BigInt(w), true));
  cpu.setReg64(4, sp);
  cpu.rip = entry;
  let out = "";
  const dec = new TextDecoder();
  const arg = (r: number) => cpu.reg64(r);
  for (;;) {
    const why = cpu.run(1_000_000);
    if (cpu.instructions > maxInsns) return { status: -1, stdout: out, instructions: cpu.instructions, cpu, stop: "budget" };
    if (why === 3) continue;
    if (why !== 1) {
      return { status: -2, stdout: out, instructions: cpu.instructions, cpu, stop: `fault vector ${cpu.fault.vector} at rip ${cpu.rip.toString(16)} addr ${cpu.fault.addr.toString(16)}` };
    }
    const nr = cpu.lo[0]!;
    if (process.env.SG_TRACE) console.error(`syscall ${nr}(${arg(7).toString(16)}, ${arg(6).toString(16)}, ${arg(2).toString(16)})`);
    let ret = -38; // ENOSYS
    switch (nr) {
      case 1: { // write
        const n = arg(2);
        if (arg(7) === 1 || arg(7) === 2) {
          const b = mem.bytes.subarray(arg(6), arg(6) + n);
          if (onWrite) onWrite(arg(7), b); else out += dec.decode(b);
          ret = n;
        } else ret = -9;
        break;
      }
      case 0: { // read (stdin only)
        if (arg(7) !== 0) { ret = -9; break; }
        const n = Math.min(arg(2), stdin.length - stdinPos);
        mem.bytes.set(stdin.subarray(stdinPos, stdinPos + n), arg(6));
        stdinPos += n; ret = n; break;
      }
      case 20: { // writev
        let n = 0;
        for (let k = 0; k < arg(2); k++) {
          const base = Number(mem.dv.getBigUint64(arg(6) + k * 16, true)), len = Number(mem.dv.getBigUint64(arg(6) + k * 16 + 8, true));
          const b = mem.bytes.subarray(base, base + len);
          if (onWrite) onWrite(arg(7), b); else out += dec.decode(b);
          n += len;
        }
        ret = n; break;
      }
      case 12: { const want = arg(7); if (want > brk && want < mmapTop - (32 << 20)) brk = want; ret = brk; break; } // brk
      case 9: { // mmap (anonymous only)
        const len = Math.ceil(arg(6) / 4096) * 4096;
        mmapTop -= len; mem.bytes.fill(0, mmapTop, mmapTop + len); ret = mmapTop; break;
      }
      case 11: case 10: case 28: ret = 0; break; // munmap, mprotect, madvise
      case 158: { // arch_prctl
        if (arg(7) === 0x1002) { cpu.fsBase = arg(6); ret = 0; } else if (arg(7) === 0x1001) { cpu.gsBase = arg(6); ret = 0; } else ret = -22;
        break;
      }
      case 218: ret = 1000; break; // set_tid_address
      case 39: case 186: ret = 1000; break; // getpid, gettid
      case 102: case 104: case 107: case 108: ret = 1000; break; // get[e]uid, get[e]gid
      case 105: case 106: ret = 0; break; // setuid, setgid
      case 60: case 231: return { status: cpu.lo[7]! & 0xff, stdout: out, instructions: cpu.instructions, cpu, stop: "exit" };
      case 16: ret = -25; break; // ioctl: ENOTTY
      case 72: ret = 2; break; // fcntl(F_GETFL): O_RDWR
      case 13: case 14: ret = 0; break; // rt_sigaction, rt_sigprocmask
      case 302: ret = 0; break; // prlimit64 (leave struct as is)
      case 318: { for (let k = 0; k < arg(6); k++) mem.bytes[arg(7) + k] = (k * 13 + 5) & 0xff; ret = arg(6); break; } // getrandom
      default: ret = -38;
    }
    cpu.setReg64(0, ret < 0 ? ret + 2 ** 64 : ret);
    if (ret < 0) { cpu.lo[0] = ret; cpu.hi[0] = -1; }
  }
}
