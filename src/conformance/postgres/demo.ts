// PostgreSQL 15 streaming replication checked as seed 002's topology (`npm run conformance -- postgres`).
//
// Each episode builds a fresh cluster (a primary, a synchronous standby as the near site, an
// asynchronous standby as the far site), runs the concurrent insert workload, injects its faults,
// promotes the near standby as a failover does, reads both standbys, and checks the history with
// the multi-site-mirror roles: the promoted near standby must hold every acknowledged commit (O-1),
// each standby must hold a prefix of the commit order (I1), nothing that was never written. The
// asynchronous standby's missing acknowledged commits are the seed's "small loss", measured.
import type { Json } from '../../engine/contract.js';
import { multiSiteMirror } from '../../systems/multi-site-mirror/index.js';
import { HISTORY_FORMAT, checkHistory, type History, type HistoryResult } from '../history.js';
import { SETTINGS, cleanupSync, crash, dropCluster, dropDir, findPostgres, makeCluster, ready, removeHandlers, sleep, sql, start, template, type Cluster, type PgInstall, type Setting } from './cluster.js';
import { Recorder, Workload } from './workload.js';

export interface EpisodeSpec {
  name: string;
  /** The faults, in a sentence. */
  faults: string;
  run(c: Cluster, rec: Recorder, w: Workload, o: DemoOptions): Promise<void>;
}

export interface DemoOptions {
  clients: number;
  /** Writes per episode at most. */
  writes: number;
  /** Milliseconds of workload before the first fault and between faults. */
  phaseMs: number;
  opTimeoutMs: number;
  /** The whole run is aborted after this many seconds. */
  deadlineSeconds: number;
}

export const SHORT: DemoOptions = { clients: 6, writes: 400, phaseMs: 3000, opTimeoutMs: 2500, deadlineSeconds: 240 };
export const FULL: DemoOptions = { clients: 12, writes: 20_000, phaseMs: 5000, opTimeoutMs: 4000, deadlineSeconds: 600 };

/**
 * Waits for the next fault point: until the workload has invoked `fraction` of its writes (so that
 * every fault lands under load, whatever the machine's speed), or `ms` passed (commits that wait
 * for a stopped synchronous standby invoke nothing new).
 */
async function progress(w: Workload, o: DemoOptions, fraction: number): Promise<void> {
  const until = Date.now() + o.phaseMs;
  while (w.invoked < o.writes * fraction && Date.now() < until) await sleep(5);
}

const killPrimary = async (c: Cluster, rec: Recorder): Promise<void> => {
  rec.fault('kill-9', 'primary');
  await crash(c.primary);
};

const stopStandby = async (s: Cluster['sync'], rec: Recorder): Promise<void> => {
  rec.fault('stop', s.name);
  await crash(s);
};

export const EPISODES: EpisodeSpec[] = [
  {
    name: 'kill-primary',
    faults: 'kill -9 of the primary under load, then the near standby promoted',
    async run(c, rec, w, o) {
      await progress(w, o, 0.5);
      await killPrimary(c, rec);
    },
  },
  {
    name: 'stop-sync-standby',
    faults: 'the near standby stopped (kill -9) under load, the primary killed while it is down, the near standby restarted and promoted',
    async run(c, rec, w, o) {
      await progress(w, o, 0.33);
      await stopStandby(c.sync, rec);
      await progress(w, o, 0.67);
      await killPrimary(c, rec);
    },
  },
  {
    name: 'restart-sync-standby',
    faults: 'the near standby stopped and restarted under load, then the primary killed and the near standby promoted',
    async run(c, rec, w, o) {
      await progress(w, o, 0.25);
      await stopStandby(c.sync, rec);
      await progress(w, o, 0.5);
      await startIfDown(c, c.sync, rec);
      await progress(w, o, 0.75);
      await killPrimary(c, rec);
    },
  },
  {
    name: 'stop-async-standby',
    faults: 'the far standby stopped under load, the primary killed while it is down, the far standby restarted behind',
    async run(c, rec, w, o) {
      await progress(w, o, 0.33);
      await stopStandby(c.async, rec);
      await progress(w, o, 0.67);
      await killPrimary(c, rec);
    },
  },
  {
    name: 'promote-sync-standby',
    faults: 'the near standby promoted while the primary is alive (a false suspicion), writes going on, then the old primary killed',
    async run(c, rec, w, o) {
      await progress(w, o, 0.33);
      rec.fault('promote', c.sync.name);
      await sql(c.sync.port, 'SELECT pg_promote(true, 30)');
      await progress(w, o, 0.67);
      await killPrimary(c, rec);
    },
  },
];

let install: PgInstall | undefined;

export interface EpisodeResult {
  episode: string;
  setting: Setting;
  faults: string;
  writes: { invoked: number; ok: number; fail: number; info: number };
  /** Acknowledged commits missing on the promoted near standby, and on the far standby. */
  missingOnSync: number;
  missingOnAsync: number;
  valid: boolean;
  violations: { property: string; kind: string; sentence: string }[];
  history: History;
  check: HistoryResult;
  ms: number;
}

