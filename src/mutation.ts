// npm run mutation: Stryker over the reference implementations in src/systems/ (the files listed under
// `mutate` in stryker.config.json), with the checks of properties/mutation/, then the score of each
// system and its surviving mutants in reports/mutation.md.
//
// Stryker runs once per file rather than once over all of them: a mutated file carries a mutant switch
// on every expression, and instrumenting the hot model code of both systems at once made every test
// four times slower; one file at a time, only the file under test pays. `--report-only` re-renders
// reports/mutation.md from the JSON of an earlier run; naming files (from the `mutate` list) re-runs
// only those and keeps the other files' results. `--traces` rewrites the witness traces the mutation
// suite walks (properties/mutation/witness-traces/), after a change to a model has made them stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';
import { PROJECT_ROOT } from './engine/run.js';
import { writeFileAtomic } from './engine/trace.js';
import { findWitnessTraces, WITNESS_TRACES_FORMAT, type WitnessTraceFile } from './engine/witness-trace.js';
import { systems } from './systems/index.js';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface StrykerJson {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}
interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  other: number;
  survivors: string[];
}

const USAGE = 'usage: npm run mutation [-- --report-only | --traces [SYSTEM...] | FILE...]';
const jsonDir = `${PROJECT_ROOT}reports/mutation`;

function fail(message: string): never {
  process.stderr.write(`mutation: ${message}\n`);
  process.exit(2);
}

