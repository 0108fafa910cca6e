// `three-site-journal`: zero-loss three-site remote copy through a passive journal store (seed 000).
// Configurations are the embodiments (Emb. 1-5) crossed with the failure classes of the guarantee
// matrix; see spec/three-site-journal.md.
import { narration } from '../../engine/describe.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { describeStep, explain, lanesOf } from './describe.js';
import type { ConfigInfo, Falsifier, GuaranteeRow, Model, System, VariantInfo } from '../../engine/contract.js';
import { pairMachine } from '../../../models/pair.js';
import { baseConfig, referenceJournalRules, type JournalConfig, type JournalRules } from './config.js';
import { journalChecks } from './checks.js';
import { buildJournalModel, type JournalModel } from './model.js';
import { H, PS } from './kernel.js';
import { properties } from './properties.js';
import { observeKeys } from '../../conformance/observe.js';

type Tier = 'small' | 'standard';
interface Config {
  description: string;
  tier: Tier;
  model: JournalConfig;
}
const cfg = (tier: Tier, description: string, over: Partial<JournalConfig>): Config => ({ tier, description, model: { ...baseConfig, ...over } });

const configs: Record<string, Config> = {
  small: cfg('small', 'Emb. 1; 3 writes, 2 addresses, a ring of 2 blocks, BUSY when full; primary loss, a secondary crash, an intermediate failure', {
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
  }),
  'small-suspend': cfg('small', 'Emb. 1; a ring of 1 block, suspend when full; primary loss, an intermediate failure', {
    ringBlocks: 1,
    queueFull: 'suspend',
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-crash': cfg('small', 'Emb. 1; 2 writes, a ring of 1 block; a secondary crash, primary loss', {
    writes: 2,
    ringBlocks: 1,
    secondaryCrashes: 1,
    primaryLoss: true,
  }),
  'small-concurrent': cfg('small', 'Emb. 1; two host writes in flight, 907, 908 and 909 as separate steps, a ring of 2 blocks; primary loss, a secondary crash', {
    concurrency: 2,
    pipeline: 'steps',
    primaryLoss: true,
    secondaryCrashes: 1,
  }),
  'small-takeover': cfg('small', 'Emb. 1; primary loss, takeover and host writes at S, P back with or without its data, reverse resync; an intermediate failure, a secondary crash', {
    primaryLoss: true,
    primaryRecovery: 'intact-or-lost',
    takeover: true,
    intermediateFailures: 1,
    secondaryCrashes: 1,
  }),
  'small-operator': cfg('small', 'Emb. 1; operator suspend, takeover by the operator and failback, resync attempts on a dead path; a secondary crash that may lose its data', {
    operator: true,
    takeover: true,
    secondaryCrashes: 1,
    secondaryDataLoss: true,
  }),
  'small-data-loss': cfg('small', 'Emb. 1; an intermediate failure and a secondary crash, each of which may lose its contents; primary loss', {
    primaryLoss: true,
    intermediateFailures: 1,
    intermediateDataLoss: true,
    secondaryCrashes: 1,
    secondaryDataLoss: true,
  }),
  'small-links': cfg('small', "Emb. 1; one failure of the P-I or I-S link; a foreign subsystem writing S's control-information volume; primary loss", {
    links: ['PI', 'IS'],
    linkFailures: 1,
    foreignWrite: true,
    primaryLoss: true,
  }),
  'small-partial': cfg('small', 'Emb. 1; writes of 1 or 2 blocks in a ring of 3 (records wrap around its end), a fetch buffer of 1 block (partial fetch, 【0128】-【0130】); primary loss, an intermediate failure', {
    writeSizes: [1, 2],
    ringBlocks: 3,
    fetchBlocks: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-media': cfg('small', "Emb. 1; writes of 1 or 2 blocks, a media error on I, the ring first holding another group's records; primary loss, a secondary crash", {
    writeSizes: [1, 2],
    secondaryCrashes: 1,
    mediaErrors: 1,
    leftovers: true,
    primaryLoss: true,
  }),
  'small-heartbeat': cfg('small', 'Emb. 1; heartbeats sampled once per clock period, a live peer publishing at least every 2 periods, suspicion after 2 stale samples; an I-S link failure, primary loss, takeover; 2 writes, a ring of 1 block', {
    writes: 2,
    ringBlocks: 1,
    detection: 'heartbeat',
    heartbeatSlack: 2,
    links: ['IS'],
    linkFailures: 1,
    primaryLoss: true,
    takeover: true,
  }),
  'small-direct-control': cfg('small', 'Emb. 2; control information directly between P and S; a P-S link failure, primary loss, an intermediate failure', {
    controlPath: 'direct',
    links: ['PS'],
    linkFailures: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-per-group': cfg('small', 'Emb. 3(1); two groups, one intermediate each (a ring of 1 block); primary loss, an intermediate failure', {
    intermediates: 2,
    ringBlocks: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-spread': cfg('small', 'Emb. 3(2); one group spread over two intermediates (a ring of 1 block each), re-send on failure; primary loss, an intermediate failure', {
    intermediates: 2,
    spread: true,
    ringBlocks: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-alternate-path': cfg('small', 'Emb. 4; the direct P-S link as an asynchronous alternate path; primary loss, an intermediate failure', {
    alternatePath: true,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-multi-secondary': cfg('small', 'Emb. 5; two secondaries; primary loss, a secondary crash', {
    secondaries: 2,
    primaryLoss: true,
    secondaryCrashes: 1,
  }),
  standard: cfg('standard', 'Emb. 1; 5 writes, 2 addresses, a ring of 3 blocks, BUSY when full; primary loss, a secondary crash, an intermediate failure', {
    writes: 5,
    ringBlocks: 3,
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
  }),
};

