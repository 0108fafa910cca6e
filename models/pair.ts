// The volume-pair lifecycle shared by the remote-copy systems (seed 000 first; seeds 001-003
// name the same states). States and transitions from seed-notes/000.md §5.1 and §5.10; PAIR and
// SUSPEND are explicit in the seed (【0097】), the rest is inferred there and marked below.
// The machine is flat and has no guards: the implementation decides (queue space, the checks of
// 1401-1403, lost data) and sends the matching event, so a transition table can be derived.
import { createMachine } from 'xstate';

type Transitions = Record<string, string>;
type PairStates = Record<string, { on: Transitions }>;

const pairStates: PairStates = {
    // No pair, no remote-copy attribute (【0096】) [INFERRED name].
    simplex: { on: { CREATE_PAIR: 'initialCopy' } },
    // Initial copy P -> (I) -> S (【0094】 step 804, 1413).
    initialCopy: {
      on: {
        INITIAL_COPY_DONE: 'pair',
        // [INFERRED] a failure before the copy completes leaves nothing consistent to resync.
        FAILURE: 'error',
      },
    },
    pair: {
      on: {
        // Operator split: maintenance suspend, per pair or group, in seed 000 (【0060】【0135】【0136】),
        // the pair split command in seed 001 (【0026】) when nothing is left to copy. One name: the
        // pair stops mirroring on command, differences are tracked and a resync restores it.
        SPLIT: 'split',
        // Failure detected at P or at S without an alternate path (【0116】-【0118】【0133】【0134】), the end
        // of S's drain after primary loss (【0141】, [INFERRED] suspend), or the queue-full "failure"
        // policy (【0101】【0115】). The secondary host takes over only from a suspended pair.
        FAILURE: 'suspendedByError',
      },
    },
    split: {
      on: {
        RESYNC: 'resync', // 1408-1410, P -> S with BM_P OR BM_S (【0148】-【0154】)
        RESYNC_REFUSED: 'error', // 1402 / 1403 -> 1414 (【0144】【0147】)
        DATA_LOST: 'initialCopy', // 1413 (【0150】)
        TAKEOVER: 'takeover', // business moved to S during maintenance (【0151】)
      },
    },
    suspendedByError: {
      on: {
        RESYNC: 'resync',
        RESYNC_REFUSED: 'error',
        DATA_LOST: 'initialCopy',
        TAKEOVER: 'takeover', // primary confirmed lost (CE-19: never while P may still write)
      },
    },
    // Business runs on S; P's differential information keeps accruing (【0119】【0134】).
    takeover: {
      on: {
        REVERSE_RESYNC: 'reverseResync', // 1411-1412, S -> P (【0154】)
        RESYNC_REFUSED: 'error',
        DATA_LOST: 'initialCopy',
      },
    },
    resync: {
      on: {
        RESYNC_DONE: 'pair',
        FAILURE: 'suspendedByError', // [INFERRED] the copy stops; the bitmaps still cover it
      },
    },
    reverseResync: {
      on: {
        // [INFERRED] failback: once P holds S's data the business returns to P and P -> S remote
        // copy restarts (【0151】 aligns the data to the side running the business).
        RESYNC_DONE: 'pair',
        // [INFERRED] the copy stops; the business is still at S, the bitmaps still cover the rest.
        FAILURE: 'takeover',
      },
    },
    // Error processing 1414; [INFERRED] the operator deletes the pair to start again.
    error: { on: { DELETE_PAIR: 'simplex' } },
};

export const pairMachine = createMachine({ id: 'pair', initial: 'simplex', states: pairStates });

/**
 * A seed's pair lifecycle: the shared machine plus the states and transitions that seed adds.
 * Composition keeps one vocabulary (a shared state keeps its name and every shared transition) while
 * a seed's extra commands (a pair delete from any state, say) stay out of the lifecycles of seeds
 * whose design has no such command. properties/machines.test.ts checks the extension only adds.
 */
export function extendPairMachine(id: string, extra: Record<string, Transitions>) {
  const states: PairStates = {};
  for (const [name, st] of Object.entries(pairStates)) states[name] = { on: { ...st.on } };
  for (const [name, on] of Object.entries(extra)) {
    for (const [event, target] of Object.entries(on)) {
      const have = states[name]?.on[event];
      if (have !== undefined && have !== target) throw new Error(`${id}: ${name} -${event}-> already goes to ${have}`);
    }
    states[name] = { on: { ...states[name]?.on, ...on } };
  }
  return createMachine({ id, initial: 'simplex', states });
}
