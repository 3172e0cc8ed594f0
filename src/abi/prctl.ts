/**
 * prctl(2) and arch_prctl(2) constants as strace 6.1 names them: the option numbers, and the
 * values each option's arguments and results take. Flag tables keep the order strace matches
 * them in (a composite such as XFEATURE_MASK_FPSSE before its parts).
 */
import type { NameTable } from "./signatures.js";

// ---- prctl options (the ones the kernel and the tracer refer to by name) ----
export const PR_SET_PDEATHSIG = 1;
export const PR_GET_PDEATHSIG = 2;
export const PR_GET_DUMPABLE = 3;
export const PR_SET_DUMPABLE = 4;
export const PR_GET_UNALIGN = 5;
export const PR_SET_UNALIGN = 6;
export const PR_GET_KEEPCAPS = 7;
export const PR_SET_KEEPCAPS = 8;
export const PR_GET_FPEMU = 9;
export const PR_SET_FPEMU = 10;
export const PR_GET_FPEXC = 11;
export const PR_SET_FPEXC = 12;
export const PR_GET_TIMING = 13;
export const PR_SET_TIMING = 14;
export const PR_SET_NAME = 15;
export const PR_GET_NAME = 16;
export const PR_GET_ENDIAN = 19;
export const PR_SET_ENDIAN = 20;
export const PR_GET_SECCOMP = 21;
export const PR_SET_SECCOMP = 22;
export const PR_CAPBSET_READ = 23;
export const PR_CAPBSET_DROP = 24;
export const PR_GET_TSC = 25;
export const PR_SET_TSC = 26;
export const PR_GET_SECUREBITS = 27;
export const PR_SET_SECUREBITS = 28;
export const PR_SET_TIMERSLACK = 29;
export const PR_GET_TIMERSLACK = 30;
export const PR_TASK_PERF_EVENTS_DISABLE = 31;
export const PR_TASK_PERF_EVENTS_ENABLE = 32;
export const PR_MCE_KILL = 33;
export const PR_MCE_KILL_GET = 34;
export const PR_SET_MM = 35;
export const PR_SET_CHILD_SUBREAPER = 36;
export const PR_GET_CHILD_SUBREAPER = 37;
export const PR_SET_NO_NEW_PRIVS = 38;
export const PR_GET_NO_NEW_PRIVS = 39;
export const PR_GET_TID_ADDRESS = 40;
export const PR_SET_THP_DISABLE = 41;
export const PR_GET_THP_DISABLE = 42;
export const PR_MPX_ENABLE_MANAGEMENT = 43;
export const PR_MPX_DISABLE_MANAGEMENT = 44;
export const PR_SET_FP_MODE = 45;
export const PR_GET_FP_MODE = 46;
export const PR_CAP_AMBIENT = 47;
export const PR_SVE_SET_VL = 50;
export const PR_SVE_GET_VL = 51;
export const PR_GET_SPECULATION_CTRL = 52;
export const PR_SET_SPECULATION_CTRL = 53;
export const PR_PAC_RESET_KEYS = 54;
export const PR_SET_TAGGED_ADDR_CTRL = 55;
export const PR_GET_TAGGED_ADDR_CTRL = 56;
export const PR_SET_IO_FLUSHER = 57;
export const PR_GET_IO_FLUSHER = 58;
export const PR_SET_SYSCALL_USER_DISPATCH = 59;
export const PR_PAC_SET_ENABLED_KEYS = 60;
export const PR_PAC_GET_ENABLED_KEYS = 61;
export const PR_SCHED_CORE = 62;
export const PR_SME_SET_VL = 63;
export const PR_SME_GET_VL = 64;
export const PR_SET_VMA = 0x53564d41;
export const PR_SET_PTRACER = 0x59616d61;

