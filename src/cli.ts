// rcv: list systems, check one, replay or compare. Arguments are parsed with Node's util.parseArgs.
//
// Exit codes: 0 every property holds (or the command succeeded), 1 a property is violated,
// 2 bad input (one line on stderr), 3 internal error, 4 incomplete: --max-states or --max-seconds
// stopped an exhaustive or random run before it finished, or memory ran out.
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, type Json, type System } from './engine/contract.js';
import { CORPUS_DIR, DEFAULT_RUNS, PROJECT_ROOT, DEFAULT_SEED, VARIANT_RUNS, findSystem as find, modelForTrace, runCheck } from './engine/run.js';
import { saveCorpusTrace } from './engine/corpus.js';
import { traceText } from './engine/trace-text.js';
import { loadTrace, replayTrace } from './engine/trace.js';
import { systems } from './systems/index.js';
import { MODEL_MODULE } from './systems/build.js';
import { conformCommand, historyCommand, replayConformance } from './conformance/cli.js';

export const EXIT = { HOLDS: 0, VIOLATED: 1, BAD_INPUT: 2, INTERNAL: 3, INCOMPLETE: 4 } as const;

const findSystem = (name: string) => find(systems, name);

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface Command {
  usage: string;
  summary: string;
  options: Spec;
  /** Help text per option. */
  help: [string, string][];
  run(positional: string[], flags: Record<string, string | boolean | undefined>): number | Promise<number>;
}

const HELP_OPTION: Spec = { help: { type: 'boolean', short: 'h' } };

function parse(cmd: string, args: string[], options: Spec): { positional: string[]; flags: Record<string, string | boolean | undefined> } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    // parseArgs' messages are one line and name the option; keep only the first sentence.
    throw new InputError(`${cmd}: ${(e as Error).message.split('\n')[0]}`);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new InputError(`${cmd}: option --${t.name} given more than once`);
    seen.add(t.name);
    if (options[t.name]?.type === 'string' && (t.value === undefined || t.value === '')) throw new InputError(`${cmd}: option --${t.name} needs a value`);
  }
  return { positional: parsed.positionals, flags: parsed.values as Record<string, string | boolean | undefined> };
}

