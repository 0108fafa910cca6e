// The mutation suite's checks for multi-site-mirror (see properties/support/mutation-suite.ts).
import { describe, expect, it } from 'vitest';
import { lossRows } from '../../src/systems/multi-site-mirror/loss.js';
import { multiSiteMirror } from '../../src/systems/multi-site-mirror/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(multiSiteMirror, {
  randomRuns: 100,
  randomMisses: {
    'small-double': ['W-window-loss', 'W-sync-then-async', 'W-cd-differ'],
    'small-area': ['W-torn'],
    'small-init': ['W-wp', 'W-blocked', 'W-rollback', 'W-wp-resync'],
    'small-jfs': ['W-jfs-wait'],
    'small-server': ['W-sync-then-async'],
  },
  whole: ['small-sync-lost', 'small-groups', 'small-init-fail', 'small-suspect', 'small-db', 'small-jfs'],
  outcomeCatch: ['async-only', 'no-write-protect', 'no-rollback', 'no-fig17', 'fig10-no-async', 'partial-write-protect', 'unserialized', 'no-gap-check', 'ship-before-log', 'record-at-close', 'early-log-delete', 'no-fence'],
  slowVariants: [],
});

// P7' is a comparison, not a safety property: a mutant that slows the async copy or speeds the prior
// art keeps every property of one design; the measured table catches it.
describe("multi-site-mirror P7'", () => {
  it('the invention loses at most its log, the prior art its whole period, at the same instants', () => {
    for (const r of lossRows([{ writes: 4, cycle: 4, lag: 0 }, { writes: 4, cycle: 2, lag: 1 }], 0)) {
      expect(r.subset).toBe(true);
      expect(r.designs.invention.max).toBe(r.workload.lag + 1);
      expect(r.designs.usp6209002.max).toBeGreaterThan(r.designs.invention.max);
    }
  });
});
