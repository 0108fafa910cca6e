// The Jepsen-style history checker (src/conformance/history.ts): hand-made histories for each
// verdict, generated histories of a correct replicated log (valid) and of one that breaks each
// guarantee (invalid), histories recorded from the multi-site-mirror model (the reference's valid,
// the variants' invalid), and malformed histories (one line, exit 2).
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InputError, type Json } from '../src/engine/contract.js';
import { HISTORY_FORMAT, checkHistory, validateHistory, type History, type HistoryOp } from '../src/conformance/history.js';
import { referenceHistories, variantHistories } from '../src/conformance/self-check.js';
import { systems } from '../src/systems/index.js';
import { runCli } from './support/capture.js';

const mirror = systems.find((s) => s.name === 'multi-site-mirror')!;
const spec = mirror.history!;
const tmp = mkdtempSync(`${tmpdir()}/rcv-history-`);

const h = (ops: HistoryOp[]): History => validateHistory({ format: HISTORY_FORMAT, system: 'multi-site-mirror', ops }, spec, 'multi-site-mirror');
const w = (process: number, type: HistoryOp['type'], v: number): HistoryOp => ({ process, type, f: 'write', key: `r${v}`, value: v });
const read = (replica: string, values: number[]): HistoryOp[] => [
  { process: 'checker', type: 'invoke', f: 'read', replica },
  { process: 'checker', type: 'ok', f: 'read', replica, value: Object.fromEntries(values.map((v) => [`r${v}`, v])) },
];

