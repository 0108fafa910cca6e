// One configuration of one build of this project, in a process of its own, for `npm run bench --
// against DIR` (bench.ts): the build at ROOT (its `dist/`) explores SYSTEM's CONFIG, safety only,
// as `npm run bench` does: the first run in the process, then the same search AGAIN more times (the
// steady state; `auto`: five when the first run took under 2 s, else none). Only ROOT's modules run:
// this build and the other are timed by the same script. Prints one JSON line.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Result {
  states: number;
  transitions: number;
  ms: number;
}
interface Build {
  exploreExhaustive(model: unknown, opts: { liveness: boolean }): Result;
}
interface Systems {
  systems: { name: string; configs: { name: string }[]; build(config: string): unknown }[];
}

const [root, name, config, againArg = 'auto'] = process.argv.slice(2);
const fail = (why: string): never => {
  process.stderr.write(`compare-run: ${why}\n`);
  process.exit(2);
};
const at = (path: string): string => `${root}/dist/src/${path}`;
if (!root || !name || !config) fail('takes ROOT SYSTEM CONFIG [AGAIN|auto]');
if (againArg !== 'auto' && !/^[0-9]{1,2}$/.test(againArg)) fail(`AGAIN is a count from 0 to 99 or auto, got "${againArg}"`);
if (!existsSync(at('engine/exhaustive.js')) || !existsSync(at('systems/index.js'))) fail(`no build at ${root} (dist/src/engine/exhaustive.js)`);
const { exploreExhaustive } = (await import(pathToFileURL(at('engine/exhaustive.js')).href)) as Build;
const { systems } = (await import(pathToFileURL(at('systems/index.js')).href)) as Systems;
const system = systems.find((s) => s.name === name);
if (!system?.configs.some((c) => c.name === config)) fail(`the build at ${root} has no configuration ${name} ${config}`);
const model = system!.build(config);
const first = exploreExhaustive(model, { liveness: false });
const again = againArg === 'auto' ? (first.ms < 2_000 ? 5 : 0) : Number(againArg);
const steady = Array.from({ length: again }, () => exploreExhaustive(model, { liveness: false }).ms).sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({ states: first.states, transitions: first.transitions, first: first.ms, steady: again > 0 ? steady[Math.floor(again / 2)] : null }) + '\n',
);
