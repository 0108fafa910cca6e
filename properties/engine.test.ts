// The engine on a model small enough to know by hand: two processes each increment a shared
// counter with a separate read and write (the lost update). Every answer here is checkable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, GuaranteeRow, Model, State, System } from '../src/engine/contract.js';
import { guaranteeVerdict, type ConfigResult } from '../src/engine/report.js';
import { Completer } from '../src/engine/check.js';
import { exploreExhaustive } from '../src/engine/exhaustive.js';
import { runFalsifier } from '../src/engine/falsify.js';
import { ghostIntegrity } from '../src/engine/ghost.js';
import { addMember, createLayout, hasMember, lowestMember, memberCount, membersOf, removeMember, setWords } from '../src/engine/layout.js';
import { FingerprintSet } from '../src/engine/fingerprint-set.js';
import { HASH, hashPair } from '../src/engine/kernel.js';
import { exploreRandom } from '../src/engine/random.js';
import { walkWitnessTrace } from '../src/engine/witness-trace.js';

// State: [x, pc0, pc1, tmp0, tmp1, done]; pc: 0 = before read, 1 = read, 2 = written.
function lostUpdate(atomic: boolean): Model {
  return {
    stateSize: 6,
    maxActions: 2,
    init: () => [new Int32Array(6)],
    actions(s: State, out: Int32Array): number {
      let n = 0;
      for (let p = 0; p < 2; p++) if (s[1 + p] < 2) out[n++] = p;
      return n;
    },
    next(s: State, p: number, out: State): void {
      out.set(s);
      if (atomic) {
        out[0] = s[0] + 1;
        out[1 + p] = 2;
        out[5]++;
      } else if (s[1 + p] === 0) {
        out[3 + p] = s[0];
        out[1 + p] = 1;
      } else {
        out[0] = s[3 + p] + 1;
        out[1 + p] = 2;
        out[5]++;
      }
    },
    fair: () => true,
    actionToJson: (_s, p): Action => ({ type: 'step', process: p }),
    actionFromJson: (a) => (a.type === 'step' && (a.process === 0 || a.process === 1) ? a.process : undefined),
    view: (s) => ({ x: s[0], done: s[5] }),
    always: [{ id: 'no-lost-update', holds: (s) => s[0] === s[5] }],
    step: [{ id: 'x-monotone', holds: (a, _c, b) => b[0] >= a[0] }],
    sometimes: [
      { id: 'both-read', reached: (s) => s[1] === 1 && s[2] === 1 },
      { id: 'never', reached: () => false },
    ],
    eventually: [{ id: 'both-done', converged: (s) => s[5] === 2 }],
  };
}

describe('exhaustive explorer', () => {
  it('finds the shortest counterexample of the lost update', () => {
    const r = exploreExhaustive(lostUpdate(false));
    expect(r.verdict).toBe('violated');
    expect(r.violation!.property).toBe('no-lost-update');
    // read, read, write, write: nothing shorter loses an update.
    expect(r.violation!.actions).toHaveLength(4);
    expect(r.violation!.actions.slice(0, 2).sort()).toEqual([0, 1]);
  });

  it('counts the distinct states of the atomic version exactly and reports unreached witnesses', () => {
    const r = exploreExhaustive(lostUpdate(true));
    expect(r.verdict).toBe('holds');
    // pc pairs (0,0) (2,0) (0,2) (2,2), x determined by them.
    expect(r.states).toBe(4);
    expect(r.transitions).toBe(4);
    expect(r.depth).toBe(2);
    expect(r.witnesses).toEqual({ 'both-read': null, never: null });
  });

  it('stops at maxStates and says it is incomplete', () => {
    const r = exploreExhaustive(lostUpdate(true), { maxStates: 2 });
    expect(r.complete).toBe(false);
  });

  it('reports a liveness failure only after the search found no safety violation', () => {
    const m = lostUpdate(true);
    const stuck: Model = { ...m, eventually: [{ id: 'x-is-three', converged: (s) => s[0] === 3 }] };
    const r = exploreExhaustive(stuck);
    expect(r.violation!.property).toBe('x-is-three');
    expect(r.states).toBe(4);
  });
});