describe('hand-made histories', () => {
  it('valid: the sync replica holds every acknowledged write; unknown and failed writes absent', () => {
    const r = checkHistory(h([w(0, 'invoke', 1), w(0, 'ok', 1), w(1, 'invoke', 2), w(1, 'info', 2), w(2, 'invoke', 3), w(2, 'fail', 3), { process: 'nemesis', type: 'info', f: 'kill', value: 'primary' }, ...read('sync', [1])]), spec);
    expect(r.valid).toBe(true);
    expect(r.reads[0]).toMatchObject({ acknowledged: 1, missingAcknowledged: 0, present: 1 });
  });

  it('lost: an acknowledged write missing on the sync replica breaks O-1, named in one sentence', () => {
    const r = checkHistory(h([w(0, 'invoke', 1), w(0, 'ok', 1), w(1, 'invoke', 2), w(1, 'ok', 2), { process: 'nemesis', type: 'info', f: 'kill', value: 'primary' }, ...read('sync', [1])]), spec);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ kind: 'lost', property: 'O-1' });
    expect(r.violations[0].sentence).toBe('write 2 (r2, process 1) acknowledged at op 3: the sync replica read at op 5 after kill "primary" (op 4) does not hold it.');
  });

  it('prefix: the async replica may miss the newest acknowledged writes (counted), but not an older one before a present write', () => {
    const ops = [w(0, 'invoke', 1), w(0, 'ok', 1), w(0, 'invoke', 2), w(0, 'ok', 2), w(0, 'invoke', 3), w(0, 'ok', 3)];
    const lag = checkHistory(h([...ops, ...read('async', [1])]), spec);
    expect(lag.valid).toBe(true);
    expect(lag.reads[0].missingAcknowledged).toBe(2);
    const hole = checkHistory(h([...ops, ...read('async', [1, 3])]), spec);
    expect(hole.valid).toBe(false);
    expect(hole.violations[0]).toMatchObject({ kind: 'order', property: 'I1' });
    expect(hole.violations[0].sentence).toMatch(/holds write 3 .* but not write 2 .* acknowledged before it/);
  });

  it('concurrent writes may land in either order; an unknown write, once present, needs what preceded it', () => {
    // 1 and 2 overlap: either alone is a prefix.
    const overlap = [w(0, 'invoke', 1), w(1, 'invoke', 2), w(0, 'ok', 1), w(1, 'ok', 2)];
    expect(checkHistory(h([...overlap, ...read('async', [2])]), spec).valid).toBe(true);
    expect(checkHistory(h([...overlap, ...read('async', [1])]), spec).valid).toBe(true);
    // 3 (unknown) was invoked after 1 was acknowledged: 3 without 1 is no prefix.
    const r = checkHistory(h([w(0, 'invoke', 1), w(0, 'ok', 1), w(1, 'invoke', 3), w(1, 'info', 3), ...read('async', [3])]), spec);
    expect(r.violations.map((v) => v.kind)).toEqual(['order']);
  });

  it('phantom: a value no write carried, or a failed write, present on the sync replica', () => {
    const never = checkHistory(h([w(0, 'invoke', 1), w(0, 'ok', 1), { process: 'checker', type: 'invoke', f: 'read', replica: 'sync' }, { process: 'checker', type: 'ok', f: 'read', replica: 'sync', value: { r1: 1, r9: 9 } }]), spec);
    expect(never.violations.map((v) => [v.kind, v.property])).toEqual([['phantom', 'O-1']]);
    expect(never.violations[0].sentence).toMatch(/holds r9=9, which no write before it carried/);
    const failed = checkHistory(h([w(0, 'invoke', 1), w(0, 'fail', 1), ...read('sync', [1])]), spec);
    expect(failed.violations[0].sentence).toMatch(/failed at op 1, yet the sync replica/);
    // The far site may keep a write rolled back at the primary (seed 002, step 920).
    expect(checkHistory(h([w(0, 'invoke', 1), w(0, 'fail', 1), ...read('async', [1])]), spec).valid).toBe(true);
  });

  it('protection off: a write acknowledged then is not required (reported), one acknowledged after it is', () => {
    const off = [{ process: 'operator', type: 'info', f: 'protection', value: 'off' } as HistoryOp, w(0, 'invoke', 1), w(0, 'ok', 1), { process: 'operator', type: 'info', f: 'protection', value: 'on' } as HistoryOp];
    const r = checkHistory(h([...off, ...read('sync', [])]), spec);
    expect(r.valid).toBe(true);
    expect(r.reads[0]).toMatchObject({ missingAcknowledged: 1, missingUnprotected: 1 });
    const after = checkHistory(h([...off, w(0, 'invoke', 2), w(0, 'ok', 2), ...read('sync', [1])]), spec);
    expect(after.violations.map((v) => v.kind)).toEqual(['lost']);
    // Write-order fidelity still holds for it: 2 present without 1 is no prefix.
    expect(checkHistory(h([...off, w(0, 'invoke', 2), w(0, 'ok', 2), ...read('sync', [2])]), spec).violations.map((v) => v.kind)).toEqual(['order']);
  });

  it('episodes: a read requires only what was acknowledged since the previous failover', () => {
    const r = checkHistory(h([w(0, 'invoke', 1), w(0, 'ok', 1), ...read('async', []), w(0, 'invoke', 2), w(0, 'ok', 2), ...read('sync', [2])]), spec);
    expect(r.valid).toBe(true);
    expect(r.reads.map((x) => [x.replica, x.acknowledged, x.missingAcknowledged])).toEqual([
      ['async', 1, 1],
      ['sync', 1, 0],
    ]);
  });
});

/**
 * A replicated log that is correct by construction: concurrent clients, a commit order consistent
 * with real time (a write commits between its invocation and its completion), and replicas holding
 * a prefix of the commit order, the sync one every acknowledged write.
 */