/** Starts a stopped standby again (recorded as a fault event), into the log file it had. */
async function startIfDown(c: Cluster, s: Cluster['sync'], rec: Recorder): Promise<void> {
  if (s.pid !== undefined) return;
  rec.fault('start', s.name);
  start(install!, s, `${c.base}/${s === c.sync ? 'sync1' : 'async1'}.log`);
  await ready(s);
}

async function readStandby(c: Cluster, s: Cluster['sync'], rec: Recorder, role: string): Promise<void> {
  await startIfDown(c, s, rec);
  // Replay what was received before reading it.
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const [r] = await sql<{ caught: boolean | null; recovery: boolean }>(s.port, 'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() AS caught');
    if (!r.recovery || r.caught !== false) break;
    await sleep(20);
  }
  rec.add({ process: 'checker', type: 'invoke', f: 'read', replica: role });
  const rows = await sql<{ v: string }>(s.port, 'SELECT v FROM log');
  const image: Record<string, Json> = {};
  for (const r of rows) image[`r${r.v}`] = Number(r.v);
  rec.add({ process: 'checker', type: 'ok', f: 'read', replica: role, value: image });
}

async function episode(tmpl: string, e: EpisodeSpec, setting: Setting, o: DemoOptions): Promise<EpisodeResult> {
  const t0 = Date.now();
  const c = await makeCluster(install!, tmpl, setting);
  try {
    const rec = new Recorder();
    const w = new Workload(rec, () => c.primary.port, { clients: o.clients, maxWrites: o.writes, opTimeoutMs: o.opTimeoutMs });
    await e.run(c, rec, w, o);
    await w.stop();
    // The failover: the near standby promoted (already, in promote-sync-standby).
    await startIfDown(c, c.sync, rec);
    const [st] = await sql<{ recovery: boolean }>(c.sync.port, 'SELECT pg_is_in_recovery() AS recovery');
    if (st.recovery) {
      rec.fault('promote', c.sync.name);
      await sql(c.sync.port, 'SELECT pg_promote(true, 30)');
    }
    await readStandby(c, c.sync, rec, 'sync');
    await readStandby(c, c.async, rec, 'async');
    const history: History = { format: HISTORY_FORMAT, system: 'multi-site-mirror', description: `PostgreSQL 15, ${setting}: ${e.faults}`, ops: rec.ops };
    const check = checkHistory(history, multiSiteMirror.history!);
    const missing = (role: string): number => check.reads.find((r) => r.replica === role)?.missingAcknowledged ?? 0;
    return {
      episode: e.name,
      setting,
      faults: e.faults,
      writes: check.writes,
      missingOnSync: missing('sync'),
      missingOnAsync: missing('async'),
      valid: check.valid,
      violations: check.violations.map((v) => ({ property: v.property, kind: v.kind, sentence: v.sentence })),
      history,
      check,
      ms: Date.now() - t0,
    };
  } finally {
    await dropCluster(c);
  }
}

export interface DemoResult {
  postgres: string;
  options: DemoOptions;
  settings: { setting: Setting; describes: string; expect: 'valid' | 'caught'; episodes: EpisodeResult[]; ok: boolean }[];
  ok: boolean;
  ms: number;
}

/** Runs every episode under each setting; `skip` says why when PostgreSQL cannot run here. */
export async function runDemo(settings: Setting[], o: DemoOptions, episodes = EPISODES, log: (s: string) => void = () => undefined): Promise<DemoResult | { skip: string }> {
  const found = findPostgres();
  if ('reason' in found) return { skip: found.reason };
  install = found;
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the PostgreSQL run exceeded its ${o.deadlineSeconds} s bound`)), o.deadlineSeconds * 1000);
  });
  let tmpl: string | undefined;
  try {
    const body = async (): Promise<DemoResult> => {
      tmpl = template(found);
      const out: DemoResult['settings'] = [];
      for (const setting of settings) {
        const eps: EpisodeResult[] = [];
        for (const e of episodes) {
          const r = await episode(tmpl, e, setting, o);
          log(`${setting} ${e.name}: ${r.writes.invoked} writes (${r.writes.ok} ok, ${r.writes.info} unknown, ${r.writes.fail} failed); missing acknowledged: near ${r.missingOnSync}, far ${r.missingOnAsync}; ${r.valid ? 'valid' : `INVALID (${r.violations.map((v) => v.property).join(', ')})`} [${r.ms} ms]`);
          eps.push(r);
        }
        const expect = setting === 'safe' ? 'valid' : 'caught';
        out.push({ setting, describes: SETTINGS[setting].describes, expect, episodes: eps, ok: expect === 'valid' ? eps.every((e) => e.valid) : eps.some((e) => e.violations.some((v) => v.kind === 'lost')) });
      }
      const version = (await import('node:child_process')).spawnSync(`${found.bin}/postgres`, ['--version'], { encoding: 'utf8' }).stdout.trim();
      return { postgres: version, options: o, settings: out, ok: out.every((s) => s.ok), ms: Date.now() - t0 };
    };
    return await Promise.race([body(), deadline]);
  } finally {
    clearTimeout(timer);
    if (tmpl) dropDir(tmpl);
    cleanupSync();
    removeHandlers();
  }
}
