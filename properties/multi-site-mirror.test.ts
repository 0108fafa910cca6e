// multi-site-mirror (seed 002): the reference design holds every property on every small configuration
// and reaches every witness; the seed's scenarios replayed step by step; P7' (the loss against the
// prior art) and CE4 measured on the model.
import { describe, expect, it } from 'vitest';
import type { Action } from '../src/engine/contract.js';
import { replayTrace } from '../src/engine/trace.js';
import { ackLatency, lossRows } from '../src/systems/multi-site-mirror/loss.js';
import { multiSiteMirror as system } from '../src/systems/multi-site-mirror/index.js';
import { handTrace, lastChange, systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

const trace = (config: string, actions: Action[], variant = 'reference') => handTrace('multi-site-mirror', config, actions, variant);
const last = lastChange;

describe('G2, CE5: the P-S path fails, a write is in flight, then the primary fails', () => {
  // The write reaches 225B first (L443), the path to the sync site is down when 225A is written.
  const ce5: Action[] = [
    { type: 'issue', slot: 0, address: 0 },
    { type: 'legB', slot: 0 },
    { type: 'linkDown', link: 'PS' },
    { type: 'legA', slot: 0 },
  ];

  it('with write-protect the write is rejected and 225B rolled back (920, once the log has room); the failover to the sync site loses nothing', () => {
    const r = replayTrace(system.build('small-path'), trace('small-path', [...ce5, { type: 'transfer' }, { type: 'apply' }, { type: 'rollback', slot: 0 }, { type: 'failSite', site: 'P' }, { type: 'start', procedure: 'fig10' }, { type: 'step' }, { type: 'step' }, { type: 'step' }]));
    expect(r.verdict).toBe('holds');
    expect(last(r, 'ghost.writes.w1.answer')).toBe('failed');
    expect(last(r, 'areas.B.0')).toBe('-');
    expect(last(r, 'application.0')).toBe('S');
  });

  it('without write-protect (CE5) the write is acknowledged with 225C missing it: P5 breaks at once', () => {
    const r = replayTrace(system.build('small-path', 'no-write-protect'), trace('small-path', [...ce5, { type: 'finish', slot: 0 }], 'no-write-protect'));
    expect(r.verdict).toBe('violated');
    expect(r.violated!.id).toBe('P5');
  });
});

describe('CE1: the prior art loses the whole mode-1 period', () => {
  const writes = (n: number): Action[] => Array.from({ length: n }, (_, i) => [{ type: 'issue', slot: 0, address: i % 2 }, { type: 'legA', slot: 0 }, { type: 'finish', slot: 0 }, { type: 'retire', slot: 0 }] as Action[]).flat();
  const double: Action[] = [{ type: 'failSite', site: 'P' }, { type: 'failSite', site: 'S' }, { type: 'start', procedure: 'fig13' }, { type: 'step' }, { type: 'step' }, { type: 'step' }];

  it('USP 6,209,002: two writes acknowledged in mode 1 are both lost when the primary and the second site fail (P7 with a log of one)', () => {
    const r = replayTrace(system.build('small-double', 'usp6209002'), trace('small-double', [...writes(2), ...double], 'usp6209002'));
    expect(r.verdict).toBe('violated');
    expect(r.violated!.id).toBe('P7');
    expect(last(r, 'ghost.lastLoss')).toBe(2);
  });
});

describe("P7': the invention never loses more than the prior art, on the same schedule and failure instants", () => {
  const rows = lossRows(
    [4].flatMap((writes) => [2, 4].flatMap((cycle) => [0, 1, 2].map((lag) => ({ writes, cycle, lag })))),
    4,
  );

  it.each(rows.map((r) => [`${r.workload.writes} writes, cycle ${r.workload.cycle}, lag ${r.workload.lag}`, r] as const))('%s', (_name, r) => {
    expect(r.subset).toBe(true);
    expect(r.designs.invention.max).toBeLessThanOrEqual(Math.min(r.designs.usp6209002.max, r.designs.mikkelsen.max));
    // The design bounds its loss by its log (lag + 1 entries); the prior art only by the workload.
    expect(r.designs.invention.bound).toBe(r.workload.lag + 1);
    expect(r.designs.usp6209002.bound).toBe(r.workload.writes);
    expect(r.designs.mikkelsen.bound).toBe(r.workload.writes);
  });

  it('with the copy a cycle behind at most, the invention loses strictly less somewhere', () => {
    for (const r of rows) expect(r.fewer).toBeGreaterThan(0);
  });
});

describe('CE4: the sync leg to the near site costs one near round trip, not a far one', () => {
  it('latency from the acknowledgement path', () => {
    const [inv, far, asyncOnly] = ackLatency();
    expect(inv.touched).toEqual(['S']);
    expect(far.touched).toEqual(['A']);
    expect(asyncOnly.touched).toEqual([]);
    expect(inv.ms).toBeLessThan(far.ms);
  });
});
