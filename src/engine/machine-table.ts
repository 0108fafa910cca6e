// The XState machine is the single source of truth for a lifecycle; the explorers use a
// transition table derived from it once (a typed-array lookup instead of getNextSnapshot in the
// hot loop). properties/machines.test.ts proves that table and machine agree.
import { getNextSnapshot, type AnyStateMachine } from 'xstate';

export interface MachineTable {
  id: string;
  states: string[];
  events: string[];
  initial: number;
  /** next[state * events.length + event]: the target state index, or -1 when not accepted. */
  next: Int8Array;
}

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

/** Index of an event in a table, for building the lookups once at model build time. */
export function eventIndex(t: MachineTable, type: string): number {
  const i = t.events.indexOf(type);
  if (i < 0) throw new Error(`${t.id}: no event ${type}`);
  return i;
}

export function stateIndex(t: MachineTable, name: string): number {
  const i = t.states.indexOf(name);
  if (i < 0) throw new Error(`${t.id}: no state ${name}`);
  return i;
}

/** The table lookup used by the models: next state index, or -1 when the event is not accepted. */
export function step(t: MachineTable, state: number, event: number): number {
  return t.next[state * t.events.length + event];
}

/** Edges as (from, event, to) names. */
export function edges(t: MachineTable): { from: string; event: string; to: string }[] {
  const out: { from: string; event: string; to: string }[] = [];
  for (let s = 0; s < t.states.length; s++)
    for (let e = 0; e < t.events.length; e++) {
      const to = step(t, s, e);
      if (to >= 0) out.push({ from: t.states[s], event: t.events[e], to: t.states[to] });
    }
  return out;
}