interface Variant extends VariantInfo {
  rules: Partial<JournalRules>;
}

const V = (name: string, description: string, scenario: string, ref: string, catchConfig: string, breaks: string[], rules: Partial<JournalRules>): Variant => ({
  name,
  description,
  scenario,
  ref,
  catchConfig,
  breaks,
  rules,
});
const variants: Variant[] = [
  V('ack-before-journal', 'P acknowledges the host before the journal is complete on I (asynchronous copy)', 'CE-1', '【0002】【0104】, Claim 1', 'small', ['E1', 'S13', 'S6', 'E8'], { ackBeforeJournal: true }),
  V('ack-out-of-order', "With two writes in flight, P acknowledges a write once its own journal is complete, before the earlier one's", 'CE-16', '【0103】【0104】【0140】', 'small-concurrent', ['S13', 'E8'], { ackOwnJournal: true }),
  V('ack-before-advance', 'P acknowledges after 907 but before 908, and the next write takes its position and request ID from the stale 628', 'CE-21', '【0103】【0104】', 'small-concurrent', ['E6', 'S6', 'S1', 'S1m', 'E8', 'S13', 'E10'], { ackBeforeAdvance: true }),
  V('spurious-busy', 'P answers BUSY whenever a record is still unreleased, though the queue has room', 'L2', '【0099】-【0101】', 'small', ['L2'], { busyWhenBacklog: true }),
  V('no-drain-beyond-pci', 'On primary loss S reflects only what the last published PCI covers', 'CE-3', '【0074】【0142】', 'small', ['E8'], { drainBeyondPci: false }),
  V('drain-gives-up', 'S suspends as soon as it suspects P, without draining, while I is still readable', 'CE-3 (early suspend)', '【0131】【0137】', 'small', ['E8', 'L3'], { suspendWithoutDrain: true }),
  V('torn-journal-applied', "The drain skips the per-block request ID and block number and the trailer: a record whose header block is new but whose last block is an older record's is reflected", 'CE-4', '【0140】', 'small-media', ['E9', 'E17', 'S1', 'S1m', 'E2'], { tornCheck: false }),
  V('stale-record-accepted', 'The drain accepts any intact record, without the request-ID and timestamp checks', 'CE-5', '【0103】【0139】', 'small', ['E10', 'S1', 'S1m', 'S2', 'E17', 'E8'], { sequenceCheck: false, timestampCheck: false }),
  V('no-timestamp-check', "The drain checks request IDs but not timestamps: after a copy restarted the IDs, an earlier incarnation's record with the next ID is taken", 'CE-17 (timestamps)', '【0139】', 'small', ['E10', 'S1', 'S1m', 'S2', 'E17', 'E8'], { timestampCheck: false }),
  V('no-group-check', "The drain does not check the header's group and queue IDs: another group's record with the next ID is reflected", 'CE-11 (foreign record)', '【0048】【0139】', 'small-media', ['E9', 'S1', 'S1m', 'E17', 'S2', 'E10'], { groupCheck: false }),
  V('no-edc-check', "S does not check the blocks' error-detection code: a journal hit by a media error is reflected", 'media error', '【0054】【0089】【0140】', 'small-media', ['E9', 'S1', 'S1m', 'E17'], { edcCheck: false }),
  V('no-normal-verify', 'S verifies journals only while draining, not in normal mode', 'media error in normal mode', '【0055】【0089】', 'small-media', ['E9', 'S1', 'S1m', 'E17'], { normalVerify: false }),
  V('no-free-space-check', 'P writes the next journal without checking that the blocks are released (904)', 'CE-6', '【0099】-【0103】', 'small', ['E7', 'E6', 'S6', 'S1', 'S1m', 'E8', 'S9', 'L5'], { freeSpaceCheck: false }),
  V('late-bitmap', "P's bitmap starts at its next position instead of its head, and resync skips the 1403 start-time check", 'CE-7', '【0118】【0147】', 'small', ['E11', 'S8', 'E12', 'S9'], { lateBitmap: true }),
  V('one-sided-resync', "The resync copies only the source side's bitmap (S's, for the S -> P copy after a takeover), not the OR of both", 'CE-8', '【0152】, Claims 6/16', 'small-takeover', ['E13', 'S9'], { oneSidedResync: true }),
  V('release-by-fastest', "P's head follows the fastest secondary's SCI, so the slowest one's records are released", 'CE-9', '【0167】', 'small-multi-secondary', ['E14', 'E4', 'S3', 'E6', 'S6', 'E8', 'S9', 'S1'], { releaseByFastest: true }),
  V('arrival-order-apply', 'S reflects records from the two intermediates in arrival order instead of sorting them by request ID', 'CE-10', '【0160】【0161】, Claims 10/20', 'small-spread', ['E15', 'E10', 'S1', 'S1m', 'S2', 'E17'], { arrivalOrder: true }),
  V('no-write-permission', "I does not enforce per-volume write permission: a foreign subsystem overwrites S's control information and P releases records S never read", 'CE-11', '【0044】【0048】, Claims 4/14', 'small-links', ['E5', 'E14', 'S3', 'E4', 'E6', 'S6', 'E8', 'S9'], { writePermission: false }),
  V('update-info-discarded-early', 'P discards the update information of a request as soon as it is on I, before S acquired it', 'CE-12', '【0032】【0110】', 'small', ['E4', 'E11', 'S8', 'S9', 'S6'], { discardUpdEarly: true }),
  V('publish-before-apply', 'S publishes SCI over what it fetched, before reflecting it; a crash of S then loses those records', 'CE-13', '【0127】 (1205 -> 1206 -> 1207)', 'small-crash', ['S3', 'E6', 'S6', 'E8', 'S9', 'E4'], { publishFetched: true }),
  V('partial-fetch-skips-record', 'After a partial fetch S advances its head past the whole record; the rest of it is never reflected', 'CE-14', '【0128】-【0130】', 'small-partial', ['E17', 'S1', 'S2', 'E6', 'S3', 'E8'], { partialSkip: true }),
  V('single-stale-sample', "S declares P down after one unchanged heartbeat sample, though a live P may let two clock periods pass", 'CE-18', '【0106】【0107】', 'small-heartbeat', ['L5'], { suspectAfter: 1 }),
  V('takeover-without-fence', 'The secondary host takes over on what S knows (it suspended), without the console fencing P, which keeps accepting writes', 'CE-19', '【0135】 (1104)', 'small-heartbeat', ['S15'], { takeoverWithoutFence: true }),
];

