// The model-based conformance driver: the model and an implementation side by side, the same
// actions applied to both, their observations compared after every step.
//
// Two sources of action sequences, both over the reference model's enabled actions:
// - targeted: the shortest path (breadth-first) to the first firing of every action type and to
//   every reachability witness, so that each kind of step and each premise the properties need is
//   driven at least once, deterministically;
// - random: fast-check runs of choices (faults about one choice in eight, as in the random
//   explorer), shrunk on divergence towards fewer and earlier steps.
// The first divergence (the shortest over the targeted paths, else the shrunk random run) is
// reported as a trace in the usual format, with what the model expected and what was observed.
import fc from 'fast-check';
import { InputError, type Action, type Json, type Model, type System } from '../engine/contract.js';
import { exploreExhaustive } from '../engine/exhaustive.js';
import { actionPicker } from '../engine/random.js';
import { stableJson } from '../engine/lookup.js';
import { buildTrace, diffViews, type Change, type Trace } from '../engine/trace.js';
import { project, type Adapter, type Implementation } from './adapter.js';

export interface ConformanceOptions {
  runs: number;
  seed: number;
  /** fast-check path of one shrunk failing run (with the same seed). */
  path?: string;
  /** Steps per random run (default: the configuration's random run length). */
  steps?: number;
  /** Skip the targeted paths (a random run replayed by its path needs only itself). */
  targeted?: boolean;
  /** Cap on the breadth-first search that finds the targeted paths. */
  maxStates?: number;
}

export interface Divergence {
  init: number;
  /** Action codes of the model up to and including the diverging step. */
  actions: number[];
  /** 0: the initial observations differ; k: after step k (or step k was refused). */
  step: number;
  refused: boolean;
  /** Actions the implementation can take after `step` that the model forbids (with `enabled`). */
  extra?: Action[];
  expected: Json;
  observed: Json;
  /** The projection paths that differ (empty for a refusal). */
  differences: Change[];
  /** Where the sequence came from. */
  source: string;
}

export interface ConformanceResult {
  system: string;
  config: string;
  implementation: string;
  verdict: 'conforms' | 'diverged';
  /** Targeted sequences driven, and how many steps they took. */
  targeted: { sequences: number; steps: number; actionTypes: number; witnesses: number };
  random: { runs: number; steps: number; seed: number; path?: string; shrinks?: number };
  divergence?: Divergence;
  trace?: Trace;
}

const asObject = (x: Json): Record<string, Json> => (x !== null && typeof x === 'object' && !Array.isArray(x) ? x : { value: x });

/** Drives one sequence of model actions on the model and the implementation; the first divergence, if any. */
async function drive(system: System, model: Model, impl: Implementation, init: number, codes: number[] | ((cur: Int32Array, acts: Int32Array, n: number, i: number) => number), length: number, source: string): Promise<{ divergence?: Divergence; steps: number }> {
  let cur = new Int32Array(model.init()[init]);
  let nxt = new Int32Array(model.stateSize);
  const acts = new Int32Array(model.maxActions);
  const taken: number[] = [];
  await impl.reset(init);
  const compare = async (step: number): Promise<Divergence | undefined> => {
    const expected = project(system, model, cur);
    const observed = await impl.observe();
    if (stableJson(expected) !== stableJson(observed)) {
      return { init, actions: [...taken], step, refused: false, expected, observed, differences: diffViews(asObject(expected), asObject(observed)), source };
    }
    if (impl.enabled) {
      const offered = await impl.enabled();
      const n = model.actions(cur, acts);
      const allowed = new Set<string>();
      for (let j = 0; j < n; j++) allowed.add(stableJson(model.actionToJson(cur, acts[j])));
      const extra = offered.filter((a) => !allowed.has(stableJson(a)));
      if (extra.length > 0) return { init, actions: [...taken], step, refused: false, extra, expected, observed, differences: [], source };
    }
    return undefined;
  };
  let d = await compare(0);
  if (d) return { divergence: d, steps: 0 };
  for (let i = 0; i < length; i++) {
    const n = model.actions(cur, acts);
    if (n === 0) break;
    const code = Array.isArray(codes) ? codes[i] : codes(cur, acts, n, i);
    const action: Action = model.actionToJson(cur, code);
    taken.push(code);
    const ok = await impl.apply(action);
    model.next(cur, code, nxt);
    [cur, nxt] = [nxt, cur];
    if (!ok) {
      const expected = project(system, model, cur);
      return { divergence: { init, actions: taken, step: i + 1, refused: true, expected, observed: null, differences: [], source }, steps: i + 1 };
    }
    d = await compare(i + 1);
    if (d) return { divergence: d, steps: i + 1 };
  }
  return { steps: taken.length };
}

