// Socket facts of Linux x86-64 as plain numbers: families, types, flags, option names and the
// sizes of the address structures. Values from the Linux UAPI headers.

export const AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
/** socket(2)'s type argument: the type in the low bits, these two flags above them. */
export const SOCK_TYPE_MASK = 0xf;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
/** Valid socket types are below this (Linux's SOCK_MAX). */
export const SOCK_MAX = 11;

export const IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_IPV6 = 41;

export const SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;

export const MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_DONTROUTE = 0x4, MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20,
  MSG_DONTWAIT = 0x40, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_MORE = 0x8000,
  MSG_WAITFORONE = 0x10000, MSG_CMSG_CLOEXEC = 0x40000000;

export const SOL_SOCKET = 1;
export const SO_DEBUG = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5, SO_BROADCAST = 6,
  SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_OOBINLINE = 10, SO_NO_CHECK = 11, SO_PRIORITY = 12,
  SO_LINGER = 13, SO_BSDCOMPAT = 14, SO_REUSEPORT = 15, SO_PASSCRED = 16, SO_PEERCRED = 17,
  SO_RCVLOWAT = 18, SO_SNDLOWAT = 19, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21, SO_ACCEPTCONN = 30,
  SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33, SO_PROTOCOL = 38, SO_DOMAIN = 39;

export const TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_CORK = 3, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5, TCP_KEEPCNT = 6;
export const IP_TOS = 1, IP_TTL = 2;
export const IPV6_V6ONLY = 26;

export const SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;

/** struct sockaddr_un: sa_family_t + sun_path[108]. */
export const SOCKADDR_UN_SIZE = 110;
export const UNIX_PATH_MAX = 108;
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
/** struct sockaddr_storage. */
export const SOCKADDR_MAX = 128;

/** struct msghdr offsets (64-bit). */
export const MsghdrLayout = { name: 0, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48, size: 56 } as const;
/** struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type, then data aligned to 8. */
export const CMSG_HDR = 16;
export function cmsgAlign(n: number): number {
  return (n + 7) & ~7;
}

/** Default buffer sizes Linux reports (net.core.[rw]mem_default; TCP's tcp_wmem/tcp_rmem middles). */
export const DEFAULT_BUF = 212992;
export const TCP_DEFAULT_SNDBUF = 16384;
export const TCP_DEFAULT_RCVBUF = 131072;
/** net.core.somaxconn. */
export const SOMAXCONN = 4096;
/** net.unix.max_dgram_qlen. */
export const UNIX_MAX_DGRAM_QLEN = 10;
/** The ephemeral port range (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_LOW = 32768, EPHEMERAL_HIGH = 60999;

// ---- names the tracer prints (strace 6.1's tables, in its order) ----

/** [value, name] pairs: the same shape as signatures.ts's NameTable, kept local to avoid an import cycle. */
type Names = readonly (readonly [number, string])[];

/** MSG_* bits of send/recv flags and msg_flags. */
export const msgFlagNames: Names = [
  [0x1, "MSG_OOB"], [0x2, "MSG_PEEK"], [0x4, "MSG_DONTROUTE"], [0x8, "MSG_CTRUNC"], [0x10, "MSG_PROBE"],
  [0x20, "MSG_TRUNC"], [0x40, "MSG_DONTWAIT"], [0x80, "MSG_EOR"], [0x100, "MSG_WAITALL"], [0x200, "MSG_FIN"],
  [0x400, "MSG_SYN"], [0x800, "MSG_CONFIRM"], [0x1000, "MSG_RST"], [0x2000, "MSG_ERRQUEUE"],
  [0x4000, "MSG_NOSIGNAL"], [0x8000, "MSG_MORE"], [0x10000, "MSG_WAITFORONE"], [0x20000, "MSG_SENDPAGE_NOTLAST"],
  [0x40000, "MSG_BATCH"], [0x80000, "MSG_NO_SHARED_FRAGS"], [0x4000000, "MSG_ZEROCOPY"], [0x20000000, "MSG_FASTOPEN"],
  [0x40000000, "MSG_CMSG_CLOEXEC"], [0x80000000, "MSG_CMSG_COMPAT"],
];
/** shutdown(2)'s how. */
export const shutdownHowNames: Names = [[0, "SHUT_RD"], [1, "SHUT_WR"], [2, "SHUT_RDWR"]];
/** accept4's flags (the socket-type flag bits). */
export const sockTypeFlagNames: Names = [[0x80000, "SOCK_CLOEXEC"], [0x800, "SOCK_NONBLOCK"]];
/** preadv2/pwritev2's RWF_* flags. */
export const rwfFlagNames: Names = [[0x1, "RWF_HIPRI"], [0x2, "RWF_DSYNC"], [0x4, "RWF_SYNC"], [0x8, "RWF_NOWAIT"], [0x10, "RWF_APPEND"]];
/** Socket levels (cmsg_level) and SOL_SOCKET control message types. */
export const solNames: Names = [[0, "SOL_IP"], [1, "SOL_SOCKET"], [6, "SOL_TCP"], [17, "SOL_UDP"], [41, "SOL_IPV6"]];
export const scmNames: Names = [[1, "SCM_RIGHTS"], [2, "SCM_CREDENTIALS"], [3, "SCM_SECURITY"], [29, "SO_TIMESTAMP_OLD"], [35, "SO_TIMESTAMPNS_OLD"], [37, "SO_TIMESTAMPING_OLD"]];
