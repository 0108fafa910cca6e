// The parallel breadth-first search (src/engine/parallel.ts) gives what the one-thread search gives:
// on every small configuration of every system, and on every naive variant's catch configuration,
// 1 and 2 workers yield the same verdict, counts, depth, witnesses, coverage, action coverage and
// counterexample trace. Layers from 64 states on go to the workers, so that most layers are merged
// from worker output (adaptive: false, so that they do even where one thread would be faster); the
// runs stop at 20,000 states (the stop itself must agree too), which keeps this file to about a minute.
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckOutcome } from '../src/engine/run.js';
import { exploreExhaustive } from '../src/engine/exhaustive.js';
import { MODEL_MODULE } from '../src/systems/build.js';
import { systems } from '../src/systems/index.js';
import { PEER_TWIN_STATES, peerTwin } from '../src/bench/peer-twin.js';
import { lateLiveness } from '../src/engine/fixtures/late-liveness.js';
import { compiledModule } from '../src/engine/root.js';

const CAP = 20_000;
const comparable = (r: CheckOutcome): unknown => ({ ...r, stats: { ...r.stats, ms: 0 }, parallelLayers: undefined });

for (const system of systems) {
  describe(`${system.name}: 1 and 2 workers agree`, () => {
    it.each(system.configs.filter((c) => c.tier === 'small').map((c) => c.name))('reference on %s', (config) => {
      const base = { system, variant: 'reference', config, mode: 'exhaustive' as const, traceDir: null, actionCoverage: true, maxStates: CAP };
      const one = runCheck({ ...base, workers: 1 });
      const two = runCheck({ ...base, workers: 2, minLayer: 64, adaptive: false, modelModule: MODEL_MODULE });
      expect(comparable(two)).toEqual(comparable(one));
      // The workers did expand layers here, unless the configuration never has a layer of 64 states.
      if (one.stats.states! > 1000) expect(two.parallelLayers).toBeGreaterThan(0);
    });

    it.each(system.variants.map((v) => [v.name, v.catchConfig]))('variant %s on %s: the same counterexample', (variant, config) => {
      const base = { system, variant, config, mode: 'exhaustive' as const, traceDir: null, actionCoverage: true, maxStates: CAP * 5 };
      const one = runCheck({ ...base, workers: 1 });
      const two = runCheck({ ...base, workers: 2, minLayer: 64, adaptive: false, modelModule: MODEL_MODULE });
      expect(one.verdict).toBe('violated');
      expect(comparable(two)).toEqual(comparable(one));
    });
  });
}

describe("the workers' trial layer", () => {
  // The workers expand the first `trial` states of their first layer, this thread the rest.
  const spec = (width: number, stuck: number) => ({ module: compiledModule('../src/engine/fixtures/late-liveness.js', import.meta.url), args: { width, stuck }, liveness: true });
  const strip = (r: ReturnType<typeof exploreExhaustive>): unknown => ({ ...r, ms: 0, bytes: undefined, parallelLayers: undefined });

  it.each([
    [1, 40],
    [8, 40],
    [39, 40],
    [40, 40],
    [8, 3],
  ])('trial %i, stuck at %i: the same liveness failure as one thread', (trial, stuck) => {
    const width = 40;
    const one = exploreExhaustive(lateLiveness({ width, stuck }), { witnessTraces: true });
    expect(one.verdict).toBe('violated');
    expect(one.violation?.property).toBe('settled');
    const two = exploreExhaustive(lateLiveness({ width, stuck }), { witnessTraces: true, parallel: { spec: spec(width, stuck), workers: 2, minLayer: 16, adaptive: false, trial } });
    expect(strip(two)).toEqual(strip(one));
    expect(two.parallelLayers).toBeGreaterThan(0);
  });

  it('holds where nothing is stuck, with every state counted', () => {
    const one = exploreExhaustive(lateLiveness({ width: 40, stuck: 0 }));
    const two = exploreExhaustive(lateLiveness({ width: 40, stuck: 0 }), { parallel: { spec: spec(40, 0), workers: 2, minLayer: 16, adaptive: false, trial: 5 } });
    expect(one.verdict).toBe('holds');
    expect(one.states).toBe(1 + 40 * 3);
    expect(strip(two)).toEqual(strip(one));
  });
});

describe('the peer-twin abstraction', () => {
  it('keeps its 657,657 states and every count with 2 workers', () => {
    const spec = { module: compiledModule('../src/bench/peer-twin.js', import.meta.url), args: null, liveness: false };
    const one = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true, witnessTraces: true });
    const two = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true, witnessTraces: true, parallel: { spec, workers: 2, minLayer: 64, adaptive: false } });
    expect(two.states).toBe(PEER_TWIN_STATES);
    const strip = (r: typeof one): unknown => ({ ...r, ms: 0, bytes: undefined, parallelLayers: undefined });
    expect(strip(two)).toEqual(strip(one));
    expect(two.parallelLayers).toBeGreaterThan(10);
  });

  it('gives the same with the workers adaptive (they may stop after a layer that one thread expands faster)', () => {
    const spec = { module: compiledModule('../src/bench/peer-twin.js', import.meta.url), args: null, liveness: false };
    const one = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true });
    const two = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true, parallel: { spec, workers: 2, minLayer: 64, waitForWorkers: true } });
    const strip = (r: typeof one): unknown => ({ ...r, ms: 0, bytes: undefined, parallelLayers: undefined });
    expect(strip(two)).toEqual(strip(one));
    expect(two.parallelLayers).toBeGreaterThan(0);
  });

  it('gives the same when the search does not wait for the workers (the default): layers go to them once they are ready', () => {
    const spec = { module: compiledModule('../src/bench/peer-twin.js', import.meta.url), args: null, liveness: false };
    const one = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true });
    const strip = (r: typeof one): unknown => ({ ...r, ms: 0, bytes: undefined, parallelLayers: undefined });
    // Twice: the second search finds the pool of the first building its model (or done with it).
    for (let i = 0; i < 2; i++) {
      const two = exploreExhaustive(peerTwin(), { liveness: false, actionCoverage: true, parallel: { spec, workers: 2, minLayer: 64, adaptive: false, waitForWorkers: false } });
      expect(strip(two)).toEqual(strip(one));
    }
  });
});
