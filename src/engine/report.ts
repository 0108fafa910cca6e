// The verification matrix of every system and its reports. Reports hold no timings, so the same
// code and configuration give byte-identical reports; timings go to stdout and to the bench.
import type { GuaranteeRow, PropertyInfo, ReportTable, System } from './contract.js';
import type { MachineCoverage } from './exhaustive.js';
import { edgeKey, reachablePart } from './machine-graph.js';
import { runFalsifier } from './falsify.js';
import { DEFAULT_RUNS, DEFAULT_SEED, VARIANT_RUNS, modelForTrace, outcomeIds, runCheck, type CheckOutcome } from './run.js';
import { mermaidSequence, type MachineDrawing } from './diagrams.js';
import { loadTrace, replayTrace, type Trace } from './trace.js';

export interface ConfigResult {
  name: string;
  /** Hash of the configuration's definition (as traces record it). */
  hash: string;
  tier: string;
  description: string;
  properties: string[];
  exhaustive: {
    verdict: string;
    invariant?: string;
    states: number;
    transitions: number;
    depth: number;
    complete: boolean;
    witnesses: Record<string, number | null>;
    coverage: { machine: string; states: string; transitions: string; uncovered: string[]; unexpected: string[]; within: boolean; complete: boolean | null }[];
    /** Per action type: firings and distinct successors (TLC's coverage); types that never fired have 0. */
    actions: { type: string; fired: number; distinct: number }[];
  };
  random: { verdict: string; invariant?: string; runs: number; seed: number; witnesses: Record<string, number | null> };
}

export interface ExplorerCatch {
  caught: boolean;
  invariant?: string;
  steps?: number;
  trace?: string;
  replay?: string;
  replayMatches: boolean;
  states?: number;
  runs?: number;
}

export interface VariantResult {
  name: string;
  description: string;
  scenario: string;
  ref: string;
  config: string;
  breaks: string[];
  /** Every property checked: the first to break, usually a mechanism property (short and clear). */
  exhaustive: ExplorerCatch;
  random: ExplorerCatch;
  /** Only the outcome properties checked: what counts as caught. */
  outcomeExhaustive: ExplorerCatch;
  outcomeRandom: ExplorerCatch;
  ok: boolean;
  /** The shortest outcome counterexample (exhaustive, outcome properties only): what the diagrams draw. */
  counterexample?: Trace;
}

export interface PropertyResult extends PropertyInfo {
  verdict: 'holds' | 'violated' | 'reached' | 'not reached';
  evidence: string;
  /** For always and step properties: what shows the property can be false. */
  canFail?: string;
  canFailShown?: boolean;
}

export interface GuaranteeResult extends GuaranteeRow {
  verdict: string;
  allowedEvidence: string;
  ok: boolean;
}

/**
 * A matrix row holds when every listed property holds on every listed configuration that checks
 * it, and every allowed loss is reached somewhere (shown to occur, not hidden).
 */
export function guaranteeVerdict(g: GuaranteeRow, configs: ConfigResult[], properties: PropertyResult[]): GuaranteeResult {
  const run = configs.filter((c) => g.configs.includes(c.name));
  const problems: string[] = [];
  for (const id of g.properties) {
    const where = run.filter((c) => c.properties.includes(id));
    if (where.length === 0) problems.push(`${id} checked nowhere`);
    for (const c of where) if (c.exhaustive.invariant === id || c.random.invariant === id || c.exhaustive.verdict !== 'holds') problems.push(`${id} fails on ${c.name}`);
  }
  const allowed = (g.allowed ?? []).map((id) => {
    const at = configs.filter((c) => c.exhaustive.witnesses[id] !== undefined && c.exhaustive.witnesses[id] !== null);
    if (at.length === 0) problems.push(`${id} never reached`);
    return `${id}: ${at.length ? `reached on ${at.map((c) => c.name).join(', ')}` : 'NOT reached'}`;
  });
  for (const id of g.reached ?? []) {
    const at = run.filter((c) => c.exhaustive.witnesses[id] !== undefined && c.exhaustive.witnesses[id] !== null);
    if (at.length === 0) problems.push(`${id} not reached on ${g.configs.join(', ')}`);
    else allowed.push(`${id}: reached on ${at.map((c) => c.name).join(', ')}`);
  }
  const ok = problems.length === 0 && run.length > 0 && properties.length > 0;
  const verdict = ok ? `holds (${run.map((c) => c.name).join(', ')})` : `FAILS: ${problems.join('; ')}`;
  return { ...g, verdict, allowedEvidence: allowed.join('; ') || '-', ok };
}

