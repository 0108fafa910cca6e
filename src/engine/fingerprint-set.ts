// A set of state fingerprints with open addressing, as TLC keeps its seen-states set. A 64-bit hash
// of the state vector (kernel.ts) is its fingerprint, of which the table keeps 62 bits as the key; a
// collision would merge two distinct states, with probability about n^2 / 2^63 (reported by the
// explorer, as TLC does). A new state's id is its insertion index, which the explorer uses for its
// parent and action arrays.
import { giveBuffer, prefault, takeBuffer } from './buffer-pool.js';
import { HASH, hashPair } from './kernel.js';

/**
 * The largest fill before the table doubles. Linear probing stays short at 0.7 (about 2.2 slots per
 * hit, 6 per miss, mostly within one cache line), and a smaller table is fewer pages to fault in.
 */
const LOAD = 0.7;

/** An empty table of `words` 32-bit words (reused memory when there is), shared when parallel workers read it. */
function newTable(words: number, shared: boolean): Int32Array {
  return new Int32Array(takeBuffer(words * 4, shared, true));
}

/** Slot flags, in the low two bits of a fingerprint's second half (the key is the other 62 bits). */
const SEEN = 1;
/** The fault-free completion from this state succeeds (the liveness memo, check.ts's Completer). */
const DONE = 2;
const KEY = ~3;
const slotOf = (a: number, key: number, mask: number): number => (a ^ Math.imul(key, 0x9e3779b1)) & mask;

/** Whether the search has seen a fingerprint, in a table another thread built (read-only while it is not being written). */
export function hasIn(t: Int32Array, mask: number, a: number, b: number): boolean {
  const key = b & KEY;
  let i = slotOf(a, key, mask);
  for (;;) {
    const o = i << 1;
    const y = t[o + 1];
    if (y === 0) return false;
    if (t[o] === a && (y & KEY) === key) return (y & SEEN) !== 0;
    i = (i + 1) & mask;
  }
}

/**
 * Open addressing with linear probing over one interleaved table: slot i holds a fingerprint's two
 * halves in two consecutive words, so a probe reads one cache line and a slot costs 8 bytes. The low
 * two bits of the second half are flags (an occupied slot is never all zero): SEEN, the search
 * reached the state; DONE, its fault-free completion succeeds. One table serves both, because the
 * states a completion walks through are states the search reaches: a completion ends at the first
 * DONE state, and a state the search meets already DONE needs no completion at all. Ids are not
 * stored: a new state's id is the count of SEEN states before it (insertion order).
 */
export class FingerprintSet {
  private table: Int32Array;
  private mask: number;
  /** SEEN states. */
  size = 0;
  /** Occupied slots (SEEN or DONE or both). */
  private used = 0;
  /** After `addHashes`: whether that state (new or not) is DONE. */
  completed = false;

