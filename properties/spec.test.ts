// Structure, counted apart from the checks: every property and variant is in its spec with its seed
// reference, every property is an outcome or a mechanism property, and every cited paragraph exists
// in the seed. The seeds live outside the repository (../shared/seeds); the paragraph index
// spec/seed-paragraphs.json is committed so a clone checks citations without them, and is compared
// with the seeds whenever they are there.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systems } from '../src/systems/index.js';
import { seedParagraphs, specSuite } from './support/system-suite.js';

const index: Record<string, number[]> = JSON.parse(readFileSync('spec/seed-paragraphs.json', 'utf8'));
const SEEDS = '../shared/seeds';

for (const system of systems) {
  const file = system.seed.split(' ')[0];
  specSuite(system, new Set(index[file] ?? []));
}

describe('seed paragraph index', () => {
  it('names the seed file of every system', () => {
    for (const s of systems) expect(Object.keys(index)).toContain(s.seed.split(' ')[0]);
  });

  it.runIf(existsSync(SEEDS))('matches the seeds in ../shared/seeds', () => {
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
      const found = [...seedParagraphs(readFileSync(`${SEEDS}/${file}`, 'utf8'))].sort((a, b) => a - b);
      expect({ file, paragraphs: index[file] }).toEqual({ file, paragraphs: found });
    }
  });
});
