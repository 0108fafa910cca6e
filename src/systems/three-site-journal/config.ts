// Configuration and design-rule switches of the three-site-journal model (seed 000).

export type Link = 'PI' | 'IS' | 'PS';
export const LINKS: Link[] = ['PI', 'IS', 'PS'];

export interface JournalConfig {
  /** Host writes in one behaviour (at P, and at S after a takeover). */
  writes: number;
  /** Block addresses; with two groups, address a belongs to group a mod 2. */
  addresses: number;
  /** Blocks in each intermediate's ring (queue size 610): records wrap around its end (【0103】). */
  ringBlocks: number;
  /** Sizes, in blocks, a host write may have; a write of 2 blocks covers addresses a and a + 1. */
  writeSizes: number[];
  /** S's fetch buffer in blocks (1204); smaller than a record gives the partial fetch of 【0128】-【0130】. */
  fetchBlocks: number;
  /** Host writes P may have in flight at once (1: the sequential 図9). */
  concurrency: number;
  /** 907 (each block), 908 and 909 as separate steps, or 907 ending with 908 and 909 in one step. */
  pipeline: 'atomic' | 'steps';
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
  /**
   * How a peer's failure is noticed. oracle: a detection step is enabled once the peer's heartbeat
   * cannot move (an eventually perfect detector). heartbeat: heartbeat counters, a clock that ticks,
   * and K consecutive stale samples (【0106】【0107】); a live peer may let up to `heartbeatSlack` periods pass.
   */
  detection: 'oracle' | 'heartbeat';
  heartbeatSlack: number;
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
  /** Media errors on I: a block of a journal fails its error-detection code. */
  mediaErrors: number;
  /** The queue area starts with another group's records in it (a reused area, 【0048】). */
  leftovers: boolean;
  /** Operator actions: suspend, maintenance takeover, and resync attempts on an unusable path (1402). */
  operator: boolean;
  /** The secondary host may take the business over after P is lost (【0135】). */
  takeover: boolean;
  /** A foreign subsystem tries to write S's control-information volume on I (CE-11, claims 4/14). */
  foreignWrite: boolean;
}

export interface JournalRules {
  /** CE-1: acknowledge the host before the journal is on I. */
  ackBeforeJournal: boolean;
  /** CE-16: acknowledge a write once its own journal is complete, whatever the earlier ones. */
  ackOwnJournal: boolean;
  /** CE-21: no reservation: a write takes its position and ID from 628, and 909 may precede 908. */
  ackBeforeAdvance: boolean;
  /** Spurious BUSY: P accepts a write only into an empty queue. */
  busyWhenBacklog: boolean;
  /** CE-3: the drain stops at the end of the published PCI range. */
  drainBeyondPci: boolean;
  /** S suspends as soon as it suspects P, without draining: it gives up while I is readable. */
  suspendWithoutDrain: boolean;
  /** CE-4: the checks of the request ID and block number in each block's protection data, and the trailer. */
  tornCheck: boolean;
  /** Each block's error-detection code is checked (a media error fails it). */
  edcCheck: boolean;
  /** CE-5: request ID = previous + 1. */
  sequenceCheck: boolean;
  /** The timestamp must be greater than the previous record's. */
  timestampCheck: boolean;
  /** The header's group and queue IDs must be this queue's. */
  groupCheck: boolean;
  /** S verifies protection data and trailer in normal mode too (【0055】【0089】). */
  normalVerify: boolean;
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
  /** Stale samples before a peer is declared down (CE-18: 1). */
  suspectAfter: number;
  /** CE-19: the secondary host takes over on what S knows, without the console fencing P. */
  takeoverWithoutFence: boolean;
}

export const referenceJournalRules: JournalRules = {
  ackBeforeJournal: false,
  ackOwnJournal: false,
  ackBeforeAdvance: false,
  busyWhenBacklog: false,
  drainBeyondPci: true,
  suspendWithoutDrain: false,
  tornCheck: true,
  edcCheck: true,
  sequenceCheck: true,
  timestampCheck: true,
  groupCheck: true,
  normalVerify: true,
  freeSpaceCheck: true,
  publishFetched: false,
  lateBitmap: false,
  discardUpdEarly: false,
  oneSidedResync: false,
  releaseByFastest: false,
  arrivalOrder: false,
  partialSkip: false,
  writePermission: true,
  suspectAfter: 2,
  takeoverWithoutFence: false,
};

/** Base embodiment, every fault off: configurations switch on what they explore. */
export const baseConfig: JournalConfig = {
  writes: 3,
  addresses: 2,
  ringBlocks: 2,
  writeSizes: [1],
  fetchBlocks: 2,
  concurrency: 1,
  pipeline: 'atomic',
  secondaries: 1,
  intermediates: 1,
  spread: false,
  controlPath: 'intermediate',
  alternatePath: false,
  queueFull: 'busy',
  detection: 'oracle',
  heartbeatSlack: 2,
  primaryLoss: false,
  primaryRecovery: 'none',
  secondaryCrashes: 0,
  secondaryDataLoss: false,
  intermediateFailures: 0,
  intermediateDataLoss: false,
  links: [],
  linkFailures: 0,
  mediaErrors: 0,
  leftovers: false,
  operator: false,
  takeover: false,
  foreignWrite: false,
};
