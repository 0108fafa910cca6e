// The explorers' inner loops, in WebAssembly (kernel.wat, embedded as kernel-wasm.ts): fingerprints
// of state vectors and the packing of states into the layer queue. WebAssembly's SIMD reads 16 bytes
// where a JavaScript loop reads one word per iteration (about 1.5 ns a word on these machines), and a
// wide vector changes in a few words per transition.
//
// Its memory is fixed at 7 MiB and never grows, so views on it stay valid. Layout: the result
// (bytes 0-7), two scratch vectors for states that live elsewhere, packed records staged for a
// queue, a block of packed records being read, the positions the last `hashDelta` found changed,
// those the last pack found outside a byte's range, the table of terms (`tabulateTerms`), then
// vectors the explorers hash in place (`hashVector`).
import { KERNEL_WASM } from './kernel-wasm.js';

// (The WebAssembly global is in ES2022's lib only through the DOM types, so its two constructors are declared here.)
const WA = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (m: object, imports: object) => { exports: unknown } } }).WebAssembly;
const wasm = new WA.Instance(new WA.Module(new Uint8Array(Buffer.from(KERNEL_WASM, 'base64'))), {}).exports as {
  memory: { buffer: ArrayBuffer };
  full(p: number, n: number): void;
  delta(p: number, q: number, n: number, lo: number, hi: number, c: number): number;
  pack8(p: number, n: number, d: number, c: number): number;
  unpack8(s: number, n: number, p: number): void;
  tabulate(at: number, n: number): void;
  fill(p: number, q: number, stride: number, count: number, bytes: number): void;
  deltas(p: number, q: number, stride: number, count: number, n: number, lo: number, hi: number, c: number, r: number): void;
};
const MEMORY = wasm.memory.buffer;
const WORDS = new Int32Array(MEMORY);
const BYTES = new Int8Array(MEMORY);
/** The widest state vector (words) the kernel takes. */
export const MAX_WIDTH = 1 << 16;
/** Bytes of the staging area: packed records waiting to be copied into a layer queue's chunk. */
export const STAGE_BYTES = MAX_WIDTH;
const SCRATCH_A = 64;
const SCRATCH_B = SCRATCH_A + MAX_WIDTH * 4;
const STAGE = SCRATCH_B + MAX_WIDTH * 4;
/** Bytes of the block of packed records `unpack` reads from. */
export const BLOCK_BYTES = 1 << 18;
const BLOCK = STAGE + STAGE_BYTES;
/** The byte address of `CHANGED`, for `hashDeltaAt`. */
export const CHANGED_AT = BLOCK + BLOCK_BYTES;
const OUT_OF_RANGE_AT = CHANGED_AT + MAX_WIDTH * 4;
/** Positions whose terms for the values -128..127 the kernel can keep in a table (2 KiB each). */
export const TERM_POSITIONS = 1024;
const TERMS = OUT_OF_RANGE_AT + MAX_WIDTH * 4;
const VECTORS = TERMS + TERM_POSITIONS * 2048;
const wasmFull = wasm.full;
const wasmDelta = wasm.delta;
const wasmPack = wasm.pack8;
const wasmUnpack = wasm.unpack8;
const wasmFill = wasm.fill;
const wasmDeltas = wasm.deltas;

/**
 * The two 32-bit halves of the last fingerprint computed (low, high). A shared buffer instead of a
 * returned pair: the hot loop allocates nothing.
 */
export const HASH = new Int32Array(MEMORY, 0, 2);

function checkWidth(n: number): void {
  if (n > MAX_WIDTH) throw new Error(`a state vector of ${n} words: the explorers take at most ${MAX_WIDTH}`);
}

/**
 * The positions where the last `hashDelta` found the two vectors different, in increasing order
 * (as many as it returned).
 */
export const CHANGED = new Int32Array(MEMORY, CHANGED_AT, MAX_WIDTH);

/** The positions of the words the last `packAt` or `packFrom` found outside -128..127 (as many as it returned). */
export const OUT_OF_RANGE = new Int32Array(MEMORY, OUT_OF_RANGE_AT, MAX_WIDTH);

/** Byte address of `s` in the kernel's memory, copied into a scratch vector when it lives elsewhere. */
function place(s: Int32Array, scratch: number): number {
  if (s.buffer === MEMORY) return s.byteOffset;
  checkWidth(s.length);
  WORDS.set(s, scratch >> 2);
  return scratch;
}

/**
 * Has the kernel keep the terms of the first `n` positions (at most TERM_POSITIONS) for the values
 * -128..127 in a table, where `hashDelta` then looks them up instead of computing them (three
 * dependent multiplies each). Fingerprints do not change; a position beyond the table is computed.
 * Once per width: about 0.5 ms for a hundred positions.
 */
export function tabulateTerms(n: number): void {
  wasm.tabulate(TERMS, Math.min(n, TERM_POSITIONS));
}

/** Both halves of a state's 64-bit fingerprint, in one pass over the vector, into `HASH`. */
export function hashPair(s: Int32Array): void {
  wasmFull(place(s, SCRATCH_A), s.length);
}

