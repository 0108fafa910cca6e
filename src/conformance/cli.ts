// `rcv conform` and `rcv history`: the conformance drivers on the command line.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, type Json, type System } from '../engine/contract.js';
import { traceDir } from '../engine/run.js';
import { writeFileAtomic, type Trace } from '../engine/trace.js';
import { traceText } from '../engine/trace-text.js';
import { modelAdapter, type Adapter } from './adapter.js';
import { conform, divergenceSentence, replayDivergence } from './driver.js';
import { checkHistory, loadHistory, type HistoryResult } from './history.js';

const out = (s: string): void => void process.stdout.write(s + '\n');

/** The adapter a module exports as `adapter` (or as its default export). */
export async function loadAdapter(file: string, system: System): Promise<Adapter> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(`--adapter: no such file ${file}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`--adapter: cannot load ${file}: ${String((e as Error).message).split('\n')[0]}`);
  }
  const a = (mod.adapter ?? mod.default) as Partial<Adapter> | undefined;
  if (!a || typeof a !== 'object' || typeof a.connect !== 'function' || typeof a.name !== 'string' || typeof a.system !== 'string') {
    throw new InputError(`--adapter: ${file} must export "adapter" = { name, system, connect(config) }`);
  }
  if (a.system !== system.name) throw new InputError(`--adapter: ${file} implements ${a.system}, not ${system.name}`);
  return a as Adapter;
}

/** Conformance traces are named for the implementation, apart from the checker's own traces. */
function saveDivergence(dir: string, t: Trace): string {
  const impl = t.conformance!.implementation.replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = `${dir}/conformance--${t.system}--${impl}--${t.config}.json`;
  writeFileAtomic(file, JSON.stringify(t, null, 1) + '\n');
  return file;
}

export interface ConformFlags {
  variant?: string;
  adapter?: string;
  config: string;
  runs: number;
  seed: number;
  path?: string;
  json: boolean;
  traceDir?: string;
}

export async function conformCommand(system: System, f: ConformFlags): Promise<number> {
  if (f.variant !== undefined && f.adapter !== undefined) throw new InputError('conform: give --variant or --adapter, not both');
  const adapter = f.adapter !== undefined ? await loadAdapter(f.adapter, system) : modelAdapter(system, f.variant ?? 'reference');
  const r = await conform(system, f.config, adapter, { runs: f.runs, seed: f.seed, path: f.path, targeted: f.path === undefined });
  if (f.path !== undefined && r.verdict === 'conforms') throw new InputError(`--path ${f.path} with --seed ${f.seed} leads to no divergence: it is not a path this command printed`);
  const saved = r.trace ? saveDivergence(f.traceDir ?? traceDir(), r.trace) : undefined;
  if (f.json) {
    const o: Record<string, Json> = { system: r.system, config: r.config, implementation: r.implementation, verdict: r.verdict, targeted: { ...r.targeted }, random: { ...r.random } };
    if (r.divergence && r.trace) {
      o.divergence = { step: r.divergence.step, source: r.divergence.source, refused: r.divergence.refused, sentence: r.trace.violated.explanation ?? '' };
      o.tracePath = saved ?? null;
      o.reproduce = r.trace.reproduce;
    }
    out(JSON.stringify(o));
    return r.verdict === 'conforms' ? 0 : 1;
  }
  const head = `${r.system} ${r.config}: ${r.implementation} against the reference model`;
  const drove = `${r.targeted.sequences} targeted sequences (${r.targeted.actionTypes} action types, ${r.targeted.witnesses} witnesses; ${r.targeted.steps} steps), ${r.random.runs} random runs (${r.random.steps} steps, seed ${r.random.seed})`;
  if (r.verdict === 'conforms') {
    out(`${head}: CONFORMS`);
    out(`  ${drove}`);
    return 0;
  }
  const t = r.trace!;
  out(`${head}: DIVERGED at step ${r.divergence!.step}`);
  out(`  ${drove}`);
  out(`  why: ${t.violated.explanation}`);
  out(`  trace (${t.steps.length} steps):`);
  for (const line of traceText(t, { indent: '    ' }).filter((l) => !l.trimStart().startsWith('why:'))) out(line);
  if (saved) out(`  trace saved: ${saved}  (npx rcv replay ${saved})`);
  out(`reproduce: ${t.reproduce}`);
  return 1;
}

/** `rcv replay` of a conformance trace: drives the recorded implementation again (variants only; a module adapter is named with --adapter). */
export async function replayConformance(system: System, trace: Trace, adapterFile: string | undefined, json: boolean): Promise<number> {
  const impl = trace.conformance!.implementation;
  const adapter = adapterFile !== undefined ? await loadAdapter(adapterFile, system) : impl.startsWith('variant:') ? modelAdapter(system, impl.slice('variant:'.length)) : undefined;
  if (!adapter) throw new InputError(`replay: this trace drove the adapter "${impl}"; name its module with --adapter MODULE`);
  const d = await replayDivergence(system, trace, adapter);
  const same = d !== undefined && d.step === trace.violated.step;
  if (json) {
    out(JSON.stringify({ system: trace.system, config: trace.config, implementation: adapter.name, verdict: d ? 'diverged' : 'conforms', ...(d ? { step: d.step } : {}), matchesRecorded: same }));
    return d ? 1 : 0;
  }
  out(`replaying ${trace.system} ${trace.config} against ${adapter.name}: ${trace.steps.length} steps, recorded divergence at step ${trace.violated.step}`);
  if (!d) out('verdict: the implementation follows the model along this trace now');
  else {
    out(`verdict: DIVERGED at step ${d.step}: ${divergenceSentence(d, trace.steps.map((s) => s.action))}`);
    if (!same) out(`note: the recorded divergence was at step ${trace.violated.step}`);
  }
  out(`reproduce: ${trace.reproduce}`);
  return d ? 1 : 0;
}

export function historyText(r: HistoryResult): string[] {
  const lines = [
    `${r.system} history: ${r.ops} operations; writes ${r.writes.invoked} invoked, ${r.writes.ok} ok, ${r.writes.fail} failed, ${r.writes.info} unknown; faults: ${r.faults.map((f) => `${f.f}${f.value !== null ? ` ${JSON.stringify(f.value)}` : ''}`).join(', ') || 'none'}`,
  ];
  for (const read of r.reads) {
    lines.push(`  read of ${read.replica} (${read.guarantee}) at op ${read.op}: holds ${read.present} writes (${read.presentUnknown} of unknown outcome); ${read.missingAcknowledged} of the ${read.acknowledged} acknowledged in this episode missing`);
  }
  if (r.valid) lines.push(`verdict: VALID: ${r.reads.length} replica reads consistent with the outcome properties`);
  else {
    lines.push(`verdict: INVALID: ${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`);
    for (const v of r.violations) lines.push(`  ${v.property} (${v.kind}): ${v.sentence}`);
  }
  return lines;
}

export function historyCommand(system: System, file: string, json: boolean): number {
  const h = loadHistory(file, system.history, system.name);
  const r = checkHistory(h, system.history!);
  if (json) out(JSON.stringify(r));
  else for (const l of historyText(r)) out(l);
  return r.valid ? 0 : 1;
}