export interface SystemResult {
  name: string;
  title: string;
  seed: string;
  spec: string;
  configs: ConfigResult[];
  properties: PropertyResult[];
  variants: VariantResult[];
  guarantees: GuaranteeResult[];
  /**
   * Per lifecycle machine, over every configuration: the transitions some configuration can reach
   * (xstate/graph over the events it declares; the whole machine where it declares none) and those
   * the explorations went through.
   */
  machines: { machine: string; reachable: number; covered: number; missing: string[]; drawing: MachineDrawing }[];
  tables: ReportTable[];
  ok: boolean;
}

export interface VerifyOptions {
  runs?: number;
  seed?: number;
  tiers?: string[];
  log?: (line: string) => void;
  traceDir?: string;
  /** Only these configurations and variants (a quick report, e.g. for the browser test). */
  onlyConfigs?: string[];
  onlyVariants?: string[];
  /** false: do not run the falsifiers (the report then says nothing of "shown able to fail"). */
  falsifiers?: boolean;
  /** Exploration progress on stderr (default true). */
  progress?: boolean;
}

function relTrace(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const i = p.indexOf('reports/');
  return i >= 0 ? p.slice(i) : p;
}

function catchWith(system: System, v: { name: string; catchConfig: string; breaks: string[] }, r: CheckOutcome, outcomeOnly = false): ExplorerCatch {
  const outcome = outcomeIds(system);
  const caught = r.verdict === 'violated' && v.breaks.includes(r.invariant!) && (!outcomeOnly || outcome.has(r.invariant!));
  let replayMatches = false;
  let replay: string | undefined;
  if (r.tracePath) {
    const t = loadTrace(r.tracePath);
    const rr = replayTrace(modelForTrace(system, t), t);
    replayMatches = rr.matchesRecorded;
    replay = rr.violated ? `${rr.violated.id} at step ${rr.violated.step}` : 'holds';
  }
  return {
    caught,
    invariant: r.invariant,
    steps: r.trace?.steps.length,
    trace: relTrace(r.tracePath),
    replay,
    replayMatches,
    ...(r.stats.states !== undefined ? { states: r.stats.states } : {}),
    ...(r.stats.runs !== undefined ? { runs: r.stats.runs } : {}),
  };
}

type Coverage = NonNullable<CheckOutcome['coverage']>[number];

/**
 * Coverage of a lifecycle against the part of it the configuration can reach (xstate/graph over the
 * events the configuration sends); without that declaration, against the whole machine.
 */
/**
 * The transitions of one lifecycle a configuration must cover: the part xstate/graph reaches with the
 * events it declares, or the whole machine where it declares none.
 */
export function requiredTransitions(system: System, c: { lifecycles?: Record<string, string[]>; lifecycleStart?: Record<string, string | string[]>; lifecyclesWithin?: string[] }, m: Coverage): string[] {
  const machine = system.lifecycles?.[m.machine];
  const events = c.lifecycles?.[m.machine];
  if (machine && events) return reachablePart(machine, events, c.lifecycleStart?.[m.machine]).transitions;
  return m.transitions.map((t) => edgeKey(t.from, t.event, t.to));
}

