// The `pair-management` model (seed 003): a disk subsystem with volume information (attribute, pair
// flag or in-use flag, and in Emb. 3 the physical areas behind each logical block), pair information
// (sub-volume, copy pointer, pair state, differences since the split), hosts that can access, mount,
// write and unmount volumes, and the managing computer that guards every request that overwrites a
// volume (a create, a resync, an attribute change into the pool) with the configured policy.
//
// Values are write tags: 32 + a is physical area a's content at the start, n >= 1 is host write n
// (to a primary or to a mounted volume), so every value says where it came from. The state is an
// Int32Array laid out once per configuration; lifecycles move only through tables derived from
// models/pair-management.ts.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout, memberCount, nextFrom } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step, type MachineTable } from '../../engine/machine-table.js';
import { hostMountMachine, orchestrationMachine, pairManagementPairMachine, volumeFlagsMachine, volumeInUseMachine } from '../../../models/pair-management.js';
import type { PairManagementConfig, Policy, Rules } from './config.js';

export const PAIR = deriveTable(pairManagementPairMachine);
export const FLAGS = deriveTable(volumeFlagsMachine);
export const INUSE = deriveTable(volumeInUseMachine);
export const MOUNT = deriveTable(hostMountMachine);
export const ORCH = deriveTable(orchestrationMachine);

// Action types; a code is type << 12 | a << 8 | b << 4 | c.
export const T = {
  CREATE: 0, // (pair, destination or NONE, condition); Emb. 2: (host, pair, destination)
  REPORT: 1, // (host): Emb. 2 secondary-volume report (S1700)
  REPLY: 2, // (host) answers the mount inquiry
  SILENT: 3, // (host) never answers: UNKNOWN (F18)
  DECIDE: 4, // every host has answered: clear, or warn
  CONFIRM: 5,
  CANCEL: 6,
  PROCEED: 7, // WARN_ONLY: the manager goes on after the warning
  EXECUTE: 8, // the storage performs the request
  COPY: 9, // (pair): one block of the formation or difference copy
  APPLY: 10, // (pair): remote, the secondary storage stores the oldest write in flight
  DONE: 11, // (pair): the copy is complete
  SPLIT: 12, // (pair)
  RESYNC: 13, // (pair): the operator asks for split -> pair
  RELEASE: 14, // (pair, destination named, post-release attribute 0 SECONDARY / 1 NORMAL)
  STATUS: 15, // (pair): pair status report (【0087】)
  RETYPE: 16, // (volume, 0 NORMAL / 1 SECONDARY)
  WRITE_MAIN: 17, // (pair, block)
  WRITE_VOL: 18, // (host, volume, block)
  MOUNT: 19, // (host, volume)
  MOUNT_UNREG: 20, // (host, volume): mounts without registering (C5)
  UNMOUNT: 21, // (host, volume)
} as const;
const NAMES = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())])) as Record<number, string>;
export const code = (type: number, a = 0, b = 0, c = 0): number => (type << 12) | (a << 8) | (b << 4) | c;
export const actionType = (c: number): number => c >> 12;
export const argA = (c: number): number => (c >> 8) & 15;
export const argB = (c: number): number => (c >> 4) & 15;
export const argC = (c: number): number => c & 15;
/** The destination parameter of a create that finds no candidate (S703). */
export const NO_VOLUME = 15;

const UNFAIR = new Set<number>([T.CREATE, T.REPORT, T.SILENT, T.CONFIRM, T.CANCEL, T.SPLIT, T.RESYNC, T.RELEASE, T.STATUS, T.RETYPE, T.WRITE_MAIN, T.WRITE_VOL, T.MOUNT, T.MOUNT_UNREG, T.UNMOUNT]);
const FAULTS = new Set<number>([T.SILENT, T.MOUNT_UNREG]);

/** Request kinds in the operator's log. */
export const KIND = { CREATE: 1, RESYNC: 2, RETYPE: 3 } as const;
/** How a request ended, as the operator saw it. */
export const END = { EXECUTED: 1, CANCELLED: 2, REFUSED: 3, REJECTED: 4 } as const;
/** What a request's copy did to its destination (the classification of the guarantee matrix). */
export const HIT = { MOUNTED: 1, HOST_DATA: 2 } as const;
/** A destination's history when it was requested. */
export const HIST = { RETYPED: 1, RELEASED: 2 } as const;

// Sticky markers of events a witness needs and the state does not otherwise show.
export const SEEN = {
  SPLIT_REFUSED: 1,
  RELEASE_REFUSED: 2, // state (F8) or no such pair (F9)
  CREATE_REJECTED: 4, // no candidate (F1-F3, F5)
  MOUNT_REFUSED: 8, // the fence
  RETYPE_REFUSED: 16, // paired (F6)
  REVALIDATE_REJECTED: 32, // Emb. 2 pick no longer usable (F10, F11)
  TRIM: 64,
  EXTEND: 128,
  LARGER: 256, // a larger destination selected (no equal one)
  SAME_REFUSED: 512, // SAME_CAPACITY with only larger candidates (F1)
  STATUS_NONE: 1024, // status of a primary with no pair (F21)
  SELF_CANDIDATE: 2048, // a create whose primary was itself a free pool volume of its capacity (C8)
  SPLIT_DROPPED: 4096, // remote: writes in flight at the split became differences
  QUEUE_2: 8192, // remote: two writes in flight at once
  WRONG_RELEASE: 16384, // a release named a destination that is not the pair's
  STALE_PICK: 32768, // Emb. 2: a host's list names a volume another host has since taken
  RETYPE_NORMAL_POOL: 65536, // Emb. 2: the operator took an unused volume out of the pool
} as const;

export interface Fields {
  VST: number;
  MAP: number;
  AREA: number;
  UNALLOC: number;
  REG: number;
  PST: number;
  SUB: number;
  PTR: number;
  DIFF: number;
  PREQ: number;
  QLEN: number;
  Q: number;
  MNT: number;
  LIST: number;
  VIEW_SUB: number;
  VIEW_ST: number;
  ORC: number;
  RQ_KIND: number;
  RQ_P: number;
  RQ_VOL: number;
  RQ_PEND: number;
  RQ_SAID: number;
  RQ_IDX: number;
  CREATES: number;
  SPLITS: number;
  RESYNCS: number;
  RELEASES: number;
  RETYPES: number;
  MW: number;
  HW: number;
  TAGS: number;
  FAULTS: number;
  SEEN: number;
  // ghost: what hosts and the operator observed
  G_WVOL: number;
  G_WBLK: number;
  G_RN: number;
  G_RKIND: number;
  G_RVOL: number;
  G_RMNT: number;
  G_RUNREG: number;
  G_RHIST: number;
  G_RSAID: number;
  G_RSILENT: number;
  G_RWARN: number;
  G_RWHO: number;
  G_RCONF: number;
  G_REND: number;
  G_RHIT: number;
  G_RFENCED: number;
  G_ATTR: number;
  G_HIST: number;
  G_FROZEN: number;
  G_FROZ: number;
  G_HW: number;
}

