// Witness traces: the shortest path the exhaustive explorer found to each reachability witness, kept
// as plain JSON so that a cheap run can walk it again. Mutation testing uses them to reach, in a few
// dozen steps, behaviour that a short random run rarely meets (a takeover write, a reverse resync, a
// record split at the ring's end): along the walk every property must hold, every action must still
// be enabled, and the witness must hold at the end.
import type { Action, Model, System } from './contract.js';
import { violatedAlways, violatedStep } from './check.js';
import { exploreExhaustive } from './exhaustive.js';

export const WITNESS_TRACES_FORMAT = 'rcv-witness-traces/1';

export interface WitnessTrace {
  config: string;
  witness: string;
  init: number;
  actions: Action[];
}

export interface WitnessTraceFile {
  format: typeof WITNESS_TRACES_FORMAT;
  system: string;
  traces: WitnessTrace[];
}

/** A shortest trace of the reference design to every witness of `config` (exhaustive, no liveness). */
export function findWitnessTraces(system: System, config: string): WitnessTrace[] {
  const model = system.build(config, 'reference');
  const r = exploreExhaustive(model, { liveness: false, witnessTraces: true });
  const out: WitnessTrace[] = [];
  for (const w of model.sometimes) {
    const t = r.witnessTraces?.[w.id];
    if (t === undefined) continue;
    const cur = new Int32Array(model.init()[t.init]);
    const nxt = new Int32Array(model.stateSize);
    const actions: Action[] = [];
    for (const code of t.actions) {
      actions.push(model.actionToJson(cur, code));
      model.next(cur, code, nxt);
      cur.set(nxt);
    }
    out.push({ config, witness: w.id, init: t.init, actions });
  }
  return out;
}

/** Walks a witness trace on `model`: undefined when every step is enabled, every property holds and the
 *  witness holds at the end; otherwise what went wrong. */
export function walkWitnessTrace(model: Model, t: WitnessTrace): string | undefined {
  const inits = model.init();
  if (t.init >= inits.length) return `init ${t.init} does not exist`;
  let cur = new Int32Array(inits[t.init]);
  let nxt = new Int32Array(model.stateSize);
  const acts = new Int32Array(model.maxActions);
  const bad0 = violatedAlways(model, cur);
  if (bad0 !== undefined) return `${bad0} violated in the initial state`;
  for (let i = 0; i < t.actions.length; i++) {
    const code = model.actionFromJson(t.actions[i]);
    if (code === undefined) return `step ${i + 1}: ${JSON.stringify(t.actions[i])} is not an action of this model`;
    const n = model.actions(cur, acts);
    let enabled = false;
    for (let j = 0; j < n; j++) if (acts[j] === code) enabled = true;
    if (!enabled) return `step ${i + 1}: ${JSON.stringify(t.actions[i])} is not enabled`;
    model.next(cur, code, nxt);
    const bad = violatedStep(model, cur, code, nxt) ?? violatedAlways(model, nxt);
    if (bad !== undefined) return `step ${i + 1}: ${bad} violated`;
    [cur, nxt] = [nxt, cur];
  }
  const w = model.sometimes.find((x) => x.id === t.witness);
  if (w === undefined) return `${t.witness} is not a witness of this model`;
  return w.reached(cur) ? undefined : `${t.witness} does not hold at the end`;
}
