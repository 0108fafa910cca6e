// npm run bench: throughput of the explorers, printed (a benchmark, not a timed test).
// Exhaustive: distinct states per second on each system's `standard` configuration, safety
// only (as TLC and SPIN are usually quoted), then with the liveness completion on. Random:
// actions per second.
import { exploreExhaustive } from './engine/exhaustive.js';
import { exploreRandom } from './engine/random.js';
import { systems } from './systems/index.js';

const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
const lines: string[] = [];
const say = (s: string): void => {
  lines.push(s);
  process.stdout.write(s + '\n');
};
const rate = (n: number, ms: number): string => Math.round((n * 1000) / Math.max(1, ms)).toLocaleString('en-US');

say(`remote-copy-verifier bench: node ${process.version}, ${process.arch}`);
for (const system of systems) {
  if (only && system.name !== only) continue;
  for (const config of system.configs.filter((c) => c.tier === 'standard')) {
    const model = system.build(config.name);
    const safety = exploreExhaustive(model, { liveness: false, progress: true, label: `${system.name} ${config.name}` });
    say(
      `${system.name} ${config.name} exhaustive (safety): ${safety.states.toLocaleString('en-US')} distinct states, ` +
        `${safety.transitions.toLocaleString('en-US')} transitions, depth ${safety.depth}, ${(safety.ms / 1000).toFixed(1)} s: ` +
        `${rate(safety.states, safety.ms)} states/s, ${rate(safety.transitions, safety.ms)} transitions/s (${safety.verdict})`,
    );
    if (model.eventually.length > 0) {
      const live = exploreExhaustive(model, { liveness: true, progress: true, label: `${system.name} ${config.name} +liveness` });
      say(`${system.name} ${config.name} exhaustive (safety + liveness): ${(live.ms / 1000).toFixed(1)} s: ${rate(live.states, live.ms)} states/s (${live.verdict})`);
    }
    const runs = 100_000;
    const rnd = exploreRandom(model, { runs, seed: 1, steps: config.randomSteps, liveness: false });
    say(
      `${system.name} ${config.name} random: ${runs} runs, ${rnd.actions.toLocaleString('en-US')} actions, ${(rnd.ms / 1000).toFixed(1)} s: ` +
        `${rate(rnd.actions, rnd.ms)} actions/s (${rnd.verdict})`,
    );
  }
}
