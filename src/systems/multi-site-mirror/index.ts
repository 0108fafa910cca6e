// `multi-site-mirror`: a primary whose mirror program writes every update into two areas, one copied
// synchronously to a near site and one asynchronously and continuously to a far site, with the
// failovers and failbacks of Figs. 10-17 (Iwamura et al., US 10/676,121, seed 002); the prior art
// (USP 6,209,002; Mikkelsen et al.) as designs over the same workload, and its loss measured.
import type { ConfigInfo, Falsifier, GuaranteeRow, Model, State, System, VariantInfo } from '../../engine/contract.js';
import { lookup, restrict } from '../../engine/lookup.js';
import { describeDb, describeJfs, describeMirror, explainMirror, mirrorLanes, storeLanes } from './describe.js';
import { asyncPairMachine, hostWriteMachine, linkMachine, mirrorMemberMachine, modeMachine, siteMachine, syncPairMachine } from '../../../models/multi-site-mirror.js';
import { configs, referenceRules, type MirrorConfig, type Rules } from './config.js';
import { lossReport, lossTables } from './loss.js';
import { ACK, LEG, T, VOL, actionType, buildModel, type MirrorModel } from './model.js';
import { CONFIG_LIFECYCLES, CONFIG_PROPERTIES, CONFIG_WITHIN } from './coverage.js';
import { checks, dbChecks, dbProperties, jfsChecks, jfsProperties, properties as mirrorProperties } from './properties.js';
import { buildDbModel, type DbModel } from './db-log.js';
import { JT, buildJfsModel, type JfsModel } from './jfs.js';
import { dbRecoveryMachine, metadataLogMachine } from '../../../models/multi-site-mirror.js';
import { observeKeys } from '../../conformance/observe.js';
import { mirrorHistory } from './history.js';

const properties = [...mirrorProperties, ...dbProperties, ...jfsProperties];

interface Variant extends VariantInfo {
  rules: Partial<Rules>;
}

