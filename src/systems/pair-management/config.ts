// Configurations and design rules of `pair-management` (seed 003).

/** Emb. 1 (the subsystem selects), Emb. 2 (the host selects from a report), Emb. 3 (trim or extend
 * to fit), and the remote variant of Nagashima's claim 5 (the secondary storage splits and resyncs). */
export type Embodiment = 'E1' | 'E2' | 'E3' | 'remote';

/** How the managing computer guards a request that overwrites a volume (seed-notes §5.6). */
export type Policy = 'NONE' | 'STORAGE_FLAGS' | 'WARN_ONLY' | 'WARN_AND_CONFIRM';

export interface VolumeSpec {
  /** Capacity in blocks (Emb. 3: in physical areas of one block each, 【0143】). */
  cap: number;
  attr: 'NORMAL' | 'SECONDARY';
}

export interface PairManagementConfig {
  embodiment: Embodiment;
  policy: Policy;
  volumes: VolumeSpec[];
  /** Volumes the operator names as primaries: one pair slot each (at most one pair per primary, 【0087】). */
  primaries: number[];
  /** Per pair slot: a pair that exists at the start (its sub-volume and state), or null. */
  start: ({ sub: number; state: 'pair' | 'split' } | null)[];
  /** Per host: the volumes it can access (only those it can mount, and only those it is asked about). */
  hosts: number[][];
  /** Emb. 1: the secondary-volume conditions 401 a create may carry (【0047】). */
  conditions: ('SAME_CAPACITY' | 'NO_CONDITION')[];
  creates: number;
  splits: number;
  resyncs: number;
  releases: number;
  /** Attribute changes the operator may request, on these volumes. */
  retypes: number;
  retypeVolumes: number[];
  /** Host writes to primaries (the production host). */
  mainWrites: number;
  /** Host writes to a mounted volume that is not a primary (analysis data on a split sub, user data). */
  hostWrites: number;
  /** Status reports the host may request (sq02-sq05). */
  statusReports: boolean;
  /** C5: hosts may mount without registering with the storage's mount registry. */
  unregistered: boolean;
  /** F18: a host may not answer the mount inquiry (UNKNOWN). */
  silentHosts: boolean;
  /** F9 / C14: a release may name a destination that is not the pair's (a stale view, a mistake). */
  wrongRelease: boolean;
  /** Emb. 3: physical areas unallocated at the start (【0144】). */
  spareAreas: number;
}

/** The design rules. `referenceRules` is the seed's design completed where the notes say it must be. */
export interface Rules {
  /** The guard actually run; undefined: the configuration's policy (variants override it). */
  guard?: Policy;
  /** The create inquiry of N-cl.2 (false: only the resync asks, C15). */
  createInquiry: boolean;
  /** The attribute change into the pool asks too (I-17; false: C9). */
  retypeInquiry: boolean;
  /** A destination being checked or copied cannot be mounted (the fence closing F19 / C18). */
  fence: boolean;
  /** Emb. 2: the create re-validates the host's pick (false: Emb. 2 as written, C7). */
  revalidate: boolean;
  /** The primary is never its own destination (false: C8). */
  excludePrimary: boolean;
  /** Release refused in duplex pending (false: Fig. 9 as written, C10). */
  strictRelease: boolean;
  /** Split refused in duplex pending (false: C11, against 【0044】). */
  splitGuard: boolean;
  /** Never a smaller destination (false: C12). */
  neverSmaller: boolean;
  /** Release touches flags only when (P, S) names a pair (false: C14). */
  releaseMatch: boolean;
  /** Differences tracked on both sides during a split (false: main only, C16). */
  subSideDiff: boolean;
  /** Emb. 2 attribute change to NORMAL as the consistent reading (false: 【0125】 literally, C17). */
  consistentRetype: boolean;
}

export const referenceRules: Rules = {
  createInquiry: true,
  retypeInquiry: true,
  fence: true,
  revalidate: true,
  excludePrimary: true,
  strictRelease: true,
  splitGuard: true,
  neverSmaller: true,
  releaseMatch: true,
  subSideDiff: true,
  consistentRetype: true,
};

/** A configuration's operations and faults, all off: each configuration turns on what it exercises. */
export const none: Omit<PairManagementConfig, 'embodiment' | 'policy' | 'volumes' | 'primaries' | 'start' | 'hosts'> = {
  conditions: ['NO_CONDITION'],
  creates: 0,
  splits: 0,
  resyncs: 0,
  releases: 0,
  retypes: 0,
  retypeVolumes: [],
  mainWrites: 0,
  hostWrites: 0,
  statusReports: false,
  unregistered: false,
  silentHosts: false,
  wrongRelease: false,
  spareAreas: 0,
};

const N2 = { cap: 2, attr: 'NORMAL' } as const;
const S2 = { cap: 2, attr: 'SECONDARY' } as const;

/** C1, C5, F19, F20: a split pair whose sub a backup host may mount, write and unmount; one resync. */
const resync = (policy: Policy): PairManagementConfig => ({
  ...none,
  embodiment: 'E1',
  policy,
  volumes: [N2, S2],
  primaries: [0],
  start: [{ sub: 1, state: 'split' }],
  hosts: [[1]],
  resyncs: 1,
  mainWrites: 1,
  hostWrites: 1,
  // STORAGE_FLAGS with mounts the registry never sees is its own configuration (C5): there the policy guarantees nothing.
  unregistered: policy !== 'STORAGE_FLAGS',
  silentHosts: policy === 'WARN_AND_CONFIRM' || policy === 'WARN_ONLY',
});