/**
 * The explorer generates the successors of consecutive states in groups before it looks any of
 * them up (exhaustive.ts). Fan-outs of 0, a few, and more than a group holds, against a plain
 * breadth-first search that takes one successor at a time.
 */
describe('successor groups', () => {
  const FAN = [0, 3, 150, 1, 70];
  const wide = (bad: number): Model => ({
    stateSize: 3,
    maxActions: 150,
    init: () => [Int32Array.of(0, 0, 0), Int32Array.of(0, 1, 0)],
    actions(s: State, out: Int32Array): number {
      const n = s[0] < 4 ? FAN[s[1] % 5] : 0;
      for (let j = 0; j < n; j++) out[j] = j;
      return n;
    },
    next(s: State, j: number, out: State): void {
      out[0] = s[0] + 1;
      out[1] = (s[1] * 31 + j * 7 + s[0]) % 1000;
      out[2] = s[2] + (j & 1);
    },
    fair: () => true,
    actionToJson: (_s, j): Action => ({ type: 'step', j }),
    actionFromJson: () => undefined,
    view: (s) => ({ level: s[0], v: s[1], w: s[2] }),
    always: [{ id: 'not-bad', holds: (s) => !(s[0] === 4 && s[1] === bad) }],
    step: [{ id: 'w-by-one', holds: (a, _c, b) => b[2] - a[2] <= 1 }],
    sometimes: [{ id: 'deep', reached: (s) => s[0] === 4 && s[2] === 3 }],
    eventually: [{ id: 'bottom', converged: (s) => s[0] === 4 }],
  });
  /** One successor at a time: states, transitions, the first violation in BFS order, the witness's depth. */
  const plain = (m: Model): { states: number; transitions: number; violation?: { init: number; actions: number[] }; deep: number | null } => {
    const seen = new FingerprintSet();
    const parent: number[] = [];
    const via: number[] = [];
    let deep: number | null = null;
    let layer: [State, number, number][] = [];
    let transitions = 0;
    const trace = (id: number): { init: number; actions: number[] } => {
      const actions: number[] = [];
      while (parent[id] >= 0) {
        actions.push(via[id]);
        id = parent[id];
      }
      return { init: -1 - parent[id], actions: actions.reverse() };
    };
    m.init().forEach((s, i) => {
      parent.push(-1 - i);
      via.push(-1);
      layer.push([s, seen.add(s), 0]);
    });
    const acts = new Int32Array(m.maxActions);
    while (layer.length > 0) {
      const next: [State, number, number][] = [];
      for (const [s, sid, d] of layer) {
        const n = m.actions(s, acts);
        for (let j = 0; j < n; j++) {
          const t = new Int32Array(m.stateSize);
          m.next(s, acts[j], t);
          transitions++;
          const id = seen.add(t);
          if (id < 0) continue;
          parent.push(sid);
          via.push(acts[j]);
          if (deep === null && m.sometimes[0].reached(t)) deep = d + 1;
          if (!m.always[0].holds(t)) return { states: seen.size, transitions, violation: trace(id), deep };
          next.push([t, id, d + 1]);
        }
      }
      layer = next;
    }
    return { states: seen.size, transitions, deep };
  };

  it('give the counts, the first violation and the witness depth of a search that takes one successor at a time', () => {
    let violated = 0;
    for (const bad of [-1, 2, 500, 999]) {
      const m = wide(bad);
      const want = plain(m);
      const r = exploreExhaustive(m, { liveness: false });
      expect({ states: r.states, transitions: r.transitions, deep: r.witnesses.deep }, `bad = ${bad}`).toEqual({ states: want.states, transitions: want.transitions, deep: want.deep });
      expect(r.violation && { init: r.violation.init, actions: r.violation.actions }, `bad = ${bad}`).toEqual(want.violation);
      if (want.violation) violated++;
    }
    // Not vacuous: most runs end in a violation deep in a layer, one explores everything.
    expect(violated).toBeGreaterThanOrEqual(2);
    expect(plain(wide(-1)).states).toBeGreaterThan(1000);
  });

  it('give the same with an `update` that writes only the words a step changes: the explorer copies the state first', () => {
    // w changes on odd actions only: without the copy, the successors of an even action would keep
    // the w of whatever was in their slot before.
    const update = (s: State, j: number, out: State): void => {
      out[0] = s[0] + 1;
      out[1] = (s[1] * 31 + j * 7 + s[0]) % 1000;
      if (j & 1) out[2] = s[2] + 1;
    };
    for (const bad of [-1, 500]) {
      const m = wide(bad);
      const want = plain(m);
      const r = exploreExhaustive({ ...m, update }, { liveness: false });
      expect({ states: r.states, transitions: r.transitions, deep: r.witnesses.deep }, `bad = ${bad}`).toEqual({ states: want.states, transitions: want.transitions, deep: want.deep });
      expect(r.violation && { init: r.violation.init, actions: r.violation.actions }, `bad = ${bad}`).toEqual(want.violation);
    }
    // An update that does not match next changes the search: the comparison above can fail.
    const skips = exploreExhaustive({ ...wide(-1), update: (s: State, j: number, out: State) => update(s, j & ~1, out) }, { liveness: false });
    expect(skips.states).not.toBe(plain(wide(-1)).states);
  });

  it('find the first liveness failure and stop at maxStates as completions run when each state is met', () => {
    const m = wide(-1);
    for (const maxStates of [undefined, 137, 1000]) {
      const want = completionsWhenMet(m, maxStates);
      const r = exploreExhaustive(m, { maxStates });
      expect(r.states).toBe(want.states);
      expect(want.property).toBe('bottom');
      expect(r.violation && { property: r.violation.property, init: r.violation.init, actions: r.violation.actions }).toEqual({ property: want.property, init: want.init, actions: want.actions });
    }
  });
});

