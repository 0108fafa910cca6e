// Seed 000 (JP 2003-205617) as an explorable model: P writes each host write as a journal into a
// ring of blocks on a passive intermediate store I before acknowledging (図9, host-write.ts); P
// publishes its control information and frees queue space only from S's (図10, primary-control.ts);
// S pulls, verifies, reflects and then publishes, and on P's loss drains every valid journal left on
// I, past PCI, with the checks of 【0139】【0140】 (図12, 図13, secondary.ts); failures suspend the pair
// with bitmaps on both sides (図11, failures.ts) and a resync copies the OR of both (図14, resync.ts).
// Embodiments 2-5 are configuration switches. This file lists the actions, in the order the
// fault-free completion tries them, and turns them into JSON and views.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { nextFrom } from '../../engine/layout.js';
import { LINKS, type JournalConfig, type JournalRules } from './config.js';
import { failuresPart } from './failures.js';
import { hostWritePart } from './host-write.js';
import { buildKernel, CORRUPT, H, M, MODE, PAIR, PS, STATUS, W, type Kernel } from './kernel.js';
import { primaryControlPart } from './primary-control.js';
import { resyncPart } from './resync.js';
import { secondaryPart } from './secondary.js';

// Action types, in the order the fault-free completion tries them. Fair first, then host work,
// then faults and operator interventions.
export const A = {
  S_RECOVER: 0,
  I_RECOVER: 1,
  LINK_RECOVER: 2,
  P_RECOVER: 3,
  JOURNAL: 4,
  JOURNAL_FAIL: 5,
  ADVANCE: 6,
  ACK: 7,
  RESEND: 8,
  SWITCH_PATH: 9,
  SWITCH_ALT: 10,
  ALT_SEND: 11,
  SWITCH_BACK: 12,
  P_CONTROL: 13,
  S_FETCH: 14,
  S_APPLY: 15,
  S_PUBLISH: 16,
  S_DETECT_P: 17,
  S_DRAIN: 18,
  S_DRAIN_END: 19,
  S_DETECT_I: 20,
  P_DETECT: 21,
  RESYNC: 22,
  REVERSE_RESYNC: 23,
  RESYNC_COPY: 24,
  RESYNC_DONE: 25,
  RESYNC_ABORT: 26,
  DELETE_PAIR: 27,
  CREATE_PAIR: 28,
  INITIAL_COPY_DONE: 29,
  TICK: 30,
  WRITE: 31,
  S_WRITE: 32,
  P_LOSS: 33,
  P_RECOVER_LOST: 34,
  S_CRASH: 35,
  S_CRASH_LOST: 36,
  I_FAIL: 37,
  I_FAIL_LOST: 38,
  LINK_DOWN: 39,
  MEDIA_ERROR: 40,
  OPERATOR_SUSPEND: 41,
  TAKEOVER: 42,
  RESYNC_ATTEMPT: 43,
  FOREIGN_WRITE: 44,
} as const;
const NAMES = [
  'secondaryRecover',
  'intermediateRecover',
  'linkRecover',
  'primaryRecover',
  'journalWrite',
  'journalWriteFails',
  'advanceNext',
  'acknowledge',
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
  'tick',
  'write',
  'secondaryHostWrite',
  'primaryLoss',
  'primaryRecoverDataLost',
  'secondaryCrash',
  'secondaryCrashDataLost',
  'intermediateFailure',
  'intermediateFailureDataLost',
  'linkDown',
  'mediaError',
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
  [A.RESEND]: 'group',
  [A.P_CONTROL]: 'group',
  [A.SWITCH_ALT]: 'group',
  [A.SWITCH_BACK]: 'group',
  [A.JOURNAL]: 'write',
  [A.JOURNAL_FAIL]: 'write',
  [A.ADVANCE]: 'write',
  [A.ACK]: 'write',
  [A.WRITE]: 'address',
  [A.S_WRITE]: 'address',
  [A.MEDIA_ERROR]: 'block',
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
  /** The state layout and shared predicates the property module reads. */
  readonly k: Kernel;
}

