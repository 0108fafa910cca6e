// Checks the declarations the incremental checks rely on (incremental.ts) against the checks
// themselves, on reachable states and transitions:
// - an always property's `reads`: every position its evaluation reads on a sampled state (recorded
//   through a Proxy; a bulk method called on the state counts as reading all of it) is declared. The
//   evaluation is deterministic, so any state that agrees with a sampled one on the declared positions
//   gets the same verdict: the explorer may skip it;
// - a step property's `watches`: a sampled transition with the watched positions put back to their
//   values before the step, and the stutter (the state to itself), satisfy it;
// - a step property's `holdsAt`: the verdict of `holds` on sampled transitions, and on those with
//   watched positions changed (which break it);
// - an always property's `holdsAt`: the verdict of `holds` on the successor of every sampled
//   transition from a state where it holds, and on that successor with positions it reads set
//   otherwise (which break it);
// - a step property's `on`: every sampled transition of another type satisfies it, also with
//   positions of either state set otherwise;
// - a model's `update` (`next` on a copy already in place, contract.ts): on every sampled
//   transition it leaves the copy equal to what `next` writes.
// What it reports names the fields (Model.fields) so that the fix is one word in a declaration.
import type { Model, State } from './contract.js';
import { fieldSpans } from './layout.js';

export interface Sample {
  states: State[];
  transitions: [State, number, State][];
}

