// A PostgreSQL 15 cluster in seed 002's topology, on loopback ports in a temporary directory: a
// primary, a synchronous standby (the near site) and an asynchronous standby (the far site), each
// a physical streaming replica with its own replication slot.
//
// Every server runs in its own process group, so that a fault kills a whole server at once (kill -9
// of the postmaster and its backends, as a crash does) and cleanup leaves nothing behind. Processes
// and directories are registered as they are made; `cleanupSync` removes them on a normal end, on
// an error, on SIGINT/SIGTERM and at process exit. PostgreSQL refuses to run as root: as root the
// servers run as the `postgres` user the Debian package creates.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdtempSync, openSync, appendFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import pg from 'pg';

export interface PgInstall {
  bin: string;
  runAs?: { uid: number; gid: number; user: string };
}

/** The PostgreSQL binaries and the user to run them as, or why they cannot be used here. */
export function findPostgres(): PgInstall | { reason: string } {
  const candidates = ['/usr/lib/postgresql/15/bin'];
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) candidates.push(cfg.stdout.trim());
  const bin = candidates.find((d) => ['postgres', 'initdb', 'pg_basebackup'].every((b) => existsSync(`${d}/${b}`)));
  if (!bin) return { reason: 'PostgreSQL 15 is not installed (no postgres, initdb and pg_basebackup in /usr/lib/postgresql/15/bin; Debian package postgresql-15)' };
  const v = spawnSync(`${bin}/postgres`, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !/\b15\./.test(v.stdout)) return { reason: `${bin}/postgres is not PostgreSQL 15 (${(v.stdout || v.stderr || '').trim()})` };
  if (process.getuid?.() !== 0) return { bin };
  const id = (flag: string): number | undefined => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : undefined;
  };
  const uid = id('-u');
  const gid = id('-g');
  if (uid === undefined || gid === undefined) return { reason: 'running as root, and there is no postgres user to run the servers as (PostgreSQL refuses root)' };
  return { bin, runAs: { uid, gid, user: 'postgres' } };
}

// ---- what to remove at the end, whatever the end ----
const groups = new Set<number>();
const dirs = new Set<string>();
let handlersInstalled = false;

export function cleanupSync(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  dirs.clear();
}

const onSignal = (sig: NodeJS.Signals): void => {
  cleanupSync();
  process.stderr.write(`rcv conformance: interrupted (${sig}); servers stopped and directories removed\n`);
  process.exit(sig === 'SIGINT' ? 130 : 143);
};

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', cleanupSync);
}

export function removeHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', cleanupSync);
}

/** A fresh directory the servers may write to, removed at cleanup. */
export function workDir(install: PgInstall): string {
  installHandlers();
  const d = mkdtempSync(`${tmpdir()}/rcv-pg-`);
  dirs.add(d);
  chmodSync(d, 0o755);
  if (install.runAs) chownSync(d, install.runAs.uid, install.runAs.gid);
  return d;
}

function chownTree(install: PgInstall, path: string): void {
  if (install.runAs) spawnSync('chown', ['-R', `${install.runAs.uid}:${install.runAs.gid}`, path]);
}