const variants: Variant[] = [
  {
    name: 'usp6209002',
    description: 'USP 6,209,002: sync copy to the second site, whose duplicate is copied to the third site only in the periodic mode 2',
    scenario: 'CE1',
    ref: 'L67-L71, L83-L84',
    catchConfig: 'small-double',
    breaks: ['P7', 'I1-D', 'I4'],
    rules: { design: 'usp6209002' },
  },
  {
    name: 'mikkelsen',
    description: 'Mikkelsen et al.: sync copy to the second site, a duplicate inside the first site copied to the third only in mode 2',
    scenario: 'CE2',
    ref: 'L73-L84',
    catchConfig: 'small-double',
    breaks: ['P7', 'I1-D', 'I4'],
    rules: { design: 'mikkelsen' },
  },
  {
    name: 'async-only',
    description: 'Async copy alone (no sync leg): a write is acknowledged before it leaves the primary',
    scenario: 'CE3',
    ref: 'L63',
    catchConfig: 'small-path',
    breaks: ['P5', 'O-1', 'I4', 'P8'],
    rules: { syncLeg: false },
  },
  {
    name: 'no-write-protect',
    description: 'The P-S path fails and the sync pair suspends without write-protect: 225A keeps accepting writes 225C never sees',
    scenario: 'CE5',
    ref: 'L273-L280, L336, L461',
    catchConfig: 'small-path',
    breaks: ['P5', 'O-1', 'I4'],
    rules: { writeProtect: false },
  },
  {
    name: 'no-rollback',
    description: 'Fig. 9 without step 920: 225B written first keeps a write that 225A rejected, and it reaches 225D',
    scenario: 'CE6',
    ref: 'L385-L387, L443',
    catchConfig: 'small-path',
    breaks: ['I5', 'O-1', 'P11', 'P8'],
    rules: { rollback: false },
  },
  {
    name: 'no-fig17',
    description: 'Fig. 7: 225A fails and the write to 225B alone is acknowledged (j = 1), 225C never gets it',
    scenario: 'CE7',
    ref: 'L659-L661',
    catchConfig: 'small-area',
    breaks: ['P5', 'O-1', 'I4', 'P7'],
    rules: { fig17: false },
  },
  {
    name: 'no-backup',
    description: 'Fig. 17 without backing up 225D before step 1704: the sync site fails, 225D holds a portion of 225B',
    scenario: 'CE8',
    ref: 'L687-L689',
    catchConfig: 'small-area',
    breaks: ['I1', 'I1-D', 'P7'],
    rules: { snapshotD: false },
  },
  {
    name: 'fig10-no-async',
    description: 'Fig. 10 without steps 1005-1007: the application runs at the sync site with no copy to the async site',
    scenario: 'CE9',
    ref: 'L473, L483',
    catchConfig: 'small-sync-lost',
    breaks: ['P13', 'P7'],
    rules: { fig10AsyncLeg: false },
  },
  {
    name: 'partial-write-protect',
    description: 'Only the write-protected 225A rejects writes; the other mirror groups keep acknowledging',
    scenario: 'CE10',
    ref: 'L696',
    catchConfig: 'small-groups',
    breaks: ['P12', 'P12-leg'],
    rules: { groupProtect: false },
  },
  {
    name: 'any-coalesce',
    description: 'The async log coalesces a write with any earlier unsent entry of its address, not only the adjacent one',
    scenario: 'CE11',
    ref: 'L297-L298',
    catchConfig: 'small-concurrent',
    breaks: ['I1', 'I1-D'],
    rules: { adjacentCoalesce: false },
  },
  {
    name: 'unserialized',
    description: 'Two writes to one address in flight through the mirror: 225A and 225B apply them in different orders',
    scenario: 'CE12',
    ref: 'L443, L455',
    catchConfig: 'small-concurrent',
    breaks: ['I5', 'I6', 'P8', 'P11'],
    rules: { serializeAddress: false },
  },
  {
    name: 'no-confirm-cd',
    description: 'Figs. 12 and 16 drop the 225C-225D pair without confirming they are identical; the new pair omits its initial copy',
    scenario: 'CE17',
    ref: 'L525, L633',
    catchConfig: 'small-failback-sync',
    breaks: ['I5', 'I8'],
    rules: { confirmCD: false },
  },
  {
    name: 'no-member-resync',
    description: 'The intermediate server restarts and the application resumes without making 225A and 225B equal: a write lost in flight stays in one member only',
    scenario: '2nd emb. (server failure)',
    ref: 'L724-L731, L455',
    catchConfig: 'small-server',
    breaks: ['I5', 'O-1', 'I6', 'P11', 'P8'],
    rules: { memberResync: false },
  },
  {
    name: 'no-gap-check',
    description: 'Fig. 21 always ships the sync site\'s logs, also when a record the async site needs was already purged there: the async database has a hole',
    scenario: 'CE13',
    ref: 'L851-L858, L767-L769',
    catchConfig: 'small-db',
    breaks: ['O-db', 'P16', 'P17'],
    rules: { gapCheck: false },
  },
  {
    name: 'ship-before-log',
    description: 'The transmission program sends a log record before it is stored in AL; the primary fails in between and only the async site has the query',
    scenario: 'CE14',
    ref: 'L786-L788, L828',
    catchConfig: 'small-db',
    breaks: ['O-db', 'I10', 'P15'],
    rules: { shipBeforeLog: true },
  },
  {
    name: 'record-at-close',
    description: 'The journal file system writes a file\'s metadata log record only at close: entries of an open file pend with no record, and the recovery skips the file',
    scenario: 'CE15',
    ref: 'L902-L911, L945',
    catchConfig: 'small-jfs',
    breaks: ['O-jfs', 'I11', 'P18'],
    rules: { recordAtOpen: false },
  },
  {
    name: 'early-log-delete',
    description: 'The last metadata log record of a file is deleted while an entry for its blocks still pends on the primary host',
    scenario: 'CE16',
    ref: 'L947-L957',
    catchConfig: 'small-jfs',
    breaks: ['O-jfs', 'P19', 'P18', 'I11'],
    rules: { waitBeforeDelete: false },
  },
  {
    name: 'no-fence',
    description: 'The operators fail over to the sync site while the primary, only suspected, still writes',
    scenario: 'CE18',
    ref: 'L467, L495',
    catchConfig: 'small-suspect',
    breaks: ['I6', 'O-1', 'P5'],
    rules: { fence: false },
  },
];

