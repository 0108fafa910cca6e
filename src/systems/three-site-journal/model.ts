// Seed 000 (JP 2003-205617): primary P writes each host write as a journal into a ring-buffer
// queue on a passive intermediate store I before acknowledging (図9); P publishes its control
// information (PCI) and frees queue space only from S's (SCI) (図10); S pulls, applies and then
// publishes (図12); on primary loss S drains every valid journal left on I, past PCI, with the
// checks of 【0139】【0140】 (図13); failures suspend the pair with dirty bitmaps on both sides and
// a resync copies the OR of both (図11, 図14). Embodiments 2-5 are configuration switches.
//
// The unit of replication is a *lane*: one consistency group replicated to one secondary. A
// configuration has one lane, two groups (one per intermediate, Emb. 3(1)) or two secondaries
// (Emb. 5). Each lane has its own pair (an instance of the XState pair machine, models/pair.ts,
// changed only through its derived table) and its own S-side pointers and bitmaps.
//
// A queue slot holds one whole record (request ID, the write it carries, complete or torn). IDs
// are consecutive per group and timestamps equal IDs (strictly increasing, S14). A write's data
// is its index + 1 on every block it covers, so an image names the writes it holds.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step } from '../../engine/machine-table.js';
import { pairMachine } from '../../../models/pair.js';
import { LINKS, type JournalConfig, type JournalRules } from './config.js';

export const PAIR = deriveTable(pairMachine);
const EV = (name: string): number => eventIndex(PAIR, name);
const E_CREATE = EV('CREATE_PAIR');
const E_COPY_DONE = EV('INITIAL_COPY_DONE');
const E_FAILURE = EV('FAILURE');
const E_OP_SUSPEND = EV('OPERATOR_SUSPEND');
const E_TAKEOVER = EV('TAKEOVER');
const E_RESYNC = EV('RESYNC');
const E_REFUSED = EV('RESYNC_REFUSED');
const E_DATA_LOST = EV('DATA_LOST');
const E_REVERSE = EV('REVERSE_RESYNC');
const E_DONE = EV('RESYNC_DONE');
const E_DELETE = EV('DELETE_PAIR');
const ST = (name: string): number => stateIndex(PAIR, name);
const SIMPLEX = ST('simplex');
const COPYING = ST('initialCopy');
const PAIRED = ST('pair');
const SUSP_OP = ST('suspendedByOperator');
const SUSP_ERR = ST('suspendedByError');
const TAKEN = ST('takeover');
const RESYNCING = ST('resync');
const REVERSING = ST('reverseResync');
const ERROR = ST('error');

// Write status (0: not issued).
export const W = {
  JOURNALING: 1, // 907 in progress: the record on I is torn until it completes
  ACKED: 2, // 907-909 done: the journal is complete on I
  BUSY: 3, // 912: rejected, leaves no trace (N5)
  ACK_EARLY: 4, // CE-1 variant: acknowledged while the journal is still being written
  BITMAP: 5, // accepted while suspended (910, 911, 909), or caught mid-journal by a failure
  LOCAL: 6, // no pair (simplex, error): stored locally only (【0096】)
  ALT: 7, // Emb. 4: acknowledged, sent asynchronously over the direct link
  AT_S: 8, // written by the secondary host after a takeover
  ABORTED: 9, // being journaled when P was lost: never acknowledged
} as const;
const STATUS = ['none', 'journaling', 'acknowledged', 'busy', 'acknowledgedBeforeJournal', 'acknowledgedInBitmap', 'local', 'acknowledgedAlternatePath', 'writtenAtSecondary', 'aborted'];

// S's mode per lane.
const S_NORMAL = 0;
const S_DRAINING = 1; // 図13 with I accessible
const S_DRAINED = 2; // no further valid record; suspended with a bitmap from there
const S_SUSPENDED = 3; // I inaccessible (1310), operator suspend, or a resync copy in progress
const MODE = ['normal', 'draining', 'drained', 'suspended'];

const TORN = -1; // what a torn block holds

// Action types, in the order the fault-free completion tries them. Fair first, then host work,
// then faults and operator interventions.
export const A = {
  S_RECOVER: 0,
  I_RECOVER: 1,
  LINK_RECOVER: 2,
  P_RECOVER: 3,
  JOURNAL_DONE: 4,
  JOURNAL_FAIL: 5,
  RESEND: 6,
  SWITCH_PATH: 7,
  SWITCH_ALT: 8,
  ALT_SEND: 9,
  SWITCH_BACK: 10,
  P_CONTROL: 11,
  S_FETCH: 12,
  S_APPLY: 13,
  S_PUBLISH: 14,
  S_DETECT_P: 15,
  S_DRAIN: 16,
  S_DRAIN_END: 17,
  S_DETECT_I: 18,
  P_DETECT: 19,
  RESYNC: 20,
  REVERSE_RESYNC: 21,
  RESYNC_COPY: 22,
  RESYNC_DONE: 23,
  RESYNC_ABORT: 24,
  DELETE_PAIR: 25,
  CREATE_PAIR: 26,
  INITIAL_COPY_DONE: 27,
  WRITE: 28,
  S_WRITE: 29,
  P_LOSS: 30,
  P_RECOVER_LOST: 31,
  S_CRASH: 32,
  S_CRASH_LOST: 33,
  I_FAIL: 34,
  I_FAIL_LOST: 35,
  LINK_DOWN: 36,
  OPERATOR_SUSPEND: 37,
  TAKEOVER: 38,
  RESYNC_ATTEMPT: 39,
  FOREIGN_WRITE: 40,
} as const;
const NAMES = [
  'secondaryRecover',
  'intermediateRecover',
  'linkRecover',
  'primaryRecover',
  'journalDone',
  'journalWriteFails',
  'resend',
  'switchPath',
  'switchToAlternatePath',
  'alternatePathSend',
  'switchBack',
  'primaryControl',
  'secondaryFetch',
  'secondaryApply',
  'secondaryPublish',
  'detectPrimaryLoss',
  'drain',
  'drainEnd',
  'secondaryDetectsIntermediateFailure',
  'primaryDetectsFailure',
  'resync',
  'reverseResync',
  'resyncCopy',
  'resyncDone',
  'resyncAbort',
  'deletePair',
  'createPair',
  'initialCopyDone',
  'write',
  'secondaryHostWrite',
  'primaryLoss',
  'primaryRecoverDataLost',
  'secondaryCrash',
  'secondaryCrashDataLost',
  'intermediateFailure',
  'intermediateFailureDataLost',
  'linkDown',
  'operatorSuspend',
  'takeover',
  'resyncAttempt',
  'foreignWrite',
];
/** The JSON argument each action type carries, if any. */
const ARG: Record<number, string> = {
  [A.S_RECOVER]: 'secondary',
  [A.S_CRASH]: 'secondary',
  [A.S_CRASH_LOST]: 'secondary',
  [A.I_RECOVER]: 'intermediate',
  [A.I_FAIL]: 'intermediate',
  [A.I_FAIL_LOST]: 'intermediate',
  [A.SWITCH_PATH]: 'intermediate',
  [A.LINK_RECOVER]: 'link',
  [A.LINK_DOWN]: 'link',
  [A.P_CONTROL]: 'group',
  [A.SWITCH_ALT]: 'group',
  [A.SWITCH_BACK]: 'group',
  [A.WRITE]: 'address',
  [A.S_WRITE]: 'address',
};
const LANE_ACTIONS = [
  A.ALT_SEND,
  A.S_FETCH,
  A.S_APPLY,
  A.S_PUBLISH,
  A.S_DETECT_P,
  A.S_DRAIN,
  A.S_DRAIN_END,
  A.S_DETECT_I,
  A.P_DETECT,
  A.RESYNC,
  A.REVERSE_RESYNC,
  A.RESYNC_COPY,
  A.RESYNC_DONE,
  A.RESYNC_ABORT,
  A.DELETE_PAIR,
  A.CREATE_PAIR,
  A.INITIAL_COPY_DONE,
  A.OPERATOR_SUSPEND,
  A.TAKEOVER,
  A.RESYNC_ATTEMPT,
];
for (const t of LANE_ACTIONS) ARG[t] = 'lane';

const SHIFT = 8;
const code = (t: number, arg = 0): number => (t << SHIFT) | arg;
export const typeOf = (c: number): number => c >> SHIFT;
export const argOf = (c: number): number => c & ((1 << SHIFT) - 1);

