// Showing that a property can fail. A witness (`sometimes`) shows that an invariant's premise is
// reached; nothing there shows that the predicate can be false, and a property replaced by
// `return true` would pass every run of a correct design. A falsifier supplies the missing half:
// a naive variant whose exploration, checking this property alone, violates it; or a reachable state
// (or transition) of the reference design that, corrupted as described, violates it while the
// uncorrupted one satisfies it.
import type { Falsifier, Model, State, System } from './contract.js';
import { exploreExhaustive } from './exhaustive.js';
import { runCheck } from './run.js';

export interface FalsifierResult {
  property: string;
  /** The property was shown false. */
  shown: boolean;
  /** How, in a few words: the variant and trace length, or the corruption and where it was applied. */
  how: string;
  problem?: string;
}

/** Replays actions from an initial state; returns every state along the way. */
function statesAlong(model: Model, init: number, actions: number[]): State[] {
  const out: State[] = [new Int32Array(model.init()[init])];
  for (const a of actions) {
    const next = new Int32Array(model.stateSize);
    model.next(out[out.length - 1], a, next);
    out.push(next);
  }
  return out;
}

export function runFalsifier(system: System, f: Falsifier): FalsifierResult {
  const { property } = f;
  if ('variant' in f) {
    const r = runCheck({ system, variant: f.variant, config: f.config, mode: 'exhaustive', only: [property], liveness: false, traceDir: null });
    const shown = r.verdict === 'violated' && r.invariant === property;
    return {
      property,
      shown,
      how: `variant ${f.variant} on ${f.config}${r.trace ? ` (${r.trace.steps} steps)` : ''}`,
      ...(shown ? {} : { problem: `variant ${f.variant} on ${f.config} does not violate ${property} (${r.verdict})` }),
    };
  }
  const model = system.build(f.config);
  const always = model.always.find((p) => p.id === property);
  const step = model.step.find((p) => p.id === property);
  const how = `corruption on ${f.config}: ${f.corruption}`;
  const fail = (problem: string): FalsifierResult => ({ property, shown: false, how, problem });
  if (!always && !step) return fail(`${property} is not checked on ${f.config}`);
  const search: Model = { ...model, always: [], step: [], sometimes: [], eventually: [] };
  if (always) {
    if (!f.find) return fail('an always property needs find()');
    search.always = [{ id: '__find', holds: (s) => !f.find!(model, s) }];
  } else {
    if (!f.findStep) return fail('a step property needs findStep()');
    search.step = [{ id: '__find', holds: (p, a, n) => !f.findStep!(model, p, a, n) }];
  }
  const r = exploreExhaustive(search, { liveness: false });
  if (!r.violation) return fail(`no reachable ${always ? 'state' : 'transition'} on ${f.config} matches the premise`);
  const along = statesAlong(model, r.violation.init, r.violation.actions);
  const target = along[along.length - 1];
  const corrupted = new Int32Array(target);
  f.corrupt(model, corrupted);
  const where = `${how} (at depth ${r.violation.actions.length})`;
  if (always) {
    if (!always.holds(target)) return { property, shown: false, how: where, problem: `${property} already fails on the uncorrupted state` };
    const shown = !always.holds(corrupted);
    return { property, shown, how: where, ...(shown ? {} : { problem: `${property} still holds on the corrupted state` }) };
  }
  const prev = along[along.length - 2];
  const action = r.violation.actions[r.violation.actions.length - 1];
  if (!step!.holds(prev, action, target)) return { property, shown: false, how: where, problem: `${property} already fails on the uncorrupted transition` };
  const shown = !step!.holds(prev, action, corrupted);
  return { property, shown, how: where, ...(shown ? {} : { problem: `${property} still holds on the corrupted transition` }) };
}