function integer(flags: Record<string, unknown>, name: string, min: number, max: number, dflt: number): number {
  const v = flags[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !/^-?\d{1,16}$/.test(v)) throw new InputError(`--${name} must be an integer, got "${String(v)}"`);
  const n = Number(v);
  if (n < min || n > max) throw new InputError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

const rel = (p: string): string => relative(process.cwd(), p) || p;
const out = (s: string): void => void process.stdout.write(s + '\n');

function version(): string {
  const pkg = JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { version: string };
  return pkg.version;
}

function list(positional: string[], flags: Record<string, unknown>): number {
  if (positional.length > 0) throw new InputError(`list takes no arguments, got "${positional[0]}"`);
  if (flags.json) {
    const data = {
      systems: systems.map((s) => ({
        name: s.name,
        title: s.title,
        seed: s.seed,
        spec: s.spec,
        variants: s.variants.map((v) => v.name),
        // Per variant: the scenario it reproduces and the configuration on which the suite must catch it.
        catchConfigs: Object.fromEntries(s.variants.map((v) => [v.name, { scenario: v.scenario, config: v.catchConfig }])),
        configs: s.configs.map((c) => c.name),
        configInfo: s.configs.map((c) => ({ name: c.name, tier: c.tier, description: c.description })),
        invariants: s.properties.map((p) => ({ id: p.id, kind: p.kind, ...(p.category ? { category: p.category } : {}), statement: p.statement, ref: p.ref })),
      })),
    };
    out(JSON.stringify(data));
    return 0;
  }
  for (const s of systems) {
    out(`${s.name}: ${s.title}`);
    out(`  seed: ${s.seed}; spec: ${s.spec}`);
    out(`  configs:`);
    for (const c of s.configs) out(`    ${c.name} [${c.tier}]: ${c.description}`);
    out(`  naive variants:`);
    for (const v of s.variants) out(`    ${v.name} (${v.scenario}, caught on ${v.catchConfig}): ${v.description}`);
    out(`  properties:`);
    for (const p of s.properties) out(`    ${p.id} [${p.kind}${p.category ? `, ${p.category}` : ''}, ${p.basis}] ${p.statement} (${p.ref})`);
  }
  return 0;
}

/** A fast-check replay path: run index, then shrink steps, colon-separated. */
function checkPath(p: string, runs: number): void {
  if (p.length > 4096 || !/^\d{1,9}(:\d{1,9})*$/.test(p)) throw new InputError(`--path must be colon-separated run and shrink indices as printed by a failing run (e.g. 12:0:3), got "${p.slice(0, 40)}"`);
  const first = Number(p.split(':')[0]);
  if (first >= runs) throw new InputError(`--path ${p.slice(0, 40)} names run ${first}, but this check makes ${runs} runs (--runs)`);
}

function saveCorpus(positional: string[], flags: Record<string, unknown>): number {
  if (positional.length > 1) throw new InputError(`check --save-corpus takes at most one SYSTEM, got ${positional.length}`);
  for (const f of ['mode', 'config', 'runs', 'seed', 'path', 'only', 'outcome-only', 'full', 'max-states', 'max-seconds', 'json']) {
    if (flags[f] !== undefined) throw new InputError(`--${f} does not apply to --save-corpus (it records each variant's shortest outcome trace on its catch configuration)`);
  }
  const chosen: System[] = positional.length === 1 ? [findSystem(positional[0])] : systems;
  const variant = flags.variant as string | undefined;
  if (variant !== undefined && chosen.length === 1 && !chosen[0].variants.some((v) => v.name === variant)) {
    chosen[0].build(chosen[0].configs[0].name, variant); // throws the unknown-variant message
  }
  if (variant !== undefined && chosen.length !== 1) throw new InputError('--variant with --save-corpus needs a SYSTEM');
  let missed = 0;
  for (const s of chosen) {
    for (const v of s.variants) {
      if (variant !== undefined && v.name !== variant) continue;
      const r = runCheck({ system: s, variant: v.name, config: v.catchConfig, mode: 'exhaustive', outcomeOnly: true, traceDir: null });
      if (!r.trace) {
        missed++;
        out(`${s.name} ${v.name}: NOT caught on ${v.catchConfig}; nothing saved`);
        continue;
      }
      const path = saveCorpusTrace(CORPUS_DIR, r.trace);
      out(`${s.name} ${v.name}: ${r.trace.violated.id} at step ${r.trace.violated.step} -> ${rel(path)}`);
    }
  }
  return missed === 0 ? 0 : 1;
}

function check(positional: string[], flags: Record<string, unknown>): number {
  if (flags['save-corpus']) return saveCorpus(positional, flags);
  if (positional.length !== 1) throw new InputError(positional.length === 0 ? 'check needs a SYSTEM' : `check takes one SYSTEM, got ${positional.length}`);
  const system = findSystem(positional[0]);
  const mode = (flags.mode as string | undefined) ?? 'exhaustive';
  if (mode !== 'exhaustive' && mode !== 'random') throw new InputError(`--mode must be exhaustive or random, got "${mode}"`);
  const variant = (flags.variant as string | undefined) ?? 'reference';
  // Without --config: a variant's own catch configuration, else `small`, else the system's first small one.
  const smallest = system.configs.find((c) => c.name === 'small') ?? system.configs.find((c) => c.tier === 'small') ?? system.configs[0];
  const config = (flags.config as string | undefined) ?? system.variants.find((v) => v.name === variant)?.catchConfig ?? smallest.name;
  // A naive variant's search stops at its first failure, so it gets the larger budget.
  const runs = integer(flags, 'runs', 1, 10_000_000, variant === 'reference' ? DEFAULT_RUNS : VARIANT_RUNS);
  if (mode === 'exhaustive' && (flags.runs !== undefined || flags.seed !== undefined || flags.path !== undefined)) {
    throw new InputError('--runs, --seed and --path apply to --mode random');
  }
  if (mode === 'random' && flags['max-states'] !== undefined) throw new InputError('--max-states applies to --mode exhaustive (bound random mode with --runs or --max-seconds)');
  if (flags.path !== undefined && flags.seed === undefined) throw new InputError('--path needs the --seed of the run that printed it');
  // fast-check's convention: without --seed, a fresh seed, printed so that the run can be repeated.
  const drawn = mode === 'random' && flags.seed === undefined;
  const seed = drawn ? randomInt(0, 2 ** 31 - 1) : integer(flags, 'seed', -2147483648, 2147483647, DEFAULT_SEED);
  const path = flags.path as string | undefined;
  if (path !== undefined) checkPath(path, runs);
  const maxStates = flags['max-states'] === undefined ? undefined : integer(flags, 'max-states', 1, 2_000_000_000, 0);
  if (mode === 'random' && flags.workers !== undefined) throw new InputError('--workers applies to --mode exhaustive');
  const workers = integer(flags, 'workers', 1, 64, availableParallelism());
  const maxSeconds = flags['max-seconds'] === undefined ? undefined : integer(flags, 'max-seconds', 1, 86_400, 0);
  const model = system.build(config, variant); // validates names before any work
  let only: string[] | undefined;
  if (flags.only !== undefined) {
    if (flags['outcome-only']) throw new InputError('--only and --outcome-only select properties two ways; give one');
    only = String(flags.only).split(',');
    const ids = new Set([...model.always, ...model.step, ...model.eventually].map((p) => p.id));
    const bad = only.find((id) => !ids.has(id));
    if (bad !== undefined) throw new InputError(`--only: "${bad}" is not an always, step or eventually property of ${system.name} on ${config}`);
  }
  const json = flags.json === true;
  let r;
  try {
    r = runCheck({
      system,
      variant,
      config,
      mode,
      runs,
      seed,
      path,
      liveness: !flags['no-liveness'],
      outcomeOnly: flags['outcome-only'] === true,
      only,
      maxStates,
      maxMs: maxSeconds === undefined ? undefined : maxSeconds * 1000,
      actionCoverage: true,
      progress: !json || process.stderr.isTTY === true,
      workers,
      modelModule: MODEL_MODULE,
    });
  } catch (e) {
    if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length|out of memory/i.test(e.message)) {
      process.stderr.write(`rcv: out of memory exploring ${system.name} [${variant}] ${config}; bound the run with --max-states N\n`);
      return EXIT.INCOMPLETE;
    }
    throw e;
  }
  // A replay path that leads to no failure is not a path of this run: a CI gate must not pass on it.
  if (path !== undefined && r.verdict === 'holds') throw new InputError(`--path ${path} with --seed ${seed} and --runs ${runs} leads to no failure: it is not a path this check printed`);
  const incomplete = r.verdict === 'holds' && !r.complete;
  const code = r.verdict === 'violated' ? EXIT.VIOLATED : incomplete ? EXIT.INCOMPLETE : EXIT.HOLDS;
  if (json) {
    const o: Record<string, Json> = { system: r.system, variant: r.variant, mode: r.mode, config: r.config, verdict: incomplete ? 'incomplete' : r.verdict };
    if (r.invariant) o.invariant = r.invariant;
    if (r.tracePath) o.tracePath = r.tracePath;
    const stats: Record<string, Json> = {};
    for (const [k, v] of Object.entries(r.stats)) if (v !== undefined) stats[k] = v;
    o.stats = stats;
    o.complete = r.complete;
    if (mode === 'random') {
      o.seed = seed;
      if (r.path) o.path = r.path;
    }
    o.witnesses = r.witnesses;
    if (r.actions) o.actions = r.actions.filter((a) => !a.type.startsWith('unused')).map((a) => ({ ...a }));
    if (r.trace) o.reproduce = r.trace.reproduce;
    out(JSON.stringify(o));
    return code;
  }
  const head = `${r.system} [${r.variant}] ${r.config}, ${r.mode}`;
  const st = r.stats;
  const stats =
    mode === 'exhaustive'
      ? `${st.states} distinct states, ${st.transitions} transitions, depth ${st.depth}, ${st.ms} ms`
      : `${st.runs} runs, ${st.actions} actions, ${st.ms} ms, seed ${seed}${drawn ? ' (drawn at random: pass --seed to repeat)' : ''}`;
  const w = Object.entries(r.witnesses);
  const unreached = w.filter(([, d]) => d === null).map(([id]) => id);
  if (r.verdict === 'holds') {
    if (incomplete) {
      const why = maxStates !== undefined && (st.states ?? 0) >= maxStates ? `--max-states ${maxStates}` : `--max-seconds ${maxSeconds}`;
      out(`${head}: INCOMPLETE: stopped by ${why} before the ${mode === 'exhaustive' ? 'state space was explored' : 'runs were done'}; no property was violated in what was explored`);
    } else out(`${head}: every property holds`);
    out(`  ${stats}`);
    out(`  reachability witnesses: ${w.length - unreached.length}/${w.length} reached${unreached.length ? ` (not reached: ${unreached.join(', ')})` : ''}`);
    if (r.actions) {
      const real = r.actions.filter((a) => !a.type.startsWith('unused'));
      const never = real.filter((a) => a.fired === 0).map((a) => a.type);
      out(`  action types fired: ${real.length - never.length}/${real.length}${never.length ? ` (never: ${never.join(', ')})` : ''}`);
    }
    return code;
  }
  const t = r.trace!;
  out(`${head}: VIOLATED ${r.invariant}: ${t.violated.statement}`);
  out(`  ${stats}`);
  out(`  counterexample (${t.steps.length} steps, lanes: ${t.lanes.join(', ')}):`);
  for (const line of traceText(t, { full: flags.full === true, indent: '    ' })) out(line);
  out(`  trace saved: ${rel(r.tracePath!)}  (npx rcv replay ${rel(r.tracePath!)})`);
  out(`reproduce: ${t.reproduce}`);
  return code;
}

