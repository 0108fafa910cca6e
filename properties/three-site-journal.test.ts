// three-site-journal (seed 000), first cut: the shared per-system checks, plus the pair lifecycle.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/engine/run.js';
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system);

describe('three-site-journal pair lifecycle', () => {
  it('the exploration goes through the pair machine transitions this first cut can drive', () => {
    const covered = new Set<string>();
    for (const c of system.configs.filter((x) => x.tier === 'small')) {
      const r = runCheck({ system, variant: 'reference', config: c.name, mode: 'exhaustive', liveness: false, traceDir: null });
      const pair = r.coverage!.find((m) => m.machine === 'pair')!;
      for (const t of pair.transitions) if (t.covered) covered.add(`${t.from}-${t.event}->${t.to}`);
    }
    expect([...covered].sort()).toEqual([
      'initialCopy-INITIAL_COPY_DONE->pair',
      'pair-FAILURE->suspendedByError',
      'pair-TAKEOVER->takeover',
      'resync-FAILURE->suspendedByError',
      'resync-RESYNC_DONE->pair',
      'simplex-CREATE_PAIR->initialCopy',
      'suspendedByError-RESYNC->resync',
      'suspendedByError-TAKEOVER->takeover',
    ]);
  });
});
