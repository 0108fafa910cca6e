// The `split-backup` model (seed 001): a storage controller with a write-back cache over the primary
// volume P, a mirror S, the difference information 514 between them, the split with its early report,
// the background copy by 508, and backup jobs that stream S (or, in E3, a merge of P and S) to tape.
//
// Values are write tags: 0 is a block's content before any host write, n is host write n (P writes and
// S writes share the counter, so every value says where it came from). The state is an Int32Array
// laid out once per configuration; lifecycles move only through tables derived from models/.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { createLayout, nextFrom } from '../../engine/layout.js';
import { deriveTable, eventIndex, stateIndex, step, type MachineTable } from '../../engine/machine-table.js';
import {
  copyEngineMachine,
  e4ClientMachine,
  e4ServerMachine,
  jobMachines,
  pollingServerMachine,
  splitBackupPairMachine,
  volumeStatusMachine,
} from '../../../models/split-backup.js';
import type { Fault, Rules, SplitBackupConfig } from './config.js';

export const PAIR = deriveTable(splitBackupPairMachine);
export const STATUS = deriveTable(volumeStatusMachine);
export const ENGINE = deriveTable(copyEngineMachine);
export const POLLER = deriveTable(pollingServerMachine);
export const SERVER = deriveTable(e4ServerMachine);
export const CLIENT = deriveTable(e4ClientMachine);
const JOB_TABLES = Object.fromEntries(Object.entries(jobMachines).map(([k, m]) => [k, deriveTable(m)])) as Record<keyof typeof jobMachines, MachineTable>;

/** S's content before the pair exists (start = simplex): not a write tag, so no image equals it. */
export const FOREIGN = 99;

// Action types; a code is type << 6 | parameter (a block, a job, or a write's first block and length).
export const T = {
  CREATE: 0,
  WRITE: 1,
  APPLY: 2,
  DESTAGE: 3,
  COPY: 4,
  COPY_READ: 5,
  COPY_WRITE: 6,
  SETTLE: 7,
  SPLIT_CMD: 8,
  SPLIT: 9,
  BACKUP: 10,
  CHECK: 11,
  RANGE_COPIED: 12,
  TRANSFER: 13,
  STAGE: 14,
  STAGE_READ: 15,
  REPORT: 16,
  ABORT: 17,
  TAPE_ERROR: 18,
  S_READ_ERROR: 19,
  P_READ_ERROR: 20,
  MEM_LOSS: 21,
  RESYNC: 22,
  DELETE: 23,
  S_READ: 24,
  S_WRITE: 25,
  POLL: 26,
  NOTIFY: 27,
  QUIESCE: 28,
  RESPONSE: 29,
  RESUME: 30,
  LOST_RESUME: 31,
  TIMEOUT: 32,
  RESULT: 33,
  CRASH: 34,
  RESTART: 35,
} as const;
const NAMES = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())])) as Record<number, string>;
const code = (type: number, arg = 0): number => (type << 6) | arg;
export const actionType = (c: number): number => c >> 6;
export const actionArg = (c: number): number => c & 63;

/** Work that comes from outside or is a fault: never part of the fault-free completion. */
const UNFAIR = new Set<number>([T.CREATE, T.WRITE, T.SPLIT_CMD, T.BACKUP, T.ABORT, T.TAPE_ERROR, T.S_READ_ERROR, T.P_READ_ERROR, T.MEM_LOSS, T.RESYNC, T.DELETE, T.S_READ, T.S_WRITE, T.NOTIFY, T.LOST_RESUME, T.CRASH]);
const FAULTS = new Set<number>([T.ABORT, T.TAPE_ERROR, T.S_READ_ERROR, T.P_READ_ERROR, T.MEM_LOSS, T.LOST_RESUME, T.CRASH]);

// Sticky markers of events a witness needs and the state does not otherwise show.
export const SEEN = {
  COW: 1, // a host write copied a block's split-time content to S first (W-COW)
  HOLD: 2, // a host write waited for a block's copy (W-HOLD)
  COPY_ON_READ: 4, // a host read of S copied the block first
  STAGE_FROM_P: 8, // E3 staged a not-yet-reflected block from P
  PRIORITY: 16, // a job waited for a copy of its range
  EARLY_ACK: 32, // a split was reported while differences remained
  POLLED_PENDING: 64, // E2's polling server read "split pending"
  SPLIT_IN_FORMATION: 128, // the split came during the formation copy
  WAIT_ALL: 256, // an E2 job waited for every difference to be reflected
  FALSE_TIMEOUT: 512, // E4's client timed out while its backup server was alive and would still resume it
} as const;

// Ghost record of what the client, the backup server and the operator were told (see ghostFields).
export const REJ = { SPLIT: 0, EARLY: 1, RANGE: 2, S_WRITE: 3, RESYNC: 4, DELETE: 5 } as const;
// Fault markers (the nemesis' own record).
export const FAULT_BIT: Record<Fault, number> = { tapeError: 1, pReadError: 2, sReadError: 4, memLoss: 8, abort: 16, serverCrash: 32, lostResume: 64 };

export interface Fields {
  PAIR: number;
  STAT_P: number;
  STAT_S: number;
  ENG: number;
  DISK: number;
  CACHE: number;
  S: number;
  DIFF: number;
  CHG: number;
  CHGS: number;
  GSI: number;
  EPOCH: number;
  HW_TAG: number;
  HW_DONE: number;
  HW_LO: number;
  HW_LEN: number;
  TAGS: number;
  COPY_B: number;
  COPY_V: number;
  SPLIT_REQ: number;
  SPLITS_SENT: number;
  CREATES: number;
  RESYNCS: number;
  DELETES: number;
  SW_USED: number;
  FAULTS: number;
  FAULT_SEEN: number;
  SEEN: number;
  SRV: number;
  CLI: number;
  Q_BLOCKED: number;
  SPLIT_WAIT: number;
  J_ST: number;
  J_CUR: number;
  J_SRC: number;
  J_WORK: number;
  J_BOUND: number;
  J_DIRTY: number;
  J_SENT: number;
  TAPE: number;
  STAGE: number;
  // ghost
  G_WLO: number;
  G_WLEN: number;
  G_LASTACK: number;
  G_LASTRECV: number;
  G_REQ_LO: number;
  G_SPLITS: number;
  G_GEN: number;
  G_LO: number;
  G_HI: number;
  G_SPLITGEN: number;
  G_ACC: number;
  G_REP: number;
  G_JEPOCH: number;
  G_JGEN: number;
  G_JTAGS: number;
  G_SREAD: number;
  G_SW: number;
  G_SWGEN: number;
  G_REJ: number;
  G_DUP_SPLIT: number;
}

export interface SplitBackupModel extends Model {
  readonly k: { N: number; J: number; E: number; W: number; f: Fields; cfg: SplitBackupConfig; rules: Rules; job: MachineTable; JS: JobStates };
  /** The logical content of P (dirty cache over disk), 【0016】. */
  pHat(s: State, b: number): number;
  /** The P image after host writes 1..k (ghost record of the writes). */
  image(s: State, k: number, b: number): number;
  jobActive(s: State, j: number): boolean;
  range(j: number): [number, number];
}