function replay(positional: string[], flags: Record<string, unknown>): number | Promise<number> {
  if (positional.length !== 1) throw new InputError('replay needs exactly one trace FILE');
  const trace = loadTrace(positional[0]);
  const system = findSystem(trace.system);
  if (trace.conformance) return replayConformance(system, trace, flags.adapter as string | undefined, flags.json === true);
  if (flags.adapter !== undefined) throw new InputError('replay: --adapter applies to a conformance trace');
  const model = modelForTrace(system, trace);
  const r = replayTrace(model, trace);
  const changedDefinition = model.configHash !== undefined && trace.configHash !== model.configHash;
  if (flags.json) {
    out(
      JSON.stringify({
        system: trace.system,
        variant: trace.variant,
        config: trace.config,
        verdict: r.verdict,
        recorded: trace.violated.id,
        ...(r.violated ? { invariant: r.violated.id, step: r.violated.step } : {}),
        matchesRecorded: r.matchesRecorded,
        configChanged: changedDefinition,
        steps: r.steps.length,
      }),
    );
    return r.verdict === 'violated' ? 1 : 0;
  }
  out(`replaying ${trace.system} [${trace.variant}] ${trace.config}: ${trace.steps.length} steps, recorded violation ${trace.violated.id} at step ${trace.violated.step}`);
  if (changedDefinition) out(`note: configuration ${trace.config} has changed since this trace was recorded (hash ${trace.configHash}, now ${model.configHash})`);
  // The replayed steps, with the recorded lanes and messages (the model does not keep those).
  const replayed = {
    ...trace,
    steps: r.steps.map((s, i) => ({ ...trace.steps[i], changes: s.changes, violated: s.violated ? [s.violated] : [] })),
  };
  for (const line of traceText(replayed, { full: flags.full === true }).slice(0, -1 - (trace.violated.explanation ? 1 : 0))) out(line);
  if (r.violated) {
    const info = system.properties.find((p) => p.id === r.violated!.id);
    const where = r.violated.step > r.steps.length ? 'in the fault-free completion after the last step' : `at step ${r.violated.step}`;
    out(`verdict: VIOLATED ${r.violated.id} ${where}: ${info?.statement ?? ''}${info?.ref ? ` [${info.ref}]` : ''}`);
    if (r.matchesRecorded && trace.violated.explanation) out(`  why: ${trace.violated.explanation}`);
    if (!r.matchesRecorded) out(`note: this differs from the recorded violation ${trace.violated.id} at step ${trace.violated.step}`);
  } else out('verdict: every property holds along this trace');
  out(`reproduce: ${trace.reproduce}`);
  return r.verdict === 'violated' ? 1 : 0;
}

