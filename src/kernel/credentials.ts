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

/** uid_t/gid_t value meaning "leave unchanged" in setre*id / setres*id. */
export const ID_UNCHANGED = 0xffffffff;
/** Largest supplementary group list (NGROUPS_MAX). */
export const NGROUPS_MAX = 65536;

type IdSet = { r: number; e: number; s: number; fs: number };

function uids(c: Credentials): IdSet {
  return { r: c.uid, e: c.euid, s: c.suid, fs: c.fsuid };
}
function gids(c: Credentials): IdSet {
  return { r: c.gid, e: c.egid, s: c.sgid, fs: c.fsgid };
}
function storeUids(c: Credentials, v: IdSet): void {
  c.uid = v.r; c.euid = v.e; c.suid = v.s; c.fsuid = v.fs;
}
function storeGids(c: Credentials, v: IdSet): void {
  c.gid = v.r; c.egid = v.e; c.sgid = v.s; c.fsgid = v.fs;
}

/** setuid(2)/setgid(2): privileged sets all three ids, others may set the effective id to the real or saved one. */
function setOne(cur: IdSet, id: number, privileged: boolean): IdSet | number {
  if (id === ID_UNCHANGED) return -22; // EINVAL
  if (privileged) return { r: id, e: id, s: id, fs: id };
  if (id === cur.r || id === cur.s) return { ...cur, e: id, fs: id };
  return -1; // EPERM
}

/** setreuid(2)/setregid(2). */
function setRe(cur: IdSet, r: number, e: number, privileged: boolean): IdSet | number {
  const next = { ...cur };
  if (r !== ID_UNCHANGED) {
    if (!privileged && r !== cur.r && r !== cur.e) return -1;
    next.r = r;
  }
  if (e !== ID_UNCHANGED) {
    if (!privileged && e !== cur.r && e !== cur.e && e !== cur.s) return -1;
    next.e = e;
  }
  // The saved id follows the effective one when the real id is set or the effective id moves away from the old real id.
  if (r !== ID_UNCHANGED || (e !== ID_UNCHANGED && e !== cur.r)) next.s = next.e;
  next.fs = next.e;
  return next;
}

/** setresuid(2)/setresgid(2). */
function setRes(cur: IdSet, r: number, e: number, s: number, privileged: boolean): IdSet | number {
  const allowed = (v: number) => v === ID_UNCHANGED || privileged || v === cur.r || v === cur.e || v === cur.s;
  if (!allowed(r) || !allowed(e) || !allowed(s)) return -1;
  const next = { ...cur };
  if (r !== ID_UNCHANGED) next.r = r;
  if (e !== ID_UNCHANGED) next.e = e;
  if (s !== ID_UNCHANGED) next.s = s;
  next.fs = next.e;
  return next;
}

/** setfsuid(2)/setfsgid(2): always returns the old value; changes it only when allowed. */
function setFs(cur: IdSet, id: number, privileged: boolean): IdSet {
  if (id !== ID_UNCHANGED && (privileged || id === cur.r || id === cur.e || id === cur.s || id === cur.fs)) return { ...cur, fs: id };
  return cur;
}

/**
 * The set*id family on credentials `c`, with Linux's permission rules (CAP_SETUID/CAP_SETGID =
 * effective uid 0). Returns 0 or -errno; setfs*id return the previous fs id.
 */
export const setId = {
  setuid(c: Credentials, id: number): number {
    const r = setOne(uids(c), id, isPrivileged(c));
    if (typeof r === "number") return r;
    storeUids(c, r);
    return 0;
  },
  setgid(c: Credentials, id: number): number {
    const r = setOne(gids(c), id, isPrivileged(c));
    if (typeof r === "number") return r;
    storeGids(c, r);
    return 0;
  },
  setreuid(c: Credentials, r: number, e: number): number {
    const x = setRe(uids(c), r, e, isPrivileged(c));
    if (typeof x === "number") return x;
    storeUids(c, x);
    return 0;
  },
  setregid(c: Credentials, r: number, e: number): number {
    const x = setRe(gids(c), r, e, isPrivileged(c));
    if (typeof x === "number") return x;
    storeGids(c, x);
    return 0;
  },
  setresuid(c: Credentials, r: number, e: number, s: number): number {
    const x = setRes(uids(c), r, e, s, isPrivileged(c));
    if (typeof x === "number") return x;
    storeUids(c, x);
    return 0;
  },
  setresgid(c: Credentials, r: number, e: number, s: number): number {
    const x = setRes(gids(c), r, e, s, isPrivileged(c));
    if (typeof x === "number") return x;
    storeGids(c, x);
    return 0;
  },
  setfsuid(c: Credentials, id: number): number {
    const old = c.fsuid;
    storeUids(c, setFs(uids(c), id, isPrivileged(c)));
    return old;
  },
  setfsgid(c: Credentials, id: number): number {
    const old = c.fsgid;
    storeGids(c, setFs(gids(c), id, isPrivileged(c)));
    return old;
  },
};