export const prctlOptionNames: NameTable = [
  [PR_SET_PDEATHSIG, "PR_SET_PDEATHSIG"], [PR_GET_PDEATHSIG, "PR_GET_PDEATHSIG"],
  [PR_GET_DUMPABLE, "PR_GET_DUMPABLE"], [PR_SET_DUMPABLE, "PR_SET_DUMPABLE"],
  [PR_GET_UNALIGN, "PR_GET_UNALIGN"], [PR_SET_UNALIGN, "PR_SET_UNALIGN"],
  [PR_GET_KEEPCAPS, "PR_GET_KEEPCAPS"], [PR_SET_KEEPCAPS, "PR_SET_KEEPCAPS"],
  [PR_GET_FPEMU, "PR_GET_FPEMU"], [PR_SET_FPEMU, "PR_SET_FPEMU"],
  [PR_GET_FPEXC, "PR_GET_FPEXC"], [PR_SET_FPEXC, "PR_SET_FPEXC"],
  [PR_GET_TIMING, "PR_GET_TIMING"], [PR_SET_TIMING, "PR_SET_TIMING"],
  [PR_SET_NAME, "PR_SET_NAME"], [PR_GET_NAME, "PR_GET_NAME"],
  [PR_GET_ENDIAN, "PR_GET_ENDIAN"], [PR_SET_ENDIAN, "PR_SET_ENDIAN"],
  [PR_GET_SECCOMP, "PR_GET_SECCOMP"], [PR_SET_SECCOMP, "PR_SET_SECCOMP"],
  [PR_CAPBSET_READ, "PR_CAPBSET_READ"], [PR_CAPBSET_DROP, "PR_CAPBSET_DROP"],
  [PR_GET_TSC, "PR_GET_TSC"], [PR_SET_TSC, "PR_SET_TSC"],
  [PR_GET_SECUREBITS, "PR_GET_SECUREBITS"], [PR_SET_SECUREBITS, "PR_SET_SECUREBITS"],
  [PR_SET_TIMERSLACK, "PR_SET_TIMERSLACK"], [PR_GET_TIMERSLACK, "PR_GET_TIMERSLACK"],
  [PR_TASK_PERF_EVENTS_DISABLE, "PR_TASK_PERF_EVENTS_DISABLE"], [PR_TASK_PERF_EVENTS_ENABLE, "PR_TASK_PERF_EVENTS_ENABLE"],
  [PR_MCE_KILL, "PR_MCE_KILL"], [PR_MCE_KILL_GET, "PR_MCE_KILL_GET"],
  [PR_SET_MM, "PR_SET_MM"],
  [PR_SET_CHILD_SUBREAPER, "PR_SET_CHILD_SUBREAPER"], [PR_GET_CHILD_SUBREAPER, "PR_GET_CHILD_SUBREAPER"],
  [PR_SET_NO_NEW_PRIVS, "PR_SET_NO_NEW_PRIVS"], [PR_GET_NO_NEW_PRIVS, "PR_GET_NO_NEW_PRIVS"],
  [PR_GET_TID_ADDRESS, "PR_GET_TID_ADDRESS"],
  [PR_SET_THP_DISABLE, "PR_SET_THP_DISABLE"], [PR_GET_THP_DISABLE, "PR_GET_THP_DISABLE"],
  [PR_MPX_ENABLE_MANAGEMENT, "PR_MPX_ENABLE_MANAGEMENT"], [PR_MPX_DISABLE_MANAGEMENT, "PR_MPX_DISABLE_MANAGEMENT"],
  [PR_SET_FP_MODE, "PR_SET_FP_MODE"], [PR_GET_FP_MODE, "PR_GET_FP_MODE"],
  [PR_CAP_AMBIENT, "PR_CAP_AMBIENT"],
  [PR_SVE_SET_VL, "PR_SVE_SET_VL"], [PR_SVE_GET_VL, "PR_SVE_GET_VL"],
  [PR_GET_SPECULATION_CTRL, "PR_GET_SPECULATION_CTRL"], [PR_SET_SPECULATION_CTRL, "PR_SET_SPECULATION_CTRL"],
  [PR_PAC_RESET_KEYS, "PR_PAC_RESET_KEYS"],
  [PR_SET_TAGGED_ADDR_CTRL, "PR_SET_TAGGED_ADDR_CTRL"], [PR_GET_TAGGED_ADDR_CTRL, "PR_GET_TAGGED_ADDR_CTRL"],
  [PR_SET_IO_FLUSHER, "PR_SET_IO_FLUSHER"], [PR_GET_IO_FLUSHER, "PR_GET_IO_FLUSHER"],
  [PR_SET_SYSCALL_USER_DISPATCH, "PR_SET_SYSCALL_USER_DISPATCH"],
  [PR_PAC_SET_ENABLED_KEYS, "PR_PAC_SET_ENABLED_KEYS"], [PR_PAC_GET_ENABLED_KEYS, "PR_PAC_GET_ENABLED_KEYS"],
  [PR_SCHED_CORE, "PR_SCHED_CORE"],
  [PR_SME_SET_VL, "PR_SME_SET_VL"], [PR_SME_GET_VL, "PR_SME_GET_VL"],
  [PR_SET_VMA, "PR_SET_VMA"], [PR_SET_PTRACER, "PR_SET_PTRACER"],
];

