// Ghost state: what hosts and operators observed (acknowledgements, rejections, arrivals), kept in
// the state vector beside the implementation's own fields. Outcome properties read only the ghost and
// the images hosts can read, so an implementation cannot make a loss disappear by relabelling its own
// bookkeeping. This step property makes that structural: a ghost field may go from 0 to a value and
// from a pending value to a final one, but a final value never changes and nothing returns to 0.
// Ghost counters may only grow, and ghost masks only gain members.
import type { State, StepCheck } from './contract.js';

export interface GhostField {
  offset: number;
  /** Values at or above this are final (e.g. 2 = acknowledged when 1 = pending). */
  finalFrom: number;
}

export interface GhostExtras {
  /** Counters that never go down. */
  grows?: number[];
  /** Bitmasks that never lose a member. */
  supersets?: number[];
}

// Per position, what a change there must obey.
const FIELD = 1;
const GROWS = 2;
const SUPERSET = 4;

export function ghostIntegrity(id: string, fields: GhostField[], extras: GhostExtras = {}): StepCheck & { holdsAt: NonNullable<StepCheck['holdsAt']> } {
  const all = [...fields.map((f) => f.offset), ...(extras.grows ?? []), ...(extras.supersets ?? [])];
  const watched = Int32Array.from(new Set(all));
  const size = all.length === 0 ? 0 : Math.max(...all) + 1;
  const rule = new Uint8Array(size);
  // A position listed twice as a field obeys the stricter (lower) final value.
  const finalAt = new Int32Array(size).fill(2 ** 31 - 1);
  for (const f of fields) {
    rule[f.offset] |= FIELD;
    finalAt[f.offset] = Math.min(finalAt[f.offset], f.finalFrom);
  }
  for (const x of extras.grows ?? []) rule[x] |= GROWS;
  for (const x of extras.supersets ?? []) rule[x] |= SUPERSET;
  // The rules of one position `o` whose value changed from `before` to `after`.
  const obeys = (o: number, before: number, after: number): boolean => {
    const r = rule[o];
    if ((r & FIELD) !== 0 && (before >= finalAt[o] || after === 0)) return false;
    if ((r & GROWS) !== 0 && after < before) return false;
    if ((r & SUPERSET) !== 0 && (before & ~after) !== 0) return false;
    return true;
  };
  return {
    id,
    // Only a ghost position that changed can break it.
    watches: watched,
    holds(prev: State, _action: number, next: State): boolean {
      for (let i = 0; i < watched.length; i++) {
        const o = watched[i];
        if (prev[o] !== next[o] && !obeys(o, prev[o], next[o])) return false;
      }
      return true;
    },
    // The explorer knows which positions the transition changed: only those are looked at.
    holdsAt(prev: State, _action: number, next: State, changed: Int32Array, from: number, n: number): boolean {
      for (let j = from; j < from + n; j++) {
        const o = changed[j];
        if (o < size && rule[o] !== 0 && !obeys(o, prev[o], next[o])) return false;
      }
      return true;
    },
  };
}
