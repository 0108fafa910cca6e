// npm run bench: throughput of the explorers, printed (a benchmark, not a timed test).
//
// 1. The peer-twin abstraction (src/bench/peer-twin.ts, 657,657 states) against SPIN's pan built
//    from the same model in Promela (src/bench/peer-twin.pml, d_step, -O2 -DSAFETY -DNOREDUCE):
//    whole-process wall time in interleaved pairs, so that both see the same machine load.
// 2. Exhaustive: distinct states and transitions per second on each system's `standard`
//    configuration, safety only (as TLC and SPIN are usually quoted): the first run in a fresh
//    process, then the steady state (the same search repeated, when it is short); then with the
//    liveness completion on; the memory per state of the fingerprint set, the layer queues and the
//    parent arrays. Random: actions per second.
//
// 3. Worker scaling: the same exhaustive runs with 1 worker thread, 2 on every large layer, and 2
//    adaptive (the default: they stop once one thread expands a layer faster).
//
// Each configuration (2) and each worker-scaling run (3) runs in a process of its own (`inChild`).
//
// `npm run bench -- peer-twin` (or `workers`) runs only that part; `npm run bench -- SYSTEM` one system.
//
// 4. `npm run bench -- against DIR [SYSTEM] [--rounds N]`, in place of the above: this build against
//    another build of the project (DIR holds its `dist/`: a worktree of an earlier commit, after
//    `npm ci && npm run build` there), on each standard configuration, in interleaved fresh
//    processes: the first run and the steady state of each, and their ratios.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { exploreExhaustive, type ExhaustiveResult } from './engine/exhaustive.js';
import { exploreRandom } from './engine/random.js';
import { PROJECT_ROOT, runCheck } from './engine/run.js';
import { MODEL_MODULE } from './systems/build.js';
import { PEER_TWIN_STATES } from './bench/peer-twin.js';
import { systems } from './systems/index.js';

const args = process.argv.slice(2);
/** In a child process (see `inChild`): what it runs. */
const childArgs = args[0] === '--child' ? args.slice(1) : null;
/** `against DIR` and `--rounds N` with their values, then the rest. */
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? (args[args.indexOf(flag) + 1] ?? '') : undefined);
const against = childArgs ? undefined : valueOf('against');
const roundsArg = childArgs ? undefined : valueOf('--rounds');
const rest = args.filter((a, i) => a !== 'against' && a !== '--rounds' && args[i - 1] !== 'against' && args[i - 1] !== '--rounds');
const only = childArgs ? undefined : rest.find((a) => !a.startsWith('--'));
const say = (s: string): void => void process.stdout.write(s + '\n');
const rate = (n: number, ms: number): string => Math.round((n * 1000) / Math.max(1, ms)).toLocaleString('en-US');
const perState = (bytes: number, states: number): string => (bytes / Math.max(1, states)).toFixed(1);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const memory = (r: ExhaustiveResult): string =>
  `bytes/state: fingerprint set ${perState(r.bytes.fingerprints, r.states)}, layer queues ${perState(r.bytes.queue, r.states)}, parents ${perState(r.bytes.parents, r.states)}; ` +
  `peak RSS of its process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;

/** Why the command line cannot run, or undefined. */
function badArgs(): string | undefined {
  if (childArgs) return undefined;
  if (against === '') return 'against takes DIR, a directory holding another build of this project';
  if (against !== undefined && (!existsSync(`${against}/dist/src/engine/exhaustive.js`) || !existsSync(`${against}/dist/src/systems/index.js`)))
    return `against "${against}": no build there (want DIR/dist/src/engine/exhaustive.js: run npm ci && npm run build in DIR)`;
  if (roundsArg !== undefined && !(/^[1-9][0-9]*$/.test(roundsArg) && Number(roundsArg) <= 100)) return `--rounds takes a whole number from 1 to 100, got "${roundsArg}"`;
  if (roundsArg !== undefined && against === undefined) return '--rounds goes with against DIR';
  const unknown = rest.find((a) => a.startsWith('--'));
  if (unknown) return `unknown option ${unknown}`;
  if (only && (against !== undefined || (only !== 'peer-twin' && only !== 'workers')) && !systems.some((s) => s.name === only))
    return `unknown part "${only}" (have: ${against === undefined ? 'peer-twin, workers, ' : ''}${systems.map((s) => s.name).join(', ')})`;
  return undefined;
}
const bad = badArgs();
if (bad) {
  process.stderr.write(`bench: ${bad}\n`);
  process.exit(2);
}

if (!childArgs) say(`remote-copy-verifier bench: node ${process.version}, ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

