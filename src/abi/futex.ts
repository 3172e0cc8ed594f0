/**
 * futex(2) constants as strace 6.1 names them: the operation word (command, private flag,
 * realtime clock), the bitset wildcard, and the two halves of FUTEX_WAKE_OP's encoded operation.
 * Also the small flag tables of eventfd2 and sigaltstack's stack_t.
 */
import type { NameTable } from "./signatures.js";

export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;

/** Whole operation words strace has a name for (anything else prints as hex with FUTEX_???). */
export const futexOpNames: NameTable = [
  [0, "FUTEX_WAIT"], [1, "FUTEX_WAKE"], [2, "FUTEX_FD"], [3, "FUTEX_REQUEUE"], [4, "FUTEX_CMP_REQUEUE"],
  [5, "FUTEX_WAKE_OP"], [6, "FUTEX_LOCK_PI"], [7, "FUTEX_UNLOCK_PI"], [8, "FUTEX_TRYLOCK_PI"],
  [9, "FUTEX_WAIT_BITSET"], [10, "FUTEX_WAKE_BITSET"], [11, "FUTEX_WAIT_REQUEUE_PI"],
  [12, "FUTEX_CMP_REQUEUE_PI"], [13, "FUTEX_LOCK_PI2"],
  [128, "FUTEX_WAIT_PRIVATE"], [129, "FUTEX_WAKE_PRIVATE"], [130, "FUTEX_FD|FUTEX_PRIVATE_FLAG"],
  [131, "FUTEX_REQUEUE_PRIVATE"], [132, "FUTEX_CMP_REQUEUE_PRIVATE"], [133, "FUTEX_WAKE_OP_PRIVATE"],
  [134, "FUTEX_LOCK_PI_PRIVATE"], [135, "FUTEX_UNLOCK_PI_PRIVATE"], [136, "FUTEX_TRYLOCK_PI_PRIVATE"],
  [137, "FUTEX_WAIT_BITSET_PRIVATE"], [138, "FUTEX_WAKE_BITSET_PRIVATE"],
  [139, "FUTEX_WAIT_REQUEUE_PI_PRIVATE"], [140, "FUTEX_CMP_REQUEUE_PI_PRIVATE"], [141, "FUTEX_LOCK_PI2_PRIVATE"],
  [256, "FUTEX_WAIT|FUTEX_CLOCK_REALTIME"], [384, "FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME"],
  [265, "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"], [393, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME"],
  [267, "FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME"], [395, "FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME"],
];

export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/** FUTEX_WAKE_OP: the operation (bits 28..30) and the comparison (bits 24..27). */
export const futexWakeOpNames: readonly string[] = ["FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR", "FUTEX_OP_ANDN", "FUTEX_OP_XOR"];
export const futexWakeCmpNames: readonly string[] = ["FUTEX_OP_CMP_EQ", "FUTEX_OP_CMP_NE", "FUTEX_OP_CMP_LT", "FUTEX_OP_CMP_LE", "FUTEX_OP_CMP_GT", "FUTEX_OP_CMP_GE"];

export const efdFlagNames: NameTable = [[1, "EFD_SEMAPHORE"], [0o2000000, "EFD_CLOEXEC"], [0o4000, "EFD_NONBLOCK"]];

export const ssFlagNames: NameTable = [[1, "SS_ONSTACK"], [2, "SS_DISABLE"], [0x80000000, "SS_AUTODISARM"]];