export function coverageRow(system: System, c: { lifecycles?: Record<string, string[]>; lifecycleStart?: Record<string, string | string[]>; lifecyclesWithin?: string[] }, m: Coverage) {
  const machine = system.lifecycles?.[m.machine];
  const events = c.lifecycles?.[m.machine];
  const coveredStates = m.states.filter((x) => x.covered).map((x) => x.name);
  const coveredEdges = m.transitions.filter((x) => x.covered).map((x) => edgeKey(x.from, x.event, x.to));
  if (!machine || !events) {
    return {
      machine: m.machine,
      states: `${coveredStates.length}/${m.states.length}`,
      transitions: `${coveredEdges.length}/${m.transitions.length}`,
      uncovered: [...m.states.filter((x) => !x.covered).map((x) => x.name), ...m.transitions.filter((x) => !x.covered).map((x) => edgeKey(x.from, x.event, x.to))],
      unexpected: [],
      within: false,
      complete: null,
    };
  }
  const reach = reachablePart(machine, events, c.lifecycleStart?.[m.machine]);
  const uncovered = [...reach.states.filter((x) => !coveredStates.includes(x)), ...reach.transitions.filter((x) => !coveredEdges.includes(x))];
  const unexpected = [...coveredStates.filter((x) => !reach.states.includes(x)), ...coveredEdges.filter((x) => !reach.transitions.includes(x))];
  const within = c.lifecyclesWithin?.includes(m.machine) ?? false;
  return {
    machine: m.machine,
    states: `${coveredStates.length}/${reach.states.length} reachable (of ${m.states.length})`,
    transitions: `${coveredEdges.length}/${reach.transitions.length} reachable (of ${m.transitions.length})${within ? ', the rest covered elsewhere' : ''}`,
    uncovered,
    unexpected,
    within,
    // Within: only inside the reachable part; the system's union must cover what this one leaves.
    complete: unexpected.length === 0 && (within || uncovered.length === 0),
  };
}

/** One configuration of the reference design, both explorers: an independent unit of verify's work. */
export interface ConfigTaskResult {
  config: ConfigResult;
  good: boolean;
  /** The exploration's raw lifecycle coverage, which the system's union is built from. */
  coverage: MachineCoverage[];
  log: string;
}

export function configTask(system: System, name: string, opts: VerifyOptions = {}): ConfigTaskResult {
  const c = system.configs.find((x) => x.name === name)!;
  const runs = opts.runs ?? DEFAULT_RUNS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const ex = runCheck({ system, variant: 'reference', config: c.name, mode: 'exhaustive', progress: opts.progress ?? true, traceDir: opts.traceDir, actionCoverage: true });
  const rnd = runCheck({ system, variant: 'reference', config: c.name, mode: 'random', runs, seed, traceDir: opts.traceDir });
  const unreached = Object.entries(ex.witnesses).filter(([, d]) => d === null);
  const covOk = (ex.coverage ?? []).every((m) => coverageRow(system, c, m).complete !== false);
  const good = ex.verdict === 'holds' && ex.complete && rnd.verdict === 'holds' && unreached.length === 0 && covOk;
  const log =
    `${system.name} ${c.name}: exhaustive ${ex.verdict}${ex.invariant ? ` ${ex.invariant}` : ''} (${ex.stats.states} states, ${ex.stats.transitions} transitions, depth ${ex.stats.depth}, ${ex.stats.ms} ms); ` +
    `random ${rnd.verdict}${rnd.invariant ? ` ${rnd.invariant}` : ''} (${rnd.stats.runs} runs, ${rnd.stats.actions} actions, ${rnd.stats.ms} ms)` +
    (unreached.length ? `; witnesses not reached: ${unreached.map(([k]) => k).join(', ')}` : '');
  return {
    good,
    log,
    coverage: ex.coverage ?? [],
    config: {
      name: c.name,
      hash: system.build(c.name).configHash ?? '',
      tier: c.tier,
      description: c.description,
      properties: c.properties,
      exhaustive: {
        verdict: ex.verdict,
        ...(ex.invariant ? { invariant: ex.invariant } : {}),
        states: ex.stats.states!,
        transitions: ex.stats.transitions!,
        depth: ex.stats.depth!,
        complete: ex.complete,
        witnesses: ex.witnesses,
        coverage: (ex.coverage ?? []).map((m) => coverageRow(system, c, m)),
        actions: ex.actions ?? [],
      },
      random: { verdict: rnd.verdict, ...(rnd.invariant ? { invariant: rnd.invariant } : {}), runs: rnd.stats.runs!, seed, witnesses: rnd.witnesses },
    },
  };
}

export interface FalsifierTaskResult {
  property: string;
  how: string;
  shown: boolean;
}

export function falsifierTask(system: System, index: number): FalsifierTaskResult {
  const f = system.falsifiers[index];
  const r = runFalsifier(system, f);
  return { property: f.property, how: r.shown ? r.how : `NOT SHOWN: ${r.problem ?? r.how}`, shown: r.shown };
}