describe('witness traces', () => {
  const noLiveness = (m: Model): Model => ({ ...m, eventually: [] });
  it('give the shortest trace to each witness reached, and none to one never reached', () => {
    const r = exploreExhaustive(noLiveness(lostUpdate(false)), { witnessTraces: true, liveness: false });
    // The lost update is found at depth 4, after both-read was reached at depth 2.
    expect(r.witnessTraces!['both-read'].actions.sort()).toEqual([0, 1]);
    expect(r.witnessTraces!.never).toBeUndefined();
  });

  it('walk only while every step is enabled, every property holds and the witness holds at the end', () => {
    const m = lostUpdate(false);
    const step = (p: number): Action => ({ type: 'step', process: p });
    const t = (actions: Action[], witness = 'both-read') => ({ config: 'c', witness, init: 0, actions });
    expect(walkWitnessTrace(m, t([step(0), step(1)]))).toBeUndefined();
    expect(walkWitnessTrace(m, t([step(0)]))).toBe('both-read does not hold at the end');
    expect(walkWitnessTrace(m, t([step(0), step(0), step(0)]))).toMatch(/step 3: .* is not enabled/);
    expect(walkWitnessTrace(m, t([step(0), step(1), step(0), step(1)]))).toBe('step 4: no-lost-update violated');
    expect(walkWitnessTrace(m, t([{ type: 'jump' }]))).toMatch(/step 1: .* is not an action of this model/);
    expect(walkWitnessTrace(m, t([], 'nope'))).toBe('nope is not a witness of this model');
  });
});

