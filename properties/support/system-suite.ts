// The checks every system must pass, generated from the system value: the reference design holds
// every property in the exhaustive run of each small configuration and in 1,000 random runs, every
// listed witness is reached, every naive variant is caught by both explorers with a trace that
// replays to the same violation, and spec/ names every property and variant.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { System } from '../../src/engine/contract.js';
import { runCheck } from '../../src/engine/run.js';
import { loadTrace, replayTrace } from '../../src/engine/trace.js';

export function systemSuite(system: System): void {
  const traceDir = mkdtempSync(`${tmpdir()}/rcv-${system.name}-`);
  const small = system.configs.filter((c) => c.tier === 'small');

  describe(`${system.name} reference design`, () => {
    it.each(small.map((c) => c.name))('holds every property exhaustively on %s and reaches every witness', (config) => {
      const r = runCheck({ system, variant: 'reference', config, mode: 'exhaustive', traceDir });
      expect(r.invariant).toBeUndefined();
      expect(r.verdict).toBe('holds');
      expect(r.complete).toBe(true);
      expect(r.stats.states).toBeGreaterThan(50);
      const info = system.configs.find((c) => c.name === config)!;
      const listed = info.properties.filter((id) => system.properties.find((p) => p.id === id)?.kind === 'sometimes');
      expect(Object.keys(r.witnesses).sort()).toEqual(listed.sort());
      for (const [id, depth] of Object.entries(r.witnesses)) expect({ id, depth }).toEqual({ id, depth: expect.any(Number) });
    });

    it.each(small.map((c) => c.name))('holds every property in 1,000 random runs on %s', (config) => {
      const r = runCheck({ system, variant: 'reference', config, mode: 'random', runs: 1000, seed: 7, traceDir });
      expect(r.invariant).toBeUndefined();
      expect(r.stats.runs).toBe(1000);
    });
  });

  describe(`${system.name} naive variants are caught`, () => {
    for (const v of system.variants) {
      for (const mode of ['exhaustive', 'random'] as const) {
        it(`${v.name} (${v.scenario}): the ${mode} explorer catches it on ${v.catchConfig} and the trace replays to the same violation`, () => {
          const r = runCheck({ system, variant: v.name, config: v.catchConfig, mode, runs: 1000, seed: 11, traceDir });
          expect(r.verdict).toBe('violated');
          expect(v.breaks).toContain(r.invariant);
          const trace = loadTrace(r.tracePath!);
          expect(trace.violated.id).toBe(r.invariant);
          expect(trace.steps).toBe(trace.actions.length);
          const replay = replayTrace(system.build(trace.config, trace.variant), trace);
          expect(replay.verdict).toBe('violated');
          expect(replay.violated!.id).toBe(r.invariant);
          expect(replay.matchesRecorded).toBe(true);
        });
      }
    }
  });

  describe(`${system.name} specification`, () => {
    const spec = readFileSync(system.spec, 'utf8');

    it.each(system.properties.map((p) => [p.id, p] as const))('%s is in spec/ with its seed reference', (id, p) => {
      const row = spec.split('\n').find((l) => l.startsWith(`| ${id} |`));
      expect(row, `no row for ${id} in ${system.spec}`).toBeDefined();
      if (p.kind !== 'sometimes') expect(row).toContain(p.ref.split(' ')[0].split(',')[0]);
    });

    it('every invariant of every configuration has a witness there', () => {
      for (const c of system.configs) {
        const witnessed = new Set(
          system.properties.filter((p) => p.kind === 'sometimes' && c.properties.includes(p.id)).flatMap((p) => p.witnessFor ?? []),
        );
        for (const p of system.properties) {
          if (!c.properties.includes(p.id) || p.kind === 'sometimes' || p.kind === 'eventually') continue;
          expect({ config: c.name, id: p.id, witnessed: witnessed.has(p.id) }).toEqual({ config: c.name, id: p.id, witnessed: true });
        }
      }
    });

    it('every naive variant is in spec/ with its scenario', () => {
      for (const v of system.variants) expect(spec).toContain(`| \`${v.name}\` | ${v.scenario} |`);
    });
  });
}
