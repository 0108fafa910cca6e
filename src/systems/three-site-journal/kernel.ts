// The state of the three-site-journal model (seed 000) and what every protocol part shares: the
// layout of the state vector, the lanes, the ring of blocks on each intermediate with its records and
// checks, reachability, and the pair's lifecycle through the table derived from models/pair.ts.
//
// A *lane* is one consistency group replicated to one secondary: one lane, two groups with one
// intermediate each (Emb. 3(1)), or one group with two secondaries (Emb. 5).
//
// The queue on I is a ring of blocks. A host write of n blocks becomes one record of n blocks
// (header in the first, trailer in the last, 【0086】-【0090】) at consecutive positions, wrapping
// around the ring's end (【0103】). Each block carries protection data: the request ID of its record,
// its number in the record (501, 502) and an error-detection code (503). A block P has not written yet
// keeps whatever was there: an older record's block, or another group's (a torn record is made of
// such stale blocks). Positions are unwrapped block offsets (LSO): the physical block is LSO mod
// ring size. Request IDs count records per group and restart when a copy restarts the queue, while
// timestamps come from P's clock and never restart, so the two checks of 【0139】 are independent.
//
// Images: a block of a volume holds 0 (its content before the first copy), w + 1 for host write w,
// CORRUPT for data that failed its error-detection code, or a LEFTOVER value: what another group's
// record carried. Outcome properties call anything but 0 and w + 1 phantom data.
import type { State } from '../../engine/contract.js';
import { createLayout } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step } from '../../engine/machine-table.js';
import { pairMachine } from '../../../models/pair.js';
import { LINKS, type JournalConfig, type JournalRules } from './config.js';

export const PAIR = deriveTable(pairMachine);
const EV = (name: string): number => eventIndex(PAIR, name);
export const E = {
  CREATE: EV('CREATE_PAIR'),
  COPY_DONE: EV('INITIAL_COPY_DONE'),
  FAILURE: EV('FAILURE'),
  OP_SUSPEND: EV('SPLIT'),
  TAKEOVER: EV('TAKEOVER'),
  RESYNC: EV('RESYNC'),
  REFUSED: EV('RESYNC_REFUSED'),
  DATA_LOST: EV('DATA_LOST'),
  REVERSE: EV('REVERSE_RESYNC'),
  DONE: EV('RESYNC_DONE'),
  DELETE: EV('DELETE_PAIR'),
};
const ST = (name: string): number => stateIndex(PAIR, name);
export const PS = {
  SIMPLEX: ST('simplex'),
  COPYING: ST('initialCopy'),
  PAIRED: ST('pair'),
  SUSP_OP: ST('split'),
  SUSP_ERR: ST('suspendedByError'),
  TAKEN: ST('takeover'),
  RESYNCING: ST('resync'),
  REVERSING: ST('reverseResync'),
  ERROR: ST('error'),
};

/** What P did with a host write (its own bookkeeping, not what the host saw: that is the ghost H_ST). */
export const W = {
  JOURNALING: 1, // reserved a position and an ID; 907 has written J_DONE of its blocks
  WRITTEN: 2, // 907 done; 908 not yet (pipeline: steps)
  ADVANCED: 3, // 908 done; 909 not yet (pipeline: steps)
  ACKED: 4, // journaled and acknowledged
  BUSY: 5, // 912: rejected, leaves no trace (N5)
  BITMAP: 6, // accepted while suspended (910, 911, 909), or caught mid-journal by a failure
  LOCAL: 7, // no pair (simplex, error): stored locally only (【0096】)
  ALT: 8, // Emb. 4: acknowledged, sent asynchronously over the direct link
  AT_S: 9, // written by the secondary host after a takeover
  ABORTED: 10, // in flight when P was lost: never acknowledged by P
  ACK_EARLY: 11, // CE-1 variant: acknowledged while its journal is still being written
} as const;
export const STATUS = [
  'none',
  'journaling',
  'journalWritten',
  'pointerAdvanced',
  'acknowledged',
  'busy',
  'acknowledgedInBitmap',
  'local',
  'acknowledgedAlternatePath',
  'writtenAtSecondary',
  'aborted',
  'acknowledgedBeforeJournal',
];

