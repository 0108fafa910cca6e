// Self-checks of the conformance tools, so that neither can pass by construction:
// - the adapter driver on the reference design wrapped as an implementation (must conform) and on
//   every naive variant wrapped the same way (must be caught);
// - the history checker on histories the multi-site-mirror model records: the reference design's
//   (targeted and random runs: must be valid) and the shortest run of each variant that breaks a
//   property a history can see (must be invalid, naming that property).
import fc from 'fast-check';
import type { Json, Model, System } from '../engine/contract.js';
import { exploreExhaustive } from '../engine/exhaustive.js';
import { keepProperties } from '../engine/run.js';
import { systems } from '../systems/index.js';
import { modelAdapter } from './adapter.js';
import { conform, targetedSequences } from './driver.js';
import { checkHistory, type HistoryResult } from './history.js';

export const SELF_RUNS = 300;
export const SELF_SEED = 20021;
/** The breadth-first search for targeted sequences stops here: the shortest paths lie in its first layers. */
export const SELF_MAX_STATES = Number(process.env.RCV_SELF_MAX_STATES ?? 30_000);

export interface AdapterRow {
  system: string;
  config: string;
  implementation: string;
  expect: 'conforms' | 'diverged';
  verdict: 'conforms' | 'diverged';
  /** How a variant was caught: its observation differed, it refused a step, or it could take a step the model forbids. */
  how?: 'observation' | 'refused' | 'extra step';
  step?: number;
  source?: string;
  sentence?: string;
}

export interface HistoryRow {
  variant: string;
  config: string;
  histories: number;
  reads: number;
  /** Reads by role, and acknowledged writes missing where allowed (prefix roles; acknowledged while protection was off). */
  roles: Record<string, number>;
  allowedLoss: number;
  invalid: number;
  /** valid: the reference, a variant with no history-visible violation, or one the spec declares blind; invalid otherwise. */
  expect: 'valid' | 'invalid';
  blind?: string;
  /** For a variant: the property its O-1/I1-only counterexample breaks, and what the checker said. */
  broke?: string;
  caughtAs?: string[];
  sentence?: string;
}

export interface SelfCheckResult {
  adapter: AdapterRow[];
  history: HistoryRow[];
  ok: boolean;
}

export async function adapterSelfCheck(system: System, log?: (s: string) => void, runs = SELF_RUNS): Promise<AdapterRow[]> {
  const rows: AdapterRow[] = [];
  for (const c of system.configs.filter((x) => x.tier === 'small')) {
    const r = await conform(system, c.name, modelAdapter(system, 'reference'), { runs, seed: SELF_SEED, maxStates: SELF_MAX_STATES });
    rows.push({ system: system.name, config: c.name, implementation: 'reference', expect: 'conforms', verdict: r.verdict });
  }
  for (const v of system.variants) {
    const r = await conform(system, v.catchConfig, modelAdapter(system, v.name), { runs: runs * 10, seed: SELF_SEED, maxStates: SELF_MAX_STATES });
    const d = r.divergence;
    rows.push({
      system: system.name,
      config: v.catchConfig,
      implementation: v.name,
      expect: 'diverged',
      verdict: r.verdict,
      ...(d ? { how: d.refused ? ('refused' as const) : d.extra ? ('extra step' as const) : ('observation' as const), step: d.step, source: d.source, sentence: r.trace?.violated.explanation } : {}),
    });
  }
  log?.(`${system.name}: adapter self-check ${rows.filter((r) => r.verdict === r.expect).length}/${rows.length} as expected`);
  return rows;
}

/** The views along a sequence of action codes. */
function viewsOf(model: Model, init: number, actions: number[]): Record<string, Json>[] {
  let cur = new Int32Array(model.init()[init]);
  let nxt = new Int32Array(model.stateSize);
  const views = [model.view(cur)];
  for (const a of actions) {
    model.next(cur, a, nxt);
    [cur, nxt] = [nxt, cur];
    views.push(model.view(cur));
  }
  return views;
}

function tally(row: HistoryRow, r: HistoryResult): void {
  row.histories++;
  row.reads += r.reads.length;
  for (const read of r.reads) {
    row.roles[read.replica] = (row.roles[read.replica] ?? 0) + 1;
    row.allowedLoss += read.guarantee === 'prefix' ? read.missingAcknowledged : read.missingUnprotected;
  }
  if (!r.valid) row.invalid++;
}

/** Histories the reference design records on every configuration with a history: all must be valid. */
export function referenceHistories(system: System, runs = SELF_RUNS): HistoryRow[] {
  const spec = system.history!;
  const rows: HistoryRow[] = [];
  for (const c of system.configs.filter((x) => x.tier === 'small')) {
    const model = system.build(c.name, 'reference');
    if (!spec.fromViews!([model.view(model.init()[0])], c.name)) continue;
    const row: HistoryRow = { variant: 'reference', config: c.name, histories: 0, reads: 0, roles: {}, allowedLoss: 0, invalid: 0, expect: 'valid' };
    const check = (init: number, actions: number[]): void => {
      const r = checkHistory(spec.fromViews!(viewsOf(model, init, actions), c.name)!, spec);
      tally(row, r);
      if (!r.valid && row.sentence === undefined) row.sentence = r.violations[0].sentence;
    };
    for (const s of targetedSequences(system, c.name, SELF_MAX_STATES)) check(s.init, s.actions);
    // Random runs: uniform choices among the enabled actions.
    const acts = new Int32Array(model.maxActions);
    fc.assert(
      fc.property(fc.nat({ max: model.init().length - 1 }), fc.array(fc.nat({ max: 0xffff }), { minLength: 1, maxLength: c.randomSteps, size: 'max' }), (init, choices) => {
        let cur = new Int32Array(model.init()[init]);
        let nxt = new Int32Array(model.stateSize);
        const taken: number[] = [];
        for (const ch of choices) {
          const n = model.actions(cur, acts);
          if (n === 0) break;
          taken.push(acts[ch % n]);
          model.next(cur, acts[ch % n], nxt);
          [cur, nxt] = [nxt, cur];
        }
        check(init, taken);
      }),
      { numRuns: runs, seed: SELF_SEED, unbiased: true },
    );
    rows.push(row);
  }
  return rows;
}

