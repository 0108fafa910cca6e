import { threeSiteJournal } from '../../src/systems/three-site-journal/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(threeSiteJournal, {
  boundedStates: 200,
  randomRuns: 20,
  whole: ['small-crash'],
  slowVariants: ['no-timestamp-check', 'stale-record-accepted', 'release-by-fastest', 'no-write-permission'],
});
