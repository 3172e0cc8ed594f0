// The terminal's flag and enum tables as Linux x86-64 defines them (asm-generic/termbits.h,
// tty.h), in the order strace 6.1 prints them, plus the other small tables its ioctl decoders use.
import type { NameTable } from "./signatures.js";

/** c_iflag bits. */
export const termIflagNames: NameTable = [
  [0o1, "IGNBRK"], [0o2, "BRKINT"], [0o4, "IGNPAR"], [0o10, "PARMRK"], [0o20, "INPCK"], [0o40, "ISTRIP"],
  [0o100, "INLCR"], [0o200, "IGNCR"], [0o400, "ICRNL"], [0o1000, "IUCLC"], [0o2000, "IXON"], [0o4000, "IXANY"],
  [0o10000, "IXOFF"], [0o20000, "IMAXBEL"], [0o40000, "IUTF8"],
];

/** c_oflag: the delay fields, each a small enum under its mask, then the single bits. */
export const NLDLY = 0o400, CRDLY = 0o3000, TABDLY = 0o14000, BSDLY = 0o20000, VTDLY = 0o40000, FFDLY = 0o100000;
export const termOflagFields: readonly { mask: number; names: NameTable; unknown: string }[] = [
  { mask: NLDLY, names: [[0, "NL0"], [0o400, "NL1"]], unknown: "NL?" },
  { mask: CRDLY, names: [[0, "CR0"], [0o1000, "CR1"], [0o2000, "CR2"], [0o3000, "CR3"]], unknown: "CR?" },
  // XTABS equals TAB3 on x86 and is listed first, so it is the name shown.
  { mask: TABDLY, names: [[0o14000, "XTABS"], [0, "TAB0"], [0o4000, "TAB1"], [0o10000, "TAB2"], [0o14000, "TAB3"]], unknown: "TAB?" },
  { mask: BSDLY, names: [[0o20000, "BS1"], [0, "BS0"]], unknown: "BS?" },
  { mask: VTDLY, names: [[0, "VT0"], [0o40000, "VT1"]], unknown: "VT?" },
  { mask: FFDLY, names: [[0, "FF0"], [0o100000, "FF1"]], unknown: "FF?" },
];
export const termOflagNames: NameTable = [
  [0o1, "OPOST"], [0o2, "OLCUC"], [0o4, "ONLCR"], [0o10, "OCRNL"], [0o20, "ONOCR"], [0o40, "ONLRET"],
  [0o100, "OFILL"], [0o200, "OFDEL"],
];

/** c_cflag: the output speed (CBAUD), the input speed (CIBAUD, shifted by IBSHIFT), CSIZE, bits. */
export const CBAUD = 0o10017, CIBAUD = 0o2003600000, IBSHIFT = 16, CSIZE = 0o60;
export const baudNames: NameTable = [
  [0o0, "B0"], [0o1, "B50"], [0o2, "B75"], [0o3, "B110"], [0o4, "B134"], [0o5, "B150"], [0o6, "B200"],
  [0o7, "B300"], [0o10, "B600"], [0o11, "B1200"], [0o12, "B1800"], [0o13, "B2400"], [0o14, "B4800"],
  [0o15, "B9600"], [0o16, "B19200"], [0o17, "B38400"], [0o10001, "B57600"], [0o10002, "B115200"],
  [0o10003, "B230400"], [0o10004, "B460800"], [0o10005, "B500000"], [0o10006, "B576000"], [0o10007, "B921600"],
  [0o10010, "B1000000"], [0o10011, "B1152000"], [0o10012, "B1500000"], [0o10013, "B2000000"],
  [0o10014, "B2500000"], [0o10015, "B3000000"], [0o10016, "B3500000"], [0o10017, "B4000000"],
  [0o16, "EXTA"], [0o17, "EXTB"], [0o10000, "BOTHER"],
];
export const csizeNames: NameTable = [[0, "CS5"], [0o20, "CS6"], [0o40, "CS7"], [0o60, "CS8"]];
export const termCflagNames: NameTable = [
  [0o100, "CSTOPB"], [0o200, "CREAD"], [0o400, "PARENB"], [0o1000, "PARODD"], [0o2000, "HUPCL"],
  [0o4000, "CLOCAL"], [0o10000000000, "CMSPAR"], [0o20000000000, "CRTSCTS"],
];

/** c_lflag bits. */
export const termLflagNames: NameTable = [
  [0o1, "ISIG"], [0o2, "ICANON"], [0o4, "XCASE"], [0o10, "ECHO"], [0o20, "ECHOE"], [0o40, "ECHOK"],
  [0o100, "ECHONL"], [0o200, "NOFLSH"], [0o100000, "IEXTEN"], [0o1000, "ECHOCTL"], [0o2000, "ECHOPRT"],
  [0o4000, "ECHOKE"], [0o10000, "FLUSHO"], [0o40000, "PENDIN"], [0o400, "TOSTOP"], [0o200000, "EXTPROC"],
];

