// Counterexample diagrams from the trace alone: sends paired with deliveries, reorderings, losses and
// duplicates told apart; the SVG has a row per step with the violating one highlighted; the Mermaid
// text declares every lane it uses and marks the violation.
import { describe, expect, it } from 'vitest';
import type { TraceMessage } from '../src/engine/contract.js';
import { drawnMessages, mermaidSequence, sequenceSvg } from '../src/engine/diagrams.js';
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
