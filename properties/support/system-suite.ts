// The checks every system must pass, generated from the system value: the reference design holds
// every property in the exhaustive run of each small configuration and in 1,000 random runs, every
// listed witness is reached, every naive variant is caught by an outcome property in both explorers
// (mechanism properties switched off) with a trace that replays to the same violation, and every
// always and step property is shown able to fail. The structural checks (spec rows, citations) are
// in `specSuite`, counted apart in properties/spec.test.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { System } from '../../src/engine/contract.js';
import { runFalsifier } from '../../src/engine/falsify.js';
import { edgeKey } from '../../src/engine/machine-graph.js';
import { coverageRow, requiredTransitions } from '../../src/engine/report.js';
import { VARIANT_RUNS, modelForTrace, outcomeIds, runCheck } from '../../src/engine/run.js';
import type { Action } from '../../src/engine/contract.js';
import { loadTrace, replayTrace, type ReplayInput } from '../../src/engine/trace.js';

function expectReplays(system: System, tracePath: string, invariant: string): void {
  const trace = loadTrace(tracePath);
  expect(trace.violated.id).toBe(invariant);
  expect(trace.violated.step).toBe(trace.steps.length + (trace.violated.kind === 'eventually' ? 1 : 0));
  const replay = replayTrace(modelForTrace(system, trace), trace);
  expect(replay.verdict).toBe('violated');
  expect(replay.violated!.id).toBe(invariant);
  expect(replay.matchesRecorded).toBe(true);
}

/**
 * `reference`: the reference design on every small configuration, exhaustively (with lifecycle
 * coverage against xstate/graph) and at random. `variants`: every naive variant caught, and every
 * safety property shown able to fail. Two parts, so that vitest runs them in two workers.
 */
export function systemSuite(system: System, part: 'reference' | 'variants'): void {
  const traceDir = mkdtempSync(`${tmpdir()}/rcv-${system.name}-`);
  const small = system.configs.filter((c) => c.tier === 'small');
  const outcome = outcomeIds(system);

  if (part === 'reference') describe(`${system.name} reference design`, () => {
    // Lifecycle transitions covered by some small configuration, and those some small configuration can
    // reach (xstate/graph over the events it declares; the whole machine where it declares none), per machine.
    const covered = new Map<string, Set<string>>();
    const required = new Map<string, Set<string>>();
    it.each(small.map((c) => c.name))('holds every property exhaustively on %s, reaches every witness and covers its lifecycles', (config) => {
      // progress: a long exploration reports on stderr every 2 s instead of minutes of silence.
      const r = runCheck({ system, variant: 'reference', config, mode: 'exhaustive', traceDir, progress: true });
      expect(r.invariant).toBeUndefined();
      expect(r.verdict).toBe('holds');
      expect(r.complete).toBe(true);
      expect(r.stats.states).toBeGreaterThan(50);
      const info = system.configs.find((c) => c.name === config)!;
      const listed = info.properties.filter((id) => system.properties.find((p) => p.id === id)?.kind === 'sometimes');
      expect(Object.keys(r.witnesses).sort()).toEqual(listed.sort());
      for (const [id, depth] of Object.entries(r.witnesses)) expect({ id, depth }).toEqual({ id, depth: expect.any(Number) });
      for (const m of r.coverage ?? []) {
        const row = coverageRow(system, info, m);
        // The exploration covers exactly the part of the machine its events reach (xstate/graph).
        if (row.complete !== null) expect({ machine: m.machine, uncovered: row.within ? [] : row.uncovered, unexpected: row.unexpected }).toEqual({ machine: m.machine, uncovered: [], unexpected: [] });
        const seen = covered.get(m.machine) ?? new Set<string>();
        for (const t of m.transitions) if (t.covered) seen.add(edgeKey(t.from, t.event, t.to));
        covered.set(m.machine, seen);
        required.set(m.machine, new Set([...(required.get(m.machine) ?? []), ...requiredTransitions(system, info, m)]));
      }
    });

    it('together the small configurations cover every transition of every lifecycle machine that the system can reach', () => {
      expect(required.size).toBeGreaterThan(0);
      for (const [machine, need] of required) {
        const missing = [...need].filter((e) => !covered.get(machine)?.has(e));
        const unexpected = [...(covered.get(machine) ?? [])].filter((e) => !need.has(e));
        expect({ machine, missing, unexpected }).toEqual({ machine, missing: [], unexpected: [] });
      }
    });

    it.each(small.map((c) => c.name))('holds every property in 1,000 random runs on %s', (config) => {
      const r = runCheck({ system, variant: 'reference', config, mode: 'random', runs: 1000, seed: 7, traceDir });
      expect(r.invariant).toBeUndefined();
      expect(r.stats.runs).toBe(1000);
    });
  });

  if (part === 'variants') describe(`${system.name} naive variants are caught by an outcome property`, () => {
    for (const v of system.variants) {
      it(`${v.name} (${v.scenario}): the exhaustive explorer with every property finds a listed violation that replays`, () => {
        const r = runCheck({ system, variant: v.name, config: v.catchConfig, mode: 'exhaustive', traceDir });
        expect(r.verdict).toBe('violated');
        expect(v.breaks).toContain(r.invariant);
        expectReplays(system, r.tracePath!, r.invariant!);
      });
      for (const mode of ['exhaustive', 'random'] as const) {
        it(`${v.name} (${v.scenario}): the ${mode} explorer with only the outcome properties catches it on ${v.catchConfig} and the trace replays`, () => {
          const r = runCheck({ system, variant: v.name, config: v.catchConfig, mode, outcomeOnly: true, runs: VARIANT_RUNS, seed: 11, traceDir });
          expect(r.verdict).toBe('violated');
          expect(v.breaks).toContain(r.invariant);
          expect(outcome.has(r.invariant!)).toBe(true);
          expectReplays(system, r.tracePath!, r.invariant!);
        });
      }
    }
  });

  if (part === 'variants') describe(`${system.name} every safety property can fail`, () => {
    const safety = system.properties.filter((p) => p.kind === 'always' || p.kind === 'step');
    it.each(safety.map((p) => p.id))('%s is shown false by its falsifiers', (id) => {
      const mine = system.falsifiers.filter((f) => f.property === id);
      expect(mine.length, `no falsifier for ${id}`).toBeGreaterThan(0);
      for (const f of mine) {
        const r = runFalsifier(system, f);
        expect({ id, how: r.how, problem: r.problem }).toEqual({ id, how: r.how, problem: undefined });
        expect(r.shown).toBe(true);
      }
    });
  });
}