const has = (c: JournalConfig, f: (c: JournalConfig) => boolean, ids: string[]): string[] => (f(c) ? ids : []);
const suspends = (c: JournalConfig): boolean =>
  c.intermediateFailures > 0 || c.secondaryCrashes > 0 || c.queueFull === 'suspend' || c.linkFailures > 0 || c.operator || c.mediaErrors > 0;

/** Which properties apply to a configuration: each needs its premise to be reachable there. */
function propertiesOf(c: JournalConfig): string[] {
  const ids = [
    'G-host', 'S1', 'S1m', 'L5', 'E1', 'S13', 'E2', 'E3', 'E4', 'E6', 'E7', 'E9', 'E10', 'E14', 'E17', 'S2', 'S3', 'S4', 'S6', 'S10', 'L1', 'L6',
    'W-wrap', 'W-pci-lags', 'W-released', 'W-torn-on-queue', 'W-queue-full', 'N4',
    ...has(c, (x) => !x.spread && x.queueFull === 'busy', ['L2']),
    ...has(c, (x) => x.spread, ['E15']),
    ...(c.queueFull === 'busy' ? ['W-busy', 'N5'] : ['W-queue-full-suspend']),
    ...has(c, (x) => x.primaryLoss, ['E8', 'L3', 'W-unpublished-acked', 'W-torn', 'W-drain-beyond-pci']),
    ...has(c, (x) => x.primaryLoss && !x.spread, ['W-drain-stops-at-invalid']),
    ...has(c, suspends, ['E11', 'S8', 'E12', 'E13', 'S9', 'W-suspended-diverged', 'W-resync-copies']),
    ...has(c, (x) => x.secondaryCrashes > 0, ['W-secondary-crash']),
    ...has(c, (x) => x.intermediateFailures > 0 && !x.spread && !x.alternatePath, ['W-intermediate-failed-unapplied']),
    ...has(c, (x) => x.foreignWrite, ['E5', 'W-foreign-write-rejected']),
    ...has(c, (x) => x.writeSizes.some((n) => n > 1), ['W-wrap-split']),
    ...has(c, (x) => x.writeSizes.some((n) => n > x.fetchBlocks), ['W-partial-window', 'W-partial-released']),
    ...has(c, (x) => x.secondaries > 1, ['W-secondaries-apart']),
    ...has(c, (x) => x.spread, ['W-resent']),
    ...has(c, (x) => x.intermediates > 1 && !x.spread, ['W-group-isolated']),
    ...has(c, (x) => x.alternatePath, ['W-alternate-path', 'N-alternate-path']),
    ...has(c, (x) => x.takeover, ['S15', 'S16', 'W-takeover-write']),
    ...has(c, (x) => x.takeover && x.primaryRecovery !== 'none', ['W-reverse-resync-both']),
    ...has(c, (x) => x.operator, ['W-operator-suspend']),
    ...has(c, (x) => x.linkFailures > 0 && !x.links.includes('PS'), ['W-link-suspend']),
    ...has(c, (x) => x.secondaryDataLoss, ['W-secondary-data-lost']),
    ...has(c, (x) => x.intermediateDataLoss, ['W-intermediate-data-lost']),
    ...has(c, (x) => x.primaryRecovery === 'intact-or-lost', ['W-primary-data-lost']),
    ...has(c, (x) => x.concurrency > 1, ['W-concurrent']),
    ...has(c, (x) => x.mediaErrors > 0, ['W-media-error', 'W-verify-caught']),
    ...has(c, (x) => x.mediaErrors > 0 && x.primaryLoss, ['N-media']),
    ...has(c, (x) => x.leftovers && x.primaryLoss, ['W-leftover-rejected']),
    ...has(c, (x) => x.detection === 'heartbeat', ['W-slow-peer']),
    ...has(c, (x) => x.takeover && x.operator, ['W-takeover-fenced']),
    ...has(c, (x) => x.primaryLoss && x.intermediateFailures > 0 && !x.spread && !x.alternatePath && x.secondaries === 1, ['W-old-incarnation']),
    ...has(c, (x) => x.primaryLoss && x.intermediateFailures > 0 && !x.spread && !x.alternatePath, ['N1']),
    // N2 needs a group with two blocks to be out of order in; N3 two bitmap writes to one block.
    ...has(c, (x) => suspends(x) && x.primaryLoss && x.addresses / (x.intermediates > 1 && !x.spread ? 2 : 1) >= 2, ['N2']),
    ...has(c, (x) => suspends(x) && x.writes >= 3 && !x.spread, ['N3']),
    ...has(c, (x) => x.writeSizes.some((n) => n > x.fetchBlocks) && x.primaryLoss && x.intermediateFailures > 0, ['CE-15']),
  ];
  return [...new Set(ids)].filter((id) => properties.some((p) => p.id === id));
}

