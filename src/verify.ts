// npm run verify: the full matrix of every registered system; writes reports/index.html,
// reports/invariants.{md,json} and reports/junit.xml. Exit 0 only when every reference design holds,
// every witness is reached and every naive variant is caught by both explorers with a trace that
// replays.
//
//   npm run verify [-- --workers N]           independent checks on N worker threads (default: one per core)
//   npm run verify -- --shard I/N             only every N-th check from the I-th; writes reports/shard-I-of-N.json
//   npm run verify -- --merge FILE...         combines the shards' files into the reports
//
// The checks are a fixed list (configurations, falsifiers, variants, tables per system); every
// result goes through JSON on its way into the reports, so the reports are byte-identical whatever
// the worker count or the sharding.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { InputError } from './engine/contract.js';
import { renderHtml } from './engine/html.js';
import { assembleSystem, planTasks, quickOptions, renderJunit, renderMarkdown, runTask, taskKey, type SystemResult, type TaskResult, type VerifyTask } from './engine/report.js';
import { PROJECT_ROOT } from './engine/run.js';
import { writeFileAtomic } from './engine/trace.js';
import { systems } from './systems/index.js';

const SHARD_FORMAT = 'rcv-verify-shard/1';
/** RCV_VERIFY_QUICK=1: a quick verify (see quickOptions); RCV_REPORTS_DIR: write the reports elsewhere (the tests do). */
const QUICK = process.env.RCV_VERIFY_QUICK === '1';
const REPORTS = process.env.RCV_REPORTS_DIR || `${PROJECT_ROOT}reports`;
const optsOf = (system: string) => (QUICK ? quickOptions(systems.find((s) => s.name === system)!) : {});

/** The commit the reports describe (with a mark when the work tree differs from it). */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const say = (line: string): void => void process.stdout.write(line + '\n');
const logOf = (r: TaskResult): string | undefined => (r.kind === 'config' || r.kind === 'variant' ? r.result.log : undefined);

/** Runs tasks on `workers` threads (in this thread when 1), heaviest kinds first; results keyed by task. */
async function runAll(tasks: VerifyTask[], workers: number): Promise<Map<string, TaskResult>> {
  const results = new Map<string, TaskResult>();
  const keep = (t: VerifyTask, json: string): void => {
    const r = JSON.parse(json) as TaskResult;
    const line = logOf(r);
    if (line) say(line);
    results.set(taskKey(t), r);
  };
  if (workers <= 1) {
    for (const t of tasks) keep(t, JSON.stringify(runTask(systems.find((s) => s.name === t.system)!, t, optsOf(t.system))));
    return results;
  }
  // Standard configurations first: the longest checks start early and the pool ends evenly.
  const tier = (t: VerifyTask): number => (t.kind === 'config' ? (systems.find((s) => s.name === t.system)!.configs.find((c) => c.name === t.name)!.tier === 'small' ? 1 : 0) : 2);
  const queue = tasks.map((t, i) => ({ t, i })).sort((a, b) => tier(a.t) - tier(b.t) || a.i - b.i);
  // A standard configuration's check starts on a fresh thread. V8 compiles a closure for the values
  // it captured only while it is its function's one closure; once another build of the same system
  // made a second one, the model's code is compiled generic, and measured up to 1.75x slower
  // (ordered-delivery standard: 4.0 s on a fresh thread, 7.0 s after another build of it).
  const fresh = (t: VerifyTask): boolean => tier(t) === 0;
  const spawn = (): Worker => new Worker(new URL('./verify-worker.js', import.meta.url));
  const run = (w: Worker, item: { t: VerifyTask; i: number }): Promise<string> =>
    new Promise((resolve, reject) => {
      const settle = (): void => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onMessage = (m: { id: number; json: string }): void => {
        settle();
        resolve(m.json);
      };
      const onError = (e: Error): void => {
        settle();
        reject(e);
      };
      const onExit = (code: number): void => {
        settle();
        reject(new Error(`a verify worker stopped (exit code ${code}) during ${taskKey(item.t)}`));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id: item.i, task: item.t, opts: optsOf(item.t.system) });
    });
  // The threads running now: all stopped when one lane fails, as the others would go on with the queue.
  const running = new Set<Worker>();
  const lanes = Array.from({ length: Math.min(workers, queue.length) }, async () => {
    let w = spawn();
    running.add(w);
    let used = false;
    try {
      for (let item = queue.shift(); item; item = queue.shift()) {
        if (used && fresh(item.t)) {
          running.delete(w);
          await w.terminate();
          w = spawn();
          running.add(w);
        }
        keep(item.t, await run(w, item));
        used = true;
      }
    } finally {
      running.delete(w);
      await w.terminate();
    }
  });
  try {
    await Promise.all(lanes);
  } catch (e) {
    queue.length = 0;
    await Promise.all([...running].map((w) => w.terminate()));
    throw e;
  }
  return results;
}

function writeReports(results: Map<string, TaskResult>, tasks: VerifyTask[], meta: { commit: string }): SystemResult[] {
  const out = systems.map((s) => assembleSystem(s, tasks, results, optsOf(s.name)));
  const dir = REPORTS;
  writeFileAtomic(`${dir}/invariants.md`, renderMarkdown(out, meta));
  writeFileAtomic(`${dir}/invariants.json`, JSON.stringify({ commit: meta.commit, systems: out }, null, 1) + '\n');
  writeFileAtomic(`${dir}/junit.xml`, renderJunit(out));
  writeFileAtomic(`${dir}/index.html`, renderHtml(out, { ...meta, quick: QUICK }));
  return out;
}