const correctRun = fc
  .record({
    clients: fc.integer({ min: 1, max: 4 }),
    events: fc.array(fc.nat({ max: 0xffff }), { minLength: 4, maxLength: 60 }),
    cut: fc.nat({ max: 0xffff }),
  })
  .map(({ clients, events, cut }) => {
    const ops: HistoryOp[] = [];
    const pending: ({ v: number; committed: boolean } | null)[] = Array.from({ length: clients }, () => null);
    const commitOrder: number[] = [];
    const acked = new Set<number>();
    let next = 1;
    for (const e of events) {
      const c = e % clients;
      const p = pending[c];
      const choice = (e >> 4) % 4;
      if (!p) {
        ops.push(w(c, 'invoke', next));
        pending[c] = { v: next++, committed: false };
      } else if (!p.committed && choice < 3) {
        p.committed = true;
        commitOrder.push(p.v);
      } else if (p.committed) {
        ops.push(w(c, choice === 3 ? 'info' : 'ok', p.v));
        if (choice !== 3) acked.add(p.v);
        pending[c] = null;
      }
    }
    // The async replica: a prefix of the commit order; the sync one: at least up to the last acknowledged.
    const lastAcked = Math.max(-1, ...commitOrder.map((v, i) => (acked.has(v) ? i : -1)));
    const asyncCut = cut % (commitOrder.length + 1);
    const syncCut = lastAcked + 1 + (cut % (commitOrder.length - lastAcked));
    return { ops, commitOrder, acked, asyncCut, syncCut };
  });

