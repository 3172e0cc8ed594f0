/**
 * What wait4(WUNTRACED | WCONTINUED) and waitid(WSTOPPED | WCONTINUED) report about a child that
 * stopped or continued (signal.ts records it in the child's ProcessSignalState).
 */
import type { Process } from "./process.js";
import { ProcessState } from "./process.js";

export const WUNTRACED = 2; // = WSTOPPED
export const WCONTINUED = 8;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

export interface JobReport {
  /** wait(2) status word: (sig << 8) | 0x7f for a stop, 0xffff for a continue. */
  status: number;
  /** waitid's si_code and si_status. */
  code: number;
  sigStatus: number;
}

/**
 * The stop or continue of `c` that `options` asks for and that was not reported yet, or null.
 * `consume` clears it (not with WNOWAIT).
 */
export function takeJobReport(c: Process, options: number, consume: boolean): JobReport | null {
  if (c.state !== ProcessState.Alive) return null;
  const st = c.sig;
  if ((options & WUNTRACED) && st.stopReport && st.stopped) {
    if (consume) st.stopReport = false;
    return { status: (st.stopSig << 8) | 0x7f, code: CLD_STOPPED, sigStatus: st.stopSig };
  }
  if ((options & WCONTINUED) && st.contReport) {
    if (consume) st.contReport = false;
    return { status: 0xffff, code: CLD_CONTINUED, sigStatus: 18 };
  }
  return null;
}
