// Random exploration on fast-check. A run is a list of choices plus a swarm salt; choice c in a
// state with n enabled actions takes one of them, weighted by the salt. Because a run is plain data,
// fast-check shrinks a failing run towards fewer and earlier choices and towards salt 0 (uniform
// weights), and the shrunk run is replayed once more to produce the counterexample trace. Seed and
// path reproduce the exact failing run.
//
// Swarm testing (Groce et al., ISSTA 2012): each run draws its own weight for every action, from
// 1 to 128, so that some actions run eagerly and others lag far behind. A uniform choice delivers
// every message soon after it is sent; bugs that need one copy of a message to arrive long after
// the others (a late duplicate, a slow peer) hide from it and show up under lopsided weights.
import fc from 'fast-check';
import type { Model } from './contract.js';
import { Completer, violatedAlways, violatedStep } from './check.js';
import type { Violation } from './exhaustive.js';

export interface RandomOptions {
  runs: number;
  seed: number;
  /** Maximum number of actions in one run. */
  steps: number;
  liveness?: boolean;
  /** fast-check replay path (with the same seed) to re-run one shrunk failure directly. */
  path?: string;
  /** Stop starting new runs after this many milliseconds (the result is then incomplete). */
  maxMs?: number;
}

export interface RandomResult {
  verdict: 'holds' | 'violated';
  violation?: Violation;
  runs: number;
  actions: number;
  ms: number;
  seed: number;
  /** fast-check's path to the shrunk counterexample, for `--seed S --path P`. */
  path?: string;
  shrinks?: number;
  witnesses: Record<string, number | null>;
  /** False when `maxMs` stopped the runs before their number was reached. */
  complete: boolean;
}

/**
 * How a run's choice picks among the enabled actions `acts[0..n)`. A choice c takes a fault when
 * c mod 8 = 7 (and one is enabled), else a non-fault action: faults get about one choice in eight
 * whatever their number, and shrinking (towards 0) shrinks towards ordinary steps. Salt 0 weights
 * actions uniformly; another salt weights each action 1 << (0..7), from a hash of (code, salt).
 * The conformance driver picks the same way.
 */
export function actionPicker(model: Model): (acts: Int32Array, n: number, choice: number, salt: number) => number {
  const isFault = model.fault;
  const normal = new Int32Array(model.maxActions);
  const faults = new Int32Array(model.maxActions);
  const weight = (c: number, salt: number): number => {
    let h = Math.imul(c ^ salt, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    return 1 << ((h >>> 13) & 7);
  };
  const weighted = (from: Int32Array, n: number, choice: number, salt: number): number => {
    if (salt === 0) return from[choice % n];
    let total = 0;
    for (let i = 0; i < n; i++) total += weight(from[i], salt);
    let x = choice % total;
    for (let i = 0; i < n; i++) {
      x -= weight(from[i], salt);
      if (x < 0) return from[i];
    }
    return from[n - 1];
  };
  return (acts, n, choice, salt) => {
    if (!isFault) return weighted(acts, n, choice, salt);
    let nn = 0;
    let nf = 0;
    for (let i = 0; i < n; i++) {
      if (isFault(acts[i])) faults[nf++] = acts[i];
      else normal[nn++] = acts[i];
    }
    if (nf > 0 && (choice % 8 === 7 || nn === 0)) return weighted(faults, nf, choice >>> 3, salt);
    return weighted(normal, nn, choice >>> 3, salt);
  };
}

export function exploreRandom(model: Model, opts: RandomOptions): RandomResult {
  const t0 = Date.now();
  const inits = model.init();
  const acts = new Int32Array(model.maxActions);
  let cur = new Int32Array(model.stateSize);
  let tmp = new Int32Array(model.stateSize);
  const completer = (opts.liveness ?? true) ? new Completer(model, null) : null;
  const sometimes = model.sometimes;
  const reachedInRun: (number | null)[] = sometimes.map(() => null);
  let actionCount = 0;
  let runIndex = 0;

  const pick = actionPicker(model);
  let salt = 0;

  // Executes one run; returns the violation it ends in, if any.
  const execute = (init: number, runSalt: number, choices: number[], record: number[] | null): string | undefined => {
    salt = runSalt;
    cur.set(inits[init]);
    let bad = violatedAlways(model, cur);
    if (bad !== undefined) return bad;
    for (let i = 0; i < choices.length; i++) {
      const n = model.actions(cur, acts);
      if (n === 0) break;
      const code = pick(acts, n, choices[i], salt);
      model.next(cur, code, tmp);
      actionCount++;
      if (record) record.push(code);
      bad = violatedStep(model, cur, code, tmp);
      if (bad !== undefined) return bad;
      const t = cur;
      cur = tmp;
      tmp = t;
      bad = violatedAlways(model, cur);
      if (bad !== undefined) return bad;
      for (let w = 0; w < sometimes.length; w++) {
        if (reachedInRun[w] === null && sometimes[w].reached(cur)) reachedInRun[w] = runIndex;
      }
    }
    if (completer) {
      const c = completer.run(cur);
      if (!c.ok) {
        if (record) record.push(...c.actions);
        return c.property;
      }
    }
    return undefined;
  };

  const arb = fc.tuple(
    fc.nat({ max: inits.length - 1 }),
    fc.nat({ max: 0xffff }),
    fc.array(fc.nat({ max: 0xffff }), { minLength: 1, maxLength: opts.steps, size: 'max' }),
  );
  const details = fc.check(
    fc.property(arb, ([init, runSalt, choices]) => {
      runIndex++;
      return execute(init, runSalt, choices, null) === undefined;
    }),
    // Unbiased: fast-check's default bias favours tiny arrays, which would make most runs a
    // handful of actions long; shrinking still reduces a failure to a short run.
    {
      numRuns: opts.runs,
      seed: opts.seed,
      path: opts.path,
      endOnFailure: false,
      unbiased: true,
      ...(opts.maxMs !== undefined ? { interruptAfterTimeLimit: opts.maxMs } : {}),
    },
  );

  const witnesses = Object.fromEntries(sometimes.map((w, i) => [w.id, reachedInRun[i]]));
  if (details.failed && details.counterexample === null) throw details.errorInstance ?? new Error('random exploration failed');
  if (!details.failed || details.counterexample === null) {
    return { verdict: 'holds', runs: details.numRuns, actions: actionCount, ms: Date.now() - t0, seed: opts.seed, witnesses, complete: !details.interrupted };
  }
  const [init, runSalt, choices] = details.counterexample[0];
  const actions: number[] = [];
  const property = execute(init, runSalt, choices, actions);
  if (property === undefined) throw new Error('shrunk counterexample did not reproduce');
  return {
    verdict: 'violated',
    violation: { property, init, actions },
    runs: details.numRuns,
    actions: actionCount,
    ms: Date.now() - t0,
    seed: opts.seed,
    path: details.counterexamplePath ?? undefined,
    shrinks: details.numShrinks,
    witnesses,
    complete: true,
  };
}
