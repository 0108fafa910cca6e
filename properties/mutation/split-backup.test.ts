import { describe, expect, it } from 'vitest';
import { splitBackup } from '../../src/systems/split-backup/index.js';
import { latencyRows } from '../../src/systems/split-backup/latency.js';
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

// The priority copy of E1 (【0028】) shows only in how long a job waits: the latency claims, measured on
// the model in a few milliseconds, catch a mutant that breaks it where the safety checks cannot.
describe('split-backup latency claims', () => {
  it('E1 and E4 jobs do not wait for copies outside their range; E2 waits for every one; the split is reported at once', () => {
    const rows = latencyRows();
    const at = (e: string, k: number) => rows.find((r) => r.embodiment === e && r.outside === k)!;
    for (const e of ['E1', 'E1-unit', 'E4']) expect([at(e, 1).copiesWaited, at(e, 8).copiesWaited]).toEqual([1, 1]);
    expect(at('E2', 8).copiesWaited).toBe(9);
    expect(at('E3', 8).copiesWaited).toBe(0);
    expect(rows.every((r) => r.splitReport === 1)).toBe(true);
  });
});
