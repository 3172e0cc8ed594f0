// SSE/SSE2 floating point (addsd, mulsd, cvt*, ucomisd, sqrtsd, ...): to be filled in by the FP engineer.
// Register handlers with def0F(opcode, Pfx.X, Form.Y, handler) from ext.ts; see docs/cpu.md.
// Until then these opcodes decode to #UD.
export {};
// The FP engineer's SSE/SSE2 floating-point handlers register themselves from sse-fp.ts.
import "./sse-fp.js";
