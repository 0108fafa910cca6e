// The CLI contract that CI scripts rely on: exit codes, one JSON object with --json, and one
// clear line on stderr (never a stack trace) for bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const tmp = mkdtempSync(`${tmpdir()}/rcv-cli-`);
// Counterexamples go to a temporary directory, never over what verify wrote in reports/.
const rcv = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/rcv.js', ...args], { encoding: 'utf8', env: { ...process.env, RCV_TRACE_DIR: `${tmp}/traces` } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('rcv list', () => {
  it('--json lists systems, variants, configurations and invariants', () => {
    const r = rcv('list', '--json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    const od = data.systems.find((s: { name: string }) => s.name === 'ordered-delivery');
    expect(od.variants).toContain('longest-run');
    expect(od.variants).not.toContain('reference');
    expect(od.configs).toContain('small');
    expect(od.invariants.find((i: { id: string }) => i.id === 'I-8')).toMatchObject({ statement: expect.any(String), ref: expect.stringContaining('【') });
  });
});

describe('rcv check and replay', () => {
  it("without --config a variant runs on its own catch configuration, the reference on the system's first small one", () => {
    const v = rcv('check', 'split-backup', '--variant', 'backup-in-duplex', '--outcome-only', '--json');
    expect(v.code).toBe(1);
    expect(JSON.parse(v.out)).toMatchObject({ config: 'small-E1', verdict: 'violated', invariant: 'E-S6' });
    const list = JSON.parse(rcv('list', '--json').out).systems.find((s: { name: string }) => s.name === 'split-backup');
    expect(list.configs[0]).toBe('small-E1');
    expect(list.catchConfigs['backup-in-duplex']).toEqual({ scenario: 'CE-10', config: 'small-E1' });
  });

  it('exit 0 and one JSON object when every property holds', () => {
    const r = rcv('check', 'ordered-delivery', '--config', 'small-split', '--json');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ system: 'ordered-delivery', variant: 'reference', mode: 'exhaustive', config: 'small-split', verdict: 'holds' });
    expect(o.stats.states).toBeGreaterThan(100);
    expect(o.stats.ms).toEqual(expect.any(Number));
  });

  it('exit 1 with the saved trace, which replays to the same violation', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'skip-idle-stream', '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o.verdict).toBe('violated');
    expect(o.invariant).toBe('I-1');
    const p = rcv('replay', o.tracePath, '--json');
    expect(p.code).toBe(1);
    expect(JSON.parse(p.out)).toMatchObject({ verdict: 'violated', invariant: 'I-1', matchesRecorded: true });
    const text = rcv('replay', o.tracePath);
    expect(text.out).toMatch(/verdict: VIOLATED I-1 at step \d+/);
  });

  it('random mode is deterministic for a seed and prints how to reproduce a failure', () => {
    const a = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4', '--json');
    const b = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4', '--json');
    expect(a.code).toBe(1);
    const [oa, ob] = [JSON.parse(a.out), JSON.parse(b.out)];
    expect(oa.seed).toBe(4);
    expect(readFileSync(oa.tracePath, 'utf8')).toBe(readFileSync(ob.tracePath, 'utf8'));
    const text = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4');
    expect(text.out).toMatch(/reproduce: npx rcv check ordered-delivery --variant no-dedup --config small --mode random --runs 30000 --seed 4 --path \S+/);
  });

  it('--outcome-only catches a variant by an outcome property, and its trace replays with the same properties', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--outcome-only', '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o.invariant).toBe('I-6');
    expect(o.tracePath).toMatch(/--outcome\.json$/);
    expect(JSON.parse(readFileSync(o.tracePath, 'utf8')).explorer.checked).toBe('outcome');
    expect(JSON.parse(rcv('replay', o.tracePath, '--json').out)).toMatchObject({ invariant: 'I-6', matchesRecorded: true });
  });

  it('exit 0 when a trace holds along the reference design', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--json');
    const t = JSON.parse(readFileSync(JSON.parse(r.out).tracePath, 'utf8'));
    const f = `${tmp}/as-reference.json`;
    writeFileSync(f, JSON.stringify({ ...t, variant: 'reference', steps: t.steps.slice(0, 2) }));
    expect(rcv('replay', f).code).toBe(0);
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  // What bad input could have written: reports/ and the traces directory (the browser test's screenshot,
  // written concurrently by another test file, is not the CLI's).
  const written = (): string[] =>
    [...readdirSync('reports', { recursive: true }).map(String), ...(existsSync(`${tmp}/traces`) ? readdirSync(`${tmp}/traces`).map(String) : [])].filter((f) => f !== 'report-screenshot.png').sort();
  // A real trace of the current format, patched one field at a time.
  const real = JSON.parse(readFileSync(JSON.parse(rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--json').out).tracePath, 'utf8'));
  const trace = (patch: object): string => {
    const f = `${tmp}/t-${Math.random().toString(36).slice(2)}.json`;
    writeFileSync(f, JSON.stringify({ ...real, ...patch }));
    return f;
  };
  const step0 = (patch: object) => ({ steps: [{ ...real.steps[0], ...patch }, ...real.steps.slice(1)] });
  const cases: [string, string[]][] = [
    ['no command', []],
    ['unknown command', ['frobnicate']],
    ['unknown system', ['check', 'no-such-system']],
    ['unknown variant', ['check', 'ordered-delivery', '--variant', 'nope']],
    ['unknown configuration', ['check', 'ordered-delivery', '--config', 'huge']],
    ['bad mode', ['check', 'ordered-delivery', '--mode', 'fast']],
    ['malformed number', ['check', 'ordered-delivery', '--mode', 'random', '--runs', '1e3']],
    ['negative runs', ['check', 'ordered-delivery', '--mode', 'random', '--runs', '-4']],
    ['missing value', ['check', 'ordered-delivery', '--config']],
    ['unknown option', ['check', 'ordered-delivery', '--fast']],
    ['runs in exhaustive mode', ['check', 'ordered-delivery', '--runs', '5']],
    ['variant of the other embodiment', ['check', 'ordered-delivery', '--variant', 'tape-count-traversal', '--config', 'small']],
    ['missing trace file', ['replay', `${tmp}/absent.json`]],
    ['trace that is not JSON', ['replay', 'README.md']],
    ['trace of another format', ['replay', 'package.json']],
    ['trace with an unknown action', ['replay', trace(step0({ action: { type: 'teleport' } }))]],
    ['trace with a disabled action', ['replay', trace(step0({ action: { type: 'deliver', stream: 'P0', seq: 0 } }))]],
    ['trace of an unknown system', ['replay', trace({ system: 'nope' })]],
    ['trace with a bad init', ['replay', trace({ init: 7 })]],
    ['trace with a bad property selection', ['replay', trace({ explorer: { ...real.explorer, checked: 'some' } })]],
    ['trace of the old format', ['replay', trace({ format: 'rcv-trace/1' })]],
    ['trace with a bad mode', ['replay', trace({ explorer: { ...real.explorer, mode: 'fast' } })]],
    ['trace with a step out of order', ['replay', trace(step0({ index: 4 }))]],
    ['trace with a bad message kind', ['replay', trace(step0({ messages: [{ id: 'x', from: 'a', to: 'b', kind: 'teleport', label: 'x' }] }))]],
    ['trace with no steps field', ['replay', trace({ steps: undefined })]],
    ['trace with an actor that is no lane', ['replay', trace(step0({ actor: 'mars' }))]],
    ['trace with a message to no lane', ['replay', trace(step0({ messages: [{ id: 'x', from: 'host', to: 'mars', kind: 'send', label: 'x' }] }))]],
    ['repeated flag', ['check', 'ordered-delivery', '--config', 'small', '--config', 'small-split']],
    ['configuration named __proto__', ['check', 'ordered-delivery', '--config', '__proto__']],
    ['configuration named constructor', ['check', 'ordered-delivery', '--config', 'constructor']],
    ['system named __proto__', ['check', '__proto__']],
    ['variant named constructor', ['check', 'ordered-delivery', '--variant', 'constructor']],
    ['malformed --path', ['check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4', '--path', '1:x']],
    ['--path past the runs', ['check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4', '--runs', '10', '--path', '999999999']],
    // The reference design never fails: no path can belong to one of its runs, and a replay that finds no failure must not pass.
    ['--path of another run', ['check', 'ordered-delivery', '--mode', 'random', '--seed', '4', '--runs', '10', '--path', '1:2:3']],
    ['--path without --seed', ['check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--path', '1']],
    ['--only naming no property', ['check', 'ordered-delivery', '--only', 'I-1,nope']],
    ['--max-states in random mode', ['check', 'ordered-delivery', '--mode', 'random', '--max-states', '5']],
    ['help for an unknown command', ['help', 'frobnicate']],
  ];
  it.each(cases)('%s', (_name, args) => {
    const before = written();
    const r = rcv(...args);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rcv: /);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(written()).toEqual(before);
  });
});

describe('rcv help, bounds and the trace format', () => {
  it('--help, -h, help COMMAND, COMMAND --help and --version print to stdout with exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['help', 'check'], ['check', '--help'], ['replay', '-h'], ['--version']]) {
      const r = rcv(...args);
      expect({ args, code: r.code, err: r.err }).toEqual({ args, code: 0, err: '' });
      expect(r.out.length).toBeGreaterThan(0);
    }
    expect(rcv('help', 'check').out).toContain('--max-states N');
    expect(rcv('--help').out).toMatch(/exit codes: 0 holds, 1 violated, 2 bad input.*3 internal error, 4 incomplete/);
    expect(rcv('--version').out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--max-states stops an exhaustive run with partial statistics, an incomplete verdict and exit 4', () => {
    const r = rcv('check', 'ordered-delivery', '--config', 'small', '--max-states', '500', '--json');
    expect(r.code).toBe(4);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ verdict: 'incomplete', complete: false });
    expect(o.stats.states).toBeGreaterThanOrEqual(500);
    const text = rcv('check', 'ordered-delivery', '--config', 'small', '--max-states', '500');
    expect(text.code).toBe(4);
    expect(text.out).toMatch(/INCOMPLETE: stopped by --max-states 500/);
  });

  it('random mode without --seed draws a fresh seed and prints it', () => {
    const r = rcv('check', 'ordered-delivery', '--mode', 'random', '--runs', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/seed -?\d+ \(drawn at random: pass --seed to repeat\)/);
  });

  it('a counterexample names each step, its lane and messages, only what changed, and ends with the line that reproduces it', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--outcome-only');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines.at(-1)).toBe('reproduce: npx rcv check ordered-delivery --variant no-dedup --config small --outcome-only');
    expect(r.out).toMatch(/\d+\. \[L0\] send\(stream=P0\)/);
    expect(r.out).toMatch(/send P0#0: L0 -> R0/);
    expect(r.out).toMatch(/VIOLATED I-6 \(outcome\) at step \d+: .*\[請求項1, 【0021】\]/);
    expect(r.out).toMatch(/why: the remote disks held w1 at P0:0 and went back to w0 at step \d+/);
    // --full prints every path of the state at every step, marking what changed.
    const full = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--outcome-only', '--full');
    expect(full.out.split('\n').length).toBeGreaterThan(lines.length * 3);
    expect(full.out).toMatch(/^\s+\* /m);
  });

  it('the reproduce line of a trace found with --only finds it again', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--only', 'I-6', '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o.reproduce).toBe('npx rcv check ordered-delivery --variant no-dedup --config small --only I-6');
    const again = rcv(...o.reproduce.split(' ').slice(2), '--json');
    expect(JSON.parse(again.out)).toMatchObject({ invariant: 'I-6' });
    expect(readFileSync(JSON.parse(again.out).tracePath, 'utf8')).toBe(readFileSync(o.tracePath, 'utf8'));
  });

  it('a trace file carries the format version, the configuration hash, the explorer, lanes and per-step detail', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--mode', 'random', '--seed', '4', '--json');
    const t = JSON.parse(readFileSync(JSON.parse(r.out).tracePath, 'utf8'));
    expect(t).toMatchObject({ format: 'rcv-trace/2', system: 'ordered-delivery', variant: 'no-dedup', config: 'small', explorer: { mode: 'random', seed: 4, runs: 30000, checked: 'all' } });
    expect(t.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(t.lanes).toEqual(expect.arrayContaining(['host', 'L0', 'network', 'R0']));
    expect(t.steps[0]).toEqual({ index: 1, action: expect.any(Object), actor: expect.any(String), fault: expect.any(Boolean), messages: expect.any(Array), changes: expect.any(Array), violated: [] });
    expect(t.steps.at(-1).violated).toContain(t.violated.id);
    expect(t.violated.step).toBe(t.steps.length);
    expect(t.reproduce).toMatch(/--mode random --runs 30000 --seed 4 --path \S+$/);
  });
});

