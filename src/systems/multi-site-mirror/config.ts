// Configurations and design rules of `multi-site-mirror` (seed 002). A configuration fixes the
// workload, the failures the environment may inject and the procedures the operators may run; the
// rules say how the design behaves (the reference design, a naive variant, or a prior-art design).

export type Site = 'P' | 'S' | 'A';
export type Link = 'PS' | 'PA' | 'SA';
export type Failover = 'fig10' | 'fig13' | 'fig14';
export type Failback = 'fig11' | 'fig12' | 'fig15' | 'fig16';
/** Who runs the mirror program: the host (1st emb.), the primary subsystem (L700-L718) or an intermediate server (2nd emb., Fig. 18). */
export type MirrorAt = 'host' | 'subsystem' | 'server';

export interface MirrorConfig {
  /** The first and second embodiments (storage async copy of 225B), or the third (DB log shipping) or fourth (host async copy with a journal file system). */
  embodiment: 'mirror' | 'db-log' | 'jfs';
  /** Mirror groups (virtual storage areas), each with its own 225A..225D (L691-L696). */
  groups: number;
  /** Addresses per storage area. */
  addresses: number;
  /** Application writes in the whole run, at whichever site runs the application. */
  writes: number;
  /** Writes the mirror program may have in flight at once (L455: independent timings). */
  concurrent: number;
  /** Log entries the primary's memory holds for the async copy: the async lag bound [INFERRED]. */
  queue: number;
  /** Failure protection configuration (804) with failure-Suspend write-protect on the sync pairs (L279, L393). */
  protection: boolean;
  /** Coalescing of consecutive same-area writes in the async log (L297-L298). */
  coalesce: boolean;
  mirrorAt: MirrorAt;
  /** M0 runs Fig. 3 before normal operation; M1 starts in normal operation. */
  start: 'M0' | 'M1';
  /** Faults in the whole run. */
  faults: number;
  failSites: Site[];
  failLinks: Link[];
  repairLinks: boolean;
  /** 225A of group 0 may fail (Fig. 7, Fig. 17). */
  failAreaA: boolean;
  /** Operator suspends of a pair (S3, A1). */
  suspends: number;
  /** The operators may believe the primary failed while it runs (false suspicion, CE18). */
  suspect: boolean;
  failovers: Failover[];
  failbacks: Failback[];
}

export interface Rules {
  /** The invention, or a prior-art design over the same workload (CE1, CE2). */
  design: 'invention' | 'usp6209002' | 'mikkelsen';
  /** The sync leg 225A -> 225C exists (CE3, pure async copy, without). */
  syncLeg: boolean;
  /** CE4's alternative, measured only: the sync leg goes to the far site and the async leg to the near one. */
  syncFar: boolean;
  /** Failure-Suspend write-protect where protection is configured (CE5 without). */
  writeProtect: boolean;
  /** Step 920: roll back members written before the write-protect rejection (CE6 without). */
  rollback: boolean;
  /** Fig. 17 when 225A fails; without it Fig. 9 acknowledges with j = 1 (Fig. 7, CE7). */
  fig17: boolean;
  /** The backup of 225D before step 1704 (L689; CE8 without). */
  snapshotD: boolean;
  /** Steps 1005-1007 of Fig. 10: the async pair 225C -> 225D (CE9 without). */
  fig10AsyncLeg: boolean;
  /** All 225A writes rejected once any 225A is write-protected (L696; CE10 without). */
  groupProtect: boolean;
  /** Coalesce only an entry adjacent to the new one (L297 "continuously"; CE11 without). */
  adjacentCoalesce: boolean;
  /** The mirror program keeps one write in flight per address (CE12 without) [INFERRED]. */
  serializeAddress: boolean;
  /** Figs. 12 and 16 confirm 225C = 225D before the pair goes (steps 1202, 1602; CE17 without). */
  confirmCD: boolean;
  /** A suspected primary is fenced before a failover [INFERRED]; CE18 without. */
  fence: boolean;
  /** 2nd emb.: a restarted mirror program makes its members equal before writes resume [INFERRED]. */
  memberResync: boolean;
  /** 3rd emb.: Fig. 21 checks the log IDs for a gap (2103; CE13 without). */
  gapCheck: boolean;
  /** 3rd emb.: the log is sent directly, before it is stored in AL (L786-L788; CE14). */
  shipBeforeLog: boolean;
  /** 4th emb.: a metadata log record is written when a file is opened for writing (L904, I11; CE15 without). */
  recordAtOpen: boolean;
  /** 4th emb.: the last record of a file waits for its pending entries (L955; CE16 without). */
  waitBeforeDelete: boolean;
}

export const referenceRules: Rules = {
  design: 'invention',
  syncLeg: true,
  syncFar: false,
  writeProtect: true,
  rollback: true,
  fig17: true,
  snapshotD: true,
  fig10AsyncLeg: true,
  groupProtect: true,
  adjacentCoalesce: true,
  serializeAddress: true,
  confirmCD: true,
  fence: true,
  memberResync: true,
  gapCheck: true,
  shipBeforeLog: false,
  recordAtOpen: true,
  waitBeforeDelete: true,
};

