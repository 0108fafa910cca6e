// The `multi-site-mirror` model (seed 002, first and second embodiments, and the two prior-art
// designs over the same workload): a primary site whose mirror program writes every application
// write into 225A and 225B (Fig. 9), a synchronous pair 225A -> 225C to the near site, an
// asynchronous pair 225B -> 225D to the far site carried by log entries (L293-L301), the failures
// of sites, paths and 225A, and the operators' procedures of Figs. 3 and 10-17 step by step.
//
// Values are write ids: 0 is an area's content at the start, n >= 1 is the n-th application write,
// at whichever site the application runs, so every value says which write put it there. The state is
// an Int32Array laid out once per configuration; lifecycles move only through tables derived from
// models/multi-site-mirror.ts.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout, nextFrom } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step, type MachineTable } from '../../engine/machine-table.js';
import { asyncPairMachine, hostWriteMachine, linkMachine, mirrorMemberMachine, modeMachine, siteMachine, syncPairMachine } from '../../../models/multi-site-mirror.js';
import type { MirrorConfig, Rules } from './config.js';

export const SYNC = deriveTable(syncPairMachine);
export const ASYNC = deriveTable(asyncPairMachine);
export const MEMBER = deriveTable(mirrorMemberMachine);
export const WRITE = deriveTable(hostWriteMachine);
export const SITE = deriveTable(siteMachine);
export const LINK = deriveTable(linkMachine);
export const MODE = deriveTable(modeMachine);

/** Storage areas: 225A and 225B at the primary, 225C at the sync site, 225D at the async site. */
export const VOL = { A: 0, B: 1, C: 2, D: 3 } as const;
export const VOL_NAME = ['A', 'B', 'C', 'D'];
export const SITE_NAME = ['P', 'S', 'A'];
export const LINK_NAME = ['PS', 'PA', 'SA'];
/** Leg results of one write to one member (Fig. 9). */
export const LEG = { TODO: 0, OK: 1, SKIPPED: 2, FAILED: 3 } as const;
/** The application's view of a write (ghost). Values >= 2 are final. */
export const ACK = { NONE: 0, PENDING: 1, OK: 2, FAILED: 3, UNKNOWN: 4 } as const;
export const ACK_NAME = ['none', 'pending', 'ok', 'failed', 'unknown'];

export const T = {
  ISSUE: 0, // (slot, cell): the application writes through the mirror program (901)
  LEG_A: 1, // (slot): the write to 225A (903, 915) and its sync copy
  LEG_B: 2, // (slot): the write to 225B and its log entry
  FINISH: 3, // (slot): 919, 922 / 923
  ROLLBACK: 4, // (slot): 920
  RETIRE: 5, // (slot)
  WRITE_AT: 6, // (cell): the application at the sync or async site writes its area
  TRANSFER: 7, // the oldest log entry in the source's memory goes to the destination's
  APPLY: 8, // the destination reflects its oldest received entry
  ASYNC_FAIL: 9, // the async pair finds its path or destination gone: Suspending
  FLUSH: 10, // Suspending ends (L307-L309)
  ASYNC_RESYNC: 11,
  ASYNC_COPY: 12, // initialization or differential copy of the async pair
  SYNC_RESYNC: 13, // (group)
  SYNC_COPY: 14, // (group)
  SYNC_SPLIT: 15, // (group): operator suspend (S3)
  ASYNC_SUSPEND: 16, // operator suspend (A1)
  FAIL_SITE: 17, // (site)
  LINK_DOWN: 18, // (link)
  LINK_UP: 19, // (link)
  FAIL_AREA: 20, // 225A of group 0
  SUSPECT: 21, // the operators believe the primary failed (CE18)
  RECOVER: 22, // the primary site comes back blank (1101, 1501)
  ASSESS: 23, // the operators find the sync site down as well (M4 -> M8)
  START: 24, // (procedure)
  STEP: 25, // the next step of the running procedure
  CYCLE: 26, // prior art: mode 1 <-> mode 2
  SYNC_RESTART: 27, // (group): a sync pair in error is deleted and created again
  FAIL_MIRROR: 28, // 2nd emb.: the intermediate server running the mirror program fails
  MIRROR_RESTART: 29, // 2nd emb.: it restarts, resynchronizes the members, the application resumes
} as const;
const NAMES = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())])) as Record<number, string>;
export const code = (type: number, a = 0, b = 0): number => (type << 8) | (a << 4) | b;
export const actionType = (c: number): number => c >> 8;
export const argA = (c: number): number => (c >> 4) & 15;
export const argB = (c: number): number => c & 15;

/** Procedures, by the mode machine's state that runs them. */
export const PROCS = ['fig3', 'fig10', 'fig11', 'fig12', 'fig13', 'fig14', 'fig15', 'fig16', 'fig17'] as const;
export type Proc = (typeof PROCS)[number];

const FAIR = new Set<number>([T.MIRROR_RESTART, T.SYNC_RESTART, T.LEG_A, T.LEG_B, T.FINISH, T.ROLLBACK, T.RETIRE, T.TRANSFER, T.APPLY, T.ASYNC_FAIL, T.FLUSH, T.ASYNC_RESYNC, T.ASYNC_COPY, T.SYNC_RESYNC, T.SYNC_COPY, T.STEP, T.ASSESS]);
const FAULTS = new Set<number>([T.FAIL_SITE, T.LINK_DOWN, T.FAIL_AREA, T.SUSPECT, T.FAIL_MIRROR]);

// Sticky markers of events a witness needs and the state does not otherwise show.
export const SEEN = {
  WP_REJECT: 1, // a write rejected for failure-Suspend write-protect
  ROLLBACK: 2,
  COALESCED: 4,
  TORN: 8, // 1705 reflected only part of the received entries (CE8)
  RESTORED: 16, // the backup of 225D replaced a torn image
  TWO_IN_FLIGHT: 32, // two writes in flight through the mirror at once
  CD_DIFFER: 64, // Fig. 14 step 1404 changed 225D
  SKIPPED_1005: 128, // Fig. 10 without the S-A path: no async leg
  WINDOW_LOSS: 256, // a lossy resume lost a write acknowledged inside a reduced-protection window
  HELD_ACK: 512, // Fig. 17 acknowledged a held write after re-issuing it
  FENCED: 1024,
  RESYNC_WP: 4096, // a write-protected pair was resynced and writes resumed
  QUEUE_FULL: 8192, // a write waited for log space
  TWO_GROUPS_BLOCKED: 16384, // a write to another group was rejected for write-protect
  MEMBER_RESYNC: 32768, // a restarted mirror found its members different and resynchronized them
  UNPROTECTED_LOSS: 65536, // a failover without failure protection went on without an acknowledged write
} as const;

export interface Fields {
  V: number;
  SNAP: number;
  SNAPV: number;
  SITE: number;
  LINK: number;
  MODE: number;
  PC: number;
  HELD: number;
  APPS: number;
  AFAIL: number;
  MEM: number;
  SST: number;
  SSRC: number;
  SDST: number;
  SDIFF: number;
  AST: number;
  ASRC: number;
  ADST: number;
  ADIFF: number;
  AFAILED: number;
  QLEN: number;
  QSENT: number;
  Q: number;
  WST: number;
  WID: number;
  WLA: number;
  WLB: number;
  NEXTW: number;
  FAULTS: number;
  SUSPS: number;
  PMODE: number;
  MIRRORDOWN: number;
  SEEN: number;
  G_CELL: number;
  G_ACK: number;
  G_SEQ: number;
  G_DEP: number;
  G_IEP: number;
  G_AEP: number;
  G_SITE: number;
  G_WIN: number;
  G_LOST: number;
  G_BLOCKED: number;
  G_ACKS: number;
  G_EP: number;
  G_ESITE: number;
  G_WPN: number;
  G_WPCLR: number;
  G_LOSS: number;
  G_RESUME: number;
  G_SETTLED: number;
  G_SPLITS: number;
  G_SPLITS_DONE: number;
}

export interface MirrorModel extends Model {
  readonly k: {
    G: number;
    NA: number;
    NC: number;
    W: number;
    K: number;
    QMAX: number;
    f: Fields;
    cfg: MirrorConfig;
    rules: Rules;
  };
  /** The area of a volume at a site: the site index of volume X. */
  volSite(x: number): number;
  /** Write w is present in image X at its address, or superseded there by a later write that did not fail. */
  covers(s: State, x: number, w: number): boolean;
  /** Write w is in image x, or overwritten there by any later write: not lost (a phantom is O-1's concern). */
  present(s: State, x: number, w: number): boolean;
  /** The image the application runs on at a site (-1: none): A or B (a synchronized member), C, or D. */
  runningVolume(s: State, site: number): number;
  /** Writes in flight at the primary (slots writing, rolling back or held). */
  inFlight(s: State): number;
  readonly MS: typeof MS_T;
  readonly SS: Record<string, number>;
  readonly AS: Record<string, number>;
  readonly MO: Record<string, number>;
}
const MS_T = { absent: 0, notSynchronized: 0, synchronized: 0, unusable: 0, writeProtected: 0 };

