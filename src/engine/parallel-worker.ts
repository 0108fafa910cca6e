// A worker of the parallel breadth-first search (see parallel.ts). Per layer it takes blocks of the
// layer's states from a shared counter, expands them, drops the successors the shared fingerprint
// table already holds (read-only during the expansion), evaluates the rest (invariants, witnesses,
// liveness) and returns them in (state, action) order, with its counts. It never writes shared state
// but the counter and the abort flag: the main thread merges, so that ids, counts and traces are
// those of the one-thread search.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { Model } from './contract.js';
import { Completer } from './check.js';
import { FingerprintSet, hasIn } from './fingerprint-set.js';
import { incrementalChecks, type IncrementalChecks } from './incremental.js';
import { addressOf, CHANGED, CHANGED_AT, HASH, hashDelta, hashDeltaAt, hashVector, releaseVector, tabulateTerms } from './kernel.js';
import { QueueReader } from './state-queue.js';
import { trackCoverage } from './exhaustive.js';
import type { LayerRequest, LayerResult, ModelSpec } from './parallel.js';

const { port, ctrl: ctrlBuffer } = workerData as { port: MessagePort; ctrl: SharedArrayBuffer };
const ctrl = new Int32Array(ctrlBuffer);
const CTRL = { NEXT: 0, DONE: 1, ABORT: 2 } as const;
const BLOCK = 64;

const signal = (slot: number): void => {
  Atomics.add(ctrl, slot, 1);
  Atomics.notify(ctrl, slot);
};

// The model of the current search, and everything sized by it (a pool serves many searches).
let model: Model;
let width = 0;
let acts: Int32Array;
let cur: Int32Array;
let succ: Int32Array;
let curAt = -1;
let succAt = -1;
let coverage: ReturnType<typeof trackCoverage>;
let checks: IncrementalChecks;
let total: ReturnType<typeof trackCoverage>;
let types = 0;
let typeOf: ((a: number) => number) | null = null;
let W = 0;
let META = 5;
let completer: Completer | null = null;
// Candidates go to buffers in shared memory that persist across layers (grown, never shrunk): the
// main thread reads them in place, and no layer allocates or faults in fresh pages for them.
const sharedInts = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(n * 4));
let meta = sharedInts(0);
let states = sharedInts(0);
// This worker's candidates of the current layer: a successor it already produced in this layer
// (from a sibling, mostly) is neither evaluated nor sent again.
const mine = new FingerprintSet(1 << 12);
const modules = new Map<string, { buildModel(args: unknown): Model }>();

async function load(spec: ModelSpec): Promise<void> {
  let mod = modules.get(spec.module);
  if (!mod) {
    mod = (await import(spec.module)) as { buildModel(args: unknown): Model };
    modules.set(spec.module, mod);
  }
  model = mod.buildModel(spec.args);
  width = model.stateSize;
  tabulateTerms(width);
  acts = new Int32Array(model.maxActions);
  if (cur) releaseVector(cur);
  if (succ) releaseVector(succ);
  cur = hashVector(width);
  succ = hashVector(width);
  curAt = addressOf(cur);
  succAt = addressOf(succ);
  // Coverage of the layer being expanded, added to the total only once the main thread merged that
  // layer (a layer redone in one thread must not count the transitions past its violation).
  coverage = trackCoverage(model);
  checks = incrementalChecks(model);
  total = trackCoverage(model);
  types = model.actionTypes?.length ?? 0;
  typeOf = model.actionType && types > 0 ? model.actionType : null;
  W = model.sometimes.length;
  META = 5 + Math.ceil(W / 32);
  completer = spec.liveness && model.eventually.length > 0 ? new Completer(model, new FingerprintSet(1 << 16), undefined, false) : null;
  if (meta.length < 4096 * META) meta = sharedInts(4096 * META);
  if (states.length < 4096 * width) states = sharedInts(4096 * width);
}

const commit = (yes: boolean): void => {
  if (yes && coverage.active) total.merge(coverage.raw());
  coverage.reset();
};

