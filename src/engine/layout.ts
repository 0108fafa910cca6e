// State vector layout: named fields at fixed offsets, allocated once when a model is built.

export interface Layout {
  /** Reserves `n` consecutive Int32 slots and returns the offset of the first. */
  field(n?: number): number;
  /** Reserves a set of `n` members (0..n-1, at most 30), `setWords(n)` slots: see `hasMember`. */
  set(n: number): number;
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
    set(n) {
      if (!(Number.isInteger(n) && n >= 1 && n <= 30)) throw new Error(`a set of ${n} members: a layout's sets take 1 to 30`);
      const o = size;
      size += setWords(n);
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

// Sets of small integers (blocks, hosts, volumes) in a state vector, 8 members a word. A flag or a
// count per member takes a word each, and the explorers copy, compare and queue every word of a
// state per transition (ordered-delivery's tape: 66 words as flags, 38 as sets). Each word stays
// within a byte's range, sign-extended: the layer queue stores a word in -128..127 as one byte
// (kernel.ts), and keeps a wider one beside the record, at a cost.

/** Words a set of `n` members takes. */
export const setWords = (n: number): number => Math.ceil(n / 8);

/** Whether `k` is in the set at offset `at` of `s`: 1 or 0. */
export const hasMember = (s: Int32Array, at: number, k: number): number => (s[at + (k >> 3)] >> (k & 7)) & 1;

/** Adds `k` to the set at offset `at` of `s`. */
export function addMember(s: Int32Array, at: number, k: number): void {
  const w = at + (k >> 3);
  s[w] = ((s[w] | (1 << (k & 7))) << 24) >> 24;
}

/** Removes `k` from the set at offset `at` of `s`. */
export function removeMember(s: Int32Array, at: number, k: number): void {
  const w = at + (k >> 3);
  s[w] = ((s[w] & ~(1 << (k & 7))) << 24) >> 24;
}

/** The set of `words` words at offset `at` of `s` as the bits of one number (member k: bit k). */
export function membersOf(s: Int32Array, at: number, words: number): number {
  let m = 0;
  for (let w = 0; w < words; w++) m |= (s[at + w] & 255) << (8 * w);
  return m;
}

/** The lowest member of a non-empty set given as bits (`membersOf`): with `m &= m - 1`, members in increasing order. */
export const lowestMember = (m: number): number => 31 - Math.clz32(m & -m);

/** How many members a set given as bits has. */
export function memberCount(m: number): number {
  m -= (m >>> 1) & 0x55555555;
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return Math.imul((m + (m >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
