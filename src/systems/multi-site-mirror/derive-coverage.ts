// Rewrites coverage.ts after a change to the model: `npm run build && node dist/src/systems/multi-site-mirror/derive-coverage.js`.
// Each configuration is explored whole with every check of its embodiment; it then lists the
// witnesses it reaches and the invariants they are premises of, and, per lifecycle machine, the
// events of the transitions it covered: exact when xstate/graph reaches no more with them, `within`
// when it reaches more (another configuration must cover the rest; the suite checks the union).
// The lists are data the tests verify, not verdicts: a list that claims an unreached witness, or a
// machine part the exploration does not cover, turns npm test red.
import { fileURLToPath } from 'node:url';
import { exploreExhaustive } from '../../engine/exhaustive.js';
import { edgeKey, reachablePart } from '../../engine/machine-graph.js';
import { PROJECT_ROOT } from '../../engine/run.js';
import { writeFileAtomic } from '../../engine/trace.js';
import { configs, referenceRules } from './config.js';
import { buildUnrestricted, multiSiteMirror as system } from './index.js';

export function deriveCoverage(log: (line: string) => void = () => {}): string {
  const props: Record<string, string[]> = {};
  const lifecycles: Record<string, Record<string, string[]>> = {};
  const within: Record<string, string[]> = {};
  for (const info of system.configs) {
    const m = buildUnrestricted(configs[info.name], referenceRules);
    const r = exploreExhaustive(m, { liveness: false });
    if (r.verdict !== 'holds') throw new Error(`${info.name}: the reference design violates ${r.violation!.property}`);
    const reached = Object.entries(r.witnesses).filter(([, d]) => d !== null).map(([k]) => k);
    const premises = new Set(system.properties.filter((w) => reached.includes(w.id)).flatMap((w) => w.witnessFor ?? []));
    const invariants = system.properties.filter((p) => (p.kind === 'always' || p.kind === 'step') && premises.has(p.id)).map((p) => p.id);
    props[info.name] = [...invariants, 'L-1', ...reached];
    lifecycles[info.name] = {};
    within[info.name] = [];
    for (const cov of r.coverage) {
      const covered = cov.transitions.filter((t) => t.covered);
      const events = [...new Set(covered.map((t) => t.event))].sort();
      const part = reachablePart(system.lifecycles![cov.machine], events, info.lifecycleStart?.[cov.machine]);
      const got = covered.map((t) => edgeKey(t.from, t.event, t.to));
      const outside = got.filter((x) => !part.transitions.includes(x));
      if (outside.length) throw new Error(`${info.name} ${cov.machine}: covered outside xstate/graph's part: ${outside.join('; ')}`);
      lifecycles[info.name][cov.machine] = events;
      const left = part.transitions.filter((x) => !got.includes(x));
      if (left.length) {
        within[info.name].push(cov.machine);
        log(`${info.name} ${cov.machine}: within; leaves ${left.join('; ')}`);
      }
    }
    log(`${info.name}: ${r.states} states, ${reached.length} witnesses`);
  }
  const js = (v: string[]): string => `[${v.map((x) => `'${x}'`).join(', ')}]`;
  const out = [
    '// Per configuration: the properties it checks (each invariant with a witness its exploration',
    '// reaches: properties/spec.test.ts and the system suite check both) and the events each lifecycle',
    '// machine receives there, whose reachable part (xstate/graph) the exploration must cover exactly, or',
    '// stay within where the configuration injects too few faults to take every edge its events allow',
    '// (`lifecyclesWithin`; the union of the small configurations covers those). Derived by exploring',
    '// each configuration whole: derive-coverage.ts rewrites this file after a model change.',
    '',
    'export const CONFIG_PROPERTIES: Record<string, string[]> = {',
    ...Object.entries(props).map(([k, v]) => `  '${k}': ${js(v)},`),
    '};',
    '',
    'export const CONFIG_LIFECYCLES: Record<string, Record<string, string[]>> = {',
    ...Object.entries(lifecycles).flatMap(([k, v]) => [`  '${k}': {`, ...Object.entries(v).map(([mk, ev]) => `    '${mk}': ${js(ev)},`), '  },']),
    '};',
    '',
    'export const CONFIG_WITHIN: Record<string, string[]> = {',
    ...Object.entries(within)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => `  '${k}': ${js(v)},`),
    '};',
    '',
  ];
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = deriveCoverage((l) => process.stdout.write(l + '\n'));
  writeFileAtomic(`${PROJECT_ROOT}src/systems/multi-site-mirror/coverage.ts`, text);
  process.stdout.write('src/systems/multi-site-mirror/coverage.ts rewritten\n');
}
