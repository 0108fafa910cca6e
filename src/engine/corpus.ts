// The regression corpus: the shortest outcome counterexample of every naive variant, committed
// under properties/corpus/SYSTEM/VARIANT.json and replayed by `npm test`. `rcv check --save-corpus`
// refreshes it after a deliberate change to a model.
import { existsSync, readdirSync } from 'node:fs';
import { loadTrace, writeFileAtomic, type Trace } from './trace.js';

export function corpusPath(dir: string, t: Pick<Trace, 'system' | 'variant'>): string {
  return `${dir}/${t.system}/${t.variant}.json`;
}

export function saveCorpusTrace(dir: string, t: Trace): string {
  const path = corpusPath(dir, t);
  writeFileAtomic(path, JSON.stringify(t, null, 1) + '\n');
  return path;
}

/** Every trace of one system's corpus, by variant name. */
export function loadCorpus(dir: string, system: string): Map<string, Trace> {
  const out = new Map<string, Trace>();
  const at = `${dir}/${system}`;
  if (!existsSync(at)) return out;
  for (const f of readdirSync(at).filter((x) => x.endsWith('.json')).sort()) out.set(f.slice(0, -5), loadTrace(`${at}/${f}`));
  return out;
}
