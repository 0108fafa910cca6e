// The conformance adapter driver (src/conformance/driver.ts) checked on implementations whose
// verdict is known: the reference design wrapped as an implementation must conform on every small
// configuration, and every naive variant wrapped the same way must be caught, with a trace in the
// usual format that replays to the same divergence. Hand-made adapters show each kind of
// divergence (observation, refusal, extra step) being reported, so a driver that stopped comparing
// would turn this file red.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Action, Json } from '../src/engine/contract.js';
import { validateTrace } from '../src/engine/trace.js';
import { modelAdapter, type Adapter, type Implementation } from '../src/conformance/adapter.js';
import { conform, replayDivergence } from '../src/conformance/driver.js';
import { adapterSelfCheck, SELF_MAX_STATES, SELF_SEED } from '../src/conformance/self-check.js';
import { systems } from '../src/systems/index.js';
import { runCliAsync } from './support/capture.js';

const tmp = mkdtempSync(`${tmpdir()}/rcv-conform-`);
process.env.RCV_TRACE_DIR = `${tmp}/traces`;

const run = runCliAsync;

for (const system of systems) {
  describe(`conformance self-check: ${system.name}`, () => {
    it('the reference conforms on every small configuration and every naive variant is caught, each divergence replaying at the same step', async () => {
      const rows = await adapterSelfCheck(system);
      const wrong = rows.filter((r) => r.verdict !== r.expect).map((r) => `${r.implementation} on ${r.config}: ${r.verdict}`);
      expect(wrong).toEqual([]);
      expect(rows.filter((r) => r.implementation !== 'reference')).toHaveLength(system.variants.length);
      // One replay per system (the first variant): the trace is valid and diverges at the same step again.
      const v = system.variants[0];
      const r = await conform(system, v.catchConfig, modelAdapter(system, v.name), { runs: 3000, seed: SELF_SEED, maxStates: SELF_MAX_STATES });
      const t = validateTrace('memory', JSON.parse(JSON.stringify(r.trace)));
      expect(t.conformance?.implementation).toBe(`variant:${v.name}`);
      expect(t.violated.id).toBe('conformance');
      const again = await replayDivergence(system, t, modelAdapter(system, v.name));
      expect(again?.step).toBe(t.violated.step);
      // The reference follows the same trace without diverging.
      expect(await replayDivergence(system, t, modelAdapter(system, 'reference'))).toBeUndefined();
    }, 300_000);
  });
}

/** The reference of multi-site-mirror, with one behaviour changed by hand. */
function tampered(kind: 'observation' | 'refusal' | 'extra'): Adapter {
  const system = systems.find((s) => s.name === 'multi-site-mirror')!;
  const inner = modelAdapter(system, 'reference');
  return {
    name: `tampered-${kind}`,
    system: system.name,
    connect(config) {
      const impl = inner.connect(config) as Implementation;
      let steps = 0;
      return {
        reset: (i) => {
          steps = 0;
          return impl.reset(i);
        },
        apply: (a: Action) => {
          steps++;
          // refusal: the third step is refused
          if (kind === 'refusal' && steps === 3) return false;
          return impl.apply(a);
        },
        observe: async () => {
          const o = (await impl.observe()) as Record<string, Json>;
          // observation: after the second step the application is reported at no site
          return kind === 'observation' && steps >= 2 ? { ...o, application: [] } : o;
        },
        enabled: async () => [...(await impl.enabled!()), ...(kind === 'extra' && steps >= 1 ? [{ type: 'failSite', site: 'Q' }] : [])],
      };
    },
  };
}