const MIRROR_AT: Record<MirrorConfig['mirrorAt'], string> = {
  host: 'the host mirrors (1st emb.)',
  subsystem: 'the primary subsystem mirrors (L700-L718)',
  server: 'an intermediate server mirrors (2nd emb., Fig. 18)',
};

function describe(c: MirrorConfig): string {
  if (c.embodiment === 'db-log') return `3rd emb. (DB log shipping, Figs. 19-21): ${c.writes} queries, commits, shipping, checkpoints and purges; the primary may fail at any point, then Fig. 21`;
  if (c.embodiment === 'jfs') return `4th emb. (host async copy, journal file system, Fig. 22): ${c.addresses} files, ${c.writes} writes, ${c.queue} host entries; the primary may fail at any point, then the recovery of L959-L971`;
  const parts = [
    MIRROR_AT[c.mirrorAt],
    `${c.groups} mirror group${c.groups > 1 ? 's' : ''} of ${c.addresses} address${c.addresses > 1 ? 'es' : ''}`,
    `${c.writes} writes, ${c.concurrent} in flight, log of ${c.queue}`,
    c.protection ? 'protection on' : 'protection off',
  ];
  if (c.coalesce) parts.push('coalescing');
  if (c.start === 'M0') parts.push('from Fig. 3');
  const faults = [...c.failSites.map((x) => `site ${x}`), ...c.failLinks.map((x) => `path ${x}`), ...(c.failAreaA ? ['225A'] : []), ...(c.suspect ? ['a suspected primary'] : [])];
  if (faults.length) parts.push(`${c.faults} of: ${faults.join(', ')}${c.repairLinks ? ' (paths repaired)' : ''}`);
  if (c.suspends) parts.push(`${c.suspends} operator suspends`);
  if (c.failovers.length) parts.push(`failover ${c.failovers.map((x) => x.replace('fig', 'Fig. ')).join(', ')}`);
  if (c.failbacks.length) parts.push(`failback ${c.failbacks.map((x) => x.replace('fig', 'Fig. ')).join(', ')}`);
  return parts.join('; ');
}

const configInfos: ConfigInfo[] = Object.entries(configs).map(([name, c]) => ({
  name,
  description: describe(c),
  tier: name.startsWith('small') ? 'small' : 'standard',
  properties: CONFIG_PROPERTIES[name] ?? properties.map((p) => p.id),
  randomSteps: 40,
  ...(CONFIG_LIFECYCLES[name] ? { lifecycles: CONFIG_LIFECYCLES[name] } : {}),
  // Where the instances start: in normal operation (M1), or before Fig. 3 with 225B not yet a member.
  lifecycleStart: (c.start === 'M0' ? { 'mirror-member': ['synchronized', 'absent'] } : { 'sync-pair': 'pair', 'async-pair': 'pair', 'mirror-member': 'synchronized', mode: 'M1' }) as Record<string, string | string[]>,
  ...(CONFIG_WITHIN[name]?.length ? { lifecyclesWithin: CONFIG_WITHIN[name] } : {}),
}));