export const prCapAmbientNames: NameTable = [
  [1, "PR_CAP_AMBIENT_IS_SET"], [2, "PR_CAP_AMBIENT_RAISE"], [3, "PR_CAP_AMBIENT_LOWER"], [4, "PR_CAP_AMBIENT_CLEAR_ALL"],
];
export const suidDumpNames: NameTable = [[0, "SUID_DUMP_DISABLE"], [1, "SUID_DUMP_USER"], [2, "SUID_DUMP_ROOT"]];
export const prFpModeNames: NameTable = [[1, "PR_FP_MODE_FR"], [2, "PR_FP_MODE_FRE"]];
export const prMceKillNames: NameTable = [[0, "PR_MCE_KILL_CLEAR"], [1, "PR_MCE_KILL_SET"]];
export const prMceKillPolicyNames: NameTable = [[0, "PR_MCE_KILL_LATE"], [1, "PR_MCE_KILL_EARLY"], [2, "PR_MCE_KILL_DEFAULT"]];
export const PR_MCE_KILL_DEFAULT = 2;
export const prPacEnabledKeyNames: NameTable = [
  [1, "PR_PAC_APIAKEY"], [2, "PR_PAC_APIBKEY"], [4, "PR_PAC_APDAKEY"], [8, "PR_PAC_APDBKEY"],
];
export const prPacKeyNames: NameTable = [[0x10, "PR_PAC_APGAKEY"]];
export const prSchedCoreCmdNames: NameTable = [
  [0, "PR_SCHED_CORE_GET"], [1, "PR_SCHED_CORE_CREATE"], [2, "PR_SCHED_CORE_SHARE_TO"], [3, "PR_SCHED_CORE_SHARE_FROM"],
];
export const pidTypeNames: NameTable = [[0, "PIDTYPE_PID"], [1, "PIDTYPE_TGID"], [2, "PIDTYPE_PGID"], [3, "PIDTYPE_SID"]];
export const prSetMmNames: NameTable = [
  [1, "PR_SET_MM_START_CODE"], [2, "PR_SET_MM_END_CODE"], [3, "PR_SET_MM_START_DATA"], [4, "PR_SET_MM_END_DATA"],
  [5, "PR_SET_MM_START_STACK"], [6, "PR_SET_MM_START_BRK"], [7, "PR_SET_MM_BRK"], [8, "PR_SET_MM_ARG_START"],
  [9, "PR_SET_MM_ARG_END"], [10, "PR_SET_MM_ENV_START"], [11, "PR_SET_MM_ENV_END"], [12, "PR_SET_MM_AUXV"],
  [13, "PR_SET_MM_EXE_FILE"], [14, "PR_SET_MM_MAP"], [15, "PR_SET_MM_MAP_SIZE"],
];
export const prSetVmaNames: NameTable = [[0, "PR_SET_VMA_ANON_NAME"]];
export const prSmeVlFlagNames: NameTable = [[1 << 18, "PR_SME_SET_VL_ONEXEC"], [1 << 17, "PR_SME_VL_INHERIT"]];
export const prSveVlFlagNames: NameTable = [[1 << 18, "PR_SVE_SET_VL_ONEXEC"], [1 << 17, "PR_SVE_VL_INHERIT"]];
/** The vector length part of PR_SVE_SET_VL / PR_SME_SET_VL's argument. */
export const PR_VL_LEN_MASK = 0xffff;
export const prSpecCmdNames: NameTable = [[0, "PR_SPEC_STORE_BYPASS"], [1, "PR_SPEC_INDIRECT_BRANCH"], [2, "PR_SPEC_L1D_FLUSH"]];
export const prSpecGetFlagNames: NameTable = [
  [0, "PR_SPEC_NOT_AFFECTED"], [1, "PR_SPEC_PRCTL"], [2, "PR_SPEC_ENABLE"], [4, "PR_SPEC_DISABLE"],
  [8, "PR_SPEC_FORCE_DISABLE"], [0x10, "PR_SPEC_DISABLE_NOEXEC"],
];
export const prSpecSetFlagNames: NameTable = [
  [2, "PR_SPEC_ENABLE"], [4, "PR_SPEC_DISABLE"], [8, "PR_SPEC_FORCE_DISABLE"], [0x10, "PR_SPEC_DISABLE_NOEXEC"],
];
export const prSudCmdNames: NameTable = [[0, "PR_SYS_DISPATCH_OFF"], [1, "PR_SYS_DISPATCH_ON"]];
export const prTaggedAddrEnableNames: NameTable = [[0, "!PR_TAGGED_ADDR_ENABLE"], [1, "PR_TAGGED_ADDR_ENABLE"]];
export const prMteTcfNames: NameTable = [[0, "PR_MTE_TCF_NONE"], [2, "PR_MTE_TCF_SYNC"], [4, "PR_MTE_TCF_ASYNC"], [6, "PR_MTE_TCF_MASK"]];
export const PR_TAGGED_ADDR_ENABLE = 1;
export const PR_MTE_TCF_MASK = 6;
export const PR_MTE_TAG_SHIFT = 3;
export const PR_MTE_TAG_MASK = 0xffff << PR_MTE_TAG_SHIFT;
export const prTscNames: NameTable = [[1, "PR_TSC_ENABLE"], [2, "PR_TSC_SIGSEGV"]];
export const prUnalignFlagNames: NameTable = [[1, "PR_UNALIGN_NOPRINT"], [2, "PR_UNALIGN_SIGBUS"]];
export const seccompModeNames: NameTable = [[0, "SECCOMP_MODE_DISABLED"], [1, "SECCOMP_MODE_STRICT"], [2, "SECCOMP_MODE_FILTER"]];
export const secbitNames: NameTable = [
  [0x01, "SECBIT_NOROOT"], [0x02, "SECBIT_NOROOT_LOCKED"], [0x04, "SECBIT_NO_SETUID_FIXUP"],
  [0x08, "SECBIT_NO_SETUID_FIXUP_LOCKED"], [0x10, "SECBIT_KEEP_CAPS"], [0x20, "SECBIT_KEEP_CAPS_LOCKED"],
  [0x40, "SECBIT_NO_CAP_AMBIENT_RAISE"], [0x80, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED"],
];
/** Capabilities by number (CAP_CHOWN is 0). */
export const capNames: NameTable = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
  "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
].map((n, i) => [i, n] as const);
/** The highest capability number Linux knows (CAP_LAST_CAP). */
export const CAP_LAST_CAP = 40;

