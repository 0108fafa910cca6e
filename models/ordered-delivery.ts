// Lifecycles of seed 004 (JP 2002-281065), as XState machines. The implementation in
// src/systems/ordered-delivery/ changes these parts of its state only through tables derived from
// these machines (src/engine/machine-table.ts).
import { createMachine } from 'xstate';

/**
 * A local or remote disk system. The seed describes no failure procedure (seed-notes §5.9,
 * [INFERRED]): a crash stops its processes and keeps its non-volatile cache; a lost local site
 * takes every local disk system with it for good.
 */
export const diskSystemMachine = createMachine({
  id: 'diskSystem',
  initial: 'operating',
  states: {
    operating: { on: { CRASH: 'failed', SITE_LOST: 'lost' } },
    failed: { on: { RECOVER: 'operating', SITE_LOST: 'lost' } },
    lost: { type: 'final' },
  },
});

/**
 * The path from one local disk system to the remote site (path 112, 【0017】). Down holds every
 * message in flight: on a network that already reorders, a partition is an unbounded delay.
 */
export const linkMachine = createMachine({
  id: 'link',
  initial: 'up',
  states: {
    up: { on: { LINK_DOWN: 'down' } },
    down: { on: { LINK_UP: 'up' } },
  },
});

/**
 * The remote site's view of the mirror (seed-notes §5.9 [INFERRED]): while mirroring it applies
 * writes under the limit time; when the local site is lost it runs one final limit round, destages
 * what that limit allows and discards the rest (failover), leaving a consistent prefix.
 */
export const remoteSiteMachine = createMachine({
  id: 'remoteSite',
  initial: 'mirroring',
  states: {
    mirroring: { on: { LOCAL_SITE_LOST: 'localSiteLost' } },
    localSiteLost: { on: { FAILOVER: 'failedOver' } },
    failedOver: { type: 'final' },
  },
});

/** The disk embodiment's lifecycles (the tape embodiment has none). */
export const orderedDeliveryMachines = [diskSystemMachine, linkMachine, remoteSiteMachine];
