// Counterexample traces: one versioned JSON format that the terminal output, the HTML report, the
// Mermaid diagrams and the regression corpus all render from, and that re-executes deterministically.
//
// A trace is self-describing: besides the actions that replay it, every step carries the lane
// (site or component) that took it, the messages it moved, the state paths it changed and the
// properties false after it, so that a reader needs neither the model nor the code to follow it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, type Action, type Json, type Model, type System, type TraceMessage } from './contract.js';
import { Completer } from './check.js';
import type { Violation } from './exhaustive.js';

export const TRACE_FORMAT = 'rcv-trace/2';

/** Which properties a run checked: all of them, only the outcome ones, or the listed ones. */
export type Checked = 'all' | 'outcome' | string[];

export interface Change {
  path: string;
  before: Json;
  after: Json;
}

export interface TraceStep {
  index: number;
  action: Action;
  /** The lane that took the step. */
  actor: string;
  /** A fault (loss, crash, partition, disaster) the explorer injected. */
  fault: boolean;
  messages: TraceMessage[];
  changes: Change[];
  /** The checked properties false after this step (always) or on it (step). */
  violated: string[];
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  system: string;
  variant: string;
  config: string;
  /** Hash of the configuration's definition when the trace was recorded. */
  configHash: string;
  explorer: {
    mode: 'exhaustive' | 'random';
    seed?: number;
    path?: string;
    runs?: number;
    /** The properties checked: a trace found with fewer properties replays with the same ones. */
    checked: 'all' | 'outcome' | string[];
  };
  lanes: string[];
  init: number;
  /** The initial state, as the model's view. */
  initial: Record<string, Json>;
  steps: TraceStep[];
  violated: {
    id: string;
    kind: string;
    category?: string;
    statement: string;
    ref: string;
    /** 0: the initial state; steps.length + 1: the fault-free completion after the last step. */
    step: number;
    /** One sentence from the acknowledgement record, where the system gives one. */
    explanation?: string;
  };
  /** The command that finds this trace again. */
  reproduce: string;
  /** A conformance divergence: the implementation driven beside the model, and what each showed at the step. */
  conformance?: { implementation: string; source: string; refused: boolean; extra?: Action[]; expected: Json; observed: Json };
}

