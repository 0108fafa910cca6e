// `three-site-journal`: zero-loss three-site remote copy through a passive journal store (seed 000).
// First cut: the base embodiment with primary loss; see spec/three-site-journal.md for what is not
// modelled yet.
import { lookup, restrict } from '../../engine/lookup.js';
import { type ConfigInfo, type Model, type PropertyInfo, type System, type VariantInfo } from '../../engine/contract.js';
import { buildJournalModel, referenceJournalRules, type JournalConfig, type JournalRules } from './model.js';

const configs: Record<string, JournalConfig & { description: string; tier: 'small' | 'standard' }> = {
  small: {
    writes: 3,
    addresses: 2,
    capacity: 2,
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
    queueFull: 'busy',
    description: 'Emb. 1; 3 writes over 2 addresses, queue of 2 records, BUSY when full; primary loss, a secondary crash, an intermediate failure',
    tier: 'small',
  },
  'small-suspend': {
    writes: 3,
    addresses: 2,
    capacity: 1,
    primaryLoss: true,
    secondaryCrashes: 0,
    intermediateFailures: 1,
    queueFull: 'suspend',
    description: 'Emb. 1; 3 writes over 2 addresses, queue of 1 record, suspend when full; primary loss, an intermediate failure',
    tier: 'small',
  },
  standard: {
    writes: 6,
    addresses: 2,
    capacity: 3,
    primaryLoss: true,
    secondaryCrashes: 1,
    intermediateFailures: 1,
    queueFull: 'busy',
    description: 'Emb. 1; 6 writes over 2 addresses, queue of 3 records, BUSY when full; primary loss, a secondary crash, an intermediate failure',
    tier: 'standard',
  },
};

interface Variant extends VariantInfo {
  rules: Partial<JournalRules>;
}

const variants: Variant[] = [
  {
    name: 'ack-before-journal',
    description: 'P acknowledges the host before the journal is complete on I (asynchronous copy)',
    scenario: 'CE-1',
    ref: '【0002】【0104】, Claim 1',
    catchConfig: 'small',
    breaks: ['E1', 'S6', 'E8'],
    rules: { ackBeforeJournal: true },
  },
  {
    name: 'no-drain-beyond-pci',
    description: 'On primary loss S applies only what the last published PCI covers',
    scenario: 'CE-3',
    ref: '【0074】【0142】',
    catchConfig: 'small',
    breaks: ['E8'],
    rules: { drainBeyondPci: false },
  },
  {
    name: 'torn-journal-applied',
    description: 'The drain skips the block protection and trailer checks',
    scenario: 'CE-4',
    ref: '【0140】',
    catchConfig: 'small',
    breaks: ['E9'],
    rules: { tornCheck: false },
  },
  {
    name: 'stale-record-accepted',
    description: 'The drain accepts any complete record, without the request-ID and timestamp checks',
    scenario: 'CE-5',
    ref: '【0103】【0139】',
    catchConfig: 'small',
    breaks: ['S1', 'S6'],
    rules: { sequenceCheck: false },
  },
  {
    name: 'no-free-space-check',
    description: 'P writes the next journal without checking free queue space (904)',
    scenario: 'CE-6',
    ref: '【0099】-【0103】',
    catchConfig: 'small',
    breaks: ['E6', 'S6', 'S1', 'E8'],
    rules: { freeSpaceCheck: false },
  },
  {
    name: 'publish-before-apply',
    description: 'S publishes SCI over what it fetched, before applying it; a crash of S then loses those records',
    scenario: 'CE-13',
    ref: '【0127】 (1205 -> 1206 -> 1207)',
    catchConfig: 'small',
    breaks: ['S3', 'E6', 'S6'],
    rules: { publishFetched: true },
  },
  {
    name: 'late-bitmap',
    description: "P's bitmap starts at its next position instead of its head, and resync skips the 1403 start-time check",
    scenario: 'CE-7',
    ref: '【0118】【0147】',
    catchConfig: 'small',
    breaks: ['E11', 'S8', 'E12', 'S9'],
    rules: { lateBitmap: true },
  },
  {
    name: 'update-info-discarded-early',
    description: 'P discards the update information of a request as soon as it is on I, before S acquired it',
    scenario: 'CE-12',
    ref: '【0032】【0110】',
    catchConfig: 'small',
    breaks: ['E11', 'S8', 'S9'],
    rules: { discardUpdEarly: true },
  },
];

