// ioctl request numbers of Linux x86-64 (asm-generic/ioctls.h) and the termios layout. The tracer
// names requests from the complete list in ioctl-names.ts (generated); this one is the kernel's.

export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TCGETA = 0x5405;
export const TCSETA = 0x5406;
export const TCSETAW = 0x5407;
export const TCSETAF = 0x5408;
export const TCSBRK = 0x5409;
export const TCXONC = 0x540a;
export const TCFLSH = 0x540b;
export const TIOCEXCL = 0x540c;
export const TIOCNXCL = 0x540d;
export const TIOCSCTTY = 0x540e;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCOUTQ = 0x5411;
export const TIOCSTI = 0x5412;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const TIOCMGET = 0x5415;
export const TIOCMBIS = 0x5416;
export const TIOCMBIC = 0x5417;
export const TIOCMSET = 0x5418;
export const FIONREAD = 0x541b;
export const TIOCINQ = FIONREAD;
export const TIOCLINUX = 0x541c;
export const TIOCCONS = 0x541d;
export const FIONBIO = 0x5421;
export const TIOCNOTTY = 0x5422;
export const TIOCSETD = 0x5423;
export const TIOCGETD = 0x5424;
export const TCSBRKP = 0x5425;
export const TIOCGSID = 0x5429;
export const TCGETS2 = 0x802c542a;
export const TCSETS2 = 0x402c542b;
export const TCSETSW2 = 0x402c542c;
export const TCSETSF2 = 0x402c542d;
export const TIOCGPTN = 0x80045430;
export const TIOCSPTLCK = 0x40045431;
export const TIOCGPTLCK = 0x80045439;
export const TIOCGPTPEER = 0x5441;
export const FIONCLEX = 0x5450;
export const FIOCLEX = 0x5451;
export const FIOASYNC = 0x5452;
export const FIOQSIZE = 0x5460;
export const TIOCGLCKTRMIOS = 0x5456;
export const TIOCSLCKTRMIOS = 0x5457;

export const ioctlNames: Readonly<Record<number, string>> = {
  0x5401: "TCGETS", 0x5402: "TCSETS", 0x5403: "TCSETSW", 0x5404: "TCSETSF", 0x5405: "TCGETA", 0x5406: "TCSETA",
  0x5407: "TCSETAW", 0x5408: "TCSETAF", 0x5409: "TCSBRK", 0x540a: "TCXONC", 0x540b: "TCFLSH", 0x540c: "TIOCEXCL",
  0x540d: "TIOCNXCL", 0x540e: "TIOCSCTTY", 0x540f: "TIOCGPGRP", 0x5410: "TIOCSPGRP", 0x5411: "TIOCOUTQ",
  0x5412: "TIOCSTI", 0x5413: "TIOCGWINSZ", 0x5414: "TIOCSWINSZ", 0x5415: "TIOCMGET", 0x5416: "TIOCMBIS",
  0x5417: "TIOCMBIC", 0x5418: "TIOCMSET", 0x541b: "FIONREAD", 0x541c: "TIOCLINUX", 0x541d: "TIOCCONS",
  0x5421: "FIONBIO", 0x5422: "TIOCNOTTY", 0x5423: "TIOCSETD", 0x5424: "TIOCGETD", 0x5425: "TCSBRKP",
  0x5429: "TIOCGSID", 0x802c542a: "TCGETS2", 0x402c542b: "TCSETS2", 0x402c542c: "TCSETSW2", 0x402c542d: "TCSETSF2", 0x80045430: "TIOCGPTN",
  0x40045431: "TIOCSPTLCK", 0x5441: "TIOCGPTPEER", 0x5450: "FIONCLEX", 0x5451: "FIOCLEX", 0x5452: "FIOASYNC",
  0x5460: "FIOQSIZE", 0x5456: "TIOCGLCKTRMIOS", 0x5457: "TIOCSLCKTRMIOS", 0x80045439: "TIOCGPTLCK",
};

/** struct termios as the kernel's TCGETS sees it: 4 × u32 flags, u8 c_line, u8 c_cc[19]; 36 bytes. */
export const TERMIOS_SIZE = 36;
export const NCCS = 19;
/** c_cc indices. */
export const VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSWTC = 7,
  VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14, VLNEXT = 15, VEOL2 = 16;
/** c_lflag bits used by the terminal emulation. */
export const ISIG = 0o1, ICANON = 0o2, ECHO = 0o10, ECHOE = 0o20, ECHOK = 0o40, ECHONL = 0o100,
  NOFLSH = 0o200, TOSTOP = 0o400, ECHOCTL = 0o1000, ECHOPRT = 0o2000, ECHOKE = 0o4000, IEXTEN = 0o100000;
/** c_iflag / c_oflag / c_cflag bits of a cooked terminal. */
export const ICRNL = 0o400, IXON = 0o2000, IUTF8 = 0o40000, OPOST = 0o1, ONLCR = 0o4;
export const B38400 = 0o17, CS8 = 0o60, CREAD = 0o200, HUPCL = 0o2000;
/** struct winsize: u16 ws_row, ws_col, ws_xpixel, ws_ypixel. */
export const WINSIZE_SIZE = 8;
