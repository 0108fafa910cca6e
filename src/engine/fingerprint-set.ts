// A set of 64-bit state fingerprints with open addressing, as TLC keeps its seen-states set.
// A 64-bit hash of the state vector is its fingerprint; a collision would merge two distinct
// states, with probability about n^2 / 2^65 (reported by the explorer, as TLC does). Each fingerprint maps to a dense id in insertion order, which the explorer uses
// to index its parent and action arrays.
import { giveBuffer, takeBuffer } from './buffer-pool.js';
import { HASH, hashPair } from './kernel.js';

export { addressOf, HASH, hashDelta, hashDeltaAt, hashPair, hashVector, releaseVector } from './kernel.js';

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

/** An empty table of `words` 32-bit words (reused memory when there is), shared when parallel workers read it. */
function newTable(words: number, shared: boolean): Int32Array {
  return new Int32Array(takeBuffer(words * 4, shared, true));
}

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
    giveBuffer(old.buffer);
    this.table = t;
    this.mask = mask;
  }

  /** Gives the table back for later searches in this thread; the set must not be used after. */
  release(): void {
    giveBuffer(this.table.buffer);
    this.table = new Int32Array(3);
    this.mask = 0;
    this.size = 0;
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
    this.data = new Int32Array(takeBuffer(cap * 4, false));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(takeBuffer(this.data.byteLength * 2, false));
      d.set(this.data);
      giveBuffer(this.data.buffer);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  /** Gives the memory back for later searches in this thread; the vector must not be used after. */
  release(): void {
    giveBuffer(this.data.buffer);
    this.data = new Int32Array(0);
    this.length = 0;
  }
}
