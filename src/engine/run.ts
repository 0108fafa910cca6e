// One check of one (system, variant, configuration) by one explorer: what the CLI, verify and
// the tests all call, so that they report the same thing.
import { InputError, type Model, type System } from './contract.js';
import { exploreExhaustive, type ActionCoverage, type MachineCoverage } from './exhaustive.js';
import { exploreRandom } from './random.js';
import { buildTrace, saveTrace, type Checked, type Trace } from './trace.js';

export { PROJECT_ROOT } from './root.js';
import { PROJECT_ROOT } from './root.js';
/**
 * Where counterexamples go unless a caller says otherwise; RCV_TRACE_DIR moves them (the tests do).
 * Read when a trace is saved, not at load: a test sets it after its imports have loaded this module.
 */
export const traceDir = (): string => process.env.RCV_TRACE_DIR || `${PROJECT_ROOT}reports/counterexamples`;
export const CORPUS_DIR = `${PROJECT_ROOT}properties/corpus`;

/** The engine knows no system: the CLI, verify and the tests hand it the ones they register. */
export function findSystem(systems: System[], name: string): System {
  const s = systems.find((x) => x.name === name);
  if (!s) throw new InputError(`unknown system "${name}" (have: ${systems.map((x) => x.name).join(', ')})`);
  return s;
}

export interface CheckRequest {
  system: System;
  variant: string;
  config: string;
  mode: 'exhaustive' | 'random';
  runs?: number;
  seed?: number;
  path?: string;
  liveness?: boolean;
  progress?: boolean;
  maxStates?: number;
  /** Stop after this many milliseconds: the result is incomplete unless a violation was found. */
  maxMs?: number;
  /** Check only the outcome properties (and every witness): how a variant must be caught. */
  outcomeOnly?: boolean;
  /** Check only these properties (and every witness): how a falsifier isolates one property. */
  only?: string[];
  /** Count firings and distinct successors per action type (exhaustive). */
  actionCoverage?: boolean;
  /** Where to save a counterexample; null: do not save. */
  traceDir?: string | null;
  /** Exhaustive: worker threads expanding large layers (1: none). The result is the same with any count. */
  workers?: number;
  /** With workers: a module exporting `buildModel(args: BuildArgs)` that builds this model in each worker. */
  modelModule?: string;
  /** Exhaustive with workers: layers smaller than this stay on the main thread (default 2,048). */
  minLayer?: number;
  /** Exhaustive with workers: false keeps them on every large layer even when one thread is faster (tests). */
  adaptive?: boolean;
  /** Exhaustive with workers: how many states of their first layer they expand (default `minLayer`; tests). */
  trial?: number;
}

/** What a parallel search's workers pass to `buildModel` to build the model the main thread checks. */
export interface BuildArgs {
  system: string;
  config: string;
  variant: string;
  checked: Checked;
}

const requireModule = (m: string | undefined): string => {
  if (!m) throw new Error('runCheck: workers need a modelModule that builds the model in each worker');
  return m;
};

export interface CheckOutcome {
  system: string;
  variant: string;
  mode: 'exhaustive' | 'random';
  config: string;
  verdict: 'holds' | 'violated';
  invariant?: string;
  tracePath?: string;
  trace?: Trace;
  stats: { states?: number; transitions?: number; depth?: number; runs?: number; actions?: number; ms: number };
  witnesses: Record<string, number | null>;
  complete: boolean;
  seed?: number;
  path?: string;
  collisionProbability?: number;
  coverage?: MachineCoverage[];
  actions?: ActionCoverage[];
  /** Exhaustive with workers: the layers they expanded. */
  parallelLayers?: number;
}

export const DEFAULT_SEED = 20021;
export const DEFAULT_RUNS = 1000;
/**
 * Random runs given to catching a naive variant. The search stops at the first failure, so this
 * costs only when a variant escapes; the rarest catches here need a few thousand runs.
 */
export const VARIANT_RUNS = 30_000;

/** The model restricted to some of its properties (witnesses are always kept). */
export function keepProperties(model: Model, keep: (id: string) => boolean): Model {
  return {
    ...model,
    always: model.always.filter((p) => keep(p.id)),
    step: model.step.filter((p) => keep(p.id)),
    eventually: model.eventually.filter((p) => keep(p.id)),
  };
}

export function outcomeIds(system: System): Set<string> {
  return new Set(system.properties.filter((p) => p.category === 'outcome').map((p) => p.id));
}

/** The model checking all its properties, only the outcome ones, or only the listed ones. */
export function restrictModel(system: System, model: Model, checked: Checked): Model {
  if (checked === 'all') return model;
  const keep = checked === 'outcome' ? outcomeIds(system) : new Set(checked);
  return keepProperties(model, (id) => keep.has(id));
}

/** The model a trace was found on, with the properties it was checked against. */
export function modelForTrace(system: System, trace: Pick<Trace, 'config' | 'variant'> & { explorer?: { checked: Checked } }): Model {
  return restrictModel(system, system.build(trace.config, trace.variant), trace.explorer?.checked ?? 'all');
}

export function runCheck(req: CheckRequest): CheckOutcome {
  const { system, variant, config, mode } = req;
  const checked: Checked = req.only ? req.only : req.outcomeOnly ? 'outcome' : 'all';
  const model = restrictModel(system, system.build(config, variant), checked);
  const info = system.configs.find((c) => c.name === config)!;
  const base = { system: system.name, variant, mode, config };
  const save = (t: Trace): string | undefined => (req.traceDir === null ? undefined : saveTrace(req.traceDir ?? traceDir(), t));
  if (mode === 'exhaustive') {
    const r = exploreExhaustive(model, {
      liveness: req.liveness,
      progress: req.progress,
      maxStates: req.maxStates,
      maxMs: req.maxMs,
      actionCoverage: req.actionCoverage,
      label: `${system.name} ${variant} ${config}`,
      ...((req.workers ?? 1) > 1
        ? { parallel: { spec: { module: requireModule(req.modelModule), args: { system: system.name, config, variant, checked } satisfies BuildArgs, liveness: req.liveness ?? true }, workers: req.workers!, minLayer: req.minLayer, adaptive: req.adaptive, trial: req.trial } }
        : {}),
    });
    const trace = r.violation && buildTrace(system, model, { variant, config, mode, checked }, r.violation);
    return {
      ...base,
      verdict: r.verdict,
      invariant: r.violation?.property,
      trace,
      tracePath: trace && save(trace),
      stats: { states: r.states, transitions: r.transitions, depth: r.depth, ms: r.ms },
      witnesses: r.witnesses,
      complete: r.complete,
      ...(r.parallelLayers !== undefined ? { parallelLayers: r.parallelLayers } : {}),
      collisionProbability: r.collisionProbability,
      coverage: r.coverage,
      ...(r.actions ? { actions: r.actions } : {}),
    };
  }
  const seed = req.seed ?? DEFAULT_SEED;
  const r = exploreRandom(model, { runs: req.runs ?? DEFAULT_RUNS, seed, steps: info.randomSteps, liveness: req.liveness, path: req.path, maxMs: req.maxMs });
  const trace = r.violation && buildTrace(system, model, { variant, config, mode, seed, path: r.path, runs: req.runs ?? DEFAULT_RUNS, checked }, r.violation);
  return {
    ...base,
    verdict: r.verdict,
    invariant: r.violation?.property,
    trace,
    tracePath: trace && save(trace),
    stats: { runs: r.runs, actions: r.actions, ms: r.ms },
    witnesses: r.witnesses,
    complete: r.complete,
    seed,
    path: r.path,
  };
}
