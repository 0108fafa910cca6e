// ordered-delivery (seed 004): the reference design holds every property on every small
// configuration and reaches every witness; the seed's own examples. Variants: the .variants file.
import { describe, expect, it } from 'vitest';
import type { Action } from '../src/engine/contract.js';
import { replayTrace } from '../src/engine/trace.js';
import { deriveStreams, type Pair } from '../src/systems/ordered-delivery/config.js';
import { orderedDelivery as system } from '../src/systems/ordered-delivery/index.js';
import { handTrace, systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

describe('ordered-delivery seed examples', () => {
  const P = (lds: number, rds: number, group: number): Pair => ({ lds, rds, group, positions: 1 });

  it('E-16: Table 1 needs 7 / 2 / 4 sequence counters (Fig. 2 / 3 / 4) 【0054】-【0056】', () => {
    // Local disk unit 5 <-> remote disk unit 1 is the one pair the text names; the rest is a fixture.
    const pairs = [P(0, 0, 0), P(0, 0, 1), P(0, 1, 0), P(0, 1, 1), P(0, 0, 0), P(0, 1, 1), P(0, 0, 0)];
    expect(deriveStreams({ embodiment: 'perPair', pairs }).streams).toHaveLength(7);
    expect(deriveStreams({ embodiment: 'perLdsRds', pairs }).streams).toHaveLength(2);
    expect(deriveStreams({ embodiment: 'perLdsGroupRds', pairs }).streams).toHaveLength(4);
  });

  it('E-16: group Z of local disk system X over remote disk systems A, B, C needs 3 counters 【0053】', () => {
    const pairs = [P(0, 0, 0), P(0, 0, 0), P(0, 1, 0), P(0, 2, 0), P(0, 2, 0)];
    expect(deriveStreams({ embodiment: 'perLdsGroupRds', pairs }).streams).toHaveLength(3);
  });

  it('P-3 / 【0038】: a later packet waits in the cache until the gap before it closes', () => {
    const model = system.build('small-3w');
    const actions: Action[] = [
      { type: 'write', pair: 'P0', position: 0 },
      { type: 'write', pair: 'P0', position: 0 },
      { type: 'send', stream: 'P0' },
      { type: 'send', stream: 'P0' },
      { type: 'deliver', stream: 'P0', seq: 1 },
      { type: 'write', pair: 'P1', position: 0 },
      { type: 'send', stream: 'P1' },
      { type: 'deliver', stream: 'P1', seq: 0 },
    ];
    const trace = handTrace('ordered-delivery', 'small-3w', actions);
    const r = replayTrace(model, trace);
    expect(r.verdict).toBe('holds');
    // With seq 0 of P0 missing, no limit round is enabled: the limit would stay at -inf.
    const last = r.steps.at(-1)!;
    expect(last.changes.some((c) => c.path === 'streams.P1.hwm')).toBe(true);
    const withRound = handTrace('ordered-delivery', 'small-3w', [...actions, { type: 'limitRound' }]);
    expect(() => replayTrace(model, withRound)).toThrow(/not enabled/);
  });
});

