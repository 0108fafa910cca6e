// three-site-journal (seed 000), first cut: the shared per-system checks, plus the pair lifecycle.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/engine/run.js';
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system);

describe('three-site-journal pair lifecycle', () => {
  it('the exploration goes through simplex, initial copy, pair and takeover, by the machine transitions', () => {
    const r = runCheck({ system, variant: 'reference', config: 'small', mode: 'exhaustive', traceDir: null });
    const pair = r.coverage!.find((m) => m.machine === 'pair')!;
    const covered = pair.transitions.filter((t) => t.covered).map((t) => `${t.from}-${t.event}->${t.to}`);
    expect(covered.sort()).toEqual(['initialCopy-INITIAL_COPY_DONE->pair', 'pair-TAKEOVER->takeover', 'simplex-CREATE_PAIR->initialCopy']);
  });
});