function expand(req: LayerRequest): LayerResult {
  commit(req.commit);
  mine.clear();
  const layer = QueueReader.of(req.queue);
  const table = new Int32Array(req.table);
  let count = 0;
  let transitions = 0;
  const fired = new Float64Array(types);
  const firstK = new Int32Array(types).fill(-1);
  const firstJ = new Int32Array(types);
  const liveness: LayerResult['liveness'] = [];
  let stop = false;
  for (;;) {
    const start = Atomics.add(ctrl, CTRL.NEXT, BLOCK);
    if (start >= req.count || stop) break;
    const end = Math.min(req.count, start + BLOCK);
    for (let k = start; k < end && !stop; k++) {
      layer.copyTo(k, cur, curAt);
      const ha = req.hashes[2 * k];
      const hb = req.hashes[2 * k + 1];
      const n = model.actions(cur, acts);
      for (let j = 0; j < n; j++) {
        const code = acts[j];
        model.next(cur, code, succ);
        transitions++;
        if (typeOf) {
          const t = typeOf(code);
          if (t >= 0 && fired[t]++ === 0) {
            firstK[t] = k;
            firstJ[t] = code;
          }
        }
        const changed = curAt >= 0 && succAt >= 0 ? hashDeltaAt(curAt, succAt, width, ha, hb, CHANGED_AT) : hashDelta(cur, ha, hb, succ);
        const a = HASH[0];
        const b = HASH[1];
        if (coverage.active) coverage.changed(cur, succ, CHANGED, 0, changed);
        // A violation anywhere in the layer: the main thread redoes the layer in one thread, so
        // that the counterexample and the counts are exactly the one-thread search's.
        if (checks.step(cur, code, succ, CHANGED, 0, changed) !== undefined) {
          stop = true;
          break;
        }
        if (hasIn(table, req.mask, a, b) || mine.addHashes(a, b) < 0) continue;
        if (checks.always(succ, CHANGED, 0, changed) !== undefined) {
          stop = true;
          break;
        }
        // Sized per array: the pool serves models of other widths, so either one may be the short one.
        if ((count + 1) * META > meta.length) {
          const m = sharedInts(meta.length * 2);
          m.set(meta);
          meta = m;
        }
        if ((count + 1) * width > states.length) {
          const st = sharedInts(Math.max(states.length * 2, 4096 * width));
          st.set(states);
          states = st;
        }
        const mo = count * META;
        for (let x = 5; x < META; x++) meta[mo + x] = 0;
        meta[mo] = k;
        meta[mo + 1] = j;
        meta[mo + 2] = code;
        meta[mo + 3] = a;
        meta[mo + 4] = b;
        for (let w = 0; w < W; w++) if (!((req.reached[w >> 5] >>> (w & 31)) & 1) && model.sometimes[w].reached(succ)) meta[mo + 5 + (w >> 5)] |= 1 << (w & 31);
        if (completer && !req.livenessFound) {
          const c = completer.run(succ, a, b);
          if (!c.ok) liveness.push({ index: count, property: c.property, actions: c.actions });
        }
        // A loop, not `set`: V8 copies into shared memory by a runtime call that costs more than the
        // rest of a candidate's handling.
        const st = states;
        const sc = succ;
        const so = count * width;
        for (let w = 0; w < width; w++) st[so + w] = sc[w];
        count++;
      }
      if (stop) Atomics.store(ctrl, CTRL.ABORT, 1);
      if (Atomics.load(ctrl, CTRL.ABORT) === 1) stop = true;
    }
  }
  return { count, meta, states, transitions, fired, firstK, firstJ, liveness, violated: stop };
}

port.on('message', (msg: { type: 'model'; spec: ModelSpec } | { type: 'layer'; req: LayerRequest } | { type: 'coverage'; commit: boolean }) => {
  const reply = (m: unknown): void => {
    port.postMessage(m);
    signal(CTRL.DONE);
  };
  const fail = (e: unknown): void => reply({ error: String((e as Error)?.stack ?? e) });
  try {
    if (msg.type === 'model') load(msg.spec).then(() => reply({ ok: true }), fail);
    else if (msg.type === 'layer') reply(expand(msg.req));
    else {
      commit(msg.commit);
      reply({ coverage: total.raw() });
    }
  } catch (e) {
    fail(e);
  }
});
