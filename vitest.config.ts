import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Loopback servers and spawned processes: keep the two cores from thrashing.
    maxWorkers: 2,
  },
});
