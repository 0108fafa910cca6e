// npm run verify: the full matrix of every registered system; writes reports/invariants.{md,json}
// and reports/junit.xml. Exit 0 only when every reference design holds, every witness is reached
// and every naive variant is caught by both explorers with a trace that replays.
import { renderJunit, renderMarkdown, verifySystem } from './engine/report.js';
import { PROJECT_ROOT } from './engine/run.js';
import { writeFileAtomic } from './engine/trace.js';
import { systems } from './systems/index.js';

const t0 = Date.now();
const results = systems.map((s) => verifySystem(s, { log: (l) => process.stdout.write(l + '\n') }));
const dir = `${PROJECT_ROOT}reports`;
writeFileAtomic(`${dir}/invariants.md`, renderMarkdown(results));
writeFileAtomic(`${dir}/invariants.json`, JSON.stringify({ systems: results }, null, 1) + '\n');
writeFileAtomic(`${dir}/junit.xml`, renderJunit(results));
const ok = results.every((r) => r.ok);
process.stdout.write(`\nreports written: reports/invariants.md, reports/invariants.json, reports/junit.xml (${Date.now() - t0} ms)\n`);
for (const r of results) {
  const props = r.properties.filter((p) => p.kind !== 'sometimes');
  const held = props.filter((p) => p.verdict === 'holds').length;
  const wit = r.properties.filter((p) => p.kind === 'sometimes');
  process.stdout.write(
    `${r.name}: ${held}/${props.length} properties hold, ${wit.filter((p) => p.verdict === 'reached').length}/${wit.length} witnesses reached, ` +
      `${r.variants.filter((v) => v.ok).length}/${r.variants.length} naive variants caught by an outcome property, ` +
      `${props.filter((p) => p.canFailShown).length}/${props.filter((p) => p.canFail !== undefined).length} safety properties shown able to fail, ` +
      `${r.machines.reduce((n, m) => n + m.covered, 0)}/${r.machines.reduce((n, m) => n + m.reachable, 0)} reachable lifecycle transitions covered` +
      `${r.tables.length ? ` (${r.tables.map((t) => t.title).join('; ')} in the report)` : ''}\n`,
  );
}
process.stdout.write(`verify: ${ok ? 'PASS' : 'FAIL'}\n`);
process.exitCode = ok ? 0 : 1;
