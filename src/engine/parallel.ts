// Parallel breadth-first search, TLC's design kept deterministic.
//
// The seen-state fingerprint table and the current layer live in SharedArrayBuffers. Per layer,
// worker threads take blocks of states from a shared counter, expand them, drop successors the
// table already holds (the table is read-only while they run), and evaluate the rest: invariants,
// witnesses, the liveness completion. The main thread then merges their candidates in (state,
// action) order, inserting each into the table: the ids, parents, counts, witness depths and the
// first liveness failure are exactly those of the one-thread search. A layer in which a worker met a
// step or invariant violation, or which would pass `maxStates`, is redone in one thread, so that the
// counterexample (the shortest, the first in BFS order) and the partial counts are the same too.
// The first layer they take is a trial: they expand its first states and the main thread the rest,
// after merging theirs (exhaustive.ts, `trial`).
//
// The main thread waits with Atomics.wait and takes results with receiveMessageOnPort: the
// exploration stays synchronous for its callers.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { compiledModule } from './root.js';

/** A model as a module and its arguments: `import(module).buildModel(args)` in each worker. */
export interface ModelSpec {
  module: string;
  args: unknown;
  liveness: boolean;
}

export interface LayerRequest {
  /** The previous layer was merged: its coverage counts. */
  commit: boolean;
  queue: import('./state-queue.js').QueueBuffers;
  count: number;
  /** The layer's fingerprints, two words per state: a worker hashes each successor from its parent's. */
  hashes: Int32Array<ArrayBufferLike>;
  table: SharedArrayBuffer;
  mask: number;
  /** Witnesses already reached (bit w). */
  reached: Int32Array;
  livenessFound: boolean;
}

export interface LayerResult {
  count: number;
  /** Per candidate: state index, action index, code, fingerprint halves, witness bits. */
  meta: Int32Array;
  states: Int32Array;
  transitions: number;
  fired: Float64Array;
  firstK: Int32Array;
  firstJ: Int32Array;
  liveness: { index: number; property: string; actions: number[] }[];
  /** A step or invariant violation: the layer must be redone in one thread. */
  violated: boolean;
}

const CTRL = { NEXT: 0, DONE: 1, ABORT: 2 } as const;

/** Pools by size, kept across searches: a thread and its imports are paid once per process. */
const pools = new Map<number, WorkerPool>();

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(16));

  /** Whether the workers are building a model and have not all said they are done. */
  private loading = false;

  /**
   * The pool of `size` workers, building the model of `spec`: waited for with `wait`, otherwise
   * `ready` says when it is done.
   */
  static start(spec: ModelSpec, size: number, wait: boolean): WorkerPool {
    let pool = pools.get(size);
    if (!pool) {
      pool = new WorkerPool(size);
      pools.set(size, pool);
    }
    // A load an earlier search did not wait for ends first: the workers count both on one counter.
    // Its failure was that search's, which no longer needs the model; this load reports its own.
    try {
      pool.settle();
    } catch {
      // (dropped)
    }
    Atomics.store(pool.ctrl, CTRL.DONE, 0);
    for (const p of pool.ports) p.postMessage({ type: 'model', spec });
    pool.loading = true;
    if (wait) pool.settle();
    return pool;
  }

  /** Whether every worker has built the model, without waiting; a worker's failure to build it is thrown. */
  ready(): boolean {
    if (this.loading && Atomics.load(this.ctrl, CTRL.DONE) >= this.size) this.settle();
    return !this.loading;
  }

  /** Waits for the model being built, if one is. */
  private settle(): void {
    if (!this.loading) return;
    this.loading = false;
    this.collect<{ ok: true }>();
  }

  private constructor(readonly size: number) {
    const url = new URL(compiledModule('./parallel-worker.js', import.meta.url));
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(url, { workerData: { port: port2, ctrl: this.ctrl.buffer }, transferList: [port2] });
      // Idle workers do not keep the process alive.
      w.unref();
      port1.unref();
      this.workers.push(w);
      this.ports.push(port1);
    }
  }

  private waitFor(slot: number, n: number, what: string): void {
    const deadline = Date.now() + 600_000;
    for (;;) {
      const v = Atomics.load(this.ctrl, slot);
      if (v >= n) return;
      if (Date.now() > deadline) throw new Error(`parallel search: workers did not ${what}`);
      Atomics.wait(this.ctrl, slot, v, 1000);
    }
  }

  private collect<T>(): T[] {
    this.waitFor(CTRL.DONE, this.size, 'finish a layer');
    return this.ports.map((p) => {
      const m = receiveMessageOnPort(p)?.message as (T & { error?: string }) | undefined;
      if (!m) throw new Error('parallel search: a worker sent no result');
      if (m.error) throw new Error(`parallel search worker: ${m.error.split('\n')[0]}`);
      return m;
    });
  }

  expand(req: LayerRequest): LayerResult[] {
    Atomics.store(this.ctrl, CTRL.NEXT, 0);
    Atomics.store(this.ctrl, CTRL.DONE, 0);
    Atomics.store(this.ctrl, CTRL.ABORT, 0);
    for (const p of this.ports) p.postMessage({ type: 'layer', req });
    return this.collect<LayerResult>();
  }

  /** Each worker's lifecycle coverage; `commit`: its last layer was merged. */
  coverage(commit: boolean): Uint8Array[][] {
    Atomics.store(this.ctrl, CTRL.DONE, 0);
    for (const p of this.ports) p.postMessage({ type: 'coverage', commit });
    return this.collect<{ coverage: Uint8Array[] }>().map((m) => m.coverage);
  }

}
