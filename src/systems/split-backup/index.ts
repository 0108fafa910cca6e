// `split-backup`: a split mirror answered at once, its remaining copies done in the background, and a
// server-free backup of the secondary that stays consistent with the split (seed 001). The four
// embodiments (E1 range priority, E2 wait for all, E3 merge in the staging area, E4 combined split and
// backup) and E2's polling variant are configurations; see spec/split-backup.md.
import type { ConfigInfo, Falsifier, Model, System, VariantInfo } from '../../engine/contract.js';
import { narration } from '../../engine/describe.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { describeStep, explain, lanesOf } from './describe.js';
import { copyEngineMachine, e4ClientMachine, e4ServerMachine, jobMachines, pollingServerMachine, splitBackupPairMachine, volumeStatusMachine } from '../../../models/split-backup.js';
import { configs, referenceRules, type Rules, type SplitBackupConfig } from './config.js';
import { latencyTables } from './latency.js';
import { actionType, buildModel, T, type SplitBackupModel } from './model.js';
import { checks, properties } from './properties.js';
import { observeKeys } from '../../conformance/observe.js';

interface Variant extends VariantInfo {
  rules: Partial<Rules>;
}

const variants: Variant[] = [
  {
    name: 'prior-art-no-gating',
    description: 'Prior art: the split is answered at once and the copy manager streams S to tape without looking at the difference information',
    scenario: 'CE-1',
    ref: '【0005】【0006】',
    catchConfig: 'small-E1',
    breaks: ['E-S1', 'E-S2', 'I-S7'],
    rules: { gate: false },
  },
  {
    name: 'naive-write',
    description: 'A host write to a block S still owes goes straight to cache: no copy-before-write, the background copy then copies the post-split data',
    scenario: 'CE-6',
    ref: '【0026】 (A1)',
    catchConfig: 'small-E1',
    breaks: ['E-S1', 'I-S1', 'I-S2', 'I-S5', 'I-S7'],
    rules: { protectSplitImage: false },
  },
  {
    name: 'e3-check-then-read',
    description: 'E3 checks the difference bit in one step and reads P or S in a later one; a copy-before-write in between makes it read post-split data from P',
    scenario: 'CE-7',
    ref: '【0036】【0037】',
    catchConfig: 'small-E3',
    // E-L6 too: a check step and a read step per block is more than |R| reads.
    breaks: ['E-S1', 'I-S1', 'I-S10', 'E-S4', 'E-L6'],
    rules: { atomicStaging: false },
  },
  {
    name: 'copy-from-disk',
    description: '508 copies P\'s disk, not the logical P: a write still dirty in cache is missed',
    scenario: 'CE-8',
    ref: '【0016】',
    catchConfig: 'small-E1',
    breaks: ['E-S1', 'I-S3', 'I-S8', 'I-S9', 'I-S2', 'I-S7'],
    rules: { copySource: 'disk' },
  },
  {
    name: 'clear-after-copy',
    description: '508 reads P, then writes S and clears the bit in a later step: a host write in between loses its update copy',
    scenario: 'CE-9',
    ref: '【0020】【0026】',
    catchConfig: 'small-E1',
    breaks: ['E-S1', 'I-S8', 'I-S9', 'I-S3', 'I-S2', 'I-S7'],
    rules: { atomicCopy: false },
  },
  {
    name: 'backup-in-duplex',
    description: '502 accepts a backup command before the split (a reordered or skipped LAN notice)',
    scenario: 'CE-10',
    ref: '【0026】【0027】, claim 14',
    catchConfig: 'small-E1',
    breaks: ['E-S6', 'E-S1'],
    rules: { backupAfterSplit: false },
  },
  {
    name: 'copy-until-match',
    description: '【0030】 read literally: after the drain 508 keeps copying until P and S match, post-split writes included',
    scenario: 'CE-11',
    ref: '【0030】 (A3)',
    catchConfig: 'small-E1-unit',
    breaks: ['E-S1', 'I-S1', 'I-S2', 'I-S3', 'I-S15'],
    rules: { drainOnly: false },
  },
  {
    name: 'no-s-write-guard',
    description: 'Host writes to S are accepted while S is split pending: the background copy overwrites them',
    scenario: 'CE-12',
    ref: '【0026】',
    catchConfig: 'small-s-io',
    breaks: ['I-S14', 'I-S2', 'I-S9', 'E-S1'],
    rules: { sWriteGuard: false },
  },
  {
    name: 'resync-during-job',
    description: 'A resync is accepted while a job still reads S: post-split data reaches the tape',
    scenario: 'CE-13',
    ref: '【0030】 (§5.10)',
    catchConfig: 'small-operate',
    breaks: ['E-S1', 'I-S1', 'I-S11'],
    rules: { resyncGuard: false },
  },
  {
    name: 'early-completion-report',
    description: '502 reports the backup done when 503 starts the transfer',
    scenario: 'CE-15',
    ref: '【0029】',
    catchConfig: 'small-E1',
    breaks: ['E-S7', 'E-S1'],
    rules: { reportAfterTransfer: false },
  },
  {
    name: 'torn-multi-block-write',
    description: 'A two-block host write enters the cache one block at a time: the split can fall between them',
    scenario: 'CE-16',
    ref: '【0010】【0040】',
    catchConfig: 'small-E1',
    breaks: ['E-S1', 'I-S12', 'E-S9'],
    rules: { atomicMultiBlock: false },
  },
];