/** C2, C9, C15: a new pair onto a pool volume a host has mounted, onto a user volume re-typed into
 * the pool, and onto a released copy a backup still reads. */
const create = (policy: Policy): PairManagementConfig => ({
  ...none,
  embodiment: 'E1',
  policy,
  volumes: [{ cap: 1, attr: 'NORMAL' }, { cap: 1, attr: 'SECONDARY' }, { cap: 1, attr: 'NORMAL' }],
  primaries: [0],
  start: [null],
  hosts: [[1, 2]],
  creates: 2,
  releases: 1,
  retypes: 1,
  retypeVolumes: [2],
  hostWrites: 1,
});

/** C3: claim 5, the pair across two storage devices; the secondary storage splits and resyncs. */
const remote = (policy: Policy): PairManagementConfig => ({
  ...none,
  embodiment: 'remote',
  policy,
  volumes: [N2, S2],
  primaries: [0],
  start: [{ sub: 1, state: 'pair' }],
  hosts: [[1]],
  splits: 1,
  resyncs: 1,
  mainWrites: 2,
  hostWrites: 1,
});

const POLICY_SUFFIX: Record<Policy, string> = { NONE: 'none', STORAGE_FLAGS: 'flags', WARN_ONLY: 'warn', WARN_AND_CONFIRM: 'confirm' };
export const POLICIES: Policy[] = ['NONE', 'STORAGE_FLAGS', 'WARN_ONLY', 'WARN_AND_CONFIRM'];
const perPolicy = (group: string, make: (p: Policy) => PairManagementConfig): Record<string, PairManagementConfig> =>
  Object.fromEntries(POLICIES.map((p) => [`small-${group}-${POLICY_SUFFIX[p]}`, make(p)]));

export const configs: Record<string, PairManagementConfig> = {
  ...perPolicy('resync', resync),
  ...perPolicy('create', create),
  ...perPolicy('remote', remote),
  'small-stale-flags': { ...resync('STORAGE_FLAGS'), unregistered: true },
  // Emb. 1 selection: equal capacity first, then larger unless SAME_CAPACITY, never smaller, never
  // the primary itself (a SECONDARY volume named as a primary, C8); F1-F3.
  'small-select': {
    ...none,
    embodiment: 'E1',
    policy: 'WARN_AND_CONFIRM',
    volumes: [{ cap: 2, attr: 'SECONDARY' }, { cap: 1, attr: 'SECONDARY' }, { cap: 3, attr: 'SECONDARY' }],
    primaries: [0],
    start: [null],
    hosts: [],
    conditions: ['SAME_CAPACITY', 'NO_CONDITION'],
    creates: 2,
    splits: 1,
    releases: 1,
    retypes: 1,
    retypeVolumes: [1],
    mainWrites: 1,
    statusReports: true,
  },
  // Emb. 2: two hosts pick from their own reports (C7), attribute changes both ways (C17, J-P9).
  'small-E2': {
    ...none,
    embodiment: 'E2',
    policy: 'WARN_AND_CONFIRM',
    volumes: [{ cap: 1, attr: 'NORMAL' }, { cap: 1, attr: 'NORMAL' }, { cap: 1, attr: 'SECONDARY' }],
    primaries: [0, 1],
    start: [null, null],
    hosts: [[2], []],
    creates: 2,
    releases: 1,
    retypes: 2,
    retypeVolumes: [2],
  },
  // Emb. 3: a larger pool volume trimmed, a smaller one extended from the unallocated areas (C12, C13).
  'small-E3': {
    ...none,
    embodiment: 'E3',
    policy: 'WARN_AND_CONFIRM',
    volumes: [N2, { cap: 3, attr: 'SECONDARY' }, { cap: 1, attr: 'SECONDARY' }],
    primaries: [0],
    start: [null],
    hosts: [[1]],
    creates: 2,
    releases: 1,
    mainWrites: 1,
    spareAreas: 1,
  },
  // Operations on two pairs: status reports, split and release in every state, a release naming the
  // wrong destination (C10, C11, C14, F7-F9, F21), a re-create, silent hosts (F18).
  'small-operate': {
    ...none,
    embodiment: 'E1',
    policy: 'WARN_AND_CONFIRM',
    volumes: [{ cap: 1, attr: 'NORMAL' }, { cap: 1, attr: 'NORMAL' }, { cap: 1, attr: 'SECONDARY' }, { cap: 1, attr: 'SECONDARY' }],
    primaries: [0, 1],
    start: [{ sub: 2, state: 'pair' }, null],
    hosts: [[3]],
    creates: 2,
    releases: 2,
    mainWrites: 1,
    wrongRelease: true,
  },
  // Larger, for verify and bench.
  'standard-resync': { ...resync('WARN_AND_CONFIRM'), volumes: [{ cap: 3, attr: 'NORMAL' }, { cap: 3, attr: 'SECONDARY' }], hosts: [[1], [1]], mainWrites: 2, hostWrites: 2, splits: 1 },
  'standard-create': { ...create('WARN_AND_CONFIRM'), mainWrites: 1 },
  'standard-remote': { ...remote('WARN_AND_CONFIRM'), mainWrites: 3, silentHosts: true },
};

export const policySuffix = (p: Policy): string => POLICY_SUFFIX[p];
