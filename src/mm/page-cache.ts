// The page cache of MAP_SHARED file mappings, as the rest of the kernel sees it.
//
// Every MAP_SHARED mapping of a file with an identity (dev, ino) keeps that file's pages in one
// SharedObject (address-space.ts). Linux has one page cache per file, so read(2) sees a store into
// a shared mapping at once and a store by write(2) shows up in every mapping. sysgate gets the same
// effect without flushing: the filesystem keeps doing its own I/O and asks this module to
//   - lay the cached pages over what it just read (readThroughCache),
//   - copy what it just wrote into the cached pages (writeThroughCache),
//   - drop cached pages past a new end of file (truncateCache), so a later touch raises SIGBUS.
// Written-back copies reach the file on msync / munmap / exit as before.
//
// Cost when no file has a shared mapping: one size check (`pageCacheActive()`); otherwise one Map
// lookup by the file's key.

/** What this module needs from a SharedObject (address-space.ts implements it). */
export interface CachedFilePages {
  /** Copy cached bytes of [off, off + n) into buf[0, n). */
  overlayRead(off: number, buf: Uint8Array, n: number): void;
  /** Copy data (file bytes at off) into the cached pages it touches. */
  applyWrite(off: number, data: Uint8Array): void;
  /** The file is now `size` bytes long (it was `oldSize`). */
  resized(size: number, oldSize: number): void;
}

/** "dev:ino" -> the cached pages of that file (one object per frame pool; usually one). */
const registry = new Map<string, CachedFilePages[]>();

/** The registry key of a file. */
export function fileCacheKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}

/** True when some file has a MAP_SHARED mapping anywhere: the only check on the fast path. */
export function pageCacheActive(): boolean {
  return registry.size !== 0;
}

export function registerCachedFile(key: string, obj: CachedFilePages): void {
  const list = registry.get(key);
  if (list === undefined) registry.set(key, [obj]);
  else if (!list.includes(obj)) list.push(obj);
}

export function unregisterCachedFile(key: string, obj: CachedFilePages): void {
  const list = registry.get(key);
  if (list === undefined) return;
  const i = list.indexOf(obj);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) registry.delete(key);
}

/** The cached pages of a file, or undefined when it has no shared mapping. */
export function cachedFile(key: string): readonly CachedFilePages[] | undefined {
  return registry.get(key);
}

/** After reading n bytes of the file at off into buf: replace them with the cached (newer) bytes. */
export function readThroughCache(key: string, off: number, buf: Uint8Array, n: number): void {
  const list = registry.get(key);
  if (list === undefined || n <= 0) return;
  for (let i = 0; i < list.length; i++) list[i].overlayRead(off, buf, n);
}

/** After writing data to the file at off: bring the cached pages up to date. */
export function writeThroughCache(key: string, off: number, data: Uint8Array): void {
  const list = registry.get(key);
  if (list === undefined || data.length === 0) return;
  for (let i = 0; i < list.length; i++) list[i].applyWrite(off, data);
}

/** After truncate/ftruncate/fallocate changed the size from oldSize to size. */
export function truncateCache(key: string, size: number, oldSize: number): void {
  const list = registry.get(key);
  if (list === undefined) return;
  for (const obj of [...list]) obj.resized(size, oldSize);
}