const EMB_TEXT: Record<string, string> = {
  E1: 'E1 (range priority, whole-range check)',
  'E1-unit': 'E1 (range priority, per-unit check)',
  E2: 'E2 (wait for all differences)',
  'E2-poll': 'E2 polling variant (the server polls 517)',
  E3: 'E3 (merge in the staging area)',
  E4: 'E4 (combined split and backup, client quiesce, Receive Copy Result)',
};

const validJobs = (c: SplitBackupConfig): [number, number][] => c.jobs.filter(([a, b]) => a >= 0 && a < b && b <= c.blocks);
const overlapping = (c: SplitBackupConfig): boolean => {
  const v = validJobs(c);
  return v.some((a, i) => v.some((b, k) => k > i && Math.max(a[0], b[0]) < Math.min(a[1], b[1])));
};

/** The properties a configuration checks: those whose premise its embodiment and features can produce. */
function propertiesOf(c: SplitBackupConfig): string[] {
  const e = c.embodiment;
  const creates = c.start === 'simplex' || c.deletes > 0;
  const has = (x: string): boolean => c.faults.includes(x as never);
  const failures = has('pReadError') || has('memLoss');
  const sGated = e === 'E1' || e === 'E1-unit' || e === 'E4';
  const freeServer = e !== 'E2-poll' && e !== 'E4';
  const on: Record<string, boolean> = {
    'E-S2': sGated,
    'E-S3': e === 'E2' || e === 'E2-poll',
    'E-S4': e === 'E3',
    'I-S7': c.sReads,
    'I-S10': e === 'E3',
    'I-S11': c.resyncs + c.deletes > 0,
    'I-S12': c.multiBlock,
    'I-S13': c.splits > 1,
    'I-S14': c.sWrites > 0,
    'I-S15': overlapping(c),
    'E-L3': e !== 'E4',
    'I-L4': sGated,
    'E-L6': e === 'E3',
    'I-L8': e === 'E4',
    'E-L2': e !== 'E2-poll',
    'L-resume': e === 'E4',
    'W-backup-while-dirty': e !== 'E2-poll',
    'W-cow': c.writePolicy === 'cow' && (c.writes > 1 || c.start === 'simplex'),
    'W-hold': c.writePolicy === 'hold',
    'W-two-jobs': overlapping(c),
    'W-torn-window': c.multiBlock,
    'W-s-read-copy': c.sReads,
    'W-s-write': c.sWrites > 0,
    'W-s-write-refused': c.sWrites > 0,
    'W-resync-after-backup': c.resyncs > 0 && !failures,
    'W-resync-refused': c.resyncs + c.deletes > 0,
    'W-delete': c.deletes > 0,
    'W-backup-too-early': freeServer,
    'W-bad-range': validJobs(c).length < c.jobs.length,
    'W-split-refused': c.start === 'simplex',
    'W-dup-split': c.splits > 1,
    'W-tape-error': has('tapeError'),
    'W-p-read-error': has('pReadError'),
    'W-s-read-error': has('sReadError'),
    'W-mem-loss': has('memLoss'),
    'W-abort': has('abort'),
    'W-crash-result': has('serverCrash'),
    'W-timeout': e === 'E4',
    'W-false-timeout': e === 'E4',
    'W-lost-resume': has('lostResume'),
    'W-poll-pending': e === 'E2-poll',
    'W-stage-from-p': e === 'E3',
    'W-priority': sGated,
    'W-wait-all': e === 'E2',
    'W-split-in-formation': creates,
    'W-e4-cycle': e === 'E4',
  };
  return properties.map((p) => p.id).filter((id) => on[id] ?? true);
}