/** Each variant's shortest run breaking a property a history can see, recorded as a history: it must be invalid. */
export function variantHistories(system: System): HistoryRow[] {
  const spec = system.history!;
  const visible = new Set(Object.values(spec.roles).flatMap((r) => [r.lost, r.order, r.phantom].filter((x): x is string => x !== undefined)));
  const rows: HistoryRow[] = [];
  for (const v of system.variants) {
    const model = system.build(v.catchConfig, v.name);
    if (!spec.fromViews!([model.view(model.init()[0])], v.catchConfig)) continue;
    const ids = [...model.always, ...model.step].map((p) => p.id).filter((id) => visible.has(id));
    if (ids.length === 0) continue;
    const r = exploreExhaustive(keepProperties(model, (id) => ids.includes(id)), { liveness: false, maxStates: 3_000_000 });
    const blind = spec.blind?.[v.name];
    const row: HistoryRow = { variant: v.name, config: v.catchConfig, histories: 0, reads: 0, roles: {}, allowedLoss: 0, invalid: 0, expect: r.violation && !blind ? 'invalid' : 'valid', ...(blind ? { blind } : {}) };
    if (r.violation) {
      const h = checkHistory(spec.fromViews!(viewsOf(model, r.violation.init, r.violation.actions), v.catchConfig)!, spec);
      tally(row, h);
      row.broke = r.violation.property;
      row.caughtAs = [...new Set(h.violations.map((x) => x.property))];
      row.sentence = h.violations[0]?.sentence;
    }
    rows.push(row);
  }
  return rows;
}

export async function selfCheck(log?: (s: string) => void): Promise<SelfCheckResult> {
  const adapter: AdapterRow[] = [];
  for (const s of systems) adapter.push(...(await adapterSelfCheck(s, log)));
  const history: HistoryRow[] = [];
  for (const s of systems.filter((x) => x.history?.fromViews)) {
    history.push(...referenceHistories(s), ...variantHistories(s));
    log?.(`${s.name}: history self-check on ${history.length} configurations and variants`);
  }
  const ok = adapter.every((r) => r.verdict === r.expect) && history.every((r) => r.expect === (r.invalid > 0 ? 'invalid' : 'valid') && (r.expect === 'valid' || r.caughtAs!.includes(r.broke!)));
  return { adapter, history, ok };
}

export function selfCheckMarkdown(r: SelfCheckResult): string {
  const lines = ['# Conformance self-checks', '', `Verdict: ${r.ok ? 'AS EXPECTED' : 'NOT AS EXPECTED'}.`, '', '## The adapter driver', ''];
  const ref = r.adapter.filter((x) => x.implementation === 'reference');
  const vs = r.adapter.filter((x) => x.implementation !== 'reference');
  lines.push(`The reference design wrapped as an implementation conforms on ${ref.filter((x) => x.verdict === 'conforms').length}/${ref.length} small configurations (targeted sequences and ${SELF_RUNS} random runs each, seed ${SELF_SEED}).`);
  const by = (h: string): number => vs.filter((x) => x.how === h).length;
  lines.push(`The naive variants wrapped the same way are caught in ${vs.filter((x) => x.verdict === 'diverged').length}/${vs.length} cases: ${by('observation')} by a differing observation, ${by('extra step')} by a step the model forbids, ${by('refused')} by a refused step.`, '');
  lines.push('| system | variant | configuration | caught | how | step | found by |', '|---|---|---|---|---|---|---|');
  for (const x of vs) lines.push(`| ${x.system} | ${x.implementation} | ${x.config} | ${x.verdict === 'diverged' ? 'yes' : 'NO'} | ${x.how ?? ''} | ${x.step ?? ''} | ${x.source ?? ''} |`);
  lines.push('', '## The history checker on model histories', '');
  lines.push('| design | configuration | histories | reads (by role) | allowed loss (acknowledged writes missing on prefix roles or acknowledged while protection was off) | invalid | broke | checker says |', '|---|---|---|---|---|---|---|---|');
  for (const x of r.history) {
    lines.push(`| ${x.variant} | ${x.config} | ${x.histories} | ${x.reads} (${Object.entries(x.roles).map(([k, n]) => `${k} ${n}`).join(', ')}) | ${x.allowedLoss} | ${x.invalid} | ${x.broke ?? (x.variant === 'reference' ? '' : 'no history-visible violation')} | ${x.caughtAs?.join(', ') || (x.blind ? `valid: ${x.blind}` : '')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
