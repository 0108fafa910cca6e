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