function conformCmd(positional: string[], flags: Record<string, unknown>): Promise<number> {
  if (positional.length !== 1) throw new InputError(positional.length === 0 ? 'conform needs a SYSTEM' : `conform takes one SYSTEM, got ${positional.length}`);
  const system = findSystem(positional[0]);
  const variant = flags.variant as string | undefined;
  const config = (flags.config as string | undefined) ?? (variant ? system.variants.find((v) => v.name === variant)?.catchConfig : undefined) ?? system.configs.find((c) => c.tier === 'small')!.name;
  if (!system.configs.some((c) => c.name === config)) throw new InputError(`unknown configuration "${config}" for ${system.name} (have: ${system.configs.map((c) => c.name).join(', ')})`);
  if (flags.path !== undefined && flags.seed === undefined) throw new InputError('--path needs the --seed of the run that printed it');
  const runs = integer(flags, 'runs', 0, 10_000_000, 1000);
  const seed = integer(flags, 'seed', -2147483648, 2147483647, DEFAULT_SEED);
  const path = flags.path as string | undefined;
  if (path !== undefined) checkPath(path, runs);
  return conformCommand(system, { variant, adapter: flags.adapter as string | undefined, config, runs, seed, path, json: flags.json === true });
}

function historyCmd(positional: string[], flags: Record<string, unknown>): number {
  if (positional.length !== 2) throw new InputError('history needs a SYSTEM and a history FILE');
  const system = findSystem(positional[0]);
  if (!system.history) throw new InputError(`${system.name} has no replica roles to check a history against (have: ${systems.filter((s) => s.history).map((s) => s.name).join(', ')})`);
  return historyCommand(system, positional[1], flags.json === true);
}

