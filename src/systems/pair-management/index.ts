// `pair-management`: which volume becomes the copy destination (a pool of SECONDARY volumes, equal
// capacity first, host-chosen, or trimmed and extended to fit; JP 2001-318833), and no overwrite of a
// volume a host has mounted without a warning (Nagashima et al., US 10/651,681), with the guard
// policies NONE, STORAGE_FLAGS, WARN_ONLY and WARN_AND_CONFIRM as configurations (seed 003).
import type { ConfigInfo, Falsifier, GuaranteeRow, Model, State, System, VariantInfo } from '../../engine/contract.js';
import { narration } from '../../engine/describe.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { describeStep, explain, lanesOf } from './describe.js';
import { hostMountMachine, orchestrationMachine, pairManagementPairMachine, volumeFlagsMachine, volumeInUseMachine } from '../../../models/pair-management.js';
import { configs, POLICIES, policySuffix, referenceRules, type PairManagementConfig, type Policy, type Rules } from './config.js';
import { efficiencyTables } from './efficiency.js';
import { END, KIND, T, actionType, argA, buildModel, type PairManagementModel } from './model.js';
import { checks, matrixWitness, properties, SCENARIOS, type Outcome, type Scenario } from './properties.js';
import { observeKeys } from '../../conformance/observe.js';

interface Variant extends VariantInfo {
  rules: Partial<Rules>;
}

const variants: Variant[] = [
  {
    name: 'no-inquiry',
    description: 'The prior art (Yamagami, Pet.B.2; the duplication management of Pet.B.5): split, use the sub-volume, resync or create with no mount inquiry',
    scenario: 'C1, C2, C3',
    ref: 'N-cl.1, N-cl.2',
    catchConfig: 'small-resync-confirm',
    breaks: ['I-1'],
    rules: { guard: 'NONE' },
  },
  {
    name: 'storage-registry',
    description: "Asahi (Pet.B.4): the storage's own mount registry decides; a host that mounted without registering is not seen",
    scenario: 'C5',
    ref: 'Pet.B.4',
    catchConfig: 'small-resync-confirm',
    breaks: ['I-1'],
    rules: { guard: 'STORAGE_FLAGS' },
  },
  {
    name: 'host-pick-unchecked',
    description: 'Emb. 2 as written: S1300 marks the host\'s pick IN_USE without checking it is still UNUSED, so two hosts holding the same report both take it',
    scenario: 'C7',
    ref: '【0111】【0112】',
    catchConfig: 'small-E2',
    breaks: ['N-P1', 'J-P15', 'J-P1', 'I-6', 'J-P9', 'I-1', 'J-P12'],
    rules: { revalidate: false },
  },
  {
    name: 'self-destination',
    description: 'S700 without excluding the primary: a SECONDARY primary of its own capacity is selected as its own sub-volume',
    scenario: 'C8',
    ref: '【0067】',
    catchConfig: 'small-select',
    breaks: ['J-P12', 'N-P2', 'I-7', 'J-P1', 'I-8', 'I-11'],
    rules: { excludePrimary: false },
  },
  {
    name: 'retype-unchecked',
    description: 'The attribute change into the pool checks only the pair flag (S902): a user volume a host has mounted joins the pool',
    scenario: 'C9',
    ref: '【0081】【0083】',
    catchConfig: 'small-create-confirm',
    breaks: ['I-17', 'N-P5'],
    rules: { retypeInquiry: false },
  },
  {
    name: 'release-in-formation',
    description: 'Fig. 9 as written: a release in duplex pending is accepted and the half-copied replica is kept as a NORMAL volume',
    scenario: 'C10',
    ref: '【0060】【0078】',
    catchConfig: 'small-create-confirm',
    breaks: ['R-keep', 'I-15', 'J-P14'],
    rules: { strictRelease: false },
  },
  {
    name: 'split-in-formation',
    description: 'A split accepted in duplex pending freezes a partial copy (【0044】 forbids it)',
    scenario: 'C11',
    ref: '【0044】',
    catchConfig: 'small-select',
    breaks: ['J-P12', 'J-P5', 'J-P14', 'I-4'],
    rules: { splitGuard: false },
  },
  {
    name: 'smaller-destination',
    description: 'A selection that falls back to a smaller pool volume: the replica is truncated',
    scenario: 'C12',
    ref: '【0016】【0017】【0072】',
    catchConfig: 'small-select',
    breaks: ['N-P1', 'J-P2', 'I-10', 'J-P12', 'R-keep'],
    rules: { neverSmaller: false },
  },
  {
    name: 'wrong-release',
    description: 'S802 as written: a release naming another pair\'s sub-volume clears that volume\'s flag without finding a pair, the next create selects it',
    scenario: 'C14',
    ref: '【0077】',
    catchConfig: 'small-operate',
    breaks: ['N-P1', 'I-8', 'I-11', 'I-6', 'I-15', 'J-P12', 'I-1'],
    rules: { releaseMatch: false },
  },
  {
    name: 'no-create-inquiry',
    description: 'The inquiry only at the resync: a released copy a backup host still reads is selected for a new pair and overwritten',
    scenario: 'C15',
    ref: '【0077】, N-cl.2',
    catchConfig: 'small-create-confirm',
    breaks: ['I-1'],
    rules: { createInquiry: false },
  },
  {
    name: 'main-only-diff',
    description: 'Differences tracked on the primary only: the resync leaves what a host wrote to the sub-volume in place',
    scenario: 'C16',
    ref: 'N-cl.1 (Pet.B.5)',
    catchConfig: 'small-resync-confirm',
    breaks: ['N-P6', 'I-4', 'N-P1'],
    rules: { subSideDiff: false },
  },
  {
    name: 'literal-0125',
    description: '【0125】 read literally: the change to NORMAL sets SECONDARY / UNUSED, the volume stays in the pool and is selected',
    scenario: 'C17',
    ref: '【0122】【0125】',
    catchConfig: 'small-E2',
    breaks: ['J-P15', 'I-17', 'I-1'],
    rules: { consistentRetype: false },
  },
  {
    name: 'no-fence',
    description: 'The claims literally: nothing stops a host from mounting the destination between its answer and the copy',
    scenario: 'F19',
    ref: 'N-cl.1 (§7.4)',
    catchConfig: 'small-resync-confirm',
    breaks: ['I-1'],
    rules: { fence: false },
  },
];

