// The checks `npm run mutation` runs against every mutant of the reference implementations: what the
// full suite checks, cut to what runs in about a second per system, so that six thousand mutants fit
// in the hour. Tests are ordered so that most mutants die in the first, cheapest ones (vitest bails at
// the first failure under Stryker): the shortest trace to every witness of every small configuration
// (found once by the exhaustive explorer, kept in witness-traces/), walked with every property checked;
// a random run of the reference design on every small configuration that must hold and reach that
// configuration's witnesses; every naive variant caught (by an outcome property where that is cheap)
// with a trace that replays; and the witnesses of the smallest configurations reached exhaustively.
// The falsifiers are left to `npm test`: they test the property code, which is not mutated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { System } from '../../src/engine/contract.js';
import { modelForTrace, runCheck } from '../../src/engine/run.js';
import { replayTrace } from '../../src/engine/trace.js';
import { walkWitnessTrace, WITNESS_TRACES_FORMAT, type WitnessTraceFile } from '../../src/engine/witness-trace.js';

export interface MutationPlan {
  /** Random runs of the reference design on each small configuration (seed 3). */
  randomRuns: number;
  /** Witnesses those random runs do not reach, per configuration; every other witness must be reached,
   *  so that a mutant which removes a behaviour (not only one which breaks a property) is caught. */
  randomMisses: Record<string, string[]>;
  /** Configurations small enough to explore whole, so that every witness must be reached. */
  whole: string[];
  /** Variants an outcome property catches within 5,000 states: checked with the mechanism properties
   *  off, so that a mutant which blinds the ghost record of what the host saw is caught. The others are
   *  checked with every property, within 20,000 states. */
  outcomeCatch: string[];
  /** Variants whose catch needs more states than a mutant's run can afford (npm test catches them). */
  slowVariants: string[];
}

export function mutationSuite(system: System, plan: MutationPlan): void {
  const small = system.configs.filter((c) => c.tier === 'small').map((c) => c.name);
  describe(`${system.name} witness traces`, () => {
    // Written by `npm run mutation -- --traces`; a failure on the reference design means they are stale.
    const file = JSON.parse(readFileSync(new URL(`../mutation/witness-traces/${system.name}.json`, import.meta.url), 'utf8')) as WitnessTraceFile;
    it.each(small)('the shortest trace to each witness of %s still reaches it, every property holding', (config) => {
      expect(file.format).toBe(WITNESS_TRACES_FORMAT);
      const traces = file.traces.filter((t) => t.config === config);
      const model = system.build(config, 'reference');
      // Every witness of a small configuration is reached exhaustively (npm test), so each has a trace.
      expect(traces.map((t) => t.witness).sort()).toEqual(model.sometimes.map((w) => w.id).sort());
      expect(traces.flatMap((t) => walkWitnessTrace(model, t) ?? [])).toEqual([]);
    });
  });
  describe(`${system.name} reference design`, () => {
    it.each(small)('holds in random runs on %s and reaches its witnesses there', (config) => {
      const rnd = runCheck({ system, variant: 'reference', config, mode: 'random', runs: plan.randomRuns, seed: 3, traceDir: null });
      expect(rnd.invariant).toBeUndefined();
      const mayMiss = plan.randomMisses[config] ?? [];
      expect(Object.entries(rnd.witnesses).filter(([id, d]) => d === null && !mayMiss.includes(id))).toEqual([]);
    });
  });
  describe(`${system.name} naive variants`, () => {
    const variants = system.variants.filter((v) => !plan.slowVariants.includes(v.name));
    it.each(variants.map((v) => [v.name, v] as const))('%s is caught, and its trace replays through JSON', (_name, v) => {
      const outcome = plan.outcomeCatch.includes(v.name);
      const liveness = !outcome && v.breaks.some((id) => system.properties.find((p) => p.id === id)?.kind === 'eventually');
      const r = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'exhaustive', outcomeOnly: outcome, liveness, maxStates: outcome ? 5_000 : 20_000, traceDir: null });
      expect(v.breaks).toContain(r.invariant);
      if (outcome) expect(system.properties.find((p) => p.id === r.invariant)?.category).toBe('outcome');
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
