// The WebAssembly kernel (src/engine/kernel.wat) and what is built on it: fingerprints, the packed
// layer queue, the buffer pool. Each answer is compared with a plain JavaScript statement of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forgetPrefaults, giveBuffer, prefault, PREFAULT_MIN, PREFAULT_START, prefaultedReady, prefaulting, takeBuffer } from '../src/engine/buffer-pool.js';
import { FingerprintSet } from '../src/engine/fingerprint-set.js';
import { addressOf, CHANGED, CHANGED_AT, fillAt, HASH, hashDelta, hashDeltaAt, hashDeltasAt, hashPair, hashVector, MAX_WIDTH, OUT_OF_RANGE, packAt, packFrom, releaseVector, stageView, tabulateTerms } from '../src/engine/kernel.js';
import { compileKernelWat, renderWasmModule, WASM_TS_PATH } from '../src/engine/kernel-build.js';
import { QueueReader, StateQueue } from '../src/engine/state-queue.js';
import { readFileSync } from 'node:fs';

const fingerprint = (s: Int32Array): [number, number] => {
  hashPair(s);
  return [HASH[0], HASH[1]];
};

// The fingerprint as the .wat states it, in BigInt arithmetic: the sum over words of splitmix64's
// finalizer applied to ((position << 32 | value) * golden + constant), modulo 2^64.
const M = (1n << 64n) - 1n;
function termRef(i: number, v: number): bigint {
  let z = ((((BigInt(i) << 32n) | BigInt(v >>> 0)) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n) & M) as bigint;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
  return z ^ (z >> 31n);
}
function fingerprintRef(s: Int32Array): [number, number] {
  let h = 0n;
  s.forEach((v, i) => (h = (h + termRef(i, v)) & M));
  return [Number(BigInt.asIntN(32, h & 0xffffffffn)), Number(BigInt.asIntN(32, h >> 32n))];
}

const vectors = fc.array(fc.oneof(fc.integer({ min: -3, max: 40 }), fc.integer()), { minLength: 0, maxLength: 90 }).map((a) => Int32Array.from(a));

describe('kernel binary', () => {
  it('is the translation of kernel.wat (run `npm run wasm` after editing the text)', async () => {
    const text = renderWasmModule(await compileKernelWat());
    expect(readFileSync(WASM_TS_PATH, 'utf8')).toBe(text);
  });
});

