// Counterexample traces: plain JSON files that re-execute deterministically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, type Action, type Json, type Model, type System } from './contract.js';
import { Completer, violatedAlways, violatedStep } from './check.js';
import type { Violation } from './exhaustive.js';

export const TRACE_FORMAT = 'rcv-trace/1';

/** Which properties a run checked: all of them, only the outcome ones, or the listed ones. */
export type Checked = 'all' | 'outcome' | string[];

export interface Trace {
  format: typeof TRACE_FORMAT;
  system: string;
  variant: string;
  config: string;
  mode: 'exhaustive' | 'random';
  seed?: number;
  path?: string;
  /** Absent: every property. A trace found with fewer properties replays with the same ones. */
  checked?: 'outcome' | string[];
  init: number;
  actions: Action[];
  violated: { id: string; kind: string; statement: string };
  steps: number;
}

export function buildTrace(
  system: System,
  model: Model,
  meta: { variant: string; config: string; mode: 'exhaustive' | 'random'; seed?: number; path?: string; checked?: Checked },
  v: Violation,
): Trace {
  const info = system.properties.find((p) => p.id === v.property);
  const s = new Int32Array(model.init()[v.init]);
  const t = new Int32Array(model.stateSize);
  const actions: Action[] = [];
  let cur = s;
  let nxt = t;
  for (const code of v.actions) {
    actions.push(model.actionToJson(cur, code));
    model.next(cur, code, nxt);
    [cur, nxt] = [nxt, cur];
  }
  return {
    format: TRACE_FORMAT,
    system: system.name,
    variant: meta.variant,
    config: meta.config,
    mode: meta.mode,
    ...(meta.seed !== undefined ? { seed: meta.seed } : {}),
    ...(meta.path !== undefined ? { path: meta.path } : {}),
    ...(meta.checked !== undefined && meta.checked !== 'all' ? { checked: meta.checked } : {}),
    init: v.init,
    actions,
    violated: { id: v.property, kind: info?.kind ?? 'always', statement: info?.statement ?? '' },
    steps: actions.length,
  };
}

/** Writes through a temporary file and a rename, so no reader ever sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function tracePath(dir: string, t: Trace): string {
  const only = t.checked === undefined ? '' : t.checked === 'outcome' ? '--outcome' : `--only-${t.checked.join('-')}`;
  return `${dir}/${t.system}--${t.variant}--${t.config}--${t.mode}${only}.json`;
}

export function saveTrace(dir: string, t: Trace): string {
  const path = tracePath(dir, t);
  writeFileAtomic(path, JSON.stringify(t, null, 1) + '\n');
  return path;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
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
  if (!isObject(data)) throw new InputError(`trace file ${file} is not a JSON object`);
  if (data.format !== TRACE_FORMAT) throw new InputError(`trace file ${file}: format must be "${TRACE_FORMAT}"`);
  for (const k of ['system', 'variant', 'config', 'mode'] as const) {
    if (typeof data[k] !== 'string') throw new InputError(`trace file ${file}: field "${k}" must be a string`);
  }
  if (!Number.isInteger(data.init) || (data.init as number) < 0) throw new InputError(`trace file ${file}: field "init" must be a non-negative integer`);
  if (!Array.isArray(data.actions) || !data.actions.every((a) => isObject(a) && typeof a.type === 'string')) {
    throw new InputError(`trace file ${file}: field "actions" must be an array of objects with a string "type"`);
  }
  if (data.checked !== undefined && data.checked !== 'outcome' && !(Array.isArray(data.checked) && data.checked.every((x) => typeof x === 'string'))) {
    throw new InputError(`trace file ${file}: field "checked" must be "outcome" or an array of property ids`);
  }
  if (!isObject(data.violated) || typeof data.violated.id !== 'string') {
    throw new InputError(`trace file ${file}: field "violated" must be an object with a string "id"`);
  }
  return data as unknown as Trace;
}

export interface ReplayStep {
  index: number;
  action: Action;
  changes: { path: string; before: Json; after: Json }[];
  violated?: string;
}

export interface ReplayResult {
  verdict: 'violated' | 'holds';
  /** The property violated, and at which step (0 = initial state; steps.length+1 = completion). */
  violated?: { id: string; step: number };
  matchesRecorded: boolean;
  steps: ReplayStep[];
}

function flatten(prefix: string, v: Json, out: Map<string, Json>): void {
  if (v !== null && typeof v === 'object') {
    // Empty containers contribute nothing: their members appear and vanish as their own paths.
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  } else out.set(prefix, v);
}

function diff(a: Record<string, Json>, b: Record<string, Json>): ReplayStep['changes'] {
  const fa = new Map<string, Json>();
  const fb = new Map<string, Json>();
  flatten('', a, fa);
  flatten('', b, fb);
  const changes: ReplayStep['changes'] = [];
  for (const [k, v] of fb) {
    const before = fa.has(k) ? fa.get(k)! : null;
    if (JSON.stringify(before) !== JSON.stringify(v)) changes.push({ path: k, before, after: v });
  }
  for (const [k, v] of fa) if (!fb.has(k)) changes.push({ path: k, before: v, after: null });
  return changes;
}

/** Re-executes a trace. Throws InputError when an action is unknown or not enabled. */
export function replayTrace(model: Model, trace: Trace): ReplayResult {
  const inits = model.init();
  if (trace.init >= inits.length) throw new InputError(`trace: init ${trace.init} does not exist (this configuration has ${inits.length})`);
  let cur = new Int32Array(inits[trace.init]);
  let nxt = new Int32Array(model.stateSize);
  const acts = new Int32Array(model.maxActions);
  const steps: ReplayStep[] = [];
  const recorded = trace.violated.id;
  const done = (id: string, step: number): ReplayResult => ({
    verdict: 'violated',
    violated: { id, step },
    matchesRecorded: id === recorded && step === trace.actions.length + (trace.violated.kind === 'eventually' ? 1 : 0),
    steps,
  });
  let bad = violatedAlways(model, cur);
  if (bad !== undefined) return done(bad, 0);
  for (let i = 0; i < trace.actions.length; i++) {
    const a = trace.actions[i];
    const code = model.actionFromJson(a);
    if (code === undefined) throw new InputError(`trace: action ${i + 1} ${JSON.stringify(a)} is not an action of this model`);
    const n = model.actions(cur, acts);
    let enabled = false;
    for (let j = 0; j < n; j++) if (acts[j] === code) enabled = true;
    if (!enabled) throw new InputError(`trace: action ${i + 1} ${JSON.stringify(a)} is not enabled in the state it reaches`);
    model.next(cur, code, nxt);
    const step: ReplayStep = { index: i + 1, action: a, changes: diff(model.view(cur), model.view(nxt)) };
    steps.push(step);
    bad = violatedStep(model, cur, code, nxt) ?? violatedAlways(model, nxt);
    [cur, nxt] = [nxt, cur];
    if (bad !== undefined) {
      step.violated = bad;
      return done(bad, i + 1);
    }
  }
  if (trace.violated.kind === 'eventually') {
    const c = new Completer(model, null).run(cur);
    if (!c.ok) return done(c.property, trace.actions.length + 1);
  }
  return { verdict: 'holds', matchesRecorded: false, steps };
}