/** Reachable states and transitions: a breadth-first prefix, then seeded random walks for depth. */
export function sampleReachable(model: Model, opts: { bfs: number; walks: number; steps: number; seed: number }): Sample {
  const acts = new Int32Array(model.maxActions);
  const states: State[] = [];
  const transitions: [State, number, State][] = [];
  const seen = new Set<string>();
  let layer = model.init();
  for (const s of layer) if (!seen.has(s.join())) (seen.add(s.join()), states.push(s));
  while (layer.length > 0 && states.length < opts.bfs) {
    const next: State[] = [];
    for (const s of layer) {
      const n = model.actions(s, acts);
      for (let j = 0; j < n && states.length < opts.bfs; j++) {
        const t = new Int32Array(model.stateSize);
        model.next(s, acts[j], t);
        transitions.push([s, acts[j], t]);
        const key = t.join();
        if (seen.has(key)) continue;
        seen.add(key);
        states.push(t);
        next.push(t);
      }
    }
    layer = next;
  }
  let x = opts.seed >>> 0 || 1;
  const rand = (n: number): number => {
    // xorshift32: deterministic, no Math.random.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const inits = model.init();
  for (let w = 0; w < opts.walks; w++) {
    let s = inits[rand(inits.length)];
    for (let d = 0; d < opts.steps; d++) {
      const n = model.actions(s, acts);
      if (n === 0) break;
      const a = acts[rand(n)];
      const t = new Int32Array(model.stateSize);
      model.next(s, a, t);
      transitions.push([s, a, t]);
      states.push(t);
      s = t;
    }
  }
  return { states, transitions };
}

const VIEW_PROPS = new Set(['length', 'byteOffset', 'byteLength', 'buffer', 'BYTES_PER_ELEMENT']);

/** `s` behind a Proxy that adds every position read to `read` (positions counted from `base`). */
function recording(s: Int32Array, read: Set<number>, base = 0): Int32Array {
  return new Proxy(s, {
    get(t, p) {
      if (typeof p === 'string' && /^\d+$/.test(p)) {
        read.add(base + Number(p));
        return t[Number(p)];
      }
      if (p === 'subarray') {
        return (a = 0, b = t.length) => {
          const from = a < 0 ? Math.max(0, t.length + a) : Math.min(a, t.length);
          return recording(t.subarray(a, b), read, base + from);
        };
      }
      if (typeof p === 'string' && VIEW_PROPS.has(p)) return Reflect.get(t, p);
      // Any other method (set, fill, slice, indexOf, iteration): it may read every word.
      for (let i = 0; i < t.length; i++) read.add(base + i);
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/**
 * For a `holdsAt` audit: the successor `next` of `prev`, and `next` with two of `positions` set
 * otherwise (to 0, back, or one off; `k` counts the positions already taken, so that the sample
 * varies them), which make steps and states that break the check, where a `holdsAt` that says yes is
 * caught. Each with the positions where it differs from `prev`, in a list from offset 3: a `holdsAt`
 * that ignores `from` reads the three words before it.
 */
function withFieldsChanged(prev: State, next: State, positions: number[], k: number): [State, Int32Array][] {
  const states = [next];
  for (let j = 0; j < 2 && positions.length > 0; j++, k++) {
    const p = positions[(k * 7919) % positions.length];
    const t = Int32Array.from(next);
    t[p] = [0, prev[p], next[p] + 1, next[p] - 1][k % 4];
    states.push(t);
  }
  return states.map((t) => {
    const changed = [7, 7, 7];
    for (let i = 0; i < t.length; i++) if (t[i] !== prev[i]) changed.push(i);
    return [t, Int32Array.from(changed)];
  });
}

/** The problems found, one line each (empty: the declarations hold on the sample). */
export function auditDeclarations(model: Model, sample: Sample): string[] {
  const problems: string[] = [];
  const spans = model.fields ? [...fieldSpans(model.fields, model.stateSize)] : [];
  const fieldOf = (p: number): string => spans.find(([, [a, b]]) => p >= a && p < b)?.[0] ?? `position ${p}`;
  for (const c of model.always) {
    if (!c.reads) continue;
    const declared = new Set(Array.from(c.reads));
    const missing = new Set<string>();
    for (const s of sample.states) {
      const read = new Set<number>();
      c.holds(recording(s, read));
      for (const p of read) if (!declared.has(p)) missing.add(fieldOf(p));
    }
    if (missing.size > 0) problems.push(`${c.id} reads ${[...missing].sort().join(', ')} outside its declared reads`);
  }
  for (const c of model.always) {
    if (!c.holdsAt) continue;
    const read = Array.from(c.reads ?? Array.from({ length: model.stateSize }, (_, i) => i));
    let bad: string | undefined;
    let k = 0;
    for (const [prev, a, next] of sample.transitions) {
      // Given that it held on the parent: the explorer stops at the first state where it does not.
      if (!c.holds(prev)) continue;
      for (const [t, changed] of withFieldsChanged(prev, next, read, k)) {
        const want = c.holds(t);
        if (c.holdsAt(t, changed, 3, changed.length - 3) !== want) {
          bad ??= `the successor by ${JSON.stringify(model.actionToJson(prev, a))}${t === next ? '' : ' with a field it reads changed'}: holdsAt says ${!want}, holds ${want}`;
        }
      }
      k += 2;
      if (bad) break;
    }
    if (bad) problems.push(`${c.id} disagrees on ${bad}`);
  }
  for (const c of model.step) {
    if (!c.watches) continue;
    const watched = Array.from(c.watches);
    let bad: string | undefined;
    for (const [prev, a, next] of sample.transitions) {
      const kept = Int32Array.from(next);
      for (const p of watched) kept[p] = prev[p];
      if (!c.holds(prev, a, kept)) bad ??= `a step by ${JSON.stringify(model.actionToJson(prev, a))} with its watched fields put back`;
      if (!c.holds(prev, a, Int32Array.from(prev))) bad ??= `the stutter of ${JSON.stringify(model.actionToJson(prev, a))}`;
      if (bad) break;
    }
    if (bad) problems.push(`${c.id} fails on ${bad}: a position outside its watches decides it`);
  }
  for (const c of model.step) {
    if (!c.holdsAt) continue;
    const watched = Array.from(c.watches ?? Array.from({ length: model.stateSize }, (_, i) => i));
    let bad: string | undefined;
    let k = 0;
    for (const [prev, a, next] of sample.transitions) {
      for (const [t, changed] of withFieldsChanged(prev, next, watched, k)) {
        const want = c.holds(prev, a, t);
        if (c.holdsAt(prev, a, t, changed, 3, changed.length - 3) !== want) {
          bad ??= `a step by ${JSON.stringify(model.actionToJson(prev, a))}${t === next ? '' : ' with a watched field changed'}: holdsAt says ${!want}, holds ${want}`;
        }
      }
      k += 2;
      if (bad) break;
    }
    if (bad) problems.push(`${c.id} disagrees on ${bad}`);
  }
  for (const c of model.step) {
    if (!c.on) continue;
    const on = new Set(Array.from(c.on));
    const typeOf = model.actionType!;
    const w = model.stateSize;
    let bad: string | undefined;
    let k = 0;
    for (const [prev, a, next] of sample.transitions) {
      if (on.has(typeOf(a))) continue;
      // Of another type, it holds whatever the states: also with two positions of either state set otherwise.
      const steps: [State, State][] = [[prev, next]];
      for (let j = 0; j < 2 && w > 0; j++, k++) {
        const p = (k * 7919) % w;
        const v = [0, 1, -1, next[p] + 1][k % 4];
        const t = Int32Array.from(next);
        t[p] = v;
        const q = Int32Array.from(prev);
        q[p] = v;
        steps.push([prev, t], [q, next]);
      }
      for (const [p, t] of steps) {
        let ok: boolean;
        try {
          ok = c.holds(p, a, t);
        } catch {
          ok = false;
        }
        if (!ok) bad ??= `a step by ${JSON.stringify(model.actionToJson(prev, a))}${p === prev && t === next ? '' : ' with a field changed'}`;
      }
      if (bad) break;
    }
    if (bad) problems.push(`${c.id} fails on ${bad}, a type outside its on`);
  }
  return problems;
}

/**
 * Where a model's `update`, given a copy of the state, ends somewhere else than its `next`: the
 * first sampled transition where they differ, named by its action and the first field that differs;
 * undefined when they agree on all of them (or the model has no `update`).
 */
export function auditUpdate(model: Model, sample: Sample): string | undefined {
  if (!model.update) return undefined;
  const spans = model.fields ? [...fieldSpans(model.fields, model.stateSize)] : [];
  const fieldOf = (p: number): string => spans.find(([, [a, b]]) => p >= a && p < b)?.[0] ?? `position ${p}`;
  for (const [prev, a, next] of sample.transitions) {
    const u = Int32Array.from(prev);
    model.update(prev, a, u);
    const p = u.findIndex((v, i) => v !== next[i]);
    if (p >= 0) return `update of ${JSON.stringify(model.actionToJson(prev, a))} leaves ${fieldOf(p)} at ${u[p]} where next writes ${next[p]}`;
  }
  return undefined;
}
