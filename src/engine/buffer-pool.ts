// Large buffers kept for reuse within a thread. On these machines the first touch of fresh memory
// costs more than the work done in it (about 3 ns a byte: page faults), and verify and the tests run
// hundreds of searches per thread; a search's fingerprint table and queue chunks, given back here
// when it ends, serve the next one already resident.
//
// Memory a search needs for the first time (its table, parent arrays and queue outgrowing what it
// had) is faulted in ahead by a helper thread: a search asks for a buffer it will want soon
// (`prefault`), the helper writes one byte per page, and `takeBuffer` hands the buffer out only once
// the helper says it is done, never waiting for it. Measured here: 256 MB first touched costs the
// search 750 ms, and 9 ms once the helper touched it. The helper does no exploration and decides
// nothing: the buffers are zero either way. RCV_PREFAULT=0 turns it off.
import { Worker } from 'node:worker_threads';

type Buffer = ArrayBuffer | SharedArrayBuffer;
const pool = new Map<string, Buffer[]>();
let pooled = 0;
/** Bytes this thread keeps at most. */
const LIMIT = 1 << 29;
const keyOf = (bytes: number, shared: boolean): string => `${shared ? 's' : 'p'}${bytes}`;

/** Smaller buffers are not worth a message to the helper. */
export const PREFAULT_MIN = 1 << 20;
/**
 * Bytes prefaulted and not yet taken, at most. Room for a 256 MB fingerprint table (33.5M slots:
 * three-site-journal standard, split-backup standard-E4) beside the queue chunk kept one ahead: at
 * 256 MB in all, that table was never prefaulted, and its rehash took 1.2-1.5 s in place of 0.16 s.
 */
const PREFAULT_LIMIT = 1 << 30;
const SLOTS = 256;
/**
 * The helper starts with the first request this large: starting a thread costs a small search more
 * (10-60 ms measured on the smallest standard configurations, on 2 cores with the JIT's compiler
 * thread) than faulting its own few megabytes.
 */
export const PREFAULT_START = 1 << 23;

interface Faulted {
  buf: SharedArrayBuffer;
  slot: number;
}
/** Per size, the buffers handed to the helper, in order. */
const faulted = new Map<number, Faulted[]>();
let faultedBytes = 0;
/** Per slot: 1 once the helper touched that slot's buffer. */
let flags: Int32Array | undefined;
const freeSlots: number[] = [];
let helper: Worker | null | undefined;
/** Per size, how often a fresh buffer of it was wanted: a size wanted again (queue chunks) is kept one ahead. */
const asked = new Map<number, number>();
/** Per size, the buffers `prefault` was told of and that were not taken yet. */
const promised = new Map<number, number>();

const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
parentPort.on('message', ({ buf, slot }) => {
  const b = new Uint8Array(buf);
  for (let i = 0; i < b.length; i += 4096) b[i] = 0;
  Atomics.store(flags, slot, 1);
});`;

function startHelper(): Worker | null {
  if (process.env.RCV_PREFAULT === '0') return null;
  try {
    const f = new SharedArrayBuffer(SLOTS * 4);
    const w = new Worker(HELPER, { eval: true, workerData: { flags: f } });
    // It must not keep the process alive, nor fail it.
    w.unref();
    w.on('error', () => {
      helper = null;
    });
    flags = new Int32Array(f);
    for (let i = SLOTS - 1; i >= 0; i--) freeSlots.push(i);
    return w;
  } catch {
    return null;
  }
}

/**
 * Says that a buffer of `bytes` will be taken soon, and has the helper fault one in when the pool and
 * the buffers on their way do not cover what was said and not yet taken (best effort). Each caller
 * says it once per buffer it will take: two vectors growing to the same size (a search's parents and
 * actions) get one each.
 */
export function prefault(bytes: number): void {
  if (bytes < PREFAULT_MIN) return;
  const want = (promised.get(bytes) ?? 0) + 1;
  promised.set(bytes, want);
  const have = (pool.get(keyOf(bytes, false))?.length ?? 0) + (pool.get(keyOf(bytes, true))?.length ?? 0) + (faulted.get(bytes)?.length ?? 0);
  if (have >= want || faultedBytes + bytes > PREFAULT_LIMIT) return;
  if (helper === undefined) {
    if (bytes < PREFAULT_START) return;
    helper = startHelper();
  }
  if (!helper || freeSlots.length === 0) return;
  const slot = freeSlots.pop()!;
  const buf = new SharedArrayBuffer(bytes);
  Atomics.store(flags!, slot, 0);
  helper.postMessage({ buf, slot });
  const list = faulted.get(bytes) ?? [];
  list.push({ buf, slot });
  faulted.set(bytes, list);
  faultedBytes += bytes;
}

/** Forgets what `prefault` was told and nothing took (a search that ended before it grew). */
export function forgetPrefaults(): void {
  promised.clear();
}

/** Whether a buffer of this size is prefaulted or on its way. */
export function prefaulting(bytes: number): boolean {
  return (faulted.get(bytes)?.length ?? 0) > 0;
}

/** How many buffers of this size the helper has faulted in and nothing took yet. */
export function prefaultedReady(bytes: number): number {
  return (faulted.get(bytes) ?? []).filter((f) => Atomics.load(flags!, f.slot) === 1).length;
}

/** The oldest prefaulted buffer of this size, if the helper is done with it. */
function takeFaulted(bytes: number): SharedArrayBuffer | undefined {
  const list = faulted.get(bytes);
  if (!list || list.length === 0 || Atomics.load(flags!, list[0].slot) === 0) return undefined;
  const f = list.shift()!;
  freeSlots.push(f.slot);
  faultedBytes -= bytes;
  return f.buf;
}

/**
 * A buffer of exactly `bytes` bytes: zero-filled with `zeroed`, else holding whatever its last user
 * left. (A fresh buffer is zero already, and filling it would fault in every page at once.) A
 * request that is not `shared` may get a SharedArrayBuffer: the views on it behave the same.
 */
export function takeBuffer(bytes: number, shared: boolean, zeroed = false): Buffer {
  const p = promised.get(bytes);
  if (p) promised.set(bytes, p - 1);
  const b = pool.get(keyOf(bytes, shared))?.pop() ?? (shared ? undefined : pool.get(keyOf(bytes, true))?.pop());
  if (b) {
    pooled -= bytes;
    if (zeroed) new Uint8Array(b).fill(0);
    return b;
  }
  if (bytes < PREFAULT_MIN) return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const n = (asked.get(bytes) ?? 0) + 1;
  asked.set(bytes, n);
  const f = takeFaulted(bytes);
  if (n > 1 && !prefaulting(bytes)) prefault(bytes);
  return f ?? (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
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
