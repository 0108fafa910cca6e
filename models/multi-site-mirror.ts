// Lifecycles of seed 002 (Iwamura et al., US 10/676,121): a primary whose host mirrors every write
// into two areas, one copied synchronously to a near site and the other asynchronously to a far
// site. The implementation in src/systems/multi-site-mirror/ changes these parts of its state only
// through tables derived from these machines; properties/machines.test.ts proves table and machine
// agree. Flat machines, no guards: the implementation evaluates the guard (is the link up? is the
// queue drained? is protection configured?) and sends the event that names the answer.
import { createMachine, type AnyStateMachine } from 'xstate';
import { extendPairMachine } from './pair.js';

/**
 * The synchronous pair (seed-notes/002.md §5.1) on the shared vocabulary: Simplex = simplex,
 * Initial-Copying = initialCopy, Duplex = pair, Suspend by instruction = split, failure Suspend =
 * suspendedByError (the state whose write-protect rejects writes to the primary area, L279-L280),
 * Duplex-Pending = resync. Seed 002 adds a start with the initialization copy omitted (S2', steps
 * 1106, 1205, 1605, 1706), "transit to Simplex" from any state (S7) and the deletion of the pair
 * information (S8); both end in simplex (the note's `pairExists` is the implementation's slot).
 */
export const syncPairMachine = extendPairMachine('sync-pair', {
  simplex: { CREATE_IDENTICAL: 'pair' },
  initialCopy: { TO_SIMPLEX: 'simplex' },
  pair: { TO_SIMPLEX: 'simplex' },
  split: { TO_SIMPLEX: 'simplex' },
  suspendedByError: { TO_SIMPLEX: 'simplex' },
  resync: { TO_SIMPLEX: 'simplex' },
});

/**
 * The asynchronous pair (§5.2): the same states plus Suspending, through which every suspension of
 * a duplex pair passes (L307): the log entries already in the secondary's memory are reflected, the
 * rest become write positions (L309). Distinct event names keep the shared pair -SPLIT-> split and
 * pair -FAILURE-> suspendedByError edges out of this pair's reachable part.
 */
export const asyncPairMachine = extendPairMachine('async-pair', {
  simplex: { CREATE_IDENTICAL: 'pair' },
  initialCopy: { TO_SIMPLEX: 'simplex' },
  pair: { SUSPEND_BEGIN: 'suspending', TO_SIMPLEX: 'simplex' },
  resync: { SUSPEND_BEGIN: 'suspending', TO_SIMPLEX: 'simplex' },
  suspending: { FLUSHED: 'split', FLUSHED_FAILURE: 'suspendedByError', TO_SIMPLEX: 'simplex' },
  split: { TO_SIMPLEX: 'simplex' },
  suspendedByError: { TO_SIMPLEX: 'simplex' },
});

/**
 * A member of a mirror group (§5.3): fields 802 (synchronous state) x 803 (failure state) of the
 * mirror configuration information, as one state per reachable combination. A member added by
 * step 601 is written but not read until the copy of step 604 completes (steps 602, 605, 606); a
 * failed member is NotSynchronized (L352-L353) and leaves the group when it is re-created in a
 * failback (steps 1107, 1206, 1507, 1606) [INFERRED].
 */
export const mirrorMemberMachine = createMachine({
  id: 'mirror-member',
  initial: 'absent',
  states: {
    absent: { on: { ADD: 'notSynchronized', ADD_SYNCHRONIZED: 'synchronized' } },
    notSynchronized: { on: { COPY_DONE: 'synchronized', REMOVE: 'absent' } },
    synchronized: { on: { WRITE_FAILED: 'unusable', WRITE_PROTECTED: 'writeProtected', REMOVE: 'absent' } },
    unusable: { on: { REMOVE: 'absent' } },
    writeProtected: { on: { REMOVE: 'absent', RESYNCED: 'synchronized' } },
  },
});

/**
 * One application write through the mirror program (Fig. 9, §5.4). `writing` is the loop of steps
 * 912-917 over the members in either order (L443); a rejection for failure-Suspend write-protect
 * after another member was written rolls that member back (918, 920) before the abnormal end (921).
 * `held` is a write whose 225A leg failed while Fig. 17 re-issues it to 225B before the
 * acknowledgement (1707). `unknown`: the site running the mirror failed before it answered.
 */
export const hostWriteMachine = createMachine({
  id: 'host-write',
  initial: 'idle',
  states: {
    idle: { on: { ISSUE: 'writing', REJECT_PROTECTED: 'failed' } }, // 901; 906-910
    writing: { on: { ACK: 'acknowledged', FAIL: 'failed', PROTECTED: 'rollingBack', HOLD: 'held', LOST: 'unknown' } },
    rollingBack: { on: { ROLLED_BACK: 'failed', LOST: 'unknown' } }, // 920 -> 921
    held: { on: { ACK: 'acknowledged', LOST: 'unknown' } }, // Fig. 17, 1704-1707
    acknowledged: { on: { RETIRE: 'idle' } }, // 922
    failed: { on: { RETIRE: 'idle' } }, // 910, 921, 923
    unknown: { on: { RETIRE: 'idle' } },
  },
});