describe('random explorer', () => {
  it('catches the lost update, shrinks it to four actions and is deterministic for a seed', () => {
    const a = exploreRandom(lostUpdate(false), { runs: 200, seed: 3, steps: 10 });
    const b = exploreRandom(lostUpdate(false), { runs: 200, seed: 3, steps: 10 });
    expect(a.verdict).toBe('violated');
    expect(a.violation).toEqual(b.violation);
    expect(a.violation!.actions).toHaveLength(4);
    expect(a.path).toBeDefined();
  });

  it('re-runs a failure directly from its seed and path', () => {
    const a = exploreRandom(lostUpdate(false), { runs: 200, seed: 9, steps: 10 });
    const b = exploreRandom(lostUpdate(false), { runs: 200, seed: 9, steps: 10, path: a.path });
    expect(b.violation).toEqual(a.violation);
  });

  it('counts runs and actions when everything holds', () => {
    const r = exploreRandom(lostUpdate(true), { runs: 50, seed: 1, steps: 4 });
    expect(r.verdict).toBe('holds');
    expect(r.runs).toBe(50);
    expect(r.actions).toBeGreaterThan(50);
  });
});

describe('fault-free completion', () => {
  it('converges when the fair actions can finish, and says where it got stuck otherwise', () => {
    const m = lostUpdate(true);
    expect(new Completer(m, null).run(m.init()[0]).ok).toBe(true);
    const c = new Completer({ ...m, fair: () => false }, null).run(m.init()[0]);
    expect(c).toEqual({ ok: false, property: 'both-done', actions: [], safety: false });
  });
});

describe('layout sets', () => {
  // Against a plain Set: membership, the bits, the count and the order of iteration, and every word
  // within the byte range the layer queue stores in a byte.
  it('agree with a Set of numbers under any adds and removes, each word within -128..127', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 60 }), (n, ops) => {
        const layout = createLayout();
        layout.field(3);
        const at = layout.set(n);
        const after = layout.field();
        expect(layout.size).toBe(3 + setWords(n) + 1);
        const s = new Int32Array(layout.size).fill(0);
        s[after] = 77;
        const model = new Set<number>();
        for (const [add, x] of ops) {
          const k = x % n;
          if (add) {
            addMember(s, at, k);
            model.add(k);
          } else {
            removeMember(s, at, k);
            model.delete(k);
          }
          for (let w = 0; w < setWords(n); w++) expect(s[at + w] >= -128 && s[at + w] <= 127).toBe(true);
        }
        for (let k = 0; k < n; k++) expect(hasMember(s, at, k)).toBe(model.has(k) ? 1 : 0);
        const bits = membersOf(s, at, setWords(n));
        expect(memberCount(bits)).toBe(model.size);
        const order: number[] = [];
        for (let m = bits; m !== 0; m &= m - 1) order.push(lowestMember(m));
        expect(order).toEqual([...model].sort((a, b) => a - b));
        expect([s[0], s[1], s[2], s[after]]).toEqual([0, 0, 0, 77]);
      }),
    );
  });

  it('refuses a set of more than 30 members', () => {
    expect(() => createLayout().set(31)).toThrow(/1 to 30/);
  });
});

describe('fingerprint set', () => {
  it('gives dense ids in insertion order and finds what it holds after growing', () => {
    const set = new FingerprintSet(4);
    const v = new Int32Array(3);
    for (let i = 0; i < 10_000; i++) {
      v[0] = i;
      v[1] = i * 7;
      expect(set.add(v)).toBe(i);
    }
    for (let i = 0; i < 10_000; i += 97) {
      v[0] = i;
      v[1] = i * 7;
      expect(set.add(v)).toBe(-1);
      expect(set.has(v)).toBe(true);
    }
    v[0] = -5;
    expect(set.has(v)).toBe(false);
    // An all-zero slot is empty, yet the fingerprint (0, 0) is stored (its slot carries a flag); the
    // key is 62 bits, the low two bits of the second half being the flags.
    const z = new FingerprintSet(4);
    expect(z.addHashes(0, 0)).toBe(0);
    expect(z.hasHashes(0, 0)).toBe(true);
    expect(z.addHashes(0, 3)).toBe(-1);
    expect(z.hasHashes(0, 4)).toBe(false);
    expect(set.size).toBe(10_000);
    expect(set.collisionProbability()).toBeLessThan(1e-10);
  });
});

