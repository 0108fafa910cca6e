// CE-2, CE-3 and CE-17 are latency claims, not safety failures (seed-notes §9): the server need not
// wait for the split or poll for it (【0007】【0031】), the split is answered at once (【0005】【0026】),
// and E2 is slower than E1 (【0032】). They are measured here on the model itself, as step counts of
// one deterministic schedule, and shown in the report.
import type { Action, ReportTable } from '../../engine/contract.js';
import type { Embodiment } from '../../../models/split-backup.js';
import { referenceRules } from './config.js';
import { buildModel, type SplitBackupModel } from './model.js';

const BLOCKS = 10;
// The range at the top, the other differences below it: 508 copies the lowest block first unless a
// waiting range takes priority, so a lost priority shows as copies waited.
const RANGE: [number, number] = [8, 10];

interface Run {
  m: SplitBackupModel;
  s: Int32Array;
  tmp: Int32Array;
  acts: Int32Array;
  steps: number;
}

function enabled(r: Run, type: string, pick: (a: Action) => boolean = () => true): number | undefined {
  const n = r.m.actions(r.s, r.acts);
  for (let i = 0; i < n; i++) {
    const a = r.m.actionToJson(r.s, r.acts[i]);
    if (a.type === type && pick(a)) return r.acts[i];
  }
  return undefined;
}

function take(r: Run, type: string, pick?: (a: Action) => boolean): boolean {
  const c = enabled(r, type, pick);
  if (c === undefined) return false;
  r.m.next(r.s, c, r.tmp);
  r.s.set(r.tmp);
  r.steps++;
  return true;
}

function must(r: Run, type: string, pick?: (a: Action) => boolean): void {
  if (!take(r, type, pick)) throw new Error(`latency schedule: ${type} not enabled`);
}

/** 503's and the servers' steps first, then one step of 508: the order a controller that never idles takes. */
const EAGER = ['check', 'rangeCopied', 'transfer', 'stage', 'stageRead', 'report', 'response', 'resume', 'result', 'copy', 'settle'];

function eager(r: Run, done: () => boolean, poll = false): { steps: number; copies: number; polls: number } {
  const start = r.steps;
  let copies = 0;
  let polls = 0;
  for (let guard = 0; guard < 1000 && !done(); guard++) {
    // E2's polling variant: the server reads 517 once per step of the controller (【0034】 "periodically").
    if (poll && take(r, 'poll')) {
      polls++;
      if (done()) break;
    }
    const type = EAGER.find((t) => enabled(r, t) !== undefined);
    if (type === undefined) throw new Error('latency schedule: stuck');
    if (type === 'copy') copies++;
    must(r, type);
  }
  return { steps: r.steps - start, copies, polls };
}

export interface LatencyRow {
  embodiment: Embodiment;
  inRange: number;
  outside: number;
  splitReport: number;
  synchronousSplit: number;
  job: number;
  copiesWaited: number;
  polls: number;
  quiesce: number | null;
}

/** One schedule: `inRange` + `outside` blocks written before the split, a backup of blocks [0, 2). */
export function measure(embodiment: Embodiment, inRange: number, outside: number): LatencyRow {
  const dirty = [...Array.from({ length: inRange }, (_, i) => RANGE[0] + i), ...Array.from({ length: outside }, (_, i) => i)];
  const m = buildModel(
    { embodiment, writePolicy: 'cow', blocks: BLOCKS, writes: dirty.length, multiBlock: false, start: 'duplex', jobs: [RANGE], splits: 1, resyncs: 0, deletes: 0, sReads: false, sWrites: 0, faults: [], maxFaults: 0 },
    referenceRules,
  );
  const r: Run = { m, s: m.init()[0], tmp: new Int32Array(m.stateSize), acts: new Int32Array(m.maxActions), steps: 0 };
  const { f } = m.k;
  for (const b of dirty) {
    must(r, 'write', (a) => a.block === b && a.blocks === 1);
    must(r, 'apply');
  }
  const result = (): boolean => r.s[f.G_REP] !== 0;
  let splitReport: number;
  let synchronousSplit: number;
  let quiesce: number | null = null;
  let job: { steps: number; copies: number; polls: number };
  if (embodiment === 'E4') {
    must(r, 'notify');
    const q = r.steps;
    must(r, 'quiesce');
    const cmd = r.steps;
    must(r, 'backup', (a) => a.job === 0); // split, response to the command (【0038】【0041】)
    splitReport = r.steps - cmd;
    const accepted = r.steps;
    must(r, 'response');
    must(r, 'resume');
    quiesce = r.steps - q - 1;
    job = eager(r, result);
    job = { ...job, steps: r.steps - accepted + 1 };
  } else {
    const cmd = r.steps;
    must(r, 'splitCmd');
    must(r, 'split');
    splitReport = r.steps - cmd - 1;
    if (embodiment === 'E2-poll') {
      job = eager(r, () => enabled(r, 'backup') !== undefined, true);
      const waited = job;
      must(r, 'backup', (a) => a.job === 0);
      const rest = eager(r, result);
      job = { steps: waited.steps + 1 + rest.steps, copies: waited.copies + rest.copies, polls: waited.polls };
    } else {
      must(r, 'backup', (a) => a.job === 0);
      job = eager(r, result);
      job = { ...job, steps: job.steps + 1 };
    }
  }
  // What a synchronous split (the prior art of 【0005】) would have kept the client waiting: every
  // difference copied before the answer. Measured on the same state: 508 drains from the split.
  const drain: Run = { m, s: m.init()[0], tmp: r.tmp, acts: r.acts, steps: 0 };
  for (const b of dirty) {
    must(drain, 'write', (a) => a.block === b && a.blocks === 1);
    must(drain, 'apply');
  }
  drain.steps = 0;
  while (take(drain, 'copy'));
  synchronousSplit = drain.steps + 1;
  return { embodiment, inRange, outside, splitReport, synchronousSplit, job: job.steps, copiesWaited: job.copies, polls: job.polls, quiesce };
}

const EMBODIMENTS: Embodiment[] = ['E1', 'E1-unit', 'E2', 'E2-poll', 'E3', 'E4'];

export function latencyRows(): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const outside of [1, 4, 8]) for (const e of EMBODIMENTS) rows.push(measure(e, 1, outside));
  return rows;
}

export function latencyTables(): ReportTable[] {
  const rows = latencyRows();
  return [
    {
      title: 'Latency in model steps (CE-2, CE-3, CE-17)',
      note:
        `One schedule per row on ${BLOCKS} blocks: host writes leave 1 block of the backup range [${RANGE[0]},${RANGE[1]}) and k blocks outside it ` +
        'still to be copied at the split; then the split and a backup of the range. The controller takes 503\'s and the servers\' steps first and ' +
        'otherwise one copy step of 508. "split report" counts the steps between the split command and its report (E4: the response to the ' +
        'combined command); "synchronous split" the steps a controller that answers only after copying every difference would take (CE-3); ' +
        '"job" the steps from the backup command (E2 polling variant: from the split report) until the server knows the result; ' +
        '"copies waited" the copy steps inside that span; "polls" the reads of 517 by the server (CE-2); "quiesce" the steps the E4 client is paused.',
      columns: ['embodiment', 'k outside', 'split report', 'synchronous split', 'job', 'copies waited', 'polls', 'quiesce'],
      rows: rows.map((r) => [r.embodiment, r.outside, r.splitReport, r.synchronousSplit, r.job, r.copiesWaited, r.polls, r.quiesce ?? '-']),
    },
  ];
}
