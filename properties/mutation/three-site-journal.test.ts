import { threeSiteJournal } from '../../src/systems/three-site-journal/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(threeSiteJournal, {
  randomRuns: 100,
  randomMisses: {
    'small-crash': ['N2'],
    'small-concurrent': ['W-resync-copies', 'N2'],
    'small-takeover': ['W-takeover-write', 'W-reverse-resync-both'],
    'small-operator': ['W-takeover-write'],
    'small-partial': ['W-old-incarnation', 'N2'],
    'small-media': ['W-wrap-split', 'N2', 'N-media'],
    'small-heartbeat': ['W-wrap', 'W-suspended-diverged', 'W-resync-copies', 'W-released', 'W-takeover-write', 'W-link-suspend', 'N2'],
    'small-direct-control': ['N2'],
    'small-per-group': ['W-wrap', 'W-released'],
    'small-spread': ['W-resync-copies', 'N2'],
    'small-alternate-path': ['N2', 'N3', 'N-alternate-path'],
    'small-multi-secondary': ['N2', 'N3'],
  },
  whole: ['small-crash'],
  outcomeCatch: ['ack-before-journal', 'ack-out-of-order', 'spurious-busy', 'no-drain-beyond-pci', 'drain-gives-up', 'torn-journal-applied', 'no-group-check', 'late-bitmap', 'arrival-order-apply', 'update-info-discarded-early', 'publish-before-apply', 'single-stale-sample', 'takeover-without-fence'],
  slowVariants: ['no-timestamp-check', 'stale-record-accepted', 'release-by-fastest', 'no-write-permission'],
});