describe('the driver reports each kind of divergence', () => {
  const system = systems.find((s) => s.name === 'multi-site-mirror')!;
  it.each([
    ['observation', 2, /application: model \["P"\], implementation null|application\.0: model "P", implementation null/],
    ['refusal', 3, /refused step 3/],
    ['extra', 1, /can take \{"type":"failSite","site":"Q"\}/],
  ] as const)('%s', async (kind, step, sentence) => {
    const r = await conform(system, 'small-path', tampered(kind), { runs: 10, seed: 1, maxStates: SELF_MAX_STATES });
    expect(r.verdict).toBe('diverged');
    expect(r.divergence!.step).toBe(step);
    expect(r.trace!.violated.explanation).toMatch(sentence);
    expect(r.trace!.steps).toHaveLength(step);
  });

  it('random runs shrink a divergence that only a long run meets, and --path replays it', async () => {
    // Diverges on the first legB after at least 6 steps: the targeted paths are skipped.
    const inner = modelAdapter(system, 'reference');
    const late: Adapter = {
      name: 'late',
      system: system.name,
      connect(config) {
        const impl = inner.connect(config) as Implementation;
        let n = 0;
        return { reset: (i) => ((n = 0), impl.reset(i)), apply: (a) => (n++ >= 6 && a.type === 'legB' ? false : impl.apply(a)), observe: () => impl.observe() };
      },
    };
    const r = await conform(system, 'small-path', late, { runs: 500, seed: 7, targeted: false });
    expect(r.verdict).toBe('diverged');
    expect(r.random.path).toBeDefined();
    expect(r.divergence!.step).toBeGreaterThanOrEqual(7);
    const again = await conform(system, 'small-path', late, { runs: 500, seed: 7, path: r.random.path, targeted: false });
    expect(again.divergence!.actions).toEqual(r.divergence!.actions);
  });
});

describe('rcv conform and rcv replay on the command line', () => {
  it('catches a variant (exit 1), saves a trace that rcv replay drives again (exit 1), and passes the reference (exit 0)', async () => {
    const caught = await run(['conform', 'multi-site-mirror', '--variant', 'no-fence', '--json']);
    expect(caught.code).toBe(1);
    const o = JSON.parse(caught.out) as { verdict: string; tracePath: string; divergence: { step: number } };
    expect(o.verdict).toBe('diverged');
    // Under RCV_TRACE_DIR, never in the checkout's reports/.
    expect(o.tracePath.startsWith(`${tmp}/traces/`)).toBe(true);
    const replayed = await run(['replay', o.tracePath, '--json']);
    expect(replayed.code).toBe(1);
    expect(JSON.parse(replayed.out)).toMatchObject({ verdict: 'diverged', step: o.divergence.step, matchesRecorded: true });
    const ok = await run(['conform', 'ordered-delivery', '--runs', '50']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/CONFORMS/);
  });

  it('loads a user adapter module', async () => {
    const file = `${tmp}/adapter.mjs`;
    const engine = new URL('../dist/src/conformance/adapter.js', import.meta.url).href;
    const systemsUrl = new URL('../dist/src/systems/index.js', import.meta.url).href;
    writeFileSync(
      file,
      `import { modelAdapter } from '${engine}';\nimport { systems } from '${systemsUrl}';\nconst s = systems.find((x) => x.name === 'split-backup');\nexport const adapter = { ...modelAdapter(s, 'naive-write'), name: 'my-split-mirror' };\n`,
    );
    const r = await run(['conform', 'split-backup', '--adapter', file, '--config', 'small-E1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).implementation).toBe('my-split-mirror');
    const bad = await run(['conform', 'ordered-delivery', '--adapter', file]);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.err).toMatch(/^rcv: --adapter: .* implements split-backup, not ordered-delivery\n$/);
  });

  it.each([
    [['conform'], /conform needs a SYSTEM/],
    [['conform', 'nope'], /unknown system/],
    [['conform', 'split-backup', '--variant', 'nope'], /unknown variant "nope"/],
    [['conform', 'split-backup', '--config', 'nope'], /unknown configuration "nope"/],
    [['conform', 'split-backup', '--variant', 'naive-write', '--adapter', 'x.mjs'], /not both/],
    [['conform', 'split-backup', '--adapter', '/nonexistent/a.mjs'], /no such file/],
    [['conform', 'split-backup', '--runs', 'many'], /--runs must be an integer/],
    [['conform', 'split-backup', '--path', '1:2'], /--path needs the --seed/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('a conformance trace whose implementation was a module needs --adapter to replay', async () => {
    const caught = await run(['conform', 'multi-site-mirror', '--variant', 'no-fence', '--json']);
    const path = (JSON.parse(caught.out) as { tracePath: string }).tracePath;
    const t = JSON.parse(readFileSync(path, 'utf8'));
    t.conformance.implementation = 'my-storage';
    writeFileSync(`${tmp}/module-trace.json`, JSON.stringify(t));
    const r = await run(['replay', `${tmp}/module-trace.json`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/name its module with --adapter MODULE/);
  });
});
