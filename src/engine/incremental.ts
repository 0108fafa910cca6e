// Safety checks redone only where a transition changed what they depend on.
//
// The exhaustive explorer checks every new state, and every transition, against every always and
// step property. A transition changes a few words of the state vector (3-4 of 88-190 in these
// models), and the fingerprint kernel already finds which (kernel.ts, `CHANGED`). So:
// - an always property that declares the positions it `reads` is not re-evaluated on a successor
//   that differs from its parent only elsewhere: its evaluation there would read the same values
//   as on the parent, where it held (the search stops at the first violation, and initial states
//   are checked in full);
// - a step property that declares the positions it `watches` is not evaluated on a transition that
//   leaves them all unchanged: it holds there by its own statement (TLA+'s [A]_v, stuttering on v).
// A property with `holdsAt` is given the changed positions, and looks at those alone (an always
// property's, knowing that it held on the parent); a step property that
// declares the action types it can fail `on` is not evaluated on a transition of another type.
// A property without a declaration is evaluated everywhere. Either way the first property violated,
// in declaration order, is the one the full evaluation reports. `properties/incremental.test.ts`
// checks every declaration against the evaluations themselves.
import type { AlwaysCheck, Model, State, StepCheck } from './contract.js';

export interface IncrementalChecks {
  /**
   * The first always property `s` violates, where `s` differs at `changed[from..from + n)` from a
   * state where every always property held.
   */
  always(s: State, changed: Int32Array, from: number, n: number): string | undefined;
  /** The first step property the transition violates; `changed[from..from + n)`: the positions it changed. */
  step(prev: State, action: number, next: State, changed: Int32Array, from: number, n: number): string | undefined;
  /** How many always and step properties carry a declaration (reads or holdsAt; watches, on or holdsAt). */
  declared: { always: number; step: number };
}

/** Per position, a bit per check that depends on it; a bit per check without a declaration in `everywhere`. */
interface Masks {
  words: number;
  at: Int32Array;
  everywhere: Int32Array;
}

function masks(width: number, deps: (ArrayLike<number> | undefined)[], what: string, ids: string[]): Masks {
  const words = Math.max(1, Math.ceil(deps.length / 32));
  const at = new Int32Array(width * words);
  const everywhere = new Int32Array(words);
  deps.forEach((d, i) => {
    const bit = 1 << (i & 31);
    const k = i >> 5;
    if (d === undefined) {
      everywhere[k] |= bit;
      return;
    }
    for (let j = 0; j < d.length; j++) {
      const p = d[j];
      if (!Number.isInteger(p) || p < 0 || p >= width) throw new Error(`${ids[i]}: ${what} position ${p} outside the state vector (0..${width - 1})`);
      at[p * words + k] |= bit;
    }
  });
  return { words, at, everywhere };
}

/** The bits of the checks to evaluate, into `hit`: those without a declaration and those depending on a changed position. */
function affected(m: Masks, changed: Int32Array, from: number, n: number, hit: Int32Array): void {
  const w = m.words;
  for (let k = 0; k < w; k++) hit[k] = m.everywhere[k];
  for (let i = from; i < from + n; i++) {
    const o = changed[i] * w;
    for (let k = 0; k < w; k++) hit[k] |= m.at[o + k];
  }
}

/**
 * Per action type, a bit per step check that a transition of that type may break (`on`): every check
 * without `on`, and those listing the type. Empty when no check declares `on`.
 */