/**
 * The events each lifecycle machine can receive in a configuration; xstate/graph gives the reachable
 * part of the machine from them, and the exhaustive run must cover exactly that part.
 */
function lifecyclesOf(c: SplitBackupConfig): Record<string, string[]> {
  const e = c.embodiment;
  const creates = c.start === 'simplex' || c.deletes > 0;
  const failures = c.faults.includes('pReadError') || c.faults.includes('memLoss');
  const jobFaults = c.faults.some((x) => ['tapeError', 'sReadError', 'abort'].includes(x)) || failures;
  const pair = ['SPLIT', 'SPLIT_EARLY', 'SPLIT_DRAINED'];
  const status = ['SPLIT', 'SPLIT_EARLY', 'SPLIT_DRAINED'];
  const engine = ['COPY', 'DRAINED'];
  if (creates) pair.push('CREATE_PAIR', 'INITIAL_COPY_DONE'), status.push('CREATE_PAIR');
  if (c.resyncs > 0) pair.push('RESYNC', 'RESYNC_DONE'), status.push('RESYNC');
  if (failures) pair.push('FAILURE'), status.push('FAILURE'), engine.push('STOP');
  if (c.deletes > 0) pair.push('DELETE_PAIR'), status.push('DELETE_PAIR'), engine.push('STOP');
  if (e === 'E1' || e === 'E1-unit' || e === 'E4') engine.push('PRIORITY', 'RANGE_DONE');
  const job: Record<string, string[]> = {
    E1: ['ACCEPT', 'CLEAN', 'DIRTY', 'RANGE_COPIED', 'LAST_BLOCK', 'REPORT'],
    'E1-unit': ['ACCEPT', 'UNIT_CLEAN', 'UNIT_DIRTY', 'UNIT_COPIED', 'NEXT_UNIT', 'LAST_UNIT', 'REPORT'],
    E2: ['ACCEPT', 'CLEAN', 'DIRTY', 'ALL_REFLECTED', 'LAST_BLOCK', 'REPORT'],
    'E2-poll': ['ACCEPT', 'LAST_BLOCK', 'REPORT'],
    E3: ['ACCEPT', 'STAGED_ALL', 'LAST_BLOCK', 'REPORT'],
    E4: ['ACCEPT', 'CLEAN', 'DIRTY', 'RANGE_COPIED', 'LAST_BLOCK'],
  };
  const jobs = [...job[e], ...(jobFaults ? ['FAIL'] : []), ...(c.faults.includes('abort') ? ['ABORT'] : [])];
  const out: Record<string, string[]> = {
    'pair-split-backup': [...new Set(pair)],
    volumeStatus: [...new Set(status)],
    [jobMachines[e].id]: jobs,
  };
  // The graph cannot see the engine's guards: STOP from idle needs a lost memory or a delete, a restart
  // from stopped needs a resync or a re-create, and STOP from priorityCopying needs a failure (a delete
  // is refused while a job waits, I-S11). Where the configuration lacks one of them the engine is
  // checked by the union of the configurations only (properties/support/system-suite.ts, the report).
  const stopExact =
    !engine.includes('STOP') ||
    ((c.faults.includes('memLoss') || c.deletes > 0) && (c.resyncs > 0 || c.deletes > 0) && (!engine.includes('PRIORITY') || failures));
  if (stopExact) out.copyEngine = [...new Set(engine)];
  if (e === 'E2-poll') out.pollingServer = ['STATUS_SPLIT', 'SEND_CMD', 'DONE'];
  if (e === 'E4') {
    const crash = c.faults.includes('serverCrash');
    out.e4Server = ['NOTIFY', 'QUIESCE_ACK', 'SEND_CMD', 'RESPONSE', 'RESUME_SENT', 'RESULT_DONE', ...(crash ? ['CRASH', 'RESTART_POLL', 'RESTART'] : [])];
    out.e4Client = ['QUIESCE', 'RESUME', 'TIMEOUT'];
  }
  return out;
}