/** What a replay needs: the actions, and the violation it should reach. */
export interface ReplayInput {
  init: number;
  steps: { action: Action }[];
  violated: { id: string; kind: string; step?: number };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function flatten(prefix: string, v: Json, out: Map<string, Json>): void {
  if (v !== null && typeof v === 'object') {
    // Empty containers contribute nothing: their members appear and vanish as their own paths.
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  } else out.set(prefix, v);
}

/** A state view as dotted paths to its leaves (`sites.primary.journal.2: 5`). */
export function flatView(v: Record<string, Json>): Map<string, Json> {
  const m = new Map<string, Json>();
  flatten('', v, m);
  return m;
}

export function diffViews(a: Record<string, Json>, b: Record<string, Json>): Change[] {
  const fa = flatView(a);
  const fb = flatView(b);
  const changes: Change[] = [];
  for (const [k, v] of fb) {
    const before = fa.has(k) ? fa.get(k)! : null;
    if (JSON.stringify(before) !== JSON.stringify(v)) changes.push({ path: k, before, after: v });
  }
  for (const [k, v] of fa) if (!fb.has(k)) changes.push({ path: k, before: v, after: null });
  return changes;
}

function allAlways(model: Model, s: Int32Array): string[] {
  return model.always.filter((p) => !p.holds(s)).map((p) => p.id);
}

function allStep(model: Model, prev: Int32Array, code: number, next: Int32Array): string[] {
  return model.step.filter((p) => !p.holds(prev, code, next)).map((p) => p.id);
}

export interface TraceMeta {
  variant: string;
  config: string;
  mode: 'exhaustive' | 'random';
  seed?: number;
  path?: string;
  runs?: number;
  checked?: Checked;
}

/** The command line that finds the same trace again. */
export function reproduceCommand(system: string, meta: TraceMeta): string {
  const checked = meta.checked ?? 'all';
  const sel = checked === 'all' ? '' : checked === 'outcome' ? ' --outcome-only' : ` --only ${checked.join(',')}`;
  const random = meta.mode === 'random' ? ` --mode random --runs ${meta.runs ?? 1}${meta.seed !== undefined ? ` --seed ${meta.seed}` : ''}${meta.path ? ` --path ${meta.path}` : ''}` : '';
  return `npx rcv check ${system} --variant ${meta.variant} --config ${meta.config}${random}${sel}`;
}

/**
 * Executes the actions from an initial state and records everything a reader needs per step.
 * `actions` are codes (from an explorer) or JSON (from a hand-written scenario).
 */
export function buildTrace(system: System, model: Model, meta: TraceMeta, v: Violation): Trace {
  const info = system.properties.find((p) => p.id === v.property);
  let cur = new Int32Array(model.init()[v.init]);
  let nxt = new Int32Array(model.stateSize);
  const views: Record<string, Json>[] = [model.view(cur)];
  const steps: TraceStep[] = [];
  for (let i = 0; i < v.actions.length; i++) {
    const code = v.actions[i];
    const action = model.actionToJson(cur, code);
    model.next(cur, code, nxt);
    const before = views[views.length - 1];
    const after = model.view(nxt);
    views.push(after);
    const d = model.describe?.(action, before, after) ?? { actor: 'system', messages: [] };
    steps.push({
      index: i + 1,
      action,
      actor: d.actor,
      fault: model.fault?.(code) ?? false,
      messages: d.messages,
      changes: diffViews(before, after),
      violated: [...allStep(model, cur, code, nxt), ...allAlways(model, nxt)],
    });
    [cur, nxt] = [nxt, cur];
  }
  const kind = info?.kind ?? 'always';
  const step = kind === 'eventually' ? steps.length + 1 : steps.length;
  const explanation = system.explain?.(v.property, views, steps.map((s) => s.action));
  const lanes = [...(model.lanes ?? [])];
  for (const s of steps) for (const l of [s.actor, ...s.messages.flatMap((m) => [m.from, m.to])]) if (!lanes.includes(l)) lanes.push(l);
  return {
    format: TRACE_FORMAT,
    system: system.name,
    variant: meta.variant,
    config: meta.config,
    configHash: model.configHash ?? '',
    explorer: {
      mode: meta.mode,
      ...(meta.seed !== undefined ? { seed: meta.seed } : {}),
      ...(meta.path !== undefined ? { path: meta.path } : {}),
      ...(meta.runs !== undefined ? { runs: meta.runs } : {}),
      checked: meta.checked ?? 'all',
    },
    lanes,
    init: v.init,
    initial: views[0],
    steps,
    violated: {
      id: v.property,
      kind,
      ...(info?.category ? { category: info.category } : {}),
      statement: info?.statement ?? '',
      ref: info?.ref ?? '',
      step,
      ...(explanation ? { explanation } : {}),
    },
    reproduce: reproduceCommand(system.name, meta),
  };
}

/** Writes through a temporary file and a rename, so no reader ever sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function traceName(t: Pick<Trace, 'system' | 'variant' | 'config' | 'explorer'>): string {
  const c = t.explorer.checked;
  const only = c === 'all' ? '' : c === 'outcome' ? '--outcome' : `--only-${c.join('-')}`;
  return `${t.system}--${t.variant}--${t.config}--${t.explorer.mode}${only}.json`;
}

export function tracePath(dir: string, t: Trace): string {
  return `${dir}/${traceName(t)}`;
}

export function saveTrace(dir: string, t: Trace): string {
  const path = tracePath(dir, t);
  writeFileAtomic(path, JSON.stringify(t, null, 1) + '\n');
  return path;
}

// One schema for trace files: each field checked with its own message, so that a mangled file
// gives one line that names what is wrong.
type Check = (x: unknown) => boolean;
const str: Check = (x) => typeof x === 'string';
const nat: Check = (x) => Number.isInteger(x) && (x as number) >= 0;
const int: Check = (x) => Number.isInteger(x);
const bool: Check = (x) => typeof x === 'boolean';
const strs: Check = (x) => Array.isArray(x) && x.every(str);
const oneOf = (...v: string[]): Check => (x) => typeof x === 'string' && v.includes(x);
const action: Check = (x) => isObject(x) && typeof x.type === 'string';
const MESSAGE_KINDS = ['send', 'deliver', 'transfer', 'drop', 'duplicate'];
const message: Check = (x) => isObject(x) && str(x.id) && str(x.from) && str(x.to) && oneOf(...MESSAGE_KINDS)(x.kind) && str(x.label);
const change: Check = (x) => isObject(x) && str(x.path) && 'before' in x && 'after' in x;

function field(file: string, where: string, o: Record<string, unknown>, key: string, ok: Check, what: string, optional = false): void {
  if (!(key in o) || o[key] === undefined) {
    if (optional) return;
    throw new InputError(`trace file ${file}: ${where}"${key}" is missing (${what})`);
  }
  if (!ok(o[key])) throw new InputError(`trace file ${file}: ${where}"${key}" must be ${what}`);
}

/** Reads and validates a trace file; every defect is an InputError with one clear line. */
export function loadTrace(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read trace file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`trace file ${file} is not valid JSON`);
  }
  return validateTrace(file, data);
}

