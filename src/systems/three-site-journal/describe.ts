// What each action means on a sequence diagram: the site that takes it and what crosses between
// sites. P writes journals into I and S pulls them from I (I is passive: it never acts on its own).
import type { Action, Json } from '../../engine/contract.js';
import { describeBy, type StepRule } from '../../engine/describe.js';
import { firstRegression, firstStep, lossSentence, orderSentence, type AckedWrite, type Image } from '../../engine/explain.js';

type View = Record<string, Json>;
const count = (v: View, key: string): number => (Array.isArray(v[key]) ? (v[key] as Json[]).length : 1);
const site = (prefix: string, key: string) => (i: number, v: View): string => (count(v, key) > 1 ? `${prefix}${i}` : prefix);
const S = site('S', 'secondaries');
const I = site('I', 'intermediates');
const num = (a: Action, k: string): number => (typeof a[k] === 'number' ? (a[k] as number) : 0);
/** The secondary a lane (pair) belongs to. */
const laneS = (a: Action, _b: View, v: View): string => {
  const lanes = v.lanes as { secondary: number }[];
  return S(lanes[num(a, 'lane')]?.secondary ?? 0, v);
};
/** The intermediate whose ring holds a write's journal after the step (the first one otherwise). */
const holding = (a: Action, _b: View, v: View): string => {
  const ints = v.intermediates as { ring: Record<string, string> }[];
  const w = `w${num(a, 'write')} `;
  const i = ints.findIndex((x) => Object.values(x.ring).some((r) => r.startsWith(w)));
  return I(Math.max(0, i), v);
};
const LINK_END: Record<string, string> = { PI: 'P', IS: 'I', PS: 'P' };
const linkSite = (a: Action, _b: View, v: View): string => (a.link === 'IS' ? I(0, v) : LINK_END[String(a.link)] ?? 'P');
const newWrite = (_a: Action, _b: View, v: View): string => `w${(v.writes as Json[]).length - 1}`;
const reversing = (a: Action, b: View): boolean => String((b.lanes as { pair: string }[])[num(a, 'lane')]?.pair ?? '').includes('revers');