const EMB_TEXT: Record<string, string> = {
  E1: 'Emb. 1 (the subsystem selects from the pool)',
  E2: 'Emb. 2 (the subsystem reports unused volumes, the host picks)',
  E3: 'Emb. 3 (the destination trimmed or extended to fit)',
  remote: 'remote (claim 5: the secondary storage splits and resyncs, writes in flight)',
};

const inquiryPolicy = (p: Policy): boolean => p === 'WARN_ONLY' || p === 'WARN_AND_CONFIRM';
const splits = (c: PairManagementConfig): boolean => c.splits > 0 || c.start.some((x) => x?.state === 'split');

/** The group of matrix scenarios a configuration exercises (by its name), with the outcome per policy. */
const GROUP: Record<string, Scenario[]> = { resync: ['C1', 'C5', 'F19', 'F20'], create: ['C2', 'C9', 'C15', 'F19'], remote: ['C3'], stale: ['C5'] };
const EXPECTED: Record<Scenario, Record<Policy, Outcome>> = {
  C1: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  C2: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  C3: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  C5: { NONE: 'lost', STORAGE_FLAGS: 'lost', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  C9: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  C15: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'warned', WARN_AND_CONFIRM: 'protected' },
  F19: { NONE: 'lost', STORAGE_FLAGS: 'protected', WARN_ONLY: 'protected', WARN_AND_CONFIRM: 'protected' },
  F20: { NONE: 'lost', STORAGE_FLAGS: 'lost', WARN_ONLY: 'lost', WARN_AND_CONFIRM: 'lost' },
};
/** The configuration whose exploration decides a matrix cell. */
const cellConfig = (sc: Scenario, p: Policy): string => {
  if (sc === 'F19' && p !== 'NONE') return `small-${p === 'STORAGE_FLAGS' ? 'create' : 'resync'}-${policySuffix(p)}`;
  if (sc === 'C5' && p === 'STORAGE_FLAGS') return 'small-stale-flags';
  const group = Object.entries(GROUP).find(([, s]) => s.includes(sc))![0];
  return `small-${group}-${policySuffix(p)}`;
};
const groupOf = (name: string): string | undefined => name.match(/^small-(resync|create|remote|stale)-/)?.[1];