/** A site (§5.6) [INFERRED]: after recovery the primary has no mirror configuration and no pair information (steps 1101, 1501). */
export const siteMachine = createMachine({
  id: 'site',
  initial: 'up',
  states: {
    up: { on: { FAIL: 'failed' } },
    failed: { on: { RECOVER: 'recovered' } },
    recovered: { on: { FAILBACK_DONE: 'up' } },
  },
});

/** A communication path between two sites (§5.6): its failure is a failure-Suspend cause (L273-L274). */
export const linkMachine = createMachine({
  id: 'link',
  initial: 'up',
  states: {
    up: { on: { DOWN: 'down' } },
    down: { on: { REPAIR: 'up' } },
  },
});

/**
 * The operating mode (§5.7): M0-M8, with the procedures of Figs. 3 and 10-17 as the transitions
 * between them. A procedure is a state of its own while its steps run one at a time, so that
 * faults can strike between them (CE8 is a sync-site failure inside Fig. 17); its last step sends
 * the event that ends it. M3 is entered by the first write rejected for write-protect and left by
 * the resync once the path is back. The note's M1 -> M8 (primary and sync site lost together) is
 * M1 -> M4 -> M8 here: the two failures are two steps, adjacent when they are simultaneous.
 */
export const modeMachine = createMachine({
  id: 'mode',
  initial: 'M0',
  states: {
    M0: { on: { START_FIG3: 'fig3' } },
    fig3: { on: { FIG3: 'M1', PRIMARY_FAILED: 'M4' } }, // steps 302-306, 310
    M1: { on: { START_FIG17: 'fig17', WRITE_PROTECT: 'M3', PRIMARY_FAILED: 'M4' } },
    fig17: { on: { FIG17: 'M2', PRIMARY_FAILED: 'M4' } }, // 1703-1707
    M2: { on: { PRIMARY_FAILED: 'M4' } },
    M3: { on: { RESYNCED: 'M1', PRIMARY_FAILED: 'M4' } },
    M4: { on: { START_FIG10: 'fig10', START_FIG13: 'fig13', START_FIG14: 'fig14', SYNC_FAILED: 'M8' } },
    fig10: { on: { FIG10: 'M5', SYNC_FAILED: 'M8' } }, // 1001-1007
    fig13: { on: { FIG13: 'M6' } }, // 1301-1303
    fig14: { on: { FIG14: 'M7', SYNC_FAILED: 'M8' } }, // 1401-1406
    M5: { on: { START_FIG11: 'fig11', START_FIG12: 'fig12', SYNC_FAILED: 'M8' } },
    fig11: { on: { FIG11: 'M1' } }, // 1101-1110
    fig12: { on: { FIG12: 'M1' } }, // 1201-1211
    M6: { on: { START_FIG15: 'fig15' } },
    M7: { on: { START_FIG15: 'fig15', START_FIG16: 'fig16' } },
    fig15: { on: { FIG15: 'M1' } }, // 1501-1512
    fig16: { on: { FIG16: 'M1' } }, // 1601-1611
    M8: { on: { START_FIG13: 'fig13' } },
  },
});

/**
 * Third embodiment: the Fig. 21 procedure after the primary failed at Time0 (§6.10). 2104 ships the
 * sync site's logs newer than the async site's newest when no log is missing in between; 2109
 * copies the sync site's log and data whole when one is; both sites then recover their databases
 * (2105, 2106), the async copy starts (2107) and the application resumes at the sync site (2108).
 */
export const dbRecoveryMachine = createMachine({
  id: 'db-recovery',
  initial: 'operating',
  states: {
    operating: { on: { PRIMARY_FAILED: 'primaryFailed' } },
    primaryFailed: { on: { SHIP_LOGS: 'logsShipped', FULL_COPY: 'fullCopied' } }, // 2101-2103
    logsShipped: { on: { RECOVER_SYNC: 'syncRecovered' } }, // 2104
    fullCopied: { on: { RECOVER_SYNC: 'syncRecovered' } }, // 2109
    syncRecovered: { on: { RECOVER_ASYNC: 'asyncRecovered' } }, // 2105
    asyncRecovered: { on: { START_ASYNC: 'asyncStarted' } }, // 2106
    asyncStarted: { on: { RESUME: 'resumed' } }, // 2107
    resumed: {}, // 2108
  },
});

/**
 * Fourth embodiment: the journal file system's metadata log records of one file (§5.10). A second
 * record may be deleted at once; the last one only once no entry for the file's blocks is pending on
 * the primary host (L955), which the implementation checks before sending DELETE.
 */
export const metadataLogMachine = createMachine({
  id: 'metadata-log',
  initial: 'clean',
  states: {
    clean: { on: { RECORD: 'recorded' } },
    recorded: { on: { RECORD: 'recordedTwice', DELETE: 'clean' } },
    recordedTwice: { on: { DELETE: 'recorded' } },
  },
});

export const multiSiteMirrorMachines: AnyStateMachine[] = [
  dbRecoveryMachine,
  metadataLogMachine,
  syncPairMachine,
  asyncPairMachine,
  mirrorMemberMachine,
  hostWriteMachine,
  siteMachine,
  linkMachine,
  modeMachine,
];