/** One naive variant, four runs (both explorers, all properties and outcome only). */
export function variantTask(system: System, name: string, opts: VerifyOptions = {}): { variant: VariantResult; log: string } {
  const v = system.variants.find((x) => x.name === name)!;
  const seed = opts.seed ?? DEFAULT_SEED;
  const ex = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'exhaustive', traceDir: opts.traceDir });
  const rnd = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'random', runs: VARIANT_RUNS, seed, traceDir: opts.traceDir });
  const oex = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'exhaustive', outcomeOnly: true, traceDir: opts.traceDir });
  const ornd = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'random', outcomeOnly: true, runs: VARIANT_RUNS, seed, traceDir: opts.traceDir });
  const e = catchWith(system, v, ex);
  const r = catchWith(system, v, rnd);
  const oe = catchWith(system, v, oex, true);
  const or = catchWith(system, v, ornd, true);
  const good = [e, r, oe, or].every((x) => x.caught && x.replayMatches);
  const log =
    `${system.name} variant ${v.name} on ${v.catchConfig}: exhaustive ${e.caught ? 'caught' : 'NOT caught'} ${e.invariant ?? ''} in ${e.steps ?? '-'} steps, ` +
    `outcome ${oe.caught ? 'caught' : 'NOT caught'} ${oe.invariant ?? ''} in ${oe.steps ?? '-'} steps; ` +
    `random ${r.caught ? 'caught' : 'NOT caught'} ${r.invariant ?? ''} in ${r.steps ?? '-'} steps, outcome ${or.caught ? 'caught' : 'NOT caught'} ${or.invariant ?? ''} in ${or.steps ?? '-'} steps`;
  return {
    log,
    variant: {
      name: v.name,
      description: v.description,
      scenario: v.scenario,
      ref: v.ref,
      config: v.catchConfig,
      breaks: v.breaks,
      exhaustive: e,
      random: r,
      outcomeExhaustive: oe,
      outcomeRandom: or,
      ok: good,
      ...(oex.trace ? { counterexample: oex.trace } : {}),
    },
  };
}

/**
 * A quick verify (RCV_VERIFY_QUICK=1, and the browser test): per system its first small configuration
 * with 50 random runs, its first two variants, no falsifiers. The same pipeline, in seconds.
 */
export function quickOptions(system: System): VerifyOptions {
  return { tiers: ['small'], onlyConfigs: [system.configs.find((c) => c.tier === 'small')!.name], onlyVariants: system.variants.slice(0, 2).map((v) => v.name), falsifiers: false, runs: 50 };
}

/** Verify's units of work, in a fixed order: the same list on every machine, for workers and shards. */
export type VerifyTask = { system: string; kind: 'config' | 'falsifier' | 'variant' | 'tables'; name: string };
export const taskKey = (t: VerifyTask): string => `${t.system}|${t.kind}|${t.name}`;

export function planTasks(systems: System[], opts: VerifyOptions = {}): VerifyTask[] {
  const out: VerifyTask[] = [];
  for (const s of systems) {
    for (const c of s.configs) {
      if (opts.tiers && !opts.tiers.includes(c.tier)) continue;
      if (opts.onlyConfigs && !opts.onlyConfigs.includes(c.name)) continue;
      out.push({ system: s.name, kind: 'config', name: c.name });
    }
    if (opts.falsifiers !== false) s.falsifiers.forEach((_, i) => out.push({ system: s.name, kind: 'falsifier', name: String(i) }));
    for (const v of s.variants) if (!opts.onlyVariants || opts.onlyVariants.includes(v.name)) out.push({ system: s.name, kind: 'variant', name: v.name });
    if (s.tables) out.push({ system: s.name, kind: 'tables', name: 'tables' });
  }
  return out;
}

export type TaskResult =
  | { kind: 'config'; result: ConfigTaskResult }
  | { kind: 'falsifier'; result: FalsifierTaskResult }
  | { kind: 'variant'; result: { variant: VariantResult; log: string } }
  | { kind: 'tables'; result: ReportTable[] };

export function runTask(system: System, t: VerifyTask, opts: VerifyOptions = {}): TaskResult {
  switch (t.kind) {
    case 'config':
      return { kind: 'config', result: configTask(system, t.name, opts) };
    case 'falsifier':
      return { kind: 'falsifier', result: falsifierTask(system, Number(t.name)) };
    case 'variant':
      return { kind: 'variant', result: variantTask(system, t.name, opts) };
    case 'tables':
      return { kind: 'tables', result: system.tables?.() ?? [] };
  }
}