/** SPIN's pan for the peer-twin model, built in a temporary directory; or why not. */
function buildPan(dir: string): string | { reason: string } {
  const pml = `${PROJECT_ROOT}src/bench/peer-twin.pml`;
  copyFileSync(pml, `${dir}/peer-twin.pml`);
  const spin = spawnSync('spin', ['-a', 'peer-twin.pml'], { cwd: dir, encoding: 'utf8' });
  if (spin.error || spin.status !== 0) return { reason: `spin is not available (${spin.error ? 'not installed: Debian package spin' : spin.stderr.trim().split('\n')[0]})` };
  const cc = spawnSync('gcc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-w', '-o', 'pan', 'pan.c'], { cwd: dir, encoding: 'utf8' });
  if (cc.error || cc.status !== 0) return { reason: `gcc failed: ${cc.error ? String(cc.error) : cc.stderr.trim().split('\n')[0]}` };
  return `${dir}/pan`;
}

function timed(cmd: string, argv: string[], cwd?: string): { ms: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd, maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  return { ms, out: r.stdout };
}

function peerTwinVsSpin(pairs = 5): void {
  const runner = fileURLToPath(new URL('./bench/peer-twin-run.js', import.meta.url));
  const dir = mkdtempSync(`${tmpdir()}/rcv-spin-`);
  try {
    const pan = buildPan(dir);
    const ours: number[] = [];
    const theirs: number[] = [];
    const tuned: number[] = [];
    let last: { states: number; transitions: number; ms: number; bytes: ExhaustiveResult['bytes']; maxRssKb: number } | undefined;
    let panStates = 0;
    for (let i = 0; i < pairs; i++) {
      const a = timed(process.execPath, [runner]);
      last = JSON.parse(a.out);
      ours.push(a.ms);
      if (typeof pan === 'string') {
        const b = timed(pan, ['-m100000'], dir);
        panStates = Number(/(\d+) states, stored/.exec(b.out)?.[1] ?? 0);
        theirs.push(b.ms);
        // pan's default hash table is 2^24 slots (128 MB); -w20 fits this state space.
        tuned.push(timed(pan, ['-m100000', '-w20'], dir).ms);
      }
    }
    const o = median(ours);
    say(
      `peer-twin (2 streams, 2 addresses, 6 writes): ${last!.states.toLocaleString('en-US')} distinct states (expected ${PEER_TWIN_STATES.toLocaleString('en-US')}), ${last!.transitions.toLocaleString('en-US')} transitions; ` +
        `rcv: median ${o.toFixed(0)} ms per process over ${pairs} runs (exploration ${last!.ms} ms: ${rate(last!.states, last!.ms)} states/s), peak RSS ${Math.round(last!.maxRssKb / 1024)} MB, ` +
        `bytes/state: fingerprint set ${perState(last!.bytes.fingerprints, last!.states)}, layer queues ${perState(last!.bytes.queue, last!.states)}, parents ${perState(last!.bytes.parents, last!.states)}`,
    );
    if (typeof pan === 'string') {
      const p = median(theirs);
      say(`peer-twin on SPIN (pan -O2 -DSAFETY -DNOREDUCE, d_step): ${panStates.toLocaleString('en-US')} states stored; median ${p.toFixed(0)} ms per process over ${pairs} runs, interleaved with rcv's`);
      say(`peer-twin: rcv / SPIN wall time = ${(o / p).toFixed(2)} (pairs: ${ours.map((x, i) => `${x.toFixed(0)}/${theirs[i].toFixed(0)}`).join(', ')} ms)`);
      say(`peer-twin: rcv / SPIN with its hash table sized to the state space (-w20, median ${median(tuned).toFixed(0)} ms) = ${(o / median(tuned)).toFixed(2)}`);
    } else say(`peer-twin: SPIN comparison skipped: ${pan.reason}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!childArgs && against === undefined && (!only || only === 'peer-twin')) peerTwinVsSpin();

/**
 * Runs `argv` in a child process of this script, as JMH forks per benchmark: each configuration and
 * each worker-scaling run in a process of its own. In one process, a configuration measured after
 * another build of the same system runs on model code the JIT compiled generic (V8 compiles a closure
 * for the values it captured only while it is its function's one closure): ordered-delivery standard
 * took 4.0 s on its own and 7.0 s after another build of it. Returns the child's stdout when
 * `capture`, else lets it print.
 */
function inChild(argv: string[], capture: boolean): string {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...argv], {
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench: the run of ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
  return r.stdout ?? '';
}

/** The same exhaustive run with 1 and 2 worker threads (identical results; the time is what changes). */
function workerScaling(): void {
  for (const [name, config] of [['ordered-delivery', 'standard'], ['multi-site-mirror', 'standard-concurrent']] as const) {
    const ms: number[] = [];
    let states = 0;
    let layers = 0;
    for (const [workers, adaptive] of [[1, true], [2, false], [2, true]] as const) {
      const r = JSON.parse(inChild(['scaling', name, config, String(workers), String(adaptive)], true)) as { ms: number; states: number; layers: number };
      ms.push(r.ms);
      states = r.states;
      layers = r.layers;
    }
    say(
      `${name} ${config} exhaustive (safety), worker scaling: ${states.toLocaleString('en-US')} states; 1 worker ${(ms[0] / 1000).toFixed(1)} s (${rate(states, ms[0])} states/s), ` +
        `2 workers on every large layer ${(ms[1] / 1000).toFixed(1)} s: ${(ms[0] / ms[1]).toFixed(2)}x, 2 workers adaptive (the default; ${layers} layer${layers === 1 ? '' : 's'} on the workers) ${(ms[2] / 1000).toFixed(1)} s: ${(ms[0] / ms[2]).toFixed(2)}x`,
    );
  }
}
if (!childArgs && against === undefined && (!only || only === 'workers')) workerScaling();

/** One worker-scaling run, in a child: its time, states and parallel layers as JSON on stdout. */
function scalingRun(name: string, config: string, workers: number, adaptive: boolean): void {
  const system = systems.find((s) => s.name === name)!;
  const r = runCheck({ system, variant: 'reference', config, mode: 'exhaustive', liveness: false, traceDir: null, workers, adaptive, modelModule: MODEL_MODULE });
  say(JSON.stringify({ ms: r.stats.ms, states: r.stats.states ?? 0, layers: r.parallelLayers ?? 0 }));
}

/** One standard configuration, in a child: exhaustive safety, then with liveness, then random. */
function benchConfig(name: string, configName: string): void {
  const system = systems.find((s) => s.name === name)!;
  const config = system.configs.find((c) => c.name === configName)!;
  const model = system.build(config.name);
  const safety = exploreExhaustive(model, { liveness: false, progress: true, label: `${system.name} ${config.name}` });
  say(
    `${system.name} ${config.name} exhaustive (safety): ${safety.states.toLocaleString('en-US')} distinct states, ` +
      `${safety.transitions.toLocaleString('en-US')} transitions, depth ${safety.depth}, ${(safety.ms / 1000).toFixed(1)} s: ` +
      `${rate(safety.states, safety.ms)} states/s, ${rate(safety.transitions, safety.ms)} transitions/s (${safety.verdict}); ${memory(safety)}`,
  );
  // Steady state, as JMH measures after its warm-up iterations: the same search again in this process,
  // on the same model, its code now compiled and its memory faulted in. The first run above pays
  // V8's compilation of the model and the explorer (a few hundred ms of compiler time on 2 cores),
  // which dominates a configuration that takes well under a second.
  const again = safety.ms < 2_000 ? 5 : safety.ms < 10_000 ? 2 : 0;
  if (again > 0) {
    const ms = Array.from({ length: again }, () => exploreExhaustive(model, { liveness: false }).ms);
    const m = median(ms);
    say(
      `${system.name} ${config.name} exhaustive (safety), steady state: median of ${again} more runs in this process ${(m / 1000).toFixed(2)} s ` +
        `(${ms.join(', ')} ms): ${rate(safety.states, m)} states/s, ${rate(safety.transitions, m)} transitions/s`,
    );
  }
  if (model.eventually.length > 0) {
    const live = exploreExhaustive(model, { liveness: true, progress: true, label: `${system.name} ${config.name} +liveness` });
    say(`${system.name} ${config.name} exhaustive (safety + liveness): ${(live.ms / 1000).toFixed(1)} s: ${rate(live.states, live.ms)} states/s, ${rate(live.transitions, live.ms)} transitions/s (${live.verdict})`);
  }
  const runs = 100_000;
  const rnd = exploreRandom(model, { runs, seed: 1, steps: config.randomSteps, liveness: false });
  say(
    `${system.name} ${config.name} random: ${runs} runs, ${rnd.actions.toLocaleString('en-US')} actions, ${(rnd.ms / 1000).toFixed(1)} s: ` +
      `${rate(rnd.actions, rnd.ms)} actions/s (${rnd.verdict})`,
  );
}

if (childArgs) {
  // Only `inChild` writes these arguments; anything else gets one line and exit 2.
  const [kind, name, config, workers] = childArgs;
  const known = systems.find((s) => s.name === name)?.configs.some((c) => c.name === config) ?? false;
  if (!known || (kind !== 'config' && kind !== 'scaling') || (kind === 'scaling' && !(Number(workers) >= 1))) {
    process.stderr.write(`bench: --child takes "config SYSTEM CONFIG" or "scaling SYSTEM CONFIG WORKERS ADAPTIVE" (as the bench itself runs it), got "${childArgs.join(' ')}"\n`);
    process.exitCode = 2;
  } else if (kind === 'scaling') scalingRun(name, config, Number(workers), childArgs[4] === 'true');
  else benchConfig(name, config);
} else if (against !== undefined) compareBuilds(against, Number(roundsArg ?? 3));
else
  for (const system of systems) {
    if (only && system.name !== only) continue;
    for (const config of system.configs.filter((c) => c.tier === 'standard')) inChild(['config', system.name, config.name], false);
  }

/**
 * This build against the one in `dir`, per standard configuration: `rounds` rounds, each a fresh
 * process of either build in turn (src/bench/compare-run.ts), so that machine load falls on both.
 * Medians over the rounds. The steady state is measured on both builds when this build's first run
 * took under 2 s (the first process decides, and the others repeat as many runs).
 */
function compareBuilds(dir: string, rounds: number): void {
  const runner = fileURLToPath(new URL('./bench/compare-run.js', import.meta.url));
  const roots = [PROJECT_ROOT.replace(/\/$/, ''), dir];
  say(`against ${dir}: ${rounds} interleaved rounds per configuration, each run a fresh process; "this" is ${roots[0]}`);
  type Run = { states: number; transitions: number; first: number; steady: number | null };
  for (const system of systems) {
    if (only && system.name !== only) continue;
    for (const config of system.configs.filter((c) => c.tier === 'standard')) {
      const label = `${system.name} ${config.name}`;
      const runs: Run[][] = [[], []];
      let missing = '';
      for (let r = 0; r < rounds && !missing; r++) {
        for (let b = 0; b < 2 && !missing; b++) {
          const again = runs[0].length === 0 ? 'auto' : runs[0][0].steady === null ? '0' : '5';
          const c = spawnSync(process.execPath, [runner, roots[b], system.name, config.name, again], { encoding: 'utf8', maxBuffer: 1 << 24 });
          if (c.status !== 0) missing = `${b === 0 ? 'this build' : dir}: ${(c.stderr || `exit ${c.status ?? c.signal}`).trim().split('\n')[0]}`;
          else runs[b].push(JSON.parse(c.stdout) as Run);
        }
      }
      if (missing) {
        say(`${label}: not compared (${missing})`);
        continue;
      }
      const [ours, theirs] = runs;
      if (ours[0].states !== theirs[0].states || ours[0].transitions !== theirs[0].transitions) {
        say(`${label}: not comparable: ${ours[0].states} states and ${ours[0].transitions} transitions here, ${theirs[0].states} and ${theirs[0].transitions} there`);
        continue;
      }
      const first = [median(ours.map((x) => x.first)), median(theirs.map((x) => x.first))];
      const st = ours[0].states;
      let line =
        `${label}: ${st.toLocaleString('en-US')} states; first run this ${first[0].toFixed(0)} ms (${rate(st, first[0])} states/s), ` +
        `that ${first[1].toFixed(0)} ms (${rate(st, first[1])} states/s): ${(first[1] / first[0]).toFixed(2)}x`;
      if (ours[0].steady !== null) {
        const steady = [median(ours.map((x) => x.steady!)), median(theirs.map((x) => x.steady!))];
        line += `; steady this ${steady[0].toFixed(0)} ms, that ${steady[1].toFixed(0)} ms: ${(steady[1] / steady[0]).toFixed(2)}x`;
      }
      say(line);
    }
  }
}
