// Breadth-first model checking over the reachable states of a bounded configuration.
//
// States are de-duplicated by fingerprint (kernel.ts); each state keeps only its parent id and the
// action code that reached it, so the shortest counterexample is rebuilt by walking parents
// back to an initial state. Only the current and the next BFS layer hold state vectors, packed
// (state-queue.ts).
import type { Model } from './contract.js';
import { Completer, unconverged, violatedAlways } from './check.js';
import { forgetPrefaults } from './buffer-pool.js';
import { FingerprintSet, IntVec } from './fingerprint-set.js';
import { addressOf, CHANGED, fillAt, HASH, hashDelta, hashDeltasAt, hashPair, hashVector, releaseVector, tabulateTerms } from './kernel.js';
import { incrementalChecks } from './incremental.js';
import { CHUNK_BITS, StateQueue, primeQueue } from './state-queue.js';
import { edges } from './table.js';
import { WorkerPool, type LayerResult, type ModelSpec } from './parallel.js';

const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** Successors generated and fingerprinted together before any is looked up (see `generate`). */
const GROUP_SUCC = 64;
/** States whose successors one group holds at most (a power of two: a state's slot is its index modulo this). */
const GROUP_STATES = 32;
const GROUP_MASK = GROUP_STATES - 1;

export interface Violation {
  property: string;
  /** Index of the initial state the trace starts from. */
  init: number;
  /** Action codes from that initial state; the last state reached violates `property`. */
  actions: number[];
}

export interface ExhaustiveOptions {
  /** Check `eventually` properties from every reachable state (default true). */
  liveness?: boolean;
  /** Stop (unfinished) after this many distinct states. */
  maxStates?: number;
  /** Stop (unfinished) after this many milliseconds (checked every 1,024 expanded states). */
  maxMs?: number;
  /** Print progress on stderr when the run takes more than 2 s. */
  progress?: boolean;
  label?: string;
  /** Also return a shortest trace to each witness reached. */
  witnessTraces?: boolean;
  /** Count, per action type, the expansions it fired in and the new states it produced (TLC's coverage). */
  actionCoverage?: boolean;
  /** Also return, per action type, a shortest trace whose last action is of that type (conformance testing drives them). */
  actionTraces?: boolean;
  /**
   * Expand large layers on worker threads (parallel.ts): each worker builds the model from `spec`.
   * Verdict, counts, witnesses and traces are those of the one-thread search. `minLayer`: smaller
   * layers stay on the main thread (default 2,048 states).
   */
  parallel?: {
    spec: ModelSpec;
    workers: number;
    minLayer?: number;
    /**
     * Stop handing layers to the workers, for the rest of this search, once their part of a layer
     * (of their first: the `trial`) took longer per state than the last layer of 256 states or more
     * expanded in one thread (their candidates are merged on the main thread, which a cheap model's
     * search can spend more on than the workers save). Default true; the result is the same either
     * way, only the time differs.
     */
    adaptive?: boolean;
    /**
     * Whether the first large layer waits for the workers to start (threads up, model built: about
     * 250 ms on 2 cores). Default: only when not `adaptive`. Otherwise layers stay on the main thread
     * until they are ready, a search that ends sooner never waits for them, and when `adaptive` they
     * start with the first large layer after the search has run 2 s (measured:
     * ordered-delivery tape-read-standard took 380-440 ms with 2 workers waited for, 110 ms in one
     * thread).
     */
    waitForWorkers?: boolean;
    /**
     * How many states of their first layer the workers expand (default `minLayer`); the main thread
     * expands the rest after merging theirs, so ids and counts are unchanged. That layer runs on
     * threads whose code is not compiled yet (measured on 2 cores: 27 us a state, against 1.5 in the
     * one-thread loop), and it is the layer `adaptive` judges them on: on ordered-delivery standard
     * a whole first layer of 17,312 states cost 700 ms where one thread took 48.
     */
    trial?: number;
  };
}

/** Per action type: how often it fired (in BFS, once per expanded state where it is enabled) and the distinct states it produced. */
export interface ActionCoverage {
  type: string;
  fired: number;
  distinct: number;
}