/** I-1 is the guarantee; it does not hold where the policy has no guard, nor under STORAGE_FLAGS once hosts may skip the registry. */
const guarded = (c: PairManagementConfig): boolean => c.policy !== 'NONE' && !(c.policy === 'STORAGE_FLAGS' && c.unregistered);

/** The properties a configuration checks: those whose premise its embodiment, policy and features can produce. */
function propertiesOf(name: string, c: PairManagementConfig): string[] {
  const e = c.embodiment;
  const inq = inquiryPolicy(c.policy);
  const matrix = new Set<string>();
  const group = groupOf(name);
  const hosts = c.hosts.some((h) => h.length > 0);
  if (group) for (const sc of GROUP[group]) if (cellConfig(sc, c.policy) === name) matrix.add(matrixWitness(sc, EXPECTED[sc][c.policy]));
  const witness: Record<string, boolean> = {
    'W-confirmed-overwrite': c.policy === 'WARN_AND_CONFIRM' && c.hosts.length > 0 && (c.resyncs > 0 || c.creates > 0),
    'W-unknown': inq && c.silentHosts,
    'W-inquiry': inq && c.hosts.length > 0,
    'W-resync-done': c.resyncs > 0 && c.hostWrites > 0 && c.mainWrites > 0,
    'W-split-diverged': splits(c) && c.mainWrites > 0,
    'W-update-copy': c.mainWrites > 0 && (c.start.some((x) => x?.state === 'pair') || c.resyncs > 0 || c.creates > 0),
    'W-formation-write': c.creates > 0 && c.mainWrites > 0 && e !== 'remote',
    'W-select-equal': c.creates > 0 && name !== 'small-select',
    'W-pair': true,
    'W-formation-copy': c.creates > 0 && c.volumes.some((v, i) => c.primaries.includes(i) && v.cap > 1),
    'W-select-larger': name === 'small-select' || e === 'E3',
    'W-same-refused': c.conditions.includes('SAME_CAPACITY'),
    'W-no-candidate': name === 'small-select' || name === 'small-operate' || group === 'create',
    'W-self-excluded': name === 'small-select',
    'W-split-refused': c.splits > 0 && c.creates > 0,
    'W-release-refused': c.releases > 0 && (c.creates > 0 || c.wrongRelease),
    'W-wrong-release': c.wrongRelease,
    'W-release-normal': c.releases > 0 && e !== 'E2' && e !== 'remote',
    'W-release-pool': c.releases > 0,
    'W-status': c.statusReports,
    'W-status-none': c.statusReports,
    'W-retype-refused': c.retypes > 1,
    'W-retype-pool': c.retypes > 0 && c.policy !== 'STORAGE_FLAGS' && name !== 'small-select',
    'W-retype-normal': c.retypes > 0 && (e === 'E2' || name === 'small-select'),
    'W-revalidate': e === 'E2',
    'W-two-picks': e === 'E2',
    'W-report': e === 'E2',
    'W-trim': e === 'E3',
    'W-extend': e === 'E3',
    'W-in-flight': e === 'remote',
    'W-split-in-flight': e === 'remote',
    'W-applied': e === 'remote',
    'W-cancel': c.policy === 'WARN_AND_CONFIRM' && c.hosts.length > 0,
    'W-mount-refused': c.policy !== 'NONE' && c.hosts.length > 0,
    'W-two-pairs': c.primaries.length > 1 && e !== 'E2',
  };
  const on: Record<string, boolean> = {
    'I-1': guarded(c) && hosts,
    'I-17': c.retypes > 0 && guarded(c) && hosts,
    'N-P1': true,
    'N-P2': c.mainWrites > 0 && splits(c),
    'N-P3': inq && hosts,
    'N-P4': inq && hosts && c.resyncs > 0,
    'N-P5': inq && hosts && (c.creates > 0 || c.retypes > 0),
    'N-P6': c.resyncs > 0,
    'N-P7': c.resyncs > 0,
    'J-P1': c.creates > 0,
    'J-P2': c.creates > 0,
    'J-P3': c.creates > 0,
    'J-P4': c.creates > 0 && (witness['W-no-candidate'] || witness['W-same-refused'] || witness['W-revalidate']),
    'J-P5': c.splits > 0 && c.creates > 0,
    'J-P6': c.retypes > 1,
    'J-P7': c.releases > 0,
    'J-P8': c.statusReports,
    'J-P9': e === 'E2',
    'J-P10': e === 'E2',
    'J-P11': e === 'E3',
    'J-P12': splits(c),
    'J-P13': e !== 'remote' && c.mainWrites > 0,
    'J-P14': true,
    'J-P15': true,
    'I-2': inq && hosts,
    'I-3': c.policy === 'WARN_AND_CONFIRM' && hosts,
    'I-4': splits(c),
    'I-5': c.resyncs > 0,
    'I-6': true,
    'I-7': true,
    'I-8': e !== 'E2',
    'I-9': true,
    'I-10': true,
    'I-11': true,
    'I-12': e === 'E3',
    'I-13': e === 'E3',
    'I-14': e !== 'remote' && witness['W-formation-copy'],
    'I-15': c.releases > 0,
    'I-16': e === 'remote',
    'R-keep': c.releases > 0 && e !== 'E2' && e !== 'remote',
    'G-ghost': true,
    'L-1': c.creates > 0,
    'L-2': c.resyncs > 0,
    'L-3': true,
  };
  return properties
    .map((p) => p.id)
    .filter((id) => (id.startsWith('W-C') || id.startsWith('W-F') ? matrix.has(id) : id.startsWith('W-') ? witness[id] : on[id]));
}