// ---- arch_prctl codes ----
export const ARCH_SET_GS = 0x1001;
export const ARCH_SET_FS = 0x1002;
export const ARCH_GET_FS = 0x1003;
export const ARCH_GET_GS = 0x1004;
export const ARCH_GET_CPUID = 0x1011;
export const ARCH_SET_CPUID = 0x1012;
export const ARCH_GET_XCOMP_SUPP = 0x1021;
export const ARCH_GET_XCOMP_PERM = 0x1022;
export const ARCH_REQ_XCOMP_PERM = 0x1023;
export const ARCH_GET_XCOMP_GUEST_PERM = 0x1024;
export const ARCH_REQ_XCOMP_GUEST_PERM = 0x1025;

export const archPrctlCodeNames: NameTable = [
  [ARCH_SET_GS, "ARCH_SET_GS"], [ARCH_SET_FS, "ARCH_SET_FS"], [ARCH_GET_FS, "ARCH_GET_FS"], [ARCH_GET_GS, "ARCH_GET_GS"],
  [ARCH_GET_CPUID, "ARCH_GET_CPUID"], [ARCH_SET_CPUID, "ARCH_SET_CPUID"],
  [ARCH_GET_XCOMP_SUPP, "ARCH_GET_XCOMP_SUPP"], [ARCH_GET_XCOMP_PERM, "ARCH_GET_XCOMP_PERM"],
  [ARCH_REQ_XCOMP_PERM, "ARCH_REQ_XCOMP_PERM"], [ARCH_GET_XCOMP_GUEST_PERM, "ARCH_GET_XCOMP_GUEST_PERM"],
  [ARCH_REQ_XCOMP_GUEST_PERM, "ARCH_REQ_XCOMP_GUEST_PERM"],
  [0x2001, "ARCH_MAP_VDSO_X32"], [0x2002, "ARCH_MAP_VDSO_32"], [0x2003, "ARCH_MAP_VDSO_64"],
];