export interface ExhaustiveResult {
  verdict: 'holds' | 'violated';
  violation?: Violation;
  states: number;
  transitions: number;
  depth: number;
  ms: number;
  /** Fully explored (false when cut by maxStates). */
  complete: boolean;
  /** For each `sometimes` property: the BFS depth at which it was first reached, or null. */
  witnesses: Record<string, number | null>;
  /** With `witnessTraces`: for each witness reached, the shortest trace to a state where it holds. */
  witnessTraces?: Record<string, { init: number; actions: number[] }>;
  collisionProbability: number;
  /** Per lifecycle machine: which of its states and transitions the exploration covered. */
  coverage: MachineCoverage[];
  /** With `actionCoverage` and a model that names its action types. */
  actions?: ActionCoverage[];
  /** With `parallel`: the layers the workers expanded (the others ran on the main thread). */
  parallelLayers?: number;
  /** Memory held at the end: the fingerprint set, the two layer queues (at their peak), parent and action arrays. */
  bytes: { fingerprints: number; queue: number; parents: number };
  /** With `actionTraces`: per action type that fired, a shortest trace ending with it. */
  actionTraces?: Record<string, { init: number; actions: number[] }>;
}

export interface MachineCoverage {
  machine: string;
  states: { name: string; covered: boolean }[];
  transitions: { from: string; event: string; to: string; covered: boolean }[];
}

/**
 * Coverage of lifecycle machines. A transition is recognised by the change of an instance's state
 * from one index to another, so it needs each (from, to) pair to be one event, which
 * `trackCoverage` checks once.
 */
export function trackCoverage(model: Model) {
  const machines = model.machines ?? [];
  const seenStates = machines.map((m) => new Uint8Array(m.table.states.length));
  const seenEdges = machines.map((m) => new Uint8Array(m.table.states.length ** 2));
  for (const m of machines) {
    const all = edges(m.table);
    if (new Set(all.map((e) => `${e.from}>${e.to}`)).size !== all.length) throw new Error(`${m.table.id}: two events share a (from, to) pair; coverage cannot tell them apart`);
  }
  // Every instance flat, for the per-transition loop: its offset, its machine, that machine's state count.
  const offs = Int32Array.from(machines.flatMap((m) => m.offsets));
  const machineOf = Int32Array.from(machines.flatMap((m, i) => m.offsets.map(() => i)));
  const statesOf = Int32Array.from(machines.flatMap((m) => m.offsets.map(() => m.table.states.length)));
  // Per position of the state vector: the instance kept there, or -1.
  const instanceAt = new Int32Array(model.stateSize).fill(-1);
  offs.forEach((o, x) => {
    if (instanceAt[o] >= 0) throw new Error(`two lifecycle instances at position ${o} of the state vector`);
    instanceAt[o] = x;
  });
  return {
    state(s: Int32Array): void {
      for (let x = 0; x < offs.length; x++) seenStates[machineOf[x]][s[offs[x]]] = 1;
    },
    step(a: Int32Array, b: Int32Array): void {
      for (let x = 0; x < offs.length; x++) {
        const o = offs[x];
        if (a[o] !== b[o]) seenEdges[machineOf[x]][a[o] * statesOf[x] + b[o]] = 1;
      }
    },
    /**
     * `step(a, b)` and `state(b)` from the positions the transition changed, `changed[from..from + n)`:
     * the instances it left alone are in a state already counted when `a` was.
     */
    changed(a: Int32Array, b: Int32Array, changed: Int32Array, from: number, n: number): void {
      for (let i = from; i < from + n; i++) {
        const o = changed[i];
        const x = instanceAt[o];
        if (x < 0) continue;
        seenEdges[machineOf[x]][a[o] * statesOf[x] + b[o]] = 1;
        seenStates[machineOf[x]][b[o]] = 1;
      }
    },
    result(): MachineCoverage[] {
      return machines.map((m, i) => {
        const t = m.table;
        const idx = (name: string): number => t.states.indexOf(name);
        return {
          machine: t.id,
          states: t.states.map((name, k) => ({ name, covered: seenStates[i][k] === 1 })),
          transitions: edges(t).map((e) => ({ ...e, covered: seenEdges[i][idx(e.from) * t.states.length + idx(e.to)] === 1 })),
        };
      });
    },
    active: machines.length > 0,
    /** The covered states and edges as raw bitsets (a parallel worker's share), and their union into this one. */
    raw: (): Uint8Array[] => [...seenStates, ...seenEdges],
    reset(): void {
      for (const a of [...seenStates, ...seenEdges]) a.fill(0);
    },
    merge(raw: Uint8Array[]): void {
      const all = [...seenStates, ...seenEdges];
      raw.forEach((r, i) => {
        for (let j = 0; j < r.length; j++) all[i][j] |= r[j];
      });
    },
  };
}

