// The disk embodiment of seed 004 (Figs. 1-15) as an explorable model.
//
// State vector layout (all Int32): globals, per local disk system, per remote disk system,
// per host write, per stream, per (stream, seq) slot, per mirrored address. A slot is one
// sequence number of one stream: the packet that carried it (a write or a heartbeat), how many
// copies are in flight, its acknowledgements, and what the remote did with it.
import { match } from 'ts-pattern';
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { deriveTable, eventIndex, stateIndex, step } from '../../engine/machine-table.js';
import { createLayout } from '../../engine/layout.js';
import { diskSystemMachine, linkMachine, remoteSiteMachine } from '../../../models/ordered-delivery.js';
import { deriveStreams, type DiskConfig, type DiskRules } from './config.js';

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
const SITE_MIRRORING = stateIndex(SITE, 'mirroring');
const SITE_LOST = stateIndex(SITE, 'localSiteLost');
const SITE_FAILED_OVER = stateIndex(SITE, 'failedOver');
const E_LOCAL_SITE_LOST = eventIndex(SITE, 'LOCAL_SITE_LOST');
const E_FAILOVER = eventIndex(SITE, 'FAILOVER');

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** Timestamp 0 stands for -infinity: nothing contiguous received yet (B-hold, seed-notes §4.6). */
const NEG_INF = 0;
const INF = 0x3fffffff;
const NO_REPORT = -1;
const HEARTBEAT = -1;
const UNASSIGNED = -2;

// Write status (SM-LW, seed-notes §5.1).
const W_UNSENT = 1;
const W_SENT = 2;
const W_LOCAL = 3;
const STATUS = ['none', 'unsent', 'sent', 'acknowledgedAndLocallyDestaged'];