/** Job machine state indices, or -1 where the embodiment's machine lacks the state. */
export interface JobStates {
  idle: number;
  accepted: number;
  responded: number;
  checkUnit: number;
  waitPriorityCopy: number;
  waitUnitCopy: number;
  waitAllReflected: number;
  staging: number;
  transferring: number;
  transferUnit: number;
  transferDone: number;
  reported: number;
  complete: number;
  failed: number;
  aborted: number;
}

export function buildModel(cfg: SplitBackupConfig, rules: Rules): SplitBackupModel {
  const N = cfg.blocks;
  const J = cfg.jobs.length;
  if (N > 31 || J > 63) throw new Error('split-backup: at most 31 blocks and 63 jobs (action codes carry them in 6 bits)');
  const W = cfg.writes + cfg.sWrites;
  const emb = cfg.embodiment;
  const E = Math.max(1, cfg.splits) + (emb === 'E4' ? 1 : 0);
  const JOB = JOB_TABLES[emb];
  const js = (name: string): number => JOB.states.indexOf(name);
  const JS: JobStates = {
    idle: js('idle'),
    accepted: js('accepted'),
    responded: js('responded'),
    checkUnit: js('checkUnit'),
    waitPriorityCopy: js('waitPriorityCopy'),
    waitUnitCopy: js('waitUnitCopy'),
    waitAllReflected: js('waitAllReflected'),
    staging: js('staging'),
    transferring: js('transferring'),
    transferUnit: js('transferUnit'),
    transferDone: js('transferDone'),
    reported: js('reported'),
    complete: js('complete'),
    failed: js('failed'),
    aborted: js('aborted'),
  };
  const JE = (name: string): number => (JOB.events.includes(name) ? eventIndex(JOB, name) : -1);
  const JEV = {
    ACCEPT: JE('ACCEPT'),
    CLEAN: JE('CLEAN'),
    DIRTY: JE('DIRTY'),
    UNIT_CLEAN: JE('UNIT_CLEAN'),
    UNIT_DIRTY: JE('UNIT_DIRTY'),
    RANGE_COPIED: JE('RANGE_COPIED'),
    UNIT_COPIED: JE('UNIT_COPIED'),
    ALL_REFLECTED: JE('ALL_REFLECTED'),
    STAGED_ALL: JE('STAGED_ALL'),
    LAST_BLOCK: JE('LAST_BLOCK'),
    NEXT_UNIT: JE('NEXT_UNIT'),
    LAST_UNIT: JE('LAST_UNIT'),
    REPORT: JE('REPORT'),
    FAIL: JE('FAIL'),
    ABORT: JE('ABORT'),
  };
  const P_ = (n: string): number => stateIndex(PAIR, n);
  const PS = { simplex: P_('simplex'), initialCopy: P_('initialCopy'), pair: P_('pair'), resync: P_('resync'), splitPending: P_('splitPending'), split: P_('split'), suspendedByError: P_('suspendedByError'), error: P_('error') };
  const PE = (n: string): number => eventIndex(PAIR, n);
  const PEV = { CREATE_PAIR: PE('CREATE_PAIR'), INITIAL_COPY_DONE: PE('INITIAL_COPY_DONE'), RESYNC_DONE: PE('RESYNC_DONE'), SPLIT: PE('SPLIT'), SPLIT_EARLY: PE('SPLIT_EARLY'), SPLIT_DRAINED: PE('SPLIT_DRAINED'), RESYNC: PE('RESYNC'), FAILURE: PE('FAILURE'), DELETE_PAIR: PE('DELETE_PAIR') };
  const VS = { simplex: stateIndex(STATUS, 'simplex'), pair: stateIndex(STATUS, 'pair'), splitPending: stateIndex(STATUS, 'splitPending'), split: stateIndex(STATUS, 'split'), suspended: stateIndex(STATUS, 'suspended') };
  const VE = (n: string): number => eventIndex(STATUS, n);
  const VEV = { CREATE_PAIR: VE('CREATE_PAIR'), SPLIT: VE('SPLIT'), SPLIT_EARLY: VE('SPLIT_EARLY'), SPLIT_DRAINED: VE('SPLIT_DRAINED'), RESYNC: VE('RESYNC'), FAILURE: VE('FAILURE'), DELETE_PAIR: VE('DELETE_PAIR') };
  const ES = { idle: stateIndex(ENGINE, 'idle'), copying: stateIndex(ENGINE, 'copying'), priorityCopying: stateIndex(ENGINE, 'priorityCopying'), stopped: stateIndex(ENGINE, 'stopped') };
  const EE = (n: string): number => eventIndex(ENGINE, n);
  const EEV = { COPY: EE('COPY'), PRIORITY: EE('PRIORITY'), RANGE_DONE: EE('RANGE_DONE'), DRAINED: EE('DRAINED'), STOP: EE('STOP') };
  const SV = { idle: stateIndex(SERVER, 'idle'), awaitQuiesceAck: stateIndex(SERVER, 'awaitQuiesceAck'), sendBackupCmd: stateIndex(SERVER, 'sendBackupCmd'), awaitResponse: stateIndex(SERVER, 'awaitResponse'), notifyResume: stateIndex(SERVER, 'notifyResume'), pollResult: stateIndex(SERVER, 'pollResult'), crashed: stateIndex(SERVER, 'crashed'), done: stateIndex(SERVER, 'done') };
  const SE = (n: string): number => eventIndex(SERVER, n);
  const SEV = { NOTIFY: SE('NOTIFY'), QUIESCE_ACK: SE('QUIESCE_ACK'), SEND_CMD: SE('SEND_CMD'), RESPONSE: SE('RESPONSE'), RESUME_SENT: SE('RESUME_SENT'), RESULT_DONE: SE('RESULT_DONE'), CRASH: SE('CRASH'), RESTART_POLL: SE('RESTART_POLL'), RESTART: SE('RESTART') };
  const CS = { running: stateIndex(CLIENT, 'running'), quiesced: stateIndex(CLIENT, 'quiesced'), timedOut: stateIndex(CLIENT, 'timedOut') };
  const CE = { QUIESCE: eventIndex(CLIENT, 'QUIESCE'), RESUME: eventIndex(CLIENT, 'RESUME'), TIMEOUT: eventIndex(CLIENT, 'TIMEOUT') };
  const QS = { polling: stateIndex(POLLER, 'polling'), ready: stateIndex(POLLER, 'ready'), awaitDone: stateIndex(POLLER, 'awaitDone'), done: stateIndex(POLLER, 'done') };
  const QE = { STATUS_SPLIT: eventIndex(POLLER, 'STATUS_SPLIT'), SEND_CMD: eventIndex(POLLER, 'SEND_CMD'), DONE: eventIndex(POLLER, 'DONE') };

  const layout = createLayout();
  const fd = layout.field;
  const f: Fields = {
    PAIR: fd(),
    STAT_P: fd(), // 516
    STAT_S: fd(), // 517
    ENG: fd(), // 508
    DISK: fd(N), // P's disk 601
    CACHE: fd(N), // dirty cache 507 over P, -1 clean
    S: fd(N),
    DIFF: fd(N), // 514
    CHG: fd(N), // P blocks written since the split (for resync, §5.10)
    CHGS: fd(N), // S blocks written by a host since the split
    GSI: fd(N), // the split image, recorded by the split step itself; -1 outside a split epoch
    EPOCH: fd(),
    HW_TAG: fd(), // the host write in progress at 501, 0 none
    HW_DONE: fd(),
    HW_LO: fd(),
    HW_LEN: fd(),
    TAGS: fd(),
    COPY_B: fd(), // non-atomic copy (CE-9 only): the block read, -1 none
    COPY_V: fd(),
    SPLIT_REQ: fd(), // a split command sent by the client, not yet answered
    SPLITS_SENT: fd(),
    CREATES: fd(),
    RESYNCS: fd(),
    DELETES: fd(),
    SW_USED: fd(),
    FAULTS: fd(),
    FAULT_SEEN: fd(),
    SEEN: fd(),
    SRV: fd(), // E2-poll's or E4's backup server
    CLI: fd(), // E4's client server
    Q_BLOCKED: fd(), // steps the quiesced client waited on a controller answer that was not ready (I-L8)
    SPLIT_WAIT: fd(), // steps a split command waited on a report that was not ready (E-L3)
    J_ST: fd(J),
    J_CUR: fd(J),
    J_SRC: fd(J), // CE-7 only: the source a non-atomic staging step chose, -1 none
    J_WORK: fd(J), // steps spent on the job: its own and the copies it waited for (I-L4, E-L6)
    J_BOUND: fd(J),
    J_DIRTY: fd(J), // its range had differences when it was accepted (the E-S1 witness)
    J_SENT: fd(J),
    TAPE: fd(J * N), // what the tape holds, -1 nothing
    STAGE: fd(J * N), // area 515 (E3), -1 nothing
    G_WLO: fd(W + 1), // host write t's first block (P writes) or block (S writes)
    G_WLEN: fd(W + 1), // its length; -1 for a write to S
    G_LASTACK: fd(), // the last P write acknowledged to the client
    G_LASTRECV: fd(), // the last P write the client sent
    G_REQ_LO: fd(), // G_LASTACK when the pending split command was sent
    G_SPLITS: fd(), // split reports the client (E4: the backup server) received that started an epoch
    G_GEN: fd(), // pair operations reported: create, split, resync, delete
    G_LO: fd(E + 1), // per epoch: writes acknowledged before the split command ...
    G_HI: fd(E + 1), // ... and sent before the split report: the split image is a prefix between
    G_SPLITGEN: fd(E + 1),
    G_ACC: fd(J), // backup command: 1 accepted, 2 rejected
    G_REP: fd(J), // completion seen by the server: 1 success, 2 failure, 3 aborted by it
    G_JEPOCH: fd(J),
    G_JGEN: fd(J),
    G_JTAGS: fd(J), // writes (to P or S) the hosts had sent when the command was accepted
    G_SREAD: fd((E + 1) * N), // per epoch and block: value + 1 a host read from S
    G_SW: fd(N), // acknowledged host write to S
    G_SWGEN: fd(N),
    G_REJ: fd(6), // per kind of bad command (REJ): 1 once refused
    G_DUP_SPLIT: fd(),
  };
  const SIZE = layout.size;
  const lo = cfg.jobs.map((r) => r[0]);
  const hi = cfg.jobs.map((r) => r[1]);
  const validRange = cfg.jobs.map(([a, b]) => a >= 0 && a < b && b <= N);
  const sSourced = emb !== 'E3';
  const faultOn = (x: Fault): boolean => cfg.faults.includes(x);

  const pHat = (s: State, b: number): number => (s[f.CACHE + b] >= 0 ? s[f.CACHE + b] : s[f.DISK + b]);
  const image = (s: State, k: number, b: number): number => {
    for (let t = k; t >= 1; t--) {
      const len = s[f.G_WLEN + t];
      if (len > 0 && s[f.G_WLO + t] <= b && b < s[f.G_WLO + t] + len) return t;
    }
    return 0;
  };
  const inSplit = (p: number): boolean => p === PS.splitPending || p === PS.split;
  const duplexLike = (p: number): boolean => p === PS.initialCopy || p === PS.pair || p === PS.resync;
  const copyState = (p: number): boolean => duplexLike(p) || p === PS.splitPending;
  const anyDiff = (s: State): boolean => {
    for (let b = 0; b < N; b++) if (s[f.DIFF + b]) return true;
    return false;
  };
  const rangeDirty = (s: State, j: number): boolean => {
    for (let b = lo[j]; b < hi[j]; b++) if (s[f.DIFF + b]) return true;
    return false;
  };
  const jobActive = (s: State, j: number): boolean => {
    const st = s[f.J_ST + j];
    return st !== JS.idle && st !== JS.transferDone && st !== JS.reported && st !== JS.complete && st !== JS.failed && st !== JS.aborted;
  };
  const anyJobActive = (s: State): boolean => {
    for (let j = 0; j < J; j++) if (jobActive(s, j)) return true;
    return false;
  };
  /** The block a waiting job needs next: its whole range (E1, E4) or its current unit (E1-unit). */
  const waiting = (s: State, j: number): boolean => {
    const st = s[f.J_ST + j];
    return st === JS.waitPriorityCopy || st === JS.waitUnitCopy;
  };
  const waitsFor = (s: State, j: number, b: number): boolean => {
    const st = s[f.J_ST + j];
    if (st === JS.waitPriorityCopy) return b >= lo[j] && b < hi[j];
    if (st === JS.waitUnitCopy) return b === lo[j] + s[f.J_CUR + j];
    return false;
  };
  const priorityNeeded = (s: State): boolean => {
    for (let j = 0; j < J; j++) if (waiting(s, j)) for (let b = lo[j]; b < hi[j]; b++) if (s[f.DIFF + b] && waitsFor(s, j, b)) return true;
    return false;
  };
  const prioritized = (s: State, b: number): boolean => {
    for (let j = 0; j < J; j++) if (waitsFor(s, j, b)) return true;
    return false;
  };

  const go = (t: MachineTable, out: State, at: number, ev: number): void => {
    const to = step(t, out[at], ev);
    if (to < 0) throw new Error(`${t.id}: ${t.states[out[at]]} does not accept ${t.events[ev]}`);
    out[at] = to;
  };
  const jobGo = (out: State, j: number, ev: number): void => go(JOB, out, f.J_ST + j, ev);
  /** 508's state follows the work: a waiting range makes it copy that range first (【0028】). */
  const syncEngine = (out: State): void => {
    const e = out[f.ENG];
    if (e === ES.copying && priorityNeeded(out)) go(ENGINE, out, f.ENG, EEV.PRIORITY);
    else if (e === ES.priorityCopying && !priorityNeeded(out)) go(ENGINE, out, f.ENG, EEV.RANGE_DONE);
  };
  const startEngine = (out: State): void => {
    if (out[f.ENG] === ES.idle || out[f.ENG] === ES.stopped) go(ENGINE, out, f.ENG, EEV.COPY);
  };
  const stopEngine = (out: State): void => {
    if (out[f.ENG] !== ES.stopped) go(ENGINE, out, f.ENG, EEV.STOP);
  };
  const seen = (out: State, bit: number): void => {
    out[f.SEEN] |= bit;
  };
  /** Copy b's logical P content to S and clear its bit: 508's copy step, a copy-before-write, a copy-on-read. */
  const copyBlock = (out: State, b: number): void => {
    out[f.S + b] = rules.copySource === 'disk' ? out[f.DISK + b] : pHat(out, b);
    out[f.DIFF + b] = 0;
  };
  /** The server learns how a job ended: by 502's report (E1-E3), or by Receive Copy Result (E4). */
  const failJob = (out: State, j: number): void => {
    jobGo(out, j, JEV.FAIL);
    if (emb !== 'E4' && out[f.G_REP + j] === 0) out[f.G_REP + j] = 2;
    if (emb === 'E2-poll' && out[f.SRV] === QS.awaitDone) go(POLLER, out, f.SRV, QE.DONE);
  };
  const failActiveJobs = (out: State): void => {
    for (let j = 0; j < J; j++) if (jobActive(out, j)) failJob(out, j);
  };
  const fault = (out: State, x: Fault): void => {
    out[f.FAULTS]++;
    out[f.FAULT_SEEN] |= FAULT_BIT[x];
  };
  const canFault = (s: State, x: Fault): boolean => faultOn(x) && s[f.FAULTS] < cfg.maxFaults;

  /** The split step of 501 (E1-E3) or 502 (E4, 【0041】): the linearisation point. */
  const doSplit = (out: State): void => {
    const p = out[f.PAIR];
    const dirty = anyDiff(out);
    if (p === PS.initialCopy) seen(out, SEEN.SPLIT_IN_FORMATION);
    // 【0010】【0026】: the difference information now names what S owes of the split image.
    if (p === PS.pair && !dirty) {
      go(PAIR, out, f.PAIR, PEV.SPLIT);
      go(STATUS, out, f.STAT_S, VEV.SPLIT);
    } else {
      go(PAIR, out, f.PAIR, PEV.SPLIT_EARLY);
      go(STATUS, out, f.STAT_S, VEV.SPLIT_EARLY);
      if (dirty) seen(out, SEEN.EARLY_ACK);
    }
    // 【0024】【0026】: 516 says "split" at once.
    go(STATUS, out, f.STAT_P, VEV.SPLIT);
    for (let b = 0; b < N; b++) {
      out[f.GSI + b] = pHat(out, b);
      out[f.CHG + b] = 0;
      out[f.CHGS + b] = 0;
    }
    out[f.EPOCH]++;
    const e = ++out[f.G_SPLITS];
    out[f.G_GEN]++;
    out[f.G_LO + e] = out[f.G_REQ_LO];
    out[f.G_HI + e] = out[f.G_LASTRECV];
    out[f.G_SPLITGEN + e] = out[f.G_GEN];
  };

  const acceptJob = (out: State, j: number): void => {
    jobGo(out, j, JEV.ACCEPT);
    out[f.G_ACC + j] = 1;
    out[f.G_JEPOCH + j] = out[f.G_SPLITS];
    out[f.G_JGEN + j] = out[f.G_GEN];
    out[f.G_JTAGS + j] = out[f.TAGS];
    let dirty = 0;
    for (let b = lo[j]; b < hi[j]; b++) dirty += out[f.DIFF + b];
    out[f.J_DIRTY + j] = dirty > 0 ? 1 : 0;
    const r = hi[j] - lo[j];
    // I-L4 (E1, E4): its dirty blocks' copies, |R| transfers and the check, copied and report steps.
    // E1-unit: per unit a check, and per dirty unit a copy and its report. E-L6 (E3): |R| reads, |R| transfers, the report.
    out[f.J_BOUND + j] = emb === 'E3' ? 2 * r + 1 : emb === 'E1-unit' ? 2 * r + 2 * dirty + 1 : r + dirty + 3;
  };

  function initial(): State {
    const s = new Int32Array(SIZE);
    s[f.PAIR] = cfg.start === 'duplex' ? PS.pair : PS.simplex;
    s[f.STAT_P] = s[f.STAT_S] = cfg.start === 'duplex' ? VS.pair : VS.simplex;
    s[f.ENG] = ES.idle;
    for (let b = 0; b < N; b++) {
      s[f.CACHE + b] = -1;
      s[f.S + b] = cfg.start === 'duplex' ? 0 : FOREIGN;
      s[f.GSI + b] = -1;
    }
    s[f.COPY_B] = -1;
    s[f.SRV] = emb === 'E2-poll' ? QS.polling : SV.idle;
    s[f.CLI] = CS.running;
    for (let j = 0; j < J; j++) {
      s[f.J_ST + j] = JS.idle;
      s[f.J_SRC + j] = -1;
    }
    s.fill(-1, f.TAPE, f.TAPE + J * N);
    s.fill(-1, f.STAGE, f.STAGE + J * N);
    s[f.G_WLO] = -1;
    return s;
  }

  const clientMayWrite = (s: State): boolean => emb !== 'E4' || s[f.CLI] !== CS.quiesced;
  const holdBlocks = (s: State): boolean => {
    // W-HOLD: a write to a block S still owes waits for that block's copy (§5.9).
    if (cfg.writePolicy !== 'hold' || s[f.PAIR] !== PS.splitPending || !rules.protectSplitImage) return false;
    for (let b = s[f.HW_LO]; b < s[f.HW_LO] + s[f.HW_LEN]; b++) if (s[f.DIFF + b]) return true;
    return false;
  };
  // The guards of the two answers a client waits for; `actions` offers them and the step bounds E-L3
  // and I-L8 count the steps taken while they are false. 501 answers a split whatever is left to copy.
  const splitAnswerReady = (s: State): boolean => s[f.SPLIT_REQ] === 1;
  const responseReady = (s: State): boolean => s[f.SRV] === SV.awaitResponse && s[f.G_ACC] !== 0;

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    const p = s[f.PAIR];
    const creates = (cfg.start === 'simplex' ? 1 : 0) + Math.min(cfg.deletes, s[f.DELETES]);
    if (p === PS.simplex && s[f.CREATES] < creates) out[n++] = code(T.CREATE);
    // Host writes to P, one at a time from the client (501).
    if (s[f.HW_TAG] === 0 && s[f.TAGS] - s[f.SW_USED] < cfg.writes && clientMayWrite(s)) {
      for (let b = 0; b < N; b++) {
        out[n++] = code(T.WRITE, b * 2);
        if (cfg.multiBlock && b + 1 < N) out[n++] = code(T.WRITE, b * 2 + 1);
      }
    }
    if (s[f.HW_TAG] !== 0 && !holdBlocks(s)) out[n++] = code(T.APPLY);
    for (let b = 0; b < N; b++) if (s[f.CACHE + b] >= 0) out[n++] = code(T.DESTAGE, b);
    // 508's copy steps (【0026】), the waiting ranges first (【0028】).
    if (copyState(p) && s[f.COPY_B] < 0) {
      const strict = s[f.ENG] === ES.priorityCopying;
      for (let b = 0; b < N; b++) if (s[f.DIFF + b] && (!strict || prioritized(s, b))) out[n++] = code(rules.atomicCopy ? T.COPY : T.COPY_READ, b);
    }
    if (!rules.drainOnly && inSplit(p)) {
      // 【0030】 read literally: keep copying until P and S match, post-split writes included (CE-11).
      for (let b = 0; b < N; b++) if (!s[f.DIFF + b] && !s[f.CHGS + b] && s[f.S + b] !== pHat(s, b)) out[n++] = code(T.COPY, b);
    }
    if (s[f.COPY_B] >= 0) out[n++] = code(T.COPY_WRITE);
    // 508 finds nothing left to copy: the pair or the split is complete (【0024】).
    if (!anyDiff(s) && s[f.COPY_B] < 0 && (p === PS.initialCopy || p === PS.resync || p === PS.splitPending || s[f.ENG] === ES.copying)) out[n++] = code(T.SETTLE);
    if (emb !== 'E4') {
      if (s[f.SPLIT_REQ] === 0 && s[f.SPLITS_SENT] < cfg.splits) out[n++] = code(T.SPLIT_CMD);
      if (splitAnswerReady(s)) out[n++] = code(T.SPLIT);
    }
    for (let j = 0; j < J; j++) {
      const st = s[f.J_ST + j];
      if (s[f.J_SENT + j] === 0) {
        if (emb === 'E2-poll' ? s[f.SRV] === QS.ready : emb === 'E4' ? s[f.SRV] === SV.sendBackupCmd : true) out[n++] = code(T.BACKUP, j);
      }
      if (st === JS.accepted || st === JS.responded || st === JS.checkUnit) out[n++] = code(T.CHECK, j);
      if ((st === JS.waitPriorityCopy && !rangeDirty(s, j)) || (st === JS.waitUnitCopy && !s[f.DIFF + lo[j] + s[f.J_CUR + j]]) || (st === JS.waitAllReflected && !anyDiff(s))) out[n++] = code(T.RANGE_COPIED, j);
      if (st === JS.transferring || st === JS.transferUnit) out[n++] = code(T.TRANSFER, j);
      if (st === JS.staging) out[n++] = code(rules.atomicStaging || s[f.J_SRC + j] < 0 ? T.STAGE : T.STAGE_READ, j);
      if (st === JS.transferDone) out[n++] = code(T.REPORT, j);
      if (jobActive(s, j)) {
        if (canFault(s, 'abort')) out[n++] = code(T.ABORT, j);
        if ((st === JS.transferring || st === JS.transferUnit) && canFault(s, 'tapeError')) out[n++] = code(T.TAPE_ERROR, j);
        const readsS = ((st === JS.transferring || st === JS.transferUnit) && sSourced) || st === JS.staging;
        if (readsS && canFault(s, 'sReadError')) out[n++] = code(T.S_READ_ERROR, j);
      }
    }
    if (copyState(p) && anyDiff(s) && canFault(s, 'pReadError')) out[n++] = code(T.P_READ_ERROR);
    if ((copyState(p) || p === PS.split) && canFault(s, 'memLoss')) out[n++] = code(T.MEM_LOSS);
    if ((inSplit(p) || p === PS.suspendedByError) && s[f.RESYNCS] < cfg.resyncs) out[n++] = code(T.RESYNC);
    if (p !== PS.simplex && s[f.DELETES] < cfg.deletes) out[n++] = code(T.DELETE);
    if (cfg.sReads && inSplit(p)) {
      const e = s[f.G_SPLITS];
      for (let b = 0; b < N; b++) if (s[f.G_SREAD + e * N + b] === 0) out[n++] = code(T.S_READ, b);
    }
    if (s[f.SW_USED] < cfg.sWrites && inSplit(p)) for (let b = 0; b < N; b++) out[n++] = code(T.S_WRITE, b);
    if (emb === 'E2-poll' && s[f.SRV] === QS.polling && s[f.G_SPLITS] > 0) out[n++] = code(T.POLL);
    if (emb === 'E4') {
      const sv = s[f.SRV];
      if (sv === SV.idle && s[f.CLI] === CS.running) out[n++] = code(T.NOTIFY);
      if (sv === SV.awaitQuiesceAck && s[f.CLI] === CS.running && s[f.HW_TAG] === 0) out[n++] = code(T.QUIESCE);
      if (responseReady(s)) out[n++] = code(T.RESPONSE);
      if (sv === SV.notifyResume) {
        out[n++] = code(T.RESUME);
        if (canFault(s, 'lostResume')) out[n++] = code(T.LOST_RESUME);
      }
      // The client's timer (F10, F11) may also fire while the server is alive and merely slow: a
      // false suspicion, after which host writes run while the combined command splits the pair.
      if (s[f.CLI] === CS.quiesced) out[n++] = code(T.TIMEOUT);
      if (sv === SV.pollResult && (s[f.J_SENT] === 0 || s[f.G_ACC] === 2 || s[f.J_ST] === JS.complete || s[f.J_ST] === JS.failed || s[f.J_ST] === JS.aborted)) out[n++] = code(T.RESULT);
      if (sv !== SV.idle && sv !== SV.crashed && sv !== SV.done && canFault(s, 'serverCrash')) out[n++] = code(T.CRASH);
      if (sv === SV.crashed) out[n++] = code(T.RESTART);
    }
    return n;
  }

  const next = nextFrom(update);

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, c: number, out: State): void {
    transition(s, c, out);
    // 508 follows the waiting ranges whatever changed them: a check, a copy, a failed or aborted job.
    syncEngine(out);
  }

  function transition(s: State, c: number, out: State): void {
    const type = actionType(c);
    const arg = actionArg(c);
    if (s[f.HW_TAG] !== 0 && holdBlocks(s)) out[f.SEEN] |= SEEN.HOLD;
    // Latency bookkeeping (E-L3, I-L8): a step taken while an answer someone waits for was not ready.
    if (s[f.SPLIT_REQ] === 1 && !splitAnswerReady(s) && out[f.SPLIT_WAIT] < 3) out[f.SPLIT_WAIT]++;
    if (emb === 'E4' && s[f.CLI] === CS.quiesced && s[f.SRV] === SV.awaitResponse && !responseReady(s) && out[f.Q_BLOCKED] < 3) out[f.Q_BLOCKED]++;
    // I-L4 / E-L6: copies a waiting job sits through, unless they serve another waiting job alone.
    if (type === T.COPY || type === T.COPY_WRITE) {
      const b = type === T.COPY ? arg : s[f.COPY_B];
      for (let j = 0; j < J; j++) {
        const st = s[f.J_ST + j];
        const stillWaiting = st === JS.waitPriorityCopy ? rangeDirty(s, j) : st === JS.waitUnitCopy ? s[f.DIFF + lo[j] + s[f.J_CUR + j]] === 1 : st === JS.waitAllReflected && anyDiff(s);
        if (stillWaiting && (st === JS.waitAllReflected || waitsFor(s, j, b) || !prioritized(s, b))) out[f.J_WORK + j]++;
      }
    }
    switch (type) {
      case T.CREATE: {
        out[f.CREATES]++;
        go(PAIR, out, f.PAIR, PEV.CREATE_PAIR);
        go(STATUS, out, f.STAT_P, VEV.CREATE_PAIR);
        go(STATUS, out, f.STAT_S, VEV.CREATE_PAIR);
        for (let b = 0; b < N; b++) out[f.DIFF + b] = 1; // formation copy: everything (§5.1 [INFERRED])
        startEngine(out);
        out[f.G_GEN]++;
        return;
      }
      case T.WRITE: {
        const t = ++out[f.TAGS];
        out[f.HW_TAG] = t;
        out[f.HW_LO] = arg >> 1;
        out[f.HW_LEN] = (arg & 1) + 1;
        out[f.HW_DONE] = 0;
        out[f.G_WLO + t] = arg >> 1;
        out[f.G_WLEN + t] = (arg & 1) + 1;
        out[f.G_LASTRECV] = t;
        return;
      }
      case T.APPLY: {
        const t = s[f.HW_TAG];
        const from = s[f.HW_LO] + (rules.atomicMultiBlock ? 0 : s[f.HW_DONE]);
        const to = rules.atomicMultiBlock ? s[f.HW_LO] + s[f.HW_LEN] : from + 1;
        const p = s[f.PAIR];
        for (let b = from; b < to; b++) {
          if (p === PS.splitPending && s[f.DIFF + b] && rules.protectSplitImage) {
            // W-COW (§5.9): S gets the block's split-time content before the cache takes the new data.
            copyBlock(out, b);
            seen(out, SEEN.COW);
          }
          out[f.CACHE + b] = t; // 【0016】: the write is complete once it is in cache 507
          if (duplexLike(p)) out[f.DIFF + b] = 1; // an update copy is owed (【0020】)
          if (inSplit(p)) out[f.CHG + b] = 1;
        }
        if (duplexLike(p)) startEngine(out);
        out[f.HW_DONE] += to - from;
        if (out[f.HW_DONE] === s[f.HW_LEN]) {
          out[f.HW_TAG] = 0;
          out[f.HW_DONE] = 0;
          out[f.HW_LO] = 0;
          out[f.HW_LEN] = 0;
          out[f.G_LASTACK] = t;
        }
        syncEngine(out);
        return;
      }
      case T.DESTAGE:
        out[f.DISK + arg] = out[f.CACHE + arg];
        out[f.CACHE + arg] = -1;
        return;
      case T.COPY:
        copyBlock(out, arg);
        syncEngine(out);
        return;
      case T.COPY_READ:
        out[f.COPY_B] = arg;
        out[f.COPY_V] = rules.copySource === 'disk' ? s[f.DISK + arg] : pHat(s, arg);
        return;
      case T.COPY_WRITE: {
        const b = s[f.COPY_B];
        out[f.S + b] = s[f.COPY_V];
        out[f.DIFF + b] = 0; // clear after copy: a write that landed in between loses its bit (CE-9)
        out[f.COPY_B] = -1;
        out[f.COPY_V] = 0;
        syncEngine(out);
        return;
      }
      case T.SETTLE: {
        const p = s[f.PAIR];
        if (p === PS.initialCopy) go(PAIR, out, f.PAIR, PEV.INITIAL_COPY_DONE);
        else if (p === PS.resync) go(PAIR, out, f.PAIR, PEV.RESYNC_DONE);
        else if (p === PS.splitPending) {
          go(PAIR, out, f.PAIR, PEV.SPLIT_DRAINED);
          go(STATUS, out, f.STAT_S, VEV.SPLIT_DRAINED); // 517 := split (【0024】)
        }
        if (out[f.ENG] === ES.copying) go(ENGINE, out, f.ENG, EEV.DRAINED);
        return;
      }
      case T.SPLIT_CMD:
        out[f.SPLIT_REQ] = 1;
        out[f.SPLITS_SENT]++;
        out[f.G_REQ_LO] = s[f.G_LASTACK];
        return;
      case T.SPLIT: {
        out[f.SPLIT_REQ] = 0;
        const p = s[f.PAIR];
        if (duplexLike(p)) doSplit(out);
        else if (inSplit(p)) out[f.G_DUP_SPLIT] = 1; // F4: answered again, nothing changes (I-S13)
        else out[f.G_REJ + REJ.SPLIT] = 1; // F3: no pair to split
        return;
      }
      case T.BACKUP: {
        const j = arg;
        out[f.J_SENT + j] = 1;
        const p = s[f.PAIR];
        if (emb === 'E2-poll') go(POLLER, out, f.SRV, QE.SEND_CMD);
        if (emb === 'E4') go(SERVER, out, f.SRV, SEV.SEND_CMD);
        if (!validRange[j]) {
          out[f.G_ACC + j] = 2;
          out[f.G_REJ + REJ.RANGE] = 1; // F2
          return;
        }
        let ok: boolean;
        if (emb === 'E4') ok = duplexLike(p); // the command itself splits the pair (【0038】)
        else if (emb === 'E2-poll') ok = p === PS.split && s[f.STAT_S] === VS.split; // 【0034】: not while split pending
        else ok = inSplit(p) || (!rules.backupAfterSplit && p !== PS.simplex);
        if (!ok) {
          out[f.G_ACC + j] = 2;
          out[f.G_REJ + REJ.EARLY] = 1; // F1: claim 14, backup only after the split report
          return;
        }
        if (emb === 'E4') doSplit(out);
        acceptJob(out, j);
        return;
      }
      case T.CHECK: {
        const j = arg;
        out[f.J_WORK + j]++;
        if (s[f.J_ST + j] === JS.checkUnit) {
          const dirty = rules.gate && s[f.DIFF + lo[j] + s[f.J_CUR + j]] === 1;
          jobGo(out, j, dirty ? JEV.UNIT_DIRTY : JEV.UNIT_CLEAN);
          if (dirty) seen(out, SEEN.PRIORITY);
        } else {
          // 【0028】 (E1, E4): differences in the range? E2 (claims 2, 6, 11, 15; A2): any difference at all?
          const dirty = rules.gate && (emb === 'E2' ? anyDiff(s) : rangeDirty(s, j));
          jobGo(out, j, dirty ? JEV.DIRTY : JEV.CLEAN);
          if (dirty) seen(out, emb === 'E2' ? SEEN.WAIT_ALL : SEEN.PRIORITY);
        }
        syncEngine(out);
        return;
      }
      case T.RANGE_COPIED: {
        const j = arg;
        out[f.J_WORK + j]++;
        const st = s[f.J_ST + j];
        jobGo(out, j, st === JS.waitPriorityCopy ? JEV.RANGE_COPIED : st === JS.waitUnitCopy ? JEV.UNIT_COPIED : JEV.ALL_REFLECTED);
        return;
      }
      case T.TRANSFER: {
        const j = arg;
        out[f.J_WORK + j]++;
        const cur = s[f.J_CUR + j];
        const b = lo[j] + cur;
        out[f.TAPE + j * N + b] = sSourced ? s[f.S + b] : s[f.STAGE + j * N + b];
        // CE-15: 502 reports completion as soon as 503 starts the transfer.
        if (!rules.reportAfterTransfer && cur === 0 && emb !== 'E4') out[f.G_REP + j] = 1;
        const last = cur + 1 === hi[j] - lo[j];
        out[f.J_CUR + j] = last ? 0 : cur + 1;
        if (s[f.J_ST + j] === JS.transferUnit) jobGo(out, j, last ? JEV.LAST_UNIT : JEV.NEXT_UNIT);
        else if (last) jobGo(out, j, JEV.LAST_BLOCK);
        return;
      }
      case T.STAGE:
      case T.STAGE_READ: {
        const j = arg;
        out[f.J_WORK + j]++;
        const cur = s[f.J_CUR + j];
        const b = lo[j] + cur;
        if (type === T.STAGE && !rules.atomicStaging) {
          out[f.J_SRC + j] = rules.gate && s[f.DIFF + b] ? 1 : 0; // checked now, read in a later step (CE-7)
          return;
        }
        const fromP = type === T.STAGE ? rules.gate && s[f.DIFF + b] === 1 : s[f.J_SRC + j] === 1;
        // 【0036】: not yet reflected -> read from P; reflected -> read from S.
        out[f.STAGE + j * N + b] = fromP ? pHat(s, b) : s[f.S + b];
        if (fromP) seen(out, SEEN.STAGE_FROM_P);
        out[f.J_SRC + j] = -1;
        const last = cur + 1 === hi[j] - lo[j];
        out[f.J_CUR + j] = last ? 0 : cur + 1;
        if (last) jobGo(out, j, JEV.STAGED_ALL); // 【0037】: only a complete range goes to tape
        return;
      }
      case T.REPORT: {
        const j = arg;
        out[f.J_WORK + j]++;
        jobGo(out, j, JEV.REPORT);
        if (out[f.G_REP + j] === 0) out[f.G_REP + j] = 1;
        if (emb === 'E2-poll') go(POLLER, out, f.SRV, QE.DONE);
        return;
      }
      case T.ABORT:
        fault(out, 'abort');
        jobGo(out, arg, JEV.ABORT);
        out[f.G_REP + arg] = 3; // F15: the server aborted it; no completion report follows
        if (emb === 'E2-poll') go(POLLER, out, f.SRV, QE.DONE);
        return;
      case T.TAPE_ERROR:
        fault(out, 'tapeError');
        failJob(out, arg);
        return;
      case T.S_READ_ERROR:
        fault(out, 'sReadError');
        failJob(out, arg);
        return;
      case T.P_READ_ERROR:
      case T.MEM_LOSS: {
        const p = s[f.PAIR];
        fault(out, type === T.P_READ_ERROR ? 'pReadError' : 'memLoss');
        if (type === T.MEM_LOSS) for (let b = 0; b < N; b++) out[f.DIFF + b] = 1; // nothing known: all of it (F8)
        if (p === PS.split) {
          // S is complete; only the record of post-split changes is gone: a resync copies everything.
          for (let b = 0; b < N; b++) out[f.CHG + b] = 1;
          out.fill(0, f.DIFF, f.DIFF + N);
          return;
        }
        // F6 / F8: S can no longer be completed to the split image; the pair is suspended by the error.
        go(PAIR, out, f.PAIR, PEV.FAILURE);
        go(STATUS, out, f.STAT_P, VEV.FAILURE);
        go(STATUS, out, f.STAT_S, VEV.FAILURE);
        stopEngine(out);
        if (out[f.COPY_B] >= 0) {
          out[f.COPY_B] = -1;
          out[f.COPY_V] = 0;
        }
        failActiveJobs(out);
        return;
      }
      case T.RESYNC: {
        out[f.RESYNCS]++;
        const p = s[f.PAIR];
        if (rules.resyncGuard && anyJobActive(s)) {
          out[f.G_REJ + REJ.RESYNC] = 1; // F12 / I-S11
          return;
        }
        for (let b = 0; b < N; b++) {
          out[f.DIFF + b] = p === PS.suspendedByError ? 1 : s[f.DIFF + b] | s[f.CHG + b] | s[f.CHGS + b];
          out[f.CHG + b] = 0;
          out[f.CHGS + b] = 0;
          out[f.GSI + b] = -1;
        }
        go(PAIR, out, f.PAIR, PEV.RESYNC);
        go(STATUS, out, f.STAT_P, VEV.RESYNC);
        go(STATUS, out, f.STAT_S, VEV.RESYNC);
        if (anyDiff(out)) startEngine(out);
        out[f.G_GEN]++;
        return;
      }
      case T.DELETE: {
        out[f.DELETES]++;
        if (rules.resyncGuard && anyJobActive(s)) {
          out[f.G_REJ + REJ.DELETE] = 1; // F12
          return;
        }
        go(PAIR, out, f.PAIR, PEV.DELETE_PAIR);
        if (out[f.STAT_P] !== VS.simplex) go(STATUS, out, f.STAT_P, VEV.DELETE_PAIR);
        if (out[f.STAT_S] !== VS.simplex) go(STATUS, out, f.STAT_S, VEV.DELETE_PAIR);
        stopEngine(out);
        for (let b = 0; b < N; b++) {
          out[f.DIFF + b] = 0;
          out[f.CHG + b] = 0;
          out[f.CHGS + b] = 0;
          out[f.GSI + b] = -1;
        }
        out[f.COPY_B] = -1;
        out[f.COPY_V] = 0;
        out[f.G_GEN]++;
        return;
      }
      case T.S_READ: {
        const b = arg;
        // The prior-art guarantee (【0006】): a not-yet-reflected block is copied before S is read.
        if (s[f.PAIR] === PS.splitPending && s[f.DIFF + b]) {
          copyBlock(out, b);
          seen(out, SEEN.COPY_ON_READ);
          syncEngine(out);
        }
        out[f.G_SREAD + s[f.G_SPLITS] * N + b] = out[f.S + b] + 1;
        return;
      }
      case T.S_WRITE: {
        const b = arg;
        out[f.SW_USED]++;
        if (rules.sWriteGuard && (s[f.STAT_S] !== VS.split || anyJobActive(s))) {
          out[f.G_REJ + REJ.S_WRITE] = 1; // F13: S is refused to hosts while it still receives the split image
          return;
        }
        const t = ++out[f.TAGS];
        out[f.S + b] = t;
        out[f.CHGS + b] = 1;
        out[f.G_WLO + t] = b;
        out[f.G_WLEN + t] = -1;
        out[f.G_SW + b] = t;
        out[f.G_SWGEN + b] = s[f.G_GEN];
        return;
      }
      case T.POLL:
        if (s[f.STAT_S] === VS.split) go(POLLER, out, f.SRV, QE.STATUS_SPLIT);
        else seen(out, SEEN.POLLED_PENDING);
        return;
      case T.NOTIFY:
        go(SERVER, out, f.SRV, SEV.NOTIFY);
        return;
      case T.QUIESCE:
        go(CLIENT, out, f.CLI, CE.QUIESCE);
        go(SERVER, out, f.SRV, SEV.QUIESCE_ACK);
        return;
      case T.RESPONSE:
        go(SERVER, out, f.SRV, SEV.RESPONSE);
        return;
      case T.RESUME:
        go(SERVER, out, f.SRV, SEV.RESUME_SENT);
        if (s[f.CLI] === CS.quiesced) go(CLIENT, out, f.CLI, CE.RESUME);
        return;
      case T.LOST_RESUME:
        fault(out, 'lostResume');
        go(SERVER, out, f.SRV, SEV.RESUME_SENT);
        return;
      case T.TIMEOUT:
        go(CLIENT, out, f.CLI, CE.TIMEOUT);
        if (s[f.SRV] !== SV.crashed && s[f.SRV] !== SV.pollResult && s[f.SRV] !== SV.done) seen(out, SEEN.FALSE_TIMEOUT);
        return;
      case T.RESULT: {
        go(SERVER, out, f.SRV, SEV.RESULT_DONE);
        // Receive Copy Result (【0039】) tells the server how the job ended.
        const st = s[f.J_ST];
        if (out[f.G_REP] === 0 && s[f.G_ACC] === 1) out[f.G_REP] = st === JS.complete ? 1 : 2;
        return;
      }
      case T.CRASH:
        fault(out, 'serverCrash');
        go(SERVER, out, f.SRV, SEV.CRASH);
        return;
      case T.RESTART:
        go(SERVER, out, f.SRV, s[f.J_SENT] === 1 ? SEV.RESTART_POLL : SEV.RESTART);
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  // What an action's parameter names, per type: a block, a backup job, or a write (first block, length).
  const BLOCK_PARAM = new Set<number>([T.DESTAGE, T.COPY, T.COPY_READ, T.S_READ, T.S_WRITE]);
  const JOB_PARAM = new Set<number>([T.BACKUP, T.CHECK, T.RANGE_COPIED, T.TRANSFER, T.STAGE, T.STAGE_READ, T.REPORT, T.ABORT, T.TAPE_ERROR, T.S_READ_ERROR]);

  function actionToJson(_s: State, c: number): Action {
    const type = actionType(c);
    const arg = actionArg(c);
    const name = NAMES[type];
    if (name === undefined) throw new Error(`unknown action code ${c}`);
    if (type === T.WRITE) return { type: name, block: arg >> 1, blocks: (arg & 1) + 1 };
    if (BLOCK_PARAM.has(type)) return { type: name, block: arg };
    if (JOB_PARAM.has(type)) return { type: name, job: arg };
    return { type: name };
  }

  const TYPES = Object.fromEntries(Object.entries(NAMES).map(([v, k]) => [k, Number(v)])) as Record<string, number>;
  const int = (v: Json | undefined, max: number): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < max ? v : undefined);

  function actionFromJson(a: Action): number | undefined {
    const type = TYPES[a.type];
    if (type === undefined) return undefined;
    if (type === T.WRITE) {
      const b = int(a.block, N);
      const len = int(a.blocks, 3);
      return b === undefined || len === undefined || len < 1 ? undefined : code(type, b * 2 + len - 1);
    }
    const arg = BLOCK_PARAM.has(type) ? int(a.block, N) : JOB_PARAM.has(type) ? int(a.job, J) : 0;
    return arg === undefined ? undefined : code(type, arg);
  }

  // Stryker disable all: presentation for traces and replay, not a rule of the design.
  const val = (v: number): Json => (v < 0 ? null : v === 0 ? 'init' : v === FOREIGN ? 'foreign' : `w${v}`);
  const arr = (s: State, at: number, fn: (v: number) => Json = val): Json[] => Array.from(s.subarray(at, at + N), fn);
  function view(s: State): Record<string, Json> {
    const jobs: Json[] = [];
    for (let j = 0; j < J; j++) {
      jobs.push({
        range: [lo[j], hi[j]],
        state: JOB.states[s[f.J_ST + j]],
        cursor: s[f.J_CUR + j],
        tape: arr(s, f.TAPE + j * N),
        ...(emb === 'E3' ? { staged: arr(s, f.STAGE + j * N) } : {}),
        work: s[f.J_WORK + j],
        server: { sent: s[f.J_SENT + j] === 1, answer: ['none', 'accepted', 'rejected'][s[f.G_ACC + j]], result: ['none', 'success', 'failure', 'aborted'][s[f.G_REP + j]], epoch: s[f.G_JEPOCH + j] },
      });
    }
    const writes: Json[] = [];
    for (let t = 1; t <= s[f.TAGS]; t++) writes.push(s[f.G_WLEN + t] < 0 ? `w${t}: S[${s[f.G_WLO + t]}]` : `w${t}: P[${s[f.G_WLO + t]}..${s[f.G_WLO + t] + s[f.G_WLEN + t] - 1}]`);
    const epochs: Json[] = [];
    for (let e = 1; e <= s[f.G_SPLITS]; e++) epochs.push({ ackedBeforeCommand: s[f.G_LO + e], sentBeforeReport: s[f.G_HI + e], sReads: arr(s, f.G_SREAD + e * N, (v) => (v === 0 ? null : val(v - 1))) });
    return {
      pair: PAIR.states[s[f.PAIR]],
      status516: STATUS.states[s[f.STAT_P]],
      status517: STATUS.states[s[f.STAT_S]],
      engine508: ENGINE.states[s[f.ENG]],
      P: { disk: arr(s, f.DISK), cache: arr(s, f.CACHE), logical: Array.from({ length: N }, (_, b) => val(pHat(s, b))) },
      S: arr(s, f.S),
      diff514: arr(s, f.DIFF, (v) => v),
      changedSinceSplit: arr(s, f.CHG, (v) => v),
      splitImage: arr(s, f.GSI),
      hostWrite: s[f.HW_TAG] === 0 ? null : { write: `w${s[f.HW_TAG]}`, blocks: [s[f.HW_LO], s[f.HW_LO] + s[f.HW_LEN] - 1], applied: s[f.HW_DONE] },
      ...(rules.atomicCopy ? {} : { copyRegister: s[f.COPY_B] < 0 ? null : { block: s[f.COPY_B], value: val(s[f.COPY_V]) } }),
      splitCommandPending: s[f.SPLIT_REQ] === 1,
      ...(emb === 'E2-poll' ? { server: POLLER.states[s[f.SRV]] } : {}),
      ...(emb === 'E4' ? { server: SERVER.states[s[f.SRV]], client: CLIENT.states[s[f.CLI]] } : {}),
      jobs,
      ghost: { writes, lastAcked: s[f.G_LASTACK], epochs, sWrites: arr(s, f.G_SW, (v) => (v === 0 ? null : `w${v}`)) },
      faults: s[f.FAULT_SEEN],
    };
  }
  // Stryker restore all

  const machines = [
    { table: PAIR, offsets: [f.PAIR] },
    { table: STATUS, offsets: [f.STAT_P, f.STAT_S] },
    { table: ENGINE, offsets: [f.ENG] },
    { table: JOB, offsets: Array.from({ length: J }, (_, j) => f.J_ST + j) },
    ...(emb === 'E2-poll' ? [{ table: POLLER, offsets: [f.SRV] }] : []),
    ...(emb === 'E4' ? [{ table: SERVER, offsets: [f.SRV] }, { table: CLIENT, offsets: [f.CLI] }] : []),
  ];

  return {
    stateSize: SIZE,
    fields: f as unknown as Record<string, number>,
    maxActions: 64 + 12 * N + 12 * J,
    init: () => [initial()],
    actions,
    next,
    update,
    // E4's backup server, once it has notified the client, carries its protocol through.
    fair: (c) => !UNFAIR.has(actionType(c)) || (emb === 'E4' && actionType(c) === T.BACKUP),
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
    k: { N, J, E, W, f, cfg, rules, job: JOB, JS },
    pHat,
    image,
    jobActive,
    range: (j) => [lo[j], hi[j]],
  };
}
