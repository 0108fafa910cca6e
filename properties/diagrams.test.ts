// Counterexample diagrams from the trace alone: sends paired with deliveries, reorderings, losses and
// duplicates told apart; the SVG has a row per step with the violating one highlighted; the Mermaid
// text declares every lane it uses and marks the violation.
import { describe, expect, it } from 'vitest';
import type { TraceMessage } from '../src/engine/contract.js';
import { drawnMessages, mermaidSequence, sequenceSvg } from '../src/engine/diagrams.js';
import { firstRegression, lossSentence, orderSentence } from '../src/engine/explain.js';
import type { Trace, TraceStep } from '../src/engine/trace.js';

const msg = (kind: TraceMessage['kind'], id: string, from = 'L0', to = 'R0'): TraceMessage => ({ id, from, to, kind, label: id });
const step = (index: number, actor: string, messages: TraceMessage[], extra: Partial<TraceStep> = {}): TraceStep => ({
  index,
  action: { type: `a${index}` },
  actor,
  fault: false,
  messages,
  changes: [],
  violated: [],
  ...extra,
});

const trace: Trace = {
  format: 'rcv-trace/2',
  system: 'demo',
  variant: 'naive',
  config: 'small',
  configHash: '0',
  explorer: { mode: 'exhaustive', checked: 'all' },
  lanes: ['host', 'L0', 'network', 'R0'],
  init: 0,
  initial: {},
  steps: [
    step(1, 'host', [msg('transfer', 'w0', 'host', 'L0')]),
    step(2, 'L0', [msg('send', 'p0')]),
    step(3, 'L0', [msg('send', 'p1')]),
    step(4, 'R0', [msg('deliver', 'p1')]), // overtakes p0
    step(5, 'network', [msg('duplicate', 'p1')]),
    step(6, 'network', [msg('drop', 'p0')]),
    step(7, 'L0', [], { fault: true }),
    step(8, 'R0', [msg('deliver', 'p1')], { violated: ['I-6'] }),
  ],
  violated: { id: 'I-6', kind: 'always', statement: 's', ref: 'r', step: 8 },
  reproduce: 'npx rcv check demo',
};

describe('sequence diagrams', () => {
  it('pairs sends with deliveries and tells reorderings, losses and duplicates apart', () => {
    const d = drawnMessages(trace);
    expect(d.map((m) => [m.id, m.sent, m.ended, m.kind, m.duplicate])).toEqual([
      ['w0', 1, 1, 'transfer', false],
      ['p0', 2, 6, 'dropped', false],
      ['p1', 3, 4, 'reordered', false],
      ['p1', 5, 8, 'delivered', true],
    ]);
  });

  it('draws one row per step, the fault on its lane and the violating step highlighted', () => {
    const svg = sequenceSvg(trace);
    expect(svg.match(/<g class="step/g)).toHaveLength(8);
    expect(svg.match(/class="step violated-step/g)).toHaveLength(1);
    expect(svg).toContain('class="step fault" data-step="7"');
    expect(svg).toContain('class="msg reordered"');
    expect(svg).toContain('class="msg dropped"');
    expect(svg).toContain('class="msg delivered duplicate"');
    expect(svg.match(/<rect class="violating-row" x="0" y="(\d+)"/)![1]).toBe(String(44 + 7 * 34));
  });

  it('a violation in the fault-free completion gets its own highlighted row', () => {
    const svg = sequenceSvg({ ...trace, violated: { ...trace.violated, kind: 'eventually', step: 9 } });
    expect(svg).toContain('class="step completion violated-step" data-step="9"');
  });

  it('gives Mermaid text that declares every lane it uses and marks the violation', () => {
    const m = mermaidSequence(trace);
    const lines = m.split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    const declared = new Set(lines.filter((l) => l.startsWith('  participant ')).map((l) => l.split(' ')[3]));
    const used = [...m.matchAll(/\b(L[A-Za-z0-9_]+)(?=(->>|--\)|-x|: ))/g)].map((x) => x[1]);
    for (const u of used) expect(declared).toContain(u);
    expect(m).toContain('Lhost->>LL0: w0');
    expect(m).toContain('LL0--)LR0: p0 (sent)');
    expect(m).toContain('LL0-xLR0: p0 (lost)');
    expect(m).toContain('Note over LL0: FAULT 7. a7');
    expect(m).toMatch(/rect rgb\(253, 226, 226\)\n {2}Note over LR0: 8\. a8\n(.*\n)* {2}Note over LR0: VIOLATED I-6\n {2}end/);
  });
});

describe('one-sentence explanations', () => {
  const writes = [
    { write: 'w0', address: 'a0', issued: 1, acked: 2 },
    { write: 'w1', address: 'a1', issued: 3, acked: 4 },
    { write: 'w2', address: 'a0', issued: 5 },
  ];
  it('names the first acknowledged write the surviving image lacks, and the event before it', () => {
    const img = { holder: 'the secondary S', cells: { a0: 'w0', a1: null }, step: 9 };
    expect(lossSentence(writes, img, { what: 'the primary P was lost', step: 6 })).toBe(
      'w1 (to a1) was acknowledged at step 4; the primary P was lost at step 6; after step 9 the secondary S holds a0=w0, a1=empty and not w1.',
    );
    // A later write to the same address covers an earlier one; an unacknowledged write may be lost.
    expect(lossSentence(writes, { ...img, cells: { a0: 'w2', a1: 'w1' } })).toBeUndefined();
    expect(lossSentence(writes, { ...img, cells: { a0: 'w0', a1: 'w1' } })).toBeUndefined();
  });

  it('names a pair of writes out of order, Elle style', () => {
    const img = { holder: 'the remote disks', cells: { a0: null, a1: 'w1' }, step: 7 };
    expect(orderSentence(writes, img)).toBe(
      'w0 < w1 because w0 was acknowledged at step 2 before w1 was issued at step 3; however, after step 7 the remote disks holds w1 (a1) and not w0 (a0 = empty).',
    );
    expect(orderSentence(writes, { ...img, cells: { a0: 'w0', a1: 'w1' } })).toBeUndefined();
  });

  it('finds the step where an image went back', () => {
    const images = [{ a0: null }, { a0: 'w1' }, { a0: 'w1' }, { a0: 'w0' }] as Record<string, string | null>[];
    expect(firstRegression(3, (i) => images[i], 'R0')).toBe('R0 held w1 at a0 and went back to w0 at step 3, though w1 was written after w0.');
    expect(firstRegression(2, (i) => images[i], 'R0')).toBeUndefined();
  });
});
