// A trace for the terminal: per step the lane, the named action and only the paths it changed
// (or the whole state with `full`), then the violated property with its seed paragraph, the
// one-sentence explanation where the system gives one, and the command that finds it again.
import type { Action, Json } from './contract.js';
import { flatView, type Trace } from './trace.js';

const value = (v: Json): string => JSON.stringify(v);

/** `deliver(stream=P0, seq=1)`. */
export function actionLabel(a: Action): string {
  const args = Object.entries(a).filter(([k]) => k !== 'type');
  return args.length === 0 ? a.type : `${a.type}(${args.map(([k, v]) => `${k}=${typeof v === 'string' ? v : value(v)}`).join(', ')})`;
}

export function violationSentence(t: Trace): string {
  const v = t.violated;
  const where = v.step === 0 ? 'in the initial state' : v.step > t.steps.length ? 'in the fault-free completion after the last step' : `at step ${v.step}`;
  return `VIOLATED ${v.id}${v.category ? ` (${v.category})` : ''} ${where}: ${v.statement}${v.ref ? ` [${v.ref}]` : ''}`;
}

export function traceText(t: Trace, opts: { full?: boolean; indent?: string } = {}): string[] {
  const ind = opts.indent ?? '  ';
  const out: string[] = [];
  const state = opts.full ? flatView(t.initial) : null;
  if (state) {
    out.push(`${ind}0. initial state`);
    for (const [k, v] of state) out.push(`${ind}     ${k} = ${value(v)}`);
  }
  for (const s of t.steps) {
    out.push(`${ind}${s.index}. [${s.actor}] ${actionLabel(s.action)}${s.fault ? '  (fault)' : ''}`);
    for (const m of s.messages) out.push(`${ind}     ${m.kind} ${m.label}: ${m.from} -> ${m.to}`);
    if (state) {
      for (const c of s.changes) {
        if (c.after === null) state.delete(c.path);
        else state.set(c.path, c.after);
      }
      const changed = new Set(s.changes.map((c) => c.path));
      for (const [k, v] of state) out.push(`${ind}   ${changed.has(k) ? '*' : ' '} ${k} = ${value(v)}`);
    } else for (const c of s.changes) out.push(`${ind}     ${c.path}: ${value(c.before)} -> ${value(c.after)}`);
    if (s.violated.length > 0) out.push(`${ind}   ! false here: ${s.violated.join(', ')}`);
  }
  out.push(violationSentence(t));
  if (t.violated.explanation) out.push(`  why: ${t.violated.explanation}`);
  return out;
}
