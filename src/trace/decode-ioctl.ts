/**
 * ioctl(2) as strace 6.1 shows it.
 *
 * The request: every name strace knows for the code (joined by " or " when headers disagree), a
 * few families whose numbers encode a parameter (EVIOCGBIT(EV_KEY, 8), MIXER_READ(13)...), or the
 * raw `_IOC(dir, type, nr, size)` fields. The argument: the terminal family (termios, termio,
 * termios2, winsize, modem lines, the int-pointer requests, TIOCSTI's byte, the plain-value
 * ones, the requests that take none) decoded; a request nobody decodes shows its argument in hex.
 *
 * What a request reads is shown at entry, what it writes at exit (then a failed call shows the
 * address, as strace does).
 */
import type { NameTable } from "../abi/signatures.js";
import { ioctlNameList } from "../abi/ioctl-names.js";
import { iocDirNames } from "../abi/trace-tables.js";
import {
  termIflagNames, termOflagFields, termOflagNames, baudNames, csizeNames, termCflagNames, termLflagNames,
  lineDiscNames, ccNames, CBAUD, CIBAUD, IBSHIFT, CSIZE, TERMIO_SIZE, TERMIOS_KSIZE, TERMIOS2_SIZE, NCC,
  modemFlagNames, tcxoncNames, tcflshNames, evdevEvNames, evdevAbsNames, mtdOtpNames, v4l2InputTypeNames,
} from "../abi/termios.js";
import { registerDecoders, type ArgContext } from "./decoders.js";
import { ptrText, hex64, u64, dv, bufText, quoteBytes, type FormatOptions } from "./format.js";

// ---- request names ----

let byCode: Map<number, string[]> | null = null;

/** Every name strace has for `code`, in its order (empty when none). */
export function ioctlNamesOf(code: number): readonly string[] {
  if (byCode === null) {
    byCode = new Map();
    for (const line of ioctlNameList.split("\n")) {
      const sp = line.indexOf(" ");
      if (sp < 0) continue;
      const c = parseInt(line.slice(0, sp), 16) >>> 0;
      const n = line.slice(sp + 1);
      const list = byCode.get(c);
      if (list) list.push(n);
      else byCode.set(c, [n]);
    }
  }
  return byCode.get(code >>> 0) ?? [];
}

const iocDir = (c: number) => c >>> 30;
const iocType = (c: number) => (c >>> 8) & 0xff;
const iocNr = (c: number) => c & 0xff;
const iocSize = (c: number) => (c >>> 16) & 0x3fff;
const IOC_WRITE = 1, IOC_READ = 2;
const hx = (n: number) => (n === 0 ? "0" : "0x" + (n >>> 0).toString(16));

/** A request nobody named: its _IOC() fields. */
export function iocText(code: number): string {
  return `_IOC(${iocDirNames[iocDir(code)]}, ${hx(iocType(code))}, ${hx(iocNr(code))}, ${hx(iocSize(code))})`;
}

/** An enum value by name, or strace's "0x.. /* PREFIX??? *\/" (no comment in -X verbose). */
function enumName(names: NameTable, v: number, unknown: string, verbose: boolean): string {
  for (const [b, n] of names) if (b === v) return n;
  return verbose ? hx(v) : `${hx(v)} /* ${unknown} */`;
}

const sizeArg = (name: string, code: number) => `${name}(${iocSize(code)})`;

