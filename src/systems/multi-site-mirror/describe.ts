// What each action means on a sequence diagram. The application writes through the mirror program
// into areas 225A and 225B at the primary (P); 225A is copied synchronously to the sync site (S,
// 225C) and 225B asynchronously, as log entries, to the async site (A, 225D).
import type { Action, Json } from '../../engine/contract.js';
import { describeBy, type StepRule } from '../../engine/describe.js';
import { firstStep, lossSentence, orderSentence, type AckedWrite, type Image } from '../../engine/explain.js';

type View = Record<string, Json>;
/** The site holding each area. */
const SITE_OF: Record<string, string> = { A: 'P', B: 'P', C: 'S', D: 'A' };
const asyncEnds = (v: View): [string, string] => {
  const p = v.asyncPair as { from: string; to: string };
  return [SITE_OF[p.from] ?? 'P', SITE_OF[p.to] ?? 'A'];
};
const syncEnds = (a: Action, v: View): [string, string] => {
  const p = (v.syncPairs as { from: string; to: string }[])[Number(a.group ?? 0)];
  return [SITE_OF[p?.from] ?? 'P', SITE_OF[p?.to] ?? 'S'];
};
const slotWrite = (a: Action, b: View, v: View): string => {
  const at = (x: View) => (x.slots as { write: number }[])[Number(a.slot ?? 0)]?.write ?? 0;
  return `w${at(v) || at(b)}`;
};
const log = (v: View): string[] => ((v.asyncPair as { log: string[] }).log ?? []).map(String);
const nextUnsent = (b: View): string => log(b).find((e) => !e.startsWith('sent ')) ?? 'log entry';
const oldest = (b: View): string => (log(b)[0] ?? 'log entry').replace(/^sent /, '');
const changed = (b: View, v: View, area: string): boolean => JSON.stringify((b.areas as View)[area]) !== JSON.stringify((v.areas as View)[area]);
const linkEnd = (a: Action): string => String(a.link ?? 'PS')[0];

const mirror: Record<string, StepRule> = {
  issue: { actor: 'application', message: { to: 'mirror', label: (a, b, v) => `${slotWrite(a, b, v)} a${String(a.address)}` } },
  legA: {
    actor: 'mirror',
    message: [
      { to: 'P', label: (a, b, v) => `${slotWrite(a, b, v)} to 225A` },
      // The sync copy is part of the same step; the label says when it did not reach 225C.
      { from: 'P', to: 'S', label: (a, b, v) => `sync copy ${slotWrite(a, b, v)}${changed(b, v, 'C') ? '' : ' (not made)'}` },
    ],
  },
  legB: { actor: 'mirror', message: { to: 'P', label: (a, b, v) => `${slotWrite(a, b, v)} to 225B + log entry` } },
  finish: { actor: 'mirror', message: { to: 'application', label: (a, b, v) => `answer ${slotWrite(a, b, v)}` } },
  rollback: { actor: 'mirror', message: { to: 'P', label: (a, b, v) => `roll back ${slotWrite(a, b, v)}` } },
  retire: { actor: 'mirror' },
  writeAt: { actor: 'application', message: { to: (a) => String(a.site), label: (a) => `write a${String(a.address)}` } },
  transfer: { actor: (_a, b) => asyncEnds(b)[0], message: { to: (_a, b) => asyncEnds(b)[1], kind: 'send', label: (_a, b) => nextUnsent(b) } },
  apply: { actor: (_a, b) => asyncEnds(b)[1], message: { from: (_a, b) => asyncEnds(b)[0], to: (_a, b) => asyncEnds(b)[1], kind: 'deliver', label: (_a, b) => oldest(b) } },
  asyncFail: { actor: (_a, b) => asyncEnds(b)[0] },
  flush: { actor: (_a, b) => asyncEnds(b)[0] },
  asyncResync: { actor: (_a, b) => asyncEnds(b)[0] },
  asyncCopy: { actor: (_a, b) => asyncEnds(b)[0], message: { to: (_a, b) => asyncEnds(b)[1], label: 'async differential copy' } },
  asyncSuspend: { actor: 'operator' },
  syncResync: { actor: (a, b) => syncEnds(a, b)[0] },
  syncCopy: { actor: (a, b) => syncEnds(a, b)[0], message: { to: (a, b) => syncEnds(a, b)[1], label: 'sync differential copy' } },
  syncSplit: { actor: 'operator' },
  syncRestart: { actor: 'operator' },
  failSite: { actor: (a) => String(a.site) },
  linkDown: { actor: linkEnd },
  linkUp: { actor: linkEnd },
  failArea: { actor: 'P' },
  suspect: { actor: 'operator' },
  recover: { actor: 'P' },
  assess: { actor: 'operator' },
  start: { actor: 'operator' },
  step: { actor: 'operator' },
  cycle: { actor: 'P' },
  failMirror: { actor: 'mirror' },
  mirrorRestart: { actor: 'mirror' },
};

