// `ordered-delivery`: asynchronous remote copy over an unordered network, kept in write order at
// the remote site by timestamps, per-stream sequence numbers and a limit time (seed 004).
import { InputError, type ConfigInfo, type Falsifier, type Model, type System, type VariantInfo } from '../../engine/contract.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { diskNarration, explainDisk, tapeNarration } from './describe.js';
import { configs, deriveStreams, referenceRules, referenceTapeRules, type DiskRules, type TapeRules } from './config.js';
import { buildDiskModel, W_LOCAL, W_SENT, type DiskModel } from './disk.js';
import { diskChecks } from './disk-properties.js';
import { buildTapeModel, type TapeModel } from './tape.js';
import { diskProperties, properties, tapeReadProperties, tapeWriteProperties } from './properties.js';
import { observeKeys } from '../../conformance/observe.js';

interface Variant extends VariantInfo {
  disk?: Partial<DiskRules>;
  tape?: Partial<TapeRules>;
}

const variants: Variant[] = [
  {
    name: 'apply-on-arrival',
    description: 'The remote writes each packet to disk as it arrives: no timestamps, no limit time',
    scenario: 'N-1',
    ref: '【0006】【0008】【0017】',
    catchConfig: 'small',
    breaks: ['I-5', 'I-6', 'I-7', 'I-8', 'I-10', 'I-11', 'P-3'],
    disk: { applyOnArrival: true },
  },
  {
    name: 'timestamp-only',
    description: 'Prior art: order by timestamp alone, assuming everything stamped earlier has arrived; no sequence numbers',
    scenario: 'N-2 / P-1',
    ref: '【0006】-【0008】',
    catchConfig: 'small',
    breaks: ['I-1', 'I-5', 'I-6', 'I-8', 'I-11'],
    disk: { limitSource: 'timestamp' },
  },
  {
    name: 'sequence-only-across-rds',
    description: 'Per-stream sequence numbers only, no limit time: each remote disk system destages its streams\' contiguous runs on its own',
    scenario: 'N-3 / P-2',
    ref: '【0021】【0022】',
    catchConfig: 'small',
    breaks: ['I-1', 'I-8', 'I-10', 'I-11'],
    disk: { limitSource: 'none' },
  },
  {
    name: 'sequence-only-one-rds',
    description: 'Per-stream sequence numbers only, no limit time, with two pairs in one remote disk system: no minimum across the pairs',
    scenario: 'N-4',
    ref: '【0037】-【0040】',
    catchConfig: 'small-one-rds',
    breaks: ['I-1', 'I-8', 'I-10', 'I-11'],
    disk: { limitSource: 'none' },
  },
  {
    name: 'longest-run',
    description: 'Reading A: the slave takes the literal longest run of sequence numbers, wherever it lies',
    scenario: 'R-1',
    ref: '【0038】, 請求項14, 22',
    catchConfig: 'small',
    breaks: ['I-1', 'I-5', 'I-6', 'I-8', 'I-11'],
    disk: { run: 'longest' },
  },
  {
    name: 'skip-idle-stream',
    description: 'B-skip: a stream with nothing pending in the cache is left out of the slave minimum',
    scenario: 'R-2',
    ref: '【0038】-【0040】',
    catchConfig: 'small',
    breaks: ['I-1', 'I-3', 'I-8', 'I-10', 'I-11'],
    disk: { empty: 'skip' },
  },
  {
    name: 'le-with-ties',
    description: 'Destage when ts <= limit (【0042】) while the clock lets writes share a timestamp',
    scenario: 'R-5',
    ref: '【0042】 vs 請求項22',
    catchConfig: 'ties-disaster',
    breaks: ['I-5', 'I-6', 'I-8', 'I-11'],
    disk: { gate: 'le' },
  },
  {
    name: 'no-dedup',
    description: 'Every arriving packet is cached, duplicates included (step 800 as written)',
    scenario: 'R-4',
    ref: '【0035】',
    catchConfig: 'small',
    breaks: ['I-6', 'I-8', 'I-11', 'I-12', 'I-15'],
    disk: { dedup: false },
  },
  {
    name: 'no-heartbeat',
    description: 'B-hold as written: an idle stream pins the limit at its last timestamp forever',
    scenario: 'R-3',
    ref: '【0038】-【0041】',
    catchConfig: 'small',
    breaks: ['P-3'],
    disk: { heartbeat: false },
  },
  {
    name: 'no-retransmit',
    description: 'No retransmission, as written: one lost packet stalls the limit for good',
    scenario: 'R-7 / F4',
    ref: '【0003】【0031】',
    catchConfig: 'small',
    breaks: ['P-3', 'P-5'],
    disk: { retransmit: false },
  },
  {
    name: 'skewed-clocks',
    description: 'The second local disk system stamps from a clock two ticks behind the first: the common clock 【0028】 assumes is missing',
    scenario: 'R-6',
    ref: '【0020】【0028】',
    catchConfig: 'small-fig3',
    breaks: ['I-1', 'I-6', 'I-8', 'I-11', 'P-3'],
    disk: { clockSkew: 2 },
  },
  {
    name: 'merged-group-lists',
    description: "The remote keeps one sequence list per local disk system, merging the numbers of the two groups' counters",
    scenario: 'R-11',
    ref: '【0057】-【0060】',
    catchConfig: 'small-fig4-groups',
    breaks: ['I-1', 'I-5', 'I-8', 'I-11'],
    disk: { mergeGroups: true },
  },
  {
    name: 'failover-last-limit',
    description: 'Failover destages only what the last broadcast limit admitted, without a final round: consistent, but it keeps less than what arrived proves complete',
    scenario: 'seed-notes §5.9 (F7)',
    ref: '【0004】【0006】',
    catchConfig: 'small',
    breaks: ['I-11'],
    disk: { failover: 'last-limit' },
  },
  {
    name: 'tape-count-traversal',
    description: 'The MT queue is traversed by a count of entries (請求項29 wording) instead of searched by block id',
    scenario: 'R-9',
    ref: '請求項29 vs step 1905, 【0080】',
    catchConfig: 'tape-write-small',
    breaks: ['I-T2', 'I-T3', 'E-T4', 'E-T1', 'I-T1', 'P-T'],
    tape: { locate: 'count' },
  },
  {
    name: 'tape-append-on-arrival',
    description: 'The MT system appends each write request at the tail as it arrives and writes the queue to tape as it stands',
    scenario: 'N-5 / P-5',
    ref: '【0009】【0079】【0080】',
    catchConfig: 'tape-write-small',
    breaks: ['I-T2', 'I-T3', 'E-T4', 'P-T'],
    tape: { locate: 'arrival' },
  },
  {
    name: 'tape-serve-head',
    description: 'The MT system answers every read request with the block at the head of its queue',
    scenario: 'N-6 / P-6',
    ref: '【0075】-【0077】',
    catchConfig: 'tape-read-small',
    breaks: ['E-T1', 'I-T1', 'P-T'],
    tape: { locate: 'arrival' },
  },
];

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => {
  if (c.kind === 'tape') {
    return {
      name,
      description: `Tape ${c.direction} (Figs. 16-20): ${c.blocks} blocks, window m = ${c.window}${c.duplicates ? `, ${c.duplicates} duplicated request` : ''}`,
      tier: name.endsWith('small') ? 'small' : 'standard',
      properties: (c.direction === 'write' ? tapeWriteProperties : tapeReadProperties).filter((id) => id !== 'W-T-stale-rejected' || (c.duplicates ?? 0) > 0),
      randomSteps: 4 * c.blocks + 4,
    };
  }
  const fig = { perPair: 'Fig. 2 (per pair)', perLdsRds: 'Fig. 3 (per local x remote disk system)', perLdsGroupRds: 'Fig. 4 (per local disk system x group x remote disk system)' }[c.embodiment];
  const faults = [
    c.drops && `${c.drops} drop`,
    c.dups && `${c.dups} duplicate`,
    c.ldsCrashes && `${c.ldsCrashes} local crash`,
    c.rdsCrashes && `${c.rdsCrashes} remote crash${c.volatileCache ? ' losing its volatile cache' : ''}`,
    c.linkDowns && `${c.linkDowns} link down`,
    c.disaster && 'site disaster',
  ].filter(Boolean);
  const faulty = c.drops + c.dups > 0;
  return {
    name,
    description:
      `${fig}; ${c.lds} local, ${c.rds} remote disk systems, ${c.pairs.length} pairs, ${c.writes} writes, ${c.clock} clock` +
      `${c.limitScope === 'perGroup' ? ', one limit per group' : ''}; faults: ${faults.join(', ') || 'reordering only'}`,
    tier: name.startsWith('small') ? 'small' : 'standard',
    // Properties whose premise this configuration cannot produce are left out rather than
    // reported as holding vacuously (and their witnesses rather than reported unreached).
    properties: diskProperties.filter(
      (id) =>
        !(id === 'W-cross-rds' && c.rds < 2) &&
        !(['W-dup-after-apply', 'I-12', 'I-15'].includes(id) && !faulty) &&
        !(['W-failover-loss', 'W-failover-top', 'I-11'].includes(id) && !c.disaster) &&
        // With a coarse clock failover keeps only what every run passed, never a write at the limit.
        !(id === 'W-failover-top' && c.clock === 'coarse') &&
        !(id === 'W-tie-fault' && !(c.clock === 'coarse' && faulty)) &&
        !(id === 'W-groups-apart' && c.limitScope !== 'perGroup') &&
        !(['W-cache-lost', 'N-volatile-hole'].includes(id) && !c.volatileCache),
    ),
    randomSteps: 60,
  };
});