describe('rcv compare', () => {
  it('--json gives the loss table of multi-site-mirror: per workload and design, max, mean and bound', () => {
    const r = rcv('compare', 'multi-site-mirror', '--json', '--bound-writes', '4');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.designs.map((d: { name: string }) => d.name)).toEqual(['invention', 'usp6209002', 'mikkelsen']);
    const row = data.rows.find((x: { writes: number; cycle: number; lag: number }) => x.writes === 4 && x.cycle === 4 && x.lag === 0);
    expect(row).toMatchObject({ subset: true, designs: { invention: { max: 1, bound: 1 }, usp6209002: { max: 4, bound: 4 }, mikkelsen: { max: 4, bound: 4 } } });
    expect(data.rows.find((x: { writes: number }) => x.writes === 6).designs.invention.bound).toBeNull();
  });

  it('prints the table as text', () => {
    const r = rcv('compare', 'multi-site-mirror', '--bound-writes', '0');
    expect(r.code).toBe(0);
    expect(r.out).toContain("P7': acknowledged writes lost when the primary and the sync site fail together");
    expect(r.out).toContain('CE4: acknowledgement latency');
  });

  it('bad input: one line on stderr, exit 2', () => {
    for (const args of [['compare'], ['compare', 'split-backup'], ['compare', 'multi-site-mirror', '--bound-writes', '99'], ['compare', 'nope']]) {
      const r = rcv(...args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });
});

describe('npm run bench -- against DIR (before/after on the standard configurations)', () => {
  const node = (...args: string[]) => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('bad input: one line on stderr, exit 2, nothing run', () => {
    for (const args of [['against'], ['against', tmp], ['against', '.', '--rounds', '0'], ['against', '.', '--rounds', 'x'], ['--rounds', '3'], ['--frob'], ['against', '.', 'peer-twin'], ['nope']]) {
      const r = node('dist/src/bench.js', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });

  it("each run explores with the named build's own code: the counts of the one-thread search, and a steady state when it is short", () => {
    const r = node('dist/src/bench/compare-run.js', '.', 'ordered-delivery', 'tape-read-small');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out);
    const direct = JSON.parse(rcv('check', 'ordered-delivery', '--config', 'tape-read-small', '--no-liveness', '--json').out);
    expect(run.states).toBe(direct.stats.states);
    expect(run.first).toBeGreaterThan(0);
    expect(run.steady).toBeGreaterThan(0);
    const none = JSON.parse(node('dist/src/bench/compare-run.js', '.', 'ordered-delivery', 'tape-read-small', '0').out);
    expect(none).toMatchObject({ states: run.states, steady: null });
    for (const args of [['.', 'ordered-delivery', 'nope'], [tmp, 'ordered-delivery', 'tape-read-small'], ['.'], ['.', 'ordered-delivery', 'tape-read-small', 'x']]) {
      const bad = node('dist/src/bench/compare-run.js', ...args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
