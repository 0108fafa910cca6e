// The regression corpus (properties/corpus/): the shortest outcome counterexample of every naive
// variant. Each must still reach the same violation at the same step on its variant, and the
// reference design must refuse one of its actions or hold every property along it. A deliberate
// model change refreshes the corpus with `npx rcv check --save-corpus`.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/engine/contract.js';
import { loadCorpus } from '../src/engine/corpus.js';
import { CORPUS_DIR, modelForTrace } from '../src/engine/run.js';
import { replayTrace } from '../src/engine/trace.js';
import { systems } from '../src/systems/index.js';

for (const system of systems) {
  describe(`corpus of ${system.name}`, () => {
    const corpus = loadCorpus(CORPUS_DIR, system.name);

    it('holds one trace per naive variant, and none for a variant that no longer exists', () => {
      expect([...corpus.keys()].sort()).toEqual(system.variants.map((v) => v.name).sort());
    });

    it.each(system.variants.map((v) => v.name))('%s: reaches the recorded violation at the recorded step; the reference design refuses or holds', (name) => {
      const t = corpus.get(name)!;
      const v = system.variants.find((x) => x.name === name)!;
      expect(t.config).toBe(v.catchConfig);
      const model = modelForTrace(system, t);
      expect(t.configHash, `configuration ${t.config} changed since the corpus was recorded: npx rcv check ${system.name} --save-corpus`).toBe(model.configHash);
      const r = replayTrace(model, t);
      expect({ violated: r.violated, matches: r.matchesRecorded }).toEqual({ violated: { id: t.violated.id, step: t.violated.step }, matches: true });
      expect(v.breaks).toContain(t.violated.id);
      // The reference design, with every property checked.
      const reference = system.build(t.config);
      let verdict: string;
      try {
        const rr = replayTrace(reference, { ...t, violated: { ...t.violated, id: 'none' } });
        verdict = rr.verdict === 'holds' ? 'holds' : `violates ${rr.violated!.id} at step ${rr.violated!.step}`;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        verdict = /not (enabled|an action)/.test(e.message) ? 'refuses' : e.message;
      }
      expect(['holds', 'refuses']).toContain(verdict);
    });
  });
}
