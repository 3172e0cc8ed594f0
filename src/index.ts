/**
 * sysgate's library entry for Node.js.
 *
 *   import { Machine, createNodeHost } from "sysgate";
 *   const m = new Machine(createNodeHost());
 *   const { exitCode } = await m.run("/bin/busybox", ["echo", "hello"], []);
 */
export { Machine, decodeWaitStatus, type MachineOptions, type MountSpec, type ExitStatus } from "./machine.js";
export { createNodeHost, FdInput, FdOutput, type NodeHostOptions } from "./host/node.js";
export type { Host, HostFs, HostInput, HostOutput, HostTerminal, HostStat } from "./host/types.js";
export { HostError } from "./host/types.js";
export { VERSION } from "./version.js";