export interface JournalModel extends Model {
  /** Field offsets and helpers the property module reads. */
  readonly k: Kernel;
}

/** The state layout and the derived predicates shared by the model and its properties. */
export interface Kernel {
  cfg: JournalConfig;
  rules: JournalRules;
  G: number;
  L: number;
  NI: number;
  AN: number;
  C: number;
  RB: number;
  laneGroup: number[];
  laneSec: number[];
  groupLanes: number[][];
  groupInts: number[][];
  groupAddrs: number[][];
  f: Record<string, number>;
  block(s: State, w: number, b: number): number;
  groupOf(a: number): number;
  findCopy(s: State, g: number, id: number, usableBy: boolean | number): number;
  intactCopy(s: State, g: number, id: number): boolean;
  writeWithId(s: State, g: number, id: number): number;
  nextDrainRecord(s: State, l: number): number;
  anyJournaling(s: State): boolean;
}

export function buildJournalModel(cfg: JournalConfig, rules: JournalRules): JournalModel {
  const WN = cfg.writes;
  const AN = cfg.addresses;
  const C = cfg.capacity;
  const RB = cfg.recordBlocks;
  const FB = cfg.fetchBlocks;
  const NS = cfg.secondaries;
  const NI = cfg.intermediates;
  const G = NI === 2 && !cfg.spread ? 2 : 1;
  const L = G * NS;
  if (L > 2) throw new Error('three-site-journal: at most two lanes (two groups or two secondaries)');
  if (RB > 1 && G > 1) throw new Error('three-site-journal: multi-block records need one group');
  const laneGroup = Array.from({ length: L }, (_, l) => (G === 2 ? l : 0));
  const laneSec = Array.from({ length: L }, (_, l) => (G === 2 ? 0 : l));
  const groupLanes = Array.from({ length: G }, (_, g) => laneGroup.map((x, l) => (x === g ? l : -1)).filter((l) => l >= 0));
  const groupInts = Array.from({ length: G }, (_, g) => (G === 2 ? [g] : Array.from({ length: NI }, (_, i) => i)));
  const intGroup = Array.from({ length: NI }, (_, i) => (G === 2 ? i : 0));
  const groupOf = (a: number): number => a % G;
  const groupAddrs = Array.from({ length: G }, (_, g) => Array.from({ length: AN }, (_, a) => a).filter((a) => groupOf(a) === g));
  const secLanes = Array.from({ length: NS }, (_, k) => laneSec.map((x, l) => (x === k ? l : -1)).filter((l) => l >= 0));
  const linkable = (x: number): boolean => cfg.links.includes(LINKS[x]);

  const layout = createLayout();
  const fld = layout.field;
  const f = {
    P_ALIVE: fld(),
    P_LOSSES: fld(),
    P_LOST: fld(), // P came back with its data lost: an initial copy from S restores it
    NW: fld(),
    LINK: fld(3), // 1: up
    LINK_FAILS: fld(),
    I_FAILS: fld(),
    S_CRASHES: fld(),
    FOREIGN_TRIED: fld(),
    FOREIGN_LANDED: fld(),
    // per group
    BIZ: fld(G), // 0: business at P, 1: taken over by S
    PN: fld(G), // next position 628, as the next request ID - 1
    PH: fld(G), // head position 626
    PCI_H: fld(G), // primary control information (on I, or held by S with Emb. 2)
    PCI_END: fld(G),
    ALT: fld(G), // Emb. 4: on the alternate path
    // per intermediate
    I_UP: fld(NI),
    I_LOST: fld(NI), // lost its contents: its areas are unreadable until the queue restarts
    I_BLOCK: fld(NI), // blockaded by P (Emb. 3(2)): P writes to the other one
    INEXT: fld(NI), // records ever written there (its ring position)
    SLOT_ID: fld(NI * C), // 0: never written
    SLOT_W: fld(NI * C),
    SLOT_DONE: fld(NI * C), // 0: torn
    // per lane
    PAIR_ST: fld(L),
    BMP_ON: fld(L), // P has suspended this pair and keeps a bitmap for it (1106-1107)
    BMP_START: fld(L),
    BMS_START: fld(L),
    SCI_H: fld(L),
    S_H: fld(L), // records fully applied at S (head 629)
    S_PART: fld(L), // blocks of the next record already applied (partial fetch, 【0130】)
    S_MODE: fld(L),
    BUF_N: fld(L), // blocks in S's fetch buffer (lost if S crashes)
    BUF_W: fld(L),
    BUF_DONE: fld(L),
    BUF_ID: fld(L),
    LAST_ID: fld(L), // request ID of the last record S applied
    BASE_ID: fld(L), // the queue restarted after this ID (initial copy, resync)
    BASE_W: fld(L), // writes before this index were settled by that copy
    APPLIED: fld(L), // bit w: write w's record was applied at S since the base
    S_MIXED: fld(L), // a P -> S copy is partly done: S is not write-order consistent (N2)
    BM_P: fld(L * AN),
    RS_BM: fld(L * AN), // the resync bitmap, BM_P OR BM_S (1408, 【0152】)
    // per secondary
    S_UP: fld(NS),
    S_LOST: fld(NS),
    VS: fld(NS * AN),
    BM_S: fld(NS * AN),
    BASE: fld(NS * AN), // S's image right after the last copy
    // per address and per write
    VP: fld(AN),
    W_ADDR: fld(WN),
    W_STATUS: fld(WN),
    W_ID: fld(WN),
    W_LOC: fld(WN), // intermediate + 1 of its journal
    W_UPD: fld(WN), // update information 108 held at P (【0032】)
  };
  const SIZE = layout.size;
  const slot = (i: number, j: number): number => i * C + j;

  const block = (s: State, w: number, b: number): number => (s[f.W_ADDR + w] + b) % AN;
  const data = (_s: State, w: number, b: number, done: number): number => (done || (b === 0 && RB > 1) ? w + 1 : TORN);
  const linkUp = (s: State, x: number): boolean => s[f.LINK + x] === 1;
  const anyJournaling = (s: State): boolean => {
    for (let w = 0; w < s[f.NW]; w++) if (s[f.W_STATUS + w] === W.JOURNALING || s[f.W_STATUS + w] === W.ACK_EARLY) return true;
    return false;
  };
  const journalingWrite = (s: State): number => {
    for (let w = 0; w < s[f.NW]; w++) if (s[f.W_STATUS + w] === W.JOURNALING || s[f.W_STATUS + w] === W.ACK_EARLY) return w;
    return -1;
  };
  // Reachability of an intermediate's areas. A lost intermediate's control areas fail the
  // logical checks (S12), so it counts as unreachable until the queue restarts.
  const pReachesI = (s: State, i: number): boolean => s[f.P_ALIVE] === 1 && s[f.I_UP + i] === 1 && s[f.I_LOST + i] === 0 && linkUp(s, 0);
  const sReachesI = (s: State, k: number, i: number): boolean => s[f.S_UP + k] === 1 && s[f.I_UP + i] === 1 && s[f.I_LOST + i] === 0 && linkUp(s, 1);
  const pUsable = (s: State, i: number): boolean => pReachesI(s, i) && s[f.I_BLOCK + i] === 0;
  const pReachesGroup = (s: State, g: number): boolean => {
    for (const i of groupInts[g]) if (pUsable(s, i)) return true;
    return false;
  };
  const sReachesAny = (s: State, l: number): boolean => {
    for (const i of groupInts[laneGroup[l]]) if (sReachesI(s, laneSec[l], i)) return true;
    return false;
  };
  const sReachesAll = (s: State, l: number): boolean => {
    for (const i of groupInts[laneGroup[l]]) if (!sReachesI(s, laneSec[l], i)) return false;
    return true;
  };
  /** The console can restart the queue of lane l (a copy, then remote copy through I): its areas are rewritten. */
  const restartable = (s: State, l: number): boolean => {
    if (!s[f.P_ALIVE] || !s[f.S_UP + laneSec[l]] || !linkUp(s, 0) || !linkUp(s, 1)) return false;
    for (const i of groupInts[laneGroup[l]]) if (!s[f.I_UP + i]) return false;
    return true;
  };
  const psLink = (s: State, k: number): boolean => s[f.P_ALIVE] === 1 && s[f.S_UP + k] === 1 && linkUp(s, 2);
  const direct = cfg.controlPath === 'direct';
  /** Whether P's control information reaches S with a moving heartbeat (1202, 1301). */
  const pciFresh = (s: State, l: number): boolean => {
    const k = laneSec[l];
    if (direct) return psLink(s, k);
    if (!s[f.P_ALIVE]) return false;
    for (const i of groupInts[laneGroup[l]]) if (pReachesI(s, i) && sReachesI(s, k, i)) return true;
    return false;
  };
  /** Whether S's control information reaches P with a moving heartbeat (1001-1002). */
  const sciFresh = (s: State, l: number): boolean => {
    const k = laneSec[l];
    if (s[f.S_UP + k] === 0 || s[f.S_MODE + l] !== S_NORMAL) return false;
    if (direct) return psLink(s, k);
    for (const i of groupInts[laneGroup[l]]) if (pReachesI(s, i) && sReachesI(s, k, i)) return true;
    return false;
  };

  /** Slot index (i * C + j) of a complete record with this ID on the group's intermediates, or -1. */
  function findCopy(s: State, g: number, id: number, usableBy: boolean | number): number {
    for (const i of groupInts[g]) {
      if (usableBy === true && !(s[f.I_LOST + i] === 0)) continue;
      if (typeof usableBy === 'number' && usableBy >= 0 && !sReachesI(s, usableBy, i)) continue;
      for (let j = 0; j < C; j++) {
        const x = slot(i, j);
        if (s[f.SLOT_ID + x] === id && s[f.SLOT_DONE + x] === 1) return x;
      }
    }
    return -1;
  }
  const intactCopy = (s: State, g: number, id: number): boolean => findCopy(s, g, id, true) >= 0;
  const writeWithId = (s: State, g: number, id: number): number => {
    for (let w = 0; w < s[f.NW]; w++) if (s[f.W_ID + w] === id && groupOf(s[f.W_ADDR + w]) === g) return w;
    return -1;
  };

  /** Where P writes the next record of group g: the slot index, or -1 when P cannot. */
  function targetSlot(s: State, g: number): number {
    const ints = groupInts[g];
    let i = -1;
    if (ints.length === 1) i = ints[0];
    else {
      const a = ints[0];
      const b = ints[1];
      const openA = s[f.I_BLOCK + a] === 0;
      const openB = s[f.I_BLOCK + b] === 0;
      if (!openA && !openB) return -1;
      i = openA && openB ? ints[s[f.PN + g] % 2] : openA ? a : b; // Emb. 3(2): spread by request ID
    }
    return slot(i, (cfg.spread ? s[f.INEXT + i] : s[f.PN + g]) % C);
  }
  /** 904: the slot holds nothing S may still need (a released, torn or empty record). */
  const slotFree = (s: State, g: number, x: number): boolean => {
    const jw = journalingWrite(s);
    if (jw >= 0 && s[f.SLOT_W + x] === jw && s[f.SLOT_ID + x] === s[f.W_ID + jw] && !s[f.SLOT_DONE + x]) return false; // 907 in progress there
    return s[f.SLOT_ID + x] <= s[f.PH + g] || s[f.SLOT_DONE + x] === 0;
  };

  /** The record a drain reads next for lane l: slot index, or -1 when there is no valid one (【0139】【0140】). */
  function nextDrainRecord(s: State, l: number): number {
    const g = laneGroup[l];
    const id = s[f.S_H + l] + 1;
    if (rules.drainBeyondPci ? s[f.S_H + l] - s[f.PCI_END + g] >= C * groupInts[g].length : s[f.S_H + l] >= s[f.PCI_END + g]) return -1;
    if (cfg.spread) return findCopy(s, g, id, laneSec[l]);
    const x = slot(groupInts[g][0], s[f.S_H + l] % C);
    if (s[f.SLOT_ID + x] === 0) return -1;
    if (rules.sequenceCheck && s[f.SLOT_ID + x] !== id) return -1;
    if (rules.tornCheck && !s[f.SLOT_DONE + x]) return -1;
    return x;
  }

  /** The record S fetches next in normal mode (inside PCI), or -1. */
  function nextFetchRecord(s: State, l: number): number {
    const g = laneGroup[l];
    const k = laneSec[l];
    const id = s[f.S_H + l] + 1;
    // S's head must lie inside PCI's range: a head P already released past means P dropped this pair.
    if (id > s[f.PCI_END + g] || s[f.S_H + l] < s[f.PCI_H + g]) return -1;
    if (cfg.spread) {
      if (!rules.arrivalOrder) return findCopy(s, g, id, k); // sorted by request ID (【0160】【0161】)
      // CE-10: whatever record inside PCI arrived, in intermediate then slot order.
      for (const i of groupInts[g]) {
        if (!sReachesI(s, k, i)) continue;
        for (let j = 0; j < C; j++) {
          const x = slot(i, j);
          if (s[f.SLOT_DONE + x] && s[f.SLOT_ID + x] > s[f.S_H + l] && s[f.SLOT_ID + x] <= s[f.PCI_END + g]) return x;
        }
      }
      return -1;
    }
    const i = groupInts[g][0];
    if (!sReachesI(s, k, i)) return -1;
    const x = slot(i, s[f.S_H + l] % C); // normal mode trusts PCI's range (図12)
    return s[f.SLOT_ID + x] === 0 ? -1 : x;
  }

  const pairOf = (s: State, l: number): number => s[f.PAIR_ST + l];
  const setPair = (out: State, l: number, e: number): void => {
    const t = step(PAIR, out[f.PAIR_ST + l], e);
    if (t < 0) throw new Error(`pair ${PAIR.states[out[f.PAIR_ST + l]]} does not accept ${PAIR.events[e]}`);
    out[f.PAIR_ST + l] = t;
  };
  const can = (s: State, l: number, e: number): boolean => step(PAIR, s[f.PAIR_ST + l], e) >= 0;
  /** P still journals for this lane: the pair is (as far as P knows) in PAIR. */
  const pJournals = (s: State, l: number): boolean => s[f.BMP_ON + l] === 0 && (pairOf(s, l) === PAIRED || pairOf(s, l) === SUSP_ERR);
  // Loop helpers instead of closures: actions() and next() run in the explorers' hot loop.
  const groupJournals = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (pJournals(s, l)) return true;
    return false;
  };
  const groupJournalsPaired = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (pJournals(s, l) && pairOf(s, l) === PAIRED) return true;
    return false;
  };
  const groupLinked = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (!psLink(s, laneSec[l])) return false;
    return true;
  };
  const otherUsable = (s: State, g: number, i: number): boolean => {
    for (const j of groupInts[g]) if (j !== i && pUsable(s, j)) return true;
    return false;
  };
  const release = (s: State, g: number): number => {
    let h = -1;
    for (const l of groupLanes[g]) {
      if (!(pairOf(s, l) === PAIRED && s[f.BMP_ON + l] === 0)) continue;
      const v = s[f.SCI_H + l];
      if (h < 0 || (rules.releaseByFastest ? v > h : v < h)) h = v;
    }
    return h;
  };
  const setBits = (out: State, at: number, w: number): void => {
    for (let b = 0; b < RB; b++) out[at + block(out, w, b)] = 1;
  };

  /** 図11 1106-1107 for lane l: suspend, and start P's bitmap from its head 626 using the update information (【0118】). */
  function suspendAtP(out: State, l: number, event: number): void {
    const g = laneGroup[l];
    if (can(out, l, event) && (pairOf(out, l) === PAIRED || event !== E_FAILURE)) setPair(out, l, event);
    out[f.BMP_ON + l] = 1;
    out[f.BMP_START + l] = rules.lateBitmap ? out[f.PN + g] : out[f.PH + g];
    for (let w = 0; w < out[f.NW]; w++) {
      if (groupOf(out[f.W_ADDR + w]) !== g || !out[f.W_UPD + w]) continue;
      if (rules.lateBitmap && out[f.W_ID + w] <= out[f.PN + g] && out[f.W_STATUS + w] !== W.JOURNALING) continue;
      setBits(out, f.BM_P + l * AN, w);
    }
  }

  /** A write caught mid-journal by a failure goes to the bitmaps of its group and is acknowledged (【0101】【0115】). */
  function catchJournaling(out: State, g: number): void {
    const w = journalingWrite(out);
    if (w < 0 || groupOf(out[f.W_ADDR + w]) !== g) return;
    for (const l of groupLanes[g]) setBits(out, f.BM_P + l * AN, w);
    out[f.W_STATUS + w] = W.BITMAP;
    out[f.W_ID + w] = 0;
    out[f.W_UPD + w] = 0;
    out[f.W_LOC + w] = 0;
  }

  function discardUpd(out: State, g: number): void {
    for (let w = 0; w < out[f.NW]; w++) if (groupOf(out[f.W_ADDR + w]) === g && out[f.W_ID + w] > 0 && out[f.W_ID + w] <= out[f.PH + g]) out[f.W_UPD + w] = 0;
  }

  /** The queue restarts for lane l after a copy made S equal to P (1409, 1413). */
  function restartLane(out: State, l: number): void {
    const g = laneGroup[l];
    const k = laneSec[l];
    out[f.S_H + l] = out[f.PN + g];
    out[f.SCI_H + l] = out[f.PN + g];
    out[f.LAST_ID + l] = out[f.PN + g];
    out[f.S_PART + l] = 0;
    out[f.S_MODE + l] = S_NORMAL;
    out[f.BUF_N + l] = 0;
    out[f.BMP_ON + l] = 0;
    out[f.BMP_START + l] = 0;
    out[f.BMS_START + l] = 0;
    out[f.BASE_ID + l] = out[f.PN + g];
    out[f.BASE_W + l] = out[f.NW];
    out[f.APPLIED + l] = 0;
    out[f.S_MIXED + l] = 0;
    for (const a of groupAddrs[g]) {
      out[f.BM_P + l * AN + a] = 0;
      out[f.RS_BM + l * AN + a] = 0;
      out[f.BM_S + k * AN + a] = 0;
      out[f.BASE + k * AN + a] = out[f.VS + k * AN + a];
    }
    out[f.BIZ + g] = 0;
    out[f.P_LOST] = 0;
    out[f.S_LOST + k] = 0;
    const h = release(out, g);
    out[f.PH + g] = h < 0 ? out[f.PN + g] : Math.max(out[f.PH + g], h);
    out[f.PCI_H + g] = out[f.PH + g];
    out[f.PCI_END + g] = out[f.PN + g];
    discardUpd(out, g);
    for (const i of groupInts[g]) out[f.I_LOST + i] = 0;
    if (!cfg.spread) for (const i of groupInts[g]) out[f.INEXT + i] = out[f.PN + g];
  }

  /** S's bitmap starts here (1309): after the last request it applied. */
  const sStart = (s: State, l: number): number => (s[f.S_MODE + l] === S_NORMAL ? s[f.S_H + l] : s[f.BMS_START + l]);
  const sSettled = (s: State, l: number): boolean => s[f.S_MODE + l] === S_DRAINED || s[f.S_MODE + l] === S_SUSPENDED;
  const suspendedPair = (p: number): boolean => p === SUSP_ERR || p === SUSP_OP || p === TAKEN;
  /** Lane l has nothing in flight that needs P: P may come back (after S finished its failover). */
  const quiet = (s: State, l: number): boolean => {
    const p = pairOf(s, l);
    return p === SIMPLEX || p === ERROR || p === COPYING || (suspendedPair(p) && sSettled(s, l));
  };

  /** 図11 triggers for lane l, other than the path switches of Emb. 3 and 4. */
  function pDetects(s: State, l: number): boolean {
    const g = laneGroup[l];
    const k = laneSec[l];
    const p = pairOf(s, l);
    if (!s[f.P_ALIVE]) return false;
    if (p === COPYING) return !restartable(s, l);
    if (!pJournals(s, l)) return false;
    if (s[f.ALT + g]) return !psLink(s, k) || s[f.S_MODE + l] !== S_NORMAL;
    if (!pReachesGroup(s, g)) return !altPossible(s, g) && !switchPossible(s, g);
    if (!sciFresh(s, l)) return true; // S down, self-suspended, or its SCI cannot reach P (1002)
    if (cfg.spread && strandedId(s, g) > 0 && !resendTarget(s, g)) return true; // no room to re-send: no alternate path left
    return false;
  }
  const altPossible = (s: State, g: number): boolean => cfg.alternatePath && s[f.ALT + g] === 0 && groupLinked(s, g);
  const switchPossible = (s: State, g: number): boolean => {
    if (!cfg.spread) return false;
    for (const i of groupInts[g]) if (s[f.I_BLOCK + i] === 0 && !pReachesI(s, i) && otherUsable(s, g, i)) return true;
    return false;
  };

  /** Emb. 3(2): the lowest request ID P still holds (above its head) with no complete copy on a usable intermediate. */
  function strandedId(s: State, g: number): number {
    const jw = journalingWrite(s);
    const top = s[f.PN + g] + (jw >= 0 && groupOf(s[f.W_ADDR + jw]) === g ? 1 : 0);
    for (let id = s[f.PH + g] + 1; id <= top; id++) {
      let ok = false;
      for (const i of groupInts[g]) {
        if (s[f.I_BLOCK + i]) continue;
        for (let j = 0; j < C && !ok; j++) {
          const x = slot(i, j);
          if (s[f.SLOT_ID + x] === id && s[f.SLOT_DONE + x] === 1) ok = true;
        }
      }
      if (!ok && (id <= s[f.PN + g] || !pUsable(s, s[f.W_LOC + jw] - 1))) return id;
    }
    return 0;
  }
  const resendTarget = (s: State, g: number): boolean => {
    const x = targetSlot(s, g);
    return x >= 0 && pUsable(s, Math.floor(x / C)) && slotFree(s, g, x);
  };

  const host = (s: State, a: number): boolean => {
    const g = groupOf(a);
    if (!s[f.P_ALIVE] || s[f.BIZ + g] !== 0 || s[f.NW] >= WN || anyJournaling(s)) return false;
    for (const l of groupLanes[g]) if (pairOf(s, l) === COPYING) return false;
    return true;
  };

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const alive = s[f.P_ALIVE] === 1;
    for (let k = 0; k < NS; k++) if (!s[f.S_UP + k]) out[n++] = code(A.S_RECOVER, k);
    for (let i = 0; i < NI; i++) if (!s[f.I_UP + i]) out[n++] = code(A.I_RECOVER, i);
    for (let x = 0; x < 3; x++) if (!linkUp(s, x)) out[n++] = code(A.LINK_RECOVER, x);
    let settled = true;
    for (let l = 0; l < L; l++) if (!quiet(s, l)) settled = false;
    if (!alive && cfg.primaryRecovery !== 'none' && settled) out[n++] = code(A.P_RECOVER);
    const jw = journalingWrite(s);
    if (jw >= 0 && s[f.W_LOC + jw] > 0 && pUsable(s, s[f.W_LOC + jw] - 1)) out[n++] = code(A.JOURNAL_DONE);
    // 907 cannot complete and P has already suspended every pair of the group: the write goes to the bitmaps.
    if (jw >= 0 && alive && !pReachesGroup(s, groupOf(s[f.W_ADDR + jw])) && !groupJournals(s, groupOf(s[f.W_ADDR + jw]))) out[n++] = code(A.JOURNAL_FAIL);
    for (let g = 0; g < G; g++) {
      if (alive && cfg.spread && strandedId(s, g) > 0 && resendTarget(s, g) && groupJournals(s, g)) out[n++] = code(A.RESEND);
    }
    if (alive && cfg.spread) {
      for (let i = 0; i < NI; i++) {
        const g = intGroup[i];
        if (s[f.I_BLOCK + i] === 0 && !pReachesI(s, i) && otherUsable(s, g, i) && groupJournals(s, g)) out[n++] = code(A.SWITCH_PATH, i);
      }
    }
    for (let g = 0; g < G; g++) {
      const journaling = groupJournals(s, g);
      if (alive && journaling && !pReachesGroup(s, g) && altPossible(s, g)) out[n++] = code(A.SWITCH_ALT, g);
      let caughtUp = true;
      for (const l of groupLanes[g]) if (s[f.S_H + l] !== s[f.PN + g]) caughtUp = false;
      if (alive && s[f.ALT + g] && pReachesGroup(s, g) && caughtUp && jw < 0) out[n++] = code(A.SWITCH_BACK, g);
    }
    for (let l = 0; l < L; l++) {
      const g = laneGroup[l];
      if (s[f.ALT + g] && psLink(s, laneSec[l]) && s[f.S_MODE + l] === S_NORMAL && s[f.S_PART + l] === 0 && s[f.BUF_N + l] === 0 && s[f.S_H + l] < s[f.PN + g] && pairOf(s, l) === PAIRED) out[n++] = code(A.ALT_SEND, l);
    }
    for (let g = 0; g < G; g++) {
      if (!alive || s[f.ALT + g] || !groupJournalsPaired(s, g)) continue;
      const reach = direct ? groupLinked(s, g) : pReachesGroup(s, g);
      if (!reach) continue;
      const h = release(s, g);
      const nh = h < 0 ? s[f.PH + g] : rules.releaseByFastest ? h : Math.max(h, s[f.PH + g]);
      if (nh !== s[f.PH + g] || s[f.PCI_H + g] !== nh || s[f.PCI_END + g] !== s[f.PN + g]) out[n++] = code(A.P_CONTROL, g);
    }
    for (let l = 0; l < L; l++) {
      const g = laneGroup[l];
      const k = laneSec[l];
      const sUp = s[f.S_UP + k] === 1;
      const p = pairOf(s, l);
      const mode = s[f.S_MODE + l];
      const live = p === PAIRED || p === SUSP_ERR;
      if (sUp && mode === S_NORMAL && live && !s[f.ALT + g] && s[f.BUF_N + l] === 0 && nextFetchRecord(s, l) >= 0) out[n++] = code(A.S_FETCH, l);
      if (sUp && mode === S_NORMAL && s[f.BUF_N + l] > 0) out[n++] = code(A.S_APPLY, l);
      const published = publishedHead(s, l);
      const sciPath = direct ? psLink(s, k) : sReachesAny(s, l);
      if (sUp && mode === S_NORMAL && live && sciPath && s[f.SCI_H + l] !== published) out[n++] = code(A.S_PUBLISH, l);
      if (sUp && mode === S_NORMAL && live && s[f.BUF_N + l] === 0 && !pciFresh(s, l) && sReachesAll(s, l)) out[n++] = code(A.S_DETECT_P, l);
      if (sUp && (mode === S_DRAINING || mode === S_DRAINED) && sReachesAll(s, l)) {
        const more = nextDrainRecord(s, l) >= 0;
        if (more) out[n++] = code(A.S_DRAIN, l);
        else if (mode === S_DRAINING) out[n++] = code(A.S_DRAIN_END, l);
      }
      // On the alternate path S expects I to be gone while the direct link carries the data.
      const iLost = mode === S_NORMAL ? !(s[f.ALT + g] && psLink(s, k)) && !sReachesAny(s, l) : mode === S_DRAINING && !sReachesAll(s, l);
      if (sUp && live && s[f.BUF_N + l] === 0 && iLost) out[n++] = code(A.S_DETECT_I, l);
      if (pDetects(s, l)) out[n++] = code(A.P_DETECT, l);
      const pathOk = restartable(s, l);
      if (pathOk && (p === SUSP_ERR || p === SUSP_OP) && s[f.BMP_ON + l] && s[f.BIZ + g] === 0 && mode !== S_DRAINING && s[f.BUF_N + l] === 0 && jw < 0) out[n++] = code(A.RESYNC, l);
      if (alive && sUp && p === TAKEN && s[f.BMP_ON + l] && jw < 0) out[n++] = code(A.REVERSE_RESYNC, l);
      if ((p === RESYNCING || p === REVERSING) && alive && sUp) {
        let bits = false;
        for (const a of groupAddrs[g]) if (s[f.RS_BM + l * AN + a]) bits = true;
        if (s[f.S_LOST + k]) out[n++] = code(A.RESYNC_ABORT, l);
        else if (bits) out[n++] = code(A.RESYNC_COPY, l);
        else if (restartable(s, l) && jw < 0) out[n++] = code(A.RESYNC_DONE, l);
      }
      if ((p === RESYNCING || p === REVERSING) && (!alive || !sUp)) out[n++] = code(A.RESYNC_ABORT, l);
      if (p === ERROR) out[n++] = code(A.DELETE_PAIR, l);
      if (p === SIMPLEX && alive) out[n++] = code(A.CREATE_PAIR, l);
      if (p === COPYING && restartable(s, l) && jw < 0) out[n++] = code(A.INITIAL_COPY_DONE, l);
    }
    for (let a = 0; a < AN; a++) if (host(s, a)) out[n++] = code(A.WRITE, a);
    if (cfg.takeover) {
      for (let a = 0; a < AN; a++) {
        const g = groupOf(a);
        const l = groupLanes[g][0];
        if (s[f.BIZ + g] === 1 && s[f.NW] < WN && s[f.S_UP + laneSec[l]] && (pairOf(s, l) === TAKEN || pairOf(s, l) === REVERSING)) out[n++] = code(A.S_WRITE, a);
      }
    }
    if (cfg.primaryLoss && alive && s[f.P_LOSSES] < 1) out[n++] = code(A.P_LOSS);
    if (!alive && cfg.primaryRecovery === 'intact-or-lost' && settled) out[n++] = code(A.P_RECOVER_LOST);
    if (s[f.S_CRASHES] < cfg.secondaryCrashes) {
      for (let k = 0; k < NS; k++) {
        if (!s[f.S_UP + k]) continue;
        out[n++] = code(A.S_CRASH, k);
        let atP = true;
        for (const l of secLanes[k]) if (s[f.BIZ + laneGroup[l]] !== 0) atP = false;
        if (cfg.secondaryDataLoss && (alive || atP)) out[n++] = code(A.S_CRASH_LOST, k);
      }
    }
    if (s[f.I_FAILS] < cfg.intermediateFailures) {
      for (let i = 0; i < NI; i++) {
        if (!s[f.I_UP + i]) continue;
        out[n++] = code(A.I_FAIL, i);
        if (cfg.intermediateDataLoss) out[n++] = code(A.I_FAIL_LOST, i);
      }
    }
    if (s[f.LINK_FAILS] < cfg.linkFailures) for (let x = 0; x < 3; x++) if (linkable(x) && linkUp(s, x)) out[n++] = code(A.LINK_DOWN, x);
    for (let l = 0; l < L; l++) {
      const g = laneGroup[l];
      const k = laneSec[l];
      const p = pairOf(s, l);
      if (cfg.operator && alive && s[f.S_UP + k] && p === PAIRED && s[f.BIZ + g] === 0 && s[f.BUF_N + l] === 0) out[n++] = code(A.OPERATOR_SUSPEND, l);
      // Takeover only once P is confirmed down, or during a maintenance suspend (CE-19).
      if (cfg.takeover && s[f.S_UP + k] && !s[f.S_LOST + k] && s[f.BIZ + g] === 0 && sSettled(s, l) && ((p === SUSP_ERR && (!alive || cfg.operator)) || (p === SUSP_OP && cfg.operator))) out[n++] = code(A.TAKEOVER, l);
      if (cfg.operator && alive && (p === SUSP_ERR || p === SUSP_OP || p === TAKEN) && !s[f.S_UP + k]) out[n++] = code(A.RESYNC_ATTEMPT, l);
    }
    if (cfg.foreignWrite && !s[f.FOREIGN_TRIED] && s[f.S_UP] && s[f.I_UP] && pairOf(s, 0) === PAIRED) out[n++] = code(A.FOREIGN_WRITE);
    return n;
  }

  function publishedHead(s: State, l: number): number {
    if (!rules.publishFetched) return s[f.S_H + l];
    return s[f.S_H + l] + (s[f.BUF_N + l] > 0 && s[f.S_PART + l] + s[f.BUF_N + l] >= RB ? 1 : 0);
  }

  /** Applies the blocks [from, to) of the record in slot x (or of write w) at lane l's secondary. */
  function reflect(out: State, l: number, w: number, done: number, from: number, to: number): void {
    const k = laneSec[l];
    for (let b = from; b < to; b++) out[f.VS + k * AN + block(out, w, b)] = data(out, w, b, done);
  }
  function recordApplied(out: State, l: number, w: number, id: number): void {
    out[f.LAST_ID + l] = id;
    out[f.S_H + l] = rules.arrivalOrder ? Math.max(out[f.S_H + l], id) : out[f.S_H + l] + 1;
    out[f.S_PART + l] = 0;
    if (w >= 0) out[f.APPLIED + l] |= 1 << w;
  }

  function copyLane(out: State, l: number, toS: boolean, a: number): void {
    const k = laneSec[l];
    if (toS) out[f.VS + k * AN + a] = out[f.VP + a];
    else out[f.VP + a] = out[f.VS + k * AN + a];
  }

  function next(s: State, c: number, out: State): void {
    out.set(s);
    const arg = argOf(c);
    const t = typeOf(c);
    switch (t) {
      case A.S_RECOVER: {
        out[f.S_UP + arg] = 1;
        if (out[f.S_LOST + arg]) {
          // S knows its volumes are gone: it stays suspended until an initial copy (1413).
          for (const l of secLanes[arg]) {
            out[f.S_MODE + l] = S_SUSPENDED;
            if (pairOf(out, l) === PAIRED) setPair(out, l, E_FAILURE);
            if (pairOf(out, l) === TAKEN) {
              // The site running the business lost its data: back to P's copy (1413), S's writes since are gone.
              setPair(out, l, E_DATA_LOST);
              out[f.BIZ + laneGroup[l]] = 0;
            }
          }
        }
        return;
      }
      case A.I_RECOVER:
        out[f.I_UP + arg] = 1;
        out[f.I_BLOCK + arg] = 0; // the console puts it back into the configuration
        return;
      case A.LINK_RECOVER:
        out[f.LINK + arg] = 1;
        return;
      case A.P_RECOVER:
      case A.P_RECOVER_LOST: {
        out[f.P_ALIVE] = 1;
        const w = journalingWrite(s);
        if (w >= 0) {
          out[f.W_STATUS + w] = W.ABORTED; // never acknowledged; its data is on P's disk and in its update information
          out[f.W_ID + w] = 0;
        }
        if (t === A.P_RECOVER_LOST) {
          out[f.P_LOST] = 1;
          out.fill(0, f.VP, f.VP + AN);
          out.fill(0, f.BM_P, f.BM_P + L * AN);
          out.fill(0, f.W_UPD, f.W_UPD + WN);
          for (let l = 0; l < L; l++) {
            out[f.BMP_ON + l] = 0;
            if (suspendedPair(pairOf(out, l))) setPair(out, l, E_DATA_LOST); // 1413: an initial copy from S
          }
          return;
        }
        // P's bitmap and update information are on its disk (【0117】): 1107 from its head.
        for (let l = 0; l < L; l++) {
          if (!suspendedPair(pairOf(out, l))) continue;
          if (w >= 0) setBits(out, f.BM_P + l * AN, w);
          suspendAtP(out, l, E_FAILURE);
        }
        return;
      }
      case A.JOURNAL_DONE: {
        // 907 completes, 908 advances the next position, 909 acknowledges.
        const w = journalingWrite(s);
        const g = groupOf(s[f.W_ADDR + w]);
        const i = s[f.W_LOC + w] - 1;
        for (let j = 0; j < C; j++) if (out[f.SLOT_ID + slot(i, j)] === s[f.W_ID + w] && out[f.SLOT_W + slot(i, j)] === w) out[f.SLOT_DONE + slot(i, j)] = 1;
        out[f.PN + g]++;
        out[f.W_STATUS + w] = W.ACKED;
        if (rules.discardUpdEarly) out[f.W_UPD + w] = 0;
        return;
      }
      case A.JOURNAL_FAIL:
        catchJournaling(out, groupOf(s[f.W_ADDR + journalingWrite(s)]));
        return;
      case A.RESEND: {
        // 【0161】: a record stranded on a failed intermediate goes through the other, with its original ID.
        const g = 0;
        const id = strandedId(s, g);
        const w = writeWithId(s, g, id);
        const x = targetSlot(s, g);
        const i = Math.floor(x / C);
        out[f.SLOT_ID + x] = id;
        out[f.SLOT_W + x] = w;
        out[f.SLOT_DONE + x] = 1;
        out[f.INEXT + i]++;
        if (s[f.W_STATUS + w] === W.JOURNALING || s[f.W_STATUS + w] === W.ACK_EARLY) {
          out[f.W_STATUS + w] = W.ACKED;
          out[f.W_LOC + w] = i + 1;
          out[f.PN + g]++;
        }
        return;
      }
      case A.SWITCH_PATH:
        out[f.I_BLOCK + arg] = 1; // 1105: the other intermediate is the alternate path
        return;
      case A.SWITCH_ALT: {
        // 1105 with Emb. 4: asynchronous remote copy over the direct link (【0163】).
        const g = arg;
        out[f.ALT + g] = 1;
        const w = journalingWrite(s);
        if (w >= 0 && groupOf(s[f.W_ADDR + w]) === g) {
          out[f.W_STATUS + w] = W.ALT;
          out[f.W_LOC + w] = 0;
          out[f.PN + g]++;
        }
        return;
      }
      case A.ALT_SEND: {
        // P sends the next record from its retained copy; S stores it and confirms over the link.
        const l = arg;
        const g = laneGroup[l];
        const id = s[f.S_H + l] + 1;
        const w = writeWithId(s, g, id);
        reflect(out, l, w, 1, 0, RB);
        recordApplied(out, l, w, id);
        out[f.SCI_H + l] = out[f.S_H + l];
        const h = release(out, g);
        if (h > out[f.PH + g]) out[f.PH + g] = h;
        discardUpd(out, g);
        return;
      }
      case A.SWITCH_BACK: {
        const g = arg;
        out[f.ALT + g] = 0;
        out[f.PCI_H + g] = out[f.PH + g];
        out[f.PCI_END + g] = out[f.PN + g];
        for (const i of groupInts[g]) out[f.INEXT + i] = out[f.PN + g];
        return;
      }
      case A.P_CONTROL: {
        // 図10 1001-1004: the head moves only to what S published (E4, E14); PCI := [626, 628).
        const g = arg;
        const h = release(s, g);
        const nh = h < 0 ? s[f.PH + g] : rules.releaseByFastest ? h : Math.max(h, s[f.PH + g]);
        out[f.PH + g] = nh;
        out[f.PCI_H + g] = nh;
        out[f.PCI_END + g] = s[f.PN + g];
        discardUpd(out, g);
        return;
      }
      case A.S_FETCH: {
        // 1204: as much of the next record as the buffer takes; normal mode trusts PCI.
        const l = arg;
        const x = nextFetchRecord(s, l);
        out[f.BUF_N + l] = Math.min(FB, RB - s[f.S_PART + l]);
        out[f.BUF_W + l] = s[f.SLOT_W + x];
        out[f.BUF_DONE + l] = s[f.SLOT_DONE + x];
        out[f.BUF_ID + l] = s[f.SLOT_ID + x];
        return;
      }
      case A.S_APPLY: {
        // 1205-1206: reflect what the buffer holds, advance the head only over it (【0130】).
        const l = arg;
        const w = s[f.BUF_W + l];
        const from = s[f.S_PART + l];
        const to = from + s[f.BUF_N + l];
        reflect(out, l, w, s[f.BUF_DONE + l], from, to);
        out[f.BUF_N + l] = 0;
        if (to >= RB || rules.partialSkip) recordApplied(out, l, w, s[f.BUF_ID + l]);
        else out[f.S_PART + l] = to;
        return;
      }
      case A.S_PUBLISH:
        out[f.SCI_H + arg] = publishedHead(s, arg); // 1207, after the apply (CE-13)
        return;
      case A.S_DETECT_P:
        out[f.S_MODE + arg] = S_DRAINING; // 1301-1302: PCI's heartbeat stale, I accessible
        return;
      case A.S_DRAIN: {
        // 1303-1307: the next record passed every check; apply what is left of it.
        const l = arg;
        const x = nextDrainRecord(s, l);
        const w = s[f.SLOT_W + x];
        reflect(out, l, w, s[f.SLOT_DONE + x], s[f.S_PART + l], RB);
        recordApplied(out, l, w, s[f.SLOT_ID + x]);
        out[f.S_H + l] = s[f.S_H + l] + 1; // the drain counts records by position
        return;
      }
      case A.S_DRAIN_END:
        suspendAtS(s, out, arg, S_DRAINED); // 【0141】: no further valid record; [INFERRED] S suspends
        return;
      case A.S_DETECT_I:
        suspendAtS(s, out, arg, S_SUSPENDED); // 1310 -> 1308-1309
        return;
      case A.P_DETECT: {
        const l = arg;
        const g = laneGroup[l];
        if (pairOf(s, l) === COPYING) {
          setPair(out, l, E_FAILURE);
          return;
        }
        if (!pReachesGroup(s, g) || s[f.ALT + g]) catchJournaling(out, g);
        suspendAtP(out, l, E_FAILURE);
        return;
      }
      case A.RESYNC: {
        // 1401-1403, 1406: an initial copy if S lost its data; refuse when P's bitmap starts after S's.
        const l = arg;
        if (s[f.S_LOST + laneSec[l]]) {
          setPair(out, l, E_DATA_LOST);
          return;
        }
        const ok = rules.lateBitmap || s[f.BMP_START + l] <= sStart(s, l);
        if (!ok) {
          setPair(out, l, E_REFUSED);
          return;
        }
        setPair(out, l, E_RESYNC);
        startCopy(s, out, l, true);
        return;
      }
      case A.REVERSE_RESYNC: {
        const l = arg;
        if (s[f.S_LOST + laneSec[l]]) {
          // 1406: the business site lost its data: an initial copy from P, whose data is the newest left.
          setPair(out, l, E_DATA_LOST);
          out[f.BIZ + laneGroup[l]] = 0;
          return;
        }
        const ok = rules.lateBitmap || s[f.BMP_START + l] <= sStart(s, l);
        setPair(out, l, ok ? E_REVERSE : E_REFUSED);
        if (ok) startCopy(s, out, l, false);
        return;
      }
      case A.RESYNC_COPY: {
        const l = arg;
        const g = laneGroup[l];
        for (const a of groupAddrs[g]) {
          if (!s[f.RS_BM + l * AN + a]) continue;
          copyLane(out, l, pairOf(s, l) === RESYNCING, a);
          out[f.RS_BM + l * AN + a] = 0;
          break;
        }
        return;
      }
      case A.RESYNC_DONE:
        setPair(out, arg, E_DONE); // [INFERRED] business back at P (failback)
        restartLane(out, arg);
        return;
      case A.RESYNC_ABORT: {
        const l = arg;
        setPair(out, l, E_FAILURE);
        for (const a of groupAddrs[laneGroup[l]]) if (s[f.RS_BM + l * AN + a]) out[f.BM_P + l * AN + a] = 1;
        out.fill(0, f.RS_BM + l * AN, f.RS_BM + (l + 1) * AN);
        return;
      }
      case A.DELETE_PAIR:
        setPair(out, arg, E_DELETE);
        out[f.BMP_ON + arg] = 0;
        out.fill(0, f.BM_P + arg * AN, f.BM_P + (arg + 1) * AN);
        return;
      case A.CREATE_PAIR:
        setPair(out, arg, E_CREATE);
        return;
      case A.INITIAL_COPY_DONE: {
        // 804 / 1413: copy every block of the group from the side holding the business data.
        const l = arg;
        const g = laneGroup[l];
        const toS = !(s[f.P_LOST] || s[f.BIZ + g]);
        for (const a of groupAddrs[g]) copyLane(out, l, toS, a);
        setPair(out, l, E_COPY_DONE);
        restartLane(out, l);
        return;
      }
      case A.WRITE:
        hostWrite(s, out, arg);
        return;
      case A.S_WRITE: {
        const g = groupOf(arg);
        const l = groupLanes[g][0];
        const k = laneSec[l];
        const w = s[f.NW];
        out[f.NW]++;
        out[f.W_ADDR + w] = arg;
        out[f.W_STATUS + w] = W.AT_S;
        for (let b = 0; b < RB; b++) out[f.VS + k * AN + block(out, w, b)] = w + 1;
        // 【0134】【0135】: recorded in S's bitmap (or the running reverse copy's).
        setBits(out, pairOf(s, l) === REVERSING ? f.RS_BM + l * AN : f.BM_S + k * AN, w);
        return;
      }
      case A.P_LOSS:
        out[f.P_ALIVE] = 0; // a record being written stays torn
        out[f.P_LOSSES]++;
        return;
      case A.S_CRASH:
      case A.S_CRASH_LOST: {
        out[f.S_UP + arg] = 0;
        out[f.S_CRASHES]++;
        for (const l of secLanes[arg]) out[f.BUF_N + l] = 0; // the buffer is memory
        if (t === A.S_CRASH_LOST) {
          out[f.S_LOST + arg] = 1;
          out.fill(0, f.VS + arg * AN, f.VS + (arg + 1) * AN);
          out.fill(0, f.BM_S + arg * AN, f.BM_S + (arg + 1) * AN);
        }
        return;
      }
      case A.I_FAIL:
      case A.I_FAIL_LOST:
        out[f.I_UP + arg] = 0;
        out[f.I_FAILS]++;
        if (t === A.I_FAIL_LOST) {
          out[f.I_LOST + arg] = 1;
          out.fill(0, f.SLOT_ID + arg * C, f.SLOT_ID + (arg + 1) * C);
          out.fill(0, f.SLOT_W + arg * C, f.SLOT_W + (arg + 1) * C);
          out.fill(0, f.SLOT_DONE + arg * C, f.SLOT_DONE + (arg + 1) * C);
        }
        return;
      case A.LINK_DOWN:
        out[f.LINK + arg] = 0;
        out[f.LINK_FAILS]++;
        return;
      case A.OPERATOR_SUSPEND: {
        // 【0135】【0136】: both sides keep differential information from the suspend time.
        const l = arg;
        suspendAtP(out, l, E_OP_SUSPEND);
        out[f.S_MODE + l] = S_SUSPENDED;
        out[f.BMS_START + l] = s[f.S_H + l];
        return;
      }
      case A.TAKEOVER:
        setPair(out, arg, E_TAKEOVER);
        out[f.BIZ + laneGroup[arg]] = 1; // the secondary host now issues I/O to S (【0135】)
        return;
      case A.RESYNC_ATTEMPT:
        setPair(out, arg, E_REFUSED); // 1401-1402: no usable path -> 1414
        return;
      case A.FOREIGN_WRITE:
        out[f.FOREIGN_TRIED] = 1;
        if (!rules.writePermission) {
          // CE-11: S's bug overwrites P's control information with its own view.
          out[f.FOREIGN_LANDED] = 1;
          out[f.PCI_END] = s[f.PN] + 1;
        }
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  /** S stops applying and suspends the pair; its bitmap starts after the last request it applied (1309). */
  function suspendAtS(s: State, out: State, l: number, mode: number): void {
    out[f.S_MODE + l] = mode;
    out[f.BMS_START + l] = s[f.S_H + l];
    if (pairOf(s, l) === PAIRED) setPair(out, l, E_FAILURE);
  }

  function startCopy(s: State, out: State, l: number, toS: boolean): void {
    const k = laneSec[l];
    for (const a of groupAddrs[laneGroup[l]]) {
      const both = s[f.BM_P + l * AN + a] | s[f.BM_S + k * AN + a];
      const oneSided = toS ? s[f.BM_P + l * AN + a] : s[f.BM_S + k * AN + a];
      out[f.RS_BM + l * AN + a] = rules.oneSidedResync ? oneSided : both; // 1408 / 1411: the OR (【0152】)
      out[f.BM_P + l * AN + a] = 0;
      out[f.BM_S + k * AN + a] = 0;
    }
    out[f.BMS_START + l] = sStart(s, l); // S stops applying here; its differential information runs from here
    out[f.S_MODE + l] = S_SUSPENDED;
    out[f.BUF_N + l] = 0;
    if (toS) out[f.S_MIXED + l] = 1;
  }

  /** 図9 at P. */
  function hostWrite(s: State, out: State, a: number): void {
    const g = groupOf(a);
    const w = s[f.NW];
    out[f.NW]++;
    out[f.W_ADDR + w] = a;
    const lanes = groupLanes[g];
    const journal = groupJournals(s, g);
    if (journal && s[f.ALT + g]) {
      for (let b = 0; b < RB; b++) out[f.VP + block(out, w, b)] = w + 1;
      out[f.W_ID + w] = s[f.PN + g] + 1;
      out[f.PN + g]++;
      out[f.W_UPD + w] = 1;
      out[f.W_STATUS + w] = W.ALT; // acknowledged now, sent later (asynchronous, 【0163】)
      for (const l of lanes) if (!pJournals(s, l)) markBitmap(s, out, l, w);
      return;
    }
    if (journal) {
      const x = targetSlot(s, g);
      const full = rules.freeSpaceCheck && (x < 0 || !slotFree(s, g, x));
      if (full && cfg.queueFull === 'busy') {
        out[f.W_STATUS + w] = W.BUSY; // 912: not accepted
        return;
      }
      if (!full) {
        for (let b = 0; b < RB; b++) out[f.VP + block(out, w, b)] = w + 1;
        const id = s[f.PN + g] + 1;
        out[f.SLOT_ID + x] = id; // 907 starts: the record is torn until it completes
        out[f.SLOT_W + x] = w;
        out[f.SLOT_DONE + x] = 0;
        out[f.W_ID + w] = id;
        out[f.W_LOC + w] = Math.floor(x / C) + 1;
        out[f.INEXT + Math.floor(x / C)]++; // the ring position is taken when 907 starts
        out[f.W_UPD + w] = 1; // created at acceptance (【0032】)
        out[f.W_STATUS + w] = rules.ackBeforeJournal ? W.ACK_EARLY : W.JOURNALING;
        for (const l of lanes) if (!pJournals(s, l)) markBitmap(s, out, l, w);
        return;
      }
      for (const l of lanes) if (pJournals(s, l)) suspendAtP(out, l, E_FAILURE); // 912 "failure" policy (【0115】)
    }
    for (let b = 0; b < RB; b++) out[f.VP + block(out, w, b)] = w + 1;
    let any = false;
    for (const l of lanes) any = markBitmap(out, out, l, w) || any;
    out[f.W_STATUS + w] = any ? W.BITMAP : W.LOCAL;
  }

  /** 910: the write's blocks go to the lane's bitmap (or the running copy's); false when the lane has no pair. */
  function markBitmap(s: State, out: State, l: number, w: number): boolean {
    const p = pairOf(s, l);
    if (p === RESYNCING) {
      setBits(out, f.RS_BM + l * AN, w);
      return true;
    }
    if (s[f.BMP_ON + l]) {
      setBits(out, f.BM_P + l * AN, w);
      return true;
    }
    return false;
  }

  function actionToJson(_s: State, c: number): Action {
    const t = typeOf(c);
    const name = ARG[t];
    if (!name) return { type: NAMES[t] };
    if (name === 'link') return { type: NAMES[t], link: LINKS[argOf(c)] };
    return { type: NAMES[t], [name]: argOf(c) };
  }

  function actionFromJson(a: Action): number | undefined {
    const t = NAMES.indexOf(a.type);
    if (t < 0) return undefined;
    const name = ARG[t];
    if (!name) return code(t);
    const v = a[name];
    if (name === 'link') {
      const x = LINKS.indexOf(v as never);
      return x < 0 ? undefined : code(t, x);
    }
    const bound = name === 'address' ? AN : name === 'lane' ? L : name === 'secondary' ? NS : name === 'intermediate' ? NI : G;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < bound ? code(t, v) : undefined;
  }

  function view(s: State): Record<string, Json> {
    const img = (at: number, addrs: number[]): Record<string, Json> =>
      Object.fromEntries(addrs.map((a) => [`a${a}`, s[at + a] === 0 ? null : s[at + a] === TORN ? 'torn' : `w${s[at + a] - 1}`]));
    const bits = (at: number): Json => Array.from({ length: AN }, (_, a) => a).filter((a) => s[at + a]).map((a) => `a${a}`);
    const all = Array.from({ length: AN }, (_, a) => a);
    return {
      primary: { state: s[f.P_ALIVE] ? 'alive' : 'lost', dataLost: s[f.P_LOST] === 1, volume: img(f.VP, all) },
      links: Object.fromEntries(LINKS.map((x, i) => [x, linkUp(s, i) ? 'up' : 'down'])),
      writes: Array.from({ length: s[f.NW] }, (_, w) => `w${w} a${s[f.W_ADDR + w]}${s[f.W_ID + w] ? ` #${s[f.W_ID + w]}` : ''} ${STATUS[s[f.W_STATUS + w]]}${s[f.W_UPD + w] ? ' upd' : ''}`),
      groups: Array.from({ length: G }, (_, g) => ({
        business: s[f.BIZ + g] ? 'secondary' : 'primary',
        primaryControl: { head: s[f.PH + g], next: s[f.PN + g] },
        pci: { head: s[f.PCI_H + g], end: s[f.PCI_END + g] },
        ...(cfg.alternatePath ? { alternatePath: s[f.ALT + g] === 1 } : {}),
      })),
      intermediates: Array.from({ length: NI }, (_, i) => {
        const queue: Record<string, Json> = {};
        for (let j = 0; j < C; j++) {
          const x = slot(i, j);
          if (s[f.SLOT_ID + x] === 0) continue;
          const w = s[f.SLOT_W + x];
          queue[`slot${j}`] = `#${s[f.SLOT_ID + x]} w${w} a${s[f.W_ADDR + w]}${s[f.SLOT_DONE + x] ? '' : ' TORN'}`;
        }
        return { state: s[f.I_UP + i] ? (s[f.I_LOST + i] ? 'up, contents lost' : 'up') : 'failed', ...(s[f.I_BLOCK + i] ? { blockaded: true } : {}), queue };
      }),
      lanes: Array.from({ length: L }, (_, l) => {
        const k = laneSec[l];
        return {
          group: laneGroup[l],
          secondary: k,
          pair: PAIR.states[s[f.PAIR_ST + l]],
          sci: s[f.SCI_H + l],
          secondaryHead: s[f.S_H + l] + (s[f.S_PART + l] ? ` + ${s[f.S_PART + l]} block(s)` : ''),
          mode: MODE[s[f.S_MODE + l]],
          buffer: s[f.BUF_N + l] ? `#${s[f.BUF_ID + l]} w${s[f.BUF_W + l]} ${s[f.BUF_N + l]} block(s)${s[f.BUF_DONE + l] ? '' : ' TORN'}` : null,
          primaryBitmap: s[f.BMP_ON + l] ? bits(f.BM_P + l * AN) : null,
          resyncBitmap: s[f.PAIR_ST + l] === RESYNCING || s[f.PAIR_ST + l] === REVERSING ? bits(f.RS_BM + l * AN) : null,
        };
      }),
      secondaries: Array.from({ length: NS }, (_, k) => ({
        state: s[f.S_UP + k] ? 'up' : 'crashed',
        dataLost: s[f.S_LOST + k] === 1,
        bitmap: bits(f.BM_S + k * AN),
        volume: img(f.VS + k * AN, all),
      })),
    };
  }

  const k: Kernel = {
    cfg,
    rules,
    G,
    L,
    NI,
    AN,
    C,
    RB,
    laneGroup,
    laneSec,
    groupLanes,
    groupInts,
    groupAddrs,
    f,
    block,
    groupOf,
    findCopy: (s, g, id, usable) => findCopy(s, g, id, usable),
    intactCopy,
    writeWithId,
    nextDrainRecord,
    anyJournaling,
  };

  return {
    k,
    stateSize: SIZE,
    maxActions: 6 * L * 4 + 2 * AN + 4 * NI + 3 * 2 + 16 + LANE_ACTIONS.length * L,
    init: () => {
      const s = new Int32Array(SIZE);
      s[f.P_ALIVE] = 1;
      s.fill(1, f.LINK, f.LINK + 3);
      s.fill(1, f.I_UP, f.I_UP + NI);
      s.fill(1, f.S_UP, f.S_UP + NS);
      s.fill(PAIR.initial, f.PAIR_ST, f.PAIR_ST + L);
      return [s];
    },
    actions,
    next,
    fair: (c) => typeOf(c) < A.WRITE,
    fault: (c) => typeOf(c) >= A.P_LOSS,
    machines: [{ table: PAIR, offsets: Array.from({ length: L }, (_, l) => f.PAIR_ST + l) }],
    actionToJson,
    actionFromJson,
    view,
    always: [],
    step: [],
    sometimes: [],
    eventually: [],
  };
}

export const PAIR_STATES = { SIMPLEX, COPYING, PAIRED, SUSP_OP, SUSP_ERR, TAKEN, RESYNCING, REVERSING, ERROR };
export const S_MODES = { S_NORMAL, S_DRAINING, S_DRAINED, S_SUSPENDED };
export { TORN };