// Falsifiers: what shows each always and step property able to fail (see src/engine/falsify.ts).
const disk = (m: Model): DiskModel => m as DiskModel;
const tape = (m: Model): TapeModel => m as TapeModel;
const byVariant = (property: string, variant: string, config: string): Falsifier => ({ property, variant, config });
const falsifiers: Falsifier[] = [
  byVariant('I-1', 'timestamp-only', 'small'),
  {
    property: 'I-2',
    config: 'small-3w',
    corruption: 'the first packet of a stream that carried two writes gets a later stamp than the second',
    find: (m, s) => s[disk(m).k.f.COUNTER] >= 2,
    corrupt: (m, s) => {
      const { f } = disk(m).k;
      s[f.SLOT_TS] = s[f.SLOT_TS + 1] + 1;
    },
  },
  byVariant('I-3', 'skip-idle-stream', 'small'),
  {
    property: 'I-4',
    config: 'small',
    corruption: "a stream's high-water mark one below the run it received",
    find: (m, s) => s[disk(m).k.f.HWM] >= 0,
    corrupt: (m, s) => {
      s[disk(m).k.f.HWM]--;
    },
  },
  byVariant('I-5', 'apply-on-arrival', 'small'),
  byVariant('I-5', 'longest-run', 'small'),
  byVariant('I-6', 'apply-on-arrival', 'small'),
  byVariant('I-7', 'apply-on-arrival', 'small'),
  byVariant('I-8', 'skip-idle-stream', 'small'),
  byVariant('I-10', 'apply-on-arrival', 'small'),
  byVariant('I-11', 'failover-last-limit', 'small'),
  byVariant('I-11', 'longest-run', 'small'),
  byVariant('I-12', 'no-dedup', 'small'),
  {
    property: 'I-13',
    config: 'small',
    corruption: 'a completion notice appears for a packet still in flight',
    find: (m, s) => {
      const { f, NSLOT } = disk(m).k;
      for (let x = 0; x < NSLOT; x++) if (s[f.NET_DATA + x] > 0 && !s[f.GOT + x]) return true;
      return false;
    },
    corrupt: (m, s) => {
      const { f, NSLOT } = disk(m).k;
      for (let x = 0; x < NSLOT; x++) if (s[f.NET_DATA + x] > 0 && !s[f.GOT + x]) s[f.NET_ACK + x] = 1;
    },
  },
  {
    property: 'I-14',
    config: 'small',
    corruption: 'a write still awaiting its completion notice is written to its local disk unit',
    find: (m, s) => s[disk(m).k.f.W_STATUS] === W_SENT,
    corrupt: (m, s) => {
      const { f } = disk(m).k;
      s[f.W_STATUS] = W_LOCAL;
      s[f.LOCAL_DISK + s[f.W_ADDR]] = 1;
    },
  },
  byVariant('I-15', 'no-dedup', 'small'),
  {
    property: 'E-6',
    config: 'small',
    corruption: 'an acknowledged entry keeps its timestamp',
    find: (m, s) => s[disk(m).k.f.W_STATUS] === W_LOCAL,
    corrupt: (m, s) => {
      const { f } = disk(m).k;
      s[f.E_TS] = s[f.W_TS];
    },
  },
  {
    property: 'G-host',
    config: 'small',
    corruption: "a step that erases the host's acknowledgement of a write",
    findStep: (m, prev) => prev[disk(m).k.f.H_ACK] === 1,
    corrupt: (m, s) => {
      s[disk(m).k.f.H_ACK] = 0;
    },
  },
  byVariant('I-T2', 'tape-count-traversal', 'tape-write-small'),
  byVariant('E-T4', 'tape-append-on-arrival', 'tape-write-small'),
  byVariant('I-T3', 'tape-append-on-arrival', 'tape-write-small'),
  {
    property: 'I-T4',
    config: 'tape-write-small',
    corruption: 'one more request issued while the window is full',
    find: (m, s) => tape(m).outstanding(s) === tape(m).k.M && s[tape(m).k.ISSUED] < tape(m).k.N,
    corrupt: (m, s) => {
      tape(m).issueAnother(s);
    },
  },
  byVariant('E-T1', 'tape-serve-head', 'tape-read-small'),
  {
    property: 'I-T1',
    config: 'tape-read-small',
    corruption: 'the read counter moves one past the block at the head',
    find: (m, s) => s[tape(m).k.QLEN] > 0,
    corrupt: (m, s) => {
      s[tape(m).k.NEXT_SEQ]++;
    },
  },
];

