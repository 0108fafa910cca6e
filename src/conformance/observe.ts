// Observation projections: the part of a model's view that hosts and operators can see, which an
// implementation under test must report in the same shape.
import type { Json } from '../engine/contract.js';

/** The view's entries under these keys (those present), in this order. */
export const observeKeys =
  (...keys: string[]) =>
  (view: Record<string, Json>): Json =>
    Object.fromEntries(keys.filter((k) => Object.hasOwn(view, k)).map((k) => [k, view[k]]));