describe('fingerprints', () => {
  it('are the sum of per-word terms that the .wat states (checked against BigInt arithmetic)', () => {
    fc.assert(
      fc.property(vectors, (s) => {
        expect(fingerprint(s)).toEqual(fingerprintRef(s));
      }),
      { numRuns: 300 },
    );
  });

  it('from a parent by the changed words equal the whole-vector fingerprint, and list those words, wherever the vectors live', () => {
    const changes = fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: -2, max: 9 }), fc.integer())), { maxLength: 12 });
    fc.assert(
      fc.property(vectors, changes, fc.boolean(), (s, edits, inKernel) => {
        const next = s.slice();
        for (const [at, v] of edits) if (next.length > 0) next[at % next.length] = v;
        const [a, b] = fingerprint(s);
        const expected = fingerprint(next);
        // The positions that differ, in order: what the explorer checks properties and coverage over.
        const differ = [...s.keys()].filter((i) => s[i] !== next[i]);
        const n = hashDelta(s, a, b, next);
        expect([HASH[0], HASH[1]]).toEqual(expected);
        expect([...CHANGED.subarray(0, n)]).toEqual(differ);
        if (inKernel && s.length > 0) {
          const p = hashVector(s.length);
          const q = hashVector(s.length);
          p.set(s);
          q.set(next);
          const m = hashDeltaAt(addressOf(p), addressOf(q), s.length, a, b, CHANGED_AT);
          expect([HASH[0], HASH[1]]).toEqual(expected);
          expect([...CHANGED.subarray(0, m)]).toEqual(differ);
          releaseVector(p);
          releaseVector(q);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('of a batch, by one call: each successor as hashDelta gives it, after a fill that copies the parent into every slot', () => {
    const edits = fc.array(fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: -2, max: 9 }), fc.integer())), { maxLength: 8 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(vectors.filter((s) => s.length > 0), edits, (s, perSucc) => {
        const width = s.length;
        const stride = (width + 3) & ~3;
        const count = perSucc.length;
        const p = hashVector(width);
        p.set(s);
        const batch = hashVector(count * stride);
        batch.fill(-7); // what earlier successors left in the slots
        const changed = hashVector(count * stride);
        const results = hashVector(3 * count);
        fillAt(addressOf(p), addressOf(batch), stride * 4, count, stride * 4);
        const slot = (k: number): Int32Array => batch.subarray(k * stride, k * stride + width);
        for (let k = 0; k < count; k++) expect([...slot(k)]).toEqual([...s]);
        for (let k = 0; k < count; k++) for (const [at, v] of perSucc[k]) slot(k)[at % width] = v;
        const [a, b] = fingerprint(s);
        hashDeltasAt(addressOf(p), addressOf(batch), stride * 4, count, width, a, b, addressOf(changed), addressOf(results));
        for (let k = 0; k < count; k++) {
          const next = slot(k);
          const differ = [...s.keys()].filter((i) => s[i] !== next[i]);
          expect([results[3 * k], results[3 * k + 1]], `successor ${k}`).toEqual(fingerprint(next));
          expect(results[3 * k + 2]).toBe(differ.length);
          expect([...changed.subarray(k * stride, k * stride + differ.length)]).toEqual(differ);
        }
        for (const v of [p, batch, changed, results]) releaseVector(v);
      }),
      { numRuns: 300 },
    );
  });

  it('from a parent are the same whether the terms of a changed word come from the table or are computed', () => {
    // The table covers the first 48 positions and the values -128..127: the vectors below reach past
    // both, so every run mixes looked-up and computed terms.
    tabulateTerms(48);
    const small = fc.integer({ min: -130, max: 130 });
    const changes = fc.array(fc.tuple(fc.nat(), fc.oneof(small, fc.integer())), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.oneof(small, fc.integer()), { minLength: 1, maxLength: 90 }).map((a) => Int32Array.from(a)), changes, (s, edits) => {
        const next = s.slice();
        for (const [at, v] of edits) next[at % next.length] = v;
        const [a, b] = fingerprint(s);
        hashDelta(s, a, b, next);
        expect([HASH[0], HASH[1]]).toEqual(fingerprintRef(next));
      }),
      { numRuns: 500 },
    );
  });

  it('tell apart the vectors a position-blind or order-blind sum would merge', () => {
    const seen = new Set<string>();
    // Every vector of 4 words over 0..5: 1,296 distinct fingerprints, permutations and swaps included.
    for (let x = 0; x < 6 ** 4; x++) {
      const s = Int32Array.from([x % 6, Math.floor(x / 6) % 6, Math.floor(x / 36) % 6, Math.floor(x / 216) % 6]);
      seen.add(fingerprint(s).join(','));
    }
    expect(seen.size).toBe(6 ** 4);
  });

  it('refuse a vector wider than the kernel takes, in one sentence', () => {
    expect(() => hashPair(new Int32Array(MAX_WIDTH + 1))).toThrow(/at most 65536/);
  });

  it('hash vectors are reused once released, and a plain vector is not one', () => {
    const v = hashVector(7);
    const at = addressOf(v);
    expect(at).toBeGreaterThan(0);
    releaseVector(v);
    const w = hashVector(7);
    expect(addressOf(w)).toBe(at);
    expect([...w]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    releaseVector(w);
    expect(addressOf(new Int32Array(7))).toBe(-1);
  });
});