export const orderedDelivery: System = {
  name: 'ordered-delivery',
  title: 'Asynchronous remote copy over an unordered network (timestamps, sequence numbers, limit time)',
  seed: '004_1b6d7d234d33bf11.txt (JP 2002-281065)',
  spec: 'spec/ordered-delivery.md',
  configs: configInfos,
  variants: variants.map(({ disk: _d, tape: _t, ...info }) => info),
  properties,
  falsifiers,
  explain: explainDisk,
  // What hosts and operators see: the site's state, the local and remote images, the tape, the acknowledgements.
  observe: observeKeys('site', 'localDisk', 'disk', 'issued', 'issuer', 'tape', 'ghost'),
  build(config: string, variant?: string): Model {
    const { config: c, variant: v } = lookup('ordered-delivery', configs, variants, config, variant);
    const info = configInfos.find((x) => x.name === config)!;
    if (c.kind === 'tape') {
      if (v && !v.tape) throw new InputError(`variant "${v.name}" changes the disk design; use a disk configuration, not "${config}"`);
      return restrict(Object.assign(buildTapeModel(c, { ...referenceTapeRules, ...v?.tape }), tapeNarration()), info, c);
    }
    if (v && !v.disk) throw new InputError(`variant "${v.name}" changes the tape design; use a tape configuration, not "${config}"`);
    const m = buildDiskModel(c, { ...referenceRules, ...v?.disk });
    const { streams } = deriveStreams(c);
    return restrict(Object.assign(m, diskChecks(m.k), diskNarration(streams, c.pairs.map((p) => p.lds), c.lds, c.rds)), info, c);
  },
};
