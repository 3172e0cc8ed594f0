/**
 * Every syscall family of the kernel, in one list. The gate (src/kernel/entry.ts) turns it into a
 * dense table indexed by syscall number; a family is a plain object keyed by Linux syscall name.
 */
import type { SyscallHandlers } from "./types.js";
import { processSyscalls } from "./process.js";
import { processForkSyscalls } from "./process-fork.js";
import { infoSyscalls } from "./info.js";
import { timeSyscalls } from "./time.js";
import { memorySyscalls } from "./memory.js";
import { signalSyscalls } from "./signal.js";
import { signalWaitSyscalls } from "./signal-wait.js";
import { fsSyscalls } from "./fs.js";
import { pipeSyscalls } from "./pipe.js";
import { futexSyscalls } from "../futex.js";
import { pidfdSyscalls } from "../pidfd.js";
import { pollSyscalls } from "./poll.js";
import { epollSyscalls } from "./epoll.js";
import { timerfdSyscalls } from "./timerfd.js";
import { netSyscalls } from "./net.js";

export const allSyscallFamilies: readonly SyscallHandlers[] = [
  fsSyscalls,
  pipeSyscalls,
  pollSyscalls,
  epollSyscalls,
  timerfdSyscalls,
  netSyscalls,
  processSyscalls,
  processForkSyscalls,
  infoSyscalls,
  timeSyscalls,
  memorySyscalls,
  signalSyscalls,
  futexSyscalls,
  pidfdSyscalls,
  signalWaitSyscalls,
];