/**
 * The fingerprint of `next` into `HASH`, from the fingerprint (a, b) of `prev`, a vector of the same
 * width: only the words that differ are mixed. Returns how many differ; their positions are in
 * `CHANGED`. Fastest when both are `hashVector`s.
 */
export function hashDelta(prev: Int32Array, a: number, b: number, next: Int32Array): number {
  return wasmDelta(place(prev, SCRATCH_A), place(next, SCRATCH_B), next.length, a, b, CHANGED_AT);
}

/** The byte address of a `hashVector` in the kernel's memory, or -1 for a vector held elsewhere. */
export function addressOf(v: Int32Array): number {
  return v.buffer === MEMORY ? v.byteOffset : -1;
}

/**
 * `hashDelta` on two `hashVector`s given by `addressOf`, `n` words each: the hot loop's form. It lists
 * the changed positions at byte address `c`: `CHANGED_AT` (read through `CHANGED`) or a `hashVector`'s.
 */
export function hashDeltaAt(p: number, q: number, n: number, a: number, b: number, c: number): number {
  return wasmDelta(p, q, n, a, b, c);
}

/**
 * Copies the vector at byte address `p` (`bytes` of it, a multiple of 16) to `count` vectors from `q`,
 * `stride` bytes apart: a state into the slots where its successors are then written in place.
 */
export function fillAt(p: number, q: number, stride: number, count: number, bytes: number): void {
  wasmFill(p, q, stride, count, bytes);
}

/**
 * `hashDeltaAt` from the vector at `p` to each of `count` vectors from `q`, `stride` bytes apart, in
 * one call: the positions each changed go to `c`, `c + stride`, ..., and three words per vector to
 * `r`: its fingerprint's two halves and how many words changed.
 */
export function hashDeltasAt(p: number, q: number, stride: number, count: number, n: number, a: number, b: number, c: number, r: number): void {
  wasmDeltas(p, q, stride, count, n, a, b, c, r);
}

/**
 * Packs `s` into one byte per word at byte `offset` of the staging area (records waiting to be
 * copied into a layer queue's chunk, `stageView`). Returns how many words lie outside -128..127
 * (their packed bytes are not the state); their positions are in `OUT_OF_RANGE`, in increasing order.
 */
export function packAt(s: Int32Array, offset: number): number {
  return wasmPack(place(s, SCRATCH_A), s.length, STAGE + offset, OUT_OF_RANGE_AT);
}

/** `packAt` for the `n` words at byte address `p` of the kernel's memory (a `hashVector`, by `addressOf`). */
export function packFrom(p: number, n: number, offset: number): number {
  return wasmPack(p, n, STAGE + offset, OUT_OF_RANGE_AT);
}

/** The first `bytes` bytes of the staging area, as a view (a queue makes each length once). */
export function stageView(bytes: number): Int8Array {
  if (bytes > STAGE_BYTES) throw new Error(`a staging view of ${bytes} bytes: the kernel has ${STAGE_BYTES}`);
  return new Int8Array(MEMORY, STAGE, bytes);
}

/** Copies `bytes` (records of a queue) into the block buffer `unpack` reads from. */
export function loadBlock(bytes: Int8Array): void {
  BYTES.set(bytes, BLOCK);
}

/**
 * Unpacks the record at byte `offset` of the loaded block into `out` (the inverse of `packAt`); `at`:
 * the address of `out` in the kernel's memory when the caller knows it (`addressOf`), else -1.
 */
export function unpack(offset: number, out: Int32Array, at = -1): void {
  const n = out.length;
  if (at >= 0 || out.buffer === MEMORY) {
    wasmUnpack(BLOCK + offset, n, at >= 0 ? at : out.byteOffset);
    return;
  }
  wasmUnpack(BLOCK + offset, n, SCRATCH_A);
  for (let j = 0, o = SCRATCH_A >> 2; j < n; j++) out[j] = WORDS[o + j];
}

// Free vectors by width; a vector dropped without `releaseVector` comes back when collected.
const free = new Map<number, number[]>();
let bump = VECTORS;
const reclaim = new FinalizationRegistry<{ width: number; at: number }>((r) => giveBack(r.width, r.at));
const owned = new WeakMap<Int32Array, { width: number; at: number; token: object }>();
function giveBack(width: number, at: number): void {
  const list = free.get(width) ?? [];
  list.push(at);
  free.set(width, list);
}

/**
 * A state vector of `width` words in the kernel's memory, where `hashDelta` and `unpack` work on it
 * in place (a plain Int32Array once that memory is used up: correct, a little slower).
 */
export function hashVector(width: number): Int32Array {
  const bytes = (width * 4 + 15) & ~15;
  let at = free.get(width)?.pop();
  if (at === undefined) {
    if (bump + bytes > MEMORY.byteLength) return new Int32Array(width);
    at = bump;
    bump += bytes;
  }
  const v = new Int32Array(MEMORY, at, width);
  v.fill(0);
  const token = {};
  owned.set(v, { width, at, token });
  reclaim.register(v, { width, at }, token);
  return v;
}

/** Returns a `hashVector` for reuse (no effect on a plain one). */
export function releaseVector(v: Int32Array): void {
  const o = owned.get(v);
  if (!o) return;
  owned.delete(v);
  reclaim.unregister(o.token);
  giveBack(o.width, o.at);
}