/** Requests whose number carries a parameter (strace's decode_command_number); null for others. */
function numberText(code: number, verbose: boolean): string | null {
  const dir = iocDir(code), nr = iocNr(code);
  switch (iocType(code)) {
    case 0x21: // '!'
      return code === ((IOC_READ << 30) | (8 << 16) | (0x21 << 8) | 2) >>> 0 ? "SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR" : null;
    case 0x45: { // 'E': evdev
      if (dir === IOC_WRITE && nr >= 0xc0 && nr <= 0xff) return `EVIOCSABS(${enumName(evdevAbsNames, nr - 0xc0, "ABS_???", verbose)})`;
      if (dir !== IOC_READ) return null;
      if (nr >= 0x20 && nr <= 0x3f) {
        const ev = nr === 0x20 ? "0" : enumName(evdevEvNames, nr - 0x20, "EV_???", verbose);
        return `EVIOCGBIT(${ev}, ${iocSize(code)})`;
      }
      if (nr >= 0x40 && nr <= 0x7f) return `EVIOCGABS(${enumName(evdevAbsNames, nr - 0x40, "ABS_???", verbose)})`;
      const sized: Record<number, string> = {
        0x06: "EVIOCGNAME", 0x07: "EVIOCGPHYS", 0x08: "EVIOCGUNIQ", 0x09: "EVIOCGPROP", 0x0a: "EVIOCGMTSLOTS",
        0x18: "EVIOCGKEY", 0x19: "EVIOCGLED", 0x1a: "EVIOCGSND", 0x1b: "EVIOCGSW",
      };
      return sized[nr] !== undefined ? sizeArg(sized[nr]!, code) : null;
    }
    case 0x48: { // 'H': hiddev
      if (dir === IOC_READ) {
        const r: Record<number, string> = { 0x04: "HIDIOCGRAWNAME", 0x05: "HIDIOCGRAWPHYS", 0x06: "HIDIOCSFEATURE", 0x08: "HIDIOCGRAWUNIQ", 0x12: "HIDIOCGPHYS" };
        return r[nr] !== undefined ? sizeArg(r[nr]!, code) : null;
      }
      if (dir === (IOC_READ | IOC_WRITE)) {
        if (nr === 0x06) return sizeArg("HIDIOCSFEATURE", code);
        if (nr === 0x07) return sizeArg("HIDIOCGFEATURE", code);
      }
      return null;
    }
    case 0x4d: // 'M': sound mixer
      if (dir === IOC_WRITE) return `MIXER_WRITE(${nr})`;
      if (dir === IOC_READ) return `MIXER_READ(${nr})`;
      return null;
    case 0x55: // 'U'
      return dir === IOC_READ && nr === 0x2c ? sizeArg("UI_GET_SYSNAME", code) : null;
    case 0x6a: // 'j'
      return dir === IOC_READ && nr === 0x13 ? sizeArg("JSIOCGNAME", code) : null;
    case 0x6b: // 'k'
      return dir === IOC_WRITE && nr === 0 ? sizeArg("SPI_IOC_MESSAGE", code) : null;
  }
  return null;
}

/** The request argument's text, with -X raw / verbose. */
export function requestText(code: number, o: FormatOptions): string {
  code >>>= 0;
  const x = o.xlat ?? "abbrev";
  const num = hx(code);
  if (x === "raw") return num;
  const verbose = x === "verbose";
  let s = numberText(code, verbose) ?? "";
  const names = ioctlNamesOf(code);
  if (names.length > 0) s += (s ? " or " : "") + names.join(" or ");
  else if (!s) s = iocText(code);
  return verbose ? `${num} /* ${s} */` : s;
}

// ---- requests (x86-64 numbers) ----

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCGETA = 0x5405, TCSETA = 0x5406,
  TCSETAW = 0x5407, TCSETAF = 0x5408, TCSBRK = 0x5409, TCXONC = 0x540a, TCFLSH = 0x540b, TIOCEXCL = 0x540c,
  TIOCNXCL = 0x540d, TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411,
  TIOCSTI = 0x5412, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, TIOCMGET = 0x5415, TIOCMBIS = 0x5416,
  TIOCMBIC = 0x5417, TIOCMSET = 0x5418, TIOCGSOFTCAR = 0x5419, TIOCSSOFTCAR = 0x541a, FIONREAD = 0x541b,
  TIOCCONS = 0x541d, TIOCSSERIAL = 0x541f, TIOCPKT = 0x5420, FIONBIO = 0x5421, TIOCNOTTY = 0x5422,
  TIOCSETD = 0x5423, TIOCGETD = 0x5424, TCSBRKP = 0x5425, TIOCSBRK = 0x5427, TIOCCBRK = 0x5428,
  TIOCGSID = 0x5429, TCGETS2 = 0x802c542a, TCSETS2 = 0x402c542b, TCSETSW2 = 0x402c542c, TCSETSF2 = 0x402c542d,
  TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGDEV = 0x80045432, TIOCVHANGUP = 0x5437,
  TIOCGEXCL = 0x80045440, FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIOASYNC = 0x5452, TIOCGLCKTRMIOS = 0x5456,
  TIOCSLCKTRMIOS = 0x5457;
const OTPSELECT = 0x80044d0d, VIDIOC_ENUMINPUT = 0xc050561a;

type Render = (c: ArgContext, addr: number) => string;
/** How a request's argument shows: not at all, in hex, or decoded at entry / at exit. */
interface Plan {
  readonly when: "none" | "hex" | "enter" | "exit";
  readonly render?: Render;
}

const NONE: Plan = { when: "none" };
const HEX: Plan = { when: "hex" };

/** Read `n` bytes, or null (then strace shows the address). */
function peekAt(c: ArgContext, addr: number, n: number): Uint8Array | null {
  if (addr === 0) return null;
  if (c.exited && c.result < 0) return null;
  return c.mem.peek(addr, n);
}