describe('layer queue', () => {
  it('gives back every state pushed, packed or not, in order, across chunks and after reuse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -128, max: 127 }), fc.integer({ min: -40_000, max: 40_000 }), fc.integer()), { minLength: 1, maxLength: 4000 }), (width, words) => {
        const q = new StateQueue(width);
        const states: Int32Array[] = [];
        for (let round = 0; round < 2; round++) {
          q.clear();
          states.length = 0;
          // Enough states to span two chunks of 16,384 on some runs.
          const n = 1 + ((words.length * 9) % 20_000);
          for (let k = 0; k < n; k++) {
            const s = new Int32Array(width);
            for (let j = 0; j < width; j++) s[j] = words[(k * 31 + j * 7 + round) % words.length] >> (k % 3 === 0 ? 0 : 24);
            states.push(s);
            q.push(s);
          }
          const out = new Int32Array(width);
          const kernelOut = hashVector(width);
          for (let k = 0; k < n; k++) {
            const target = k % 2 === 0 ? out : kernelOut;
            q.copyTo(k, target);
            if (!target.every((v, j) => v === states[k][j])) return false;
          }
          releaseVector(kernelOut);
        }
        q.release();
        return true;
      }),
      { numRuns: 25 },
    );
  });

  it('keeps the records of two queues filled by turns (the kernel stages one queue at a time)', () => {
    const q = [new StateQueue(3), new StateQueue(5), new StateQueue(3)];
    const pushed: number[][][] = [[], [], []];
    // Runs of 1-40 records to one queue, then another: each switch copies out what the last one staged.
    for (let k = 0, i = 0; k < 40_000; i++) {
      const to = (i * 7) % 3;
      for (let j = 0; j < 1 + ((i * 13) % 40); j++, k++) {
        const s = Array.from({ length: q[to].width }, (_, w) => ((k + w) % 300) - 150);
        q[to].push(Int32Array.from(s));
        pushed[to].push(s);
      }
      // A queue read while another is being filled.
      if (i % 50 === 0 && pushed[0].length > 0) expect(Array.from(q[0].view(0))).toEqual(pushed[0][0]);
    }
    for (let t = 0; t < 3; t++) {
      expect(q[t].count).toBe(pushed[t].length);
      for (let k = 0; k < pushed[t].length; k++) expect(Array.from(q[t].view(k))).toEqual(pushed[t][k]);
      q[t].release();
    }
  });

  it('stores a state in a byte per word, and the words outside -128..127 as patches beside it', () => {
    const q = new StateQueue(64);
    const small = new Int32Array(64).fill(-128);
    small[63] = 127;
    const two = small.slice();
    two[40] = 128;
    two[41] = -(2 ** 31);
    const all = new Int32Array(64).map((_, j) => 1000 + j);
    for (const s of [small, two, all, two]) q.push(s);
    // Patch lists: [2, 40, 128, 41, -2^31] at 0, [64, 0, 1000, ...] at 5, the second `two` at 134.
    expect([...q.parts.index[0].subarray(0, 4)]).toEqual([-1, 0, 5, 5 + 1 + 128]);
    expect([...q.parts.patches[0].subarray(0, 5)]).toEqual([2, 40, 128, 41, -(2 ** 31)]);
    for (const [k, s] of [small, two, all, two].entries()) expect([...q.view(k)]).toEqual([...s]);
    expect(q.bytes).toBe(16_384 * (64 + 4) + 65_536 * 4);
    q.release();
  });

  it('packs a word per byte and lists the words outside -128..127, in order, in groups of sixteen and the tail', () => {
    const word = fc.oneof(fc.integer({ min: -128, max: 127 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(-129, 128, 255, -256));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 70, size: 'max' }), (words) => {
        const s = Int32Array.from(words);
        const want = words.flatMap((v, j) => (v < -128 || v > 127 ? [j] : []));
        const v = hashVector(s.length);
        v.set(s);
        // Each pack checked before the next one overwrites the positions and the staged bytes.
        for (const pack of [() => packAt(s, 0), () => packFrom(addressOf(v), s.length, 0)]) {
          const n = pack();
          expect(n).toBe(want.length);
          expect([...OUT_OF_RANGE.subarray(0, n)]).toEqual(want);
          // A word in range is its byte; one out of range is not (the queue keeps it in a patch).
          const bytes = stageView(s.length);
          words.forEach((w, j) => (w >= -128 && w <= 127 ? expect(bytes[j]).toBe(w) : undefined));
        }
        releaseVector(v);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('starts a patch list in a new chunk rather than split it', () => {
    const q = new StateQueue(40_000);
    const wide = new Int32Array(40_000).fill(300);
    for (let k = 0; k < 3; k++) q.push(wide);
    // A list of 80,001 words needs a chunk of 2^17: one list fits in a chunk, a second starts the next.
    expect(q.parts.patchBits).toBe(17);
    expect([...q.parts.index[0].subarray(0, 3)]).toEqual([0, 1 << 17, 2 << 17]);
    for (let k = 0; k < 3; k++) expect(q.view(k).every((v) => v === 300)).toBe(true);
    q.release();
  });

  it('reads the same through a reader of its buffers (a worker thread) while another reader moves the block', () => {
    const q = new StateQueue(5, true);
    for (let k = 0; k < 300; k++) q.push(Int32Array.from([k % 100, 0 - (k % 7), k === 150 ? 1 << 20 : 3, 0, k % 128]));
    const r = QueueReader.of(q.buffers());
    const a = new Int32Array(5);
    const b = new Int32Array(5);
    for (let k = 0; k < 300; k++) {
      r.copyTo(k, a);
      q.copyTo(299 - k, b);
      expect([...a]).toEqual([k % 100, 0 - (k % 7), k === 150 ? 1 << 20 : 3, 0, k % 128]);
      expect(b[0]).toBe((299 - k) % 100);
    }
    q.release();
  });
});

describe('buffer pool', () => {
  it('hands a given-back buffer to the next taker of that size and kind, and a fresh one otherwise', () => {
    const a = takeBuffer(4096 * 3, false);
    new Uint8Array(a).fill(7);
    giveBuffer(a);
    expect(takeBuffer(4096 * 3, false)).toBe(a);
    expect(new Uint8Array(a)[5]).toBe(7);
    giveBuffer(a);
    expect(takeBuffer(4096 * 3, false, true)).toBe(a);
    expect(new Uint8Array(a).every((x) => x === 0)).toBe(true);
    expect(takeBuffer(4096 * 3, false)).not.toBe(a);
    const s = takeBuffer(4096 * 3, true);
    expect(s).toBeInstanceOf(SharedArrayBuffer);
    // A plain buffer never goes to a shared taker; a shared one serves either.
    giveBuffer(a);
    expect(takeBuffer(4096 * 3, true)).not.toBe(a);
    expect(takeBuffer(4096 * 3, false)).toBe(a);
    giveBuffer(s);
    expect(takeBuffer(4096 * 3, false)).toBe(s);
  });

  it('starts the helper for a large request only, hands out the buffers it faulted in, zero-filled, and keeps a size wanted again one ahead', async () => {
    // No helper yet: a request below the start size asks nothing (a small search pays no thread start).
    prefault(PREFAULT_MIN * 3);
    expect(prefaulting(PREFAULT_MIN * 3)).toBe(false);
    const bytes = PREFAULT_START;
    prefault(bytes);
    expect(prefaulting(bytes)).toBe(true);
    // The helper thread answers through shared memory: until it has, a taker gets a fresh buffer.
    let got: ArrayBuffer | SharedArrayBuffer | undefined;
    for (let i = 0; i < 400 && !(got instanceof SharedArrayBuffer); i++) {
      await new Promise((r) => setTimeout(r, 10));
      got = takeBuffer(bytes, false);
    }
    expect(got).toBeInstanceOf(SharedArrayBuffer);
    expect(got!.byteLength).toBe(bytes);
    expect(new Uint8Array(got!).every((x) => x === 0)).toBe(true);
    // A size taken fresh more than once (as queue chunks are) has the next one faulted in ahead.
    expect(prefaulting(bytes)).toBe(true);
    // Once it runs, smaller requests go to it too; below the threshold, nothing is asked of it.
    prefault(PREFAULT_MIN * 3);
    expect(prefaulting(PREFAULT_MIN * 3)).toBe(true);
    prefault(PREFAULT_MIN - 1);
    expect(prefaulting(PREFAULT_MIN - 1)).toBe(false);
  });

  it('faults in one buffer per announced taker: two vectors growing to the same size get one each', async () => {
    const bytes = PREFAULT_START * 2;
    prefault(PREFAULT_START); // starts the helper if no earlier test did
    prefault(bytes);
    prefault(bytes);
    for (let i = 0; i < 400 && prefaultedReady(bytes) < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(prefaultedReady(bytes)).toBe(2);
    // Both takers get memory the helper faulted in (shared memory; a fresh buffer for this request would not be).
    const a = takeBuffer(bytes, false);
    const b = takeBuffer(bytes, false);
    expect(a).toBeInstanceOf(SharedArrayBuffer);
    expect(b).toBeInstanceOf(SharedArrayBuffer);
    expect(a).not.toBe(b);
    forgetPrefaults();
  });

  it('a fingerprint set on reused memory starts empty', () => {
    const a = new FingerprintSet(4);
    const v = new Int32Array(2);
    for (let i = 0; i < 1000; i++) {
      v[0] = i;
      a.add(v);
    }
    a.release();
    const b = new FingerprintSet(4);
    for (let i = 0; i < 1000; i++) {
      v[0] = i;
      expect(b.add(v)).toBe(i);
    }
  });
});
