// Seed 000 (JP 2003-205617), first cut: the base embodiment. Primary P writes each host write as a
// journal into the ring-buffer queue of a passive intermediate store I before acknowledging; P
// publishes its control information (PCI) on I; S pulls and applies journals inside PCI's range and
// publishes its own (SCI); P frees queue space only from SCI. When P is lost, S drains every valid
// journal left on I, beyond PCI, with the checks of 【0139】【0140】.
//
// A queue slot holds one whole record (request ID, the write it carries, complete or torn). Request
// IDs are the unwrapped logical offsets plus one, and timestamps equal IDs (strictly increasing, S14).
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step } from '../../engine/machine-table.js';
import { pairMachine } from '../../../models/pair.js';

export const PAIR = deriveTable(pairMachine);
const E_CREATE = eventIndex(PAIR, 'CREATE_PAIR');
const E_COPY_DONE = eventIndex(PAIR, 'INITIAL_COPY_DONE');
const E_TAKEOVER = eventIndex(PAIR, 'TAKEOVER');
const E_FAILURE = eventIndex(PAIR, 'FAILURE');
const E_RESYNC = eventIndex(PAIR, 'RESYNC');
const E_RESYNC_REFUSED = eventIndex(PAIR, 'RESYNC_REFUSED');
const E_RESYNC_DONE = eventIndex(PAIR, 'RESYNC_DONE');
const PAIRED = stateIndex(PAIR, 'pair');
const SUSPENDED = stateIndex(PAIR, 'suspendedByError');
const RESYNCING = stateIndex(PAIR, 'resync');

export interface JournalConfig {
  /** Host writes in one behaviour. */
  writes: number;
  /** Addresses host writes may target. */
  addresses: number;
  /** Queue capacity in records (queue size 610). */
  capacity: number;
  /** Whether P may be lost (primary site disaster). */
  primaryLoss: boolean;
  /** How many times S may crash (losing what it fetched but had not applied) and recover. */
  secondaryCrashes: number;
  /** How many times I may fail (and recover with its contents). */
  intermediateFailures: number;
  /** Queue full (912): reject with BUSY, or suspend the pair and record the write in the bitmap (【0101】). */
  queueFull: 'busy' | 'suspend';
}

export interface JournalRules {
  /** CE-1: acknowledge the host before the journal is on I. */
  ackBeforeJournal: boolean;
  /** CE-3: the drain stops at the end of the published PCI range. */
  drainBeyondPci: boolean;
  /** CE-4: the drain checks block protection data and the trailer. */
  tornCheck: boolean;
  /** CE-5: the drain requires request ID = previous + 1 and a greater timestamp. */
  sequenceCheck: boolean;
  /** CE-6: P checks free queue space against its head 626 before writing (904). */
  freeSpaceCheck: boolean;
  /** CE-13: S publishes SCI over what it fetched instead of what it applied. */
  publishFetched: boolean;
  /** CE-7: P's bitmap starts at its next position instead of its head 626 (1107), and resync skips 1403. */
  lateBitmap: boolean;
  /** CE-12: P discards update information as soon as the journal is on I, so the bitmap cannot cover the queue. */
  discardUpdEarly: boolean;
}

export const referenceJournalRules: JournalRules = {
  ackBeforeJournal: false,
  drainBeyondPci: true,
  tornCheck: true,
  sequenceCheck: true,
  freeSpaceCheck: true,
  publishFetched: false,
  lateBitmap: false,
  discardUpdEarly: false,
};

// Write status (0: not issued).
const W_JOURNALING = 1; // 907 in progress: the record on I is torn until it completes
const W_ACKED = 2; // 908-909 done
const W_BUSY = 3; // 912: rejected, leaves no trace (N5)
const W_ACK_EARLY = 4; // CE-1 variant: acknowledged while the journal is still being written
const W_BITMAP = 5; // accepted while suspended: recorded in P's bitmap, acknowledged (910, 911, 909)
const STATUS = ['none', 'journaling', 'acknowledged', 'busy', 'acknowledgedBeforeJournal', 'acknowledgedInBitmap'];

// S's mode.
const S_NORMAL = 0;
const S_DRAINING = 1;
const S_DONE = 2;
const S_SUSPENDED = 3; // I unreachable (1310): suspended, bitmap from the failure point (1308-1309)
const MODE = ['normal', 'draining', 'drained', 'suspended'];

