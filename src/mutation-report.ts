// npm run mutation, after Stryker: the mutation score of each system's reference implementation
// (src/systems/NAME/) and its surviving mutants, from Stryker's JSON report. Written to
// reports/mutation.md and printed.
import { existsSync, readFileSync } from 'node:fs';
import { PROJECT_ROOT } from './engine/run.js';
import { writeFileAtomic } from './engine/trace.js';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const file = `${PROJECT_ROOT}reports/mutation/mutation.json`;
if (!existsSync(file)) {
  process.stderr.write('mutation-report: no Stryker report at reports/mutation/mutation.json (run `npm run mutation`)\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
const bySystem = new Map<string, { killed: number; timeout: number; survived: number; noCoverage: number; other: number; survivors: string[] }>();
for (const [path, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const m = /src\/systems\/([^/]+)\//.exec(path);
  const system = m ? m[1] : 'other';
  const row = bySystem.get(system) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0, survivors: [] };
  const lines = f.source.split('\n');
  for (const mu of f.mutants) {
    if (mu.status === 'Killed') row.killed++;
    else if (mu.status === 'Timeout') row.timeout++;
    else if (mu.status === 'Survived' || mu.status === 'NoCoverage') {
      if (mu.status === 'Survived') row.survived++;
      else row.noCoverage++;
      const { line, column } = mu.location.start;
      const code = (lines[line - 1] ?? '').trim().slice(0, 110);
      row.survivors.push(`${path.replace(/^.*src\//, 'src/')}:${line}:${column} ${mu.status === 'NoCoverage' ? '(no coverage) ' : ''}${mu.mutatorName} \`${(mu.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60)}\` in \`${code}\``);
    } else row.other++;
  }
  bySystem.set(system, row);
}
const out: string[] = ['# Mutation score', '', 'Stryker over `src/systems/` with the checks of `properties/mutation/` (see `npm run mutation`). Score = killed and timed out over all valid mutants.', ''];
out.push('| system | mutants | killed | timed out | survived | no coverage | score |', '|---|---|---|---|---|---|---|');
for (const [name, r] of bySystem) {
  const valid = r.killed + r.timeout + r.survived + r.noCoverage;
  out.push(`| ${name} | ${valid} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${((100 * (r.killed + r.timeout)) / Math.max(1, valid)).toFixed(1)}% |`);
}
for (const [name, r] of bySystem) {
  out.push('', `## Surviving mutants: ${name} (${r.survivors.length})`, '');
  for (const line of r.survivors) out.push(`- ${line}`);
}
writeFileAtomic(`${PROJECT_ROOT}reports/mutation.md`, out.join('\n') + '\n');
for (const line of out.slice(0, 6 + bySystem.size)) process.stdout.write(line + '\n');
process.stdout.write('surviving mutants listed in reports/mutation.md\n');
