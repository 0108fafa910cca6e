// The breadth-first layer queue: states back to back in fixed-size chunks, one byte per word.
//
// Nearly every word of every state of these models lies in -128..127, so a state is stored packed
// (kernel.ts, SIMD) in a quarter of its width; the few words outside that range (a bitmap of
// blocks, a sector number) are kept beside it as (position, value) patches, and the record's index
// entry says where. Memory first touched costs more here than the copy itself (about 3 ns a byte on
// these machines), so the chunks are kept: a chunk, once allocated, is reused by the next layer, and
// by the next search in this thread once its queue is released (buffer-pool.ts), and growing never
// copies.
import { giveBuffer, takeBuffer } from './buffer-pool.js';
import { BLOCK_BYTES, OUT_OF_RANGE, STAGE_BYTES, addressOf, hashVector, loadBlock, packAt, packFrom, releaseVector, stageView, unpack } from './kernel.js';

/** States per chunk (a power of two). */
export const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** What a reader needs (a worker thread gets the same over shared memory). */
export interface QueueParts {
  width: number;
  /** Packed records, `width` bytes each. */
  chunks: Int8Array[];
  /** Per record: -1 when its bytes are the state, else where its patches start in `patches`. */
  index: Int32Array[];
  /** Patch lists: a count, then (position, value) pairs; `patchBits` words per chunk. */
  patches: Int32Array[];
  patchBits: number;
}

/** The buffers of a queue's parts, to post to a worker thread (shared queues only). */
export interface QueueBuffers {
  width: number;
  chunks: SharedArrayBuffer[];
  index: SharedArrayBuffer[];
  patches: SharedArrayBuffer[];
  patchBits: number;
}

// A chunk given back by `consumed`.
const GONE8 = new Int8Array(0);
const GONE32 = new Int32Array(0);

// The kernel has one block buffer per thread: the reader that filled it last.
let blockOwner: QueueReader | undefined;
// And one staging area: the queue whose pushed records wait there.
let stageOwner: StateQueue | undefined;

/** Reads states out of a queue, a block of consecutive records per copy into the kernel. */
export class QueueReader {
  private start = 0;
  private end = 0;
  constructor(readonly parts: QueueParts) {}

  static of(b: QueueBuffers): QueueReader {
    return new QueueReader({
      width: b.width,
      chunks: b.chunks.map((x) => new Int8Array(x)),
      index: b.index.map((x) => new Int32Array(x)),
      patches: b.patches.map((x) => new Int32Array(x)),
      patchBits: b.patchBits,
    });
  }

  /**
   * Copies state k into `out` (fastest when `out` is a `hashVector`, and its address `at`, by
   * `addressOf`, is given; -1: not known).
   */
  copyTo(k: number, out: Int32Array, at = -1): void {
    const p = this.parts;
    const w = p.width;
    const c = k >>> CHUNK_BITS;
    const r = k & MASK;
    if (blockOwner !== this || k < this.start || k >= this.end) {
      const per = Math.max(1, Math.min(64, Math.floor(BLOCK_BYTES / Math.max(1, w))));
      const n = Math.min(per, CHUNK - r);
      loadBlock(p.chunks[c].subarray(r * w, (r + n) * w));
      this.start = k;
      this.end = k + n;
      blockOwner = this;
    }
    unpack((k - this.start) * w, out, at);
    const x = p.index[c][r];
    if (x >= 0) {
      const d = p.patches[x >>> p.patchBits];
      const o = x & ((1 << p.patchBits) - 1);
      for (let i = 0, n = d[o]; i < n; i++) out[d[o + 1 + 2 * i]] = d[o + 2 + 2 * i];
    }
  }

  /** Forgets the block it read (the queue was refilled). */
  reset(): void {
    this.start = this.end = 0;
  }
}