const rules: Record<string, StepRule> = {
  write: { actor: 'host', message: { to: 'P', label: (a, b, v) => `${newWrite(a, b, v)} a${num(a, 'address')}`, id: newWrite } },
  secondaryHostWrite: { actor: 'host', message: { to: (a, b, v) => S(0, v), label: (a) => `write a${num(a, 'address')} at S` } },
  journalWrite: { actor: 'P', message: { to: holding, label: (a) => `journal w${num(a, 'write')}` } },
  journalWriteFails: { actor: 'P', message: { to: holding, kind: 'drop', label: (a) => `journal w${num(a, 'write')}` } },
  advanceNext: { actor: 'P' },
  acknowledge: { actor: 'P', message: { to: 'host', label: (a) => `ack w${num(a, 'write')}` } },
  resend: { actor: 'P', message: { to: (a, b, v) => I(0, v), label: 'journal (resent)' } },
  switchPath: { actor: 'P' },
  switchToAlternatePath: { actor: 'P' },
  alternatePathSend: { actor: 'P', message: { to: laneS, label: 'journal (alternate path)' } },
  switchBack: { actor: 'P' },
  primaryControl: { actor: 'P', message: { to: (a, b, v) => I(0, v), label: 'primary control information' } },
  secondaryFetch: { actor: laneS, message: { from: (a, b, v) => I(0, v), to: laneS, label: 'journal block' } },
  secondaryApply: { actor: laneS },
  secondaryPublish: { actor: laneS, message: { to: (a, b, v) => I(0, v), label: 'secondary control information' } },
  detectPrimaryLoss: { actor: laneS },
  drain: { actor: laneS, message: { from: (a, b, v) => I(0, v), to: laneS, label: 'journal (drain)' } },
  drainEnd: { actor: laneS },
  secondaryDetectsIntermediateFailure: { actor: laneS },
  primaryDetectsFailure: { actor: 'P' },
  resync: { actor: 'P' },
  reverseResync: { actor: laneS },
  resyncCopy: {
    actor: (a, b, v) => (reversing(a, b) ? laneS(a, b, v) : 'P'),
    message: { to: (a, b, v) => (reversing(a, b) ? 'P' : laneS(a, b, v)), label: 'resync copy' },
  },
  resyncDone: { actor: 'P' },
  resyncAbort: { actor: 'P' },
  resyncAttempt: { actor: 'operator' },
  deletePair: { actor: 'operator' },
  createPair: { actor: 'operator' },
  initialCopyDone: { actor: 'P', message: { to: laneS, label: 'initial copy' } },
  operatorSuspend: { actor: 'operator' },
  takeover: { actor: laneS },
  tick: { actor: 'clock' },
  primaryLoss: { actor: 'P' },
  primaryRecover: { actor: 'P' },
  primaryRecoverDataLost: { actor: 'P' },
  secondaryCrash: { actor: (a, b, v) => S(num(a, 'secondary'), v) },
  secondaryCrashDataLost: { actor: (a, b, v) => S(num(a, 'secondary'), v) },
  secondaryRecover: { actor: (a, b, v) => S(num(a, 'secondary'), v) },
  intermediateFailure: { actor: (a, b, v) => I(num(a, 'intermediate'), v) },
  intermediateFailureDataLost: { actor: (a, b, v) => I(num(a, 'intermediate'), v) },
  intermediateRecover: { actor: (a, b, v) => I(num(a, 'intermediate'), v) },
  mediaError: { actor: (a, b, v) => I(num(a, 'intermediate'), v) },
  linkDown: { actor: linkSite },
  linkRecover: { actor: linkSite },
  foreignWrite: { actor: 'foreign subsystem', message: { to: (a, b, v) => I(0, v), label: 'write to S control information' } },
};

export const describeStep = describeBy(rules);
/** Lanes in diagram order; a configuration with several intermediates or secondaries numbers them. */
export function lanesOf(v: View): string[] {
  const ints = count(v, 'intermediates');
  const secs = count(v, 'secondaries');
  return ['host', 'P', ...Array.from({ length: ints }, (_, i) => I(i, v)), ...Array.from({ length: secs }, (_, i) => S(i, v)), 'operator'];
}

// ---- one-sentence explanations (E8, S1, S1m, S9) ----
type Views = Record<string, Json>[];
function ackRecord(views: Views): AckedWrite[] {
  const last = views[views.length - 1];
  return (last.writes as string[]).flatMap((text, i) => {
    const m = /^w(\d+) a(\d+)/.exec(text);
    if (!m) return [];
    const acked = firstStep(views, (x) => String((x.host as Record<string, Json>)[`w${i}`] ?? '').startsWith('acknowledged at P'));
    return [{ write: `w${m[1]}`, address: `a${m[2]}`, issued: firstStep(views, (x) => (x.writes as Json[]).length > i) ?? 0, ...(acked !== undefined ? { acked } : {}) }];
  });
}
const sImage = (views: Views, step: number): Image => {
  const v = views[step];
  const vol = (v.secondaries as { volume: Record<string, string | null> }[])[0].volume;
  return { holder: 'the secondary S', cells: vol, step };
};

export function explain(property: string, views: Views): string | undefined {
  const end = views.length - 1;
  const writes = ackRecord(views);
  const lost = firstStep(views, (v) => (v.primary as { state: string }).state === 'lost');
  const event = lost === undefined ? undefined : { what: 'the primary P was lost', step: lost };
  if (property === 'E8' || property === 'S9') return lossSentence(writes, sImage(views, end), event);
  if (property === 'S1') return orderSentence(writes, sImage(views, end)) ?? lossSentence(writes, sImage(views, end), event);
  if (property === 'S1m') return firstRegression(end, (i) => sImage(views, i).cells, 'the secondary S');
  return undefined;
}