  /** `shared`: the table lives in a SharedArrayBuffer, for parallel workers to read between writes. */
  constructor(initialCapacity = 1 << 16, private readonly shared = false) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.table = newTable(cap * 2, shared);
    this.mask = cap - 1;
  }

  /** The table and its mask, for `hasIn` in another thread. */
  get snapshot(): { table: Int32Array; mask: number } {
    return { table: this.table, mask: this.mask };
  }

  /** The table's memory in bytes. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Whether the state's fingerprint was seen. */
  has(s: Int32Array): boolean {
    hashPair(s);
    return this.hasHashes(HASH[0], HASH[1]);
  }

  /** Marks the state's fingerprint seen; returns its id (the count before it), or -1 when it was. */
  add(s: Int32Array): number {
    hashPair(s);
    return this.addHashes(HASH[0], HASH[1]);
  }

  /** Empties the set, keeping its table. */
  clear(): void {
    this.table.fill(0);
    this.size = 0;
    this.used = 0;
  }

  /** Grows now, so that `n` more entries fit without a rehash in the middle of a layer. */
  reserve(n: number): void {
    while (this.used + n > LOAD * (this.mask + 1)) this.grow();
  }

  /** Bytes of the next table asked of `prefault` (once per size). */
  private asked = 0;

  /** Has the next table faulted in ahead (buffer-pool.ts) when `n` more entries would need it. */
  prepare(n: number): void {
    const next = (this.mask + 1) * 16;
    if (this.used + n > LOAD * (this.mask + 1) && this.asked !== next) {
      this.asked = next;
      prefault(next);
    }
  }

  /** Where the explorer leaves what its `touchAll` reads came to, so that the compiler keeps the reads. */
  sink = 0;

  /**
   * Reads the home slots of `n` fingerprints in `r`, from word `from` on and `stride` words apart (each
   * its two halves first), so that their cache lines are on their way before `addHashes` wants them.
   * One loop that only loads: with no store or call between the reads, the processor keeps many of
   * their cache misses in flight at once.
   */
  touchAll(r: Int32Array, from: number, n: number, stride: number): number {
    const t = this.table;
    const mask = this.mask;
    let x = 0;
    for (let i = from, end = from + n * stride; i < end; i += stride) x ^= t[(slotOf(r[i], r[i + 1] & KEY, mask) << 1) + 1];
    return x;
  }

  /** Probes for (a, key): the word offset of its slot, or of the empty slot where it belongs. */
  private probe(a: number, key: number): number {
    const t = this.table;
    let i = slotOf(a, key, this.mask);
    for (;;) {
      const o = i << 1;
      const y = t[o + 1];
      if (y === 0 || (t[o] === a && (y & KEY) === key)) return o;
      i = (i + 1) & this.mask;
    }
  }

  addHashes(a: number, b: number): number {
    if (this.used + 1 > LOAD * (this.mask + 1)) this.grow();
    const key = b & KEY;
    const o = this.probe(a, key);
    const t = this.table;
    const y = t[o + 1];
    if (y === 0) {
      t[o] = a;
      t[o + 1] = key | SEEN;
      this.used++;
      this.completed = false;
      return this.size++;
    }
    this.completed = (y & DONE) !== 0;
    if ((y & SEEN) !== 0) return -1;
    t[o + 1] = y | SEEN;
    return this.size++;
  }

  hasHashes(a: number, b: number): boolean {
    return hasIn(this.table, this.mask, a, b);
  }

  /** Whether the completion from this fingerprint's state is known to succeed. */
  isDone(a: number, b: number): boolean {
    return (this.table[this.probe(a, b & KEY) + 1] & DONE) !== 0;
  }

  /** Records that the completion from this fingerprint's state succeeds (seen or not). */
  markDone(a: number, b: number): void {
    if (this.used + 1 > LOAD * (this.mask + 1)) this.grow();
    const key = b & KEY;
    const o = this.probe(a, key);
    const t = this.table;
    if (t[o + 1] === 0) {
      t[o] = a;
      t[o + 1] = key | DONE;
      this.used++;
    } else t[o + 1] |= DONE;
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const t = newTable(cap * 2, this.shared);
    const mask = cap - 1;
    rehash(old, t, mask);
    giveBuffer(old.buffer);
    this.table = t;
    this.mask = mask;
  }

  /** Gives the table back for later searches in this thread; the set must not be used after. */
  release(): void {
    giveBuffer(this.table.buffer);
    this.table = new Int32Array(2);
    this.mask = 0;
    this.size = 0;
    this.used = 0;
  }

  /** Probability that some pair of the seen states' 62-bit keys collided (birthday bound). */
  collisionProbability(): number {
    return (this.size * this.size) / 2 ** 63;
  }
}

/**
 * Moves every entry of `old` into the empty table `t`. A function of its own: the optimizer compiles
 * its loop mid-run (on-stack replacement), and code after such a loop has not run in that compiled
 * form; in `grow` it deoptimized on its first run, and the next growth rehashed unoptimized.
 */
function rehash(old: Int32Array, t: Int32Array, mask: number): void {
  for (let o = 0; o < old.length; o += 2) {
    const y = old[o + 1];
    if (y === 0) continue;
    let i = slotOf(old[o], y & KEY, mask);
    while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
    t[i << 1] = old[o];
    t[(i << 1) + 1] = y;
  }
}

/** A growable Int32 array (parents, actions). */
export class IntVec {
  data: Int32Array;
  length = 0;
  // Small, so that a search's vectors grow within its first few thousand states: growing in the
  // explorer's loop (`ensure`) then has type feedback before the optimizer compiles that loop, where
  // a first growth after it deoptimizes the loop (see `primeQueue`, state-queue.ts).
  constructor(cap = 1 << 10) {
    this.data = new Int32Array(takeBuffer(cap * 4, false));
  }
  /** Bytes of the next buffer asked of `prefault` (once per size). */
  private asked = 0;

  /** Has the next buffer faulted in ahead (buffer-pool.ts) when `n` more values would need it. */
  prepare(n: number): void {
    const next = this.data.byteLength * 2;
    if (this.length + n > this.data.length && this.asked !== next) {
      this.asked = next;
      prefault(next);
    }
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /** Room for `n` more values: then `data[length++] = v` needs no check, up to `n` times. */
  ensure(n: number): void {
    while (this.length + n > this.data.length) this.grow();
  }

  private grow(): void {
    const d = new Int32Array(takeBuffer(this.data.byteLength * 2, false));
    d.set(this.data);
    giveBuffer(this.data.buffer);
    this.data = d;
  }
  /** Gives the memory back for later searches in this thread; the vector must not be used after. */
  release(): void {
    giveBuffer(this.data.buffer);
    this.data = new Int32Array(0);
    this.length = 0;
  }
}