export interface PairManagementModel extends Model {
  readonly k: {
    V: number;
    MC: number;
    A: number;
    PR: number;
    H: number;
    W: number;
    R: number;
    f: Fields;
    cfg: PairManagementConfig;
    rules: Rules;
    guard: Policy;
    main: number[];
    access: number[];
    VT: MachineTable;
  };
  /** Block b of volume v as a host reads it; -1 beyond the volume's capacity. */
  read(s: State, v: number, b: number): number;
  cap(s: State, v: number): number;
  /** Host h has v mounted (registered or not). */
  mounted(s: State, v: number): number;
  /** Volume v is paired (Emb. 1/3: flag 203; Emb. 2: IN_USE). */
  paired(s: State, v: number): boolean;
  /** Volume v is in the free pool (SECONDARY and unpaired / UNUSED). */
  inPool(s: State, v: number): boolean;
  /** The attribute of v: 0 NORMAL, 1 SECONDARY. */
  attr(s: State, v: number): number;
  /** The content of primary v after host writes 1..k (the ghost write log over its start content). */
  image(s0: State, s: State, v: number, k: number, b: number): number;
  readonly start: State;
}

export function buildModel(cfg: PairManagementConfig, rules: Rules): PairManagementModel {
  const emb = cfg.embodiment;
  const V = cfg.volumes.length;
  const MC = Math.max(...cfg.volumes.map((v) => v.cap));
  const PR = cfg.primaries.length;
  const H = cfg.hosts.length;
  const W = cfg.mainWrites + cfg.hostWrites;
  const R = cfg.creates + cfg.resyncs + cfg.retypes;
  const A = cfg.volumes.reduce((a, v) => a + v.cap, 0) + cfg.spareAreas;
  const QMAX = Math.max(1, cfg.mainWrites);
  const guard: Policy = rules.guard ?? cfg.policy;
  const inquiry = guard === 'WARN_ONLY' || guard === 'WARN_AND_CONFIRM';
  const fenced = rules.fence && guard !== 'NONE';
  if (V > 14 || H > 4 || PR > 4 || A > 30 || MC > 15 || W > 30) throw new Error('pair-management: at most 14 volumes, 4 hosts, 4 pairs, 30 areas and 30 writes');
  const main = cfg.primaries;
  // access[v]: mask of the hosts that can access volume v (the hosts a mount inquiry goes to).
  const access = Array.from({ length: V }, (_, v) => cfg.hosts.reduce((m, vols, h) => (vols.includes(v) ? m | (1 << h) : m), 0));
  const isMain = Array.from({ length: V }, (_, v) => main.includes(v));
  const VT = emb === 'E2' ? INUSE : FLAGS;

  const P_ = (n: string): number => stateIndex(PAIR, n);
  const PS = {
    simplex: P_('simplex'),
    newCheck: P_('newCheck'),
    newWarned: P_('newWarned'),
    initialCopy: P_('initialCopy'),
    pair: P_('pair'),
    split: P_('split'),
    resyncCheck: P_('resyncCheck'),
    resyncWarned: P_('resyncWarned'),
    resync: P_('resync'),
  };
  const PE = (n: string): number => eventIndex(PAIR, n);
  const PEV = {
    CREATE_PAIR: PE('CREATE_PAIR'),
    CREATE_REQUEST: PE('CREATE_REQUEST'),
    WARN: PE('WARN'),
    START_COPY: PE('START_COPY'),
    CANCEL: PE('CANCEL'),
    INITIAL_COPY_DONE: PE('INITIAL_COPY_DONE'),
    SPLIT: PE('SPLIT'),
    RESYNC: PE('RESYNC'),
    RESYNC_REQUEST: PE('RESYNC_REQUEST'),
    RESYNC_DONE: PE('RESYNC_DONE'),
    DELETE_PAIR: PE('DELETE_PAIR'),
  };
  const FS = { user: stateIndex(FLAGS, 'user'), userPaired: stateIndex(FLAGS, 'userPaired'), pool: stateIndex(FLAGS, 'pool'), poolPaired: stateIndex(FLAGS, 'poolPaired') };
  const FE = { RETYPE_SECONDARY: eventIndex(FLAGS, 'RETYPE_SECONDARY'), RETYPE_NORMAL: eventIndex(FLAGS, 'RETYPE_NORMAL'), PAIR: eventIndex(FLAGS, 'PAIR'), UNPAIR: eventIndex(FLAGS, 'UNPAIR'), UNPAIR_NORMAL: eventIndex(FLAGS, 'UNPAIR_NORMAL') };
  const US = { normal: stateIndex(INUSE, 'normal'), unused: stateIndex(INUSE, 'unused'), inUse: stateIndex(INUSE, 'inUse') };
  const UE = { RETYPE_SECONDARY: eventIndex(INUSE, 'RETYPE_SECONDARY'), RETYPE_NORMAL: eventIndex(INUSE, 'RETYPE_NORMAL'), SELECT: eventIndex(INUSE, 'SELECT'), RELEASE: eventIndex(INUSE, 'RELEASE') };
  const MS = { unmounted: stateIndex(MOUNT, 'unmounted'), mounted: stateIndex(MOUNT, 'mounted'), mountedUnregistered: stateIndex(MOUNT, 'mountedUnregistered') };
  const ME = { MOUNT: eventIndex(MOUNT, 'MOUNT'), MOUNT_UNREGISTERED: eventIndex(MOUNT, 'MOUNT_UNREGISTERED'), UNMOUNT: eventIndex(MOUNT, 'UNMOUNT') };
  const OS = { idle: stateIndex(ORCH, 'idle'), registryCheck: stateIndex(ORCH, 'registryCheck'), inquiring: stateIndex(ORCH, 'inquiring'), warning: stateIndex(ORCH, 'warning'), executing: stateIndex(ORCH, 'executing'), confirmed: stateIndex(ORCH, 'confirmed') };
  const OE = (n: string): number => eventIndex(ORCH, n);
  const OEV = { SUBMIT: OE('SUBMIT'), CHECK_REGISTRY: OE('CHECK_REGISTRY'), REFUSED: OE('REFUSED'), REQUEST: OE('REQUEST'), CLEAR: OE('CLEAR'), MOUNTED: OE('MOUNTED'), PROCEED: OE('PROCEED'), CONFIRM: OE('CONFIRM'), CANCEL: OE('CANCEL'), DONE: OE('DONE') };

  const layout = createLayout();
  const fd = layout.field;
  const f: Fields = {
    VST: fd(V), // volume information: volumeFlags (Emb. 1, 3, remote) or volumeInUse (Emb. 2) state
    MAP: fd(V * MC), // logical block -> physical area (【0141】), -1 beyond the capacity
    AREA: fd(A), // physical area contents
    UNALLOC: fd(), // unallocated area information 1902, as a mask
    REG: fd(V), // the storage's mount registry (hosts that registered a mount), read by STORAGE_FLAGS
    PST: fd(PR), // pair information 109 per primary: state ...
    SUB: fd(PR), // ... secondary volume number, -1 none
    PTR: fd(PR), // ... copy pointer in blocks (【0038】)
    DIFF: fd(PR), // ... blocks changed since the split, on either side, as a mask
    PREQ: fd(PR), // the request (log index) whose copy is running, -1 none
    QLEN: fd(PR), // remote: writes in flight to the secondary storage ...
    Q: fd(PR * QMAX), // ... oldest first, block << 8 | value
    MNT: fd(H * V), // hostMount state per (host, volume)
    LIST: fd(H), // Emb. 2: the host's last secondary-volume report (mask), 0 none
    VIEW_SUB: fd(PR), // the host's view from its last status report: sub-volume (-1 none) ...
    VIEW_ST: fd(PR), // ... and pair state
    ORC: fd(), // orchestration state of the managing computer
    RQ_KIND: fd(),
    RQ_P: fd(),
    RQ_VOL: fd(),
    RQ_PEND: fd(), // hosts not yet answered
    RQ_SAID: fd(), // hosts that answered mounted or UNKNOWN
    RQ_IDX: fd(),
    CREATES: fd(),
    SPLITS: fd(),
    RESYNCS: fd(),
    RELEASES: fd(),
    RETYPES: fd(),
    MW: fd(),
    HW: fd(),
    TAGS: fd(),
    FAULTS: fd(),
    SEEN: fd(),
    G_WVOL: fd(W + 1), // host write t: the volume ...
    G_WBLK: fd(W + 1), // ... and block it wrote
    G_RN: fd(), // requests the operator made
    G_RKIND: fd(R), // per request: kind ...
    G_RVOL: fd(R), // ... the volume it overwrites + 1 ...
    G_RMNT: fd(R), // ... hosts that had that volume mounted when it was made ...
    G_RUNREG: fd(R), // ... of which without registering ...
    G_RHIST: fd(R), // ... the volume's history then (HIST) ...
    G_RSAID: fd(R), // ... hosts that answered "mounted" ...
    G_RSILENT: fd(R), // ... hosts that never answered ...
    G_RWARN: fd(R), // ... 1 once the UI warned ...
    G_RWHO: fd(R), // ... the hosts the warning named ...
    G_RCONF: fd(R), // ... 1 once the operator confirmed ...
    G_REND: fd(R), // ... how it ended (END) ...
    G_RHIT: fd(R), // ... what its copy did to the volume (HIT) ...
    G_RFENCED: fd(R), // ... 1 when a host's mount of the volume was refused while it ran
    G_ATTR: fd(V), // the attribute the operator was last told a volume has: 1 NORMAL, 2 SECONDARY
    G_HIST: fd(V), // HIST bits: re-typed from NORMAL, released as a sub
    G_FROZEN: fd(PR * MC), // the replica a split promised: the primary (local) or the sub (remote) at the split
    G_FROZ: fd(PR), // splits so far
    G_HW: fd(V * MC), // the last host write to a block of a volume that is not a primary
  };
  const SIZE = layout.size;

  // ---- reading the state ----
  const cap = (s: State, v: number): number => {
    let n = 0;
    while (n < MC && s[f.MAP + v * MC + n] >= 0) n++;
    return n;
  };
  const read = (s: State, v: number, b: number): number => {
    if (b >= MC) return -1;
    const a = s[f.MAP + v * MC + b];
    return a < 0 ? -1 : s[f.AREA + a];
  };
  const write = (out: State, v: number, b: number, x: number): void => {
    const a = out[f.MAP + v * MC + b];
    if (a >= 0) out[f.AREA + a] = x;
  };
  const mounted = (s: State, v: number): number => {
    let m = 0;
    for (let h = 0; h < H; h++) if (s[f.MNT + h * V + v] !== MS.unmounted) m |= 1 << h;
    return m;
  };
  const unregistered = (s: State, v: number): number => {
    let m = 0;
    for (let h = 0; h < H; h++) if (s[f.MNT + h * V + v] === MS.mountedUnregistered) m |= 1 << h;
    return m;
  };
  const paired = (s: State, v: number): boolean => (emb === 'E2' ? s[f.VST + v] === US.inUse : s[f.VST + v] === FS.userPaired || s[f.VST + v] === FS.poolPaired);
  const inPool = (s: State, v: number): boolean => (emb === 'E2' ? s[f.VST + v] === US.unused : s[f.VST + v] === FS.pool);
  const attr = (s: State, v: number): number => (emb === 'E2' ? (s[f.VST + v] === US.normal ? 0 : 1) : s[f.VST + v] === FS.pool || s[f.VST + v] === FS.poolPaired ? 1 : 0);
  /** The pair slot whose sub-volume is v, or -1. */
  const subOf = (s: State, v: number): number => {
    for (let p = 0; p < PR; p++) if (s[f.SUB + p] === v) return p;
    return -1;
  };
  const copying = (st: number): boolean => st === PS.initialCopy || st === PS.resync;
  const splitLike = (st: number): boolean => st === PS.split || st === PS.resyncCheck || st === PS.resyncWarned;
  const go = (t: MachineTable, out: State, at: number, ev: number): void => {
    const to = step(t, out[at], ev);
    if (to < 0) throw new Error(`${t.id}: ${t.states[out[at]]} does not accept ${t.events[ev]}`);
    out[at] = to;
  };
  const seen = (out: State, bit: number): void => {
    out[f.SEEN] |= bit;
  };
  const image = (s0: State, s: State, v: number, k: number, b: number): number => {
    for (let t = k; t >= 1; t--) if (s[f.G_WVOL + t] === v + 1 && s[f.G_WBLK + t] === b) return t;
    return read(s0, v, b);
  };

  // ---- selection (S700-S705, S2200-S2205) ----
  /** The candidates the subsystem may pick for pair p under condition `same`, as a mask; SEEN bits to set in `why`. */
  const why = { larger: false, sameRefused: false, self: false };
  function candidates(s: State, p: number, same: boolean): number {
    const m = main[p];
    const c = cap(s, m);
    why.larger = false;
    why.sameRefused = false;
    why.self = inPool(s, m) && cap(s, m) === c;
    const ok = (v: number): boolean => inPool(s, v) && (v !== m || !rules.excludePrimary);
    let eq = 0;
    let gt = 0;
    let lt = 0;
    for (let v = 0; v < V; v++) {
      if (!ok(v)) continue;
      const cv = cap(s, v);
      if (cv === c) eq |= 1 << v;
      else if (cv > c) gt |= 1 << v;
      else lt |= 1 << v;
    }
    if (eq) return eq; // S700 / S2200: equal capacity first (【0067】【0148】)
    if (emb === 'E3') {
      if (gt) return (why.larger = true), gt; // S2203: trimmed to fit
      // S2202: extended from the unallocated areas; only if there are enough of them (F4).
      let fit = 0;
      const spare = memberCount(s[f.UNALLOC]);
      for (let v = 0; v < V; v++) if (lt & (1 << v) && c - cap(s, v) <= spare) fit |= 1 << v;
      return fit;
    }
    if (same) {
      if (gt) why.sameRefused = true;
      return rules.neverSmaller ? 0 : lt; // S701 -> S703 (【0070】【0071】)
    }
    if (gt) return (why.larger = true), gt; // S702 (【0072】)
    return rules.neverSmaller ? 0 : lt; // never smaller (JP-cl.2/3); the C12 variant takes one
  }

  // ---- the request guard (§5.6) ----
  const logRequest = (out: State, kind: number, v: number): number => {
    const r = out[f.G_RN]++;
    out[f.G_RKIND + r] = kind;
    out[f.G_RVOL + r] = v + 1;
    out[f.G_RMNT + r] = mounted(out, v);
    out[f.G_RUNREG + r] = unregistered(out, v);
    out[f.G_RHIST + r] = out[f.G_HIST + v];
    return r;
  };
  /** Opens a request: the managing computer's guard starts (§5.6). */
  function openRequest(out: State, kind: number, p: number, v: number): void {
    const r = logRequest(out, kind, v);
    out[f.RQ_KIND] = kind;
    out[f.RQ_P] = p;
    out[f.RQ_VOL] = v;
    out[f.RQ_IDX] = r;
    out[f.RQ_SAID] = 0;
    out[f.RQ_PEND] = 0;
    if (guard === 'NONE') go(ORCH, out, f.ORC, OEV.SUBMIT);
    else if (guard === 'STORAGE_FLAGS') go(ORCH, out, f.ORC, OEV.CHECK_REGISTRY);
    else if (asks(kind)) {
      go(ORCH, out, f.ORC, OEV.REQUEST);
      // N-cl.1-10: every host that can access the volume is asked (N-P3).
      out[f.RQ_PEND] = access[v];
    } else go(ORCH, out, f.ORC, OEV.SUBMIT);
  }
  const clearRequest = (out: State): void => {
    out[f.RQ_KIND] = 0;
    out[f.RQ_P] = -1;
    out[f.RQ_VOL] = -1;
    out[f.RQ_IDX] = -1;
    out[f.RQ_PEND] = 0;
    out[f.RQ_SAID] = 0;
  };
  const usesPairCheck = (kind: number): boolean => inquiry && (kind === KIND.CREATE ? rules.createInquiry : kind === KIND.RESYNC);
  /** Whether this request goes through the hosts' answers (the inquiry policies, minus a variant's omission). */
  const asks = (kind: number): boolean => inquiry && (kind === KIND.CREATE ? rules.createInquiry : kind === KIND.RETYPE ? rules.retypeInquiry : true);

  // ---- the selected destination: flags at selection (S704), undone by a cancel ----
  function flagPair(out: State, p: number, v: number): void {
    const m = main[p];
    if (emb === 'E2') {
      if (out[f.VST + v] === US.unused) go(INUSE, out, f.VST + v, UE.SELECT);
    } else {
      if (!paired(out, v)) go(FLAGS, out, f.VST + v, FE.PAIR);
      if (!paired(out, m) && m !== v) go(FLAGS, out, f.VST + m, FE.PAIR);
    }
  }
  function unflagPair(out: State, p: number, v: number, normal: boolean): void {
    const m = main[p];
    if (emb === 'E2') {
      if (out[f.VST + v] === US.inUse) go(INUSE, out, f.VST + v, UE.RELEASE);
      return;
    }
    if (paired(out, v)) go(FLAGS, out, f.VST + v, normal && out[f.VST + v] === FS.poolPaired ? FE.UNPAIR_NORMAL : FE.UNPAIR);
    if (m !== v && paired(out, m)) go(FLAGS, out, f.VST + m, FE.UNPAIR);
  }
  function dropPair(out: State, p: number): void {
    out[f.SUB + p] = -1;
    out[f.PTR + p] = 0;
    out[f.DIFF + p] = 0;
    out[f.PREQ + p] = -1;
    out[f.QLEN + p] = 0;
    for (let i = 0; i < QMAX; i++) out[f.Q + p * QMAX + i] = 0;
  }

  /** Emb. 3 (S2202, S2203): trim the tail areas beyond the primary's capacity, or extend from the unallocated ones. */
  function fit(out: State, v: number, c: number): void {
    const have = cap(out, v);
    for (let b = c; b < have; b++) {
      const a = out[f.MAP + v * MC + b];
      out[f.UNALLOC] |= 1 << a;
      out[f.MAP + v * MC + b] = -1;
      seen(out, SEEN.TRIM);
    }
    for (let b = have; b < c; b++) {
      let a = 0;
      while (!(out[f.UNALLOC] & (1 << a))) a++;
      out[f.UNALLOC] &= ~(1 << a);
      out[f.MAP + v * MC + b] = a;
      seen(out, SEEN.EXTEND);
    }
  }

  /** Marks what a copy write to block b of v does to what hosts see (the matrix classification). */
  function hit(prev: State, out: State, p: number, v: number, b: number, x: number): void {
    const r = out[f.PREQ + p];
    const old = read(prev, v, b);
    if (r < 0 || old === x) return;
    if (mounted(prev, v)) out[f.G_RHIT + r] |= HIT.MOUNTED;
    else if (old === prev[f.G_HW + v * MC + b] && old > 0) out[f.G_RHIT + r] |= HIT.HOST_DATA;
  }

  function initial(): State {
    const s = new Int32Array(SIZE);
    let a = 0;
    s.fill(-1, f.MAP, f.MAP + V * MC);
    for (let v = 0; v < V; v++) {
      for (let b = 0; b < cfg.volumes[v].cap; b++) {
        s[f.MAP + v * MC + b] = a;
        s[f.AREA + a] = 32 + a;
        a++;
      }
      const sec = cfg.volumes[v].attr === 'SECONDARY';
      s[f.VST + v] = emb === 'E2' ? (sec ? US.unused : US.normal) : sec ? FS.pool : FS.user;
      s[f.G_ATTR + v] = sec ? 2 : 1;
    }
    for (; a < A; a++) {
      s[f.AREA + a] = 32 + a;
      s[f.UNALLOC] |= 1 << a;
    }
    for (let p = 0; p < PR; p++) {
      s[f.PST + p] = PS.simplex;
      s[f.SUB + p] = -1;
      s[f.PREQ + p] = -1;
      s[f.VIEW_SUB + p] = -1;
      s[f.VIEW_ST + p] = -1;
      const st = cfg.start[p];
      if (!st) continue;
      const m = main[p];
      const v = st.sub;
      s[f.SUB + p] = v;
      s[f.PTR + p] = cap(s, m);
      s[f.PST + p] = st.state === 'pair' ? PS.pair : PS.split;
      for (let b = 0; b < cap(s, m); b++) write(s, v, b, read(s, m, b));
      flagPair(s, p, v);
      if (st.state === 'split') {
        s[f.G_FROZ + p] = 1;
        for (let b = 0; b < MC; b++) s[f.G_FROZEN + p * MC + b] = read(s, m, b);
      }
    }
    s[f.ORC] = OS.idle;
    clearRequest(s);
    return s;
  }

  const canFault = (s: State): boolean => s[f.FAULTS] < 1;
  const mayMount = (s: State, v: number): boolean => {
    // The fence: a destination being checked, copied or mirrored is not the host's to mount.
    if (!fenced) return true;
    if (s[f.ORC] !== OS.idle && s[f.RQ_VOL] === v) return false;
    const p = subOf(s, v);
    return p < 0 || s[f.PST + p] === PS.split || s[f.PST + p] === PS.simplex;
  };
  /** Host writes to v are accepted unless v is a sub being copied or mirrored (or a primary: WRITE_MAIN). */
  const hostMayWrite = (s: State, v: number): boolean => {
    const p = subOf(s, v);
    if (p < 0) return true;
    const st = s[f.PST + p];
    return splitLike(st) || st === PS.simplex || st === PS.newCheck || st === PS.newWarned;
  };

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const idle = s[f.ORC] === OS.idle;
    for (let p = 0; p < PR; p++) {
      const st = s[f.PST + p];
      const m = main[p];
      if (idle && st === PS.simplex && s[f.SUB + p] < 0 && s[f.CREATES] < cfg.creates) {
        if (emb === 'E2') {
          for (let h = 0; h < H; h++) for (let v = 0; v < V; v++) if (s[f.LIST + h] & (1 << v)) out[n++] = code(T.CREATE, h, p, v);
        } else {
          for (let ci = 0; ci < cfg.conditions.length; ci++) {
            const same = cfg.conditions[ci] === 'SAME_CAPACITY';
            const c = candidates(s, p, same);
            if (c === 0) out[n++] = code(T.CREATE, p, NO_VOLUME, same ? 1 : 0);
            for (let v = 0; v < V; v++) if (c & (1 << v)) out[n++] = code(T.CREATE, p, v, same ? 1 : 0);
          }
        }
      }
      if (st === PS.initialCopy && s[f.PTR + p] < cap(s, m)) out[n++] = code(T.COPY, p);
      if (st === PS.resync && s[f.DIFF + p] !== 0) out[n++] = code(T.COPY, p);
      if (emb === 'remote' && s[f.QLEN + p] > 0) out[n++] = code(T.APPLY, p);
      const drained = emb !== 'remote' || s[f.QLEN + p] === 0;
      if (drained && ((st === PS.initialCopy && s[f.PTR + p] >= cap(s, m)) || (st === PS.resync && s[f.DIFF + p] === 0))) out[n++] = code(T.DONE, p);
      if (s[f.SPLITS] < cfg.splits && (st === PS.pair || st === PS.initialCopy)) out[n++] = code(T.SPLIT, p);
      if (idle && st === PS.split && s[f.RESYNCS] < cfg.resyncs) out[n++] = code(T.RESYNC, p);
      if (s[f.RELEASES] < cfg.releases && s[f.SUB + p] >= 0 && idle) {
        const xs = emb === 'E2' ? 1 : 2;
        for (let v = 0; v < V; v++) {
          if (v === m || (v !== s[f.SUB + p] && !cfg.wrongRelease)) continue;
          for (let x = 0; x < xs; x++) out[n++] = code(T.RELEASE, p, v, x);
        }
      }
      if (cfg.statusReports) out[n++] = code(T.STATUS, p);
      if (s[f.MW] < cfg.mainWrites) for (let b = 0; b < cap(s, m); b++) out[n++] = code(T.WRITE_MAIN, p, b);
    }
    const o = s[f.ORC];
    if (o === OS.inquiring) {
      for (let h = 0; h < H; h++) {
        if (!(s[f.RQ_PEND] & (1 << h))) continue;
        out[n++] = code(T.REPLY, h);
        if (cfg.silentHosts && canFault(s)) out[n++] = code(T.SILENT, h);
      }
      if (s[f.RQ_PEND] === 0) out[n++] = code(T.DECIDE);
    }
    if (o === OS.registryCheck) out[n++] = code(T.DECIDE);
    if (o === OS.warning) {
      if (guard === 'WARN_AND_CONFIRM') out[n++] = code(T.CONFIRM), (out[n++] = code(T.CANCEL));
      else out[n++] = code(T.PROCEED);
    }
    if (o === OS.executing || o === OS.confirmed) out[n++] = code(T.EXECUTE);
    if (s[f.RETYPES] < cfg.retypes) {
      for (const v of cfg.retypeVolumes) {
        out[n++] = code(T.RETYPE, v, 0);
        if (idle) out[n++] = code(T.RETYPE, v, 1);
      }
    }
    if (emb === 'E2') for (let h = 0; h < H; h++) out[n++] = code(T.REPORT, h);
    for (let h = 0; h < H; h++) {
      for (const v of cfg.hosts[h]) {
        const ms = s[f.MNT + h * V + v];
        if (ms === MS.unmounted) {
          out[n++] = code(T.MOUNT, h, v);
          if (cfg.unregistered && canFault(s)) out[n++] = code(T.MOUNT_UNREG, h, v);
        } else {
          out[n++] = code(T.UNMOUNT, h, v);
          if (s[f.HW] < cfg.hostWrites && !isMain[v] && hostMayWrite(s, v)) for (let b = 0; b < cap(s, v); b++) out[n++] = code(T.WRITE_VOL, h, v, b);
        }
      }
    }
    return n;
  }

  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, c: number, out: State): void {
    const a = argA(c);
    const b = argB(c);
    const x = argC(c);
    switch (actionType(c)) {
      case T.CREATE: {
        out[f.CREATES]++;
        const p = emb === 'E2' ? b : a;
        const v = emb === 'E2' ? x : b;
        const m = main[p];
        if (emb !== 'E2') {
          candidates(s, p, x === 1);
          if (why.self) seen(out, SEEN.SELF_CANDIDATE);
          if (v === NO_VOLUME) {
            // S703: "no matching secondary volume" to the host; nothing changes (J-P4).
            seen(out, SEEN.CREATE_REJECTED);
            if (why.sameRefused) seen(out, SEEN.SAME_REFUSED);
            return;
          }
          if (why.larger) seen(out, SEEN.LARGER);
        } else {
          for (let h = 0; h < H; h++) if (h !== a && s[f.LIST + h] & (1 << v) && !inPool(s, v)) seen(out, SEEN.STALE_PICK);
          // The host's pick is checked again: still unused, not the primary, large enough (F10, F11).
          const usable = inPool(s, v) && v !== m && cap(s, v) >= cap(s, m);
          if (!usable) seen(out, SEEN.STALE_PICK);
          if (rules.revalidate && !usable) {
            seen(out, SEEN.REVALIDATE_REJECTED);
            return;
          }
        }
        openRequest(out, KIND.CREATE, p, v);
        // S704 / S1300: the subsystem marks the destination at once, so no other create takes it.
        out[f.SUB + p] = v;
        out[f.PTR + p] = 0;
        out[f.DIFF + p] = 0;
        flagPair(out, p, v);
        if (usesPairCheck(KIND.CREATE)) go(PAIR, out, f.PST + p, PEV.CREATE_REQUEST);
        return;
      }
      case T.REPORT: {
        // S1700: the unused secondary volumes.
        let m = 0;
        for (let v = 0; v < V; v++) if (inPool(s, v)) m |= 1 << v;
        out[f.LIST + a] = m;
        return;
      }
      case T.REPLY: {
        const v = s[f.RQ_VOL];
        out[f.RQ_PEND] &= ~(1 << a);
        if (s[f.MNT + a * V + v] !== MS.unmounted) {
          out[f.RQ_SAID] |= 1 << a;
          out[f.G_RSAID + s[f.RQ_IDX]] |= 1 << a;
        }
        return;
      }
      case T.SILENT:
        out[f.FAULTS]++;
        out[f.RQ_PEND] &= ~(1 << a);
        // F18 [INFERRED fail-safe]: an unanswered inquiry counts as mounted.
        out[f.RQ_SAID] |= 1 << a;
        out[f.G_RSILENT + s[f.RQ_IDX]] |= 1 << a;
        return;
      case T.DECIDE: {
        const r = s[f.RQ_IDX];
        const kind = s[f.RQ_KIND];
        if (s[f.ORC] === OS.registryCheck) {
          // Asahi (Pet.B.4): an error to the operator when a host registered a mount of the volume.
          if (s[f.REG + s[f.RQ_VOL]] === 0) {
            go(ORCH, out, f.ORC, OEV.CLEAR);
            return;
          }
          go(ORCH, out, f.ORC, OEV.REFUSED);
          out[f.G_REND + r] = END.REFUSED;
          if (kind === KIND.CREATE) {
            unflagPair(out, s[f.RQ_P], s[f.RQ_VOL], false);
            dropPair(out, s[f.RQ_P]);
          }
          clearRequest(out);
          return;
        }
        if (s[f.RQ_SAID] === 0) {
          go(ORCH, out, f.ORC, OEV.CLEAR);
          return;
        }
        // The warning on the managing computer's UI names the hosts (N-cl.3/10).
        go(ORCH, out, f.ORC, OEV.MOUNTED);
        out[f.G_RWARN + r] = 1;
        out[f.G_RWHO + r] = s[f.RQ_SAID];
        if (usesPairCheck(kind)) go(PAIR, out, f.PST + s[f.RQ_P], PEV.WARN);
        return;
      }
      case T.CONFIRM:
        go(ORCH, out, f.ORC, OEV.CONFIRM);
        out[f.G_RCONF + s[f.RQ_IDX]] = 1;
        return;
      case T.PROCEED:
        go(ORCH, out, f.ORC, OEV.PROCEED);
        return;
      case T.CANCEL: {
        const r = s[f.RQ_IDX];
        const p = s[f.RQ_P];
        go(ORCH, out, f.ORC, OEV.CANCEL);
        out[f.G_REND + r] = END.CANCELLED;
        if (s[f.RQ_KIND] === KIND.CREATE) {
          unflagPair(out, p, s[f.RQ_VOL], false);
          dropPair(out, p);
        }
        if (s[f.RQ_KIND] !== KIND.RETYPE && usesPairCheck(s[f.RQ_KIND])) go(PAIR, out, f.PST + p, PEV.CANCEL);
        clearRequest(out);
        return;
      }
      case T.EXECUTE: {
        const r = s[f.RQ_IDX];
        const p = s[f.RQ_P];
        const v = s[f.RQ_VOL];
        const kind = s[f.RQ_KIND];
        go(ORCH, out, f.ORC, OEV.DONE);
        out[f.G_REND + r] = END.EXECUTED;
        if (kind === KIND.RETYPE) {
          // S902 / S1501; refused if the volume was paired meanwhile (S901).
          if (paired(s, v) || attr(s, v) === 1) seen(out, SEEN.RETYPE_REFUSED);
          else {
            if (emb === 'E2') go(INUSE, out, f.VST + v, UE.RETYPE_SECONDARY);
            else go(FLAGS, out, f.VST + v, FE.RETYPE_SECONDARY);
            out[f.G_ATTR + v] = 2;
            out[f.G_HIST + v] |= HIST.RETYPED;
          }
          clearRequest(out);
          return;
        }
        out[f.PREQ + p] = r;
        if (kind === KIND.CREATE) {
          if (emb === 'E3') {
            // `s` still holds the map before the fit: no copy of it in the explorers' loop.
            fit(out, v, cap(out, main[p]));
            for (let bb = 0; bb < MC; bb++) if (s[f.MAP + v * MC + bb] !== out[f.MAP + v * MC + bb]) hit(s, out, p, v, bb, read(out, v, bb));
          }
          go(PAIR, out, f.PST + p, usesPairCheck(kind) ? PEV.START_COPY : PEV.CREATE_PAIR);
        } else go(PAIR, out, f.PST + p, usesPairCheck(kind) ? PEV.START_COPY : PEV.RESYNC);
        clearRequest(out);
        return;
      }
      case T.COPY: {
        const p = a;
        const m = main[p];
        const v = s[f.SUB + p];
        let blk: number;
        if (s[f.PST + p] === PS.initialCopy) {
          blk = s[f.PTR + p];
          out[f.PTR + p]++;
        } else {
          blk = 0;
          while (!(s[f.DIFF + p] & (1 << blk))) blk++;
          out[f.DIFF + p] &= ~(1 << blk);
        }
        const val = read(s, m, blk);
        hit(s, out, p, v, blk, val);
        if (blk < cap(s, v)) write(out, v, blk, val);
        return;
      }
      case T.APPLY: {
        const p = a;
        const head = s[f.Q + p * QMAX];
        hit(s, out, p, s[f.SUB + p], head >> 8, head & 255);
        write(out, s[f.SUB + p], head >> 8, head & 255);
        for (let i = 0; i + 1 < QMAX; i++) out[f.Q + p * QMAX + i] = s[f.Q + p * QMAX + i + 1];
        out[f.Q + p * QMAX + QMAX - 1] = 0;
        out[f.QLEN + p]--;
        return;
      }
      case T.DONE: {
        const p = a;
        go(PAIR, out, f.PST + p, s[f.PST + p] === PS.initialCopy ? PEV.INITIAL_COPY_DONE : PEV.RESYNC_DONE);
        out[f.PREQ + p] = -1;
        return;
      }
      case T.SPLIT: {
        const p = a;
        out[f.SPLITS]++;
        if (s[f.PST + p] !== PS.pair && rules.splitGuard) {
          seen(out, SEEN.SPLIT_REFUSED); // 【0044】: not in duplex pending (F7)
          return;
        }
        // The pair machine has no split from initialCopy; the C11 variant's split ends the copy there.
        if (s[f.PST + p] === PS.initialCopy) go(PAIR, out, f.PST + p, PEV.INITIAL_COPY_DONE);
        go(PAIR, out, f.PST + p, PEV.SPLIT);
        out[f.PREQ + p] = -1;
        const m = main[p];
        const v = s[f.SUB + p];
        // Remote (N-cl.5): the secondary storage suspends; writes still in flight become differences.
        for (let i = 0; i < s[f.QLEN + p]; i++) {
          out[f.DIFF + p] |= 1 << (s[f.Q + p * QMAX + i] >> 8);
          out[f.Q + p * QMAX + i] = 0;
          seen(out, SEEN.SPLIT_DROPPED);
        }
        out[f.QLEN + p] = 0;
        out[f.G_FROZ + p]++;
        for (let bb = 0; bb < MC; bb++) out[f.G_FROZEN + p * MC + bb] = emb === 'remote' ? read(out, v, bb) : read(s, m, bb);
        return;
      }
      case T.RESYNC: {
        const p = a;
        out[f.RESYNCS]++;
        openRequest(out, KIND.RESYNC, p, s[f.SUB + p]);
        if (usesPairCheck(KIND.RESYNC)) go(PAIR, out, f.PST + p, PEV.RESYNC_REQUEST);
        return;
      }
      case T.RELEASE: {
        const p = a;
        const v = b;
        const normal = x === 1;
        out[f.RELEASES]++;
        const st = s[f.PST + p];
        const match = s[f.SUB + p] === v;
        if (!match) seen(out, SEEN.WRONG_RELEASE);
        const stateOk = st === PS.pair || st === PS.split || (!rules.strictRelease && st === PS.initialCopy);
        if (!match && !rules.releaseMatch) {
          // C14: S802 as written sets the named volume's flag without finding its pair.
          if (emb !== 'E2' && out[f.VST + v] === FS.poolPaired) go(FLAGS, out, f.VST + v, normal ? FE.UNPAIR_NORMAL : FE.UNPAIR);
          if (emb === 'E2' && out[f.VST + v] === US.inUse) go(INUSE, out, f.VST + v, UE.RELEASE);
          return;
        }
        if (!match || !stateOk) {
          seen(out, SEEN.RELEASE_REFUSED);
          return;
        }
        // C10 variant: the release in duplex pending ends the formation copy where it stands.
        if (st === PS.initialCopy) go(PAIR, out, f.PST + p, PEV.INITIAL_COPY_DONE);
        go(PAIR, out, f.PST + p, PEV.DELETE_PAIR);
        unflagPair(out, p, v, normal);
        dropPair(out, p);
        out[f.G_ATTR + v] = normal && emb !== 'E2' ? 1 : 2;
        out[f.G_HIST + v] |= HIST.RELEASED;
        return;
      }
      case T.STATUS: {
        const p = a;
        // S1000 (【0087】); no entry: "no pair" (F21).
        out[f.VIEW_SUB + p] = s[f.SUB + p];
        out[f.VIEW_ST + p] = s[f.PST + p];
        if (s[f.SUB + p] < 0) seen(out, SEEN.STATUS_NONE);
        return;
      }
      case T.RETYPE: {
        const v = a;
        out[f.RETYPES]++;
        if (b === 0) {
          // To NORMAL: takes a volume out of the pool, overwrites nothing; refused while paired (S901, S1504).
          if (paired(s, v)) {
            seen(out, SEEN.RETYPE_REFUSED);
            return;
          }
          out[f.G_ATTR + v] = 1;
          if (!inPool(s, v)) return;
          if (emb === 'E2') {
            seen(out, SEEN.RETYPE_NORMAL_POOL);
            // 【0125】 literally sets SECONDARY / UNUSED again: the volume stays in the pool (C17).
            if (rules.consistentRetype) go(INUSE, out, f.VST + v, UE.RETYPE_NORMAL);
          } else go(FLAGS, out, f.VST + v, FE.RETYPE_NORMAL);
          return;
        }
        if (paired(s, v)) {
          seen(out, SEEN.RETYPE_REFUSED);
          return;
        }
        if (attr(s, v) === 1) {
          out[f.G_ATTR + v] = 2; // already SECONDARY: nothing to overwrite, nothing to ask
          return;
        }
        // Into the pool: the next create may overwrite it, so the same guard runs (I-17).
        openRequest(out, KIND.RETYPE, -1, v);
        return;
      }
      case T.WRITE_MAIN: {
        const p = a;
        const m = main[p];
        const t = ++out[f.TAGS];
        out[f.MW]++;
        out[f.G_WVOL + t] = m + 1;
        out[f.G_WBLK + t] = b;
        write(out, m, b, t);
        const st = s[f.PST + p];
        const v = s[f.SUB + p];
        if (st === PS.pair || (st === PS.initialCopy && b < s[f.PTR + p])) {
          // The update copy (【0006】; N-cl.5: storage 1 sends it to storage 2).
          if (emb === 'remote') {
            const q = out[f.QLEN + p]++;
            out[f.Q + p * QMAX + q] = (b << 8) | t;
            if (q >= 1) seen(out, SEEN.QUEUE_2);
          } else {
            hit(s, out, p, v, b, t);
            write(out, v, b, t);
          }
        } else if (splitLike(st) || st === PS.resync) out[f.DIFF + p] |= 1 << b;
        return;
      }
      case T.WRITE_VOL: {
        const v = b;
        const t = ++out[f.TAGS];
        out[f.HW]++;
        out[f.G_WVOL + t] = v + 1;
        out[f.G_WBLK + t] = x;
        out[f.G_HW + v * MC + x] = t;
        write(out, v, x, t);
        const p = subOf(s, v);
        if (p >= 0 && splitLike(s[f.PST + p]) && rules.subSideDiff) out[f.DIFF + p] |= 1 << x;
        return;
      }
      case T.MOUNT:
      case T.MOUNT_UNREG: {
        const h = a;
        const v = b;
        const unreg = actionType(c) === T.MOUNT_UNREG;
        if (unreg) out[f.FAULTS]++;
        // STORAGE_FLAGS: a host that skips the registry is not fenced by it (C5).
        if (!mayMount(s, v) && !(unreg && guard === 'STORAGE_FLAGS')) {
          seen(out, SEEN.MOUNT_REFUSED);
          if (s[f.ORC] !== OS.idle && s[f.RQ_VOL] === v) out[f.G_RFENCED + s[f.RQ_IDX]] = 1;
          else {
            const p = subOf(s, v);
            if (p >= 0 && s[f.PREQ + p] >= 0) out[f.G_RFENCED + s[f.PREQ + p]] = 1;
          }
          return;
        }
        go(MOUNT, out, f.MNT + h * V + v, unreg ? ME.MOUNT_UNREGISTERED : ME.MOUNT);
        if (!unreg) out[f.REG + v] |= 1 << h;
        return;
      }
      case T.UNMOUNT:
        go(MOUNT, out, f.MNT + a * V + b, ME.UNMOUNT);
        out[f.REG + b] &= ~(1 << a);
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  // ---- actions as JSON ----
  const TYPES = Object.fromEntries(Object.entries(NAMES).map(([v, k]) => [k, Number(v)])) as Record<string, number>;
  const PARAMS: Record<number, string[]> = {
    [T.CREATE]: emb === 'E2' ? ['host', 'pair', 'volume'] : ['pair', 'volume', 'sameCapacity'],
    [T.REPORT]: ['host'],
    [T.REPLY]: ['host'],
    [T.SILENT]: ['host'],
    [T.COPY]: ['pair'],
    [T.APPLY]: ['pair'],
    [T.DONE]: ['pair'],
    [T.SPLIT]: ['pair'],
    [T.RESYNC]: ['pair'],
    [T.RELEASE]: ['pair', 'volume', 'normal'],
    [T.STATUS]: ['pair'],
    [T.RETYPE]: ['volume', 'secondary'],
    [T.WRITE_MAIN]: ['pair', 'block'],
    [T.WRITE_VOL]: ['host', 'volume', 'block'],
    [T.MOUNT]: ['host', 'volume'],
    [T.MOUNT_UNREG]: ['host', 'volume'],
    [T.UNMOUNT]: ['host', 'volume'],
  };
  function actionToJson(_s: State, c: number): Action {
    const type = actionType(c);
    const name = NAMES[type];
    if (name === undefined) throw new Error(`unknown action code ${c}`);
    const out: Action = { type: name };
    const args = [argA(c), argB(c), argC(c)];
    (PARAMS[type] ?? []).forEach((k, i) => {
      out[k] = k === 'volume' && args[i] === NO_VOLUME ? null : args[i];
    });
    return out;
  }
  function actionFromJson(a: Action): number | undefined {
    const type = TYPES[a.type];
    if (type === undefined) return undefined;
    const args = [0, 0, 0];
    const ks = PARAMS[type] ?? [];
    for (let i = 0; i < ks.length; i++) {
      const v = a[ks[i]];
      if (v === null && ks[i] === 'volume' && type === T.CREATE) args[i] = NO_VOLUME;
      else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 15) args[i] = v;
      else return undefined;
    }
    return code(type, args[0], args[1], args[2]);
  }

  // Stryker disable all: presentation for traces and replay, not a rule of the design.
  const val = (v: number): Json => (v < 0 ? null : v >= 32 ? `a${v - 32}` : `w${v}`);
  const hosts = (m: number): Json[] => Array.from({ length: H }, (_, h) => h).filter((h) => m & (1 << h));
  function view(s: State): Record<string, Json> {
    const volumes: Json[] = [];
    for (let v = 0; v < V; v++) {
      volumes.push({
        state: VT.states[s[f.VST + v]],
        data: Array.from({ length: cap(s, v) }, (_, b) => val(read(s, v, b))),
        ...(emb === 'E3' ? { areas: Array.from({ length: cap(s, v) }, (_, b) => s[f.MAP + v * MC + b]) } : {}),
        mountedBy: hosts(mounted(s, v)),
        registry: hosts(s[f.REG + v]),
        operatorAttribute: ['-', 'NORMAL', 'SECONDARY'][s[f.G_ATTR + v]],
      });
    }
    const pairs: Json[] = [];
    for (let p = 0; p < PR; p++) {
      pairs.push({
        main: main[p],
        sub: s[f.SUB + p] < 0 ? null : s[f.SUB + p],
        state: PAIR.states[s[f.PST + p]],
        copyPointer: s[f.PTR + p],
        diff: s[f.DIFF + p],
        ...(emb === 'remote' ? { inFlight: Array.from({ length: s[f.QLEN + p] }, (_, i) => `${val(s[f.Q + p * QMAX + i] & 255)}@${s[f.Q + p * QMAX + i] >> 8}`) } : {}),
        ...(cfg.statusReports ? { hostView: s[f.VIEW_ST + p] < 0 ? null : { sub: s[f.VIEW_SUB + p], state: PAIR.states[s[f.VIEW_ST + p]] } } : {}),
        splitImage: s[f.G_FROZ + p] ? Array.from({ length: MC }, (_, b) => val(s[f.G_FROZEN + p * MC + b])) : null,
      });
    }
    const requests: Json[] = [];
    for (let r = 0; r < s[f.G_RN]; r++) {
      requests.push({
        kind: ['-', 'create', 'resync', 'retype'][s[f.G_RKIND + r]],
        volume: s[f.G_RVOL + r] - 1,
        mountedAtRequest: hosts(s[f.G_RMNT + r]),
        answeredMounted: hosts(s[f.G_RSAID + r]),
        silent: hosts(s[f.G_RSILENT + r]),
        warned: s[f.G_RWARN + r] ? hosts(s[f.G_RWHO + r]) : null,
        confirmed: s[f.G_RCONF + r] === 1,
        end: ['open', 'executed', 'cancelled', 'refused', 'rejected'][s[f.G_REND + r]],
        copyHit: ['none', 'mounted', 'host data', 'mounted+host data'][s[f.G_RHIT + r]],
      });
    }
    return {
      volumes,
      ...(emb === 'E3' ? { unallocated: Array.from({ length: A }, (_, i) => i).filter((i) => s[f.UNALLOC] & (1 << i)) } : {}),
      pairs,
      manager: { state: ORCH.states[s[f.ORC]], request: s[f.RQ_IDX] < 0 ? null : s[f.RQ_IDX], pending: hosts(s[f.RQ_PEND]), said: hosts(s[f.RQ_SAID]) },
      ...(emb === 'E2' ? { hostLists: Array.from({ length: H }, (_, h) => Array.from({ length: V }, (_, v) => v).filter((v) => s[f.LIST + h] & (1 << v))) } : {}),
      ghost: { requests, writes: Array.from({ length: s[f.TAGS] }, (_, i) => `w${i + 1}: v${s[f.G_WVOL + i + 1] - 1}[${s[f.G_WBLK + i + 1]}]`) },
      seen: s[f.SEEN],
    };
  }
  // Stryker restore all

  const machines = [
    { table: PAIR, offsets: Array.from({ length: PR }, (_, p) => f.PST + p) },
    { table: VT, offsets: Array.from({ length: V }, (_, v) => f.VST + v) },
    { table: MOUNT, offsets: cfg.hosts.flatMap((vols, h) => vols.map((v) => f.MNT + h * V + v)) },
    { table: ORCH, offsets: [f.ORC] },
  ];

  const startS = initial();
  return {
    stateSize: SIZE,
    fields: f as unknown as Record<string, number>,
    maxActions: 512,
    init: () => [initial()],
    actions,
    next,
    update,
    fair: (c) => !UNFAIR.has(actionType(c)),
    fault: (c) => FAULTS.has(actionType(c)),
    actionToJson,
    actionFromJson,
    actionTypes: Object.values(T).map((t) => NAMES[t]),
    actionType,
    view,
    machines,
    always: [],
    step: [],
    sometimes: [],
    eventually: [],
    k: { V, MC, A, PR, H, W, R, f, cfg, rules, guard, main, access, VT },
    read,
    cap,
    mounted,
    paired,
    inPool,
    attr,
    image,
    start: startS,
  };
}
