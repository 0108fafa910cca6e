// One-sentence explanations of zero-loss and ordering violations, in the manner of Elle: built only
// from the acknowledgement record (what hosts were told, and when) and the image a reader sees.
// A system extracts both from its views; the wording is shared.

/** One host write as the ghost record shows it. */
export interface AckedWrite {
  /** Its name in the views, `w3`; the number orders writes by issue. */
  write: string;
  address: string;
  /** The step that first showed it issued, and acknowledged (undefined: never acknowledged). */
  issued: number;
  acked?: number;
}

const order = (w: string | null | undefined): number => {
  const m = /^w(\d+)/.exec(String(w ?? ''));
  return m ? Number(m[1]) : -1;
};

/** The first step (0 = initial state) whose view satisfies `p`, or undefined. */
export function firstStep<V>(views: V[], p: (v: V) => boolean): number | undefined {
  const i = views.findIndex(p);
  return i < 0 ? undefined : i;
}

export interface Image {
  /** Who holds it: "the secondary S", "225D at the async site". */
  holder: string;
  /** address -> the write it holds (null: none). */
  cells: Record<string, string | null>;
  /** The step the image is read at. */
  step: number;
}

const holds = (img: Image): string => {
  const cells = Object.entries(img.cells);
  return cells.length === 0 ? 'nothing' : cells.map(([a, w]) => `${a}=${w ?? 'empty'}`).join(', ');
};

/**
 * "w3 was acknowledged at step 5; <event> at step 7; after step 9 the secondary S holds a0=w1,
 * a1=w2 and not w3." Picks the first acknowledged write the image lacks (it holds neither it nor a
 * later write to its address). Undefined when the image lacks none.
 */
export function lossSentence(writes: AckedWrite[], img: Image, event?: { what: string; step: number }): string | undefined {
  const lost = writes.filter((w) => w.acked !== undefined && order(img.cells[w.address]) < order(w.write));
  if (lost.length === 0) return undefined;
  const w = lost[0];
  const more = lost.length > 1 ? ` (nor ${lost.slice(1).map((x) => x.write).join(', ')})` : '';
  return `${w.write} (to ${w.address}) was acknowledged at step ${w.acked}${event ? `; ${event.what} at step ${event.step}` : ''}; after step ${img.step} ${img.holder} holds ${holds(img)} and not ${w.write}${more}.`;
}

/**
 * "w2 < w3 because w2 was acknowledged at step 4 before w3 was issued at step 6; however, after
 * step 9 the secondary S holds w3 (a1) and not w2 (a0 = w0)." Undefined when the image is a prefix.
 */
export function orderSentence(writes: AckedWrite[], img: Image): string | undefined {
  for (const later of writes) {
    if (img.cells[later.address] !== later.write) continue;
    for (const earlier of writes) {
      if (earlier.acked === undefined || earlier.acked > later.issued || order(earlier.write) >= order(later.write)) continue;
      if (order(img.cells[earlier.address]) >= order(earlier.write)) continue;
      return (
        `${earlier.write} < ${later.write} because ${earlier.write} was acknowledged at step ${earlier.acked} before ${later.write} was issued at step ${later.issued}; ` +
        `however, after step ${img.step} ${img.holder} holds ${later.write} (${later.address}) and not ${earlier.write} (${earlier.address} = ${img.cells[earlier.address] ?? 'empty'}).`
      );
    }
  }
  return undefined;
}

/** Same-address order: the image went back from a newer write to an older one. */
export function regressionSentence(address: string, from: string, to: string | null, step: number, holder: string): string {
  return `${holder} held ${from} at ${address} and went back to ${to ?? 'empty'} at step ${step}, though ${from} was written after ${to ?? 'nothing'}.`;
}

/**
 * The first step at which an image went back at some address: from a write to an older write or to
 * nothing. `cells(i)` is the image after step i (0: the initial state).
 */
export function firstRegression(steps: number, cells: (i: number) => Record<string, string | null>, holder: string): string | undefined {
  const isWrite = (x: string | null): x is string => x !== null && /^w\d+$/.test(x);
  for (let i = 1; i <= steps; i++) {
    const a = cells(i - 1);
    const b = cells(i);
    for (const k of Object.keys(a)) {
      const before = a[k];
      const after = b[k];
      if (isWrite(before) && (after === null || (isWrite(after) && order(after) < order(before)))) return regressionSentence(k, before, after, i, holder);
    }
  }
  return undefined;
}