const properties: PropertyInfo[] = [
  { id: 'E1', kind: 'step', basis: 'explicit', statement: 'A write is acknowledged only once its whole journal is on I', ref: 'Claim 1, 【0104】【0171】' },
  { id: 'S6', kind: 'always', basis: 'inferred', statement: 'Every acknowledged write is applied at S or has its intact journal in the queue on I', ref: '【0103】【0131】' },
  { id: 'E6', kind: 'always', basis: 'explicit', statement: 'No overrun: P never has more than the queue size of records beyond what S applied', ref: '【0103】' },
  { id: 'E8', kind: 'always', basis: 'explicit', statement: "No loss on primary-only failure: after S's drain every acknowledged write is applied at S", ref: '【0131】, Claims 5/15' },
  { id: 'E9', kind: 'always', basis: 'explicit', statement: 'A torn journal is never applied', ref: '【0140】' },
  { id: 'S1', kind: 'always', basis: 'inferred', statement: 'The secondary image is always the image of the writes with request IDs 1..k, for k the records S applied', ref: '【0087】【0126】【0139】' },
  { id: 'S3', kind: 'always', basis: 'inferred', statement: 'Pointer chain: PCI.head <= P.head <= SCI.head <= S.head, PCI.end <= P.next, and in normal mode S stays inside PCI', ref: '【0070】-【0085】' },
  { id: 'E11', kind: 'always', basis: 'explicit', statement: "While the pair is suspended, P's bitmap covers every write S has not reflected", ref: '【0118】【0146】【0147】' },
  { id: 'E12', kind: 'step', basis: 'explicit', statement: "Resync starts only when P's bitmap starts no later than S's (1403)", ref: '【0147】' },
  { id: 'S8', kind: 'always', basis: 'inferred', statement: 'While suspended, every block where P and S differ is in the OR of the two bitmaps', ref: '【0098】【0152】' },
  { id: 'S9', kind: 'step', basis: 'inferred', statement: 'A completed resync leaves S equal to P (with the OR of both bitmaps, E13)', ref: '【0148】-【0154】' },
  { id: 'L1', kind: 'eventually', basis: 'inferred', statement: 'Without failures, once host writes stop, S applies everything and P releases all queue space', ref: '【0105】-【0130】' },
  { id: 'L3', kind: 'eventually', basis: 'inferred', statement: 'After primary loss the drain terminates (or S suspends when I is unreachable)', ref: '【0141】【0133】' },
  {
    id: 'W-suspended-diverged',
    kind: 'sometimes',
    basis: 'explicit',
    statement: 'The pair is suspended while P and S differ',
    ref: '【0116】-【0119】',
    witnessFor: ['E11', 'S8'],
  },
  { id: 'W-resync-copies', kind: 'sometimes', basis: 'explicit', statement: 'A resync starts with blocks to copy', ref: '【0148】-【0154】', witnessFor: ['S9', 'E12'] },
  {
    id: 'W-intermediate-failed-unapplied',
    kind: 'sometimes',
    basis: 'explicit',
    statement: 'I failed while acknowledged journals were not yet applied at S',
    ref: '【0113】-【0118】',
    witnessFor: ['E11', 'S6'],
  },
  {
    id: 'W-queue-full-suspend',
    kind: 'sometimes',
    basis: 'explicit',
    statement: 'A full queue suspended the pair and the write went to the bitmap',
    ref: '【0101】【0115】',
    witnessFor: ['E11', 'S6'],
  },
  { id: 'W-unpublished-acked', kind: 'sometimes', basis: 'explicit', statement: 'P lost while acknowledged writes were neither applied at S nor covered by the published PCI', ref: '【0074】【0142】', witnessFor: ['E8', 'E1', 'S6'] },
  { id: 'W-torn', kind: 'sometimes', basis: 'explicit', statement: 'P lost in the middle of a journal write', ref: '【0140】', witnessFor: ['E9'] },
  { id: 'W-wrap', kind: 'sometimes', basis: 'explicit', statement: 'The queue wrapped around: a slot holds its second record', ref: '【0103】', witnessFor: ['S1', 'E6'] },
  { id: 'W-busy', kind: 'sometimes', basis: 'explicit', statement: 'A host write was rejected with BUSY because the queue was full', ref: '【0101】', witnessFor: ['E6'] },
  { id: 'W-queue-full', kind: 'sometimes', basis: 'explicit', statement: 'The queue holds capacity records not yet applied at S', ref: '【0099】【0103】', witnessFor: ['E6', 'S3'] },
  {
    id: 'W-secondary-crash',
    kind: 'sometimes',
    basis: 'inferred',
    statement: 'S crashed with records still to apply',
    ref: '【0108】',
    witnessFor: ['S3', 'E6', 'S6'],
  },
  { id: 'W-drain-beyond-pci', kind: 'sometimes', basis: 'explicit', statement: 'S applied records beyond the last published PCI while draining', ref: '【0137】-【0142】', witnessFor: ['E8', 'S1', 'S3'] },
];

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => ({
  name,
  description: c.description,
  tier: c.tier,
  // The queue-full-suspend witness needs the suspend policy; the BUSY witness needs the BUSY policy.
  properties: properties
    .map((p) => p.id)
    .filter((id) => !(id === 'W-queue-full-suspend' && c.queueFull !== 'suspend') && !(id === 'W-busy' && c.queueFull !== 'busy') && !(id === 'W-secondary-crash' && c.secondaryCrashes === 0)),
  randomSteps: 4 * c.writes + 10,
}));

export const threeSiteJournal: System = {
  name: 'three-site-journal',
  title: 'Three-site remote copy through a passive intermediate journal store (first cut: base embodiment)',
  seed: '000_87929a5e219ad3b9.txt (JP 2003-205617)',
  spec: 'spec/three-site-journal.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  build(config: string, variant?: string): Model {
    const { config: c, variant: v } = lookup('three-site-journal', configs, variants, config, variant);
    return restrict(buildJournalModel(c, { ...referenceJournalRules, ...v?.rules }), configInfos.find((x) => x.name === config)!);
  },
};