function describe(c: SplitBackupConfig): string {
  const parts = [
    EMB_TEXT[c.embodiment],
    c.writePolicy === 'cow' ? 'W-COW' : 'W-HOLD',
    `${c.blocks} blocks`,
    `${c.writes} host write${c.writes === 1 ? '' : 's'}${c.multiBlock ? ' of one or two blocks' : ''}`,
    c.start === 'simplex' ? 'starts with no pair (create, formation copy)' : 'starts duplex',
    `backup ranges ${c.jobs.map(([a, b]) => `[${a},${b})${a >= 0 && a < b && b <= c.blocks ? '' : ' (outside the volume, F2)'}`).join(' ')}`,
  ];
  if (c.splits > 1) parts.push(`${c.splits} split commands`);
  if (c.resyncs) parts.push(`${c.resyncs} resync`);
  if (c.deletes) parts.push(`${c.deletes} delete`);
  if (c.sReads) parts.push('host reads of S');
  if (c.sWrites) parts.push(`${c.sWrites} host write to S`);
  if (c.faults.length) parts.push(`at most ${c.maxFaults} of: ${c.faults.join(', ')}`);
  return parts.join('; ');
}

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => ({
  name,
  description: describe(c),
  tier: name.startsWith('small') ? 'small' : 'standard',
  properties: propertiesOf(c),
  randomSteps: 40,
  lifecycles: lifecyclesOf(c),
  ...(c.start === 'duplex' ? { lifecycleStart: { 'pair-split-backup': 'pair', volumeStatus: 'pair' } } : {}),
}));

