// State vector layout: named fields at fixed offsets, allocated once when a model is built.

export interface Layout {
  /** Reserves `n` consecutive Int32 slots and returns the offset of the first. */
  field(n?: number): number;
  /** The vector length so far. */
  readonly size: number;
}

export function createLayout(): Layout {
  let size = 0;
  return {
    field(n = 1) {
      const o = size;
      size += n;
      return o;
    },
    get size() {
      return size;
    },
  };
}

/** Each named field's span [start, end) in a vector of `size` words: a field runs to the next field's start. */
export function fieldSpans(fields: Record<string, number>, size: number): Map<string, [number, number]> {
  const starts = [...new Set(Object.values(fields))].sort((a, b) => a - b);
  const spans = new Map<string, [number, number]>();
  for (const [name, o] of Object.entries(fields)) {
    const next = starts.find((x) => x > o);
    spans.set(name, [o, next ?? size]);
  }
  return spans;
}

/**
 * The positions of whole named fields, for a check's `reads` or `watches` (contract.ts): declared by
 * field, so an index computed from the state (a write's slot, an address) stays inside.
 */
export function fieldPositions<K extends string>(fields: Record<K, number>, size: number): (...names: K[]) => Int32Array {
  const spans = fieldSpans(fields, size);
  return (...names) => {
    const out: number[] = [];
    for (const name of names) {
      const sp = spans.get(name);
      if (!sp) throw new Error(`no field ${name}`);
      for (let p = sp[0]; p < sp[1]; p++) out.push(p);
    }
    return Int32Array.from(new Set(out)).sort();
  };
}

/**
 * A model's `next` from its `update` (contract.ts): the copy of the state, then the words the action
 * changes. Each model here writes only `update` and takes `next` from it, so the two cannot drift apart.
 */
export function nextFrom(update: (s: Int32Array, action: number, out: Int32Array) => void): (s: Int32Array, action: number, out: Int32Array) => void {
  return (s, action, out) => {
    out.set(s);
    update(s, action, out);
  };
}
