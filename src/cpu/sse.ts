// SSE/SSE2 floating point (addsd, mulsd, cvt*, ucomisd, sqrtsd, ...) lives in sse-fp.ts, which registers its
// handlers with def0F (ext.ts) when imported; decode.ts imports this module.
import "./sse-fp.js";
