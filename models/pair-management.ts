// Lifecycles of seed 003: JP 2001-318833 (copy-destination selection from a pool of volumes) and
// Nagashima et al., US 10/651,681 (a mount inquiry before a resync or a new pair overwrites the
// destination). The implementation in src/systems/pair-management/ changes these parts of its state
// only through tables derived from these machines; properties/machines.test.ts proves table and
// machine agree. Flat machines, no guards: the implementation evaluates the guard (did a host answer
// "mounted"? is the volume paired?) and sends the event that names the answer.
import { createMachine, type AnyStateMachine } from 'xstate';
import { extendPairMachine } from './pair.js';

/**
 * The pair lifecycle of seed-notes/003.md §5.1 extended by §5.2, on the shared vocabulary of
 * models/pair.ts: SIMPLEX = simplex, DUPLEX_PENDING = initialCopy (formation copy, 【0041】),
 * DUPLEX = pair (【0042】, Nagashima's "first process"), SPLIT = split (【0043】, the "second
 * process"), the difference copy of a resync = resync. Policies without an inquiry (NONE,
 * STORAGE_FLAGS) use the shared CREATE_PAIR and RESYNC; the inquiry policies go through the check
 * states, where the pair waits for the hosts' answers and, once warned, for the operator.
 */
export const pairManagementPairMachine = extendPairMachine('pair-management', {
  // N-cl.2: "when the control is to be newly initiated", ask before the formation copy.
  simplex: { CREATE_REQUEST: 'newCheck' },
  newCheck: { WARN: 'newWarned', START_COPY: 'initialCopy' },
  // WARN_AND_CONFIRM waits here for the operator; WARN_ONLY proceeds in the next step.
  newWarned: { START_COPY: 'initialCopy', CANCEL: 'simplex' },
  // JP pair release (Fig. 9, 【0077】【0078】), from duplex or split: the rule of 【0060】 (no
  // release in duplex pending) is the host's in the seed; the subsystem enforces it here (F8).
  pair: { DELETE_PAIR: 'simplex' },
  // N-cl.1/3/5/7/8/10: the shift from the second process back to the first asks the hosts first.
  split: { RESYNC_REQUEST: 'resyncCheck', DELETE_PAIR: 'simplex' },
  resyncCheck: { WARN: 'resyncWarned', START_COPY: 'resync' },
  resyncWarned: { START_COPY: 'resync', CANCEL: 'split' },
});

/**
 * Emb. 1 and 3 volume information 108 (§5.3): the attribute 202 (NORMAL stores user data, SECONDARY
 * is reserved for use as a sub-volume) and the pair presence flag 203, as one state per combination.
 * The free pool is `pool` (SECONDARY, UNPAIRED). A volume named as a pair's primary is flagged too
 * (Fig. 2, volume 0), so that a release can clear it and attribute changes stay refused while paired
 * (S901, 【0081】【0082】).
 */
export const volumeFlagsMachine = createMachine({
  id: 'volumeFlags',
  initial: 'user',
  states: {
    user: { on: { RETYPE_SECONDARY: 'pool', PAIR: 'userPaired' } }, // S902 (sq11); named as a primary
    userPaired: { on: { UNPAIR: 'user' } },
    pool: { on: { RETYPE_NORMAL: 'user', PAIR: 'poolPaired' } }, // S902 (sq10); selected (S704)
    // Release: S802 keeps the attribute (back to the pool), S801 makes it NORMAL (【0077】【0078】).
    poolPaired: { on: { UNPAIR: 'pool', UNPAIR_NORMAL: 'user' } },
  },
});

/**
 * Emb. 2 volume information 1108 (§5.4): the attribute 1201 and the in-use flag 1202 (INVALID for a
 * NORMAL volume, IN_USE for a sub-volume, UNUSED for a pool volume, 【0099】). The attribute change of
 * Fig. 17 as the consistent reading of S1501/S1503 (erratum 11): to SECONDARY gives UNUSED, to
 * NORMAL gives INVALID and is refused while IN_USE (S1502 -> S1504).
 */
export const volumeInUseMachine = createMachine({
  id: 'volumeInUse',
  initial: 'normal',
  states: {
    normal: { on: { RETYPE_SECONDARY: 'unused' } },
    unused: { on: { RETYPE_NORMAL: 'normal', SELECT: 'inUse' } }, // S1300 (【0111】)
    inUse: { on: { RELEASE: 'unused' } }, // S1300(sic) (【0116】)
  },
});

/**
 * One host's mount of one volume (§5.5) [INFERRED]. A mount is registered with the storage's mount
 * registry (the Asahi-style flags of Pet.B.4, read only by the STORAGE_FLAGS policy) unless the host
 * skips it: the stale registry of C5.
 */
export const hostMountMachine = createMachine({
  id: 'hostMount',
  initial: 'unmounted',
  states: {
    unmounted: { on: { MOUNT: 'mounted', MOUNT_UNREGISTERED: 'mountedUnregistered' } },
    mounted: { on: { UNMOUNT: 'unmounted' } },
    mountedUnregistered: { on: { UNMOUNT: 'unmounted' } },
  },
});

/**
 * The managing computer's orchestration of one operator request that overwrites a volume (§5.6,
 * N-cl.3/8/10): a pair create, a resync, or an attribute change into the pool (I-17). The policy
 * decides the path: NONE submits at once (the prior art), STORAGE_FLAGS consults the storage's mount
 * registry and refuses (Asahi), WARN_ONLY asks the hosts and warns, WARN_AND_CONFIRM asks, warns and
 * waits for the operator. `executing` lasts until the storage has performed the request.
 */
export const orchestrationMachine = createMachine({
  id: 'orchestration',
  initial: 'idle',
  states: {
    idle: {
      on: {
        SUBMIT: 'executing', // NONE
        CHECK_REGISTRY: 'registryCheck', // STORAGE_FLAGS
        REQUEST: 'inquiring', // MOUNT_INQUIRY to every host that can access the volume
      },
    },
    // Asahi (Pet.B.4): the storage's registry says whether a host registered a mount; an error if so.
    registryCheck: { on: { CLEAR: 'executing', REFUSED: 'idle' } },
    // The hosts' answers (and F18's timeouts, UNKNOWN) are data of this state, not transitions.
    inquiring: {
      on: {
        CLEAR: 'executing',
        MOUNTED: 'warning', // the UI warning of N-cl.1-10
      },
    },
    warning: {
      on: {
        PROCEED: 'executing', // WARN_ONLY: the literal claims
        CONFIRM: 'confirmed', // WARN_AND_CONFIRM
        CANCEL: 'idle',
      },
    },
    executing: { on: { DONE: 'idle' } },
    confirmed: { on: { DONE: 'idle' } },
  },
});

export const pairManagementMachines: AnyStateMachine[] = [pairManagementPairMachine, volumeFlagsMachine, volumeInUseMachine, hostMountMachine, orchestrationMachine];
