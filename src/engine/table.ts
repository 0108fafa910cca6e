// Lookups over a lifecycle's transition table, without XState: the explorers load this module, so that
// a run does not pay for loading XState (machine-table.ts derives the tables from the machines).

export interface MachineTable {
  id: string;
  states: string[];
  events: string[];
  initial: number;
  /** next[state * events.length + event]: the target state index, or -1 when not accepted. */
  next: Int8Array;
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