/** A system's result from its tasks' results (in plan order), whatever ran them and wherever. */
export function assembleSystem(system: System, tasks: VerifyTask[], results: Map<string, TaskResult>, opts: VerifyOptions = {}): SystemResult {
  const mine = tasks.filter((t) => t.system === system.name);
  const get = (t: VerifyTask): TaskResult => {
    const r = results.get(taskKey(t));
    if (!r) throw new Error(`no result for ${taskKey(t)}`);
    return r;
  };
  const configTasks = mine.filter((t) => t.kind === 'config').map((t) => (get(t) as { result: ConfigTaskResult }).result);
  const configs = configTasks.map((c) => c.config);
  let ok = configTasks.every((c) => c.good);
  const needed = new Map<string, Set<string>>();
  const went = new Map<string, Set<string>>();
  const wentStates = new Map<string, Set<string>>();
  const shapes = new Map<string, MachineCoverage>();
  for (const ct of configTasks) {
    const c = system.configs.find((x) => x.name === ct.config.name)!;
    for (const m of ct.coverage) {
      needed.set(m.machine, new Set([...(needed.get(m.machine) ?? []), ...requiredTransitions(system, c, m)]));
      const seen = went.get(m.machine) ?? new Set<string>();
      for (const t of m.transitions) if (t.covered) seen.add(edgeKey(t.from, t.event, t.to));
      went.set(m.machine, seen);
      const seenStates = wentStates.get(m.machine) ?? new Set<string>();
      for (const x of m.states) if (x.covered) seenStates.add(x.name);
      wentStates.set(m.machine, seenStates);
      if (!shapes.has(m.machine)) shapes.set(m.machine, m);
    }
  }

  const falsified = new Map<string, { how: string[]; shown: boolean }>();
  for (const t of mine.filter((x) => x.kind === 'falsifier')) {
    const r = (get(t) as { result: FalsifierTaskResult }).result;
    const e = falsified.get(r.property) ?? { how: [], shown: false };
    e.how.push(r.how);
    e.shown ||= r.shown;
    falsified.set(r.property, e);
  }
  const properties: PropertyResult[] = system.properties.map((p) => {
    const where = configs.filter((c) => c.properties.includes(p.id));
    if (p.kind === 'sometimes') {
      const reached = where.filter((c) => c.exhaustive.witnesses[p.id] !== null && c.exhaustive.witnesses[p.id] !== undefined);
      const verdict = where.length > 0 && reached.length === where.length ? 'reached' : 'not reached';
      return {
        ...p,
        verdict,
        evidence: where.map((c) => `${c.name}: ${c.exhaustive.witnesses[p.id] === null ? 'NOT reached' : `depth ${c.exhaustive.witnesses[p.id]}`}`).join('; '),
      };
    }
    const broken = where.filter((c) => c.exhaustive.invariant === p.id || c.random.invariant === p.id);
    const states = where.reduce((n, c) => n + c.exhaustive.states, 0);
    const runCount = where.reduce((n, c) => n + c.random.runs, 0);
    const canFail = opts.falsifiers !== false && (p.kind === 'always' || p.kind === 'step') ? (falsified.get(p.id) ?? { how: ['NOTHING shows it can fail'], shown: false }) : undefined;
    return {
      ...p,
      ...(canFail ? { canFail: canFail.how.join('; '), canFailShown: canFail.shown } : {}),
      verdict: broken.length > 0 ? 'violated' : 'holds',
      evidence:
        broken.length > 0
          ? `violated on ${broken.map((c) => c.name).join(', ')}`
          : `exhaustive on ${where.length} configurations (${states} states: ${where.map((c) => `${c.name} ${c.exhaustive.states}`).join(', ')}); random ${runCount} runs`,
    };
  });
  const variants = mine.filter((t) => t.kind === 'variant').map((t) => (get(t) as { result: { variant: VariantResult } }).result.variant);
  ok &&= variants.every((v) => v.ok);
  ok &&= properties.every((p) => (p.verdict === 'holds' || p.verdict === 'reached') && p.canFailShown !== false);
  const guarantees = (system.guarantees ?? []).map((g) => guaranteeVerdict(g, configs, properties));
  ok &&= guarantees.every((g) => g.ok);
  const machines = [...needed].map(([machine, need]) => {
    const seen = went.get(machine) ?? new Set<string>();
    const missing = [...need].filter((e) => !seen.has(e));
    const shape = shapes.get(machine)!;
    const seenStates = wentStates.get(machine) ?? new Set<string>();
    const reachableStates = new Set([...need].flatMap((e) => e.split(/ -[^ ]+-> /)));
    const drawing: MachineDrawing = {
      machine,
      initial: String(system.lifecycles?.[machine]?.config.initial ?? shape.states[0]?.name ?? ''),
      states: shape.states.map((x) => ({ name: x.name, covered: seenStates.has(x.name), reachable: seenStates.has(x.name) || reachableStates.has(x.name) })),
      transitions: shape.transitions.map((t) => {
        const key = edgeKey(t.from, t.event, t.to);
        return { from: t.from, event: t.event, to: t.to, covered: seen.has(key), reachable: need.has(key) };
      }),
    };
    return { machine, reachable: need.size, covered: need.size - missing.length, missing, drawing };
  });
  ok &&= machines.every((m) => m.missing.length === 0);
  const tablesTask = mine.find((t) => t.kind === 'tables');
  const tables = tablesTask ? (get(tablesTask) as { result: ReportTable[] }).result : [];
  return { name: system.name, title: system.title, seed: system.seed, spec: system.spec, configs, properties, variants, guarantees, machines, tables, ok };
}

