import { orderedDelivery } from '../../src/systems/ordered-delivery/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(orderedDelivery, {
  boundedStates: 200,
  randomRuns: 20,
  whole: ['tape-write-small', 'tape-read-small'],
  slowVariants: ['no-dedup', 'no-retransmit', 'timestamp-only', 'longest-run'],
});
