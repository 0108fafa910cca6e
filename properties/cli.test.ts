// The CLI contract that CI scripts rely on: exit codes, one JSON object with --json, and one
// clear line on stderr (never a stack trace) for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const rcv = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/rcv.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(`${tmpdir()}/rcv-cli-`);

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
    expect(JSON.parse(readFileSync(o.tracePath, 'utf8')).checked).toBe('outcome');
    expect(JSON.parse(rcv('replay', o.tracePath, '--json').out)).toMatchObject({ invariant: 'I-6', matchesRecorded: true });
  });

  it('exit 0 when a trace holds along the reference design', () => {
    const r = rcv('check', 'ordered-delivery', '--variant', 'no-dedup', '--json');
    const t = JSON.parse(readFileSync(JSON.parse(r.out).tracePath, 'utf8'));
    const f = `${tmp}/as-reference.json`;
    writeFileSync(f, JSON.stringify({ ...t, variant: 'reference', actions: t.actions.slice(0, 2) }));
    expect(rcv('replay', f).code).toBe(0);
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  const trace = (patch: object): string => {
    const f = `${tmp}/t-${Math.random().toString(36).slice(2)}.json`;
    const base = {
      format: 'rcv-trace/1',
      system: 'ordered-delivery',
      variant: 'reference',
      config: 'small',
      mode: 'exhaustive',
      init: 0,
      actions: [{ type: 'write', pair: 'P0', position: 0 }],
      violated: { id: 'I-1', kind: 'always', statement: '' },
      steps: 1,
    };
    writeFileSync(f, JSON.stringify({ ...base, ...patch }));
    return f;
  };
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
    ['trace with an unknown action', ['replay', trace({ actions: [{ type: 'teleport' }] })]],
    ['trace with a disabled action', ['replay', trace({ actions: [{ type: 'deliver', stream: 'P0', seq: 0 }] })]],
    ['trace of an unknown system', ['replay', trace({ system: 'nope' })]],
    ['trace with a bad init', ['replay', trace({ init: 7 })]],
    ['trace with a bad property selection', ['replay', trace({ checked: 'some' })]],
  ];
  it.each(cases)('%s', (_name, args) => {
    const before = readdirSync('reports', { recursive: true }).length;
    const r = rcv(...args);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rcv: /);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync('reports', { recursive: true }).length).toBe(before);
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