// Action types. Their order is the priority of the fault-free completion: heal first, then
// move data forward. Types from WRITE on are not fair (new host work or faults).
const A = {
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

export function buildDiskModel(cfg: DiskConfig, rules: DiskRules): Model {
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

  const layout = createLayout();
  const field = layout.field;
  const NOW = field();
  const NWRITES = field();
  const LIMIT = field();
  const SITE_ST = field();
  const DROPS = field();
  const DUPS = field();
  const LCRASH = field();
  const RCRASH = field();
  const LINKDOWNS = field();
  const LDS_ST = field(LN);
  const LINK_ST = field(LN);
  const RDS_ST = field(RN);
  const REPORTED = field(RN);
  const W_ADDR = field(W);
  const W_TS = field(W);
  const W_STATUS = field(W);
  const W_SLOT = field(W);
  const COUNTER = field(S);
  const LAST_SENT_TS = field(S);
  const HWM = field(S);
  const HWM_TS = field(S);
  const SLOT_WRITE = field(NSLOT);
  const SLOT_TS = field(NSLOT);
  const NET_DATA = field(NSLOT);
  const NET_ACK = field(NSLOT);
  const ACKED = field(NSLOT);
  const GOT = field(NSLOT);
  const CACHED = field(NSLOT);
  const APPLIED = field(NSLOT);
  const DISK = field(AN);
  const LOCAL_DISK = field(AN);
  const SIZE = layout.size;

  const streamOfSlot = (slot: number): number => (slot / Q) | 0;
  const applied = (s: State, w: number): boolean => s[W_SLOT + w] >= 0 && s[APPLIED + s[W_SLOT + w]] > 0;

  function initial(): State {
    const s = new Int32Array(SIZE);
    s[NOW] = 1;
    s[LIMIT] = NEG_INF;
    s[SITE_ST] = SITE.initial;
    for (let l = 0; l < LN; l++) {
      s[LDS_ST + l] = DS.initial;
      s[LINK_ST + l] = LINK.initial;
    }
    for (let r = 0; r < RN; r++) {
      s[RDS_ST + r] = DS.initial;
      s[REPORTED + r] = NO_REPORT;
    }
    for (let w = 0; w < W; w++) {
      s[W_ADDR + w] = -1;
      s[W_SLOT + w] = -1;
    }
    for (let i = 0; i < S; i++) s[HWM + i] = -1;
    s.fill(UNASSIGNED, SLOT_WRITE, SLOT_WRITE + NSLOT);
    return s;
  }

  // ---- derived quantities --------------------------------------------------------------

  /** Earliest-timestamp unsent write of a stream (step 600 / 1200 / 1400), or -1. */
  function earliestUnsent(s: State, st: number): number {
    let best = -1;
    for (let w = 0; w < s[NWRITES]; w++) {
      if (s[W_STATUS + w] !== W_UNSENT || addrStream[s[W_ADDR + w]] !== st) continue;
      if (best < 0 || s[W_TS + w] < s[W_TS + best]) best = w;
    }
    return best;
  }

  /** The value a stream contributes to its slave's report (【0038】-【0040】), or INF when skipped. */
  function streamValue(s: State, st: number): number {
    const base = st * Q;
    if (rules.limitSource === 'timestamp') {
      // Prior art: "when data stamped T arrives, all data stamped before T has arrived".
      let max = NEG_INF;
      for (let k = 0; k < s[COUNTER + st]; k++) if (s[GOT + base + k] && s[SLOT_TS + base + k] > max) max = s[SLOT_TS + base + k];
      return max;
    }
    if (rules.empty === 'skip') {
      let pending = false;
      for (let k = 0; k < Q; k++) if (s[CACHED + base + k] > 0) pending = true;
      if (!pending) return INF;
    }
    if (rules.run === 'longest') {
      // Reading A: the longest run of consecutive received numbers anywhere in the list.
      let bestLen = 0;
      let bestTop = -1;
      let len = 0;
      for (let k = 0; k < Q; k++) {
        len = s[GOT + base + k] ? len + 1 : 0;
        if (len > bestLen) {
          bestLen = len;
          bestTop = k;
        }
      }
      return bestTop < 0 ? NEG_INF : s[SLOT_TS + base + bestTop];
    }
    return s[HWM_TS + st];
  }

  /** Slave limit-time process of one remote disk system (Fig. 9 / 13 / 15). */
  function slaveValue(s: State, r: number): number {
    let min = INF;
    for (let st = 0; st < S; st++) {
      if (streamRds[st] !== r) continue;
      const v = streamValue(s, st);
      if (v < min) min = v;
    }
    return min;
  }

  /** Destage candidate of one remote disk system: earliest (ts, seq) cached entry (step 1100). */
  function candidate(s: State, r: number): number {
    let best = -1;
    for (let st = 0; st < S; st++) {
      if (streamRds[st] !== r) continue;
      for (let k = 0; k < Q; k++) {
        const slot = st * Q + k;
        if (s[CACHED + slot] === 0) continue;
        if (best < 0 || s[SLOT_TS + slot] < s[SLOT_TS + best]) best = slot;
        // Equal timestamps: the lower slot is the lower seq of the same stream, or a
        // lower-numbered stream; ties inside a stream are broken by seq (seed-notes R-5b).
      }
    }
    return best;
  }

  /** Slaves and master in one step (Figs. 9-10): the minimum over every slave. */
  function roundLimit(s: State): number {
    let min = INF;
    for (let r = 0; r < RN; r++) {
      const v = slaveValue(s, r);
      if (v < min) min = v;
    }
    return min === INF ? s[LIMIT] : min;
  }

  // A round that would broadcast the limit already in force changes nothing: leaving it out
  // keeps self-loops out of the state graph.
  const roundChanges = (s: State): boolean => roundLimit(s) !== s[LIMIT];

  function admitted(ts: number, limit: number): boolean {
    return rules.gate === 'lt' ? ts < limit : ts <= limit;
  }

  function destageable(s: State, r: number): number {
    const c = candidate(s, r);
    return c >= 0 && admitted(s[SLOT_TS + c], s[LIMIT]) ? c : -1;
  }

  function applySlot(out: State, slot: number): void {
    const w = out[SLOT_WRITE + slot];
    out[APPLIED + slot]++;
    out[DISK + out[W_ADDR + w]] = w + 1;
  }

  function receive(out: State, slot: number): void {
    const st = streamOfSlot(slot);
    const dup = out[GOT + slot] === 1;
    out[NET_ACK + slot]++; // step 801: acknowledge on receipt, duplicates included (re-ack)
    if (dup && rules.dedup) return;
    out[GOT + slot] = 1;
    if (out[SLOT_WRITE + slot] !== HEARTBEAT) {
      if (rules.applyOnArrival) applySlot(out, slot);
      else out[CACHED + slot]++; // step 800
    }
    const base = st * Q;
    while (out[HWM + st] + 1 < Q && out[GOT + base + out[HWM + st] + 1]) {
      out[HWM + st]++;
      out[HWM_TS + st] = out[SLOT_TS + base + out[HWM + st]];
    }
  }

  /**
   * Heartbeats are explored only when they can move the limit: the stream is idle (everything it
   * sent is acknowledged) and some write stamped at or after its last timestamp is not yet on a
   * remote disk, so this stream's silence is what holds it back. Other heartbeats change nothing
   * but the state count.
   */
  function heartbeatUseful(s: State, st: number): boolean {
    const c = s[COUNTER + st];
    if (c > 0 && s[ACKED + st * Q + c - 1] !== 1) return false;
    for (let w = 0; w < s[NWRITES]; w++) if (s[W_TS + w] >= s[LAST_SENT_TS + st] && !applied(s, w)) return true;
    return false;
  }

  const ldsUp = (s: State, l: number): boolean => s[LDS_ST + l] === DS_OPERATING;
  const rdsUp = (s: State, r: number): boolean => s[RDS_ST + r] === DS_OPERATING;
  const mirroring = (s: State): boolean => s[SITE_ST] === SITE_MIRRORING;

  // ---- actions -------------------------------------------------------------------------

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const site = s[SITE_ST];
    const live = site !== SITE_FAILED_OVER;
    for (let l = 0; l < LN; l++) {
      if (step(DS, s[LDS_ST + l], E_RECOVER) >= 0) out[n++] = code(A.RECOVER_LDS, l);
    }
    for (let r = 0; r < RN; r++) if (step(DS, s[RDS_ST + r], E_RECOVER) >= 0) out[n++] = code(A.RECOVER_RDS, r);
    for (let l = 0; l < LN; l++) if (step(LINK, s[LINK_ST + l], E_LINK_UP) >= 0) out[n++] = code(A.LINK_UP, l);
    const nw = s[NWRITES];
    if (cfg.clock === 'coarse' && mirroring(s) && nw > 0 && s[W_TS + nw - 1] === s[NOW]) out[n++] = code(A.TICK);
    if (mirroring(s)) {
      for (let st = 0; st < S; st++) {
        if (!ldsUp(s, streamLds[st])) continue;
        const unsent = earliestUnsent(s, st) >= 0;
        if (unsent) out[n++] = code(A.SEND, st);
        else if (rules.heartbeat && s[LAST_SENT_TS + st] < s[NOW] && s[COUNTER + st] < Q && heartbeatUseful(s, st)) out[n++] = code(A.HEARTBEAT, st);
      }
    }
    if (live) {
      for (let slot = 0; slot < NSLOT; slot++) {
        if (s[NET_DATA + slot] > 0 && s[LINK_ST + streamLds[streamOfSlot(slot)]] === LINK_UP) out[n++] = code(A.DELIVER, slot);
      }
    }
    if (mirroring(s)) {
      for (let slot = 0; slot < NSLOT; slot++) {
        if (s[NET_ACK + slot] > 0 && s[LINK_ST + streamLds[streamOfSlot(slot)]] === LINK_UP) out[n++] = code(A.DELIVER_ACK, slot);
      }
      if (rules.retransmit) {
        for (let slot = 0; slot < NSLOT; slot++) {
          if (
            s[SLOT_WRITE + slot] !== UNASSIGNED &&
            !s[ACKED + slot] &&
            s[NET_DATA + slot] === 0 &&
            s[NET_ACK + slot] === 0 &&
            ldsUp(s, streamLds[streamOfSlot(slot)])
          )
            out[n++] = code(A.RETRANSMIT, slot);
        }
      }
    }
    if (live) {
      for (let r = 0; r < RN; r++) if (rdsUp(s, r) && destageable(s, r) >= 0) out[n++] = code(A.DESTAGE, r);
      if (cfg.rounds === 'split') {
        for (let r = 0; r < RN; r++) if (rdsUp(s, r) && s[REPORTED + r] === NO_REPORT) out[n++] = code(A.SLAVE_ROUND, r);
        let all = true;
        for (let r = 0; r < RN; r++) if (s[REPORTED + r] === NO_REPORT) all = false;
        if (all) out[n++] = code(A.MASTER_ROUND);
      } else {
        // One limit round: every slave reports and the master broadcasts. The barrier of 【0041】
        // still holds: no round while a remote disk system is down.
        let all = true;
        for (let r = 0; r < RN; r++) if (!rdsUp(s, r)) all = false;
        if (all && roundChanges(s)) out[n++] = code(A.LIMIT_ROUND);
      }
    }
    if (step(SITE, site, E_FAILOVER) >= 0) {
      let allUp = true;
      for (let r = 0; r < RN; r++) if (!rdsUp(s, r)) allUp = false;
      if (allUp) out[n++] = code(A.FAILOVER);
    }
    // Not fair: new host work and faults.
    if (mirroring(s) && nw < W) {
      for (let a = 0; a < AN; a++) if (ldsUp(s, addrStreamLds(a))) out[n++] = code(A.WRITE, a);
    }
    if (live && s[DROPS] < cfg.drops) {
      for (let slot = 0; slot < NSLOT; slot++) if (s[NET_DATA + slot] > 0) out[n++] = code(A.DROP, slot);
      for (let slot = 0; slot < NSLOT; slot++) if (s[NET_ACK + slot] > 0) out[n++] = code(A.DROP_ACK, slot);
    }
    if (live && s[DUPS] < cfg.dups) {
      for (let slot = 0; slot < NSLOT; slot++) if (s[NET_DATA + slot] === 1) out[n++] = code(A.DUPLICATE, slot);
    }
    if (mirroring(s) && s[LCRASH] < cfg.ldsCrashes) {
      for (let l = 0; l < LN; l++) if (step(DS, s[LDS_ST + l], E_CRASH) >= 0) out[n++] = code(A.CRASH_LDS, l);
    }
    if (live && s[RCRASH] < cfg.rdsCrashes) {
      for (let r = 0; r < RN; r++) if (step(DS, s[RDS_ST + r], E_CRASH) >= 0) out[n++] = code(A.CRASH_RDS, r);
    }
    if (live && s[LINKDOWNS] < cfg.linkDowns) {
      for (let l = 0; l < LN; l++) if (step(LINK, s[LINK_ST + l], E_LINK_DOWN) >= 0) out[n++] = code(A.LINK_DOWN, l);
    }
    if (cfg.disaster && step(SITE, site, E_LOCAL_SITE_LOST) >= 0) out[n++] = code(A.SITE_DISASTER);
    return n;
  }

  function addrStreamLds(a: number): number {
    return streamLds[addrStream[a]];
  }

  function next(s: State, c: number, out: State): void {
    out.set(s);
    const arg = c & ((1 << SHIFT) - 1);
    switch (c >> SHIFT) {
      case A.RECOVER_LDS:
        out[LDS_ST + arg] = step(DS, s[LDS_ST + arg], E_RECOVER);
        return;
      case A.RECOVER_RDS:
        out[RDS_ST + arg] = step(DS, s[RDS_ST + arg], E_RECOVER);
        return;
      case A.LINK_UP:
        out[LINK_ST + arg] = step(LINK, s[LINK_ST + arg], E_LINK_UP);
        return;
      case A.TICK:
        out[NOW]++;
        return;
      case A.SEND: {
        // Steps 600-602: earliest unsent write of the stream, next sequence number, no waiting.
        const w = earliestUnsent(s, arg);
        const slot = arg * Q + s[COUNTER + arg];
        out[COUNTER + arg]++;
        out[SLOT_WRITE + slot] = w;
        out[SLOT_TS + slot] = s[W_TS + w];
        out[W_SLOT + w] = slot;
        out[W_STATUS + w] = W_SENT;
        out[NET_DATA + slot]++;
        out[LAST_SENT_TS + arg] = s[W_TS + w];
        return;
      }
      case A.HEARTBEAT: {
        const slot = arg * Q + s[COUNTER + arg];
        out[COUNTER + arg]++;
        out[SLOT_WRITE + slot] = HEARTBEAT;
        out[SLOT_TS + slot] = s[NOW];
        out[NET_DATA + slot]++;
        out[LAST_SENT_TS + arg] = s[NOW];
        return;
      }
      case A.DELIVER:
        out[NET_DATA + arg]--;
        // A remote disk system that is down loses what reaches it.
        if (rdsUp(s, streamRds[streamOfSlot(arg)])) receive(out, arg);
        return;
      case A.DELIVER_ACK: {
        out[NET_ACK + arg]--;
        if (!ldsUp(s, streamLds[streamOfSlot(arg)])) return;
        out[ACKED + arg] = 1; // step 700
        const w = s[SLOT_WRITE + arg];
        if (w >= 0 && s[W_STATUS + w] === W_SENT) {
          // 【0034】: after the completion notice the write goes to the local disk unit. The seed
          // leaves the timing to "known conventional methods"; doing it at once keeps the local
          // side from multiplying interleavings that no remote property depends on.
          out[W_STATUS + w] = W_LOCAL;
          // The cache block holds the newest data for its address: an acknowledgement that
          // overtook an older one has already put newer data on the unit.
          if (s[LOCAL_DISK + s[W_ADDR + w]] < w + 1) out[LOCAL_DISK + s[W_ADDR + w]] = w + 1;
        }
        return;
      }
      case A.RETRANSMIT:
        out[NET_DATA + arg]++;
        return;
      case A.DESTAGE: {
        const slot = destageable(s, arg);
        out[CACHED + slot]--; // step 1104
        applySlot(out, slot); // step 1103
        return;
      }
      case A.SLAVE_ROUND:
        out[REPORTED + arg] = slaveValue(s, arg); // steps 901-902
        return;
      case A.LIMIT_ROUND:
        out[LIMIT] = roundLimit(s);
        return;
      case A.MASTER_ROUND: {
        // Step 1000-1001: the minimum over every slave, broadcast to all.
        let min = INF;
        for (let r = 0; r < RN; r++) if (s[REPORTED + r] < min) min = s[REPORTED + r];
        if (min !== INF) out[LIMIT] = min;
        for (let r = 0; r < RN; r++) out[REPORTED + r] = NO_REPORT;
        return;
      }
      case A.FAILOVER: {
        // Seed-notes §5.9: a final round over what was received, destage what it allows, discard the rest.
        out[LIMIT] = roundLimit(out);
        for (let r = 0; r < RN; r++) {
          out[REPORTED + r] = NO_REPORT;
          for (let slot = destageable(out, r); slot >= 0; slot = destageable(out, r)) {
            out[CACHED + slot]--;
            applySlot(out, slot);
          }
        }
        for (let slot = 0; slot < NSLOT; slot++) {
          out[CACHED + slot] = 0;
          out[NET_DATA + slot] = 0;
          out[NET_ACK + slot] = 0;
        }
        out[SITE_ST] = step(SITE, s[SITE_ST], E_FAILOVER);
        return;
      }
      case A.WRITE: {
        // Steps 500-504: cache, stamp from the common clock, complete to the host.
        const w = s[NWRITES];
        out[NWRITES]++;
        out[W_ADDR + w] = arg;
        out[W_TS + w] = s[NOW];
        out[W_STATUS + w] = W_UNSENT;
        if (cfg.clock === 'unique') out[NOW]++;
        return;
      }
      case A.DROP:
        out[NET_DATA + arg]--;
        out[DROPS]++;
        return;
      case A.DROP_ACK:
        out[NET_ACK + arg]--;
        out[DROPS]++;
        return;
      case A.DUPLICATE:
        out[NET_DATA + arg]++;
        out[DUPS]++;
        return;
      case A.CRASH_LDS:
        out[LDS_ST + arg] = step(DS, s[LDS_ST + arg], E_CRASH);
        out[LCRASH]++;
        return;
      case A.CRASH_RDS:
        out[RDS_ST + arg] = step(DS, s[RDS_ST + arg], E_CRASH);
        out[RCRASH]++;
        return;
      case A.LINK_DOWN:
        out[LINK_ST + arg] = step(LINK, s[LINK_ST + arg], E_LINK_DOWN);
        out[LINKDOWNS]++;
        return;
      case A.SITE_DISASTER:
        out[SITE_ST] = step(SITE, s[SITE_ST], E_LOCAL_SITE_LOST);
        for (let l = 0; l < LN; l++) out[LDS_ST + l] = step(DS, s[LDS_ST + l], E_SITE_LOST);
        for (let slot = 0; slot < NSLOT; slot++) out[NET_ACK + slot] = 0;
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  const fair = (c: number): boolean => c >> SHIFT < A.WRITE;
  const fault = (c: number): boolean => c >> SHIFT > A.WRITE;

  // ---- JSON at the edges ---------------------------------------------------------------

  const ldsName = (l: number): string => `L${l}`;
  const rdsName = (r: number): string => `R${r}`;
  const slotJson = (slot: number): { stream: string; seq: number } => ({ stream: streams[streamOfSlot(slot)].name, seq: slot % Q });

  function actionToJson(_s: State, c: number): Action {
    const arg = c & ((1 << SHIFT) - 1);
    return match(c >> SHIFT)
      .with(A.RECOVER_LDS, () => ({ type: 'recover', system: ldsName(arg) }))
      .with(A.RECOVER_RDS, () => ({ type: 'recover', system: rdsName(arg) }))
      .with(A.LINK_UP, () => ({ type: 'linkUp', lds: ldsName(arg) }))
      .with(A.TICK, () => ({ type: 'tick' }))
      .with(A.SEND, () => ({ type: 'send', stream: streams[arg].name }))
      .with(A.HEARTBEAT, () => ({ type: 'heartbeat', stream: streams[arg].name }))
      .with(A.DELIVER, () => ({ type: 'deliver', ...slotJson(arg) }))
      .with(A.DELIVER_ACK, () => ({ type: 'deliverAck', ...slotJson(arg) }))
      .with(A.RETRANSMIT, () => ({ type: 'retransmit', ...slotJson(arg) }))
      .with(A.DESTAGE, () => ({ type: 'destage', rds: rdsName(arg) }))
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
      case 'destage':
        return withArg(A.DESTAGE, indexOf('R', a.rds, RN));
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

  const tsJson = (t: number): Json => (t === NEG_INF ? '-inf' : t >= INF ? 'inf' : t);
  const addrName = (a: number): string => `P${addrPair[a]}:${addrPos[a]}`;
  const wName = (w: number): string => `w${w}`;
  const slotName = (slot: number, s: State): string => {
    const w = s[SLOT_WRITE + slot];
    const { stream, seq } = slotJson(slot);
    return `${stream}#${seq}(${w === HEARTBEAT ? 'hb' : wName(w)}@${s[SLOT_TS + slot]})`;
  };

  function view(s: State): Record<string, Json> {
    // The network and the caches are multisets: message -> copies.
    const net: Record<string, Json> = {};
    for (let slot = 0; slot < NSLOT; slot++) {
      if (s[NET_DATA + slot] > 0) net[slotName(slot, s)] = s[NET_DATA + slot];
      if (s[NET_ACK + slot] > 0) net[`ack ${slotJson(slot).stream}#${slot % Q}`] = s[NET_ACK + slot];
    }
    const remote: Record<string, Json> = {};
    for (let r = 0; r < RN; r++) {
      const cache: Record<string, Json> = {};
      for (let slot = 0; slot < NSLOT; slot++) {
        if (streamRds[streamOfSlot(slot)] === r && s[CACHED + slot] > 0) cache[slotName(slot, s)] = s[CACHED + slot];
      }
      remote[rdsName(r)] = {
        state: DS.states[s[RDS_ST + r]],
        reported: s[REPORTED + r] === NO_REPORT ? null : tsJson(s[REPORTED + r]),
        cache,
      };
    }
    const disk: Record<string, Json> = {};
    const localDisk: Record<string, Json> = {};
    for (let a = 0; a < AN; a++) {
      disk[addrName(a)] = s[DISK + a] ? wName(s[DISK + a] - 1) : null;
      localDisk[addrName(a)] = s[LOCAL_DISK + a] ? wName(s[LOCAL_DISK + a] - 1) : null;
    }
    const writes: Json[] = [];
    for (let w = 0; w < s[NWRITES]; w++) {
      const slot = s[W_SLOT + w];
      writes.push({
        id: wName(w),
        address: addrName(s[W_ADDR + w]),
        ts: s[W_TS + w],
        status: STATUS[s[W_STATUS + w]],
        seq: slot < 0 ? null : `${slotJson(slot).stream}#${slot % Q}`,
      });
    }
    return {
      clock: s[NOW],
      limit: tsJson(s[LIMIT]),
      site: SITE.states[s[SITE_ST]],
      local: Object.fromEntries(
        Array.from({ length: LN }, (_, l) => [ldsName(l), { state: DS.states[s[LDS_ST + l]], link: LINK.states[s[LINK_ST + l]] }]),
      ),
      writes,
      streams: Object.fromEntries(
        streams.map((x, i) => [x.name, { nextSeq: s[COUNTER + i], hwm: s[HWM + i], hwmTs: tsJson(s[HWM_TS + i]) }]),
      ),
      network: net,
      remote,
      disk,
      localDisk,
      faults: { drops: s[DROPS], dups: s[DUPS], ldsCrashes: s[LCRASH], rdsCrashes: s[RCRASH], linkDowns: s[LINKDOWNS] },
    };
  }

  // ---- properties ----------------------------------------------------------------------

  const received = (s: State, w: number): boolean => s[W_SLOT + w] >= 0 && s[GOT + s[W_SLOT + w]] === 1;
  const image = new Int32Array(AN);
  const recoverable = new Int32Array(AN);
  const bestTs = new Int32Array(AN);

  /** I-8: disk overlaid with the cached writes below the limit, in (ts, seq) order. */
  function recoverableImage(s: State): Int32Array {
    recoverable.set(s.subarray(DISK, DISK + AN));
    bestTs.fill(-1);
    for (let slot = 0; slot < NSLOT; slot++) {
      if (s[CACHED + slot] === 0) continue;
      const w = s[SLOT_WRITE + slot];
      const ts = s[SLOT_TS + slot];
      if (ts >= s[LIMIT]) continue;
      const a = s[W_ADDR + w];
      if (ts > bestTs[a] || (ts === bestTs[a] && w + 1 > recoverable[a])) {
        bestTs[a] = ts;
        recoverable[a] = w + 1;
      }
    }
    return recoverable;
  }

  /** Is `img` the local image after some prefix of the local write order? */
  function isPrefixImage(s: State, img: Int32Array): boolean {
    image.fill(0);
    for (let k = 0; ; k++) {
      let eq = true;
      for (let a = 0; a < AN && eq; a++) if (image[a] !== img[a]) eq = false;
      if (eq) return true;
      if (k === s[NWRITES]) return false;
      image[s[W_ADDR + k]] = k + 1;
    }
  }

  const always: Model['always'] = [
    {
      id: 'I-1',
      holds: (s) => {
        const L = s[LIMIT];
        if (L > s[NOW]) return false;
        for (let w = 0; w < s[NWRITES]; w++) if (s[W_TS + w] < L && !received(s, w)) return false;
        return true;
      },
    },
    {
      id: 'I-2',
      holds: (s) => {
        for (let st = 0; st < S; st++) {
          for (let k = 1; k < s[COUNTER + st]; k++) if (s[SLOT_TS + st * Q + k - 1] > s[SLOT_TS + st * Q + k]) return false;
        }
        return true;
      },
    },
    {
      id: 'I-4',
      holds: (s) => {
        for (let st = 0; st < S; st++) {
          let h = -1;
          while (h + 1 < Q && s[GOT + st * Q + h + 1]) h++;
          if (s[HWM + st] !== h) return false;
          if (s[HWM_TS + st] !== (h < 0 ? NEG_INF : s[SLOT_TS + st * Q + h])) return false;
        }
        return true;
      },
    },
    {
      id: 'I-5',
      holds: (s) => {
        for (let st = 0; st < S; st++) {
          let allBefore = true; // every lower seq received, and applied when it is a write
          for (let k = 0; k < Q; k++) {
            const slot = st * Q + k;
            if (s[APPLIED + slot] > 0 && !allBefore) return false;
            if (!s[GOT + slot] || (s[SLOT_WRITE + slot] >= 0 && s[APPLIED + slot] === 0)) allBefore = false;
          }
        }
        return true;
      },
    },
    {
      id: 'I-6',
      holds: (s) => {
        image.fill(0);
        for (let w = 0; w < s[NWRITES]; w++) if (applied(s, w)) image[s[W_ADDR + w]] = w + 1;
        for (let a = 0; a < AN; a++) if (s[DISK + a] !== image[a]) return false;
        return true;
      },
    },
    { id: 'I-8', holds: (s) => isPrefixImage(s, recoverableImage(s)) },
    {
      id: 'I-10',
      holds: (s) => {
        for (let w = 0; w < s[NWRITES]; w++) if (applied(s, w) && s[W_TS + w] > s[LIMIT]) return false;
        return true;
      },
    },
    {
      id: 'I-11',
      holds: (s) => {
        if (s[SITE_ST] !== SITE_FAILED_OVER) return true;
        image.fill(0);
        for (let w = 0; w < s[NWRITES]; w++) if (s[W_TS + w] < s[LIMIT]) image[s[W_ADDR + w]] = w + 1;
        for (let a = 0; a < AN; a++) if (s[DISK + a] !== image[a]) return false;
        for (let slot = 0; slot < NSLOT; slot++) if (s[CACHED + slot] > 0) return false;
        return true;
      },
    },
    {
      id: 'I-12',
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if (s[APPLIED + slot] > 1) return false;
        return true;
      },
    },
    {
      id: 'I-13',
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if ((s[NET_ACK + slot] > 0 || s[ACKED + slot]) && !s[GOT + slot]) return false;
        return true;
      },
    },
    {
      id: 'I-14',
      holds: (s) => {
        // Only acknowledged writes reach the local disk unit, and each block holds the newest of them.
        image.fill(0);
        for (let w = 0; w < s[NWRITES]; w++) {
          if (s[W_STATUS + w] !== W_LOCAL) continue;
          if (!s[ACKED + s[W_SLOT + w]]) return false;
          image[s[W_ADDR + w]] = w + 1;
        }
        for (let a = 0; a < AN; a++) if (s[LOCAL_DISK + a] !== image[a]) return false;
        return true;
      },
    },
    {
      id: 'I-15',
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if (s[CACHED + slot] > 1) return false;
        return true;
      },
    },
  ];

  const step_: Model['step'] = [
    { id: 'I-3', holds: (prev, _a, nxt) => nxt[LIMIT] >= prev[LIMIT] },
    {
      id: 'I-7',
      holds: (prev, _a, nxt) => {
        for (let slot = 0; slot < NSLOT; slot++) {
          if (nxt[APPLIED + slot] <= prev[APPLIED + slot]) continue;
          const r = streamRds[streamOfSlot(slot)];
          for (let o = 0; o < NSLOT; o++) {
            if (prev[APPLIED + o] > 0 && streamRds[streamOfSlot(o)] === r && prev[SLOT_TS + o] > nxt[SLOT_TS + slot]) return false;
          }
        }
        return true;
      },
    },
  ];

  // Slot predicates are built once, so the witness checks in the explorer's loop allocate nothing.
  type SlotPred = (s: State, slot: number) => boolean;
  const anySlot = (s: State, f: SlotPred): boolean => {
    for (let slot = 0; slot < NSLOT; slot++) if (f(s, slot)) return true;
    return false;
  };
  const aboveGap: SlotPred = (s, slot) => s[GOT + slot] === 1 && slot % Q > s[HWM + streamOfSlot(slot)] + 1;
  const heldBack: SlotPred = (s, slot) => s[CACHED + slot] > 0 && !admitted(s[SLOT_TS + slot], s[LIMIT]);
  const isApplied: SlotPred = (s, slot) => s[APPLIED + slot] > 0;
  const dupInFlight: SlotPred = (s, slot) => s[NET_DATA + slot] > 0 && (s[APPLIED + slot] > 0 || s[CACHED + slot] > 0);
  const appliedBelowLimit: SlotPred = (s, slot) => s[APPLIED + slot] > 0 && s[SLOT_TS + slot] < s[LIMIT] - 1;
  const ackInFlight: SlotPred = (s, slot) => s[NET_ACK + slot] > 0;
  const isCached: SlotPred = (s, slot) => s[CACHED + slot] > 0;

  const sometimes: Model['sometimes'] = [
    { id: 'W-gap', reached: (s) => anySlot(s, aboveGap) },
    {
      id: 'W-held-back',
      reached: (s) =>
        s[LIMIT] > NEG_INF && anySlot(s, heldBack) && anySlot(s, isApplied),
    },
    {
      id: 'W-cross-rds',
      reached: (s) => {
        for (let w = 0; w < s[NWRITES]; w++) {
          if (received(s, w)) continue;
          const r = streamRds[addrStream[s[W_ADDR + w]]];
          for (let slot = 0; slot < NSLOT; slot++) {
            if (s[CACHED + slot] > 0 && streamRds[streamOfSlot(slot)] !== r && s[SLOT_TS + slot] > s[W_TS + w]) return true;
          }
        }
        return false;
      },
    },
    {
      id: 'W-partial',
      reached: (s) => {
        let onDisk = false;
        let missing = false;
        for (let w = 0; w < s[NWRITES]; w++) {
          if (applied(s, w)) onDisk = true;
          if (!received(s, w)) missing = true;
        }
        return onDisk && missing;
      },
    },
    {
      id: 'W-same-address',
      reached: (s) => {
        for (let w = 0; w < s[NWRITES]; w++)
          for (let v = 0; v < w; v++) if (s[W_ADDR + v] === s[W_ADDR + w] && applied(s, v) && applied(s, w)) return true;
        return false;
      },
    },
    {
      id: 'W-rds-order',
      reached: (s) => {
        for (let a = 0; a < NSLOT; a++)
          for (let b = 0; b < a; b++)
            if (
              s[APPLIED + a] > 0 &&
              s[APPLIED + b] > 0 &&
              s[SLOT_TS + a] !== s[SLOT_TS + b] &&
              streamRds[streamOfSlot(a)] === streamRds[streamOfSlot(b)]
            )
              return true;
        return false;
      },
    },
    { id: 'W-dup-after-apply', reached: (s) => anySlot(s, dupInFlight) },
    {
      id: 'W-failover-loss',
      reached: (s) => {
        if (s[SITE_ST] !== SITE_FAILED_OVER) return false;
        let kept = false;
        let lost = false;
        for (let w = 0; w < s[NWRITES]; w++) {
          if (applied(s, w)) kept = true;
          else lost = true;
        }
        return kept && lost;
      },
    },
    { id: 'W-limit-raised', reached: (s) => s[LIMIT] > NEG_INF && anySlot(s, appliedBelowLimit) },
    { id: 'W-ack', reached: (s) => anySlot(s, ackInFlight) },
    {
      id: 'W-local-destage',
      reached: (s) => {
        for (let w = 0; w < s[NWRITES]; w++) if (s[W_STATUS + w] === W_LOCAL) return true;
        return false;
      },
    },
    {
      id: 'W-stream-order',
      reached: (s) => {
        for (let st = 0; st < S; st++) {
          let writes = 0;
          for (let k = 0; k < s[COUNTER + st]; k++) if (s[SLOT_WRITE + st * Q + k] >= 0) writes++;
          if (writes >= 2) return true;
        }
        return false;
      },
    },
  ];

  const eventually: Model['eventually'] = [
    {
      id: 'P-3',
      converged: (s) => {
        if (s[SITE_ST] === SITE_FAILED_OVER) return true;
        if (s[SITE_ST] !== SITE_MIRRORING) return false;
        image.fill(0);
        for (let w = 0; w < s[NWRITES]; w++) image[s[W_ADDR + w]] = w + 1;
        for (let a = 0; a < AN; a++) if (s[DISK + a] !== image[a]) return false;
        return !anySlot(s, isCached);
      },
    },
    {
      id: 'P-5',
      converged: (s) => {
        if (s[SITE_ST] !== SITE_MIRRORING) return true;
        image.fill(0);
        for (let w = 0; w < s[NWRITES]; w++) {
          if (s[W_STATUS + w] !== W_LOCAL) return false;
          image[s[W_ADDR + w]] = w + 1;
        }
        for (let a = 0; a < AN; a++) if (s[LOCAL_DISK + a] !== image[a]) return false;
        return true;
      },
    },
  ];

  // Every action type contributes at most its argument range.
  const maxActions = 6 * NSLOT + 6 * LN + 6 * RN + 2 * S + W + AN + 8;

  return {
    stateSize: SIZE,
    maxActions,
    init: () => [initial()],
    actions,
    next,
    fair,
    fault,
    machines: [
      { table: DS, offsets: [...range(LDS_ST, LN), ...range(RDS_ST, RN)] },
      { table: LINK, offsets: range(LINK_ST, LN) },
      { table: SITE, offsets: [SITE_ST] },
    ],
    actionToJson,
    actionFromJson,
    view,
    always,
    step: step_,
    sometimes,
    eventually,
  };
}