/** The pair-machine events a configuration can send: xstate/graph gives the reachable part of the machine from them. */
function pairEvents(c: JournalConfig): string[] {
  const ev = ['CREATE_PAIR', 'INITIAL_COPY_DONE'];
  const fails = c.primaryLoss || suspends(c);
  if (fails) ev.push('FAILURE');
  if (suspends(c) || c.primaryRecovery !== 'none') ev.push('RESYNC', 'RESYNC_DONE');
  if (c.operator) ev.push('SPLIT', 'RESYNC_REFUSED', 'DELETE_PAIR');
  if (c.secondaryDataLoss || c.primaryRecovery === 'intact-or-lost') ev.push('DATA_LOST');
  if (c.takeover) ev.push('TAKEOVER');
  if (c.takeover && (c.primaryRecovery !== 'none' || c.operator)) ev.push('REVERSE_RESYNC');
  if (fails && (c.secondaryCrashes > 0 || c.intermediateFailures > 0 || c.linkFailures > 0)) ev.push('DELETE_PAIR');
  return [...new Set(ev)];
}

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => ({
  name,
  description: c.description,
  tier: c.tier,
  properties: propertiesOf(c.model),
  randomSteps: 6 * c.model.writes + 16,
  lifecycles: { pair: pairEvents(c.model) },
}));

