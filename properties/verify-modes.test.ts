// verify as a CI gate: the same reports, byte for byte, whether its checks run on two worker threads
// or as two shards on different machines merged afterwards (a quick verify: RCV_VERIFY_QUICK=1); and
// bad arguments or shard files give one line and exit 2.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const tmp = mkdtempSync(`${tmpdir()}/rcv-verify-`);
const verify = (dir: string, ...args: string[]) => {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ['dist/src/verify.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, RCV_VERIFY_QUICK: '1', RCV_REPORTS_DIR: dir, RCV_TRACE_DIR: `${tmp}/traces` },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const FILES = ['index.html', 'invariants.md', 'invariants.json', 'junit.xml'];

describe('verify with workers and shards', () => {
  it('two workers and two merged shards write byte-identical reports', () => {
    const a = verify(`${tmp}/workers`, '--workers', '2');
    expect(a.out).toMatch(/reports written: .* 2 workers\)/);
    const s1 = verify(`${tmp}/shards`, '--shard', '1/2', '--workers', '1');
    const s2 = verify(`${tmp}/shards`, '--shard', '2/2', '--workers', '1');
    expect([s1.code, s2.code]).toEqual([0, 0]);
    expect(s1.out).toMatch(/shard 1\/2: \d+ of \d+ checks/);
    const m = verify(`${tmp}/shards`, '--merge', `${tmp}/shards/shard-1-of-2.json`, `${tmp}/shards/shard-2-of-2.json`);
    expect(m.code).toBe(a.code);
    for (const f of FILES) expect({ f, same: readFileSync(`${tmp}/workers/${f}`, 'utf8') === readFileSync(`${tmp}/shards/${f}`, 'utf8') }).toEqual({ f, same: true });
    // The reports name the commit and each configuration's hash (and carry no timing: the merge ran elsewhere).
    const md = readFileSync(`${tmp}/workers/invariants.md`, 'utf8');
    expect(md).toMatch(/^Commit `[^`]+`\. Overall/m);
    expect(md).toMatch(/\| \S+ \| small \| `[0-9a-f]{16}` \|/);
    expect(md).toContain('```mermaid');
  }, 300_000);

  it('bad arguments and shard files: one line on stderr, exit 2', () => {
    writeFileSync(`${tmp}/bad.json`, '{"format":"rcv-verify-shard/1","shard":1,"of":2,"commit":"x","results":{"nope|config|x":{}}}');
    for (const args of [['--workers', '0'], ['--workers', 'two'], ['--shard', '3/2'], ['--shard', 'x'], ['--merge'], ['--merge', `${tmp}/absent.json`], ['--merge', `${tmp}/bad.json`], ['--frobnicate'], ['stray']]) {
      const r = verify(`${tmp}/bad`, ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
