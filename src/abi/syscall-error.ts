/**
 * Thrown by kernel code (and by copyIn/copyOut/readString in src/mm) to fail the current system
 * call with an errno. The gate catches it and puts -errno in rax. Use for the error paths of
 * handlers where returning -errno directly is awkward (deep inside a path walk, a bad pointer).
 */
export class SyscallError {
  constructor(readonly errno: number) {}
}