function run(install: PgInstall, cmd: string, args: string[], timeoutMs = 60_000): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, ...(install.runAs ? { uid: install.runAs.uid, gid: install.runAs.gid } : {}), env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
  if (r.status !== 0) throw new Error(`${cmd.split('/').pop()} failed: ${(r.stderr || r.stdout || String(r.error ?? r.signal)).trim().split('\n')[0]}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Server {
  name: string;
  dir: string;
  port: number;
  proc?: ChildProcess;
  pid?: number;
}

export function connect(port: number, timeoutMs = 3000): pg.Client {
  return new pg.Client({ host: '127.0.0.1', port, user: 'rcv', database: 'postgres', connectionTimeoutMillis: timeoutMs });
}

/** One SQL statement on a fresh connection. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(port: number, text: string, params: unknown[] = []): Promise<T[]> {
  const c = connect(port);
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function start(install: PgInstall, server: Server, logFile: string): void {
  const log = openSync(logFile, 'a');
  const p = spawn(`${install.bin}/postgres`, ['-D', server.dir], {
    detached: true,
    stdio: ['ignore', log, log],
    ...(install.runAs ? { uid: install.runAs.uid, gid: install.runAs.gid } : {}),
  });
  closeSync(log);
  p.on('error', () => undefined);
  server.proc = p;
  server.pid = p.pid!;
  groups.add(p.pid!);
}

/** Waits until the server accepts connections (a standby in hot standby mode too). */
export async function ready(server: Server, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await sql(server.port, 'SELECT 1');
      return;
    } catch (e) {
      if (server.proc?.exitCode !== null && server.proc?.exitCode !== undefined) throw new Error(`${server.name} exited with code ${server.proc.exitCode} during start-up`);
      if (Date.now() > until) throw new Error(`${server.name} not ready after ${timeoutMs} ms: ${(e as Error).message}`);
      await sleep(50);
    }
  }
}

/** kill -9 of the whole server: the postmaster and every backend at once, as a crash. */
export async function crash(server: Server): Promise<void> {
  if (server.pid === undefined) return;
  const p = server.proc!;
  const exited = p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r()));
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
  groups.delete(server.pid);
  // The backends die with their group; give the kernel a moment to close their sockets.
  await sleep(50);
  server.pid = undefined;
}

export type Setting = 'safe' | 'unsafe-local' | 'unsafe-async';

export const SETTINGS: Record<Setting, { synchronousCommit: string; standbyNames: string; describes: string }> = {
  safe: { synchronousCommit: 'on', standbyNames: 'sync1', describes: "synchronous_commit = on, synchronous_standby_names = 'sync1': a commit is acknowledged once the near standby has flushed it" },
  'unsafe-local': { synchronousCommit: 'local', standbyNames: 'sync1', describes: "synchronous_commit = local: a commit is acknowledged once flushed on the primary alone, the near standby named but not waited for" },
  'unsafe-async': { synchronousCommit: 'on', standbyNames: '', describes: "synchronous_standby_names = '': no synchronous standby, both standbys asynchronous" },
};

export interface Cluster {
  base: string;
  primary: Server;
  sync: Server;
  async: Server;
}

/** initdb once per run; each episode copies the result. */
export function template(install: PgInstall): string {
  const base = workDir(install);
  run(install, `${install.bin}/initdb`, ['-D', `${base}/data`, '-U', 'rcv', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']);
  return `${base}/data`;
}

/** A primary and two standbys from the template, replicating, with the table the workload inserts into. */
export async function makeCluster(install: PgInstall, tmpl: string, setting: Setting): Promise<Cluster> {
  const base = workDir(install);
  const s = SETTINGS[setting];
  const primary: Server = { name: 'primary', dir: `${base}/primary`, port: await freePort() };
  cpSync(tmpl, primary.dir, { recursive: true });
  chownTree(install, primary.dir);
  chmodSync(primary.dir, 0o700);
  appendFileSync(
    `${primary.dir}/postgresql.conf`,
    [
      '',
      "listen_addresses = '127.0.0.1'",
      `port = ${primary.port}`,
      `unix_socket_directories = '${base}'`,
      'wal_level = replica',
      'max_wal_senders = 8',
      'max_replication_slots = 8',
      'hot_standby = on',
      // Named once the standbys stream: before that, the set-up's own commits would wait for them.
      "synchronous_standby_names = ''",
      `synchronous_commit = ${s.synchronousCommit}`,
      // A process crash loses no page cache: fsync only slows the run (a power loss is not modelled).
      'fsync = off',
      'shared_buffers = 16MB',
      'max_connections = 40',
      'wal_receiver_status_interval = 1s',
      'log_min_messages = warning',
      '',
    ].join('\n'),
  );
  start(install, primary, `${base}/primary.log`);
  await ready(primary);
  await sql(primary.port, 'CREATE TABLE log (v bigint PRIMARY KEY)');
  await sql(primary.port, "SELECT pg_create_physical_replication_slot('sync1'), pg_create_physical_replication_slot('async1')");
  const standby = async (name: 'sync1' | 'async1', role: string): Promise<Server> => {
    const srv: Server = { name: role, dir: `${base}/${name}`, port: await freePort() };
    run(install, `${install.bin}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'rcv', '-D', srv.dir, '-X', 'stream', '-S', name, '-R', '-c', 'fast']);
    appendFileSync(
      `${srv.dir}/postgresql.auto.conf`,
      [`port = ${srv.port}`, `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=rcv application_name=${name}'`, `primary_slot_name = '${name}'`, ''].join('\n'),
    );
    start(install, srv, `${base}/${name}.log`);
    await ready(srv);
    return srv;
  };
  const sync = await standby('sync1', 'sync standby');
  const async_ = await standby('async1', 'async standby');
  if (s.standbyNames !== '') {
    await sql(primary.port, `ALTER SYSTEM SET synchronous_standby_names = '${s.standbyNames}'`);
    await sql(primary.port, 'SELECT pg_reload_conf()');
  }
  // Both standbys streaming, and the near one synchronous where the setting names it.
  const until = Date.now() + 20_000;
  for (;;) {
    const rows = await sql<{ application_name: string; sync_state: string; state: string }>(primary.port, 'SELECT application_name, sync_state, state FROM pg_stat_replication');
    const st = (n: string) => rows.find((r) => r.application_name === n);
    const wantSync = s.standbyNames === '' ? 'async' : 'sync';
    if (st('sync1')?.state === 'streaming' && st('sync1')?.sync_state === wantSync && st('async1')?.state === 'streaming') break;
    if (Date.now() > until) throw new Error(`standbys not streaming after 20 s: ${JSON.stringify(rows)}`);
    await sleep(50);
  }
  return { base, primary, sync, async: async_ };
}

/** Removes one cluster's processes and directory. */
export async function dropCluster(c: Cluster): Promise<void> {
  for (const s of [c.primary, c.sync, c.async]) await crash(s);
  rmSync(c.base, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  dirs.delete(c.base);
}

export function dropDir(d: string): void {
  rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  dirs.delete(d);
  // the template's parent directory
  const parent = d.replace(/\/data$/, '');
  if (parent !== d) {
    rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    dirs.delete(parent);
  }
}