function summary(out: SystemResult[]): boolean {
  for (const r of out) {
    const props = r.properties.filter((p) => p.kind !== 'sometimes');
    const held = props.filter((p) => p.verdict === 'holds').length;
    const wit = r.properties.filter((p) => p.kind === 'sometimes');
    say(
      `${r.name}: ${held}/${props.length} properties hold, ${wit.filter((p) => p.verdict === 'reached').length}/${wit.length} witnesses reached, ` +
        `${r.variants.filter((v) => v.ok).length}/${r.variants.length} naive variants caught by an outcome property, ` +
        `${props.filter((p) => p.canFailShown).length}/${props.filter((p) => p.canFail !== undefined).length} safety properties shown able to fail, ` +
        `${r.machines.reduce((n, m) => n + m.covered, 0)}/${r.machines.reduce((n, m) => n + m.reachable, 0)} reachable lifecycle transitions covered` +
        `${r.tables.length ? ` (${r.tables.map((t) => t.title).join('; ')} in the report)` : ''}`,
    );
  }
  const ok = out.every((r) => r.ok);
  say(`verify: ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

function parseShard(v: string): { i: number; n: number } {
  const m = /^(\d{1,3})\/(\d{1,3})$/.exec(v);
  const i = m ? Number(m[1]) : 0;
  const n = m ? Number(m[2]) : 0;
  if (!m || n < 1 || i < 1 || i > n) throw new InputError(`--shard must be I/N with 1 <= I <= N (e.g. 1/2), got "${v}"`);
  return { i, n };
}

function readShard(file: string, tasks: VerifyTask[]): { i: number; n: number; commit: string; results: Record<string, TaskResult> } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read shard file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'not valid JSON'}`);
  }
  const d = data as { format?: unknown; shard?: unknown; of?: unknown; commit?: unknown; results?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== SHARD_FORMAT) throw new InputError(`shard file ${file}: "format" must be "${SHARD_FORMAT}"`);
  if (!Number.isInteger(d.shard) || !Number.isInteger(d.of) || typeof d.commit !== 'string' || typeof d.results !== 'object' || d.results === null) {
    throw new InputError(`shard file ${file}: needs integer "shard" and "of", a string "commit" and an object "results"`);
  }
  const known = new Set(tasks.map(taskKey));
  for (const k of Object.keys(d.results)) if (!known.has(k)) throw new InputError(`shard file ${file}: result "${k}" is not a check of this verify (another version?)`);
  return { i: d.shard as number, n: d.of as number, commit: d.commit, results: d.results as Record<string, TaskResult> };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: argv, options: { workers: { type: 'string' }, shard: { type: 'string' }, merge: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new InputError((e as Error).message.split('\n')[0]);
    }
  })();
  if (values.help) {
    say('usage: npm run verify [-- --workers N] | [-- --shard I/N [--workers N]] | [-- --merge SHARD.json...]');
    return 0;
  }
  const t0 = Date.now();
  const tasks = QUICK ? systems.flatMap((s) => planTasks([s], quickOptions(s))) : planTasks(systems);
  const meta = { commit: commit() };
  if (values.merge) {
    if (values.shard || values.workers) throw new InputError('--merge takes only the shard files');
    if (positionals.length === 0) throw new InputError('--merge needs the shard files (reports/shard-I-of-N.json)');
    const shards = positionals.map((f) => readShard(f, tasks));
    const n = shards[0].n;
    if (shards.some((s) => s.n !== n)) throw new InputError('--merge: the shard files come from different splits (their N differ)');
    if (shards.some((s) => s.commit !== shards[0].commit)) throw new InputError('--merge: the shard files come from different commits');
    const have = new Set(shards.map((s) => s.i));
    if (have.size !== shards.length || have.size !== n) throw new InputError(`--merge: need shards 1..${n} once each, got ${shards.map((s) => s.i).join(', ')}`);
    const results = new Map<string, TaskResult>();
    for (const s of shards) for (const [k, r] of Object.entries(s.results)) results.set(k, r);
    const missing = tasks.filter((t) => !results.has(taskKey(t)));
    if (missing.length) throw new InputError(`--merge: ${missing.length} checks have no result (first: ${taskKey(missing[0])})`);
    const out = writeReports(results, tasks, { commit: shards[0].commit });
    say(`reports written from ${n} shards: reports/index.html, reports/invariants.md, reports/invariants.json, reports/junit.xml`);
    return summary(out) ? 0 : 1;
  }
  if (positionals.length) throw new InputError(`unexpected argument "${positionals[0]}"`);
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64 || !/^\d+$/.test(values.workers ?? '1')) throw new InputError(`--workers must be an integer from 1 to 64, got "${values.workers}"`);
  if (values.shard) {
    const { i, n } = parseShard(values.shard);
    const mine = tasks.filter((_, k) => k % n === i - 1);
    const results = await runAll(mine, workers);
    const file = `${REPORTS}/shard-${i}-of-${n}.json`;
    writeFileAtomic(file, JSON.stringify({ format: SHARD_FORMAT, shard: i, of: n, commit: meta.commit, results: Object.fromEntries([...results].sort(([a], [b]) => (a < b ? -1 : 1))) }) + '\n');
    say(`shard ${i}/${n}: ${mine.length} of ${tasks.length} checks, ${file} written (${Date.now() - t0} ms); combine with npm run verify -- --merge reports/shard-*-of-${n}.json`);
    return 0;
  }
  const results = await runAll(tasks, workers);
  const out = writeReports(results, tasks, meta);
  say(`\nreports written: reports/index.html, reports/invariants.md, reports/invariants.json, reports/junit.xml (${Date.now() - t0} ms, ${workers} worker${workers === 1 ? '' : 's'})`);
  return summary(out) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError) {
      process.stderr.write(`verify: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`verify: internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
      process.exitCode = 3;
    }
  },
);