/** XSAVE state components by number (XFEATURE_*); 11-14 and 16 have no name. */
export const xfeatureNames: NameTable = [
  [0, "XFEATURE_FP"], [1, "XFEATURE_SSE"], [2, "XFEATURE_YMM"], [3, "XFEATURE_BNDREGS"], [4, "XFEATURE_BNDCSR"],
  [5, "XFEATURE_OPMASK"], [6, "XFEATURE_ZMM_Hi256"], [7, "XFEATURE_Hi16_ZMM"], [8, "XFEATURE_PT_UNIMPLEMENTED_SO_FAR"],
  [9, "XFEATURE_PKRU"], [10, "XFEATURE_PASID"], [15, "XFEATURE_LBR"], [17, "XFEATURE_XTILE_CFG"],
  [18, "XFEATURE_XTILE_DATA"],
];
/** XSAVE component masks, composites first as strace matches them. */
export const xfeatureMaskNames: NameTable = [
  [0x3, "XFEATURE_MASK_FPSSE"], [0x1, "XFEATURE_MASK_FP"], [0x2, "XFEATURE_MASK_SSE"], [0x4, "XFEATURE_MASK_YMM"],
  [0x8, "XFEATURE_MASK_BNDREGS"], [0x10, "XFEATURE_MASK_BNDCSR"], [0xe0, "XFEATURE_MASK_AVX512"],
  [0x20, "XFEATURE_MASK_OPMASK"], [0x40, "XFEATURE_MASK_ZMM_Hi256"], [0x80, "XFEATURE_MASK_Hi16_ZMM"],
  [0x100, "XFEATURE_MASK_PT"], [0x200, "XFEATURE_MASK_PKRU"], [0x400, "XFEATURE_MASK_PASID"],
  [0x8000, "XFEATURE_MASK_LBR"], [0x60000, "XFEATURE_MASK_XTILE"], [0x20000, "XFEATURE_MASK_XTILE_CFG"],
  [0x40000, "XFEATURE_MASK_XTILE_DATA"],
];

// ---- classic BPF (seccomp filters), as strace spells an instruction ----
export const bpfClassNames: NameTable = [
  [0, "BPF_LD"], [1, "BPF_LDX"], [2, "BPF_ST"], [3, "BPF_STX"], [4, "BPF_ALU"], [5, "BPF_JMP"], [6, "BPF_RET"], [7, "BPF_MISC"],
];
export const bpfSizeNames: NameTable = [[0, "BPF_W"], [0x08, "BPF_H"], [0x10, "BPF_B"], [0x18, "BPF_DW"]];
export const bpfModeNames: NameTable = [
  [0, "BPF_IMM"], [0x20, "BPF_ABS"], [0x40, "BPF_IND"], [0x60, "BPF_MEM"], [0x80, "BPF_LEN"], [0xa0, "BPF_MSH"], [0xc0, "BPF_XADD"],
];
export const bpfSrcNames: NameTable = [[0, "BPF_K"], [0x08, "BPF_X"]];
export const bpfAluOpNames: NameTable = [
  [0, "BPF_ADD"], [0x10, "BPF_SUB"], [0x20, "BPF_MUL"], [0x30, "BPF_DIV"], [0x40, "BPF_OR"], [0x50, "BPF_AND"],
  [0x60, "BPF_LSH"], [0x70, "BPF_RSH"], [0x80, "BPF_NEG"], [0x90, "BPF_MOD"], [0xa0, "BPF_XOR"], [0xb0, "BPF_MOV"],
  [0xc0, "BPF_ARSH"], [0xd0, "BPF_END"],
];
export const bpfJmpOpNames: NameTable = [
  [0, "BPF_JA"], [0x10, "BPF_JEQ"], [0x20, "BPF_JGT"], [0x30, "BPF_JGE"], [0x40, "BPF_JSET"], [0x50, "BPF_JNE"],
  [0x60, "BPF_JSGT"], [0x70, "BPF_JSGE"], [0x80, "BPF_CALL"], [0x90, "BPF_EXIT"], [0xa0, "BPF_JLT"], [0xb0, "BPF_JLE"],
  [0xc0, "BPF_JSLT"], [0xd0, "BPF_JSLE"],
];
export const bpfRvalNames: NameTable = [[0, "BPF_K"], [0x08, "BPF_X"], [0x10, "BPF_A"]];
export const bpfMiscOpNames: NameTable = [[0, "BPF_TAX"], [0x80, "BPF_TXA"]];
export const seccompRetActionNames: NameTable = [
  [0x80000000, "SECCOMP_RET_KILL_PROCESS"], [0, "SECCOMP_RET_KILL_THREAD"], [0x00030000, "SECCOMP_RET_TRAP"],
  [0x00050000, "SECCOMP_RET_ERRNO"], [0x7fc00000, "SECCOMP_RET_USER_NOTIF"], [0x7ff00000, "SECCOMP_RET_TRACE"],
  [0x7ffc0000, "SECCOMP_RET_LOG"], [0x7fff0000, "SECCOMP_RET_ALLOW"],
];
