// A set of 64-bit state fingerprints with open addressing, as TLC keeps its seen-states set.
// Two independent 32-bit hashes of the state vector form the fingerprint; a collision of both
// would merge two distinct states, with probability about n^2 / 2^65 (reported by the explorer,
// as TLC does). Each fingerprint maps to a dense id in insertion order, which the explorer uses
// to index its parent and action arrays.

const EMPTY = -1;

export function hashState(s: Int32Array, seed: number): number {
  // MurmurHash3-style mixing over 32-bit words: no allocation, no strings.
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** Id of the state's fingerprint, or -1 when absent. */
  get(s: Int32Array): number {
    const a = hashState(s, 0x9747b28c);
    const b = hashState(s, 0x5bd1e995);
    return this.find(a, b);
  }

  /** Inserts the state's fingerprint; returns its new id, or -1 - existingId when present. */
  add(s: Int32Array): number {
    return this.addHashes(hashState(s, 0x9747b28c), hashState(s, 0x5bd1e995));
  }

  addHashes(a: number, b: number): number {
    if ((this.size + 1) * 2 > this.ids.length) this.grow();
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const id = this.ids[i];
      if (id === EMPTY) {
        this.hi[i] = a;
        this.lo[i] = b;
        this.ids[i] = this.size;
        return this.size++;
      }
      if (this.hi[i] === a && this.lo[i] === b) return -1 - id;
      i = (i + 1) & this.mask;
    }
  }

  getHashes(a: number, b: number): number {
    return this.find(a, b);
  }

  private find(a: number, b: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const id = this.ids[i];
      if (id === EMPTY) return -1;
      if (this.hi[i] === a && this.lo[i] === b) return id;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, ids } = this;
    const cap = ids.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    for (let j = 0; j < ids.length; j++) {
      if (ids[j] === EMPTY) continue;
      let i = (hi[j] ^ Math.imul(lo[j], 0x9e3779b1)) & this.mask;
      while (this.ids[i] !== EMPTY) i = (i + 1) & this.mask;
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.ids[i] = ids[j];
    }
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

/** A queue of fixed-size state vectors stored back to back in one growable arena. */
export class StateArena {
  data: Int32Array;
  count = 0;
  constructor(readonly width: number, cap = 1 << 12) {
    this.data = new Int32Array(Math.max(1, width) * cap);
  }
  push(s: Int32Array): void {
    const need = (this.count + 1) * this.width;
    if (need > this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data.set(s, this.count * this.width);
    this.count++;
  }
  view(i: number): Int32Array {
    return this.data.subarray(i * this.width, (i + 1) * this.width);
  }
  clear(): void {
    this.count = 0;
  }
}