// Falsifiers: what shows each always and step property able to fail (see src/engine/falsify.ts).
const sb = (m: Model): SplitBackupModel => m as SplitBackupModel;
const byVariant = (property: string, variant: string, config: string): Falsifier => ({ property, variant, config });
const falsifiers: Falsifier[] = [
  byVariant('E-S1', 'prior-art-no-gating', 'small-E1'),
  byVariant('E-S1', 'torn-multi-block-write', 'small-E1'),
  byVariant('E-S2', 'prior-art-no-gating', 'small-E1'),
  {
    property: 'E-S3',
    config: 'small-E2',
    corruption: 'a job transfers while a difference remains (its bit set again after the check)',
    findStep: (_m, _prev, c) => actionType(c) === T.TRANSFER,
    corrupt: (m, s) => {
      s[sb(m).k.f.DIFF + sb(m).k.N - 1] = 1;
    },
  },
  byVariant('E-S4', 'e3-check-then-read', 'small-E3'),
  {
    property: 'E-S5',
    config: 'small-E1',
    corruption: 'the split step also clears a difference bit (a copy inside the report)',
    findStep: (m, prev, _c, next) => next[sb(m).k.f.G_SPLITS] > prev[sb(m).k.f.G_SPLITS] && prev[sb(m).k.f.DIFF] === 1,
    corrupt: (m, s) => {
      s[sb(m).k.f.DIFF] = 0;
    },
  },
  byVariant('E-S6', 'backup-in-duplex', 'small-E1'),
  byVariant('E-S7', 'early-completion-report', 'small-E1'),
  {
    property: 'E-S8',
    config: 'small-E1',
    corruption: '517 says split while a difference remains',
    find: (m, s) => s[sb(m).k.f.STAT_S] === sb(m).machines![1].table.states.indexOf('splitPending') && s[sb(m).k.f.DIFF] === 1,
    corrupt: (m, s) => {
      s[sb(m).k.f.STAT_S] = sb(m).machines![1].table.states.indexOf('split');
    },
  },
  {
    property: 'E-S9',
    config: 'small-E1',
    corruption: 'a destage step acknowledges the write in progress',
    findStep: (m, prev, c) => actionType(c) === T.DESTAGE && prev[sb(m).k.f.HW_TAG] !== 0,
    corrupt: (m, s) => {
      s[sb(m).k.f.G_LASTACK] = s[sb(m).k.f.HW_TAG];
    },
  },
  byVariant('I-S1', 'naive-write', 'small-E1'),
  byVariant('I-S2', 'naive-write', 'small-E1'),
  byVariant('I-S3', 'copy-from-disk', 'small-E1'),
  {
    property: 'I-S4',
    config: 'small-E1',
    corruption: 'a host write while split pending sets its block\'s difference bit again',
    findStep: (m, prev, c, next) => actionType(c) === T.APPLY && next[sb(m).k.f.PAIR] === sb(m).machines![0].table.states.indexOf('splitPending') && prev[sb(m).k.f.DIFF] === 0,
    corrupt: (m, s) => {
      s[sb(m).k.f.DIFF] = 1;
    },
  },
  byVariant('I-S5', 'naive-write', 'small-E1'),
  {
    property: 'I-S6',
    config: 'small-E1',
    corruption: 'a destaged block reverts to its old disk content',
    find: (m, s) => s[sb(m).k.f.G_LASTACK] > 0 && s[sb(m).k.f.HW_TAG] === 0 && s[sb(m).k.f.CACHE] < 0 && s[sb(m).k.f.DISK] > 0,
    corrupt: (m, s) => {
      s[sb(m).k.f.DISK] = 0;
    },
  },
  byVariant('I-S7', 'copy-from-disk', 'small-E1'),
  byVariant('I-S8', 'clear-after-copy', 'small-E1'),
  byVariant('I-S9', 'copy-from-disk', 'small-E1'),
  byVariant('I-S10', 'e3-check-then-read', 'small-E3'),
  byVariant('I-S11', 'resync-during-job', 'small-operate'),
  byVariant('I-S12', 'torn-multi-block-write', 'small-E1'),
  {
    property: 'I-S13',
    config: 'small-operate',
    corruption: 'a repeated split command records the split image again from the current P',
    findStep: (m, prev, c) => actionType(c) === T.SPLIT && prev[sb(m).k.f.PAIR] === sb(m).machines![0].table.states.indexOf('splitPending') && sb(m).pHat(prev, 0) !== prev[sb(m).k.f.GSI],
    corrupt: (m, s) => {
      s[sb(m).k.f.GSI] = sb(m).pHat(s, 0);
    },
  },
  byVariant('I-S14', 'no-s-write-guard', 'small-s-io'),
  byVariant('I-S15', 'copy-until-match', 'small-E1-unit'),
  {
    property: 'G-ghost',
    config: 'small-E1',
    corruption: "a step that erases the server's record of a successful backup",
    findStep: (m, prev) => prev[sb(m).k.f.G_REP] === 1,
    corrupt: (m, s) => {
      s[sb(m).k.f.G_REP] = 0;
    },
  },
  {
    property: 'E-L3',
    config: 'small-E1',
    corruption: 'a step spent waiting for the split report (a synchronous split)',
    find: (m, s) => s[sb(m).k.f.SPLIT_REQ] === 1,
    corrupt: (m, s) => {
      s[sb(m).k.f.SPLIT_WAIT] = 1;
    },
  },
  {
    property: 'I-L4',
    config: 'small-E1',
    corruption: 'a waiting job sat through one copy more than its range needs',
    find: (m, s) => s[sb(m).k.f.G_ACC] === 1,
    corrupt: (m, s) => {
      s[sb(m).k.f.J_WORK] = s[sb(m).k.f.J_BOUND] + 1;
    },
  },
  {
    property: 'E-L6',
    config: 'small-E3',
    corruption: 'a staging step also writes the block it read to S',
    findStep: (m, prev, c) => actionType(c) === T.STAGE && prev[sb(m).k.f.DIFF + (prev[sb(m).k.f.J_CUR] + sb(m).range(0)[0])] === 1,
    corrupt: (m, s) => {
      const { f } = sb(m).k;
      const b = sb(m).range(0)[0];
      s[f.S + b] = s[f.S + b] + 50;
    },
  },
  {
    property: 'I-L8',
    config: 'small-E4',
    corruption: 'the quiesced client waits a step for the controller\'s response',
    find: (m, s) => sb(m).machines!.at(-1)!.table.states[s[sb(m).k.f.CLI]] === 'quiesced',
    corrupt: (m, s) => {
      s[sb(m).k.f.Q_BLOCKED] = 1;
    },
  },
];

const build = (config: string, variant?: string): Model => {
  const { config: c, variant: v } = lookup('split-backup', configs, variants, config, variant);
  const info = configInfos.find((x) => x.name === config)!;
  const m = buildModel(c, { ...referenceRules, ...v?.rules });
  return restrict(Object.assign(m, checks(m), narration(m, describeStep, lanesOf)), info, c);
};

export const splitBackup: System = {
  // What hosts and operators see (conformance projection).
  observe: observeKeys('S', 'splitImage', 'hostWrite', 'jobs', 'ghost'),
  name: 'split-backup',
  title: 'Split mirror with an early split report, background copy and a server-free backup that stays consistent',
  seed: '001_0f4fe4c52c5e1141.txt (JP 2003-183742)',
  spec: 'spec/split-backup.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  falsifiers,
  tables: latencyTables,
  lifecycles: {
    'pair-split-backup': splitBackupPairMachine,
    volumeStatus: volumeStatusMachine,
    copyEngine: copyEngineMachine,
    ...Object.fromEntries(Object.values(jobMachines).map((m) => [m.id, m])),
    pollingServer: pollingServerMachine,
    e4Server: e4ServerMachine,
    e4Client: e4ClientMachine,
  },
  explain,
  build,
};
