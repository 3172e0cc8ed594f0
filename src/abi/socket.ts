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
/** Address families (socket's domain, sa_family). */
export const addressFamilyNames: Names = [
  [0, "AF_UNSPEC"], [1, "AF_UNIX"], [2, "AF_INET"], [3, "AF_AX25"], [4, "AF_IPX"], [5, "AF_APPLETALK"], [6, "AF_NETROM"],
  [7, "AF_BRIDGE"], [8, "AF_ATMPVC"], [9, "AF_X25"], [10, "AF_INET6"], [11, "AF_ROSE"], [12, "AF_DECnet"], [13, "AF_NETBEUI"],
  [14, "AF_SECURITY"], [15, "AF_KEY"], [16, "AF_NETLINK"], [17, "AF_PACKET"], [18, "AF_ASH"], [19, "AF_ECONET"],
  [20, "AF_ATMSVC"], [21, "AF_RDS"], [22, "AF_SNA"], [23, "AF_IRDA"], [24, "AF_PPPOX"], [25, "AF_WANPIPE"], [26, "AF_LLC"],
  [27, "AF_IB"], [28, "AF_MPLS"], [29, "AF_CAN"], [30, "AF_TIPC"], [31, "AF_BLUETOOTH"], [32, "AF_IUCV"], [33, "AF_RXRPC"],
  [34, "AF_ISDN"], [35, "AF_PHONET"], [36, "AF_IEEE802154"], [37, "AF_CAIF"], [38, "AF_ALG"], [39, "AF_NFC"], [40, "AF_VSOCK"],
  [41, "AF_KCM"], [42, "AF_QIPCRTR"], [43, "AF_SMC"], [44, "AF_XDP"], [45, "AF_MCTP"],
];
/** Socket types (the low bits of socket's type). */
export const socketTypeNames: Names = [
  [1, "SOCK_STREAM"], [2, "SOCK_DGRAM"], [3, "SOCK_RAW"], [4, "SOCK_RDM"], [5, "SOCK_SEQPACKET"], [6, "SOCK_DCCP"], [10, "SOCK_PACKET"],
];
/** IP protocol numbers (socket's protocol for AF_INET/AF_INET6). */
export const ipProtocolNames: Names = [
  [0, "IPPROTO_IP"], [1, "IPPROTO_ICMP"], [2, "IPPROTO_IGMP"], [4, "IPPROTO_IPIP"], [6, "IPPROTO_TCP"], [8, "IPPROTO_EGP"],
  [12, "IPPROTO_PUP"], [17, "IPPROTO_UDP"], [22, "IPPROTO_IDP"], [29, "IPPROTO_TP"], [33, "IPPROTO_DCCP"], [41, "IPPROTO_IPV6"],
  [43, "IPPROTO_ROUTING"], [44, "IPPROTO_FRAGMENT"], [46, "IPPROTO_RSVP"], [47, "IPPROTO_GRE"], [50, "IPPROTO_ESP"],
  [51, "IPPROTO_AH"], [58, "IPPROTO_ICMPV6"], [59, "IPPROTO_NONE"], [60, "IPPROTO_DSTOPTS"], [92, "IPPROTO_MTP"],
  [94, "IPPROTO_BEETPH"], [98, "IPPROTO_ENCAP"], [103, "IPPROTO_PIM"], [108, "IPPROTO_COMP"], [115, "IPPROTO_L2TP"],
  [132, "IPPROTO_SCTP"], [135, "IPPROTO_MH"], [136, "IPPROTO_UDPLITE"], [137, "IPPROTO_MPLS"], [143, "IPPROTO_ETHERNET"],
  [255, "IPPROTO_RAW"], [262, "IPPROTO_MPTCP"],
];
/** Socket option levels (setsockopt/getsockopt's level). */
export const sockLevelNames: Names = [
  [0, "SOL_IP"], [1, "SOL_SOCKET"], [6, "SOL_TCP"], [17, "SOL_UDP"], [40, "AF_VSOCK"], [41, "SOL_IPV6"], [58, "SOL_ICMPV6"],
  [132, "SOL_SCTP"], [136, "SOL_UDPLITE"], [255, "SOL_RAW"], [263, "SOL_PACKET"], [270, "SOL_NETLINK"], [282, "SOL_TLS"],
];
/** SOL_SOCKET option names (x86-64 values); getsockopt calls 26 SO_GET_FILTER. */
export const soOptionNames: Names = [
  [1, "SO_DEBUG"], [2, "SO_REUSEADDR"], [3, "SO_TYPE"], [4, "SO_ERROR"], [5, "SO_DONTROUTE"], [6, "SO_BROADCAST"],
  [7, "SO_SNDBUF"], [8, "SO_RCVBUF"], [9, "SO_KEEPALIVE"], [10, "SO_OOBINLINE"], [11, "SO_NO_CHECK"], [12, "SO_PRIORITY"],
  [13, "SO_LINGER"], [14, "SO_BSDCOMPAT"], [15, "SO_REUSEPORT"], [16, "SO_PASSCRED"], [17, "SO_PEERCRED"],
  [18, "SO_RCVLOWAT"], [19, "SO_SNDLOWAT"], [20, "SO_RCVTIMEO_OLD"], [21, "SO_SNDTIMEO_OLD"],
  [22, "SO_SECURITY_AUTHENTICATION"], [23, "SO_SECURITY_ENCRYPTION_TRANSPORT"], [24, "SO_SECURITY_ENCRYPTION_NETWORK"],
  [25, "SO_BINDTODEVICE"], [26, "SO_ATTACH_FILTER"], [27, "SO_DETACH_FILTER"], [28, "SO_PEERNAME"], [29, "SO_TIMESTAMP_OLD"],
  [30, "SO_ACCEPTCONN"], [31, "SO_PEERSEC"], [32, "SO_SNDBUFFORCE"], [33, "SO_RCVBUFFORCE"], [34, "SO_PASSSEC"],
  [35, "SO_TIMESTAMPNS_OLD"], [36, "SO_MARK"], [37, "SO_TIMESTAMPING_OLD"], [38, "SO_PROTOCOL"], [39, "SO_DOMAIN"],
  [40, "SO_RXQ_OVFL"], [41, "SO_WIFI_STATUS"], [42, "SO_PEEK_OFF"], [43, "SO_NOFCS"], [44, "SO_LOCK_FILTER"],
  [45, "SO_SELECT_ERR_QUEUE"], [46, "SO_BUSY_POLL"], [47, "SO_MAX_PACING_RATE"], [48, "SO_BPF_EXTENSIONS"],
  [49, "SO_INCOMING_CPU"], [50, "SO_ATTACH_BPF"], [51, "SO_ATTACH_REUSEPORT_CBPF"], [52, "SO_ATTACH_REUSEPORT_EBPF"],
  [53, "SO_CNX_ADVICE"], [55, "SO_MEMINFO"], [56, "SO_INCOMING_NAPI_ID"], [57, "SO_COOKIE"], [59, "SO_PEERGROUPS"],
  [60, "SO_ZEROCOPY"], [61, "SO_TXTIME"], [62, "SO_BINDTOIFINDEX"], [63, "SO_TIMESTAMP_NEW"], [64, "SO_TIMESTAMPNS_NEW"],
  [65, "SO_TIMESTAMPING_NEW"], [66, "SO_RCVTIMEO_NEW"], [67, "SO_SNDTIMEO_NEW"], [68, "SO_DETACH_REUSEPORT_BPF"],
  [69, "SO_PREFER_BUSY_POLL"], [70, "SO_BUSY_POLL_BUDGET"], [71, "SO_NETNS_COOKIE"], [72, "SO_BUF_LOCK"],
  [73, "SO_RESERVE_MEM"], [74, "SO_TXREHASH"], [75, "SO_RCVMARK"],
];
/** SOL_TCP option names. */
export const tcpOptionNames: Names = [
  [1, "TCP_NODELAY"], [2, "TCP_MAXSEG"], [3, "TCP_CORK"], [4, "TCP_KEEPIDLE"], [5, "TCP_KEEPINTVL"], [6, "TCP_KEEPCNT"],
  [7, "TCP_SYNCNT"], [8, "TCP_LINGER2"], [9, "TCP_DEFER_ACCEPT"], [10, "TCP_WINDOW_CLAMP"], [11, "TCP_INFO"],
  [12, "TCP_QUICKACK"], [13, "TCP_CONGESTION"], [14, "TCP_MD5SIG"], [18, "TCP_USER_TIMEOUT"], [23, "TCP_FASTOPEN"],
  [25, "TCP_NOTSENT_LOWAT"], [30, "TCP_FASTOPEN_CONNECT"], [31, "TCP_ULP"], [36, "TCP_INQ"],
];
/** SOL_IP option names (the common ones). */
export const ipOptionNames: Names = [
  [1, "IP_TOS"], [2, "IP_TTL"], [3, "IP_HDRINCL"], [4, "IP_OPTIONS"], [6, "IP_RECVOPTS"], [7, "IP_RETOPTS"], [8, "IP_PKTINFO"],
  [10, "IP_MTU_DISCOVER"], [11, "IP_RECVERR"], [12, "IP_RECVTTL"], [13, "IP_RECVTOS"], [14, "IP_MTU"], [15, "IP_FREEBIND"],
  [19, "IP_TRANSPARENT"], [24, "IP_BIND_ADDRESS_NO_PORT"], [32, "IP_MULTICAST_IF"], [33, "IP_MULTICAST_TTL"],
  [34, "IP_MULTICAST_LOOP"], [35, "IP_ADD_MEMBERSHIP"], [36, "IP_DROP_MEMBERSHIP"],
];
/** SOL_IPV6 option names (the common ones). */
export const ipv6OptionNames: Names = [
  [16, "IPV6_UNICAST_HOPS"], [17, "IPV6_MULTICAST_IF"], [18, "IPV6_MULTICAST_HOPS"], [19, "IPV6_MULTICAST_LOOP"],
  [20, "IPV6_ADD_MEMBERSHIP"], [21, "IPV6_DROP_MEMBERSHIP"], [23, "IPV6_MTU_DISCOVER"], [24, "IPV6_MTU"], [25, "IPV6_RECVERR"],
  [26, "IPV6_V6ONLY"], [49, "IPV6_RECVPKTINFO"], [50, "IPV6_PKTINFO"], [67, "IPV6_TCLASS"],
];