const base: MirrorConfig = {
  embodiment: 'mirror',
  groups: 1,
  addresses: 2,
  writes: 3,
  concurrent: 1,
  queue: 1,
  protection: true,
  coalesce: false,
  mirrorAt: 'host',
  start: 'M1',
  faults: 2,
  failSites: [],
  failLinks: [],
  repairLinks: false,
  failAreaA: false,
  suspends: 0,
  suspect: false,
  failovers: [],
  failbacks: [],
};

const c = (x: Partial<MirrorConfig>): MirrorConfig => ({ ...base, ...x });

export const configs: Record<string, MirrorConfig> = {
  // Failure protection off (L395): the P-S path fails, the primary keeps acknowledging, then fails (Fig. 7's loss, allowed).
  'small-unprotected': c({ protection: false, writes: 3, faults: 2, failLinks: ['PS'], failSites: ['P'], failovers: ['fig10'] }),
  // Normal operation with the P-S path failing and coming back (G3, P5, CE5, CE6), resync after it.
  'small-path': c({ writes: 3, faults: 2, failLinks: ['PS'], repairLinks: true, failSites: ['P'], failovers: ['fig10'] }),
  // Any two sites fail, and the S-A path; resume at the async site (G1, P7, CE1-CE3 of the prior art).
  'small-double': c({ writes: 3, queue: 1, faults: 2, failSites: ['P', 'S', 'A'], failLinks: ['SA'], failovers: ['fig10', 'fig13', 'fig14'] }),
  // Failover to the sync site, then the sync site is lost (G4, P13, CE9).
  'small-sync-lost': c({ addresses: 1, writes: 3, faults: 2, failSites: ['P', 'S'], failovers: ['fig10', 'fig13'] }),
  // Two writes in flight through the mirror; coalescing in the async log (I1, I5, CE11, CE12).
  'small-concurrent': c({ addresses: 2, writes: 3, concurrent: 2, queue: 2, coalesce: true, faults: 1, failSites: ['P'], failovers: ['fig13'] }),
  // 225A fails in normal operation: Fig. 17, and the sync site failing inside it (G7, CE7, CE8).
  'small-area': c({ addresses: 2, writes: 3, queue: 2, faults: 3, failAreaA: true, failSites: ['P', 'S'], failovers: ['fig13'] }),
  // Two mirror groups and the all-225A write-protect rule (G8, P12, CE10).
  'small-groups': c({ groups: 2, addresses: 1, writes: 3, faults: 2, failLinks: ['PS'], repairLinks: true }),
  // Failback after a resume at the sync site (Figs. 11, 12; G5, P14, CE17).
  'small-failback-sync': c({ addresses: 1, writes: 3, faults: 1, failSites: ['P'], failovers: ['fig10'], failbacks: ['fig11', 'fig12'] }),
  // Failback after a resume at the async site (Figs. 15, 16; G5, G6, P14, CE17).
  'small-failback-async': c({ addresses: 1, writes: 3, faults: 1, failSites: ['P'], failovers: ['fig13', 'fig14'], failbacks: ['fig15', 'fig16'] }),
  // Fig. 3 from a single-member group; operator suspends of either pair (S3, A1, P9).
  'small-init': c({ addresses: 1, writes: 2, start: 'M0', suspends: 2, faults: 2, failLinks: ['PA', 'PS'], repairLinks: true }),
  // The primary fails inside Fig. 3: a pair still in its initial copy, a member still being added.
  'small-init-fail': c({ addresses: 1, writes: 1, start: 'M0', faults: 1, failSites: ['P'], failovers: ['fig10'], failbacks: ['fig11'] }),
  // The primary is only suspected (CE18): the operators fail over while it runs.
  'small-suspect': c({ addresses: 1, writes: 2, faults: 1, suspect: true, failovers: ['fig10'] }),
  // The 2nd embodiment: an intermediate server mirrors; same protocol, its failure is the primary's.
  'small-server': c({ mirrorAt: 'server', writes: 3, faults: 2, failLinks: ['PS'], failSites: ['P'], failovers: ['fig10', 'fig13'] }),
  'small-subsystem': c({ mirrorAt: 'subsystem', writes: 3, faults: 2, failLinks: ['PS'], failSites: ['P'], failovers: ['fig10', 'fig13'] }),
  // 3rd emb.: commits, log shipping, checkpoints and purges, the primary failing at any point, Fig. 21.
  'small-db': c({ embodiment: 'db-log', writes: 4, faults: 1 }),
  // 4th emb.: two files opened, written, closed, their metadata log records deleted, the primary failing.
  'small-jfs': c({ embodiment: 'jfs', addresses: 2, writes: 3, queue: 2, faults: 1 }),
  'standard-double': c({ addresses: 2, writes: 4, queue: 2, coalesce: true, faults: 2, failSites: ['P', 'S'], failLinks: ['PS'], failovers: ['fig10', 'fig13', 'fig14'] }),
  'standard-concurrent': c({ addresses: 2, writes: 4, concurrent: 2, queue: 2, coalesce: true, faults: 1, failSites: ['P'], failovers: ['fig10', 'fig13'] }),
  'standard-failback': c({ addresses: 2, writes: 4, faults: 1, failSites: ['P'], failovers: ['fig10', 'fig13', 'fig14'], failbacks: ['fig11', 'fig12', 'fig15', 'fig16'] }),
};