export function validateTrace(file: string, data: unknown): Trace {
  if (!isObject(data)) throw new InputError(`trace file ${file} is not a JSON object`);
  if (typeof data.format === 'string' && /^rcv-trace\/\d+$/.test(data.format) && data.format !== TRACE_FORMAT) {
    throw new InputError(`trace file ${file} has the old format "${data.format}"; this rcv reads "${TRACE_FORMAT}": record it again with the rcv check command that found it`);
  }
  if (data.format !== TRACE_FORMAT) throw new InputError(`trace file ${file}: "format" must be "${TRACE_FORMAT}"`);
  const f = (key: string, ok: Check, what: string, optional = false) => field(file, '', data, key, ok, what, optional);
  f('system', str, 'a string');
  f('variant', str, 'a string');
  f('config', str, 'a string');
  f('configHash', str, 'a string');
  f('explorer', isObject, 'an object');
  const ex = data.explorer as Record<string, unknown>;
  const e = (key: string, ok: Check, what: string, optional = false) => field(file, 'explorer.', ex, key, ok, what, optional);
  e('mode', oneOf('exhaustive', 'random'), '"exhaustive" or "random"');
  e('seed', int, 'an integer', true);
  e('path', str, 'a string', true);
  e('runs', nat, 'a non-negative integer', true);
  e('checked', (x) => x === 'all' || x === 'outcome' || strs(x), '"all", "outcome" or an array of property ids');
  f('lanes', strs, 'an array of lane names');
  f('init', nat, 'a non-negative integer');
  f('initial', isObject, 'an object (the initial state)');
  f('steps', Array.isArray, 'an array');
  (data.steps as unknown[]).forEach((st, i) => {
    if (!isObject(st)) throw new InputError(`trace file ${file}: steps[${i}] must be an object`);
    const s = (key: string, ok: Check, what: string) => field(file, `steps[${i}].`, st, key, ok, what);
    s('index', (x) => x === i + 1, `${i + 1}`);
    s('action', action, 'an object with a string "type"');
    s('actor', str, 'a string');
    s('fault', bool, 'true or false');
    s('messages', (x) => Array.isArray(x) && x.every(message), `an array of messages {id, from, to, kind (${MESSAGE_KINDS.join(', ')}), label}`);
    s('changes', (x) => Array.isArray(x) && x.every(change), 'an array of {path, before, after}');
    s('violated', strs, 'an array of property ids');
    // Lanes name sites and components: every actor and message end must be one of them.
    const lanes = data.lanes as string[];
    s('actor', (x) => lanes.includes(x as string), `one of the trace's lanes (${lanes.join(', ')})`);
    s('messages', (x) => (x as { from: string; to: string }[]).every((m) => lanes.includes(m.from) && lanes.includes(m.to)), "messages between the trace's lanes");
  });
  f('violated', isObject, 'an object');
  const v = data.violated as Record<string, unknown>;
  const w = (key: string, ok: Check, what: string, optional = false) => field(file, 'violated.', v, key, ok, what, optional);
  w('id', str, 'a string');
  w('kind', oneOf('always', 'step', 'eventually', 'sometimes'), 'always, step, eventually or sometimes');
  w('category', oneOf('outcome', 'mechanism'), 'outcome or mechanism', true);
  w('statement', str, 'a string');
  w('ref', str, 'a string');
  w('step', nat, 'a non-negative integer');
  w('explanation', str, 'a string', true);
  f('reproduce', str, 'a string');
  f('conformance', (x) => isObject(x) && str(x.implementation) && str(x.source) && bool(x.refused) && 'expected' in x && 'observed' in x, 'an object {implementation, source, refused, expected, observed}', true);
  return data as unknown as Trace;
}

