// three-site-journal (seed 000): the reference design on every small configuration (with the pair
// lifecycle's coverage against xstate/graph), and the guarantee matrix. Variants: the .variants file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edges } from '../src/engine/machine-table.js';
import { PAIR } from '../src/systems/three-site-journal/kernel.js';
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

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

  it('every allowed loss is listed by some configuration, so verify must reach it', () => {
    for (const id of ['N1', 'N2', 'N3', 'N4', 'N5', 'CE-15', 'N-alternate-path', 'N-media']) expect(system.configs.some((c) => c.properties.includes(id))).toBe(true);
  });

  it('the pair machine has 9 states and 21 transitions, which the small configurations cover together', () => {
    expect(PAIR.states).toHaveLength(9);
    expect(edges(PAIR)).toHaveLength(21);
  });
});