/** The value a replay last gave a state path (undefined when no step changed it). */
export function lastChange(r: ReturnType<typeof replayTrace>, path: string): unknown {
  for (let i = r.steps.length - 1; i >= 0; i--) {
    const c = r.steps[i].changes.find((x) => x.path === path);
    if (c) return c.after;
  }
  return undefined;
}

/** A hand-written trace of a system's actions, for a seed scenario replayed step by step. */
export function handTrace(system: string, config: string, actions: Action[], variant = 'reference'): ReplayInput & { system: string; config: string; variant: string } {
  return { system, variant, config, init: 0, steps: actions.map((action) => ({ action })), violated: { id: 'none', kind: 'always' } };
}

/**
 * The seed paragraphs a reference names: 【0038】, and every paragraph of a range 【0038】-【0041】.
 * A seed without paragraph numbers (seed 002, a substitute specification) is cited by line, L449 or
 * L449-L453: both ends of a range must be lines with text.
 */
export function citedParagraphs(ref: string): number[] {
  const out: number[] = [];
  const re = /【(\d{4})】(?:\s*-\s*【(\d{4})】)?/g;
  for (let m = re.exec(ref); m; m = re.exec(ref)) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let p = a; p <= b; p++) out.push(p);
  }
  for (const m of ref.matchAll(/\bL(\d+)(?:-L(\d+))?\b/g)) {
    out.push(Number(m[1]));
    if (m[2] !== undefined) out.push(Number(m[2]));
  }
  return out;
}

/**
 * Paragraph numbers present in a seed text; its markers sometimes spread digits apart (【 0 0 0 2 】).
 * A seed with no paragraph markers is indexed by its lines that hold text (cited as L<n>).
 */
export function seedParagraphs(text: string): Set<number> {
  const found = new Set<number>();
  for (const m of text.matchAll(/【\s*([0-9０-９](?:\s*[0-9０-９]){3})\s*】/g)) {
    const digits = m[1].replace(/\s/g, '').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
    found.add(Number(digits));
  }
  if (found.size === 0) text.split('\n').forEach((line, i) => line.trim() !== '' && found.add(i + 1));
  return found;
}

/** Structure, not checks: the spec names every property and variant, and every citation exists. */
export function specSuite(system: System, seed: Set<number>): void {
  describe(`${system.name} specification (structure)`, () => {
    const spec = readFileSync(system.spec, 'utf8');

    it.each(system.properties.map((p) => [p.id, p] as const))('%s is in spec/ with its seed reference', (id, p) => {
      const row = spec.split('\n').find((l) => l.startsWith(`| ${id} |`));
      expect(row, `no row for ${id} in ${system.spec}`).toBeDefined();
      if (p.kind !== 'sometimes') expect(row).toContain(p.ref.split(' ')[0].split(',')[0]);
    });

    it('every always, step and eventually property says whether it is an outcome or a mechanism property', () => {
      const missing = system.properties.filter((p) => p.kind !== 'sometimes' && p.category === undefined).map((p) => p.id);
      expect(missing).toEqual([]);
    });

    it("every property's reference names paragraphs that exist in the seed", () => {
      const bad = system.properties.flatMap((p) => citedParagraphs(p.ref).filter((n) => !seed.has(n)).map((n) => `${p.id}: 【${String(n).padStart(4, '0')}】`));
      expect(bad).toEqual([]);
      expect(system.properties.filter((p) => citedParagraphs(p.ref).length > 0).length).toBeGreaterThan(system.properties.length / 2);
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

    it('every naive variant is in spec/ with its scenario, and lists an outcome property among what catches it', () => {
      const outcome = outcomeIds(system);
      for (const v of system.variants) {
        expect(spec).toContain(`| \`${v.name}\` | ${v.scenario} |`);
        expect({ variant: v.name, outcome: v.breaks.filter((id) => outcome.has(id)).length > 0 }).toEqual({ variant: v.name, outcome: true });
      }
    });
  });
}
