// The XState machine is the single source of truth for a lifecycle; the explorers use a
// transition table derived from it once (a typed-array lookup instead of getNextSnapshot in the
// hot loop). properties/machines.test.ts proves that table and machine agree.
import type { AnyStateMachine } from 'xstate';
import type { MachineTable } from './table.js';

export * from './table.js';

/**
 * Flat machines only: the lifecycles here are single-level, context-free machines without guards.
 * The table is read from the machine's transition definitions, not by running it: running
 * `getNextSnapshot` over every (state, event) at start-up made XState's own functions hot enough
 * for the optimizing compiler, whose queue then held up the explorer's (20 % of the smallest
 * searches' time). properties/machines.test.ts checks the table against `getNextSnapshot` on
 * every state and event.
 */
export function deriveTable(machine: AnyStateMachine): MachineTable {
  const root = machine.root;
  const states = Object.keys(root.states);
  const events = [...new Set(machine.events as string[])].filter((e) => !e.startsWith('xstate.')).sort();
  const next = new Int8Array(states.length * events.length).fill(-1);
  for (let s = 0; s < states.length; s++) {
    const node = root.states[states[s]];
    if (Object.keys(node.states).length > 0) throw new Error(`${machine.id}: only flat machines can be tabulated`);
    // A final state ends the machine: it takes no event.
    if (node.type === 'final') continue;
    for (let e = 0; e < events.length; e++) {
      // The state's own transition first, else the machine's (XState's selection order).
      const ts = node.transitions.get(events[e]) ?? root.transitions.get(events[e]);
      if (!ts || ts.length === 0) continue;
      const t = ts[0];
      if (ts.length > 1 || t.guard !== undefined) throw new Error(`${machine.id}: guarded transitions cannot be tabulated`);
      if (t.target !== undefined && (t.target.length !== 1 || t.target[0].parent !== root)) throw new Error(`${machine.id}: only flat machines can be tabulated`);
      next[s * events.length + e] = t.target === undefined ? s : states.indexOf(t.target[0].key);
    }
  }
  const init = machine.config.initial;
  return { id: machine.id, states, events, initial: states.indexOf(String(init)), next };
}
