// split-backup (seed 001): the reference design holds every property on every small configuration
// and reaches every witness; the seed's own scenarios. Variants: the .variants file.
import { describe, expect, it } from 'vitest';
import type { Action } from '../src/engine/contract.js';
import { replayTrace } from '../src/engine/trace.js';
import { splitBackup as system } from '../src/systems/split-backup/index.js';
import { latencyRows } from '../src/systems/split-backup/latency.js';
import { handTrace, systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

const trace = (config: string, actions: Action[], variant = 'reference') => handTrace('split-backup', config, actions, variant);

describe('split-backup seed scenarios', () => {
  // CE-1 (【0005】【0006】): a write still owed to S at the split, a backup right after the early report.
  const ce1: Action[] = [
    { type: 'write', block: 0, blocks: 1 },
    { type: 'apply' },
    { type: 'splitCmd' },
    { type: 'split' },
    { type: 'backup', job: 0 },
    { type: 'check', job: 0 },
  ];

  it('E1 (【0028】): the split is reported at once, the job waits for the priority copy of its range, the tape is the split image', () => {
    const r = replayTrace(system.build('small-E1'), trace('small-E1', [...ce1, { type: 'copy', block: 0 }, { type: 'rangeCopied', job: 0 }, { type: 'transfer', job: 0 }, { type: 'transfer', job: 0 }, { type: 'report', job: 0 }]));
    expect(r.verdict).toBe('holds');
    const split = r.steps[3].changes;
    expect(split.find((c) => c.path === 'status516')?.after).toBe('split');
    expect(split.find((c) => c.path === 'status517')?.after).toBe('splitPending');
    expect(r.steps[5].changes.find((c) => c.path === 'jobs.0.state')?.after).toBe('waitPriorityCopy');
    expect(r.steps.at(-1)!.changes.find((c) => c.path === 'jobs.0.server.result')?.after).toBe('success');
  });

  it('E1: no transfer is possible while the range still has differences', () => {
    expect(() => replayTrace(system.build('small-E1'), trace('small-E1', [...ce1, { type: 'transfer', job: 0 }]))).toThrow(/not enabled/);
  });

  it('CE-1 (【0006】): the prior art streams the stale block of S to tape', () => {
    const r = replayTrace(system.build('small-E1', 'prior-art-no-gating'), trace('small-E1', [...ce1, { type: 'transfer', job: 0 }, { type: 'transfer', job: 0 }, { type: 'report', job: 0 }], 'prior-art-no-gating'));
    expect(r.verdict).toBe('violated');
    expect(['E-S1', 'E-S2']).toContain(r.violated!.id);
  });

  it('E3 (【0036】): the not-yet-reflected block is staged from P, and S is not written by the job', () => {
    const r = replayTrace(system.build('small-E3'), trace('small-E3', [...ce1.slice(0, 5), { type: 'stage', job: 0 }, { type: 'stage', job: 0 }, { type: 'transfer', job: 0 }, { type: 'transfer', job: 0 }, { type: 'report', job: 0 }]));
    expect(r.verdict).toBe('holds');
    expect(r.steps.some((s) => s.changes.some((c) => c.path.startsWith('S.')))).toBe(false);
    expect(r.steps[5].changes.find((c) => c.path === 'jobs.0.staged.0')?.after).toBe('w1');
  });
});

describe('split-backup latency (CE-2, CE-3, CE-17), measured on the model', () => {
  const rows = latencyRows();
  const at = (e: string, k: number) => rows.find((r) => r.embodiment === e && r.outside === k)!;
  const ks = [...new Set(rows.map((r) => r.outside))];

  it('the split is reported in one step in every embodiment; a synchronous split would wait one step per difference (CE-3)', () => {
    for (const r of rows) expect({ e: r.embodiment, k: r.outside, report: r.splitReport }).toEqual({ e: r.embodiment, k: r.outside, report: 1 });
    for (const k of ks) expect(at('E1', k).synchronousSplit).toBe(k + 2);
  });

  it('E1, E1 per unit, E3 and E4 jobs take the same steps whatever is left to copy outside their range; E2 waits for it (CE-17)', () => {
    for (const e of ['E1', 'E1-unit', 'E3', 'E4']) expect(new Set(ks.map((k) => at(e, k).job)).size).toBe(1);
    for (const k of ks) expect(at('E2', k).job).toBe(at('E1', k).job + k);
    expect(at('E3', ks[0]).copiesWaited).toBe(0);
  });

  it("E2's polling server polls more the more is left to copy (CE-2); no other server polls; E4's quiesce is three steps", () => {
    const polls = ks.map((k) => at('E2-poll', k).polls);
    expect(polls).toEqual([...polls].sort((a, b) => a - b));
    expect(polls[0]).toBeLessThan(polls.at(-1)!);
    for (const r of rows) if (r.embodiment !== 'E2-poll') expect(r.polls).toBe(0);
    for (const k of ks) expect(at('E4', k).quiesce).toBe(3);
  });
});