const row = (failure: string, guarantee: string, props: string[], cfgs: string[], reached: string[], allowed?: string[]): GuaranteeRow => ({
  failure,
  guarantee,
  properties: props,
  configs: cfgs,
  reached,
  ...(allowed ? { allowed } : {}),
});
const guarantees: GuaranteeRow[] = [
  row('G1: primary and sync site fail together', 'resume at the async site (Fig. 13) loses only the async backlog, a suffix of the acknowledged order (allowed, shown reached)', ['P7', 'I1'], ['small-double'], ['W-lossy'], ['W-loss']),
  row('G2: the P-S path fails, then the primary', 'no acknowledged write is lost: writes are rejected while 225C cannot be reached', ['P5', 'O-1'], ['small-path'], ['W-wp', 'W-lossless']),
  row('G3: the P-S path fails', 'failure-Suspend write-protect keeps 225A and 225C identical; a write already in 225B is rolled back', ['P5', 'P8', 'I4', 'P4'], ['small-path'], ['W-rollback']),
  row('G4: failover to the sync site, then the sync site is lost', 'only the sync site\'s latest updates are lost (allowed, shown reached); nothing acknowledged at the primary', ['P13', 'P7'], ['small-sync-lost'], ['W-sync-then-async'], ['W-loss']),
  row('G5: failback (Figs. 11, 12, 15, 16)', 'the primary resumes with every acknowledged write and both remote copies consistent again', ['O-1', 'P14', 'I5', 'I8'], ['small-failback-sync', 'small-failback-async'], ['W-failback']),
  row('G6: primary fails, resume at the async site through the sync site (Fig. 14)', 'the async site resumes with the primary\'s newest data, taken from the sync site', ['O-1', 'I13'], ['small-double', 'small-failback-async'], ['W-fig14', 'W-cd-differ']),
  row('G7: 225A fails in operation (Fig. 17)', '225C gets every acknowledged write through 225B; the backup of 225D replaces a torn image (CE8)', ['P5', 'I1', 'P7'], ['small-area'], ['W-fig17', 'W-restored']),
  row('G8: one of several 225A is write-protected', 'every 225A rejects writes until the resync: no write is acknowledged in between', ['P12', 'P12-leg'], ['small-groups'], ['W-two-groups', 'W-blocked']),
  row('G9 (3rd emb.): the primary fails; Fig. 21 between the sync and async sites', 'afterwards every log of the sync site is at the async site (2104) or both are copied whole (2109): both sites recover the committed queries, no gap, nothing extra', ['O-db', 'P16', 'P17', 'P15'], ['small-db'], ['W-db-2104', 'W-db-2109', 'W-db-recovered']),
  row('G10 (4th emb.): the primary fails with entries pending', 'a file with no metadata log record has the same data at both sites; copying the listed files makes the async site equal the sync site', ['O-jfs', 'P18', 'P19', 'I11', 'I12'], ['small-jfs'], ['W-jfs-copied', 'W-jfs-recovered']),
  row('G11: ordinary sync and async remote copy only', 'the design uses only the pair operations of §5.1-§5.2; the mirror may run in the host, the subsystem or an intermediate server (2nd emb.), whose failure loses only writes in flight and whose restart resynchronizes the members', ['P1', 'P6', 'P9', 'P5', 'I5', 'O-1'], ['small-server', 'small-subsystem'], ['W-ack', 'W-member-resync']),
  row('the async site or the P-A path fails; operator suspends', 'the async pair suspends through Suspending and resyncs differentially; the application keeps writing', ['I3', 'P9', 'P5'], ['small-init'], ['W-suspending', 'W-async-copy']),
  row('a partitioned primary is suspected (split brain)', 'the suspected primary is fenced before the failover: one history', ['I6'], ['small-suspect'], ['W-fenced']),
  row('failure protection off: the P-S path fails, then the primary (Fig. 7)', 'none claimed (L395): a failover to the sync site may go on without acknowledged writes (allowed, shown reached); writes still reach 225D in order', ['I1', 'P6', 'I2'], ['small-unprotected'], ['W-unprotected-loss'], ['W-unprotected-loss']),
  row('I14: a double failure inside a reduced-protection window', 'may lose writes acknowledged in the window (allowed, shown reached)', ['P7'], ['small-area'], ['W-window-loss'], ['W-window-loss']),
];

