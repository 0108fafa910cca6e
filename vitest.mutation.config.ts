import { defineConfig } from 'vitest/config';

// The suite `npm run mutation` runs against each mutant: fast checks that still cover every system.
export default defineConfig({
  test: {
    include: ['properties/mutation/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // Stryker activates a mutant at run time (mutant switching), so no test needs fresh modules:
    // without isolation each mutant's run skips re-importing the systems.
    isolate: false,
  },
});
