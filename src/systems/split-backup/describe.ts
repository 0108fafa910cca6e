// What each action means on a sequence diagram. The backup server commands the disk subsystem
// (P, the primary volume with its cache, and S, the secondary volume), which copies P to S and
// S to tape; the client (E4) is quiesced around the split.
import type { Action, Json } from '../../engine/contract.js';
import { describeBy, type StepRule } from '../../engine/describe.js';
import { firstStep, lossSentence, type AckedWrite } from '../../engine/explain.js';

const job = (a: Action): string => `job ${String(a.job ?? 0)}`;
const block = (a: Action): string => `b${String(a.block ?? 0)}`;

const rules: Record<string, StepRule> = {
  create: { actor: 'server', message: { to: 'P', label: 'create pair' } },
  write: { actor: 'host', message: { to: 'P', label: (a, _b, v) => `w${(v.ghost as { writes: unknown[] }).writes.length} ${block(a)}` } },
  apply: { actor: 'P' },
  destage: { actor: 'P' },
  copy: { actor: 'P', message: { to: 'S', label: (a) => `copy ${block(a)}` } },
  copyRead: { actor: 'P' },
  copyWrite: { actor: 'P', message: { to: 'S', label: 'copy register' } },
  settle: { actor: 'P' },
  splitCmd: { actor: 'server', message: { to: 'P', label: 'split' } },
  split: { actor: 'P', message: { to: 'server', label: 'split report' } },
  backup: { actor: 'server', message: { to: 'P', label: (a) => `backup ${job(a)}` } },
  check: { actor: 'P' },
  rangeCopied: { actor: 'S' },
  transfer: { actor: 'S', message: { to: 'tape', label: (a) => `blocks of ${job(a)}` } },
  stage: { actor: 'S' },
  stageRead: { actor: 'S' },
  report: { actor: 'P', message: { to: 'server', label: (a) => `result of ${job(a)}` } },
  abort: { actor: 'P' },
  tapeError: { actor: 'tape' },
  sReadError: { actor: 'S' },
  pReadError: { actor: 'P' },
  memLoss: { actor: 'P' },
  resync: { actor: 'server', message: { to: 'P', label: 'resync' } },
  delete: { actor: 'server', message: { to: 'P', label: 'delete pair' } },
  sRead: { actor: 'host', message: { from: 'S', to: 'host', label: (a) => `read ${block(a)}` } },
  sWrite: { actor: 'host', message: { to: 'S', label: (a) => `write ${block(a)}` } },
  poll: { actor: 'server', message: { to: 'P', label: 'poll pair state' } },
  notify: { actor: 'P', message: { to: 'server', label: 'split notice' } },
  quiesce: { actor: 'server', message: { to: 'client', label: 'quiesce' } },
  response: { actor: 'client', message: { to: 'server', label: 'quiesced' } },
  resume: { actor: 'server', message: { to: 'client', label: 'resume' } },
  lostResume: { actor: 'server', message: { to: 'client', kind: 'drop', label: 'resume' } },
  timeout: { actor: 'client' },
  result: { actor: 'P', message: { to: 'server', label: 'copy result' } },
  crash: { actor: 'server' },
  restart: { actor: 'server' },
};

export const describeStep = describeBy(rules);
export const lanesOf = (v: Record<string, unknown>): string[] => ['host', 'server', 'P', 'S', 'tape', ...('client' in v ? ['client'] : [])];

// ---- one-sentence explanations (E-S1, I-S6) ----
type View = Record<string, Json>;
const blocks = (xs: Json[]): Record<string, string | null> => Object.fromEntries(xs.map((x, i) => [`b${i}`, x === null ? null : String(x)]));

export function explain(property: string, views: View[]): string | undefined {
  const end = views.length - 1;
  const last = views[end];
  const ghost = last.ghost as { writes: string[]; lastAcked: number };
  if (property === 'I-S6') {
    // Acknowledged host writes to P, per block the newest (w1 is the first write; P[lo..hi] its blocks).
    const writes: AckedWrite[] = [];
    ghost.writes.forEach((text, i) => {
      const m = /^w(\d+): P\[(\d+)\.\.(\d+)\]/.exec(text);
      if (!m) return;
      const acked = firstStep(views, (v) => Number((v.ghost as { lastAcked: number }).lastAcked) >= i + 1);
      for (let b = Number(m[2]); b <= Number(m[3]); b++) writes.push({ write: `w${m[1]}`, address: `b${b}`, issued: firstStep(views, (v) => ((v.ghost as { writes: Json[] }).writes ?? []).length > i) ?? 0, ...(acked !== undefined ? { acked } : {}) });
    });
    return lossSentence(writes, { holder: 'a host read of P', cells: blocks((last.P as { logical: Json[] }).logical), step: end });
  }
  if (property === 'I-S1') {
    const jobs = last.jobs as { tape: Json[]; server: { epoch: number } }[];
    const epochs = (ghost as unknown as { epochs: { sentBeforeReport: number }[] }).epochs;
    for (let j = 0; j < jobs.length; j++) {
      const e = epochs[jobs[j].server.epoch - 1];
      if (!e) continue;
      for (let b = 0; b < jobs[j].tape.length; b++) {
        const m = /^w(\d+)$/.exec(String(jobs[j].tape[b]));
        if (!m || Number(m[1]) <= e.sentBeforeReport) continue;
        const sent = firstStep(views, (v) => ((v.ghost as { writes: Json[] }).writes ?? []).length >= Number(m[1]));
        return `backup job ${j}'s tape holds w${m[1]} at block ${b}, but w${m[1]} was sent at step ${sent}, after the split report of its epoch (only ${e.sentBeforeReport > 1 ? `w1..w${e.sentBeforeReport}` : e.sentBeforeReport === 1 ? 'w1' : 'no write'} came before it).`;
      }
    }
  }
  if (property === 'E-S1') {
    const jobs = last.jobs as { range: [number, number]; tape: Json[]; server: { result: string } }[];
    const split = last.splitImage as Json[];
    for (let j = 0; j < jobs.length; j++) {
      if (jobs[j].server.result !== 'success') continue;
      const told = firstStep(views, (v) => (v.jobs as { server: { result: string } }[])[j].server.result === 'success');
      for (let b = jobs[j].range[0]; b <= jobs[j].range[1]; b++) {
        if (JSON.stringify(jobs[j].tape[b]) === JSON.stringify(split[b])) continue;
        return `the server was told at step ${told} that backup job ${j} succeeded; after step ${end} its tape holds ${String(jobs[j].tape[b])} at block ${b}, but the split image (P as the split was reported) holds ${String(split[b])} there.`;
      }
    }
  }
  return undefined;
}
