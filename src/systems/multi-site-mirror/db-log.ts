// Third embodiment (Figs. 19-21, L739-L880): the database ships its transaction log to the async
// site instead of a storage async copy. At the primary a commit writes its log record into AL, which
// a sync pair copies to CL at the sync site (L759, L776-L778); table pages reach AD (and by sync CD)
// only at a checkpoint (write-back, L759). The log transmission program sends log records to the
// async site, where the reception program appends them to DL and applies them to DD (L780-L796).
// Logs reflected in the data and "unnecessary" are purged. When the primary fails, Fig. 21 decides
// from the log IDs (continuous numbering, so that a missing number can be recognised, L763-L769)
// whether shipping the sync site's newer logs closes the gap or a full copy is needed.
//
// Log IDs are query numbers 1..N; sets of IDs are bit masks (bit i = query i). A database image is
// the set of queries applied to it.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout, nextFrom } from '../../engine/layout.js';
import { deriveTable, eventIndex, step, type MachineTable } from '../../engine/machine-table.js';
import { dbRecoveryMachine } from '../../../models/multi-site-mirror.js';
import type { MirrorConfig, Rules } from './config.js';

export const DBREC = deriveTable(dbRecoveryMachine);

export const DT = {
  COMMIT: 0, // a query completes: its log record is written into AL (and CL by sync), then answered
  GENERATE: 1, // CE14 only: the log record exists before it is stored in AL
  SHIP: 2, // the transmission program sends the next log record to the async site
  APPLY: 3, // the async site applies the next DL record to DD
  CHECKPOINT: 4, // the primary's buffered pages reach AD and, by sync, CD
  PURGE_CL: 5, // records reflected in CD are deleted from AL/CL
  PURGE_DL: 6, // records reflected in DD are deleted from DL
  FAIL: 7, // the primary site fails (Time0)
  RECOVERY: 8, // the next step of Fig. 21
} as const;
const NAMES = ['commit', 'generate', 'ship', 'apply', 'checkpoint', 'purgeCl', 'purgeDl', 'failPrimary', 'recovery'];
const FAIR = new Set<number>([DT.SHIP, DT.APPLY, DT.RECOVERY]);

export interface DbFields {
  ACKED: number;
  PEND: number;
  CL: number;
  CDIMG: number;
  CDNEW: number;
  SHIPPED: number;
  DL: number;
  DDIMG: number;
  DDNEW: number;
  PUP: number;
  REC: number;
  FAULTS: number;
  SEEN: number;
  G_ACKED: number;
  G_SYNC: number;
  G_ASYNC: number;
}

export const DB_SEEN = { SHIPPED_2104: 1, FULL_2109: 2, GAP: 4, PURGED_CL: 8, PURGED_DL: 16, SHIP_AHEAD: 32 } as const;

export interface DbModel extends Model {
  readonly db: { f: DbFields; N: number; cfg: MirrorConfig; rules: Rules };
}

const mask = (from: number, to: number): number => {
  let m = 0;
  for (let i = from; i <= to; i++) m |= 1 << i;
  return m;
};
export const newest = (m: number): number => 31 - Math.clz32(m); // -1 for the empty set
export const oldest = (m: number): number => (m === 0 ? 99 : 31 - Math.clz32(m & -m));
/** TimeDLNew: the newest record the async site received (everything up to TimeDDNew was, even if purged). */
export const dlNew = (s: State, f: DbFields): number => Math.max(newest(s[f.DL]), s[f.DDNEW]);
/** TimeCLOld: the oldest record in CL; with CL purged empty, the one after the newest commit. */
export const clOld = (s: State, f: DbFields): number => (s[f.CL] === 0 ? s[f.ACKED] + 1 : oldest(s[f.CL]));
export { mask };

