import { orderedDelivery } from '../../src/systems/ordered-delivery/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(orderedDelivery, {
  randomRuns: 100,
  randomMisses: {
    'small-ties-faults': ['W-partial'],
    'small-volatile': ['N-volatile-hole'],
    'small-split': ['W-partial'],
  },
  whole: ['tape-write-small', 'tape-read-small'],
  outcomeCatch: ['apply-on-arrival', 'sequence-only-across-rds', 'sequence-only-one-rds', 'skip-idle-stream', 'skewed-clocks', 'merged-group-lists', 'failover-last-limit', 'tape-append-on-arrival', 'tape-serve-head'],
  slowVariants: ['no-dedup', 'no-retransmit', 'timestamp-only', 'longest-run'],
});
