// The disk embodiment of seed 004 (Figs. 1-15) as an explorable model.
//
// State vector layout (all Int32, see `kernel.f`): globals, one limit time per limit group, per
// local disk system, per remote disk system, per host write, per stream, per (stream, seq) slot, per
// mirrored address, then the ghost record (what the hosts were told, what arrived, what a volatile
// cache lost). A slot is one sequence number of one stream: the packet that carried it (a write or a
// heartbeat), how many copies are in flight, its acknowledgements, and what the remote did with it.
import { match } from 'ts-pattern';
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { deriveTable, eventIndex, stateIndex, step } from '../../engine/machine-table.js';
import { createLayout, nextFrom } from '../../engine/layout.js';
import { diskSystemMachine, linkMachine, remoteSiteMachine } from '../../../models/ordered-delivery.js';
import { deriveStreams, type DiskConfig, type DiskRules, type Stream } from './config.js';

export const DS = deriveTable(diskSystemMachine);
export const LINK = deriveTable(linkMachine);
export const SITE = deriveTable(remoteSiteMachine);
const DS_OPERATING = stateIndex(DS, 'operating');
const E_CRASH = eventIndex(DS, 'CRASH');
const E_RECOVER = eventIndex(DS, 'RECOVER');
const E_SITE_LOST = eventIndex(DS, 'SITE_LOST');
const LINK_UP = stateIndex(LINK, 'up');
const E_LINK_DOWN = eventIndex(LINK, 'LINK_DOWN');
const E_LINK_UP = eventIndex(LINK, 'LINK_UP');
export const SITE_MIRRORING = stateIndex(SITE, 'mirroring');
export const SITE_FAILED_OVER = stateIndex(SITE, 'failedOver');
const E_LOCAL_SITE_LOST = eventIndex(SITE, 'LOCAL_SITE_LOST');
const E_FAILOVER = eventIndex(SITE, 'FAILOVER');

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** Timestamp 0 stands for -infinity: nothing contiguous received yet (B-hold, seed-notes §4.6). */
export const NEG_INF = 0;
export const INF = 0x3fffffff;
const NO_REPORT = -1;
export const HEARTBEAT = -1;
export const UNASSIGNED = -2;

// Write status (SM-LW, seed-notes §5.1).
export const W_UNSENT = 1;
export const W_SENT = 2;
export const W_LOCAL = 3;
const STATUS = ['none', 'unsent', 'sent', 'acknowledgedAndLocallyDestaged'];

// Action types. Their order is the priority of the fault-free completion: heal first, then
// move data forward. Types from WRITE on are not fair (new host work or faults).
export const A = {
  RECOVER_LDS: 0,
  RECOVER_RDS: 1,
  LINK_UP: 2,
  TICK: 3,
  SEND: 4,
  HEARTBEAT: 5,
  DELIVER: 6,
  DELIVER_ACK: 7,
  RETRANSMIT: 8,
  DESTAGE: 10,
  SLAVE_ROUND: 11,
  MASTER_ROUND: 12,
  LIMIT_ROUND: 13,
  FAILOVER: 14,
  WRITE: 15,
  DROP: 16,
  DROP_ACK: 17,
  DUPLICATE: 18,
  CRASH_LDS: 19,
  CRASH_RDS: 20,
  LINK_DOWN: 21,
  SITE_DISASTER: 22,
} as const;
const SHIFT = 12;
const code = (type: number, arg = 0): number => (type << SHIFT) | arg;
export const typeOf = (c: number): number => c >> SHIFT;
export const argOf = (c: number): number => c & ((1 << SHIFT) - 1);

/** Layout and derived quantities, shared by the model and its properties (disk-properties.ts). */
export interface DiskKernel {
  cfg: DiskConfig;
  rules: DiskRules;
  streams: Stream[];
  /** Streams, sequence slots per stream, slots, writes, local and remote disk systems, addresses. */
  S: number;
  Q: number;
  NSLOT: number;
  W: number;
  LN: number;
  RN: number;
  AN: number;
  /** Limit groups: 1 with one limit for the site, one per data integrity pair group otherwise. */
  LG: number;
  addrStream: number[];
  addrLg: number[];
  streamRds: number[];
  streamLg: number[];
  /** Words in the state vector. */
  size: number;
  f: {
    NOW: number;
    NWRITES: number;
    SITE_ST: number;
    DROPS: number;
    DUPS: number;
    LCRASH: number;
    RCRASH: number;
    LINKDOWNS: number;
    LIMIT: number;
    LDS_ST: number;
    LINK_ST: number;
    RDS_ST: number;
    REPORTED: number;
    W_ADDR: number;
    W_TS: number;
    W_STATUS: number;
    W_SLOT: number;
    E_TS: number;
    E_SEQ: number;
    COUNTER: number;
    LAST_SENT_TS: number;
    HWM: number;
    HWM_TS: number;
    SLOT_WRITE: number;
    SLOT_TS: number;
    NET_DATA: number;
    NET_ACK: number;
    ACKED: number;
    GOT: number;
    CACHED: number;
    APPLIED: number;
    DISK: number;
    LOCAL_DISK: number;
    H_ACK: number;
    G_ARRIVED: number;
    G_LOST: number;
  };
  streamOfSlot(slot: number): number;
  applied(s: State, w: number): boolean;
  received(s: State, w: number): boolean;
  admitted(ts: number, limit: number): boolean;
  /** The disk overlaid with the cached writes the limit admits, in (ts, seq) order: what a failover could keep now. */
  recoverableImage(s: State): Int32Array;
  /** Whether `img` (over the addresses of limit group lg) is the image of a prefix, in issue order, of lg's writes. */
  isPrefixImage(s: State, img: Int32Array, lg: number): boolean;
}

export interface DiskModel extends Model {
  readonly k: DiskKernel;
}