/** The targeted sequences of a configuration: shortest paths to every action type and witness (cached). */
const targetCache = new Map<string, { source: string; init: number; actions: number[] }[]>();
export function targetedSequences(system: System, config: string, maxStates = 2_000_000): { source: string; init: number; actions: number[] }[] {
  const key = `${system.name}/${config}/${maxStates}`;
  const hit = targetCache.get(key);
  if (hit) return hit;
  const model = system.build(config, 'reference');
  const r = exploreExhaustive(model, { liveness: false, witnessTraces: true, actionTraces: true, maxStates });
  const out = [
    ...Object.entries(r.actionTraces ?? {}).map(([type, t]) => ({ source: `shortest path to action ${type}`, ...t })),
    ...Object.entries(r.witnessTraces ?? {}).map(([id, t]) => ({ source: `shortest path to witness ${id}`, ...t })),
  ];
  targetCache.set(key, out);
  return out;
}

export async function conform(system: System, config: string, adapter: Adapter, opts: ConformanceOptions): Promise<ConformanceResult> {
  const model = system.build(config, 'reference');
  const info = system.configs.find((c) => c.name === config)!;
  const impl = await adapter.connect(config);
  const inits = model.init().length;
  const result: ConformanceResult = {
    system: system.name,
    config,
    implementation: adapter.name,
    verdict: 'conforms',
    targeted: { sequences: 0, steps: 0, actionTypes: 0, witnesses: 0 },
    random: { runs: 0, steps: 0, seed: opts.seed },
  };
  try {
    let best: Divergence | undefined;
    if (opts.targeted !== false && opts.path === undefined) {
      const seqs = targetedSequences(system, config, opts.maxStates);
      result.targeted.actionTypes = seqs.filter((s) => s.source.includes('action')).length;
      result.targeted.witnesses = seqs.length - result.targeted.actionTypes;
      for (const s of seqs) {
        const r = await drive(system, model, impl, s.init, s.actions, s.actions.length, s.source);
        result.targeted.sequences++;
        result.targeted.steps += r.steps;
        if (r.divergence && (!best || r.divergence.step < best.step)) best = r.divergence;
      }
    }
    if (!best) {
      // The random explorer's choice: faults about one choice in eight, swarm weights per run.
      const pick = actionPicker(model);
      const chooser = (salt: number, choices: number[]) => (_cur: Int32Array, acts: Int32Array, n: number, i: number): number => pick(acts, n, choices[i], salt);
      const steps = opts.steps ?? info.randomSteps;
      const arb = fc.tuple(fc.nat({ max: inits - 1 }), fc.nat({ max: 0xffff }), fc.array(fc.nat({ max: 0xffff }), { minLength: 1, maxLength: steps, size: 'max' }));
      let driven = 0;
      const details = await fc.check(
        fc.asyncProperty(arb, async ([init, salt, choices]) => {
          const r = await drive(system, model, impl, init, chooser(salt, choices), choices.length, 'random');
          driven += r.steps;
          return r.divergence === undefined;
        }),
        { numRuns: opts.runs, seed: opts.seed, path: opts.path, endOnFailure: false, unbiased: true },
      );
      if (details.failed && details.counterexample === null) throw details.errorInstance ?? new Error('conformance run failed');
      result.random = { runs: details.numRuns, steps: driven, seed: opts.seed };
      if (details.failed && details.counterexample) {
        const [init, salt, choices] = details.counterexample[0];
        const r = await drive(system, model, impl, init, chooser(salt, choices), choices.length, 'random');
        if (!r.divergence) throw new Error('the shrunk conformance failure did not reproduce: the implementation is not deterministic');
        best = r.divergence;
        result.random.path = details.counterexamplePath ?? undefined;
        result.random.shrinks = details.numShrinks;
      }
    }
    if (best) {
      result.verdict = 'diverged';
      result.divergence = best;
      result.trace = divergenceTrace(system, model, config, adapter.name, best, result.random);
    }
  } finally {
    await impl.close?.();
  }
  return result;
}