/** Every task of one system, one after the other in this thread. */
export function verifySystem(system: System, opts: VerifyOptions = {}): SystemResult {
  const log = opts.log ?? (() => {});
  const tasks = planTasks([system], opts);
  const results = new Map<string, TaskResult>();
  for (const t of tasks) {
    const r = runTask(system, t, opts);
    if (r.kind === 'config' || r.kind === 'variant') log(r.result.log);
    results.set(taskKey(t), r);
  }
  return assembleSystem(system, tasks, results, opts);
}

/** Per action type over a system's configurations: firings, distinct states, and where it never fired. */
export function actionCoverage(r: SystemResult): { type: string; fired: number; distinct: number; never: string[]; nowhere: boolean }[] {
  // Placeholder names fill gaps in a model's type codes (ordered-delivery's disk model): not action types.
  const types = [...new Set(r.configs.flatMap((c) => c.exhaustive.actions.map((a) => a.type)))].filter((t) => !t.startsWith('unused'));
  return types.map((type) => {
    const rows = r.configs.map((c) => ({ c: c.name, a: c.exhaustive.actions.find((x) => x.type === type) }));
    const never = rows.filter((x) => (x.a?.fired ?? 0) === 0).map((x) => x.c);
    return {
      type,
      fired: rows.reduce((n, x) => n + (x.a?.fired ?? 0), 0),
      distinct: rows.reduce((n, x) => n + (x.a?.distinct ?? 0), 0),
      never,
      nowhere: never.length === rows.length,
    };
  });
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function renderMarkdown(results: SystemResult[], meta: { commit: string } = { commit: 'unknown' }): string {
  const lines: string[] = ['# Invariant report', ''];
  lines.push('Generated by `npm run verify`. Every property is tied to its seed paragraph; every invariant is paired with');
  lines.push('reachability witnesses that must be reached, and every naive variant must be caught by both explorers with a');
  lines.push('counterexample that replays to the same violation.', '');
  lines.push(`Commit \`${meta.commit}\`. Overall: **${results.every((r) => r.ok) ? 'PASS' : 'FAIL'}**`, '');
  for (const r of results) {
    lines.push(`## ${r.name}`, '', `${r.title}. Seed ${r.seed}; specification \`${r.spec}\`. Verdict: **${r.ok ? 'PASS' : 'FAIL'}**.`, '');
    lines.push('### Configurations (reference design)', '');
    lines.push('| configuration | tier | hash | exhaustive | distinct states | transitions | depth | random runs | random |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const c of r.configs) {
      lines.push(
        `| ${c.name} | ${c.tier} | \`${c.hash}\` | ${c.exhaustive.verdict}${c.exhaustive.invariant ? ` (${c.exhaustive.invariant})` : ''}${c.exhaustive.complete ? '' : ' (incomplete)'} | ${c.exhaustive.states} | ${c.exhaustive.transitions} | ${c.exhaustive.depth} | ${c.random.runs} (seed ${c.random.seed}) | ${c.random.verdict}${c.random.invariant ? ` (${c.random.invariant})` : ''} |`,
      );
    }
    const cov = r.configs.flatMap((c) => c.exhaustive.coverage.map((m) => ({ config: c.name, ...m })));
    if (cov.length > 0) {
      lines.push('', '### Lifecycle machine coverage (exhaustive runs)', '');
      lines.push('Which states and transitions of each XState lifecycle the exploration of each configuration went through,');
      lines.push('against the part of the machine reachable with the events that configuration can send (xstate/graph).', '');
      lines.push('| configuration | machine | states | transitions | reachable, not covered | covered, not reachable |', '|---|---|---|---|---|---|');
      for (const m of cov) lines.push(`| ${m.config} | ${m.machine} | ${m.states} | ${m.transitions} | ${m.uncovered.join(', ') || '-'} | ${m.unexpected.join(', ') || '-'} |`);
      lines.push('', 'Over all configurations together (a configuration that declares no events for a machine counts its whole machine):', '');
      lines.push('| machine | transitions reachable | covered | missing |', '|---|---|---|---|');
      for (const m of r.machines) lines.push(`| ${m.machine} | ${m.reachable} | ${m.covered} | ${m.missing.join(', ') || '-'} |`);
    }
    const actions = actionCoverage(r);
    if (actions.length > 0) {
      lines.push('', '### Action coverage (exhaustive runs)', '');
      lines.push('Per action type, over every configuration: how often it fired (in breadth-first search, once per expanded state where it is');
      lines.push('enabled) and how many distinct states it produced first; and the configurations where it never fired. An action type');
      lines.push('that fires nowhere is dead code in the model or a configuration gap.', '');
      lines.push('| action | fired | distinct states | never fired on |', '|---|---|---|---|');
      for (const a of actions) lines.push(`| ${a.type} | ${a.fired} | ${a.distinct} | ${a.nowhere ? '**every configuration**' : a.never.join(', ') || '-'} |`);
    }
    for (const t of r.tables) {
      lines.push('', `### ${t.title}`, '', t.note, '');
      lines.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
      for (const row of t.rows) lines.push(`| ${row.map((x) => esc(String(x))).join(' | ')} |`);
    }
    if (r.guarantees.length > 0) {
      lines.push('', '### Guarantee matrix', '');
      lines.push('What each failure class costs, the properties that check it (on the listed configurations), and the losses the');
      lines.push('design allows there, each shown to occur by a witness.', '');
      lines.push('| failure | guarantee | checked by | verdict | allowed losses (witnessed) |', '|---|---|---|---|---|');
      for (const g of r.guarantees) lines.push(`| ${esc(g.failure)} | ${esc(g.guarantee)} | ${g.properties.join(', ')} | ${esc(g.verdict)} | ${esc(g.allowedEvidence)} |`);
      const cells = r.guarantees.filter((g) => g.cell);
      if (cells.length > 0) {
        const rows = [...new Set(cells.map((g) => g.cell!.row))];
        const cols = [...new Set(cells.map((g) => g.cell!.column))];
        lines.push('', 'The same rows as a matrix (each cell checked by its properties and reached by its witness on its configuration):', '');
        lines.push(`| scenario | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`);
        for (const row of rows) {
          const at = (col: string) => cells.find((g) => g.cell!.row === row && g.cell!.column === col);
          lines.push(`| ${esc(row)} | ${cols.map((col) => { const g = at(col); return g ? `${g.cell!.value}${g.ok ? '' : ' (FAILS)'}` : '-'; }).join(' | ')} |`);
        }
      }
    }
    lines.push('', '### Properties', '');
    lines.push('Outcome properties speak only of what hosts and operators observe; mechanism properties restate a rule of the');
    lines.push('protocol. Every always and step property is shown able to fail: by a naive variant that violates it (checked');
    lines.push('alone), or by a reachable state of the reference design that violates it once corrupted as described.', '');
    lines.push('| id | kind | category | basis | statement | seed reference | verdict | evidence | shown able to fail by |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of r.properties) {
      const stmt = p.witnessFor ? `${p.statement} (witness for ${p.witnessFor.join(', ')})` : p.statement;
      lines.push(`| ${p.id} | ${p.kind} | ${p.category ?? '-'} | ${p.basis} | ${esc(stmt)} | ${esc(p.ref)} | ${p.verdict} | ${esc(p.evidence)} | ${esc(p.canFail ?? '-')} |`);
    }
    lines.push('', '### Naive variants', '');
    lines.push('Each variant is run twice per explorer: with every property (the first to break, often a mechanism property,');
    lines.push('gives the shortest trace) and with only the outcome properties (what a host or operator would notice). It counts');
    lines.push('as caught only when an outcome property breaks, in both explorers, and every trace replays to the same violation.', '');
    lines.push('| variant | scenario | caught on | first broken (exhaustive) | steps | first outcome broken (exhaustive) | steps | first outcome broken (random) | steps | replay | verdict |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const v of r.variants) {
      const same = [v.exhaustive, v.random, v.outcomeExhaustive, v.outcomeRandom].every((x) => x.replayMatches);
      lines.push(
        `| ${v.name} | ${v.scenario} | ${v.config} | ${v.exhaustive.invariant ?? 'nothing'} | ${v.exhaustive.steps ?? '-'} | ${v.outcomeExhaustive.invariant ?? 'nothing'} | ${v.outcomeExhaustive.steps ?? '-'} | ${v.outcomeRandom.invariant ?? 'nothing'} | ${v.outcomeRandom.steps ?? '-'} | ${same ? 'same violation' : 'DIFFERS'} | ${v.ok ? 'caught' : 'NOT CAUGHT'} |`,
      );
    }
    lines.push('');
    for (const v of r.variants) {
      lines.push(`- **${v.name}** (${v.ref}): ${v.description}. Traces: \`${v.outcomeExhaustive.trace ?? '-'}\` (outcome), \`${v.exhaustive.trace ?? '-'}\` (all properties).`);
      const t = v.counterexample;
      if (t) {
        lines.push('', `  <details><summary>${v.name}: sequence diagram of the shortest outcome counterexample (${t.steps.length} steps, ${t.violated.id})</summary>`, '');
        if (t.violated.explanation) lines.push(`  ${t.violated.explanation}`, '');
        lines.push('  ```mermaid', ...mermaidSequence(t).split('\n').map((l) => `  ${l}`), '  ```', '', '  </details>', '');
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderJunit(results: SystemResult[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  for (const r of results) {
    const cases: string[] = [];
    for (const p of r.properties) {
      const bad = p.verdict === 'violated' || p.verdict === 'not reached';
      cases.push(`    <testcase classname="${xml(r.name)}.properties" name="${xml(`${p.id} ${p.statement}`)}">${bad ? `<failure message="${xml(`${p.verdict}: ${p.evidence}`)}"/>` : ''}</testcase>`);
      if (p.canFail !== undefined) {
        cases.push(`    <testcase classname="${xml(r.name)}.can-fail" name="${xml(`${p.id} can fail`)}">${p.canFailShown ? '' : `<failure message="${xml(p.canFail)}"/>`}</testcase>`);
      }
    }
    for (const v of r.variants) {
      cases.push(
        `    <testcase classname="${xml(r.name)}.variants" name="${xml(`${v.name} is caught by an outcome property (${v.scenario})`)}">${v.ok ? '' : `<failure message="${xml(`outcome exhaustive: ${v.outcomeExhaustive.invariant ?? 'nothing'}, outcome random: ${v.outcomeRandom.invariant ?? 'nothing'}`)}"/>`}</testcase>`,
      );
    }
    for (const g of r.guarantees) {
      cases.push(`    <testcase classname="${xml(r.name)}.guarantees" name="${xml(g.failure)}">${g.ok ? '' : `<failure message="${xml(g.verdict)}"/>`}</testcase>`);
    }
    for (const m of r.machines) {
      const name = `${m.machine}: ${m.covered}/${m.reachable} reachable transitions covered`;
      cases.push(`    <testcase classname="${xml(r.name)}.coverage" name="${xml(name)}">${m.missing.length === 0 ? '' : `<failure message="${xml(`not covered: ${m.missing.join(', ')}`)}"/>`}</testcase>`);
    }
    const f = cases.filter((c) => c.includes('<failure')).length;
    total += cases.length;
    failures += f;
    suites.push(`  <testsuite name="${xml(r.name)}" tests="${cases.length}" failures="${f}">`, ...cases, '  </testsuite>');
  }
  out.push(`<testsuites name="remote-copy-verifier" tests="${total}" failures="${failures}">`, ...suites, '</testsuites>', '');
  return out.join('\n');
}
