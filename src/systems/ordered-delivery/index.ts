// `ordered-delivery`: asynchronous remote copy over an unordered network, kept in write order at
// the remote site by timestamps, per-stream sequence numbers and a limit time (seed 004).
import { InputError, type ConfigInfo, type Model, type System, type VariantInfo } from '../../engine/contract.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { configs, referenceRules, referenceTapeRules, type DiskRules, type TapeRules } from './config.js';
import { buildDiskModel } from './disk.js';
import { buildTapeModel } from './tape.js';
import { diskProperties, properties, tapeReadProperties, tapeWriteProperties } from './properties.js';

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
    breaks: ['I-5', 'I-6', 'I-8', 'I-10'],
    disk: { applyOnArrival: true },
  },
  {
    name: 'timestamp-only',
    description: 'Prior art: order by timestamp alone, assuming everything stamped earlier has arrived; no sequence numbers',
    scenario: 'N-2 / P-1',
    ref: '【0006】-【0008】',
    catchConfig: 'small',
    breaks: ['I-1', 'I-5', 'I-8'],
    disk: { limitSource: 'timestamp' },
  },
  {
    name: 'longest-run',
    description: 'Reading A: the slave takes the literal longest run of sequence numbers, wherever it lies',
    scenario: 'R-1',
    ref: '【0038】, 請求項14, 22',
    catchConfig: 'small',
    breaks: ['I-1', 'I-5', 'I-6', 'I-8'],
    disk: { run: 'longest' },
  },
  {
    name: 'skip-idle-stream',
    description: 'B-skip: a stream with nothing pending in the cache is left out of the slave minimum',
    scenario: 'R-2',
    ref: '【0038】-【0040】',
    catchConfig: 'small',
    breaks: ['I-1', 'I-3', 'I-8'],
    disk: { empty: 'skip' },
  },
  {
    name: 'le-with-ties',
    description: 'Destage when ts <= limit (【0042】) while the clock lets writes share a timestamp',
    scenario: 'R-5',
    ref: '【0042】 vs 請求項22',
    catchConfig: 'small-ties',
    breaks: ['I-5', 'I-6', 'I-8'],
    disk: { gate: 'le' },
  },
  {
    name: 'no-dedup',
    description: 'Every arriving packet is cached, duplicates included (step 800 as written)',
    scenario: 'R-4',
    ref: '【0035】',
    catchConfig: 'small',
    breaks: ['I-6', 'I-8', 'I-12', 'I-15'],
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
    name: 'tape-count-traversal',
    description: 'The MT queue is traversed by a count of entries (請求項29 wording) instead of searched by block id',
    scenario: 'R-9',
    ref: '請求項29 vs step 1905, 【0080】',
    catchConfig: 'tape-write-small',
    breaks: ['I-T2', 'I-T3', 'E-T4', 'E-T1', 'I-T1'],
    tape: { locate: 'count' },
  },
];

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => {
  if (c.kind === 'tape') {
    return {
      name,
      description: `Tape ${c.direction} (Figs. 16-20): ${c.blocks} blocks, window m = ${c.window}`,
      tier: name.endsWith('small') ? 'small' : 'standard',
      properties: c.direction === 'write' ? tapeWriteProperties : tapeReadProperties,
      randomSteps: 4 * c.blocks + 4,
    };
  }
  const fig = { perPair: 'Fig. 2 (per pair)', perLdsRds: 'Fig. 3 (per local x remote disk system)', perLdsGroupRds: 'Fig. 4 (per local disk system x group x remote disk system)' }[c.embodiment];
  const faults = [
    c.drops && `${c.drops} drop`,
    c.dups && `${c.dups} duplicate`,
    c.ldsCrashes && `${c.ldsCrashes} local crash`,
    c.rdsCrashes && `${c.rdsCrashes} remote crash`,
    c.linkDowns && `${c.linkDowns} link down`,
    c.disaster && 'site disaster',
  ].filter(Boolean);
  return {
    name,
    description: `${fig}; ${c.lds} local, ${c.rds} remote disk systems, ${c.pairs.length} pairs, ${c.writes} writes, ${c.clock} clock; faults: ${faults.join(', ') || 'reordering only'}`,
    tier: name.startsWith('small') ? 'small' : 'standard',
    // Properties whose premise this configuration cannot produce are left out rather than
    // reported as holding vacuously (and their witnesses rather than reported unreached).
    properties: diskProperties.filter(
      (id) =>
        !(id === 'W-cross-rds' && c.rds < 2) &&
        !(['W-dup-after-apply', 'I-12', 'I-15'].includes(id) && c.drops + c.dups === 0) &&
        !(['W-failover-loss', 'I-11'].includes(id) && !c.disaster),
    ),
    randomSteps: 60,
  };
});

export const orderedDelivery: System = {
  name: 'ordered-delivery',
  title: 'Asynchronous remote copy over an unordered network (timestamps, sequence numbers, limit time)',
  seed: '004_1b6d7d234d33bf11.txt (JP 2002-281065)',
  spec: 'spec/ordered-delivery.md',
  configs: configInfos,
  variants: variants.map(({ disk: _d, tape: _t, ...info }) => info),
  properties,
  build(config: string, variant?: string): Model {
    const { config: c, variant: v } = lookup('ordered-delivery', configs, variants, config, variant);
    if (c.kind === 'tape') {
      if (v && !v.tape) throw new InputError(`variant "${v.name}" changes the disk design; use a disk configuration, not "${config}"`);
      return restrict(buildTapeModel(c, { ...referenceTapeRules, ...v?.tape }), configInfos.find((x) => x.name === config)!);
    }
    if (v && !v.disk) throw new InputError(`variant "${v.name}" changes the tape design; use a tape configuration, not "${config}"`);
    return restrict(buildDiskModel(c, { ...referenceRules, ...v?.disk }), configInfos.find((x) => x.name === config)!);
  },
};
