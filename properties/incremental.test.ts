// Incremental checks (src/engine/incremental.ts): the exhaustive explorer skips an always property on
// a successor that left every position it `reads` unchanged, and a step property on a transition that
// left every position it `watches` unchanged. Here: the skipping reports exactly what a full evaluation
// reports, a wrong declaration is caught by the audit, and every declaration of every system holds on
// reachable states and transitions of every configuration (and of every naive variant's catching one).
import { describe, expect, it } from 'vitest';
import type { Action, Model, State } from '../src/engine/contract.js';
import { exploreExhaustive } from '../src/engine/exhaustive.js';
import { auditDeclarations, auditUpdate, sampleReachable } from '../src/engine/incremental-audit.js';
import { incrementalChecks } from '../src/engine/incremental.js';
import { systems } from '../src/systems/index.js';

// State: [counter a, counter b, flag]; actions: 0 increments a (up to 3), 1 increments b (up to 3), 2 sets the flag.
function counters(declare: boolean, badAt?: number): Model & { evaluations: Record<string, number> } {
  const evaluations: Record<string, number> = { 'a-small': 0, 'b-small': 0, 'a-up': 0 };
  return {
    evaluations,
    stateSize: 3,
    maxActions: 3,
    fields: { A: 0, B: 1, FLAG: 2 },
    init: () => [new Int32Array(3)],
    actions(s: State, out: Int32Array): number {
      let n = 0;
      if (s[0] < 3) out[n++] = 0;
      if (s[1] < 3) out[n++] = 1;
      if (s[2] === 0) out[n++] = 2;
      return n;
    },
    next(s: State, a: number, out: State): void {
      out.set(s);
      if (a < 2) out[a]++;
      else out[2] = 1;
    },
    fair: () => true,
    actionToJson: (_s, a): Action => ({ type: ['a', 'b', 'flag'][a] }),
    actionFromJson: (a) => ['a', 'b', 'flag'].indexOf(a.type),
    view: (s) => ({ a: s[0], b: s[1], flag: s[2] }),
    always: [
      { id: 'a-small', ...(declare ? { reads: [0] } : {}), holds: (s) => (evaluations['a-small']++, s[0] !== badAt) },
      { id: 'b-small', ...(declare ? { reads: [1] } : {}), holds: (s) => (evaluations['b-small']++, s[1] !== badAt) },
    ],
    step: [{ id: 'a-up', ...(declare ? { watches: [0] } : {}), holds: (p, _a, n) => (evaluations['a-up']++, n[0] >= p[0]) }],
    sometimes: [],
    eventually: [],
  };
}

