// The mutation suite's checks for pair-management (see properties/support/mutation-suite.ts).
import { describe, expect, it } from 'vitest';
import { fitRows, poolRows } from '../../src/systems/pair-management/efficiency.js';
import { pairManagement } from '../../src/systems/pair-management/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(pairManagement, {
  randomRuns: 100,
  randomMisses: {
    'small-resync-warn': ['W-C5-warned'],
    'small-create-flags': ['W-C15-protected'],
    'small-create-warn': ['W-C15-warned'],
    'small-create-confirm': ['W-C15-protected', 'W-no-candidate'],
    'small-select': ['W-split-diverged'],
    'small-E2': ['W-confirmed-overwrite'],
  },
  whole: ['small-resync-confirm', 'small-select', 'small-E3'],
  outcomeCatch: ['no-inquiry', 'storage-registry', 'host-pick-unchecked', 'self-destination', 'retype-unchecked', 'release-in-formation', 'split-in-formation', 'smaller-destination', 'no-create-inquiry', 'main-only-diff', 'literal-0125', 'no-fence'],
  slowVariants: [],
});

// Selection and trimming are efficiency claims (C6, C13): a mutant that picks a larger volume where an
// equal one is free, or trims nothing, keeps every safety property; the measured tables catch it.
describe('pair-management efficiency claims', () => {
  it('the pool needs as many volumes as concurrent pairs; Emb. 3 wastes nothing', () => {
    for (const r of poolRows()) expect(r.poolNeeded).toBe(r.concurrent);
    for (const r of fitRows()) expect(r.wasted).toBe(r.embodiment === 'E3' ? 0 : r.pool - r.primary);
  });
});
