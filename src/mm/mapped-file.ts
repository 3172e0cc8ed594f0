/**
 * What mmap needs from an open file: its size, positioned reads, optionally positioned writes (a
 * MAP_SHARED writable mapping needs writeAt; without it PROT_WRITE on a shared mapping is EACCES),
 * and its identity for /proc/PID/maps. The VFS's OpenFile provides one for regular files.
 */
export interface MappedFile {
  size(): number;
  /** Read up to buf.length bytes at offset; returns the count (short at end of file). */
  readAt(offset: number, buf: Uint8Array): number;
  writeAt?(offset: number, buf: Uint8Array): number;
  dev: number;
  ino: number;
  path: string;
  /** Called once when no mapping uses this MappedFile any more (drops the open file's hold). */
  release?(): void;
}

/** A MappedFile over bytes already in memory (an executable image, a test fixture). */
export class BytesFile implements MappedFile {
  constructor(
    private readonly data: Uint8Array,
    readonly path: string,
    readonly dev = 0,
    readonly ino = 0,
  ) {}
  size(): number {
    return this.data.length;
  }
  readAt(offset: number, buf: Uint8Array): number {
    if (offset >= this.data.length) return 0;
    const n = Math.min(buf.length, this.data.length - offset);
    buf.set(this.data.subarray(offset, offset + n));
    return n;
  }
}