function compare(positional: string[], flags: Record<string, unknown>): number {
  if (positional.length !== 1) throw new InputError(positional.length === 0 ? 'compare needs a SYSTEM' : `compare takes one SYSTEM, got ${positional.length}`);
  const system = findSystem(positional[0]);
  if (!system.compare) throw new InputError(`${system.name} compares no designs (have: ${systems.filter((s) => s.compare).map((s) => s.name).join(', ')})`);
  const bound = integer(flags, 'bound-writes', 0, 10, 6);
  const r = system.compare(bound);
  if (flags.json) {
    out(JSON.stringify(r.data));
    return 0;
  }
  for (const t of r.tables) {
    out(t.title);
    out(`  ${t.note}`);
    const cells = [t.columns, ...t.rows.map((row) => row.map(String))];
    const width = t.columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
    for (const row of cells) out(`  ${row.map((c, i) => c.padEnd(width[i])).join('  ')}`.trimEnd());
    out('');
  }
  return 0;
}

const COMMANDS: Record<string, Command> = {
  list: {
    usage: 'rcv list [--json]',
    summary: 'the systems, their configurations, naive variants and properties',
    options: { json: { type: 'boolean' } },
    help: [['--json', 'one JSON object: per system its variants with their catch configurations, its configurations with tier and description, its properties']],
    run: list,
  },
  check: {
    usage: 'rcv check SYSTEM [--variant NAME] [--config NAME] [--mode exhaustive|random] [options]\n       rcv check [SYSTEM] --save-corpus [--variant NAME]',
    summary: 'explore one design on one configuration and check its properties',
    options: {
      variant: { type: 'string' },
      mode: { type: 'string' },
      config: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      path: { type: 'string' },
      only: { type: 'string' },
      'outcome-only': { type: 'boolean' },
      'no-liveness': { type: 'boolean' },
      'max-states': { type: 'string' },
      workers: { type: 'string' },
      'max-seconds': { type: 'string' },
      full: { type: 'boolean' },
      json: { type: 'boolean' },
      'save-corpus': { type: 'boolean' },
    },
    help: [
      ['--variant NAME', 'a naive or prior-art variant (default: reference)'],
      ['--config NAME', "a configuration (default: the variant's catch configuration, else the first small one)"],
      ['--mode M', 'exhaustive (breadth-first, shortest counterexample; default) or random (fast-check, shrunk)'],
      ['--runs N', 'random mode: number of runs (default 1000 for the reference, 30000 for a variant)'],
      ['--seed N', 'random mode: the seed; without it a fresh seed is drawn and printed'],
      ['--path P', 'random mode: replay one failing run as printed by a failure (needs its --seed)'],
      ['--only IDS', 'check only these properties (comma-separated ids; witnesses are always tracked)'],
      ['--outcome-only', 'check only the outcome properties (how a naive variant must be caught)'],
      ['--no-liveness', 'skip the eventually properties'],
      ['--workers N', `exhaustive mode: worker threads expanding large layers (default ${availableParallelism()}, the cores; 1: none), started once a search has run 2 s; they stop taking layers once one thread is faster; the result is the same with any count`],
      ['--max-states N', 'exhaustive mode: stop after N distinct states; the verdict is then incomplete (exit 4)'],
      ['--max-seconds N', 'stop after N seconds; the verdict is then incomplete (exit 4) unless a violation was found'],
      ['--full', 'print the whole state at every step of a counterexample, not only what changed'],
      ['--json', 'one JSON object on stdout'],
      ['--save-corpus', "record each naive variant's shortest outcome counterexample in properties/corpus/ (all systems, or SYSTEM)"],
    ],
    run: check,
  },
  replay: {
    usage: 'rcv replay FILE [--full] [--json]',
    summary: 're-execute a counterexample trace and show it step by step',
    options: { json: { type: 'boolean' }, full: { type: 'boolean' }, adapter: { type: 'string' } },
    help: [
      ['--full', 'print the whole state at every step, not only what changed'],
      ['--adapter MODULE', 'a conformance trace recorded against a module adapter: drive that module again'],
      ['--json', 'one JSON object: the verdict and whether it matches the recorded violation'],
    ],
    run: replay,
  },
  conform: {
    usage: 'rcv conform SYSTEM [--variant NAME | --adapter MODULE] [--config NAME] [--runs N] [--seed N] [--path P] [--json]',
    summary: 'drive an implementation beside the model and compare what each shows after every step',
    options: { variant: { type: 'string' }, adapter: { type: 'string' }, config: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, path: { type: 'string' }, json: { type: 'boolean' } },
    help: [
      ['--adapter MODULE', 'a JavaScript module exporting `adapter` = { name, system, connect(config) } (see README, Conformance)'],
      ['--variant NAME', 'drive a naive variant (or reference) wrapped as an implementation: the self-check'],
      ['--config NAME', "a configuration (default: the variant's catch configuration, else the first small one)"],
      ['--runs N', 'random runs after the targeted sequences (default 1000)'],
      ['--seed N', `the random runs' seed (default ${DEFAULT_SEED})`],
      ['--path P', 'replay one shrunk diverging run as printed (needs its --seed)'],
      ['--json', 'one JSON object on stdout'],
    ],
    run: conformCmd,
  },
  history: {
    usage: 'rcv history SYSTEM FILE [--json]',
    summary: "check a recorded history (rcv-history/1, Jepsen style) against a system's outcome properties",
    options: { json: { type: 'boolean' } },
    help: [['--json', 'one JSON object: counts, per read the losses, and the violations']],
    run: historyCmd,
  },
  compare: {
    usage: 'rcv compare SYSTEM [--bound-writes N] [--json]',
    summary: "compare a system's designs over the same workloads and failure instants (multi-site-mirror's loss table)",
    options: { 'bound-writes': { type: 'string' }, json: { type: 'boolean' } },
    help: [
      ['--bound-writes N', 'the largest workload that also gets an exhaustive bound (0-10, default 6)'],
      ['--json', 'the same figures as one JSON object'],
    ],
    run: compare,
  },
};