export function exploreExhaustive(model: Model, opts: ExhaustiveOptions = {}): ExhaustiveResult {
  const t0 = Date.now();
  const liveness = opts.liveness ?? true;
  const maxStates = opts.maxStates ?? Number.MAX_SAFE_INTEGER;
  const workers = opts.parallel && opts.parallel.workers > 1 ? opts.parallel.workers : 1;
  const shared = workers > 1;
  primeQueue();
  tabulateTerms(model.stateSize);
  const seen = new FingerprintSet(1 << 16, shared);
  const parent = new IntVec();
  const via = new IntVec();
  const width = model.stateSize;
  let layer = new StateQueue(width, shared);
  let nextLayer = new StateQueue(width, shared);
  let pool: WorkerPool | undefined;
  let parallelLayers = 0;
  // Whether the workers' last layer was merged: only then does their coverage of it count.
  let mergedLast = false;
  // A layer's states have consecutive ids (a new state's id is its insertion index, and new states
  // join the next layer in that order): the id of the layer's state k is layerFirst + k.
  let layerFirst = 0;
  // Each queued state's fingerprint (two words): its successors are hashed from it by the words they change.
  let layerHash = new IntVec();
  let nextHash = new IntVec();
  // Per queued state, whether it was DONE when the search met it: then it owes no completion.
  let layerDone = new IntVec();
  let nextDone = new IntVec();
  // In the hashing memory: a successor is hashed where `next` wrote it, a batch of them side by side,
  // and the positions each changed are listed beside it.
  const stride = (width + 3) & ~3;
  const batch = hashVector(GROUP_SUCC * stride);
  const batchChanged = hashVector(GROUP_SUCC * stride);
  const outs = Array.from({ length: GROUP_SUCC }, (_, i) => batch.subarray(i * stride, i * stride + width));
  const outAt = Int32Array.from(outs, (o) => addressOf(o));
  const changedAt = addressOf(batchChanged);
  // Per successor in the batch, three words: its fingerprint's two halves and how many words it changed.
  const batchR = hashVector(3 * GROUP_SUCC);
  const batchCode = new Int32Array(GROUP_SUCC);
  // A group's states, side by side in the hashing memory, and their actions; per state in the group,
  // its layer index, its successors' range in the batch, its first action there, and whether its
  // last action is in the group.
  const group = hashVector(GROUP_STATES * stride);
  const curs = Array.from({ length: GROUP_STATES }, (_, i) => group.subarray(i * stride, i * stride + width));
  const curAt = Int32Array.from(curs, (c) => addressOf(c));
  // Whether the batch, the group and the results are all in the hashing memory (they are, unless it
  // is used up): then a state's successors are copied, hashed and listed by one call each.
  const resultAt = addressOf(batchR);
  const inKernel = changedAt >= 0 && outAt[0] >= 0 && curAt[0] >= 0 && resultAt >= 0;
  const bytes = stride * 4;
  const hasUpdate = model.update !== undefined;
  const actsAll = new Int32Array(GROUP_STATES * model.maxActions);
  const actsOf = Array.from({ length: GROUP_STATES }, (_, i) => actsAll.subarray(i * model.maxActions, (i + 1) * model.maxActions));
  const groupK = new Int32Array(GROUP_STATES);
  const groupFrom = new Int32Array(GROUP_STATES);
  const groupTo = new Int32Array(GROUP_STATES);
  const groupFirst = new Int32Array(GROUP_STATES);
  const groupEnds = new Uint8Array(GROUP_STATES);
  let sink = 0;
  const cur = hashVector(width);
  const sometimes = model.sometimes;
  const reached: (number | null)[] = sometimes.map(() => null);
  const reachedAt = new Int32Array(sometimes.length);
  let unreached = sometimes.length;
  // The liveness memo is the seen table's DONE flag: a state met already DONE needs no completion.
  const completer = liveness && model.eventually.length > 0 ? new Completer(model, seen, undefined, false) : null;
  // A state's completion runs when the search expands it, whose successors include the completion's
  // first step: it costs no second `actions` and `next`, and the search's probe of that successor
  // tells whether it is DONE. States are expanded in id order, as they were met, so the completions
  // run in the same order and see the same memo as they would when each state is met. A layer the
  // workers expanded had its successors' completions run there: then the next layer owes none.
  let layerOwes = completer !== null;
  let nextOwes = completer !== null;
  const coverage = trackCoverage(model);
  const checks = incrementalChecks(model);
  const hasStep = model.step.length > 0;
  let livenessViolation: Violation | undefined;
  let transitions = 0;
  let depth = 0;
  let lastReport = t0;
  const typeOf = (opts.actionCoverage || opts.actionTraces) && model.actionType && model.actionTypes ? model.actionType : null;
  // Per action type: the expanded state and the action code of its first firing (BFS order: a shortest trace).
  const firstFrom = new Float64Array(model.actionTypes?.length ?? 0).fill(-1);
  const firstCode = new Int32Array(model.actionTypes?.length ?? 0);
  const fired = new Float64Array(model.actionTypes?.length ?? 0);
  const distinct = new Float64Array(model.actionTypes?.length ?? 0);
  const deadline = opts.maxMs === undefined ? Infinity : t0 + opts.maxMs;
  const watchClock = opts.progress || opts.maxMs !== undefined;

  const finish = (violation?: Violation, complete = true): ExhaustiveResult => {
    // Workers that expanded no layer have no coverage to give, and may still be starting.
    if (pool && parallelLayers > 0) for (const raw of pool.coverage(mergedLast)) coverage.merge(raw);
    pool = undefined;
    const r = result(violation, complete);
    releaseVector(batch);
    releaseVector(batchChanged);
    releaseVector(batchR);
    releaseVector(group);
    releaseVector(cur);
    seen.sink ^= sink;
    layer.release();
    nextLayer.release();
    for (const v of [parent, via, layerHash, nextHash, layerDone, nextDone]) v.release();
    seen.release();
    forgetPrefaults();
    return r;
  };
  const result = (violation: Violation | undefined, complete: boolean): ExhaustiveResult => ({
    verdict: violation ? 'violated' : 'holds',
    violation,
    states: seen.size,
    transitions,
    depth,
    ms: Date.now() - t0,
    complete,
    witnesses: Object.fromEntries(sometimes.map((w, i) => [w.id, reached[i]])),
    witnessTraces: opts.witnessTraces
      ? Object.fromEntries(sometimes.flatMap((w, i) => (reached[i] === null ? [] : [[w.id, traceTo(reachedAt[i], [], w.id)] as const])))
      : undefined,
    collisionProbability: seen.collisionProbability(),
    ...(workers > 1 ? { parallelLayers } : {}),
    bytes: { fingerprints: seen.bytes, queue: layer.bytes + nextLayer.bytes, parents: parent.data.byteLength + via.data.byteLength },
    coverage: coverage.result(),
    ...(typeOf && opts.actionCoverage ? { actions: model.actionTypes!.map((type, i) => ({ type, fired: fired[i], distinct: distinct[i] })) } : {}),
    ...(typeOf && opts.actionTraces
      ? { actionTraces: Object.fromEntries(model.actionTypes!.flatMap((type, i) => (firstFrom[i] < 0 ? [] : [[type, traceTo(firstFrom[i], [firstCode[i]], type)] as const]))) }
      : {}),
  });

  const traceTo = (id: number, extra: number[], property: string): Violation => {
    const actions: number[] = [];
    let cur = id;
    while (parent.data[cur] >= 0) {
      actions.push(via.data[cur]);
      cur = parent.data[cur];
    }
    actions.reverse();
    return { property, init: -1 - parent.data[cur], actions: actions.concat(extra) };
  };

  /**
   * A new state: it differs from the parent that reached it (whose coverage and safety were counted)
   * at the `changed` positions listed in `list[from..from + changed)`; `changed` is -1 for an initial state.
   */
  const visit = (s: Int32Array, id: number, d: number, changed: number, list: Int32Array, from: number): Violation | undefined => {
    if (changed < 0 && coverage.active) coverage.state(s);
    const bad = changed < 0 ? violatedAlways(model, s) : checks.always(s, list, from, changed);
    if (bad !== undefined) return traceTo(id, [], bad);
    if (unreached > 0) {
      for (let i = 0; i < sometimes.length; i++) {
        if (reached[i] === null && sometimes[i].reached(s)) {
          reached[i] = d;
          reachedAt[i] = id;
          unreached--;
        }
      }
    }
    return undefined;
  };

  /**
   * The completion of state `sid` (fingerprint ha, hb), whose first step is `code` to `next` (a, b):
   * the first fair action that leaves the state. `nextDone`: that successor is DONE. Safety comes
   * first and shortest: a liveness failure is kept until the search ends. A completion does not
   * check safety: this search reaches every state and step of it.
   */
  const completeVia = (sid: number, ha: number, hb: number, code: number, next: Int32Array, a: number, b: number, nextDone: boolean): void => {
    if (nextDone) {
      seen.markDone(ha, hb);
      return;
    }
    if (seen.isDone(ha, hb)) return;
    const c = completer!.resume(ha, hb, code, next, a, b);
    if (!c.ok) livenessViolation = traceTo(sid, c.actions, c.property);
  };

  /** The completion of state `sid`, which no fair action leaves: it holds where it stands. */
  const completeHere = (sid: number, s: Int32Array, ha: number, hb: number): void => {
    if (seen.isDone(ha, hb)) return;
    const bad = unconverged(model, s);
    if (bad !== undefined) livenessViolation = traceTo(sid, [], bad);
    else seen.markDone(ha, hb);
  };

  /**
   * The completions still owed by a queue's states from its `from`-th on, in id order (`first`: the
   * id of its state 0): before the workers take a layer (theirs are of its successors), and when a
   * search is cut short, so that every state it met had its completion, as a complete one does.
   */
  const settle = (q: StateQueue, hashes: IntVec, dones: IntVec, first: number, from: number): void => {
    for (let k = from; k < q.count && livenessViolation === undefined; k++) {
      if (dones.data[k] !== 0) continue;
      q.copyTo(k, cur);
      const c = completer!.run(cur, hashes.data[2 * k], hashes.data[2 * k + 1]);
      if (!c.ok) livenessViolation = traceTo(first + k, c.actions, c.property);
    }
  };
  /** `finish` for a search cut short after state `from` - 1 of the current layer settled its completion. */
  const cut = (from: number): ExhaustiveResult => {
    if (layerOwes) settle(layer, layerHash, layerDone, layerFirst, from);
    if (nextOwes) settle(nextLayer, nextHash, nextDone, layerFirst + layer.count, 0);
    return finish(livenessViolation, false);
  };

  const inits = model.init();
  for (let i = 0; i < inits.length; i++) {
    hashPair(inits[i]);
    const ha = HASH[0];
    const hb = HASH[1];
    const id = seen.addHashes(ha, hb);
    if (id < 0) continue;
    parent.push(-1 - i);
    via.push(-1);
    const v = visit(inits[i], id, 0, -1, CHANGED, 0);
    if (v) return finish(v);
    layer.push(inits[i]);
    layerHash.push(ha);
    layerHash.push(hb);
    layerDone.push(seen.completed ? 1 : 0);
  }

  /**
   * The layer expanded by the workers and merged in (state, action) order: false when it must be
   * redone in one thread (a violation in it, or `maxStates` passed within it).
   */
  let sharedHashes: Int32Array<ArrayBufferLike> = new Int32Array(0);
  const expandParallel = (limit: number): boolean => {
    const reachedBits = new Int32Array(Math.ceil(sometimes.length / 32) || 1);
    for (let i = 0; i < sometimes.length; i++) if (reached[i] !== null) reachedBits[i >> 5] |= 1 << (i & 31);
    const snap = seen.snapshot;
    const commit = mergedLast;
    mergedLast = false;
    // The fingerprints of the states they expand, into shared memory reused from layer to layer.
    if (sharedHashes.length < 2 * limit) sharedHashes = new Int32Array(new SharedArrayBuffer(4 * Math.max(2 * limit, sharedHashes.length * 2)));
    sharedHashes.set(layerHash.data.subarray(0, 2 * limit));
    const results = pool!.expand({
      commit,
      queue: layer.buffers(),
      count: limit,
      hashes: sharedHashes,
      table: snap.table.buffer as SharedArrayBuffer,
      mask: snap.mask,
      reached: reachedBits,
      livenessFound: livenessViolation !== undefined,
    });
    const candidates = results.reduce((n, r) => n + r.count, 0);
    if (results.some((r) => r.violated) || seen.size + candidates >= maxStates) return false;
    mergedLast = true;
    const META = 5 + Math.ceil(sometimes.length / 32);
    const failing = results.map((r) => new Map(r.liveness.map((l) => [l.index, l])));
    const at = results.map(() => 0);
    // Per result, where its next read-ahead starts: half-way through the one before, so that the
    // next slots are on their way while this batch is merged.
    const touched = results.map(() => 0);
    const before = (r: LayerResult, i: number, q: LayerResult, m: number): boolean =>
      r.meta[i * META] < q.meta[m * META] || (r.meta[i * META] === q.meta[m * META] && r.meta[i * META + 1] < q.meta[m * META + 1]);
    for (;;) {
      let w = -1;
      for (let x = 0; x < results.length; x++) if (at[x] < results[x].count && (w < 0 || before(results[x], at[x], results[w], at[w]))) w = x;
      if (w < 0) break;
      const r = results[w];
      const i = at[w]++;
      // The table slots of this result's next candidates, read ahead, as the one-thread loop does.
      if (i === touched[w]) {
        const n = Math.min(GROUP_SUCC, r.count - i);
        sink ^= seen.touchAll(r.meta, i * META + 3, n, META);
        touched[w] = i + (n >> 1);
      }
      const mo = i * META;
      const code = r.meta[mo + 2];
      const ha = r.meta[mo + 3];
      const hb = r.meta[mo + 4];
      const id = seen.addHashes(ha, hb);
      if (id < 0) continue;
      const type = typeOf === null ? -1 : typeOf(code);
      if (type >= 0) distinct[type]++;
      parent.push(layerFirst + r.meta[mo]);
      via.push(code);
      if (unreached > 0) {
        for (let x = 0; x < sometimes.length; x++) {
          if (reached[x] === null && (r.meta[mo + 5 + (x >> 5)] >>> (x & 31)) & 1) {
            reached[x] = depth + 1;
            reachedAt[x] = id;
            unreached--;
          }
        }
      }
      const l = failing[w].get(i);
      if (l && completer && livenessViolation === undefined) livenessViolation = traceTo(id, l.actions, l.property);
      nextLayer.pushFrom(r.states, i * width);
      nextHash.push(ha);
      nextHash.push(hb);
      nextDone.push(1); // the workers ran its completion
    }
    for (const r of results) {
      transitions += r.transitions;
      if (typeOf === null) continue;
      for (let t = 0; t < fired.length; t++) {
        if (fired[t] === 0 && r.firstK[t] >= 0 && (firstFrom[t] < 0 || layerFirst + r.firstK[t] < firstFrom[t])) {
          firstFrom[t] = layerFirst + r.firstK[t];
          firstCode[t] = r.firstJ[t];
        }
      }
    }
    for (const r of results) if (typeOf !== null) for (let t = 0; t < fired.length; t++) fired[t] += r.fired[t];
    parallelLayers++;
    return true;
  };

  /** Progress on stderr every 2 s once a run takes longer than that. */
  const report = (now: number): void => {
    if (!opts.progress || now - lastReport <= 2000 || now - t0 <= 2000) return;
    lastReport = now;
    const rate = Math.round(seen.size / ((now - t0) / 1000));
    process.stderr.write(`${opts.label ?? 'exhaustive'}: ${seen.size} states, ${transitions} transitions, depth ${depth}, ${rate} states/s${workers > 1 ? ` (${workers} workers)` : ''}\n`);
  };

  // Phase 1's position in the layer, kept between groups: the state whose successors are generated
  // next, its next action and its action count (-1: not generated yet); then the group just
  // generated: its successors and its states.
  const genAt = new Int32Array(5);
  // Whether the state phase 2 is on still owes its completion (see `completeVia`): a state with more
  // successors than a group holds spans groups.
  let owes = false;

  /**
   * Phase 1: successors of consecutive states, generated and fingerprinted, up to a group's worth.
   * Fan-out is 1.6-3.7 successors per state in the standard configurations: across states the group
   * has enough slot reads in flight at once to overlap their cache misses, where one state's few
   * would wait in turn. Each phase is a function of its own: the optimizing compiler then takes each
   * as soon as it is hot, where the whole loop as one function took it 60-80 ms to compile, most of
   * a short search's first run.
   */
  const generate = (count: number): void => {
    let kGen = genAt[0];
    let jGen = genAt[1];
    let nGen = genAt[2];
    let filled = 0;
    let gs = 0;
    while (filled < GROUP_SUCC && gs < GROUP_STATES) {
      const sl = kGen & GROUP_MASK;
      const s = curs[sl];
      const acts = actsOf[sl];
      if (nGen < 0) {
        layer.copyTo(kGen, s, curAt[sl]);
        nGen = model.actions(s, acts);
        jGen = 0;
      }
      const ha = layerHash.data[2 * kGen];
      const hb = layerHash.data[2 * kGen + 1];
      const take = Math.min(nGen - jGen, GROUP_SUCC - filled);
      const at = curAt[sl];
      groupK[gs] = kGen;
      groupFrom[gs] = filled;
      groupFirst[gs] = jGen;
      if (inKernel) {
        // The state copied into its successors' slots, each written in place by `update`
        // (`next` without its copy), or by `next`; then all of them hashed against it.
        if (hasUpdate) {
          fillAt(at, outAt[filled], bytes, take, bytes);
          for (let x = 0; x < take; x++) {
            const code = acts[jGen + x];
            batchCode[filled + x] = code;
            model.update!(s, code, outs[filled + x]);
          }
        } else {
          for (let x = 0; x < take; x++) {
            const code = acts[jGen + x];
            batchCode[filled + x] = code;
            model.next(s, code, outs[filled + x]);
          }
        }
        hashDeltasAt(at, outAt[filled], bytes, take, width, ha, hb, changedAt + filled * bytes, resultAt + filled * 12);
      } else {
        for (let x = 0; x < take; x++) {
          const i = filled + x;
          const code = acts[jGen + x];
          batchCode[i] = code;
          model.next(s, code, outs[i]);
          const c = hashDelta(s, ha, hb, outs[i]);
          for (let y = 0; y < c; y++) batchChanged[i * stride + y] = CHANGED[y];
          batchR[3 * i] = HASH[0];
          batchR[3 * i + 1] = HASH[1];
          batchR[3 * i + 2] = c;
        }
      }
      filled += take;
      jGen += take;
      groupTo[gs] = filled;
      gs++;
      if (jGen < nGen) {
        groupEnds[gs - 1] = 0;
        break;
      }
      groupEnds[gs - 1] = 1;
      nGen = -1;
      if (++kGen >= count) break;
    }
    genAt[0] = kGen;
    genAt[1] = jGen;
    genAt[2] = nGen;
    genAt[3] = filled;
    genAt[4] = gs;
  };

  /**
   * Phase 2: the group's `gs` states' successors in action order, as one at a time would: their
   * checks, lookups and visits. Ids, counts and traces do not depend on the grouping.
   */
  const absorb = (gs: number): ExhaustiveResult | undefined => {
    for (let g = 0; g < gs; g++) {
      const k = groupK[g];
      const s = curs[k & GROUP_MASK];
      const sid = layerFirst + k;
      const ha = layerHash.data[2 * k];
      const hb = layerHash.data[2 * k + 1];
      if (groupFirst[g] === 0) owes = layerOwes && livenessViolation === undefined && layerDone.data[k] === 0;
      const to = groupTo[g];
      for (let i = groupFrom[g]; i < to; i++) {
        const code = batchCode[i];
        const succ = outs[i];
        const changed = batchR[3 * i + 2];
        const from = i * stride;
        const a = batchR[3 * i];
        const b = batchR[3 * i + 1];
        transitions++;
        const type = typeOf === null ? -1 : typeOf(code);
        if (type >= 0 && fired[type]++ === 0) {
          firstFrom[type] = sid;
          firstCode[type] = code;
        }
        if (coverage.active) coverage.changed(s, succ, batchChanged, from, changed);
        const stepBad = hasStep ? checks.step(s, code, succ, batchChanged, from, changed) : undefined;
        if (stepBad !== undefined) return finish(traceTo(sid, [code], stepBad));
        const id = seen.addHashes(a, b);
        const done = seen.completed;
        if (id >= 0) {
          if (type >= 0) distinct[type]++;
          parent.data[parent.length++] = sid;
          via.data[via.length++] = code;
          const v = visit(succ, id, depth + 1, changed, batchChanged, from);
          if (v) {
            depth++;
            return finish(v);
          }
          nextLayer.pushAt(succ, outAt[i]);
          nextHash.data[nextHash.length++] = a;
          nextHash.data[nextHash.length++] = b;
          nextDone.data[nextDone.length++] = done ? 1 : 0;
        }
        // After the successor's own checks: a completion's walk hashes again.
        if (owes && (a !== ha || b !== hb) && model.fair(code)) {
          owes = false;
          completeVia(sid, ha, hb, code, succ, a, b, done);
        }
        if (id >= 0 && seen.size >= maxStates) return cut(owes ? k : k + 1);
      }
      if (groupEnds[g] === 0) continue;
      if (owes) completeHere(sid, s, ha, hb);
      // A chunk of this layer fully expanded serves the next layer; the group's later states were
      // copied out of it already. With workers too: this layer is not theirs, and the chunk goes
      // back as shared memory, for a queue they will read. Also called, to no effect, after the
      // layer's first state: the call has run before the optimizer compiles this loop, which
      // otherwise meets it without type feedback 16K states into the first large layer and deoptimizes.
      if (((k + 1) & CHUNK_MASK) === 0 || k === 0) layer.consumed(k + 1);
      if (watchClock && (k & 1023) === 0) {
        const now = Date.now();
        if (now >= deadline) return cut(k + 1);
        report(now);
      }
    }
    return undefined;
  };

  /**
   * Expands the current layer in this thread, from its state `from` on (the workers expanded those
   * before), a group at a time: the search's inner loop.
   */
  const expandSerial = (from: number): ExhaustiveResult | undefined => {
    const count = layer.count;
    genAt[0] = from;
    genAt[1] = 0;
    genAt[2] = -1;
    owes = false;
    while (genAt[0] < count) {
      generate(count);
      const filled = genAt[3];
      sink ^= seen.touchAll(batchR, 0, filled, 3);
      // Room for the group's new states is made first: phase 2 then stores into the vectors without a call.
      parent.ensure(filled);
      via.ensure(filled);
      nextHash.ensure(2 * filled);
      nextDone.ensure(filled);
      const r = absorb(genAt[4]);
      if (r) return r;
    }
    return undefined;
  };

  let lastGrowth = 4;
  const minLayer = opts.parallel?.minLayer ?? 2048;
  const trial = Math.max(1, opts.parallel?.trial ?? minLayer);
  const adaptive = opts.parallel?.adaptive ?? true;
  const waitForWorkers = opts.parallel?.waitForWorkers ?? !adaptive;
  const startLate = adaptive && !waitForWorkers;
  // Per-state time of the last one-thread layer of 256 states or more, and whether the workers lost to it.
  let serialPerState = 0;
  let parallelOff = false;
  while (layer.count > 0) {
    // Sized ahead from the previous layer's growth: no rehash in the middle of a layer.
    const expected = Math.ceil(layer.count * lastGrowth);
    seen.reserve(expected);
    // What the next layer will need too, faulted in while this one is expanded (buffer-pool.ts).
    const ahead = expected + Math.ceil(expected * lastGrowth);
    seen.prepare(ahead);
    parent.prepare(ahead);
    via.prepare(ahead);
    nextHash.prepare(2 * expected);
    nextDone.prepare(expected);
    const sizeBefore = seen.size;
    const large = workers > 1 && !parallelOff && layer.count >= minLayer;
    // The pool starts (threads load the model) with the first large layer, outside its timing; by
    // default (adaptive, not waited for), with the first after the search has run 2 s. Starting
    // threads takes a core from the search for about 250 ms, a loss where the search ends before
    // they are ready or soon after (on 2 cores, started with the first large layer: ordered-delivery
    // tape-read-standard 200-240 ms against 145-155 in one thread, multi-site-mirror standard-double
    // 1.2 s against 0.9).
    if (large && (!startLate || Date.now() - t0 >= 2000)) pool ??= WorkerPool.start(opts.parallel!.spec, workers, waitForWorkers);
    // Layers stay here until the workers are ready. (Searches used to wait for them at 8 x minLayer,
    // so that their first layer, the adaptive trial, was not a larger one still; a trial is now
    // `trial` states of whatever layer it falls on.)
    const toWorkers = large && pool !== undefined && pool.ready();
    if (toWorkers && layerOwes) {
      settle(layer, layerHash, layerDone, layerFirst, 0);
      layerOwes = false;
    }
    const layerStart = performance.now();
    // The workers' first layer is a trial: its first `trial` states (see ExhaustiveOptions).
    const limit = parallelLayers === 0 ? Math.min(layer.count, trial) : layer.count;
    const doneInParallel = toWorkers && expandParallel(limit);
    // Judged on the workers' part alone. (Judged from their second layer on instead, when their code
    // is compiled, ordered-delivery standard took 5.2 s against 4.5: on 2 cores they lose a whole
    // layer more.)
    if (doneInParallel) parallelOff = adaptive && serialPerState > 0 && (performance.now() - layerStart) / limit >= serialPerState;
    // The rest of a trial layer is this thread's: its successors owe their completions as in any
    // layer expanded here (those the workers merged carry DONE, and the layer's own were settled).
    const rest = doneInParallel ? limit : 0;
    nextOwes = completer !== null && rest < layer.count;
    if (rest === layer.count && watchClock) {
      const now = Date.now();
      if (now >= deadline) return cut(0);
      report(now);
    }
    if (rest < layer.count) {
      const r = expandSerial(rest);
      if (r) return r;
    }
    if (nextLayer.count === 0) break;
    const perState = (performance.now() - layerStart) / layer.count;
    if (!doneInParallel && layer.count >= 256) serialPerState = perState;
    lastGrowth = Math.min(16, (seen.size - sizeBefore) / layer.count + 0.5);
    depth++;
    layerFirst += layer.count;
    [layer, nextLayer] = [nextLayer, layer];
    [layerHash, nextHash] = [nextHash, layerHash];
    [layerDone, nextDone] = [nextDone, layerDone];
    layerOwes = nextOwes;
    nextLayer.clear();
    nextHash.length = 0;
    nextDone.length = 0;
  }
  return finish(livenessViolation);
}
