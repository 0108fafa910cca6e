// Configurations and design rules of `ordered-delivery` (seed 004).

/** A remote copy pair (【0018】): one local disk unit mirrored to one remote disk unit. */
export interface Pair {
  lds: number;
  rds: number;
  /** Data integrity pair group (【0018】). */
  group: number;
  /** Block positions on the unit that host writes may target (positioning information, 【0027】). */
  positions: number;
}

/** Stream granularity of the sequence numbers: Fig. 2, Fig. 3 or Fig. 4 (【0013】-【0015】). */
export type Embodiment = 'perPair' | 'perLdsRds' | 'perLdsGroupRds';

export interface DiskConfig {
  kind: 'disk';
  embodiment: Embodiment;
  lds: number;
  rds: number;
  pairs: Pair[];
  /** Host writes in one behaviour. */
  writes: number;
  /** unique: every write reads a distinct clock value; coarse: writes may share a tick (ties, R-5). */
  clock: 'unique' | 'coarse';
  drops: number;
  dups: number;
  ldsCrashes: number;
  rdsCrashes: number;
  linkDowns: number;
  /** Whether the local site may be lost (followed by failover at the remote). */
  disaster: boolean;
  /** atomic: one step runs every slave and the master; split: slave reports and master broadcast interleave. */
  rounds?: 'atomic' | 'split';
  /** One limit time for the whole remote site (【0022】, as taught) or one per data integrity pair group (R-3's alternative). */
  limitScope?: 'global' | 'perGroup';
  /**
   * The remote cache is volatile: a crash of a remote disk system loses the packets it acknowledged and
   * had not destaged (【0035】 acknowledges on receipt into cache). Its sequence bookkeeping (the counter 300
   * of 【0049】) is control information and survives [INFERRED].
   */
  volatileCache?: boolean;
}

/** The design rules. The reference design is `referenceRules`; naive variants change one rule. */
export interface DiskRules {
  /** Slave run: from the next expected number (Reading B) or the literal longest run (Reading A). 【0038】 */
  run: 'prefix' | 'longest';
  /** A stream with no pending entries: keep its last contiguous timestamp (hold) or skip it. */
  empty: 'hold' | 'skip';
  /** Destage gate: ts < limit (請求項22) or ts <= limit (【0042】). */
  gate: 'lt' | 'le';
  /** Drop a packet whose (stream, seq) was already received (not in the seed; F5). */
  dedup: boolean;
  /** Write a packet to disk the moment it arrives (N-1). */
  applyOnArrival: boolean;
  /**
   * Limit from contiguous sequence numbers (the invention), from timestamps alone (prior art,
   * 【0006】-【0008】), or none at all: each stream destages its own contiguous run (N-3, N-4).
   */
  limitSource: 'sequence' | 'timestamp' | 'none';
  /** R-11: the remote keeps one sequence list per local disk system, merging the groups' numbers. */
  mergeGroups: boolean;
  /** local disk systems after the first stamp from a clock that lags the first by this many ticks. */
  clockSkew: number;
  /** Failover keeps every write the received sequence runs prove complete (final round), or only what the last broadcast limit admitted. */
  failover: 'final-round' | 'last-limit';
  /** Per-stream heartbeat carrying "nothing more before T" (not in the seed; fixes R-3). */
  heartbeat: boolean;
  /** Resend an unacknowledged packet with its original seq and ts (not in the seed; fixes F4). */
  retransmit: boolean;
}

export const referenceRules: DiskRules = {
  run: 'prefix',
  empty: 'hold',
  gate: 'lt',
  dedup: true,
  applyOnArrival: false,
  limitSource: 'sequence',
  mergeGroups: false,
  clockSkew: 0,
  failover: 'final-round',
  heartbeat: true,
  retransmit: true,
};

/** The tape embodiment (Figs. 16-20): sequence-numbered requests into a block-id-keyed queue. */
export interface TapeConfig {
  kind: 'tape';
  direction: 'write' | 'read';
  /** Blocks transferred. */
  blocks: number;
  /** Issue window m (【0070】), read as at most m requests outstanding. */
  window: number;
  /** Requests the network may duplicate: a copy arriving after the original was served is stale. */
  duplicates?: number;
}

export interface TapeRules {
  /**
   * Where a request lands: by block id (steps 1905, 2007), by counting entries (請求項29 wording, R-9),
   * or naively by arrival: a write appended at the tail, a read served from the head (N-5, N-6).
   */
  locate: 'blockId' | 'count' | 'arrival';
}

export const referenceTapeRules: TapeRules = { locate: 'blockId' };

export type OdConfig = DiskConfig | TapeConfig;

export interface Stream {
  name: string;
  lds: number;
  rds: number;
  group: number;
  pairs: number[];
}

