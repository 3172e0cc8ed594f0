/** Process credentials: who the guest is, and the checks the set*id family needs. */
import type { Credentials } from "./process.js";

export function makeCredentials(uid: number, gid: number, groups: number[] = [gid]): Credentials {
  return { uid, euid: uid, suid: uid, fsuid: uid, gid, egid: gid, sgid: gid, fsgid: gid, groups: groups.slice() };
}

export function copyCredentials(c: Credentials): Credentials {
  return { ...c, groups: c.groups.slice() };
}

/** CAP_SYS_RESOURCE and friends: sysgate's root (euid 0) holds every capability. */
export function isPrivileged(c: Credentials): boolean {
  return c.euid === 0;
}
