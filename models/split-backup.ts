// Lifecycles of seed 001 (JP 2003-183742), as XState machines. The implementation in
// src/systems/split-backup/ changes these parts of its state only through tables derived from these
// machines (src/engine/machine-table.ts); properties/machines.test.ts proves table and machine agree.
// Flat machines, no guards: the implementation evaluates the guard (is the difference information
// empty over the range?) and sends the event that names the answer.
import { createMachine, type AnyStateMachine } from 'xstate';
import { extendPairMachine } from './pair.js';

/**
 * The pair lifecycle of seed-notes/001.md §6.1, on the shared vocabulary of models/pair.ts:
 * SIMPLEX = simplex, DUPLEX_PENDING = initialCopy (after a create) or resync (after a resync),
 * DUPLEX = pair, SPLIT = split. Seed 001 adds SPLIT_PENDING (【0023】: split reported, the
 * split-time differences still being copied) and a pair delete from any state ([INFERRED] §5.10).
 */
export const splitBackupPairMachine = extendPairMachine('pair-split-backup', {
  // 【0026】: a split may be issued while a formation or update copy is still pending.
  initialCopy: { SPLIT_EARLY: 'splitPending', DELETE_PAIR: 'simplex' },
  pair: { SPLIT_EARLY: 'splitPending', DELETE_PAIR: 'simplex' },
  resync: { SPLIT_EARLY: 'splitPending', DELETE_PAIR: 'simplex' },
  splitPending: {
    // 【0024】【0026】: the split-time differences have all been reflected in S.
    SPLIT_DRAINED: 'split',
    // §5.10 [INFERRED]: the differences left are merged into the resync's.
    RESYNC: 'resync',
    // F6 / F8 [INFERRED]: a primary read error or a lost difference record stops the copy.
    FAILURE: 'suspendedByError',
    DELETE_PAIR: 'simplex',
  },
  split: { DELETE_PAIR: 'simplex' },
  suspendedByError: { DELETE_PAIR: 'simplex' },
});

/**
 * Pair status information 516 (primary) and 517 (secondary), one instance per volume (§6.2,
 * 【0024】): the primary's view says "split" as soon as the split is reported, the secondary's says
 * "split pending" until the split-time differences are reflected. Servers read 517 (E2's polling
 * variant, 【0034】).
 */
export const volumeStatusMachine = createMachine({
  id: 'volumeStatus',
  initial: 'simplex',
  states: {
    simplex: { on: { CREATE_PAIR: 'pair' } },
    pair: { on: { SPLIT: 'split', SPLIT_EARLY: 'splitPending', FAILURE: 'suspended', DELETE_PAIR: 'simplex' } },
    splitPending: { on: { SPLIT_DRAINED: 'split', RESYNC: 'pair', FAILURE: 'suspended', DELETE_PAIR: 'simplex' } },
    // FAILURE: 516 already says split while 517 is pending when the copy fails (F6, F8).
    split: { on: { RESYNC: 'pair', FAILURE: 'suspended', DELETE_PAIR: 'simplex' } },
    // [INFERRED] F6 / F8: the pair is suspended by the error; a resync copies everything again.
    suspended: { on: { RESYNC: 'pair', DELETE_PAIR: 'simplex' } },
  },
});

/**
 * The background copy engine, I/O processor 508 (§6.3): it copies differential blocks P -> S
 * "independently of 501-503" (【0026】), the blocks of a waiting backup range first (【0028】), until
 * the difference information is empty (【0030】, read as a drain: A3).
 */
export const copyEngineMachine = createMachine({
  id: 'copyEngine',
  initial: 'idle',
  states: {
    idle: { on: { COPY: 'copying', STOP: 'stopped' } },
    copying: { on: { PRIORITY: 'priorityCopying', DRAINED: 'idle', STOP: 'stopped' } },
    priorityCopying: { on: { RANGE_DONE: 'copying', STOP: 'stopped' } },
    // A delete or a failure stops the engine; a create or a resync starts it again.
    stopped: { on: { COPY: 'copying' } },
  },
});

/** The embodiments whose job machines follow (§6.5). */
export type Embodiment = 'E1' | 'E1-unit' | 'E2' | 'E2-poll' | 'E3' | 'E4';

const ends = { FAIL: 'failed', ABORT: 'aborted' } as const;

/**
 * A backup job, one instance per backup command (§6.5). `accepted` is 502 having parsed the command
 * into 511 and forwarded it to 503 (【0027】); transferDone is 503's report to 502, reported is 502's
 * report to the backup server (【0029】). A tape, S-read or P-read error fails the job (F5-F7), the
 * server may abort it (F15).
 */
