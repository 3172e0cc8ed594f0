// The file syscall family: descriptor I/O (fs-io.ts) and path-name calls (fs-path.ts).
import { ioSyscalls } from "./fs-io.js";
import { pathSyscalls } from "./fs-path.js";
import type { SyscallHandlers } from "./types.js";

export const fsSyscalls: SyscallHandlers = { ...ioSyscalls, ...pathSyscalls };