export function buildDbModel(cfg: MirrorConfig, rules: Rules): DbModel {
  const N = cfg.writes;
  if (N > 20) throw new Error('multi-site-mirror db-log: at most 20 queries');
  const E = (n: string): number => eventIndex(DBREC, n);
  const RS = Object.fromEntries(DBREC.states.map((n, i) => [n, i])) as Record<string, number>;
  const layout = createLayout();
  const fd = layout.field;
  const f: DbFields = {
    ACKED: fd(), // the newest answered commit (commits are numbered in completion order)
    PEND: fd(), // CE14: a log record generated and not yet in AL (0 none)
    CL: fd(), // the records in AL and, by sync, CL (mask)
    CDIMG: fd(), // the queries in CD's pages (mask)
    CDNEW: fd(), // TimeCDNew: the newest record reflected in CD
    SHIPPED: fd(), // the newest record sent to the async site
    DL: fd(), // the records in DL (mask)
    DDIMG: fd(), // the queries in DD's pages (mask)
    DDNEW: fd(), // TimeDDNew
    PUP: fd(), // 1 while the primary runs
    REC: fd(), // db-recovery machine
    FAULTS: fd(),
    SEEN: fd(),
    G_ACKED: fd(), // ghost: the queries answered as committed (mask) ...
    G_SYNC: fd(), // ... the database the sync site recovered (mask + 1 << 30 once recovered) ...
    G_ASYNC: fd(), // ... and the async site
  };
  const SIZE = layout.size;
  const RECOVERED = 1 << 30;

  const init = (): State => {
    const s = new Int32Array(SIZE);
    s[f.PUP] = 1;
    return s;
  };
  const code = (t: number, a = 0): number => (t << 8) | a;

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const up = s[f.PUP] === 1;
    const next = Math.max(s[f.ACKED], s[f.PEND]) + 1;
    if (up && next <= N) {
      if (rules.shipBeforeLog && s[f.PEND] === 0) out[n++] = code(DT.GENERATE);
      else out[n++] = code(DT.COMMIT);
    }
    // The transmission program: the next record, once it is in AL (or, CE14, once it exists).
    const limit = rules.shipBeforeLog ? Math.max(s[f.ACKED], s[f.PEND]) : s[f.ACKED];
    if (up && s[f.SHIPPED] < limit && ((s[f.CL] >> (s[f.SHIPPED] + 1)) & 1 || s[f.PEND] === s[f.SHIPPED] + 1)) out[n++] = code(DT.SHIP);
    // The async site applies in date order, and reflects into DD no further than the primary's checkpoint (relation E) [INFERRED].
    if ((s[f.DL] >> (s[f.DDNEW] + 1)) & 1 && s[f.DDNEW] < s[f.CDNEW] && s[f.REC] === RS.operating) out[n++] = code(DT.APPLY);
    if (up && s[f.CDNEW] < s[f.ACKED]) out[n++] = code(DT.CHECKPOINT);
    if (up && oldest(s[f.CL]) <= s[f.CDNEW]) out[n++] = code(DT.PURGE_CL);
    if (oldest(s[f.DL]) <= s[f.DDNEW] && s[f.REC] === RS.operating) out[n++] = code(DT.PURGE_DL);
    if (up && s[f.FAULTS] < cfg.faults) out[n++] = code(DT.FAIL);
    const r = s[f.REC];
    if (r === RS.primaryFailed) {
      const gapFree = clOld(s, f) <= dlNew(s, f) + 1; // 2103
      if (gapFree || !rules.gapCheck) out[n++] = code(DT.RECOVERY, 0); // 2104
      if (!gapFree) out[n++] = code(DT.RECOVERY, 1); // 2109
    } else if (r !== RS.operating && r !== RS.resumed) out[n++] = code(DT.RECOVERY, 0);
    return n;
  }

  const nextState = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, a: number, out: State): void {
    const t = a >> 8;
    const x = a & 255;
    switch (t) {
      case DT.GENERATE:
        out[f.PEND] = Math.max(s[f.ACKED], s[f.PEND]) + 1;
        break;
      case DT.COMMIT: {
        // L759: the log record is written into AL at commit; AL -> CL is a sync pair (L776).
        const q = out[f.PEND] || out[f.ACKED] + 1;
        out[f.CL] |= 1 << q;
        out[f.PEND] = 0;
        out[f.ACKED] = q;
        out[f.G_ACKED] |= 1 << q;
        break;
      }
      case DT.SHIP: {
        const q = ++out[f.SHIPPED];
        out[f.DL] |= 1 << q;
        if (!((s[f.CL] >> q) & 1)) out[f.SEEN] |= DB_SEEN.SHIP_AHEAD;
        break;
      }
      case DT.APPLY:
        out[f.DDNEW]++;
        out[f.DDIMG] |= 1 << out[f.DDNEW];
        break;
      case DT.CHECKPOINT:
        out[f.CDNEW] = out[f.ACKED];
        out[f.CDIMG] = mask(1, out[f.ACKED]);
        break;
      case DT.PURGE_CL:
        out[f.CL] &= ~mask(0, out[f.CDNEW]);
        out[f.SEEN] |= DB_SEEN.PURGED_CL;
        break;
      case DT.PURGE_DL:
        out[f.DL] &= ~mask(0, out[f.DDNEW]);
        out[f.SEEN] |= DB_SEEN.PURGED_DL;
        break;
      case DT.FAIL:
        out[f.FAULTS]++;
        out[f.PUP] = 0;
        out[f.PEND] = 0; // a record not yet in AL dies with the primary
        out[f.REC] = step(DBREC, out[f.REC], E('PRIMARY_FAILED'));
        if (clOld(out, f) >= dlNew(out, f) + 2) out[f.SEEN] |= DB_SEEN.GAP;
        break;
      case DT.RECOVERY: {
        const r = out[f.REC];
        if (r === RS.primaryFailed && x === 0) {
          // 2104: the sync site sends the records after TimeDLNew, up to TimeCLNew.
          out[f.DL] |= out[f.CL] & ~mask(0, dlNew(out, f));
          out[f.REC] = step(DBREC, r, E('SHIP_LOGS'));
          out[f.SEEN] |= DB_SEEN.SHIPPED_2104;
        } else if (r === RS.primaryFailed) {
          // 2109: part of what the async site needs was purged at the sync site: copy CL -> DL and CD -> DD.
          out[f.DL] = out[f.CL];
          out[f.DDIMG] = out[f.CDIMG];
          out[f.DDNEW] = out[f.CDNEW];
          out[f.REC] = step(DBREC, r, E('FULL_COPY'));
          out[f.SEEN] |= DB_SEEN.FULL_2109;
        } else if (r === RS.logsShipped || r === RS.fullCopied) {
          // 2105: redo the records newer than the pages, in date order (nothing uncommitted to undo:
          // a record is written at commit).
          out[f.CDIMG] |= out[f.CL] & ~mask(0, out[f.CDNEW]);
          out[f.G_SYNC] = out[f.CDIMG] | RECOVERED;
          out[f.REC] = step(DBREC, r, E('RECOVER_SYNC'));
        } else if (r === RS.syncRecovered) {
          out[f.DDIMG] |= out[f.DL] & ~mask(0, out[f.DDNEW]); // 2106
          out[f.G_ASYNC] = out[f.DDIMG] | RECOVERED;
          out[f.REC] = step(DBREC, r, E('RECOVER_ASYNC'));
        } else if (r === RS.asyncRecovered) out[f.REC] = step(DBREC, r, E('START_ASYNC')); // 2107
        else if (r === RS.asyncStarted) out[f.REC] = step(DBREC, r, E('RESUME')); // 2108
        break;
      }
    }
  }

  const setList = (m: number): Json => Array.from({ length: N + 1 }, (_, i) => i).filter((i) => (m >> i) & 1);
  function view(s: State): Record<string, Json> {
    return {
      primary: s[f.PUP] ? 'up' : 'failed',
      recovery: DBREC.states[s[f.REC]],
      committed: s[f.ACKED],
      ...(s[f.PEND] ? { generatedNotInAL: s[f.PEND] } : {}),
      CL: setList(s[f.CL]),
      CD: { pages: setList(s[f.CDIMG]), TimeCDNew: s[f.CDNEW] },
      shipped: s[f.SHIPPED],
      DL: setList(s[f.DL]),
      DD: { pages: setList(s[f.DDIMG]), TimeDDNew: s[f.DDNEW] },
      ghost: {
        answered: setList(s[f.G_ACKED]),
        ...(s[f.G_SYNC] ? { syncRecovered: setList(s[f.G_SYNC] & ~RECOVERED) } : {}),
        ...(s[f.G_ASYNC] ? { asyncRecovered: setList(s[f.G_ASYNC] & ~RECOVERED) } : {}),
      },
    };
  }
  function actionToJson(_s: State, c: number): Action {
    const t = c >> 8;
    if (t === DT.RECOVERY) return (c & 255) === 1 ? { type: 'recovery', fullCopy: true } : { type: 'recovery' };
    return { type: NAMES[t] };
  }
  function actionFromJson(a: Action): number | undefined {
    const t = NAMES.indexOf(a.type);
    if (t < 0) return undefined;
    return code(t, t === DT.RECOVERY && a.fullCopy === true ? 1 : 0);
  }
  const machines: { table: MachineTable; offsets: number[] }[] = [{ table: DBREC, offsets: [f.REC] }];
  return {
    stateSize: SIZE,
    fields: f as unknown as Record<string, number>,
    maxActions: 12,
    init: () => [init()],
    actions,
    next: nextState,
    update,
    fair: (c) => FAIR.has(c >> 8),
    fault: (c) => c >> 8 === DT.FAIL,
    actionToJson,
    actionFromJson,
    actionTypes: NAMES,
    actionType: (c: number) => c >> 8,
    view,
    machines,
    always: [],
    step: [],
    sometimes: [],
    eventually: [],
    db: { f, N, cfg, rules },
  };
}
