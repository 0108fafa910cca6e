// Ghost state: what hosts and operators observed (acknowledgements, rejections, arrivals), kept in
// the state vector beside the implementation's own fields. Outcome properties read only the ghost and
// the images hosts can read, so an implementation cannot make a loss disappear by relabelling its own
// bookkeeping. This step property makes that structural: a ghost field may go from 0 to a value and
// from a pending value to a final one, but a final value never changes and nothing returns to 0.
import type { StepCheck } from './contract.js';

export interface GhostField {
  offset: number;
  /** Values at or above this are final (e.g. 2 = acknowledged when 1 = pending). */
  finalFrom: number;
}

export function ghostIntegrity(id: string, fields: GhostField[]): StepCheck {
  const offsets = Int32Array.from(fields, (f) => f.offset);
  const finalFrom = Int32Array.from(fields, (f) => f.finalFrom);
  return {
    id,
    // Only a ghost field that changed can break it.
    watches: offsets,
    holds(prev, _action, next) {
      for (let i = 0; i < offsets.length; i++) {
        const o = offsets[i];
        const before = prev[o];
        if (before === next[o]) continue;
        if (before >= finalFrom[i] || next[o] === 0) return false;
      }
      return true;
    },
  };
}
