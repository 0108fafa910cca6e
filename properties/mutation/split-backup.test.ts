import { splitBackup } from '../../src/systems/split-backup/index.js';
import { mutationSuite } from '../support/mutation-suite.js';

mutationSuite(splitBackup, {
  randomRuns: 100,
  randomMisses: {
    'small-E1': ['W-backup-while-dirty', 'W-cow', 'W-priority'],
    'small-E2': ['W-backup-while-dirty', 'W-wait-all'],
    'small-E4': ['W-cow'],
    'small-create': ['W-post-split'],
    'small-operate': ['W-post-split', 'W-resync-after-backup'],
    'small-s-io': ['W-backup-while-dirty', 'W-priority'],
    'small-faults': ['W-post-split', 'W-tape-error', 'W-p-read-error', 'W-s-read-error', 'W-abort', 'W-priority'],
    'small-E3-faults': ['W-post-split', 'W-tape-error', 'W-p-read-error', 'W-s-read-error'],
  },
  whole: ['small-E2-poll', 'small-E3-faults'],
  outcomeCatch: ['naive-write', 'copy-from-disk', 'backup-in-duplex', 'no-s-write-guard', 'early-completion-report'],
  slowVariants: [],
});