function typeMasks(model: Model, words: number): Int32Array {
  const step = model.step;
  if (!step.some((c) => c.on)) return new Int32Array(0);
  if (!model.actionType) throw new Error(`${step.find((c) => c.on)!.id}: declares the action types it is checked on (on), but the model has no actionType`);
  const types = Math.max(model.actionTypes?.length ?? 0, ...step.flatMap((c) => Array.from(c.on ?? [], (t) => t + 1)));
  const m = new Int32Array(types * words);
  step.forEach((c, i) => {
    const bit = 1 << (i & 31);
    const k = i >> 5;
    if (!c.on) {
      for (let t = 0; t < types; t++) m[t * words + k] |= bit;
      return;
    }
    for (const t of Array.from(c.on)) {
      if (!Number.isInteger(t) || t < 0) throw new Error(`${c.id}: on lists ${t}, not an action type`);
      m[t * words + k] |= bit;
    }
  });
  return m;
}

export function incrementalChecks(model: Model): IncrementalChecks {
  const width = model.stateSize;
  const always: AlwaysCheck[] = model.always;
  const step: StepCheck[] = model.step;
  const am = masks(width, always.map((c) => c.reads), 'reads', always.map((c) => c.id));
  const sm = masks(width, step.map((c) => c.watches), 'watches', step.map((c) => c.id));
  const hitA = new Int32Array(am.words);
  const hitS = new Int32Array(sm.words);
  // Up to 32 checks (every system here) their bits fit one word: the bits are a number, not an array.
  const atA = am.at;
  const atS = sm.at;
  const everyA = am.everywhere[0];
  const everyS = sm.everywhere[0];
  // Per check, its `holdsAt` if it has one: it is given the changed positions.
  const alwaysAt = always.map((c) => c.holdsAt);
  const stepAt = step.map((c) => c.holdsAt);
  const byType = typeMasks(model, sm.words);
  const typeOf = model.actionType;
  const types = byType.length / sm.words;
  return {
    always(s, changed, from, n) {
      if (am.words === 1) {
        let h = everyA;
        for (let i = from; i < from + n; i++) h |= atA[changed[i]];
        for (; h !== 0; h &= h - 1) {
          const k = 31 - Math.clz32(h & -h);
          const c = always[k];
          const at = alwaysAt[k];
          if (!(at !== undefined ? at.call(c, s, changed, from, n) : c.holds(s))) return c.id;
        }
        return undefined;
      }
      affected(am, changed, from, n, hitA);
      for (let k = 0; k < am.words; k++) {
        // Lowest bit first: declaration order, as a full evaluation reports.
        for (let h = hitA[k]; h !== 0; h &= h - 1) {
          const i = (k << 5) + 31 - Math.clz32(h & -h);
          const c = always[i];
          const at = alwaysAt[i];
          if (!(at !== undefined ? at.call(c, s, changed, from, n) : c.holds(s))) return c.id;
        }
      }
      return undefined;
    },
    step(prev, action, next, changed, from, n) {
      const t = types > 0 ? typeOf!(action) : -1;
      if (sm.words === 1) {
        let h = everyS;
        for (let i = from; i < from + n; i++) h |= atS[changed[i]];
        if (t >= 0 && t < types) h &= byType[t];
        for (; h !== 0; h &= h - 1) {
          const k = 31 - Math.clz32(h & -h);
          const c = step[k];
          const at = stepAt[k];
          if (!(at !== undefined ? at.call(c, prev, action, next, changed, from, n) : c.holds(prev, action, next))) return c.id;
        }
        return undefined;
      }
      affected(sm, changed, from, n, hitS);
      if (t >= 0 && t < types) for (let k = 0; k < sm.words; k++) hitS[k] &= byType[t * sm.words + k];
      for (let k = 0; k < sm.words; k++) {
        for (let h = hitS[k]; h !== 0; h &= h - 1) {
          const i = (k << 5) + 31 - Math.clz32(h & -h);
          const c = step[i];
          const at = stepAt[i];
          if (!(at !== undefined ? at.call(c, prev, action, next, changed, from, n) : c.holds(prev, action, next))) return c.id;
        }
      }
      return undefined;
    },
    declared: { always: always.filter((c) => c.reads || c.holdsAt).length, step: step.filter((c) => c.watches || c.on || c.holdsAt).length },
  };
}