// Falsifiers: what shows each always and step property able to fail.
const mm = (m: Model): MirrorModel => m as MirrorModel;
const F = (m: Model) => mm(m).k.f;
const byVariant = (property: string, variant: string, config: string): Falsifier => ({ property, variant, config });
const setArea = (m: Model, s: State, x: number, v: number): void => {
  for (let c = 0; c < mm(m).k.NC; c++) s[F(m).V + x * mm(m).k.NC + c] = v;
};
const falsifiers: Falsifier[] = [
  byVariant('O-1', 'no-write-protect', 'small-path'),
  byVariant('P5', 'no-write-protect', 'small-path'),
  byVariant('P7', 'usp6209002', 'small-double'),
  byVariant('P7', 'mikkelsen', 'small-double'),
  byVariant('P13', 'fig10-no-async', 'small-sync-lost'),
  byVariant('I1', 'any-coalesce', 'small-concurrent'),
  byVariant('I1', 'no-backup', 'small-area'),
  byVariant('I5', 'unserialized', 'small-concurrent'),
  byVariant('I5', 'no-rollback', 'small-path'),
  byVariant('I6', 'no-fence', 'small-suspect'),
  byVariant('P12', 'partial-write-protect', 'small-groups'),
  byVariant('P12-leg', 'partial-write-protect', 'small-groups'),
  byVariant('I1-D', 'any-coalesce', 'small-concurrent'),
  byVariant('I4', 'no-write-protect', 'small-path'),
  byVariant('I8', 'no-confirm-cd', 'small-failback-sync'),
  {
    property: 'P1',
    config: 'small-path',
    corruption: 'a 225A write answered normally while Duplex is missing from 225C',
    findStep: (m, prev, a, next) => actionType(a) === T.LEG_A && next[F(m).WLA + ((a >> 4) & 15)] === LEG.OK && prev[F(m).SST] === mm(m).SS.pair && next[F(m).SST] === mm(m).SS.pair,
    corrupt: (m, s) => setArea(m, s, VOL.C, 0),
  },
  {
    property: 'P2',
    config: 'small-path',
    corruption: 'an acknowledgement with both members synchronized records its 225B write as failed',
    findStep: (m, prev, a, next) => actionType(a) === T.FINISH && next[F(m).G_ACKS] > prev[F(m).G_ACKS] && prev[F(m).MEM] === mm(m).MS.synchronized && prev[F(m).MEM + 1] === mm(m).MS.synchronized,
    corrupt: (m, s) => {
      for (let k = 0; k < mm(m).k.K; k++) s[F(m).WLB + k] = LEG.FAILED;
    },
  },
  {
    property: 'P3',
    config: 'small-path',
    corruption: 'a write issued while 225A is write-protected still writes 225B',
    findStep: (m, prev, a) => actionType(a) === T.ISSUE && prev[F(m).MEM] === mm(m).MS.writeProtected,
    corrupt: (m, s) => setArea(m, s, VOL.B, 13),
  },
  {
    property: 'P4',
    config: 'small-path',
    corruption: 'the rollback of step 920 leaves 225B different from 225A',
    findStep: (_m, _prev, a) => actionType(a) === T.ROLLBACK,
    corrupt: (m, s) => setArea(m, s, VOL.B, 13),
  },
  {
    property: 'P6',
    config: 'small-path',
    corruption: 'the async destination reflects something other than the oldest entry',
    findStep: (_m, _prev, a) => actionType(a) === T.APPLY,
    corrupt: (m, s) => setArea(m, s, VOL.D, 13),
  },
  {
    property: 'P8',
    config: 'small-path',
    corruption: '225C differs from 225A under a Duplex sync pair',
    find: (m, s) => s[F(m).SST] === mm(m).SS.pair && mm(m).inFlight(s) === 0,
    corrupt: (m, s) => {
      s[F(m).V + VOL.C * mm(m).k.NC] = 13;
    },
  },
  {
    property: 'P9',
    config: 'small-init',
    corruption: 'a pair turns Duplex after its initial copy with its areas different',
    findStep: (m, prev, _a, next) => next[F(m).SST] === mm(m).SS.pair && prev[F(m).SST] === mm(m).SS.initialCopy,
    corrupt: (m, s) => {
      s[F(m).V + VOL.C * mm(m).k.NC] = 13;
    },
  },
  {
    property: 'P10',
    config: 'small-init',
    corruption: 'the member 225B is being added while 225A is no longer synchronized',
    find: (m, s) => s[F(m).MEM + 1] === mm(m).MS.notSynchronized,
    corrupt: (m, s) => {
      s[F(m).MEM] = mm(m).MS.unusable;
    },
  },
  {
    property: 'P11',
    config: 'small-path',
    corruption: 'a synchronized member with nothing in flight loses an acknowledged write',
    find: (m, s) => s[F(m).G_ACKS] > 0 && mm(m).inFlight(s) === 0 && (s[F(m).APPS] & 1) !== 0 && s[F(m).MEM] === mm(m).MS.synchronized && s[F(m).G_AEP + 1] === s[F(m).G_EP] && s[F(m).G_ACK + 1] === ACK.OK,
    corrupt: (m, s) => setArea(m, s, VOL.A, 0),
  },
  {
    property: 'P14',
    config: 'small-failback-sync',
    corruption: 'a failback ends with 225B different from 225A',
    findStep: (m, prev, _a, next) => next[F(m).MODE] === mm(m).MO.M1 && (prev[F(m).MODE] === mm(m).MO.fig11 || prev[F(m).MODE] === mm(m).MO.fig12),
    corrupt: (m, s) => {
      s[F(m).V + VOL.B * mm(m).k.NC] = 13;
    },
  },
  {
    property: 'I2',
    config: 'small-path',
    corruption: 'a log entry carries a write that was never issued',
    find: (m, s) => s[F(m).QLEN] > 0,
    corrupt: (m, s) => {
      s[F(m).Q] = 13;
    },
  },
  {
    property: 'I3',
    config: 'small-concurrent',
    corruption: 'a reflection drops every entry of the log instead of the oldest',
    findStep: (m, prev, a) => actionType(a) === T.APPLY && prev[F(m).QLEN] >= 2,
    corrupt: (m, s) => {
      s[F(m).QLEN] = 0;
      s[F(m).QSENT] = 0;
    },
  },
  {
    property: 'I7',
    config: 'small-sync-lost',
    corruption: 'a write at the sync site does not count as a write',
    findStep: (_m, _prev, a) => actionType(a) === T.WRITE_AT,
    corrupt: (m, s) => {
      s[F(m).NEXTW]--;
    },
  },
  {
    property: 'I9',
    config: 'small-double',
    corruption: '225D becomes the secondary of the sync pair as well',
    find: (m, s) => s[F(m).AST] !== mm(m).AS.simplex && s[F(m).SST] === mm(m).SS.pair,
    corrupt: (m, s) => {
      s[F(m).SDST] = VOL.D;
    },
  },
  {
    property: 'I13',
    config: 'small-double',
    corruption: 'step 1404 leaves 225D different from 225C',
    findStep: (m, prev, a) => actionType(a) === T.STEP && prev[F(m).MODE] === mm(m).MO.fig14 && prev[F(m).PC] === 2,
    corrupt: (m, s) => {
      s[F(m).V + VOL.D * mm(m).k.NC] = 13;
    },
  },
  {
    property: 'G-ghost',
    config: 'small-path',
    corruption: "a step turns an acknowledged write back to pending in the application's record",
    findStep: (m, prev) => prev[F(m).G_ACK + 1] === ACK.OK,
    corrupt: (m, s) => {
      s[F(m).G_ACK + 1] = ACK.PENDING;
    },
  },
];