const TORN = -1; // the value a torn record would write

const A = {
  CREATE_PAIR: 0,
  INITIAL_COPY_DONE: 1,
  JOURNAL_DONE: 2,
  P_CONTROL: 3,
  S_APPLY: 4,
  S_PUBLISH: 5,
  S_DETECT: 6,
  S_DRAIN: 7,
  S_DRAIN_END: 8,
  S_FETCH: 9,
  S_RECOVER: 10,
  P_DETECT_I: 11,
  S_DETECT_I: 12,
  I_RECOVER: 13,
  RESYNC: 14,
  RESYNC_DONE: 15,
  WRITE: 16,
  P_LOSS: 17,
  S_CRASH: 18,
  I_FAIL: 19,
} as const;
const SHIFT = 8;
const code = (t: number, arg = 0): number => (t << SHIFT) | arg;

export function buildJournalModel(cfg: JournalConfig, rules: JournalRules): Model {
  const W = cfg.writes;
  const AN = cfg.addresses;
  const C = cfg.capacity;
  const layout = createLayout();
  const f = layout.field;
  const PAIR_ST = f();
  const P_ALIVE = f();
  const NW = f();
  const PN = f(); // next position 628 (unwrapped)
  const PH = f(); // head position 626
  const PCI_H = f(); // published on I
  const PCI_END = f();
  const SCI_H = f();
  const S_H = f(); // records applied at S (head 629)
  const S_MODE = f();
  const S_UP = f();
  const S_CRASHES = f();
  // S's fetch buffer (1204): one record read from I, not yet applied; lost if S crashes.
  const BUF_FULL = f();
  const BUF_W = f();
  const BUF_DONE = f();
  const I_UP = f();
  const I_FAILS = f();
  const BMP_START = f(); // request-ID offset the primary bitmap covers from (start metadata)
  const BMS_START = f();
  const BM_P = f(AN);
  const BM_S = f(AN);
  const W_ADDR = f(W);
  const W_STATUS = f(W);
  const W_ID = f(W);
  const SLOT_ID = f(C); // 0: never written
  const SLOT_W = f(C);
  const SLOT_DONE = f(C); // 0: torn (907 in progress or interrupted)
  const VP = f(AN);
  const VS = f(AN);
  const SIZE = layout.size;

  const journaling = (s: State): boolean => {
    for (let w = 0; w < s[NW]; w++) if (s[W_STATUS + w] === W_JOURNALING || s[W_STATUS + w] === W_ACK_EARLY) return true;
    return false;
  };
  const slotOf = (lso: number): number => lso % C;

  /** Is the record at logical offset `lso` one the drain accepts after `lso` records (【0139】【0140】)? */
  function valid(s: State, lso: number): boolean {
    const k = slotOf(lso);
    if (s[SLOT_ID + k] === 0) return false;
    if (rules.sequenceCheck && s[SLOT_ID + k] !== lso + 1) return false;
    if (rules.tornCheck && !s[SLOT_DONE + k]) return false;
    return true;
  }

  function apply(out: State, k: number): void {
    const w = out[SLOT_W + k];
    out[VS + out[W_ADDR + w]] = out[SLOT_DONE + k] ? w + 1 : TORN;
    out[S_H]++;
  }

  /**
   * 図11 1106-1107: suspend the pair and start P's bitmap from the oldest request not known to be
   * reflected at S (its head 626), using the update information of the queued requests (【0118】).
   */
  function suspendPrimary(s: State, out: State): void {
    out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_FAILURE);
    const from = rules.lateBitmap ? s[PN] : s[PH];
    out[BMP_START] = from;
    if (rules.discardUpdEarly) return;
    for (let w = 0; w < s[NW]; w++) if (s[W_ID + w] > from) out[BM_P + s[W_ADDR + w]] = 1;
  }

  /** What S has fetched: the applied records plus the one in its buffer. */
  const fetched = (s: State): number => s[S_H] + s[BUF_FULL];

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const alive = s[P_ALIVE] === 1;
    const pair = s[PAIR_ST];
    if (step(PAIR, pair, E_CREATE) >= 0) out[n++] = code(A.CREATE_PAIR);
    if (step(PAIR, pair, E_COPY_DONE) >= 0) out[n++] = code(A.INITIAL_COPY_DONE);
    const iUp = s[I_UP] === 1;
    if (alive && iUp && journaling(s)) out[n++] = code(A.JOURNAL_DONE);
    if (alive && iUp && pair === PAIRED && (s[PH] !== s[SCI_H] || s[PCI_H] !== s[SCI_H] || s[PCI_END] !== s[PN])) out[n++] = code(A.P_CONTROL);
    const sUp = s[S_UP] === 1;
    if (sUp && s[S_MODE] === S_NORMAL && s[BUF_FULL]) out[n++] = code(A.S_APPLY);
    const published = rules.publishFetched ? fetched(s) : s[S_H];
    if (sUp && iUp && s[SCI_H] !== published && s[S_MODE] === S_NORMAL) out[n++] = code(A.S_PUBLISH);
    if (sUp && iUp && !alive && s[S_MODE] === S_NORMAL && !s[BUF_FULL]) out[n++] = code(A.S_DETECT);
    // During a resync the copy, not the queue, brings S up to date (1409).
    if (sUp && iUp && pair !== RESYNCING && s[S_MODE] === S_NORMAL && !s[BUF_FULL] && s[S_H] < s[PCI_END]) out[n++] = code(A.S_FETCH);
    if (!sUp) out[n++] = code(A.S_RECOVER);
    // 1002/1006: I unreachable, or S's heartbeat in SCI stopped because S suspended itself.
    // During a resync S is still suspended on purpose: only I failing again interrupts it.
    if (alive && ((!iUp && (pair === PAIRED || pair === RESYNCING)) || (s[S_MODE] === S_SUSPENDED && pair === PAIRED))) out[n++] = code(A.P_DETECT_I);
    if (sUp && !iUp && s[S_MODE] === S_NORMAL && !s[BUF_FULL]) out[n++] = code(A.S_DETECT_I);
    if (!iUp) out[n++] = code(A.I_RECOVER);
    // 図14, driven by the operator once I is back: both sides up and S no longer applying.
    if (alive && iUp && sUp && pair === SUSPENDED && s[S_MODE] !== S_DRAINING && s[S_MODE] !== S_DONE && !s[BUF_FULL]) out[n++] = code(A.RESYNC);
    if (pair === RESYNCING && iUp) out[n++] = code(A.RESYNC_DONE);
    if (sUp && iUp && s[S_MODE] === S_DRAINING) {
      // A drain reads at most one lap of the queue past what PCI covers: beyond that every slot
      // has been read once (this bounds the naive drain of CE-5, which has no other stop).
      const inReach = rules.drainBeyondPci ? s[S_H] - s[PCI_END] < C : s[S_H] < s[PCI_END];
      const more = inReach && valid(s, s[S_H]);
      out[n++] = code(more ? A.S_DRAIN : A.S_DRAIN_END);
    }
    if (alive && (pair === PAIRED || pair === SUSPENDED) && !journaling(s) && s[NW] < W) for (let a = 0; a < AN; a++) out[n++] = code(A.WRITE, a);
    if (cfg.primaryLoss && alive) out[n++] = code(A.P_LOSS);
    if (sUp && s[S_CRASHES] < cfg.secondaryCrashes) out[n++] = code(A.S_CRASH);
    if (iUp && s[I_FAILS] < cfg.intermediateFailures) out[n++] = code(A.I_FAIL);
    return n;
  }

  function next(s: State, c: number, out: State): void {
    out.set(s);
    const arg = c & ((1 << SHIFT) - 1);
    switch (c >> SHIFT) {
      case A.CREATE_PAIR:
        out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_CREATE);
        return;
      case A.INITIAL_COPY_DONE:
        // Volumes start empty here, so the initial copy (【0094】) has nothing to move.
        out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_COPY_DONE);
        return;
      case A.WRITE: {
        // 図9: 901-904; BUSY (912) when the queue has no room for the record.
        const w = s[NW];
        out[NW]++;
        out[W_ADDR + w] = arg;
        const full = rules.freeSpaceCheck && s[PN] - s[PH] >= C;
        if (full && cfg.queueFull === 'busy' && s[PAIR_ST] === PAIRED) {
          out[W_STATUS + w] = W_BUSY;
          return;
        }
        if (full && s[PAIR_ST] === PAIRED) suspendPrimary(s, out); // 912 "failure" policy, 【0115】
        if (out[PAIR_ST] === SUSPENDED) {
          out[VP + arg] = w + 1; // 910 bitmap, 911 data, 909 complete
          out[BM_P + arg] = 1;
          out[W_STATUS + w] = W_BITMAP;
          return;
        }
        out[VP + arg] = w + 1; // the write is stored at P
        const k = slotOf(s[PN]);
        out[SLOT_ID + k] = s[PN] + 1; // 907 starts: header written, the rest not yet
        out[SLOT_W + k] = w;
        out[SLOT_DONE + k] = 0;
        out[W_ID + w] = s[PN] + 1;
        out[W_STATUS + w] = rules.ackBeforeJournal ? W_ACK_EARLY : W_JOURNALING;
        return;
      }
      case A.JOURNAL_DONE:
        // 907 completes, 908 advances the next position, 909 acknowledges.
        for (let w = 0; w < s[NW]; w++) {
          if (s[W_STATUS + w] !== W_JOURNALING && s[W_STATUS + w] !== W_ACK_EARLY) continue;
          out[SLOT_DONE + slotOf(s[W_ID + w] - 1)] = 1;
          out[W_STATUS + w] = W_ACKED;
        }
        out[PN]++;
        return;
      case A.P_CONTROL:
        // 図10: 1001-1003. The head moves only to what S published (E4); PCI := [626, 628).
        out[PH] = s[SCI_H];
        out[PCI_H] = s[SCI_H];
        out[PCI_END] = s[PN];
        return;
      case A.S_FETCH: {
        // 図12: 1204, one record of PCI's range into S's buffer; in normal mode S trusts PCI.
        const k = slotOf(s[S_H]);
        out[BUF_FULL] = 1;
        out[BUF_W] = s[SLOT_W + k];
        out[BUF_DONE] = s[SLOT_DONE + k];
        return;
      }
      case A.S_APPLY: {
        // 1205-1206: reflect the buffered record at its address, advance the head.
        const w = s[BUF_W];
        out[VS + s[W_ADDR + w]] = s[BUF_DONE] ? w + 1 : TORN;
        out[S_H]++;
        out[BUF_FULL] = 0;
        return;
      }
      case A.S_PUBLISH:
        out[SCI_H] = rules.publishFetched ? fetched(s) : s[S_H]; // 1207, after the apply (CE-13)
        return;
      case A.S_CRASH:
        out[S_UP] = 0;
        out[S_CRASHES]++;
        out[BUF_FULL] = 0; // the buffer is memory: what was fetched but not applied is gone
        return;
      case A.S_RECOVER:
        out[S_UP] = 1;
        return;
      case A.I_FAIL:
        out[I_UP] = 0;
        out[I_FAILS]++;
        return;
      case A.I_RECOVER:
        out[I_UP] = 1;
        return;
      case A.P_DETECT_I: {
        // 図10 1001-1002 fails (I unreachable or S's heartbeat stale), or 907 cannot complete: 図11.
        // A write caught mid-journal goes to the bitmap and is acknowledged normally (【0101】【0115】).
        if (s[PAIR_ST] === RESYNCING) {
          out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_FAILURE);
          return;
        }
        suspendPrimary(s, out);
        for (let w = 0; w < s[NW]; w++) {
          if (s[W_STATUS + w] !== W_JOURNALING && s[W_STATUS + w] !== W_ACK_EARLY) continue;
          out[BM_P + s[W_ADDR + w]] = 1;
          out[W_STATUS + w] = W_BITMAP;
          out[W_ID + w] = 0;
        }
        return;
      }
      case A.S_DETECT_I:
        out[S_MODE] = S_SUSPENDED; // 1310 -> 1308-1309: bitmap from after the last applied request
        out[BMS_START] = s[S_H];
        return;
      case A.RESYNC: {
        // 1401-1403: refuse when P's bitmap starts after S's (the writes between are covered by neither).
        const sStart = s[S_MODE] === S_SUSPENDED ? s[BMS_START] : s[S_H];
        const ok = rules.lateBitmap || s[BMP_START] <= sStart;
        out[PAIR_ST] = step(PAIR, s[PAIR_ST], ok ? E_RESYNC : E_RESYNC_REFUSED);
        return;
      }
      case A.RESYNC_DONE:
        // 1408-1409: copy P -> S every block in BM_P OR BM_S (【0152】); the queue starts afresh after it.
        for (let a = 0; a < AN; a++) {
          if (s[BM_P + a] || s[BM_S + a]) out[VS + a] = s[VP + a];
          out[BM_P + a] = 0;
          out[BM_S + a] = 0;
        }
        out[S_H] = s[PN];
        out[PH] = s[PN];
        out[SCI_H] = s[PN];
        out[PCI_H] = s[PN];
        out[PCI_END] = s[PN];
        out[S_MODE] = S_NORMAL;
        out[BMP_START] = 0;
        out[BMS_START] = 0;
        out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_RESYNC_DONE);
        return;
      case A.P_LOSS:
        out[P_ALIVE] = 0; // a record being written stays torn
        return;
      case A.S_DETECT:
        out[S_MODE] = S_DRAINING; // 1301-1302: PCI's heartbeat stale, I accessible
        return;
      case A.S_DRAIN:
        apply(out, slotOf(s[S_H])); // 1303-1307
        return;
      case A.S_DRAIN_END:
        out[S_MODE] = S_DONE; // no further valid record (【0141】); the secondary host takes over
        // A pair still resyncing has no takeover edge and stays as it is.
        if (step(PAIR, s[PAIR_ST], E_TAKEOVER) >= 0) out[PAIR_ST] = step(PAIR, s[PAIR_ST], E_TAKEOVER);
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  const names = [
    'createPair',
    'initialCopyDone',
    'journalDone',
    'primaryControl',
    'secondaryApply',
    'secondaryPublish',
    'detectPrimaryLoss',
    'drain',
    'drainEnd',
    'secondaryFetch',
    'secondaryRecover',
    'primaryDetectsFailure',
    'secondaryDetectsIntermediateFailure',
    'intermediateRecover',
    'resync',
    'resyncDone',
    'write',
    'primaryLoss',
    'secondaryCrash',
    'intermediateFailure',
  ];

  function actionToJson(_s: State, c: number): Action {
    const t = c >> SHIFT;
    return t === A.WRITE ? { type: 'write', address: c & ((1 << SHIFT) - 1) } : { type: names[t] };
  }

  function actionFromJson(a: Action): number | undefined {
    const t = names.indexOf(a.type);
    if (t < 0) return undefined;
    if (t !== A.WRITE) return code(t);
    return typeof a.address === 'number' && Number.isInteger(a.address) && a.address >= 0 && a.address < AN ? code(t, a.address) : undefined;
  }

  function view(s: State): Record<string, Json> {
    const queue: Record<string, Json> = {};
    for (let k = 0; k < C; k++) {
      if (s[SLOT_ID + k] === 0) continue;
      const w = s[SLOT_W + k];
      queue[`slot${k}`] = `#${s[SLOT_ID + k]} w${w} a${s[W_ADDR + w]}${s[SLOT_DONE + k] ? '' : ' TORN'}`;
    }
    const image = (at: number): Record<string, Json> =>
      Object.fromEntries(Array.from({ length: AN }, (_, a) => [`a${a}`, s[at + a] === 0 ? null : s[at + a] === TORN ? 'torn' : `w${s[at + a] - 1}`]));
    return {
      pair: PAIR.states[s[PAIR_ST]],
      primary: s[P_ALIVE] ? 'alive' : 'lost',
      intermediateStore: s[I_UP] ? 'up' : 'failed',
      primaryBitmap: Array.from({ length: AN }, (_, a) => a).filter((a) => s[BM_P + a]).map((a) => `a${a}`),
      writes: Array.from({ length: s[NW] }, (_, w) => `w${w} a${s[W_ADDR + w]} ${STATUS[s[W_STATUS + w]]}`),
      primaryControl: { head: s[PH], next: s[PN] },
      intermediate: { pci: { head: s[PCI_H], end: s[PCI_END] }, sci: { head: s[SCI_H] }, queue },
      secondary: { state: s[S_UP] ? 'up' : 'crashed', head: s[S_H], mode: MODE[s[S_MODE]], buffer: s[BUF_FULL] ? `w${s[BUF_W]}${s[BUF_DONE] ? '' : ' TORN'}` : null },
      primaryVolume: image(VP),
      secondaryVolume: image(VS),
    };
  }

  const acked = (s: State, w: number): boolean => s[W_STATUS + w] === W_ACKED || s[W_STATUS + w] === W_ACK_EARLY;
  const applied = (s: State, w: number): boolean => s[W_ID + w] > 0 && s[W_ID + w] <= s[S_H];
  const image = new Int32Array(AN);


  const always: Model['always'] = [
    {
      id: 'S6',
      holds: (s) => {
        // An acknowledged write's journal is complete on I, or already applied at S.
        for (let w = 0; w < s[NW]; w++) {
          if (s[W_STATUS + w] === W_BITMAP) {
            // (c): recorded in P's bitmap, or S already holds it or a later write there.
            if (!s[BM_P + s[W_ADDR + w]] && s[VS + s[W_ADDR + w]] < w + 1) return false;
            continue;
          }
          if (!acked(s, w) || applied(s, w)) continue;
          const k = slotOf(s[W_ID + w] - 1);
          if (s[SLOT_ID + k] !== s[W_ID + w] || !s[SLOT_DONE + k]) return false;
        }
        return true;
      },
    },
    { id: 'E6', holds: (s) => s[PN] - s[S_H] <= C && s[PN] + (journaling(s) ? 1 : 0) - s[S_H] <= C },
    {
      id: 'E8',
      holds: (s) => {
        if (s[S_MODE] !== S_DONE) return true;
        for (let w = 0; w < s[NW]; w++) if (s[W_STATUS + w] === W_ACKED && !applied(s, w)) return false;
        return true;
      },
    },
    {
      id: 'E9',
      holds: (s) => {
        for (let a = 0; a < AN; a++) if (s[VS + a] === TORN) return false;
        return true;
      },
    },
    {
      id: 'S1',
      holds: (s) => {
        // S's image is the image after some prefix of the accepted writes, in acceptance order
        // (= request-ID order for journaled writes). Resync (1409) is one atomic step here.
        image.fill(0);
        for (let w = 0; ; w++) {
          let eq = true;
          for (let a = 0; a < AN && eq; a++) if (s[VS + a] !== image[a]) eq = false;
          if (eq) return true;
          if (w === s[NW]) return false;
          if (s[W_STATUS + w] !== W_BUSY) image[s[W_ADDR + w]] = w + 1;
        }
      },
    },
    {
      id: 'E11',
      holds: (s) => {
        // While suspended, P's bitmap covers every write S has not reflected (【0118】).
        if (s[PAIR_ST] !== SUSPENDED || !s[P_ALIVE]) return true;
        for (let w = 0; w < s[NW]; w++) {
          const pending = s[W_STATUS + w] === W_BITMAP ? s[VS + s[W_ADDR + w]] < w + 1 : s[W_ID + w] > 0 && !applied(s, w);
          if (pending && !s[BM_P + s[W_ADDR + w]]) return false;
        }
        return true;
      },
    },
    {
      id: 'S8',
      holds: (s) => {
        if (s[PAIR_ST] !== SUSPENDED || !s[P_ALIVE]) return true;
        for (let a = 0; a < AN; a++) if (s[VP + a] !== s[VS + a] && !s[BM_P + a] && !s[BM_S + a]) return false;
        return true;
      },
    },
    { id: 'S3', holds: (s) => s[PCI_H] <= s[PH] && s[PH] <= s[SCI_H] && s[SCI_H] <= s[S_H] && s[PCI_END] <= s[PN] && (s[S_MODE] !== S_NORMAL || s[S_H] <= s[PCI_END]) },
  ];

  const sometimes: Model['sometimes'] = [
    {
      id: 'W-unpublished-acked',
      reached: (s) => {
        // E8's premise: P lost while acknowledged writes were neither applied at S nor inside PCI.
        if (s[P_ALIVE]) return false;
        for (let w = 0; w < s[NW]; w++) if (s[W_STATUS + w] === W_ACKED && !applied(s, w) && s[W_ID + w] > s[PCI_END]) return true;
        return false;
      },
    },
    { id: 'W-torn', reached: (s) => !s[P_ALIVE] && journaling(s) },
    { id: 'W-wrap', reached: (s) => s[PN] > C },
    { id: 'W-busy', reached: (s) => hasStatus(s, W_BUSY) },
    { id: 'W-drain-beyond-pci', reached: (s) => s[S_MODE] !== S_NORMAL && s[S_H] > s[PCI_END] },
    { id: 'W-queue-full', reached: (s) => s[PN] - s[S_H] === C },
    { id: 'W-suspended-diverged', reached: (s) => s[PAIR_ST] === SUSPENDED && s[P_ALIVE] === 1 && anyDiff(s) },
    { id: 'W-resync-copies', reached: (s) => s[PAIR_ST] === RESYNCING && anyDiff(s) },
    {
      id: 'W-intermediate-failed-unapplied',
      reached: (s) => {
        if (s[I_UP]) return false;
        for (let w = 0; w < s[NW]; w++) if (s[W_STATUS + w] === W_ACKED && !applied(s, w)) return true;
        return false;
      },
    },
    {
      id: 'W-queue-full-suspend',
      reached: (s) => s[I_UP] === 1 && s[PAIR_ST] === SUSPENDED && hasStatus(s, W_BITMAP),
    },
    { id: 'W-secondary-crash', reached: (s) => !s[S_UP] && s[SCI_H] === s[S_H] && s[S_H] < s[PN] },
  ];

  function hasStatus(s: State, status: number): boolean {
    for (let w = 0; w < s[NW]; w++) if (s[W_STATUS + w] === status) return true;
    return false;
  }

  function anyDiff(s: State): boolean {
    for (let a = 0; a < AN; a++) if (s[VP + a] !== s[VS + a]) return true;
    return false;
  }

  const eventually: Model['eventually'] = [
    {
      id: 'L1',
      converged: (s) =>
        !s[P_ALIVE] || (s[PAIR_ST] === PAIRED && s[S_UP] === 1 && s[S_H] === s[PN] && s[PH] === s[PN] && s[SCI_H] === s[PN] && !anyDiff(s)),
    },
    { id: 'L3', converged: (s) => s[P_ALIVE] === 1 || s[S_MODE] === S_DONE || s[S_MODE] === S_SUSPENDED },
  ];

  return {
    stateSize: SIZE,
    maxActions: AN + 24,
    init: () => {
      const s = new Int32Array(SIZE);
      s[PAIR_ST] = PAIR.initial;
      s[P_ALIVE] = 1;
      s[S_UP] = 1;
      s[I_UP] = 1;
      return [s];
    },
    actions,
    next,
    fair: (c) => c >> SHIFT < A.WRITE,
    fault: (c) => c >> SHIFT >= A.P_LOSS,
    machines: [{ table: PAIR, offsets: [PAIR_ST] }],
    actionToJson,
    actionFromJson,
    view,
    always,
    step: [
      {
        id: 'S9',
        holds: (prev, _a, nxt) => {
          // A completed resync leaves S equal to P.
          if (prev[PAIR_ST] !== RESYNCING || nxt[PAIR_ST] !== PAIRED) return true;
          for (let a = 0; a < AN; a++) if (nxt[VS + a] !== nxt[VP + a]) return false;
          return true;
        },
      },
      {
        id: 'E12',
        holds: (prev, _a, nxt) => {
          // Resync starts only when P's bitmap starts no later than S's (1403).
          if (prev[PAIR_ST] !== SUSPENDED || nxt[PAIR_ST] !== RESYNCING) return true;
          return prev[BMP_START] <= (prev[S_MODE] === S_SUSPENDED ? prev[BMS_START] : prev[S_H]);
        },
      },
      {
        id: 'E1',
        holds: (prev, _a, nxt) => {
          // At the moment a write is acknowledged, its whole journal is on I (907 -> 908 -> 909).
          for (let w = 0; w < nxt[NW]; w++) {
            if (acked(prev, w) || !acked(nxt, w)) continue;
            const k = slotOf(nxt[W_ID + w] - 1);
            if (nxt[SLOT_ID + k] !== nxt[W_ID + w] || !nxt[SLOT_DONE + k]) return false;
          }
          return true;
        },
      },
    ],
    sometimes,
    eventually,
  };
}