/** strace's printflags: names of the set bits, the rest in hex; zero shows as `dflt ? "0" : ""`. */
function pflags(o: FormatOptions, v: number, names: NameTable, dflt: string | null): string {
  v >>>= 0;
  if (o.xlat === "raw") return v !== 0 || dflt !== null ? hx(v) : "";
  const parts: string[] = [];
  let rest = v;
  for (const [b, n] of names) {
    if (rest === b || (b !== 0 && ((rest & b) >>> 0) === b)) {
      parts.push(n);
      rest = (rest & ~b) >>> 0;
    }
    if (rest === 0) break;
  }
  const verbose = o.xlat === "verbose";
  if (parts.length > 0) {
    if (rest !== 0) parts.push(hx(rest));
    const text = parts.join("|");
    return verbose ? `${v === 0 ? "0" : hx(v)} /* ${text} */` : text;
  }
  if (rest !== 0) return dflt ? `${hx(rest)} /* ${dflt} */` : hx(rest);
  return dflt !== null ? "0" : "";
}

/** strace's printxval: the name, or the value in hex with `dflt` as a comment. */
function xval(o: FormatOptions, v: number, names: NameTable, dflt: string): string {
  v >>>= 0;
  if (o.xlat === "raw") return hx(v);
  for (const [b, n] of names) if (b === v) return o.xlat === "verbose" ? `${hx(v)} /* ${n} */` : n;
  return `${hx(v)} /* ${dflt} */`;
}
const listTable = (names: readonly string[]): NameTable => names.map((n, i) => [i, n] as const);
const lineDiscTable = listTable(lineDiscNames);
const otpTable = listTable(mtdOtpNames);

function oflagText(o: FormatOptions, v: number): string {
  const parts: string[] = [];
  for (const f of termOflagFields) {
    parts.push(xval(o, v & f.mask, f.names, f.unknown));
    v &= ~f.mask;
  }
  return parts.join("|") + "|" + pflags(o, v, termOflagNames, null);
}

function cflagText(o: FormatOptions, v: number): string {
  v >>>= 0;
  const parts = [xval(o, v & CBAUD, baudNames, "B???")];
  if ((v & CIBAUD) >>> 0 !== 0) parts.push(`${xval(o, ((v & CIBAUD) >>> 0) >>> IBSHIFT, baudNames, "B???")}<<${o.xlat === "raw" ? "0x10" : o.xlat === "verbose" ? "0x10 /* IBSHIFT */" : "IBSHIFT"}`);
  parts.push(xval(o, v & CSIZE, csizeNames, "CS?"));
  return parts.join("|") + "|" + pflags(o, (v & ~(CBAUD | CIBAUD | CSIZE)) >>> 0, termCflagNames, null);
}

function ccText(b: Uint8Array, off: number, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`[${ccNames[i] ?? i}]=${hx(b[off + i]!)}`);
  return `c_cc=[${parts.join(", ")}]`;
}

/** struct termio (16-bit flags), termios or termios2 (32-bit flags). */
function termText(kind: "termio" | "termios" | "termios2"): Render {
  const size = kind === "termio" ? TERMIO_SIZE : kind === "termios" ? TERMIOS_KSIZE : TERMIOS2_SIZE;
  return (c, addr) => {
    const b = peekAt(c, addr, size);
    if (!b) return ptrText(c.a, 2);
    const d = dv(b);
    const w = kind === "termio" ? 2 : 4;
    const f = (k: number) => (w === 2 ? d.getUint16(k * 2, true) : d.getUint32(k * 4, true));
    const o = c.o;
    let s = `{c_iflag=${pflags(o, f(0), termIflagNames, null)}, c_oflag=${oflagText(o, f(1))}, c_cflag=${cflagText(o, f(2))}, c_lflag=${pflags(o, f(3), termLflagNames, null)}, `;
    if (!o.verbose) return s + "...}";
    const lineOff = w * 4;
    s += `c_line=${xval(o, b[lineOff]!, lineDiscTable, "N_???")}, `;
    s += ccText(b, lineOff + 1, kind === "termio" ? NCC : 19);
    if (kind === "termios2") s += `, c_ispeed=${d.getUint32(36, true)}, c_ospeed=${d.getUint32(40, true)}`;
    return s + "}";
  };
}

const winsizeText: Render = (c, addr) => {
  const b = peekAt(c, addr, 8);
  if (!b) return ptrText(c.a, 2);
  const d = dv(b);
  return `{ws_row=${d.getUint16(0, true)}, ws_col=${d.getUint16(2, true)}, ws_xpixel=${d.getUint16(4, true)}, ws_ypixel=${d.getUint16(6, true)}}`;
};

const intText: Render = (c, addr) => {
  const b = peekAt(c, addr, 4);
  return b ? `[${dv(b).getInt32(0, true)}]` : ptrText(c.a, 2);
};

