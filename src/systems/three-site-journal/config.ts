// Configuration and design-rule switches of the three-site-journal model (seed 000).

export type Link = 'PI' | 'IS' | 'PS';
export const LINKS: Link[] = ['PI', 'IS', 'PS'];

export interface JournalConfig {
  /** Host writes in one behaviour (at P, and at S after a takeover). */
  writes: number;
  /** Block addresses; with two groups, address a belongs to group a mod 2. */
  addresses: number;
  /** Records each intermediate's queue holds (queue size 610). */
  capacity: number;
  /** Blocks per record (one host write); 2 with a fetch buffer of 1 gives the partial fetch of 【0128】-【0130】. */
  recordBlocks: number;
  /** S's fetch buffer in blocks (1204). */
  fetchBlocks: number;
  /** Secondaries (Emb. 5, 【0165】-【0168】). */
  secondaries: number;
  /** Intermediates (Emb. 3, 【0158】-【0161】). */
  intermediates: number;
  /** With two intermediates: one group spread over both (Emb. 3(2)) instead of one group per intermediate (Emb. 3(1)). */
  spread: boolean;
  /** Control information through I (Emb. 1) or directly between P and S (Emb. 2, 【0155】-【0157】). */
  controlPath: 'intermediate' | 'direct';
  /** The direct P-S link is an asynchronous alternate path when I fails (Emb. 4(1), 【0163】). */
  alternatePath: boolean;
  /** Queue full (912): reject with BUSY, or suspend and record the write in the bitmap (【0101】). */
  queueFull: 'busy' | 'suspend';
  /** P may be lost (site disaster). */
  primaryLoss: boolean;
  /** After a loss P may come back: with its disks intact, and (as a fault) with its data lost. */
  primaryRecovery: 'none' | 'intact' | 'intact-or-lost';
  /** How many times a secondary may crash, and whether a crash may lose its volumes. */
  secondaryCrashes: number;
  secondaryDataLoss: boolean;
  /** How many times an intermediate may fail, and whether a failure may lose its contents. */
  intermediateFailures: number;
  intermediateDataLoss: boolean;
  /** Links that may go down, and how many times in all. */
  links: Link[];
  linkFailures: number;
  /** Operator actions: suspend, maintenance takeover, and resync attempts on an unusable path (1402). */
  operator: boolean;
  /** The secondary host may take the business over after P is lost (【0135】). */
  takeover: boolean;
  /** A buggy S tries to write P's control-information volume on I (CE-11, claims 4/14). */
  foreignWrite: boolean;
}

export interface JournalRules {
  /** CE-1: acknowledge the host before the journal is on I. */
  ackBeforeJournal: boolean;
  /** CE-3: the drain stops at the end of the published PCI range. */
  drainBeyondPci: boolean;
  /** CE-4: the drain checks block protection data and the trailer. */
  tornCheck: boolean;
  /** CE-5: the drain requires request ID = previous + 1 and a greater timestamp. */
  sequenceCheck: boolean;
  /** CE-6: P checks that the next queue slot is released before writing (904). */
  freeSpaceCheck: boolean;
  /** CE-13: S publishes SCI over what it fetched instead of what it applied. */
  publishFetched: boolean;
  /** CE-7: P's bitmap starts at its next position instead of its head 626 (1107), and resync skips 1403. */
  lateBitmap: boolean;
  /** CE-12: P discards update information as soon as the journal is on I. */
  discardUpdEarly: boolean;
  /** CE-8: a resync copies the blocks in the source side's bitmap only, not the OR of both. */
  oneSidedResync: boolean;
  /** CE-9: P's head follows the fastest secondary instead of the slowest. */
  releaseByFastest: boolean;
  /** CE-10: S applies records from several intermediates in arrival order, not sorted by request ID. */
  arrivalOrder: boolean;
  /** CE-14: after a partial fetch S advances its head past the whole record. */
  partialSkip: boolean;
  /** CE-11: I enforces per-volume write permission (claims 4/14). */
  writePermission: boolean;
}

export const referenceJournalRules: JournalRules = {
  ackBeforeJournal: false,
  drainBeyondPci: true,
  tornCheck: true,
  sequenceCheck: true,
  freeSpaceCheck: true,
  publishFetched: false,
  lateBitmap: false,
  discardUpdEarly: false,
  oneSidedResync: false,
  releaseByFastest: false,
  arrivalOrder: false,
  partialSkip: false,
  writePermission: true,
};

/** Base embodiment, every fault off: configurations switch on what they explore. */
export const baseConfig: JournalConfig = {
  writes: 3,
  addresses: 2,
  capacity: 2,
  recordBlocks: 1,
  fetchBlocks: 1,
  secondaries: 1,
  intermediates: 1,
  spread: false,
  controlPath: 'intermediate',
  alternatePath: false,
  queueFull: 'busy',
  primaryLoss: false,
  primaryRecovery: 'none',
  secondaryCrashes: 0,
  secondaryDataLoss: false,
  intermediateFailures: 0,
  intermediateDataLoss: false,
  links: [],
  linkFailures: 0,
  operator: false,
  takeover: false,
  foreignWrite: false,
};
