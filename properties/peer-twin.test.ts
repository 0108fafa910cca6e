// The peer-twin benchmark model (src/bench/peer-twin.ts) must keep the state space its TLA+ and
// SPIN twins have (657,657 distinct states), or the timings `npm run bench` compares are not of
// the same problem; its invariant must be able to fail.
import { describe, expect, it } from 'vitest';
import { exploreExhaustive } from '../src/engine/exhaustive.js';
import { exploreRandom } from '../src/engine/random.js';
import { replayTrace } from '../src/engine/trace.js';
import { PEER_TWIN_STATES, peerTwin } from '../src/bench/peer-twin.js';

describe('peer-twin', () => {
  it('has exactly the 657,657 distinct states of its TLC and SPIN twins, the invariant holding and the witness reached', () => {
    const r = exploreExhaustive(peerTwin(), { liveness: false });
    expect({ states: r.states, transitions: r.transitions, verdict: r.verdict, depth: r.depth }).toEqual({ states: PEER_TWIN_STATES, transitions: 2_138_648, verdict: 'holds', depth: 18 });
    expect(r.witnesses.destaged).not.toBeNull();
  });

  it('a destage that takes the latest write within the limit breaks the prefix invariant, in both explorers', () => {
    const m = peerTwin(2, 2, 6, 'latest');
    const r = exploreExhaustive(m, { liveness: false });
    expect(r.violation?.property).toBe('prefix');
    const steps = r.violation!.actions.map((a, i, all) => {
      const s = new Int32Array(m.init()[0]);
      const t = new Int32Array(m.stateSize);
      for (const b of all.slice(0, i)) {
        m.next(s, b, t);
        s.set(t);
      }
      return { action: m.actionToJson(s, a) };
    });
    expect(replayTrace(m, { init: 0, steps, violated: { id: 'prefix', kind: 'always' } }).matchesRecorded).toBe(true);
    expect(exploreRandom(m, { runs: 2000, seed: 3, steps: 30, liveness: false }).violation?.property).toBe('prefix');
  });
});