/** The model of a configuration's embodiment with every check of that embodiment (tools; `build` restricts to the configuration's list). */
export function buildUnrestricted(c: MirrorConfig, rules: Rules): Model {
  if (c.embodiment === 'db-log') {
    const m = buildDbModel(c, rules);
    return Object.assign(m, dbChecks(m), { describe: describeDb, lanes: storeLanes() });
  }
  if (c.embodiment === 'jfs') {
    const m = buildJfsModel(c, rules);
    return Object.assign(m, jfsChecks(m), { describe: describeJfs, lanes: storeLanes() });
  }
  const m = buildModel(c, rules);
  return Object.assign(m, checks(m), { describe: describeMirror, lanes: mirrorLanes() });
}

const db = (m: Model) => (m as DbModel).db.f;
const jf = (m: Model) => (m as JfsModel).jfs.f;
falsifiers.push(
  byVariant('O-db', 'no-gap-check', 'small-db'),
  byVariant('O-db', 'ship-before-log', 'small-db'),
  byVariant('P15', 'ship-before-log', 'small-db'),
  byVariant('P16', 'no-gap-check', 'small-db'),
  byVariant('P17', 'no-gap-check', 'small-db'),
  byVariant('I10', 'ship-before-log', 'small-db'),
  {
    property: 'I3-db',
    config: 'small-db',
    corruption: 'CL loses a record newer than the checkpoint, below its newest',
    find: (m, s) => s[db(m).ACKED] >= s[db(m).CDNEW] + 2,
    corrupt: (m, s) => {
      s[db(m).CL] &= ~(1 << (s[db(m).CDNEW] + 1));
    },
  },
  byVariant('O-jfs', 'record-at-close', 'small-jfs'),
  byVariant('O-jfs', 'early-log-delete', 'small-jfs'),
  byVariant('P18', 'early-log-delete', 'small-jfs'),
  byVariant('P19', 'early-log-delete', 'small-jfs'),
  byVariant('I11', 'record-at-close', 'small-jfs'),
  {
    property: 'P20',
    config: 'small-jfs',
    corruption: 'a transfer drops the entry instead of handing it to the async site',
    findStep: (_m, _prev, a) => a >> 8 === JT.TRANSFER,
    corrupt: (m, s) => {
      s[jf(m).RLEN]--;
    },
  },
  {
    property: 'I12',
    config: 'small-jfs',
    corruption: 'the primary failure also loses the entries the async site had received',
    findStep: (m, prev, a) => a >> 8 === JT.FAIL && prev[jf(m).RLEN] > 0,
    corrupt: (m, s) => {
      s[jf(m).RLEN] = 0;
    },
  },
);

