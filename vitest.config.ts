import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Prints the fault matrix's summary line after the run (test/matrix/tally.ts).
    globalSetup: ['test/matrix/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Loopback servers and spawned processes: keep the two cores from thrashing.
    maxWorkers: 2,
  },
});
