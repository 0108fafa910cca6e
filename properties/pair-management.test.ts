// pair-management (seed 003): the reference design holds every property on every small configuration
// and reaches every witness; the seed's own scenarios under each policy; C6 and C13 measured.
import { describe, expect, it } from 'vitest';
import type { Action } from '../src/engine/contract.js';
import { replayTrace } from '../src/engine/trace.js';
import { fitRows, poolRows } from '../src/systems/pair-management/efficiency.js';
import { pairManagement as system } from '../src/systems/pair-management/index.js';
import { sampleReachable } from '../src/engine/incremental-audit.js';
import { handTrace, lastChange, systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

const trace = (config: string, actions: Action[], variant = 'reference') => handTrace('pair-management', config, actions, variant);
const after = lastChange;

describe('C1 (N-cl.1): a resync onto a split sub-volume a backup host has mounted and written', () => {
  // The backup host mounts the sub-volume and writes analysis data; the production host writes the primary.
  const c1: Action[] = [
    { type: 'mount', host: 0, volume: 1 },
    { type: 'writeVol', host: 0, volume: 1, block: 1 },
    { type: 'writeMain', pair: 0, block: 0 },
    { type: 'resync', pair: 0 },
  ];

  it('NONE (the prior art): the difference copy overwrites the mounted volume with no warning', () => {
    const r = replayTrace(system.build('small-resync-none'), trace('small-resync-none', [...c1, { type: 'execute' }, { type: 'copy', pair: 0 }, { type: 'copy', pair: 0 }]));
    expect(r.verdict).toBe('holds');
    expect(after(r, 'ghost.requests.0.copyHit')).toBe('mounted');
    expect(after(r, 'ghost.requests.0.warned')).toBeUndefined();
  });

  it('STORAGE_FLAGS: the registry shows the mount and the storage refuses the resync', () => {
    const r = replayTrace(system.build('small-resync-flags'), trace('small-resync-flags', [...c1, { type: 'decide' }]));
    expect(after(r, 'ghost.requests.0.end')).toBe('refused');
    expect(after(r, 'pairs.0.state')).toBeUndefined(); // still split
  });

  it('WARN_ONLY: the host answers "mounted", the UI warns, and the copy overwrites it anyway', () => {
    const r = replayTrace(system.build('small-resync-warn'), trace('small-resync-warn', [...c1, { type: 'reply', host: 0 }, { type: 'decide' }, { type: 'proceed' }, { type: 'execute' }, { type: 'copy', pair: 0 }]));
    expect(r.verdict).toBe('holds');
    expect(after(r, 'ghost.requests.0.warned.0')).toBe(0);
    expect(after(r, 'ghost.requests.0.copyHit')).toBe('mounted');
  });

  it('WARN_AND_CONFIRM: the operator is warned and cancels; the analysis data stays and the pair stays split', () => {
    const r = replayTrace(system.build('small-resync-confirm'), trace('small-resync-confirm', [...c1, { type: 'reply', host: 0 }, { type: 'decide' }, { type: 'cancel' }]));
    expect(r.verdict).toBe('holds');
    expect(after(r, 'ghost.requests.0.end')).toBe('cancelled');
    expect(after(r, 'pairs.0.state')).toBe('split');
    expect(after(r, 'volumes.1.data.1')).toBe('w1');
  });

  it('WARN_AND_CONFIRM: no copy step is possible before the operator answers', () => {
    expect(() => replayTrace(system.build('small-resync-confirm'), trace('small-resync-confirm', [...c1, { type: 'reply', host: 0 }, { type: 'decide' }, { type: 'execute' }]))).toThrow(/not enabled/);
  });
});

describe('C7 (Emb. 2): two hosts pick the same pool volume from their reports', () => {
  const c7: Action[] = [
    { type: 'report', host: 0 },
    { type: 'report', host: 1 },
    { type: 'create', host: 0, pair: 0, volume: 2 },
    { type: 'reply', host: 0 },
    { type: 'decide' },
    { type: 'execute' },
    { type: 'copy', pair: 0 },
    { type: 'done', pair: 0 },
    { type: 'create', host: 1, pair: 1, volume: 2 },
  ];

  it('the re-validation refuses the second pick (F11)', () => {
    const r = replayTrace(system.build('small-E2'), trace('small-E2', c7));
    expect(r.verdict).toBe('holds');
    expect(after(r, 'pairs.1.sub')).toBeUndefined();
  });

  it('Emb. 2 as written takes it twice: the second formation copy overwrites the first pair\'s replica', () => {
    const more: Action[] = [{ type: 'reply', host: 0 }, { type: 'decide' }, { type: 'execute' }, { type: 'copy', pair: 1 }];
    const r = replayTrace(system.build('small-E2', 'host-pick-unchecked'), trace('small-E2', [...c7, ...more], 'host-pick-unchecked'));
    expect(r.verdict).toBe('violated');
    expect(['I-6', 'J-P1', 'J-P9', 'N-P1']).toContain(r.violated!.id);
  });
});

describe('C6 and C13, measured on the model', () => {
  it('C6 (【0010】【0021】): the pool needs as many volumes as pairs exist at once, a fixed assignment one per user volume', () => {
    for (const r of poolRows()) expect({ users: r.users, concurrent: r.concurrent, needed: r.poolNeeded }).toEqual({ users: r.users, concurrent: r.concurrent, needed: r.concurrent });
  });

  it('C13 (【0024】【0155】): Emb. 1 wastes the difference, Emb. 3 trims it and returns the areas', () => {
    for (const r of fitRows()) {
      const extra = r.pool - r.primary;
      expect({ e: r.embodiment, wasted: r.wasted, freed: r.freedAreas }).toEqual({ e: r.embodiment, wasted: r.embodiment === 'E1' ? extra : 0, freed: r.embodiment === 'E1' ? 0 : extra });
    }
  });
});

describe('G-ghost: what a request and a write recorded stays as recorded', () => {
  // A reachable step after a request and a write, changed at one recorded position: the check (and
  // its changed-positions form, which the explorer calls) must reject it.
  const model = system.build('small-resync-confirm');
  const f = model.fields!;
  const ghost = model.step.find((c) => c.id === 'G-ghost')!;
  const steps = sampleReachable(model, { bfs: 2000, walks: 20, steps: 40, seed: 5 }).transitions;
  const verdicts = (prev: Int32Array, a: number, next: Int32Array): [boolean, boolean] => {
    const changed = Int32Array.from(Array.from(prev).flatMap((x, i) => (x !== next[i] ? [i] : [])));
    return [ghost.holds(prev, a, next), ghost.holdsAt!(prev, a, next, changed, 0, changed.length)];
  };
  it.each([
    ['the mount status recorded with a request', (s: Int32Array) => s[f.G_RN] > 0, (t: Int32Array) => (t[f.G_RMNT] ^= 1)],
    ['the block a recorded write went to', (s: Int32Array) => s[f.G_WVOL + 1] !== 0, (t: Int32Array) => (t[f.G_WBLK + 1] += 1)],
  ])('a step that changes %s breaks it', (_what, where, change) => {
    const step = steps.find(([prev, , next]) => where(prev) && where(next));
    expect(step).toBeDefined();
    const [prev, a, next] = step!;
    expect(verdicts(prev, a, next)).toEqual([true, true]);
    const t = Int32Array.from(next);
    change(t);
    expect(verdicts(prev, a, t)).toEqual([false, false]);
  });
});