const build = (config: string, variant?: string): Model => {
  const { config: c, variant: v } = lookup('multi-site-mirror', configs, variants, config, variant);
  const info = configInfos.find((x) => x.name === config)!;
  return restrict(buildUnrestricted(c, { ...referenceRules, ...v?.rules }), info, c);
};

export const multiSiteMirror: System = {
  name: 'multi-site-mirror',
  title: 'Mirrored primary with sync copy to a near site and continuous async copy to a far site; failover, failback, and the loss against the prior art',
  seed: '002_09b537638657f137.txt (US 10/676,121)',
  spec: 'spec/multi-site-mirror.md',
  configs: configInfos,
  variants: variants.map(({ rules: _r, ...info }) => info),
  properties,
  explain: explainMirror,
  // What hosts and operators see: where the application runs, the areas' contents, the answers.
  observe: observeKeys('application', 'areas', 'committed', 'files', 'recovery', 'ghost'),
  history: mirrorHistory,
  guarantees,
  falsifiers,
  tables: () => lossTables(),
  compare: (boundWrites) => lossReport(boundWrites),
  lifecycles: {
    'sync-pair': syncPairMachine,
    'async-pair': asyncPairMachine,
    'mirror-member': mirrorMemberMachine,
    'host-write': hostWriteMachine,
    site: siteMachine,
    link: linkMachine,
    mode: modeMachine,
    'db-recovery': dbRecoveryMachine,
    'metadata-log': metadataLogMachine,
  },
  build,
};