describe('fingerprint set as the liveness memo', () => {
  it('keeps DONE apart from SEEN: a DONE state is not seen, and a state seen after it was DONE says so once', () => {
    const set = new FingerprintSet(4);
    set.markDone(7, 8);
    expect(set.isDone(7, 8)).toBe(true);
    expect(set.hasHashes(7, 8)).toBe(false);
    expect(set.size).toBe(0);
    expect(set.addHashes(7, 8)).toBe(0);
    expect(set.completed).toBe(true);
    expect(set.addHashes(9, 8)).toBe(1);
    expect(set.completed).toBe(false);
    expect(set.isDone(9, 8)).toBe(false);
    set.markDone(9, 8);
    expect(set.isDone(9, 8)).toBe(true);
    expect(set.addHashes(9, 8)).toBe(-1);
    // Flags survive growth.
    for (let i = 100; i < 5000; i++) (i % 2 ? set.markDone(i, i * 4) : set.addHashes(i, i * 4));
    expect([set.isDone(7, 8), set.hasHashes(7, 8), set.isDone(101, 404), set.hasHashes(101, 404), set.hasHashes(100, 400), set.isDone(100, 400)]).toEqual([true, true, true, false, true, false]);
    expect(set.size).toBe(2 + 2450);
  });

  it('a completion that meets a DONE state stops there, and one that succeeds marks its whole path', () => {
    const m = lostUpdate(true);
    const memo = new FingerprintSet(4);
    const c = new Completer(m, memo);
    expect(c.run(m.init()[0])).toEqual({ ok: true });
    // The initial state and the states the completion walked through (one process, then the other).
    const s = new Int32Array(6);
    expect(memo.has(s)).toBe(false);
    hashPair(s);
    expect(memo.isDone(HASH[0], HASH[1])).toBe(true);
  });
});

describe('ghost integrity', () => {
  const check = ghostIntegrity('G', [{ offset: 0, finalFrom: 2 }]);
  const v = (x: number): Int32Array => Int32Array.of(x);
  it('lets a ghost field go from empty to pending to final', () => {
    expect(check.holds(v(0), 0, v(1))).toBe(true);
    expect(check.holds(v(1), 0, v(2))).toBe(true);
    expect(check.holds(v(0), 0, v(3))).toBe(true);
  });
  it('rejects relabelling a final value, and erasing any value', () => {
    expect(check.holds(v(2), 0, v(3))).toBe(false);
    expect(check.holds(v(2), 0, v(1))).toBe(false);
    expect(check.holds(v(1), 0, v(0))).toBe(false);
  });
  // [field final from 2, counter, mask]; holdsAt judges from the positions the step changed.
  const full = ghostIntegrity('G', [{ offset: 0, finalFrom: 2 }], { grows: [1], supersets: [2] });
  const at = (p: number[], n: number[]): boolean => {
    const changed = p.flatMap((x, i) => (x !== n[i] ? [i] : []));
    return full.holdsAt(Int32Array.from(p), 0, Int32Array.from(n), Int32Array.from([9, ...changed]), 1, changed.length);
  };
  it.each([
    [[0, 0, 0], [1, 1, 1], true],
    [[1, 3, 5], [2, 4, 7], true],
    [[2, 3, 5], [3, 3, 5], false],
    [[1, 3, 5], [0, 3, 5], false],
    [[1, 3, 5], [1, 2, 5], false],
    [[1, 3, 5], [1, 3, 4], false],
    [[1, 3, 5], [1, 3, 5], true],
  ])('counters only grow and masks only gain members: %j to %j holds %s, the same by holdsAt', (p, n, want) => {
    expect(full.holds(Int32Array.from(p), 0, Int32Array.from(n))).toBe(want);
    expect(at(p, n)).toBe(want);
  });
  it('watches its fields, counters and masks', () => {
    expect(Array.from(full.watches!)).toEqual([0, 1, 2]);
  });
});