export const jobMachines: Record<Embodiment, AnyStateMachine> = {
  // E1, whole-range check (【0027】-【0029】): a range with differences waits for 508's priority copy.
  E1: createMachine({
    id: 'jobE1',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'accepted' } },
      accepted: { on: { CLEAN: 'transferring', DIRTY: 'waitPriorityCopy', ...ends } },
      waitPriorityCopy: { on: { RANGE_COPIED: 'transferring', ...ends } },
      transferring: { on: { LAST_BLOCK: 'transferDone', ...ends } },
      transferDone: { on: { REPORT: 'reported' } },
      reported: {},
      failed: {},
      aborted: {},
    },
  }),
  // E1, per-unit check (【0028】 "per unit of data written to the backup device"; a unit is a block, A4).
  'E1-unit': createMachine({
    id: 'jobE1unit',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'checkUnit' } },
      checkUnit: { on: { UNIT_CLEAN: 'transferUnit', UNIT_DIRTY: 'waitUnitCopy', ...ends } },
      waitUnitCopy: { on: { UNIT_COPIED: 'transferUnit', ...ends } },
      transferUnit: { on: { NEXT_UNIT: 'checkUnit', LAST_UNIT: 'transferDone', ...ends } },
      transferDone: { on: { REPORT: 'reported' } },
      reported: {},
      failed: {},
      aborted: {},
    },
  }),
  // E2 (【0032】【0033】): a range with differences waits until all differences are reflected (A2).
  E2: createMachine({
    id: 'jobE2',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'accepted' } },
      accepted: { on: { CLEAN: 'transferring', DIRTY: 'waitAllReflected', ...ends } },
      waitAllReflected: { on: { ALL_REFLECTED: 'transferring', ...ends } },
      transferring: { on: { LAST_BLOCK: 'transferDone', ...ends } },
      transferDone: { on: { REPORT: 'reported' } },
      reported: {},
      failed: {},
      aborted: {},
    },
  }),
  // E2's polling variant (【0034】): the controller transfers as told; the server has waited for 517.
  'E2-poll': createMachine({
    id: 'jobE2poll',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'transferring' } },
      transferring: { on: { LAST_BLOCK: 'transferDone', ...ends } },
      transferDone: { on: { REPORT: 'reported' } },
      reported: {},
      failed: {},
      aborted: {},
    },
  }),
  // E3 (【0035】-【0037】): the range is merged in area 515 (differences from P, the rest from S), and
  // only then written to tape.
  E3: createMachine({
    id: 'jobE3',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'staging' } },
      staging: { on: { STAGED_ALL: 'transferring', ...ends } },
      transferring: { on: { LAST_BLOCK: 'transferDone', ...ends } },
      transferDone: { on: { REPORT: 'reported' } },
      reported: {},
      failed: {},
      aborted: {},
    },
  }),
  // E4 (【0038】-【0043】): the backup command itself splits the pair and is answered at once; the
  // rest follows E1 (【0041】); completion is read with Receive Copy Result (【0039】).
  E4: createMachine({
    id: 'jobE4',
    initial: 'idle',
    states: {
      idle: { on: { ACCEPT: 'responded' } },
      responded: { on: { CLEAN: 'transferring', DIRTY: 'waitPriorityCopy', ...ends } },
      waitPriorityCopy: { on: { RANGE_COPIED: 'transferring', ...ends } },
      transferring: { on: { LAST_BLOCK: 'complete', ...ends } },
      complete: {},
      failed: {},
      aborted: {},
    },
  }),
};

/**
 * E2's polling variant, the backup server (【0034】): it polls 517 until it reads "split", then sends
 * the backup command and waits for the completion report.
 */
export const pollingServerMachine = createMachine({
  id: 'pollingServer',
  initial: 'polling',
  states: {
    polling: { on: { STATUS_SPLIT: 'ready' } },
    ready: { on: { SEND_CMD: 'awaitDone' } },
    awaitDone: { on: { DONE: 'done' } },
    done: {},
  },
});

/**
 * E4's backup server (§6.5, 【0038】-【0040】): start notice to the client, wait for its quiesce
 * acknowledgement, send the combined command, on its response tell the client to resume, then poll
 * the result with Receive Copy Result. It may crash anywhere (F9, F10); restarted, it polls the
 * result of a command it had sent, or starts again.
 */
export const e4ServerMachine = createMachine({
  id: 'e4Server',
  initial: 'idle',
  states: {
    idle: { on: { NOTIFY: 'awaitQuiesceAck' } },
    awaitQuiesceAck: { on: { QUIESCE_ACK: 'sendBackupCmd', CRASH: 'crashed' } },
    sendBackupCmd: { on: { SEND_CMD: 'awaitResponse', CRASH: 'crashed' } },
    awaitResponse: { on: { RESPONSE: 'notifyResume', CRASH: 'crashed' } },
    notifyResume: { on: { RESUME_SENT: 'pollResult', CRASH: 'crashed' } },
    pollResult: { on: { RESULT_DONE: 'done', CRASH: 'crashed' } },
    crashed: { on: { RESTART_POLL: 'pollResult', RESTART: 'idle' } },
    done: {},
  },
});

/**
 * E4's client server (【0038】【0040】): it suspends host I/O on the start notice and resumes on the
 * backup server's word, or ([INFERRED], F10) on a timeout when that word never comes.
 */
export const e4ClientMachine = createMachine({
  id: 'e4Client',
  initial: 'running',
  states: {
    running: { on: { QUIESCE: 'quiesced' } },
    quiesced: { on: { RESUME: 'running', TIMEOUT: 'timedOut' } },
    // Resumed by its own timer: host I/O runs again.
    timedOut: {},
  },
});

export const splitBackupMachines = [
  splitBackupPairMachine,
  volumeStatusMachine,
  copyEngineMachine,
  ...Object.values(jobMachines),
  pollingServerMachine,
  e4ServerMachine,
  e4ClientMachine,
];
