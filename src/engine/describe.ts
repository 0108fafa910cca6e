// Step descriptions from a table: per action type, the lane that takes it and the message it moves.
// Systems declare what their actions mean for a reader (who acts, what crosses between sites);
// the trace records it and every diagram draws from the trace.
import type { Action, Json, StepDescription, TraceMessage } from './contract.js';

type View = Record<string, Json>;
type Part<T> = T | ((a: Action, before: View, after: View) => T);

export interface MessageRule {
  to: Part<string>;
  from?: Part<string>;
  kind?: TraceMessage['kind'];
  label: Part<string>;
  /** Pairs a send with its delivery; defaults to the label. */
  id?: Part<string>;
}

export interface StepRule {
  /** The lane taking the step. */
  actor: Part<string>;
  /** The message(s) the step moves, from `actor` (or `from`) to `to`. */
  message?: MessageRule | MessageRule[];
}

const get = <T>(p: Part<T>, a: Action, before: View, after: View): T => (typeof p === 'function' ? (p as (a: Action, b: View, c: View) => T)(a, before, after) : p);

/** `describe` for a model from a table of rules by action type; an unknown type is a bug. */
export function describeBy(rules: Record<string, StepRule>): (a: Action, before: View, after: View) => StepDescription {
  return (a, before, after) => {
    const r = Object.hasOwn(rules, a.type) ? rules[a.type] : undefined;
    if (!r) return { actor: 'system', messages: [] };
    const actor = get(r.actor, a, before, after);
    const ms = r.message === undefined ? [] : Array.isArray(r.message) ? r.message : [r.message];
    return {
      actor,
      messages: ms.map((m) => {
        const label = get(m.label, a, before, after);
        return {
          id: m.id === undefined ? label : get(m.id, a, before, after),
          from: m.from === undefined ? actor : get(m.from, a, before, after),
          to: get(m.to, a, before, after),
          kind: m.kind ?? 'transfer',
          label,
        };
      }),
    };
  };
}

/** The fields a model needs for diagrams: its describe function and its lanes (from its first initial state). */
export function narration(
  m: { view(s: Int32Array): View; init(): Int32Array[] },
  describe: (a: Action, before: View, after: View) => StepDescription,
  lanesOf: (v: View) => string[],
): { describe: (a: Action, before: View, after: View) => StepDescription; lanes: string[] } {
  return { describe, lanes: lanesOf(m.view(m.init()[0])) };
}