/** What the host was told (ghost). Values from H_BUSY on are final. */
export const H = {
  PENDING: 1,
  BUSY: 2, // BUSY: not accepted
  AT_S: 3, // acknowledged by S to the secondary host
  AT_P: 4, // acknowledged by P; 4 + mask of the lanes P showed in synchronous PAIR at that moment
} as const;

/** S's mode per lane. */
export const M = { NORMAL: 0, DRAINING: 1, DRAINED: 2, SUSPENDED: 3 } as const;
export const MODE = ['normal', 'draining', 'drained', 'suspended'];

export const CORRUPT = -1;
const LEFTOVER_BASE = -10;
export const leftoverValue = (k: number): number => LEFTOVER_BASE - k;
/** Leftover records carry another host's clock: their timestamps pass any "greater than" check. */
const LEFTOVER_TS = 1000;

export interface Kernel {
  cfg: JournalConfig;
  rules: JournalRules;
  WN: number;
  AN: number;
  B: number;
  G: number;
  L: number;
  NS: number;
  NI: number;
  laneGroup: number[];
  laneSec: number[];
  groupLanes: number[][];
  secLanes: number[][];
  groupInts: number[][];
  intGroup: number[];
  groupAddrs: number[][];
  f: Record<string, number>;
  SIZE: number;
  direct: boolean;
  groupOf(a: number): number;
  blk(i: number, pos: number): number;
  /** Block b of write w lands at this address. */
  addrOf(s: State, w: number, b: number): number;
  linkUp(s: State, x: number): boolean;
  pReachesI(s: State, i: number): boolean;
  sReachesI(s: State, k: number, i: number): boolean;
  pUsable(s: State, i: number): boolean;
  pReachesGroup(s: State, g: number): boolean;
  sReachesAny(s: State, l: number): boolean;
  sReachesAll(s: State, l: number): boolean;
  restartable(s: State, l: number): boolean;
  psLink(s: State, k: number): boolean;
  pciFresh(s: State, l: number): boolean;
  sciFresh(s: State, l: number): boolean;
  pair(s: State, l: number): number;
  setPair(out: State, l: number, e: number): void;
  can(s: State, l: number, e: number): boolean;
  pJournals(s: State, l: number): boolean;
  groupJournals(s: State, g: number): boolean;
  groupJournalsPaired(s: State, g: number): boolean;
  /** P shows the lane in synchronous PAIR: journaling, not suspended, not on the alternate path. */
  displaysPair(s: State, l: number): boolean;
  inFlight(s: State): number;
  /**
   * Ghost: block b of write w is in the image at `at`: the image holds w there, or a write whose
   * chain of overwritten data (H_PREV) leads back to w. Histories diverge after a takeover, so a later
   * write does not in general overwrite an earlier one; the chain says which did.
   */
  present(s: State, at: number, w: number, b: number): boolean;
  whole(s: State, at: number, w: number): boolean;
  /** The request ID, timestamp, incarnation, address and size in the header of a record. */
  headerId(s: State, wr: number): number;
  headerTs(s: State, wr: number): number;
  headerGroup(s: State, wr: number): number;
  headerAddr(s: State, wr: number): number;
  headerSize(s: State, wr: number): number;
  /** What a block carries, as an image value. */
  blockData(s: State, x: number): number;
  /**
   * The record S would accept at its position, as its writeRef, or 0 (【0139】【0140】): its blocks up
   * to block `upTo` of the record (all of them by default) pass the checks.
   */
  acceptable(s: State, l: number, i: number, pos: number, upTo?: number): number;
  /** Spread (Emb. 3(2)): the block holding the header of the record with this request ID that lane l can read, or -1. */
  findSpread(s: State, l: number, id: number, readable: boolean): number;
  /** Emb. 3(2): the ring the next record (or a re-sent one) goes to, spread by request ID; -1 when both are blockaded. */
  spreadRing(s: State, g: number): number;
  /** The write carrying request ID id in group g's current incarnation, or -1. */
  writeWithId(s: State, g: number, id: number): number;
  release(s: State, g: number): number;
  setBits(out: State, at: number, w: number): void;
  quiet(s: State, l: number): boolean;
  sSettled(s: State, l: number): boolean;
  /** 図11 1106-1107: suspend the lane at P and start P's bitmap from its head using the update information. */
  suspendAtP(out: State, l: number, event: number): void;
  /** S stops applying and suspends the pair; its bitmap starts after the last request it applied (1309). */
  suspendAtS(s: State, out: State, l: number, mode: number): void;
  /** The queue restarts for lane l after a copy made S and P equal (1409, 1413), to S or from it. */
  restartLane(out: State, l: number, toS: boolean): void;
  discardUpd(out: State, g: number): void;
  /** Ghost: a fault or a full queue happened, so a suspend warning has a cause. */
  cause(out: State): void;
}

