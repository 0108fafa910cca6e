// Property evaluation shared by both explorers and by replay.
import type { Model, State } from './contract.js';
import { HASH, hashDelta, hashPair, hashVector } from './kernel.js';

/** States known to complete (a FingerprintSet's DONE flags). */
export interface CompletionMemo {
  isDone(a: number, b: number): boolean;
  markDone(a: number, b: number): void;
}

export function violatedAlways(model: Model, s: State): string | undefined {
  const checks = model.always;
  for (let i = 0; i < checks.length; i++) if (!checks[i].holds(s)) return checks[i].id;
  return undefined;
}

export function violatedStep(model: Model, prev: State, action: number, next: State): string | undefined {
  const checks = model.step;
  for (let i = 0; i < checks.length; i++) if (!checks[i].holds(prev, action, next)) return checks[i].id;
  return undefined;
}

/** The first `eventually` property a quiescent state fails, if any. */
export function unconverged(model: Model, s: State): string | undefined {
  for (const ev of model.eventually) if (!ev.converged(s)) return ev.id;
  return undefined;
}

export type Completion =
  | { ok: true }
  | { ok: false; property: string; actions: number[]; safety: boolean };

/**
 * The fault-free completion of `start`: repeatedly take the first fair action (by code order)
 * whose successor this completion has not visited yet, until none is left. Liveness holds from
 * `start` when the state it stops in satisfies every `eventually` property. Fair actions include
 * recoveries and link-up, so faults heal; they exclude new host writes and new faults.
 *
 * `memo` holds states already known to complete successfully; reaching one ends the walk, which
 * keeps the check close to linear over a whole exploration.
 *
 * With no `eventually` property the walk still checks safety on its way: the random explorer ends
 * each run with it, so that a run cut short by its length still reaches the states its faults lead to
 * once the system settles (a drain after a lost primary, a resync after a suspend).
 *
 * `safety` false: the walk does not evaluate the always and step properties. The exhaustive explorer
 * asks for that: every state and transition of a completion is reachable, so its own search checks
 * them, and a safety violation ends that search before any liveness failure is reported.
 */
export class Completer {
  private cur: State;
  private tmp: State;
  private acts: Int32Array;
  private pathA: number[] = [];
  private pathB: number[] = [];
  private codes: number[] = [];

  constructor(
    private readonly model: Model,
    private readonly memo: CompletionMemo | null,
    private readonly limit = 100_000,
    private readonly safety = true,
  ) {
    this.cur = hashVector(model.stateSize);
    this.tmp = hashVector(model.stateSize);
    this.acts = new Int32Array(model.maxActions);
  }

  /** From `start`; (a, b): its fingerprint when the caller has it. */
  run(start: State, a?: number, b?: number): Completion {
    this.clear();
    this.cur.set(start);
    if (a === undefined || b === undefined) {
      hashPair(this.cur);
      a = HASH[0];
      b = HASH[1];
    }
    return this.walk(a, b, 0);
  }

  /**
   * The completion of the state fingerprinted (a0, b0), whose first step the caller took: `code`
   * to `next`, fingerprinted (a, b), which is not known to complete. The exhaustive explorer takes
   * that step while it expands the state, so the completion costs it no second `actions` and `next`.
   */
  resume(a0: number, b0: number, code: number, next: State, a: number, b: number): Completion {
    this.clear();
    this.pathA.push(a0);
    this.pathB.push(b0);
    this.codes.push(code);
    this.cur.set(next);
    return this.walk(a, b, 1);
  }

  private clear(): void {
    this.pathA.length = 0;
    this.pathB.length = 0;
    this.codes.length = 0;
  }

  private walk(a: number, b: number, from: number): Completion {
    const { model, memo, pathA, pathB, codes } = this;
    for (let step = from; step < this.limit; step++) {
      if (memo !== null && memo.isDone(a, b)) return this.succeed();
      pathA.push(a);
      pathB.push(b);
      const n = model.actions(this.cur, this.acts);
      let chosen = -1;
      for (let i = 0; i < n && chosen < 0; i++) {
        const code = this.acts[i];
        if (!model.fair(code)) continue;
        model.next(this.cur, code, this.tmp);
        hashDelta(this.cur, a, b, this.tmp);
        if (!this.onPath(HASH[0], HASH[1])) chosen = code;
      }
      if (chosen < 0) {
        const bad = unconverged(model, this.cur);
        if (bad !== undefined) return { ok: false, property: bad, actions: codes.slice(), safety: false };
        return this.succeed();
      }
      codes.push(chosen);
      // `tmp` holds the chosen successor and `HASH` its fingerprint: the search stopped on it.
      a = HASH[0];
      b = HASH[1];
      // The completion is a behaviour too: a safety violation on its way is reported as such.
      if (this.safety) {
        const bad = violatedStep(model, this.cur, chosen, this.tmp) ?? violatedAlways(model, this.tmp);
        if (bad !== undefined) return { ok: false, property: bad, actions: codes.slice(), safety: true };
      }
      const t = this.cur;
      this.cur = this.tmp;
      this.tmp = t;
    }
    return { ok: false, property: model.eventually[0].id, actions: codes.slice(), safety: false };
  }

  private onPath(a: number, b: number): boolean {
    for (let i = 0; i < this.pathA.length; i++) if (this.pathA[i] === a && this.pathB[i] === b) return true;
    return false;
  }

  private succeed(): Completion {
    if (this.memo !== null) for (let i = 0; i < this.pathA.length; i++) this.memo.markDone(this.pathA[i], this.pathB[i]);
    return { ok: true };
  }
}