describe('generated histories of a replicated log', () => {
  it('a correct log: every history is valid', () => {
    fc.assert(
      fc.property(correctRun, ({ ops, commitOrder, asyncCut, syncCut }) => {
        const r = checkHistory(h([...ops, ...read('sync', commitOrder.slice(0, syncCut)), ...read('async', commitOrder.slice(0, asyncCut))]), spec);
        expect(r.violations).toEqual([]);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('a sync replica that drops an acknowledged write is caught (O-1), and a hole in the async prefix before a write issued after it (I1)', () => {
    fc.assert(
      fc.property(correctRun, fc.nat(), ({ ops, commitOrder, acked, syncCut }, pick) => {
        const ackedIn = commitOrder.slice(0, syncCut).filter((v) => acked.has(v));
        fc.pre(ackedIn.length > 0);
        const drop = ackedIn[pick % ackedIn.length];
        const r = checkHistory(h([...ops, ...read('sync', commitOrder.slice(0, syncCut).filter((v) => v !== drop))]), spec);
        expect(r.violations.some((v) => v.kind === 'lost' && v.property === 'O-1')).toBe(true);
        // A later write invoked after `drop` was acknowledged, kept while `drop` is missing: no prefix.
        const ackAt = ops.findIndex((o) => o.type === 'ok' && o.value === drop);
        const later = ops.findIndex((o, i) => i > ackAt && o.type === 'invoke');
        if (later >= 0 && commitOrder.includes(ops[later].value as number)) {
          const img = [...commitOrder.filter((v) => v !== drop)];
          const o = checkHistory(h([...ops, ...read('async', img)]), spec);
          expect(o.violations.some((v) => v.kind === 'order')).toBe(true);
        }
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});

describe('histories recorded from the multi-site-mirror model', () => {
  it('the reference design: every history valid on every configuration, with reads of every role and allowed losses reached', () => {
    const rows = referenceHistories(mirror, 100);
    expect(rows.filter((r) => r.invalid > 0).map((r) => `${r.config}: ${r.sentence}`)).toEqual([]);
    const roles = new Set(rows.flatMap((r) => Object.keys(r.roles)));
    expect([...roles].sort()).toEqual(Object.keys(spec.roles).sort());
    expect(rows.reduce((n, r) => n + r.allowedLoss, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('each variant whose counterexample breaks a property a history can see records an invalid history naming it; the declared blind ones pass', () => {
    const rows = variantHistories(mirror);
    const caught = rows.filter((r) => r.invalid > 0).map((r) => `${r.variant}: ${r.caughtAs!.join(',')}`);
    expect(caught.sort()).toEqual(['any-coalesce: I1', 'async-only: O-1', 'no-backup: I1', 'no-fence: O-1', 'no-write-protect: O-1', 'usp6209002: O-1']);
    for (const r of rows) if (r.broke && !r.blind) expect(r.caughtAs).toContain(r.broke);
    expect(rows.filter((r) => r.blind).map((r) => [r.variant, r.invalid])).toEqual([['unserialized', 0]]);
  }, 120_000);
});

describe('rcv history', () => {
  const file = (name: string, data: unknown): string => {
    const p = `${tmp}/${name}.json`;
    writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
    return p;
  };
  const run = runCli;

  it('exit 0 on a valid history, exit 1 naming the violating operations on an invalid one', () => {
    const ok = run(['history', 'multi-site-mirror', file('ok', { format: HISTORY_FORMAT, system: 'multi-site-mirror', ops: [w(0, 'invoke', 1), w(0, 'ok', 1), ...read('sync', [1])] })]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/verdict: VALID/);
    const bad = run(['history', 'multi-site-mirror', file('bad', { format: HISTORY_FORMAT, system: 'multi-site-mirror', ops: [w(0, 'invoke', 1), w(0, 'ok', 1), ...read('sync', [])] })]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/O-1 \(lost\): write 1 \(r1, process 0\) acknowledged at op 1: the sync replica read at op 2 does not hold it\./);
  });

  const good = (ops: Json[]): unknown => ({ format: HISTORY_FORMAT, system: 'multi-site-mirror', ops });
  it.each([
    ['not JSON', '{', /is not JSON/],
    ['no format', { system: 'multi-site-mirror', ops: [] }, /format must be "rcv-history\/1"/],
    ['other system', { format: HISTORY_FORMAT, system: 'ordered-delivery', ops: [] }, /recorded for system "ordered-delivery"/],
    ['ops not an array', { format: HISTORY_FORMAT, system: 'multi-site-mirror', ops: {} }, /"ops" must be an array/],
    ['bad type', good([{ process: 0, type: 'done', f: 'write', key: 'r1', value: 1 }]), /op 0: "type" must be invoke, ok, fail or info/],
    ['completion without invoke', good([{ process: 0, type: 'ok', f: 'write', key: 'r1', value: 1 }]), /op 0: ok of write with no open invocation on process 0/],
    ['two open ops', good([{ process: 0, type: 'invoke', f: 'write', key: 'r1', value: 1 }, { process: 0, type: 'invoke', f: 'write', key: 'r2', value: 2 }]), /op 1: process 0 invokes write while its write is still open/],
    ['duplicate value', good([{ process: 0, type: 'invoke', f: 'write', key: 'r1', value: 1 }, { process: 1, type: 'invoke', f: 'write', key: 'r1', value: 1 }]), /value 1 is written twice/],
    ['completion mismatch', good([{ process: 0, type: 'invoke', f: 'write', key: 'r1', value: 1 }, { process: 0, type: 'ok', f: 'write', key: 'r1', value: 2 }]), /completion names r1=2 but process 0 invoked r1=1/],
    ['unknown replica', good([{ process: 'c', type: 'invoke', f: 'read', replica: 'tape' }]), /a read needs "replica", one of sync, primary, async-lossless, async/],
    ['time backwards', good([{ process: 0, type: 'invoke', f: 'write', key: 'r1', value: 1, time: 5 }, { process: 0, type: 'ok', f: 'write', key: 'r1', value: 1, time: 4 }]), /time 4 goes back from 5/],
    ['unknown field', good([{ process: 0, type: 'invoke', f: 'write', key: 'r1', value: 1, colour: 'red' }]), /unknown field "colour"/],
    ['read value not an object', good([{ process: 'c', type: 'invoke', f: 'read', replica: 'sync' }, { process: 'c', type: 'ok', f: 'read', replica: 'sync', value: [1] }]), /a completed read's "value" must be an object/],
  ])('malformed (%s): one line on stderr, exit 2', (name, data, message) => {
    const r = run(['history', 'multi-site-mirror', file(name.replace(/\W+/g, '-'), data)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it('a system without replica roles, a missing file, wrong arity: exit 2', () => {
    expect(run(['history', 'split-backup', 'x.json']).err).toMatch(/split-backup has no replica roles/);
    expect(run(['history', 'multi-site-mirror', `${tmp}/none.json`]).err).toMatch(/cannot read .*none\.json: ENOENT/);
    expect(run(['history', 'multi-site-mirror']).code).toBe(2);
  });

  it('validateHistory throws InputError, never another error, on fuzzed JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        try {
          validateHistory({ format: HISTORY_FORMAT, system: 'multi-site-mirror', ops: [data] }, spec, 'multi-site-mirror');
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