/**
 * The events each lifecycle machine can receive in a configuration; xstate/graph gives the reachable
 * part from them. A machine whose reachable part the graph over-approximates in a configuration (its
 * guards: a volume paired only as a primary, a warning only where a host can mount) is left out there
 * and checked by the union of the configurations (properties/support/system-suite.ts, the report).
 */
function lifecyclesOf(name: string, c: PairManagementConfig): { lifecycles: Record<string, string[]>; lifecycleStart: Record<string, string> } {
  const inq = inquiryPolicy(c.policy);
  const confirm = c.policy === 'WARN_AND_CONFIRM';
  const hosts = c.hosts.length > 0;
  const pair: string[] = [];
  if (c.creates > 0) pair.push(...(inq ? ['CREATE_REQUEST', 'START_COPY', ...(hosts ? ['WARN'] : [])] : ['CREATE_PAIR']), 'INITIAL_COPY_DONE');
  if (c.splits > 0) pair.push('SPLIT');
  if (c.resyncs > 0) pair.push(...(inq ? ['RESYNC_REQUEST', 'START_COPY', ...(hosts ? ['WARN'] : [])] : ['RESYNC']), 'RESYNC_DONE');
  if (confirm && hosts) pair.push('CANCEL');
  if (c.releases > 0) pair.push('DELETE_PAIR');
  const start = c.start.find((x) => x !== null)?.state ?? 'simplex';
  const orch: Record<Policy, string[]> = {
    NONE: ['SUBMIT', 'DONE'],
    STORAGE_FLAGS: ['CHECK_REGISTRY', 'CLEAR', 'REFUSED', 'DONE'],
    WARN_ONLY: ['REQUEST', 'CLEAR', 'MOUNTED', 'PROCEED', 'DONE'],
    WARN_AND_CONFIRM: ['REQUEST', 'CLEAR', 'MOUNTED', 'CONFIRM', 'CANCEL', 'DONE'],
  };
  const lifecycles: Record<string, string[]> = {
    'pair-management': [...new Set(pair)],
    hostMount: ['MOUNT', 'UNMOUNT', ...(c.unregistered ? ['MOUNT_UNREGISTERED'] : [])],
  };
  if (hosts) lifecycles.orchestration = orch[c.policy];
  if (groupOf(name) === 'create') lifecycles.volumeFlags = ['PAIR', 'UNPAIR', 'UNPAIR_NORMAL', 'RETYPE_SECONDARY'];
  if (c.embodiment === 'E2') lifecycles.volumeInUse = ['RETYPE_SECONDARY', 'RETYPE_NORMAL', 'SELECT', 'RELEASE'];
  if (!hosts) delete lifecycles.hostMount;
  return { lifecycles, lifecycleStart: { 'pair-management': start, volumeFlags: 'user', volumeInUse: 'normal' } };
}