describe('random explorer swarm weights', () => {
  it('finds a bug that needs one process to lag far behind the other, and stays deterministic', () => {
    // Process 1 must take 10 steps before process 0 takes its first: 1 run in 1,024 under a uniform choice.
    const lag: Model = {
      stateSize: 2,
      maxActions: 2,
      init: () => [new Int32Array(2)],
      actions: (s, out) => {
        let n = 0;
        if (s[0] < 1) out[n++] = 0;
        if (s[1] < 10) out[n++] = 1;
        return n;
      },
      next: (s, a, out) => {
        out.set(s);
        out[a]++;
      },
      fair: () => true,
      actionToJson: (_s, a) => ({ type: 'step', process: a }),
      actionFromJson: (a) => (a.process === 0 || a.process === 1 ? a.process : undefined),
      view: (s) => ({ p0: s[0], p1: s[1] }),
      always: [{ id: 'p0-not-last', holds: (s) => !(s[1] === 10 && s[0] === 0) }],
      step: [],
      sometimes: [],
      eventually: [],
    };
    const a = exploreRandom(lag, { runs: 300, seed: 4, steps: 11 });
    const b = exploreRandom(lag, { runs: 300, seed: 4, steps: 11 });
    expect(a.verdict).toBe('violated');
    expect(a.violation).toEqual(b.violation);
  });
});

describe('falsifiers', () => {
  const system: System = {
    name: 'lost-update',
    title: 'lost update',
    seed: '-',
    spec: '-',
    configs: [{ name: 'c', description: '', tier: 'small', properties: ['no-lost-update', 'x-monotone'], randomSteps: 4 }],
    variants: [{ name: 'split', description: '', scenario: '-', ref: '-', catchConfig: 'c', breaks: ['no-lost-update'] }],
    properties: [],
    falsifiers: [],
    build: (_c, v) => lostUpdate(v !== 'split'),
  };
  it('a variant shows an always property false, and a corruption shows a step property false', () => {
    expect(runFalsifier(system, { property: 'no-lost-update', variant: 'split', config: 'c' }).shown).toBe(true);
    const step = runFalsifier(system, {
      property: 'x-monotone',
      config: 'c',
      corruption: 'x goes back',
      findStep: (_m, prev, _a, next) => next[0] > prev[0],
      corrupt: (_m, s) => {
        s[0] = -1;
      },
    });
    expect(step).toMatchObject({ shown: true });
  });
  it('says so when nothing shows the property false', () => {
    const r = runFalsifier(system, {
      property: 'no-lost-update',
      config: 'c',
      corruption: 'nothing',
      find: (_m, s) => s[5] === 2,
      corrupt: () => {},
    });
    expect(r.shown).toBe(false);
    expect(r.problem).toMatch(/still holds/);
  });
});

describe('guarantee rows', () => {
  const config = (name: string, witnesses: Record<string, number | null>, invariant?: string): ConfigResult => ({
    name,
    hash: '',
    tier: 'small',
    description: '',
    properties: ['P', 'W'],
    exhaustive: { verdict: invariant ? 'violated' : 'holds', invariant, states: 1, transitions: 0, depth: 0, complete: true, witnesses, coverage: [], actions: [] },
    random: { verdict: 'holds', runs: 1, seed: 1, witnesses: {} },
  });
  const row: GuaranteeRow = { failure: 'f', guarantee: 'g', properties: ['P'], configs: ['a'], reached: ['W'], cell: { row: 'C1', column: 'X', value: 'protected' } };

  it('a cell holds when its property holds and its witness is reached on its own configuration', () => {
    expect(guaranteeVerdict(row, [config('a', { W: 3 })], [{} as never]).ok).toBe(true);
  });

  it('a witness reached only on another configuration, or a violated property, fails the cell', () => {
    expect(guaranteeVerdict(row, [config('a', { W: null }), config('b', { W: 2 })], [{} as never]).verdict).toMatch(/W not reached on a/);
    expect(guaranteeVerdict(row, [config('a', { W: 3 }, 'P')], [{} as never]).ok).toBe(false);
  });
});

