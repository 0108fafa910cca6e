// Fourth embodiment (Fig. 22, L882-L971): storage sync copy 225A -> 225C, and an async copy done by
// host software: for every block write the virtual storage area provision program writes 225A,
// keeps an entry (data + time-sequence order) on the primary host, transfers it to the async site's
// host and deletes it there once transferred; the receiver reflects entries into 225D in order
// (L923-L931). The host's journal file system keeps a metadata log on 225A (so on 225C) with a
// record per file updated between open and close (L888-L911). A record is deleted at once if its
// file has another; the last one only once no pending entry updates the file's blocks (L945-L957).
// So a file with no record has the same data in 225C and 225D (L945), and after a primary failure
// only the files listed in 225C's metadata log need copying to 225D (L959-L971).
//
// One block per file; values are write ids (0 the initial content).
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout, nextFrom } from '../../engine/layout.js';
import { deriveTable, eventIndex, step, type MachineTable } from '../../engine/machine-table.js';
import { metadataLogMachine } from '../../../models/multi-site-mirror.js';
import type { MirrorConfig, Rules } from './config.js';

export const MLOG = deriveTable(metadataLogMachine);

export const JT = {
  OPEN: 0, // (file): opened for writing
  WRITE: 1, // (file): a block write: 225A (225C by sync), an entry on the host, answered
  CLOSE: 2, // (file)
  DELETE: 3, // (file): the journal file system deletes one of the file's records
  TRANSFER: 4, // the oldest pending entry goes to the async site's host, and is deleted on the primary host
  REFLECT: 5, // the async site's host reflects its oldest received entry into 225D
  FAIL: 6, // the primary site fails
  RECOVERY: 7, // the next step of the recovery of L959-L971
} as const;
const NAMES = ['open', 'write', 'close', 'deleteRecord', 'transfer', 'reflect', 'failPrimary', 'recovery'];
const FAIR = new Set<number>([JT.TRANSFER, JT.REFLECT, JT.RECOVERY]);
/** Recovery steps: 0 operating, 1 primary failed, 2 listed (search of 225C's metadata log), 3 copied, 4 resumed. */
export const JREC = { OPERATING: 0, FAILED: 1, LISTED: 2, COPIED: 3, RESUMED: 4 } as const;
const JREC_NAME = ['operating', 'primaryFailed', 'listed', 'copied', 'resumed'];
export const JFS_SEEN = { DELETED_LAST: 1, WAITED: 2, RECEIVED_AT_FAILURE: 4, COPIED_DIFFERENT: 8, PENDING_AT_FAILURE: 16 } as const;

export interface JfsFields {
  C: number;
  D: number;
  OPENF: number;
  MLOG: number;
  HLEN: number;
  HQ: number;
  RLEN: number;
  RQ: number;
  NEXTW: number;
  PUP: number;
  REC: number;
  LIST: number;
  FAULTS: number;
  SEEN: number;
  G_ACK: number;
  G_DONE: number;
}

export interface JfsModel extends Model {
  readonly jfs: { f: JfsFields; F: number; W: number; QMAX: number; cfg: MirrorConfig; rules: Rules };
}