const db: Record<string, StepRule> = {
  commit: { actor: 'application', message: [{ to: 'P', label: 'commit (log record in AL)' }, { from: 'P', to: 'S', label: 'log record to CL (sync)' }] },
  generate: { actor: 'P' },
  ship: { actor: 'P', message: { to: 'A', label: 'log record to DL' } },
  apply: { actor: 'A' },
  checkpoint: { actor: 'P', message: { to: 'S', label: 'pages to CD (sync)' } },
  purgeCl: { actor: 'P' },
  purgeDl: { actor: 'A' },
  failPrimary: { actor: 'P' },
  recovery: { actor: 'operator' },
};

const jfs: Record<string, StepRule> = {
  open: { actor: 'application', message: { to: 'P', label: (a) => `open f${String(a.file)}` } },
  write: { actor: 'application', message: [{ to: 'P', label: (a) => `write f${String(a.file)}` }, { from: 'P', to: 'S', label: 'block to 225C (sync)' }] },
  close: { actor: 'application', message: { to: 'P', label: (a) => `close f${String(a.file)}` } },
  deleteRecord: { actor: 'P' },
  transfer: { actor: 'P', message: { to: 'A', label: 'pending entry' } },
  reflect: { actor: 'A' },
  failPrimary: { actor: 'P' },
  recovery: { actor: 'operator' },
};

export const describeMirror = describeBy(mirror);
export const describeDb = describeBy(db);
export const describeJfs = describeBy(jfs);
export const mirrorLanes = (): string[] => ['application', 'mirror', 'P', 'S', 'A', 'operator'];
export const storeLanes = (): string[] => ['application', 'P', 'S', 'A', 'operator'];

// ---- one-sentence explanations (O-1, P5, P13, I1, I6) ----
type Views = View[];
const AREA_AT: Record<string, string> = { P: 'A', S: 'C', A: 'D' };
function ackRecord(views: Views): AckedWrite[] {
  const last = views[views.length - 1];
  const ws = (last.ghost as { writes?: Record<string, { address: number; answer: string }> }).writes ?? {};
  return Object.entries(ws).map(([name, w]) => {
    const acked = firstStep(views, (x) => ((x.ghost as { writes?: Record<string, { answer: string }> }).writes ?? {})[name]?.answer === 'ok');
    const issued = firstStep(views, (x) => name in ((x.ghost as { writes?: Record<string, Json> }).writes ?? {})) ?? 0;
    return { write: name, address: `a${w.address}`, issued, ...(acked !== undefined ? { acked } : {}) };
  });
}
const areaImage = (views: Views, step: number, area: string, holder: string): Image => {
  const cells = ((views[step].areas as Record<string, string[]>)[area] ?? []).map((x) => (x === '-' ? null : x));
  return { holder, cells: Object.fromEntries(cells.map((x, i) => [`a${i}`, x])), step };
};

export function explainMirror(property: string, views: Views): string | undefined {
  if (!views[0] || !('areas' in views[0])) return undefined;
  const end = views.length - 1;
  const writes = ackRecord(views);
  const failed = firstStep(views, (v) => JSON.stringify(v.sites) !== JSON.stringify(views[0].sites));
  const event = failed === undefined ? undefined : { what: `the sites became ${Object.entries(views[failed].sites as Record<string, string>).map(([k, x]) => `${k} ${x}`).join(', ')}`, step: failed };
  const at = ((views[end].application as string[]) ?? [])[0] ?? 'P';
  const resumed = areaImage(views, end, AREA_AT[at] ?? 'A', `225${AREA_AT[at] ?? 'A'} at ${at}, where the application runs,`);
  switch (property) {
    case 'O-1':
    case 'I6':
    case 'P13':
      return lossSentence(writes, resumed, event);
    case 'P5':
      return lossSentence(writes, areaImage(views, end, 'C', '225C at the sync site'), event);
    case 'I1':
      return orderSentence(writes, resumed);
    default:
      return undefined;
  }
}