/** What each failure class costs (spec §5), checked by the listed properties on the listed configurations. */
const guarantees: GuaranteeRow[] = [
  {
    failure: 'P alone (I readable by S)',
    guarantee: 'no acknowledged write lost; S presents a write-order consistent image',
    properties: ['E8', 'S1', 'S1m', 'E9', 'E10', 'L3'],
    configs: ['small', 'small-partial', 'small-direct-control', 'small-per-group', 'small-spread', 'small-multi-secondary', 'small-takeover', 'small-concurrent'],
    allowed: ['N4'],
  },
  {
    failure: 'I alone',
    guarantee: "consistent image at S; P's bitmap covers the rest and a resync makes S equal to P (Emb. 3: re-send keeps PAIR; Emb. 4: asynchronous alternate path)",
    properties: ['S1', 'S9', 'S6', 'E11', 'S8', 'E12', 'E13', 'E15', 'L1'],
    configs: ['small', 'small-suspend', 'small-spread', 'small-per-group', 'small-alternate-path', 'small-data-loss'],
    allowed: ['N3'],
  },
  {
    failure: 'S alone',
    guarantee: 'no acknowledged write lost; P keeps the journals, its update information and bitmap; a resync (or an initial copy after data loss) restores S',
    properties: ['S9', 'S6', 'E6', 'S3', 'S8', 'L1'],
    configs: ['small', 'small-multi-secondary', 'small-operator', 'small-data-loss'],
  },
  {
    failure: 'P and I together',
    guarantee: 'a consistent image at S only',
    properties: ['S1', 'S1m', 'E17', 'E9', 'L3'],
    configs: ['small', 'small-takeover', 'small-partial', 'small-data-loss'],
    allowed: ['N1', 'CE-15'],
  },
  {
    failure: 'a link (P-I, I-S, P-S)',
    guarantee: 'no acknowledged write lost; the pair suspends (or S drains on a stale PCI) and a resync restores S',
    properties: ['S9', 'S1', 'S6', 'S8', 'E11', 'E5', 'L1'],
    configs: ['small-links', 'small-direct-control', 'small-heartbeat'],
  },
  {
    failure: 'queue full',
    guarantee: 'BUSY only when full, and then the write is not accepted; or the pair suspends and the write is acknowledged in the bitmap',
    properties: ['L2', 'E7', 'E6', 'E11'],
    configs: ['small', 'small-suspend', 'small-per-group'],
    allowed: ['N5'],
  },
  {
    failure: 'operator suspend (and maintenance takeover)',
    guarantee: 'both sides keep differential information; one site accepts writes at a time; resync in the direction of the business restores equality',
    properties: ['S9', 'S15', 'S16', 'S8', 'E11', 'E12', 'E13', 'S10', 'L1'],
    configs: ['small-operator'],
  },
  {
    failure: 'several at once (P lost during a resync, after a takeover, with data loss)',
    guarantee: 'a consistent image, except a target caught mid-resync',
    properties: ['S1', 'S16', 'S9', 'S8', 'E13', 'L1', 'L3'],
    configs: ['small-takeover', 'small-data-loss'],
    allowed: ['N2'],
  },
  {
    failure: 'P alone while on the alternate path (Emb. 4)',
    guarantee: 'a consistent image only (asynchronous copy)',
    properties: ['S1', 'E10', 'L3'],
    configs: ['small-alternate-path'],
    allowed: ['N-alternate-path'],
  },
  {
    failure: 'concurrent host writes, P lost while several are in flight',
    guarantee: 'acknowledgements in queue order, so no acknowledged write is lost and S stays consistent',
    properties: ['E8', 'S13', 'S1', 'E1'],
    configs: ['small-concurrent'],
  },
  {
    failure: 'a media error on I (and a queue area holding old records)',
    guarantee: "no corrupt or foreign data reaches S; while P is alive S suspends and a resync restores it; after P's loss the drain stops at the damaged journal",
    properties: ['S1', 'S1m', 'E9', 'S9', 'L1'],
    configs: ['small-media'],
    allowed: ['N-media'],
  },
  {
    failure: 'a slow peer or a partitioned S (heartbeats)',
    guarantee: 'no false suspicion of a live peer; a takeover fences P first, so one site accepts writes',
    properties: ['L5', 'S15', 'E8', 'S1'],
    configs: ['small-heartbeat'],
  },
];

