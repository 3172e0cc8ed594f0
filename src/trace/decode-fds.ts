/**
 * strace 6.x's `-e decode-fds=SET` (`--decode-fds=SET`): which kinds of descriptor decoration are
 * shown after a descriptor. -y is `path`, -yy is `all`. Also the pidfd form, `3<pid:42>`.
 */
import { PidFile } from "../kernel/pidfd.js";
import { ProcessState } from "../kernel/process.js";
import type { OpenFile } from "../kernel/file.js";

export const enum DecodeFd {
  Path = 1,
  Socket = 2,
  Dev = 4,
  Pidfd = 8,
  Signalfd = 16,
  All = 31,
}

const NAMES: Record<string, number> = {
  path: DecodeFd.Path, socket: DecodeFd.Socket, dev: DecodeFd.Dev, pidfd: DecodeFd.Pidfd, signalfd: DecodeFd.Signalfd,
  all: DecodeFd.All, none: 0,
};

/** Parse SET (names, `all`, `none`, a leading `!`); null when a name is unknown. */
export function parseDecodeFds(spec: string): number | null {
  let s = spec;
  let negate = false;
  if (s.startsWith("!")) {
    negate = true;
    s = s.slice(1);
  }
  let mask = 0;
  for (const item of s.split(",")) {
    if (item === "") return null;
    const m = NAMES[item];
    if (m === undefined) return null;
    mask |= m;
  }
  return negate ? DecodeFd.All & ~mask : mask;
}

/** The kinds -y (1) / -yy (2) ask for. */
export function decodeFdsOfLevel(level: number): number {
  return level >= 2 ? DecodeFd.All : level === 1 ? DecodeFd.Path : 0;
}

/** A pidfd's decoration (`pid:42` while its process exists), or undefined for other files. */
export function pidfdDecoration(f: OpenFile): string | undefined {
  if (!(f instanceof PidFile)) return undefined;
  return f.target.state !== ProcessState.Reaped ? `pid:${f.target.pid}` : undefined;
}