function describe(c: PairManagementConfig): string {
  const parts = [
    EMB_TEXT[c.embodiment],
    `policy ${c.policy}`,
    `volumes ${c.volumes.map((v, i) => `${i}:${v.cap}${v.attr === 'NORMAL' ? 'N' : 'S'}`).join(' ')}`,
    `primaries ${c.primaries.join(', ')}`,
    c.start.some((x) => x) ? `starting ${c.start.map((x, p) => (x ? `${c.primaries[p]}->${x.sub} ${x.state}` : null)).filter(Boolean).join(', ')}` : 'no pair at the start',
    c.hosts.length ? `hosts accessing ${c.hosts.map((h) => `{${h.join(',')}}`).join(' ')}` : 'no host mounts',
  ];
  const ops: [number, string][] = [
    [c.creates, 'create'],
    [c.splits, 'split'],
    [c.resyncs, 'resync'],
    [c.releases, 'release'],
    [c.retypes, 'attribute change'],
    [c.mainWrites, 'write to a primary'],
    [c.hostWrites, 'write to a mounted volume'],
  ];
  for (const [n, what] of ops) if (n > 0) parts.push(`${n} ${what}${n === 1 ? '' : 's'}`);
  if (c.conditions.includes('SAME_CAPACITY')) parts.push('SAME_CAPACITY and NO_CONDITION creates');
  if (c.statusReports) parts.push('status reports');
  if (c.unregistered) parts.push('one mount may skip the registry (C5)');
  if (c.silentHosts) parts.push('one host may not answer (F18)');
  if (c.wrongRelease) parts.push('a release may name the wrong volume (F9)');
  if (c.spareAreas) parts.push(`${c.spareAreas} unallocated area${c.spareAreas === 1 ? '' : 's'}`);
  return parts.join('; ');
}

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => ({
  name,
  description: describe(c),
  tier: name.startsWith('small') ? 'small' : 'standard',
  properties: propertiesOf(name, c),
  randomSteps: 40,
  ...lifecyclesOf(name, c),
}));

// The guarantee matrix (issue: policy x scenario), one row per cell.
const OUTCOME_WORD: Record<Outcome, string> = { lost: 'lost', warned: 'warned only', protected: 'protected' };
const guarantees: GuaranteeRow[] = SCENARIOS.flatMap((sc) =>
  POLICIES.map((p): GuaranteeRow => {
    const x = EXPECTED[sc][p];
    const config = cellConfig(sc, p);
    const resyncs = cellConfig(sc, p).startsWith('small-resync') || sc === 'C3';
    const props = x === 'lost' ? [] : x === 'warned' ? ['I-1', resyncs ? 'N-P4' : 'N-P5', 'I-2'] : p === 'STORAGE_FLAGS' || sc === 'F19' ? ['I-1'] : ['I-1', 'I-3'];
    if (sc === 'C9' && x !== 'lost') props.push('I-17');
    return {
      failure: `${sc} under ${p}`,
      guarantee:
        x === 'lost'
          ? 'none: the data on the destination is overwritten with no warning (allowed, shown reached)'
          : x === 'warned'
            ? 'a warning names the hosts before any copy write; the data is still overwritten (allowed, shown reached)'
            : p === 'STORAGE_FLAGS'
              ? 'the registry refuses the request (or the mount): no copy write to a mounted volume'
              : 'no copy write to a mounted volume without a warning and the operator\'s confirmation; a cancel leaves it untouched',
      properties: props,
      configs: [config],
      reached: [matrixWitness(sc, x)],
      cell: { row: sc, column: p, value: OUTCOME_WORD[x] },
    };
  }),
);