const modemText: Render = (c, addr) => {
  const b = peekAt(c, addr, 4);
  return b ? `[${pflags(c.o, dv(b).getUint32(0, true), modemFlagNames, "TIOCM_???")}]` : ptrText(c.a, 2);
};

const charText: Render = (c, addr) => bufText(c.mem, addr, 1, c.o.strsize);

/** A value passed directly (not through memory), named by a small enum. */
function valueEnum(names: NameTable, dflt: string): Render {
  return (c) => {
    if (c.a.hi[2] === 0) return xval(c.o, c.a.lo[2]!, names, dflt);
    const h = hex64(c.a.lo[2]!, c.a.hi[2]!);
    return c.o.xlat === "raw" ? h : `${h} /* ${dflt} */`;
  };
}
const intValue: Render = (c) => String(c.a.lo[2]! | 0);

const otpText: Render = (c, addr) => {
  const b = peekAt(c, addr, 4);
  if (!b) return ptrText(c.a, 2);
  return `[${xval(c.o, dv(b).getUint32(0, true), otpTable, "MTD_OTP_???")}]`;
};

/** struct v4l2_input: the index the caller gives, then what the driver filled in. */
const v4l2InputText: Render = (c, addr) => {
  const b = addr === 0 ? null : c.mem.peek(addr, 80);
  if (!b) return ptrText(c.a, 2);
  const d = dv(b);
  let s = `{index=${d.getUint32(0, true)}`;
  if (c.exited && c.result >= 0) {
    const name = b.subarray(4, 36);
    const z = name.indexOf(0);
    const type = d.getUint32(36, true);
    s += `, name=${quoteBytes(name, z < 0 ? 32 : z)}${z < 0 ? "..." : ""}, type=${xval(c.o, type, v4l2InputTypeNames, "V4L2_INPUT_TYPE_???")}`;
  }
  return s + "}";
};

const enter = (render: Render): Plan => ({ when: "enter", render });
const exit = (render: Render): Plan => ({ when: "exit", render });

const plans = new Map<number, Plan>();
const put = (plan: Plan, ...codes: number[]) => { for (const k of codes) plans.set(k >>> 0, plan); };
put(exit(termText("termios2")), TCGETS2);
put(enter(termText("termios2")), TCSETS2, TCSETSW2, TCSETSF2);
put(exit(termText("termios")), TCGETS, TIOCGLCKTRMIOS);
put(enter(termText("termios")), TCSETS, TCSETSW, TCSETSF, TIOCSLCKTRMIOS);
put(exit(termText("termio")), TCGETA);
put(enter(termText("termio")), TCSETA, TCSETAW, TCSETAF);
put(exit(winsizeText), TIOCGWINSZ);
put(enter(winsizeText), TIOCSWINSZ);
put(enter(valueEnum(listTable(tcxoncNames), "TC???")), TCXONC);
put(enter(valueEnum(listTable(tcflshNames), "TC???")), TCFLSH);
put(enter(intValue), TCSBRK, TCSBRKP, TIOCSCTTY);
put(exit(modemText), TIOCMGET);
put(enter(modemText), TIOCMBIS, TIOCMBIC, TIOCMSET);
put(exit(intText), TIOCGPGRP, TIOCGSID, TIOCGETD, TIOCGSOFTCAR, TIOCGPTN, FIONREAD, TIOCOUTQ, TIOCGEXCL, TIOCGDEV);
put(enter(intText), TIOCSPGRP, TIOCSETD, FIONBIO, FIOASYNC, TIOCPKT, TIOCSSOFTCAR, TIOCSPTLCK);
put(enter(charText), TIOCSTI);
put(NONE, TIOCSBRK, TIOCCBRK, TIOCCONS, TIOCNOTTY, TIOCEXCL, TIOCNXCL, FIOCLEX, FIONCLEX, TIOCVHANGUP, TIOCSSERIAL);
put(enter(otpText), OTPSELECT);
put(exit(v4l2InputText), VIDIOC_ENUMINPUT);

function planOf(code: number): Plan {
  return plans.get(code >>> 0) ?? HEX;
}

registerDecoders({
  args: {
    ioctl: (c) => {
      if (c.i === 1) return requestText(c.a.lo[1]!, c.o);
      if (c.i !== 2) return undefined;
      const p = planOf(c.a.lo[1]!);
      if (p.when === "hex" || !p.render) return hex64(c.a.lo[2]!, c.a.hi[2]!);
      return p.render(c, u64(c.a, 2));
    },
  },
  exitArgs: {
    ioctl: (i, a) => i === 2 && planOf(a.lo[1]!).when === "exit",
  },
  shownArgs: {
    ioctl: (a) => (planOf(a.lo[1]!).when === "none" ? 2 : 3),
  },
});


