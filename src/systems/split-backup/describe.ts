// What each action means on a sequence diagram. The backup server commands the disk subsystem
// (P, the primary volume with its cache, and S, the secondary volume), which copies P to S and
// S to tape; the client (E4) is quiesced around the split.
import type { Action } from '../../engine/contract.js';
import { describeBy, type StepRule } from '../../engine/describe.js';

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
export const describedActions = Object.keys(rules);
export const lanesOf = (v: Record<string, unknown>): string[] => ['host', 'server', 'P', 'S', 'tape', ...('client' in v ? ['client'] : [])];