const EXIT_HELP = `exit codes: 0 holds, 1 violated, 2 bad input (one line on stderr), 3 internal error, 4 incomplete (--max-states, --max-seconds, or out of memory)`;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: rcv COMMAND [ARGS] [OPTIONS]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  rcv help COMMAND: the options of one command`,
    '',
    'options: -h, --help (also after a command), --version',
    EXIT_HELP,
  ].join('\n');
}

function commandHelp(name: string): string {
  const c = COMMANDS[name];
  const width = Math.max(...c.help.map(([o]) => o.length));
  return [`usage: ${c.usage}`, '', c.summary, '', 'options:', ...c.help.map(([o, h]) => `  ${o.padEnd(width)}  ${h}`), `  ${'-h, --help'.padEnd(width)}  this text`, '', EXIT_HELP].join('\n');
}

const isCommand = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(COMMANDS, name);

function failed(e: unknown): number {
  if (e instanceof InputError) {
    process.stderr.write(`rcv: ${e.message.split('\n')[0]}\n`);
    return EXIT.BAD_INPUT;
  }
  process.stderr.write(`rcv: internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
  return EXIT.INTERNAL;
}

/** Runs one command line; a Promise for the commands that drive an implementation (conform, a conformance replay). */
export function main(argv: string[]): number | Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined) throw new InputError('missing command (expected list, check, replay, conform, history or compare; see rcv --help)');
    if (cmd === '--help' || cmd === '-h') {
      out(usage());
      return 0;
    }
    if (cmd === '--version') {
      out(version());
      return 0;
    }
    if (cmd === 'help') {
      if (rest.length === 0) out(usage());
      else if (rest.length === 1 && isCommand(rest[0])) out(commandHelp(rest[0]));
      else throw new InputError(`help takes one COMMAND (${Object.keys(COMMANDS).join(', ')}), got "${rest.join(' ')}"`);
      return 0;
    }
    if (!isCommand(cmd)) throw new InputError(`unknown command "${cmd}" (expected ${Object.keys(COMMANDS).join(', ')}; see rcv --help)`);
    const c = COMMANDS[cmd];
    const { positional, flags } = parse(cmd, rest, c.options);
    if (flags.help) {
      out(commandHelp(cmd));
      return 0;
    }
    const r = c.run(positional, flags);
    return r instanceof Promise ? r.catch(failed) : r;
  } catch (e) {
    return failed(e);
  }
}

