// The peer-twin abstraction of ordered-delivery (issue 13), on this project's system contract: the
// same state space as `peer-twin.pml` (SPIN) and the TLA+ twin, so that the explorers can be timed
// against theirs. 2 streams, 2 addresses, 6 writes; each write gets timestamp clock + 1 and its
// stream's next sequence number and enters an unordered network; a delivery caches it and advances
// its stream's high-water mark over the gap-free run; a round moves the limit time to the smallest
// high-water timestamp; destage writes the cached write with the lowest timestamp once it is within
// the limit. Invariant: the remote image is the image of a prefix of the writes in timestamp order.
// With these bounds it has exactly 657,657 distinct states: that equality is the test that it
// mirrors its peers.
import type { Action, Json, Model, State } from '../engine/contract.js';
import { nextFrom } from '../engine/layout.js';

export const PEER_TWIN_STATES = 657_657;

/**
 * `latest`: a naive destage that takes the cached write with the highest timestamp within the limit
 * (the test that the invariant can fail).
 */
export function peerTwin(NS = 2, NA = 2, MW = 6, destage: 'earliest' | 'latest' = 'earliest'): Model {
  // Layout: scalars, then per stream, then per address, then per write.
  const CLOCK = 0;
  const N = 1;
  const NET = 2; // bit i: write i in the network
  const CACHE = 3; // bit i: write i cached at the remote site
  const LIMIT = 4;
  const NEXT = 5; // per stream: next sequence number
  const RECV = NEXT + NS; // per stream: bit q: sequence q received
  const HWM = RECV + NS; // per stream: length of the gap-free run received
  const HWMTS = HWM + NS; // per stream: timestamp of its last write (0: none)
  const REMOTE = HWMTS + NS; // per address: write + 1 (0: never written)
  const WS = REMOTE + NA; // per write: stream
  const WA = WS + MW; // per write: address
  const WSEQ = WA + MW; // per write: sequence number
  const WTS = WSEQ + MW; // per write: timestamp
  const SIZE = WTS + MW;

  const WRITE0 = 0;
  const DELIVER0 = NS * NA;
  const ROUND = DELIVER0 + MW;
  const DESTAGE = ROUND + 1;

  const minHwmTs = (s: State): number => {
    let m = s[HWMTS];
    for (let q = 1; q < NS; q++) if (s[HWMTS + q] < m) m = s[HWMTS + q];
    return m;
  };
  /** The cached write with the lowest timestamp (naive: the highest within the limit), or -1. */
  const lowest = (s: State): number => {
    const c = s[CACHE];
    if (c === 0) return -1;
    let lo = -1;
    for (let i = 0; i < s[N]; i++) {
      if (!((c >> i) & 1)) continue;
      if (destage === 'latest' ? s[WTS + i] <= s[LIMIT] && (lo < 0 || s[WTS + i] > s[WTS + lo]) : lo < 0 || s[WTS + i] < s[WTS + lo]) lo = i;
    }
    return lo;
  };

  // `next` on a copy of `s` already in `out` (contract.ts).
  const update = (s: Int32Array, a: number, out: Int32Array): void => {
    if (a < DELIVER0) {
      const st = (a / NA) | 0;
      const i = out[N];
      out[CLOCK]++;
      out[WS + i] = st;
      out[WA + i] = a % NA;
      out[WSEQ + i] = out[NEXT + st]++;
      out[WTS + i] = out[CLOCK];
      out[NET] |= 1 << i;
      out[N] = i + 1;
    } else if (a < ROUND) {
      const i = a - DELIVER0;
      const st = out[WS + i];
      out[NET] &= ~(1 << i);
      out[CACHE] |= 1 << i;
      out[RECV + st] |= 1 << out[WSEQ + i];
      while ((out[RECV + st] >> out[HWM + st]) & 1) {
        for (let j = 0; j < out[N]; j++) if (out[WS + j] === st && out[WSEQ + j] === out[HWM + st]) out[HWMTS + st] = out[WTS + j];
        out[HWM + st]++;
      }
    } else if (a === ROUND) {
      out[LIMIT] = minHwmTs(out);
    } else {
      const lo = lowest(out);
      out[REMOTE + out[WA + lo]] = lo + 1;
      out[CACHE] &= ~(1 << lo);
    }
  };

  return {
    stateSize: SIZE,
    maxActions: DESTAGE + 1,
    init: () => [new Int32Array(SIZE)],
    actions(s, out) {
      let k = 0;
      if (s[N] < MW) for (let a = 0; a < NS * NA; a++) out[k++] = WRITE0 + a;
      const net = s[NET];
      for (let i = 0; i < s[N]; i++) if ((net >> i) & 1) out[k++] = DELIVER0 + i;
      if (minHwmTs(s) > s[LIMIT]) out[k++] = ROUND;
      const lo = lowest(s);
      if (lo >= 0 && s[WTS + lo] <= s[LIMIT]) out[k++] = DESTAGE;
      return k;
    },
    next: nextFrom(update),
    update,
    fair: () => true,
    actionToJson(s, a): Action {
      if (a < DELIVER0) return { type: 'write', stream: (a / NA) | 0, address: a % NA };
      if (a < ROUND) return { type: 'deliver', write: a - DELIVER0 };
      return { type: a === ROUND ? 'round' : 'destage' };
    },
    actionFromJson(j) {
      const n = (x: Json | undefined, max: number): number | undefined => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < max ? x : undefined);
      if (j.type === 'write') {
        const st = n(j.stream, NS);
        const ad = n(j.address, NA);
        return st === undefined || ad === undefined ? undefined : WRITE0 + st * NA + ad;
      }
      if (j.type === 'deliver') {
        const i = n(j.write, MW);
        return i === undefined ? undefined : DELIVER0 + i;
      }
      return j.type === 'round' ? ROUND : j.type === 'destage' ? DESTAGE : undefined;
    },
    actionTypes: ['write', 'deliver', 'round', 'destage'],
    actionType: (a) => (a < DELIVER0 ? 0 : a < ROUND ? 1 : a === ROUND ? 2 : 3),
    view(s) {
      return {
        clock: s[CLOCK],
        limit: s[LIMIT],
        writes: Array.from({ length: s[N] }, (_, i) => ({ stream: s[WS + i], address: s[WA + i], seq: s[WSEQ + i], ts: s[WTS + i] })),
        network: Array.from({ length: s[N] }, (_, i) => i).filter((i) => (s[NET] >> i) & 1),
        cache: Array.from({ length: s[N] }, (_, i) => i).filter((i) => (s[CACHE] >> i) & 1),
        streams: Array.from({ length: NS }, (_, q) => ({ next: s[NEXT + q], received: s[RECV + q], hwm: s[HWM + q], hwmTs: s[HWMTS + q] })),
        remote: Array.from({ length: NA }, (_, a) => (s[REMOTE + a] === 0 ? null : s[REMOTE + a] - 1)),
      };
    },
    always: [
      {
        id: 'prefix',
        // Timestamps increase with the write index, so timestamp order is index order.
        holds(s) {
          const n = s[N];
          for (let k = 0; k <= n; k++) {
            let same = true;
            for (let a = 0; a < NA && same; a++) {
              let img = 0;
              for (let j = 0; j < k; j++) if (s[WA + j] === a) img = j + 1;
              same = img === s[REMOTE + a];
            }
            if (same) return true;
          }
          return false;
        },
      },
    ],
    step: [],
    // The invariant's premise: writes of both addresses in the remote image.
    sometimes: [{ id: 'destaged', reached: (s) => s[REMOTE] !== 0 && s[REMOTE + 1] !== 0 }],
    eventually: [],
  };
}

/** For the parallel search's workers: `import(module).buildModel(args)`. */
export function buildModel(): Model {
  return peerTwin();
}