export function buildKernel(cfg: JournalConfig, rules: JournalRules): Kernel {
  const WN = cfg.writes;
  const AN = cfg.addresses;
  const B = cfg.ringBlocks;
  const NS = cfg.secondaries;
  const NI = cfg.intermediates;
  const G = NI === 2 && !cfg.spread ? 2 : 1;
  const L = G * NS;
  if (L > 2) throw new Error('three-site-journal: at most two lanes (two groups or two secondaries)');
  if (cfg.spread && cfg.writeSizes.some((n) => n > 1)) throw new Error('three-site-journal: Emb. 3(2) spreads one-block records');
  const laneGroup = Array.from({ length: L }, (_, l) => (G === 2 ? l : 0));
  const laneSec = Array.from({ length: L }, (_, l) => (G === 2 ? 0 : l));
  const groupLanes = Array.from({ length: G }, (_, g) => laneGroup.map((x, l) => (x === g ? l : -1)).filter((l) => l >= 0));
  const groupInts = Array.from({ length: G }, (_, g) => (G === 2 ? [g] : Array.from({ length: NI }, (_, i) => i)));
  const intGroup = Array.from({ length: NI }, (_, i) => (G === 2 ? i : 0));
  const groupOf = (a: number): number => a % G;
  const groupAddrs = Array.from({ length: G }, (_, g) => Array.from({ length: AN }, (_, a) => a).filter((a) => groupOf(a) === g));
  const secLanes = Array.from({ length: NS }, (_, k) => laneSec.map((x, l) => (x === k ? l : -1)).filter((l) => l >= 0));
  const direct = cfg.controlPath === 'direct';

  const layout = createLayout();
  const fld = layout.field;
  const f = {
    P_ALIVE: fld(),
    P_LOSSES: fld(),
    P_LOST: fld(), // P came back with its data lost: an initial copy from S restores it
    NW: fld(),
    CLOCK: fld(), // P's timestamp clock
    LINK: fld(3), // 1: up
    LINK_FAILS: fld(),
    I_FAILS: fld(),
    S_CRASHES: fld(),
    MEDIA_ERRS: fld(),
    FOREIGN_TRIED: fld(),
    FOREIGN_LANDED: fld(),
    // per group
    BIZ: fld(G), // where the operator runs the business: 0 P, 1 S
    P_FENCED: fld(G), // the console stopped host I/O at P for the group (1104)
    PN: fld(G), // next position 628 (Emb. 3(2): request IDs, see below)
    PR: fld(G), // reserved up to here: positions handed to writes whose 907 runs
    PNID: fld(G), // last request ID 908 advanced over
    PRID: fld(G), // last request ID reserved
    PH: fld(G), // head position 626, taken from SCI
    PCI_H: fld(G), // primary control information (on I, or held by S with Emb. 2)
    PCI_END: fld(G),
    ALT: fld(G), // Emb. 4: on the alternate path
    P_MIXED: fld(G), // P's image is not write-order consistent: an S -> P copy was cut short, or copied such an image (N2)
    AGE_P: fld(G), // clock periods since P last published PCI
    // per intermediate
    I_UP: fld(NI),
    I_LOST: fld(NI), // lost its contents: its areas are unreadable until the queue restarts
    I_BLOCK: fld(NI), // blockaded by P (Emb. 3(2)): P writes to the other one
    INEXT: fld(NI), // Emb. 3(2): next position in this ring
    // per block of each ring
    BLK_W: fld(NI * B), // the record: w + 1, or -(k + 1) for leftover record k, 0 never written
    BLK_B: fld(NI * B), // the block's number in its record (502)
    BLK_OK: fld(NI * B), // the error-detection code (503) holds
    // per lane
    PAIR_ST: fld(L),
    BMP_ON: fld(L), // P has suspended this pair and keeps a bitmap for it (1106-1107)
    BMP_START: fld(L),
    BMS_START: fld(L),
    SCI: fld(L), // S's control information as P reads it: a position (Emb. 3(2): a request ID)
    S_POS: fld(L), // S's head 629: the next block to reflect
    S_PART: fld(L), // blocks of the current record already reflected (partial fetch, 【0130】)
    CUR_WR: fld(L), // the record S is inside of when S_PART > 0 (its trailer repeats the header)
    LAST_ID: fld(L), // request ID and timestamp of the last record S reflected (【0139】)
    LAST_TS: fld(L),
    S_MODE: fld(L),
    BUF_N: fld(L), // blocks in S's fetch buffer (memory: lost if S crashes)
    BUF_WR: fld(L),
    BUF_OK: fld(L), // what S's verification of the fetched blocks found
    BUF_V0: fld(L), // the data of the fetched blocks
    BUF_V1: fld(L),
    BASE_W: fld(L), // writes before this index were settled by the last copy
    APPLIED: fld(L), // bit w: write w's record was reflected at S since the base
    S_MIXED: fld(L), // a P -> S copy is partly done: S is not write-order consistent (N2)
    AGE_S: fld(L),
    // The heartbeat 621 is a counter that never repeats (【0067】): what a monitor learns from it is
    // whether it changed since the last sample, and how many samples in a row it did not.
    FRESH_P: fld(L), // PCI's heartbeat changed since S's last sample
    STALE_P: fld(L),
    FRESH_S: fld(L), // SCI's heartbeat changed since P's last sample
    STALE_S: fld(L),
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
    W_ADDR: fld(WN), // the host's request: first address and size in blocks
    W_SIZE: fld(WN),
    W_ST: fld(WN),
    J_DONE: fld(WN), // blocks of its record 907 has written
    J_POS: fld(WN), // its record on I: position, ring, request ID, timestamp
    J_RING: fld(WN),
    J_ID: fld(WN),
    J_TS: fld(WN),
    J_OLD: fld(WN), // its record belongs to an earlier incarnation of the queue: a copy restarted the request IDs since
    W_UPD: fld(WN), // update information 108 held at P (【0032】)
    // ghost: what hosts and the operator observed, never relabelled by the implementation
    H_ST: fld(WN), // what the host was told (H)
    H_DEPS: fld(WN), // 1 + mask of the writes acknowledged (and readable at the issuing site) when it was issued
    H_PREV: fld(WN * 2), // per block: 1 + what the issuing site's image held there when it was issued (what it overwrites)
    G_CAUSE: fld(), // a fault, an operator suspend or a full queue happened
    G_MEDIA: fld(), // a media error hit I
    G_PLOSS: fld(L), // P was lost while P showed the lane in synchronous PAIR (1) or not (2)
    G_IGAP: fld(L), // since P was lost, I became unreadable to this lane's S or lost its contents
    G_SIDE: fld(G), // the operator has moved the business to S (takeover) and not back yet
    G_CUT: fld(WN), // P was lost while this write was in flight: its host got no answer from P
    G_SLOST: fld(NS), // S lost its volumes after the writes issued before this index
  };
  const SIZE = layout.size;
  const blk = (i: number, pos: number): number => i * B + (((pos % B) + B) % B);
  const addrOf = (s: State, w: number, b: number): number => (s[f.W_ADDR + w] + b) % AN;
  const linkUp = (s: State, x: number): boolean => s[f.LINK + x] === 1;

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
    if (s[f.S_UP + k] === 0 || s[f.S_MODE + l] !== M.NORMAL) return false;
    if (direct) return psLink(s, k);
    for (const i of groupInts[laneGroup[l]]) if (pReachesI(s, i) && sReachesI(s, k, i)) return true;
    return false;
  };

  const pair = (s: State, l: number): number => s[f.PAIR_ST + l];
  const setPair = (out: State, l: number, e: number): void => {
    const t = step(PAIR, out[f.PAIR_ST + l], e);
    if (t < 0) throw new Error(`pair ${PAIR.states[out[f.PAIR_ST + l]]} does not accept ${PAIR.events[e]}`);
    out[f.PAIR_ST + l] = t;
  };
  const can = (s: State, l: number, e: number): boolean => step(PAIR, s[f.PAIR_ST + l], e) >= 0;
  /** P still journals for this lane: the pair is (as far as P knows) in PAIR. */
  const pJournals = (s: State, l: number): boolean => s[f.BMP_ON + l] === 0 && (pair(s, l) === PS.PAIRED || pair(s, l) === PS.SUSP_ERR);
  // Loop helpers instead of closures: the parts run in the explorers' hot loop.
  const groupJournals = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (pJournals(s, l)) return true;
    return false;
  };
  const groupJournalsPaired = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (pJournals(s, l) && pair(s, l) === PS.PAIRED) return true;
    return false;
  };
  const displaysPair = (s: State, l: number): boolean => pair(s, l) === PS.PAIRED && s[f.BMP_ON + l] === 0 && s[f.ALT + laneGroup[l]] === 0;
  const inFlight = (s: State): number => {
    let n = 0;
    for (let w = 0; w < s[f.NW]; w++) {
      const st = s[f.W_ST + w];
      if (st === W.JOURNALING || st === W.WRITTEN || st === W.ADVANCED || st === W.ACK_EARLY) n++;
    }
    return n;
  };

  function present(s: State, at: number, w: number, b: number): boolean {
    const a = addrOf(s, w, b);
    let u = s[at + a];
    while (u > 0) {
      const v = u - 1;
      if (v === w) return true;
      if (v < w || v >= s[f.NW]) return false;
      const bv = (a - s[f.W_ADDR + v] + AN) % AN;
      if (bv >= s[f.W_SIZE + v]) return false;
      u = s[f.H_PREV + v * 2 + bv] - 1;
    }
    return false;
  }
  const whole = (s: State, at: number, w: number): boolean => {
    for (let b = 0; b < s[f.W_SIZE + w]; b++) if (!present(s, at, w, b)) return false;
    return true;
  };

  const leftover = (wr: number): number => -wr - 1;
  const headerId = (s: State, wr: number): number => (wr > 0 ? s[f.J_ID + wr - 1] : leftover(wr) + 1);
  const headerTs = (s: State, wr: number): number => (wr > 0 ? s[f.J_TS + wr - 1] : LEFTOVER_TS + leftover(wr));
  const headerGroup = (s: State, wr: number): number => (wr > 0 ? groupOf(s[f.W_ADDR + wr - 1]) : G); // G: another group's queue
  const headerAddr = (s: State, wr: number): number => (wr > 0 ? s[f.W_ADDR + wr - 1] : leftover(wr) % AN);
  const headerSize = (s: State, wr: number): number => (wr > 0 ? s[f.W_SIZE + wr - 1] : 1);
  const blockData = (s: State, x: number): number => {
    if (!s[f.BLK_OK + x]) return CORRUPT;
    const wr = s[f.BLK_W + x];
    return wr > 0 ? wr : leftoverValue(leftover(wr));
  };

  /**
   * 【0139】【0140】 at lane l's position: the header (error-detection code, block number, group and
   * queue, request ID = previous + 1, timestamp greater than the previous), then every further block
   * (its protection data names the same request and the next block number, its code holds), the last
   * being the trailer. Inside a record (after a partial apply) only the rest is read: the trailer
   * repeats the header. Each check can be switched off by a naive variant.
   */
  function acceptable(s: State, l: number, i: number, pos: number, upTo = 1 << 20): number {
    const part = s[f.S_PART + l];
    if (part > 0) {
      const wr = s[f.CUR_WR + l];
      const end = Math.min(headerSize(s, wr), upTo);
      for (let b = part; b < end; b++) {
        const x = blk(i, pos + b - part);
        if (rules.edcCheck && !s[f.BLK_OK + x]) return 0;
        if (rules.tornCheck && (s[f.BLK_W + x] !== wr || s[f.BLK_B + x] !== b)) return 0;
      }
      return wr;
    }
    const x0 = blk(i, pos);
    const wr = s[f.BLK_W + x0];
    if (wr === 0) return 0;
    if (rules.edcCheck && !s[f.BLK_OK + x0]) return 0;
    if (rules.tornCheck && s[f.BLK_B + x0] !== 0) return 0;
    const g = laneGroup[l];
    if (rules.groupCheck && headerGroup(s, wr) !== g) return 0;
    if (rules.sequenceCheck && headerId(s, wr) !== s[f.LAST_ID + l] + 1) return 0;
    if (rules.timestampCheck && headerTs(s, wr) <= s[f.LAST_TS + l]) return 0;
    const end = Math.min(headerSize(s, wr), upTo);
    for (let b = 1; b < end; b++) {
      const x = blk(i, pos + b);
      if (rules.edcCheck && !s[f.BLK_OK + x]) return 0;
      if (rules.tornCheck && (s[f.BLK_W + x] !== wr || s[f.BLK_B + x] !== b)) return 0;
    }
    return wr;
  }

  function spreadRing(s: State, g: number): number {
    const a = groupInts[g][0];
    const b = groupInts[g][1];
    const openA = s[f.I_BLOCK + a] === 0;
    const openB = s[f.I_BLOCK + b] === 0;
    if (!openA && !openB) return -1;
    return openA && openB ? groupInts[g][(s[f.PRID + g] + 1) % 2] : openA ? a : b;
  }

  function findSpread(s: State, l: number, id: number, readable: boolean): number {
    const g = laneGroup[l];
    for (const i of groupInts[g]) {
      if (readable && !sReachesI(s, laneSec[l], i)) continue;
      for (let j = 0; j < B; j++) {
        const x = i * B + j;
        const wr = s[f.BLK_W + x];
        if (wr > 0 && s[f.BLK_OK + x] && s[f.J_ID + wr - 1] === id && s[f.J_OLD + wr - 1] === 0 && s[f.J_DONE + wr - 1] >= 1) return x;
      }
    }
    return -1;
  }

  const writeWithId = (s: State, g: number, id: number): number => {
    for (let w = 0; w < s[f.NW]; w++) {
      if (groupOf(s[f.W_ADDR + w]) !== g || s[f.J_ID + w] !== id || s[f.J_OLD + w] === 1) continue;
      const st = s[f.W_ST + w];
      if (st !== W.BUSY && st !== W.LOCAL && st !== W.AT_S && st !== W.BITMAP) return w;
    }
    return -1;
  };

  /** 1003: P's head from the SCI of the slowest paired secondary (【0167】). */
  const release = (s: State, g: number): number => {
    let h = -1;
    for (const l of groupLanes[g]) {
      if (!(pair(s, l) === PS.PAIRED && s[f.BMP_ON + l] === 0)) continue;
      const v = s[f.SCI + l];
      if (h < 0 || (rules.releaseByFastest ? v > h : v < h)) h = v;
    }
    return h;
  };
  const setBits = (out: State, at: number, w: number): void => {
    for (let b = 0; b < out[f.W_SIZE + w]; b++) out[at + addrOf(out, w, b)] = 1;
  };

  /** 1004: update information of records P's head has passed whole (【0079】【0110】). */
  function discardUpd(out: State, g: number): void {
    for (let w = 0; w < out[f.NW]; w++) {
      if (!out[f.W_UPD + w] || groupOf(out[f.W_ADDR + w]) !== g || out[f.J_OLD + w] === 1) continue;
      const st = out[f.W_ST + w];
      if (st !== W.ACKED && st !== W.ADVANCED && st !== W.WRITTEN) continue;
      const end = cfg.spread ? out[f.J_ID + w] : out[f.J_POS + w] + out[f.W_SIZE + w];
      if (end <= out[f.PH + g]) out[f.W_UPD + w] = 0;
    }
  }

  /** The request ID of the last record P's head has passed whole: where P's bitmap starts (1107). */
  function releasedId(s: State, g: number): number {
    if (cfg.spread) return s[f.PH + g];
    let id = s[f.PRID + g];
    for (let w = 0; w < s[f.NW]; w++) {
      if (groupOf(s[f.W_ADDR + w]) !== g || s[f.J_OLD + w] === 1 || s[f.J_ID + w] === 0) continue;
      const st = s[f.W_ST + w];
      if (st === W.BUSY || st === W.LOCAL || st === W.AT_S) continue;
      // Sent over the alternate path: released when S confirmed it (its update information gone).
      const unreleased = st === W.ALT ? s[f.W_UPD + w] === 1 : s[f.J_POS + w] + s[f.W_SIZE + w] > s[f.PH + g];
      if (unreleased && s[f.J_ID + w] - 1 < id) id = s[f.J_ID + w] - 1;
    }
    return id;
  }

  function suspendAtP(out: State, l: number, event: number): void {
    const g = laneGroup[l];
    if (can(out, l, event) && (pair(out, l) === PS.PAIRED || event !== E.FAILURE)) setPair(out, l, event);
    out[f.BMP_ON + l] = 1;
    out[f.BMP_START + l] = rules.lateBitmap ? out[f.PRID + g] : releasedId(out, g);
    for (let w = 0; w < out[f.NW]; w++) {
      if (groupOf(out[f.W_ADDR + w]) !== g || !out[f.W_UPD + w]) continue;
      if (rules.lateBitmap && out[f.W_ST + w] !== W.JOURNALING && out[f.J_OLD + w] === 0) continue;
      setBits(out, f.BM_P + l * AN, w);
    }
  }

  function suspendAtS(s: State, out: State, l: number, mode: number): void {
    out[f.S_MODE + l] = mode;
    out[f.BMS_START + l] = s[f.LAST_ID + l];
    if (pair(s, l) === PS.PAIRED) setPair(out, l, E.FAILURE);
  }

  function restartLane(out: State, l: number, toS: boolean): void {
    const g = laneGroup[l];
    const k = laneSec[l];
    // With one lane the console re-initialises the queue: request IDs start again [INFERRED]; a
    // group read by another secondary keeps its numbering.
    if (groupLanes[g].length === 1 && !cfg.spread) {
      for (let w = 0; w < out[f.NW]; w++) if (out[f.J_ID + w] > 0 && groupOf(out[f.W_ADDR + w]) === g) out[f.J_OLD + w] = 1;
      out[f.PRID + g] = 0;
      out[f.PNID + g] = 0;
    }
    // Positions go on from P's reservation point: records 907 began before P was lost lie below it.
    if (!cfg.spread) out[f.PN + g] = out[f.PR + g];
    const at = cfg.spread ? out[f.PNID + g] : out[f.PN + g];
    out[f.S_POS + l] = cfg.spread ? 0 : at;
    out[f.SCI + l] = at;
    out[f.LAST_ID + l] = out[f.PNID + g];
    out[f.LAST_TS + l] = out[f.CLOCK];
    out[f.S_PART + l] = 0;
    out[f.CUR_WR + l] = 0;
    out[f.S_MODE + l] = M.NORMAL;
    out[f.BUF_N + l] = 0;
    out[f.BMP_ON + l] = 0;
    out[f.BMP_START + l] = 0;
    out[f.BMS_START + l] = 0;
    out[f.BASE_W + l] = out[f.NW];
    out[f.APPLIED + l] = 0;
    // The copied image carries its consistency with it: a copy cut short is not (N2), nor what it is copied to.
    if (toS) out[f.S_MIXED + l] = out[f.P_MIXED + g];
    else out[f.P_MIXED + g] = out[f.S_MIXED + l];
    // The restart writes both control areas afresh: a publish on each side.
    for (const m of groupLanes[g]) out[f.FRESH_P + m] = 1;
    out[f.AGE_P + g] = 0;
    out[f.FRESH_S + l] = 1;
    out[f.AGE_S + l] = 0;
    out[f.STALE_P + l] = 0;
    out[f.STALE_S + l] = 0;
    for (const a of groupAddrs[g]) {
      out[f.BM_P + l * AN + a] = 0;
      out[f.RS_BM + l * AN + a] = 0;
      out[f.BM_S + k * AN + a] = 0;
      out[f.BASE + k * AN + a] = out[f.VS + k * AN + a];
    }
    out[f.BIZ + g] = 0;
    out[f.P_FENCED + g] = 0;
    out[f.P_LOST] = 0;
    out[f.S_LOST + k] = 0;
    const h = release(out, g);
    out[f.PH + g] = h < 0 ? at : Math.max(out[f.PH + g], h);
    if (groupLanes[g].length === 1) out[f.PH + g] = at;
    out[f.PCI_H + g] = out[f.PH + g];
    out[f.PCI_END + g] = at;
    discardUpd(out, g);
    for (const i of groupInts[g]) out[f.I_LOST + i] = 0;
  }

  const sSettled = (s: State, l: number): boolean => s[f.S_MODE + l] === M.DRAINED || s[f.S_MODE + l] === M.SUSPENDED;
  const suspendedPair = (p: number): boolean => p === PS.SUSP_ERR || p === PS.SUSP_OP || p === PS.TAKEN;
  /** Lane l has nothing in flight that needs P: P may come back (after S finished its failover). */
  const quiet = (s: State, l: number): boolean => {
    const p = pair(s, l);
    return p === PS.SIMPLEX || p === PS.ERROR || p === PS.COPYING || (suspendedPair(p) && sSettled(s, l));
  };

  return {
    cfg,
    rules,
    WN,
    AN,
    B,
    G,
    L,
    NS,
    NI,
    laneGroup,
    laneSec,
    groupLanes,
    secLanes,
    groupInts,
    intGroup,
    groupAddrs,
    f,
    SIZE,
    direct,
    groupOf,
    blk,
    addrOf,
    linkUp,
    pReachesI,
    sReachesI,
    pUsable,
    pReachesGroup,
    sReachesAny,
    sReachesAll,
    restartable,
    psLink,
    pciFresh,
    sciFresh,
    pair,
    setPair,
    can,
    pJournals,
    groupJournals,
    groupJournalsPaired,
    displaysPair,
    inFlight,
    present,
    whole,
    headerId,
    headerTs,
    headerGroup,
    headerAddr,
    headerSize,
    blockData,
    acceptable,
    findSpread,
    spreadRing,
    writeWithId,
    release,
    setBits,
    quiet,
    sSettled,
    suspendAtP,
    suspendAtS,
    restartLane,
    discardUpd,
    cause: (out) => {
      out[f.G_CAUSE] = 1;
    },
  };
}

export { LINKS };