export function buildModel(cfg: MirrorConfig, rules: Rules): MirrorModel {
  const G = cfg.groups;
  const NA = cfg.addresses;
  const NC = G * NA;
  const W = cfg.writes;
  const K = cfg.concurrent;
  const QMAX = cfg.queue;
  const prior = rules.design !== 'invention';
  if (NC > 4 || W > 14 || K > 3 || QMAX > 8) throw new Error('multi-site-mirror: at most 4 addresses in all, 14 writes, 3 in flight, 8 log entries');
  const protect = cfg.protection && rules.writeProtect;

  const SS = Object.fromEntries(SYNC.states.map((n, i) => [n, i])) as Record<string, number>;
  const AS = Object.fromEntries(ASYNC.states.map((n, i) => [n, i])) as Record<string, number>;
  const MS = Object.fromEntries(MEMBER.states.map((n, i) => [n, i])) as typeof MS_T;
  const WS = Object.fromEntries(WRITE.states.map((n, i) => [n, i])) as Record<string, number>;
  const MO = Object.fromEntries(MODE.states.map((n, i) => [n, i])) as Record<string, number>;
  const SI = { up: stateIndex(SITE, 'up'), failed: stateIndex(SITE, 'failed'), recovered: stateIndex(SITE, 'recovered') };
  const LI = { up: stateIndex(LINK, 'up'), down: stateIndex(LINK, 'down') };
  const se = (n: string): number => eventIndex(SYNC, n);
  const ae = (n: string): number => eventIndex(ASYNC, n);
  const me = (n: string): number => eventIndex(MEMBER, n);
  const we = (n: string): number => eventIndex(WRITE, n);
  const oe = (n: string): number => eventIndex(MODE, n);
  const SE = { DELETE_PAIR: se('DELETE_PAIR'), CREATE_PAIR: se('CREATE_PAIR'), CREATE_IDENTICAL: se('CREATE_IDENTICAL'), INITIAL_COPY_DONE: se('INITIAL_COPY_DONE'), SPLIT: se('SPLIT'), FAILURE: se('FAILURE'), RESYNC: se('RESYNC'), RESYNC_DONE: se('RESYNC_DONE'), TO_SIMPLEX: se('TO_SIMPLEX') };
  const AE = {
    CREATE_PAIR: ae('CREATE_PAIR'),
    CREATE_IDENTICAL: ae('CREATE_IDENTICAL'),
    INITIAL_COPY_DONE: ae('INITIAL_COPY_DONE'),
    SUSPEND_BEGIN: ae('SUSPEND_BEGIN'),
    FLUSHED: ae('FLUSHED'),
    FLUSHED_FAILURE: ae('FLUSHED_FAILURE'),
    RESYNC: ae('RESYNC'),
    RESYNC_DONE: ae('RESYNC_DONE'),
    TO_SIMPLEX: ae('TO_SIMPLEX'),
  };
  const ME = { ADD: me('ADD'), ADD_SYNCHRONIZED: me('ADD_SYNCHRONIZED'), COPY_DONE: me('COPY_DONE'), WRITE_FAILED: me('WRITE_FAILED'), WRITE_PROTECTED: me('WRITE_PROTECTED'), REMOVE: me('REMOVE'), RESYNCED: me('RESYNCED') };
  const WE = { ISSUE: we('ISSUE'), REJECT_PROTECTED: we('REJECT_PROTECTED'), ACK: we('ACK'), FAIL: we('FAIL'), PROTECTED: we('PROTECTED'), HOLD: we('HOLD'), LOST: we('LOST'), ROLLED_BACK: we('ROLLED_BACK'), RETIRE: we('RETIRE') };
  const SIE = { FAIL: eventIndex(SITE, 'FAIL'), RECOVER: eventIndex(SITE, 'RECOVER'), FAILBACK_DONE: eventIndex(SITE, 'FAILBACK_DONE') };
  const LE = { DOWN: eventIndex(LINK, 'DOWN'), REPAIR: eventIndex(LINK, 'REPAIR') };

  const layout = createLayout();
  const fd = layout.field;
  const f: Fields = {
    V: fd(4 * NC), // 225A, 225B, 225C, 225D: the write id each address holds
    SNAP: fd(NC), // the backup of 225D taken before step 1704 (L689)
    SNAPV: fd(), // 1 while that backup exists
    SITE: fd(3), // site machine: P, S, A
    LINK: fd(3), // link machine: P-S, P-A, S-A
    MODE: fd(), // operating mode machine
    PC: fd(), // the running procedure's next step
    HELD: fd(), // Fig. 17: the held write's slot + 1
    APPS: fd(), // sites running the application (bit per site)
    AFAIL: fd(), // groups whose 225A failed (mask)
    MEM: fd(2 * G), // mirror member machine: 225A and 225B of each group
    SST: fd(G), // sync pair machine per group ...
    SSRC: fd(G), // ... its primary area ...
    SDST: fd(G), // ... its secondary area ...
    SDIFF: fd(G), // ... and the write positions recorded while it is not duplex (mask of addresses)
    AST: fd(), // async pair machine (one consistency group over every mirror group) ...
    ASRC: fd(),
    ADST: fd(),
    ADIFF: fd(),
    AFAILED: fd(), // ... 1 when its Suspending was caused by a failure
    QLEN: fd(), // log entries, oldest first: cell << 5 | write id ...
    QSENT: fd(), // ... the first QSENT are in the destination's memory, the rest in the source's
    Q: fd(QMAX),
    WST: fd(K), // host write machine per slot ...
    WID: fd(K), // ... its write id ...
    WLA: fd(K), // ... its 225A leg (LEG) ...
    WLB: fd(K), // ... and its 225B leg
    NEXTW: fd(), // the next write id
    FAULTS: fd(),
    SUSPS: fd(),
    PMODE: fd(), // prior art: mode 1 (225B duplicates 225A: at the primary for Mikkelsen, at the second site for USP 6,209,002) or 2 (frozen, being copied); 0 the invention
    MIRRORDOWN: fd(), // 2nd emb.: 1 while the intermediate server running the mirror program is down
    SEEN: fd(),
    // ghost: what the application and the operators observed, per write id (1..W) ...
    G_CELL: fd(W + 1), // ... the address + 1 ...
    G_ACK: fd(W + 1), // ... its answer (ACK) ...
    G_SEQ: fd(W + 1), // ... its place among the successful answers ...
    G_DEP: fd(W + 1), // ... the successful answers given before it was issued ...
    G_IEP: fd(W + 1), // ... the epoch (resumes so far + 1) when it was issued ...
    G_AEP: fd(W + 1), // ... and when it was acknowledged ...
    G_SITE: fd(W + 1), // ... the site whose application issued it + 1 ...
    G_WIN: fd(W + 1), // ... when acknowledged: 1 normal, 2 reduced protection (a procedure, M2; I14), 3 before normal operation ...
    G_LOST: fd(W + 1), // ... 1 once a resume went on without it
    G_BLOCKED: fd(W + 1), // 2 if issued after a write-protect rejection and before the resync, 1 if not
    G_ACKS: fd(), // successful answers so far
    G_EP: fd(), // epoch: 1 + resumes of the application so far
    G_ESITE: fd(), // the site of the last resume + 1
    G_WPN: fd(), // rejections for write-protect so far + 1
    G_WPCLR: fd(), // G_WPN when the last write-protected pair was resynced
    G_LOSS: fd(), // acknowledged writes lost at the last lossy resume + 1
    G_RESUME: fd(), // resumes: kind (1 lossless, 2 lossy) of the last one
    G_SETTLED: fd(), // the epoch whose failover or failback procedure the operators saw complete
    G_SPLITS: fd(), // operator suspends of a sync pair (S3) ...
    G_SPLITS_DONE: fd(), // ... of which the operators saw the resync complete
  };
  const SIZE = layout.size;

  // The site of each volume (225B is at the sync site in the prior-art design): a table, as `actions`
  // asks it several times per state.
  const siteOfVol = Int32Array.of(0, rules.design === 'usp6209002' ? 1 : 0, 1, 2);
  const volSite = (x: number): number => siteOfVol[x];
  const linkOf = (a: number, b: number): number => (a + b === 1 ? 0 : a + b === 2 ? 1 : 2);
  const groupOf = (c: number): number => (c / NA) | 0;
  /** Running: up, or recovered and taking part in its failback. */
  const siteUp = (s: State, i: number): boolean => s[f.SITE + i] !== SI.failed;
  /** Bit i set when site i runs (`siteUp`). */
  const upMask = (s: State): number => (siteUp(s, 0) ? 1 : 0) | (siteUp(s, 1) ? 2 : 0) | (siteUp(s, 2) ? 4 : 0);
  /** Two distinct sites a and b, both running (bits of `up`, from `upMask`), joined by a link that is up. */
  const linked = (s: State, up: number, a: number, b: number): boolean => ((up >> a) & (up >> b) & 1) !== 0 && s[f.LINK + linkOf(a, b)] === LI.up;
  /** Bit 3a + b set when site a reaches site b (`reach`), given `up` from `upMask`. */
  const reachMask = (s: State, up: number): number =>
    0b100010001 | (linked(s, up, 0, 1) ? (1 << 1) | (1 << 3) : 0) | (linked(s, up, 0, 2) ? (1 << 2) | (1 << 6) : 0) | (linked(s, up, 1, 2) ? (1 << 5) | (1 << 7) : 0);
  const reach = (s: State, a: number, b: number): boolean => a === b || linked(s, upMask(s), a, b);
  const volUp = (s: State, x: number, c: number): boolean => siteUp(s, volSite(x)) && !(x === VOL.A && (s[f.AFAIL] >> groupOf(c)) & 1);
  const inFlight = (s: State): number => {
    let n = 0;
    for (let k = 0; k < K; k++) {
      const st = s[f.WST + k];
      if (st === WS.writing || st === WS.rollingBack || st === WS.held) n++;
    }
    return n;
  };
  const vol = (s: State, x: number, c: number): number => s[f.V + x * NC + c];
  /**
   * w's write is present at its address in image x, or superseded: by a later write that did not
   * fail, or by one still unanswered (concurrent with w, so either order is a linearization).
   */
  const covers = (s: State, x: number, w: number): boolean => {
    const v = s[f.V + x * NC + s[f.G_CELL + w] - 1];
    return v === w || (v > w && s[f.G_ACK + v] !== ACK.FAILED) || (v > 0 && s[f.G_ACK + v] === ACK.PENDING);
  };
  /** Counted as lost only when absent: overwritten by any later write (a phantom included) is not a loss of w. */
  const present = (s: State, x: number, w: number): boolean => {
    const v = s[f.V + x * NC + s[f.G_CELL + w] - 1];
    return v >= w || (v > 0 && s[f.G_ACK + v] === ACK.PENDING);
  };
  const runningVolume = (s: State, site: number): number => {
    if (site === 1) return VOL.C;
    if (site === 2) return VOL.D;
    for (let x = 0; x < 2; x++) if (s[f.MEM + x] === MS.synchronized) return x;
    return -1;
  };
  const anyWP = (s: State, g: number): boolean => {
    if (!protect) return false;
    if (rules.groupProtect) {
      for (let h = 0; h < G; h++) if (s[f.MEM + 2 * h] === MS.writeProtected || s[f.MEM + 2 * h + 1] === MS.writeProtected) return true;
      return false;
    }
    return s[f.MEM + 2 * g] === MS.writeProtected || s[f.MEM + 2 * g + 1] === MS.writeProtected;
  };
  const mode = (s: State): number => s[f.MODE];
  const mstep = (out: State, ev: number): void => {
    const t = step(MODE, out[f.MODE], ev);
    if (t >= 0) out[f.MODE] = t;
  };
  // Per mode (a state of the MODE machine): the procedure it runs, or -1 (a table: this is asked per action).
  const procOfMode = Int32Array.from(MODE.states, (name) => PROCS.indexOf(name as Proc));
  const procOf = (s: State): number => procOfMode[s[f.MODE]];
  const inProc = (s: State): boolean => procOf(s) >= 0;

  const initState = (): State => {
    const s = new Int32Array(SIZE);
    s[f.MODE] = cfg.start === 'M0' ? MO.M0 : MO.M1;
    s[f.APPS] = 1;
    s[f.NEXTW] = 1;
    s[f.G_EP] = 1;
    s[f.G_ESITE] = 1;
    s[f.G_WPN] = 1;
    s[f.G_WPCLR] = 1;
    s[f.G_SETTLED] = 1;
    for (let g = 0; g < G; g++) {
      s[f.SSRC + g] = VOL.A;
      s[f.SDST + g] = rules.syncFar ? VOL.D : VOL.C;
      s[f.SST + g] = cfg.start === 'M0' || !rules.syncLeg ? SS.simplex : SS.pair;
      s[f.MEM + 2 * g] = MS.synchronized;
      s[f.MEM + 2 * g + 1] = cfg.start === 'M0' || prior ? MS.absent : MS.synchronized;
    }
    s[f.ASRC] = VOL.B;
    s[f.ADST] = rules.syncFar ? VOL.C : VOL.D;
    s[f.AST] = cfg.start === 'M0' ? AS.simplex : prior ? AS.split : AS.pair;
    s[f.PMODE] = prior ? 1 : 0;
    return s;
  };

  // ---- writes to an area, and what its pairs do with them ----
  /**
   * Whether a write of v to address c of area x may proceed now: the sync pair whose primary it is
   * would reject it (write-protect), or the log has no room (the write waits) [INFERRED].
   * Returns 0 ok, 1 waits, 2 rejected for write-protect.
   */
  const admit = (s: State, x: number, c: number): number => {
    const g = groupOf(c);
    if (s[f.SSRC + g] === x && protect) {
      const st = s[f.SST + g];
      if (st === SS.suspendedByError) return 2;
      if ((st === SS.pair || st === SS.resync) && !(volUp(s, s[f.SDST + g], c) && reach(s, volSite(x), volSite(s[f.SDST + g])))) return 2;
    }
    if (s[f.ASRC] === x && s[f.AST] === AS.pair && s[f.QLEN] >= QMAX && !(cfg.coalesce && coalescible(s, c) >= 0)) return 1;
    return 0;
  };
  /** The unsent entry a new entry for address c may replace, or -1. */
  const coalescible = (s: State, c: number): number => {
    const n = s[f.QLEN];
    if (rules.adjacentCoalesce) return n > s[f.QSENT] && s[f.Q + n - 1] >> 5 === c ? n - 1 : -1;
    for (let i = n - 1; i >= s[f.QSENT]; i--) if (s[f.Q + i] >> 5 === c) return i;
    return -1;
  };
  /** Writes v at address c of area x (admitted) and runs the pairs whose primary x is. */
  const writeArea = (out: State, x: number, c: number, v: number): void => {
    out[f.V + x * NC + c] = v;
    const g = groupOf(c);
    if (out[f.SSRC + g] === x) {
      const st = out[f.SST + g];
      const dst = out[f.SDST + g];
      if (st === SS.pair) {
        if (volUp(out, dst, c) && reach(out, volSite(x), volSite(dst))) out[f.V + dst * NC + c] = v; // L449: reflected before the answer
        else {
          out[f.SST + g] = step(SYNC, st, SE.FAILURE); // S4
          out[f.SDIFF + g] |= 1 << (c % NA);
        }
      } else if (st !== SS.simplex) {
        out[f.SDIFF + g] |= 1 << (c % NA);
        // [INFERRED] the differential copy stops when its path or secondary is gone.
        // An initial copy that fails leaves nothing to resync from: error, and the operator starts again.
        if ((st === SS.resync || st === SS.initialCopy) && !(volUp(out, dst, c) && reach(out, volSite(x), volSite(dst)))) out[f.SST + g] = step(SYNC, st, SE.FAILURE);
      }
    }
    if (out[f.ASRC] === x) {
      const st = out[f.AST];
      if (st === AS.pair) {
        const i = cfg.coalesce ? coalescible(out, c) : -1;
        if (i >= 0) {
          // L297-L298: only the final write of a run to one area is transferred.
          for (let j = i; j < out[f.QLEN] - 1; j++) out[f.Q + j] = out[f.Q + j + 1];
          out[f.Q + out[f.QLEN] - 1] = (c << 5) | v;
          out[f.SEEN] |= SEEN.COALESCED;
        } else out[f.Q + out[f.QLEN]++] = (c << 5) | v;
      } else if (st !== AS.simplex) out[f.ADIFF] |= 1 << c;
    }
    if (prior && x === VOL.A) out[f.V + VOL.B * NC + c] = v; // the prior art's duplicate
  };

  // ---- the application's answers (ghost) ----
  /** The sync site runs with no async leg because step 1005 found the S-A path down (not because the design skipped it). */
  const pathless = (s: State): boolean => mode(s) === MO.M5 && s[f.AST] === AS.simplex && (s[f.SEEN] & SEEN.SKIPPED_1005) !== 0;
  /**
   * 3: before normal operation (M0, Fig. 3: no remote copy yet); 2: a reduced-protection window the
   * operators can see (a procedure running, M2 after Fig. 17, the sync site running with no async leg
   * because step 1005 found the S-A path down; I14); 1: normal.
   */
  const windowNow = (s: State): number =>
    mode(s) === MO.M0 || mode(s) === MO.fig3 ? 3 : inProc(s) || mode(s) === MO.M2 || pathless(s) ? 2 : 1;
  const answer = (out: State, w: number, ok: boolean): void => {
    if (ok) {
      out[f.G_ACK + w] = ACK.OK;
      out[f.G_SEQ + w] = ++out[f.G_ACKS];
      out[f.G_AEP + w] = out[f.G_EP];
      out[f.G_WIN + w] = windowNow(out);
    } else out[f.G_ACK + w] = ACK.FAILED;
  };
  const issueGhost = (out: State, w: number, c: number, site: number): void => {
    out[f.G_CELL + w] = c + 1;
    out[f.G_ACK + w] = ACK.PENDING;
    out[f.G_DEP + w] = out[f.G_ACKS];
    out[f.G_IEP + w] = out[f.G_EP];
    out[f.G_SITE + w] = site + 1;
    out[f.G_BLOCKED + w] = out[f.G_WPN] > out[f.G_WPCLR] ? 2 : 1;
  };
  /** The application resumes at a site on area x; a lossy resume (Fig. 13) goes on without what x lacks. */
  const resume = (out: State, site: number, x: number, lossy: boolean): void => {
    out[f.APPS] |= 1 << site;
    if (!lossy) {
      // Without failure protection nothing keeps 225C current (Fig. 7, L395): a failover may go on
      // without acknowledged writes. Recorded, so that the history goes on from what was resumed.
      for (let w = 1; w < out[f.NEXTW]; w++) {
        if (out[f.G_ACK + w] !== ACK.OK || out[f.G_LOST + w] || present(out, x, w)) continue;
        out[f.G_LOST + w] = 1;
        out[f.SEEN] |= SEEN.UNPROTECTED_LOSS;
      }
    } else {
      let lost = 0;
      for (let w = 1; w < out[f.NEXTW]; w++) {
        if (out[f.G_ACK + w] !== ACK.OK || out[f.G_LOST + w] || present(out, x, w)) continue;
        out[f.G_LOST + w] = 1;
        lost++;
        if (out[f.G_WIN + w] >= 2) out[f.SEEN] |= SEEN.WINDOW_LOSS;
      }
      out[f.G_LOSS] = lost + 1;
    }
    out[f.G_RESUME] = lossy ? 2 : 1;
    out[f.G_WPCLR] = out[f.G_WPN]; // a resume starts a new history: the write-protect episode is over
    out[f.G_EP]++;
    out[f.G_ESITE] = site + 1;
  };

  // ---- failures ----
  const dropQueueAt = (out: State, site: number): void => {
    if (volSite(out[f.ADST]) === site) out[f.QLEN] = out[f.QSENT] = 0;
    else if (volSite(out[f.ASRC]) === site) out[f.QLEN] = out[f.QSENT];
  };
  const failSite = (out: State, i: number): void => {
    out[f.SITE + i] = step(SITE, out[f.SITE + i], SIE.FAIL);
    out[f.APPS] &= ~(1 << i);
    dropQueueAt(out, i);
    if (i === 0) {
      for (let k = 0; k < K; k++) {
        const st = out[f.WST + k];
        if (st === WS.writing || st === WS.rollingBack || st === WS.held) {
          out[f.WST + k] = step(WRITE, st, WE.LOST);
          out[f.G_ACK + out[f.WID + k]] = ACK.UNKNOWN;
        }
      }
      out[f.HELD] = 0;
      const m = mode(out);
      if (m === MO.M1 || m === MO.M2 || m === MO.M3 || m === MO.fig17 || m === MO.fig3) mstep(out, oe('PRIMARY_FAILED'));
    }
    if (i === 1) {
      const m = mode(out);
      if (m === MO.M4 || m === MO.M5 || m === MO.fig10 || m === MO.fig14) mstep(out, oe('SYNC_FAILED'));
    }
    if (i === 2) out[f.SNAPV] = 0;
  };

  // ---- procedures: step lists (seed-notes/002.md §6) ----
  interface StepDef {
    /** Enabled (a wait step is a guard that holds once its condition does). */
    ok(s: State): boolean;
    run(out: State): void;
  }
  const always = (): boolean => true;
  /** [INFERRED] a member joins (601) with no write in flight, so every later write reaches it (602). */
  const idle = (s: State): boolean => inFlight(s) === 0;
  const allSync = (out: State, ev: number, src = -1, dst = -1): void => {
    for (let g = 0; g < G; g++) {
      const t = step(SYNC, out[f.SST + g], ev);
      if (t >= 0) out[f.SST + g] = t;
      if (src >= 0) {
        out[f.SSRC + g] = src;
        out[f.SDST + g] = dst;
      }
      out[f.SDIFF + g] = 0;
    }
  };
  const syncAll = (s: State, st: number): boolean => {
    for (let g = 0; g < G; g++) if (s[f.SST + g] !== st) return false;
    return true;
  };
  /** Async pair to Simplex: the destination reflects what it received, in order [INFERRED]; the rest is dropped. */
  const asyncToSimplex = (out: State, torn = false): void => {
    const dst = out[f.ADST];
    if (siteUp(out, volSite(dst))) {
      if (torn && out[f.QSENT] > 1) {
        // CE8's "portion": only the newest received entry reaches 225D [INFERRED].
        const e = out[f.Q + out[f.QSENT] - 1];
        out[f.V + dst * NC + (e >> 5)] = e & 31;
        out[f.SEEN] |= SEEN.TORN;
      } else for (let i = 0; i < out[f.QSENT]; i++) out[f.V + dst * NC + (out[f.Q + i] >> 5)] = out[f.Q + i] & 31;
    }
    out[f.QLEN] = out[f.QSENT] = 0;
    out[f.ADIFF] = 0;
    if (out[f.AST] !== AS.simplex) out[f.AST] = step(ASYNC, out[f.AST], AE.TO_SIMPLEX);
  };
  const copyArea = (out: State, from: number, to: number): void => {
    for (let c = 0; c < NC; c++) out[f.V + to * NC + c] = out[f.V + from * NC + c];
  };
  const member = (out: State, x: number, ev: number): void => {
    for (let g = 0; g < G; g++) {
      const t = step(MEMBER, out[f.MEM + 2 * g + x], ev);
      if (t >= 0) out[f.MEM + 2 * g + x] = t;
    }
  };
  const memberIs = (s: State, x: number, st: number): boolean => {
    for (let g = 0; g < G; g++) if (s[f.MEM + 2 * g + x] !== st) return false;
    return true;
  };
  const createAsync = (out: State, src: number, dst: number, identical: boolean): void => {
    out[f.ASRC] = src;
    out[f.ADST] = dst;
    out[f.QLEN] = out[f.QSENT] = 0;
    out[f.ADIFF] = identical ? 0 : (1 << NC) - 1;
    out[f.AST] = step(ASYNC, out[f.AST], identical ? AE.CREATE_IDENTICAL : AE.CREATE_PAIR);
  };
  const createSync = (out: State, src: number, dst: number, identical: boolean): void => {
    for (let g = 0; g < G; g++) {
      out[f.SSRC + g] = src;
      out[f.SDST + g] = dst;
      out[f.SDIFF + g] = identical ? 0 : (1 << NA) - 1;
      out[f.SST + g] = step(SYNC, out[f.SST + g], identical ? SE.CREATE_IDENTICAL : SE.CREATE_PAIR);
    }
  };
  const stopApp = (out: State, site: number): void => {
    out[f.APPS] &= ~(1 << site);
  };
  const finishFailback = (out: State, ev: string): void => {
    out[f.SITE] = step(SITE, out[f.SITE], SIE.FAILBACK_DONE);
    mstep(out, oe(ev));
  };
  const queueEmpty = (s: State): boolean => s[f.QLEN] === 0;
  const asyncIs = (st: number) => (s: State): boolean => s[f.AST] === st;
  const fenceP = (out: State): void => {
    if (siteUp(out, 0) && rules.fence) {
      failSite(out, 0); // [INFERRED] the suspected primary is powered off before anyone else writes
      out[f.SEEN] |= SEEN.FENCED;
    }
  };

  const PROC_STEPS: Record<Proc, StepDef[]> = {
    // Fig. 3 (L413-L435): 225B joins the group (Fig. 6), both pairs start, 306 waits for both.
    fig3: [
      { ok: idle, run: (o) => member(o, 1, ME.ADD) }, // 302-304, 601
      { ok: idle, run: (o) => { copyArea(o, VOL.A, VOL.B); member(o, 1, ME.COPY_DONE); } }, // 604-605
      { ok: always, run: (o) => createAsync(o, VOL.B, VOL.D, false) }, // 305
      { ok: always, run: (o) => createSync(o, VOL.A, VOL.C, false) }, // 310
      { ok: (s) => s[f.AST] === AS.pair && syncAll(s, SS.pair), run: (o) => mstep(o, oe('FIG3')) }, // 306
    ],
    // Fig. 10 (L463-L475): resume at the sync site.
    fig10: [
      { ok: always, run: fenceP },
      { ok: always, run: (o) => allSync(o, SE.TO_SIMPLEX) }, // 1001-1002
      { ok: always, run: (o) => resume(o, 1, VOL.C, false) }, // 1003
      { ok: always, run: (o) => asyncToSimplex(o) }, // 1004
      {
        ok: always,
        run: (o) => {
          // 1005-1007: only if 272 and 282 can communicate.
          if (rules.fig10AsyncLeg && reach(o, 1, 2)) createAsync(o, VOL.C, VOL.D, false);
          else {
            if (!reach(o, 1, 2)) o[f.SEEN] |= SEEN.SKIPPED_1005;
            mstep(o, oe('FIG10'));
          }
        },
      },
      { ok: asyncIs(AS.pair), run: (o) => mstep(o, oe('FIG10')) },
    ],
    // Fig. 13 (L547-L555): resume at the async site directly.
    fig13: [
      { ok: always, run: fenceP },
      {
        ok: always,
        run: (o) => {
          asyncToSimplex(o); // 1301-1302
          allSync(o, SE.TO_SIMPLEX);
          // L689: the backup taken before 1704 replaces what the torn reflection left.
          if (o[f.SNAPV]) {
            copyArea(o, 4, VOL.D);
            o[f.SNAPV] = 0;
            o[f.SEEN] |= SEEN.RESTORED;
          }
        },
      },
      { ok: always, run: (o) => { resume(o, 2, VOL.D, true); mstep(o, oe('FIG13')); } }, // 1303
    ],
    // Fig. 14 (L557-L579): resume at the async site with the sync site's newest data.
    fig14: [
      { ok: always, run: fenceP },
      { ok: always, run: (o) => { allSync(o, SE.TO_SIMPLEX); asyncToSimplex(o); } }, // 1402-1403
      {
        ok: (s) => reach(s, 1, 2),
        run: (o) => {
          for (let c = 0; c < NC; c++) if (vol(o, VOL.C, c) !== vol(o, VOL.D, c)) o[f.SEEN] |= SEEN.CD_DIFFER;
          copyArea(o, VOL.C, VOL.D); // 1404
        },
      },
      { ok: always, run: (o) => createAsync(o, VOL.D, VOL.C, true) }, // 1405
      { ok: always, run: (o) => { resume(o, 2, VOL.D, false); mstep(o, oe('FIG14')); } }, // 1406
    ],
    // Fig. 11 (L485-L516): failback from the sync site, 225C -> 225A first.
    fig11: [
      { ok: always, run: (o) => asyncToSimplex(o) }, // 1102
      { ok: always, run: (o) => createSync(o, VOL.C, VOL.A, false) }, // 1103
      { ok: (s) => syncAll(s, SS.pair), run: (o) => stopApp(o, 1) }, // 1104 wait, 1105
      { ok: always, run: (o) => { for (let g = 0; g < G; g++) { o[f.SSRC + g] = VOL.A; o[f.SDST + g] = VOL.C; } } }, // 1106 reverse
      { ok: always, run: (o) => member(o, 0, ME.ADD_SYNCHRONIZED) }, // 1107
      { ok: always, run: (o) => resume(o, 0, VOL.A, false) }, // 1108
      { ok: idle, run: (o) => member(o, 1, ME.ADD) }, // 1109, 601
      { ok: idle, run: (o) => { copyArea(o, VOL.A, VOL.B); member(o, 1, ME.COPY_DONE); } }, // 604-605
      { ok: always, run: (o) => createAsync(o, VOL.B, VOL.D, false) }, // 1110
      { ok: (s) => s[f.AST] === AS.pair && idle(s), run: (o) => finishFailback(o, 'FIG11') }, // 1110: 225B coincides with 225A
    ],
    // Fig. 12 (L518-L545): failback from the sync site through 225B.
    fig12: [
      { ok: always, run: (o) => stopApp(o, 1) }, // 1201
      { ok: (s) => !rules.confirmCD || queueEmpty(s), run: (o) => asyncToSimplex(o) }, // 1202-1203
      { ok: always, run: (o) => { allSync(o, SE.TO_SIMPLEX); copyArea(o, VOL.C, VOL.B); } }, // 1204
      { ok: always, run: (o) => createAsync(o, VOL.B, VOL.D, true) }, // 1205
      { ok: always, run: (o) => member(o, 1, ME.ADD_SYNCHRONIZED) }, // 1206
      { ok: always, run: (o) => resume(o, 0, VOL.B, false) }, // 1207
      { ok: idle, run: (o) => member(o, 0, ME.ADD) }, // 1208
      { ok: idle, run: (o) => { copyArea(o, VOL.B, VOL.A); member(o, 0, ME.COPY_DONE); } },
      { ok: always, run: (o) => createSync(o, VOL.A, VOL.C, false) }, // 1209
      { ok: (s) => syncAll(s, SS.pair) && idle(s), run: (o) => finishFailback(o, 'FIG12') }, // 1210-1211
    ],
    // Fig. 15 (L581-L627): failback from the async site through 225B.
    fig15: [
      { ok: always, run: (o) => asyncToSimplex(o) }, // 1502
      { ok: always, run: (o) => createAsync(o, VOL.D, VOL.B, false) }, // 1503
      { ok: asyncIs(AS.pair), run: (o) => stopApp(o, 2) }, // 1504, 1505
      { ok: queueEmpty, run: (o) => { o[f.ASRC] = VOL.B; o[f.ADST] = VOL.D; } }, // 1506 reverse (I8)
      { ok: always, run: (o) => member(o, 1, ME.ADD_SYNCHRONIZED) }, // 1507
      { ok: always, run: (o) => resume(o, 0, VOL.B, false) }, // 1508
      { ok: idle, run: (o) => member(o, 0, ME.ADD) }, // 1509
      { ok: idle, run: (o) => { copyArea(o, VOL.B, VOL.A); member(o, 0, ME.COPY_DONE); } },
      { ok: always, run: (o) => createSync(o, VOL.A, VOL.C, false) }, // 1510
      { ok: (s) => syncAll(s, SS.pair) && idle(s), run: (o) => finishFailback(o, 'FIG15') }, // 1511-1512
    ],
    // Fig. 16 (L629-L651): failback from the async site through 225A.
    fig16: [
      { ok: always, run: (o) => stopApp(o, 2) }, // 1601
      { ok: (s) => !rules.confirmCD || queueEmpty(s), run: (o) => asyncToSimplex(o) }, // 1602-1603
      { ok: always, run: (o) => copyArea(o, VOL.D, VOL.A) }, // 1604
      { ok: always, run: (o) => createSync(o, VOL.A, VOL.C, true) }, // 1605
      { ok: always, run: (o) => member(o, 0, ME.ADD_SYNCHRONIZED) }, // 1606
      { ok: always, run: (o) => resume(o, 0, VOL.A, false) }, // 1607
      { ok: idle, run: (o) => member(o, 1, ME.ADD) }, // 1608
      { ok: idle, run: (o) => { copyArea(o, VOL.A, VOL.B); member(o, 1, ME.COPY_DONE); } },
      { ok: always, run: (o) => createAsync(o, VOL.B, VOL.D, false) }, // 1609
      { ok: (s) => s[f.AST] === AS.pair && idle(s), run: (o) => finishFailback(o, 'FIG16') }, // 1610-1611
    ],
    // Fig. 17 (L666-L685): 225A failed under a write; 225B becomes the sync primary.
    fig17: [
      {
        ok: always,
        run: (o) => {
          if (rules.snapshotD && siteUp(o, 2)) {
            copyArea(o, VOL.D, 4); // L689: back up 225D before 1704
            o[f.SNAPV] = 1;
          }
        },
      },
      { ok: always, run: (o) => { o[f.SST] = step(SYNC, o[f.SST], SE.TO_SIMPLEX); o[f.SDIFF] = 0; } }, // 1704
      { ok: always, run: (o) => asyncToSimplex(o, false) }, // 1705 (in order)
      { ok: (s) => reach(s, 0, 1), run: (o) => { o[f.SSRC] = VOL.B; o[f.SDST] = VOL.C; o[f.SST] = step(SYNC, o[f.SST], SE.CREATE_IDENTICAL); } }, // 1706
      {
        ok: (s) => admit(s, VOL.B, s[f.G_CELL + s[f.WID + s[f.HELD] - 1]] - 1) === 0,
        run: (o) => {
          const k = o[f.HELD] - 1;
          const w = o[f.WID + k];
          writeArea(o, VOL.B, o[f.G_CELL + w] - 1, w); // 1707: re-issued to 225B, copied to 225C
          o[f.WLB + k] = LEG.OK;
          o[f.WST + k] = step(WRITE, o[f.WST + k], WE.ACK);
          answer(o, w, true);
          o[f.HELD] = 0;
          o[f.SEEN] |= SEEN.HELD_ACK;
          mstep(o, oe('FIG17'));
        },
      },
    ],
  };
  /** 1705 may also reflect only a portion of the received entries (CE8) [INFERRED]: a second choice at that step. */
  const TORN_STEP = 2;
  const FIG17 = PROCS.indexOf('fig17');
  const procAllowed = (p: Proc): boolean =>
    p === 'fig3' ? cfg.start === 'M0' : p === 'fig17' ? cfg.failAreaA && rules.fig17 : (cfg.failovers as string[]).includes(p) || (cfg.failbacks as string[]).includes(p);
  const PROC_START_OK: Record<Proc, (s: State) => boolean> = {
    fig3: (s) => mode(s) === MO.M0,
    fig10: (s) => mode(s) === MO.M4 && siteUp(s, 1),
    fig13: (s) => (mode(s) === MO.M4 || mode(s) === MO.M8) && siteUp(s, 2),
    fig14: (s) => mode(s) === MO.M4 && siteUp(s, 1) && reach(s, 1, 2), // 1401
    fig11: (s) => mode(s) === MO.M5 && s[f.SITE] === SI.recovered && reach(s, 0, 1),
    fig12: (s) => mode(s) === MO.M5 && s[f.SITE] === SI.recovered && reach(s, 0, 1) && reach(s, 1, 2),
    fig15: (s) => (mode(s) === MO.M6 || mode(s) === MO.M7) && s[f.SITE] === SI.recovered && reach(s, 0, 1) && reach(s, 0, 2),
    fig16: (s) => mode(s) === MO.M7 && s[f.SITE] === SI.recovered && reach(s, 0, 1) && reach(s, 1, 2) && reach(s, 0, 2),
    fig17: () => false,
  };
  // By procedure index, fixed per configuration: the hot `actions` reads these arrays where it would
  // otherwise compare names against the configuration's lists for every state.
  const startable = PROCS.flatMap((name, i) => (procAllowed(name) ? [i] : []));
  const startOk = PROCS.map((name) => PROC_START_OK[name]);
  const stepsOf = PROCS.map((name) => PROC_STEPS[name]);
  const START_EV: Record<Proc, number> = Object.fromEntries(PROCS.map((p) => [p, oe(`START_${p.toUpperCase()}`)])) as Record<Proc, number>;
  const startEvOf = PROCS.map((p) => START_EV[p]);

  // ---- the enabled actions ----
  const siteMayFail = SITE_NAME.map((name) => cfg.failSites.includes(name as 'P'));
  const linkMayFail = LINK_NAME.map((name) => cfg.failLinks.includes(name as 'PS'));
  function actions(s: State, out: Int32Array): number {
    let n = 0;
    // Asked many times below: which sites run and which reach each other, once per state.
    const up = upMask(s);
    const rm = reachMask(s, up);
    const P = (up & 1) !== 0 && (s[f.APPS] & 1) !== 0;
    // The application at the primary: Fig. 9 per slot.
    if (P && s[f.HELD] === 0 && s[f.NEXTW] <= W) {
      for (let k = 0; k < K; k++) {
        if (s[f.WST + k] !== WS.idle) continue;
        for (let c = 0; c < NC; c++) {
          if (rules.serializeAddress && busy(s, c)) continue;
          out[n++] = code(T.ISSUE, k, c);
        }
        break; // slots are interchangeable: the lowest idle one issues
      }
    }
    for (let k = 0; k < K; k++) {
      const st = s[f.WST + k];
      if (st === WS.writing && (up & 1) !== 0) {
        const c = s[f.G_CELL + s[f.WID + k]] - 1;
        if (s[f.WLA + k] === LEG.TODO) out[n++] = code(T.LEG_A, k);
        // A 225B write waits for room in the log; one to a failed or absent member is skipped at once (913).
        const mb = s[f.MEM + 2 * groupOf(c) + 1];
        const writesB = mb === MS.synchronized || mb === MS.notSynchronized;
        if (s[f.WLB + k] === LEG.TODO && (!writesB || admit(s, VOL.B, c) !== 1)) out[n++] = code(T.LEG_B, k);
        if (s[f.WLA + k] !== LEG.TODO && s[f.WLB + k] !== LEG.TODO) out[n++] = code(T.FINISH, k);
      } else if (st === WS.rollingBack && (up & 1) !== 0) {
        const c = s[f.G_CELL + s[f.WID + k]] - 1;
        if (admit(s, VOL.B, c) !== 1) out[n++] = code(T.ROLLBACK, k);
      } else if (st === WS.acknowledged || st === WS.failed || st === WS.unknown) out[n++] = code(T.RETIRE, k);
    }
    // The application at the sync or async site.
    for (let site = 1; site <= 2; site++) {
      if (!((s[f.APPS] >> site) & 1) || ((up >> site) & 1) === 0 || s[f.NEXTW] > W) continue;
      const x = site === 1 ? VOL.C : VOL.D;
      for (let c = 0; c < NC; c++) if (admit(s, x, c) === 0) out[n++] = code(T.WRITE_AT, site, c);
    }
    // The async copy.
    const src = s[f.ASRC];
    const dst = s[f.ADST];
    const ast = s[f.AST];
    const path = ((rm >> (siteOfVol[src] * 3 + siteOfVol[dst])) & 1) !== 0;
    if (s[f.QSENT] < s[f.QLEN] && path && ast === AS.pair) out[n++] = code(T.TRANSFER);
    if (s[f.QSENT] > 0 && ((up >> siteOfVol[dst]) & 1) !== 0 && ast !== AS.suspending) out[n++] = code(T.APPLY);
    if ((ast === AS.pair || ast === AS.resync) && ((up >> siteOfVol[src]) & 1) !== 0 && !path) out[n++] = code(T.ASYNC_FAIL);
    if (ast === AS.suspending) out[n++] = code(T.FLUSH);
    if ((ast === AS.split || ast === AS.suspendedByError) && path && !prior && (ast === AS.suspendedByError || cfg.suspends > 0)) out[n++] = code(T.ASYNC_RESYNC);
    if ((ast === AS.initialCopy || ast === AS.resync) && path && s[f.QLEN] === 0) out[n++] = code(T.ASYNC_COPY);
    if (ast === AS.pair && !prior && s[f.SUSPS] < cfg.suspends && ((up >> siteOfVol[src]) & 1) !== 0) out[n++] = code(T.ASYNC_SUSPEND);
    // The sync pairs.
    for (let g = 0; g < G; g++) {
      const st = s[f.SST + g];
      const ok = ((rm >> (siteOfVol[s[f.SSRC + g]] * 3 + siteOfVol[s[f.SDST + g]])) & 1) !== 0 && !(s[f.SSRC + g] === VOL.A && (s[f.AFAIL] >> g) & 1);
      if ((st === SS.split || st === SS.suspendedByError) && ok && s[f.HELD] === 0 && inFlight(s) === 0) out[n++] = code(T.SYNC_RESYNC, g);
      if ((st === SS.initialCopy || st === SS.resync) && ok) out[n++] = code(T.SYNC_COPY, g);
      if (st === SS.pair && s[f.SUSPS] < cfg.suspends && ((up >> siteOfVol[s[f.SSRC + g]]) & 1) !== 0) out[n++] = code(T.SYNC_SPLIT, g);
      if ((st === SS.error || (st === SS.simplex && procOfMode[s[f.MODE]] === 0 && s[f.PC] > 3)) && ok) out[n++] = code(T.SYNC_RESTART, g);
    }
    // Faults.
    if (s[f.FAULTS] < cfg.faults) {
      for (let i = 0; i < 3; i++) if (s[f.SITE + i] === SI.up && siteMayFail[i]) out[n++] = code(T.FAIL_SITE, i);
      for (let l = 0; l < 3; l++) if (s[f.LINK + l] === LI.up && linkMayFail[l]) out[n++] = code(T.LINK_DOWN, l);
      if (cfg.failAreaA && !(s[f.AFAIL] & 1) && (up & 1) !== 0) out[n++] = code(T.FAIL_AREA);
      if (cfg.suspect && (up & 1) !== 0 && s[f.MODE] === MO.M1) out[n++] = code(T.SUSPECT);
      if (cfg.mirrorAt === 'server' && (up & 1) !== 0 && (s[f.APPS] & 1) !== 0 && s[f.MODE] === MO.M1) out[n++] = code(T.FAIL_MIRROR);
    }
    // [INFERRED] the restarted mirror makes 225B equal 225A where they differ (a write lost in flight
    // may have reached only one), through the log, before the application writes again.
    if (s[f.MIRRORDOWN] && (up & 1) !== 0 && s[f.QLEN] + differing(s) <= QMAX) out[n++] = code(T.MIRROR_RESTART);
    if (cfg.repairLinks) for (let l = 0; l < 3; l++) if (s[f.LINK + l] === LI.down) out[n++] = code(T.LINK_UP, l);
    if (s[f.SITE] === SI.failed && cfg.failbacks.length > 0 && (s[f.MODE] === MO.M5 || s[f.MODE] === MO.M6 || s[f.MODE] === MO.M7)) out[n++] = code(T.RECOVER);
    if (s[f.MODE] === MO.M4 && ((up >> 1) & 1) === 0) out[n++] = code(T.ASSESS);
    // Procedures.
    const p = procOfMode[s[f.MODE]];
    if (p >= 0) {
      if (stepsOf[p][s[f.PC]].ok(s)) out[n++] = code(T.STEP, 0);
      if (p === FIG17 && s[f.PC] === TORN_STEP && s[f.QSENT] > 1) out[n++] = code(T.STEP, 1);
    } else
      for (let j = 0; j < startable.length; j++) {
        const i = startable[j];
        if (startOk[i](s)) out[n++] = code(T.START, i);
      }
    if (prior && s[f.PMODE] === 1 && ((up >> siteOfVol[VOL.B]) & 1) !== 0 && differs(s, VOL.B, VOL.D)) out[n++] = code(T.CYCLE);
    if (prior && s[f.PMODE] === 2 && ((rm >> (siteOfVol[VOL.B] * 3 + 2)) & 1) !== 0) out[n++] = code(T.CYCLE);
    return n;
  }
  const differing = (s: State): number => {
    let n = 0;
    if (rules.memberResync) for (let c = 0; c < NC; c++) if (vol(s, VOL.A, c) !== vol(s, VOL.B, c)) n++;
    return n;
  };
  const differs = (s: State, x: number, y: number): boolean => {
    for (let c = 0; c < NC; c++) if (vol(s, x, c) !== vol(s, y, c)) return true;
    return false;
  };
  const busy = (s: State, c: number): boolean => {
    for (let k = 0; k < K; k++) {
      const st = s[f.WST + k];
      if ((st === WS.writing || st === WS.rollingBack || st === WS.held) && s[f.G_CELL + s[f.WID + k]] - 1 === c) return true;
    }
    return false;
  };

  // ---- the next state ----
  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, a: number, out: State): void {
    const t = actionType(a);
    const x = argA(a);
    const y = argB(a);
    switch (t) {
      case T.ISSUE: {
        const w = out[f.NEXTW]++;
        const g = groupOf(y);
        out[f.WID + x] = w;
        issueGhost(out, w, y, 0);
        if (inFlight(s) > 0) out[f.SEEN] |= SEEN.TWO_IN_FLIGHT;
        if (anyWP(out, g)) {
          // 906-910: nothing is written.
          out[f.WST + x] = step(WRITE, out[f.WST + x], WE.REJECT_PROTECTED);
          answer(out, w, false);
          for (let h = 0; h < G; h++) if (h !== g && out[f.MEM + 2 * h] === MS.writeProtected) out[f.SEEN] |= SEEN.TWO_GROUPS_BLOCKED;
        } else {
          out[f.WST + x] = step(WRITE, out[f.WST + x], WE.ISSUE);
          out[f.WLA + x] = LEG.TODO;
          out[f.WLB + x] = prior ? LEG.SKIPPED : LEG.TODO;
        }
        break;
      }
      case T.LEG_A: {
        const w = out[f.WID + x];
        const c = out[f.G_CELL + w] - 1;
        const g = groupOf(c);
        const m = out[f.MEM + 2 * g];
        if (m !== MS.synchronized && m !== MS.notSynchronized && !(m === MS.writeProtected && protect)) {
          out[f.WLA + x] = LEG.SKIPPED; // 913
        } else if ((out[f.AFAIL] >> g) & 1 && m !== MS.writeProtected) {
          out[f.MEM + 2 * g] = step(MEMBER, m, ME.WRITE_FAILED); // 917
          out[f.WLA + x] = LEG.FAILED;
          if (rules.fig17 && cfg.failAreaA && mode(out) === MO.M1 && !prior) {
            // 1703: Fig. 17 holds the write until 1707 re-issues it to 225B.
            out[f.WST + x] = step(WRITE, out[f.WST + x], WE.HOLD);
            out[f.HELD] = x + 1;
            mstep(out, START_EV.fig17);
            out[f.PC] = 0;
          }
        } else if (m === MS.writeProtected || admit(out, VOL.A, c) === 2 || anyWP(out, g)) {
          // [INFERRED] a member write-protected since this write was issued is a write-protect
          // rejection (918), not a failed member to skip (913): skipping it would acknowledge a
          // write 225C never received (two writes in flight, L455).
          // 915 -> 917: rejected by failure-Suspend write-protect; the pair enters failure Suspend (S4).
          if (out[f.SST + g] === SS.pair || out[f.SST + g] === SS.resync) out[f.SST + g] = step(SYNC, out[f.SST + g], SE.FAILURE);
          if (m !== MS.writeProtected) out[f.MEM + 2 * g] = step(MEMBER, m, ME.WRITE_PROTECTED);
          out[f.WLA + x] = LEG.FAILED;
          out[f.SEEN] |= SEEN.WP_REJECT;
          out[f.G_WPN]++;
          if (mode(out) === MO.M1) mstep(out, oe('WRITE_PROTECT'));
          if (out[f.WLB + x] === LEG.OK && rules.rollback) out[f.WST + x] = step(WRITE, out[f.WST + x], WE.PROTECTED); // 918 -> 920
          else {
            out[f.WST + x] = step(WRITE, out[f.WST + x], WE.FAIL); // 910 / 921 (CE6: 225B keeps it)
            answer(out, w, false);
          }
        } else {
          writeArea(out, VOL.A, c, w);
          out[f.WLA + x] = LEG.OK;
        }
        break;
      }
      case T.LEG_B: {
        const w = out[f.WID + x];
        const c = out[f.G_CELL + w] - 1;
        const g = groupOf(c);
        const m = out[f.MEM + 2 * g + 1];
        if (m !== MS.synchronized && m !== MS.notSynchronized) out[f.WLB + x] = LEG.SKIPPED;
        else if (admit(out, VOL.B, c) === 2) {
          // After Fig. 17 225B is the sync primary: the same rejection.
          out[f.MEM + 2 * g + 1] = step(MEMBER, m, ME.WRITE_PROTECTED);
          out[f.WLB + x] = LEG.FAILED;
          out[f.G_WPN]++;
          out[f.WST + x] = step(WRITE, out[f.WST + x], WE.FAIL);
          answer(out, w, false);
        } else {
          writeArea(out, VOL.B, c, w);
          out[f.WLB + x] = LEG.OK;
        }
        break;
      }
      case T.FINISH: {
        const w = out[f.WID + x];
        const ok = out[f.WLA + x] === LEG.OK || out[f.WLB + x] === LEG.OK; // 919: j >= 1
        out[f.WST + x] = step(WRITE, out[f.WST + x], ok ? WE.ACK : WE.FAIL);
        answer(out, w, ok);
        break;
      }
      case T.ROLLBACK: {
        const w = out[f.WID + x];
        const c = out[f.G_CELL + w] - 1;
        writeArea(out, VOL.B, c, vol(out, VOL.A, c)); // 920: from the write-protected member
        out[f.WST + x] = step(WRITE, out[f.WST + x], WE.ROLLED_BACK);
        answer(out, w, false);
        out[f.SEEN] |= SEEN.ROLLBACK;
        break;
      }
      case T.RETIRE:
        out[f.WST + x] = step(WRITE, out[f.WST + x], WE.RETIRE);
        break;
      case T.WRITE_AT: {
        const w = out[f.NEXTW]++;
        issueGhost(out, w, y, x);
        writeArea(out, x === 1 ? VOL.C : VOL.D, y, w);
        answer(out, w, true);
        break;
      }
      case T.TRANSFER:
        out[f.QSENT]++;
        break;
      case T.APPLY: {
        const e = out[f.Q];
        out[f.V + out[f.ADST] * NC + (e >> 5)] = e & 31; // L295: in time-sequence order
        for (let i = 1; i < out[f.QLEN]; i++) out[f.Q + i - 1] = out[f.Q + i];
        out[f.Q + --out[f.QLEN]] = 0;
        out[f.QSENT]--;
        break;
      }
      case T.ASYNC_FAIL:
        out[f.AST] = step(ASYNC, out[f.AST], AE.SUSPEND_BEGIN);
        out[f.AFAILED] = 1;
        break;
      case T.ASYNC_SUSPEND:
        out[f.AST] = step(ASYNC, out[f.AST], AE.SUSPEND_BEGIN);
        out[f.AFAILED] = 0;
        out[f.SUSPS]++;
        break;
      case T.FLUSH: {
        // L307-L309: what the destination received is reflected, the rest become write positions.
        const dst = out[f.ADST];
        const up = siteUp(out, volSite(dst));
        for (let i = 0; i < out[f.QLEN]; i++) {
          const e = out[f.Q + i];
          if (i < out[f.QSENT] && up) out[f.V + dst * NC + (e >> 5)] = e & 31;
          else out[f.ADIFF] |= 1 << (e >> 5);
          out[f.Q + i] = 0;
        }
        out[f.QLEN] = out[f.QSENT] = 0;
        out[f.AST] = step(ASYNC, out[f.AST], out[f.AFAILED] ? AE.FLUSHED_FAILURE : AE.FLUSHED);
        out[f.AFAILED] = 0;
        break;
      }
      case T.ASYNC_RESYNC:
        out[f.AST] = step(ASYNC, out[f.AST], AE.RESYNC);
        break;
      case T.ASYNC_COPY: {
        const src = out[f.ASRC];
        const dst = out[f.ADST];
        for (let c = 0; c < NC; c++) if ((out[f.ADIFF] >> c) & 1) out[f.V + dst * NC + c] = out[f.V + src * NC + c];
        out[f.ADIFF] = 0;
        out[f.AST] = step(ASYNC, out[f.AST], out[f.AST] === AS.initialCopy ? AE.INITIAL_COPY_DONE : AE.RESYNC_DONE);
        break;
      }
      case T.SYNC_RESYNC:
        out[f.SST + x] = step(SYNC, out[f.SST + x], SE.RESYNC);
        break;
      case T.SYNC_COPY: {
        const src = out[f.SSRC + x];
        const dst = out[f.SDST + x];
        const wasWP = out[f.MEM + 2 * x] === MS.writeProtected;
        for (let a2 = 0; a2 < NA; a2++) {
          const c = x * NA + a2;
          if ((out[f.SDIFF + x] >> a2) & 1) out[f.V + dst * NC + c] = out[f.V + src * NC + c];
        }
        out[f.SDIFF + x] = 0;
        out[f.SST + x] = step(SYNC, out[f.SST + x], out[f.SST + x] === SS.initialCopy ? SE.INITIAL_COPY_DONE : SE.RESYNC_DONE);
        out[f.G_SPLITS_DONE] = out[f.G_SPLITS];
        if (wasWP) {
          out[f.MEM + 2 * x] = step(MEMBER, MS.writeProtected, ME.RESYNCED);
          out[f.SEEN] |= SEEN.RESYNC_WP;
        }
        if (out[f.MEM + 2 * x + 1] === MS.writeProtected) out[f.MEM + 2 * x + 1] = step(MEMBER, MS.writeProtected, ME.RESYNCED);
        let wp = false;
        for (let g = 0; g < G; g++) if (out[f.MEM + 2 * g] === MS.writeProtected || out[f.MEM + 2 * g + 1] === MS.writeProtected) wp = true;
        if (!wp) {
          out[f.G_WPCLR] = out[f.G_WPN];
          if (mode(out) === MO.M3) mstep(out, oe('RESYNCED'));
        }
        break;
      }
      case T.SYNC_RESTART:
        if (out[f.SST + x] === SS.error) out[f.SST + x] = step(SYNC, SS.error, SE.DELETE_PAIR);
        else {
          out[f.SST + x] = step(SYNC, SS.simplex, SE.CREATE_PAIR);
          out[f.SDIFF + x] = (1 << NA) - 1;
        }
        break;
      case T.SYNC_SPLIT:
        out[f.SST + x] = step(SYNC, out[f.SST + x], SE.SPLIT);
        out[f.SUSPS]++;
        out[f.G_SPLITS]++;
        break;
      case T.FAIL_SITE:
        out[f.FAULTS]++;
        failSite(out, x);
        break;
      case T.LINK_DOWN:
        out[f.FAULTS]++;
        out[f.LINK + x] = step(LINK, out[f.LINK + x], LE.DOWN);
        break;
      case T.LINK_UP:
        out[f.LINK + x] = step(LINK, out[f.LINK + x], LE.REPAIR);
        break;
      case T.FAIL_AREA:
        out[f.FAULTS]++;
        out[f.AFAIL] |= 1;
        break;
      case T.SUSPECT:
        out[f.FAULTS]++;
        mstep(out, oe('PRIMARY_FAILED'));
        break;
      case T.RECOVER:
        out[f.SITE] = step(SITE, out[f.SITE], SIE.RECOVER);
        member(out, 0, ME.REMOVE); // 1101, 1501: no mirror configuration, no pair information
        member(out, 1, ME.REMOVE);
        out[f.AFAIL] = 0;
        for (let k = 0; k < K; k++) if (out[f.WST + k] !== WS.idle) out[f.WST + k] = step(WRITE, out[f.WST + k], WE.RETIRE);
        break;
      case T.FAIL_MIRROR:
        out[f.FAULTS]++;
        out[f.MIRRORDOWN] = 1;
        out[f.APPS] &= ~1; // the application's I/O path is down; the storage runs on
        for (let k = 0; k < K; k++) {
          const st = out[f.WST + k];
          if (st === WS.writing || st === WS.rollingBack) {
            out[f.WST + k] = step(WRITE, st, WE.LOST);
            out[f.G_ACK + out[f.WID + k]] = ACK.UNKNOWN;
          }
        }
        break;
      case T.MIRROR_RESTART:
        for (let c = 0; c < NC; c++)
          if (rules.memberResync && vol(out, VOL.A, c) !== vol(out, VOL.B, c)) {
            writeArea(out, VOL.B, c, vol(out, VOL.A, c));
            out[f.SEEN] |= SEEN.MEMBER_RESYNC;
          }
        out[f.MIRRORDOWN] = 0;
        resume(out, 0, VOL.A, false);
        break;
      case T.ASSESS:
        mstep(out, oe('SYNC_FAILED'));
        break;
      case T.START:
        mstep(out, startEvOf[x]);
        out[f.PC] = 0;
        break;
      case T.STEP: {
        const p = procOf(out);
        if (p === FIG17 && out[f.PC] === TORN_STEP && x === 1) asyncToSimplex(out, true);
        else stepsOf[p][out[f.PC]].run(out);
        out[f.PC] = inProc(out) ? out[f.PC] + 1 : 0;
        // The operators see the procedure complete with its remote copies established: the history it
        // resumed is settled (not so a Fig. 10 that skipped 1005: the sync site runs unprotected).
        if (!inProc(out) && mode(out) !== MO.M8 && mode(out) !== MO.M4 && !pathless(out)) out[f.G_SETTLED] = out[f.G_EP];
        return;
      }
      case T.CYCLE:
        // Prior art (L67-L81): mode 1 -> 2 freezes the duplicate (kept in the backup area), mode 2
        // -> 1 ends once it is copied to the third site. The copy lands at once, never half done:
        // that only favours the prior art in the comparison.
        if (out[f.PMODE] === 1) {
          copyArea(out, VOL.B, 4);
          out[f.PMODE] = 2;
        } else {
          copyArea(out, 4, VOL.D);
          out[f.PMODE] = 1;
        }
        break;
    }
  }

  // ---- JSON at the edges ----
  function actionToJson(_s: State, c: number): Action {
    const t = actionType(c);
    const a = argA(c);
    const b = argB(c);
    const type = NAMES[t];
    switch (t) {
      case T.ISSUE:
        return { type, slot: a, address: b };
      case T.LEG_A:
      case T.LEG_B:
      case T.FINISH:
      case T.ROLLBACK:
      case T.RETIRE:
        return { type, slot: a };
      case T.WRITE_AT:
        return { type, site: SITE_NAME[a], address: b };
      case T.SYNC_RESYNC:
      case T.SYNC_COPY:
      case T.SYNC_SPLIT:
      case T.SYNC_RESTART:
        return { type, group: a };
      case T.FAIL_SITE:
        return { type, site: SITE_NAME[a] };
      case T.LINK_DOWN:
      case T.LINK_UP:
        return { type, link: LINK_NAME[a] };
      case T.START:
        return { type, procedure: PROCS[a] };
      case T.STEP:
        return a ? { type, torn: true } : { type };
      default:
        return { type };
    }
  }
  function actionFromJson(j: Action): number | undefined {
    const t = Object.entries(NAMES).find(([, n]) => n === j.type)?.[0];
    if (t === undefined) return undefined;
    const type = Number(t);
    const num = (k: string): number | undefined => (typeof j[k] === 'number' && Number.isInteger(j[k]) && (j[k] as number) >= 0 && (j[k] as number) < 16 ? (j[k] as number) : undefined);
    const named = (k: string, names: readonly string[]): number | undefined => (typeof j[k] === 'string' && names.includes(j[k] as string) ? names.indexOf(j[k] as string) : undefined);
    switch (type) {
      case T.ISSUE: {
        const a = num('slot');
        const b = num('address');
        return a === undefined || b === undefined ? undefined : code(type, a, b);
      }
      case T.LEG_A:
      case T.LEG_B:
      case T.FINISH:
      case T.ROLLBACK:
      case T.RETIRE: {
        const a = num('slot');
        return a === undefined ? undefined : code(type, a);
      }
      case T.WRITE_AT: {
        const a = named('site', SITE_NAME);
        const b = num('address');
        return a === undefined || b === undefined ? undefined : code(type, a, b);
      }
      case T.SYNC_RESYNC:
      case T.SYNC_COPY:
      case T.SYNC_SPLIT:
      case T.SYNC_RESTART: {
        const a = num('group');
        return a === undefined ? undefined : code(type, a);
      }
      case T.FAIL_SITE: {
        const a = named('site', SITE_NAME);
        return a === undefined ? undefined : code(type, a);
      }
      case T.LINK_DOWN:
      case T.LINK_UP: {
        const a = named('link', LINK_NAME);
        return a === undefined ? undefined : code(type, a);
      }
      case T.START: {
        const a = named('procedure', PROCS);
        return a === undefined ? undefined : code(type, a);
      }
      case T.STEP:
        return code(type, j.torn === true ? 1 : 0);
      default:
        return code(type);
    }
  }
  function view(s: State): Record<string, Json> {
    const area = (x: number): Json => Array.from({ length: NC }, (_, c) => (vol(s, x, c) === 0 ? '-' : `w${vol(s, x, c)}`));
    const writes: Record<string, Json> = {};
    for (let w = 1; w < s[f.NEXTW]; w++) {
      const o: Record<string, Json> = { address: s[f.G_CELL + w] - 1, site: SITE_NAME[s[f.G_SITE + w] - 1], answer: ACK_NAME[s[f.G_ACK + w]] };
      if (s[f.G_SEQ + w]) o.ackOrder = s[f.G_SEQ + w];
      if (s[f.G_WIN + w] === 2) o.reducedProtection = true;
      if (s[f.G_LOST + w]) o.lost = true;
      if (s[f.G_BLOCKED + w] === 2) o.afterWriteProtect = true;
      writes[`w${w}`] = o;
    }
    return {
      mode: MODE.states[s[f.MODE]],
      ...(inProc(s) ? { procedureStep: s[f.PC] } : {}),
      sites: Object.fromEntries(SITE_NAME.map((n, i) => [n, SITE.states[s[f.SITE + i]]])),
      links: Object.fromEntries(LINK_NAME.map((n, i) => [n, LINK.states[s[f.LINK + i]]])),
      application: SITE_NAME.filter((_, i) => (s[f.APPS] >> i) & 1),
      areas: { A: area(VOL.A), B: area(VOL.B), C: area(VOL.C), D: area(VOL.D), ...(s[f.SNAPV] ? { backupD: area(4) } : {}) },
      ...(s[f.AFAIL] ? { failedA: s[f.AFAIL] } : {}),
      ...(s[f.MIRRORDOWN] ? { mirrorProgram: 'down' } : {}),
      members: Array.from({ length: G }, (_, g) => ({ A: MEMBER.states[s[f.MEM + 2 * g]], B: MEMBER.states[s[f.MEM + 2 * g + 1]] })),
      syncPairs: Array.from({ length: G }, (_, g) => ({ state: SYNC.states[s[f.SST + g]], from: VOL_NAME[s[f.SSRC + g]], to: VOL_NAME[s[f.SDST + g]], diff: s[f.SDIFF + g] })),
      asyncPair: {
        state: ASYNC.states[s[f.AST]],
        from: VOL_NAME[s[f.ASRC]],
        to: VOL_NAME[s[f.ADST]],
        diff: s[f.ADIFF],
        log: Array.from({ length: s[f.QLEN] }, (_, i) => `${i < s[f.QSENT] ? 'sent ' : ''}@${s[f.Q + i] >> 5}=w${s[f.Q + i] & 31}`),
      },
      slots: Array.from({ length: K }, (_, k) => ({ state: WRITE.states[s[f.WST + k]], write: s[f.WID + k], a: s[f.WLA + k], b: s[f.WLB + k] })),
      ghost: { writes, ...(s[f.G_LOSS] ? { lastLoss: s[f.G_LOSS] - 1 } : {}), epoch: s[f.G_EP] },
    };
  }

  const machines: { table: MachineTable; offsets: number[] }[] = [
    { table: SYNC, offsets: Array.from({ length: G }, (_, g) => f.SST + g) },
    { table: ASYNC, offsets: [f.AST] },
    { table: MEMBER, offsets: Array.from({ length: 2 * G }, (_, i) => f.MEM + i) },
    { table: WRITE, offsets: Array.from({ length: K }, (_, k) => f.WST + k) },
    { table: SITE, offsets: [f.SITE, f.SITE + 1, f.SITE + 2] },
    { table: LINK, offsets: [f.LINK, f.LINK + 1, f.LINK + 2] },
    { table: MODE, offsets: [f.MODE] },
  ];

  return {
    stateSize: SIZE,
    fields: f as unknown as Record<string, number>,
    maxActions: 3 * NC + 3 * K + 3 * G + 40,
    init: () => [initState()],
    actions,
    next,
    update,
    fair: (c) => FAIR.has(actionType(c)) || actionType(c) === T.START,
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
    k: { G, NA, NC, W, K, QMAX, f, cfg, rules },
    volSite,
    covers,
    present,
    runningVolume,
    inFlight,
    MS,
    SS,
    AS,
    MO,
  };
}

