// Configurations and design rules of `split-backup` (seed 001).
import type { Embodiment } from '../../../models/split-backup.js';

export type { Embodiment };

/** Host write policy while the split-time differences are still being copied (seed-notes §5.9, A1). */
export type WritePolicy = 'cow' | 'hold';

export interface SplitBackupConfig {
  embodiment: Embodiment;
  writePolicy: WritePolicy;
  /** Blocks per volume. */
  blocks: number;
  /** Host writes to P in one behaviour (each one or, with multiBlock, two adjacent blocks). */
  writes: number;
  multiBlock: boolean;
  /** No pair yet (the pair is created, formation copy first) or a duplex pair with P = S. */
  start: 'simplex' | 'duplex';
  /** The backup commands the backup server may send, as block ranges [lo, hi); hi > blocks is F2. */
  jobs: [number, number][];
  /** Split commands the client may send (a second one in the same epoch is F4). */
  splits: number;
  resyncs: number;
  deletes: number;
  /** Host reads of S (the prior-art guarantee 【0006】, I-S7). */
  sReads: boolean;
  /** Host writes to S (F13, I-S14). */
  sWrites: number;
  /** Faults that may be injected, at most `maxFaults` in one behaviour. */
  faults: Fault[];
  maxFaults: number;
}

export type Fault =
  | 'tapeError' // F5
  | 'pReadError' // F6
  | 'sReadError' // F7
  | 'memLoss' // F8
  | 'abort' // F15
  | 'serverCrash' // F9, F10 (E4)
  | 'lostResume'; // F11 (E4's resume notice)

/** The design rules. `referenceRules` is the seed's design completed as seed-notes §5.9 says. */
export interface Rules {
  /** 503 checks the difference information before it transfers from S (false: the prior art, CE-1). */
  gate: boolean;
  /** false: a host write in split pending goes straight to cache, no copy-before-write (CE-6). */
  protectSplitImage: boolean;
  /** E3 checks the difference bit and reads in one step (false: check, then read, CE-7). */
  atomicStaging: boolean;
  /** 508 copies the logical P (cache over disk) or the disk alone (CE-8). */
  copySource: 'logical' | 'disk';
  /** 508 reads, writes and clears in one step (false: read, then write and clear, CE-9). */
  atomicCopy: boolean;
  /** 502 accepts a backup command only after the split (false: also in duplex, CE-10). */
  backupAfterSplit: boolean;
  /** 508 drains the split-time differences only (false: copies until P and S match, 【0030】 literally, CE-11). */
  drainOnly: boolean;
  /** Host writes to S are refused while S is split pending or a job reads it (false: accepted, CE-12). */
  sWriteGuard: boolean;
  /** Resync and delete are refused while a job reads S (false: CE-13). */
  resyncGuard: boolean;
  /** 502 reports completion after 503's transfer is done (false: when it starts, CE-15). */
  reportAfterTransfer: boolean;
  /** A multi-block host write enters the cache in one step (false: block by block, CE-16). */
  atomicMultiBlock: boolean;
}

export const referenceRules: Rules = {
  gate: true,
  protectSplitImage: true,
  atomicStaging: true,
  copySource: 'logical',
  atomicCopy: true,
  backupAfterSplit: true,
  drainOnly: true,
  sWriteGuard: true,
  resyncGuard: true,
  reportAfterTransfer: true,
  atomicMultiBlock: true,
};

const base: Omit<SplitBackupConfig, 'embodiment'> = {
  writePolicy: 'cow',
  blocks: 2,
  writes: 2,
  multiBlock: true,
  start: 'duplex',
  jobs: [[0, 2]],
  splits: 1,
  resyncs: 0,
  deletes: 0,
  sReads: false,
  sWrites: 0,
  faults: [],
  maxFaults: 0,
};

const small = (embodiment: Embodiment, extra: Partial<SplitBackupConfig> = {}): SplitBackupConfig => ({ ...base, embodiment, ...extra });

export const configs: Record<string, SplitBackupConfig> = {
  // One per embodiment: two multi-block writes around a split, one backup over the whole volume.
  'small-E1': small('E1', { sReads: true }),
  'small-E1-unit': small('E1-unit', { jobs: [[0, 2], [1, 2]] }),
  'small-E2': small('E2', { blocks: 3, jobs: [[0, 1], [2, 4]], multiBlock: false }),
  'small-E2-poll': small('E2-poll'),
  'small-E3': small('E3', { jobs: [[0, 2], [1, 2]] }),
  'small-E4': small('E4', { faults: ['serverCrash', 'lostResume', 'tapeError', 'pReadError'], maxFaults: 1 }),
  // The second write policy (A1).
  'small-E1-hold': small('E1', { writePolicy: 'hold' }),
  // The pair is created first: the split may come during the formation copy (【0026】).
  'small-create': small('E1', { start: 'simplex', writes: 1, multiBlock: false, jobs: [[0, 2], [0, 1]], deletes: 1 }),
  // Operations after the split: resync after the backup (§5.10), delete, S reads and writes, a duplicate split.
  'small-operate': small('E1', { writes: 1, multiBlock: false, splits: 2, resyncs: 1, deletes: 2 }),
  // Hosts read and write S (the prior-art read guarantee, F13).
  'small-s-io': small('E1', { writes: 1, multiBlock: false, sWrites: 1, sReads: true }),
  // Faults F5-F8 and F15 on E1 and E3.
  'small-faults': small('E1', { writes: 1, faults: ['tapeError', 'pReadError', 'sReadError', 'memLoss', 'abort'], maxFaults: 1, resyncs: 1 }),
  'small-E3-faults': small('E3', { writes: 1, faults: ['tapeError', 'pReadError', 'sReadError', 'memLoss', 'abort'], maxFaults: 1, resyncs: 1 }),
  // Larger, for verify and bench.
  'standard-E1': small('E1', { blocks: 3, jobs: [[0, 2], [1, 3]] }),
  'standard-E3': small('E3', { blocks: 3, jobs: [[0, 3], [1, 2]] }),
  'standard-E4': small('E4', { blocks: 3, writes: 3, faults: ['serverCrash', 'lostResume', 'tapeError', 'pReadError'], maxFaults: 1, jobs: [[0, 3]] }),
};
