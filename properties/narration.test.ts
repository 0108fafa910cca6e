// Every action a model takes has a lane on the sequence diagram: walked along the witness traces of
// every small configuration and the counterexample corpus, no step falls back to the anonymous
// "system" lane, every message names lanes, and a delivery follows a send of the same message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Action, Json } from '../src/engine/contract.js';
import { loadCorpus } from '../src/engine/corpus.js';
import { CORPUS_DIR, PROJECT_ROOT } from '../src/engine/run.js';
import type { WitnessTraceFile } from '../src/engine/witness-trace.js';
import { systems } from '../src/systems/index.js';

for (const system of systems) {
  describe(`narration of ${system.name}`, () => {
    it('every step of every witness trace has a named lane and well-formed messages', () => {
      const file = JSON.parse(readFileSync(`${PROJECT_ROOT}properties/mutation/witness-traces/${system.name}.json`, 'utf8')) as WitnessTraceFile;
      const seen = new Set<string>();
      for (const t of file.traces) {
        const model = system.build(t.config);
        expect(model.describe, `${system.name} ${t.config} has no describe`).toBeDefined();
        let cur = new Int32Array(model.init()[t.init]);
        let nxt = new Int32Array(model.stateSize);
        for (const a of t.actions as Action[]) {
          const code = model.actionFromJson(a)!;
          model.next(cur, code, nxt);
          const d = model.describe!(a, model.view(cur), model.view(nxt) as Record<string, Json>);
          expect({ type: a.type, actor: d.actor }).not.toEqual({ type: a.type, actor: 'system' });
          for (const m of d.messages) expect(m.from !== '' && m.to !== '' && m.label !== '').toBe(true);
          seen.add(a.type);
          [cur, nxt] = [nxt, cur];
        }
      }
      expect(seen.size).toBeGreaterThan(3);
    });

    it('every step of the corpus has a named lane, and every delivery follows its send', () => {
      for (const [name, t] of loadCorpus(CORPUS_DIR, system.name)) {
        const sent = new Set<string>();
        for (const s of t.steps) {
          expect({ name, type: s.action.type, actor: s.actor }).not.toEqual({ name, type: s.action.type, actor: 'system' });
          expect(t.lanes).toContain(s.actor);
          for (const m of s.messages) {
            if (m.kind === 'send' || m.kind === 'duplicate') sent.add(m.id);
            // A message sent before the trace began (none: traces start from an initial state) would break this.
            if (m.kind === 'deliver' || m.kind === 'drop') expect({ name, step: s.index, id: m.id, sent: sent.has(m.id) || m.kind === 'drop' }).toMatchObject({ sent: true });
          }
        }
      }
    });
  });
}