export class StateQueue {
  readonly parts: QueueParts;
  count = 0;
  /** Words of the patch store in use. */
  private patched = 0;
  /**
   * The last `staged` records pushed, packed in the kernel's staging area and not yet in their chunk:
   * one copy per run of records (up to a chunk's end), in place of a call per record.
   */
  private staged = 0;
  private readonly stageCap: number;
  /** Per run length, its view of the staging area (made once). */
  private readonly stageViews: Int8Array[] = [];
  private readonly reader: QueueReader;
  private tmp: Int32Array | undefined;
  private tmpAt: number | undefined;
  private readonly chunkBytes: number;
  /** Chunks below this were given back by `consumed`. */
  private gone = 0;

  /** `shared`: in SharedArrayBuffers, for parallel workers to read. */
  constructor(readonly width: number, private readonly shared = false) {
    // A patch chunk holds at least one whole state's patches (a count and a pair per word).
    let patchBits = 16;
    while (1 << patchBits < 1 + 2 * width) patchBits++;
    this.parts = { width, chunks: [], index: [], patches: [], patchBits };
    this.stageCap = Math.max(1, Math.floor(STAGE_BYTES / Math.max(1, width)));
    this.reader = new QueueReader(this.parts);
    this.chunkBytes = Math.max(1, width) * CHUNK;
  }

  push(s: Int32Array): void {
    this.pushAt(s, -1);
  }

  /** `push`, for `s` at byte address `at` of the kernel's memory (`addressOf`; -1: elsewhere). */
  pushAt(s: Int32Array, at: number): void {
    const p = this.parts;
    const c = this.count >>> CHUNK_BITS;
    const r = this.count & MASK;
    if (stageOwner !== this) {
      stageOwner?.flush();
      stageOwner = this;
    }
    // One call site for both flushes: it runs at the queue's first push, so that the compiled loop
    // has its type feedback when the staging area first fills (mid-layer, a path the small layers
    // before never take) and is not deoptimized there.
    if (r === 0 || this.staged === this.stageCap) {
      this.flush();
      if (r === 0) this.chunkFor(c);
    }
    const off = this.staged * this.width;
    const out = at >= 0 ? packFrom(at, this.width, off) : packAt(s, off);
    p.index[c][r] = out === 0 ? -1 : this.patch(s, out);
    this.staged++;
    this.count++;
  }

  /** Copies the staged records into their chunk: before anything reads the queue. */
  flush(): void {
    const m = this.staged;
    if (m === 0) return;
    const first = this.count - m;
    const view = (this.stageViews[m] ??= stageView(m * this.width));
    this.parts.chunks[first >>> CHUNK_BITS].set(view, (first & MASK) * this.width);
    this.staged = 0;
    // A block this queue's reader loaded before may hold these records' old bytes.
    this.reader.reset();
  }

  /** Records the `m` words of `s` the pack found outside -128..127 (`OUT_OF_RANGE`); returns where their list starts. */
  private patch(s: Int32Array, m: number): number {
    const p = this.parts;
    const size = 1 << p.patchBits;
    // A list never straddles two chunks.
    if ((this.patched & (size - 1)) + 1 + 2 * m > size) this.patched = ((this.patched >>> p.patchBits) + 1) << p.patchBits;
    const at = this.patched;
    const k = at >>> p.patchBits;
    if (k === p.patches.length) p.patches.push(new Int32Array(takeBuffer(size * 4, this.shared)));
    const d = p.patches[k];
    let o = at & (size - 1);
    d[o++] = m;
    for (let i = 0; i < m; i++) {
      const j = OUT_OF_RANGE[i];
      d[o++] = j;
      d[o++] = s[j];
    }
    this.patched = at + 1 + 2 * m;
    return at;
  }

  /** Chunk c ready for writing: a new one, or a new buffer where `consumed` gave the old one back. */
  private chunkFor(c: number): void {
    const p = this.parts;
    if (c === p.chunks.length) {
      p.chunks.push(new Int8Array(takeBuffer(this.chunkBytes, this.shared)));
      p.index.push(new Int32Array(takeBuffer(CHUNK * 4, this.shared)));
    } else if (p.chunks[c] === GONE8) {
      p.chunks[c] = new Int8Array(takeBuffer(this.chunkBytes, this.shared));
      p.index[c] = new Int32Array(takeBuffer(CHUNK * 4, this.shared));
    }
  }

