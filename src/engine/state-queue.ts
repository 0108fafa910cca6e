// The breadth-first layer queue: states back to back in fixed-size chunks, one byte per word.
//
// Every word of nearly every state of these models lies in -128..127, so a state is stored packed
// (kernel.ts, SIMD) in a quarter of its width; a state with a wider word goes into an overflow store
// of 16-bit words (a bitmap of blocks, a sector number), or whole when even that is too narrow, and
// the record's index entry says where. Memory first touched costs more here
// than the copy itself (about 3 ns a byte on these machines), so the chunks are kept: a chunk, once
// allocated, is reused by the next layer, and by the next search in this thread once its queue is
// released (buffer-pool.ts), and growing never copies.
import { giveBuffer, takeBuffer } from './buffer-pool.js';
import { BLOCK_BYTES, hashVector, loadBlock, pack, pack16, packed16View, packedView, unpack } from './kernel.js';

/** States per chunk (a power of two). */
export const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** What a reader needs (a worker thread gets the same over shared memory). */
export interface QueueParts {
  width: number;
  /** Packed records, `width` bytes each. */
  chunks: Int8Array[];
  /** Per record: -1 when packed in a byte per word, x >= 0 for index x in `half`, -2 - y for index y in `wide`. */
  index: Int32Array[];
  /** States that fit 16 bits per word and not 8. */
  half: Int16Array[];
  /** States that did not pack, whole. */
  wide: Int32Array[];
}

/** The buffers of a queue's parts, to post to a worker thread (shared queues only). */
export interface QueueBuffers {
  width: number;
  chunks: SharedArrayBuffer[];
  index: SharedArrayBuffer[];
  half: SharedArrayBuffer[];
  wide: SharedArrayBuffer[];
}

// A chunk given back by `consumed`.
const GONE8 = new Int8Array(0);
const GONE32 = new Int32Array(0);

// The kernel has one block buffer per thread: the reader that filled it last.
let blockOwner: QueueReader | undefined;

/** Reads states out of a queue, a block of consecutive records per copy into the kernel. */
export class QueueReader {
  private start = 0;
  private end = 0;
  constructor(readonly parts: QueueParts) {}

  static of(b: QueueBuffers): QueueReader {
    return new QueueReader({ width: b.width, chunks: b.chunks.map((x) => new Int8Array(x)), index: b.index.map((x) => new Int32Array(x)), half: b.half.map((x) => new Int16Array(x)), wide: b.wide.map((x) => new Int32Array(x)) });
  }

  /** Copies state k into `out` (fastest when `out` is a `hashVector`). */
  copyTo(k: number, out: Int32Array): void {
    const p = this.parts;
    const w = p.width;
    const c = k >>> CHUNK_BITS;
    const r = k & MASK;
    const x = p.index[c][r];
    if (x >= 0) {
      const d = p.half[x >>> CHUNK_BITS];
      for (let j = 0, o = (x & MASK) * w; j < w; j++) out[j] = d[o + j];
      return;
    }
    if (x < -1) {
      const y = -2 - x;
      const d = p.wide[y >>> CHUNK_BITS];
      for (let j = 0, o = (y & MASK) * w; j < w; j++) out[j] = d[o + j];
      return;
    }
    if (blockOwner !== this || k < this.start || k >= this.end) {
      const per = Math.max(1, Math.min(64, Math.floor(BLOCK_BYTES / Math.max(1, w))));
      const n = Math.min(per, CHUNK - r);
      loadBlock(p.chunks[c].subarray(r * w, (r + n) * w));
      this.start = k;
      this.end = k + n;
      blockOwner = this;
    }
    unpack((k - this.start) * w, out);
  }

  /** Forgets the block it read (the queue was refilled). */
  reset(): void {
    this.start = this.end = 0;
  }
}

export class StateQueue {
  readonly parts: QueueParts;
  count = 0;
  private halfCount = 0;
  private wideCount = 0;
  private readonly packed: Int8Array;
  private readonly packed16: Int16Array;
  private readonly reader: QueueReader;
  private tmp: Int32Array | undefined;
  private readonly chunkBytes: number;
  /** Chunks below this were given back by `consumed`. */
  private gone = 0;

  /** `shared`: in SharedArrayBuffers, for parallel workers to read. */
  constructor(readonly width: number, private readonly shared = false) {
    this.parts = { width, chunks: [], index: [], half: [], wide: [] };
    this.packed = packedView(width);
    this.packed16 = packed16View(width);
    this.reader = new QueueReader(this.parts);
    this.chunkBytes = Math.max(1, width) * CHUNK;
  }

  push(s: Int32Array): void {
    const p = this.parts;
    const c = this.count >>> CHUNK_BITS;
    const r = this.count & MASK;
    if (r === 0) this.chunkFor(c);
    if (pack(s)) {
      p.chunks[c].set(this.packed, r * this.width);
      p.index[c][r] = -1;
    } else if (pack16(s)) {
      const x = this.halfCount++;
      if (x >>> CHUNK_BITS === p.half.length) p.half.push(new Int16Array(takeBuffer(this.chunkBytes * 2, this.shared)));
      p.half[x >>> CHUNK_BITS].set(this.packed16, (x & MASK) * this.width);
      p.index[c][r] = x;
    } else {
      const y = this.wideCount++;
      if (y >>> CHUNK_BITS === p.wide.length) p.wide.push(new Int32Array(takeBuffer(this.chunkBytes * 4, this.shared)));
      p.wide[y >>> CHUNK_BITS].set(s, (y & MASK) * this.width);
      p.index[c][r] = -2 - y;
    }
    this.count++;
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
    this.push(t);
  }

  /** Copies state i into `out`. */
  copyTo(i: number, out: Int32Array): void {
    this.reader.copyTo(i, out);
  }

  /** State i as a new vector (traces and tests). */
  view(i: number): Int32Array {
    const v = new Int32Array(this.width);
    this.copyTo(i, v);
    return v;
  }

  clear(): void {
    this.count = 0;
    this.halfCount = 0;
    this.wideCount = 0;
    this.gone = 0;
    this.reader.reset();
  }

  /** Gives the chunks back for later searches in this thread; the queue is empty and usable after. */
  release(): void {
    const p = this.parts;
    for (const a of [...p.chunks, ...p.index, ...p.half, ...p.wide]) if (a !== GONE8 && a !== GONE32) giveBuffer(a.buffer);
    p.chunks.length = p.index.length = p.half.length = p.wide.length = 0;
    this.clear();
  }

  /** The buffers, to post to worker threads (shared queues only). */
  buffers(): QueueBuffers {
    const p = this.parts;
    const sab = (a: { buffer: ArrayBufferLike }): SharedArrayBuffer => a.buffer as SharedArrayBuffer;
    return { width: this.width, chunks: p.chunks.map(sab), index: p.index.map(sab), half: p.half.map(sab), wide: p.wide.map(sab) };
  }

  /** The queue's memory in bytes. */
  get bytes(): number {
    const p = this.parts;
    return p.chunks.length * (this.chunkBytes + CHUNK * 4) + p.half.length * this.chunkBytes * 2 + p.wide.length * this.chunkBytes * 4;
  }
}