export function buildJfsModel(cfg: MirrorConfig, rules: Rules): JfsModel {
  const F = cfg.addresses; // files, one block each
  const W = cfg.writes;
  const QMAX = cfg.queue;
  if (F > 4 || W > 14 || QMAX > 6) throw new Error('multi-site-mirror jfs: at most 4 files, 14 writes, 6 entries');
  const ME = { RECORD: eventIndex(MLOG, 'RECORD'), DELETE: eventIndex(MLOG, 'DELETE') };
  const MS = Object.fromEntries(MLOG.states.map((n, i) => [n, i])) as Record<string, number>;
  const layout = createLayout();
  const fd = layout.field;
  const f: JfsFields = {
    C: fd(F), // 225A = 225C (sync): the file's block
    D: fd(F), // 225D
    OPENF: fd(F), // 1 while open for writing
    MLOG: fd(F), // metadata-log machine per file (its records in 225A, so in 225C)
    HLEN: fd(), // entries pending on the primary host, oldest first: file << 5 | write id
    HQ: fd(QMAX),
    RLEN: fd(), // entries received by the async site's host, not yet reflected
    RQ: fd(QMAX),
    NEXTW: fd(),
    PUP: fd(),
    REC: fd(), // JREC
    LIST: fd(), // the files the recovery found in 225C's metadata log (mask)
    FAULTS: fd(),
    SEEN: fd(),
    G_ACK: fd(F), // ghost: the newest write answered per file ...
    G_DONE: fd(), // ... and 1 once the application resumed at the sync site
  };
  const SIZE = layout.size;
  const code = (t: number, a = 0): number => (t << 8) | a;
  const pendingFor = (s: State, file: number): boolean => {
    for (let i = 0; i < s[f.HLEN]; i++) if (s[f.HQ + i] >> 5 === file) return true;
    return false;
  };
  const record = (out: State, file: number): void => {
    const t = step(MLOG, out[f.MLOG + file], ME.RECORD);
    if (t >= 0) out[f.MLOG + file] = t; // two records stand for "more than one"
  };

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const up = s[f.PUP] === 1;
    for (let file = 0; file < F && up; file++) {
      if (!s[f.OPENF + file]) out[n++] = code(JT.OPEN, file);
      else {
        if (s[f.NEXTW] <= W && s[f.HLEN] < QMAX) out[n++] = code(JT.WRITE, file);
        out[n++] = code(JT.CLOSE, file);
      }
      const st = s[f.MLOG + file];
      if (st === MS.recordedTwice) out[n++] = code(JT.DELETE, file);
      // L951-L957: the last record waits until no pending entry updates the file's blocks; nor while
      // the file is open, or its next write would have no record (I11) [INFERRED].
      if (st === MS.recorded && (!rules.waitBeforeDelete || (!pendingFor(s, file) && !s[f.OPENF + file]))) out[n++] = code(JT.DELETE, file);
    }
    if (up && s[f.HLEN] > 0 && s[f.RLEN] < QMAX) out[n++] = code(JT.TRANSFER);
    if (s[f.RLEN] > 0) out[n++] = code(JT.REFLECT);
    if (up && s[f.FAULTS] < cfg.faults) out[n++] = code(JT.FAIL);
    const r = s[f.REC];
    // The recovery copies after the received entries are reflected (I12), or a late one would undo the copy [INFERRED].
    if (r === JREC.FAILED || (r === JREC.LISTED && s[f.RLEN] === 0) || r === JREC.COPIED) out[n++] = code(JT.RECOVERY);
    return n;
  }

  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, a: number, out: State): void {
    const t = a >> 8;
    const x = a & 255;
    switch (t) {
      case JT.OPEN:
        out[f.OPENF + x] = 1;
        if (rules.recordAtOpen) record(out, x); // L904: metadata is updated at open (I11)
        break;
      case JT.WRITE: {
        const w = out[f.NEXTW]++;
        out[f.C + x] = w; // 225A, and 225C by the sync pair before the answer
        out[f.HQ + out[f.HLEN]++] = (x << 5) | w; // L923
        out[f.G_ACK + x] = w;
        break;
      }
      case JT.CLOSE:
        out[f.OPENF + x] = 0;
        record(out, x); // the metadata changed between open and close (L906-L911)
        break;
      case JT.DELETE:
        if (s[f.MLOG + x] === MS.recorded) out[f.SEEN] |= JFS_SEEN.DELETED_LAST;
        out[f.MLOG + x] = step(MLOG, out[f.MLOG + x], ME.DELETE);
        break;
      case JT.TRANSFER: {
        out[f.RQ + out[f.RLEN]++] = out[f.HQ];
        for (let i = 1; i < out[f.HLEN]; i++) out[f.HQ + i - 1] = out[f.HQ + i];
        out[f.HQ + --out[f.HLEN]] = 0; // L927: deleted on the primary host once transferred
        break;
      }
      case JT.REFLECT: {
        const e = out[f.RQ];
        out[f.D + (e >> 5)] = e & 31; // L931: keeping the sequence
        for (let i = 1; i < out[f.RLEN]; i++) out[f.RQ + i - 1] = out[f.RQ + i];
        out[f.RQ + --out[f.RLEN]] = 0;
        break;
      }
      case JT.FAIL:
        out[f.FAULTS]++;
        if (out[f.RLEN] > 0) out[f.SEEN] |= JFS_SEEN.RECEIVED_AT_FAILURE;
        if (out[f.HLEN] > 0) out[f.SEEN] |= JFS_SEEN.PENDING_AT_FAILURE;
        out[f.PUP] = 0;
        for (let i = 0; i < out[f.HLEN]; i++) out[f.HQ + i] = 0;
        out[f.HLEN] = 0; // the pending entries die with the primary host
        for (let file = 0; file < F; file++) out[f.OPENF + file] = 0;
        out[f.REC] = JREC.FAILED;
        break;
      case JT.RECOVERY: {
        const r = out[f.REC];
        if (r === JREC.FAILED) {
          // (1) the files with a record in 225C's metadata log.
          let list = 0;
          for (let file = 0; file < F; file++) if (out[f.MLOG + file] !== MS.clean) list |= 1 << file;
          out[f.LIST] = list;
          out[f.REC] = JREC.LISTED;
        } else if (r === JREC.LISTED) {
          // (2) their data copied 225C -> 225D.
          for (let file = 0; file < F; file++)
            if ((out[f.LIST] >> file) & 1) {
              if (out[f.D + file] !== out[f.C + file]) out[f.SEEN] |= JFS_SEEN.COPIED_DIFFERENT;
              out[f.D + file] = out[f.C + file];
            }
          out[f.REC] = JREC.COPIED;
        } else {
          out[f.REC] = JREC.RESUMED; // (3) async copy sync -> async starts, (4) the application resumes
          out[f.G_DONE] = 1;
        }
        break;
      }
    }
    if (t === JT.WRITE || t === JT.TRANSFER) {
      // a witness for L955's wait: the last record of a file with an entry still pending
      for (let file = 0; file < F; file++) if (out[f.MLOG + file] === MS.recorded && pendingFor(out, file) && !out[f.OPENF + file]) out[f.SEEN] |= JFS_SEEN.WAITED;
    }
  }

  const entries = (s: State, o: number, n: number): Json => Array.from({ length: n }, (_, i) => `file ${s[o + i] >> 5}=w${s[o + i] & 31}`);
  function view(s: State): Record<string, Json> {
    return {
      primary: s[f.PUP] ? 'up' : 'failed',
      recovery: JREC_NAME[s[f.REC]],
      files: Array.from({ length: F }, (_, file) => ({
        C: s[f.C + file] ? `w${s[f.C + file]}` : '-',
        D: s[f.D + file] ? `w${s[f.D + file]}` : '-',
        open: s[f.OPENF + file] === 1,
        metadataLog: MLOG.states[s[f.MLOG + file]],
      })),
      hostEntries: entries(s, f.HQ, s[f.HLEN]),
      received: entries(s, f.RQ, s[f.RLEN]),
      ...(s[f.REC] >= JREC.LISTED ? { listed: Array.from({ length: F }, (_, i) => i).filter((i) => (s[f.LIST] >> i) & 1) } : {}),
      ghost: { answered: Array.from({ length: F }, (_, file) => s[f.G_ACK + file]), resumed: s[f.G_DONE] === 1 },
    };
  }
  const withFile = new Set<number>([JT.OPEN, JT.WRITE, JT.CLOSE, JT.DELETE]);
  function actionToJson(_s: State, c: number): Action {
    const t = c >> 8;
    return withFile.has(t) ? { type: NAMES[t], file: c & 255 } : { type: NAMES[t] };
  }
  function actionFromJson(a: Action): number | undefined {
    const t = NAMES.indexOf(a.type);
    if (t < 0) return undefined;
    if (!withFile.has(t)) return code(t);
    const file = a.file;
    return typeof file === 'number' && Number.isInteger(file) && file >= 0 && file < F ? code(t, file) : undefined;
  }
  const machines: { table: MachineTable; offsets: number[] }[] = [{ table: MLOG, offsets: Array.from({ length: F }, (_, i) => f.MLOG + i) }];
  return {
    stateSize: SIZE,
    fields: f as unknown as Record<string, number>,
    maxActions: 4 * F + 6,
    init: () => {
      const s = new Int32Array(SIZE);
      s[f.PUP] = 1;
      s[f.NEXTW] = 1;
      return [s];
    },
    actions,
    next,
    update,
    fair: (c) => FAIR.has(c >> 8),
    fault: (c) => c >> 8 === JT.FAIL,
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
    jfs: { f, F, W, QMAX, cfg, rules },
  };
}
