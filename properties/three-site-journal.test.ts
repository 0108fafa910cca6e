// three-site-journal (seed 000): the shared per-system checks, the pair lifecycle coverage against
// xstate/graph, and the guarantee matrix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edges } from '../src/engine/machine-table.js';
import { coverageRow } from '../src/engine/report.js';
import { runCheck } from '../src/engine/run.js';
import { PAIR } from '../src/systems/three-site-journal/model.js';
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system);

describe('three-site-journal pair lifecycle', () => {
  const small = system.configs.filter((x) => x.tier === 'small');
  const covered = new Set<string>();

  it.each(small.map((c) => c.name))('the exploration of %s covers exactly the pair-machine part its events reach (xstate/graph)', (name) => {
    const c = system.configs.find((x) => x.name === name)!;
    const r = runCheck({ system, variant: 'reference', config: name, mode: 'exhaustive', liveness: false, traceDir: null });
    const pair = r.coverage!.find((m) => m.machine === 'pair')!;
    const row = coverageRow(system, c, pair);
    expect({ uncovered: row.uncovered, unexpected: row.unexpected }).toEqual({ uncovered: [], unexpected: [] });
    expect(row.complete).toBe(true);
    for (const t of pair.transitions) if (t.covered) covered.add(`${t.from} -${t.event}-> ${t.to}`);
  });

  it('together the small configurations cover every transition of the pair machine', () => {
    const all = edges(PAIR).map((e) => `${e.from} -${e.event}-> ${e.to}`);
    expect(all.filter((e) => !covered.has(e))).toEqual([]);
  });
});

describe('three-site-journal guarantee matrix', () => {
  const spec = readFileSync(system.spec, 'utf8');

  it('names only known properties, configurations and allowed-loss witnesses', () => {
    for (const g of system.guarantees!) {
      for (const id of g.properties) expect(system.properties.map((p) => p.id)).toContain(id);
      for (const c of g.configs) expect(system.configs.map((x) => x.name)).toContain(c);
      for (const id of g.allowed ?? []) expect(system.properties.find((p) => p.id === id)?.kind).toBe('sometimes');
    }
  });

  it('every row is in spec/ with its guarantee', () => {
    for (const g of system.guarantees!) expect(spec).toContain(`| ${g.failure} | ${g.guarantee} |`);
  });

  it('every allowed loss (N1-N5, CE-15) is listed by some configuration, so verify must reach it', () => {
    for (const id of ['N1', 'N2', 'N3', 'N4', 'N5', 'CE-15', 'N-alternate-path']) expect(system.configs.some((c) => c.properties.includes(id))).toBe(true);
  });
});