// Falsifiers: what shows each always and step property able to fail (see src/engine/falsify.ts).
const jm = (m: Model): JournalModel => m as JournalModel;
const byVariant = (property: string, variant: string, config: string): Falsifier => ({ property, variant, config });
const falsifiers: Falsifier[] = [
  byVariant('S1', 'no-group-check', 'small-media'),
  byVariant('S1', 'stale-record-accepted', 'small'),
  byVariant('S1m', 'no-group-check', 'small-media'),
  byVariant('S1m', 'no-timestamp-check', 'small'),
  byVariant('E8', 'no-drain-beyond-pci', 'small'),
  byVariant('E8', 'drain-gives-up', 'small'),
  byVariant('S9', 'late-bitmap', 'small'),
  byVariant('L2', 'spurious-busy', 'small'),
  byVariant('L5', 'single-stale-sample', 'small-heartbeat'),
  byVariant('S15', 'takeover-without-fence', 'small-heartbeat'),
  {
    property: 'G-host',
    config: 'small',
    corruption: "a step that turns a host's acknowledgement back into pending",
    findStep: (m, prev) => prev[jm(m).k.f.H_ST] >= H.AT_P,
    corrupt: (m, s) => {
      s[jm(m).k.f.H_ST] = H.PENDING;
    },
  },
  byVariant('E1', 'ack-before-journal', 'small'),
  byVariant('S13', 'ack-out-of-order', 'small-concurrent'),
  {
    property: 'E2',
    config: 'small',
    corruption: "reflecting a one-block journal also changes the other block of S's volume",
    findStep: (_m, _p, a) => a >> 8 === 15,
    corrupt: (m, s) => {
      const { f } = jm(m).k;
      s[f.VS] = 99;
      s[f.VS + 1] = 99;
    },
  },
  {
    property: 'E3',
    config: 'small',
    corruption: 'a fetch that takes a block past the published PCI',
    findStep: (_m, _p, a) => a >> 8 === 14,
    corrupt: (m, s) => {
      const { f } = jm(m).k;
      s[f.BUF_N] = s[f.PCI_END] - s[f.S_POS] + 1;
    },
  },
  byVariant('E4', 'update-info-discarded-early', 'small'),
  byVariant('E5', 'no-write-permission', 'small-links'),
  byVariant('E6', 'no-free-space-check', 'small'),
  byVariant('E7', 'no-free-space-check', 'small'),
  byVariant('E9', 'torn-journal-applied', 'small-media'),
  byVariant('E10', 'arrival-order-apply', 'small-spread'),
  byVariant('E10', 'stale-record-accepted', 'small'),
  byVariant('E11', 'late-bitmap', 'small'),
  byVariant('E12', 'late-bitmap', 'small'),
  byVariant('E13', 'one-sided-resync', 'small-takeover'),
  byVariant('E14', 'release-by-fastest', 'small-multi-secondary'),
  byVariant('E15', 'arrival-order-apply', 'small-spread'),
  byVariant('E17', 'partial-fetch-skips-record', 'small-partial'),
  byVariant('S2', 'no-group-check', 'small-media'),
  byVariant('S3', 'publish-before-apply', 'small'),
  {
    property: 'S4',
    config: 'small',
    corruption: "a step that moves P's head back",
    findStep: (m, prev, _a, next) => next[jm(m).k.f.PH] > prev[jm(m).k.f.PH],
    corrupt: (m, s) => {
      s[jm(m).k.f.PH] = -1;
    },
  },
  byVariant('S6', 'update-info-discarded-early', 'small-data-loss'),
  byVariant('S8', 'late-bitmap', 'small'),
  {
    property: 'S16',
    config: 'small-takeover',
    corruption: "a block of S's volume loses the write S acknowledged to the secondary host there",
    find: (m, s) => s[jm(m).k.f.G_SIDE] === 1 && lastAtS(m, s) >= 0,
    corrupt: (m, s) => {
      const { f, addrOf } = jm(m).k;
      s[f.VS + addrOf(s, lastAtS(m, s), 0)] = 0;
    },
  },
  {
    property: 'S10',
    config: 'small',
    corruption: "S's volume changes while the pair is in PAIR, outside a journal's application",
    findStep: (m, prev, a) => prev[jm(m).k.f.PAIR_ST] === PS.PAIRED && a >> 8 === 13,
    corrupt: (m, s) => {
      s[jm(m).k.f.VS] = 99;
    },
  },
];

/** The last write S acknowledged to the secondary host, or -1. */
function lastAtS(m: Model, s: Int32Array): number {
  const { f } = jm(m).k;
  for (let w = s[f.NW] - 1; w >= 0; w--) if (s[f.H_ST + w] === H.AT_S) return w;
  return -1;
}

export const threeSiteJournal: System = {
  // What hosts and operators see (conformance projection).
  observe: observeKeys('primary', 'secondaries', 'host', 'writes'),
  name: 'three-site-journal',
  title: 'Three-site remote copy through a passive intermediate journal store',
  seed: '000_87929a5e219ad3b9.txt (JP 2003-205617)',
  spec: 'spec/three-site-journal.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  guarantees,
  falsifiers,
  lifecycles: { pair: pairMachine },
  explain,
  build(config: string, variant?: string): Model {
    const { config: c, variant: v } = lookup('three-site-journal', configs, variants, config, variant);
    const m = buildJournalModel(c.model, { ...referenceJournalRules, ...v?.rules });
    return restrict(Object.assign(m, journalChecks(m.k), narration(m, describeStep, lanesOf)), configInfos.find((x) => x.name === config)!, c);
  },
};