/** One sentence on a divergence. */
export function divergenceSentence(d: Divergence, actions: Action[]): string {
  const at = d.step === 0 ? 'in the initial state' : `after step ${d.step} (${actions[d.step - 1]?.type ?? '?'})`;
  if (d.refused) return `the implementation refused step ${d.step} (${JSON.stringify(actions[d.step - 1])}), which the model allows`;
  if (d.extra) return `${at} the implementation can take ${d.extra.slice(0, 2).map((a) => JSON.stringify(a)).join(' and ')}${d.extra.length > 2 ? ` (and ${d.extra.length - 2} more)` : ''}, which the model forbids there`;
  const shown = d.differences.slice(0, 3).map((c) => `${c.path}: model ${JSON.stringify(c.before)}, implementation ${JSON.stringify(c.after)}`);
  return `${at} the implementation's observation differs from the model's: ${shown.join('; ')}${d.differences.length > 3 ? ` (and ${d.differences.length - 3} more)` : ''}`;
}

export const CONFORMANCE_PROPERTY = {
  id: 'conformance',
  statement: "After every step, the implementation's observation (what hosts and operators see) equals the model's projection, and it accepts every action the model allows",
  ref: 'src/conformance/driver.ts',
};

function divergenceTrace(system: System, model: Model, config: string, impl: string, d: Divergence, random: ConformanceResult['random']): Trace {
  const randomMode = d.source === 'random';
  const t = buildTrace(system, model, { variant: 'reference', config, mode: randomMode ? 'random' : 'exhaustive', ...(randomMode ? { seed: random.seed, path: random.path, runs: random.runs } : {}) }, { property: CONFORMANCE_PROPERTY.id, init: d.init, actions: d.actions });
  if (d.step > 0) t.steps[d.step - 1].violated = [...t.steps[d.step - 1].violated, CONFORMANCE_PROPERTY.id];
  const sentence = divergenceSentence(d, t.steps.map((s) => s.action));
  return {
    ...t,
    violated: { id: CONFORMANCE_PROPERTY.id, kind: 'step', category: 'outcome', statement: CONFORMANCE_PROPERTY.statement, ref: CONFORMANCE_PROPERTY.ref, step: d.step, explanation: `${sentence} (${d.source})` },
    conformance: { implementation: impl, source: d.source, refused: d.refused, ...(d.extra ? { extra: d.extra } : {}), expected: d.expected, observed: d.observed },
    reproduce: `npx rcv conform ${system.name} --config ${config} ${impl.startsWith('variant:') ? `--variant ${impl.slice(8)}` : '--adapter MODULE'}${randomMode ? ` --runs ${random.runs} --seed ${random.seed}${random.path ? ` --path ${random.path}` : ''}` : ''}`,
  };
}

/** Drives a recorded conformance trace again: the step at which the implementation diverges now, if it does. */
export async function replayDivergence(system: System, trace: Trace, adapter: Adapter): Promise<Divergence | undefined> {
  const model = system.build(trace.config, 'reference');
  const cur = new Int32Array(model.init()[trace.init] ?? model.init()[0]);
  const nxt = new Int32Array(model.stateSize);
  const codes: number[] = [];
  for (const s of trace.steps) {
    const code = model.actionFromJson(s.action);
    if (code === undefined) throw new InputError(`trace step ${s.index}: ${JSON.stringify(s.action)} is not an action of ${system.name} on ${trace.config}`);
    codes.push(code);
    model.next(cur, code, nxt);
    cur.set(nxt);
  }
  const impl = await adapter.connect(trace.config);
  try {
    return (await drive(system, model, impl, trace.init, codes, codes.length, 'replay')).divergence;
  } finally {
    await impl.close?.();
  }
}