describe('action coverage (TLC-style)', () => {
  it('firings add up to the transitions and distinct successors to the states past the initial ones, on every system', async () => {
    const { systems } = await import('../src/systems/index.js');
    for (const system of systems) {
      const config = system.configs.find((c) => c.tier === 'small')!.name;
      const model = system.build(config);
      const r = exploreExhaustive(model, { liveness: false, actionCoverage: true, maxStates: 20_000 });
      expect(r.actions, `${system.name} names its action types`).toBeDefined();
      expect(r.actions!.length).toBe(model.actionTypes!.length);
      expect(r.actions!.reduce((n, a) => n + a.fired, 0)).toBe(r.transitions);
      expect(r.actions!.reduce((n, a) => n + a.distinct, 0)).toBe(r.states - model.init().length);
      // Every code's type names an entry of the list.
      const acts = new Int32Array(model.maxActions);
      const n = model.actions(model.init()[0], acts);
      for (let i = 0; i < n; i++) expect(model.actionTypes![model.actionType!(acts[i])]).toEqual(expect.any(String));
    }
  });
});

/**
 * The explorer runs a state's fault-free completion when it expands the state (its first step is
 * one of the successors it generates anyway). This is the plain statement it must agree with: each
 * state's completion run when the search first meets it, in the order met, against a memo of its own.
 */
function completionsWhenMet(model: Model, maxStates = Infinity): { states: number; id?: number; property?: string; init?: number; actions?: number[] } {
  const seen = new FingerprintSet();
  const completer = new Completer(model, new FingerprintSet(), undefined, false);
  const parent: number[] = [];
  const via: number[] = [];
  let failure: { id: number; property: string; init: number; actions: number[] } | undefined;
  const meet = (s: State, id: number): void => {
    if (failure) return;
    const c = completer.run(s);
    if (c.ok) return;
    const actions: number[] = [];
    let x = id;
    while (parent[x] >= 0) {
      actions.push(via[x]);
      x = parent[x];
    }
    failure = { id, property: c.property, init: -1 - parent[x], actions: actions.reverse().concat(c.actions) };
  };
  let layer: [State, number][] = [];
  const inits = model.init();
  for (let i = 0; i < inits.length && seen.size < maxStates; i++) {
    const id = seen.add(inits[i]);
    if (id < 0) continue;
    parent.push(-1 - i);
    via.push(-1);
    meet(inits[i], id);
    layer.push([inits[i].slice(), id]);
  }
  const acts = new Int32Array(model.maxActions);
  while (layer.length > 0 && seen.size < maxStates) {
    const next: [State, number][] = [];
    for (const [s, sid] of layer) {
      const n = model.actions(s, acts);
      for (let j = 0; j < n && seen.size < maxStates; j++) {
        const t = new Int32Array(model.stateSize);
        model.next(s, acts[j], t);
        const id = seen.add(t);
        if (id < 0) continue;
        parent.push(sid);
        via.push(acts[j]);
        meet(t, id);
        next.push([t, id]);
      }
      if (seen.size >= maxStates) break;
    }
    layer = next;
  }
  return { states: seen.size, ...failure };
}

