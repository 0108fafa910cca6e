// The part of a lifecycle machine a configuration can reach with the events it can send, from
// xstate/graph. The exhaustive exploration must cover exactly this part: a reachable transition it
// misses is a gap in the model, a transition it takes outside it is a wrong event list.
import type { AnyStateMachine } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';

export interface ReachablePart {
  states: string[];
  transitions: string[];
}

export const edgeKey = (from: string, event: string, to: string): string => `${from} -${event}-> ${to}`;

/** From the machine's initial state, or from `initial` where a configuration starts its instances elsewhere (several: the union). */
export function reachablePart(machine: AnyStateMachine, events: string[], initial?: string | string[]): ReachablePart {
  if (Array.isArray(initial)) {
    const parts = initial.map((i) => reachablePart(machine, events, i));
    return { states: [...new Set(parts.flatMap((p) => p.states))].sort(), transitions: [...new Set(parts.flatMap((p) => p.transitions))].sort() };
  }
  const fromState = initial === undefined ? undefined : machine.resolveState({ value: initial, context: {} });
  const adj = getAdjacencyMap(machine, { events: events.map((type) => ({ type })), ...(fromState ? { fromState } : {}) });
  const states = new Set<string>();
  const transitions = new Set<string>();
  for (const { state, event, nextState } of adjacencyMapToArray(adj)) {
    const from = String(state.value);
    const to = String(nextState.value);
    states.add(from);
    states.add(to);
    if (from !== to) transitions.add(edgeKey(from, event.type, to)); // from === to: the state ignores the event
  }
  states.add(initial ?? String(machine.config.initial));
  return { states: [...states].sort(), transitions: [...transitions].sort() };
}
