// The checks `npm run mutation` runs against every mutant of src/systems/: what the full suite
// checks, cut to what runs in a second or two, so that thousands of mutants fit in the hour. Tests
// are ordered so that most mutants die in the first, cheapest ones (vitest bails at the first failure
// under Stryker): a bounded exhaustive run and a short random run of the reference design on every
// small configuration, then every naive variant caught, every falsifier, and the witnesses of the
// smallest configurations reached.
import { describe, expect, it } from 'vitest';
import type { System } from '../../src/engine/contract.js';
import { runFalsifier } from '../../src/engine/falsify.js';
import { modelForTrace, runCheck } from '../../src/engine/run.js';
import { replayTrace } from '../../src/engine/trace.js';

export interface MutationPlan {
  /** States of each small configuration the bounded exhaustive run explores, and random runs there. */
  boundedStates: number;
  randomRuns: number;
  /** Configurations small enough to explore whole, so that every witness must be reached. */
  whole: string[];
  /** Variants whose catch needs more states than a mutant's run can afford (npm test catches them). */
  slowVariants: string[];
}

export function mutationSuite(system: System, plan: MutationPlan): void {
  const small = system.configs.filter((c) => c.tier === 'small').map((c) => c.name);
  describe(`${system.name} reference design`, () => {
    it.each(small)('holds on the first states of %s and in a few random runs', (config) => {
      const ex = runCheck({ system, variant: 'reference', config, mode: 'exhaustive', maxStates: plan.boundedStates, traceDir: null });
      expect(ex.invariant).toBeUndefined();
      const rnd = runCheck({ system, variant: 'reference', config, mode: 'random', runs: plan.randomRuns, seed: 3, traceDir: null });
      expect(rnd.invariant).toBeUndefined();
    });
  });
  describe(`${system.name} falsifiers`, () => {
    // The first falsifier of each property (the cheapest is listed first).
    const first = system.falsifiers.filter((f, i) => system.falsifiers.findIndex((g) => g.property === f.property) === i);
    it.each(first.map((f) => [f.property, f] as const))('%s is shown false', (_name, f) => {
      expect(runFalsifier(system, f).problem).toBeUndefined();
    });
  });
  describe(`${system.name} naive variants`, () => {
    it.each(system.variants.filter((v) => !plan.slowVariants.includes(v.name)).map((v) => [v.name, v] as const))('%s is caught, and its trace replays through JSON', (_name, v) => {
      const r = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'exhaustive', liveness: !v.breaks.every((id) => system.properties.find((p) => p.id === id)?.kind !== 'eventually'), maxStates: 20_000, traceDir: null });
      expect(v.breaks).toContain(r.invariant);
      expect(replayTrace(modelForTrace(system, r.trace!), r.trace!).matchesRecorded).toBe(true);
    });
  });
  describe(`${system.name} witnesses`, () => {
    it.each(plan.whole)('every witness of %s is reached', (config) => {
      const r = runCheck({ system, variant: 'reference', config, mode: 'exhaustive', traceDir: null });
      expect(r.invariant).toBeUndefined();
      expect(Object.entries(r.witnesses).filter(([, d]) => d === null)).toEqual([]);
    });
  });
}