// Falsifiers: what shows each always and step property able to fail (see src/engine/falsify.ts).
const pm = (m: Model): PairManagementModel => m as PairManagementModel;
const byVariant = (property: string, variant: string, config: string): Falsifier => ({ property, variant, config });
const F = (m: Model) => pm(m).k.f;
const pst = (m: Model, name: string): number => m.machines![0].table.states.indexOf(name);
const falsifiers: Falsifier[] = [
  byVariant('I-1', 'no-inquiry', 'small-resync-confirm'),
  byVariant('I-1', 'no-fence', 'small-resync-confirm'),
  byVariant('N-P1', 'smaller-destination', 'small-select'),
  byVariant('N-P2', 'self-destination', 'small-select'),
  {
    property: 'N-P3',
    config: 'small-resync-confirm',
    corruption: 'the mount inquiry skips a host that can access the volume',
    findStep: (m, prev, _c, next) => next[F(m).ORC] !== prev[F(m).ORC] && next[F(m).RQ_PEND] !== 0,
    corrupt: (m, s) => {
      s[F(m).RQ_PEND] = 0;
    },
  },
  {
    property: 'N-P4',
    config: 'small-resync-warn',
    corruption: 'an executed resync for which a host answered "mounted" loses its warning',
    find: (m, s) => s[F(m).G_RSAID] !== 0 && s[F(m).G_REND] === END.EXECUTED,
    corrupt: (m, s) => {
      s[F(m).G_RWARN] = 0;
    },
  },
  {
    property: 'N-P5',
    config: 'small-create-warn',
    corruption: 'an executed create for which a host answered "mounted" loses its warning',
    find: (m, s) => firstReq(m, s, (r) => s[F(m).G_RSAID + r] !== 0 && s[F(m).G_REND + r] === END.EXECUTED && s[F(m).G_RKIND + r] === KIND.CREATE) >= 0,
    corrupt: (m, s) => {
      s[F(m).G_RWARN + firstReq(m, s, (r) => s[F(m).G_RSAID + r] !== 0 && s[F(m).G_REND + r] === END.EXECUTED && s[F(m).G_RKIND + r] === KIND.CREATE)] = 0;
    },
  },
  byVariant('N-P6', 'main-only-diff', 'small-resync-confirm'),
  {
    property: 'N-P7',
    config: 'small-resync-confirm',
    corruption: 'a difference copy step also writes the primary',
    findStep: (m, prev, c) => actionType(c) === T.COPY && prev[F(m).PST] === pst(m, 'resync'),
    corrupt: (m, s) => {
      s[F(m).AREA] = 30;
    },
  },
  byVariant('J-P1', 'host-pick-unchecked', 'small-E2'),
  byVariant('J-P2', 'smaller-destination', 'small-select'),
  {
    property: 'J-P3',
    config: 'small-create-confirm',
    corruption: 'an accepted create records its copy pointer as already advanced',
    findStep: (m, prev, c, next) => actionType(c) === T.CREATE && prev[F(m).SUB] < 0 && next[F(m).SUB] >= 0,
    corrupt: (m, s) => {
      s[F(m).PTR] = 1;
    },
  },
  {
    property: 'J-P4',
    config: 'small-select',
    corruption: 'a refused create still flags a volume',
    findStep: (m, prev, c, next) => actionType(c) === T.CREATE && next[F(m).SUB] < 0 && prev[F(m).VST + 1] === next[F(m).VST + 1] && pm(m).inPool(next, 1),
    corrupt: (m, s) => {
      s[F(m).VST + 1] = m.machines![1].table.states.indexOf('poolPaired');
    },
  },
  byVariant('J-P5', 'split-in-formation', 'small-select'),
  {
    property: 'J-P6',
    config: 'small-E2',
    corruption: 'a refused attribute change of a volume in use still takes it out of use',
    findStep: (m, prev, c) => actionType(c) === T.RETYPE && pm(m).paired(prev, argA(c)),
    corrupt: (m, s) => {
      s[F(m).VST + 2] = m.machines![1].table.states.indexOf('normal');
    },
  },
  {
    property: 'J-P7',
    config: 'small-create-confirm',
    corruption: 'an accepted release leaves the sub-volume flagged paired',
    findStep: (m, prev, c, next) => actionType(c) === T.RELEASE && prev[F(m).SUB] >= 0 && next[F(m).SUB] < 0,
    corrupt: (m, s) => {
      s[F(m).VST + 1] = m.machines![1].table.states.indexOf('poolPaired');
      s[F(m).VST + 2] = m.machines![1].table.states.indexOf('poolPaired');
    },
  },
  {
    property: 'J-P8',
    config: 'small-select',
    corruption: 'a status report names another sub-volume',
    findStep: (m, prev, c) => actionType(c) === T.STATUS && prev[F(m).SUB + argA(c)] >= 0,
    corrupt: (m, s) => {
      s[F(m).VIEW_SUB] = 0;
    },
  },
  {
    property: 'J-P9',
    config: 'small-E2',
    corruption: 'a sub-volume of a pair is marked UNUSED',
    find: (m, s) => s[F(m).SUB] >= 0,
    corrupt: (m, s) => {
      s[F(m).VST + s[F(m).SUB]] = m.machines![1].table.states.indexOf('unused');
    },
  },
  {
    property: 'J-P10',
    config: 'small-E2',
    corruption: 'the report leaves out an unused volume',
    findStep: (m, prev, c) => actionType(c) === T.REPORT && pm(m).inPool(prev, 2),
    corrupt: (m, s) => {
      s[F(m).LIST] = 0;
      s[F(m).LIST + 1] = 0;
    },
  },
  {
    property: 'J-P11',
    config: 'small-E3',
    corruption: 'a fitted sub-volume loses its last area',
    find: (m, s) => s[F(m).SUB] >= 0 && s[F(m).PST] === pst(m, 'pair'),
    corrupt: (m, s) => {
      const k = pm(m).k;
      const v = s[F(m).SUB];
      s[F(m).MAP + v * k.MC + pm(m).cap(s, v) - 1] = -1;
    },
  },
  byVariant('J-P12', 'split-in-formation', 'small-select'),
  {
    property: 'J-P13',
    config: 'small-operate',
    corruption: 'a host write to the primary of a duplex pair is not applied to the sub-volume',
    findStep: (m, prev, c) => actionType(c) === T.WRITE_MAIN && prev[F(m).PST + argA(c)] === pst(m, 'pair'),
    corrupt: (m, s) => {
      const k = pm(m).k;
      s[F(m).AREA + s[F(m).MAP + s[F(m).SUB] * k.MC]] = 31;
    },
  },
  byVariant('J-P14', 'split-in-formation', 'small-select'),
  byVariant('J-P15', 'literal-0125', 'small-E2'),
  {
    property: 'I-2',
    config: 'small-resync-confirm',
    corruption: 'a warning names a host that answered "not mounted"',
    find: (m, s) => s[F(m).G_RWARN] === 1,
    corrupt: (m, s) => {
      s[F(m).G_RWHO] |= 2;
    },
  },
  {
    property: 'I-3',
    config: 'small-resync-confirm',
    corruption: 'a cancel still copies a block',
    findStep: (_m, _prev, c) => actionType(c) === T.CANCEL,
    corrupt: (m, s) => {
      s[F(m).AREA + s[F(m).MAP + pm(m).k.MC]] = 30;
    },
  },
  byVariant('I-4', 'main-only-diff', 'small-resync-confirm'),
  {
    property: 'I-5',
    config: 'small-resync-confirm',
    corruption: 'a difference copy step clears every difference bit at once',
    findStep: (m, prev, c) => actionType(c) === T.COPY && prev[F(m).PST] === pst(m, 'resync') && (prev[F(m).DIFF] & (prev[F(m).DIFF] - 1)) !== 0,
    corrupt: (m, s) => {
      s[F(m).DIFF] = 0;
    },
  },
  byVariant('I-6', 'host-pick-unchecked', 'small-E2'),
  byVariant('I-7', 'self-destination', 'small-select'),
  byVariant('I-8', 'wrong-release', 'small-operate'),
  {
    property: 'I-9',
    config: 'small-create-confirm',
    corruption: 'a sub-volume re-typed NORMAL while its pair exists',
    find: (m, s) => s[F(m).SUB] >= 0 && s[F(m).PST] === pst(m, 'pair'),
    corrupt: (m, s) => {
      s[F(m).VST + s[F(m).SUB]] = m.machines![1].table.states.indexOf('userPaired');
    },
  },
  byVariant('I-10', 'smaller-destination', 'small-select'),
  byVariant('I-11', 'wrong-release', 'small-operate'),
  {
    property: 'I-12',
    config: 'small-E3',
    corruption: 'an area is both a volume\'s and unallocated',
    find: (m, s) => s[F(m).UNALLOC] !== 0,
    corrupt: (m, s) => {
      s[F(m).UNALLOC] |= 1;
    },
  },
  {
    property: 'I-13',
    config: 'small-E3',
    corruption: 'a trim frees the first area of the destination instead of the last',
    findStep: (m, prev, c, next) => actionType(c) === T.EXECUTE && pm(m).cap(next, prev[F(m).RQ_VOL]) < pm(m).cap(prev, prev[F(m).RQ_VOL]),
    corrupt: (m, s) => {
      const k = pm(m).k;
      const v = 1;
      const first = s[F(m).MAP + v * k.MC];
      const freed = 31 - Math.clz32(s[F(m).UNALLOC] & ~(s[F(m).UNALLOC] - 1));
      s[F(m).MAP + v * k.MC] = freed;
      s[F(m).UNALLOC] = (s[F(m).UNALLOC] & ~(1 << freed)) | (1 << first);
    },
  },
  {
    property: 'I-14',
    config: 'small-select',
    corruption: 'a copied block of the formation copy differs from the primary',
    find: (m, s) => s[F(m).PST] === pst(m, 'initialCopy') && s[F(m).PTR] > 0,
    corrupt: (m, s) => {
      s[F(m).AREA + s[F(m).MAP + s[F(m).SUB] * pm(m).k.MC]] = 31;
    },
  },
  byVariant('I-15', 'release-in-formation', 'small-create-confirm'),
  {
    property: 'I-16',
    config: 'small-remote-confirm',
    corruption: 'the second storage holds a block no prefix of the writes explains',
    find: (m, s) => s[F(m).PST] === pst(m, 'pair'),
    corrupt: (m, s) => {
      s[F(m).AREA + s[F(m).MAP + s[F(m).SUB] * pm(m).k.MC]] = 31;
    },
  },
  byVariant('I-17', 'retype-unchecked', 'small-create-confirm'),
  byVariant('R-keep', 'release-in-formation', 'small-create-confirm'),
  {
    property: 'G-ghost',
    config: 'small-resync-confirm',
    corruption: "a step erases the operator's record of a warning",
    findStep: (m, prev) => prev[F(m).G_RWARN] === 1,
    corrupt: (m, s) => {
      s[F(m).G_RWARN] = 0;
    },
  },
];

