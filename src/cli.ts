// rcv: list systems, check one, replay a counterexample. Bad input: one line on stderr, exit 2.
import { relative } from 'node:path';
import { InputError, type Json } from './engine/contract.js';
import { DEFAULT_RUNS, DEFAULT_SEED, VARIANT_RUNS, findSystem as find, modelForTrace, runCheck } from './engine/run.js';
import { loadTrace, replayTrace } from './engine/trace.js';
import { systems } from './systems/index.js';

const findSystem = (name: string) => find(systems, name);

const USAGE = `usage:
  rcv list [--json]
  rcv check SYSTEM [--variant NAME] [--mode exhaustive|random] [--config NAME] [--runs N] [--seed N] [--path P] [--outcome-only] [--no-liveness] [--json]
  rcv replay FILE [--json]
  rcv compare SYSTEM [--bound-writes N] [--json]`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parse(args: string[], valued: string[], booleans: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (booleans.includes(name) && eq < 0) flags.set(name, true);
    else if (valued.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new InputError(`option --${name} needs a value`);
      flags.set(name, v);
    } else throw new InputError(`unknown option ${a}`);
  }
  return { positional, flags };
}

function integer(flags: Parsed['flags'], name: string, min: number, max: number, dflt: number): number {
  const v = flags.get(name);
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new InputError(`--${name} must be an integer, got "${String(v)}"`);
  const n = Number(v);
  if (n < min || n > max) throw new InputError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

const rel = (p: string): string => relative(process.cwd(), p) || p;
const out = (s: string): void => void process.stdout.write(s + '\n');

function list(args: string[]): number {
  const { positional, flags } = parse(args, [], ['json']);
  if (positional.length > 0) throw new InputError(`list takes no arguments, got "${positional[0]}"`);
  if (flags.has('json')) {
    const data = {
      systems: systems.map((s) => ({
        name: s.name,
        variants: s.variants.map((v) => v.name),
        // Per variant: the scenario it reproduces and the configuration on which the suite must catch it.
        catchConfigs: Object.fromEntries(s.variants.map((v) => [v.name, { scenario: v.scenario, config: v.catchConfig }])),
        configs: s.configs.map((c) => c.name),
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

function check(args: string[]): number {
  const { positional, flags } = parse(args, ['variant', 'mode', 'config', 'runs', 'seed', 'path'], ['json', 'no-liveness', 'outcome-only']);
  if (positional.length !== 1) throw new InputError(positional.length === 0 ? 'check needs a SYSTEM' : `check takes one SYSTEM, got ${positional.length}`);
  const system = findSystem(positional[0]);
  const mode = (flags.get('mode') as string | undefined) ?? 'exhaustive';
  if (mode !== 'exhaustive' && mode !== 'random') throw new InputError(`--mode must be exhaustive or random, got "${mode}"`);
  const variant = (flags.get('variant') as string | undefined) ?? 'reference';
  // Without --config: a variant's own catch configuration, else `small`, else the system's first small one.
  const smallest = system.configs.find((c) => c.name === 'small') ?? system.configs.find((c) => c.tier === 'small') ?? system.configs[0];
  const config = (flags.get('config') as string | undefined) ?? system.variants.find((v) => v.name === variant)?.catchConfig ?? smallest.name;
  // A naive variant's search stops at its first failure, so it gets the larger budget.
  const runs = integer(flags, 'runs', 1, 10_000_000, variant === 'reference' ? DEFAULT_RUNS : VARIANT_RUNS);
  const seed = integer(flags, 'seed', -2147483648, 2147483647, DEFAULT_SEED);
  if (mode === 'exhaustive' && (flags.has('runs') || flags.has('seed') || flags.has('path'))) {
    throw new InputError('--runs, --seed and --path apply to --mode random');
  }
  system.build(config, variant); // validates names before any work
  const json = flags.has('json');
  const r = runCheck({
    system,
    variant,
    config,
    mode,
    runs,
    seed,
    path: flags.get('path') as string | undefined,
    liveness: !flags.has('no-liveness'),
    outcomeOnly: flags.has('outcome-only'),
    progress: !json || process.stderr.isTTY === true,
  });
  if (json) {
    const o: Record<string, Json> = { system: r.system, variant: r.variant, mode: r.mode, config: r.config, verdict: r.verdict };
    if (r.invariant) o.invariant = r.invariant;
    if (r.tracePath) o.tracePath = r.tracePath;
    const stats: Record<string, Json> = {};
    for (const [k, v] of Object.entries(r.stats)) if (v !== undefined) stats[k] = v;
    o.stats = stats;
    if (mode === 'random') {
      o.seed = seed;
      if (r.path) o.path = r.path;
    }
    o.witnesses = r.witnesses;
    out(JSON.stringify(o));
    return r.verdict === 'holds' ? 0 : 1;
  }
  const head = `${r.system} [${r.variant}] ${r.config}, ${r.mode}`;
  const st = r.stats;
  const stats =
    mode === 'exhaustive'
      ? `${st.states} distinct states, ${st.transitions} transitions, depth ${st.depth}, ${st.ms} ms`
      : `${st.runs} runs, ${st.actions} actions, ${st.ms} ms, seed ${seed}`;
  const w = Object.entries(r.witnesses);
  const unreached = w.filter(([, d]) => d === null).map(([id]) => id);
  if (r.verdict === 'holds') {
    out(`${head}: every property holds`);
    out(`  ${stats}`);
    out(`  reachability witnesses: ${w.length - unreached.length}/${w.length} reached${unreached.length ? ` (not reached: ${unreached.join(', ')})` : ''}`);
    return 0;
  }
  const info = system.properties.find((p) => p.id === r.invariant);
  out(`${head}: VIOLATED ${r.invariant}: ${info?.statement ?? ''}`);
  out(`  ${stats}`);
  out(`  counterexample (${r.trace!.steps} steps):`);
  r.trace!.actions.forEach((a, i) => out(`    ${i + 1}. ${JSON.stringify(a)}`));
  out(`  trace saved: ${rel(r.tracePath!)}`);
  out(`  replay: npx rcv replay ${rel(r.tracePath!)}`);
  if (mode === 'random') {
    out(
      `  reproduce: npx rcv check ${r.system} --variant ${variant} --config ${config} --mode random --runs ${runs} --seed ${seed}${r.path ? ` --path ${r.path}` : ''}${flags.has('outcome-only') ? ' --outcome-only' : ''}`,
    );
  }
  return 1;
}

function replay(args: string[]): number {
  const { positional, flags } = parse(args, [], ['json']);
  if (positional.length !== 1) throw new InputError('replay needs exactly one trace FILE');
  const trace = loadTrace(positional[0]);
  const system = findSystem(trace.system);
  const r = replayTrace(modelForTrace(system, trace), trace);
  if (flags.has('json')) {
    out(
      JSON.stringify({
        system: trace.system,
        variant: trace.variant,
        config: trace.config,
        verdict: r.verdict,
        recorded: trace.violated.id,
        ...(r.violated ? { invariant: r.violated.id, step: r.violated.step } : {}),
        matchesRecorded: r.matchesRecorded,
        steps: r.steps.length,
      }),
    );
  } else {
    out(`replaying ${trace.system} [${trace.variant}] ${trace.config}: ${trace.actions.length} actions, recorded violation ${trace.violated.id}`);
    for (const s of r.steps) {
      out(`  ${s.index}. ${JSON.stringify(s.action)}`);
      for (const c of s.changes) out(`       ${c.path}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
      if (s.violated) out(`     VIOLATED ${s.violated}`);
    }
    if (r.violated) {
      const info = system.properties.find((p) => p.id === r.violated!.id);
      const where = r.violated.step > r.steps.length ? 'in the fault-free completion after the last action' : `at step ${r.violated.step}`;
      out(`verdict: VIOLATED ${r.violated.id} ${where}: ${info?.statement ?? ''}`);
      if (!r.matchesRecorded) out(`note: this differs from the recorded violation ${trace.violated.id} after ${trace.steps} steps`);
    } else out('verdict: every property holds along this trace');
  }
  return r.verdict === 'violated' ? 1 : 0;
}

function compare(args: string[]): number {
  const { positional, flags } = parse(args, ['bound-writes'], ['json']);
  if (positional.length !== 1) throw new InputError(positional.length === 0 ? 'compare needs a SYSTEM' : `compare takes one SYSTEM, got ${positional.length}`);
  const system = findSystem(positional[0]);
  if (!system.compare) throw new InputError(`${system.name} compares no designs (have: ${systems.filter((s) => s.compare).map((s) => s.name).join(', ')})`);
  const bound = integer(flags, 'bound-writes', 0, 10, 6);
  const r = system.compare(bound);
  if (flags.has('json')) {
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

export function main(argv: string[]): number {
  try {
    const [cmd, ...rest] = argv;
    switch (cmd) {
      case 'list':
        return list(rest);
      case 'check':
        return check(rest);
      case 'compare':
        return compare(rest);
      case 'replay':
        return replay(rest);
      case undefined:
        throw new InputError('missing command (expected list, check or replay; see rcv --help)');
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        throw new InputError(`unknown command "${cmd}" (expected list, check or replay)`);
    }
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`rcv: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`rcv: internal error: ${(e as Error).message}\n`);
    return 3;
  }
}


