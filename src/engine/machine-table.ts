// The XState machine is the single source of truth for a lifecycle; the explorers use a
// transition table derived from it once (a typed-array lookup instead of getNextSnapshot in the
// hot loop). properties/machines.test.ts proves that table and machine agree.
import { getNextSnapshot, type AnyStateMachine } from 'xstate';
import type { MachineTable } from './table.js';

export * from './table.js';

/** Flat machines only: the lifecycles here are single-level, context-free machines. */
export function deriveTable(machine: AnyStateMachine): MachineTable {
  const states = Object.keys(machine.root.states);
  const events = [...new Set(machine.events as string[])].filter((e) => !e.startsWith('xstate.')).sort();
  const next = new Int8Array(states.length * events.length).fill(-1);
  for (let s = 0; s < states.length; s++) {
    const snap = machine.resolveState({ value: states[s], context: {} });
    for (let e = 0; e < events.length; e++) {
      const ev = { type: events[e] };
      if (!snap.can(ev)) continue;
      const value = getNextSnapshot(machine, snap, ev).value;
      if (typeof value !== 'string') throw new Error(`${machine.id}: only flat machines can be tabulated`);
      next[s * events.length + e] = states.indexOf(value);
    }
  }
  const init = machine.config.initial;
  return { id: machine.id, states, events, initial: states.indexOf(String(init)), next };
}
