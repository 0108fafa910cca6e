// What each action means on a sequence diagram: the operator works through the pair manager, which
// asks the hosts whether the volume is mounted before the storage copies onto it.
import type { Action } from '../../engine/contract.js';
import { describeBy, type StepRule } from '../../engine/describe.js';

const host = (a: Action): string => `host${String(a.host ?? 0)}`;
const remote = (v: Record<string, unknown>): boolean => Array.isArray(v.pairs) && (v.pairs as Record<string, unknown>[]).some((p) => 'inFlight' in p);

const rules: Record<string, StepRule> = {
  create: { actor: 'operator', message: { to: 'manager', label: 'create pair' } },
  report: { actor: host, message: { to: 'manager', label: 'secondary-volume report' } },
  reply: { actor: host, message: { to: 'manager', label: 'mount answer' } },
  silent: { actor: host, message: { to: 'manager', kind: 'drop', label: 'mount answer' } },
  decide: { actor: 'manager', message: { to: 'operator', label: (_a, _b, v) => ((v.manager as { state: string }).state.includes('warn') ? 'warning' : 'decision') } },
  confirm: { actor: 'operator', message: { to: 'manager', label: 'confirm' } },
  cancel: { actor: 'operator', message: { to: 'manager', label: 'cancel' } },
  proceed: { actor: 'manager' },
  execute: { actor: 'manager', message: { to: 'storage', label: 'execute request' } },
  copy: { actor: 'storage', message: { to: (_a, _b, v) => (remote(v) ? 'remote storage' : 'storage'), kind: 'transfer', label: (a) => `copy block of pair ${String(a.pair)}` } },
  apply: { actor: 'remote storage' },
  done: { actor: 'storage' },
  split: { actor: 'operator', message: { to: 'storage', label: 'split' } },
  resync: { actor: 'operator', message: { to: 'manager', label: 'resync' } },
  release: { actor: 'operator', message: { to: 'storage', label: 'release pair' } },
  status: { actor: 'storage', message: { to: 'manager', label: 'pair status' } },
  retype: { actor: 'operator', message: { to: 'manager', label: 'change attribute' } },
  writeMain: { actor: 'production host', message: { to: 'storage', label: (a) => `write pair ${String(a.pair)} b${String(a.block)}` } },
  writeVol: { actor: host, message: { to: 'storage', label: (a) => `write v${String(a.volume)} b${String(a.block)}` } },
  mount: { actor: host },
  mountUnreg: { actor: host },
  unmount: { actor: host },
};

export const describeStep = describeBy(rules);
/** The hosts join the diagram as they act (after these lanes). */
export function lanesOf(v: Record<string, unknown>): string[] {
  return ['operator', 'manager', 'production host', 'storage', ...(remote(v) ? ['remote storage'] : [])];
}

// ---- one-sentence explanations (N-P1, N-P6, I-16) ----
type View = Record<string, unknown>;
export function explain(property: string, views: View[]): string | undefined {
  if (!['N-P1', 'N-P6', 'I-16'].includes(property)) return undefined;
  const end = views.length - 1;
  const v = views[end];
  const volumes = v.volumes as { data: unknown[] }[];
  const pairs = v.pairs as { main: number; sub: number | null; state: string }[];
  for (let p = 0; p < pairs.length; p++) {
    const { main, sub, state } = pairs[p];
    if (sub === null) continue;
    const a = volumes[main].data;
    const b = volumes[sub].data;
    const at = a.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(b[i]));
    if (at < 0) continue;
    return `after step ${end} pair ${p} is ${state}, yet its sub-volume v${sub} holds ${at < b.length ? JSON.stringify(b[at]) : 'no block'} at block ${at} where the primary v${main} holds ${JSON.stringify(a[at])}.`;
  }
  return undefined;
}
