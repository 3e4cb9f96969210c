import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores: forks keep each file's servers and env isolated; more workers only thrash.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
