// `npm run conformance -- postgres [options]` and `npm run conformance -- self`.
//
// postgres: PostgreSQL 15 streaming replication under faults, checked as seed 002's topology;
//   writes reports/conformance-postgres.{md,json} and each episode's history under
//   reports/conformance-postgres/ (re-check one with `npx rcv history multi-site-mirror FILE`).
// self: the adapter driver on the reference and every naive variant of every system, and the
//   history checker on histories the multi-site-mirror model records; writes reports/conformance-self.{md,json}.
//
// Exit codes: 0 as expected (the safe setting valid, every unsafe one caught; the reference
// conforming, every variant caught), 1 not as expected, 2 bad input or PostgreSQL unavailable, 3 internal error.
import { parseArgs } from 'node:util';
import { InputError } from '../engine/contract.js';
import { PROJECT_ROOT } from '../engine/run.js';
import { writeFileAtomic } from '../engine/trace.js';
import { FULL, SHORT, runDemo, type DemoOptions } from './postgres/demo.js';
import { postgresMarkdown } from './report-postgres.js';
import { SETTINGS, type Setting } from './postgres/cluster.js';
import { selfCheck, selfCheckMarkdown } from './self-check.js';

const REPORTS = process.env.RCV_REPORTS_DIR || `${PROJECT_ROOT}reports`;

const int = (v: string | undefined, name: string, min: number, max: number, dflt: number): number => {
  if (v === undefined) return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw new InputError(`--${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return Number(v);
};

async function postgres(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { short: { type: 'boolean' }, setting: { type: 'string' }, writes: { type: 'string' }, clients: { type: 'string' }, seconds: { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (e) {
    throw new InputError(`postgres: ${(e as Error).message.split('\n')[0]}`);
  }
  const f = parsed.values;
  const base = f.short ? SHORT : FULL;
  const settings = (f.setting ?? 'safe,unsafe-local,unsafe-async').split(',') as Setting[];
  for (const s of settings) if (!Object.hasOwn(SETTINGS, s)) throw new InputError(`--setting: unknown setting "${s}" (have: ${Object.keys(SETTINGS).join(', ')})`);
  const o: DemoOptions = { ...base, writes: int(f.writes, 'writes', 10, 1_000_000, base.writes), clients: int(f.clients, 'clients', 1, 32, base.clients), deadlineSeconds: int(f.seconds, 'seconds', 10, 3600, base.deadlineSeconds) };
  const r = await runDemo(settings, o, undefined, (s) => process.stdout.write(s + '\n'));
  if ('skip' in r) throw new InputError(`postgres: cannot run here: ${r.skip}`);
  for (const s of r.settings) for (const e of s.episodes) writeFileAtomic(`${REPORTS}/conformance-postgres/${s.setting}--${e.episode}.json`, JSON.stringify(e.history) + '\n');
  const summary = { ...r, settings: r.settings.map((s) => ({ ...s, episodes: s.episodes.map(({ history: _h, check, ...e }) => ({ ...e, reads: check.reads, faultsInjected: check.faults, history: `reports/conformance-postgres/${s.setting}--${e.episode}.json` })) })) };
  writeFileAtomic(`${REPORTS}/conformance-postgres.json`, JSON.stringify(summary, null, 1) + '\n');
  writeFileAtomic(`${REPORTS}/conformance-postgres.md`, postgresMarkdown(r));
  process.stdout.write(`${r.ok ? 'AS EXPECTED' : 'NOT AS EXPECTED'}: ${r.settings.map((s) => `${s.setting} ${s.expect === 'valid' ? (s.ok ? 'valid' : 'INVALID') : s.ok ? 'caught' : 'NOT caught'}`).join(', ')} (${(r.ms / 1000).toFixed(1)} s); reports/conformance-postgres.md\n`);
  return r.ok ? 0 : 1;
}

async function self(args: string[]): Promise<number> {
  if (args.length > 0) throw new InputError(`self takes no options, got "${args[0]}"`);
  const r = await selfCheck((s) => process.stdout.write(s + '\n'));
  writeFileAtomic(`${REPORTS}/conformance-self.json`, JSON.stringify(r, null, 1) + '\n');
  writeFileAtomic(`${REPORTS}/conformance-self.md`, selfCheckMarkdown(r));
  process.stdout.write(`${r.ok ? 'AS EXPECTED' : 'NOT AS EXPECTED'}: reports/conformance-self.md\n`);
  return r.ok ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  try {
    const [what, ...rest] = argv;
    if (what === 'postgres') return await postgres(rest);
    if (what === 'self') return await self(rest);
    throw new InputError(`usage: npm run conformance -- postgres [--short] [--setting safe,unsafe-local,unsafe-async] [--writes N] [--clients N] [--seconds N] | self${what ? ` (got "${what}")` : ''}`);
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`rcv conformance: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`rcv conformance: internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));
