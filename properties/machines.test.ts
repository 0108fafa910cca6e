// The XState machines are the source of truth; the explorers use tables derived from them.
// Here the table and the machine are shown to agree on every (state, event) and along random
// event sequences run through a live actor.
import fc from 'fast-check';
import { createActor, createMachine, getNextSnapshot, type AnyStateMachine } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { deriveTable, step } from '../src/engine/machine-table.js';
import { asyncPairMachine, multiSiteMirrorMachines, syncPairMachine } from '../models/multi-site-mirror.js';
import { orderedDeliveryMachines } from '../models/ordered-delivery.js';
import { pairMachine } from '../models/pair.js';
import { pairManagementMachines, pairManagementPairMachine } from '../models/pair-management.js';
import { splitBackupMachines, splitBackupPairMachine } from '../models/split-backup.js';

const machines: AnyStateMachine[] = [...orderedDeliveryMachines, pairMachine, ...splitBackupMachines, ...multiSiteMirrorMachines, ...pairManagementMachines];

describe('one pair vocabulary (models/pair.ts)', () => {
  it.each([
    ['001', splitBackupPairMachine, ['splitPending']],
    ['002 (sync)', syncPairMachine, []],
    ['002 (async)', asyncPairMachine, ['suspending']],
    ['003', pairManagementPairMachine, ['newCheck', 'newWarned', 'resyncCheck', 'resyncWarned']],
  ] as const)("seed %s's pair lifecycle keeps every state and transition of the shared machine and only adds", (_seed, machine, added) => {
    const shared = deriveTable(pairMachine);
    const extended = deriveTable(machine);
    for (const name of shared.states) expect(extended.states).toContain(name);
    for (let s = 0; s < shared.states.length; s++)
      for (let e = 0; e < shared.events.length; e++) {
        const to = step(shared, s, e);
        if (to < 0) continue;
        const es = extended.events.indexOf(shared.events[e]);
        expect(extended.states[step(extended, extended.states.indexOf(shared.states[s]), es)]).toBe(shared.states[to]);
      }
    expect(extended.states.filter((x) => !shared.states.includes(x))).toEqual([...added]);
  });
});

/**
 * The table against the running machine: `getNextSnapshot` on every state and event. A final state
 * takes nothing: a running actor that reaches one is done (a snapshot resolved there is not, and
 * would still take the machine's own transitions).
 */
function expectAgreement(machine: AnyStateMachine): void {
  const table = deriveTable(machine);
  for (let s = 0; s < table.states.length; s++) {
    const snap = machine.resolveState({ value: table.states[s], context: {} });
    const final = machine.root.states[table.states[s]].type === 'final';
    for (let e = 0; e < table.events.length; e++) {
      const ev = { type: table.events[e] };
      const expected = !final && snap.can(ev) ? table.states.indexOf(String(getNextSnapshot(machine, snap, ev).value)) : -1;
      expect(step(table, s, e)).toBe(expected);
    }
  }
}

describe('deriveTable reads the transition definitions as XState runs them', () => {
  it('a state\'s own transition before the machine\'s, a targetless one stays, a final state takes nothing', () => {
    const m = createMachine({
      id: 'shapes',
      initial: 'a',
      on: { RESET: '.a', STOP: '.done' },
      states: { a: { on: { GO: 'b', STAY: { actions: () => undefined } } }, b: { on: { RESET: 'b', GO: 'a' } }, done: { type: 'final' } },
    });
    expectAgreement(m);
    const t = deriveTable(m);
    const at = (from: string, ev: string): string | undefined => t.states[step(t, t.states.indexOf(from), t.events.indexOf(ev))];
    expect([at('a', 'RESET'), at('b', 'RESET'), at('a', 'STAY'), at('done', 'RESET')]).toEqual(['a', 'b', 'a', undefined]);
  });

  it('refuses what a table cannot hold: guards and nested states', () => {
    const guarded = createMachine({ id: 'guarded', initial: 'a', states: { a: { on: { GO: { target: 'b', guard: () => false } } }, b: {} } });
    expect(() => deriveTable(guarded)).toThrow(/guarded/);
    const nested = createMachine({ id: 'nested', initial: 'a', states: { a: { initial: 'x', states: { x: {} } } } });
    expect(() => deriveTable(nested)).toThrow(/flat/);
  });
});

describe.each(machines.map((m) => [m.id, m] as const))('machine %s', (_id, machine) => {
  const table = deriveTable(machine);

  it('table agrees with getNextSnapshot on every state and event', () => expectAgreement(machine));

  it('table agrees with a running actor along random event sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: table.events.length - 1 }), { maxLength: 30 }), (events) => {
        const actor = createActor(machine).start();
        let s = table.initial;
        for (const e of events) {
          const t = step(table, s, e);
          if (actor.getSnapshot().status === 'done') {
            // A final state accepts nothing; the actor would only warn.
            expect(t).toBe(-1);
            continue;
          }
          actor.send({ type: table.events[e] });
          if (t >= 0) s = t;
          expect(actor.getSnapshot().value).toBe(table.states[s]);
        }
        actor.stop();
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('table has exactly the edges of the machine graph', () => {
    const graph = toDirectedGraph(machine);
    const edges = new Set<string>();
    const walk = (node: typeof graph): void => {
      for (const e of node.edges) edges.add(`${e.source.key}-${e.label.text}->${e.target.key}`);
      node.children.forEach(walk);
    };
    walk(graph);
    const fromTable = new Set<string>();
    for (let s = 0; s < table.states.length; s++)
      for (let e = 0; e < table.events.length; e++) {
        const t = step(table, s, e);
        if (t >= 0) fromTable.add(`${table.states[s]}-${table.events[e]}->${table.states[t]}`);
      }
    expect([...fromTable].sort()).toEqual([...edges].sort());
  });
});