/** c_line: line disciplines. */
export const lineDiscNames: readonly string[] = [
  "N_TTY", "N_SLIP", "N_MOUSE", "N_PPP", "N_STRIP", "N_AX25", "N_X25", "N_6PACK", "N_MASC", "N_R3964",
  "N_PROFIBUS_FDL", "N_IRDA", "N_SMSBLOCK", "N_HDLC", "N_SYNC_PPP", "N_HCI", "N_GIGASET_M101", "N_SLCAN",
  "N_PPS", "N_V253", "N_CAIF", "N_GSM0710", "N_TI_WL", "N_TRACESINK", "N_TRACEROUTER", "N_NCI", "N_SPEAKUP",
  "N_NULL",
];

/** c_cc indices by name (x86: index 17 and 18 have none). */
export const ccNames: readonly string[] = [
  "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP", "VSUSP", "VEOL",
  "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
];

/** Sizes of the three structures (kernel layouts). */
export const TERMIO_SIZE = 18, TERMIOS_KSIZE = 36, TERMIOS2_SIZE = 44;
/** struct termio's c_cc length. */
export const NCC = 8;

/** TIOCM* modem lines. */
export const modemFlagNames: NameTable = [
  [0x001, "TIOCM_LE"], [0x002, "TIOCM_DTR"], [0x004, "TIOCM_RTS"], [0x008, "TIOCM_ST"], [0x010, "TIOCM_SR"],
  [0x020, "TIOCM_CTS"], [0x040, "TIOCM_CAR"], [0x080, "TIOCM_RNG"], [0x100, "TIOCM_DSR"], [0x2000, "TIOCM_OUT1"],
  [0x4000, "TIOCM_OUT2"], [0x8000, "TIOCM_LOOP"],
];

/** TCXONC and TCFLSH arguments. */
export const tcxoncNames: readonly string[] = ["TCOOFF", "TCOON", "TCIOFF", "TCION"];
export const tcflshNames: readonly string[] = ["TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"];

/** Input event types and absolute axes (evdev request numbers carry them). */
export const evdevEvNames: NameTable = [
  [0, "EV_SYN"], [1, "EV_KEY"], [2, "EV_REL"], [3, "EV_ABS"], [4, "EV_MSC"], [5, "EV_SW"], [0x11, "EV_LED"],
  [0x12, "EV_SND"], [0x14, "EV_REP"], [0x15, "EV_FF"], [0x16, "EV_PWR"], [0x17, "EV_FF_STATUS"],
];
export const evdevAbsNames: NameTable = [
  [0, "ABS_X"], [1, "ABS_Y"], [2, "ABS_Z"], [3, "ABS_RX"], [4, "ABS_RY"], [5, "ABS_RZ"], [6, "ABS_THROTTLE"],
  [7, "ABS_RUDDER"], [8, "ABS_WHEEL"], [9, "ABS_GAS"], [0xa, "ABS_BRAKE"], [0x10, "ABS_HAT0X"],
  [0x11, "ABS_HAT0Y"], [0x12, "ABS_HAT1X"], [0x13, "ABS_HAT1Y"], [0x14, "ABS_HAT2X"], [0x15, "ABS_HAT2Y"],
  [0x16, "ABS_HAT3X"], [0x17, "ABS_HAT3Y"], [0x18, "ABS_PRESSURE"], [0x19, "ABS_DISTANCE"], [0x1a, "ABS_TILT_X"],
  [0x1b, "ABS_TILT_Y"], [0x1c, "ABS_TOOL_WIDTH"], [0x20, "ABS_VOLUME"], [0x21, "ABS_PROFILE"], [0x28, "ABS_MISC"],
  [0x2e, "ABS_RESERVED"], [0x2f, "ABS_MT_SLOT"], [0x30, "ABS_MT_TOUCH_MAJOR"], [0x31, "ABS_MT_TOUCH_MINOR"],
  [0x32, "ABS_MT_WIDTH_MAJOR"], [0x33, "ABS_MT_WIDTH_MINOR"], [0x34, "ABS_MT_ORIENTATION"],
  [0x35, "ABS_MT_POSITION_X"], [0x36, "ABS_MT_POSITION_Y"], [0x37, "ABS_MT_TOOL_TYPE"], [0x38, "ABS_MT_BLOB_ID"],
  [0x39, "ABS_MT_TRACKING_ID"], [0x3a, "ABS_MT_PRESSURE"], [0x3b, "ABS_MT_DISTANCE"], [0x3c, "ABS_MT_TOOL_X"],
  [0x3d, "ABS_MT_TOOL_Y"],
];

/** MTD OTP modes (OTPSELECT) and V4L2 input types (VIDIOC_ENUMINPUT). */
export const mtdOtpNames: readonly string[] = ["MTD_OTP_OFF", "MTD_OTP_FACTORY", "MTD_OTP_USER"];
export const v4l2InputTypeNames: NameTable = [[1, "V4L2_INPUT_TYPE_TUNER"], [2, "V4L2_INPUT_TYPE_CAMERA"], [3, "V4L2_INPUT_TYPE_TOUCH"]];