describe('incremental checks', () => {
  it('evaluate a declared check only where what it reads changed, with the same verdicts and counts', () => {
    const full = counters(false);
    const inc = counters(true);
    const a = exploreExhaustive(full);
    const b = exploreExhaustive(inc);
    expect(b.verdict).toBe('holds');
    expect([b.states, b.transitions]).toEqual([a.states, a.transitions]);
    // 32 states, 64 transitions: in full every state and transition is checked; declared, only those that moved the counter.
    expect(full.evaluations).toEqual({ 'a-small': 32, 'b-small': 32, 'a-up': 64 });
    expect(inc.evaluations['a-small']).toBeLessThan(32);
    expect(inc.evaluations['b-small']).toBeLessThan(32);
    expect(inc.evaluations['a-up']).toBe(24);
  });

  it('report the same first violation and the same shortest trace as a full evaluation', () => {
    for (const bad of [1, 2, 3]) {
      const a = exploreExhaustive(counters(false, bad));
      const b = exploreExhaustive(counters(true, bad));
      expect(b.verdict).toBe('violated');
      expect(b.violation).toEqual(a.violation);
    }
  });

  it('report the lowest declared property first when one step breaks two', () => {
    const m = counters(true);
    const checks = incrementalChecks({ ...m, always: [...m.always, { id: 'sum', reads: [0, 1], holds: (s) => s[0] + s[1] < 1 }], step: [] });
    const s = Int32Array.of(1, 0, 0);
    expect(checks.always(s, Int32Array.of(0), 0, 1)).toBe('sum');
    const m2 = counters(true, 1);
    const checks2 = incrementalChecks({ ...m2, always: [...m2.always, { id: 'sum', reads: [0, 1], holds: (x) => x[0] + x[1] < 1 }] });
    expect(checks2.always(s, Int32Array.of(0), 0, 1)).toBe('a-small');
    // Nothing it reads changed: not evaluated, whatever it would say.
    expect(checks2.always(s, Int32Array.of(9, 2), 1, 1)).toBeUndefined();
  });

  it('do the same with more than 32 checks, whose bits span two words', () => {
    // 33 checks first that always hold, so that a-small and b-small are the 34th and 35th.
    const pad = (declare: boolean) => Array.from({ length: 33 }, (_, i) => ({ id: `pad-${i}`, ...(declare ? { reads: [2] } : {}), holds: () => true }));
    const wide = (declare: boolean, bad?: number): Model => {
      const m = counters(declare, bad);
      return { ...m, always: [...pad(declare), ...m.always], step: [...pad(declare).map((c) => ({ id: c.id, ...(declare ? { watches: [2] } : {}), holds: () => true })), ...m.step] };
    };
    for (const bad of [1, 2, 3]) {
      const a = exploreExhaustive(wide(false, bad));
      const b = exploreExhaustive(wide(true, bad));
      expect(b.verdict).toBe('violated');
      expect(b.violation).toEqual(a.violation);
    }
    const checks = incrementalChecks(wide(true, 1));
    // Position 1 changed: only b-small (bit 34) is evaluated, and it fails.
    expect(checks.always(Int32Array.of(0, 1, 0), Int32Array.of(1), 0, 1)).toBe('b-small');
    expect(checks.always(Int32Array.of(1, 0, 0), Int32Array.of(1), 0, 1)).toBeUndefined();
    expect(checks.step(Int32Array.of(1, 0, 0), 0, Int32Array.of(0, 0, 0), Int32Array.of(0), 0, 1)).toBe('a-up');
    expect(checks.step(Int32Array.of(1, 0, 0), 0, Int32Array.of(0, 0, 0), Int32Array.of(2), 0, 1)).toBeUndefined();
  });

  it('the audit catches an update that does not end where next does, and names the field', () => {
    const m = counters(true);
    const update = (s: State, a: number, out: State): void => {
      if (a < 2) out[a]++;
      else out[2] = 1;
    };
    const sample = sampleReachable(m, { bfs: 100, walks: 5, steps: 10, seed: 1 });
    expect(auditUpdate({ ...m, update }, sample)).toBeUndefined();
    // Forgets the flag: the copy keeps the old one.
    const forgets = (s: State, a: number, out: State): void => {
      if (a < 2) out[a]++;
    };
    expect(auditUpdate({ ...m, update: forgets }, sample)).toBe('update of {"type":"flag"} leaves FLAG at 0 where next writes 1');
  });

  it('reject a declared position outside the state vector', () => {
    const m = counters(true);
    expect(() => incrementalChecks({ ...m, always: [{ id: 'x', reads: [3], holds: () => true }] })).toThrow(/x: reads position 3 outside/);
  });

  it('the audit catches a declaration that leaves out a field a check reads, or a watch that does not decide a step', () => {
    const m = counters(true);
    const sample = sampleReachable(m, { bfs: 100, walks: 5, steps: 10, seed: 1 });
    expect(auditDeclarations(m, sample)).toEqual([]);
    const wrong: Model = {
      ...m,
      always: [{ id: 'sum', reads: [0], holds: (s) => s[0] + s[1] < 9 }],
      step: [{ id: 'flag-only-last', watches: [2], holds: (p, a, n) => !(a === 0 && n[0] === p[0]) }],
    };
    expect(auditDeclarations(wrong, sample)).toEqual([
      'sum reads B outside its declared reads',
      'flag-only-last fails on the stutter of {"type":"a"}: a position outside its watches decides it',
    ]);
    // A bulk read (subarray, set, fill) counts as reading what it covers.
    const bulk: Model = { ...m, always: [{ id: 'copy', reads: [0], holds: (s) => s.subarray(1, 2)[0] >= 0 }], step: [] };
    expect(auditDeclarations(bulk, sample)).toEqual(['copy reads B outside its declared reads']);
  });

  it('evaluate a check declared `on` some action types only on transitions of those types, with the same verdicts', () => {
    const typed = (on: number[] | undefined, bad: number): Model & { calls: number } => {
      const m = counters(true);
      const r = {
        ...m,
        calls: 0,
        actionTypes: ['a', 'b', 'flag'],
        actionType: (a: number) => a,
        // Breaks when counter a reaches `bad`: only an `a` step can.
        step: [{ id: 'a-below', ...(on ? { on } : {}), holds: (_p: State, a: number, n: State) => (r.calls++, a !== 0 || n[0] < bad) }],
      };
      return r;
    };
    const all = typed(undefined, 9);
    const some = typed([0], 9);
    expect(exploreExhaustive(all).verdict).toBe('holds');
    expect(exploreExhaustive(some).verdict).toBe('holds');
    // 64 transitions, 24 of them `a` steps.
    expect([all.calls, some.calls]).toEqual([64, 24]);
    for (const bad of [1, 2, 3]) expect(exploreExhaustive(typed([0], bad)).violation).toEqual(exploreExhaustive(typed(undefined, bad)).violation);
    // Declared on the wrong type: never evaluated where it fails, and the audit says so.
    const wrong = typed([1], 2);
    expect(exploreExhaustive(wrong).verdict).toBe('holds');
    expect(auditDeclarations(wrong, sampleReachable(wrong, { bfs: 100, walks: 5, steps: 10, seed: 1 }))).toEqual([
      expect.stringMatching(/^a-below fails on a step by \{"type":"a"\}.*, a type outside its on$/),
    ]);
    expect(() => incrementalChecks({ ...typed([0], 9), actionType: undefined })).toThrow('a-below: declares the action types it is checked on (on), but the model has no actionType');
  });

  it("use an always property's holdsAt in place of holds, and the audit catches one that disagrees", () => {
    const bad = 2;
    // Judges counter a from the changed positions alone: evaluated there, never the full check.
    const calls = { holds: 0, holdsAt: 0 };
    const positional = (s: State, changed: Int32Array, from: number, n: number): boolean => {
      calls.holdsAt++;
      for (let j = from; j < from + n; j++) if (changed[j] === 0 && s[0] === bad) return false;
      return true;
    };
    const withAt = (holdsAt: NonNullable<Model['always'][number]['holdsAt']>): Model => {
      const m = counters(true, bad);
      return { ...m, always: [{ id: 'a-small', reads: [0], holds: (s) => (calls.holds++, s[0] !== bad), holdsAt }], step: [] };
    };
    const full = exploreExhaustive(counters(true, bad));
    calls.holds = 0;
    const at = exploreExhaustive(withAt(positional));
    expect(at.violation).toEqual({ ...full.violation, property: 'a-small' });
    // Only the initial state is checked in full.
    expect(calls.holds).toBe(1);
    expect(calls.holdsAt).toBeGreaterThan(0);
    // Vacuous: the explorer believes it, and misses the violation; the audit does not.
    expect(exploreExhaustive(withAt(() => true)).verdict).toBe('holds');
    const m = withAt(positional);
    const sample = sampleReachable(m, { bfs: 100, walks: 5, steps: 10, seed: 1 });
    expect(auditDeclarations(m, sample)).toEqual([]);
    expect(auditDeclarations(withAt(() => true), sample)).toEqual([
      expect.stringMatching(/^a-small disagrees on the successor by \{"type":"a"\}: holdsAt says true, holds false$/),
    ]);
    // Reads the list from 0: the three words before `from` are not positions the step changed.
    const fromZero = (s: State, changed: Int32Array, _from: number, n: number): boolean => positional(s, changed, 0, n);
    expect(auditDeclarations(withAt(fromZero), sample)).toHaveLength(1);
  });

  it('the audit catches a holdsAt that disagrees with holds, also one that ignores `from`', () => {
    const m = counters(true);
    const sample = sampleReachable(m, { bfs: 100, walks: 5, steps: 10, seed: 1 });
    const up = (p: State, n: State): boolean => n[0] >= p[0];
    const positional = (p: State, _a: number, n: State, changed: Int32Array, from: number, k: number): boolean => {
      for (let j = from; j < from + k; j++) if (changed[j] === 0 && n[0] < p[0]) return false;
      return true;
    };
    const withAt = (holdsAt: NonNullable<Model['step'][number]['holdsAt']>): Model => ({ ...m, always: [], step: [{ id: 'a-up', watches: [0], holds: (p, _a, n) => up(p, n), holdsAt }] });
    expect(auditDeclarations(withAt(positional), sample)).toEqual([]);
    // Vacuous: the steps with counter a set back break the check, and it says yes.
    expect(auditDeclarations(withAt(() => true), sample)).toEqual([
      expect.stringMatching(/^a-up disagrees on a step by .* with a watched field changed: holdsAt says true, holds false$/),
    ]);
    // Reads the list from 0: the three words before `from` are not positions the step changed.
    const fromZero = (p: State, a: number, n: State, changed: Int32Array, _from: number, k: number): boolean => positional(p, a, n, changed, 0, k);
    expect(auditDeclarations(withAt(fromZero), sample)).toHaveLength(1);
  });
});

// Sampled: a breadth-first prefix and random walks of every configuration; the naive variants on the
// configuration that catches them, since the explorer skips checks on their states too.
describe.each(systems.map((s) => [s.name, s] as const))('declared reads and watches, and update, of %s', (_name, system) => {
  const builds: [string, string | undefined][] = [
    ...system.configs.map((c) => [c.name, undefined] as [string, undefined]),
    ...system.variants.map((v) => [v.catchConfig, v.name] as [string, string]),
  ];
  it.each(builds)('hold on reachable states and transitions of %s (variant %s)', (config, variant) => {
    const model = system.build(config, variant);
    const checks = incrementalChecks(model);
    const sample = sampleReachable(model, { bfs: variant ? 400 : 1500, walks: variant ? 20 : 60, steps: 60, seed: 7 });
    if (checks.declared.always + checks.declared.step > 0) expect(auditDeclarations(model, sample)).toEqual([]);
    // The exhaustive explorer writes successors with `update` on a copy: it must be `next`.
    expect(model.update).toBeTypeOf('function');
    expect(auditUpdate(model, sample)).toBeUndefined();
  });
});
