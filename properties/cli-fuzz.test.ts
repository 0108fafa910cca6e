// The CLI contract under fuzzing (in-process, so that coverage counts the CLI): argument lists built
// from the CLI's own vocabulary, and trace files mangled field by field, never end in an internal
// error (exit 3) or a stack trace; bad input is one line on stderr with exit 2.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/capture.js';

const tmp = mkdtempSync(`${tmpdir()}/rcv-fuzz-`);
process.env.RCV_TRACE_DIR = `${tmp}/traces`;

const run = runCli;

function expectContract(args: string[], r: { code: number; err: string }): void {
  expect({ args, code: r.code }).not.toEqual({ args, code: 3 });
  expect([0, 1, 2, 4]).toContain(r.code);
  expect(r.err).not.toMatch(/\n\s+at /);
  if (r.code === 2) {
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^rcv: /);
  }
}

const WORDS = [
  'check', 'list', 'replay', 'compare', 'help', 'history', 'multi-site-mirror', 'ordered-delivery', 'split-backup', 'nope', '__proto__', 'constructor', 'toString',
  '--json', '--mode', 'random', 'exhaustive', '--config', 'small-split', 'small', '--variant', 'no-dedup', 'reference', '--seed', '4', '-1', '1e3', '',
  '--runs', '3', '0', '--path', '1:2:3', '0', 'x:y', '--only', 'I-6', 'I-6,I-1', '--outcome-only', '--no-liveness', '--full', '--help', '-h', '--version',
  '--max-states', '200', '--max-seconds', '1', '--bound-writes', '2', '99', '--', '-', '--=', '--json=1', '--config=small-split', 'README.md', 'package.json',
];

describe('CLI fuzzing', () => {
  it('argument lists from the CLI vocabulary keep the exit-code and one-line contract', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 7 }), (args) => {
        // Keep each run small: an exhaustive check is bounded whatever else the list says.
        const bounded = args[0] === 'check' && !args.includes('--max-states') && !args.includes('random') ? [...args, '--max-seconds', '1'] : args;
        expectContract(bounded, run(bounded));
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('mangled trace files are rejected with one line and exit 2, or replay', () => {
    const found = run(['check', 'ordered-delivery', '--variant', 'no-dedup', '--outcome-only', '--json']);
    const path = JSON.parse(found.out).tracePath as string;
    // Under RCV_TRACE_DIR, never in the checkout's reports/.
    expect(path.startsWith(`${tmp}/traces/`)).toBe(true);
    const text = readFileSync(path, 'utf8');
    const data = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(data);
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant([]), fc.constant({}), fc.boolean(), fc.constant(-1));
    const mangle = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: junk }),
      fc.record({ kind: fc.constant('step' as const), field: fc.constantFrom('index', 'action', 'actor', 'fault', 'messages', 'changes', 'violated'), value: junk }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: text.length }) }),
    );
    let n = 0;
    fc.assert(
      fc.property(mangle, (m) => {
        let out: string;
        if (m.kind === 'cut') out = text.slice(0, m.at);
        else {
          const d = JSON.parse(text) as Record<string, unknown>;
          if (m.kind === 'drop') delete d[m.key];
          else if (m.kind === 'set') d[m.key] = m.value;
          else (d.steps as Record<string, unknown>[])[0][m.field] = m.value;
          out = JSON.stringify(d);
        }
        const f = `${tmp}/mangled-${n++}.json`;
        writeFileSync(f, out);
        const r = run(['replay', f]);
        expectContract(['replay', f], r);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
