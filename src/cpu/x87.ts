// x87 (D8..DF escapes): to be filled in by the FP engineer via setX87Decoder() from ext.ts; see docs/cpu.md.
// Until then every x87 instruction decodes to #UD.
export {};