export interface ReplayStep {
  index: number;
  action: Action;
  changes: Change[];
  violated?: string;
}

export interface ReplayResult {
  verdict: 'violated' | 'holds';
  /** The property violated, and at which step (0 = initial state; steps.length+1 = completion). */
  violated?: { id: string; step: number };
  matchesRecorded: boolean;
  steps: ReplayStep[];
}

/** Re-executes a trace. Throws InputError when an action is unknown or not enabled. */
export function replayTrace(model: Model, trace: ReplayInput): ReplayResult {
  const inits = model.init();
  if (trace.init >= inits.length) throw new InputError(`trace: init ${trace.init} does not exist (this configuration has ${inits.length})`);
  let cur = new Int32Array(inits[trace.init]);
  let nxt = new Int32Array(model.stateSize);
  const acts = new Int32Array(model.maxActions);
  const steps: ReplayStep[] = [];
  const recorded = trace.violated.id;
  const expectedStep = trace.violated.step ?? trace.steps.length + (trace.violated.kind === 'eventually' ? 1 : 0);
  const done = (id: string, step: number): ReplayResult => ({
    verdict: 'violated',
    violated: { id, step },
    matchesRecorded: id === recorded && step === expectedStep,
    steps,
  });
  let bad = allAlways(model, cur)[0];
  if (bad !== undefined) return done(bad, 0);
  for (let i = 0; i < trace.steps.length; i++) {
    const a = trace.steps[i].action;
    const code = model.actionFromJson(a);
    if (code === undefined) throw new InputError(`trace: action ${i + 1} ${JSON.stringify(a)} is not an action of this model`);
    const n = model.actions(cur, acts);
    let enabled = false;
    for (let j = 0; j < n; j++) if (acts[j] === code) enabled = true;
    if (!enabled) throw new InputError(`trace: action ${i + 1} ${JSON.stringify(a)} is not enabled in the state it reaches`);
    model.next(cur, code, nxt);
    const step: ReplayStep = { index: i + 1, action: a, changes: diffViews(model.view(cur), model.view(nxt)) };
    steps.push(step);
    bad = allStep(model, cur, code, nxt)[0] ?? allAlways(model, nxt)[0];
    [cur, nxt] = [nxt, cur];
    if (bad !== undefined) {
      step.violated = bad;
      return done(bad, i + 1);
    }
  }
  if (trace.violated.kind === 'eventually') {
    const c = new Completer(model, null).run(cur);
    if (!c.ok) return done(c.property, trace.steps.length + 1);
  }
  return { verdict: 'holds', matchesRecorded: false, steps };
}