  /**
   * States below `k` will not be read again (the search expanded them): their whole chunks go back
   * to the pool now, where the next layer, filling while this one empties, takes them. A search's
   * queues then touch about one layer's worth of fresh memory where two would.
   */
  consumed(k: number): void {
    this.flush();
    const p = this.parts;
    for (let c = this.gone; c < k >>> CHUNK_BITS; c++) {
      giveBuffer(p.chunks[c].buffer);
      giveBuffer(p.index[c].buffer);
      p.chunks[c] = GONE8;
      p.index[c] = GONE32;
    }
    this.gone = Math.max(this.gone, k >>> CHUNK_BITS);
  }

  /** Pushes the state at `offset` of `src`. */
  pushFrom(src: Int32Array, offset: number): void {
    const t = (this.tmp ??= hashVector(this.width));
    for (let j = 0; j < this.width; j++) t[j] = src[offset + j];
    // Packed where it lies in the kernel's memory, not copied there again.
    this.pushAt(t, (this.tmpAt ??= addressOf(t)));
  }

  /** Copies state i into `out` (`at`: as `QueueReader.copyTo`). */
  copyTo(i: number, out: Int32Array, at = -1): void {
    if (this.staged > 0) this.flush();
    this.reader.copyTo(i, out, at);
  }

  /** State i as a new vector (traces and tests). */
  view(i: number): Int32Array {
    const v = new Int32Array(this.width);
    this.copyTo(i, v);
    return v;
  }

  clear(): void {
    // Staged records are dropped with the rest.
    this.staged = 0;
    if (stageOwner === this) stageOwner = undefined;
    this.count = 0;
    this.patched = 0;
    this.gone = 0;
    this.reader.reset();
  }

  /** Gives the chunks back for later searches in this thread; the queue is empty and usable after. */
  release(): void {
    const p = this.parts;
    for (const a of [...p.chunks, ...p.index, ...p.patches]) if (a !== GONE8 && a !== GONE32) giveBuffer(a.buffer);
    p.chunks.length = p.index.length = p.patches.length = 0;
    this.clear();
  }

  /** The buffers, to post to worker threads (shared queues only). */
  buffers(): QueueBuffers {
    this.flush();
    const p = this.parts;
    const sab = (a: { buffer: ArrayBufferLike }): SharedArrayBuffer => a.buffer as SharedArrayBuffer;
    return { width: this.width, chunks: p.chunks.map(sab), index: p.index.map(sab), patches: p.patches.map(sab), patchBits: p.patchBits };
  }

  /** The queue's memory in bytes. */
  get bytes(): number {
    const p = this.parts;
    return p.chunks.length * (this.chunkBytes + CHUNK * 4) + p.patches.length * (1 << p.patchBits) * 4;
  }
}

/** How often `primeQueue` pushes and copies: V8 gives a function its feedback vector only after a few calls. */
const PRIME_RUNS = 64;

/**
 * Runs the queue's rare path on a throwaway queue: states with a word outside -128..127, patched
 * when pushed and patched back when copied. The explorer's loop is compiled with pushes and copies
 * inlined, and a path that never ran has no type feedback: the first state that takes it
 * deoptimizes the whole loop (often 10-20K states into a search), which then runs unoptimized until
 * it is compiled again, 30-100 ms on these machines. Feedback is per function, so one priming
 * serves every queue of the thread; each search primes anyway (about 50 us), in case V8 has since
 * dropped the functions' feedback.
 */
export function primeQueue(): void {
  const q = new StateQueue(1, false);
  const v = hashVector(1);
  for (let i = 0; i < PRIME_RUNS; i++) {
    v[0] = 128 + i;
    q.pushAt(v, addressOf(v));
  }
  for (let i = 0; i < PRIME_RUNS; i++) q.copyTo(i, v, addressOf(v));
  releaseVector(v);
  q.release();
}