/** The report for one file, named after it so that a run's files never collide. */
const jsonName = (file: string): string => file.replace(/^src\/systems\//, '').replace(/\//g, '--').replace(/\.ts$/, '.json');

async function mutateFiles(files: string[], all: boolean): Promise<void> {
  if (all) rmSync(jsonDir, { recursive: true, force: true });
  mkdirSync(jsonDir, { recursive: true });
  const t0 = Date.now();
  for (const file of files) {
    const t = Date.now();
    const results = await new Stryker({
      mutate: [file],
      reporters: ['progress-append-only', 'json'],
      jsonReporter: { fileName: `reports/mutation/${jsonName(file)}` },
    }).runMutationTest();
    const detected = results.filter((r) => r.status === 'Killed' || r.status === 'Timeout').length;
    const valid = results.filter((r) => r.status !== 'Ignored' && r.status !== 'CompileError' && r.status !== 'RuntimeError').length;
    process.stdout.write(
      `${file}: ${valid} mutants, ${detected} detected (${((100 * detected) / Math.max(1, valid)).toFixed(1)}%) in ${Math.round((Date.now() - t) / 1000)} s; ` +
        `${Math.round((Date.now() - t0) / 1000)} s so far\n`,
    );
  }
}

function render(): string[] {
  if (!existsSync(jsonDir)) fail('no Stryker reports in reports/mutation/ (run `npm run mutation` first)');
  const reports = readdirSync(jsonDir).filter((n) => n.endsWith('.json')).sort();
  if (reports.length === 0) fail('no Stryker reports in reports/mutation/ (run `npm run mutation` first)');
  const bySystem = new Map<string, Tally>();
  const byFile: string[] = [];
  for (const name of reports) {
    let report: StrykerJson;
    try {
      report = JSON.parse(readFileSync(`${jsonDir}/${name}`, 'utf8')) as StrykerJson;
    } catch {
      fail(`reports/mutation/${name} is not a Stryker JSON report`);
    }
    if (typeof report?.files !== 'object' || report.files === null) fail(`reports/mutation/${name} is not a Stryker JSON report`);
    for (const [path, f] of Object.entries(report.files)) {
      const system = /src\/systems\/([^/]+)\//.exec(path)?.[1] ?? 'other';
      const row = bySystem.get(system) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0, survivors: [] };
      const lines = f.source.split('\n');
      const before = row.killed + row.timeout;
      const beforeAll = before + row.survived + row.noCoverage;
      for (const mu of f.mutants) {
        if (mu.status === 'Killed') row.killed++;
        else if (mu.status === 'Timeout') row.timeout++;
        else if (mu.status === 'Survived' || mu.status === 'NoCoverage') {
          if (mu.status === 'Survived') row.survived++;
          else row.noCoverage++;
          const { line, column } = mu.location.start;
          const code = (lines[line - 1] ?? '').trim().slice(0, 110);
          const replacement = (mu.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
          row.survivors.push(
            `${path.replace(/^.*src\//, 'src/')}:${line}:${column} ${mu.status === 'NoCoverage' ? '(no coverage) ' : ''}${mu.mutatorName} \`${replacement}\` in \`${code}\``,
          );
        } else row.other++;
      }
      const detected = row.killed + row.timeout - before;
      const valid = row.killed + row.timeout + row.survived + row.noCoverage - beforeAll;
      byFile.push(`| ${path.replace(/^.*src\//, 'src/')} | ${valid} | ${detected} | ${((100 * detected) / Math.max(1, valid)).toFixed(1)}% |`);
      bySystem.set(system, row);
    }
  }
  const out: string[] = [
    '# Mutation score',
    '',
    'Stryker over the reference implementations in `src/systems/` (the `mutate` list of `stryker.config.json`), each mutant',
    'run against `properties/mutation/` (`npm run mutation`). Score = killed and timed out over all valid mutants',
    '(no coverage counts as surviving).',
    '',
    '| system | mutants | killed | timed out | survived | no coverage | score |',
    '|---|---|---|---|---|---|---|',
  ];
  const table = out.length;
  for (const [name, r] of [...bySystem].sort(([a], [b]) => a.localeCompare(b))) {
    const valid = r.killed + r.timeout + r.survived + r.noCoverage;
    out.push(`| ${name} | ${valid} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${((100 * (r.killed + r.timeout)) / Math.max(1, valid)).toFixed(1)}% |`);
  }
  const summary = out.slice(table - 2);
  out.push('', '| file | mutants | detected | score |', '|---|---|---|---|', ...byFile.sort());
  for (const [name, r] of bySystem) {
    out.push('', `## Surviving mutants: ${name} (${r.survivors.length})`, '');
    for (const line of r.survivors) out.push(`- ${line}`);
  }
  writeFileAtomic(`${PROJECT_ROOT}reports/mutation.md`, out.join('\n') + '\n');
  return summary;
}

/** One line per trace, so that a regenerated file diffs by witness. */
function writeWitnessTraces(names: string[]): void {
  for (const system of systems.filter((s) => names.length === 0 || names.includes(s.name))) {
    const t = Date.now();
    const traces = system.configs.filter((c) => c.tier === 'small').flatMap((c) => findWitnessTraces(system, c.name));
    const file: WitnessTraceFile = { format: WITNESS_TRACES_FORMAT, system: system.name, traces };
    const text = JSON.stringify(file).replace(/\{"config"/g, '\n{"config"');
    writeFileAtomic(`${PROJECT_ROOT}properties/mutation/witness-traces/${system.name}.json`, text + '\n');
    process.stdout.write(`${system.name}: ${traces.length} witness traces in ${Math.round((Date.now() - t) / 1000)} s\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--traces')) {
    const names = args.filter((a) => a !== '--traces');
    const unknown = names.find((n) => !systems.some((s) => s.name === n));
    if (unknown !== undefined) fail(`--traces takes system names, got "${unknown}"; ${USAGE}`);
    writeWitnessTraces(names);
    return;
  }
  const reportOnly = args.includes('--report-only');
  const named = args.filter((a) => a !== '--report-only');
  const option = named.find((a) => a.startsWith('-'));
  if (option !== undefined) fail(`unknown option ${option}; ${USAGE}`);
  if (reportOnly && named.length > 0) fail(`--report-only takes no files; ${USAGE}`);
  if (!reportOnly) {
    let files: unknown;
    try {
      files = (JSON.parse(readFileSync(`${PROJECT_ROOT}stryker.config.json`, 'utf8')) as { mutate?: unknown }).mutate;
    } catch {
      fail('stryker.config.json is missing or not JSON');
    }
    if (!Array.isArray(files) || files.length === 0 || !files.every((f) => typeof f === 'string' && existsSync(`${PROJECT_ROOT}${f}`))) {
      fail('stryker.config.json: `mutate` must list existing files under src/systems/');
    }
    const listed = files as string[];
    const unknown = named.find((n) => !listed.includes(n));
    if (unknown !== undefined) fail(`${unknown} is not in the \`mutate\` list of stryker.config.json; ${USAGE}`);
    await mutateFiles(named.length > 0 ? named : listed, named.length === 0);
  }
  for (const line of render()) process.stdout.write(line + '\n');
  process.stdout.write('surviving mutants listed in reports/mutation.md\n');
}

await main();
