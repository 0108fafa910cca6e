// `three-site-journal`: zero-loss three-site remote copy through a passive journal store (seed 000).
// Configurations are the embodiments (Emb. 1-5) crossed with the failure classes of the guarantee
// matrix; see spec/three-site-journal.md.
import { lookup, restrict } from '../../engine/lookup.js';
import type { ConfigInfo, GuaranteeRow, Model, PropertyInfo, System, VariantInfo } from '../../engine/contract.js';
import { pairMachine } from '../../../models/pair.js';
import { baseConfig, referenceJournalRules, type JournalConfig, type JournalRules } from './config.js';
import { buildJournalModel } from './model.js';
import { journalProperties } from './properties.js';

type Tier = 'small' | 'standard';
interface Config {
  description: string;
  tier: Tier;
  model: JournalConfig;
}
const cfg = (tier: Tier, description: string, over: Partial<JournalConfig>): Config => ({ tier, description, model: { ...baseConfig, ...over } });

const configs: Record<string, Config> = {
  small: cfg('small', 'Emb. 1; 3 writes, 2 addresses, queue of 2, BUSY when full; primary loss, a secondary crash, an intermediate failure', {
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
  }),
  'small-suspend': cfg('small', 'Emb. 1; queue of 1, suspend when full; primary loss, an intermediate failure', {
    capacity: 1,
    queueFull: 'suspend',
    primaryLoss: true,
    intermediateFailures: 1,
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
  'small-links': cfg('small', 'Emb. 1; one failure of the P-I or I-S link; a buggy S writing P\'s control-information volume', {
    links: ['PI', 'IS'],
    linkFailures: 1,
    foreignWrite: true,
    primaryLoss: true,
  }),
  'small-partial': cfg('small', 'Emb. 1; records of 2 blocks and a fetch buffer of 1 (partial fetch, 【0128】-【0130】); primary loss, an intermediate failure', {
    recordBlocks: 2,
    fetchBlocks: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-direct-control': cfg('small', 'Emb. 2; control information directly between P and S; a P-S link failure, primary loss, an intermediate failure', {
    controlPath: 'direct',
    links: ['PS'],
    linkFailures: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-per-group': cfg('small', 'Emb. 3(1); two groups, one intermediate each (queue of 1); primary loss, an intermediate failure', {
    intermediates: 2,
    capacity: 1,
    primaryLoss: true,
    intermediateFailures: 1,
  }),
  'small-spread': cfg('small', 'Emb. 3(2); one group spread over two intermediates (queue of 1 each), re-send on failure; primary loss, an intermediate failure', {
    intermediates: 2,
    spread: true,
    capacity: 1,
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
  standard: cfg('standard', 'Emb. 1; 5 writes, 2 addresses, queue of 3, BUSY when full; primary loss, a secondary crash, an intermediate failure', {
    writes: 5,
    capacity: 3,
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
  }),
};

interface Variant extends VariantInfo {
  rules: Partial<JournalRules>;
}

const variants: Variant[] = [
  { name: 'ack-before-journal', description: 'P acknowledges the host before the journal is complete on I (asynchronous copy)', scenario: 'CE-1', ref: '【0002】【0104】, Claim 1', catchConfig: 'small', breaks: ['E1', 'S6', 'E8'], rules: { ackBeforeJournal: true } },
  { name: 'no-drain-beyond-pci', description: 'On primary loss S applies only what the last published PCI covers', scenario: 'CE-3', ref: '【0074】【0142】', catchConfig: 'small', breaks: ['E8'], rules: { drainBeyondPci: false } },
  { name: 'torn-journal-applied', description: 'The drain skips the block protection and trailer checks: a record whose header block is intact but whose last block is torn is applied', scenario: 'CE-4', ref: '【0140】', catchConfig: 'small-partial', breaks: ['E9', 'E17', 'S1'], rules: { tornCheck: false } },
  { name: 'stale-record-accepted', description: 'The drain accepts any complete record, without the request-ID and timestamp checks', scenario: 'CE-5', ref: '【0103】【0139】', catchConfig: 'small', breaks: ['E10', 'S1', 'S2', 'E17'], rules: { sequenceCheck: false } },
  { name: 'no-free-space-check', description: 'P writes the next journal without checking that the slot is released (904)', scenario: 'CE-6', ref: '【0099】-【0103】', catchConfig: 'small', breaks: ['E7', 'E6', 'S6', 'S1', 'E8'], rules: { freeSpaceCheck: false } },
  { name: 'late-bitmap', description: "P's bitmap starts at its next position instead of its head, and resync skips the 1403 start-time check", scenario: 'CE-7', ref: '【0118】【0147】', catchConfig: 'small', breaks: ['E11', 'S8', 'E12', 'S9'], rules: { lateBitmap: true } },
  { name: 'one-sided-resync', description: "The resync copies only the source side's bitmap (S's, for the S -> P copy after a takeover), not the OR of both", scenario: 'CE-8', ref: '【0152】, Claims 6/16', catchConfig: 'small-takeover', breaks: ['E13', 'S9'], rules: { oneSidedResync: true } },
  { name: 'release-by-fastest', description: "P's head follows the fastest secondary's SCI, so the slowest one's records are released", scenario: 'CE-9', ref: '【0167】', catchConfig: 'small-multi-secondary', breaks: ['E14', 'E4', 'S3', 'E6'], rules: { releaseByFastest: true } },
  { name: 'arrival-order-apply', description: 'S applies records from the two intermediates in arrival order instead of sorting them by request ID', scenario: 'CE-10', ref: '【0160】【0161】, Claims 10/20', catchConfig: 'small-spread', breaks: ['E15', 'E10', 'S1', 'S2', 'E17'], rules: { arrivalOrder: true } },
  { name: 'no-write-permission', description: "I does not enforce per-volume write permission: a buggy S overwrites P's control information", scenario: 'CE-11', ref: '【0044】【0048】, Claims 4/14', catchConfig: 'small-links', breaks: ['E5'], rules: { writePermission: false } },
  { name: 'update-info-discarded-early', description: 'P discards the update information of a request as soon as it is on I, before S acquired it', scenario: 'CE-12', ref: '【0032】【0110】', catchConfig: 'small', breaks: ['E4', 'E11', 'S8', 'S9'], rules: { discardUpdEarly: true } },
  { name: 'publish-before-apply', description: 'S publishes SCI over what it fetched, before applying it; a crash of S then loses those records', scenario: 'CE-13', ref: '【0127】 (1205 -> 1206 -> 1207)', catchConfig: 'small', breaks: ['S3', 'E6', 'S6'], rules: { publishFetched: true } },
  { name: 'partial-fetch-skips-record', description: 'After a partial fetch S advances its head past the whole record; the rest of it is never applied', scenario: 'CE-14', ref: '【0128】-【0130】', catchConfig: 'small-partial', breaks: ['E17', 'S1', 'S2'], rules: { partialSkip: true } },
];

const P = (id: string, kind: PropertyInfo['kind'], basis: PropertyInfo['basis'], statement: string, ref: string, witnessFor?: string[]): PropertyInfo => ({
  id,
  kind,
  basis,
  statement,
  ref,
  ...(witnessFor ? { witnessFor } : {}),
});

const properties: PropertyInfo[] = [
  P('E1', 'step', 'explicit', 'A write is acknowledged only once its whole journal is on I', 'Claim 1, 【0104】【0171】'),
  P('E2', 'step', 'explicit', "Applying a journal writes its data at the addresses in its header and nowhere else", 'Claims 1/11, 【0126】'),
  P('E3', 'step', 'explicit', 'In normal mode S fetches only records inside the published PCI range', 'Claims 1/11, 【0083】'),
  P('E4', 'step', 'explicit', 'Update information is discarded only once every paired S published a head past its request', 'Claims 2/12, 【0032】【0079】【0110】'),
  P('E5', 'always', 'explicit', "I accepts writes to a control-information volume only from its owner", 'Claims 4/14, 【0029】【0044】'),
  P('E6', 'always', 'explicit', 'No overrun: every record a paired S has not applied is intact on I', '【0103】'),
  P('E7', 'step', 'explicit', 'A write that finds the queue full is rejected with BUSY (nothing changes at P) or suspends the pair and is acknowledged in the bitmap', '【0101】'),
  P('E8', 'always', 'explicit', "No loss on primary-only failure: once S's drain finds no further valid record, every acknowledged journaled write is applied at S", '【0131】, Claims 5/15'),
  P('E9', 'always', 'explicit', 'A torn journal is never applied', '【0140】'),
  P('E10', 'step', 'explicit', 'Every record S applies has request ID previous + 1 (and so a greater timestamp)', '【0139】'),
  P('E11', 'always', 'explicit', "While suspended at P, P's bitmap covers every write S has not reflected", '【0118】【0146】【0147】'),
  P('E12', 'step', 'explicit', "A resync starts only when P's bitmap starts no later than S's (1403)", '【0147】'),
  P('E13', 'step', 'explicit', "A resync copies the OR of both sides' bitmaps", '【0152】'),
  P('E14', 'always', 'explicit', "P's head follows the slowest paired secondary", '【0167】'),
  P('E15', 'always', 'explicit', 'With several intermediates, request IDs are unique across them and S applies in ID order whatever the arrival order', '【0160】【0161】, Claims 10/20'),
  P('E17', 'always', 'explicit', "S's head (and the part of the next record) describes exactly the blocks it reflected", '【0130】'),
  P('S1', 'always', 'inferred', "Outside a copy or takeover, S's image is the base plus the writes with request IDs up to some k, in order (plus a block prefix of the next record with partial fetch)", '【0087】【0126】【0139】'),
  P('S2', 'always', 'inferred', 'The records S applied since the base are exactly the IDs base+1 .. S.head', '【0139】'),
  P('S3', 'always', 'inferred', 'Pointer chain: PCI.head <= P.head <= SCI.head <= S.head, S stays inside PCI in normal mode, PCI.end <= P.next, SCI.head <= S.head', '【0070】-【0085】'),
  P('S6', 'always', 'inferred', 'While P is alive, every acknowledged write is at S, in an intact journal on I, or in P\'s update information or bitmap', '【0032】【0103】【0131】'),
  P('S8', 'always', 'inferred', "While P keeps a bitmap for the pair, every block where P and S differ is in the OR of the bitmaps", '【0098】【0152】'),
  P('S9', 'step', 'inferred', 'A completed resync (either direction) leaves S equal to P', '【0148】-【0154】'),
  P('S10', 'step', 'inferred', "While the pair is in PAIR, S's volume changes only by applying journals; S's host writes only after a takeover", '【0135】'),
  P('L1', 'eventually', 'inferred', 'Once faults heal and host writes stop, the pair is back in PAIR with the business at P, S equal to P, everything applied and released', '【0105】-【0130】'),
  P('L3', 'eventually', 'inferred', 'After primary loss the drain terminates (or S suspends when I is unreachable)', '【0141】【0133】'),
  // Witnesses: premises that must be reached.
  P('W-unpublished-acked', 'sometimes', 'explicit', 'P lost while acknowledged writes were neither applied at S nor covered by the published PCI', '【0074】【0142】', ['E8', 'E1', 'S6']),
  P('W-torn', 'sometimes', 'explicit', 'P lost in the middle of a journal write', '【0140】', ['E9', 'E1']),
  P('W-wrap', 'sometimes', 'explicit', 'The queue wrapped around: a slot holds its second record', '【0103】', ['S1', 'S2', 'E6', 'E15', 'E17']),
  P('W-busy', 'sometimes', 'explicit', 'A host write was rejected with BUSY because the queue was full', '【0101】', ['E7']),
  P('W-queue-full', 'sometimes', 'explicit', 'The queue holds as many records as it can that a paired S has not applied', '【0099】【0103】', ['E6', 'S3']),
  P('W-drain-beyond-pci', 'sometimes', 'explicit', 'S applied records beyond the last published PCI while draining', '【0137】-【0142】', ['E8', 'S1', 'S3', 'E10']),
  P('W-drain-stops-at-invalid', 'sometimes', 'explicit', 'The drain stopped at a record that fails the checks (stale or torn)', '【0139】【0140】', ['E10', 'E9']),
  P('W-secondary-crash', 'sometimes', 'inferred', 'S crashed with records still to apply', '【0108】', ['S3', 'E6', 'S6']),
  P('W-suspended-diverged', 'sometimes', 'explicit', 'The pair is suspended at P while P and S differ', '【0116】-【0119】', ['E11', 'S8']),
  P('W-resync-copies', 'sometimes', 'explicit', 'A resync runs with blocks to copy', '【0148】-【0154】', ['S9', 'E12', 'E13']),
  P('W-intermediate-failed-unapplied', 'sometimes', 'explicit', 'I failed while acknowledged journals were not yet applied at S', '【0113】-【0118】', ['E11', 'S6']),
  P('W-queue-full-suspend', 'sometimes', 'explicit', 'A full queue suspended the pair and the write went to the bitmap', '【0101】【0115】', ['E7', 'E11', 'S6']),
  P('W-pci-lags', 'sometimes', 'explicit', 'S applied all PCI covers while P had written more', '【0073】【0074】', ['E3', 'S3', 'E2', 'S10', 'E1', 'E10']),
  P('W-torn-on-queue', 'sometimes', 'explicit', 'A torn record (a journal write in progress) sits in the queue of a paired S', '【0140】', ['E9']),
  P('W-released', 'sometimes', 'explicit', "P's head advanced from SCI while records were still queued", '【0078】-【0081】', ['E4', 'E14']),
  P('W-foreign-write-rejected', 'sometimes', 'explicit', "A write by S to P's control-information volume was rejected by I", 'Claims 4/14', ['E5']),
  P('W-partial-window', 'sometimes', 'explicit', 'S applied part of a record and holds the rest for its next fetch', '【0129】【0130】', ['E17', 'S1', 'S2']),
  P('W-secondaries-apart', 'sometimes', 'explicit', 'Two paired secondaries published different heads', '【0167】', ['E14']),
  P('W-resent', 'sometimes', 'explicit', 'A record stranded on a failed intermediate was re-sent through the other', '【0161】', ['E15']),
  P('W-group-isolated', 'sometimes', 'explicit', "One group's pair is suspended while the other's is in PAIR", '【0159】', ['S1', 'E11']),
  P('W-alternate-path', 'sometimes', 'explicit', 'S applied records sent over the direct link while I was failed', '【0163】, Claims 8/18', ['S1', 'S3', 'E10']),
  P('W-takeover-write', 'sometimes', 'explicit', 'The secondary host wrote to S after a takeover', '【0134】【0135】', ['S10']),
  P('W-reverse-resync-both', 'sometimes', 'explicit', 'Taken over, P back, and both P and S hold blocks the other lacks', '【0152】【0154】', ['E13', 'S9', 'S8']),
  P('W-operator-suspend', 'sometimes', 'explicit', 'The operator suspended the pair while P and S differ', '【0135】【0136】', ['S8', 'E11', 'S10']),
  P('W-link-suspend', 'sometimes', 'inferred', 'A link failure suspended the pair', '【0114】【0122】', ['S8', 'E11']),
  P('W-secondary-data-lost', 'sometimes', 'explicit', 'S came back with its volumes lost', '【0150】', ['S6', 'S9']),
  P('W-intermediate-data-lost', 'sometimes', 'explicit', 'I lost its contents while acknowledged journals were not yet applied at S', '【0032】【0150】', ['S6', 'E11']),
  P('W-primary-data-lost', 'sometimes', 'explicit', 'P came back with its volumes lost', '【0150】', ['S9']),
  // The losses the design allows (seed-notes §7.6 and CE-15): each is reached, so it is shown.
  P('N1', 'sometimes', 'explicit', 'Allowed: P and I lost together (or I unreachable from S): S holds a consistent prefix, acknowledged writes after it are lost at S', '【0133】-【0135】'),
  P('N2', 'sometimes', 'explicit', "Allowed: during a resync the target is not write-order consistent; a failure then leaves it so", '【0098】【0153】'),
  P('N3', 'sometimes', 'explicit', 'Allowed: while suspended the bitmap keeps one bit per block, not the order of writes', '【0098】'),
  P('N4', 'sometimes', 'explicit', 'Allowed: PCI under-reports what P has written and acknowledged', '【0074】'),
  P('N5', 'sometimes', 'explicit', 'Allowed: a write rejected with BUSY leaves no trace', '【0101】'),
  P('CE-15', 'sometimes', 'inferred', 'Allowed: P and I lost while S had applied only part of a record: half a host write frozen at S', '【0128】-【0130】'),
  P('N-alternate-path', 'sometimes', 'explicit', 'Allowed: P lost while on the asynchronous alternate path: writes acknowledged but not yet sent are lost', '【0163】'),
];

const has = (c: JournalConfig, f: (c: JournalConfig) => boolean, ids: string[]): string[] => (f(c) ? ids : []);
const suspends = (c: JournalConfig): boolean =>
  c.intermediateFailures > 0 || c.secondaryCrashes > 0 || c.queueFull === 'suspend' || c.linkFailures > 0 || c.operator;

/** Which properties apply to a configuration: each needs its premise to be reachable there. */
function propertiesOf(c: JournalConfig): string[] {
  const ids = [
    'E1', 'E2', 'E3', 'E4', 'E6', 'E7', 'E9', 'E10', 'E14', 'E15', 'E17', 'S1', 'S2', 'S3', 'S6', 'S10', 'L1',
    'W-wrap', 'W-pci-lags', 'W-released', 'W-torn-on-queue', 'W-queue-full', 'N4',
    ...(c.queueFull === 'busy' ? ['W-busy', 'N5'] : ['W-queue-full-suspend']),
    ...has(c, (x) => x.primaryLoss, ['E8', 'L3', 'W-unpublished-acked', 'W-torn', 'W-drain-beyond-pci']),
    ...has(c, (x) => x.primaryLoss && !x.spread, ['W-drain-stops-at-invalid']),
    ...has(c, suspends, ['E11', 'S8', 'E12', 'E13', 'S9', 'W-suspended-diverged', 'W-resync-copies']),
    ...has(c, (x) => x.secondaryCrashes > 0, ['W-secondary-crash']),
    ...has(c, (x) => x.intermediateFailures > 0 && !x.spread && !x.alternatePath, ['W-intermediate-failed-unapplied']),
    ...has(c, (x) => x.foreignWrite, ['E5', 'W-foreign-write-rejected']),
    ...has(c, (x) => x.recordBlocks > 1, ['W-partial-window']),
    ...has(c, (x) => x.secondaries > 1, ['W-secondaries-apart']),
    ...has(c, (x) => x.spread, ['W-resent']),
    ...has(c, (x) => x.intermediates > 1 && !x.spread, ['W-group-isolated']),
    ...has(c, (x) => x.alternatePath, ['W-alternate-path', 'N-alternate-path']),
    ...has(c, (x) => x.takeover, ['W-takeover-write']),
    ...has(c, (x) => x.takeover && x.primaryRecovery !== 'none', ['W-reverse-resync-both']),
    ...has(c, (x) => x.operator, ['W-operator-suspend']),
    ...has(c, (x) => x.linkFailures > 0 && !x.links.includes('PS'), ['W-link-suspend']),
    ...has(c, (x) => x.secondaryDataLoss, ['W-secondary-data-lost']),
    ...has(c, (x) => x.intermediateDataLoss, ['W-intermediate-data-lost']),
    ...has(c, (x) => x.primaryRecovery === 'intact-or-lost', ['W-primary-data-lost']),
    ...has(c, (x) => x.primaryLoss && x.intermediateFailures > 0 && !x.spread && !x.alternatePath, ['N1']),
    ...has(c, (x) => suspends(x) && x.primaryLoss, ['N2']),
    ...has(c, (x) => suspends(x) && x.writes >= 3, ['N3']),
    ...has(c, (x) => x.recordBlocks > 1 && x.primaryLoss && x.intermediateFailures > 0, ['CE-15']),
  ];
  return ids.filter((id) => properties.some((p) => p.id === id));
}

/** The pair-machine events a configuration can send: xstate/graph gives the reachable part of the machine from them. */
function pairEvents(c: JournalConfig): string[] {
  const ev = ['CREATE_PAIR', 'INITIAL_COPY_DONE'];
  const fails = c.primaryLoss || suspends(c);
  if (fails) ev.push('FAILURE');
  if (suspends(c) || c.primaryRecovery !== 'none') ev.push('RESYNC', 'RESYNC_DONE');
  if (c.operator) ev.push('OPERATOR_SUSPEND', 'RESYNC_REFUSED', 'DELETE_PAIR');
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
  randomSteps: 5 * c.model.writes + 14,
  lifecycles: { pair: pairEvents(c.model) },
}));

/** What each failure class costs (spec §5), checked by the listed properties on the listed configurations. */
const guarantees: GuaranteeRow[] = [
  {
    failure: 'P alone (I readable by S)',
    guarantee: 'no acknowledged write lost',
    properties: ['E8', 'E9', 'E10', 'S1', 'S2', 'L3'],
    configs: ['small', 'small-partial', 'small-direct-control', 'small-per-group', 'small-spread', 'small-multi-secondary', 'small-takeover'],
    allowed: ['N4'],
  },
  {
    failure: 'I alone',
    guarantee: "consistent prefix at S; P's bitmap covers the rest and a resync makes S equal to P (Emb. 3: re-send keeps PAIR; Emb. 4: asynchronous alternate path)",
    properties: ['S1', 'S6', 'E11', 'S8', 'E12', 'E13', 'S9', 'E15', 'L1'],
    configs: ['small', 'small-suspend', 'small-spread', 'small-per-group', 'small-alternate-path', 'small-data-loss'],
    allowed: ['N3'],
  },
  {
    failure: 'S alone',
    guarantee: 'no acknowledged write lost; P keeps the journals, its update information and bitmap; a resync (or an initial copy after data loss) restores S',
    properties: ['S6', 'E6', 'S3', 'S8', 'S9', 'L1'],
    configs: ['small', 'small-multi-secondary', 'small-operator', 'small-data-loss'],
  },
  {
    failure: 'P and I together',
    guarantee: 'a consistent prefix at S only',
    properties: ['S1', 'E17', 'E9', 'L3'],
    configs: ['small', 'small-takeover', 'small-partial', 'small-data-loss'],
    allowed: ['N1', 'CE-15'],
  },
  {
    failure: 'a link (P-I, I-S, P-S)',
    guarantee: 'no acknowledged write lost; the pair suspends (or S drains on a stale PCI) and a resync restores S',
    properties: ['S6', 'S8', 'E11', 'S1', 'E5', 'L1'],
    configs: ['small-links', 'small-direct-control'],
  },
  {
    failure: 'queue full',
    guarantee: 'BUSY: the write is not accepted; suspend: the pair suspends and the write is acknowledged in the bitmap',
    properties: ['E7', 'E6', 'E11'],
    configs: ['small', 'small-suspend', 'small-per-group'],
    allowed: ['N5'],
  },
  {
    failure: 'operator suspend (and maintenance takeover)',
    guarantee: 'both sides keep differential information; resync in the direction of the business restores equality',
    properties: ['S8', 'E11', 'E12', 'E13', 'S9', 'S10', 'L1'],
    configs: ['small-operator'],
  },
  {
    failure: 'several at once (P lost during a resync, after a takeover, with data loss)',
    guarantee: 'a consistent prefix, except a target caught mid-resync',
    properties: ['S1', 'S8', 'S9', 'E13', 'L1', 'L3'],
    configs: ['small-takeover', 'small-data-loss'],
    allowed: ['N2'],
  },
  {
    failure: 'P alone while on the alternate path (Emb. 4)',
    guarantee: 'a consistent prefix only (asynchronous copy)',
    properties: ['S1', 'E10', 'L3'],
    configs: ['small-alternate-path'],
    allowed: ['N-alternate-path'],
  },
];

export const threeSiteJournal: System = {
  name: 'three-site-journal',
  title: 'Three-site remote copy through a passive intermediate journal store',
  seed: '000_87929a5e219ad3b9.txt (JP 2003-205617)',
  spec: 'spec/three-site-journal.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  guarantees,
  falsifiers: [],
  lifecycles: { pair: pairMachine },
  build(config: string, variant?: string): Model {
    const { config: c, variant: v } = lookup('three-site-journal', configs, variants, config, variant);
    const m = buildJournalModel(c.model, { ...referenceJournalRules, ...v?.rules });
    return restrict({ ...m, ...journalProperties(m.k) }, configInfos.find((x) => x.name === config)!);
  },
};