function firstReq(m: Model, s: State, fn: (r: number) => boolean): number {
  for (let r = 0; r < s[F(m).G_RN]; r++) if (fn(r)) return r;
  return -1;
}

const build = (config: string, variant?: string): Model => {
  const { config: c, variant: v } = lookup('pair-management', configs, variants, config, variant);
  const info = configInfos.find((x) => x.name === config)!;
  const m = buildModel(c, { ...referenceRules, ...v?.rules });
  return restrict(Object.assign(m, checks(m), narration(m, describeStep, lanesOf)), info, c);
};

export const pairManagement: System = {
  // What hosts and operators see (conformance projection).
  observe: observeKeys('volumes', 'manager', 'ghost'),
  name: 'pair-management',
  title: 'Copy-destination selection from a volume pool, and no overwrite of a mounted volume without a warning',
  seed: '003_7a0641a727c8a092.txt (JP 2001-318833; US 10/651,681)',
  spec: 'spec/pair-management.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  guarantees,
  falsifiers,
  tables: efficiencyTables,
  lifecycles: {
    'pair-management': pairManagementPairMachine,
    volumeFlags: volumeFlagsMachine,
    volumeInUse: volumeInUseMachine,
    hostMount: hostMountMachine,
    orchestration: orchestrationMachine,
  },
  explain,
  build,
};