/** The sequence streams of a topology under an embodiment (【0026】【0045】【0057】). */
export function deriveStreams(cfg: Pick<DiskConfig, 'embodiment' | 'pairs'>): { streams: Stream[]; streamOfPair: number[] } {
  const streams: Stream[] = [];
  const byName = new Map<string, number>();
  const streamOfPair = cfg.pairs.map((p, i) => {
    const name =
      cfg.embodiment === 'perPair'
        ? `P${i}`
        : cfg.embodiment === 'perLdsRds'
          ? `L${p.lds}>R${p.rds}`
          : `L${p.lds}/G${p.group}>R${p.rds}`;
    let s = byName.get(name);
    if (s === undefined) {
      s = streams.length;
      byName.set(name, s);
      streams.push({ name, lds: p.lds, rds: p.rds, group: p.group, pairs: [] });
    }
    streams[s].pairs.push(i);
    return s;
  });
  return { streams, streamOfPair };
}

const P = (lds: number, rds: number, group: number, positions = 1): Pair => ({ lds, rds, group, positions });
const twoRds: Pair[] = [P(0, 0, 0), P(0, 1, 0)];
const noFaults = { drops: 0, dups: 0, ldsCrashes: 0, rdsCrashes: 0, linkDowns: 0, disaster: false };
const disk = (c: Omit<DiskConfig, 'kind' | 'clock' | keyof typeof noFaults> & Partial<DiskConfig>): DiskConfig => ({
  kind: 'disk',
  clock: 'unique',
  ...noFaults,
  ...c,
});

export const configs: Record<string, OdConfig> = {
  // Fig. 2 with two remote disk systems: reordering, one loss, one duplicate, a site disaster.
  small: disk({ embodiment: 'perPair', lds: 1, rds: 2, pairs: twoRds, writes: 2, drops: 1, dups: 1, disaster: true }),
  // Three writes, reordering only: the three-write scenarios of §8 (R-1, P-3).
  'small-3w': disk({ embodiment: 'perPair', lds: 1, rds: 2, pairs: twoRds, writes: 3 }),
  // Fig. 3: two local disk systems into one remote; two pairs of L0 share one stream.
  'small-fig3': disk({ embodiment: 'perLdsRds', lds: 2, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0), P(1, 0, 0)], writes: 2, drops: 1, disaster: true }),
  // Fig. 4: two data integrity pair groups between one local and one remote disk system.
  'small-fig4': disk({ embodiment: 'perLdsGroupRds', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 1), P(0, 0, 1)], writes: 2, dups: 1, disaster: true }),
  // Fig. 4 with enough writes that one group's numbers run past a gap in the other's (R-11's trace).
  'small-fig4-groups': disk({ embodiment: 'perLdsGroupRds', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 1)], writes: 3, disaster: true }),
  // Disk system crashes, a link partition, a loss and a disaster in one behaviour.
  'small-faults': disk({
    embodiment: 'perPair',
    lds: 1,
    rds: 2,
    pairs: twoRds,
    writes: 2,
    drops: 1,
    ldsCrashes: 1,
    rdsCrashes: 1,
    linkDowns: 1,
    disaster: true,
  }),
  // A coarse clock: writes share timestamps.
  'small-ties': disk({ embodiment: 'perPair', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0)], writes: 3, clock: 'coarse' }),
  // The same with a site disaster: what a tie does to the recovered image (R-5, F7).
  'ties-disaster': disk({ embodiment: 'perPair', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0)], writes: 3, clock: 'coarse', disaster: true }),
  // Ties meet faults: a coarse clock with a loss, a duplicate and a site disaster (R-5 with F4, F5, F7).
  'small-ties-faults': disk({ embodiment: 'perPair', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0)], writes: 2, clock: 'coarse', drops: 1, dups: 1, disaster: true }),
  // One remote disk system with two pairs and a disaster: the slave's minimum across pairs (N-4).
  'small-one-rds': disk({ embodiment: 'perPair', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0)], writes: 2, drops: 1, disaster: true }),
  // A volatile remote cache: a remote crash loses acknowledged, undestaged packets (【0035】).
  'small-volatile': disk({ embodiment: 'perPair', lds: 1, rds: 1, pairs: [P(0, 0, 0), P(0, 0, 0)], writes: 2, rdsCrashes: 1, disaster: true, volatileCache: true }),
  // One limit time per data integrity pair group (Fig. 2 with two groups on two remote disk systems).
  'small-group-limit': disk({ embodiment: 'perPair', lds: 1, rds: 2, pairs: [P(0, 0, 0), P(0, 1, 1)], writes: 2, drops: 1, disaster: true, limitScope: 'perGroup' }),
  // Slave reports and master broadcast as separate steps (Figs. 9-10, 【0041】 barrier).
  'small-split': disk({ embodiment: 'perPair', lds: 1, rds: 2, pairs: twoRds, writes: 2, rounds: 'split' }),
  standard: disk({ embodiment: 'perPair', lds: 2, rds: 2, pairs: [P(0, 0, 0), P(1, 1, 0)], writes: 3, drops: 1, disaster: true }),
  'tape-write-small': { kind: 'tape', direction: 'write', blocks: 5, window: 4 },
  'tape-read-small': { kind: 'tape', direction: 'read', blocks: 4, window: 3, duplicates: 1 },
  'tape-write-standard': { kind: 'tape', direction: 'write', blocks: 12, window: 5 },
  'tape-read-standard': { kind: 'tape', direction: 'read', blocks: 12, window: 5 },
};