export function buildDiskModel(cfg: DiskConfig, rules: DiskRules): DiskModel {
  const { streams, streamOfPair } = deriveStreams(cfg);
  const S = streams.length;
  const W = cfg.writes;
  // Per stream: at most W writes and one heartbeat per distinct clock reading (at most W + 1).
  const Q = 2 * W + 1;
  const NSLOT = S * Q;
  const LN = cfg.lds;
  const RN = cfg.rds;
  const addrPair: number[] = [];
  const addrPos: number[] = [];
  cfg.pairs.forEach((p, i) => {
    for (let k = 0; k < p.positions; k++) {
      addrPair.push(i);
      addrPos.push(k);
    }
  });
  const AN = addrPair.length;
  const addrStream = addrPair.map((p) => streamOfPair[p]);
  const streamRds = streams.map((s) => s.rds);
  const streamLds = streams.map((s) => s.lds);
  const perGroup = cfg.limitScope === 'perGroup';
  const groupIds = [...new Set(cfg.pairs.map((p) => p.group))].sort((a, b) => a - b);
  if (perGroup) {
    for (const st of streams) {
      const groups = new Set(st.pairs.map((p) => cfg.pairs[p].group));
      if (groups.size > 1) throw new Error(`ordered-delivery: stream ${st.name} mixes groups; a per-group limit needs Fig. 2 or Fig. 4 streams`);
    }
  }
  const LG = perGroup ? groupIds.length : 1;
  const streamLg = streams.map((st) => (perGroup ? groupIds.indexOf(cfg.pairs[st.pairs[0]].group) : 0));
  const addrLg = addrStream.map((st) => streamLg[st]);
  // The remote's sequence lists: one per stream, or one per local disk system and remote disk
  // system, merging the numbers of the groups between them.
  const listKey = (st: Stream): string => (rules.mergeGroups ? `${st.lds}>${st.rds}` : st.name);
  const listKeys = [...new Set(streams.map(listKey))];
  const NL = listKeys.length;
  const streamList = streams.map((st) => listKeys.indexOf(listKey(st)));
  const listRds = listKeys.map((_, L) => streamRds[streamList.indexOf(L)]);
  const listLg = listKeys.map((_, L) => streamLg[streamList.indexOf(L)]);
  const listStreams = listKeys.map((_, L) => streams.map((_s, st) => st).filter((st) => streamList[st] === L));
  const lag = (l: number): number => (l > 0 ? rules.clockSkew : 0);

  const layout = createLayout();
  const field = layout.field;
  const f = {
    NOW: field(),
    NWRITES: field(),
    SITE_ST: field(),
    DROPS: field(),
    DUPS: field(),
    LCRASH: field(),
    RCRASH: field(),
    LINKDOWNS: field(),
    LIMIT: field(LG),
    LDS_ST: field(LN),
    LINK_ST: field(LN),
    RDS_ST: field(RN),
    REPORTED: field(RN * LG),
    W_ADDR: field(W),
    W_TS: field(W), // stamped at receipt from the host's clock (step 503); never changes
    W_STATUS: field(W),
    W_SLOT: field(W), // the packet (stream, seq) that carries it, from the send on
    E_TS: field(W), // the local cache entry's timestamp 114 and sequence number 115 (+1): NULL after the completion notice (【0033】)
    E_SEQ: field(W),
    COUNTER: field(S),
    LAST_SENT_TS: field(S),
    HWM: field(S),
    HWM_TS: field(S),
    SLOT_WRITE: field(NSLOT),
    SLOT_TS: field(NSLOT),
    NET_DATA: field(NSLOT),
    NET_ACK: field(NSLOT),
    ACKED: field(NSLOT),
    GOT: field(NSLOT),
    CACHED: field(NSLOT),
    APPLIED: field(NSLOT),
    DISK: field(AN),
    LOCAL_DISK: field(AN),
    // Ghost: written only where the host or the network observes something, never relabelled.
    H_ACK: field(W), // 1: the host was told the write completed (step 504)
    G_ARRIVED: field(NSLOT), // 1: a copy of this packet reached a remote disk system that was up
    G_LOST: field(NSLOT), // 1: a volatile cache lost this packet after acknowledging it, undestaged
  };
  const SIZE = layout.size;

  const streamOfSlot = (slot: number): number => (slot / Q) | 0;
  const slotOf = (s: State, w: number): number => s[f.W_SLOT + w];
  const applied = (s: State, w: number): boolean => slotOf(s, w) >= 0 && s[f.APPLIED + slotOf(s, w)] > 0;
  const received = (s: State, w: number): boolean => slotOf(s, w) >= 0 && s[f.GOT + slotOf(s, w)] === 1;

  function initial(): State {
    const s = new Int32Array(SIZE);
    s[f.NOW] = 1 + rules.clockSkew;
    s.fill(NEG_INF, f.LIMIT, f.LIMIT + LG);
    s[f.SITE_ST] = SITE.initial;
    for (let l = 0; l < LN; l++) {
      s[f.LDS_ST + l] = DS.initial;
      s[f.LINK_ST + l] = LINK.initial;
    }
    for (let r = 0; r < RN; r++) s[f.RDS_ST + r] = DS.initial;
    s.fill(NO_REPORT, f.REPORTED, f.REPORTED + RN * LG);
    for (let w = 0; w < W; w++) {
      s[f.W_ADDR + w] = -1;
      s[f.W_SLOT + w] = -1;
    }
    for (let i = 0; i < S; i++) s[f.HWM + i] = -1;
    s.fill(UNASSIGNED, f.SLOT_WRITE, f.SLOT_WRITE + NSLOT);
    return s;
  }

  // ---- derived quantities --------------------------------------------------------------

  /** Earliest-timestamp unsent write of a stream (step 600 / 1200 / 1400), or -1. */
  function earliestUnsent(s: State, st: number): number {
    let best = -1;
    for (let w = 0; w < s[f.NWRITES]; w++) {
      if (s[f.W_STATUS + w] !== W_UNSENT || addrStream[s[f.W_ADDR + w]] !== st) continue;
      if (best < 0 || s[f.E_TS + w] < s[f.E_TS + best]) best = w;
    }
    return best;
  }

  /** Top sequence number of a list's run from the first number (Reading B), -1 when none. */
  function listTop(s: State, L: number): number {
    if (!rules.mergeGroups) return s[f.HWM + L];
    let top = -1;
    while (top + 1 < Q) {
      let got = false;
      for (const st of listStreams[L]) if (s[f.GOT + st * Q + top + 1]) got = true;
      if (!got) break;
      top++;
    }
    return top;
  }

  /** The value a list contributes to its slave's report (【0038】-【0040】), or INF when skipped. */
  function listValue(s: State, L: number): number {
    if (rules.mergeGroups) {
      // the numbers of both groups in one list; the top's timestamp is whichever packet carried it.
      const top = listTop(s, L);
      if (top < 0) return NEG_INF;
      let ts = NEG_INF;
      for (const st of listStreams[L]) if (s[f.GOT + st * Q + top] && s[f.SLOT_TS + st * Q + top] > ts) ts = s[f.SLOT_TS + st * Q + top];
      return ts;
    }
    const st = L;
    const base = st * Q;
    if (rules.limitSource === 'timestamp') {
      // Prior art: "when data stamped T arrives, all data stamped before T has arrived".
      let max = NEG_INF;
      for (let k = 0; k < s[f.COUNTER + st]; k++) if (s[f.GOT + base + k] && s[f.SLOT_TS + base + k] > max) max = s[f.SLOT_TS + base + k];
      return max;
    }
    if (rules.empty === 'skip') {
      let pending = false;
      for (let k = 0; k < Q; k++) if (s[f.CACHED + base + k] > 0) pending = true;
      if (!pending) return INF;
    }
    if (rules.run === 'longest') {
      // Reading A: the longest run of consecutive received numbers anywhere in the list.
      let bestLen = 0;
      let bestTop = -1;
      let len = 0;
      for (let k = 0; k < Q; k++) {
        len = s[f.GOT + base + k] ? len + 1 : 0;
        if (len > bestLen) {
          bestLen = len;
          bestTop = k;
        }
      }
      return bestTop < 0 ? NEG_INF : s[f.SLOT_TS + base + bestTop];
    }
    return s[f.HWM_TS + st];
  }

  /** Slave limit-time process of one remote disk system for one limit group (Fig. 9 / 13 / 15). */
  function slaveValue(s: State, r: number, lg: number): number {
    let min = INF;
    for (let L = 0; L < NL; L++) {
      if (listRds[L] !== r || listLg[L] !== lg) continue;
      const v = listValue(s, L);
      if (v < min) min = v;
    }
    return min;
  }

  /** Slaves and master in one step (Figs. 9-10): the minimum over every slave. */
  function roundLimit(s: State, lg: number): number {
    let min = INF;
    for (let r = 0; r < RN; r++) {
      const v = slaveValue(s, r, lg);
      if (v < min) min = v;
    }
    return min === INF ? s[f.LIMIT + lg] : min;
  }

  // A round that would broadcast the limits already in force changes nothing: leaving it out
  // keeps self-loops out of the state graph.
  function roundChanges(s: State): boolean {
    for (let lg = 0; lg < LG; lg++) if (roundLimit(s, lg) !== s[f.LIMIT + lg]) return true;
    return false;
  }

  const admitted = (ts: number, limit: number): boolean => (rules.gate === 'lt' ? ts < limit : ts <= limit);

  /** Destage candidate of one remote disk system in one limit group: earliest (ts, seq) cached entry (step 1100). */
  function candidate(s: State, r: number, lg: number): number {
    let best = -1;
    for (let st = 0; st < S; st++) {
      if (streamRds[st] !== r || streamLg[st] !== lg) continue;
      for (let k = 0; k < Q; k++) {
        const slot = st * Q + k;
        if (s[f.CACHED + slot] === 0) continue;
        // N-3 / N-4: with no limit a stream may destage only inside its own contiguous run.
        if (rules.limitSource === 'none' && k > s[f.HWM + st]) continue;
        if (best < 0 || s[f.SLOT_TS + slot] < s[f.SLOT_TS + best]) best = slot;
        // Equal timestamps: the lower slot is the lower seq of the same stream, or a
        // lower-numbered stream; ties inside a stream are broken by seq (seed-notes R-5b).
      }
    }
    return best;
  }

  function destageable(s: State, r: number, lg: number): number {
    const c = candidate(s, r, lg);
    if (c < 0) return -1;
    if (rules.limitSource === 'none') return c;
    return admitted(s[f.SLOT_TS + c], s[f.LIMIT + lg]) ? c : -1;
  }

  /**
   * Failover's final decision for a cached packet: keep it when the received runs prove that no
   * write it depends on is missing. With a unique clock a packet inside its own stream's run is
   * proven once every other stream's run reaches a later timestamp; with a coarse clock every run
   * must pass its timestamp, since two streams may hold writes stamped alike in either order.
   */
  function keepAtFailover(s: State, slot: number): boolean {
    const st = streamOfSlot(slot);
    const lg = streamLg[st];
    const ts = s[f.SLOT_TS + slot];
    if (rules.failover === 'last-limit') return admitted(ts, s[f.LIMIT + lg]);
    if (rules.limitSource === 'none') return slot % Q <= s[f.HWM + st];
    const own = streamList[st];
    let min = INF;
    for (let L = 0; L < NL; L++) {
      if (listLg[L] !== lg || (L === own && cfg.clock === 'unique' && rules.gate === 'lt')) continue;
      const v = listValue(s, L);
      if (v < min) min = v;
    }
    if (cfg.clock === 'unique' && rules.gate === 'lt' && slot % Q > listTop(s, own)) return false;
    return admitted(ts, min);
  }

  function applySlot(out: State, slot: number): void {
    const w = out[f.SLOT_WRITE + slot];
    out[f.APPLIED + slot]++;
    out[f.DISK + out[f.W_ADDR + w]] = w + 1;
  }

  function receive(out: State, slot: number): void {
    const st = streamOfSlot(slot);
    const dup = out[f.GOT + slot] === 1;
    out[f.NET_ACK + slot]++; // step 801: acknowledge on receipt, duplicates included (re-ack)
    if (dup && rules.dedup) return;
    out[f.GOT + slot] = 1;
    if (out[f.SLOT_WRITE + slot] !== HEARTBEAT) {
      if (rules.applyOnArrival) applySlot(out, slot);
      else out[f.CACHED + slot]++; // step 800
    }
    const base = st * Q;
    while (out[f.HWM + st] + 1 < Q && out[f.GOT + base + out[f.HWM + st] + 1]) {
      out[f.HWM + st]++;
      out[f.HWM_TS + st] = out[f.SLOT_TS + base + out[f.HWM + st]];
    }
  }

  const clockOf = (s: State, l: number): number => s[f.NOW] - lag(l);

  /**
   * Heartbeats are explored only when they can move the limit: the stream is idle (everything it
   * sent is acknowledged) and some write stamped at or after its last timestamp is not yet on a
   * remote disk, so this stream's silence is what holds it back. Other heartbeats change nothing
   * but the state count.
   */
  function heartbeatUseful(s: State, st: number): boolean {
    const c = s[f.COUNTER + st];
    if (c > 0 && s[f.ACKED + st * Q + c - 1] !== 1) return false;
    for (let w = 0; w < s[f.NWRITES]; w++) if (s[f.W_TS + w] >= s[f.LAST_SENT_TS + st] && !applied(s, w)) return true;
    return false;
  }

  const ldsUp = (s: State, l: number): boolean => s[f.LDS_ST + l] === DS_OPERATING;
  const rdsUp = (s: State, r: number): boolean => s[f.RDS_ST + r] === DS_OPERATING;
  const mirroring = (s: State): boolean => s[f.SITE_ST] === SITE_MIRRORING;
  /** A packet may be sent again while its local entry still holds its sequence number (E-6: not after the notice). */
  const retransmittable = (s: State, slot: number): boolean => {
    const w = s[f.SLOT_WRITE + slot];
    if (w === UNASSIGNED) return false;
    if (w >= 0 ? s[f.E_SEQ + w] !== slot + 1 : s[f.ACKED + slot] === 1) return false;
    return s[f.NET_DATA + slot] === 0 && s[f.NET_ACK + slot] === 0 && ldsUp(s, streamLds[streamOfSlot(slot)]);
  };

  // ---- actions -------------------------------------------------------------------------

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const site = s[f.SITE_ST];
    const live = site !== SITE_FAILED_OVER;
    for (let l = 0; l < LN; l++) if (step(DS, s[f.LDS_ST + l], E_RECOVER) >= 0) out[n++] = code(A.RECOVER_LDS, l);
    for (let r = 0; r < RN; r++) if (step(DS, s[f.RDS_ST + r], E_RECOVER) >= 0) out[n++] = code(A.RECOVER_RDS, r);
    for (let l = 0; l < LN; l++) if (step(LINK, s[f.LINK_ST + l], E_LINK_UP) >= 0) out[n++] = code(A.LINK_UP, l);
    const nw = s[f.NWRITES];
    if (cfg.clock === 'coarse' && mirroring(s) && nw > 0 && s[f.W_TS + nw - 1] === s[f.NOW]) out[n++] = code(A.TICK);
    if (mirroring(s)) {
      for (let st = 0; st < S; st++) {
        if (!ldsUp(s, streamLds[st])) continue;
        const unsent = earliestUnsent(s, st) >= 0;
        if (unsent) out[n++] = code(A.SEND, st);
        else if (rules.heartbeat && s[f.LAST_SENT_TS + st] < clockOf(s, streamLds[st]) && s[f.COUNTER + st] < Q && heartbeatUseful(s, st)) out[n++] = code(A.HEARTBEAT, st);
      }
    }
    if (live) {
      for (let slot = 0; slot < NSLOT; slot++) {
        if (s[f.NET_DATA + slot] > 0 && s[f.LINK_ST + streamLds[streamOfSlot(slot)]] === LINK_UP) out[n++] = code(A.DELIVER, slot);
      }
    }
    if (mirroring(s)) {
      for (let slot = 0; slot < NSLOT; slot++) {
        if (s[f.NET_ACK + slot] > 0 && s[f.LINK_ST + streamLds[streamOfSlot(slot)]] === LINK_UP) out[n++] = code(A.DELIVER_ACK, slot);
      }
      if (rules.retransmit) for (let slot = 0; slot < NSLOT; slot++) if (retransmittable(s, slot)) out[n++] = code(A.RETRANSMIT, slot);
    }
    if (live) {
      for (let r = 0; r < RN; r++) for (let lg = 0; lg < LG; lg++) if (rdsUp(s, r) && destageable(s, r, lg) >= 0) out[n++] = code(A.DESTAGE, r * LG + lg);
      if (rules.limitSource !== 'none') {
        if (cfg.rounds === 'split') {
          for (let r = 0; r < RN; r++) if (rdsUp(s, r) && s[f.REPORTED + r * LG] === NO_REPORT) out[n++] = code(A.SLAVE_ROUND, r);
          let all = true;
          for (let r = 0; r < RN; r++) if (s[f.REPORTED + r * LG] === NO_REPORT) all = false;
          if (all) out[n++] = code(A.MASTER_ROUND);
        } else {
          // One limit round: every slave reports and the master broadcasts. The barrier of 【0041】
          // still holds: no round while a remote disk system is down.
          let all = true;
          for (let r = 0; r < RN; r++) if (!rdsUp(s, r)) all = false;
          if (all && roundChanges(s)) out[n++] = code(A.LIMIT_ROUND);
        }
      }
    }
    if (step(SITE, site, E_FAILOVER) >= 0) {
      let allUp = true;
      for (let r = 0; r < RN; r++) if (!rdsUp(s, r)) allUp = false;
      if (allUp) out[n++] = code(A.FAILOVER);
    }
    // Not fair: new host work and faults.
    if (mirroring(s) && nw < W) {
      for (let a = 0; a < AN; a++) if (ldsUp(s, streamLds[addrStream[a]])) out[n++] = code(A.WRITE, a);
    }
    if (live && s[f.DROPS] < cfg.drops) {
      for (let slot = 0; slot < NSLOT; slot++) if (s[f.NET_DATA + slot] > 0) out[n++] = code(A.DROP, slot);
      for (let slot = 0; slot < NSLOT; slot++) if (s[f.NET_ACK + slot] > 0) out[n++] = code(A.DROP_ACK, slot);
    }
    if (live && s[f.DUPS] < cfg.dups) {
      for (let slot = 0; slot < NSLOT; slot++) if (s[f.NET_DATA + slot] === 1) out[n++] = code(A.DUPLICATE, slot);
    }
    if (mirroring(s) && s[f.LCRASH] < cfg.ldsCrashes) {
      for (let l = 0; l < LN; l++) if (step(DS, s[f.LDS_ST + l], E_CRASH) >= 0) out[n++] = code(A.CRASH_LDS, l);
    }
    if (live && s[f.RCRASH] < cfg.rdsCrashes) {
      for (let r = 0; r < RN; r++) if (step(DS, s[f.RDS_ST + r], E_CRASH) >= 0) out[n++] = code(A.CRASH_RDS, r);
    }
    if (live && s[f.LINKDOWNS] < cfg.linkDowns) {
      for (let l = 0; l < LN; l++) if (step(LINK, s[f.LINK_ST + l], E_LINK_DOWN) >= 0) out[n++] = code(A.LINK_DOWN, l);
    }
    if (cfg.disaster && step(SITE, site, E_LOCAL_SITE_LOST) >= 0) out[n++] = code(A.SITE_DISASTER);
    return n;
  }

  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, c: number, out: State): void {
    const arg = argOf(c);
    switch (typeOf(c)) {
      case A.RECOVER_LDS:
        out[f.LDS_ST + arg] = step(DS, s[f.LDS_ST + arg], E_RECOVER);
        return;
      case A.RECOVER_RDS:
        out[f.RDS_ST + arg] = step(DS, s[f.RDS_ST + arg], E_RECOVER);
        return;
      case A.LINK_UP:
        out[f.LINK_ST + arg] = step(LINK, s[f.LINK_ST + arg], E_LINK_UP);
        return;
      case A.TICK:
        out[f.NOW]++;
        return;
      case A.SEND: {
        // Steps 600-602: earliest unsent write of the stream, next sequence number, no waiting.
        const w = earliestUnsent(s, arg);
        const slot = arg * Q + s[f.COUNTER + arg];
        out[f.COUNTER + arg]++;
        out[f.SLOT_WRITE + slot] = w;
        out[f.SLOT_TS + slot] = s[f.E_TS + w];
        out[f.W_SLOT + w] = slot;
        out[f.E_SEQ + w] = slot + 1;
        out[f.W_STATUS + w] = W_SENT;
        out[f.NET_DATA + slot]++;
        out[f.LAST_SENT_TS + arg] = s[f.E_TS + w];
        return;
      }
      case A.HEARTBEAT: {
        const slot = arg * Q + s[f.COUNTER + arg];
        out[f.COUNTER + arg]++;
        out[f.SLOT_WRITE + slot] = HEARTBEAT;
        out[f.SLOT_TS + slot] = clockOf(s, streamLds[arg]);
        out[f.NET_DATA + slot]++;
        out[f.LAST_SENT_TS + arg] = clockOf(s, streamLds[arg]);
        return;
      }
      case A.DELIVER: {
        out[f.NET_DATA + arg]--;
        // A remote disk system that is down loses what reaches it.
        if (!rdsUp(s, streamRds[streamOfSlot(arg)])) return;
        out[f.G_ARRIVED + arg] = 1;
        receive(out, arg);
        return;
      }
      case A.DELIVER_ACK: {
        out[f.NET_ACK + arg]--;
        if (!ldsUp(s, streamLds[streamOfSlot(arg)])) return;
        out[f.ACKED + arg] = 1; // step 700
        const w = s[f.SLOT_WRITE + arg];
        if (w >= 0 && s[f.W_STATUS + w] === W_SENT) {
          // 【0033】: the entry's timestamp and sequence number are no longer used: NULL.
          out[f.E_TS + w] = 0;
          out[f.E_SEQ + w] = 0;
          // 【0034】: after the completion notice the write goes to the local disk unit. The seed
          // leaves the timing to "known conventional methods"; doing it at once keeps the local
          // side from multiplying interleavings that no remote property depends on.
          out[f.W_STATUS + w] = W_LOCAL;
          // The cache block holds the newest data for its address: an acknowledgement that
          // overtook an older one has already put newer data on the unit.
          if (s[f.LOCAL_DISK + s[f.W_ADDR + w]] < w + 1) out[f.LOCAL_DISK + s[f.W_ADDR + w]] = w + 1;
        }
        return;
      }
      case A.RETRANSMIT:
        out[f.NET_DATA + arg]++;
        return;
      case A.DESTAGE: {
        const slot = destageable(s, (arg / LG) | 0, arg % LG);
        out[f.CACHED + slot]--; // step 1104
        applySlot(out, slot); // step 1103
        return;
      }
      case A.SLAVE_ROUND:
        for (let lg = 0; lg < LG; lg++) out[f.REPORTED + arg * LG + lg] = slaveValue(s, arg, lg); // steps 901-902
        return;
      case A.LIMIT_ROUND:
        for (let lg = 0; lg < LG; lg++) out[f.LIMIT + lg] = roundLimit(s, lg);
        return;
      case A.MASTER_ROUND: {
        // Step 1000-1001: the minimum over every slave, broadcast to all.
        for (let lg = 0; lg < LG; lg++) {
          let min = INF;
          for (let r = 0; r < RN; r++) if (s[f.REPORTED + r * LG + lg] < min) min = s[f.REPORTED + r * LG + lg];
          if (min !== INF) out[f.LIMIT + lg] = min;
        }
        for (let x = 0; x < RN * LG; x++) out[f.REPORTED + x] = NO_REPORT;
        return;
      }
      case A.FAILOVER:
        failover(s, out);
        return;
      case A.WRITE: {
        // Steps 500-504: cache, stamp from the host's clock, complete to the host.
        const w = s[f.NWRITES];
        const ts = clockOf(s, streamLds[addrStream[arg]]);
        out[f.NWRITES]++;
        out[f.W_ADDR + w] = arg;
        out[f.W_TS + w] = ts;
        out[f.E_TS + w] = ts;
        out[f.W_STATUS + w] = W_UNSENT;
        out[f.H_ACK + w] = 1;
        if (cfg.clock === 'unique') out[f.NOW]++;
        return;
      }
      case A.DROP:
        out[f.NET_DATA + arg]--;
        out[f.DROPS]++;
        return;
      case A.DROP_ACK:
        out[f.NET_ACK + arg]--;
        out[f.DROPS]++;
        return;
      case A.DUPLICATE:
        out[f.NET_DATA + arg]++;
        out[f.DUPS]++;
        return;
      case A.CRASH_LDS:
        out[f.LDS_ST + arg] = step(DS, s[f.LDS_ST + arg], E_CRASH);
        out[f.LCRASH]++;
        return;
      case A.CRASH_RDS:
        out[f.RDS_ST + arg] = step(DS, s[f.RDS_ST + arg], E_CRASH);
        out[f.RCRASH]++;
        if (cfg.volatileCache) {
          // The cache is memory: acknowledged packets that were not yet destaged are gone.
          for (let slot = 0; slot < NSLOT; slot++) {
            if (streamRds[streamOfSlot(slot)] !== arg || out[f.CACHED + slot] === 0) continue;
            out[f.CACHED + slot] = 0;
            out[f.G_LOST + slot] = 1;
          }
        }
        return;
      case A.LINK_DOWN:
        out[f.LINK_ST + arg] = step(LINK, s[f.LINK_ST + arg], E_LINK_DOWN);
        out[f.LINKDOWNS]++;
        return;
      case A.SITE_DISASTER:
        out[f.SITE_ST] = step(SITE, s[f.SITE_ST], E_LOCAL_SITE_LOST);
        for (let l = 0; l < LN; l++) out[f.LDS_ST + l] = step(DS, s[f.LDS_ST + l], E_SITE_LOST);
        for (let slot = 0; slot < NSLOT; slot++) out[f.NET_ACK + slot] = 0;
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  /**
   * Seed-notes §5.9 [INFERRED]: a final round over what was received, then every cached write the
   * received runs prove complete is destaged, in (ts, seq) order; the rest is discarded.
   */
  const keptInOrder = new Int32Array(NSLOT);
  function failover(s: State, out: State): void {
    if (rules.failover === 'final-round') for (let lg = 0; lg < LG; lg++) out[f.LIMIT + lg] = roundLimit(out, lg);
    // Which cached packets are kept is decided once: destaging changes none of what that reads (stamps,
    // limits, received runs), only the disk, the applied marks and the cache; except where a list with
    // nothing cached is skipped (the skip-idle-stream variant), where the cache decides it too.
    // Then the kept packets are sorted once by (ts, slot), the order the earliest-first pick below takes,
    // in place of a scan over every slot per packet destaged.
    if (rules.empty !== 'skip') {
      let n = 0;
      for (let slot = 0; slot < NSLOT; slot++) {
        if (out[f.CACHED + slot] === 0 || !keepAtFailover(out, slot)) continue;
        const ts = out[f.SLOT_TS + slot];
        let j = n++;
        for (; j > 0 && out[f.SLOT_TS + keptInOrder[j - 1]] > ts; j--) keptInOrder[j] = keptInOrder[j - 1];
        keptInOrder[j] = slot;
      }
      for (let i = 0; i < n; i++) {
        const slot = keptInOrder[i];
        for (; out[f.CACHED + slot] > 0; out[f.CACHED + slot]--) applySlot(out, slot);
      }
    } else {
      for (;;) {
        let best = -1;
        for (let slot = 0; slot < NSLOT; slot++) {
          if (out[f.CACHED + slot] === 0 || !keepAtFailover(out, slot)) continue;
          if (best < 0 || out[f.SLOT_TS + slot] < out[f.SLOT_TS + best]) best = slot;
        }
        if (best < 0) break;
        out[f.CACHED + best]--;
        applySlot(out, best);
      }
    }
    // Plain loops: a few words each, where a call to fill costs more than the stores.
    for (let x = 0; x < RN * LG; x++) out[f.REPORTED + x] = NO_REPORT;
    for (let slot = 0; slot < NSLOT; slot++) {
      out[f.CACHED + slot] = 0;
      out[f.NET_DATA + slot] = 0;
      out[f.NET_ACK + slot] = 0;
    }
    out[f.SITE_ST] = step(SITE, s[f.SITE_ST], E_FAILOVER);
  }

  const fair = (c: number): boolean => typeOf(c) < A.WRITE;
  const fault = (c: number): boolean => typeOf(c) > A.WRITE;

  // ---- JSON at the edges ---------------------------------------------------------------

  const ldsName = (l: number): string => `L${l}`;
  const rdsName = (r: number): string => `R${r}`;
  const slotJson = (slot: number): { stream: string; seq: number } => ({ stream: streams[streamOfSlot(slot)].name, seq: slot % Q });
  const groupName = (lg: number): string => `G${groupIds[lg]}`;

  function actionToJson(_s: State, c: number): Action {
    const arg = argOf(c);
    return match(typeOf(c))
      .with(A.RECOVER_LDS, () => ({ type: 'recover', system: ldsName(arg) }))
      .with(A.RECOVER_RDS, () => ({ type: 'recover', system: rdsName(arg) }))
      .with(A.LINK_UP, () => ({ type: 'linkUp', lds: ldsName(arg) }))
      .with(A.TICK, () => ({ type: 'tick' }))
      .with(A.SEND, () => ({ type: 'send', stream: streams[arg].name }))
      .with(A.HEARTBEAT, () => ({ type: 'heartbeat', stream: streams[arg].name }))
      .with(A.DELIVER, () => ({ type: 'deliver', ...slotJson(arg) }))
      .with(A.DELIVER_ACK, () => ({ type: 'deliverAck', ...slotJson(arg) }))
      .with(A.RETRANSMIT, () => ({ type: 'retransmit', ...slotJson(arg) }))
      .with(A.DESTAGE, () => ({ type: 'destage', rds: rdsName((arg / LG) | 0), ...(perGroup ? { group: groupName(arg % LG) } : {}) }))
      .with(A.SLAVE_ROUND, () => ({ type: 'slaveRound', rds: rdsName(arg) }))
      .with(A.MASTER_ROUND, () => ({ type: 'masterRound' }))
      .with(A.LIMIT_ROUND, () => ({ type: 'limitRound' }))
      .with(A.FAILOVER, () => ({ type: 'failover' }))
      .with(A.WRITE, () => ({ type: 'write', pair: `P${addrPair[arg]}`, position: addrPos[arg] }))
      .with(A.DROP, () => ({ type: 'drop', ...slotJson(arg) }))
      .with(A.DROP_ACK, () => ({ type: 'dropAck', ...slotJson(arg) }))
      .with(A.DUPLICATE, () => ({ type: 'duplicate', ...slotJson(arg) }))
      .with(A.CRASH_LDS, () => ({ type: 'crash', system: ldsName(arg) }))
      .with(A.CRASH_RDS, () => ({ type: 'crash', system: rdsName(arg) }))
      .with(A.LINK_DOWN, () => ({ type: 'linkDown', lds: ldsName(arg) }))
      .with(A.SITE_DISASTER, () => ({ type: 'siteDisaster' }))
      .otherwise(() => {
        throw new Error(`unknown action code ${c}`);
      });
  }

  const indexOf = (prefix: string, v: Json | undefined, n: number): number | undefined => {
    if (typeof v !== 'string' || !v.startsWith(prefix)) return undefined;
    const i = Number(v.slice(prefix.length));
    return Number.isInteger(i) && i >= 0 && i < n ? i : undefined;
  };
  const slotFrom = (a: Action): number | undefined => {
    const st = streams.findIndex((x) => x.name === a.stream);
    const seq = a.seq;
    if (st < 0 || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq >= Q) return undefined;
    return st * Q + seq;
  };
  const withArg = (type: number, arg: number | undefined): number | undefined => (arg === undefined ? undefined : code(type, arg));

  function actionFromJson(a: Action): number | undefined {
    const sys = (t1: number, t2: number): number | undefined => {
      const l = indexOf('L', a.system, LN);
      if (l !== undefined) return code(t1, l);
      return withArg(t2, indexOf('R', a.system, RN));
    };
    const streamIdx = (): number | undefined => {
      const i = streams.findIndex((x) => x.name === a.stream);
      return i < 0 ? undefined : i;
    };
    switch (a.type) {
      case 'recover':
        return sys(A.RECOVER_LDS, A.RECOVER_RDS);
      case 'crash':
        return sys(A.CRASH_LDS, A.CRASH_RDS);
      case 'linkUp':
        return withArg(A.LINK_UP, indexOf('L', a.lds, LN));
      case 'linkDown':
        return withArg(A.LINK_DOWN, indexOf('L', a.lds, LN));
      case 'tick':
        return code(A.TICK);
      case 'send':
        return withArg(A.SEND, streamIdx());
      case 'heartbeat':
        return withArg(A.HEARTBEAT, streamIdx());
      case 'deliver':
        return withArg(A.DELIVER, slotFrom(a));
      case 'deliverAck':
        return withArg(A.DELIVER_ACK, slotFrom(a));
      case 'retransmit':
        return withArg(A.RETRANSMIT, slotFrom(a));
      case 'drop':
        return withArg(A.DROP, slotFrom(a));
      case 'dropAck':
        return withArg(A.DROP_ACK, slotFrom(a));
      case 'duplicate':
        return withArg(A.DUPLICATE, slotFrom(a));
      case 'destage': {
        const r = indexOf('R', a.rds, RN);
        const lg = perGroup ? groupIds.findIndex((g) => a.group === `G${g}`) : 0;
        return r === undefined || lg < 0 ? undefined : code(A.DESTAGE, r * LG + lg);
      }
      case 'slaveRound':
        return withArg(A.SLAVE_ROUND, indexOf('R', a.rds, RN));
      case 'masterRound':
        return code(A.MASTER_ROUND);
      case 'limitRound':
        return code(A.LIMIT_ROUND);
      case 'failover':
        return code(A.FAILOVER);
      case 'siteDisaster':
        return code(A.SITE_DISASTER);
      case 'write': {
        const p = indexOf('P', a.pair, cfg.pairs.length);
        if (p === undefined || typeof a.position !== 'number') return undefined;
        const addr = addrPair.findIndex((x, i) => x === p && addrPos[i] === a.position);
        return addr < 0 ? undefined : code(A.WRITE, addr);
      }
      default:
        return undefined;
    }
  }

  // Stryker disable all: presentation for traces and replay, checked by properties/cli.test.ts, not a rule of the design.
  const tsJson = (t: number): Json => (t === NEG_INF ? '-inf' : t >= INF ? 'inf' : t);
  const addrName = (a: number): string => `P${addrPair[a]}:${addrPos[a]}`;
  const wName = (w: number): string => `w${w}`;
  const slotName = (slot: number, s: State): string => {
    const w = s[f.SLOT_WRITE + slot];
    const { stream, seq } = slotJson(slot);
    return `${stream}#${seq}(${w === HEARTBEAT ? 'hb' : wName(w)}@${s[f.SLOT_TS + slot]})`;
  };

  function view(s: State): Record<string, Json> {
    // The network and the caches are multisets: message -> copies.
    const net: Record<string, Json> = {};
    for (let slot = 0; slot < NSLOT; slot++) {
      if (s[f.NET_DATA + slot] > 0) net[slotName(slot, s)] = s[f.NET_DATA + slot];
      if (s[f.NET_ACK + slot] > 0) net[`ack ${slotJson(slot).stream}#${slot % Q}`] = s[f.NET_ACK + slot];
    }
    const remote: Record<string, Json> = {};
    for (let r = 0; r < RN; r++) {
      const cache: Record<string, Json> = {};
      for (let slot = 0; slot < NSLOT; slot++) {
        if (streamRds[streamOfSlot(slot)] === r && s[f.CACHED + slot] > 0) cache[slotName(slot, s)] = s[f.CACHED + slot];
      }
      const reported = Array.from({ length: LG }, (_, lg) => s[f.REPORTED + r * LG + lg]);
      remote[rdsName(r)] = {
        state: DS.states[s[f.RDS_ST + r]],
        reported: reported.every((x) => x === NO_REPORT) ? null : LG === 1 ? tsJson(reported[0]) : reported.map(tsJson),
        cache,
      };
    }
    const disk: Record<string, Json> = {};
    const localDisk: Record<string, Json> = {};
    for (let a = 0; a < AN; a++) {
      disk[addrName(a)] = s[f.DISK + a] ? wName(s[f.DISK + a] - 1) : null;
      localDisk[addrName(a)] = s[f.LOCAL_DISK + a] ? wName(s[f.LOCAL_DISK + a] - 1) : null;
    }
    const writes: Json[] = [];
    for (let w = 0; w < s[f.NWRITES]; w++) {
      const slot = s[f.W_SLOT + w];
      writes.push({
        id: wName(w),
        address: addrName(s[f.W_ADDR + w]),
        ts: s[f.W_TS + w],
        status: STATUS[s[f.W_STATUS + w]],
        seq: slot < 0 ? null : `${slotJson(slot).stream}#${slot % Q}`,
        entry: s[f.E_SEQ + w] ? { ts: s[f.E_TS + w], seq: (s[f.E_SEQ + w] - 1) % Q } : s[f.E_TS + w] ? { ts: s[f.E_TS + w], seq: null } : null,
      });
    }
    const arrived: string[] = [];
    const lost: string[] = [];
    for (let slot = 0; slot < NSLOT; slot++) {
      if (s[f.G_ARRIVED + slot]) arrived.push(`${slotJson(slot).stream}#${slot % Q}`);
      if (s[f.G_LOST + slot]) lost.push(`${slotJson(slot).stream}#${slot % Q}`);
    }
    return {
      clock: s[f.NOW],
      limit: LG === 1 ? tsJson(s[f.LIMIT]) : Object.fromEntries(Array.from({ length: LG }, (_, lg) => [groupName(lg), tsJson(s[f.LIMIT + lg])])),
      site: SITE.states[s[f.SITE_ST]],
      local: Object.fromEntries(
        Array.from({ length: LN }, (_, l) => [ldsName(l), { state: DS.states[s[f.LDS_ST + l]], link: LINK.states[s[f.LINK_ST + l]] }]),
      ),
      writes,
      streams: Object.fromEntries(
        streams.map((x, i) => [x.name, { nextSeq: s[f.COUNTER + i], hwm: s[f.HWM + i], hwmTs: tsJson(s[f.HWM_TS + i]) }]),
      ),
      network: net,
      remote,
      disk,
      localDisk,
      faults: { drops: s[f.DROPS], dups: s[f.DUPS], ldsCrashes: s[f.LCRASH], rdsCrashes: s[f.RCRASH], linkDowns: s[f.LINKDOWNS] },
      ghost: { acknowledgedToHost: Array.from({ length: s[f.NWRITES] }, (_, w) => s[f.H_ACK + w] === 1), arrived, ...(lost.length ? { lostFromVolatileCache: lost } : {}) },
    };
  }

  // Stryker restore all
  // ---- images ----------------------------------------------------------------------------

  const image = new Int32Array(AN);
  const recoverable = new Int32Array(AN);
  const bestTs = new Int32Array(AN);

  /** I-8: disk overlaid with the cached writes the limit admits, in (ts, seq) order. */
  function recoverableImage(s: State): Int32Array {
    // Plain loops: a few words each, where a view and a call to fill cost more (this runs per state).
    for (let a = 0; a < AN; a++) {
      recoverable[a] = s[f.DISK + a];
      bestTs[a] = -1;
    }
    for (let slot = 0; slot < NSLOT; slot++) {
      if (s[f.CACHED + slot] === 0) continue;
      const w = s[f.SLOT_WRITE + slot];
      const ts = s[f.SLOT_TS + slot];
      if (ts >= s[f.LIMIT + streamLg[streamOfSlot(slot)]]) continue;
      const a = s[f.W_ADDR + w];
      if (ts > bestTs[a] || (ts === bestTs[a] && w + 1 > recoverable[a])) {
        bestTs[a] = ts;
        recoverable[a] = w + 1;
      }
    }
    return recoverable;
  }

  /** Is `img`, over the addresses of limit group lg, the image after some prefix of lg's writes in issue order? */
  function isPrefixImage(s: State, img: Int32Array, lg: number): boolean {
    for (let a = 0; a < AN; a++) image[a] = 0;
    for (let k = 0; ; k++) {
      let eq = true;
      for (let a = 0; a < AN && eq; a++) if (addrLg[a] === lg && image[a] !== img[a]) eq = false;
      if (eq) return true;
      if (k === s[f.NWRITES]) return false;
      image[s[f.W_ADDR + k]] = k + 1;
    }
  }

  const k: DiskKernel = {
    size: SIZE,
    cfg,
    rules,
    streams,
    S,
    Q,
    NSLOT,
    W,
    LN,
    RN,
    AN,
    LG,
    addrStream,
    addrLg,
    streamRds,
    streamLg,
    f,
    streamOfSlot,
    applied,
    received,
    admitted,
    recoverableImage,
    isPrefixImage,
  };

  // Every action type contributes at most its argument range.
  const maxActions = 6 * NSLOT + 6 * LN + 6 * RN * LG + 2 * S + W + AN + 8;

  return {
    k,
    stateSize: SIZE,
    fields: f,
    maxActions,
    init: () => [initial()],
    actions,
    next,
    update,
    fair,
    fault,
    machines: [
      { table: DS, offsets: [...range(f.LDS_ST, LN), ...range(f.RDS_ST, RN)] },
      { table: LINK, offsets: range(f.LINK_ST, LN) },
      { table: SITE, offsets: [f.SITE_ST] },
    ],
    actionToJson,
    actionFromJson,
    // Indexed by type code (9 is unused); the names are the enum's, since two types share a JSON name.
    actionTypes: Array.from({ length: 23 }, (_, t) => Object.entries(A).find(([, v]) => v === t)?.[0].toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) ?? `unused${t}`),
    actionType: typeOf,
    view,
    always: [],
    step: [],
    sometimes: [],
    eventually: [],
  };
}
