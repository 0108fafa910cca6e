// A set of 64-bit state fingerprints with open addressing, as TLC keeps its seen-states set.
// Two independent 32-bit hashes of the state vector form the fingerprint; a collision of both
// would merge two distinct states, with probability about n^2 / 2^65 (reported by the explorer,
// as TLC does). Each fingerprint maps to a dense id in insertion order, which the explorer uses
// to index its parent and action arrays.

/**
 * The two 32-bit halves of the last fingerprint `hashPair` computed. A shared buffer instead of a
 * returned pair: the hot loop allocates nothing.
 */
export const HASH = new Int32Array(2);

/**
 * Both halves of a state's 64-bit fingerprint in one pass over the vector: two MurmurHash3-style
 * lanes with different constants and seeds, each word read once.
 */
export function hashPair(s: Int32Array): void {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x5bd1e995 | 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const w = s[i];
    let k1 = Math.imul(w, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(w, 0x85ebca77);
    k2 = (k2 << 13) | (k2 >>> 19);
    h2 ^= Math.imul(k2, 0xc2b2ae3d);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 5) + 0x52dce729) | 0;
  }
  h1 ^= n;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  HASH[0] = h1 ^ (h1 >>> 16);
  h2 ^= n;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  h2 = Math.imul(h2, 0x297a2d39);
  HASH[1] = h2 ^ (h2 >>> 15);
}

/**
 * Open addressing with linear probing over one interleaved table: slot i holds the fingerprint's
 * two halves and id + 1 (0: empty) in three consecutive words, so a probe reads one cache line
 * where three parallel arrays read three.
 */
/**
 * The largest fill before the table doubles. Linear probing stays short at 0.7 (about 2.2 slots per
 * hit, 6 per miss, mostly within one cache line), and a smaller table is fewer pages to fault in.
 */
const LOAD = 0.7;

/** A typed table of `words` 32-bit words, in shared memory when parallel workers read it. */
const newTable = (words: number, shared: boolean): Int32Array => (shared ? new Int32Array(new SharedArrayBuffer(words * 4)) : new Int32Array(words));

/** Lookup in a table another thread built (read-only while it is not being written): the id, or -1. */
export function findIn(t: Int32Array, mask: number, a: number, b: number): number {
  let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
  for (;;) {
    const o = i * 3;
    const id = t[o + 2];
    if (id === 0) return -1;
    if (t[o] === a && t[o + 1] === b) return id - 1;
    i = (i + 1) & mask;
  }
}

export class FingerprintSet {
  private table: Int32Array;
  private mask: number;
  size = 0;

  /** `shared`: the table lives in a SharedArrayBuffer, for parallel workers to read between writes. */
  constructor(initialCapacity = 1 << 16, private readonly shared = false) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.table = newTable(cap * 3, shared);
    this.mask = cap - 1;
  }

  /** The table and its mask, for `findIn` in another thread. */
  get snapshot(): { table: Int32Array; mask: number } {
    return { table: this.table, mask: this.mask };
  }

  /** The table's memory in bytes. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Id of the state's fingerprint, or -1 when absent. */
  get(s: Int32Array): number {
    hashPair(s);
    return this.find(HASH[0], HASH[1]);
  }

  /** Inserts the state's fingerprint; returns its new id, or -1 - existingId when present. */
  add(s: Int32Array): number {
    hashPair(s);
    return this.addHashes(HASH[0], HASH[1]);
  }

  /** Empties the set, keeping its table. */
  clear(): void {
    this.table.fill(0);
    this.size = 0;
  }

  /** Grows now, so that `n` entries fit without a rehash in the middle of a layer. */
  reserve(n: number): void {
    while (n > LOAD * (this.mask + 1)) this.grow();
  }

  addHashes(a: number, b: number): number {
    if (this.size + 1 > LOAD * (this.mask + 1)) this.grow();
    const t = this.table;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const o = i * 3;
      const id = t[o + 2];
      if (id === 0) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = this.size + 1;
        return this.size++;
      }
      if (t[o] === a && t[o + 1] === b) return -id;
      i = (i + 1) & this.mask;
    }
  }

  getHashes(a: number, b: number): number {
    return this.find(a, b);
  }

  private find(a: number, b: number): number {
    return findIn(this.table, this.mask, a, b);
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const t = newTable(cap * 3, this.shared);
    const mask = cap - 1;
    for (let o = 0; o < old.length; o += 3) {
      if (old[o + 2] === 0) continue;
      let i = (old[o] ^ Math.imul(old[o + 1], 0x9e3779b1)) & mask;
      while (t[i * 3 + 2] !== 0) i = (i + 1) & mask;
      t[i * 3] = old[o];
      t[i * 3 + 1] = old[o + 1];
      t[i * 3 + 2] = old[o + 2];
    }
    this.table = t;
    this.mask = mask;
  }

  /** Probability that some pair of the stored fingerprints collided (birthday bound, 64 bits). */
  collisionProbability(): number {
    return (this.size * this.size) / 2 ** 65;
  }
}

/** A growable Int32 array (parents, actions). */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(cap = 1 << 16) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

/** Above this many words, pushing a whole vector by memcpy (`set`, no view needed) beats a loop. */
const WIDE = 48;
/** States per arena chunk (a power of two). */
export const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A queue of fixed-size state vectors, back to back in fixed-size chunks. A chunk, once allocated,
 * is kept and reused by the next layer: growing never copies, and a layer no larger than an earlier
 * one allocates nothing (large typed arrays are slow to allocate: each one is zero-filled, counted
 * as external memory, and pushes V8 towards a full collection).
 */
export class StateArena {
  readonly chunks: Int32Array[] = [];
  count = 0;
  /** `shared`: chunks in SharedArrayBuffers, for parallel workers to read. */
  constructor(readonly width: number, private readonly shared = false) {}
  push(s: Int32Array): void {
    const c = this.count >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(newTable(Math.max(1, this.width) * CHUNK, this.shared));
    const d = this.chunks[c];
    const w = this.width;
    const o = (this.count & (CHUNK - 1)) * w;
    if (w > WIDE) d.set(s, o);
    else for (let j = 0; j < w; j++) d[o + j] = s[j];
    this.count++;
  }
  /** Pushes the state at `offset` of `src`. */
  pushFrom(src: Int32Array, offset: number): void {
    const c = this.count >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(newTable(Math.max(1, this.width) * CHUNK, this.shared));
    const d = this.chunks[c];
    const w = this.width;
    for (let j = 0, o = (this.count & (CHUNK - 1)) * w; j < w; j++) d[o + j] = src[offset + j];
    this.count++;
  }
  /** State i as a view (allocates; traces and tests only). */
  view(i: number): Int32Array {
    const o = (i & (CHUNK - 1)) * this.width;
    return this.chunks[i >>> CHUNK_BITS].subarray(o, o + this.width);
  }
  /** Copies state i into `out`, by a loop: a memcpy would need a view allocated per state. */
  copyTo(i: number, out: Int32Array): void {
    const d = this.chunks[i >>> CHUNK_BITS];
    const w = this.width;
    for (let j = 0, o = (i & (CHUNK - 1)) * w; j < w; j++) out[j] = d[o + j];
  }
  clear(): void {
    this.count = 0;
  }
  /** The arena's memory in bytes. */
  get bytes(): number {
    return this.chunks.length * CHUNK * this.width * 4;
  }
}
