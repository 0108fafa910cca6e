// three-site-journal (seed 000): the reference design on every small configuration (with the pair
// lifecycle's coverage against xstate/graph), and the guarantee matrix. Variants: the .variants file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Action } from '../src/engine/contract.js';
import { Completer } from '../src/engine/check.js';
import { edges } from '../src/engine/machine-table.js';
import { PAIR } from '../src/systems/three-site-journal/kernel.js';
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import type { JournalModel } from '../src/systems/three-site-journal/model.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system, 'reference');

describe('three-site-journal L6 can fail', () => {
  it('a write left unanswered without the ghost recording that P was lost under it breaks L6 on the fault-free completion', () => {
    const m = system.build('small', 'reference') as JournalModel;
    const { f } = m.k;
    // createPair, initialCopyDone, a write, then P lost while its journal is being written (W-torn).
    const s = new Int32Array(m.init()[0]);
    const t = new Int32Array(m.stateSize);
    const torn: Action[] = [{ type: 'createPair', lane: 0 }, { type: 'initialCopyDone', lane: 0 }, { type: 'write', address: 0, blocks: 1 }, { type: 'primaryLoss' }];
    for (const a of torn) {
      m.next(s, m.actionFromJson(a)!, t);
      s.set(t);
    }
    expect(s[f.G_CUT]).toBe(1);
    expect(new Completer(m, null).run(s)).toEqual({ ok: true });
    s[f.G_CUT] = 0;
    const c = new Completer(m, null).run(s);
    expect(c.ok).toBe(false);
    expect(!c.ok && c.property).toBe('L6');
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

  it('every allowed loss is listed by some configuration, so verify must reach it', () => {
    for (const id of ['N1', 'N2', 'N3', 'N4', 'N5', 'CE-15', 'N-alternate-path', 'N-media']) expect(system.configs.some((c) => c.properties.includes(id))).toBe(true);
  });

  it('the pair machine has 9 states and 21 transitions, which the small configurations cover together', () => {
    expect(PAIR.states).toHaveLength(9);
    expect(edges(PAIR)).toHaveLength(21);
  });
});
