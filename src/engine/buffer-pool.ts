// Large buffers kept for reuse within a thread. On these machines the first touch of fresh memory
// costs more than the work done in it (about 3 ns a byte: page faults), and verify and the tests run
// hundreds of searches per thread; a search's fingerprint table and queue chunks, given back here
// when it ends, serve the next one already resident.

type Buffer = ArrayBuffer | SharedArrayBuffer;
const pool = new Map<string, Buffer[]>();
let pooled = 0;
/** Bytes this thread keeps at most. */
const LIMIT = 1 << 29;
const keyOf = (bytes: number, shared: boolean): string => `${shared ? 's' : 'p'}${bytes}`;

/**
 * A buffer of exactly `bytes` bytes: zero-filled with `zeroed`, else holding whatever its last user
 * left. (A fresh buffer is zero already, and filling it would fault in every page at once.)
 */
export function takeBuffer(bytes: number, shared: boolean, zeroed = false): Buffer {
  const b = pool.get(keyOf(bytes, shared))?.pop();
  if (b) {
    pooled -= bytes;
    if (zeroed) new Uint8Array(b).fill(0);
    return b;
  }
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** Gives a buffer back (dropped when the pool is full); its giver must not use it again. */
export function giveBuffer(b: Buffer): void {
  if (pooled + b.byteLength > LIMIT) return;
  const k = keyOf(b.byteLength, b instanceof SharedArrayBuffer);
  const list = pool.get(k) ?? [];
  list.push(b);
  pool.set(k, list);
  pooled += b.byteLength;
}