export function buildJournalModel(cfg: JournalConfig, rules: JournalRules): JournalModel {
  const k = buildKernel(cfg, rules);
  const { f, WN, AN, B, G, L, NS, NI, laneGroup } = k;
  const host = hostWritePart(k);
  const control = primaryControlPart(k, host);
  const secondary = secondaryPart(k);
  const failures = failuresPart(k, host, control, secondary);
  const resync = resyncPart(k);
  const linkable = (x: number): boolean => cfg.links.includes(LINKS[x]);
  const sizes = cfg.writeSizes;
  // A write's argument: address * 4 + size in blocks.
  const writeArg = (a: number, n: number): number => a * 4 + n;

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const alive = s[f.P_ALIVE] === 1;
    for (let i = 0; i < NS; i++) if (!s[f.S_UP + i]) out[n++] = code(A.S_RECOVER, i);
    for (let i = 0; i < NI; i++) if (!s[f.I_UP + i]) out[n++] = code(A.I_RECOVER, i);
    for (let x = 0; x < 3; x++) if (!k.linkUp(s, x)) out[n++] = code(A.LINK_RECOVER, x);
    const recoverable = cfg.primaryRecovery !== 'none' && failures.canRecoverP(s);
    if (recoverable) out[n++] = code(A.P_RECOVER);
    for (let w = 0; w < s[f.NW]; w++) {
      if (host.canJournal(s, w)) out[n++] = code(A.JOURNAL, w);
      if (host.canFailJournal(s, w)) out[n++] = code(A.JOURNAL_FAIL, w);
      if (host.canAdvance(s, w)) out[n++] = code(A.ADVANCE, w);
      if (host.canAck(s, w)) out[n++] = code(A.ACK, w);
    }
    for (let g = 0; g < G; g++) if (control.canResend(s, g)) out[n++] = code(A.RESEND, g);
    for (let i = 0; i < NI; i++) if (control.canSwitchPath(s, i)) out[n++] = code(A.SWITCH_PATH, i);
    for (let g = 0; g < G; g++) {
      if (control.canSwitchAlt(s, g)) out[n++] = code(A.SWITCH_ALT, g);
      if (control.canSwitchBack(s, g)) out[n++] = code(A.SWITCH_BACK, g);
    }
    for (let l = 0; l < L; l++) if (control.canAltSend(s, l)) out[n++] = code(A.ALT_SEND, l);
    for (let g = 0; g < G; g++) if (control.canControl(s, g)) out[n++] = code(A.P_CONTROL, g);
    for (let l = 0; l < L; l++) {
      if (secondary.canFetch(s, l)) out[n++] = code(A.S_FETCH, l);
      if (secondary.canApply(s, l)) out[n++] = code(A.S_APPLY, l);
      if (secondary.canPublish(s, l)) out[n++] = code(A.S_PUBLISH, l);
      if (secondary.canDetectP(s, l)) out[n++] = code(A.S_DETECT_P, l);
      if (secondary.canDrain(s, l)) out[n++] = code(A.S_DRAIN, l);
      else if (secondary.canDrainEnd(s, l)) out[n++] = code(A.S_DRAIN_END, l);
      if (secondary.canDetectI(s, l)) out[n++] = code(A.S_DETECT_I, l);
      if (failures.canDetectAtP(s, l)) out[n++] = code(A.P_DETECT, l);
      if (resync.canResync(s, l)) out[n++] = code(A.RESYNC, l);
      if (resync.canReverse(s, l)) out[n++] = code(A.REVERSE_RESYNC, l);
      if (resync.canAbort(s, l)) out[n++] = code(A.RESYNC_ABORT, l);
      else if (resync.canCopy(s, l)) out[n++] = code(A.RESYNC_COPY, l);
      else if (resync.canFinish(s, l)) out[n++] = code(A.RESYNC_DONE, l);
      if (resync.canDelete(s, l)) out[n++] = code(A.DELETE_PAIR, l);
      if (resync.canCreate(s, l)) out[n++] = code(A.CREATE_PAIR, l);
      if (resync.canInitialCopy(s, l)) out[n++] = code(A.INITIAL_COPY_DONE, l);
    }
    if (failures.canTick(s)) out[n++] = code(A.TICK);
    for (let a = 0; a < AN; a++) for (const sz of sizes) if (host.canWrite(s, a, sz)) out[n++] = code(A.WRITE, writeArg(a, sz));
    if (cfg.takeover) for (let a = 0; a < AN; a++) for (const sz of sizes) if (host.canWriteAtS(s, a, sz)) out[n++] = code(A.S_WRITE, writeArg(a, sz));
    if (cfg.primaryLoss && alive && s[f.P_LOSSES] < 1) out[n++] = code(A.P_LOSS);
    if (cfg.primaryRecovery === 'intact-or-lost' && failures.canRecoverP(s)) out[n++] = code(A.P_RECOVER_LOST);
    if (s[f.S_CRASHES] < cfg.secondaryCrashes) {
      for (let i = 0; i < NS; i++) {
        if (!s[f.S_UP + i]) continue;
        out[n++] = code(A.S_CRASH, i);
        let atP = true;
        for (const l of k.secLanes[i]) if (s[f.BIZ + laneGroup[l]] !== 0) atP = false;
        if (cfg.secondaryDataLoss && (alive || atP)) out[n++] = code(A.S_CRASH_LOST, i);
      }
    }
    if (s[f.I_FAILS] < cfg.intermediateFailures) {
      for (let i = 0; i < NI; i++) {
        if (!s[f.I_UP + i]) continue;
        out[n++] = code(A.I_FAIL, i);
        if (cfg.intermediateDataLoss) out[n++] = code(A.I_FAIL_LOST, i);
      }
    }
    if (s[f.LINK_FAILS] < cfg.linkFailures) for (let x = 0; x < 3; x++) if (linkable(x) && k.linkUp(s, x)) out[n++] = code(A.LINK_DOWN, x);
    if (cfg.mediaErrors > 0) for (let x = 0; x < NI * B; x++) if (failures.canMediaError(s, x)) out[n++] = code(A.MEDIA_ERROR, x);
    for (let l = 0; l < L; l++) {
      if (resync.canOperatorSuspend(s, l)) out[n++] = code(A.OPERATOR_SUSPEND, l);
      if (resync.canTakeover(s, l)) out[n++] = code(A.TAKEOVER, l);
      if (resync.canAttempt(s, l)) out[n++] = code(A.RESYNC_ATTEMPT, l);
    }
    if (failures.canForeignWrite(s)) out[n++] = code(A.FOREIGN_WRITE);
    return n;
  }

  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, c: number, out: State): void {
    const arg = argOf(c);
    const t = typeOf(c);
    switch (t) {
      case A.S_RECOVER:
        return failures.recoverS(s, out, arg);
      case A.I_RECOVER:
        return failures.recoverI(s, out, arg);
      case A.LINK_RECOVER:
        return failures.recoverLink(s, out, arg);
      case A.P_RECOVER:
      case A.P_RECOVER_LOST:
        return failures.recoverP(s, out, t === A.P_RECOVER_LOST);
      case A.JOURNAL:
        return host.journal(s, out, arg);
      case A.JOURNAL_FAIL:
        return host.failJournal(s, out, arg);
      case A.ADVANCE:
        return host.advance(s, out, arg);
      case A.ACK:
        return host.ack(s, out, arg);
      case A.RESEND:
        return control.resend(s, out, arg);
      case A.SWITCH_PATH:
        return control.switchPath(s, out, arg);
      case A.SWITCH_ALT:
        return control.switchAlt(s, out, arg);
      case A.ALT_SEND:
        return control.altSend(s, out, arg);
      case A.SWITCH_BACK:
        return control.switchBack(s, out, arg);
      case A.P_CONTROL:
        return control.control(s, out, arg);
      case A.S_FETCH:
        return secondary.fetch(s, out, arg);
      case A.S_APPLY:
        return secondary.apply(s, out, arg);
      case A.S_PUBLISH:
        return secondary.publish(s, out, arg);
      case A.S_DETECT_P:
        return secondary.detectP(s, out, arg);
      case A.S_DRAIN:
        return secondary.drain(s, out, arg);
      case A.S_DRAIN_END:
        return secondary.drainEnd(s, out, arg);
      case A.S_DETECT_I:
        return secondary.detectI(s, out, arg);
      case A.P_DETECT:
        return failures.detectAtP(s, out, arg);
      case A.RESYNC:
        return resync.resync(s, out, arg);
      case A.REVERSE_RESYNC:
        return resync.reverse(s, out, arg);
      case A.RESYNC_COPY:
        return resync.copy(s, out, arg);
      case A.RESYNC_DONE:
        return resync.finish(s, out, arg);
      case A.RESYNC_ABORT:
        return resync.abort(s, out, arg);
      case A.DELETE_PAIR:
        return resync.remove(s, out, arg);
      case A.CREATE_PAIR:
        return resync.create(s, out, arg);
      case A.INITIAL_COPY_DONE:
        return resync.initialCopy(s, out, arg);
      case A.TICK:
        return failures.tick(s, out);
      case A.WRITE:
        return host.write(s, out, arg >> 2, arg & 3);
      case A.S_WRITE:
        return host.writeAtS(s, out, arg >> 2, arg & 3);
      case A.P_LOSS:
        return failures.loseP(s, out);
      case A.S_CRASH:
      case A.S_CRASH_LOST:
        return failures.crashS(s, out, arg, t === A.S_CRASH_LOST);
      case A.I_FAIL:
      case A.I_FAIL_LOST:
        return failures.failI(s, out, arg, t === A.I_FAIL_LOST);
      case A.LINK_DOWN:
        return failures.failLink(s, out, arg);
      case A.MEDIA_ERROR:
        return failures.mediaError(s, out, arg);
      case A.OPERATOR_SUSPEND:
        return resync.operatorSuspend(s, out, arg);
      case A.TAKEOVER:
        return resync.takeover(s, out, arg);
      case A.RESYNC_ATTEMPT:
        return resync.attempt(s, out, arg);
      case A.FOREIGN_WRITE:
        return failures.foreignWrite(s, out);
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  // ---- JSON at the edges ---------------------------------------------------------------

  function actionToJson(_s: State, c: number): Action {
    const t = typeOf(c);
    const name = ARG[t];
    const arg = argOf(c);
    if (!name) return { type: NAMES[t] };
    if (name === 'link') return { type: NAMES[t], link: LINKS[arg] };
    if (name === 'address') return { type: NAMES[t], address: arg >> 2, blocks: arg & 3 };
    if (name === 'block') return { type: NAMES[t], intermediate: Math.floor(arg / B), block: arg % B };
    return { type: NAMES[t], [name]: arg };
  }

  const int = (v: Json | undefined, bound: number): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < bound ? v : undefined;
  function actionFromJson(a: Action): number | undefined {
    const t = NAMES.indexOf(a.type);
    if (t < 0) return undefined;
    const name = ARG[t];
    if (!name) return code(t);
    if (name === 'link') {
      const x = LINKS.indexOf(a.link as never);
      return x < 0 ? undefined : code(t, x);
    }
    if (name === 'address') {
      const addr = int(a.address, AN);
      const n = int(a.blocks, 4);
      return addr === undefined || n === undefined || !sizes.includes(n) ? undefined : code(t, writeArg(addr, n));
    }
    if (name === 'block') {
      const i = int(a.intermediate, NI);
      const j = int(a.block, B);
      return i === undefined || j === undefined ? undefined : code(t, i * B + j);
    }
    const bound = name === 'write' ? WN : name === 'lane' ? L : name === 'secondary' ? NS : name === 'intermediate' ? NI : G;
    const v = int(a[name], bound);
    return v === undefined ? undefined : code(t, v);
  }

  // Stryker disable all: presentation for traces and replay, checked by properties/cli.test.ts, not a rule of the design.
  function view(s: State): Record<string, Json> {
    const val = (v: number): Json => (v === 0 ? null : v > 0 ? `w${v - 1}` : v === CORRUPT ? 'corrupt' : `leftover${-10 - v}`);
    const img = (at: number, addrs: number[]): Record<string, Json> => Object.fromEntries(addrs.map((a) => [`a${a}`, val(s[at + a])]));
    const bits = (at: number): Json => Array.from({ length: AN }, (_, a) => a).filter((a) => s[at + a]).map((a) => `a${a}`);
    const all = Array.from({ length: AN }, (_, a) => a);
    const told = (v: number): string =>
      v === H.PENDING ? 'pending' : v === H.BUSY ? 'busy' : v === H.AT_S ? 'acknowledged at S' : v >= H.AT_P ? `acknowledged at P${v > H.AT_P ? ' in PAIR' : ''}` : '-';
    return {
      primary: {
        state: s[f.P_ALIVE] ? 'alive' : 'lost',
        dataLost: s[f.P_LOST] === 1,
        volume: img(f.VP, all),
        ...(cfg.detection === 'heartbeat' ? { clockPeriodsSincePublish: Array.from({ length: G }, (_, g) => s[f.AGE_P + g]) } : {}),
      },
      links: Object.fromEntries(LINKS.map((x, i) => [x, k.linkUp(s, i) ? 'up' : 'down'])),
      writes: Array.from({ length: s[f.NW] }, (_, w) => {
        const journal = s[f.J_ID + w] ? ` #${s[f.J_ID + w]}@${s[f.J_POS + w]}${s[f.J_DONE + w] < s[f.W_SIZE + w] ? ` ${s[f.J_DONE + w]}/${s[f.W_SIZE + w]} written` : ''}` : '';
        return `w${w} a${s[f.W_ADDR + w]}${s[f.W_SIZE + w] > 1 ? `+${s[f.W_SIZE + w] - 1}` : ''}${journal} ${STATUS[s[f.W_ST + w]]}${s[f.W_UPD + w] ? ' upd' : ''}`;
      }),
      host: Object.fromEntries(Array.from({ length: s[f.NW] }, (_, w) => [`w${w}`, told(s[f.H_ST + w])])),
      groups: Array.from({ length: G }, (_, g) => ({
        business: s[f.BIZ + g] ? 'secondary' : 'primary',
        ...(s[f.P_FENCED + g] ? { primaryFenced: true } : {}),
        primaryControl: { head: s[f.PH + g], next: s[f.PN + g], reserved: s[f.PR + g], lastId: s[f.PNID + g] },
        pci: { head: s[f.PCI_H + g], end: s[f.PCI_END + g] },
        ...(cfg.alternatePath ? { alternatePath: s[f.ALT + g] === 1 } : {}),
      })),
      intermediates: Array.from({ length: NI }, (_, i) => {
        const ring: Record<string, Json> = {};
        for (let j = 0; j < B; j++) {
          const x = i * B + j;
          const wr = s[f.BLK_W + x];
          if (wr === 0) continue;
          const rec = wr > 0 ? `w${wr - 1} #${s[f.J_ID + wr - 1]}` : `leftover${-wr - 1}`;
          ring[`block${j}`] = `${rec} part ${s[f.BLK_B + x]}${s[f.BLK_OK + x] ? '' : ' CORRUPT'}`;
        }
        return { state: s[f.I_UP + i] ? (s[f.I_LOST + i] ? 'up, contents lost' : 'up') : 'failed', ...(s[f.I_BLOCK + i] ? { blockaded: true } : {}), ring };
      }),
      lanes: Array.from({ length: L }, (_, l) => ({
        group: laneGroup[l],
        secondary: k.laneSec[l],
        pair: PAIR.states[s[f.PAIR_ST + l]],
        sci: s[f.SCI + l],
        secondaryHead: `${s[f.S_POS + l]} after #${s[f.LAST_ID + l]}${s[f.S_PART + l] ? ` + ${s[f.S_PART + l]} block(s)` : ''}`,
        mode: MODE[s[f.S_MODE + l]],
        buffer: s[f.BUF_N + l] ? `${s[f.BUF_N + l]} block(s)${s[f.BUF_OK + l] ? '' : ' FAILING VERIFICATION'}` : null,
        primaryBitmap: s[f.BMP_ON + l] ? bits(f.BM_P + l * AN) : null,
        resyncBitmap: s[f.PAIR_ST + l] === PS.RESYNCING || s[f.PAIR_ST + l] === PS.REVERSING ? bits(f.RS_BM + l * AN) : null,
        ...(cfg.detection === 'heartbeat' ? { staleSamplesOfP: s[f.STALE_P + l], staleSamplesOfS: s[f.STALE_S + l] } : {}),
      })),
      secondaries: Array.from({ length: NS }, (_, i) => ({
        state: s[f.S_UP + i] ? 'up' : 'crashed',
        dataLost: s[f.S_LOST + i] === 1,
        bitmap: bits(f.BM_S + i * AN),
        volume: img(f.VS + i * AN, all),
      })),
    };
  }

  // Stryker restore all
  return {
    k,
    stateSize: k.SIZE,
    fields: k.f,
    maxActions: 8 * WN + 4 * AN * sizes.length + NI * B + 4 * NI + 3 * 2 + 16 + (LANE_ACTIONS.length + 4) * L + 4 * G,
    init: () => {
      const s = new Int32Array(k.SIZE);
      s[f.P_ALIVE] = 1;
      s.fill(1, f.LINK, f.LINK + 3);
      s.fill(1, f.I_UP, f.I_UP + NI);
      s.fill(1, f.S_UP, f.S_UP + NS);
      s.fill(PAIR.initial, f.PAIR_ST, f.PAIR_ST + L);
      if (cfg.leftovers) {
        // The queue area held another group's queue: its records are still there (【0048】).
        for (let i = 0; i < NI; i++)
          for (let j = 0; j < B; j++) {
            s[f.BLK_W + i * B + j] = -(j + 1);
            s[f.BLK_OK + i * B + j] = 1;
          }
      }
      return [s];
    },
    actions,
    next,
    update,
    fair: (c) => typeOf(c) < A.WRITE,
    fault: (c) => typeOf(c) >= A.P_LOSS,
    machines: [{ table: PAIR, offsets: Array.from({ length: L }, (_, l) => f.PAIR_ST + l) }],
    actionToJson,
    actionFromJson,
    actionTypes: NAMES,
    actionType: typeOf,
    view,
    always: [],
    step: [],
    sometimes: [],
    eventually: [],
  };
}

export { H, M, PS, W };
