// C6 and C13 are efficiency claims, not losses (【0010】【0024】【0133】): measured here on the model by
// driving it through a fixed schedule of operator commands, the same on every run.
import type { ReportTable, State } from '../../engine/contract.js';
import { none, referenceRules, type PairManagementConfig } from './config.js';
import { T, actionType, argA, argB, buildModel, type PairManagementModel } from './model.js';

/** Applies the first enabled action that `want` accepts; false when none is enabled. */
function take(m: PairManagementModel, s: State, want: (c: number) => boolean): boolean {
  const buf = new Int32Array(m.maxActions);
  const n = m.actions(s, buf);
  for (let i = 0; i < n; i++) {
    if (!want(buf[i])) continue;
    const out = new Int32Array(m.stateSize);
    m.next(s, buf[i], out);
    s.set(out);
    return true;
  }
  return false;
}

/** Runs every fair step (answers, decisions, copies) until none is left. */
function settle(m: PairManagementModel, s: State): void {
  for (let guard = 0; guard < 1000 && take(m, s, (c) => m.fair(c)); guard++);
}

const base = (volumes: PairManagementConfig['volumes'], primaries: number[], creates: number, embodiment: 'E1' | 'E3' = 'E1'): PairManagementConfig => ({
  ...none,
  embodiment,
  policy: 'NONE',
  volumes,
  primaries,
  start: primaries.map(() => null),
  hosts: [],
  creates,
  releases: creates,
});

/**
 * C6: N user volumes backed up in turn, at most k at once (a backup is a pair created, copied, and
 * released back to the pool). The pool needs k volumes; a fixed sub-volume per user volume needs N.
 */
export function poolRows(): { users: number; concurrent: number; poolNeeded: number; staticNeeded: number; poolUtilisation: string; staticUtilisation: string }[] {
  const rows = [];
  for (const users of [2, 3, 4]) {
    for (const concurrent of [1, 2]) {
      if (concurrent > users) continue;
      let poolNeeded = -1;
      for (let pool = 0; pool <= users && poolNeeded < 0; pool++) {
        const volumes = [...Array.from({ length: users }, () => ({ cap: 1, attr: 'NORMAL' as const })), ...Array.from({ length: pool }, () => ({ cap: 1, attr: 'SECONDARY' as const }))];
        const primaries = Array.from({ length: users }, (_, i) => i);
        const m = buildModel(base(volumes, primaries, users * 2), referenceRules);
        const s = m.init()[0];
        const f = m.k.f;
        let ok = true;
        const alive: number[] = [];
        // Two rounds of backups of every user volume.
        for (let round = 0; round < 2 && ok; round++) {
          for (let p = 0; p < users && ok; p++) {
            if (alive.length === concurrent) {
              const q = alive.shift()!;
              take(m, s, (c) => actionType(c) === T.RELEASE && argA(c) === q && argB(c) === s[f.SUB + q] && (c & 15) === 0);
            }
            ok = take(m, s, (c) => actionType(c) === T.CREATE && argA(c) === p && argB(c) !== 15);
            settle(m, s);
            if (ok) alive.push(p);
          }
        }
        if (ok) poolNeeded = pool;
      }
      rows.push({
        users,
        concurrent,
        poolNeeded,
        staticNeeded: users,
        poolUtilisation: `${Math.round((100 * users) / (users + poolNeeded))}%`,
        staticUtilisation: `${Math.round((100 * users) / (2 * users))}%`,
      });
    }
  }
  return rows;
}

/** C13: a primary of `need` blocks and a pool whose only volume is larger: Emb. 1 uses it whole, Emb. 3 trims it. */
export function fitRows(): { primary: number; pool: number; embodiment: string; destination: number; wasted: number; freedAreas: number }[] {
  const rows = [];
  for (const [primary, pool] of [
    [1, 2],
    [1, 3],
    [2, 3],
  ]) {
    for (const embodiment of ['E1', 'E3'] as const) {
      const m = buildModel(base([{ cap: primary, attr: 'NORMAL' }, { cap: pool, attr: 'SECONDARY' }], [0], 1, embodiment), referenceRules);
      const s = m.init()[0];
      take(m, s, (c) => actionType(c) === T.CREATE && argB(c) === 1);
      settle(m, s);
      const destination = m.cap(s, 1);
      let freed = 0;
      for (let a = s[m.k.f.UNALLOC]; a; a &= a - 1) freed++;
      rows.push({ primary, pool, embodiment, destination, wasted: destination - primary, freedAreas: freed });
    }
  }
  return rows;
}

export function efficiencyTables(): ReportTable[] {
  return [
    {
      title: 'C6: volumes needed, pool versus a fixed sub-volume per user volume (【0010】【0021】)',
      note: 'Measured on the model: every user volume is backed up twice in turn (create, formation copy, release back to the pool), at most `concurrent` pairs at once; the smallest pool with no create refused is the pool needed. A fixed assignment needs one sub-volume per user volume.',
      columns: ['user volumes', 'concurrent pairs', 'pool volumes needed', 'fixed sub-volumes needed', 'utilisation with the pool', 'utilisation fixed'],
      rows: poolRows().map((r) => [r.users, r.concurrent, r.poolNeeded, r.staticNeeded, r.poolUtilisation, r.staticUtilisation]),
    },
    {
      title: 'C13: capacity wasted by a larger destination, Emb. 1 versus Emb. 3 (【0024】【0133】【0155】)',
      note: 'Measured on the model: one create whose only free pool volume is larger than the primary, then the formation copy. Blocks of one physical area each (【0143】).',
      columns: ['primary blocks', 'pool volume blocks', 'embodiment', 'destination blocks', 'blocks wasted', 'areas returned to the unallocated list'],
      rows: fitRows().map((r) => [r.primary, r.pool, r.embodiment, r.destination, r.wasted, r.freedAreas]),
    },
  ];
}