describe('liveness completions run while the search expands', () => {
  // Fairness taken from some actions, so that completions get stuck, walk several steps and turn
  // away from states already on their path.
  const unfair = (m: Model, k: number, r: number): Model => ({ ...m, fair: (c) => m.fair(c) && (Math.imul(c + 7, 0x9e3779b1) >>> 0) % k !== r });
  const cases = async (): Promise<[string, Model, number | undefined][]> => {
    const { systems } = await import('../src/systems/index.js');
    const out: [string, Model, number | undefined][] = [];
    for (const system of systems) {
      for (const config of system.configs.filter((c) => c.tier === 'small').slice(0, 2)) {
        const m = system.build(config.name);
        out.push([`${system.name} ${config.name}`, m, 20_000]);
        for (const [k, r] of [[2, 0], [3, 1], [5, 2]]) out.push([`${system.name} ${config.name}, 1 in ${k} fair actions unfair`, unfair(m, k, r), 20_000]);
      }
    }
    const od = systems.find((s) => s.name === 'ordered-delivery')!;
    out.push(['ordered-delivery no-heartbeat on small', od.build('small', 'no-heartbeat'), undefined]);
    out.push(['ordered-delivery no-retransmit on small, cut at 50,000 states', od.build('small', 'no-retransmit'), 50_000]);
    return out;
  };

  it('find the same first liveness failure, with the same trace, as completions run when each state is met', async () => {
    let failed = 0;
    let cut = 0;
    const compare = (name: string, m: Model, maxStates: number | undefined): ReturnType<typeof completionsWhenMet> => {
      const want = completionsWhenMet(m, maxStates);
      const r = exploreExhaustive(m, { maxStates });
      expect(r.states, name).toBe(want.states);
      if (r.violation === undefined || m.eventually.some((e) => e.id === r.violation!.property)) {
        expect(r.violation ? { property: r.violation.property, init: r.violation.init, actions: r.violation.actions } : undefined, name).toEqual(
          want.property === undefined ? undefined : { property: want.property, init: want.init, actions: want.actions },
        );
      }
      return want;
    };
    for (const [name, m, maxStates] of await cases()) {
      const want = compare(name, m, maxStates);
      if (want.property === undefined) continue;
      failed++;
      // Cut just after the failing state is met: it was never expanded, yet its completion counts.
      if (want.id! > 0 && want.id! + 1 < want.states) {
        const w = compare(`${name}, cut at ${want.id! + 1} states`, m, want.id! + 1);
        if (w.property !== undefined) cut++;
      }
    }
    // Not vacuous: failures found, and found in searches cut before they expanded the failing state.
    expect(failed).toBeGreaterThanOrEqual(10);
    expect(cut).toBeGreaterThanOrEqual(10);
  }, 240_000);
});

describe('safety with liveness on', () => {
  // The completions run inside the search's loop and hash with the same kernel: they must leave the
  // search's own checks of each successor as they were.
  it('finds every variant safety violation, with the same trace, whether liveness is checked or not', async () => {
    const { systems } = await import('../src/systems/index.js');
    let compared = 0;
    for (const system of systems) {
      for (const v of system.variants) {
        const m = system.build(v.catchConfig, v.name);
        const safe = exploreExhaustive(m, { liveness: false });
        if (safe.violation === undefined || m.eventually.length === 0) continue;
        const live = exploreExhaustive(m, { liveness: true });
        expect(live.violation, `${system.name} ${v.name} on ${v.catchConfig}`).toEqual(safe.violation);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  }, 240_000);

  it('checks the first step of a completion that walks on, as the search meets it', () => {
    // [x, y]: x := 1, then y := 1, both fair. From the initial state the completion's first step is
    // the violating state, and its walk goes on by changing y only: the check that reads x must
    // still be evaluated on that state.
    const m: Model = {
      stateSize: 2,
      maxActions: 1,
      init: () => [new Int32Array(2)],
      actions: (s, out) => (s[0] === 0 ? ((out[0] = 0), 1) : s[1] === 0 ? ((out[0] = 1), 1) : 0),
      next(s, code, out) {
        out.set(s);
        out[code] = 1;
      },
      fair: () => true,
      actionToJson: (_s, code): Action => ({ type: code === 0 ? 'x' : 'y' }),
      actionFromJson: () => undefined,
      view: (s) => ({ x: s[0], y: s[1] }),
      fields: { x: 0, y: 1 },
      always: [{ id: 'x-stays-0', holds: (s) => s[0] === 0, reads: [0] }],
      step: [],
      sometimes: [],
      eventually: [{ id: 'settles', converged: () => true }],
    };
    for (const liveness of [false, true]) expect(exploreExhaustive(m, { liveness }).violation).toEqual({ property: 'x-stays-0', init: 0, actions: [0] });
  });
});
